//! Paragraphs, sentences, clauses and syllable tokens.
//!
//! [`segment`] makes one pass over the bytes of the (normalized) text and
//! produces:
//!
//! - **tokens**: every maximal run of letters is a [`TokenKind::Word`]
//!   (Vietnamese syllables, names, acronyms, any script; an apostrophe between
//!   letters stays inside, as in `H'Mông`), every run of ASCII digits with
//!   `.`/`,` separators between digits is a [`TokenKind::Number`] (`2.312`,
//!   `1.234.567,5`, `10.05.2000`), and every other non-space character is a
//!   one-character [`TokenKind::Punct`] (`-`, `/`, `%`, `(`). Tokens never
//!   contain spaces; `Covid-19` is `Covid` `-` `19`, `155ha` is `155` `ha`.
//!   Two tokens written without a space between them have touching spans
//!   (`a.span.end == b.span.start`), see [`Segments::joined`].
//! - **paragraphs**: the lines of the text (split at `\n`), trimmed, empty
//!   lines skipped.
//! - **sentences** inside each paragraph: a `.`, `!`, `?`, `…`, `...` or the
//!   official-text end mark `./.` (plus any closing quotes or brackets) ends a
//!   sentence when a space and an upper-case letter, a digit, a lettered
//!   item (`b)`), or an opening quote/bracket/dash before one follow, or the
//!   paragraph ends (a missing space, `năm 2022.Theo đó`, is tolerated
//!   between a lower-case word or a number and a capitalized word). A period
//!   after an abbreviation (`TP.`, `PGS.TS.`, `data/segment/abbreviations.tsv`),
//!   after an initial (`Q. Lan`, but not a label: `38 độ C.`,
//!   `data/segment/letter_labels.tsv`), after initials not followed by a Title-case
//!   word (`Đ.T. B`, `N.K.L. (12 tuổi)`), or after an enumeration marker
//!   opening the sentence (`1.`, `II.`, `a.`) does not end it; periods inside
//!   numbers, dates, URLs and `TP.HCM` are never followed by a space and never
//!   end it. Accented single capitals are words (`châu Á.`), not initials.
//! - **clauses**: sentences split at `;` (the `;` itself is in neither side).
//!
//! All spans are byte ranges of the text, trimmed (they start and end on a
//! token), ordered and non-overlapping within each level; sentences lie in
//! paragraphs and clauses in sentences.
//!
//! ```
//! let text = "Tổng mức bán lẻ đạt 2.312 tỷ đồng. PGS.TS. Nguyễn Văn A phát biểu; mọi người nghe.";
//! let s = vnextract::segment(text);
//! let sentences: Vec<&str> = s.sentences.iter().map(|r| &text[r.clone()]).collect();
//! assert_eq!(sentences, ["Tổng mức bán lẻ đạt 2.312 tỷ đồng.", "PGS.TS. Nguyễn Văn A phát biểu; mọi người nghe."]);
//! assert_eq!(&text[s.clauses[2].clone()], "mọi người nghe.");
//! ```

use std::ops::Range;
use std::sync::LazyLock;

/// What a token is.
///
/// ```
/// use vnextract::segment::{segment, TokenKind};
/// let s = segment("Covid-19");
/// let kinds: Vec<TokenKind> = s.tokens.iter().map(|t| t.kind).collect();
/// assert_eq!(kinds, [TokenKind::Word, TokenKind::Punct, TokenKind::Number]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A syllable or word of letters (any script), with combining marks and
    /// apostrophes between letters (`H'Mông`).
    Word,
    /// ASCII digits, possibly with `.` or `,` separators between digits.
    Number,
    /// One punctuation or symbol character.
    Punct,
}

/// The letter case of a word token.
///
/// ```
/// use vnextract::segment::{segment, Case};
/// let s = segment("Đồng chí UBND xã eKYC 12");
/// let cases: Vec<Case> = s.tokens.iter().map(|t| t.case).collect();
/// assert_eq!(cases, [Case::Title, Case::Lower, Case::Upper, Case::Lower, Case::Lower, Case::Uncased]);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Case {
    /// Not a word, or a word whose first character has no case (CJK, a
    /// stray combining mark).
    #[default]
    Uncased,
    /// Starts with a lower-case letter (`xã`, `eKYC`).
    Lower,
    /// Starts with an upper-case letter and has lower-case letters too
    /// (`Nguyễn`, `ThS`).
    Title,
    /// Has upper-case letters and no lower-case ones (`UBND`, `Đ`).
    Upper,
}

/// A syllable token: its byte span, kind and letter case.
///
/// ```
/// use vnextract::segment::{Case, Token, TokenKind};
/// let t = Token { span: 0..2, kind: TokenKind::Word, case: Case::Title };
/// assert_eq!(t.span.len(), 2);
/// assert!(t.starts_upper());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte span.
    pub span: Range<usize>,
    /// Kind.
    pub kind: TokenKind,
    /// Letter case ([`Case::Uncased`] for numbers and punctuation).
    pub case: Case,
}

impl Token {
    /// The token's text in `text` (the text it was segmented from); empty if
    /// the span does not fit `text`.
    ///
    /// ```
    /// let text = "Bắc Kạn";
    /// let s = vnextract::segment(text);
    /// assert_eq!(s.tokens[1].text(text), "Kạn");
    /// ```
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.span.clone()).unwrap_or("")
    }

    /// Whether this is a word starting with an upper-case letter
    /// ([`Case::Title`] or [`Case::Upper`]).
    ///
    /// ```
    /// let s = vnextract::segment("Ủy ban xã");
    /// assert!(s.tokens[0].starts_upper());
    /// assert!(!s.tokens[1].starts_upper());
    /// ```
    pub fn starts_upper(&self) -> bool {
        matches!(self.case, Case::Title | Case::Upper)
    }

    /// Whether this is a word in capitals only ([`Case::Upper`]: `UBND`, `Đ`).
    ///
    /// ```
    /// let s = vnextract::segment("UBND Tỉnh");
    /// assert!(s.tokens[0].is_all_caps());
    /// assert!(!s.tokens[1].is_all_caps());
    /// ```
    pub fn is_all_caps(&self) -> bool {
        self.case == Case::Upper
    }

    /// Whether this is a word ([`TokenKind::Word`]).
    ///
    /// ```
    /// assert!(vnextract::segment("xã").tokens[0].is_word());
    /// ```
    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }

    /// Whether this is a number ([`TokenKind::Number`]).
    ///
    /// ```
    /// assert!(vnextract::segment("1.234,5").tokens[0].is_number());
    /// ```
    pub fn is_number(&self) -> bool {
        self.kind == TokenKind::Number
    }
}

/// The segments of a text; all spans are byte ranges of that text.
///
/// ```
/// let s = vnextract::segment("Một. Hai.\nBa");
/// assert_eq!(s.paragraphs, [0..11, 12..14]);
/// assert_eq!(s.sentences.len(), 3);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Segments {
    /// Paragraphs: non-empty lines, trimmed.
    pub paragraphs: Vec<Range<usize>>,
    /// Sentences, in order, each inside one paragraph.
    pub sentences: Vec<Range<usize>>,
    /// Clauses (sentences split at `;`), in order, each inside one sentence.
    pub clauses: Vec<Range<usize>>,
    /// Syllable tokens, in order.
    pub tokens: Vec<Token>,
}

/// Index of the span of `spans` (sorted, non-overlapping) containing `byte`.
fn span_index_at(spans: &[Range<usize>], byte: usize) -> Option<usize> {
    let index = spans.partition_point(|span| span.end <= byte);
    (index < spans.len() && spans[index].start <= byte).then_some(index)
}

impl Segments {
    /// Index into [`Segments::paragraphs`] of the paragraph containing `byte`.
    ///
    /// ```
    /// let s = vnextract::segment("Một.\nHai.");
    /// assert_eq!(s.paragraph_index_at(7), Some(1));
    /// assert_eq!(s.paragraph_index_at(6), None); // the line break
    /// ```
    pub fn paragraph_index_at(&self, byte: usize) -> Option<usize> {
        span_index_at(&self.paragraphs, byte)
    }

