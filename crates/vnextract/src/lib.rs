//! # vnextract
//!
//! Reads Vietnamese news-style reports and turns them into data: figures
//! (numbers, money, units, percentages, achieved-vs-plan ratios), dates and
//! periods, officials' titles and the people who hold them, place names
//! linked to the official administrative units, and imperative directives.
//!
//! The pipeline runs one way:
//!
//! ```text
//! bytes ─decode─▶ text ─normalize─▶ Normalized { text, map } ─segment─▶ Segments
//!       ─extractors─▶ items (normalized byte spans) ─document::assemble─▶ Document
//! ```
//!
//! Every span in a [`Document`] points at the exact characters of the text
//! as read: byte ranges into the `&str` given in the Rust API, character
//! offsets in the JSON.
//!
//! ```
//! let text = "Thu ngân sách nhà nước đạt gần 120 tỷ đồng.";
//! let doc = vnextract::Extractor::new().extract(text);
//! assert_eq!(doc.text_length, text.chars().count());
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod dates;
pub mod decode;
pub mod directives;
pub mod document;
pub mod extractor;
pub mod figures;
pub mod gazetteer;
mod lexicon;
pub mod normalize;
pub mod numbers;
pub mod people;
pub mod places;
pub mod segment;

pub use decode::{decode, DecodeError, DecodeOptions, Decoded, Encoding};
pub use document::Document;
pub use extractor::{Categories, Extractor, ExtractorBuilder};
pub use normalize::{normalize, NormalizeOptions, Normalized, TonePlacement};
pub use segment::{segment, Segments};
