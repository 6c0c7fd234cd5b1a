//! Dates, months, years, quarters and periods (SCHEMA.md, section `dates`).
//!
//! The scanner only looks at two kinds of places: ASCII digit runs (found
//! eight bytes at a time) and eight grammar keywords found with one
//! Aho-Corasick automaton (`ngày`, `mồng`, `tháng`, `năm`, `tuần`, `quý`, ...).
//! At each trigger a small hand-written parser reads the neighbouring words
//! (lexicons in `data/dates/`); candidates are then made non-overlapping
//! (longest wins) and their ISO values are written once the document's anchor
//! year is known (see [`anchor_year`]).
//!
//! Conventions (SCHEMA.md): a year missing from the text is the anchor year,
//! else `XXXX`; `8 tháng` means the report's first 8 months when the document
//! speaks of `8 tháng đầu năm`, else a duration `P8M`; a list of days sharing
//! a month gives one date per day, a range one period; times of day are left
//! out of the span (`14h30 ngày 7/9` → `ngày 7/9`); document numbers
//! (`100/2019/NĐ-CP`), ratios (`16/19 tiêu chí`), scores and fractions are
//! not dates.
//!
//! ```
//! let doc = vnextract::Extractor::new().extract("Họp tháng 9/2022\n\nSáng ngày 07/9, thành phố họp.");
//! let values: Vec<&str> = doc.dates.iter().map(|d| &*d.value).collect();
//! assert_eq!(values, ["2022-09", "2022-09-07"]);
//! ```

use crate::lexicon::{fast_lowercase, rows as data_lines};
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use unicode_normalization::UnicodeNormalization;

use crate::document::{DateKind, DateMention};
use crate::extractor::Context;

/// Options of [`extract_with`].
///
/// ```
/// let options = vnextract::dates::DateOptions { reference: Some((2017, 2, 2)), ..Default::default() };
/// assert_eq!(options.reference, Some((2017, 2, 2)));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DateOptions {
    /// The date the text speaks from (year, month, day), e.g. its publication
    /// date. Used only when the document itself names no anchor year: a
    /// missing year is then that of the next occurrence on or after the
    /// reference (Duckling's convention), and `năm nay` is the reference year.
    pub reference: Option<(i32, u32, u32)>,
    /// Also report a bare `năm nay`, `năm trước`, `năm ngoái`, `năm tới` as
    /// a year relative to the report (off by default: the shared dev gold
    /// leaves `năm ngoái` unannotated, while `một năm trước`, `quý 4 năm nay`
    /// and `7 tháng năm nay` are always dates).
    pub bare_relative_years: bool,
}

/// Finds every date expression in the context's text.
///
/// ```
/// let norm = vnextract::normalize("Quý I/2017: Hà Nội số hóa tài liệu", &Default::default());
/// let seg = vnextract::segment(norm.text());
/// let ctx = vnextract::extractor::Context { text: norm.text(), segments: &seg };
/// let dates = vnextract::dates::extract(&ctx);
/// assert_eq!(dates[0].value, "2017-Q1");
/// assert_eq!(&ctx.text[dates[0].span.clone()], "Quý I/2017");
/// ```
pub fn extract(ctx: &Context) -> Vec<DateMention> {
    extract_with(ctx, &DateOptions::default())
}

/// Finds every date expression, with options (a reference date).
///
/// ```
/// use vnextract::dates::{extract_with, DateOptions};
/// let norm = vnextract::normalize("ngày 7/3", &Default::default());
/// let seg = vnextract::segment(norm.text());
/// let ctx = vnextract::extractor::Context { text: norm.text(), segments: &seg };
/// let dates = extract_with(&ctx, &DateOptions { reference: Some((2017, 2, 2)), ..Default::default() });
/// assert_eq!(dates[0].value, "2017-03-07");
/// ```
pub fn extract_with(ctx: &Context, options: &DateOptions) -> Vec<DateMention> {
    extract_text(ctx.text, options)
}

/// The year a document speaks from, as its dates say it: the first year
/// written in the title (first line); else the year written most often in
/// the dates of the text (the latest on a tie), leaving out spans of years
/// (`giai đoạn 2021-2025`), years aimed at (`đến năm 2030`) and the dates of
/// cited documents (`Nghị quyết số 06-NQ/TU ngày 04/11/2011`). Only years
/// written in the mention's own text count, so years filled in by inference
/// are never an anchor. `dates` are mentions whose `span` is a byte range of
/// `text` (as [`extract`] returns them, or after assembly with the original
/// text).
///
/// ```
/// let text = "Họp thành viên UBND tháng 9/2022\n\nSáng ngày 07/9, năm 2020 ...";
/// let doc = vnextract::Extractor::new().extract(text);
/// assert_eq!(vnextract::dates::anchor_year(text, &doc.dates), Some(2022));
/// ```
pub fn anchor_year(text: &str, dates: &[DateMention]) -> Option<i32> {
    let years = dates.iter().filter_map(|d| {
        // For an interval, its end; a span of years (`2021/2025`) is no anchor.
        if d.value.len() == 9 && d.value.as_bytes()[4] == b'/' {
            return None;
        }
        let value = d.value.rsplit('/').next().unwrap_or(&d.value);
        let digits = value.get(..4)?;
        let year: i32 = digits.parse().ok()?;
        let written = text.get(d.span.clone())?.contains(digits);
        written.then_some((d.span.clone(), year))
    });
    choose_anchor(text, years, &mut Vec::new())
}

/// The year and month a document speaks from: the [`anchor_year`] and the
/// month of the first date or month of that year in the text (the event of
/// the lead, `Ngày 15/5, ...`), or `None` for the month when no such date is
/// given. For choices that depend on the report time, such as which
/// administrative system a place name belongs to (before or after 1 July 2025).
///
/// ```
/// let text = "Quyền Chủ tịch thăm Trung tâm\n\nNăm 2025, trung tâm ... Sáng 3/7, đoàn đến.";
/// let doc = vnextract::Extractor::new().extract(text);
/// assert_eq!(vnextract::dates::anchor_month(text, &doc.dates), Some((2025, Some(7))));
/// ```
pub fn anchor_month(text: &str, dates: &[DateMention]) -> Option<(i32, Option<u32>)> {
    let year = anchor_year(text, dates)?;
    let prefix = format!("{year:04}-");
    let month = dates
        .iter()
        .filter(|d| matches!(d.kind, DateKind::Date | DateKind::Month))
        .find_map(|d| d.value.strip_prefix(&prefix)?.get(..2)?.parse().ok());
    Some((year, month))
}

/// The anchor among `(span, year written there)`, in text order; `counts`
/// is a buffer for how often each year is written.
fn choose_anchor(
    text: &str,
    years: impl Iterator<Item = (Range<usize>, i32)>,
    counts: &mut Vec<(i32, usize)>,
) -> Option<i32> {
    let title_end = text.find('\n').unwrap_or(text.len());
    counts.clear();
    for (span, year) in years {
        if span.end <= title_end {
            return Some(year);
        }
        if after_document_number(text, span.start) || is_target_year(text, span.start) {
            continue;
        }
        match counts.iter_mut().find(|(y, _)| *y == year) {
            Some((_, n)) => *n += 1,
            None => counts.push((year, 1)),
        }
    }
    counts
        .iter()
        .copied()
        .max_by_key(|&(year, n)| (n, year))
        .map(|(year, _)| year)
}

/// A year aimed at (`đến năm 2030`, `tầm nhìn 2045`) is not the report's year.
fn is_target_year(text: &str, pos: usize) -> bool {
    let parser = Parser {
        text,
        bare_relative_years: false,
    };
    let mut at = pos;
    if let Some(Token::Word { start, word, .. }) = parser.prev(at) {
        if eq_ci(word, "năm") {
            at = start;
        }
    }
    matches!(parser.prev(at), Some(Token::Word { word, .. }) if function_word(word) == Some(FunctionWord::Target))
}

/// Whether `pos` follows a document number (`Nghị quyết số 06-NQ/TU ngày ...`,
/// `Nghị định 02/2017/NĐ- CP (ngày ...)`): the date of an old text, not of the event.
fn after_document_number(text: &str, pos: usize) -> bool {
    let mut from = pos.saturating_sub(40);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let head = &text[from..pos];
    // Every chunk looked at below lies in `head`: no slash there, no number.
    if !head.as_bytes().contains(&b'/') {
        return false;
    }
    let head = head.trim_end_matches(|c: char| is_space(c) || c == '(' || c == ',');
    let head = head
        .strip_suffix("ngày")
        .or_else(|| head.strip_suffix("Ngày"))
        .unwrap_or(head)
        .trim_end_matches(|c: char| is_space(c) || c == '(' || c == ',');
    head.split_whitespace().rev().take(2).any(|chunk| {
        chunk.contains('/')
            && chunk.chars().any(|c| c.is_uppercase())
            && chunk.chars().any(|c| c.is_ascii_digit())
    })
}

// ---------------------------------------------------------------------------
// Lexicons

/// Lexicon maps keyed by short words: FxHash, where SipHash's setup dominates.
type HashMap<K, V> = rustc_hash::FxHashMap<K, V>;

fn word_set(data: &'static str) -> HashMap<&'static str, ()> {
    data_lines(data).map(|cols| (cols[0], ())).collect()
}

/// A number word's value and the roles it can play.
#[derive(Clone, Copy, Debug)]
struct NumberWord {
    value: u32,
    count: bool,
    month: bool,
    quarter: bool,
    weekday: bool,
}

struct Lexicons {
    numbers: HashMap<&'static str, NumberWord>,
    /// Context word → whether it is strong (a time of day).
    day_context: HashMap<&'static str, bool>,
    period_words: HashMap<&'static str, ()>,
    units: HashMap<&'static str, char>,
    relative_years: HashMap<&'static str, i32>,
    approximate: HashMap<&'static str, ()>,
    not_year_before: HashMap<&'static str, ()>,
    not_year_after: HashMap<&'static str, ()>,
    function_words: HashMap<&'static str, FunctionWord>,
}

/// Roles of the words of `function_words.tsv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FunctionWord {
    Ordinal,
    Vague,
    Target,
}

fn function_word(word: &str) -> Option<FunctionWord> {
    lookup(&LEXICONS.function_words, word).copied()
}

static LEXICONS: LazyLock<Lexicons> = LazyLock::new(|| Lexicons {
    numbers: data_lines(include_str!("../data/dates/number_words.tsv"))
        .map(|c| {
            let roles = c.get(2).copied().unwrap_or("");
            let has = |r: &str| roles.split(',').any(|x| x == r);
            let word = NumberWord {
                value: c[1].parse().expect("number_words.tsv: value"),
                count: has("count"),
                month: has("month"),
                quarter: has("quarter"),
                weekday: has("weekday"),
            };
            (c[0], word)
        })
        .collect(),
    day_context: data_lines(include_str!("../data/dates/day_context.tsv"))
        .map(|c| (c[0], c.get(1) == Some(&"strong")))
        .collect(),
    period_words: word_set(include_str!("../data/dates/period_words.tsv")),
    units: data_lines(include_str!("../data/dates/duration_units.tsv"))
        .map(|c| (c[0], c[1].chars().next().expect("duration_units.tsv: designator")))
        .collect(),
    relative_years: data_lines(include_str!("../data/dates/relative_years.tsv"))
        .map(|c| (c[0], c[1].parse().expect("relative_years.tsv: offset")))
        .collect(),
    approximate: word_set(include_str!("../data/dates/approximate_words.tsv")),
    not_year_before: word_set(include_str!("../data/dates/not_year_before.tsv")),
    not_year_after: word_set(include_str!("../data/dates/not_year_after.tsv")),
    function_words: data_lines(include_str!("../data/dates/function_words.tsv"))
        .map(|c| {
            let role = match c.get(1).copied() {
                Some("ordinal") => FunctionWord::Ordinal,
                Some("vague") => FunctionWord::Vague,
                Some("target") => FunctionWord::Target,
                other => panic!("function_words.tsv: unknown role {other:?}"),
            };
            (c[0], role)
        })
        .collect(),
});