    /// The paragraph containing `byte`.
    ///
    /// ```
    /// let s = vnextract::segment("Một.\nHai.");
    /// assert_eq!(s.paragraph_at(7), Some(7..11));
    /// ```
    pub fn paragraph_at(&self, byte: usize) -> Option<Range<usize>> {
        self.paragraph_index_at(byte).map(|i| self.paragraphs[i].clone())
    }

    /// Index into [`Segments::sentences`] of the sentence containing `byte`.
    ///
    /// ```
    /// let s = vnextract::segment("Một. Hai.");
    /// assert_eq!(s.sentence_index_at(7), Some(1));
    /// ```
    pub fn sentence_index_at(&self, byte: usize) -> Option<usize> {
        span_index_at(&self.sentences, byte)
    }

    /// The sentence containing `byte`.
    ///
    /// ```
    /// let s = vnextract::segment("Một. Hai.");
    /// assert_eq!(s.sentence_at(7), Some(7..11));
    /// ```
    pub fn sentence_at(&self, byte: usize) -> Option<Range<usize>> {
        self.sentence_index_at(byte).map(|i| self.sentences[i].clone())
    }

    /// Index into [`Segments::clauses`] of the clause containing `byte`.
    ///
    /// ```
    /// let s = vnextract::segment("a; b");
    /// assert_eq!(s.clause_index_at(3), Some(1));
    /// assert_eq!(s.clause_index_at(1), None); // the `;`
    /// ```
    pub fn clause_index_at(&self, byte: usize) -> Option<usize> {
        span_index_at(&self.clauses, byte)
    }

    /// The clause containing `byte`.
    ///
    /// ```
    /// let s = vnextract::segment("a; b c");
    /// assert_eq!(s.clause_at(4), Some(3..6));
    /// ```
    pub fn clause_at(&self, byte: usize) -> Option<Range<usize>> {
        self.clause_index_at(byte).map(|i| self.clauses[i].clone())
    }

    /// Index into [`Segments::tokens`] of the token containing `byte`.
    ///
    /// ```
    /// let s = vnextract::segment("Bắc Kạn");
    /// assert_eq!(s.token_index_at(6), Some(1));
    /// assert_eq!(s.token_index_at(5), None); // the space
    /// ```
    pub fn token_index_at(&self, byte: usize) -> Option<usize> {
        let index = self.tokens.partition_point(|t| t.span.end <= byte);
        (index < self.tokens.len() && self.tokens[index].span.start <= byte).then_some(index)
    }

    /// The token containing `byte`.
    ///
    /// ```
    /// let s = vnextract::segment("Bắc Kạn");
    /// assert_eq!(s.token_at(6).map(|t| t.span.clone()), Some(6..11));
    /// ```
    pub fn token_at(&self, byte: usize) -> Option<&Token> {
        self.token_index_at(byte).map(|i| &self.tokens[i])
    }

    /// Indexes into [`Segments::tokens`] of the tokens lying wholly inside
    /// `range` (tokens cut by its ends are left out).
    ///
    /// ```
    /// let s = vnextract::segment("a bc d");
    /// assert_eq!(s.token_indices_in(1..6), 1..3);
    /// assert_eq!(s.token_indices_in(3..4), 2..2);
    /// ```
    pub fn token_indices_in(&self, range: Range<usize>) -> Range<usize> {
        let first = self.tokens.partition_point(|t| t.span.start < range.start);
        let end = self.tokens.partition_point(|t| t.span.end <= range.end);
        first..end.max(first)
    }

    /// The tokens lying wholly inside `range`, e.g. a sentence or a clause.
    ///
    /// ```
    /// let text = "Một câu. Câu hai.";
    /// let s = vnextract::segment(text);
    /// let words: Vec<&str> = s.tokens_in(s.sentences[1].clone()).iter().map(|t| t.text(text)).collect();
    /// assert_eq!(words, ["Câu", "hai", "."]);
    /// ```
    pub fn tokens_in(&self, range: Range<usize>) -> &[Token] {
        &self.tokens[self.token_indices_in(range)]
    }

    /// Whether tokens `i` and `i + 1` are written without a space between
    /// them (`false` if either does not exist).
    ///
    /// ```
    /// let s = vnextract::segment("175,158/155ha 5 %");
    /// assert!(s.joined(0) && s.joined(1) && s.joined(2)); // 175,158 / 155 ha
    /// assert!(!s.joined(3));
    /// ```
    pub fn joined(&self, i: usize) -> bool {
        match (self.tokens.get(i), self.tokens.get(i.wrapping_add(1))) {
            (Some(a), Some(b)) => a.span.end == b.span.start,
            _ => false,
        }
    }
}

/// Abbreviations after which a period does not end a sentence, sorted for
/// binary search, and for each first byte the set of their lengths (bit
/// `len`).
static ABBREVIATIONS: LazyLock<(Vec<&'static str>, [u16; 256])> = LazyLock::new(|| {
    let mut list: Vec<&str> = include_str!("../data/segment/abbreviations.tsv")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| line.split('\t').next())
        .map(str::trim)
        .filter(|word| !word.is_empty() && word.len() <= MAX_ABBREVIATION_LEN)
        .collect();
    list.sort_unstable();
    list.dedup();
    let mut lengths_by_first_byte = [0; 256];
    for word in &list {
        lengths_by_first_byte[usize::from(word.as_bytes()[0])] |= 1 << word.len();
    }
    (list, lengths_by_first_byte)
});

/// Whether `word` is in the abbreviation list.
fn is_listed_abbreviation(word: &str) -> bool {
    // Most sentence ends are ordinary words: rule them out by first byte
    // and length before the binary search.
    let (list, lengths_by_first_byte) = &*ABBREVIATIONS;
    word.len() <= MAX_ABBREVIATION_LEN
        && word
            .as_bytes()
            .first()
            .is_some_and(|&b| lengths_by_first_byte[usize::from(b)] & (1 << word.len()) != 0)
        && list.binary_search(&word).is_ok()
}

/// The longest abbreviation of the list, in bytes.
const MAX_ABBREVIATION_LEN: usize = 8;

/// Characters that can end a sentence.
fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// Closing quotes and brackets that stay with the sentence they follow.
fn is_closer(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '\'' | ')' | ']' | '}' | '»' | '›')
}

/// Opening quotes, brackets, dashes and bullets that may precede the first
/// word of a sentence.
fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '“'
            | '‘'
            | '\''
            | '«'
            | '‹'
            | '„'
            | '('
            | '['
            | '{'
            | '-'
            | '–'
            | '—'
            | '•'
            | '+'
            | '*'
            | '·'
    )
}

/// Zero-width characters treated as spaces: they never belong to a token.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

/// Whether `chunk` (the text glued before a period) is an abbreviation or
/// initials, so that the period does not end the sentence.
fn is_abbreviation(chunk: &str) -> bool {
    if is_listed_abbreviation(chunk) {
        return true;
    }
    match chunk.as_bytes().iter().rposition(|&b| b == b'.') {
        // `D`: an initial.
        None => is_initial(chunk),
        // `PGS.TS`, `Th.S`: the last part decides; `Đ.T`: initials.
        Some(dot) => is_listed_abbreviation(&chunk[dot + 1..]) || chunk.split('.').all(is_initial),
    }
}

/// Whether `part` is one initial: an unaccented capital or `Đ` (`Á`, `Ý`
/// alone are words: `châu Á`, `nước Ý`).
fn is_initial(part: &str) -> bool {
    match part.as_bytes() {
        [b] => b.is_ascii_uppercase(),
        _ => part == "Đ",
    }
}

/// Words after which a single capital is a label, not an initial: `độ C`,
/// `viêm gan B`, `Model S`.
static LETTER_LABELS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut list: Vec<&str> = include_str!("../data/segment/letter_labels.tsv")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| line.split('\t').next())
        .map(str::trim)
        .collect();
    list.sort_unstable();
    list
});

