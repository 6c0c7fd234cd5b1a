//! A self-contained HTML page per document: the text with every span
//! highlighted in its category's colour (fields in the `title` tooltip),
//! then one table per category. No scripts, no fonts, no network.
//!
//! Spans nest and overlap (a place inside a title inside a directive), so
//! the text is cut at every span boundary and each piece is one `<span>`
//! naming all the items that cover it (`data-items`): the markup stays
//! well-formed and every item's text is the concatenation of its pieces.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::items::{char_starts, items, Item, CATEGORIES};
use super::Sink;
use crate::record::Outcome;

/// Escapes text for HTML content and double-quoted attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than tab and newlines are not allowed in HTML.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "
body{font:16px/1.6 system-ui,'Segoe UI',Roboto,'Noto Sans',sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header,main{max-width:60rem;margin:0 auto;padding:0 1.5rem}
header{padding-top:1.2rem}
h1{font-size:1.25rem;margin:.2rem 0;word-break:break-all}
h2{font-size:1.05rem;margin:2rem 0 .5rem}
.meta{color:#666;font-size:.9rem}
.legend span{display:inline-block;margin:.3rem .4rem .3rem 0;padding:.05rem .5rem;border-radius:.3rem;font-size:.85rem}
article{white-space:pre-wrap;background:#fff;border:1px solid #ddd;border-radius:.4rem;padding:1rem 1.3rem;margin-top:.8rem}
.hl{border-radius:.2rem;cursor:help}
.c-figures{background:#ffe08a}.c-dates{background:#b3dcff}.c-people{background:#ffc2d4}
.c-titles{background:#ddd0ff}.c-places{background:#bfeebb}
.in-directives{text-decoration:underline 2px #d9480f;text-underline-offset:.25em}
.legend .c-directives{background:#fff;border:1px solid #d9480f;color:#d9480f}
table{border-collapse:collapse;width:100%;font-size:.85rem;background:#fff}
th,td{border:1px solid #ddd;padding:.25rem .45rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}
.error{color:#b00020}
";

/// Display name of each category.
fn label(category: &str) -> &'static str {
    match category {
        "figures" => "Figures",
        "dates" => "Dates",
        "people" => "People",
        "titles" => "Titles",
        "places" => "Places",
        "directives" => "Directives",
        _ => "Items",
    }
}

fn tooltip(item: &Item) -> String {
    let mut s = format!("{}: {}", label(item.category), item.text);
    for (name, value) in &item.fields {
        let _ = write!(s, "\n  {name}: {value}");
    }
    s
}

/// The page for one document.
pub fn render_page(source: &str, text: &str, document: &vnextract::Document) -> String {
    let all = items(document, text);
    let starts = char_starts(text);
    let n_chars = starts.len() - 1;
    let mut page = String::with_capacity(text.len() * 3 + 4096);
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"vnextract {}\">\n<title>{} — vnextract</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n\
         <div class=\"meta\">{} characters · hover a highlighted span for its fields</div>\n<div class=\"legend\">",
        env!("CARGO_PKG_VERSION"),
        escape(source),
        escape(source),
        document.text_length,
    );
    for category in CATEGORIES {
        let mut indices: Vec<usize> = all
            .iter()
            .filter(|i| i.category == category)
            .map(|i| i.index)
            .collect();
        indices.dedup(); // people: one per person, not per mention
        let count = indices.len();
        let _ = write!(
            page,
            "<span class=\"c-{category}\">{} {count}</span>",
            label(category)
        );
    }
    page.push_str("</div>\n</header>\n<main>\n<article>");

    // Cut the text at every boundary; each piece lists the items covering it.
    let mut cuts: Vec<usize> = vec![0, n_chars];
    for item in &all {
        if item.start < item.end && item.end <= n_chars {
            cuts.push(item.start);
            cuts.push(item.end);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let piece = &text[starts[a]..starts[b]];
        let mut covering: Vec<&Item> = all
            .iter()
            .filter(|i| i.start <= a && b <= i.end && i.start < i.end && i.end <= n_chars)
            .collect();
        if covering.is_empty() {
            page.push_str(&escape(piece));
            continue;
        }
        // Innermost first; a directive only colours what nothing else covers.
        covering.sort_by_key(|i| (i.category == "directives", i.end - i.start));
        let mut classes = format!("hl c-{}", covering[0].category);
        for category in CATEGORIES {
            if covering.iter().any(|i| i.category == category) {
                let _ = write!(classes, " in-{category}");
            }
        }
        let ids: Vec<String> = covering.iter().map(|i| i.id()).collect();
        let tip: Vec<String> = covering.iter().map(|i| tooltip(i)).collect();
        let _ = write!(
            page,
            "<span class=\"{classes}\" data-items=\"{}\" title=\"{}\">{}</span>",
            ids.join(" "),
            escape(&tip.join("\n\n")),
            escape(piece)
        );
    }
    page.push_str("</article>\n");

    for category in CATEGORIES {
        let these: Vec<&Item> = all.iter().filter(|i| i.category == category).collect();
        if these.is_empty() {
            continue;
        }
        let mut names: Vec<&str> = Vec::new();
        for item in &these {
            for (name, _) in &item.fields {
                if !names.contains(&name.as_str()) {
                    names.push(name);
                }
            }
        }
        let _ = write!(
            page,
            "<h2 id=\"{category}\">{} ({})</h2>\n<table class=\"t-{category}\">\n<thead><tr><th>start</th><th>end</th><th>text</th>",
            label(category),
            these.len()
        );
        for name in &names {
            let _ = write!(page, "<th>{}</th>", escape(name));
        }
        page.push_str("</tr></thead>\n<tbody>\n");
        for item in these {
            let _ = write!(
                page,
                "<tr data-item=\"{}\"><td>{}</td><td>{}</td><td class=\"c-{category}\">{}</td>",
                item.id(),
                item.start,
                item.end,
                escape(&item.text)
            );
            for name in &names {
                let _ = write!(page, "<td>{}</td>", escape(item.field(name)));
            }
            page.push_str("</tr>\n");
        }
        page.push_str("</tbody>\n</table>\n");
    }
    page.push_str("</main>\n</body>\n</html>\n");
    page
}

/// The page for a record that failed.
pub fn render_error_page(source: &str, error: &crate::record::RecordError) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<title>{} — vnextract</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n\
         <p class=\"error\">{}: {}</p>\n<p class=\"meta\">{}</p>\n</header>\n</body>\n</html>\n",
        escape(source),
        escape(source),
        escape(error.kind),
        escape(&error.message),
        escape(&error.location.to_string()),
    )
}

/// Writes one page to a stream (one document), or one file per document
/// into a folder with an `index.html` linking them.
pub struct HtmlSink<W: Write> {
    out: W,
    folder: Option<PathBuf>,
    index: Vec<(String, String, bool)>,
}

impl<W: Write> HtmlSink<W> {
    /// Pages go to `out`, or into `folder` when given.
    pub fn new(out: W, folder: Option<&Path>) -> io::Result<Self> {
        if let Some(folder) = folder {
            std::fs::create_dir_all(folder)?;
        }
        Ok(HtmlSink {
            out,
            folder: folder.map(Path::to_path_buf),
            index: Vec::new(),
        })
    }
}

/// A file name for the `n`th document: its number, then its source made safe.
fn file_name(n: usize, source: &str) -> String {
    let stem = Path::new(source)
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| source.to_owned());
    let safe: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    format!("{:05}-{safe}.html", n + 1)
}

impl<W: Write> Sink for HtmlSink<W> {
    fn write(&mut self, outcome: &Outcome) -> io::Result<()> {
        let page = match &outcome.result {
            Ok(e) => render_page(&outcome.source, &e.text, &e.document),
            Err(error) => render_error_page(&outcome.source, error),
        };
        match &self.folder {
            None => self.out.write_all(page.as_bytes()),
            Some(folder) => {
                let name = file_name(self.index.len(), &outcome.source);
                std::fs::write(folder.join(&name), page)?;
                self.index
                    .push((name, outcome.source.clone(), outcome.result.is_ok()));
                Ok(())
            }
        }
    }

    fn finish(&mut self) -> io::Result<()> {
        if let Some(folder) = &self.folder {
            let mut page = format!(
                "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<title>vnextract</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{} documents</h1>\n<ul>\n",
                self.index.len()
            );
            for (name, source, ok) in &self.index {
                let mark = if *ok {
                    ""
                } else {
                    " <span class=\"error\">(error)</span>"
                };
                let _ = writeln!(
                    page,
                    "<li><a href=\"{}\">{}</a>{mark}</li>",
                    escape(name),
                    escape(source)
                );
            }
            page.push_str("</ul>\n</main>\n</body>\n</html>\n");
            std::fs::write(folder.join("index.html"), page)?;
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vnextract::document::{DateMention, Place};

    #[test]
    fn overlapping_spans_stay_well_formed_and_complete() {
        let text = "Ngày 7/9 tại xã Nông Thượng <b>";
        let doc = vnextract::Document {
            text_length: text.chars().count(),
            dates: vec![DateMention {
                text: "Ngày 7/9 tại xã".into(),
                start: 0,
                end: 15,
                ..Default::default()
            }],
            places: vec![Place {
                text: "xã Nông Thượng".into(),
                start: 13,
                end: 27,
                kind: "xã".into(),
                name: "Nông Thượng".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let page = render_page("a<b>.txt", text, &doc);
        let parsed = scraper::Html::parse_document(&page);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert!(page.contains("&lt;b&gt;"));
        let pieces = scraper::Selector::parse("article span").unwrap();
        for (id, want) in [("dates-0", "Ngày 7/9 tại xã"), ("places-0", "xã Nông Thượng")] {
            let got: String = parsed
                .select(&pieces)
                .filter(|s| s.attr("data-items").unwrap().split(' ').any(|i| i == id))
                .flat_map(|s| s.text())
                .collect();
            assert_eq!(got, want);
        }
    }

    #[test]
    fn file_names_are_safe_and_numbered() {
        assert_eq!(file_name(0, "a/b/Bắc Kạn?.txt"), "00001-Bắc_Kạn_.txt.html");
    }
}