/// What a keyword found by [`KEYWORD_AUTOMATON`] starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Keyword {
    /// `ngày`
    Day,
    /// `mồng`, `mùng` (days 1-10)
    DayOfMonth,
    /// `tháng`
    Month,
    /// `năm`
    Year,
    /// `tuần`
    Week,
    /// `quý`
    Quarter,
}

/// Grammar words of time expressions. Few and with rare three-byte prefixes,
/// so the automaton's SIMD prefilter stays fast; spans of years after
/// `giai đoạn`, `nhiệm kỳ`, ... are found from their digits instead.
const CORE_KEYWORDS: &[(&str, Keyword)] = &[
    ("ngày", Keyword::Day),
    ("mồng", Keyword::DayOfMonth),
    ("mùng", Keyword::DayOfMonth),
    ("tháng", Keyword::Month),
    ("năm", Keyword::Year),
    ("tuần", Keyword::Week),
    ("quý", Keyword::Quarter),
    ("qúy", Keyword::Quarter),
];

/// The keywords in lower case, capitalized and upper case, exactly (no case folding, so
/// the automaton can use its fast literal prefilter), with what each starts.
static KEYWORD_AUTOMATON: LazyLock<(AhoCorasick, Vec<Keyword>)> = LazyLock::new(|| {
    let mut patterns = Vec::new();
    let mut kinds = Vec::new();
    for &(word, kind) in CORE_KEYWORDS {
        let mut chars = word.chars();
        let first = chars.next().expect("keyword is not empty");
        let capitalized: String = first.to_uppercase().chain(chars).collect();
        patterns.push(word.to_string());
        patterns.push(capitalized);
        patterns.push(word.to_uppercase());
        kinds.extend([kind, kind, kind]);
    }
    let automaton = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&patterns)
        .expect("date keywords compile");
    (automaton, kinds)
});

// ---------------------------------------------------------------------------
// Values

/// A year as the text gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Year {
    Given(i32),
    Missing,
    /// Relative to the report's year (`năm nay` 0, `năm trước` -1).
    Relative(i32),
}

#[derive(Clone, Debug, PartialEq)]
enum Value {
    Day(Year, u32, u32),
    Month(Year, u32),
    Year(Year),
    Quarter(Year, u32),
    /// Months `from..=to` of one year (`8 tháng đầu năm 2022`).
    Months(Year, u32, u32),
    /// An interval between two values.
    Range(Point, Point),
    Duration(u32, char),
    DurationRange(u32, u32, char),
    /// `N tháng` with no year: the report's first N months when the document
    /// speaks of such a period (`8 tháng đầu năm`), else a duration.
    ReportMonths {
        months: u32,
        qua_end: Option<usize>,
    },
}

/// An end of an interval: held in the [`Value`] itself (no box per range).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Point {
    Day(Year, u32, u32),
    Month(Year, u32),
    Year(Year),
}

impl Point {
    fn value(self) -> Value {
        match self {
            Point::Day(y, m, d) => Value::Day(y, m, d),
            Point::Month(y, m) => Value::Month(y, m),
            Point::Year(y) => Value::Year(y),
        }
    }
}

impl Value {
    fn kind(&self) -> DateKind {
        match self {
            Value::Day(..) => DateKind::Date,
            Value::Month(..) => DateKind::Month,
            Value::Year(_) => DateKind::Year,
            Value::Quarter(..) => DateKind::Quarter,
            _ => DateKind::Period,
        }
    }
}

#[derive(Clone, Debug)]
struct Candidate {
    span: Range<usize>,
    value: Value,
}

/// How a missing year is filled.
#[derive(Clone, Copy)]
struct YearFill {
    anchor: Option<i32>,
    reference: Option<(i32, u32, u32)>,
}

impl YearFill {
    fn year(&self, year: Year, month: u32, day: u32) -> Option<i32> {
        match year {
            Year::Given(y) => Some(y),
            Year::Missing => self.anchor.or_else(|| {
                self.reference
                    .map(|(y, m, d)| if (month, day) < (m, d) { y + 1 } else { y })
            }),
            Year::Relative(k) => self.anchor.or(self.reference.map(|r| r.0)).map(|y| y + k),
        }
    }
}

fn push_year(out: &mut String, year: Option<i32>) {
    match year {
        Some(y) => match u32::try_from(y) {
            Ok(y) => push_padded(out, y, 4),
            Err(_) => {
                use std::fmt::Write;
                let _ = write!(out, "{y:04}");
            }
        },
        None => out.push_str("XXXX"),
    }
}

/// Writes `n` with at least `width` digits (zero-padded), as `{n:0width$}`
/// does, without the formatting machinery.
fn push_padded(out: &mut String, mut n: u32, width: usize) {
    let mut digits = [b'0'; 10];
    let mut first = digits.len();
    while n > 0 || first == digits.len() {
        first -= 1;
        digits[first] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    let first = first.min(digits.len() - width.min(digits.len()));
    for &d in &digits[first..] {
        out.push(char::from(d));
    }
}

/// The ISO value, borrowed from [`COMMON_VALUES`] when it is there.
fn render(value: &Value, fill: YearFill) -> Cow<'static, str> {
    if let Some(common) = common_value(value, fill) {
        return Cow::Borrowed(common);
    }
    let mut out = String::with_capacity(24);
    render_into(&mut out, value, fill);
    Cow::Owned(out)
}

/// Years whose days, months and quarters are rendered once (those news
/// mostly speak of); every year [`as_year`] reads is.
const COMMON_YEARS: std::ops::RangeInclusive<i32> = 2000..=2039;
const ALL_YEARS: std::ops::RangeInclusive<i32> = 1000..=2199;
/// Units of the durations rendered once, for counts 1 to 99.
const DURATION_UNITS: [char; 4] = ['Y', 'M', 'W', 'D'];

/// Values rendered once, each table's at one width one after the other:
/// most mentions borrow their value instead of allocating it.
struct CommonValues {
    /// `XXXX`, then the years of [`ALL_YEARS`].
    years: Table,
    /// By [`year_slot`] and month.
    months: Table,
    /// By [`year_slot`], month and day 1 to 31.
    days: Table,
    /// By [`year_slot`] and quarter.
    quarters: Table,
    /// `P1Y` to `P9D` by unit and count, then `P10Y` to `P99D`.
    durations: [Table; 2],
}

/// Values rendered at one width.
struct Table {
    text: String,
    width: usize,
}

impl Table {
    fn new(width: usize, values: impl Iterator<Item = Value>) -> Table {
        let fill = YearFill {
            anchor: None,
            reference: None,
        };
        let mut text = String::new();
        for value in values {
            let from = text.len();
            render_into(&mut text, &value, fill);
            assert_eq!(
                text.len() - from,
                width,
                "common values of one table have one width"
            );
        }
        Table { text, width }
    }

    fn get(&self, i: usize) -> Option<&str> {
        self.text.get(i * self.width..(i + 1) * self.width)
    }
}

/// `Year::Missing` (written `XXXX`), then [`COMMON_YEARS`]: the years of
/// the tables of days, months and quarters.
fn common_years() -> impl Iterator<Item = Year> {
    std::iter::once(Year::Missing).chain(COMMON_YEARS.map(Year::Given))
}

/// Where a filled-in year is in [`common_years`].
fn year_slot(year: Option<i32>) -> Option<usize> {
    match year {
        None => Some(0),
        Some(y) if COMMON_YEARS.contains(&y) => Some(1 + (y - COMMON_YEARS.start()) as usize),
        Some(_) => None,
    }
}

static COMMON_VALUES: LazyLock<CommonValues> = LazyLock::new(|| {
    let months = || 1..=12u32;
    CommonValues {
        years: Table::new(
            4,
            std::iter::once(Year::Missing)
                .chain(ALL_YEARS.map(Year::Given))
                .map(Value::Year),
        ),
        months: Table::new(
            7,
            common_years().flat_map(|y| months().map(move |m| Value::Month(y, m))),
        ),
        days: Table::new(
            10,
            common_years()
                .flat_map(|y| months().flat_map(move |m| (1..=31).map(move |d| Value::Day(y, m, d)))),
        ),
        quarters: Table::new(
            7,
            common_years().flat_map(|y| (1..=4).map(move |q| Value::Quarter(y, q))),
        ),
        durations: [1..=9u32, 10..=99].map(|counts| {
            let width = if *counts.start() < 10 { 3 } else { 4 };
            Table::new(
                width,
                DURATION_UNITS
                    .into_iter()
                    .flat_map(move |unit| counts.clone().map(move |n| Value::Duration(n, unit))),
            )
        }),
    }
});

/// The value as [`render_into`] writes it, when [`COMMON_VALUES`] has it.
fn common_value(value: &Value, fill: YearFill) -> Option<&'static str> {
    let t: &'static CommonValues = &COMMON_VALUES;
    let month = |m: u32| (1..=12).contains(&m).then(|| m as usize - 1);
    match *value {
        Value::Year(y) => match fill.year(y, 12, 31) {
            None => t.years.get(0),
            Some(y) if ALL_YEARS.contains(&y) => t.years.get(1 + (y - ALL_YEARS.start()) as usize),
            Some(_) => None,
        },
        Value::Month(y, m) => t.months.get(year_slot(fill.year(y, m, 31))? * 12 + month(m)?),
        Value::Day(y, m, d) if (1..=31).contains(&d) => t
            .days
            .get((year_slot(fill.year(y, m, d))? * 12 + month(m)?) * 31 + d as usize - 1),
        Value::Quarter(y, q) if (1..=4).contains(&q) => t
            .quarters
            .get(year_slot(fill.year(y, q * 3, 31))? * 4 + q as usize - 1),
        Value::Duration(n, unit) if (1..=99).contains(&n) => {
            let unit = DURATION_UNITS.iter().position(|&u| u == unit)?;
            let (table, counts, first) = if n < 10 { (0, 9, 1) } else { (1, 90, 10) };
            t.durations[table].get(unit * counts + (n - first) as usize)
        }
        _ => None,
    }
}

