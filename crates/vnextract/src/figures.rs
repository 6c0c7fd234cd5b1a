//! Figures: numbers with units, qualifiers, targets, changes and metrics.
//!
//! The stage is trigger-based: [`numbers::scan`] finds digit runs and number words, and
//! each number is then read in its context:
//! - excluded when it is a date, a year, a document number, a name or ordinal (`Quốc lộ 3`,
//!   `lần thứ 2`), a ranking (`thứ 34/63`), a time (`14h30`), a code (`Covid-19`) or an
//!   idiom (`hai con số`);
//! - a range with the number after it (`12 - 16 triệu đồng`, `từ 10 đến 15 ha`);
//! - an achieved value against a target (`175,158/155ha`);
//! - its unit: a measure from `data/figures/units.tsv`, a rate (`triệu đồng/người/năm` →
//!   `VND/người/năm`), a counted noun (`356 hộ nghèo` → `hộ`), or money implied by a bare
//!   `tỷ`/`triệu`; a number with no unit is not a figure;
//! - its qualifier (`trên`, `gần`, ...), change (`tăng`, `giảm`, `vượt`), metric and period.
//!
//! ```
//! let text = "Thu ngân sách nhà nước đạt gần 120 tỷ đồng.";
//! let norm = vnextract::normalize(text, &Default::default());
//! let seg = vnextract::segment(norm.text());
//! let ctx = vnextract::extractor::Context { text: norm.text(), segments: &seg };
//! let figures = vnextract::figures::extract(&ctx, &[]);
//! assert_eq!(figures[0].value.unwrap().to_string(), "120000000000");
//! assert_eq!(figures[0].metric.as_deref(), Some("Thu ngân sách nhà nước"));
//! ```

use crate::lexicon::rows as data_lines;
use std::borrow::Cow;
use std::cell::RefCell;

use std::fmt;
use std::ops::Range;
use std::sync::{Arc, LazyLock};

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use unicode_normalization::UnicodeNormalization;

use crate::document::{Change, DateMention, Dimension, Figure, Qualifier};
use crate::extractor::Context;
use crate::numbers::{self, NumberForm, NumberMatch};

/// A figure's unit, serialized as its code (`VND`, `ha`, `người`, `VND/người/năm`, `lần`).
/// Codes and listed nouns are borrowed from the unit and noun lists; only a counted noun that no
/// list holds is owned.
///
/// ```
/// use vnextract::figures::Unit;
/// let u = Unit::Measure("VND".into());
/// assert_eq!(serde_json::to_string(&u).unwrap(), "\"VND\"");
/// assert_eq!(Unit::from_code("VND/người/năm").to_string(), "VND/người/năm");
/// assert_eq!(Unit::from_code("hộ"), Unit::Counted("hộ".into()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// A canonical measure code (`VND`, `USD`, `%`, `ha`, `kg`, `kWh`...).
    Measure(Cow<'static, str>),
    /// A counted noun, lower case, head noun only (`người`, `hộ`, `dự án`).
    Counted(Cow<'static, str>),
    /// A multiplier: `gấp 2,88 lần`.
    Times,
    /// A rate: a unit per one or more denominators (`VND/người/năm`, `t/ha`).
    Rate(Box<Unit>, Vec<Cow<'static, str>>),
}

impl Unit {
    /// The unit's code as written in the JSON.
    ///
    /// ```
    /// use vnextract::figures::Unit;
    /// let rate = Unit::Rate(Box::new(Unit::Measure("t".into())), vec!["ha".into()]);
    /// assert_eq!(rate.code(), "t/ha");
    /// ```
    pub fn code(&self) -> String {
        self.to_string()
    }

    /// Reads a unit code back (`VND`, `hộ`, `VND/năm`, `lần`).
    ///
    /// ```
    /// use vnextract::figures::Unit;
    /// assert_eq!(Unit::from_code("lần"), Unit::Times);
    /// ```
    pub fn from_code(code: &str) -> Unit {
        if let Some((base, rest)) = code.split_once('/') {
            return Unit::Rate(
                Box::new(Unit::from_code(base)),
                rest.split('/').map(|p| Cow::Owned(p.to_owned())).collect(),
            );
        }
        if code == "lần" {
            return Unit::Times;
        }
        match UNITS.codes.get_key_value(code) {
            Some((&listed, _)) => Unit::Measure(Cow::Borrowed(listed)),
            None => Unit::Counted(Cow::Owned(code.to_owned())),
        }
    }

    /// The dimension of figures in this unit.
    ///
    /// ```
    /// use vnextract::figures::Unit;
    /// use vnextract::document::Dimension;
    /// assert_eq!(Unit::from_code("ha").dimension(), Dimension::Area);
    /// assert_eq!(Unit::from_code("hộ").dimension(), Dimension::Count);
    /// ```
    pub fn dimension(&self) -> Dimension {
        match self {
            Unit::Measure(c) => measure_dimension(c),
            Unit::Counted(_) => Dimension::Count,
            Unit::Times => Dimension::Number,
            Unit::Rate(base, _) => base.dimension(),
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unit::Measure(c) | Unit::Counted(c) => f.write_str(c),
            Unit::Times => f.write_str("lần"),
            Unit::Rate(base, per) => {
                base.fmt(f)?;
                for p in per {
                    f.write_str("/")?;
                    f.write_str(p)?;
                }
                Ok(())
            }
        }
    }
}

impl Serialize for Unit {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // Most units are one code: written as it is, not built into a new string.
            Unit::Measure(c) | Unit::Counted(c) => serializer.serialize_str(c),
            _ => serializer.collect_str(self),
        }
    }
}

impl<'de> Deserialize<'de> for Unit {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        Ok(Unit::from_code(&code))
    }
}

use crate::lexicon::{fast_lowercase, is_uppercase, joined, push_lowercase, FastMap, FastSet, WordKeyedMap};

/// The dimension of a measure code (a number for a code not in `units.tsv`).
fn measure_dimension(code: &str) -> Dimension {
    UNITS.codes.get(code).copied().unwrap_or(Dimension::Number)
}

fn dimension_named(name: &str) -> Dimension {
    match name {
        "money" => Dimension::Money,
        "percent" => Dimension::Percent,
        "area" => Dimension::Area,
        "length" => Dimension::Length,
        "mass" => Dimension::Mass,
        "volume" => Dimension::Volume,
        "energy" => Dimension::Energy,
        "power" => Dimension::Power,
        "count" => Dimension::Count,
        _ => Dimension::Number,
    }
}

struct UnitTable {
    /// Written forms that start with a letter or digit, to their code.
    words: FastMap<&'static str, &'static str>,
    /// Symbol forms (`%`, `$`, `€`), longest first: (form, code).
    symbols: Vec<(&'static str, &'static str)>,
    /// Whether some symbol form begins with the byte.
    symbol_first_bytes: [bool; 256],
    /// The first word of every word form (up to a space or `-`), to the word counts (bit
    /// `k - 1` for `k` words, as [`unit_of_words_at`] measures them) of the forms it begins:
    /// only those counts are measured and looked up (`đồng` begins one-word forms only).
    first_words: WordKeyedMap<u8>,
    /// The first two bytes of each of [`UnitTable::first_words`]: one bit test rules out most
    /// words after a number before they are hashed.
    first_word_starts: FirstTwoBytes,
    codes: FastMap<&'static str, Dimension>,
}

/// A set of words' first two bytes (a one-byte word's byte and 0), as one bit per pair.
struct FirstTwoBytes(Box<[u64; 1024]>);

impl FirstTwoBytes {
    /// The bit of `word`'s first two bytes: its index in the table and its mask.
    fn bit(word: &str) -> (usize, u64) {
        let bytes = word.as_bytes();
        let pair = usize::from(bytes.first().copied().unwrap_or(0)) << 8
            | usize::from(bytes.get(1).copied().unwrap_or(0));
        (pair / 64, 1 << (pair % 64))
    }

    fn insert(&mut self, word: &str) {
        let (index, mask) = Self::bit(word);
        self.0[index] |= mask;
    }

    /// Whether some inserted word starts with the same two bytes as `word` (false means that
    /// `word` was not inserted).
    fn may_contain(&self, word: &str) -> bool {
        let (index, mask) = Self::bit(word);
        self.0[index] & mask != 0
    }
}

static UNITS: LazyLock<UnitTable> = LazyLock::new(|| {
    let mut words = FastMap::default();
    let mut symbols = Vec::new();
    let mut codes = FastMap::default();
    for cols in data_lines(include_str!("../data/figures/units.tsv")) {
        if let [form, code, dim] = cols[..] {
            if form.chars().next().is_some_and(numbers::is_word_char) {
                words.insert(form, code);
            } else {
                symbols.push((form, code));
            }
            codes.insert(code, dimension_named(dim));
        }
    }
    symbols.sort_by_key(|(f, _)| std::cmp::Reverse(f.len()));
    let mut symbol_first_bytes = [false; 256];
    for (form, _) in &symbols {
        if let Some(&b) = form.as_bytes().first() {
            symbol_first_bytes[usize::from(b)] = true;
        }
    }
    let mut first_words = WordKeyedMap::default();
    let mut first_word_starts = FirstTwoBytes(Box::new([0; 1024]));
    for form in words.keys() {
        let first_word = form.split([' ', '-']).next().unwrap_or(form);
        *first_words.entry_or_default(first_word) |= word_count_bit(form);
        first_word_starts.insert(first_word);
    }
    UnitTable {
        words,
        symbols,
        symbol_first_bytes,
        first_words,
        first_word_starts,
        codes,
    }
});

/// The bit (`k - 1`) of the number of words `k` (at most four) after which [`unit_of_words_at`],
/// reading `form` itself, would end exactly at its end; 0 when it never would (then the form
/// is never matched, so no count needs to be tried for it).
fn word_count_bit(form: &str) -> u8 {
    word_ends(form, 0, 0b1111)
        .into_iter()
        .enumerate()
        .find(|&(_, end)| end == form.len())
        .map_or(0, |(k, _)| 1 << k)
}

/// Qualifier phrases split into words, longest first.
static QUALIFIERS: LazyLock<Vec<(Vec<&'static str>, Qualifier)>> = LazyLock::new(|| {
    let mut v: Vec<_> = data_lines(include_str!("../data/figures/qualifiers.tsv"))
        .filter_map(|c| {
            let q = match *c.get(1)? {
                "over" => Qualifier::Over,
                "under" => Qualifier::Under,
                "about" => Qualifier::About,
                "nearly" => Qualifier::Nearly,
                "at_least" => Qualifier::AtLeast,
                "at_most" => Qualifier::AtMost,
                _ => return None,
            };
            Some((c[0].split(' ').collect::<Vec<_>>(), q))
        })
        .collect();
    v.sort_by_key(|(f, _)| std::cmp::Reverse(f.len()));
    v
});

