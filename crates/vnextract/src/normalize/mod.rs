//! Normalization with an exact offset map back to the input.
//!
//! [`normalize`] makes the text every extractor reads:
//!
//! - Unicode NFC (decomposed marks composed, in whatever order they were
//!   typed; a mark repeated on one letter, such as `ị` + U+0323, dropped; a
//!   tone mark typed after the space that follows its word, `Bô ̣Tài`, moved
//!   onto that word: `Bộ Tài`); `Ð`/`ð` typed for `Đ`/`đ` fixed;
//! - dashes and the minus sign as `-`; curly quotes straight; NBSP, the other
//!   Unicode spaces and tabs as a space; zero-width characters, the BOM and
//!   soft hyphens removed;
//! - runs of spaces collapsed to one, lines trimmed; CRLF, CR and the Unicode
//!   line separators as `\n` (lines are paragraphs; empty lines are kept);
//! - literal HTML residue: known tags removed (block tags such as `<br>` and
//!   `<p>` become a line break), character references (`&amp;`, `&nbsp;`,
//!   `&#7843;`) decoded, but not abbreviations before a semicolon (`TN&MT;`);
//! - misplaced tone marks moved to the vowel the orthography puts them on
//!   (`baỏ` → `bảo`, `lựơng` → `lượng`), using the syllable structure (onset,
//!   glide, nucleus, coda); well-formed and non-Vietnamese words are left
//!   alone; and, with [`TonePlacement::Modern`] or
//!   [`TonePlacement::Traditional`], the `oa`/`oe`/`uy` placement unified.
//!
//! Normalizing twice changes nothing, in every tone mode.
//!
//! The [`Normalized`] result maps any byte span of its text back to the exact
//! bytes of the input ([`Normalized::to_original`]): the map is the sorted
//! list of edited regions (binary search, then an offset), and text that
//! needed no edit has an empty map.
//!
//! Speed: one pass over the bytes skips ASCII, single spaces and
//! precomposed letters with table look-ups, whole words whose tone is
//! where it belongs, and (through a per-thread cache of short tokens found
//! clean) most words in one look-up each; only a word that needs work (a
//! mark to compose, a misplaced tone) is rebuilt.
//! Markup that decodes into more work (`&amp;lt;`) gets another pass, with
//! its own map layer.
//!
//! ```
//! use vnextract::{normalize, NormalizeOptions, TonePlacement};
//! let input = "Ðảm baỏ  chất lựơng\u{a0}– hoá học";
//! let n = normalize(input, &NormalizeOptions { tone: TonePlacement::Modern });
//! assert_eq!(n.text(), "Đảm bảo chất lượng - hóa học");
//! let start = n.text().find("bảo").unwrap();
//! assert_eq!(&input[n.to_original(start..start + "bảo".len())], "baỏ");
//! ```

use std::ops::Range;

mod key;
mod map;
mod scan;
mod tables;
mod tone;

pub use key::{matching_key, matching_key_into};
use map::OffsetMap;

/// The syllable endings whose tone mark sits differently in the traditional
/// and modern placements, as (traditional, modern) pairs: `hoà`/`hòa`,
/// `thuỷ`/`thủy`. Lexicon lookups use them to spell a name both ways.
///
/// ```
/// let pairs = vnextract::normalize::TONE_PLACEMENT_PAIRS;
/// assert!(pairs.contains(&("oà", "òa")));
/// ```
pub const TONE_PLACEMENT_PAIRS: [(&str, &str); 15] = [
    ("oà", "òa"),
    ("oá", "óa"),
    ("oả", "ỏa"),
    ("oã", "õa"),
    ("oạ", "ọa"),
    ("oè", "òe"),
    ("oé", "óe"),
    ("oẻ", "ỏe"),
    ("oẽ", "õe"),
    ("oẹ", "ọe"),
    ("uỳ", "ùy"),
    ("uý", "úy"),
    ("uỷ", "ủy"),
    ("uỹ", "ũy"),
    ("uỵ", "ụy"),
];