fn render_into(out: &mut String, value: &Value, fill: YearFill) {
    match value {
        Value::Day(y, m, d) => {
            push_year(out, fill.year(*y, *m, *d));
            out.push('-');
            push_padded(out, *m, 2);
            out.push('-');
            push_padded(out, *d, 2);
        }
        Value::Month(y, m) => {
            push_year(out, fill.year(*y, *m, 31));
            out.push('-');
            push_padded(out, *m, 2);
        }
        Value::Year(y) => push_year(out, fill.year(*y, 12, 31)),
        Value::Quarter(y, q) => {
            push_year(out, fill.year(*y, q * 3, 31));
            out.push_str("-Q");
            push_padded(out, *q, 1);
        }
        Value::Months(y, from, to) => {
            let year = fill.year(*y, *to, 31);
            push_year(out, year);
            out.push('-');
            push_padded(out, *from, 2);
            out.push('/');
            push_year(out, year);
            out.push('-');
            push_padded(out, *to, 2);
        }
        Value::Range(a, b) => {
            render_into(out, &a.value(), fill);
            out.push('/');
            render_into(out, &b.value(), fill);
        }
        Value::Duration(n, unit) => {
            out.push('P');
            push_padded(out, *n, 1);
            out.push(*unit);
        }
        Value::DurationRange(a, b, unit) => {
            out.push('P');
            push_padded(out, *a, 1);
            out.push(*unit);
            out.push_str("/P");
            push_padded(out, *b, 1);
            out.push(*unit);
        }
        Value::ReportMonths { months, .. } => {
            out.push('P');
            push_padded(out, *months, 1);
            out.push('M');
        }
    }
}

// ---------------------------------------------------------------------------
// Driver

/// Buffers of the dates stage, kept on the thread from one document to the
/// next: a document allocates nothing but its output.
#[derive(Default)]
struct Scratch {
    /// Every expression read, overlapping ones included.
    candidates: Vec<Candidate>,
    /// The candidates kept, in text order.
    kept: Vec<Candidate>,
    /// How often each year is written, for the anchor.
    year_counts: Vec<(i32, usize)>,
}

thread_local! {
    /// Borrowed by `extract_text` for a document.
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

fn extract_text(text: &str, options: &DateOptions) -> Vec<DateMention> {
    SCRATCH.with_borrow_mut(|scratch| extract_into(text, options, scratch))
}

/// [`extract_text`] with the stage's buffers.
fn extract_into(text: &str, options: &DateOptions, scratch: &mut Scratch) -> Vec<DateMention> {
    let Scratch {
        candidates,
        kept,
        year_counts,
    } = scratch;
    candidates.clear();
    let parser = Parser {
        text,
        bare_relative_years: options.bare_relative_years,
    };
    let (automaton, kinds) = &*KEYWORD_AUTOMATON;
    for m in automaton.find_iter(text) {
        if parser.is_word_start(m.start()) && !parser.letter_at(m.end()) {
            parser.keyword(kinds[m.pattern().as_usize()], m.start(), m.end(), candidates);
        }
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(start) = next_digit(bytes, i) {
        let mut end = start + 1;
        while end < bytes.len() && bytes[end].is_ascii_digit() {
            end += 1;
        }
        if parser.is_number_start(start) {
            parser.number(start, end, candidates);
        } else {
            parser.quarter_abbreviation(start, end, candidates);
        }
        i = end;
    }
    if candidates.is_empty() {
        return Vec::new();
    }
    non_overlapping(candidates, kept);
    resolve_report_months(kept);

    let fill = YearFill {
        anchor: candidates_anchor(text, kept, year_counts),
        reference: options.reference,
    };
    kept.iter()
        .map(|c| DateMention {
            span: c.span.clone(),
            kind: c.value.kind(),
            value: render(&c.value, fill),
            ..Default::default()
        })
        .collect()
}

/// [`anchor_year`] on candidates, before their values are written: a year is
/// written in the text exactly when it is `Year::Given`.
fn candidates_anchor(text: &str, kept: &[Candidate], counts: &mut Vec<(i32, usize)>) -> Option<i32> {
    fn last_given(value: &Value) -> Option<i32> {
        match value {
            Value::Day(Year::Given(y), ..)
            | Value::Month(Year::Given(y), _)
            | Value::Year(Year::Given(y))
            | Value::Quarter(Year::Given(y), _)
            | Value::Months(Year::Given(y), ..) => Some(*y),
            Value::Range(Point::Year(_), _) => None,
            Value::Range(_, b) => last_given(&b.value()),
            _ => None,
        }
    }
    choose_anchor(
        text,
        kept.iter()
            .filter_map(|c| Some((c.span.clone(), last_given(&c.value)?))),
        counts,
    )
}

/// The position of the first ASCII digit at or after `from`, 32 bytes at a
/// time: windows without a digit are skipped by a branch-free fold the
/// compiler turns into a few vector instructions; the digit is then placed
/// eight bytes at a time.
fn next_digit(bytes: &[u8], mut from: usize) -> Option<usize> {
    /// The high bit set in each byte of `chunk` that is an ASCII digit.
    fn digits(chunk: [u8; 8]) -> u64 {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = ONES * 0x80;
        let chunk = u64::from_le_bytes(chunk);
        // Without the high bit, the sums below never carry into the next byte.
        let low = chunk & !HIGH;
        let at_least_0 = low + ONES * (0x80 - 0x30);
        let past_9 = low + ONES * (0x80 - 0x3A);
        at_least_0 & !past_9 & !chunk & HIGH
    }
    while let Some(window) = bytes.get(from..).and_then(<[u8]>::first_chunk::<32>) {
        let any_digit = window
            .iter()
            .fold(0u8, |acc, &b| acc | u8::from(b.wrapping_sub(b'0') < 10));
        if any_digit != 0 {
            for (k, chunk) in window.chunks_exact(8).enumerate() {
                let found = digits(chunk.try_into().expect("8 bytes"));
                if found != 0 {
                    return Some(from + 8 * k + (found.trailing_zeros() / 8) as usize);
                }
            }
        }
        from += 32;
    }
    bytes
        .get(from..)?
        .iter()
        .position(u8::is_ascii_digit)
        .map(|p| from + p)
}

/// Keeps the longest of overlapping candidates (the earliest on ties), in text order:
/// moves them from `candidates` into `kept` (cleared).
fn non_overlapping(candidates: &mut Vec<Candidate>, kept: &mut Vec<Candidate>) {
    candidates.sort_by(|a, b| {
        (b.span.len(), a.span.start)
            .cmp(&(a.span.len(), b.span.start))
            .then_with(|| a.span.start.cmp(&b.span.start))
    });
    kept.clear();
    // A whole-list scan per candidate is quickest for an article, quadratic
    // on a long text. There, the kept spans are ordered by (start, end):
    // they overlap none of each other, so their ends grow with their starts,
    // and the last one starting before a candidate's end is the only one
    // that may overlap it.
    let few = candidates.len() <= 64;
    let mut kept_spans: BTreeSet<(usize, usize)> = BTreeSet::new();
    for c in candidates.drain(..) {
        let overlaps = if few {
            kept.iter()
                .any(|k| !(k.span.end <= c.span.start || c.span.end <= k.span.start))
        } else {
            kept_spans
                .range(..(c.span.end, 0))
                .next_back()
                .is_some_and(|&(_, end)| end > c.span.start)
        };
        if !overlaps {
            if !few {
                kept_spans.insert((c.span.start, c.span.end));
            }
            kept.push(c);
        }
    }
    kept.sort_by_key(|c| c.span.start);
}

/// `8 tháng` means the report's first 8 months when the document speaks of
/// `8 tháng đầu năm`; `6 tháng qua` and `9 tháng qua` are report periods too.
fn resolve_report_months(kept: &mut [Candidate]) {
    let mut report: Vec<u32> = kept
        .iter()
        .filter_map(|c| match c.value {
            Value::Months(_, 1, to) => Some(to),
            _ => None,
        })
        .collect();
    // A few distinct values, however long the text.
    report.sort_unstable();
    report.dedup();
    for c in kept.iter_mut() {
        if let Value::ReportMonths { months, qua_end } = c.value {
            let is_report = report.contains(&months) || (qua_end.is_some() && matches!(months, 6 | 9));
            if is_report {
                if let Some(end) = qua_end {
                    c.span.end = end;
                }
                c.value = Value::Months(Year::Missing, 1, months);
            } else {
                c.value = Value::Duration(months, 'M');
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Tokens

/// What stands before a bare `d/m`: a time of day (strong), a preposition
/// or the start of a line (weak), or nothing that makes it a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DayContext {
    None,
    Weak,
    Strong,
}

#[derive(Clone, Copy, Debug)]
enum Token<'a> {
    Number { start: usize, end: usize, value: u32 },
    Word { start: usize, end: usize, word: &'a str },
    Punct { start: usize, end: usize, ch: char },
}

impl Token<'_> {
    fn start(&self) -> usize {
        match *self {
            Token::Number { start, .. } | Token::Word { start, .. } | Token::Punct { start, .. } => start,
        }
    }
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‐' | '‑' | '−')
}

/// A letter of a word; combining marks count, so text not yet in NFC still
/// forms whole words.
fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\0'..='\u{7f}' | '\u{d7}' | '\u{f7}' => false,
        // Latin with diacritics, combining marks and Vietnamese letters: the common case.
        '\u{c0}'..='\u{24f}' | '\u{1ea0}'..='\u{1eff}' => true,
        _ => is_combining(c) || c.is_alphabetic(),
    }
}

fn is_combining(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_digit() || is_letter(c) || (!c.is_ascii() && c.is_numeric())
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\u{a0}'
}

/// Whether `word` has to be folded before a lexicon lookup: it has an
/// upper-case letter or a combining mark.
fn needs_folding(word: &str) -> bool {
    word.chars().any(|c| match fast_lowercase(c) {
        Some(lower) => lower != c,
        None => c.is_uppercase() || is_combining(c),
    })
}

/// Lower-cases `word` into `buf` without allocating; `None` when too long.
fn lower<'b>(word: &str, buf: &'b mut [u8; 64]) -> Option<&'b str> {
    let mut len = 0;
    let mut push = |c: char| {
        let n = c.len_utf8();
        if len + n > buf.len() {
            return false;
        }
        c.encode_utf8(&mut buf[len..len + n]);
        len += n;
        true
    };
    if !word.chars().any(is_combining) {
        for c in word.chars() {
            let pushed = match fast_lowercase(c) {
                Some(lower) => push(lower),
                None => c.to_lowercase().all(&mut push),
            };
            if !pushed {
                return None;
            }
        }
    } else if !word.nfc().flat_map(char::to_lowercase).all(push) {
        return None;
    }
    std::str::from_utf8(&buf[..len]).ok()
}

fn eq_ci(word: &str, target: &str) -> bool {
    if word == target {
        return true;
    }
    // Case pairs of Vietnamese letters have the same UTF-8 length; only text
    // not yet in NFC is longer.
    if word.len() < target.len() || (word.len() > target.len() && !word.chars().any(is_combining)) {
        return false;
    }
    if word.is_ascii() {
        return word.bytes().map(|b| b.to_ascii_lowercase()).eq(target.bytes());
    }
    // Latin letters (Vietnamese among them) never compose with each other
    // and have no other canonical form: only other characters need NFC.
    if word.chars().all(is_nfc_stable) {
        let mut target = target.chars();
        let equal = word.chars().all(|c| match fast_lowercase(c) {
            Some(lower) => target.next() == Some(lower),
            None => c.to_lowercase().all(|lower| target.next() == Some(lower)),
        });
        return equal && target.next().is_none();
    }
    let mut a = word.nfc().flat_map(char::to_lowercase);
    let mut b = target.chars();
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x == y => {}
            _ => return false,
        }
    }
}

/// Whether `c` is left alone by NFC in any context: ASCII, and the Latin
/// letters of Latin-1 (but not the signs `×`, `÷`), Latin Extended-A and B
/// and Latin Extended Additional, which are precomposed or have no
/// decomposition and do not combine with what precedes them.
fn is_nfc_stable(c: char) -> bool {
    c.is_ascii() || matches!(c, '\u{c0}'..='\u{24f}' | '\u{1ea0}'..='\u{1eff}')
}