/// Phrases (with a value each) by their first (`first == true`) or last word, each list in the
/// order given: a phrase can match only where that word is, so one lookup finds the few phrases
/// to compare, in the order the whole list would be tried.
type PhrasesByWord<T> = FastMap<&'static str, Vec<(&'static [&'static str], T)>>;

fn phrases_by_edge_word<T, I: IntoIterator<Item = (&'static [&'static str], T)>>(
    phrases: I,
    first: bool,
) -> PhrasesByWord<T> {
    let mut by_word: PhrasesByWord<T> = FastMap::default();
    for (phrase, value) in phrases {
        if let Some(&word) = if first { phrase.first() } else { phrase.last() } {
            by_word.entry(word).or_default().push((phrase, value));
        }
    }
    by_word
}

static QUALIFIERS_BY_LAST_WORD: LazyLock<PhrasesByWord<Qualifier>> =
    LazyLock::new(|| phrases_by_edge_word(QUALIFIERS.iter().map(|(p, q)| (p.as_slice(), *q)), false));
static CHANGES_BY_LAST_WORD: LazyLock<PhrasesByWord<Change>> =
    LazyLock::new(|| phrases_by_edge_word(CHANGES.iter().map(|(p, c)| (p.as_slice(), *c)), false));
static METRIC_EDGES_BY_LAST_WORD: LazyLock<PhrasesByWord<()>> =
    LazyLock::new(|| phrases_by_edge_word(METRIC_EDGES.iter().map(|p| (p.as_slice(), ())), false));
static METRIC_EDGES_BY_FIRST_WORD: LazyLock<PhrasesByWord<()>> =
    LazyLock::new(|| phrases_by_edge_word(METRIC_EDGES.iter().map(|p| (p.as_slice(), ())), true));

/// Change phrases split into words.
static CHANGES: LazyLock<Vec<(Vec<&'static str>, Change)>> = LazyLock::new(|| {
    data_lines(include_str!("../data/figures/change_words.tsv"))
        .filter_map(|c| {
            let ch = match *c.get(1)? {
                "increase" => Change::Increase,
                "decrease" => Change::Decrease,
                _ => return None,
            };
            Some((c[0].split(' ').collect(), ch))
        })
        .collect()
});

struct NounTable {
    classifiers: FastSet<&'static str>,
    /// Compound nouns by their first syllable, longest first.
    compounds: FastMap<&'static str, Vec<&'static str>>,
}

static NOUNS: LazyLock<NounTable> = LazyLock::new(|| {
    let mut classifiers = FastSet::default();
    let mut compounds: FastMap<&str, Vec<&str>> = FastMap::default();
    for cols in data_lines(include_str!("../data/figures/counted_nouns.tsv")) {
        match cols[..] {
            [w, "classifier"] => {
                classifiers.insert(w);
            }
            [w, "noun"] => compounds
                .entry(w.split(' ').next().unwrap_or(w))
                .or_default()
                .push(w),
            _ => {}
        }
    }
    for list in compounds.values_mut() {
        list.sort_by_key(|w| std::cmp::Reverse(w.len()));
    }
    NounTable {
        classifiers,
        compounds,
    }
});

/// Currency forms written before an amount, longest first.
static PREFIX_CURRENCIES: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    let mut v: Vec<_> = data_lines(include_str!("../data/figures/prefix_currencies.tsv"))
        .filter_map(|c| Some((*c.first()?, *c.get(1)?)))
        .collect();
    v.sort_by_key(|(f, _)| std::cmp::Reverse(f.len()));
    v
});

/// Whether some currency form of [`PREFIX_CURRENCIES`] ends with the byte.
static PREFIX_CURRENCY_LAST_BYTES: LazyLock<[bool; 256]> = LazyLock::new(|| {
    let mut table = [false; 256];
    for (form, _) in PREFIX_CURRENCIES.iter() {
        if let Some(&b) = form.as_bytes().last() {
            table[usize::from(b)] = true;
        }
    }
    table
});

/// A currency written right before `start` (glued or after one space): its code and start.
fn prefix_currency(text: &str, start: usize) -> Option<(&'static str, usize)> {
    let head = &text[..start];
    let head_trim = head.strip_suffix(' ').unwrap_or(head);
    // One table lookup rules out almost every number: no currency form ends with that byte.
    if !head_trim
        .as_bytes()
        .last()
        .is_some_and(|&b| PREFIX_CURRENCY_LAST_BYTES[usize::from(b)])
    {
        return None;
    }
    for (form, code) in PREFIX_CURRENCIES.iter() {
        if let Some(before) = head_trim.strip_suffix(form) {
            let boundary = !before.chars().next_back().is_some_and(numbers::is_word_char);
            if boundary {
                return Some((code, before.len()));
            }
        }
    }
    None
}

/// Cents after a major currency: `2 đô la và 23 xen`, `hai đô 23`, `20 Rupees 43`: the
/// amount to add and the end.
fn cents_after(text: &str, pos: usize) -> Option<(Decimal, usize)> {
    let mut p = pos;
    if let Some(w) = word_after(text, p).filter(|w| &text[w.clone()] == "và") {
        p = w.end;
    }
    let start = p + (text[p..].len() - text[p..].trim_start_matches(' ').len());
    if start == p || start >= text.len() {
        return None;
    }
    let m = numbers::number_at(text, start)?;
    let value = m.value?;
    if value >= Decimal::ONE_HUNDRED || !value.fract().is_zero() || value.is_sign_negative() {
        return None;
    }
    let mut end = m.span.end;
    let has_cent_word = unit_at(text, end).filter(|(code, _)| *code == "cent");
    if let Some((_, e)) = has_cent_word {
        end = e;
    } else if !text[end..].trim_start_matches(' ').is_empty()
        && !text[end..].trim_start().starts_with(['.', ',', ';', ')'])
    {
        // A bare number after the currency is cents only at the end of the phrase.
        return None;
    }
    Some((value / Decimal::ONE_HUNDRED, end))
}

fn word_set(tsv: &'static str) -> FastSet<&'static str> {
    data_lines(tsv).map(|c| c[0]).collect()
}

static NOT_COUNTED: LazyLock<FastSet<&'static str>> =
    LazyLock::new(|| word_set(include_str!("../data/figures/not_counted.tsv")));
/// What the noun lists say of one lower-case word, gathered in one table so that a word after a
/// number is looked up once (not once per list).
#[derive(Clone, Copy, Default)]
struct NounFacts {
    /// In `not_counted.tsv`: never a counted noun.
    not_counted: bool,
    /// A number word (`hai`, `triệu`): never a counted noun.
    number_word: bool,
    /// A classifier, which takes the noun after it into the unit.
    classifier: bool,
    /// Ends a counted noun phrase ([`PHRASE_STOP_WORDS`]).
    phrase_stop: bool,
    /// The listed compound nouns beginning with the word, longest first.
    compounds: &'static [&'static str],
    /// The word itself as the lists hold it (empty for a word no list holds): a unit read from
    /// the text borrows it rather than copying the text.
    word: &'static str,
}

static NOUN_FACTS: LazyLock<WordKeyedMap<NounFacts>> = LazyLock::new(|| {
    let mut facts: WordKeyedMap<NounFacts> = WordKeyedMap::default();
    // The facts of `w`, which keep the word.
    fn of<'m>(facts: &'m mut WordKeyedMap<NounFacts>, w: &'static str) -> &'m mut NounFacts {
        let f = facts.entry_or_default(w);
        f.word = w;
        f
    }
    for &w in NOT_COUNTED.iter() {
        of(&mut facts, w).not_counted = true;
    }
    for w in numbers::number_words() {
        of(&mut facts, w).number_word = true;
    }
    for &w in NOUNS.classifiers.iter() {
        of(&mut facts, w).classifier = true;
    }
    for &w in PHRASE_STOP_WORDS {
        of(&mut facts, w).phrase_stop = true;
    }
    for (&w, list) in NOUNS.compounds.iter() {
        of(&mut facts, w).compounds = list.as_slice();
    }
    facts
});

/// [`NOUN_FACTS`] of a lower-case word (all false for a word no list holds).
fn noun_facts(lower_word: &str) -> NounFacts {
    NOUN_FACTS.get(lower_word).copied().unwrap_or_default()
}

static NAME_WORDS: LazyLock<FastSet<&'static str>> =
    LazyLock::new(|| word_set(include_str!("../data/figures/name_words.tsv")));
/// The two-word entries of `name_words.tsv`, as pairs of words: looked up with the two words
/// before a number, not joined.
static NAME_WORD_PAIRS: LazyLock<FastSet<(&'static str, &'static str)>> =
    LazyLock::new(|| NAME_WORDS.iter().filter_map(|&w| word_pair(w)).collect());
/// Verbs ending with a name word (`nâng cấp`): a number after them counts. Two-word verbs, as
/// pairs of words (as [`NAME_WORD_PAIRS`]).
static NAME_WORD_VERBS: LazyLock<FastSet<(&'static str, &'static str)>> = LazyLock::new(|| {
    word_set(include_str!("../data/figures/name_word_verbs.tsv"))
        .into_iter()
        .filter_map(word_pair)
        .collect()
});

/// The two words of a two-word phrase (`None` for one word or more than two).
fn word_pair(phrase: &str) -> Option<(&str, &str)> {
    phrase.split_once(' ').filter(|(_, second)| !second.contains(' '))
}
/// Last words of the multi-word entries of `name_words.tsv`.
static NAME_LAST_WORDS: LazyLock<FastSet<&'static str>> = LazyLock::new(|| {
    NAME_WORDS
        .iter()
        .filter(|w| w.contains(' '))
        .filter_map(|w| w.rsplit(' ').next())
        .collect()
});
static IDIOMS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    data_lines(include_str!("../data/figures/idioms.tsv"))
        .map(|c| c[0])
        .collect()
});

/// Words stripped from the ends of a metric: verbs and function words around the number.
const METRIC_EDGE_WORDS: &[&str] = &[
    "đạt",
    "là",
    "có",
    "được",
    "với",
    "của",
    "gồm",
    "chiếm",
    "bằng",
    "khoảng",
    "gần",
    "trên",
    "hơn",
    "dưới",
    "tăng",
    "giảm",
    "vượt",
    "lên",
    "xuống",
    "từ",
    "đến",
    "còn",
    "đã",
    "đang",
    "sẽ",
    "thì",
    "và",
    "cho",
    "tới",
    "ước",
    "ước đạt",
    "mới",
    "chỉ",
    "tổng cộng",
    "trong đó",
    "tổng số",
    "với",
    "như",
    "nay",
    "lại",
    "hiện",
    "vào",
    "tại",
    "ra",
    "mức",
    "khi",
    "cả",
    "nhưng",
    "trở lên",
    "đồng thời",
];

static METRIC_EDGES: LazyLock<Vec<Vec<&'static str>>> =
    LazyLock::new(|| METRIC_EDGE_WORDS.iter().map(|p| p.split(' ').collect()).collect());