/// Whether `chunk` is an enumeration marker (`1`, `12`, `II`, `a`) when it
/// opens a sentence: `1. Mục tiêu` is one sentence.
fn is_enumeration_marker(chunk: &str) -> bool {
    let bytes = chunk.as_bytes();
    let digits = !bytes.is_empty() && bytes.len() <= 3 && bytes.iter().all(u8::is_ascii_digit);
    let roman = !bytes.is_empty() && bytes.len() <= 5 && bytes.iter().all(|b| b"IVXLC".contains(b));
    let mut chars = chunk.chars();
    let letter = matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic());
    digits || roman || letter
}

/// Decodes the character starting at byte `i` of `bytes` (valid UTF-8, `i`
/// on a character boundary) and returns it with its length.
#[inline(always)]
fn decode_at(bytes: &[u8], i: usize) -> (char, usize) {
    let b0 = bytes[i];
    if b0 < 0x80 {
        return (b0 as char, 1);
    }
    compose_utf8(b0, |k| bytes.get(i + k as usize).copied().unwrap_or(0x80))
}

/// The character a UTF-8 sequence starting with `b0` encodes, with its
/// length; `next(k)` is the `k`-th byte after `b0` (read only as far as the
/// sequence goes).
#[inline(always)]
fn compose_utf8(b0: u8, next: impl Fn(u32) -> u8) -> (char, usize) {
    let continuation = |k: u32| u32::from(next(k) & 0x3F);
    let (code, len) = if b0 < 0x80 {
        (u32::from(b0), 1)
    } else if b0 < 0xE0 {
        ((u32::from(b0 & 0x1F) << 6) | continuation(1), 2)
    } else if b0 < 0xF0 {
        (
            (u32::from(b0 & 0x0F) << 12) | (continuation(1) << 6) | continuation(2),
            3,
        )
    } else {
        (
            (u32::from(b0 & 0x07) << 18) | (continuation(1) << 12) | (continuation(2) << 6) | continuation(3),
            4,
        )
    };
    (char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER), len)
}

/// How the tokenizer treats a character.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Not part of any token.
    Space,
    /// Ends a paragraph (and is not part of any token).
    LineBreak,
    /// Part of a word.
    Letter,
    /// An ASCII digit.
    Digit,
    /// A one-character token.
    Other,
    /// A non-ASCII lead byte: decode the character to know.
    Check,
}

/// Classes of the bytes that start a character: exact for ASCII and for
/// the lead bytes of U+0100..U+01BF (all letters: ă đ ĩ ũ ơ ư), `Check` for
/// the other lead bytes (decode and [`classify`]).
static BYTE_CLASS: [Class; 256] = {
    let mut table = [Class::Check; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'\n' => Class::LineBreak,
            b'a'..=b'z' | b'A'..=b'Z' | 0xC4..=0xC6 => Class::Letter,
            b'0'..=b'9' => Class::Digit,
            0..=0x20 | 0x7F => Class::Space,
            0x21..=0x7E => Class::Other,
            _ => Class::Check,
        };
        b += 1;
    }
    table
};

/// Whether a lead byte (bits 0..8 of the index) followed by a byte (bits
/// 8..16) starts a character the word fast path takes as a letter without
/// looking further: U+00C0..U+00FF except `×` and `÷` (`C3`), U+0100..U+01FF
/// (`C4`..`C7`, all letters: ă đ ĩ ũ ơ ư) and U+1E00..U+1EFF (`E1 B8`..`E1 BB`,
/// Latin Extended Additional: ạ ả ấ ... ỹ). One bit per pair.
static LETTER_PAIRS: [u64; 1024] = {
    let mut table = [0; 1024];
    let mut next = 0;
    while next < 256 {
        let mut lead = 0xC0;
        while lead < 256 {
            let letter = match lead {
                0xC3 => next != 0x97 && next != 0xB7,
                0xC4..=0xC7 => true,
                0xE1 => next >= 0xB8 && next <= 0xBB,
                _ => false,
            };
            if letter {
                let index = lead | (next << 8);
                table[index / 64] |= 1 << (index % 64);
            }
            lead += 1;
        }
        next += 1;
    }
    table
};

/// Whether every lead byte marked (high bit) in `leads` starts, with the
/// byte after it in `chunk`, a character of [`LETTER_PAIRS`].
#[inline(always)]
fn leads_are_letters(chunk: u64, mut leads: u64) -> bool {
    while leads != 0 {
        let pair = (chunk >> (leads.trailing_zeros() - 7)) as u16;
        if !is_letter_pair(pair as u8, (pair >> 8) as u8) {
            return false;
        }
        leads &= leads - 1;
    }
    true
}

/// Whether the lead byte `lead` followed by `next` starts a character of
/// [`LETTER_PAIRS`].
#[inline(always)]
fn is_letter_pair(lead: u8, next: u8) -> bool {
    let pair = usize::from(lead) | (usize::from(next) << 8);
    LETTER_PAIRS[pair / 64] & (1 << (pair % 64)) != 0
}

/// The end of the word starting at `start` read by the fast path, the byte
/// there (0 at the end of the text) and the eight bytes from `start`: eight bytes at a time, without a
/// branch per byte, ASCII letters and every non-ASCII byte continue the word,
/// so most words end at the first ASCII non-letter of their first eight
/// bytes. `None` if a non-ASCII character of the word is not one of
/// [`LETTER_PAIRS`] (decide exactly); `start` itself if the byte there is
/// an ASCII non-letter.
#[inline(always)]
fn fast_word_end(bytes: &[u8], start: usize) -> Option<(usize, u8, u64)> {
    let first = load_chunk(bytes, start);
    let mut chunk = first;
    let mut i = start;
    loop {
        let ends = word_ends(chunk);
        if ends != 0 {
            // The lead bytes lie before the end, so the byte after each is
            // in the chunk too.
            let leads = chunk & (chunk << 1) & HIGH & below_first(ends);
            if !leads_are_letters(chunk, leads) {
                return None;
            }
            let bit = ends.trailing_zeros();
            return Some((i + (bit / 8) as usize, (chunk >> (bit - 7)) as u8, first));
        }
        // The word goes on past the chunk: check the lead bytes whose next
        // byte is in the chunk; the last byte is looked at again as the
        // first of the next chunk.
        if !leads_are_letters(chunk, chunk & (chunk << 1) & (HIGH >> 8)) {
            return None;
        }
        i += 7;
        chunk = load_chunk(bytes, i);
    }
}

/// The high bit set in each byte of `chunk` that ends a word: ASCII but
/// not a letter.
#[inline(always)]
fn word_ends(chunk: u64) -> u64 {
    !(chunk | ascii_letters(chunk)) & HIGH
}

/// The bytes before the first byte whose high bit is set in `marks` (all of
/// them if there is none), as a mask of whole bytes.
#[inline(always)]
fn below_first(marks: u64) -> u64 {
    ((marks & marks.wrapping_neg()) >> 7).wrapping_sub(1)
}

/// Every byte of a `u64` (`0x0101..01` times a byte).
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte of a `u64`.
pub(crate) const HIGH: u64 = 0x80 * ONES;

/// The eight bytes of `bytes` from `i`, as a little-endian `u64` (byte `i`
/// lowest), padded with NULs past the end.
#[inline(always)]
pub(crate) fn load_chunk(bytes: &[u8], i: usize) -> u64 {
    match bytes.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        Some(chunk) => u64::from_le_bytes(*chunk),
        None => {
            let mut padded = [0; 8];
            let rest = bytes.get(i..).unwrap_or_default();
            padded[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(padded)
        }
    }
}