fn in_set(set: &HashMap<&'static str, ()>, word: &str) -> bool {
    lookup(set, word).is_some()
}

/// `map[word]`, ignoring case and tone-mark composition; folds only when the
/// word is not already lower-case NFC (the usual case needs no copy).
fn lookup<'m, V>(map: &'m HashMap<&'static str, V>, word: &str) -> Option<&'m V> {
    if let Some(v) = map.get(word) {
        return Some(v);
    }
    if !needs_folding(word) {
        return None;
    }
    let mut buf = [0u8; 64];
    lower(word, &mut buf).and_then(|w| map.get(w))
}

/// The ASCII bytes a word can start with and still be, ignoring case and
/// tone-mark composition, a duration unit (`năm`, `tháng`, ...) or `đến`,
/// `tới`: the first letters of those words, or their base letters
/// (decomposed), in both cases.
static UNIT_OR_RANGE_FIRST_BYTES: LazyLock<[bool; 128]> = LazyLock::new(|| {
    let mut table = [false; 128];
    for word in LEXICONS.units.keys().copied().chain(["đến", "tới"]) {
        let Some(first) = word.chars().next() else {
            continue;
        };
        for c in [first, first.nfd().next().unwrap_or(first)] {
            if c.is_ascii() {
                table[usize::from(c.to_ascii_lowercase() as u8)] = true;
                table[usize::from(c.to_ascii_uppercase() as u8)] = true;
            }
        }
    }
    table
});

/// Whether `word` may be a duration unit or `đến`, `tới` (see
/// [`UNIT_OR_RANGE_FIRST_BYTES`]): most words after a number are ruled out
/// by their first byte, without folding them.
fn may_start_unit_or_range_word(word: &str) -> bool {
    match word.as_bytes().first() {
        Some(&b) if b.is_ascii() => UNIT_OR_RANGE_FIRST_BYTES[usize::from(b)],
        _ => true,
    }
}

/// The value of a run of ASCII digits; `u32::MAX` past nine digits (the
/// value then only has to be too large for any test).
fn digits_value(digits: &[u8]) -> u32 {
    if digits.len() > 9 {
        return u32::MAX;
    }
    digits.iter().fold(0, |n, &d| n * 10 + u32::from(d - b'0'))
}

/// The end of the letters of `text` from byte `from` on (a char boundary).
fn word_end(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = from;
    while let Some(&b) = bytes.get(at) {
        if b.is_ascii() {
            if !b.is_ascii_alphabetic() {
                break;
            }
            at += 1;
        } else {
            match text[at..].chars().next() {
                Some(c) if is_letter(c) => at += c.len_utf8(),
                _ => break,
            }
        }
    }
    at
}

/// The start of the letters of `text` ending at byte `to` (a char boundary).
fn word_start(text: &str, to: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = to;
    while at > 0 {
        let b = bytes[at - 1];
        if b.is_ascii() {
            if !b.is_ascii_alphabetic() {
                break;
            }
            at -= 1;
        } else {
            match text[..at].chars().next_back() {
                Some(c) if is_letter(c) => at -= c.len_utf8(),
                _ => break,
            }
        }
    }
    at
}

/// A four-digit year in a plausible range.
fn as_year(value: u32, digits: usize) -> Option<i32> {
    (digits == 4 && (1000..=2199).contains(&value)).then_some(value as i32)
}

struct Parser<'a> {
    text: &'a str,
    bare_relative_years: bool,
}

impl<'a> Parser<'a> {
    fn char_at(&self, pos: usize) -> Option<char> {
        self.text.get(pos..)?.chars().next()
    }

    fn char_before(&self, pos: usize) -> Option<char> {
        self.text.get(..pos)?.chars().next_back()
    }

    fn letter_at(&self, pos: usize) -> bool {
        self.char_at(pos).is_some_and(is_word_char)
    }

    fn is_word_start(&self, pos: usize) -> bool {
        !self.char_before(pos).is_some_and(is_word_char)
    }

    /// A digit run that is a number of its own, not the tail of `Covid-19`,
    /// `2.312`, `1/500` or `U23`.
    fn is_number_start(&self, pos: usize) -> bool {
        match self.char_before(pos) {
            None => true,
            Some(c) if is_word_char(c) => false,
            Some(c) if matches!(c, '.' | ',' | '/' | ':') || is_dash(c) => {
                let before = self.char_before(pos - c.len_utf8());
                !before.is_some_and(is_word_char)
            }
            Some(_) => true,
        }
    }