/// Finds every figure in the normalized text; `dates` are the date mentions of the same
/// text (their spans are never figures, and they give each figure's `period`).
///
/// ```
/// let text = "Diện tích trồng rừng đạt 175,158/155ha, bằng 113% kế hoạch.";
/// let norm = vnextract::normalize(text, &Default::default());
/// let seg = vnextract::segment(norm.text());
/// let ctx = vnextract::extractor::Context { text: norm.text(), segments: &seg };
/// let figures = vnextract::figures::extract(&ctx, &[]);
/// assert_eq!(figures[0].value.unwrap().to_string(), "175.158");
/// assert_eq!(figures[0].target.unwrap().to_string(), "155");
/// assert_eq!(figures[1].unit.as_ref().unwrap().code(), "%");
/// ```
pub fn extract(ctx: &Context, dates: &[DateMention]) -> Vec<Figure> {
    thread_local! {
        /// One per thread, reused from text to text.
        static SCRATCH: RefCell<Scratch> = RefCell::default();
    }
    SCRATCH.with_borrow_mut(|scratch| {
        numbers::scan_allowing_into(
            ctx.text,
            &|letters| PREFIX_CURRENCIES.iter().any(|(form, _)| *form == letters),
            &mut scratch.found,
        );
        extract_from(ctx.text, dates, scratch)
    })
}

/// The buffers of [`extract`], kept from text to text so that reading a text allocates only
/// what it returns.
#[derive(Default)]
struct Scratch {
    /// The numbers of the text.
    found: Vec<NumberMatch>,
    /// The figures read so far, copied out at the end into a vector of their exact number.
    figures: Vec<Figure>,
    buffers: FigureBuffers,
}

/// What [`read_figure`] reuses from figure to figure.
#[derive(Default)]
struct FigureBuffers {
    /// The lower case of words read back from a figure that have an upper-case letter.
    lowered: String,
    /// The last metric given to a figure.
    metric: LastShared,
    /// The last period given to a figure.
    period: LastShared,
}

/// The last string given to figures in one field, shared with the next figure that repeats it
/// (figures in a row often take the same date or measure the same thing).
#[derive(Default)]
struct LastShared(Option<Arc<str>>);

impl LastShared {
    /// `s` as a figure holds it.
    fn share(&mut self, s: &str) -> Arc<str> {
        match &self.0 {
            Some(last) if **last == *s => last.clone(),
            _ => self.0.insert(Arc::from(s)).clone(),
        }
    }
}

/// [`extract`] of `text`, whose numbers are `scratch.found`.
fn extract_from(text: &str, dates: &[DateMention], scratch: &mut Scratch) -> Vec<Figure> {
    let Scratch {
        found,
        figures: out,
        buffers,
    } = scratch;
    out.clear();
    let mut paragraphs = ParagraphCache {
        dates_disjoint: dates.iter().all(|d| d.span.start <= d.span.end)
            && dates.windows(2).all(|w| w[0].span.end <= w[1].span.start),
        ..ParagraphCache::default()
    };
    let mut i = 0;
    while i < found.len() {
        let used = read_figure(text, found, i, dates, &mut paragraphs, buffers, out);
        i += used.max(1);
    }
    // A figure whose clause names nothing measures what the figure before it in the same
    // sentence measures (`trồng rừng đạt 175,158/155ha, bằng 113% kế hoạch`).
    for k in 1..out.len() {
        if out[k].metric.is_none() {
            let between = &text[out[k - 1].span.end..out[k].span.start];
            if !between.contains(['.', '!', '?', '\n', ';']) {
                out[k].metric = out[k - 1].metric.clone();
            }
        }
    }
    // Moved into a vector of their exact number: the scratch one keeps its capacity for the next
    // text, and the one returned is allocated once, at its size.
    let mut figures = Vec::with_capacity(out.len());
    figures.append(out);
    figures
}

/// `f` of the word before `pos` (as [`word_before`] finds it) and its lower case, lowered
/// without allocating (most words have no upper-case letter and are passed as they are).
fn with_lower_word_before<R>(text: &str, pos: usize, f: impl FnOnce(Range<usize>, &str) -> R) -> Option<R> {
    let (range, facts) = word_before(text, pos)?;
    let word = &text[range.clone()];
    Some(if facts.upper {
        with_lower(word, |lowered| f(range, lowered))
    } else {
        f(range, word)
    })
}

/// What [`word_before`] learns of a word while it walks back over it.
#[derive(Clone, Copy, Default)]
struct WordFacts {
    /// An upper-case letter is in it (its lower case differs from it).
    upper: bool,
    /// An ASCII digit is in it.
    digit: bool,
}

/// The word (letters and digits) ending right before `pos`, with only spaces between, and what
/// the walk back over its bytes tells of it, so that the word need not be read again to
/// lower-case it (most words need not be).
fn word_before(text: &str, pos: usize) -> Option<(Range<usize>, WordFacts)> {
    let bytes = text.as_bytes();
    let mut end = pos;
    while end > 0 && bytes[end - 1] == b' ' {
        end -= 1;
    }
    let mut facts = WordFacts::default();
    // Walk back byte by byte over ASCII; Vietnamese letters are decoded from their two or three
    // bytes in place (as in `numbers::word_len`), other characters through `chars`.
    let mut start = end;
    // What the ASCII bytes walked over hold: their classes, or-ed.
    let mut ascii_classes = 0;
    while start > 0 {
        let b = bytes[start - 1];
        let class = ASCII_CLASSES[usize::from(b)];
        if class & ASCII_ALNUM != 0 {
            ascii_classes |= class;
            start -= 1;
            continue;
        }
        if b.is_ascii() {
            break;
        }
        let lead2 = if start >= 2 { bytes[start - 2] } else { 0 };
        let lead3 = if start >= 3 { bytes[start - 3] } else { 0 };
        let last6 = u32::from(b & 0x3F);
        if lead2 == 0xC3 {
            // U+00C0..U+00FF but `×` and `÷`: letters; U+00C0..U+00DE are upper case.
            if matches!(b, 0x97 | 0xB7) {
                break;
            }
            facts.upper |= b <= 0x9E;
            start -= 2;
        } else if (0xC4..=0xC8).contains(&lead2) {
            // U+0100..U+023F: letters.
            facts.upper |=
                is_uppercase(char::from_u32(u32::from(lead2 & 0x1F) << 6 | last6).unwrap_or_default());
            start -= 2;
        } else if lead3 == 0xE1 && (0xB8..=0xBB).contains(&lead2) {
            // U+1E00..U+1EFF (Latin Extended Additional: ạ ả ấ ... ỹ).
            let u = 0x1000 | u32::from(lead2 & 0x3F) << 6 | last6;
            facts.upper |= is_uppercase(char::from_u32(u).unwrap_or_default());
            start -= 3;
        } else {
            match text[..start].chars().next_back() {
                Some(c) if numbers::is_word_char(c) => {
                    facts.upper |= is_uppercase(c);
                    start -= c.len_utf8();
                }
                _ => break,
            }
        }
    }
    facts.upper |= ascii_classes & ASCII_UPPER != 0;
    facts.digit |= ascii_classes & ASCII_DIGIT != 0;
    (start < end).then_some((start..end, facts))
}

/// [`ASCII_CLASSES`] bit: an ASCII letter or digit.
const ASCII_ALNUM: u8 = 1;
/// [`ASCII_CLASSES`] bit: an ASCII upper-case letter.
const ASCII_UPPER: u8 = 2;
/// [`ASCII_CLASSES`] bit: an ASCII digit.
const ASCII_DIGIT: u8 = 4;

/// The class bits of every byte (none for non-ASCII bytes): one load tells [`word_before`]
/// whether an ASCII byte continues the word and what it is.
static ASCII_CLASSES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_uppercase() {
            ASCII_ALNUM | ASCII_UPPER
        } else if c.is_ascii_digit() {
            ASCII_ALNUM | ASCII_DIGIT
        } else if c.is_ascii_lowercase() {
            ASCII_ALNUM
        } else {
            0
        };
        b += 1;
    }
    table
};

/// The word starting right after `pos`, with only spaces between.
fn word_after(text: &str, pos: usize) -> Option<Range<usize>> {
    let tail = &text[pos..];
    let start = pos + (tail.len() - tail.trim_start_matches(' ').len());
    let len = numbers::word_len(&text[start..]);
    (len > 0).then(|| start..start + len)
}

/// `text[start..start + len]`, shortened to a character boundary.
fn clip(text: &str, start: usize, len: usize) -> &str {
    let mut end = (start + len).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[start..end]
}

/// Lower case, borrowing when there is nothing to change (the common case).
fn lower(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_uppercase) {
        Cow::Borrowed(s)
    } else {
        let mut out = String::with_capacity(s.len());
        push_lowercase(&mut out, s);
        Cow::Owned(out)
    }
}

/// [`lower`] of `s`, written into `buf` (reused, so nothing is allocated) when it differs.
fn lower_in<'s>(s: &'s str, buf: &'s mut String) -> &'s str {
    if !s.chars().any(is_uppercase) {
        return s;
    }
    buf.clear();
    push_lowercase(buf, s);
    buf
}

/// `f` of [`lower`]`(word)`, lowered in a stack buffer (no allocation) when every character has
/// a fast lower case and the word is short, as most are.
fn with_lower<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 32];
    let mut len = 0;
    let mut changed = false;
    for c in word.chars() {
        // A character the fast path does not know, or a long word: lowered as `lower` does.
        let Some(l) = fast_lowercase(c).filter(|l| len + l.len_utf8() <= buf.len()) else {
            return f(&lower(word));
        };
        changed |= l != c;
        len += l.encode_utf8(&mut buf[len..]).len();
    }
    if !changed {
        return f(word);
    }
    match std::str::from_utf8(&buf[..len]) {
        Ok(lowered) => f(lowered),
        Err(_) => f(&lower(word)),
    }
}

/// Whether the lower-case `words` end with the words of `phrase`.
fn ends_with_phrase(words: &[LoweredWord<'_>], phrase: &[&str]) -> bool {
    words.len() >= phrase.len()
        && words[words.len() - phrase.len()..]
            .iter()
            .zip(phrase)
            .all(|((_, w), p)| w == p)
}

fn is_capitalized(s: &str) -> bool {
    s.chars().next().is_some_and(is_uppercase)
}

/// Whether the word at `range` begins a sentence or a clause.
fn starts_sentence(text: &str, range: &Range<usize>) -> bool {
    let head = text[..range.start].trim_end_matches([' ', '\t', '"', '“', '(', '-', '–', '*']);
    head.is_empty() || head.ends_with(['.', '!', '?', ':', '\n', ';', '…'])
}

/// The most words a metric reads back from its figure.
const MAX_METRIC_WORDS: usize = 16;
/// The most words [`read_clause_before`] reads: a metric's words and a qualifier's (at most three).
const MAX_CLAUSE_WORDS: usize = MAX_METRIC_WORDS + 3;
/// The most words a change word is looked for in, before the qualifier.
const MAX_CHANGE_WORDS: usize = 6;
/// The words [`read_clause_before`] reads for a count, whose metric is its noun phrase: only
/// the qualifier's and the change word's.
const MAX_COUNT_CLAUSE_WORDS: usize = MAX_CHANGE_WORDS + 3;

/// A word read back from a figure: its span and its lower case.
type LoweredWord<'a> = (Range<usize>, &'a str);

