//! The output contract (`SCHEMA.md`, version 1) as serde types, and the one
//! place where spans found in the normalized text are mapped back to the
//! original text and turned into character offsets.
//!
//! Extractors build items with [`span`](Figure::span) set to a byte range of
//! the *normalized* text and leave `text`, `start` and `end` empty;
//! [`assemble`] maps every span through the [`Normalized`] offset map, slices
//! the original text and counts characters. No extractor computes offsets in
//! its own way.
//!
//! ```
//! let doc = vnextract::Extractor::new().extract("Năm 2022.");
//! let json = serde_json::to_string(&doc).unwrap();
//! assert!(json.starts_with("{\"schema\":\"vnextract/1\""));
//! ```

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::normalize::Normalized;
use crate::segment::clear_with_capacity;

/// The schema identifier written in every [`Document`].
///
/// ```
/// assert_eq!(vnextract::document::SCHEMA, "vnextract/1");
/// ```
pub const SCHEMA: &str = "vnextract/1";

/// Everything extracted from one document, in the shape of `SCHEMA.md`.
///
/// Items of every list are in text order. In the Rust API each item's
/// `span` is a byte range into the text given to
/// [`Extractor::extract`](crate::Extractor::extract); in JSON, `start` and
/// `end` are character offsets into the same text.
///
/// ```
/// let doc = vnextract::Extractor::new().extract("");
/// assert_eq!(doc.schema, "vnextract/1");
/// assert!(doc.figures.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Always [`SCHEMA`] (borrowed: no allocation per document).
    pub schema: Cow<'static, str>,
    /// The input's path or record id; `None` when the caller gave none.
    pub source: Option<String>,
    /// Length of the text in characters (Unicode scalar values).
    pub text_length: usize,
    /// Figures: numbers that measure something.
    pub figures: Vec<Figure>,
    /// One entry per distinct person.
    pub people: Vec<Person>,
    /// Every title mention.
    pub titles: Vec<Title>,
    /// Place mentions.
    pub places: Vec<Place>,
    /// Directives: instructions for future action.
    pub directives: Vec<Directive>,
    /// Dates, months, years, quarters and periods.
    pub dates: Vec<DateMention>,
}

/// A span of the original text: byte range for the API, characters for JSON.
///
/// ```
/// use vnextract::document::Mention;
/// let m = Mention { start: 0, end: 2, span: 0..2 };
/// assert_eq!(m.span.len(), 2);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// Character offset of the first character.
    pub start: usize,
    /// Character offset one past the last character.
    pub end: usize,
    /// Byte range into the original text (normalized text while extracting).
    #[serde(skip)]
    pub span: Range<usize>,
}

/// How a figure's value relates to the true amount.
///
/// ```
/// use vnextract::document::Qualifier;
/// assert_eq!(serde_json::to_string(&Qualifier::AtLeast).unwrap(), "\"at_least\"");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// No qualifier word.
    #[default]
    Exact,
    /// `trên`, `hơn`, `hơn ... trở lên`.
    Over,
    /// `dưới`, `chưa đến`.
    Under,
    /// `khoảng`, `xấp xỉ`, `ước`, `chừng`.
    About,
    /// `gần`.
    Nearly,
    /// `ít nhất`, `tối thiểu`, `không dưới`.
    AtLeast,
    /// `tối đa`, `không quá`.
    AtMost,
}

/// What a figure measures.
///
/// ```
/// use vnextract::document::Dimension;
/// assert_eq!(serde_json::to_string(&Dimension::Money).unwrap(), "\"money\"");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// An amount of money.
    Money,
    /// A percentage.
    Percent,
    /// An area.
    Area,
    /// A length.
    Length,
    /// A mass.
    Mass,
    /// A volume.
    Volume,
    /// An amount of energy.
    Energy,
    /// A power.
    Power,
    /// A count of things (the unit is the counted noun).
    Count,
    /// A bare number or a multiplier.
    #[default]
    Number,
}

/// Whether a figure is a change.
///
/// ```
/// use vnextract::document::Change;
/// assert_eq!(serde_json::to_string(&Change::Decrease).unwrap(), "\"decrease\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// `tăng`, `vượt`, growth.
    Increase,
    /// `giảm`.
    Decrease,
}

