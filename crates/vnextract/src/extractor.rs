//! The pipeline: one [`Extractor`], configured once, shared across threads,
//! that turns a text into a [`Document`].
//!
//! ```
//! use vnextract::{Categories, Extractor};
//! let extractor = Extractor::builder().categories(Categories::FIGURES | Categories::DATES).build();
//! let doc = extractor.extract("Năm 2022, thu ngân sách đạt 120 tỷ đồng.");
//! assert!(doc.places.is_empty());
//! ```

use std::ops::BitOr;

use crate::document::{assemble, DateMention, Document, Found, Person, Place, Title};
use crate::normalize::{normalize_into, NormalizeOptions, Normalized};
use crate::segment::{segment_into, Segments};
use crate::{dates, directives, figures, people, places};

/// Which categories to extract. Combine with `|`.
///
/// ```
/// use vnextract::Categories;
/// let c = Categories::FIGURES | Categories::PLACES;
/// assert!(c.contains(Categories::PLACES));
/// assert!(!c.contains(Categories::DATES));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Categories(u8);

impl Categories {
    /// Figures.
    pub const FIGURES: Categories = Categories(1);
    /// People.
    pub const PEOPLE: Categories = Categories(1 << 1);
    /// Titles.
    pub const TITLES: Categories = Categories(1 << 2);
    /// Places.
    pub const PLACES: Categories = Categories(1 << 3);
    /// Directives.
    pub const DIRECTIVES: Categories = Categories(1 << 4);
    /// Dates.
    pub const DATES: Categories = Categories(1 << 5);
    /// Every category.
    pub const ALL: Categories = Categories(0b11_1111);
    /// No category.
    pub const NONE: Categories = Categories(0);

    /// Whether every category of `other` is in `self`.
    pub fn contains(self, other: Categories) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether any category of `other` is in `self`.
    pub fn intersects(self, other: Categories) -> bool {
        self.0 & other.0 != 0
    }

    /// The category named as in the JSON (`figures`, `places`, ...).
    ///
    /// ```
    /// use vnextract::Categories;
    /// assert_eq!(Categories::from_name("dates"), Some(Categories::DATES));
    /// assert_eq!(Categories::from_name("cats"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Categories> {
        Some(match name {
            "figures" => Self::FIGURES,
            "people" => Self::PEOPLE,
            "titles" => Self::TITLES,
            "places" => Self::PLACES,
            "directives" => Self::DIRECTIVES,
            "dates" => Self::DATES,
            _ => return None,
        })
    }
}

impl BitOr for Categories {
    type Output = Categories;
    fn bitor(self, rhs: Categories) -> Categories {
        Categories(self.0 | rhs.0)
    }
}

impl Default for Categories {
    fn default() -> Self {
        Categories::ALL
    }
}

/// Which administrative system place names are linked to.
///
/// ```
/// use vnextract::extractor::Era;
/// assert_eq!(Era::default(), Era::FromDocument);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Era {
    /// Chosen from the document's dates: before 1 July 2025, the 2024 system.
    #[default]
    FromDocument,
    /// The system in force until 30 June 2025 (63 provinces, 3 levels).
    Before2025,
    /// The system from 1 July 2025 (34 provinces, 2 levels).
    From2025,
}

/// What every extractor reads: the normalized text and its segments.
///
/// Extractors never normalize again; spans they return are byte ranges of
/// `text`.
///
/// ```
/// use vnextract::extractor::Context;
/// let norm = vnextract::normalize("Hà Nội.", &Default::default());
/// let segments = vnextract::segment(norm.text());
/// let ctx = Context { text: norm.text(), segments: &segments };
/// assert_eq!(ctx.text, "Hà Nội.");
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    /// The normalized text.
    pub text: &'a str,
    /// Its paragraphs, sentences, clauses and tokens.
    pub segments: &'a Segments,
}