/// The high bit set in each byte of `chunk` that is an ASCII letter.
#[inline(always)]
fn ascii_letters(chunk: u64) -> u64 {
    // Folded to lower case, with the high bit cleared (so that the sums
    // below never carry into the next byte): `a` <= byte <= `z`.
    let folded = (chunk & !HIGH) | (0x20 * ONES);
    let at_least_a = folded + (0x1F * ONES);
    let past_z = folded + (0x05 * ONES);
    at_least_a & !past_z & !chunk & HIGH
}

/// If `c` (not ASCII) is part of a word, whether it is lower-case and
/// whether it is upper-case; `None` otherwise.
#[inline(always)]
fn letter_case(c: char) -> Option<(bool, bool)> {
    const LOWER: Option<(bool, bool)> = Some((true, false));
    const UPPER: Option<(bool, bool)> = Some((false, true));
    // Vietnamese letters by range first (Latin-1, Latin Extended-A/B, Latin
    // Extended Additional), without the slower Unicode property lookups.
    let code = c as u32;
    match code {
        0xD7 | 0xF7 => None,
        0xC0..=0xDE => UPPER,
        0xDF..=0xFF => LOWER,
        0x100..=0x137 | 0x14A..=0x177 | 0x1EA0..=0x1EFF => {
            if code & 1 == 1 {
                LOWER
            } else {
                UPPER
            }
        }
        0x1A0 | 0x1AF => UPPER,
        0x1A1 | 0x1B0 => LOWER,
        // General punctuation and currency signs: quotes, dashes, `…`, `€`.
        0x2000..=0x206F | 0x20A0..=0x20CF => None,
        _ if c.is_alphabetic() => Some((c.is_lowercase(), c.is_uppercase())),
        _ if unicode_normalization::char::is_combining_mark(c) => Some((false, false)),
        _ => None,
    }
}

/// The byte length of the letter (or combining mark) starting at byte `i`,
/// or 0 if there is no letter there. Vietnamese letters are recognized from
/// their first two bytes, other characters by their Unicode properties.
#[inline(always)]
fn letter_len_at(bytes: &[u8], i: usize) -> usize {
    let b0 = bytes[i];
    if b0 < 0x80 {
        return usize::from(b0.is_ascii_alphabetic());
    }
    let b1 = bytes.get(i + 1).copied().unwrap_or(0);
    match b0 {
        // U+00C0..U+00FF except × and ÷.
        0xC3 => 2 * usize::from(b1 != 0x97 && b1 != 0xB7),
        // U+0100..U+01BF.
        0xC4..=0xC6 => 2,
        // U+1E00..U+1EFF (Latin Extended Additional: ạ ả ấ ầ ... ỹ).
        0xE1 if (0xB8..=0xBB).contains(&b1) => 3,
        _ => {
            let (c, len) = decode_at(bytes, i);
            if letter_case(c).is_some() {
                len
            } else {
                0
            }
        }
    }
}

/// The class of a character.
#[inline]
fn classify(c: char) -> Class {
    if c.is_ascii() {
        BYTE_CLASS[c as usize]
    } else if letter_case(c).is_some() {
        Class::Letter
    } else if matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}') {
        Class::LineBreak
    } else if c.is_whitespace() || c.is_control() || is_invisible(c) {
        Class::Space
    } else {
        Class::Other
    }
}

/// Segments `text`: tokens, paragraphs, sentences and clauses (see the
/// [module documentation](self)). Never panics.
///
/// ```
/// let text = "Ông Đ.T.Hà (TP. Hà Nội) nói: trồng rừng đạt 175,158/155ha... Đạt 113%./.";
/// let s = vnextract::segment(text);
/// assert_eq!(s.sentences.len(), 2);
/// assert_eq!(&text[s.sentences[1].clone()], "Đạt 113%./.");
/// let tokens: Vec<&str> = s.tokens.iter().map(|t| t.text(text)).collect();
/// assert_eq!(tokens[..6], ["Ông", "Đ", ".", "T", ".", "Hà"]);
/// ```
pub fn segment(text: &str) -> Segments {
    let mut segments = Segments::default();
    segment_into(text, &mut segments);
    segments
}

/// [`segment`] into `out`, whose lists are emptied and reused: a caller
/// that segments text after text and drops each result keeps one and
/// allocates nothing once its lists are large enough.
pub(crate) fn segment_into(text: &str, out: &mut Segments) {
    // Room for most texts at once (news text: a token per 4 to 5 bytes, a
    // sentence per 120 or more), so that the lists do not grow.
    clear_with_capacity(&mut out.paragraphs, text.len() / 400 + 1);
    clear_with_capacity(&mut out.sentences, text.len() / 120 + 1);
    clear_with_capacity(&mut out.clauses, text.len() / 100 + 1);
    clear_with_capacity(&mut out.tokens, text.len() / 4 + 1);
    let scratch = BuilderScratch::take();
    let mut builder = Builder {
        text,
        bytes: text.as_bytes(),
        out: std::mem::take(out),
        marks: scratch.marks,
        semicolons: scratch.semicolons,
        words: scratch.words,
    };
    builder.tokenize();
    *out = builder.out;
    BuilderScratch {
        marks: builder.marks,
        semicolons: builder.semicolons,
        words: builder.words,
    }
    .give_back();
}

/// Empties `list`, with room for at least `capacity` items: a list kept
/// for reuse that is too small is replaced, not grown, since growing would
/// copy its old (dead) items.
pub(crate) fn clear_with_capacity<T>(list: &mut Vec<T>, capacity: usize) {
    list.clear();
    if list.capacity() < capacity {
        *list = Vec::with_capacity(capacity);
    }
}

/// The case of the word at `span` of `text`; only capitalized words are
/// scanned past their first letter.
#[inline(always)]
fn word_case(text: &str, span: Range<usize>) -> Case {
    word_case_from(text, span.clone(), load_chunk(text.as_bytes(), span.start))
}

/// [`word_case`] given the eight bytes from the start of the word (`chunk`,
/// from [`load_chunk`]).
#[inline(always)]
fn word_case_from(text: &str, span: Range<usize>, chunk: u64) -> Case {
    let b = chunk as u8;
    if b.is_ascii_lowercase() {
        return Case::Lower;
    }
    let len = if b.is_ascii_uppercase() {
        // Most capitalized words are decided by their first eight bytes.
        let in_word = if span.len() >= 8 {
            u64::MAX
        } else {
            (1u64 << (span.len() * 8)) - 1
        };
        // Bit 5 (0x20) set in a letter: lower case.
        if ascii_letters(chunk) & (chunk << 2) & in_word != 0 {
            return Case::Title;
        }
        if span.len() <= 8 && chunk & HIGH & in_word == 0 {
            return Case::Upper;
        }
        1
    } else {
        let (first, len) = decode_chunk(chunk);
        match letter_case(first) {
            Some((true, _)) => return Case::Lower,
            Some((false, true)) => len,
            _ => return Case::Uncased,
        }
    };
    if has_lower_case(text, span.start + len..span.end) {
        Case::Title
    } else {
        Case::Upper
    }
}

/// Whether the text at `span` of `text` has a lower-case letter.
#[cold]
fn has_lower_case(text: &str, span: Range<usize>) -> bool {
    let rest = text.get(span).unwrap_or("");
    rest.bytes().any(|b| b.is_ascii_lowercase())
        || (!rest.is_ascii()
            && rest
                .chars()
                .any(|c| !c.is_ascii() && letter_case(c).is_some_and(|(lower, _)| lower)))
}

/// Decodes the character at the start of `chunk` (eight bytes of valid
/// UTF-8 from a character boundary, from [`load_chunk`]), as [`decode_at`]
/// does but without reading the text again.
#[inline(always)]
fn decode_chunk(chunk: u64) -> (char, usize) {
    let byte = |k: u32| (chunk >> (8 * k)) as u8;
    compose_utf8(byte(0), byte)
}

/// Where [`scan_word_run`] stopped.
enum WordRun {
    /// After the last word it read (or where it started: no word there).
    Ended(usize),
    /// At a word the fast path cannot read: scan it exactly.
    Exact(usize),
}