/// A number that measures something.
///
/// ```
/// use vnextract::document::{Figure, Qualifier};
/// let f = Figure::default();
/// assert_eq!(f.qualifier, Qualifier::Exact);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// The whole expression as written.
    pub text: String,
    /// Character offset of the start.
    pub start: usize,
    /// Character offset of the end (exclusive).
    pub end: usize,
    /// Byte range (original text after assembly).
    #[serde(skip)]
    pub span: Range<usize>,
    /// The value in `unit`, scale words applied; the lower bound of a range.
    /// `None` when the number does not fit the value type (see `note`).
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub value: Option<Decimal>,
    /// Upper bound of a range.
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub value_max: Option<Decimal>,
    /// Canonical unit code, counted noun, rate unit, or `None` for a bare number.
    pub unit: Option<crate::figures::Unit>,
    /// What kind of quantity this is.
    pub dimension: Dimension,
    /// Qualifier word.
    pub qualifier: Qualifier,
    /// Planned or compared value in the same unit.
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub target: Option<Decimal>,
    /// Change direction when the figure is a change or an excess.
    pub change: Option<Change>,
    /// What is measured, as written. Shared (not copied) with the figures after it that
    /// measure the same thing.
    pub metric: Option<Arc<str>>,
    /// ISO value of the date or period the sentence or paragraph gives. Shared (not copied)
    /// by the figures of a text that take the same date.
    pub period: Option<Arc<str>>,
    /// Why `value` is missing, when it is: a number that does not fit a
    /// [`Decimal`] exactly (more than about 7.9 × 10²⁸, or more than 28
    /// decimal places, as in a 10,000-digit number or `5 tỷ tỷ tỷ`) keeps its
    /// figure, with `value` `None` and the note `number too large for an
    /// exact decimal`, never a rounded or truncated value. An overflowing
    /// `value_max` or `target` is `None` too. Omitted from the JSON when
    /// `value` is present.
    ///
    /// ```
    /// let doc = vnextract::Extractor::new().extract(&format!("Thu {} đồng.", "9".repeat(40)));
    /// assert_eq!(doc.figures[0].value, None);
    /// assert_eq!(doc.figures[0].note.as_deref(), Some("number too large for an exact decimal"));
    /// ```
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Cow<'static, str>>,
}

/// A named individual, with every occurrence of the full name.
///
/// ```
/// let p = vnextract::document::Person::default();
/// assert!(p.mentions.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// Full name as written, NFC.
    pub name: String,
    /// Honorific written before the name (`đồng chí`, `ông`, ...), borrowed
    /// from the lexicon when spelled as usual.
    pub honorific: Option<Cow<'static, str>>,
    /// Every full-name occurrence.
    pub mentions: Vec<Mention>,
    /// Later references by the given name alone after an honorific (`ông
    /// Bường` after `Dương Hữu Bường`), the given name's span; only when
    /// no other person of the document has that given name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub short_mentions: Vec<Mention>,
}

/// An office, rank or membership.
///
/// ```
/// let t = vnextract::document::Title::default();
/// assert!(t.person.is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Title {
    /// The title as written.
    pub text: String,
    /// Character offset of the start.
    pub start: usize,
    /// Character offset of the end (exclusive).
    pub end: usize,
    /// Byte range (original text after assembly).
    #[serde(skip)]
    pub span: Range<usize>,
    /// The office with its modifier (`Phó Bí thư`). This field and the
    /// next two borrow the lexicons' static strings when they are one of
    /// them: no allocation for the commonest offices and bodies.
    pub role: Cow<'static, str>,
    /// The body, abbreviations expanded (`Ủy ban nhân dân`).
    pub organization: Option<Cow<'static, str>>,
    /// The place the body governs.
    pub jurisdiction: Option<Cow<'static, str>>,
    /// The holder's name, `None` for a generic title.
    pub person: Option<String>,
}