/// The words of the clause before a figure, nearest last, with their lower case, in a fixed
/// buffer (as [`read_clause_before`] reads them).
struct ClauseWords<'a> {
    words: [LoweredWord<'a>; MAX_CLAUSE_WORDS],
    first: usize,
}

impl<'a> std::ops::Deref for ClauseWords<'a> {
    type Target = [LoweredWord<'a>];
    fn deref(&self) -> &Self::Target {
        &self.words[self.first..]
    }
}

/// Reads the words of the clause before a figure, back to an earlier number (excluded), nearest
/// last, lower case: read once for the qualifier, the change word and the metric, which all
/// look at the same words; at most `max_words` (up to [`MAX_CLAUSE_WORDS`]). Words with an
/// upper-case letter are lowered into `lowered`, reused from figure to figure, so nothing is
/// allocated.
fn read_clause_before<'a>(
    text: &'a str,
    pos: usize,
    max_words: usize,
    lowered: &'a mut String,
) -> ClauseWords<'a> {
    lowered.clear();
    // Each word as written; a word with an upper-case letter gets its lower case once `lowered`
    // is complete and can be borrowed.
    let mut words = [const { (0..0, "") }; MAX_CLAUSE_WORDS];
    // The length of `lowered` after each word: a word whose lower case was appended ends past
    // the word read before it (the one after it in `words`). Smaller than a span per word, so
    // cheaper to clear.
    let mut lowered_ends = [0usize; MAX_CLAUSE_WORDS];
    let mut first = MAX_CLAUSE_WORDS;
    let mut p = pos;
    while MAX_CLAUSE_WORDS - first < max_words.min(MAX_CLAUSE_WORDS) {
        let Some((r, facts)) = word_before(text, p) else {
            break;
        };
        // No word of a qualifier, change or metric holds a digit: words before one never count.
        if facts.digit {
            break;
        }
        p = r.start;
        if facts.upper {
            push_lowercase(lowered, &text[r.clone()]);
        }
        first -= 1;
        lowered_ends[first] = lowered.len();
        words[first] = (r.clone(), &text[r]);
    }
    let lowered: &str = lowered;
    if !lowered.is_empty() {
        for k in first..MAX_CLAUSE_WORDS {
            let start = lowered_ends.get(k + 1).copied().unwrap_or(0);
            if lowered_ends[k] > start {
                words[k].1 = &lowered[start..lowered_ends[k]];
            }
        }
    }
    ClauseWords { words, first }
}

/// Whether `s` holds a combining diacritic (U+0300..U+036F, decomposed text). They are
/// encoded with the lead bytes 0xCC and 0xCD, which no precomposed Vietnamese letter uses, so
/// one byte test rules them out.
fn has_combining_mark(s: &str) -> bool {
    s.bytes().any(|b| b == 0xCC || b == 0xCD) && s.chars().any(|c| ('\u{300}'..='\u{36f}').contains(&c))
}

/// A unit written at `pos` (spaces allowed before it): its code and end.
///
/// Candidates end at word boundaries (words joined by a space or `-`, as in `đô-la`); each is
/// looked up in its NFC form, so text that reaches us decomposed still matches.
fn unit_at(text: &str, pos: usize) -> Option<(&'static str, usize)> {
    unit_and_word_at(text, pos).0
}

/// [`unit_at`], and the word after `pos` as [`word_after`] finds it, which it measures anyway:
/// callers that read a counted noun when no unit is found need not measure it again.
fn unit_and_word_at(text: &str, pos: usize) -> (Option<(&'static str, usize)>, Option<Range<usize>>) {
    let tail = &text[pos..];
    let start = pos + (tail.len() - tail.trim_start_matches(' ').len());
    let rest = &text[start..];
    let Some(first) = rest.chars().next() else {
        return (None, None);
    };
    if !numbers::is_word_char(first) {
        // Most characters after a number (`,`, `.`, `)`) begin no symbol: one table lookup.
        if !UNITS.symbol_first_bytes[usize::from(rest.as_bytes()[0])] {
            return (None, None);
        }
        let symbol = UNITS
            .symbols
            .iter()
            .find(|(form, _)| rest.starts_with(form))
            .map(|(form, code)| (*code, start + form.len()));
        return (symbol, None);
    }
    // Most words after a number begin no unit: rule them out with one lookup of the first
    // word (first words of every form, NFC; decomposed text takes the slow path).
    let first_word = &rest[..numbers::word_len(rest)];
    let word = (!first_word.is_empty()).then(|| start..start + first_word.len());
    let units = &*UNITS;
    let word_counts = if units.first_word_starts.may_contain(first_word) {
        units.first_words.get(first_word).copied()
    } else {
        None
    };
    let word_counts = match word_counts {
        Some(counts) => counts,
        // Decomposed text is looked up composed, at every word count.
        None if has_combining_mark(first_word) => 0b1111,
        None => return (None, word),
    };
    (unit_of_words_at(text, start, word_counts), word)
}

/// The ends of up to four words from `start` (words joined by a space or `-`), as
/// [`unit_of_words_at`] reads them; 0 past the last word, and past the highest bit of
/// `word_counts` (bit `k - 1` asks for the `k`th word), which are not measured.
fn word_ends(text: &str, start: usize, word_counts: u8) -> [usize; 4] {
    let mut ends = [0usize; 4];
    let wanted = 8 - word_counts.leading_zeros() as usize;
    let mut p = start;
    for end in ends.iter_mut().take(wanted) {
        let len = numbers::word_len(&text[p..]);
        if len == 0 {
            break;
        }
        p += len;
        *end = p;
        match text.as_bytes().get(p) {
            Some(b' ' | b'-') => p += 1,
            _ => break,
        }
    }
    ends
}

/// The longest unit written as words from `start` (up to four words, and only as many as
/// `word_counts` holds, bit `k - 1` for `k`): its code and end.
fn unit_of_words_at(text: &str, start: usize, word_counts: u8) -> Option<(&'static str, usize)> {
    let ends = word_ends(text, start, word_counts);
    for (k, &end) in ends.iter().enumerate().rev() {
        if end == 0 || word_counts & (1 << k) == 0 {
            continue;
        }
        let written = &text[start..end];
        let code = if has_combining_mark(written) {
            let composed: String = written.nfc().collect();
            UNITS.words.get(composed.as_str()).copied()
        } else {
            UNITS.words.get(written).copied()
        };
        if let Some(code) = code {
            return Some((code, end));
        }
    }
    None
}

/// A counted noun read from the text: borrowed from the noun lists when they hold it (most
/// nouns), so that a kept figure copies nothing, else the text's word in lower case.
#[derive(Clone, Debug)]
enum Noun<'t> {
    /// A listed compound, a word some noun list holds, or a unit code (a rate's denominator).
    Listed(&'static str),
    /// A word no list holds, in lower case.
    Word(Cow<'t, str>),
}

impl Noun<'_> {
    fn as_str(&self) -> &str {
        match self {
            Noun::Listed(w) => w,
            Noun::Word(w) => w,
        }
    }

    /// The noun as a kept unit holds it: borrowed from its list, copied only when unlisted.
    fn into_static(self) -> Cow<'static, str> {
        match self {
            Noun::Listed(w) => Cow::Borrowed(w),
            Noun::Word(w) => Cow::Owned(w.into_owned()),
        }
    }
}

/// The unit of a count: a noun, or a classifier and the noun after it (`con lợn`), kept apart
/// until the figure is kept, when they are joined.
#[derive(Clone, Debug)]
struct CountedUnit<'t> {
    head: Noun<'t>,
    /// The noun after a classifier.
    noun: Option<Noun<'t>>,
}

impl CountedUnit<'_> {
    /// Whether `phrase` ends with the unit as written (`con lợn`).
    fn ends(&self, phrase: &str) -> bool {
        match &self.noun {
            None => phrase.ends_with(self.head.as_str()),
            Some(noun) => phrase
                .strip_suffix(noun.as_str())
                .and_then(|p| p.strip_suffix(' '))
                .is_some_and(|p| p.ends_with(self.head.as_str())),
        }
    }

    /// The unit as a kept figure holds it.
    fn into_static(self) -> Cow<'static, str> {
        let Some(noun) = self.noun else {
            return self.head.into_static();
        };
        Cow::Owned(joined(self.head.as_str(), noun.as_str()))
    }
}

/// A counted noun at `pos`: its unit (head noun) and the end of the noun phrase read;
/// `word_here` is `word_after(text, pos)`, which the caller has already measured.
fn counted_noun_at(
    text: &str,
    pos: usize,
    word_here: Option<Range<usize>>,
) -> Option<(CountedUnit<'_>, usize, bool)> {
    let first = word_here?;
    // Exactly one space between number and noun (`16oC` is no count).
    if first.start != pos + 1 || text.as_bytes()[pos] != b' ' {
        return None;
    }
    let word = &text[first.clone()];
    if is_capitalized(word) || word.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let w = lower(word);
    let facts = noun_facts(&w);
    let (head, mut end, mut listed) = compound_from(text, first, w, facts);
    // `compound_from` gives the lower-case word itself when no listed compound starts there.
    let listed_compound = head.as_str().contains(' ');
    if !listed_compound && (facts.not_counted || facts.number_word) {
        return None;
    }
    let mut unit = CountedUnit { head, noun: None };
    if facts.classifier {
        listed = true;
        if let Some(next) = word_after(text, end) {
            let nw = lower(&text[next.clone()]);
            let next_facts = noun_facts(&nw);
            if next.start == end + 1
                && !is_capitalized(&text[next.clone()])
                && !next_facts.not_counted
                && !next_facts.number_word
            {
                let (noun, noun_end, _) = compound_from(text, next, nw, next_facts);
                unit.noun = Some(noun);
                end = noun_end;
            }
        }
    }
    Some((unit, end, listed))
}

/// The longest listed noun starting at the word `first`, else that word (lower case); and
/// whether it was listed.
fn compound_at(text: &str, first: Range<usize>) -> (Noun<'_>, usize, bool) {
    let w = lower(&text[first.clone()]);
    let facts = noun_facts(&w);
    compound_from(text, first, w, facts)
}