    /// The next token after `pos`, skipping spaces but not line breaks.
    /// Byte-wise: ASCII bytes are classified directly and only other
    /// characters are decoded (this runs several times per trigger).
    fn next(&self, pos: usize) -> Option<Token<'a>> {
        let rest = self.text.get(pos..)?;
        let bytes = rest.as_bytes();
        let mut at = 0;
        loop {
            match bytes.get(at) {
                Some(b' ' | b'\t') => at += 1,
                Some(0xC2) if bytes.get(at + 1) == Some(&0xA0) => at += 2,
                _ => break,
            }
        }
        let start = pos + at;
        let first = *bytes.get(at)?;
        if first.is_ascii_digit() {
            let digits = bytes[at..].iter().take_while(|b| b.is_ascii_digit()).count();
            let end = start + digits;
            return Some(Token::Number {
                start,
                end,
                value: digits_value(&bytes[at..at + digits]),
            });
        }
        let first_len = if first.is_ascii() {
            if !first.is_ascii_alphabetic() {
                if first == b'\n' || first == b'\r' {
                    return None;
                }
                return Some(Token::Punct {
                    start,
                    end: start + 1,
                    ch: char::from(first),
                });
            }
            1
        } else {
            let c = rest[at..].chars().next()?;
            if !is_letter(c) {
                return Some(Token::Punct {
                    start,
                    end: start + c.len_utf8(),
                    ch: c,
                });
            }
            c.len_utf8()
        };
        let end = pos + word_end(rest, at + first_len);
        Some(Token::Word {
            start,
            end,
            word: &self.text[start..end],
        })
    }

    /// The token ending at or before `pos`, skipping spaces but not line breaks.
    fn prev(&self, pos: usize) -> Option<Token<'a>> {
        let head = self.text.get(..pos)?;
        let bytes = head.as_bytes();
        let mut end = bytes.len();
        loop {
            match bytes[..end] {
                [.., b' ' | b'\t'] => end -= 1,
                [.., 0xC2, 0xA0] => end -= 2,
                _ => break,
            }
        }
        let head = &head[..end];
        let last = *bytes[..end].last()?;
        if last.is_ascii_digit() {
            let digits = bytes[..end]
                .iter()
                .rev()
                .take_while(|b| b.is_ascii_digit())
                .count();
            let start = end - digits;
            return Some(Token::Number {
                start,
                end,
                value: digits_value(&bytes[start..end]),
            });
        }
        let last_len = if last.is_ascii() {
            if !last.is_ascii_alphabetic() {
                if last == b'\n' || last == b'\r' {
                    return None;
                }
                return Some(Token::Punct {
                    start: end - 1,
                    end,
                    ch: char::from(last),
                });
            }
            1
        } else {
            let c = head.chars().next_back()?;
            if !is_letter(c) {
                return Some(Token::Punct {
                    start: end - c.len_utf8(),
                    end,
                    ch: c,
                });
            }
            c.len_utf8()
        };
        let start = word_start(head, end - last_len);
        Some(Token::Word {
            start,
            end,
            word: &head[start..],
        })
    }

    /// The word after `pos` if it equals `target` (lower case); its end.
    fn word(&self, pos: usize, target: &str) -> Option<usize> {
        match self.next(pos)? {
            Token::Word { end, word, .. } if eq_ci(word, target) => Some(end),
            _ => None,
        }
    }

    /// Words after `pos` equal to the space-separated `phrase`; the end.
    fn phrase(&self, pos: usize, phrase: &str) -> Option<usize> {
        phrase.split(' ').try_fold(pos, |p, w| self.word(p, w))
    }

    fn prev_word_is(&self, pos: usize, target: &str) -> bool {
        matches!(self.prev(pos), Some(Token::Word { word, .. }) if eq_ci(word, target))
    }

    fn prev_word_in(&self, pos: usize, set: &HashMap<&'static str, ()>) -> bool {
        matches!(self.prev(pos), Some(Token::Word { word, .. }) if in_set(set, word))
    }

    /// A punctuation character directly at `pos` (no space before it).
    fn punct_at(&self, pos: usize) -> Option<char> {
        self.char_at(pos).filter(|c| !is_word_char(*c) && !is_space(*c))
    }

    /// The number directly at `pos` (no space), with its digit count.
    fn number_at(&self, pos: usize) -> Option<(u32, usize, usize)> {
        match self.next(pos)? {
            Token::Number { start, end, value } if start == pos => Some((value, end - start, end)),
            _ => None,
        }
    }

    /// An expression ends cleanly: no letter, digit or `/x`, `.5`, `,5` glued to it.
    fn clean_end(&self, pos: usize) -> bool {
        match self.char_at(pos) {
            None => true,
            Some(c) if is_word_char(c) => false,
            Some(c) if matches!(c, '/' | '.' | ',' | ':' | '%') || is_dash(c) => {
                let next = self.char_at(pos + c.len_utf8());
                // `28/6,đồng chí` is a typo'd space; `28/6,5` is a number.
                let glued = if c == ',' || c == '.' {
                    next.is_some_and(|n| n.is_ascii_digit())
                } else {
                    next.is_some_and(is_word_char)
                };
                !(glued || c == '%' || (c == '/' && next.is_some()))
            }
            Some(_) => true,
        }
    }

    /// A number word (or two, `mười hai`) after `pos` with a role; value and end.
    fn number_word(&self, pos: usize, role: fn(&NumberWord) -> bool) -> Option<(u32, usize, usize)> {
        let Token::Word { start, end, word } = self.next(pos)? else {
            return None;
        };
        let numbers = &LEXICONS.numbers;
        let single = lookup(numbers, word)?;
        // Two-word numbers start with a number word: `mười hai`, `hai mươi`.
        if let Some(Token::Word { end: end2, .. }) = self.next(end) {
            let pair = &self.text[start..end2];
            if let Some(n) = lookup(numbers, pair).filter(|n| role(n)) {
                return Some((n.value, start, end2));
            }
        }
        role(single).then_some((single.value, start, end))
    }

    /// A count written in words right before `pos` (`hai` in `hai tuần`); value and start.
    fn count_word_before(&self, pos: usize) -> Option<(u32, usize)> {
        let Token::Word { start, word, .. } = self.prev(pos)? else {
            return None;
        };
        let numbers = &LEXICONS.numbers;
        let single = lookup(numbers, word);
        // Two-word numbers end with a number word or `mươi`.
        if single.is_none() && !eq_ci(word, "mươi") {
            return None;
        }
        if let Some(Token::Word { start: start0, .. }) = self.prev(start) {
            let pair = self.text[start0..pos].trim_end_matches(is_space);
            if let Some(n) = lookup(numbers, pair).filter(|n| n.count) {
                return Some((n.value, start0));
            }
        }
        let n = single.filter(|n| n.count)?;
        Some((n.value, start))
    }

    // -----------------------------------------------------------------------
    // Keyword triggers

    fn keyword(&self, keyword: Keyword, start: usize, end: usize, out: &mut Vec<Candidate>) {
        match keyword {
            // Number words before `ngày` are too often idioms (`một ngày nào đó`): no count here.
            Keyword::Day => self.day_keyword(start, end, true, out),
            Keyword::DayOfMonth => self.day_keyword(start, end, false, out),
            Keyword::Month => {
                self.month_keyword(start, end, out);
                self.count_words_before_unit(start, end, 'M', out);
            }
            Keyword::Year => {
                if self.bare_relative_years {
                    if let Some(Token::Word {
                        end: word_end, word, ..
                    }) = self.next(end)
                    {
                        self.bare_relative_year(start, word, word_end, out);
                    }
                }
                self.year_keyword(start, end, out);
                self.count_words_before_unit(start, end, 'Y', out);
            }
            Keyword::Week => self.count_words_before_unit(start, end, 'W', out),
            Keyword::Quarter => self.quarter_keyword(start, end, out),
        }
    }

    /// `ngày 07/9`, `ngày 7 tháng 9 năm 2022`, `các ngày 26, 27, 28/6/2024`,
    /// `thứ hai, ngày 6 tháng 2`, `ngày đầu tiên của tháng ba`.
    fn day_keyword(&self, start: usize, end: usize, is_ngay: bool, out: &mut Vec<Candidate>) {
        let mut pos = end;
        if is_ngay {
            if let Some(e) = self.word(pos, "mồng").or_else(|| self.word(pos, "mùng")) {
                pos = e;
            }
        } else if self.prev_word_is(start, "ngày") {
            return; // handled from `ngày`
        }
        let start = self.weekday_before(start).unwrap_or(start);
        if is_ngay {
            if let Some(e) = self.phrase(pos, "đầu tiên") {
                let e = self.word(e, "của").unwrap_or(e);
                let month = self
                    .word(e, "tháng")
                    .and_then(|e| self.month_after_keyword(e, true));
                if let Some((month, year, e)) = month {
                    out.push(Candidate {
                        span: start..e,
                        value: Value::Day(year, month, 1),
                    });
                }
                return;
            }
        }
        let Some(Token::Number {
            end: day_end,
            value: day,
            ..
        }) = self.next(pos)
        else {
            return;
        };
        if (1..=31).contains(&day) && day_end - self.next(pos).map_or(0, |t| t.start()) <= 2 {
            self.day_rest(start, day, day_end, true, out);
        }
    }

    /// `thứ hai, ` / `chủ nhật ` right before `pos`: the weekday's start.
    fn weekday_before(&self, pos: usize) -> Option<usize> {
        let mut at = pos;
        if let Some(Token::Punct { start, ch: ',', .. }) = self.prev(at) {
            at = start;
        }
        match self.prev(at)? {
            Token::Word { start, word, .. } if eq_ci(word, "nhật") => match self.prev(start)? {
                Token::Word { start, word, .. } if eq_ci(word, "chủ") || eq_ci(word, "chúa") => {
                    Some(start)
                }
                _ => None,
            },
            Token::Word { start, word, .. } => {
                let weekday = lookup(&LEXICONS.numbers, word).is_some_and(|n| n.weekday);
                if !weekday {
                    return None;
                }
                match self.prev(start)? {
                    Token::Word { start, word, .. } if eq_ci(word, "thứ") => Some(start),
                    _ => None,
                }
            }
            Token::Number {
                start, value: 2..=7, ..
            } => match self.prev(start)? {
                Token::Word { start, word, .. } if eq_ci(word, "thứ") => Some(start),
                _ => None,
            },
            _ => None,
        }
    }

    /// After a day number `day` (ending at `pos`): its month (and year), a
    /// list of days sharing a month, or a range of days.
    fn day_rest(&self, start: usize, day: u32, pos: usize, has_keyword: bool, out: &mut Vec<Candidate>) {
        // A list of days: `26, 27, 28/6/2024`, `22 và 24/4`.
        if has_keyword {
            // The days are pushed as read, their month and year filled in
            // at the end of the list (taken back if none comes).
            let list_start = out.len();
            out.push(Candidate {
                span: start..pos,
                value: Value::Day(Year::Missing, 0, day),
            });
            let mut at = pos;
            loop {
                let sep = match self.next(at) {
                    Some(Token::Punct { end, ch: ',', .. }) => end,
                    Some(Token::Word { end, word, .. }) if eq_ci(word, "và") => end,
                    _ => break,
                };
                match self.next(sep) {
                    Some(Token::Number {
                        start: s,
                        end: e,
                        value,
                    }) if (1..=31).contains(&value) && e - s <= 2 => {
                        if let Some((month, year, date_end)) = self.month_of_day(e, || DayContext::Strong) {
                            for listed in &mut out[list_start..] {
                                if let Value::Day(_, _, d) = listed.value {
                                    listed.value = Value::Day(year, month, d);
                                }
                            }
                            out.push(Candidate {
                                span: s..date_end,
                                value: Value::Day(year, month, value),
                            });
                            return;
                        }
                        out.push(Candidate {
                            span: s..e,
                            value: Value::Day(Year::Missing, 0, value),
                        });
                        at = e;
                    }
                    _ => break,
                }
            }
            out.truncate(list_start);
        }
        // A range of days: `26 đến 28/6`, `15-19/7/2024`.
        if let Some(sep_end) = self.range_separator(pos) {
            if let Some(Token::Number {
                start: s,
                end: e,
                value,
            }) = self.next(sep_end)
            {
                if (1..=31).contains(&value) && value > day && e - s <= 2 {
                    if let Some((month, year, date_end)) = self.month_of_day(e, || DayContext::Strong) {
                        out.push(Candidate {
                            span: start..date_end,
                            value: Value::Range(Point::Day(year, month, day), Point::Day(year, month, value)),
                        });
                        return;
                    }
                }
            }
        }
        let context = || {
            if has_keyword {
                DayContext::Strong
            } else {
                self.day_context_before(start)
            }
        };
        let Some((month, year, end)) = self.month_of_day(pos, context) else {
            return;
        };
        let first = Value::Day(year, month, day);
        // A range of dates: `19/8/1945 - 19/8/2024`, `từ ngày 1/7 đến ngày 31/12/2022`.
        if let Some(candidate) = self.date_range_after(start, end, &first) {
            out.push(candidate);
            return;
        }
        out.push(Candidate {
            span: start..end,
            value: first,
        });
    }

    /// The month and year after a day: `/9`, `/9/2022`, `.4`, `-6`,
    /// ` tháng 9`, ` tháng ba năm 2017`. Bare `d/m`, `d.m`, `d-m` need
    /// `has_context()` unless a year follows.
    fn month_of_day(&self, pos: usize, has_context: impl Fn() -> DayContext) -> Option<(u32, Year, usize)> {
        if let Some(sep) = self.punct_at(pos) {
            if sep == '/' || sep == '.' || is_dash(sep) {
                let (month, digits, end) = self.number_at(pos + sep.len_utf8())?;
                if digits > 2 || !(1..=12).contains(&month) {
                    return None;
                }
                if self.punct_at(end) == Some(sep) {
                    if let Some((y, ydigits, yend)) = self.number_at(end + sep.len_utf8()) {
                        let year = match ydigits {
                            4 => as_year(y, 4),
                            2 if sep == '/' => Some(if y >= 50 { 1900 + y as i32 } else { 2000 + y as i32 }),
                            _ => None,
                        }?;
                        return self.clean_end(yend).then_some((month, Year::Given(year), yend));
                    }
                }
                // `10-12 tháng`, `5/7 tiêu chí`: counts and ratios, unless a time
                // of day stands before (`sáng 28/6 tỉnh họp`).
                let counted = || {
                    matches!(self.next(end), Some(Token::Word { word, .. })
                        if in_set(&LEXICONS.not_year_after, word))
                };
                let context = has_context();
                // `26/1-07/2/2017`: a range of dates goes on after the dash.
                let range_follows = matches!(self.char_at(end), Some(c) if is_dash(c));
                if !(self.clean_end(end) || range_follows)
                    || context == DayContext::None
                    || (context == DayContext::Weak && counted())
                {
                    return None;
                }
                // `ngày 7/9 năm 2022`
                if let Some((year, yend)) = self.year_after_word(end) {
                    return Some((month, year, yend));
                }
                return Some((month, Year::Missing, end));
            }
            return None;
        }
        let after = self.word(pos, "tháng")?;
        let (month, year, end) = self.month_after_keyword(after, true)?;
        if year == Year::Missing && has_context() == DayContext::None {
            return None;
        }
        Some((month, year, end))
    }

    /// After `tháng`: the month (digits or word) and an optional year.
    /// `after_day`: a day precedes (`ngày 20 tháng Tư`), so a capitalized
    /// month word is still a month, not a name (`Cách mạng Tháng Tám`).
    fn month_after_keyword(&self, pos: usize, after_day: bool) -> Option<(u32, Year, usize)> {
        let (month, end) = match self.next(pos)? {
            Token::Number { start, end, value } if end - start <= 2 && (1..=12).contains(&value) => {
                (value, end)
            }
            Token::Word { word, .. } => {
                let (value, _, end) = self.number_word(pos, |n| n.month)?;
                let capitalized = word.chars().next().is_some_and(char::is_uppercase);
                // `Cách mạng Tháng Tám` is a name; `một`/`năm` after `tháng` are months
                // only when a year or the end of the phrase follows.
                if capitalized && !after_day && !(eq_ci(word, "giêng") || eq_ci(word, "chạp")) {
                    return None;
                }
                if (eq_ci(word, "một") || eq_ci(word, "năm"))
                    && !matches!(self.next(end), None | Some(Token::Punct { .. }))
                    && self.year_after_word(end).is_none()
                {
                    return None;
                }
                (value, end)
            }
            _ => return None,
        };
        if let Some(sep) = self.punct_at(end) {
            if sep == '/' || sep == '.' || is_dash(sep) {
                if let Some((y, digits, yend)) = self.number_at(end + sep.len_utf8()) {
                    if let Some(year) = as_year(y, digits).filter(|_| self.clean_end(yend)) {
                        return Some((month, Year::Given(year), yend));
                    }
                }
            }
        }
        if let Some((year, yend)) = self.year_after_word(end) {
            return Some((month, year, yend));
        }
        if !self.clean_end(end) {
            return None;
        }
        Some((month, Year::Missing, end))
    }

    /// ` năm 2022`, ` của năm 2018`, ` năm nay`, ` năm trước` after `pos`.
    fn year_after_word(&self, pos: usize) -> Option<(Year, usize)> {
        let at = self.word(pos, "của").unwrap_or(pos);
        let after = self.word(at, "năm")?;
        match self.next(after)? {
            Token::Number { start, end, value } => {
                let year = as_year(value, end - start).filter(|_| self.clean_end(end))?;
                Some((Year::Given(year), end))
            }
            Token::Word { end, word, .. } => {
                let offset = lookup(&LEXICONS.relative_years, word)?;
                Some((Year::Relative(*offset), end))
            }
            _ => None,
        }
    }

    fn range_separator(&self, pos: usize) -> Option<usize> {
        match self.next(pos)? {
            Token::Punct { end, ch, .. } if is_dash(ch) => Some(end),
            Token::Word { end, word, .. } if eq_ci(word, "đến") || eq_ci(word, "tới") => Some(end),
            _ => None,
        }
    }

    /// `A - B` or `từ A đến B` where B is a full date like A.
    fn date_range_after(&self, start: usize, end: usize, first: &Value) -> Option<Candidate> {
        let sep_end = self.range_separator(end)?;
        let by_dash = matches!(self.next(end), Some(Token::Punct { .. }));
        if !by_dash && !self.prev_word_is(start, "từ") {
            return None;
        }
        let at = self.word(sep_end, "ngày").unwrap_or(sep_end);
        let Token::Number {
            start: s,
            end: e,
            value,
        } = self.next(at)?
        else {
            return None;
        };
        if !(1..=31).contains(&value) || e - s > 2 {
            return None;
        }
        let (month, year, date_end) = self.month_of_day(e, || DayContext::Strong)?;
        let Value::Day(first_year, first_month, first_day) = *first else {
            return None;
        };
        let first_year = if first_year == Year::Missing {
            year
        } else {
            first_year
        };
        Some(Candidate {
            span: start..date_end,
            value: Value::Range(
                Point::Day(first_year, first_month, first_day),
                Point::Day(year, month, value),
            ),
        })
    }

    fn day_context_before(&self, start: usize) -> DayContext {
        match self.prev(start) {
            None => DayContext::Weak,
            Some(Token::Word { word, .. }) => match lookup(&LEXICONS.day_context, word) {
                Some(true) => DayContext::Strong,
                Some(false) => DayContext::Weak,
                None => DayContext::None,
            },
            Some(Token::Punct { ch: '(', .. }) => DayContext::Weak,
            // `sáng nay, 6/2`
            Some(Token::Punct { start, ch: ',', .. }) => match self.prev(start) {
                Some(Token::Word { word, .. }) if lookup(&LEXICONS.day_context, word) == Some(&true) => {
                    DayContext::Strong
                }
                _ => DayContext::None,
            },
            Some(_) => DayContext::None,
        }
    }

    /// `tháng 9`, `tháng 9/2022`, `tháng 5-2024`, `tháng 10 năm 2017`,
    /// `tháng 2 năm nay`, `từ tháng 1 đến tháng 6/2022`.
    fn month_keyword(&self, start: usize, end: usize, out: &mut Vec<Candidate>) {
        let Some((month, year, month_end)) = self.month_after_keyword(end, false) else {
            return;
        };
        // `tháng 1-3/2022`: a span of months.
        if year == Year::Missing {
            if let Some(Token::Punct { end: sep_end, ch, .. }) = self.next(month_end) {
                if is_dash(ch) {
                    if let Some((to, digits, to_end)) = self.number_at(sep_end) {
                        if digits <= 2 && to > month && to <= 12 {
                            if let Some(Token::Punct {
                                end: slash_end,
                                ch: '/',
                                ..
                            }) = self.next(to_end)
                            {
                                if let Some((y, ydigits, yend)) = self.number_at(slash_end) {
                                    if let Some(y) = as_year(y, ydigits).filter(|_| self.clean_end(yend)) {
                                        out.push(Candidate {
                                            span: start..yend,
                                            value: Value::Months(Year::Given(y), month, to),
                                        });
                                        return;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let first = Value::Month(year, month);
        if let Some(sep_end) = self.range_separator(month_end) {
            let by_dash = matches!(self.next(month_end), Some(Token::Punct { .. }));
            if by_dash || self.prev_word_is(start, "từ") {
                if let Some(after) = self.word(sep_end, "tháng") {
                    if let Some((to, to_year, to_end)) = self.month_after_keyword(after, false) {
                        let from_year = if year == Year::Missing { to_year } else { year };
                        out.push(Candidate {
                            span: start..to_end,
                            value: Value::Range(Point::Month(from_year, month), Point::Month(to_year, to)),
                        });
                        return;
                    }
                }
            }
        }
        out.push(Candidate {
            span: start..month_end,
            value: first,
        });
    }

    /// `năm 2022`, `năm 2019 - 2023`, `giai đoạn 2021-2025`, `năm học 2021- 2022`.
    /// `start..end` is the keyword (`năm`, `giai đoạn`); the span starts there.
    fn year_keyword(&self, start: usize, end: usize, out: &mut Vec<Candidate>) {
        let (s, e, value) = match self.next(end) {
            Some(Token::Number { start, end, value }) => (start, end, value),
            _ => return,
        };
        let Some(year) = as_year(value, e - s) else {
            return;
        };
        if !self.clean_end(e) && !matches!(self.punct_at(e), Some(c) if is_dash(c)) {
            return;
        }
        if let Some(candidate) = self.year_range_after(start, year, e) {
            out.push(candidate);
            return;
        }
        if self.clean_end(e) {
            out.push(Candidate {
                span: start..e,
                value: Value::Year(Year::Given(year)),
            });
        }
    }

    /// `năm nay`, `năm trước` (not `những năm trước`, `hàng năm nay`).
    fn bare_relative_year(&self, start: usize, word: &str, end: usize, out: &mut Vec<Candidate>) {
        let Some(&offset) = lookup(&LEXICONS.relative_years, word) else {
            return;
        };
        if let Some(Token::Word { word: before, .. }) = self.prev(start) {
            if function_word(before) == Some(FunctionWord::Vague)
                || lookup(&LEXICONS.numbers, before).is_some()
            {
                return;
            }
        }
        out.push(Candidate {
            span: start..end,
            value: Value::Year(Year::Relative(offset)),
        });
    }

    /// `- 2023`, `– 2025`, `đến năm 2023` after a first year.
    fn year_range_after(&self, start: usize, year: i32, pos: usize) -> Option<Candidate> {
        let sep_end = self.range_separator(pos)?;
        let at = self.word(sep_end, "năm").unwrap_or(sep_end);
        let Token::Number {
            start: s,
            end: e,
            value,
        } = self.next(at)?
        else {
            return None;
        };
        // `2021-22`: the end year's last two digits, right after the dash.
        let short = e - s == 2 && value as i32 == (year + 1) % 100 && sep_end == s;
        let to = if short { year + 1 } else { as_year(value, e - s)? };
        if to <= year || to > year + 100 || !self.clean_end(e) {
            return None;
        }
        Some(Candidate {
            span: start..e,
            value: Value::Range(Point::Year(Year::Given(year)), Point::Year(Year::Given(to))),
        })
    }

    /// `quý III/2022`, `quý 3 năm 2022`, `Quý I`, `quý 4 năm nay`.
    fn quarter_keyword(&self, start: usize, end: usize, out: &mut Vec<Candidate>) {
        let (quarter, q_end) = match self.next(end) {
            Some(Token::Number {
                start: s,
                end: e,
                value,
            }) if e - s == 1 && (1..=4).contains(&value) => (value, e),
            Some(Token::Word { end: e, word, .. }) => match word {
                "I" => (1, e),
                "II" => (2, e),
                "III" => (3, e),
                "IV" => (4, e),
                _ => match self.number_word(end, |n| n.quarter) {
                    Some((value, _, e)) if (1..=4).contains(&value) => (value, e),
                    _ => return,
                },
            },
            _ => return,
        };
        if let Some(sep) = self.punct_at(q_end) {
            if sep == '/' || is_dash(sep) {
                if let Some((y, digits, yend)) = self.number_at(q_end + sep.len_utf8()) {
                    if let Some(year) = as_year(y, digits).filter(|_| self.clean_end(yend)) {
                        out.push(Candidate {
                            span: start..yend,
                            value: Value::Quarter(Year::Given(year), quarter),
                        });
                    }
                    return;
                }
            }
        }
        if let Some((year, yend)) = self.year_after_word(q_end) {
            out.push(Candidate {
                span: start..yend,
                value: Value::Quarter(year, quarter),
            });
            return;
        }
        if self.clean_end(q_end) {
            out.push(Candidate {
                span: start..q_end,
                value: Value::Quarter(Year::Missing, quarter),
            });
        }
    }

    /// `Q3/2022`, `Q1-2024`: a quarter abbreviated, with its year.
    fn quarter_abbreviation(&self, start: usize, end: usize, out: &mut Vec<Candidate>) {
        if end - start != 1 || !matches!(self.char_before(start), Some('Q' | 'q')) {
            return;
        }
        let q_start = start - 1;
        if !self.is_word_start(q_start) {
            return;
        }
        let quarter = u32::from(self.text.as_bytes()[start] - b'0');
        if !(1..=4).contains(&quarter) {
            return;
        }
        let Some(sep) = self.punct_at(end).filter(|&c| c == '/' || is_dash(c)) else {
            return;
        };
        let Some((y, digits, yend)) = self.number_at(end + sep.len_utf8()) else {
            return;
        };
        if let Some(year) = as_year(y, digits).filter(|_| self.clean_end(yend)) {
            out.push(Candidate {
                span: q_start..yend,
                value: Value::Quarter(Year::Given(year), quarter),
            });
        }
    }

    /// `hai tuần`, `một năm`, `ba tháng`: a count in words before a unit keyword.
    fn count_words_before_unit(
        &self,
        unit_start: usize,
        unit_end: usize,
        unit: char,
        out: &mut Vec<Candidate>,
    ) {
        let Some((count, start)) = self.count_word_before(unit_start) else {
            return;
        };
        // `những năm tháng` (the years), `thứ năm tuần tới` (a weekday).
        if unit == 'M' && eq_ci(self.text[start..unit_start].trim_end_matches(is_space), "năm") {
            return;
        }
        if self.prev_word_is(start, "thứ") || self.prev_word_is(start, "lần") {
            return;
        }
        self.count_unit(start, count, None, unit, unit_end, out);
    }

    /// A count (or range of counts) followed by its unit ending at `unit_end`.
    fn count_unit(
        &self,
        start: usize,
        count: u32,
        count_max: Option<u32>,
        unit: char,
        unit_end: usize,
        out: &mut Vec<Candidate>,
    ) {
        if count == 0 || self.word(unit_end, "tuổi").is_some() || self.punct_at(unit_end) == Some('/') {
            return;
        }
        if let Some(max) = count_max {
            out.push(Candidate {
                span: start..unit_end,
                value: Value::DurationRange(count, max, unit),
            });
            return;
        }
        match unit {
            'M' if count <= 12 => {
                if let Some(e) = self.phrase(unit_end, "đầu năm") {
                    let (year, end) = self.year_tail(e);
                    out.push(Candidate {
                        span: start..end,
                        value: Value::Months(year, 1, count),
                    });
                } else if let Some(e) = self.phrase(unit_end, "cuối năm") {
                    let (year, end) = self.year_tail(e);
                    out.push(Candidate {
                        span: start..end,
                        value: Value::Months(year, 13 - count, 12),
                    });
                } else if let Some((year, end)) = self.year_after_word(unit_end) {
                    out.push(Candidate {
                        span: start..end,
                        value: Value::Months(year, 1, count),
                    });
                } else {
                    let qua_end = self
                        .phrase(unit_end, "vừa qua")
                        .or_else(|| self.word(unit_end, "qua"))
                        .filter(|_| !self.prev_word_is(start, "vòng"));
                    out.push(Candidate {
                        span: start..unit_end,
                        value: Value::ReportMonths {
                            months: count,
                            qua_end,
                        },
                    });
                }
            }
            'Y' if self.word(unit_end, "trước").is_some() => {
                if self.prev_word_in(start, &LEXICONS.approximate) {
                    return;
                }
                let end = self.word(unit_end, "trước").unwrap_or(unit_end);
                out.push(Candidate {
                    span: start..end,
                    value: Value::Year(Year::Relative(-(count as i32))),
                });
            }
            _ => out.push(Candidate {
                span: start..unit_end,
                value: Value::Duration(count, unit),
            }),
        }
    }

    /// An optional year after `đầu năm`/`cuối năm`: `2022`, `nay`, `trước`.
    fn year_tail(&self, pos: usize) -> (Year, usize) {
        match self.next(pos) {
            Some(Token::Number { start, end, value }) => match as_year(value, end - start) {
                Some(y) if self.clean_end(end) => (Year::Given(y), end),
                _ => (Year::Missing, pos),
            },
            Some(Token::Word { end, word, .. }) => match lookup(&LEXICONS.relative_years, word) {
                Some(&k) => (Year::Relative(k), end),
                None => (Year::Missing, pos),
            },
            _ => (Year::Missing, pos),
        }
    }

    // -----------------------------------------------------------------------
    // Digit triggers

    fn number(&self, start: usize, end: usize, out: &mut Vec<Candidate>) {
        let digits = end - start;
        if digits > 4 {
            return;
        }
        let value = digits_value(&self.text.as_bytes()[start..end]);
        if digits == 4 {
            self.bare_year(start, end, value, out);
            return;
        }
        if !self.may_start_day_or_count(end) {
            return;
        }
        // A day is followed by its month (`/9`, `.4`, `-6`, ` tháng`) or a range (` đến`).
        let maybe_day =
            matches!(self.char_at(end), Some(c) if c == '/' || c == '.' || is_dash(c) || is_space(c));
        if digits <= 2 && (1..=31).contains(&value) && maybe_day {
            let before = out.len();
            self.day_rest(start, value, end, false, out);
            if out.len() > before {
                return;
            }
        }
        self.count_digits(start, end, value, out);
    }

    /// A cheap look at what follows a short number, to skip most numbers
    /// (`2.312`, `10,5`, `120 tỷ`, `6x36`) before parsing: a day goes on with
    /// `/`, `.`, a dash, `tháng` or a range word; a count with its unit.
    fn may_start_day_or_count(&self, end: usize) -> bool {
        match self.char_at(end) {
            Some('/') => true,
            Some('.') => {
                let digits = self.text.as_bytes()[end + 1..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                (1..=2).contains(&digits)
            }
            Some(c) if is_dash(c) => true,
            Some(c) if is_space(c) => match self.next_ascii_byte(end) {
                // Most numbers are followed by a word ruled out by its first byte.
                Some(b) if b.is_ascii_alphabetic() => {
                    UNIT_OR_RANGE_FIRST_BYTES[usize::from(b)] && self.next_is_unit_or_range_word(end)
                }
                Some(b) => b == b'-',
                None => self.next_is_unit_or_range_word(end),
            },
            _ => false,
        }
    }

    /// The first byte after the spaces at `pos` when it is ASCII.
    fn next_ascii_byte(&self, pos: usize) -> Option<u8> {
        let bytes = self.text.as_bytes().get(pos..)?;
        let mut at = 0;
        loop {
            match bytes.get(at)? {
                b' ' | b'\t' => at += 1,
                0xC2 if bytes.get(at + 1) == Some(&0xA0) => at += 2,
                &b => return b.is_ascii().then_some(b),
            }
        }
    }

    /// The word after `pos` is a duration unit or `đến`, `tới`; or a dash follows.
    fn next_is_unit_or_range_word(&self, pos: usize) -> bool {
        match self.next(pos) {
            Some(Token::Word { word, .. }) => {
                may_start_unit_or_range_word(word)
                    && (lookup(&LEXICONS.units, word).is_some() || eq_ci(word, "đến") || eq_ci(word, "tới"))
            }
            Some(Token::Punct { ch, .. }) => is_dash(ch),
            _ => false,
        }
    }

    /// `3 năm`, `3 đến 5 năm`, `8 tháng đầu năm 2022`, `6 tháng qua`.
    fn count_digits(&self, start: usize, end: usize, value: u32, out: &mut Vec<Candidate>) {
        if !matches!(self.char_at(end), Some(c) if is_space(c) || is_dash(c)) {
            return;
        }
        let mut max = None;
        let mut at = end;
        if let Some(sep_end) = self.range_separator(end) {
            if let Some(Token::Number { end: e, value: v, .. }) = self.next(sep_end) {
                if v > value {
                    max = Some(v);
                    at = e;
                }
            }
        }
        let Some(Token::Word {
            end: unit_end, word, ..
        }) = self.next(at)
        else {
            return;
        };
        let Some(&unit) = lookup(&LEXICONS.units, word) else {
            return;
        };
        // `5 năm 2021-2025` is left to the span of years; `8 tháng 9`, `20 tháng Tư`
        // are days, not counts.
        if self.letter_at(unit_end) {
            return;
        }
        if unit == 'M' && self.month_after_keyword(unit_end, true).is_some() {
            return;
        }
        // `2 ngày 7 và 8/9`: the `ngày` starts the dates.
        if unit == 'D' && matches!(self.next(unit_end), Some(Token::Number { .. })) {
            return;
        }
        // Ordinals and numbers: `thứ 5 năm`, `lần 2 tháng`, `số 3 ngày`.
        if let Some(Token::Word { word, .. }) = self.prev(start) {
            if function_word(word) == Some(FunctionWord::Ordinal) {
                return;
            }
        }
        self.count_unit(start, value, max, unit, unit_end, out);
    }

    /// `2023/24`, `2023/2024`: a season of two consecutive years.
    fn season_after(&self, start: usize, year: i32, pos: usize) -> Option<Candidate> {
        if self.punct_at(pos) != Some('/') {
            return None;
        }
        let (value, digits, end) = self.number_at(pos + 1)?;
        let next_year = match digits {
            2 if value as i32 == (year + 1) % 100 => year + 1,
            4 if value as i32 == year + 1 => year + 1,
            _ => return None,
        };
        if !self.clean_end(end) {
            return None;
        }
        Some(Candidate {
            span: start..end,
            value: Value::Range(
                Point::Year(Year::Given(year)),
                Point::Year(Year::Given(next_year)),
            ),
        })
    }

    /// `2024-05-10`: an ISO 8601 date after its year.
    fn iso_date_after(&self, start: usize, year: i32, pos: usize) -> Option<Candidate> {
        if self.punct_at(pos) != Some('-') {
            return None;
        }
        let (month, digits, month_end) = self.number_at(pos + 1)?;
        if digits != 2 || !(1..=12).contains(&month) || self.punct_at(month_end) != Some('-') {
            return None;
        }
        let (day, digits, end) = self.number_at(month_end + 1)?;
        if digits != 2 || !(1..=31).contains(&day) || !self.clean_end(end) {
            return None;
        }
        Some(Candidate {
            span: start..end,
            value: Value::Day(Year::Given(year), month, day),
        })
    }

    /// A word or two of `period_words.tsv` right before `pos` (`giai đoạn`); its span.
    fn period_word_before(&self, pos: usize) -> Option<(usize, usize)> {
        let Token::Word { start, end, word } = self.prev(pos)? else {
            return None;
        };
        if eq_ci(word, "năm") {
            return None; // `năm 2022` comes from the keyword
        }
        if in_set(&LEXICONS.period_words, word) {
            return Some((start, end));
        }
        let Token::Word { start: start0, .. } = self.prev(start)? else {
            return None;
        };
        in_set(&LEXICONS.period_words, &self.text[start0..end]).then_some((start0, end))
    }

    /// A year written alone: `(2018)`, `SN 2011`, `Luật Đất đai 2003`, `2021-2025`.
    fn bare_year(&self, start: usize, end: usize, value: u32, out: &mut Vec<Candidate>) {
        // Years before 1900 only as the start of a span (`(1893-1983)`).
        if !(1800..=2100).contains(&value) {
            return;
        }
        let year = value as i32;
        match self.char_before(start) {
            Some(c) if c == '/' || c == '.' || c == ',' || is_dash(c) => return,
            _ => {}
        }
        if let Some((word_start, word_end)) = self.period_word_before(start) {
            self.year_keyword(word_start, word_end, out);
            return;
        }
        match self.prev(start) {
            Some(Token::Word { word, .. }) if in_set(&LEXICONS.not_year_before, word) => return,
            Some(Token::Number { .. }) => return,
            Some(Token::Punct { ch, .. }) if is_dash(ch) => return,
            _ => {}
        }
        if let Some(candidate) = self.year_range_after(start, year, end) {
            out.push(candidate);
            return;
        }
        if let Some(candidate) = self.iso_date_after(start, year, end) {
            out.push(candidate);
            return;
        }
        if let Some(candidate) = self.season_after(start, year, end) {
            out.push(candidate);
            return;
        }
        if year < 1900 || !self.clean_end(end) {
            return;
        }
        match self.next(end) {
            Some(Token::Word { word, .. }) if in_set(&LEXICONS.not_year_after, word) => return,
            // `quyết định 1981 QĐ-TTg`: a document number written with spaces.
            Some(Token::Word { word, .. })
                if word.chars().count() >= 2 && word.chars().all(char::is_uppercase) =>
            {
                return
            }
            Some(Token::Number { .. }) => return,
            _ => {}
        }
        out.push(Candidate {
            span: start..end,
            value: Value::Year(Year::Given(year)),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padded_numbers_match_format() {
        for n in [
            0,
            1,
            7,
            9,
            10,
            42,
            99,
            100,
            999,
            1000,
            2024,
            9999,
            10000,
            123_456,
            u32::MAX,
        ] {
            for width in 1..=4 {
                let mut out = String::new();
                push_padded(&mut out, n, width);
                assert_eq!(out, format!("{n:0width$}"));
            }
        }
        for y in [-5, -2024, 0, 5, 999, 2024, 12345] {
            let mut out = String::new();
            push_year(&mut out, Some(y));
            assert_eq!(out, format!("{y:04}"));
        }
    }

    #[test]
    fn unit_gate_keeps_every_unit() {
        for word in LEXICONS.units.keys().copied().chain(["đến", "tới"]) {
            let upper = word.to_uppercase();
            let nfd: String = word.nfd().collect();
            for form in [word, &upper, &nfd] {
                assert!(may_start_unit_or_range_word(form), "{form:?}");
            }
        }
        assert!(!may_start_unit_or_range_word("lít"));
        assert!(!may_start_unit_or_range_word("Hà"));
    }

    #[test]
    fn next_digit_finds_the_first_digit() {
        for len in 0..40 {
            for digit_at in 0..=len {
                let mut text = "ạb /x".repeat(8).into_bytes();
                text.truncate(len);
                if digit_at < len {
                    text[digit_at] = b'7';
                }
                for from in 0..=len {
                    let expected = text[from..].iter().position(u8::is_ascii_digit).map(|p| from + p);
                    assert_eq!(next_digit(&text, from), expected, "{len} {digit_at} {from}");
                }
            }
        }
    }

    #[test]
    fn eq_ci_fast_paths_agree_with_nfc() {
        fn by_nfc(word: &str, target: &str) -> bool {
            word == target
                || (word.len() >= target.len()
                    && (word.len() == target.len() || word.chars().any(is_combining))
                    && word.nfc().flat_map(char::to_lowercase).eq(target.chars()))
        }
        let words = [
            "năm",
            "Năm",
            "NĂM",
            "nam",
            "NAM",
            "tháng",
            "THÁNG",
            "Tháng",
            "tha\u{301}ng",
            "ngày",
            "NGÀY",
            "ngay",
            "qúy",
            "QUÝ",
            "quý",
            "\u{212A}y",
            "ky",
            "KY",
            "İ",
            "i\u{307}",
            "×",
            "đến",
            "ĐẾN",
            "tới",
            "Tới",
            "và",
            "VÀ",
            "mươi",
            "MƯƠI",
            "chủ",
            "CHỦ",
            "nhật",
            "NHẬT",
            "Ωm",
            "ωm",
            "\u{2126}m",
        ];
        for word in words {
            for target in words {
                assert_eq!(eq_ci(word, target), by_nfc(word, target), "{word:?} {target:?}");
            }
        }
    }

    #[test]
    fn many_candidates_keep_what_a_scan_of_the_kept_keeps() {
        // Enough overlapping candidates (some empty, some equal) to take
        // the ordered-set path; compared with the plain scan.
        let mut seed = 12345u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        for round in 0..20 {
            let candidates: Vec<Candidate> = (0..200 + round)
                .map(|k| {
                    let start = next(400) as usize;
                    Candidate {
                        span: start..start + next(12) as usize,
                        value: Value::Year(Year::Given(k)),
                    }
                })
                .collect();
            let mut sorted = candidates.clone();
            sorted.sort_by(|a, b| {
                (b.span.len(), a.span.start)
                    .cmp(&(a.span.len(), b.span.start))
                    .then_with(|| a.span.start.cmp(&b.span.start))
            });
            let mut expected: Vec<Candidate> = Vec::new();
            for c in sorted {
                if expected
                    .iter()
                    .all(|k| k.span.end <= c.span.start || c.span.end <= k.span.start)
                {
                    expected.push(c);
                }
            }
            expected.sort_by_key(|c| c.span.start);
            let (mut candidates, mut kept) = (candidates, Vec::new());
            non_overlapping(&mut candidates, &mut kept);
            assert_eq!(
                kept.iter()
                    .map(|c| (c.span.clone(), c.value.clone()))
                    .collect::<Vec<_>>(),
                expected
                    .iter()
                    .map(|c| (c.span.clone(), c.value.clone()))
                    .collect::<Vec<_>>()
            );
        }
    }

    fn run(text: &str) -> Vec<(String, String)> {
        extract_text(text, &DateOptions::default())
            .into_iter()
            .map(|d| (text[d.span].to_string(), d.value.into_owned()))
            .collect()
    }

    #[test]
    fn common_values_are_rendered_values() {
        let years = [
            Year::Missing,
            Year::Relative(-1),
            Year::Given(999),
            Year::Given(1000),
        ];
        let years = years
            .into_iter()
            .chain((1995..=2045).map(Year::Given))
            .chain([Year::Given(2199), Year::Given(2200)]);
        let fills = [None, Some(2022), Some(2039), Some(2040)].map(|anchor| YearFill {
            anchor,
            reference: None,
        });
        let mut values = Vec::new();
        for y in years {
            values.push(Value::Year(y));
            for m in 0..=13 {
                values.push(Value::Month(y, m));
                for d in [0, 1, 9, 10, 28, 31, 32] {
                    values.push(Value::Day(y, m, d));
                }
            }
            values.extend((0..=5).map(|q| Value::Quarter(y, q)));
        }
        for unit in ['Y', 'M', 'W', 'D', 'H'] {
            values.extend([0, 1, 9, 10, 99, 100, 2024].map(|n| Value::Duration(n, unit)));
        }
        let mut common = 0;
        for value in &values {
            for fill in fills {
                let mut rendered = String::new();
                render_into(&mut rendered, value, fill);
                if let Some(v) = common_value(value, fill) {
                    assert_eq!(v, rendered, "{value:?}");
                    common += 1;
                }
                assert_eq!(render(value, fill), rendered, "{value:?}");
            }
        }
        assert!(common > values.len(), "most of these values are common");
    }

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn reference_article_title_anchors_days() {
        let text = "Họp thành viên UBND tháng 9/2022\n\nSáng ngày 07/9, đồng chí chủ trì; \
                    an ninh trật tự 8 tháng, giải pháp 4 tháng cuối năm 2022. Trong 8 tháng đầu năm 2022.";
        assert_eq!(
            run(text),
            pairs(&[
                ("tháng 9/2022", "2022-09"),
                ("ngày 07/9", "2022-09-07"),
                ("8 tháng", "2022-01/2022-08"),
                ("4 tháng cuối năm 2022", "2022-09/2022-12"),
                ("8 tháng đầu năm 2022", "2022-01/2022-08"),
            ])
        );
    }

    #[test]
    fn missing_year_without_anchor_is_xxxx() {
        assert_eq!(
            run("Chiều 22.4, lãnh đạo Sở cho biết; báo cáo trước ngày 5.5."),
            pairs(&[("22.4", "XXXX-04-22"), ("ngày 5.5", "XXXX-05-05")])
        );
    }

    #[test]
    fn document_numbers_and_ratios_are_not_dates() {
        let text = "Nghị định 100/2019/NĐ-CP, Quyết định số 1234/QĐ-UBND, trồng rừng đạt 175,158/155ha, \
                    đạt 16/19 tiêu chí, tỷ lệ 1/500, phòng chống Covid-19, hơn 2000 người.";
        assert_eq!(run(text), Vec::<(String, String)>::new());
    }

    #[test]
    fn periods_of_years() {
        assert_eq!(
            run("năm học 2021- 2022, giai đoạn 2021-2025, nhiệm kỳ 2010-2015, Từ năm 2019 - 2023."),
            pairs(&[
                ("năm học 2021- 2022", "2021/2022"),
                ("giai đoạn 2021-2025", "2021/2025"),
                ("nhiệm kỳ 2010-2015", "2010/2015"),
                ("năm 2019 - 2023", "2019/2023"),
            ])
        );
    }

    #[test]
    fn quarters() {
        assert_eq!(
            run("Quý I/2017 và quý 3 năm 2022, quý IV-2016."),
            pairs(&[
                ("Quý I/2017", "2017-Q1"),
                ("quý 3 năm 2022", "2022-Q3"),
                ("quý IV-2016", "2016-Q4"),
            ])
        );
    }

    #[test]
    fn lists_and_ranges_of_days() {
        assert_eq!(
            run("Diễn ra các ngày 26, 27, 28/6/2024 và từ 26 đến 28/6."),
            pairs(&[
                ("ngày 26", "2024-06-26"),
                ("27", "2024-06-27"),
                ("28/6/2024", "2024-06-28"),
                ("26 đến 28/6", "2024-06-26/2024-06-28"),
            ])
        );
    }

    #[test]
    fn durations() {
        assert_eq!(
            run("thời hạn cho vay 3 năm, sau hai tuần, chậm từ 3 đến 5 năm, hơn một năm trước."),
            pairs(&[("3 năm", "P3Y"), ("hai tuần", "P2W"), ("3 đến 5 năm", "P3Y/P5Y")])
        );
    }

    #[test]
    fn relative_to_the_report() {
        assert_eq!(
            run("Năm 2017, tỉnh tăng trưởng; một năm trước, quý 4 năm nay, 7 tháng năm nay."),
            pairs(&[
                ("Năm 2017", "2017"),
                ("một năm trước", "2016"),
                ("quý 4 năm nay", "2017-Q4"),
                ("7 tháng năm nay", "2017-01/2017-07"),
            ])
        );
    }

    #[test]
    fn forms_of_the_brief() {
        assert_eq!(
            run("ngày 7 tháng 9 năm 2022, lúc 14h30 ngày 7/9, quý 3 năm 2022, năm học 2021-22."),
            pairs(&[
                ("ngày 7 tháng 9 năm 2022", "2022-09-07"),
                ("ngày 7/9", "2022-09-07"),
                ("quý 3 năm 2022", "2022-Q3"),
                ("năm học 2021-22", "2021/2022"),
            ])
        );
        assert_eq!(
            run("Thứ ba, ngày 07/05/2024; từ ngày 26 đến 28/6; đến hết tháng 12."),
            pairs(&[
                ("Thứ ba, ngày 07/05/2024", "2024-05-07"),
                ("ngày 26 đến 28/6", "2024-06-26/2024-06-28"),
                ("tháng 12", "2024-12"),
            ])
        );
    }

    #[test]
    fn upper_case_iso_and_old_spellings() {
        assert_eq!(
            run("HỌP THÁNG 9/2022 lúc 2024-05-10 08:41, nhiệm kì 2020-2025, Qúy II/2024."),
            pairs(&[
                ("THÁNG 9/2022", "2022-09"),
                ("2024-05-10", "2024-05-10"),
                ("nhiệm kì 2020-2025", "2020/2025"),
                ("Qúy II/2024", "2024-Q2"),
            ])
        );
        assert_eq!(
            run("Lợi nhuận Q3/2022 tăng, Q1-2024 giảm; mã Q9/2022 và AQ1/2022 không."),
            pairs(&[("Q3/2022", "2022-Q3"), ("Q1-2024", "2024-Q1")])
        );
    }

    #[test]
    fn seasons_life_spans_and_ranges_of_dates() {
        assert_eq!(
            run("mùa giải 2023/24, Joan Miro (1893-1983), tuần từ 26/1-07/2/2017, sáng nay, 6/2, họp."),
            pairs(&[
                ("2023/24", "2023/2024"),
                ("1893-1983", "1893/1983"),
                ("26/1-07/2/2017", "2017-01-26/2017-02-07"),
                ("6/2", "2017-02-06"),
            ])
        );
    }

    #[test]
    fn a_count_of_days_before_the_days() {
        assert_eq!(
            run("Trong 2 ngày 7 và 8/9/2024, đoàn làm việc."),
            pairs(&[("ngày 7", "2024-09-07"), ("8/9/2024", "2024-09-08")])
        );
    }

    #[test]
    fn numbers_that_are_not_dates() {
        let text = "ông A (45 tuổi), gọi 0983.123.456, hotline 1900 1234, thắng 2-1, phiên bản 17.2, \
                    tỷ số 3-2, giảm 1/3 chi phí, sau 10-12 tháng, quyết định 1981 QĐ-TTg.";
        assert_eq!(run(text), pairs(&[("10-12 tháng", "P10M/P12M")]));
    }

    #[test]
    fn a_cited_document_date_is_no_anchor() {
        let text =
            "Tin tức\n\nTheo Nghị quyết số 06-NQ/TU ngày 04/11/2011, sáng 28/6 tỉnh họp; năm 2017 tăng.";
        let values: Vec<String> = run(text).into_iter().map(|(_, v)| v).collect();
        assert_eq!(values, ["2011-11-04", "2017-06-28", "2017"]);
    }

    #[test]
    fn bare_relative_years_on_request() {
        let text = "Năm 2017, thu tăng 5% so với cùng kỳ năm trước; những năm trước, hàng năm nay.";
        assert_eq!(run(text), pairs(&[("Năm 2017", "2017")]));
        let options = DateOptions {
            bare_relative_years: true,
            ..Default::default()
        };
        let found: Vec<(String, String)> = extract_text(text, &options)
            .into_iter()
            .map(|d| (text[d.span].to_string(), d.value.into_owned()))
            .collect();
        assert_eq!(found, pairs(&[("Năm 2017", "2017"), ("năm trước", "2016")]));
    }

    #[test]
    fn reference_date_fills_the_next_occurrence() {
        let options = DateOptions {
            reference: Some((2017, 2, 2)),
            ..Default::default()
        };
        let found = extract_text("ngày 1/2", &options);
        assert_eq!(found[0].value, "2018-02-01");
    }
}
