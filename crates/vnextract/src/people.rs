//! People and the titles they hold.
//!
//! SKELETON: to be replaced by the people/titles implementation.

use crate::document::{Person, Place, Title};
use crate::extractor::Context;

/// Finds people and titles.
///
/// ```
/// let norm = vnextract::normalize("", &Default::default());
/// let seg = vnextract::segment(norm.text());
/// let ctx = vnextract::extractor::Context { text: norm.text(), segments: &seg };
/// assert!(vnextract::people::extract(&ctx, &[]).0.is_empty());
/// ```
pub fn extract(_ctx: &Context, _places: &[Place]) -> (Vec<Person>, Vec<Title>) {
    (Vec::new(), Vec::new())
}