/// A place mention.
///
/// ```
/// let p = vnextract::document::Place::default();
/// assert!(p.code.is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// The mention, type word included when written (borrowed from `name`
    /// when that is all that is written).
    pub text: Cow<'static, str>,
    /// Character offset of the start.
    pub start: usize,
    /// Character offset of the end (exclusive).
    pub end: usize,
    /// Byte range (original text after assembly).
    #[serde(skip)]
    pub span: Range<usize>,
    /// The proper name without type word (borrowed from the gazetteer or
    /// the lexicon when written as they write it).
    pub name: Cow<'static, str>,
    /// `xã`, `tỉnh`, `thành phố`, ... or `other`. This field and the ones
    /// taken from the gazetteer borrow its static strings: no allocation
    /// per mention.
    #[serde(rename = "type")]
    pub kind: Cow<'static, str>,
    /// Official administrative code when linked.
    pub code: Option<Cow<'static, str>>,
    /// Province of the unit, when known.
    pub province: Option<Cow<'static, str>>,
    /// The unit this one became after 1 July 2025 (code and full name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub successor: Option<Successor>,
}

/// The 2025 unit that an older unit became.
///
/// ```
/// let s = vnextract::document::Successor { code: "01843".into(), name: "Phường Bắc Kạn".into() };
/// assert_eq!(s.code, "01843");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Successor {
    /// Code in the 2025 system.
    pub code: Cow<'static, str>,
    /// Full name in the 2025 system.
    pub name: Cow<'static, str>,
}

/// An instruction for future action.
///
/// ```
/// let d = vnextract::document::Directive::default();
/// assert!(d.addressees.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Directive {
    /// The item as written.
    pub text: String,
    /// Character offset of the start.
    pub start: usize,
    /// Character offset of the end (exclusive).
    pub end: usize,
    /// Byte range (original text after assembly).
    #[serde(skip)]
    pub span: Range<usize>,
    /// The head verb phrase.
    pub action: String,
    /// Who must act, as written.
    pub addressees: Vec<String>,
    /// The person's name or the issuing body.
    pub issuer: Option<String>,
    /// The governing verb (`đề nghị`, `yêu cầu`, ...).
    pub modality: Option<Cow<'static, str>>,
    /// The deadline as written.
    pub deadline: Option<String>,
    /// ISO value of the deadline when the dates extractor has one.
    #[serde(default)]
    pub deadline_value: Option<String>,
}

/// What kind of time expression a [`DateMention`] is.
///
/// ```
/// use vnextract::document::DateKind;
/// assert_eq!(serde_json::to_string(&DateKind::Quarter).unwrap(), "\"quarter\"");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateKind {
    /// A day.
    #[default]
    Date,
    /// A month.
    Month,
    /// A year.
    Year,
    /// A quarter.
    Quarter,
    /// An interval or a duration.
    Period,
}

/// A date, month, year, quarter or period.
///
/// ```
/// let d = vnextract::document::DateMention::default();
/// assert!(d.value.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DateMention {
    /// The expression as written (borrowed from `value` when written so).
    pub text: Cow<'static, str>,
    /// Character offset of the start.
    pub start: usize,
    /// Character offset of the end (exclusive).
    pub end: usize,
    /// Byte range (original text after assembly).
    #[serde(skip)]
    pub span: Range<usize>,
    /// Kind of expression.
    pub kind: DateKind,
    /// ISO 8601 value; `XXXX` for a year the document does not give.
    /// Common values (years, days and months of recent years, durations)
    /// are borrowed from a table rendered once: no allocation per mention.
    pub value: Cow<'static, str>,
}

/// Items that carry one span of the text.
///
/// ```
/// use vnextract::document::{Figure, Spanned};
/// let f = Figure { span: 3..5, ..Figure::default() };
/// assert_eq!(f.span(), 3..5);
/// ```
pub trait Spanned {
    /// The byte span.
    fn span(&self) -> Range<usize>;
    /// Sets the byte span, the text and the character offsets.
    fn locate(&mut self, span: Range<usize>, text: &str, start: usize, end: usize);
}

macro_rules! spanned {
    ($($t:ty),*) => {$(
        impl Spanned for $t {
            fn span(&self) -> Range<usize> {
                self.span.clone()
            }
            fn locate(&mut self, span: Range<usize>, text: &str, start: usize, end: usize) {
                self.span = span;
                self.text = text.to_owned();
                self.start = start;
                self.end = end;
            }
        }
    )*};
}
spanned!(Figure, Title, Directive);