/// Reads words separated by single spaces from `start` into `tokens`, as
/// long as the word fast path can read them, with the numbers and the ASCII
/// punctuation between them (pushing the index of each `.`, `!`, `?` and
/// `;` to `marks`, as [`Builder::tokenize`] does), so that a run goes on
/// past `. ` and `năm 2022 ` (most of the places where it would stop). A
/// function of its own, with the rare cases out of line, so that the loop
/// keeps its state in registers. Words of up to seven bytes seen before
/// (most of them) are looked up in `words` instead of being checked again.
#[inline(never)]
fn scan_word_run(builder: &mut Builder<'_>, mut start: usize) -> WordRun {
    let text = builder.text;
    let bytes = text.as_bytes();
    loop {
        // Most words end inside the eight bytes from their start.
        let chunk = load_chunk(bytes, start);
        let ends = word_ends(chunk);
        let (end, next, case) = if ends != 0 {
            // Every bit up to the end byte's high bit; the word is the
            // bytes before that byte.
            let through_end = ends ^ (ends - 1);
            let word = chunk & (through_end >> 8);
            if word == 0 {
                // No word here: a number or punctuation goes on with the run.
                match ascii_token(builder, start, chunk as u8) {
                    Some(after) => {
                        start = after;
                        continue;
                    }
                    None => return WordRun::Ended(start),
                }
            }
            match builder.words.case_of(word) {
                Some(case) => {
                    let bit = ends.trailing_zeros();
                    (start + (bit / 8) as usize, (chunk >> (bit - 7)) as u8, case)
                }
                None => match short_word(text, start, chunk, ends, &mut builder.words) {
                    Some(read) => read,
                    None => return not_fast_word(bytes, start),
                },
            }
        } else {
            match long_word(text, start, chunk, &mut builder.words) {
                Some(read) => read,
                None => return not_fast_word(bytes, start),
            }
        };
        // An apostrophe may be inside the word (`H'Mông`).
        if next == b'\'' {
            return WordRun::Exact(start);
        }
        builder.out.tokens.push(Token {
            span: start..end,
            kind: TokenKind::Word,
            case,
        });
        // Most words are followed by a single space, many by `, ` or `. `.
        start = end + 1;
        if next != b' ' {
            if BYTE_CLASS[usize::from(next)] != Class::Other {
                return WordRun::Ended(end);
            }
            push_ascii_punct(&mut builder.out.tokens, &mut builder.marks, end, next);
            start = end + 1 + usize::from(bytes.get(end + 1) == Some(&b' '));
        }
    }
}

/// Pushes the one-byte ASCII punctuation `byte` at `at` as a token, and
/// its index as a sentence mark when it can end a sentence.
#[inline(always)]
fn push_ascii_punct(tokens: &mut Vec<Token>, marks: &mut Vec<usize>, at: usize, byte: u8) {
    if matches!(byte, b'.' | b'!' | b'?' | b';') {
        marks.push(tokens.len());
    }
    tokens.push(Token {
        span: at..at + 1,
        kind: TokenKind::Punct,
        case: Case::Uncased,
    });
}

/// Reads the number or the one-byte ASCII punctuation token at `start`
/// (whose byte is `first`) into the tokens of `builder` as
/// [`Builder::tokenize`] does,
/// with a single space after it; returns where to go on, or `None` if
/// there is neither (a line break, a control character, a second space, a
/// character that is not ASCII). Out of line, to leave the registers of
/// [`scan_word_run`]'s loop alone.
#[inline(never)]
fn ascii_token(builder: &mut Builder<'_>, start: usize, first: u8) -> Option<usize> {
    let bytes = builder.bytes;
    let tokens = &mut builder.out.tokens;
    let marks = &mut builder.marks;
    let end = match BYTE_CLASS[usize::from(first)] {
        Class::Digit => {
            let end = number_end(bytes, start);
            tokens.push(Token {
                span: start..end,
                kind: TokenKind::Number,
                case: Case::Uncased,
            });
            end
        }
        Class::Other => {
            push_ascii_punct(tokens, marks, start, first);
            start + 1
        }
        _ => return None,
    };
    Some(end + usize::from(bytes.get(end) == Some(&b' ')))
}

/// The end of the number starting at the digit at `start`: ASCII digits
/// with single `.` or `,` separators between digits (`2.312`, `1,5`, not
/// `2022.`).
#[inline(always)]
fn number_end(bytes: &[u8], start: usize) -> usize {
    let n = bytes.len();
    let mut i = start;
    loop {
        while i < n && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i + 1 < n && matches!(bytes[i], b'.' | b',') && bytes[i + 1].is_ascii_digit() {
            i += 1;
        } else {
            return i;
        }
    }
}

/// The case of the word of one to seven bytes at `span` not yet in
/// `words` (and now in it), given its first eight bytes `chunk` and the
/// mask `through_end` of its bytes and the ASCII byte after them; `None`
/// if the fast path cannot read it.
#[inline(always)]
fn short_word_case(
    text: &str,
    span: Range<usize>,
    chunk: u64,
    through_end: u64,
    words: &mut WordCache,
) -> Option<Case> {
    // The lead bytes of the word (the end byte is ASCII).
    let leads = chunk & (chunk << 1) & HIGH & through_end;
    if leads != 0 && !leads_are_letters(chunk, leads) {
        return None;
    }
    let case = word_case_from(text, span, chunk);
    words.insert(chunk & (through_end >> 8), case);
    Some(case)
}

/// The end, the byte after it and the case of the word of one to seven
/// bytes at `start` not yet in `words` (and now in it), given its first
/// eight bytes `chunk` and their word ends `ends`; `None` if the fast path
/// cannot read it. Out of line, and returning the end and the byte after
/// it too, so that nothing of [`scan_word_run`]'s loop but `start` lives
/// across the call (its registers then hold the loop's state).
#[inline(never)]
fn short_word(
    text: &str,
    start: usize,
    chunk: u64,
    ends: u64,
    words: &mut WordCache,
) -> Option<(usize, u8, Case)> {
    let bit = ends.trailing_zeros();
    let end = start + (bit / 8) as usize;
    let case = short_word_case(text, start..end, chunk, ends ^ (ends - 1), words)?;
    Some((end, (chunk >> (bit - 7)) as u8, case))
}

/// The end, the byte after it and the case of the word of eight bytes or
/// more (`nghiệm`, `trường`) starting at `start` with the eight bytes
/// `chunk`; `None` if the fast path cannot read it. Out of line, as
/// [`short_word`].
#[inline(never)]
fn long_word(text: &str, start: usize, chunk: u64, words: &mut WordCache) -> Option<(usize, u8, Case)> {
    let bytes = text.as_bytes();
    let second = load_chunk(bytes, start + 8);
    let second_ends = word_ends(second);
    let bit = second_ends.trailing_zeros();
    let tail = second & ((second_ends ^ second_ends.wrapping_sub(1)) >> 8);
    if second_ends != 0 {
        if let Some(case) = words.long_case_of(chunk, tail) {
            return Some((start + 8 + (bit / 8) as usize, (second >> (bit - 7)) as u8, case));
        }
    }
    let (end, next, _) = fast_word_end(bytes, start)?;
    let case = capitalized_word_case(text, start..end, chunk);
    if second_ends != 0 {
        words.insert_long(chunk, tail, case);
    }
    Some((end, next, case))
}

/// Words of one to seven bytes that [`scan_word_run`] read, with their
/// case, so that the next occurrence needs neither the check of its
/// letters nor the look at its case: news text repeats a few thousand
/// syllables. Both depend on the word's bytes alone, so the cache changes
/// no result. It lives per thread, to serve many short texts.
struct WordCache {
    /// Direct-mapped slots: the word's bytes (little-endian, zero-padded;
    /// never 0, as a word has a byte and no NUL) shifted up a byte, with
    /// its case in the low byte; 0 is empty.
    slots: Box<[u64; 1 << WordCache::SLOT_BITS]>,
    /// The same for words of eight to fifteen bytes: their first eight
    /// bytes (never 0), and the rest shifted up a byte with the case in
    /// the low byte.
    long_slots: Box<[[u64; 2]; 1 << WordCache::LONG_SLOT_BITS]>,
}

