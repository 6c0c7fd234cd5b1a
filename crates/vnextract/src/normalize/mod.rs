//! Normalization with an exact offset map back to the input.
//!
//! SKELETON: to be replaced by the normalize implementation.

use std::ops::Range;

/// Where tone marks go on `oa`, `oe`, `uy` syllables.
///
/// ```
/// assert_eq!(vnextract::TonePlacement::default(), vnextract::TonePlacement::Keep);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TonePlacement {
    /// As written (the default for anything shown to a user).
    #[default]
    Keep,
    /// Modern placement: `hòa`, `thủy`.
    Modern,
    /// Traditional placement: `hoà`, `thuỷ`.
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
    /// Tone placement rule.
    pub tone: TonePlacement,
}

/// Normalized text with a map back to the input.
///
/// ```
/// let n = vnextract::normalize("abc", &Default::default());
/// assert_eq!(n.text(), "abc");
/// assert_eq!(n.to_original(0..3), 0..3);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Normalized {
    text: String,
}

impl Normalized {
    /// The normalized text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Maps a byte span of the normalized text to the input.
    pub fn to_original(&self, span: Range<usize>) -> Range<usize> {
        span
    }
}

/// Normalizes `input`.
///
/// ```
/// assert_eq!(vnextract::normalize("x", &Default::default()).text(), "x");
/// ```
pub fn normalize(input: &str, _options: &NormalizeOptions) -> Normalized {
    Normalized {
        text: input.to_owned(),
    }
}

/// The lossy matching key: tone marks and case folded, `đ` to `d`.
///
/// ```
/// assert_eq!(vnextract::normalize::matching_key("x"), "x");
/// ```
pub fn matching_key(s: &str) -> String {
    s.to_lowercase()
}