/// Extracts every category from Vietnamese text.
///
/// `Extractor` is `Send + Sync`; build it once and share it.
///
/// ```
/// let doc = vnextract::Extractor::new().extract("Sáng ngày 07/9/2022, đồng chí Dương Hữu Bường chủ trì.");
/// assert_eq!(doc.schema, "vnextract/1");
/// ```
#[derive(Clone, Debug, Default)]
pub struct Extractor {
    categories: Categories,
    era: Era,
    normalize: NormalizeOptions,
}

impl Extractor {
    /// An extractor for every category with the embedded lexicons.
    pub fn new() -> Self {
        Extractor::default()
    }

    /// A builder to choose categories and options.
    ///
    /// ```
    /// let e = vnextract::Extractor::builder().categories(vnextract::Categories::DATES).build();
    /// assert!(e.extract("tháng 9/2022").figures.is_empty());
    /// ```
    pub fn builder() -> ExtractorBuilder {
        ExtractorBuilder::default()
    }

    /// Extracts from `text`; spans are byte ranges into `text`.
    pub fn extract(&self, text: &str) -> Document {
        self.extract_with_source(text, None)
    }

    /// Extracts from `text` and records `source` (a path or record id).
    ///
    /// ```
    /// let doc = vnextract::Extractor::new().extract_with_source("", Some("a.txt".into()));
    /// assert_eq!(doc.source.as_deref(), Some("a.txt"));
    /// ```
    pub fn extract_with_source(&self, text: &str, source: Option<String>) -> Document {
        let mut scratch = Scratch::take(1);
        let (norm, segments) = scratch.first();
        normalize_into(text, &self.normalize, norm);
        segment_into(norm.text(), segments);
        let found = self.extract_segmented(norm, segments);
        let doc = assemble(text, norm, found, source);
        scratch.give_back();
        doc
    }

    /// Extracts from many texts: the same documents, in the same order, as
    /// [`Extractor::extract`] on each, but faster in bulk. Each stage runs
    /// over a group of documents before the next stage starts, so that its
    /// code and tables stay in the processor's caches; groups are kept to
    /// about [`BATCH_GROUP_BYTES`] of text so memory stays bounded.
    ///
    /// ```
    /// let e = vnextract::Extractor::new();
    /// let texts = ["Ngày 7/9/2022, xã Nông Thượng.", "Đạt 120 tỷ đồng."];
    /// let docs = e.extract_batch(&texts);
    /// assert_eq!(docs.len(), 2);
    /// assert_eq!(docs[1], e.extract(texts[1]));
    /// ```
    pub fn extract_batch<S: AsRef<str>>(&self, texts: &[S]) -> Vec<Document> {
        let mut docs = Vec::with_capacity(texts.len());
        let mut scratch = Scratch::take(0);
        let mut rest = texts;
        while !rest.is_empty() {
            // At least one document per group, however long.
            let mut bytes = rest[0].as_ref().len();
            let mut len = 1;
            while len < rest.len() && bytes + rest[len].as_ref().len() <= BATCH_GROUP_BYTES {
                bytes += rest[len].as_ref().len();
                len += 1;
            }
            let (group, tail) = rest.split_at(len);
            scratch.reserve(len);
            let norms = &mut scratch.norms[..len];
            for (text, norm) in group.iter().zip(norms.iter_mut()) {
                normalize_into(text.as_ref(), &self.normalize, norm);
            }
            let segments = &mut scratch.segments[..len];
            for (norm, segments) in norms.iter().zip(segments.iter_mut()) {
                segment_into(norm.text(), segments);
            }
            let found = self.extract_group(norms, segments);
            for ((text, norm), found) in group.iter().zip(norms.iter()).zip(found) {
                docs.push(assemble(text.as_ref(), norm, found, None));
            }
            rest = tail;
        }
        scratch.give_back();
        docs
    }