/// Where tone marks go on `oa`, `oe`, `uy` syllables without a final
/// consonant (with one, the mark is on the second vowel in every style:
/// `hoàng`, `thuyền`). Misplaced marks are repaired in every mode.
///
/// ```
/// use vnextract::{normalize, NormalizeOptions, TonePlacement};
/// let text = |tone| normalize("Thanh Hoá, thủy lợi", &NormalizeOptions { tone }).text().to_owned();
/// assert_eq!(text(TonePlacement::Keep), "Thanh Hoá, thủy lợi");
/// assert_eq!(text(TonePlacement::Modern), "Thanh Hóa, thủy lợi");
/// assert_eq!(text(TonePlacement::Traditional), "Thanh Hoá, thuỷ lợi");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TonePlacement {
    /// As written, apart from repairs (the default for extraction and for
    /// anything shown to a user).
    #[default]
    Keep,
    /// On the first vowel: `hòa`, `thủy`, `Đảng ủy`, `Thanh Hóa` (what news
    /// and legal texts use).
    Modern,
    /// On the second vowel: `hoà`, `thuỷ`.
    Traditional,
}

/// Options for [`normalize`].
///
/// ```
/// let o = vnextract::NormalizeOptions::default();
/// assert_eq!(o.tone, vnextract::TonePlacement::Keep);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct NormalizeOptions {
    /// Tone placement rule for `oa`/`oe`/`uy`.
    pub tone: TonePlacement,
}

/// Normalized text with a map back to the input.
///
/// ```
/// let n = vnextract::normalize("abc", &Default::default());
/// assert_eq!(n.text(), "abc");
/// assert_eq!(n.to_original(0..3), 0..3);
/// assert!(n.is_identity());
/// ```
#[derive(Clone, Debug, Default)]
pub struct Normalized {
    text: String,
    /// The map of the first pass; no edit when the text is the input.
    first: OffsetMap,
    /// The maps of the later passes that changed something, in order (they
    /// only run after decoding HTML residue: rare, so the first map is kept
    /// out of this list, which then allocates nothing).
    later: Vec<OffsetMap>,
}

impl Normalized {
    /// The normalized text.
    ///
    /// ```
    /// assert_eq!(vnextract::normalize("a\u{a0}\u{a0}b\r\n", &Default::default()).text(), "a b\n");
    /// ```
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Consumes the result, returning the normalized text.
    ///
    /// ```
    /// assert_eq!(vnextract::normalize(" x ", &Default::default()).into_text(), "x");
    /// ```
    pub fn into_text(self) -> String {
        self.text
    }

    /// True when the text needed no edit (it equals the input).
    ///
    /// ```
    /// assert!(vnextract::normalize("Hà Nội", &Default::default()).is_identity());
    /// assert!(!vnextract::normalize("Hà  Nội", &Default::default()).is_identity());
    /// ```
    pub fn is_identity(&self) -> bool {
        // Later passes only look around edits of the first.
        self.first.edits.is_empty()
    }

    /// The bytes the text's buffer holds (more than its length once reused).
    pub(crate) fn text_capacity(&self) -> usize {
        self.text.capacity()
    }

    /// Maps a byte span of the normalized text to the byte span of the input
    /// it came from. A span starting or ending inside an edited region widens
    /// to the region's whole original extent; removed text just outside the
    /// span (a deleted tag or zero-width space) is left out, except at the
    /// two ends of the text: the whole text maps to the whole input. Spans
    /// past the end are clamped; the result is always on char boundaries of
    /// the input.
    ///
    /// ```
    /// let input = "Ðà Nẵng";
    /// let n = vnextract::normalize(input, &Default::default());
    /// assert_eq!(n.text(), "Đà Nẵng");
    /// assert_eq!(&input[n.to_original(0..2)], "Ð"); // "Đ" came from "Ð"
    /// assert_eq!(&input[n.to_original(1..4)], "Ðà"); // widened to whole characters
    /// assert_eq!(n.to_original(0..n.text().len()), 0..input.len());
    /// ```
    pub fn to_original(&self, span: Range<usize>) -> Range<usize> {
        let len = self.text.len();
        let mut start = span.start.min(len);
        let mut end = span.end.min(len).max(start);
        while !self.text.is_char_boundary(start) {
            start -= 1;
        }
        while !self.text.is_char_boundary(end) {
            end += 1;
        }
        if self.is_identity() {
            return start..end;
        }
        let mut span = start..end;
        for layer in self.later.iter().rev() {
            span = layer.map_range(span);
        }
        self.first.map_range(span)
    }

    /// Maps one byte offset of the normalized text to the input, as the
    /// start of a span (see [`Normalized::to_original`]).
    ///
    /// ```
    /// let n = vnextract::normalize("a\u{a0}b", &Default::default());
    /// assert_eq!(n.to_original_offset(2), 3);
    /// ```
    pub fn to_original_offset(&self, offset: usize) -> usize {
        self.to_original(offset..offset).start
    }
}

