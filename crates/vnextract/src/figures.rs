//! Figures: numbers with units, qualifiers, targets, changes and metrics.
//!
//! SKELETON: to be replaced by the figures implementation.

use serde::{Deserialize, Serialize};

use crate::document::{DateMention, Figure};
use crate::extractor::Context;

/// A figure's unit, serialized as its code (`VND`, `ha`, `người`, `VND/người/năm`).
///
/// ```
/// let u = vnextract::figures::Unit("VND".into());
/// assert_eq!(serde_json::to_string(&u).unwrap(), "\"VND\"");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Unit(pub String);

/// Finds every figure.
///
/// ```
/// let norm = vnextract::normalize("", &Default::default());
/// let seg = vnextract::segment(norm.text());
/// let ctx = vnextract::extractor::Context { text: norm.text(), segments: &seg };
/// assert!(vnextract::figures::extract(&ctx, &[]).is_empty());
/// ```
pub fn extract(_ctx: &Context, _dates: &[DateMention]) -> Vec<Figure> {
    Vec::new()
}