/// [`Spanned`] for items whose `text` borrows their static `$same` field
/// when it is written the same (a place's name alone, a year): no copy.
macro_rules! spanned_like {
    ($($t:ty => $same:ident),*) => {$(
        impl Spanned for $t {
            fn span(&self) -> Range<usize> {
                self.span.clone()
            }
            fn locate(&mut self, span: Range<usize>, text: &str, start: usize, end: usize) {
                self.span = span;
                self.text = match self.$same {
                    Cow::Borrowed(same) if same == text => Cow::Borrowed(same),
                    _ => Cow::Owned(text.to_owned()),
                };
                self.start = start;
                self.end = end;
            }
        }
    )*};
}
spanned_like!(Place => name, DateMention => value);

/// Converts byte offsets of one text into character offsets, in O(1) per
/// lookup (at most half a block of bytes counted, a word at a time) after
/// one cheap pass over the text.
///
/// ```
/// use vnextract::document::CharIndex;
/// let idx = CharIndex::new("Hà Nội");
/// assert_eq!(idx.char_offset(3), 2); // "Hà" is 3 bytes, 2 characters
/// ```
#[derive(Debug)]
pub struct CharIndex<'a> {
    bytes: &'a [u8],
    /// Characters before each block of [`CHAR_INDEX_BLOCK`] bytes, the last
    /// (partial, maybe empty) block included, then the whole text's count:
    /// every block has the count of the block after it.
    chars_before_block: Vec<usize>,
    /// The last, partial block, padded with continuation bytes (which start
    /// no character), so that every lookup reads a whole block.
    tail: [u8; CHAR_INDEX_BLOCK],
}

/// Bytes per block of [`CharIndex`]: a lookup counts at most half of them,
/// four words, while the index takes one word per block.
const CHAR_INDEX_BLOCK: usize = 64;

/// Block counts that [`CharIndex::give_back`] keeps room for: texts of up
/// to 256 KiB.
const KEPT_CHAR_INDEX_BLOCKS: usize = (256 << 10) / CHAR_INDEX_BLOCK + 2;

/// A byte that starts no character: the padding of [`CharIndex::tail`].
const CONTINUATION_BYTE: u8 = 0x80;

/// A byte starts a character unless its top bits are `10` (a UTF-8
/// continuation byte): 1 in the lowest bit of each byte lane that starts one.
#[inline]
fn char_start_lanes(word: &[u8]) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let w = u64::from_le_bytes(word.try_into().expect("8 bytes"));
    ((!w >> 7) | (w >> 6)) & ONES
}