/// [`compound_at`] for a word already lower-cased (`w`) and looked up (`facts`, its
/// [`NounFacts`]).
fn compound_from<'t>(
    text: &'t str,
    first: Range<usize>,
    w: Cow<'t, str>,
    facts: NounFacts,
) -> (Noun<'t>, usize, bool) {
    let word = &text[first.clone()];
    let compounds = facts.compounds;
    if !compounds.is_empty() {
        // Compounds are matched against the next 60 bytes of text, lower-cased. Every compound
        // of the list begins with `w`, the lower case of `word`: only what follows is compared.
        let rest = clip(text, first.start, 60);
        let (rest_after, skipped) = match rest.get(word.len()..) {
            Some(after) => (after, w.len()),
            None => (rest, 0),
        };
        for compound in compounds {
            if lower_case_starts_word(rest_after, &compound[skipped..]) {
                // Map the compound's length back: lower-casing keeps byte lengths of Vietnamese
                // letters except for rare cases, so re-measure by words.
                let words = compound.split(' ').count();
                let mut end = first.end;
                for _ in 1..words {
                    match word_after(text, end) {
                        Some(r) => end = r.end,
                        None => break,
                    }
                }
                return (Noun::Listed(compound), end, true);
            }
        }
    }
    let noun = if facts.word.is_empty() {
        Noun::Word(w)
    } else {
        Noun::Listed(facts.word)
    };
    (noun, first.end, false)
}

/// Whether `lower(rest)` starts with `phrase` and no word character follows it there: each
/// character is lower-cased as it is compared, so nothing is allocated.
fn lower_case_starts_word(rest: &str, phrase: &str) -> bool {
    // Text written in lower case (most) matches byte for byte: only the character after the
    // phrase is left to read.
    if let Some(after) = rest
        .as_bytes()
        .starts_with(phrase.as_bytes())
        .then(|| &rest[phrase.len()..])
    {
        return match after.chars().next() {
            Some(c) => !numbers::is_word_char(fast_lowercase(c).unwrap_or_else(|| first_lower(c))),
            None => true,
        };
    }
    let mut want = phrase.chars();
    for c in rest.chars() {
        let mut one = None;
        let mut many = None;
        match fast_lowercase(c) {
            Some(l) => one = Some(l),
            None => many = Some(c.to_lowercase()),
        }
        for l in one.into_iter().chain(many.into_iter().flatten()) {
            match want.next() {
                Some(w) if w == l => {}
                Some(_) => return false,
                None => return !numbers::is_word_char(l),
            }
        }
    }
    want.next().is_none()
}

/// The first character of the lower case of `c`.
fn first_lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// A unit as read after a number, borrowing from the lists and the text until its figure is
/// kept ([`UnitRead::into_unit`]): most numbers whose unit is read make no figure.
enum ReadUnit<'t> {
    Measure(&'static str),
    Counted(CountedUnit<'t>),
    Times,
}

/// What follows a number: the unit and where the figure ends.
struct UnitRead<'t> {
    unit: ReadUnit<'t>,
    /// Where a rate's denominators are written (`/người/năm` of `VND/người/năm`), read again
    /// when the figure is kept; empty for most units.
    per: Range<usize>,
    end: usize,
}

impl UnitRead<'_> {
    /// The measure code of a unit that is a measure (not a rate of one).
    fn measure(&self) -> Option<&'static str> {
        match self.unit {
            ReadUnit::Measure(code) if self.per.is_empty() => Some(code),
            _ => None,
        }
    }

    /// Whether the unit is a counted noun (not a rate of one).
    fn is_count(&self) -> bool {
        self.per.is_empty() && matches!(self.unit, ReadUnit::Counted(_))
    }

    /// [`Unit::dimension`] of the unit.
    fn dimension(&self) -> Dimension {
        match &self.unit {
            ReadUnit::Measure(code) => measure_dimension(code),
            ReadUnit::Counted(_) => Dimension::Count,
            ReadUnit::Times => Dimension::Number,
        }
    }

    /// The unit a kept figure holds; `text` is the text it was read from.
    fn into_unit(self, text: &str) -> Unit {
        let unit = match self.unit {
            ReadUnit::Measure(code) => Unit::Measure(Cow::Borrowed(code)),
            ReadUnit::Counted(counted) => Unit::Counted(counted.into_static()),
            ReadUnit::Times => Unit::Times,
        };
        if self.per.is_empty() {
            return unit;
        }
        let mut per = Vec::new();
        read_denominators(text, self.per.start, |denominator| {
            per.push(denominator.into_static())
        });
        Unit::Rate(Box::new(unit), per)
    }
}

/// Reads the unit after a number ending at `pos` whose largest scale word is `scale`;
/// `unit_and_word_here` is `unit_and_word_at(text, pos)`, which the caller has already looked up.
fn read_unit<'t>(
    text: &'t str,
    number_start: usize,
    pos: usize,
    scale: Decimal,
    form: NumberForm,
    unit_and_word_here: (Option<(&'static str, usize)>, Option<Range<usize>>),
) -> Option<UnitRead<'t>> {
    let (unit_here, word_here) = unit_and_word_here;
    let (unit, end) = if let Some((code, end)) = unit_here {
        // `2 đô 23` style cents are left to the money reader in `read_figure`.
        let unit = if code == "lần" {
            ReadUnit::Times
        } else {
            ReadUnit::Measure(code)
        };
        (unit, end)
    } else if let Some((noun, end, listed)) = counted_noun_at(text, pos, word_here) {
        // Counts in words take listed nouns only: `bẩy mang lại`, `tám thay đổi` are no counts.
        if form == NumberForm::Words && (!listed || IDIOMS.iter().any(|i| noun.ends(i))) {
            return None;
        }
        (ReadUnit::Counted(noun), end)
    } else if (at_least_a_million(scale) || form == NumberForm::Shorthand)
        && prefix_currency(text, number_start).is_none()
    {
        // A bare `tỷ`/`triệu` (or `1tr2`, `10k`) in news is an amount of money in đồng.
        (ReadUnit::Measure("VND"), pos)
    } else {
        return None;
    };
    let per_end = read_denominators(text, end, |_| {});
    Some(UnitRead {
        unit,
        per: end..per_end,
        end: per_end,
    })
}

/// Reads the denominators of a rate written from `pos` (`/năm`, `/người/năm`, `/ha`, `/kWh`),
/// passing each to `each`; returns where they end (`pos` when there are none).
fn read_denominators<'t>(text: &'t str, pos: usize, mut each: impl FnMut(Noun<'t>)) -> usize {
    let mut end = pos;
    while text[end..].starts_with('/') {
        let after = end + 1;
        if let Some((code, e)) =
            unit_at(text, after).filter(|(_, e)| *e > after && !text[after..].starts_with(' '))
        {
            each(Noun::Listed(code));
            end = e;
        } else if let Some(w) = word_after(text, after).filter(|w| w.start == after) {
            let word = &text[w.clone()];
            if is_capitalized(word) || word.bytes().any(|b| b.is_ascii_digit()) {
                break;
            }
            let (noun, noun_end, _) = compound_at(text, w);
            each(noun);
            end = noun_end;
        } else {
            break;
        }
    }
    end
}

/// `scale >= 1_000_000`: scales are whole numbers (scale 0), whose mantissa is compared as an
/// integer, cheaper than a `Decimal` comparison.
fn at_least_a_million(scale: Decimal) -> bool {
    if scale.scale() == 0 {
        scale.mantissa() >= 1_000_000
    } else {
        scale >= Decimal::from(1_000_000)
    }
}

fn is_year_like(text: &str, m: &NumberMatch) -> bool {
    let s = &text[m.span.clone()];
    s.len() == 4
        && s.bytes().all(|b| b.is_ascii_digit())
        && (1900..=2100).contains(&s.parse::<u32>().unwrap_or(0))
}

/// Whether a year-like number stands where a year does: after a dash, a slash, a bracket
/// or a time word (`2021 - 2026 tổ chức`, `quý I/2025 tổng`, `đến 2025 toàn tỉnh`).
fn year_context(text: &str, m: &NumberMatch) -> bool {
    let head = text[..m.span.start].trim_end_matches(' ');
    if head.is_empty() || head.ends_with(['-', '–', '—', '/', '(', ',', '\n']) {
        return true;
    }
    with_lower_word_before(text, m.span.start, |_, prev| {
        matches!(
            prev,
            "đến"
                | "tới"
                | "từ"
                | "năm"
                | "cuối"
                | "đầu"
                | "trước"
                | "sau"
                | "trong"
                | "vào"
                | "nay"
                | "kỳ"
        )
    })
    .unwrap_or(false)
}

/// Whether the number at `m` is written as a name, ordinal, code or date part.
fn is_excluded_by_left_context(text: &str, m: &NumberMatch) -> bool {
    let start = m.span.start;
    let head = &text[..start];
    // Codes glued with a dash to a word: `Covid-19`, `Covid -19`, `SARS-CoV-2`.
    let trimmed = head.trim_end_matches(' ');
    if let Some(before_dash) = trimmed.strip_suffix('-') {
        if before_dash
            .trim_end_matches(' ')
            .chars()
            .next_back()
            .is_some_and(char::is_alphabetic)
        {
            return true;
        }
    }
    with_lower_word_before(text, start, |prev, prev_lower| {
        // The lower case of the word before `prev`, tested by `f`.
        let word_before_prev_is =
            |f: &dyn Fn(&str) -> bool| with_lower_word_before(text, prev.start, |_, w| f(w));
        // A word glued to the number through `.`/`/` (`16.4`, `số 1234`) is checked by callers.
        if NAME_WORDS.contains(prev_lower) {
            if prev_lower == "số" {
                // `tổng số 36 dự án`, `trong số 10 người` count; `số 5`, `Quyết định số 12` name.
                return word_before_prev_is(&|w| matches!(w, "tổng" | "trong" | "đa" | "với")) != Some(true);
            }
            // `nâng cấp 09 công trình`: the name word ends a verb.
            return word_before_prev_is(&|w| NAME_WORD_VERBS.contains(&(w, prev_lower))) != Some(true);
        }
        // Two-word names (`Quốc lộ 3`, `mức độ 3`): looked up only after a possible last word.
        if NAME_LAST_WORDS.contains(prev_lower)
            && word_before_prev_is(&|w| NAME_WORD_PAIRS.contains(&(w, prev_lower))) == Some(true)
        {
            return true;
        }
        // A capitalized word right before a number names it (`Phú Mỹ 1`, `TCVN 11041`), unless it
        // opens the sentence (`Trên 21.245 tỷ đồng`, `Có 3 dự án`).
        let prev_word = &text[prev.clone()];
        (is_capitalized(prev_word) || prev_word.bytes().any(|b| b.is_ascii_digit()))
            && !starts_sentence(text, &prev)
            && !QUALIFIERS.iter().any(|(q, _)| q.len() == 1 && q[0] == prev_lower)
    })
    .unwrap_or(false)
}