/// Passes run until one changes nothing; only decoded HTML residue asks for
/// more than one (each level of nested markup, `<i <b>>`, takes one more).
/// Each later pass copies the text once, so their number is bounded to keep
/// the time linear: [`MIN_PASS_LIMIT`] passes, or more for a short text, as
/// long as their copies stay under [`PASS_COPY_BUDGET`] bytes. Only markup
/// nested deeper than that in a long text is left partly decoded.
const MIN_PASS_LIMIT: usize = 64;
/// Bytes that the later passes of one text may copy beyond
/// [`MIN_PASS_LIMIT`] copies (see there).
const PASS_COPY_BUDGET: usize = 16 << 20;

/// Normalizes `input` (see the [module documentation](self) for what changes).
///
/// ```
/// use vnextract::{normalize, NormalizeOptions};
/// let n = normalize("Sở TN&MT; <b>Hà Nội</b> &amp; “nghịêm”", &NormalizeOptions::default());
/// assert_eq!(n.text(), "Sở TN&MT; Hà Nội & \"nghiệm\"");
/// ```
pub fn normalize(input: &str, options: &NormalizeOptions) -> Normalized {
    let mut result = Normalized::default();
    normalize_into(input, options, &mut result);
    result
}

/// [`normalize`] into `result`, whose buffers (the text and the first
/// pass's edits, the bulk of it) are reused: a caller that normalizes
/// text after text and drops each result keeps one and allocates nothing
/// once it is large enough.
pub(crate) fn normalize_into(input: &str, options: &NormalizeOptions, result: &mut Normalized) {
    let first = scan::pass(
        input,
        options.tone,
        std::mem::take(&mut result.text),
        std::mem::take(&mut result.first.edits),
    );
    result.first = first.map;
    result.later.clear();
    result.text = first.text;
    if result.first.edits.is_empty() {
        // The text is the input (the pass may have left a word it took
        // back in its buffer).
        result.text.clear();
        result.text.push_str(input);
    }
    // Later passes look only around the edits that may have exposed more
    // work (decoded markup), not at the whole text again.
    let mut rescan = first.rescan;
    let mut passes = 1;
    let max_passes = MIN_PASS_LIMIT.max(PASS_COPY_BUDGET / input.len().max(1));
    while !rescan.is_empty() && passes < max_passes {
        let next = scan::pass_within(&result.text, options.tone, &rescan);
        passes += 1;
        if next.map.edits.is_empty() {
            break;
        }
        // Any edit there may expose more (an NBSP decoded inside
        // "&lt;u&nbsp;>" makes a tag once it is a space): scan around each.
        rescan = next.map.edits.iter().map(|e| scan::around(&e.target)).collect();
        result.text = next.text;
        result.later.push(next.map);
    }
}

/// Splits `text` into pieces of about `target` bytes (or more) that
/// normalize independently: normalizing each piece and joining the results
/// gives the text [`normalize`] gives for the whole (markup nested more than
/// [`MIN_PASS_LIMIT`] deep aside). A piece ends after a line break that
/// nothing can reach across: a plain ASCII character before it (no space,
/// no markup), a letter or digit after it. Streaming tools normalize a long
/// text piece by piece with small, reused buffers; a text with no such line
/// break is one piece.
///
/// ```
/// use vnextract::normalize::pieces;
/// use vnextract::{normalize, NormalizeOptions};
/// let text = "Dòng một: nghịêm.\nDòng hai &amp; ba.\nDòng bốn";
/// let options = NormalizeOptions::default();
/// let joined: String = pieces(text, 8).map(|p| normalize(p, &options).into_text()).collect();
/// assert_eq!(joined, normalize(text, &options).text());
/// assert_eq!(pieces(text, 8).count(), 3);
/// ```
pub fn pieces(text: &str, target: usize) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = piece_end(rest, target.max(1));
        let (piece, after) = rest.split_at(end);
        rest = after;
        Some(piece)
    })
}