    /// Runs the extractors on already normalized text; spans are in
    /// normalized coordinates.
    ///
    /// ```
    /// let norm = vnextract::normalize("Năm 2022, thu 120 tỷ đồng.", &Default::default());
    /// let found = vnextract::Extractor::new().extract_normalized(&norm);
    /// assert_eq!(found.figures.len(), 1);
    /// ```
    pub fn extract_normalized(&self, norm: &Normalized) -> Found {
        let mut scratch = Scratch::take(1);
        let (_, segments) = scratch.first();
        segment_into(norm.text(), segments);
        let found = self.extract_segmented(norm, segments);
        scratch.give_back();
        found
    }

    /// [`Extractor::extract_normalized`] given the segments of the text.
    fn extract_segmented(&self, norm: &Normalized, segments: &Segments) -> Found {
        // The stages of [`Extractor::extract_group`] for one text, without
        // its per-stage lists.
        let ctx = Context {
            text: norm.text(),
            segments,
        };
        let want = self.categories;
        let mut found = Found::default();
        let dates = dates::extract(&ctx);
        if want.contains(Categories::FIGURES) {
            found.figures = figures::extract(&ctx, &dates);
        }
        let places = if want.intersects(Categories::PLACES | Categories::TITLES | Categories::DIRECTIVES) {
            places::extract(&ctx, &dates, self.era)
        } else {
            Vec::new()
        };
        let (people, titles) =
            if want.intersects(Categories::PEOPLE | Categories::TITLES | Categories::DIRECTIVES) {
                people::extract(&ctx, &places)
            } else {
                Default::default()
            };
        if want.contains(Categories::DIRECTIVES) {
            found.directives = directives::extract(&ctx, &people, &titles, &dates);
        }
        self.keep(&mut found, dates, places, (people, titles));
        found
    }

    /// Runs every stage over all of `norms` before the next stage (see
    /// [`Extractor::extract_batch`]); one [`Found`] per text, in order.
    fn extract_group(&self, norms: &[Normalized], segments: &[Segments]) -> Vec<Found> {
        let contexts: Vec<Context> = norms
            .iter()
            .zip(segments)
            .map(|(n, s)| Context {
                text: n.text(),
                segments: s,
            })
            .collect();
        let want = self.categories;
        let mut found: Vec<Found> = norms.iter().map(|_| Found::default()).collect();

        // Later stages read earlier results: figures and places read dates,
        // titles read places, directives read people, titles and dates.
        let dates: Vec<_> = contexts.iter().map(dates::extract).collect();
        if want.contains(Categories::FIGURES) {
            for ((f, ctx), d) in found.iter_mut().zip(&contexts).zip(&dates) {
                f.figures = figures::extract(ctx, d);
            }
        }
        let needs_places = want.intersects(Categories::PLACES | Categories::TITLES | Categories::DIRECTIVES);
        let places: Vec<_> = if needs_places {
            contexts
                .iter()
                .zip(&dates)
                .map(|(ctx, d)| places::extract(ctx, d, self.era))
                .collect()
        } else {
            norms.iter().map(|_| Vec::new()).collect()
        };
        let needs_people = want.intersects(Categories::PEOPLE | Categories::TITLES | Categories::DIRECTIVES);
        let people_titles: Vec<_> = if needs_people {
            contexts
                .iter()
                .zip(&places)
                .map(|(ctx, p)| people::extract(ctx, p))
                .collect()
        } else {
            norms.iter().map(|_| Default::default()).collect()
        };
        if want.contains(Categories::DIRECTIVES) {
            for (((f, ctx), (people, titles)), d) in
                found.iter_mut().zip(&contexts).zip(&people_titles).zip(&dates)
            {
                f.directives = directives::extract(ctx, people, titles, d);
            }
        }
        for (((f, dates), places), people_titles) in
            found.iter_mut().zip(dates).zip(places).zip(people_titles)
        {
            self.keep(f, dates, places, people_titles);
        }
        found
    }