/// What [`Builder`] keeps from one text to the next of a thread: the word
/// cache, and its lists of sentence marks and semicolons (emptied after
/// each paragraph), so that a text allocates only its [`Segments`].
struct BuilderScratch {
    marks: Vec<usize>,
    semicolons: Vec<usize>,
    words: WordCache,
}

thread_local! {
    static BUILDER_SCRATCH: std::cell::Cell<Option<BuilderScratch>> = const { std::cell::Cell::new(None) };
}

impl BuilderScratch {
    /// Most paragraphs have fewer marks than this; a list that grew much
    /// larger on a huge paragraph is not kept.
    const KEPT_CAPACITY: usize = 4096;

    /// This thread's scratch (a new one if it is in use or not made yet).
    fn take() -> BuilderScratch {
        BUILDER_SCRATCH.take().unwrap_or_else(|| BuilderScratch {
            marks: Vec::with_capacity(64),
            semicolons: Vec::with_capacity(16),
            words: WordCache::new(),
        })
    }

    /// Leaves the scratch for the next text of this thread.
    fn give_back(mut self) {
        for list in [&mut self.marks, &mut self.semicolons] {
            list.clear();
            list.shrink_to(Self::KEPT_CAPACITY);
        }
        BUILDER_SCRATCH.set(Some(self));
    }
}

impl WordCache {
    /// 128 KiB: with 8 Ki slots, one short word in six missed on slot
    /// conflicts alone.
    const SLOT_BITS: u32 = 14;
    const LONG_SLOT_BITS: u32 = 11;

    /// An empty cache.
    fn new() -> WordCache {
        WordCache {
            slots: vec![0; 1 << Self::SLOT_BITS]
                .into_boxed_slice()
                .try_into()
                .expect("slot count"),
            long_slots: vec![[0; 2]; 1 << Self::LONG_SLOT_BITS]
                .into_boxed_slice()
                .try_into()
                .expect("slot count"),
        }
    }

    #[inline(always)]
    fn slot(word: u64) -> usize {
        (word.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - Self::SLOT_BITS)) as usize
    }

    /// The case of `word` (its bytes, from [`load_chunk`] with the bytes
    /// from its end on cleared) if it is cached.
    #[inline(always)]
    fn case_of(&self, word: u64) -> Option<Case> {
        let slot = self.slots[Self::slot(word)];
        (slot >> 8 == word).then(|| case_from_code(slot))
    }

    #[inline(always)]
    fn insert(&mut self, word: u64, case: Case) {
        self.slots[Self::slot(word)] = word << 8 | case_code(case);
    }

    #[inline(always)]
    fn long_slot(head: u64, tail: u64) -> usize {
        ((head ^ tail.rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - Self::LONG_SLOT_BITS))
            as usize
    }

    /// The case of the word of eight to fifteen bytes made of `head` (its
    /// first eight) and `tail` (the rest, as `word` of
    /// [`WordCache::case_of`]) if it is cached.
    #[inline(always)]
    fn long_case_of(&self, head: u64, tail: u64) -> Option<Case> {
        let [slot_head, slot_tail] = self.long_slots[Self::long_slot(head, tail)];
        (slot_head == head && slot_tail >> 8 == tail).then(|| case_from_code(slot_tail))
    }

    #[inline(always)]
    fn insert_long(&mut self, head: u64, tail: u64, case: Case) {
        self.long_slots[Self::long_slot(head, tail)] = [head, tail << 8 | case_code(case)];
    }
}

/// The two-bit code of a case in a [`WordCache`] slot.
#[inline(always)]
fn case_code(case: Case) -> u64 {
    match case {
        Case::Uncased => 0,
        Case::Lower => 1,
        Case::Title => 2,
        Case::Upper => 3,
    }
}

/// The case of a [`case_code`] (in the low two bits of `code`).
#[inline(always)]
fn case_from_code(code: u64) -> Case {
    match code & 3 {
        0 => Case::Uncased,
        1 => Case::Lower,
        2 => Case::Title,
        _ => Case::Upper,
    }
}

/// Where [`scan_word_run`] stops at a word (maybe) that the fast path
/// cannot read: the exact scan if it starts with a letter.
#[cold]
fn not_fast_word(bytes: &[u8], start: usize) -> WordRun {
    let first_is_letter =
        bytes[start] < 0x80 || is_letter_pair(bytes[start], bytes.get(start + 1).copied().unwrap_or(0));
    if first_is_letter {
        WordRun::Exact(start)
    } else {
        WordRun::Ended(start)
    }
}

/// [`word_case_from`] out of line, for words not starting with an ASCII
/// lower-case letter (one in four).
#[inline(never)]
fn capitalized_word_case(text: &str, span: Range<usize>, chunk: u64) -> Case {
    word_case_from(text, span, chunk)
}

struct Builder<'a> {
    text: &'a str,
    bytes: &'a [u8],
    out: Segments,
    /// Indexes of the tokens of the current paragraph that may end a
    /// sentence or a clause (`.`, `!`, `?`, `…`, `;`), so that sentence
    /// splitting visits only them.
    marks: Vec<usize>,
    /// Indexes of the `;` tokens of the current sentence.
    semicolons: Vec<usize>,
    /// Short words the fast path read before, with their case.
    words: WordCache,
}

