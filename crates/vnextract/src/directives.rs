//! Directives: who must do what, ordered by whom, by when.
//!
//! SKELETON: to be replaced by the directives implementation.

use crate::document::{DateMention, Directive, Person, Title};
use crate::extractor::Context;

/// Finds every directive.
///
/// ```
/// let norm = vnextract::normalize("", &Default::default());
/// let seg = vnextract::segment(norm.text());
/// let ctx = vnextract::extractor::Context { text: norm.text(), segments: &seg };
/// assert!(vnextract::directives::extract(&ctx, &[], &[], &[]).is_empty());
/// ```
pub fn extract(
    _ctx: &Context,
    _people: &[Person],
    _titles: &[Title],
    _dates: &[DateMention],
) -> Vec<Directive> {
    Vec::new()
}
