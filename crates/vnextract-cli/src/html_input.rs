//! The visible article text of an HTML page (input reading, so it lives in
//! the CLI): parsed with `scraper` (html5ever, the browsers' algorithm),
//! scripts, styles and other invisible elements dropped, block elements
//! (`<p>`, `<br>`, `<div>`, `<li>`, headings, ...) turned into paragraph
//! breaks, whitespace collapsed as a browser does, entities decoded by the
//! parser.

use std::sync::LazyLock;

use ego_tree::NodeRef;
use scraper::{Html, Node, Selector};

/// Elements whose content is never shown as text.
const INVISIBLE: &[&str] = &[
    "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas", "select",
    "button",
];

/// Elements that start and end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "br",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "caption",
    "blockquote",
    "pre",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "nav",
    "figure",
    "figcaption",
    "address",
    "hr",
    "form",
    "fieldset",
    "details",
    "summary",
];

/// Table cells: separated by a space within their row.
const CELLS: &[&str] = &["td", "th"];

static ARTICLE: LazyLock<Selector> = LazyLock::new(|| Selector::parse("article").expect("valid selector"));
static MAIN: LazyLock<Selector> = LazyLock::new(|| Selector::parse("main").expect("valid selector"));
static BODY: LazyLock<Selector> = LazyLock::new(|| Selector::parse("body").expect("valid selector"));

/// The visible text of `html`, paragraphs separated by a blank line.
///
/// When the page has exactly one `<article>` (or else exactly one `<main>`),
/// only that element is read, which leaves out menus and footers on most
/// news sites; otherwise the whole `<body>`.
pub fn visible_text(html: &str) -> String {
    let page = Html::parse_document(html);
    let root = [&*ARTICLE, &*MAIN]
        .into_iter()
        .find_map(|selector| {
            let mut found = page.select(selector);
            let first = found.next()?;
            found.next().is_none().then_some(first)
        })
        .or_else(|| page.select(&BODY).next());
    let mut text = TextBuilder::default();
    match root {
        Some(element) => collect(*element, &mut text),
        None => collect(page.tree.root(), &mut text),
    }
    text.out
}

fn collect(node: NodeRef<'_, Node>, text: &mut TextBuilder) {
    match node.value() {
        Node::Text(t) => text.push_text(t),
        Node::Element(element) => {
            let name = element.name();
            if INVISIBLE.contains(&name) || element.attr("hidden").is_some() {
                return;
            }
            let block = BLOCKS.contains(&name);
            let cell = CELLS.contains(&name);
            if block {
                text.paragraph_break();
            } else if cell {
                text.space();
            }
            for child in node.children() {
                collect(child, text);
            }
            if block {
                text.paragraph_break();
            } else if cell {
                text.space();
            }
        }
        Node::Document | Node::Fragment => {
            for child in node.children() {
                collect(child, text);
            }
        }
        _ => {}
    }
}

/// Accumulates text with browser-like whitespace: runs of spaces become
/// one, and pending breaks are only written before the next visible
/// character, so empty blocks leave no empty paragraphs.
#[derive(Default)]
struct TextBuilder {
    out: String,
    pending_space: bool,
    pending_break: bool,
}

impl TextBuilder {
    fn push_text(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_whitespace() {
                self.pending_space = true;
                continue;
            }
            if self.pending_break {
                if !self.out.is_empty() {
                    self.out.push_str("\n\n");
                }
                self.pending_break = false;
                self.pending_space = false;
            } else if self.pending_space {
                if !self.out.is_empty() {
                    self.out.push(' ');
                }
                self.pending_space = false;
            }
            self.out.push(c);
        }
    }

    fn paragraph_break(&mut self) {
        self.pending_break = true;
    }

    fn space(&mut self) {
        self.pending_space = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_paragraphs_and_scripts_vanish() {
        let html = "<html><head><title>T</title><style>p{}</style></head><body>\
            <h1>Tiêu đề</h1><script>var x = 1;</script>\
            <p>Thu  ngân sách\n đạt <b>120</b> tỷ&nbsp;đồng &amp; hơn.</p>\
            <div>Dòng một<br>Dòng hai</div><ul><li>Một</li><li>Hai</li></ul></body></html>";
        assert_eq!(
            visible_text(html),
            "Tiêu đề\n\nThu ngân sách đạt 120 tỷ đồng & hơn.\n\nDòng một\n\nDòng hai\n\nMột\n\nHai"
        );
    }

    #[test]
    fn a_single_article_is_preferred_to_the_page() {
        let html =
            "<body><nav>Trang chủ</nav><article><p>Nội dung</p></article><footer>Bản quyền</footer></body>";
        assert_eq!(visible_text(html), "Nội dung");
    }

    #[test]
    fn hidden_elements_and_entities() {
        let html = "<p hidden>ẩn</p><p>Hoà &lt;b&gt; &#272;à</p>";
        assert_eq!(visible_text(html), "Hoà <b> Đà");
    }

    #[test]
    fn no_markup_at_all() {
        assert_eq!(visible_text("chỉ là chữ"), "chỉ là chữ");
        assert_eq!(visible_text(""), "");
    }
}
