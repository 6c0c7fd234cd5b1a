//! Paragraphs, sentences, clauses and syllable tokens.
//!
//! SKELETON: to be replaced by the segment implementation.

use std::ops::Range;

/// What a token is.
///
/// ```
/// assert_ne!(vnextract::segment::TokenKind::Word, vnextract::segment::TokenKind::Number);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A syllable or word of letters.
    Word,
    /// Digits, possibly with `.` or `,` separators inside.
    Number,
    /// Punctuation or a symbol.
    Punct,
}

/// A syllable token: its byte span and kind.
///
/// ```
/// let t = vnextract::segment::Token { span: 0..2, kind: vnextract::segment::TokenKind::Word };
/// assert_eq!(t.span.len(), 2);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte span.
    pub span: Range<usize>,
    /// Kind.
    pub kind: TokenKind,
}

/// The segments of a text; all spans are byte ranges of that text.
///
/// ```
/// let s = vnextract::segment("Một. Hai.");
/// assert!(s.paragraphs.len() <= 1);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Segments {
    /// Paragraphs (lines or blocks separated by line breaks).
    pub paragraphs: Vec<Range<usize>>,
    /// Sentences.
    pub sentences: Vec<Range<usize>>,
    /// Clauses (sentences split at `;`).
    pub clauses: Vec<Range<usize>>,
    /// Syllable tokens.
    pub tokens: Vec<Token>,
}

/// Segments `text`.
///
/// ```
/// let s = vnextract::segment("");
/// assert!(s.tokens.is_empty());
/// ```
pub fn segment(_text: &str) -> Segments {
    Segments::default()
}