/// The sum of the byte lanes of `lanes`, which must fit a byte: the
/// multiplication gathers them into the top byte.
#[inline]
fn sum_lanes(lanes: u64) -> usize {
    (lanes.wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize
}

/// Characters starting in a whole block, whose fixed length lets the loop
/// unroll into a few vector compares.
#[inline]
fn count_block_char_starts(block: &[u8; CHAR_INDEX_BLOCK]) -> usize {
    let mut starts = 0u8;
    for &b in block {
        starts += u8::from((b as i8) >= -0x40);
    }
    usize::from(starts)
}

/// Characters starting in `block[..at]`, `at` in the first half: whole
/// words, then the odd bytes as the low lanes of the next word (little
/// endian), with no loop over bytes.
#[inline]
fn char_starts_before(block: &[u8; CHAR_INDEX_BLOCK], at: usize) -> usize {
    let at = at % (CHAR_INDEX_BLOCK / 2);
    let (words, odd) = (at / 8, at % 8);
    let mut lanes = 0u64;
    for word in block.chunks_exact(8).take(words) {
        lanes += char_start_lanes(word);
    }
    let partial = &block[words * 8..words * 8 + 8];
    sum_lanes(lanes + (char_start_lanes(partial) & ((1u64 << (8 * odd)) - 1)))
}

/// Characters starting in `block[at..]`, `at` in the second half: the high
/// lanes of the word holding `at`, then the whole words after it.
#[inline]
fn char_starts_from(block: &[u8; CHAR_INDEX_BLOCK], at: usize) -> usize {
    let at = CHAR_INDEX_BLOCK / 2 + at % (CHAR_INDEX_BLOCK / 2);
    let (word, odd) = (at / 8, at % 8);
    let partial = &block[word * 8..word * 8 + 8];
    let mut lanes = char_start_lanes(partial) & (u64::MAX << (8 * odd));
    for whole in block[word * 8 + 8..].chunks_exact(8) {
        lanes += char_start_lanes(whole);
    }
    sum_lanes(lanes)
}

thread_local! {
    /// The block counts of the last [`CharIndex`] that [`assemble`] built
    /// on this thread, for the next one to reuse.
    static CHAR_INDEX_BUFFER: std::cell::Cell<Vec<usize>> = const { std::cell::Cell::new(Vec::new()) };
}

impl<'a> CharIndex<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        Self::with_buffer(text, Vec::new())
    }

    /// [`CharIndex::new`] keeping its block counts in `buffer` (emptied
    /// here), whose memory is reused.
    fn with_buffer(text: &'a str, mut chars_before_block: Vec<usize>) -> Self {
        let bytes = text.as_bytes();
        let blocks = bytes.chunks_exact(CHAR_INDEX_BLOCK);
        let rest = blocks.remainder();
        clear_with_capacity(&mut chars_before_block, blocks.len() + 2);
        let mut chars = 0;
        for block in blocks {
            chars_before_block.push(chars);
            chars += count_block_char_starts(block.try_into().expect("a whole block"));
        }
        let mut tail = [CONTINUATION_BYTE; CHAR_INDEX_BLOCK];
        tail[..rest.len()].copy_from_slice(rest);
        chars_before_block.push(chars);
        chars_before_block.push(chars + count_block_char_starts(&tail));
        CharIndex {
            bytes,
            chars_before_block,
            tail,
        }
    }

    /// This thread's reused index of `text` (see [`CharIndex::give_back`]).
    fn take(text: &'a str) -> Self {
        Self::with_buffer(text, CHAR_INDEX_BUFFER.take())
    }

    /// Leaves the index's memory for the next [`CharIndex::take`] of this
    /// thread, unless a huge text made it large.
    fn give_back(self) {
        let mut buffer = self.chars_before_block;
        buffer.clear();
        buffer.shrink_to(KEPT_CHAR_INDEX_BLOCKS);
        CHAR_INDEX_BUFFER.set(buffer);
    }

    /// The character offset of `byte`, which must be on a char boundary:
    /// counted from the start of its block, or back from the start of the
    /// next one, whichever is nearer.
    #[inline]
    pub fn char_offset(&self, byte: usize) -> usize {
        let byte = byte.min(self.bytes.len());
        let (block, at) = (byte / CHAR_INDEX_BLOCK, byte % CHAR_INDEX_BLOCK);
        let start = block * CHAR_INDEX_BLOCK;
        let bytes: &[u8; CHAR_INDEX_BLOCK] = match self.bytes.get(start..start + CHAR_INDEX_BLOCK) {
            Some(whole) => whole.try_into().expect("a whole block"),
            None => &self.tail,
        };
        if at < CHAR_INDEX_BLOCK / 2 {
            self.chars_before_block[block] + char_starts_before(bytes, at)
        } else {
            self.chars_before_block[block + 1] - char_starts_from(bytes, at)
        }
    }

    /// The number of characters of the whole text.
    ///
    /// ```
    /// assert_eq!(vnextract::document::CharIndex::new("Hà Nội").len(), 6);
    /// ```
    pub fn len(&self) -> usize {
        self.chars_before_block.last().copied().unwrap_or(0)
    }

    /// Whether the text is empty.
    ///
    /// ```
    /// assert!(vnextract::document::CharIndex::new("").is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

/// Everything the extractors found, with spans in the normalized text.
///
/// ```
/// let found = vnextract::document::Found::default();
/// assert!(found.figures.is_empty());
/// ```
#[derive(Clone, Debug, Default)]
pub struct Found {
    /// Figures.
    pub figures: Vec<Figure>,
    /// People (mention spans in normalized text).
    pub people: Vec<Person>,
    /// Titles.
    pub titles: Vec<Title>,
    /// Places.
    pub places: Vec<Place>,
    /// Directives.
    pub directives: Vec<Directive>,
    /// Dates.
    pub dates: Vec<DateMention>,
}