impl Builder<'_> {
    /// One pass over the bytes: tokens, and paragraphs (with their sentences
    /// and clauses) at each line break.
    fn tokenize(&mut self) {
        let bytes = self.bytes;
        let n = bytes.len();
        let mut paragraph_first_token = 0;
        let mut i = 0;
        while i < n {
            let b = bytes[i];
            // Spaces and letters first: they are most of the text.
            if b == b' ' {
                i += 1;
                continue;
            }
            let class = BYTE_CLASS[b as usize];
            if matches!(class, Class::Letter | Class::Check | Class::Digit | Class::Other) {
                // Words separated by single spaces (most of the text) are read one after
                // the other without going round the byte loop.
                let end = self.scan_words(i);
                if end != i {
                    i = end;
                    continue;
                }
            }
            let (class, len) = match class {
                Class::Check => {
                    let (c, len) = decode_at(bytes, i);
                    (classify(c), len)
                }
                class => (class, 1),
            };
            match class {
                Class::Space => i += len,
                Class::LineBreak => {
                    self.finish_paragraph(paragraph_first_token);
                    paragraph_first_token = self.out.tokens.len();
                    i += len;
                }
                Class::Letter => i = self.scan_word(i),
                Class::Digit => i = self.scan_number(i),
                Class::Other | Class::Check => {
                    if matches!(b, b'.' | b'!' | b'?' | b';')
                        || (b == 0xE2 && is_terminator(decode_at(bytes, i).0))
                    {
                        self.marks.push(self.out.tokens.len());
                    }
                    self.push(i..i + len, TokenKind::Punct, Case::Uncased);
                    i += len;
                }
            }
        }
        self.finish_paragraph(paragraph_first_token);
    }

    #[inline(always)]
    fn push(&mut self, span: Range<usize>, kind: TokenKind, case: Case) {
        self.out.tokens.push(Token { span, kind, case });
    }

    /// Scans the word starting at `start`; returns its end.
    #[inline(always)]
    fn scan_word(&mut self, start: usize) -> usize {
        match fast_word_end(self.bytes, start) {
            Some((end, next, first)) if next != b'\'' => {
                let case = word_case_from(self.text, start..end, first);
                self.push(start..end, TokenKind::Word, case);
                end
            }
            // Another script, a symbol, a combining mark or an apostrophe
            // (maybe inside the word): decide exactly.
            _ => self.scan_word_exactly(start),
        }
    }

    /// Scans words separated by single spaces from `start`, as long as the
    /// word fast path can read them; returns the end of the last one, or
    /// `start` if there is no word at `start` that the fast path can read.
    #[inline(always)]
    fn scan_words(&mut self, start: usize) -> usize {
        match scan_word_run(self, start) {
            WordRun::Ended(end) => end,
            WordRun::Exact(at) => self.scan_word_exactly(at),
        }
    }

    /// Scans the word starting at `start` character by character; returns
    /// its end. The slow path of [`Builder::scan_word`], for other scripts,
    /// apostrophes and symbols next to letters.
    fn scan_word_exactly(&mut self, start: usize) -> usize {
        let bytes = self.bytes;
        let n = bytes.len();
        let mut i = start;
        while i < n {
            let len = letter_len_at(bytes, i);
            if len > 0 {
                i += len;
                continue;
            }
            // An apostrophe between letters stays inside: `H'Mông`, `K’Ho`.
            let apostrophe = match bytes[i] {
                b'\'' => 1,
                0xE2 if bytes.get(i + 1..i + 3) == Some(&[0x80, 0x99]) => 3,
                _ => 0,
            };
            if apostrophe > 0 && i > start && i + apostrophe < n && letter_len_at(bytes, i + apostrophe) > 0 {
                i += apostrophe;
                continue;
            }
            break;
        }
        if i == start {
            // Not a letter after all: a one-character symbol.
            let (_, len) = decode_at(bytes, start);
            self.push(start..start + len, TokenKind::Punct, Case::Uncased);
            return start + len;
        }
        let case = word_case(self.text, start..i);
        self.push(start..i, TokenKind::Word, case);
        i
    }

    /// Scans the number starting at `start`; returns its end.
    fn scan_number(&mut self, start: usize) -> usize {
        let end = number_end(self.bytes, start);
        self.push(start..end, TokenKind::Number, Case::Uncased);
        end
    }

    /// The first character of token `index`.
    fn first_char(&self, index: usize) -> char {
        decode_at(self.bytes, self.out.tokens[index].span.start).0
    }

    /// Whether tokens `a` and `a + 1` touch (no space between them).
    fn joined(&self, a: usize) -> bool {
        self.out.tokens[a].span.end == self.out.tokens[a + 1].span.start
    }

    /// Whether token `index` is the one-character ASCII punctuation `c`.
    fn is_punct(&self, index: usize, c: u8) -> bool {
        let token = &self.out.tokens[index];
        token.kind == TokenKind::Punct && self.bytes[token.span.start] == c
    }

    /// Whether token `index` is a punctuation that can end a sentence.
    fn is_terminator_token(&self, index: usize) -> bool {
        self.out.tokens[index].kind == TokenKind::Punct && is_terminator(self.first_char(index))
    }

    /// Closes the paragraph made of the tokens from `first` to the last one,
    /// splitting it into sentences and clauses.
    fn finish_paragraph(&mut self, first: usize) {
        let end = self.out.tokens.len();
        if first >= end {
            self.marks.clear();
            return;
        }
        let tokens = &self.out.tokens;
        self.out
            .paragraphs
            .push(tokens[first].span.start..tokens[end - 1].span.end);
        let marks = std::mem::take(&mut self.marks);
        self.semicolons.clear();
        let mut sentence_start = first;
        let mut next_mark = first;
        for &k in &marks {
            if k < next_mark {
                continue; // inside the previous terminator run
            }
            if self.is_punct(k, b';') {
                self.semicolons.push(k);
                continue;
            }
            let run_end = self.terminator_run_end(k, end);
            next_mark = run_end;
            if self.ends_sentence(sentence_start, k, run_end, end) {
                self.push_sentence(sentence_start, run_end);
                sentence_start = run_end;
            }
        }
        if sentence_start < end {
            self.push_sentence(sentence_start, end);
        }
        self.marks = marks;
        self.marks.clear();
    }

    /// The end (exclusive token index) of the run of terminators starting at
    /// `k`, with the `/.` of `./.` and closing quotes/brackets glued to it.
    fn terminator_run_end(&self, k: usize, end: usize) -> usize {
        let mut e = k + 1;
        while e < end && self.joined(e - 1) {
            if self.is_terminator_token(e) {
                e += 1;
            } else if self.is_punct(e, b'/') && e + 1 < end && self.joined(e) && self.is_punct(e + 1, b'.') {
                e += 2;
            } else {
                break;
            }
        }
        while e < end
            && self.joined(e - 1)
            && self.out.tokens[e].kind == TokenKind::Punct
            && is_closer(self.first_char(e))
        {
            e += 1;
        }
        e
    }

    /// Whether the terminator run `k..run_end` ends the sentence that began
    /// at token `sentence_start`, in a paragraph ending at token `end`.
    fn ends_sentence(&self, sentence_start: usize, k: usize, run_end: usize, end: usize) -> bool {
        if run_end >= end {
            return true;
        }
        let tokens = &self.out.tokens;
        if self.joined(run_end - 1) {
            // No space after: `TP.HCM`, `VOV.VN`, `a.b`; but a missing space
            // between a lower-case word or a number and a capitalized word
            // (`năm 2022.Theo đó`) is a typo for a sentence end.
            let next = &tokens[run_end];
            let prev_ok = k > sentence_start && self.joined(k - 1) && {
                let prev = &tokens[k - 1];
                (prev.case == Case::Lower && prev.span.len() >= 2) || prev.kind == TokenKind::Number
            };
            return prev_ok && next.case == Case::Title && next.span.len() >= 2;
        }
        // What follows must look like a sentence start.
        let mut next = run_end;
        while next < end && tokens[next].kind == TokenKind::Punct && is_opener(self.first_char(next)) {
            next += 1;
        }
        if next < end {
            let t = &tokens[next];
            let starts = match t.kind {
                // `b) Thí sinh ...`: a lettered item opens a sentence.
                TokenKind::Word if t.case == Case::Lower => {
                    t.span.len() == 1 && next + 1 < end && self.joined(next) && self.is_punct(next + 1, b')')
                }
                TokenKind::Word => true,
                TokenKind::Number => true,
                TokenKind::Punct => false,
            };
            if !starts {
                return false;
            }
        }
        // A single period may belong to an abbreviation, initials or an
        // enumeration marker glued before it.
        let single_period = self.is_punct(k, b'.') && (k + 1 == run_end || !self.is_punct(k + 1, b'.'));
        if !single_period || k == sentence_start || !self.joined(k - 1) {
            return true;
        }
        let mut chunk_first = k - 1;
        while chunk_first > sentence_start && self.joined(chunk_first - 1) {
            chunk_first -= 1;
        }
        let chunk = self
            .text
            .get(tokens[chunk_first].span.start..tokens[k].span.start)
            .unwrap_or("");
        // Most periods follow one cased word (`đồng.`): nothing to trim, no
        // inner period to look for.
        let one_word = chunk_first == k - 1 && tokens[chunk_first].case != Case::Uncased;
        let chunk = if one_word || chunk.as_bytes().first().is_some_and(u8::is_ascii_alphanumeric) {
            chunk
        } else {
            chunk.trim_start_matches(|c: char| !c.is_alphanumeric())
        };
        if chunk.is_empty() {
            return true;
        }
        let abbreviation = if one_word {
            is_listed_abbreviation(chunk) || is_initial(chunk)
        } else {
            is_abbreviation(chunk)
        };
        if abbreviation {
            if is_initial(chunk) {
                // A single capital is an initial (`Q. Lan`) unless it is a
                // label: `độ C. Tuy vậy`.
                return chunk_first > sentence_start
                    && !self.joined(chunk_first - 1)
                    && tokens[chunk_first - 1].kind == TokenKind::Word
                    && LETTER_LABELS
                        .binary_search(&tokens[chunk_first - 1].text(self.text))
                        .is_ok();
            }
            // Full initials (`chị P.A.`, `M.U.`) mostly stand for a whole
            // name: a capitalized word after them starts a new sentence.
            let full_initials = !is_listed_abbreviation(chunk)
                && chunk.split('.').all(is_initial)
                && tokens[run_end].case == Case::Title;
            return full_initials;
        }
        !(chunk_first == sentence_start && is_enumeration_marker(chunk))
    }

    /// Pushes the sentence of tokens `first..end` and its clauses, split at
    /// the `;` collected in `self.semicolons`.
    fn push_sentence(&mut self, first: usize, end: usize) {
        let tokens = &self.out.tokens;
        self.out
            .sentences
            .push(tokens[first].span.start..tokens[end - 1].span.end);
        let mut clause_start = first;
        for &k in &self.semicolons {
            if k >= end {
                break;
            }
            if clause_start < k {
                self.out
                    .clauses
                    .push(tokens[clause_start].span.start..tokens[k - 1].span.end);
            }
            clause_start = k + 1;
        }
        if clause_start < end {
            self.out
                .clauses
                .push(tokens[clause_start].span.start..tokens[end - 1].span.end);
        }
        self.semicolons.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        segment(text).sentences.iter().map(|r| &text[r.clone()]).collect()
    }

    /// Runs `scan` on a fresh builder over `text` from byte 0.
    fn scan_with(text: &str, scan: fn(&mut Builder<'_>, usize) -> usize) -> (usize, Vec<Token>) {
        let mut builder = Builder {
            text,
            bytes: text.as_bytes(),
            out: Segments::default(),
            marks: Vec::new(),
            semicolons: Vec::new(),
            words: WordCache::new(),
        };
        let end = scan(&mut builder, 0);
        (end, builder.out.tokens)
    }

    #[test]
    fn word_fast_path_agrees_with_exact_scan() {
        // Letters, symbols that look like letters by their lead byte (`×`,
        // `÷`, Greek U+1Fxx) and word ends, at every position around the
        // eight-byte steps of the fast path.
        let pieces = [
            "a", "B", "ệ", "Đ", "ư", "×", "÷", "ἀ", "ḁ", "'", " ", "5", "₫", ".", "\u{301}",
        ];
        for filler in 0..12 {
            for a in pieces {
                for b in pieces {
                    for tail in ["x y", "x yyyyyyyyyyyyyyyy", "ệ", "'a", ""] {
                        let text =
                            format!("{}{a}{}{b}{tail}", "n".repeat(filler + 1), "g".repeat(filler % 5));
                        let fast = scan_with(&text, |b, i| b.scan_word(i));
                        let exact = scan_with(&text, |b, i| b.scan_word_exactly(i));
                        assert_eq!(fast, exact, "{text:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn cached_words_read_as_the_first_time() {
        let text = "nghiệm trường Nghiệm NGHIỆM H'Mông a×b người… ab ab. Ab AB ẠB người ×ab trường Trường TRƯỜNG nghiệmx";
        let exact: Vec<Token> = {
            let mut tokens = Vec::new();
            let mut i = 0;
            while i < text.len() {
                if text.as_bytes()[i] == b' ' {
                    i += 1;
                    continue;
                }
                let (end, found) = scan_with(&text[i..], |b, i| b.scan_word_exactly(i));
                tokens.extend(found.into_iter().map(|t| Token {
                    span: t.span.start + i..t.span.end + i,
                    ..t
                }));
                i += end;
            }
            tokens
        };
        BUILDER_SCRATCH.take();
        let cold = segment(text).tokens;
        let warm = segment(text).tokens;
        assert_eq!(cold, exact);
        assert_eq!(warm, exact);
    }

    #[test]
    fn word_case_agrees_with_letter_properties() {
        for word in [
            "A",
            "AB",
            "Ab",
            "ABCDEFGH",
            "ABCDEFGHI",
            "ABCDEFGHi",
            "ABCDEFGh",
            "AĐ",
            "Aạ",
            "AẠ",
            "ABCDEFGạ",
            "ABCDEFGẠ",
            "Đà",
            "ĐT",
            "a",
            "ạ",
            "Ủy",
            "UBND",
            "H'MÔNG",
            "H'Mông",
            "Nguyễn",
        ] {
            for text in [word.to_owned(), format!("{word} x"), format!("{word}.")] {
                let first = word.chars().next().unwrap();
                let lower = word.chars().skip(1).any(char::is_lowercase);
                let expected = if first.is_lowercase() {
                    Case::Lower
                } else if lower {
                    Case::Title
                } else {
                    Case::Upper
                };
                let s = segment(&text);
                assert_eq!(s.tokens[0].span, 0..word.len(), "{text:?}");
                assert_eq!(s.tokens[0].case, expected, "{text:?}");
            }
        }
    }

    #[test]
    fn abbreviation_list_parses() {
        assert!(is_listed_abbreviation("TP"));
        assert!(is_listed_abbreviation("ThS"));
        assert!(is_listed_abbreviation("ĐT"));
        assert!(!is_listed_abbreviation("NTM"));
        let listed = include_str!("../data/segment/abbreviations.tsv")
            .lines()
            .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
            .count();
        assert_eq!(ABBREVIATIONS.0.len(), listed, "every listed abbreviation is kept");
        assert!(LETTER_LABELS.binary_search(&"độ").is_ok() && LETTER_LABELS.binary_search(&"Bên").is_ok());
        assert!(LETTER_LABELS.iter().all(|w| !w.is_empty() && !w.contains(' ')));
        assert!(ABBREVIATIONS
            .0
            .iter()
            .all(|a| is_listed_abbreviation(a) && !a.contains(' ')));
    }

    #[test]
    fn chunk_rules() {
        assert!(is_abbreviation("PGS.TS"));
        assert!(is_abbreviation("Đ.T"));
        assert!(is_abbreviation("D"));
        assert!(!is_abbreviation("TP.HCM"));
        assert!(!is_abbreviation("NTM"));
        assert!(!is_abbreviation("v.v"));
        assert!(is_enumeration_marker("II"));
        assert!(is_enumeration_marker("12"));
        assert!(!is_enumeration_marker("2022"));
    }

    #[test]
    fn fast_letter_tables_agree_with_unicode() {
        // Every character alone and inside a Vietnamese word: the byte
        // tables must say "letter" exactly for alphabetic characters and
        // combining marks.
        for code in (0x80..0x3400).chain(0xFF00..0x10000).chain(0x1F600..0x1F650) {
            let Some(c) = char::from_u32(code).filter(|&c| c != '’') else {
                continue;
            };
            let is_letter = c.is_alphabetic() || unicode_normalization::char::is_combining_mark(c);
            let expected = if is_letter { 1 } else { 3 };
            let text = format!("ạ{c}a");
            let s = segment(&text);
            let words = s.tokens.iter().filter(|t| t.kind == TokenKind::Word).count();
            let gap = c.is_whitespace() || c.is_control() || is_invisible(c);
            if gap {
                assert_eq!(words, 2, "U+{code:04X}");
            } else {
                assert_eq!(s.tokens.len(), expected, "U+{code:04X} in {text:?}");
            }
        }
    }

    #[test]
    fn decodes_every_width() {
        let text = "aĐạ😀";
        let bytes = text.as_bytes();
        assert_eq!(decode_at(bytes, 0), ('a', 1));
        assert_eq!(decode_at(bytes, 1), ('Đ', 2));
        assert_eq!(decode_at(bytes, 3), ('ạ', 3));
        assert_eq!(decode_at(bytes, 6), ('😀', 4));
    }

    #[test]
    fn enumeration_marker_keeps_sentence() {
        assert_eq!(sentences("1. Mục tiêu chung. Hai"), ["1. Mục tiêu chung.", "Hai"]);
        assert_eq!(sentences("Năm 2022. Hai"), ["Năm 2022.", "Hai"]);
    }

    #[test]
    fn missing_space_after_period() {
        assert_eq!(
            sentences("trong năm 2022.Theo đó"),
            ["trong năm 2022.", "Theo đó"]
        );
        assert_eq!(
            sentences("tại TP.HCM và Tp.Hồ Chí Minh"),
            ["tại TP.HCM và Tp.Hồ Chí Minh"]
        );
    }
}