/// Reads the figure starting with number `i` into `out` (unless it overlaps the figure before
/// it); returns how many numbers it used. Pushed here rather than returned, so that the numbers
/// that make no figure (most) pass no `Option<Figure>` back.
fn read_figure(
    text: &str,
    found: &[NumberMatch],
    i: usize,
    dates: &[DateMention],
    paragraphs: &mut ParagraphCache,
    buffers: &mut FigureBuffers,
    out: &mut Vec<Figure>,
) -> usize {
    let m = &found[i];
    // A lone `không` is never a figure (checked below too): skip the unit lookup for it.
    if m.form == NumberForm::Words
        && m.atoms == 1
        && matches!(&text[m.span.clone()], "không" | "Không")
        && !found.get(i + 1).is_some_and(|n| {
            n.span.start == m.span.end + 1 && matches!(text.as_bytes()[m.span.end], b'/' | b'-' | b'.')
        })
    {
        return 1;
    }
    let dates_disjoint = paragraphs.dates_disjoint;
    let overlaps_date = |r: &Range<usize>| {
        if dates_disjoint {
            // Sorted, disjoint dates (as `dates::extract` gives them): only the last one
            // starting before `r` ends can overlap it.
            let k = dates.partition_point(|d| d.span.start < r.end);
            k > 0 && r.start < dates[k - 1].span.end
        } else {
            dates.iter().any(|d| d.span.start < r.end && r.start < d.span.end)
        }
    };
    // `thứ 34/63`, `số 12/2023`: a glued second number goes with the first when it is rejected.
    let glued_next = found.get(i + 1).is_some_and(|n| {
        n.span.start == m.span.end + 1 && matches!(text.as_bytes()[m.span.end], b'/' | b'-' | b'.')
    });
    // A number inside a date is rejected whatever follows it: one with no number glued to it
    // uses itself, one glued by `/` or `-` (`7/9/2022`) itself and the next, so neither needs
    // its unit read (a lone number word is rejected below for 1 too, unit or not).
    let in_date = overlaps_date(&m.span);
    if in_date {
        let glued_by_dash_or_slash = glued_next && matches!(text.as_bytes()[m.span.end], b'/' | b'-');
        if !glued_next {
            return 1;
        }
        if glued_by_dash_or_slash && !(m.form == NumberForm::Words && m.atoms == 1) {
            return 2;
        }
    }
    // The measure unit right after the number, looked up once for the checks below.
    let unit_and_word_after = unit_and_word_at(text, m.span.end);
    let unit_after = unit_and_word_after.0;
    // A lone `không`, `một`, `năm`... is no number unless a measure unit follows (the checks
    // below reject it too, after more work); a glued next number is left to those checks.
    if m.form == NumberForm::Words && m.atoms == 1 {
        let glued = found.get(i + 1).is_some_and(|n| {
            n.span.start == m.span.end + 1 && matches!(text.as_bytes()[m.span.end], b'/' | b'-' | b'.')
        });
        let written = &text[m.span.clone()];
        let lone = matches!(written, "không" | "Không")
            || (matches!(
                written,
                "một" | "Một" | "năm" | "Năm" | "tư" | "Tư" | "mốt" | "Mốt" | "lăm" | "Lăm" | "nhăm" | "Nhăm"
            ) && unit_after.is_none());
        if lone && !glued {
            return 1;
        }
    }
    // Fast rejection: a number with nothing after it that could make it a figure (a unit, a
    // counted noun, a scale, a range or ratio mark) is no figure; most dates and codes stop here.
    let after = text[m.span.end..].trim_start_matches(' ');
    let joins_next = after.starts_with(['/', '-', '–', '—', '~'])
        || after.starts_with("đến ")
        || after.starts_with("tới ")
        || after.starts_with("và ");
    // The unit read here is reused below when the figure is this number alone.
    let mut early_unit = if joins_next {
        None
    } else {
        read_unit(
            text,
            m.span.start,
            m.span.end,
            m.scale,
            m.form,
            unit_and_word_after.clone(),
        )
    };
    if !joins_next && early_unit.is_none() && prefix_currency(text, m.span.start).is_none() {
        return 1;
    }
    // A measure unit or a large scale word after the number outweighs a name-like word
    // before it (`Nợ trong kỳ 8,4 tỷ đồng`, `với mức 5,6%`, `cho Phước Long 68 tỷ đồng`).
    let is_measure = |unit: Option<(&str, usize)>| unit.is_some_and(|(code, _)| code != "lần" && code != "m");
    let measured = at_least_a_million(m.scale)
        || is_measure(unit_after)
        // `chiếm tỷ lệ 4,0 - 5,1%`: the unit of a range is written once, after its end.
        || (joins_next
            && found.get(i + 1).is_some_and(|n| {
                matches!(text[m.span.end..n.span.start].trim(), "-" | "–" | "—" | "~" | "đến" | "tới")
                    && (at_least_a_million(n.scale) || is_measure(unit_at(text, n.span.end)))
            }));
    if in_date || (!measured && is_excluded_by_left_context(text, m)) {
        return 1 + usize::from(glued_next);
    }
    let bytes = text.as_bytes();
    let mut end = m.span.end;
    let mut value = m.value;
    let mut used = 1;
    let mut target = None;
    let mut value_max = None;
    let mut scale = m.scale;

    // Words-only numbers: never `một` (an article), never a lone ambiguous syllable.
    if m.form == NumberForm::Words {
        let measure_after = unit_after.is_some();
        let lone = m.atoms == 1
            && with_lower(&text[m.span.clone()], |written| {
                written == "không"
                    || (!measure_after && matches!(written, "một" | "năm" | "tư" | "mốt" | "lăm" | "nhăm"))
            });
        if lone {
            return 1;
        }
        let tail = lower_in(clip(text, m.span.start, m.span.len() + 40), &mut buffers.lowered);
        if IDIOMS.iter().any(|idiom| tail.starts_with(idiom)) {
            return 1;
        }
        if with_lower_word_before(text, m.span.start, |_, w| w == "cả" || w == "thứ") == Some(true) {
            return 1;
        }
    }

    // Glued suffix: `155ha`, `100m`, `113%`; other glued letters are codes or times.
    let glued_letters = text[end..].chars().next().is_some_and(|c| c.is_alphabetic());
    // `end` is still the number's end here.
    if glued_letters && m.form != NumberForm::Shorthand && unit_after.is_none() {
        return 1;
    }

    // `a/b`: achieved against planned, or a date, ranking, ratio or document number.
    if bytes.get(end) == Some(&b'/') {
        let next = found.get(i + 1).filter(|n| n.span.start == end + 1);
        let Some(n) = next else {
            return 1;
        };
        if is_year_like(text, n) || text[n.span.end..].starts_with('/') {
            // A date (`18/7/2024`) or a code: skip every glued part.
            let mut k = i + 1;
            while found.get(k + 1).is_some_and(|x| {
                x.span.start == found[k].span.end + 1
                    && matches!(bytes[found[k].span.end], b'/' | b'-' | b'.')
            }) {
                k += 1;
            }
            return k + 1 - i;
        }
        let ranked = with_lower_word_before(text, m.span.start, |_, prev| {
            matches!(prev, "thứ" | "hạng" | "ngày" | "tháng" | "đêm" | "sáng" | "chiều")
        });
        if ranked == Some(true) {
            return 2;
        }
        target = n.value;
        if m.scale == Decimal::ONE && n.scale > Decimal::ONE {
            value = value.and_then(|v| v.checked_mul(n.scale));
        }
        scale = scale.max(n.scale);
        end = n.span.end;
        used = 2;
    } else if text[end..].starts_with(':')
        || text[end..].starts_with('h') && text[end + 1..].starts_with(|c: char| c.is_ascii_digit())
    {
        return 1;
    }

    // Ranges: `12 - 16 triệu đồng`, `từ 10 đến 15 ha`, `10–15%`.
    let mut range_start_word = None;
    // Not after an `a/b` (whose `b` may have overflowed to no target): its `b` is used.
    if used == 1 {
        if let Some(n) = found.get(i + 1) {
            let between = &text[end..n.span.start];
            let unit_at_end = if end == m.span.end {
                unit_after
            } else {
                unit_at(text, end)
            };
            let (range_unit_first, between_after_unit) = match unit_at_end {
                Some((_, ue)) if ue <= n.span.start => (true, &text[ue..n.span.start]),
                _ => (false, between),
            };
            let gap = between_after_unit.trim();
            let is_range_word = matches!(gap, "-" | "–" | "—" | "đến" | "tới" | "và" | "~");
            // The word before the range (its start, and whether it is `khoảng`), read only
            // when the gap makes one (most numbers followed by another number are no range).
            let range_word = if is_range_word {
                with_lower_word_before(text, m.span.start, |r, w| {
                    matches!(w, "từ" | "giữa" | "khoảng").then_some((r.start, w == "khoảng"))
                })
                .flatten()
            } else {
                None
            };
            let starts_with_giua_or_tu = range_word.is_some();
            let ok = is_range_word
                && (gap != "và" || starts_with_giua_or_tu)
                && !(is_year_like(text, m) && is_year_like(text, n))
                && (!range_unit_first || unit_at(text, n.span.end).is_some())
                && !overlaps_date(&n.span);
            if ok {
                if m.scale == Decimal::ONE && n.scale > Decimal::ONE {
                    value = value.and_then(|v| v.checked_mul(n.scale));
                }
                value_max = n.value;
                scale = scale.max(n.scale);
                end = n.span.end;
                used = 2;
                range_start_word = range_word;
            }
        }
    }

    let last = &found[i + used - 1];
    let mut prefix_start = None;
    let reused = if used == 1 && end == m.span.end {
        early_unit.take()
    } else {
        None
    };
    let unit_read = match reused.or_else(|| {
        let unit_and_word_at_end = if end == m.span.end {
            unit_and_word_after.clone()
        } else {
            unit_and_word_at(text, end)
        };
        read_unit(text, m.span.start, end, scale, last.form, unit_and_word_at_end)
    }) {
        Some(u) => Some(u),
        None => prefix_currency(text, m.span.start).map(|(code, start)| {
            prefix_start = Some(start);
            UnitRead {
                unit: ReadUnit::Measure(code),
                per: end..end,
                end,
            }
        }),
    };
    let Some(mut unit_read) = unit_read else {
        return used;
    };
    // Cents after a major currency unit.
    if let Some(code) = unit_read.measure() {
        if matches!(code, "USD" | "EUR" | "GBP" | "INR" | "AED") && value_max.is_none() {
            if let Some((cents, cents_end)) = cents_after(text, unit_read.end) {
                value = value.map(|v| v + cents);
                unit_read.end = cents_end;
            }
        }
    }
    if used == 1 && is_year_like(text, m) && unit_read.is_count() && year_context(text, m) {
        return 1;
    }
    if let Some(n) = found.get(i + used).filter(|n| n.span.start < unit_read.end) {
        // The unit swallowed the next number: leave it alone.
        let _ = n;
    }
    let mut fig_end = unit_read.end;
    let is_count = unit_read.is_count();
    // Percent glued as `90 %`: unit_at handles spaces. `trở lên` after a figure means over.
    let mut qualifier = Qualifier::Exact;
    let mut fig_start = prefix_start.unwrap_or(m.span.start);
    if let Some((start, about)) = range_start_word {
        fig_start = start;
        if about {
            qualifier = Qualifier::About;
        }
    }
    // The clause's words before the figure serve the qualifier (its last three words), then,
    // before the qualifier, the change word and the metric (a count's metric is read after it).
    let max_words = if is_count {
        MAX_COUNT_CLAUSE_WORDS
    } else {
        MAX_CLAUSE_WORDS
    };
    let clause = read_clause_before(text, fig_start, max_words, &mut buffers.lowered);
    let mut words_before = &*clause;
    let before = &words_before[words_before.len().saturating_sub(3)..];
    let qualifiers_here = before
        .last()
        .and_then(|(_, w)| QUALIFIERS_BY_LAST_WORD.get(w))
        .map_or(&[][..], Vec::as_slice);
    for (phrase, q) in qualifiers_here {
        if ends_with_phrase(before, phrase) {
            qualifier = *q;
            fig_start = before[before.len() - phrase.len()].0.start;
            words_before = &words_before[..words_before.len() - phrase.len()];
            break;
        }
    }
    // Both phrases begin with `trở`: one byte test after the spaces rules out nearly every figure.
    if text[fig_end..].trim_start_matches(' ').starts_with(['t', 'T']) {
        if phrase_after(text, fig_end, "trở lên") {
            qualifier = Qualifier::Over;
        }
        if phrase_after(text, fig_end, "trở xuống") {
            qualifier = Qualifier::AtMost;
        }
    }
    // Avoid a dangling `.` on abbreviations like `đ.`: spans end at the unit.
    while fig_end > fig_start && text[..fig_end].ends_with(' ') {
        fig_end -= 1;
    }

    let change = change_in(&words_before[words_before.len().saturating_sub(MAX_CHANGE_WORDS)..]);
    let dimension = unit_read.dimension();
    let note = value
        .is_none()
        .then_some(Cow::Borrowed("number too large for an exact decimal"));
    let metric = if is_count {
        // A count measures its noun phrase: `356 hộ nghèo` → `hộ nghèo`.
        counted_phrase(text, last.span.end, unit_read.end)
    } else {
        metric_before(
            text,
            &words_before[words_before.len().saturating_sub(MAX_METRIC_WORDS)..],
        )
    };
    let period = period_for(text, fig_start, dates, paragraphs);
    let figure = Figure {
        span: fig_start..fig_end,
        value: value.map(|v| v.normalize()),
        value_max: value_max.map(|v| v.normalize()),
        dimension,
        qualifier,
        target: target.map(|v| v.normalize()),
        change,
        metric: metric.map(|metric| buffers.metric.share(metric)),
        period: period.map(|period| buffers.period.share(period)),
        unit: Some(unit_read.into_unit(text)),
        note,
        ..Figure::default()
    };
    // Numbers inside the unit span (never in practice) are skipped with the figure.
    let mut consumed = used;
    while found.get(i + consumed).is_some_and(|n| n.span.start < fig_end) {
        consumed += 1;
    }
    if out.last().is_none_or(|last| last.span.end <= figure.span.start) {
        out.push(figure);
    }
    consumed
}

