//! Place mentions linked to the administrative units.
//!
//! SKELETON: to be replaced by the places implementation.

use crate::document::{DateMention, Place};
use crate::extractor::{Context, Era};

/// Finds every place mention.
///
/// ```
/// let norm = vnextract::normalize("", &Default::default());
/// let seg = vnextract::segment(norm.text());
/// let ctx = vnextract::extractor::Context { text: norm.text(), segments: &seg };
/// assert!(vnextract::places::extract(&ctx, &[], Default::default()).is_empty());
/// ```
pub fn extract(_ctx: &Context, _dates: &[DateMention], _era: Era) -> Vec<Place> {
    Vec::new()
}