    /// Moves the intermediate results that were asked for into `found`
    /// (places, people and titles may have been found only for later stages).
    fn keep(
        &self,
        found: &mut Found,
        dates: Vec<DateMention>,
        places: Vec<Place>,
        (people, titles): (Vec<Person>, Vec<Title>),
    ) {
        let want = self.categories;
        if want.contains(Categories::DATES) {
            found.dates = dates;
        }
        if want.contains(Categories::PLACES) {
            found.places = places;
        }
        if want.contains(Categories::PEOPLE) {
            found.people = people;
        }
        if want.contains(Categories::TITLES) {
            found.titles = titles;
        }
    }
}

/// The normalized texts and segments of one thread's last call, kept so
/// that the next call reuses their memory: they never leave the
/// extractor (the [`Document`] borrows nothing from them), and allocating
/// them afresh for every text cost a dozen allocations per text.
#[derive(Default)]
struct Scratch {
    /// One per text of a group (or one for [`Extractor::extract`]).
    norms: Vec<Normalized>,
    /// The segments of each text of `norms`.
    segments: Vec<Segments>,
}

thread_local! {
    static SCRATCH: std::cell::Cell<Option<Scratch>> = const { std::cell::Cell::new(None) };
}

impl Scratch {
    /// Buffers grown past this many bytes of text (a huge document) are
    /// not kept: their memory goes back at once.
    const KEPT_TEXT_BYTES: usize = 1 << 18;
    /// Texts whose buffers are kept: more than a group of news articles
    /// holds, and a bound on what a group of many tiny texts leaves.
    const KEPT_TEXTS: usize = 1024;

    /// This thread's scratch (a new one if it is in use or not made yet),
    /// with room for at least `texts` texts.
    fn take(texts: usize) -> Scratch {
        let mut scratch = SCRATCH.take().unwrap_or_default();
        scratch.reserve(texts);
        scratch
    }

    /// Room for at least `texts` texts.
    fn reserve(&mut self, texts: usize) {
        if self.norms.len() < texts {
            self.norms.resize_with(texts, Normalized::default);
            self.segments.resize_with(texts, Segments::default);
        }
    }

    /// The buffers of the first text.
    fn first(&mut self) -> (&mut Normalized, &mut Segments) {
        (&mut self.norms[0], &mut self.segments[0])
    }

    /// Leaves the scratch for the next call of this thread, without the
    /// buffers of huge texts.
    fn give_back(mut self) {
        self.norms.truncate(Self::KEPT_TEXTS);
        self.segments.truncate(Self::KEPT_TEXTS);
        for (norm, segments) in self.norms.iter_mut().zip(&mut self.segments) {
            if norm.text_capacity() > Self::KEPT_TEXT_BYTES
                || segments.tokens.capacity() > Self::KEPT_TEXT_BYTES / 4 + 1
            {
                *norm = Normalized::default();
                *segments = Segments::default();
            }
        }
        SCRATCH.set(Some(self));
    }
}

/// Text per group of [`Extractor::extract_batch`]: large enough that each
/// stage's code stays hot across many documents, small enough that the
/// intermediate results of a group take a few megabytes.
pub const BATCH_GROUP_BYTES: usize = 256 * 1024;

/// Configures an [`Extractor`].
///
/// ```
/// use vnextract::{extractor::Era, Categories, Extractor};
/// let e = Extractor::builder().categories(Categories::PLACES).era(Era::Before2025).build();
/// assert!(e.extract("xã Nông Thượng").dates.is_empty());
/// ```
#[derive(Clone, Debug, Default)]
pub struct ExtractorBuilder {
    inner: Extractor,
}

impl ExtractorBuilder {
    /// Only these categories appear in the document (default: all).
    pub fn categories(mut self, categories: Categories) -> Self {
        self.inner.categories = categories;
        self
    }

    /// The administrative system to link places to (default: from the document).
    pub fn era(mut self, era: Era) -> Self {
        self.inner.era = era;
        self
    }

    /// Normalization options used before extraction (default: tone marks kept).
    pub fn normalize_options(mut self, options: NormalizeOptions) -> Self {
        self.inner.normalize = options;
        self
    }

    /// Builds the extractor.
    pub fn build(self) -> Extractor {
        self.inner
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extractor_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Extractor>();
    }
}