/// Maps every span of `found` from the normalized text back to `original`,
/// fills `text`, `start` and `end`, sorts each list in text order and builds
/// the [`Document`].
///
/// ```
/// use vnextract::document::{assemble, DateMention, Found};
/// let original = "Ngày 7/9";
/// let norm = vnextract::normalize(original, &Default::default());
/// let mut found = Found::default();
/// found.dates.push(DateMention { span: 0..original.len(), value: "XXXX-09-07".into(), ..Default::default() });
/// let doc = assemble(original, &norm, found, None);
/// assert_eq!(doc.dates[0].text, "Ngày 7/9");
/// assert_eq!((doc.dates[0].start, doc.dates[0].end), (0, 8));
/// ```
pub fn assemble(original: &str, norm: &Normalized, found: Found, source: Option<String>) -> Document {
    let offsets = CharIndex::take(original);
    let text_length = offsets.len();

    let Found {
        mut figures,
        mut people,
        mut titles,
        mut places,
        mut directives,
        mut dates,
    } = found;
    locate_items(original, norm, &offsets, &mut figures);
    locate_items(original, norm, &offsets, &mut titles);
    locate_items(original, norm, &offsets, &mut places);
    locate_items(original, norm, &offsets, &mut directives);
    locate_items(original, norm, &offsets, &mut dates);
    for person in &mut people {
        for m in person.mentions.iter_mut().chain(&mut person.short_mentions) {
            let span = norm.to_original(m.span.clone());
            m.start = offsets.char_offset(span.start);
            m.end = offsets.char_offset(span.end);
            m.span = span;
        }
        sort_stably_by_key(&mut person.mentions, |m| (m.span.start, m.span.end));
        person.mentions.dedup_by_key(|m| m.span.clone());
    }
    sort_stably_by_key(&mut people, |p| {
        p.mentions.first().map_or(usize::MAX, |m| m.span.start)
    });
    offsets.give_back();

    Document {
        schema: Cow::Borrowed(SCHEMA),
        source,
        text_length,
        figures,
        people,
        titles,
        places,
        directives,
        dates,
    }
}

fn locate_items<T: Spanned>(original: &str, norm: &Normalized, offsets: &CharIndex, items: &mut [T]) {
    for item in items.iter_mut() {
        let span = norm.to_original(item.span());
        let text = &original[span.clone()];
        let (start, end) = (offsets.char_offset(span.start), offsets.char_offset(span.end));
        item.locate(span, text, start, end);
    }
    sort_stably_by_key(items, |i| {
        let s = i.span();
        (s.start, s.end)
    });
}

/// `items.sort_by_key(key)` (stable), without its work and the scratch
/// memory it allocates for long lists of large items when, as usual, the
/// extractor already found them in order.
fn sort_stably_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    if !items.is_sorted_by_key(&key) {
        items.sort_by_key(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_scalar_values() {
        let text = "Đà Nẵng, ngày 7";
        let idx = CharIndex::new(text);
        for (b, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            let expected = text[..b].chars().count();
            assert_eq!(idx.char_offset(b), expected);
        }
    }

    #[test]
    fn char_offsets_across_blocks() {
        // Lengths around whole numbers of blocks, with wide characters
        // straddling block edges.
        for len in [0, 1, 255, 256, 257, 511, 512, 513, 1000] {
            let text: String = "Đà Nẵng ngày 7 ".chars().cycle().take(len).collect();
            let idx = CharIndex::new(&text);
            for (b, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
                assert_eq!(
                    idx.char_offset(b),
                    text[..b].chars().count(),
                    "len {len} byte {b}"
                );
            }
        }
        let text: String = "Nghiệm thu đạt ✓ x".chars().cycle().take(60).collect();
        let block: &[u8; CHAR_INDEX_BLOCK] = text.as_bytes()[..CHAR_INDEX_BLOCK].try_into().unwrap();
        let all = count_block_char_starts(block);
        for (b, _) in text.char_indices().filter(|&(b, _)| b <= CHAR_INDEX_BLOCK) {
            let before = text[..b].chars().count();
            if b < CHAR_INDEX_BLOCK / 2 {
                assert_eq!(char_starts_before(block, b), before);
            } else if b < CHAR_INDEX_BLOCK {
                assert_eq!(all - char_starts_from(block, b), before);
            }
        }
        let ascii = "a".repeat(512);
        assert_eq!(CharIndex::new(&ascii).char_offset(512), 512);
    }

    #[test]
    fn empty_document_has_every_list() {
        let doc = Document {
            schema: SCHEMA.into(),
            ..Document::default()
        };
        let json = serde_json::to_value(&doc).unwrap();
        for key in ["figures", "people", "titles", "places", "directives", "dates"] {
            assert!(json[key].as_array().unwrap().is_empty(), "{key}");
        }
    }
}
