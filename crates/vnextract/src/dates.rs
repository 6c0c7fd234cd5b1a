//! Dates, months, years, quarters and periods.
//!
//! SKELETON: to be replaced by the dates implementation.

use crate::document::DateMention;
use crate::extractor::Context;

/// Finds every date expression in the context's text.
///
/// ```
/// let norm = vnextract::normalize("", &Default::default());
/// let seg = vnextract::segment(norm.text());
/// let ctx = vnextract::extractor::Context { text: norm.text(), segments: &seg };
/// assert!(vnextract::dates::extract(&ctx).is_empty());
/// ```
pub fn extract(_ctx: &Context) -> Vec<DateMention> {
    Vec::new()
}