fn phrase_after(text: &str, pos: usize, phrase: &str) -> bool {
    let rest = text[pos..].trim_start_matches(' ');
    // Only `t`/`T` lower-cases to `t`: one byte rules out almost every position.
    if phrase.starts_with('t') && !rest.starts_with(['t', 'T']) {
        return false;
    }
    with_lower(clip(rest, 0, phrase.len()), |written| written == phrase)
}

/// The change word governing a figure: within the (up to six) `words` before it in the same
/// clause, nearest last, with no number among them (as [`read_clause_before`] reads them).
fn change_in(words: &[LoweredWord<'_>]) -> Option<Change> {
    for k in (0..words.len()).rev() {
        // A level reached, not a change: `giảm còn 10,11%`, `tăng lên gần 400 tỷ đồng`,
        // `tăng ... từ 41% lên 45%`.
        if matches!(words[k].1, "còn" | "lên" | "xuống" | "đến" | "tới" | "từ") {
            return None;
        }
        let Some(changes) = CHANGES_BY_LAST_WORD.get(words[k].1) else {
            continue;
        };
        for (phrase, change) in changes {
            if ends_with_phrase(&words[..=k], phrase) {
                return Some(*change);
            }
        }
    }
    None
}

/// Whether a lower-case word is a verb that links a measured subject to its figure (a `match`:
/// compiled to a test of the length, then of the bytes).
fn is_linking_verb(word: &str) -> bool {
    matches!(word, "đạt" | "là" | "chiếm" | "ở" | "bằng" | "có" | "gồm" | "còn")
}

/// Words that end a counted noun phrase.
const PHRASE_STOP_WORDS: &[&str] = &[
    "là", "đạt", "được", "với", "và", "có", "trong", "tại", "của", "cho", "đã", "đang", "sẽ", "bị", "thì",
    "mà", "nhưng", "chiếm", "tăng", "giảm", "so", "theo", "từ", "đến", "trên", "dưới", "gồm", "để", "khi",
    "này", "đó", "nên", "hoặc", "hay", "cùng", "vào", "ra", "về", "như", "do", "bởi", "vì", "nhằm", "hơn",
    "gần", "khoảng", "lên", "xuống", "năm", "tháng", "ngày", "quý",
];

/// The noun phrase of a count: from its unit to the next punctuation or function word, at most
/// six words (`3.847 cuộc thanh tra hành chính và ...` → `cuộc thanh tra hành chính`).
fn counted_phrase(text: &str, noun_start: usize, unit_end: usize) -> Option<&str> {
    let bytes = text.as_bytes();
    let mut end = unit_end;
    let mut words = 0;
    // Each next word follows exactly one space (a second space measures as an empty word).
    while words < 6 && bytes.get(end) == Some(&b' ') {
        let len = numbers::word_len(&text[end + 1..]);
        if len == 0 {
            break;
        }
        let word = &text[end + 1..end + 1 + len];
        if word.bytes().any(|b| b.is_ascii_digit()) || with_lower(word, |w| noun_facts(w).phrase_stop) {
            break;
        }
        end += 1 + len;
        words += 1;
    }
    let phrase = text[noun_start..end].trim();
    (!phrase.is_empty()).then_some(phrase)
}

/// The measured subject written before a figure: the clause's `words` before it (at most
/// 16, as [`read_clause_before`] reads them), without the verbs and function words at its edges.
fn metric_before<'t>(text: &'t str, words: &[LoweredWord<'_>]) -> Option<&'t str> {
    let mut lowered = words;
    // `... với tổng vốn đầu tư 311 triệu USD`: the measure named after `với` is the metric.
    if let Some(k) = lowered.iter().rposition(|(r, _)| &text[r.clone()] == "với") {
        if k + 1 < lowered.len() {
            lowered = &lowered[k + 1..];
        }
    }
    // The subject ends at the last linking verb before the figure (`Thu ngân sách nhà nước
    // đạt gần 120 tỷ đồng`), when the clause has one after its first word.
    if let Some(k) = lowered.iter().rposition(|(_, w)| is_linking_verb(w)) {
        if k > 0 {
            lowered = &lowered[..k];
        }
    }
    let mut from = 0;
    let mut to = lowered.len();
    'trim_end: while to > from {
        let Some(edges) = METRIC_EDGES_BY_LAST_WORD.get(lowered[to - 1].1) else {
            break;
        };
        for (phrase, ()) in edges {
            if ends_with_phrase(&lowered[from..to], phrase) {
                to -= phrase.len();
                continue 'trim_end;
            }
        }
        break;
    }
    'trim_start: while to > from {
        let Some(edges) = METRIC_EDGES_BY_FIRST_WORD.get(lowered[from].1) else {
            break;
        };
        for (phrase, ()) in edges {
            let n = phrase.len();
            if to - from >= n
                && lowered[from..from + n]
                    .iter()
                    .zip(phrase.iter())
                    .all(|((_, w), p)| w == p)
            {
                from += n;
                continue 'trim_start;
            }
        }
        break;
    }
    let words = &lowered[from..to];
    let (first, last) = (&words.first()?.0, &words.last()?.0);
    let metric = text[first.start..last.end].trim();
    (!metric.is_empty() && !metric.bytes().any(|b| b.is_ascii_digit())).then_some(metric)
}

/// Bounds of the sentence around `pos` (by `.`, `!`, `?` followed by a space, or a line
/// break), looked for no further than `window`: a bound outside the window is reported at the
/// window's edge, which is all [`period_for`] needs and keeps long paragraphs from being rescanned.
fn sentence_bounds(text: &str, pos: usize, window: &Range<usize>) -> Range<usize> {
    let bytes = text.as_bytes();
    let mut s = pos;
    while s > window.start {
        let b = bytes[s - 1];
        if b == b'\n' || (matches!(b, b'.' | b'!' | b'?') && bytes.get(s) == Some(&b' ')) {
            break;
        }
        s -= 1;
    }
    let mut e = pos;
    let limit = window.end.min(bytes.len());
    while e < limit {
        let b = bytes[e];
        if b == b'\n' || (matches!(b, b'.' | b'!' | b'?') && matches!(bytes.get(e + 1), Some(b' ') | None)) {
            break;
        }
        e += 1;
    }
    s..e
}

/// The paragraph (line) around a position, remembered between the figures of one text: they
/// come in text order, so each line is searched once however many figures it holds.
#[derive(Default)]
struct ParagraphCache {
    bounds: Range<usize>,
    /// Whether the text's dates are in order and disjoint, so overlaps can be binary-searched.
    dates_disjoint: bool,
    /// The last sentence found by [`ParagraphCache::sentence_around`].
    sentence: Range<usize>,
    /// Bytes known to hold no sentence break: figures come in text order, several to a
    /// sentence, so [`ParagraphCache::any_break`] reads each stretch once.
    no_break: Range<usize>,
}

impl ParagraphCache {
    /// [`sentence_bounds`] of `pos`, reused for the next figures of the same sentence: every
    /// position inside a sentence has the same bounds, except at a final `.` of the text.
    fn sentence_around(&mut self, text: &str, pos: usize, window: &Range<usize>) -> Range<usize> {
        let Range { start, end } = self.sentence;
        if start <= pos && pos <= end && end + 1 < text.len() {
            return self.sentence.clone();
        }
        let bounds = sentence_bounds(text, pos, window);
        // Only bounds found before the window's edge are the sentence's own.
        if bounds.start > window.start && bounds.end < window.end {
            self.sentence = bounds.clone();
        }
        bounds
    }

    /// Whether a sentence ends inside `span` (a byte for which [`sentence_break_before_space`]
    /// holds).
    fn any_break(&mut self, bytes: &[u8], span: Range<usize>) -> bool {
        let from = if self.no_break.start <= span.start && span.start <= self.no_break.end {
            self.no_break.end.max(span.start)
        } else {
            self.no_break = span.start..span.start;
            span.start
        };
        match first_sentence_break(bytes, from..span.end) {
            Some(i) => {
                self.no_break.end = i;
                true
            }
            None => {
                self.no_break.end = self.no_break.end.max(span.end);
                false
            }
        }
    }