/// Where the first piece of `text` ends: after the first line break at or
/// past `target` bytes that normalization cannot reach across, else the end.
fn piece_end(text: &str, target: usize) -> usize {
    let bytes = text.as_bytes();
    let mut from = target;
    while let Some(found) = bytes.get(from..).and_then(|b| memchr::memchr(b'\n', b)) {
        let at = from + found;
        from = at + 1;
        let before = at.checked_sub(1).map(|k| bytes[k]);
        // Whitespace runs, CRLF, tags and entities stop at a plain byte.
        let plain_before =
            before.is_some_and(|b| b.is_ascii_graphic() && !matches!(b, b'<' | b'>' | b'&' | b';'));
        let letter_after = text[at + 1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() && !unicode_normalization::char::is_combining_mark(c));
        if plain_before && letter_after {
            return at + 1;
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        normalize(s, &NormalizeOptions::default()).into_text()
    }

    fn modern(s: &str) -> String {
        normalize(
            s,
            &NormalizeOptions {
                tone: TonePlacement::Modern,
            },
        )
        .into_text()
    }

    #[test]
    fn characters() {
        assert_eq!(norm("Ðà Nẵng ðó"), "Đà Nẵng đó");
        assert_eq!(norm("2010\u{2013}2015 \u{2212}5 a\u{2010}b"), "2010-2015 -5 a-b");
        assert_eq!(norm("\u{201c}a\u{201d} \u{2018}b\u{2019}"), "\"a\" 'b'");
        assert_eq!(norm("a\u{200b}b\u{feff}c\u{ad}d"), "abcd");
        assert_eq!(norm("\u{feff}Hà Nội"), "Hà Nội");
    }

    #[test]
    fn whitespace_layout() {
        assert_eq!(norm("  a \t b  \r\n c\rd\n\n e "), "a b\nc\nd\n\ne");
        assert_eq!(norm("a\u{a0}b \u{200b} c"), "a b c");
        assert_eq!(norm("a\u{2028}b"), "a\nb");
    }

    #[test]
    fn decomposed_and_doubled_marks() {
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd("Nghiệm thu đạt").collect();
        assert_eq!(norm(&nfd), "Nghiệm thu đạt");
        assert_eq!(norm("đị\u{323}a"), "địa");
        assert_eq!(norm("a\u{301}\u{301}"), "á");
    }

    #[test]
    fn decomposed_words_in_context() {
        // Words next to punctuation, digits, a misplaced tone, a mark that
        // makes no Vietnamese letter (left to the general composition).
        assert_eq!(norm("\u{201c}Vie\u{323}\u{302}t\u{201d}"), "\"Việt\"");
        assert_eq!(
            norm("12a\u{301}b3 bao\u{309} nghi\u{323}e\u{302}m"),
            "12áb3 bảo nghiệm"
        );
        assert_eq!(norm("5\u{301} a\u{301}\u{300}"), "5\u{301} á\u{300}");
        let input = "Vie\u{323}\u{302}t";
        let n = normalize(input, &NormalizeOptions::default());
        assert_eq!(&input[n.to_original(2..5)], "e\u{323}\u{302}");
    }

    #[test]
    fn html_residue() {
        assert_eq!(norm("<b>Hà Nội</b> <i>x</i>"), "Hà Nội x");
        assert_eq!(norm("a<br>b<br/>c"), "a\nb\nc");
        assert_eq!(norm("a <br> b"), "a\nb");
        assert_eq!(norm("&lt;5% &quot;x&quot; &#7843; &#x1EA1;"), "<5% \"x\" ả ạ");
        assert_eq!(norm("a&nbsp;&nbsp;b"), "a b");
        assert_eq!(norm("&amp;lt; &amp;amp;"), "< &");
        assert_eq!(
            norm("Sở TN&MT; NN&PTNT; a < b > c"),
            "Sở TN&MT; NN&PTNT; a < b > c"
        );
        assert_eq!(norm("ba<b>ỏ</b>"), "bảo");
    }

    #[test]
    fn tones() {
        assert_eq!(
            modern("Ðảm baỏ chất lựơng phòng thí nghịêm hoá học"),
            "Đảm bảo chất lượng phòng thí nghiệm hóa học"
        );
        assert_eq!(norm("hoà thuỷ hòa thủy"), "hoà thuỷ hòa thủy");
        assert_eq!(norm("HOÀ"), "HOÀ");
        assert_eq!(modern("HOÀ Uỷ"), "HÒA Ủy");
    }

    #[test]
    fn offsets() {
        let input = "  Ðảm baỏ\u{a0}\u{a0}x ";
        let n = normalize(input, &NormalizeOptions::default());
        assert_eq!(n.text(), "Đảm bảo x");
        assert_eq!(n.to_original(0..n.text().len()), 0..input.len());
        let word = |w: &str| {
            let s = n.text().find(w).unwrap();
            &input[n.to_original(s..s + w.len())]
        };
        assert_eq!(word("Đảm"), "Ðảm");
        assert_eq!(word("bảo"), "baỏ");
        assert_eq!(word("x"), "x");
        assert_eq!(word(" "), " ");
    }
}