    fn around(&mut self, text: &str, pos: usize) -> Range<usize> {
        let Range { start, end } = self.bounds;
        if !(start <= pos && pos <= end && end > 0) {
            // Search back from `pos` only to the cached end when the text has moved on past it:
            // `text[end]` is a line break, so the search always finds one there.
            let from = if end > 0 && end < pos { end } else { 0 };
            // `memchr` searches with vector instructions: these lines are the longest reads here.
            let bytes = text.as_bytes();
            let s = memchr::memrchr(b'\n', &bytes[from..pos]).map_or(from, |p| from + p + 1);
            let e = memchr::memchr(b'\n', &bytes[pos..]).map_or(text.len(), |p| pos + p);
            self.bounds = s..e;
        }
        self.bounds.clone()
    }
}

/// Whether a sentence ends at byte `i` (a line break, or `.`/`!`/`?` before a space), as
/// [`sentence_bounds`] reads it looking back.
fn sentence_break_before_space(bytes: &[u8], i: usize) -> bool {
    bytes[i] == b'\n' || (matches!(bytes[i], b'.' | b'!' | b'?') && bytes.get(i + 1) == Some(&b' '))
}

/// The first byte of `span` where [`sentence_break_before_space`] holds: the first line
/// break, unless a `.`, `!` or `?` before a space comes first (found with `memchr`'s vector
/// search: most stretches hold none).
fn first_sentence_break(bytes: &[u8], span: Range<usize>) -> Option<usize> {
    let hay = &bytes[span.clone()];
    let newline = memchr::memchr(b'\n', hay);
    let marks = &hay[..newline.unwrap_or(hay.len())];
    let mut from = 0;
    while let Some(k) = memchr::memchr3(b'.', b'!', b'?', &marks[from..]) {
        let at = span.start + from + k;
        if sentence_break_before_space(bytes, at) {
            return Some(at);
        }
        from += k + 1;
    }
    newline.map(|k| span.start + k)
}

/// [`period_for`]'s choice for sorted, disjoint `dates` of one `paragraph`, reading only the
/// bytes between `pos` and the two dates that can be chosen: the last date ending before `pos`
/// (any earlier one is in its sentence only if that one is), else the first starting after it.
/// Same answer as the sentence search, which scans the whole sentence around each figure.
fn nearest_date_in_clause<'d>(
    text: &str,
    pos: usize,
    dates: &'d [DateMention],
    paragraphs: &mut ParagraphCache,
    paragraph: &Range<usize>,
) -> Option<&'d DateMention> {
    let bytes = text.as_bytes();
    let before = dates[..dates.partition_point(|d| d.span.end <= pos)].last();
    let after = dates
        .get(dates.partition_point(|d| d.span.start < pos))
        .filter(|d| d.span.end <= paragraph.end);
    // In the sentence: no sentence break between the date and `pos`.
    if let Some(d) = before {
        if !paragraphs.any_break(bytes, d.span.start..pos) {
            return Some(d);
        }
    }
    if let Some(d) = after {
        // Looking forward, a final `.` of the text ends a sentence too.
        let final_stop =
            pos < d.span.end && d.span.end == bytes.len() && matches!(bytes.last(), Some(b'.' | b'!' | b'?'));
        if !final_stop && !paragraphs.any_break(bytes, pos..d.span.end) {
            return Some(d);
        }
    }
    // Else in the paragraph.
    before.or(after)
}

/// The ISO value of the date the figure's sentence (else paragraph) gives: the nearest
/// one before the figure, else the first after it.
fn period_for<'d>(
    text: &str,
    pos: usize,
    dates: &'d [DateMention],
    paragraphs: &mut ParagraphCache,
) -> Option<&'d str> {
    if dates.is_empty() {
        return None;
    }
    let paragraph = paragraphs.around(text, pos);
    // Dates come in text order: only those of this paragraph are looked at.
    let first = dates.partition_point(|d| d.span.start < paragraph.start);
    let last = dates.partition_point(|d| d.span.start < paragraph.end).max(first);
    let dates = &dates[first..last];
    if paragraphs.dates_disjoint {
        return nearest_date_in_clause(text, pos, dates, paragraphs, &paragraph).map(|d| &*d.value);
    }
    let window_start = dates.first()?.span.start;
    let window_end = dates.iter().map(|d| d.span.end).max()?;
    let sentence = paragraphs.sentence_around(text, pos, &(window_start..window_end));
    for bounds in [sentence, paragraph] {
        let inside = dates
            .iter()
            .filter(|d| d.span.start >= bounds.start && d.span.end <= bounds.end);
        let before = inside.clone().rfind(|d| d.span.end <= pos);
        if let Some(d) = before.or_else(|| inside.clone().find(|d| d.span.start >= pos)) {
            return Some(&*d.value);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::Segments;

    fn figures(text: &str) -> Vec<Figure> {
        let segments = Segments::default();
        let ctx = Context {
            text,
            segments: &segments,
        };
        extract(&ctx, &[])
    }

    fn summary(text: &str) -> Vec<String> {
        figures(text)
            .iter()
            .map(|f| {
                format!(
                    "{}={}{}",
                    &text[f.span.clone()],
                    f.value.map(|v| v.to_string()).unwrap_or_default(),
                    f.unit.as_ref().map(|u| format!(" {u}")).unwrap_or_default()
                )
            })
            .collect()
    }

    #[test]
    fn reference_sentences() {
        assert_eq!(
            summary("Tổng mức bán lẻ hàng hoá và doanh thu dịch vụ đạt trên 2.312 tỷ đồng."),
            ["trên 2.312 tỷ đồng=2312000000000 VND"]
        );
        assert_eq!(
            summary("trồng rừng 175,158/155ha, đạt 113%"),
            ["175,158/155ha=175.158 ha", "113%=113 %"]
        );
        assert_eq!(summary("có 356 hộ nghèo"), ["356 hộ=356 hộ"]);
        assert_eq!(
            summary("Một số hộ đã thu 12 - 16 triệu đồng"),
            ["12 - 16 triệu đồng=12000000 VND"]
        );
        assert_eq!(summary("còn lại 2 tỷ do địa phương"), ["2 tỷ=2000000000 VND"]);
        assert_eq!(
            summary("thu nhập 36 triệu đồng/người/năm"),
            ["36 triệu đồng/người/năm=36000000 VND/người/năm"]
        );
        assert_eq!(summary("gấp 2,88 lần"), ["2,88 lần=2.88 lần"]);
        assert_eq!(summary("mười lăm phần trăm"), ["mười lăm phần trăm=15 %"]);
        assert_eq!(summary("hai cấp phó"), ["hai cấp phó=2 cấp phó"]);
    }

    #[test]
    fn compounds_match_in_any_case() {
        assert!(lower_case_starts_word("công trình xây", "công trình"));
        assert!(lower_case_starts_word("Công Trình.", "công trình"));
        assert!(lower_case_starts_word("công trình", "công trình"));
        assert!(!lower_case_starts_word("công trìnhx", "công trình"));
        assert!(!lower_case_starts_word("công tr", "công trình"));
        let compound = |text: &str| {
            let (noun, end, listed) = compound_at(text, 0..text.find(' ').unwrap_or(text.len()));
            (noun.as_str().to_owned(), end, listed)
        };
        assert_eq!(compound("Nhà Văn Hóa xã"), ("nhà văn hóa".to_owned(), 14, true));
        assert_eq!(compound("nhà thầu chính"), ("nhà thầu".to_owned(), 11, true));
        assert_eq!(compound("nhà cửa"), ("nhà".to_owned(), 4, true));
        assert_eq!(compound("Cửa sổ"), ("cửa".to_owned(), 5, false));
    }

    #[test]
    fn dates_exclude_and_give_the_period() {
        let text = "Trong 8 tháng năm 2022, thu ngân sách đạt 120 tỷ đồng.";
        let segments = Segments::default();
        let ctx = Context {
            text,
            segments: &segments,
        };
        let start = text.find("8 tháng").unwrap();
        let date = DateMention {
            span: start..start + "8 tháng năm 2022".len(),
            value: "2022-01/2022-08".into(),
            ..DateMention::default()
        };
        let found = extract(&ctx, &[date]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].period.as_deref(), Some("2022-01/2022-08"));
    }

    #[test]
    fn fast_upper_case_agrees_with_unicode() {
        for u in (0..0x250u32).chain(0x1E00..0x1F00) {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(is_uppercase(c), c.is_uppercase(), "U+{u:04X} {c}");
                if let Some(l) = fast_lowercase(c) {
                    assert_eq!(l.to_string(), c.to_lowercase().to_string(), "U+{u:04X} {c}");
                }
            }
        }
    }

    #[test]
    fn exclusions() {
        for text in [
            "năm 2022",
            "ngày 7/9",
            "tháng 9/2022",
            "giai đoạn 2021-2025",
            "Quyết định số 1234/QĐ-UBND",
            "Quốc lộ 3 và lần thứ 2",
            "Phường 1, Điều 5",
            "lúc 14h30",
            "xếp thứ 34/63 tỉnh",
            "tăng trưởng hai con số",
            "phòng, chống Covid-19 và Covid -19",
            "một số ý kiến, một cách",
            "hai vợ chồng",
            "quy hoạch 1/500",
            "Khu công nghiệp Phú Mỹ 1, tổng",
        ] {
            assert!(figures(text).is_empty(), "{text}: {:?}", summary(text));
        }
        // A range's unit, written after its end, outweighs a name-like word.
        assert_eq!(
            summary("chiếm tỷ lệ 4,0 - 5,1%").len(),
            1,
            "{:?}",
            summary("chiếm tỷ lệ 4,0 - 5,1%")
        );
        // A name word that ends a verb names nothing: `trường cấp 3`, but
        // `nâng cấp 09 công trình` counts.
        assert!(figures("trường cấp 3").is_empty());
        assert_eq!(summary("nâng cấp 09 công trình").len(), 1);
    }

    #[test]
    fn qualifiers_targets_changes() {
        let f = &figures("đạt 120/150 tỷ đồng")[0];
        assert_eq!(f.value.unwrap().to_string(), "120000000000");
        assert_eq!(f.target.unwrap().to_string(), "150000000000");
        let f = &figures("tăng 12% so với cùng kỳ")[0];
        assert_eq!(f.change, Some(Change::Increase));
        let f = &figures("giảm 3 tỷ đồng")[0];
        assert_eq!(f.change, Some(Change::Decrease));
        let f = &figures("tốc độ tăng trưởng bình quân đạt 18,2%")[0];
        assert_eq!(f.change, Some(Change::Increase));
        let f = &figures("chưa đến 5 triệu đồng")[0];
        assert_eq!((f.qualifier, f.span.start), (Qualifier::Under, 0));
        let f = &figures("trong khoảng 5-7%")[0];
        assert_eq!(
            (f.qualifier, f.value_max.unwrap().to_string()),
            (Qualifier::About, "7".into())
        );
        let f = &figures("từ 10 đến 15 ha")[0];
        assert_eq!((f.span.start, f.value_max.unwrap().to_string()), (0, "15".into()));
    }
}
