//! Numbers in digits and in words, as exact decimals.
//!
//! Entry points:
//! - [`parse_digits`]: one digit string with Vietnamese separators (`2.312`, `175,158`).
//! - [`parse_words`]: a whole string of number words (`hai nghìn ba trăm mười hai`).
//! - [`parse_number`]: a whole string in any form (digits, words, mixed, shorthand, sign).
//! - [`scan`]: every number in a text, with its byte span and value.
//!
//! # Separator rule for digits
//!
//! Vietnamese writes `.` between thousands and `,` before decimals. For a digit
//! string the rule is, in order:
//! 1. both `.` and `,` present: the one written last is the decimal mark and must occur
//!    once; the other one separates groups of three (`1.234,5`, `1,234.5`);
//! 2. several `.` (or several `,`): thousands separators, groups of three (`1.234.567`);
//! 3. one `.`: thousands when exactly three digits follow it (`2.312` = 2312),
//!    otherwise the decimal mark of English-style text (`1.5 triệu`, `0.25`);
//! 4. one `,`: always the decimal mark (`175,158` = 175.158, `0,5`), so `1,500` is 1.5:
//!    Vietnamese text is the norm and a comma never separates thousands in it.
//!
//! Values are [`Decimal`]s: exact, so `175,158` is 175.158 and `10^18` keeps every
//! digit. A number too large for a `Decimal` gives `None`, never a wrong value.
//!
//! ```
//! use vnextract::numbers::{parse_digits, parse_words};
//! assert_eq!(parse_digits("2.312").unwrap().to_string(), "2312");
//! assert_eq!(parse_words("hai mốt").unwrap().to_string(), "21");
//! ```

use crate::lexicon::{capitalize, is_uppercase, packed_word, FastMap};
use crate::segment::{load_chunk, HIGH, ONES};
use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::packed;
use rust_decimal::Decimal;

const NUMBER_WORDS_TSV: &str = include_str!("../data/figures/number_words.tsv");

/// What a number word does in a number.
///
/// ```
/// use vnextract::numbers::{word_kind, WordKind};
/// assert_eq!(word_kind("mốt"), Some((WordKind::Digit, 1)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WordKind {
    /// A digit 0-9 (`không`, `mốt`, `lăm`, `tư` included).
    Digit,
    /// `mười`: ten.
    Ten,
    /// `mươi`: the digit before is the tens digit.
    Tens,
    /// `chục`: the digit before counts tens.
    Dozen,
    /// `trăm`.
    Hundred,
    /// `nghìn`, `ngàn`, `vạn`, `triệu`, `tỷ`, `tỉ`: multiplies what comes before.
    Scale,
    /// `linh`, `lẻ`: an empty tens place.
    ZeroTens,
    /// `rưỡi`: and a half of the unit before.
    Half,
    /// `phẩy`, `chấm`: decimal point.
    Point,
    /// `âm`, `trừ`: minus.
    Negative,
}

struct WordTable {
    words: Vec<(String, WordKind, u64)>,
    by_word: FastMap<String, (WordKind, u64)>,
    /// [`WordTable::by_word`]'s words of at most eight bytes, keyed by their bytes packed in a
    /// `u64`: hashing and comparing one integer is cheaper than a string.
    by_packed: FastMap<u64, (WordKind, u64)>,
    /// ASCII bytes that may begin a number word in any case: a word beginning with another
    /// ASCII byte is none, whatever its case (most words are rejected by this one lookup).
    ascii_first_bytes: [bool; 128],
    /// [`LeadPairs`] of every number word in any case.
    lead_pairs: LeadPairs,
}

/// A set of byte pairs: the first byte of a word's first character and the first byte of its
/// second character, for every spelling that lower-cases to a number word. A word whose pair is
/// not in the set is no number word in any case, which one bit test tells for most words
/// (`người`, `tháng`, `đồng`) before they are measured or looked up.
struct LeadPairs([u64; 1024]);

impl LeadPairs {
    fn index(first: u8, second: u8) -> (usize, u64) {
        let bit = usize::from(first) << 8 | usize::from(second);
        (bit / 64, 1 << (bit % 64))
    }

    fn insert(&mut self, first: u8, second: u8) {
        let (word, mask) = Self::index(first, second);
        self.0[word] |= mask;
    }

    /// Whether the word at the start of `bytes` may be a number word in some case.
    fn may_begin(&self, bytes: &[u8]) -> bool {
        let Some(&first) = bytes.first() else {
            return false;
        };
        // The second character starts after the first one's UTF-8 length.
        let second_at = match first {
            0..=0x7F => 1,
            0x80..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
        let second = bytes.get(second_at).copied().unwrap_or(0);
        let (word, mask) = Self::index(first, second);
        self.0[word] & mask != 0
    }
}

/// Every character whose lower case is `c` alone: `c`, its upper case and the Kelvin sign `K`
/// for `k` (the only other one for the letters of number words; a test checks it).
fn case_variants(c: char) -> impl Iterator<Item = char> {
    let upper = {
        let mut u = c.to_uppercase();
        match (u.next(), u.next()) {
            (Some(one), None) => Some(one),
            _ => None,
        }
    };
    [Some(c), upper, Some('\u{212A}')]
        .into_iter()
        .flatten()
        .filter(move |x| x.to_lowercase().eq(std::iter::once(c)))
}

/// The first byte of `c` in UTF-8.
fn lead_byte(c: char) -> u8 {
    let mut buf = [0u8; 4];
    c.encode_utf8(&mut buf);
    buf[0]
}

static WORDS: LazyLock<WordTable> = LazyLock::new(|| {
    let mut words = Vec::new();
    for line in NUMBER_WORDS_TSV.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(word), Some(kind), Some(value)) = (cols.next(), cols.next(), cols.next()) else {
            continue;
        };
        let kind = match kind {
            "digit" => WordKind::Digit,
            "ten" => WordKind::Ten,
            "tens" => WordKind::Tens,
            "dozen" => WordKind::Dozen,
            "hundred" => WordKind::Hundred,
            "scale" => WordKind::Scale,
            "zero_tens" => WordKind::ZeroTens,
            "half" => WordKind::Half,
            "point" => WordKind::Point,
            "negative" => WordKind::Negative,
            _ => continue,
        };
        words.push((word.to_owned(), kind, value.parse().unwrap_or(0)));
    }
    let mut by_word = FastMap::default();
    let mut ascii_first_bytes = [false; 128];
    for (word, kind, value) in &words {
        by_word.insert(word.clone(), (*kind, *value));
        by_word.insert(capitalize(word), (*kind, *value));
        if let Some(&b) = word.as_bytes().first().filter(|b| b.is_ascii()) {
            ascii_first_bytes[usize::from(b.to_ascii_lowercase())] = true;
            ascii_first_bytes[usize::from(b.to_ascii_uppercase())] = true;
        }
    }
    let mut lead_pairs = LeadPairs([0; 1024]);
    for (word, _, _) in &words {
        let mut chars = word.chars();
        if let (Some(first), Some(second)) = (chars.next(), chars.next()) {
            for x in case_variants(first) {
                for y in case_variants(second) {
                    lead_pairs.insert(lead_byte(x), lead_byte(y));
                }
            }
        }
    }
    let by_packed = by_word
        .iter()
        .filter_map(|(word, found)| Some((packed_word(word)?, *found)))
        .collect();
    WordTable {
        words,
        by_word,
        by_packed,
        ascii_first_bytes,
        lead_pairs,
    }
});

/// Every number word, lower case, as listed.
pub(crate) fn number_words() -> impl Iterator<Item = &'static str> {
    WORDS.words.iter().map(|(word, _, _)| word.as_str())
}

/// Trigger searchers: every number word that can begin a number, with the space after it;
/// `[lower case, capitalized]`. Two small searchers are cheaper to run than one with both
/// forms, whose fingerprints would stop far more often on false candidates. They are packed
/// (Teddy) searchers used directly: an automaton around one would only confirm again each
/// match the searcher has already confirmed.
static WORD_TRIGGERS: LazyLock<[packed::Searcher; 2]> = LazyLock::new(|| {
    let mut lower_case = Vec::new();
    let mut capitalized = Vec::new();
    for (word, kind, _) in &WORDS.words {
        // Only words that can begin a number trigger a scan.
        // `tư`, `mốt`, `lăm`, `nhăm` only continue a number; `trừ` in text means "except".
        let continues_only = matches!(word.as_str(), "tư" | "mốt" | "lăm" | "nhăm" | "trừ");
        if matches!(kind, WordKind::Digit | WordKind::Ten | WordKind::Negative) && !continues_only {
            // Followed by a space; the word start is checked on each hit (`khai`, `ban`).
            lower_case.push(format!("{word} "));
            capitalized.push(format!("{} ", capitalize(word)));
        }
    }
    [lower_case, capitalized].map(|patterns| {
        packed::Config::new()
            .match_kind(packed::MatchKind::LeftmostLongest)
            .builder()
            .extend(&patterns)
            .build()
            .expect("number word searcher")
    })
});

/// The role and value of a number word (lower case or capitalized), if it is one.
///
/// ```
/// use vnextract::numbers::{word_kind, WordKind};
/// assert_eq!(word_kind("Triệu"), Some((WordKind::Scale, 1_000_000)));
/// assert_eq!(word_kind("nhà"), None);
/// ```
pub fn word_kind(word: &str) -> Option<(WordKind, u64)> {
    if word.len() > MAX_NUMBER_WORD_LEN {
        return None;
    }
    // Only an ASCII upper-case letter lower-cases to an ASCII letter, so an ASCII first byte
    // outside the table begins no number word in any case.
    if word
        .as_bytes()
        .first()
        .is_some_and(|&b| b.is_ascii() && !WORDS.ascii_first_bytes[usize::from(b)])
    {
        return None;
    }
    if let Some(found) = packed_word(word).and_then(|key| WORDS.by_packed.get(&key)) {
        return Some(*found);
    }
    // Rare spellings in upper case (`HAI`, `TRIỆU`).
    if word.chars().skip(1).any(is_uppercase) {
        return WORDS.by_word.get(&word.to_lowercase()).copied();
    }
    None
}

/// Parses one digit string with Vietnamese separators (see the module doc for the rule).
///
/// A leading `-` (optionally followed by a space) makes it negative; a leading `,` reads as
/// `0,`. Returns `None` for anything else or for a value that overflows a `Decimal`.
///
/// ```
/// use vnextract::numbers::parse_digits;
/// assert_eq!(parse_digits("1.234.567").unwrap().to_string(), "1234567");
/// assert_eq!(parse_digits("175,158").unwrap().to_string(), "175.158");
/// assert_eq!(parse_digits("1.5").unwrap().to_string(), "1.5");
/// assert_eq!(parse_digits("1,500").unwrap().to_string(), "1.500");
/// assert_eq!(parse_digits("- 1.200.000").unwrap().to_string(), "-1200000");
/// assert_eq!(parse_digits("12a"), None);
/// ```
pub fn parse_digits(s: &str) -> Option<Decimal> {
    let s = s.trim();
    let (negative, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, s),
    };
    let value = parse_unsigned_digits(body)?;
    Some(if negative { -value } else { value })
}

fn parse_unsigned_digits(s: &str) -> Option<Decimal> {
    // Plain digits that fit a u64 (the common case) need no separator rule and no string.
    if !s.is_empty() && s.len() <= 18 && s.bytes().all(|b| b.is_ascii_digit()) {
        let value = s.bytes().fold(0u64, |v, b| v * 10 + u64::from(b - b'0'));
        return Some(Decimal::from(value));
    }
    if let Some(value) = parse_common_separated(s) {
        return Some(value);
    }
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',') {
        return None;
    }
    let s_owned;
    let s = if s.starts_with(',') || s.starts_with('.') {
        s_owned = format!("0{s}");
        s_owned.as_str()
    } else {
        s
    };
    if !s.bytes().last()?.is_ascii_digit() {
        return None;
    }
    let dots = s.bytes().filter(|&b| b == b'.').count();
    let commas = s.bytes().filter(|&b| b == b',').count();
    let (thousands, decimal): (Option<u8>, Option<u8>) = match (dots, commas) {
        (0, 0) => (None, None),
        (_, 0) if dots > 1 => (Some(b'.'), None),
        (1, 0) => {
            let after = s.len() - s.find('.')? - 1;
            if after == 3 && !s.starts_with("0.") {
                (Some(b'.'), None)
            } else {
                (None, Some(b'.'))
            }
        }
        (0, 1) => (None, Some(b',')),
        (0, _) => (Some(b','), None),
        _ => {
            let last_dot = s.rfind('.')?;
            let last_comma = s.rfind(',')?;
            if last_comma > last_dot {
                if commas != 1 {
                    return None;
                }
                (Some(b'.'), Some(b','))
            } else {
                if dots != 1 {
                    return None;
                }
                (Some(b','), Some(b'.'))
            }
        }
    };
    let (int_part, frac_part) = match decimal {
        Some(mark) => {
            let at = s.bytes().position(|b| b == mark)?;
            (&s[..at], Some(&s[at + 1..]))
        }
        None => (s, None),
    };
    if let Some(sep) = thousands {
        let mut groups = int_part.split(sep as char);
        let first = groups.next().unwrap_or_default();
        if first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3) {
            return None;
        }
    }
    if let Some(frac) = frac_part {
        if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    let digits = || {
        let int_digits = int_part.bytes().filter(u8::is_ascii_digit);
        int_digits.chain(frac_part.unwrap_or_default().bytes())
    };
    // Up to 19 digits fit a u64: the value is that integer scaled by the fraction's length,
    // exactly what the decimal string would parse to, with no string built.
    if digits().count() <= 19 {
        let mantissa = digits().fold(0u64, |v, b| v * 10 + u64::from(b - b'0'));
        let scale = frac_part.map_or(0, str::len) as u32;
        return Decimal::try_from_i128_with_scale(i128::from(mantissa), scale).ok();
    }
    let mut plain = String::with_capacity(s.len());
    plain.extend(int_part.chars().filter(char::is_ascii_digit));
    if let Some(frac) = frac_part {
        plain.push('.');
        plain.push_str(frac);
    }
    Decimal::from_str_exact(&plain).ok()
}

/// The two separated forms news text writes most, read in one pass over the bytes: thousands
/// groups (`2.312`, `1.234.567`) and one decimal comma (`175,158`), of at most 19 digits (so
/// the digits fit a `u64`), with the value [`parse_unsigned_digits`] gives them; `None` for
/// any other string, which that function reads by its general rule.
fn parse_common_separated(s: &str) -> Option<Decimal> {
    let bytes = s.as_bytes();
    // A leading separator or a trailing one is left to the general rule.
    if !bytes.first()?.is_ascii_digit() || !bytes.last()?.is_ascii_digit() {
        return None;
    }
    let mut mantissa = 0u64;
    let mut digits = 0usize;
    let mut dots = 0usize;
    let mut commas = 0usize;
    // Digits since the last separator, and whether every group so far has a valid length.
    let mut group = 0usize;
    let mut first_group = 0usize;
    let mut groups_of_three = true;
    for &b in bytes {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
                digits += 1;
                group += 1;
            }
            b'.' | b',' => {
                if dots + commas == 0 {
                    first_group = group;
                } else {
                    groups_of_three &= group == 3;
                }
                if b == b'.' {
                    dots += 1;
                } else {
                    commas += 1;
                }
                group = 0;
            }
            _ => return None,
        }
    }
    if digits > 19 {
        return None;
    }
    match (dots, commas) {
        // Thousands groups: a first group of one to three digits, then groups of three (one
        // dot with three digits after it is a decimal point in `0.xxx` only).
        (1.., 0)
            if groups_of_three
                && group == 3
                && (1..=3).contains(&first_group)
                && !(dots == 1 && first_group == 1 && bytes[0] == b'0') =>
        {
            Decimal::try_from_i128_with_scale(i128::from(mantissa), 0).ok()
        }
        // One decimal comma: the digits after it are the fraction.
        (0, 1) => Decimal::try_from_i128_with_scale(i128::from(mantissa), group as u32).ok(),
        _ => None,
    }
}

/// One word or digit run while parsing.
#[derive(Clone, Copy, Debug)]
enum Atom<'a> {
    Digits(&'a str),
    /// A number word; the flag marks `năm`, which is never the unit digit after tens
    /// (that is `lăm`: `mười lăm`, while `mười năm` is "ten years").
    Word(WordKind, u64, bool),
}

/// Accumulates a number from atoms; see [`parse_words`] for the forms.
#[derive(Default, Debug, Clone, PartialEq)]
struct Builder {
    negative: bool,
    total: Decimal,
    largest_scale: Decimal,
    last_scale: Option<Decimal>,
    hundreds: Option<u64>,
    tens: Option<u64>,
    units: Option<u64>,
    pending: Option<u64>,
    zero_tens: bool,
    digits_group: Option<Decimal>,
    /// Fraction digits after `phẩy`/`chấm`.
    fraction: Option<String>,
    in_fraction: bool,
    /// Whether a scale word has been applied since the fraction.
    any_atom: bool,
    /// Half to add to the whole value (`rưỡi` after a scale or a unit).
    overflow: bool,
}

impl Builder {
    fn group_is_empty(&self) -> bool {
        self.hundreds.is_none()
            && self.tens.is_none()
            && self.units.is_none()
            && self.pending.is_none()
            && self.digits_group.is_none()
            && !self.zero_tens
    }

    /// The value of the group so far; a trailing lone digit after `trăm` is the tens digit.
    fn group_value(&self) -> Decimal {
        if let Some(d) = self.digits_group {
            return d;
        }
        let mut v = self.hundreds.unwrap_or(0) * 100;
        let mut tens = self.tens;
        let mut units = self.units;
        if let Some(p) = self.pending {
            if self.hundreds.is_some() && !self.zero_tens && tens.is_none() {
                tens = Some(p);
            } else {
                units = Some(p);
            }
        }
        v += tens.unwrap_or(0) * 10 + units.unwrap_or(0);
        Decimal::from(v)
    }

    fn clear_group(&mut self) {
        self.hundreds = None;
        self.tens = None;
        self.units = None;
        self.pending = None;
        self.zero_tens = false;
        self.digits_group = None;
    }

    /// Feeds one atom; `false` when it cannot continue the number, and then the builder is
    /// left unchanged (every refusal below returns before the first change).
    fn push(&mut self, atom: Atom, next: Option<Atom>) -> bool {
        let ok = self.push_inner(atom, next);
        if ok && !matches!(atom, Atom::Word(WordKind::Negative, _, _)) {
            self.any_atom = true;
        }
        ok
    }

    fn push_inner(&mut self, atom: Atom, next: Option<Atom>) -> bool {
        if self.in_fraction {
            let digit = match atom {
                Atom::Word(WordKind::Digit, d, _) => d.to_string(),
                Atom::Digits(s) if s.bytes().all(|b| b.is_ascii_digit()) && self.fraction_is_empty() => {
                    s.to_owned()
                }
                Atom::Word(WordKind::Scale, s, _) if !self.fraction_is_empty() => {
                    return self.apply_scale(Decimal::from(s));
                }
                _ => return false,
            };
            self.fraction.get_or_insert_with(String::new).push_str(&digit);
            return true;
        }
        match atom {
            Atom::Digits(s) => {
                if !self.group_is_empty() || (self.any_atom && self.last_scale.is_none()) {
                    return false;
                }
                // After a scale, digits continue only before a smaller scale (3 tỷ 500 triệu).
                if let Some(last) = self.last_scale {
                    match next {
                        Some(Atom::Word(WordKind::Scale, s, _)) if Decimal::from(s) < last => {}
                        _ => return false,
                    }
                }
                match parse_unsigned_digits(s) {
                    Some(v) => self.digits_group = Some(v),
                    // More digits than a Decimal holds: a number, but with no exact value.
                    None if s.bytes().filter(u8::is_ascii_digit).count() > 28 => {
                        self.overflow = true;
                        self.digits_group = Some(Decimal::ZERO);
                    }
                    None => return false,
                }
                true
            }
            Atom::Word(kind, value, nam) => self.push_word(kind, value, nam, next),
        }
    }

    fn fraction_is_empty(&self) -> bool {
        self.fraction.as_ref().is_none_or(|f| f.is_empty())
    }

    fn push_word(&mut self, kind: WordKind, value: u64, nam: bool, next: Option<Atom>) -> bool {
        if self.digits_group.is_some() && !matches!(kind, WordKind::Scale | WordKind::Half | WordKind::Point)
        {
            return false;
        }
        match kind {
            WordKind::Negative => {
                if self.any_atom {
                    return false;
                }
                self.negative = true;
                true
            }
            WordKind::Digit => {
                if self.units.is_some() {
                    return false;
                }
                if self.zero_tens {
                    self.units = Some(value);
                    return true;
                }
                if self.tens.is_some() {
                    if nam {
                        return false;
                    }
                    self.units = Some(value);
                    return true;
                }
                if let Some(p) = self.pending {
                    // Dropped `mươi`: `hai mốt` = 21, `chín lăm` = 95 (not `một năm`, `hai năm`).
                    if p < 2 || nam {
                        return false;
                    }
                    self.tens = Some(p);
                    self.pending = None;
                    self.units = Some(value);
                    return true;
                }
                // A lone trailing digit after a scale word is a tenth of it (`bốn triệu sáu`),
                // except `năm`, which after a number usually means "year".
                self.pending = Some(value);
                true
            }
            WordKind::Ten => {
                if self.tens.is_some() || self.units.is_some() || self.pending.is_some() || self.zero_tens {
                    return false;
                }
                self.tens = Some(1);
                true
            }
            WordKind::Tens | WordKind::Dozen => match self.pending {
                Some(p) if self.tens.is_none() && p > 0 => {
                    self.tens = Some(p);
                    self.pending = None;
                    true
                }
                _ => false,
            },
            WordKind::Hundred => {
                if self.hundreds.is_some() || self.tens.is_some() || self.units.is_some() {
                    return false;
                }
                self.hundreds = Some(self.pending.take().unwrap_or(1));
                true
            }
            WordKind::ZeroTens => {
                // `một trăm linh một`, and after a scale `một nghìn lẻ một` (no hundreds).
                let after_scale = self.group_is_empty() && self.last_scale.is_some_and(|s| s > Decimal::ZERO);
                if (self.hundreds.is_none() && !after_scale)
                    || self.tens.is_some()
                    || self.pending.is_some()
                    || self.zero_tens
                {
                    return false;
                }
                self.zero_tens = true;
                true
            }
            WordKind::Scale => self.apply_scale(Decimal::from(value)),
            WordKind::Half => {
                // `rưỡi`: half of the last unit named.
                let half = if self.group_is_empty() {
                    match self.last_scale {
                        Some(s) => s / Decimal::TWO,
                        None => return false,
                    }
                } else if self.hundreds.is_some() && self.tens.is_none() && self.pending.is_none() {
                    Decimal::from(50)
                } else {
                    Decimal::new(5, 1)
                };
                let group = self.group_value();
                self.clear_group();
                self.total += group + half;
                self.units = None;
                // Nothing may follow a half except a scale (`một rưỡi triệu` is not Vietnamese).
                self.last_scale = Some(Decimal::ZERO);
                true
            }
            WordKind::Point => {
                if (self.group_is_empty() && self.last_scale.is_none()) || self.fraction.is_some() {
                    return false;
                }
                if !matches!(
                    next,
                    Some(Atom::Word(WordKind::Digit, _, _)) | Some(Atom::Digits(_))
                ) {
                    return false;
                }
                self.in_fraction = true;
                self.fraction = Some(String::new());
                true
            }
        }
    }

    fn apply_scale(&mut self, scale: Decimal) -> bool {
        if self.last_scale == Some(Decimal::ZERO) {
            return false;
        }
        let group_empty = self.group_is_empty();
        if group_empty && !self.in_fraction && self.last_scale.is_none() && self.any_atom {
            return false;
        }
        let mut group = if group_empty && self.last_scale.is_none() && !self.in_fraction {
            Decimal::ONE
        } else {
            self.group_value()
        };
        if self.in_fraction {
            // `một chấm năm triệu`: the fraction belongs to the scaled number.
            if self.last_scale.is_some() {
                return false;
            }
            let frac = self.take_fraction();
            group += frac;
            self.in_fraction = false;
        }
        self.clear_group();
        let compound = group_empty && self.last_scale.is_some();
        let result = if self.total.is_zero() || scale > self.largest_scale || compound {
            (self.total + group).checked_mul(scale)
        } else {
            group.checked_mul(scale).and_then(|g| self.total.checked_add(g))
        };
        match result {
            Some(v) => self.total = v,
            None => {
                self.overflow = true;
            }
        }
        if scale > self.largest_scale {
            self.largest_scale = scale;
        }
        self.last_scale = Some(scale);
        true
    }

    fn take_fraction(&mut self) -> Decimal {
        let digits = self.fraction.take().unwrap_or_default();
        if digits.is_empty() {
            return Decimal::ZERO;
        }
        // More digits than a Decimal keeps: overflow, not a rounded value.
        Decimal::from_str_exact(&format!("0.{digits}")).unwrap_or_else(|_| {
            self.overflow = true;
            Decimal::ZERO
        })
    }

    /// The value; `Some(None)` when it overflows.
    fn finish(mut self) -> Option<Option<Decimal>> {
        if self.overflow {
            return Some(None);
        }
        // A lone digit after a scale is a tenth of that scale (`tám nghìn mốt` = 8100).
        let group = match (
            self.last_scale,
            self.pending,
            self.hundreds,
            self.tens,
            self.units,
        ) {
            (Some(s), Some(p), None, None, None) if s >= Decimal::from(1000) && !self.zero_tens => {
                Decimal::from(p) * s / Decimal::TEN
            }
            _ => self.group_value(),
        };
        let Some(mut value) = self.total.checked_add(group) else {
            return Some(None);
        };
        if self.in_fraction || self.fraction.is_some() {
            let fraction = self.take_fraction();
            match value.checked_add(fraction) {
                Some(sum) if !self.overflow => value = sum,
                _ => return Some(None),
            }
        }
        Some(Some(if self.negative { -value } else { value }))
    }
}

/// Parses a whole string of Vietnamese number words.
///
/// Handles `mốt`, `tư`, `lăm`, `linh`/`lẻ`, `rưỡi`, `chục`, `vạn`, `không trăm`, combined
/// scales (`nghìn tỷ`), dropped `mươi` (`hai mốt` = 21, `một trăm mốt` = 110,
/// `một trăm hai` = 120), a trailing digit after a scale as its tenth (`bốn triệu sáu`),
/// decimals read digit by digit (`không phẩy không năm`) and `âm`/`trừ`.
///
/// ```
/// use vnextract::numbers::parse_words;
/// let v = |s| parse_words(s).unwrap().to_string();
/// assert_eq!(v("hai nghìn ba trăm mười hai"), "2312");
/// assert_eq!(v("một trăm linh một"), "101");
/// assert_eq!(v("hai nghìn rưỡi"), "2500");
/// assert_eq!(v("một nghìn tỷ"), "1000000000000");
/// assert_eq!(v("âm không phẩy năm"), "-0.5");
/// assert_eq!(parse_words("hai con"), None);
/// ```
pub fn parse_words(s: &str) -> Option<Decimal> {
    let tokens: Vec<&str> = s.split_whitespace().collect();
    if tokens.is_empty() {
        return None;
    }
    let atoms: Option<Vec<Atom>> = tokens
        .iter()
        .map(|t| {
            if t.bytes().all(|b| b.is_ascii_digit()) {
                Some(Atom::Digits(t))
            } else {
                word_kind(t).map(|(k, v)| Atom::Word(k, v, t.to_lowercase() == "năm"))
            }
        })
        .collect();
    let atoms = atoms?;
    parse_atoms(&atoms, true).and_then(|(v, n)| if n == atoms.len() { v } else { None })
}

/// Longest prefix of `atoms` that reads as one number: value and atoms used.
fn parse_atoms(atoms: &[Atom], whole: bool) -> Option<(Option<Decimal>, usize)> {
    let mut builder = Builder::default();
    let mut used = 0;
    for (i, atom) in atoms.iter().enumerate() {
        // A refused atom leaves the builder as it was: no copy to try it on.
        if !builder.push(*atom, atoms.get(i + 1).copied()) {
            break;
        }
        used = i + 1;
    }
    if used == 0 {
        return None;
    }
    // Trailing words that cannot end a number are given back.
    if let Some(Atom::Word(WordKind::Negative | WordKind::Point | WordKind::ZeroTens, _, _)) =
        atoms.get(used - 1)
    {
        if !whole {
            return parse_atoms(&atoms[..used - 1], whole);
        }
        return None;
    }
    // `năm` right after a scale word is "year" (`hai nghìn năm`), not a tenth of the scale.
    if used >= 2 {
        if let (Atom::Word(WordKind::Scale, _, _), Atom::Word(WordKind::Digit, _, true)) =
            (atoms[used - 2], atoms[used - 1])
        {
            return parse_atoms(&atoms[..used - 1], whole);
        }
    }
    builder.finish().map(|v| (v, used))
}

/// Parses a whole string as one number in any written form: digits ([`parse_digits`]),
/// words ([`parse_words`]), digits with scale words (`1,5 triệu`, `3 tỷ rưỡi`,
/// `3 tỷ 500 triệu`), shorthand (`10k`, `1tr2`, `2t3`, `3M`, `,0012G`) and a sign
/// (`-`, `âm`).
///
/// ```
/// use vnextract::numbers::parse_number;
/// let v = |s| parse_number(s).unwrap().to_string();
/// assert_eq!(v("1,5 triệu"), "1500000");
/// assert_eq!(v("3 tỷ rưỡi"), "3500000000");
/// assert_eq!(v("1tr2"), "1200000");
/// assert_eq!(v("âm 1.200.000"), "-1200000");
/// ```
pub fn parse_number(s: &str) -> Option<Decimal> {
    let s = s.trim();
    if let Some(v) = parse_digits(s) {
        return Some(v);
    }
    if let Some(v) = parse_words(s) {
        return Some(v);
    }
    if let Some(v) = parse_shorthand(s, true) {
        return Some(v);
    }
    let (negative, rest) = match s.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, s),
    };
    let found = scan(rest);
    match found.as_slice() {
        [one] if one.span == (0..rest.len()) => one.value.map(|v| if negative { -v } else { v }),
        _ => None,
    }
}

/// Parses an ordinal: `thứ nhất`, `đầu tiên`, `thứ tư`, `thứ 2`, `thứ hai mươi`.
///
/// ```
/// use vnextract::numbers::parse_ordinal;
/// assert_eq!(parse_ordinal("thứ nhất"), Some(1));
/// assert_eq!(parse_ordinal("đầu tiên"), Some(1));
/// assert_eq!(parse_ordinal("thứ tư"), Some(4));
/// assert_eq!(parse_ordinal("thứ 12"), Some(12));
/// assert_eq!(parse_ordinal("hai"), None);
/// ```
pub fn parse_ordinal(s: &str) -> Option<u64> {
    let s = s.trim().to_lowercase();
    if s == "đầu tiên" || s == "thứ nhất" {
        return Some(1);
    }
    let rest = s.strip_prefix("thứ ")?;
    let value = parse_number(rest)?;
    if value.fract().is_zero() && value > Decimal::ZERO {
        u64::try_from(value).ok()
    } else {
        None
    }
}

/// Shorthand amounts: `10k`, `1tr2` (1.2 million), `2t3` (2.3 million: `t` is `triệu` in
/// shorthand, and only with a digit tail, since `5t` alone may mean tonnes), and with
/// `with_si` also `3M`, `1,2M`, `,0012G`.
fn parse_shorthand(s: &str, with_si: bool) -> Option<Decimal> {
    let split = s.find(|c: char| c.is_alphabetic())?;
    let (num, suffix) = s.split_at(split);
    let base = parse_digits(num)?;
    let letters_end = suffix.find(|c: char| !c.is_alphabetic()).unwrap_or(suffix.len());
    let (letters, tail) = suffix.split_at(letters_end);
    let scale: Decimal = match letters {
        "k" | "K" => Decimal::from(1000),
        "tr" | "Tr" => Decimal::from(1_000_000),
        "t" if !tail.is_empty() => Decimal::from(1_000_000),
        "M" if with_si => Decimal::from(1_000_000),
        "G" if with_si => Decimal::from(1_000_000_000),
        _ => return None,
    };
    let mut value = base.checked_mul(scale)?;
    if !tail.is_empty() {
        if !tail.bytes().all(|b| b.is_ascii_digit()) || matches!(letters, "k" | "K" | "M" | "G") {
            return None;
        }
        let frac = Decimal::from_str_exact(&format!("0.{tail}")).ok()?;
        value = value.checked_add(frac.checked_mul(scale)?)?;
    }
    Some(value.normalize())
}

/// How a scanned number is written.
///
/// ```
/// use vnextract::numbers::NumberForm;
/// assert_ne!(NumberForm::Digits, NumberForm::Words);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NumberForm {
    /// Digits, possibly followed by scale words (`2.312 tỷ`).
    Digits,
    /// Words only (`hai nghìn`).
    Words,
    /// Shorthand (`10k`, `1tr2`).
    Shorthand,
}

/// A number found in a text.
///
/// ```
/// let found = vnextract::numbers::scan("đạt 2.312 tỷ đồng");
/// assert_eq!(found[0].span, 7..17);
/// assert_eq!(found[0].value.unwrap().to_string(), "2312000000000");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NumberMatch {
    /// Byte span in the text, scale words included.
    pub span: Range<usize>,
    /// The value, `None` when it overflows a `Decimal`.
    pub value: Option<Decimal>,
    /// How it is written.
    pub form: NumberForm,
    /// The largest scale word applied (1 when none).
    pub scale: Decimal,
    /// How many words or digit runs it spans.
    pub atoms: usize,
}

/// Letters, digits and combining marks (text may arrive decomposed).
///
/// ```
/// use vnextract::numbers::is_word_char;
/// assert!(is_word_char('ữ') && is_word_char('7') && is_word_char('\u{301}'));
/// assert!(!is_word_char(' ') && !is_word_char('%'));
/// ```
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // Fast path for Vietnamese letters (Latin-1, Latin Extended-A/B, Latin Extended Additional).
    let u = c as u32;
    if (0xC0..=0x24F).contains(&u) && u != 0xD7 && u != 0xF7 || (0x1E00..=0x1EFF).contains(&u) {
        return true;
    }
    c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c)
}

/// The high bit set in each byte of `chunk` that is an ASCII digit.
#[inline(always)]
fn ascii_digits(chunk: u64) -> u64 {
    // High bit cleared, so that the sums never carry into the next byte: `0` <= byte <= `9`.
    let low = chunk & !HIGH;
    let at_least_0 = low + (0x50 * ONES);
    let past_9 = low + (0x46 * ONES);
    at_least_0 & !past_9 & !chunk & HIGH
}

/// The byte length of the word (run of [`is_word_char`]s) `s` starts with. Vietnamese
/// letters are recognized from their lead bytes; other characters are decoded.
pub(crate) fn word_len(s: &str) -> usize {
    word_len_up_to(s, usize::MAX)
}

/// The longest number word (in any case) in bytes: [`word_kind`] knows no longer one.
const MAX_NUMBER_WORD_LEN: usize = 8;

/// [`word_len`], but stopping once the word is known to be at least `limit` bytes long (the
/// result is then `limit` or a little more).
/// Inlined, so that [`word_len`] (no limit) pays no test of it.
#[inline(always)]
fn word_len_up_to(s: &str, limit: usize) -> usize {
    let bytes = s.as_bytes();
    let mut len = 0;
    while len < limit {
        let Some(&b) = bytes.get(len) else { break };
        let step = match b {
            b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => 1,
            0..=0x7F => break,
            // U+00C0..U+00FF but `×` and `÷`, and U+0100..U+023F: letters.
            0xC3 if !matches!(bytes.get(len + 1), Some(0x97 | 0xB7)) => 2,
            0xC4..=0xC8 => 2,
            // U+1E00..U+1EFF (Latin Extended Additional: ạ ả ấ ... ỹ).
            0xE1 if matches!(bytes.get(len + 1), Some(0xB8..=0xBB)) => 3,
            _ => match s[len..].chars().next() {
                Some(c) if is_word_char(c) => c.len_utf8(),
                _ => break,
            },
        };
        len += step;
    }
    len
}

/// The atom starting at `pos` (after spaces): its span, or `None`.
fn next_atom(text: &str, pos: usize) -> Option<(Range<usize>, Atom<'_>)> {
    let bytes = text.as_bytes();
    let mut start = pos;
    while start < bytes.len() && bytes[start] == b' ' {
        start += 1;
    }
    if start >= bytes.len() {
        return None;
    }
    if bytes[start].is_ascii_digit() {
        let end = digit_run_end(bytes, start);
        return Some((start..end, Atom::Digits(&text[start..end])));
    }
    // A word whose first two characters begin no number word (in any case) ends the number
    // with no word to read: most words after a number stop here.
    if !WORDS.lead_pairs.may_begin(&bytes[start..]) {
        return None;
    }
    let rest = &text[start..];
    // No number word is longer than eight bytes: a longer word is not measured to its end.
    let len = word_len_up_to(rest, MAX_NUMBER_WORD_LEN + 1);
    if len == 0 || len > MAX_NUMBER_WORD_LEN {
        return None;
    }
    let word = &rest[..len];
    let (kind, value) = word_kind(word)?;
    Some((
        start..start + len,
        Atom::Word(kind, value, word == "năm" || word == "Năm"),
    ))
}

/// End of a digit run with `.`/`,` separators between digits.
fn digit_run_end(bytes: &[u8], start: usize) -> usize {
    let mut end = start;
    while end < bytes.len() {
        let b = bytes[end];
        let separator_between_digits =
            (b == b'.' || b == b',') && end + 1 < bytes.len() && bytes[end + 1].is_ascii_digit();
        if b.is_ascii_digit() || separator_between_digits {
            end += 1;
        } else {
            break;
        }
    }
    end
}

/// Parses the number starting exactly at `start` (a digit or a number word).
///
/// ```
/// let m = vnextract::numbers::number_at("gần 1,5 triệu người", 6).unwrap();
/// assert_eq!(m.value.unwrap().to_string(), "1500000");
/// ```
pub fn number_at(text: &str, start: usize) -> Option<NumberMatch> {
    number_at_allowing(text, start, &|_| false)
}

/// [`number_at`], where digits glued to letters on the left (normally a code: `B1`, `8A3`)
/// are read when `allow_glued` accepts those letters (`USD1,23`).
fn number_at_allowing(text: &str, start: usize, allow_glued: &dyn Fn(&str) -> bool) -> Option<NumberMatch> {
    let bytes = text.as_bytes();
    // The character before: an ASCII byte (most) is tested without decoding.
    let glued_left = start > 0
        && match bytes[start - 1] {
            b if b.is_ascii() => b.is_ascii_alphabetic(),
            _ => text[..start].chars().next_back().is_some_and(char::is_alphabetic),
        };
    if glued_left {
        let letters_len: usize = text[..start]
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .map(char::len_utf8)
            .sum();
        if !allow_glued(&text[start - letters_len..start]) {
            return None;
        }
    }
    // The first atom: a digit run is measured once, for the shorthand test and the atom.
    let (first_span, first) = if bytes[start].is_ascii_digit() {
        let end = digit_run_end(bytes, start);
        // Shorthand glued to the digits: 10k, 1tr2, 2t3.
        let after = &text[end..];
        let glued: usize = after
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .map(char::len_utf8)
            .sum();
        if glued > 0 {
            let suffix = &after[..glued];
            // A glued code with digits in it is a name or a time (`8A3`, `14h30`), except
            // squared and cubed units.
            if suffix.bytes().any(|b| b.is_ascii_digit())
                && !matches!(suffix, "m2" | "km2" | "m3" | "cm2" | "dm3")
                && parse_shorthand(&text[start..end + glued], false).is_none()
            {
                return None;
            }
            if let Some(v) = parse_shorthand(&text[start..end + glued], false) {
                return Some(NumberMatch {
                    span: start..end + glued,
                    value: Some(v),
                    form: NumberForm::Shorthand,
                    scale: Decimal::ONE,
                    atoms: 1,
                });
            }
        }
        (start..end, Atom::Digits(&text[start..end]))
    } else {
        let (span, atom) = next_atom(text, start)?;
        if span.start != start {
            return None;
        }
        (span, atom)
    };
    // Atoms are separated by single spaces only; a digit run must stand alone.
    let joins = |span: &Range<usize>, atom: &Atom| {
        !(matches!(atom, Atom::Digits(_))
            && text[span.end..].chars().next().is_some_and(|c| c.is_alphabetic()))
    };
    // A word atom ends before a byte that begins no word: only a space lets another atom
    // follow it (a digit run may be followed by a glued word: `50triệu`).
    let second = if bytes.get(first_span.end) == Some(&b' ') || matches!(first, Atom::Digits(_)) {
        next_atom(text, first_span.end).filter(|(span, atom)| joins(span, atom))
    } else {
        None
    };
    // Most numbers are one atom: they are read without filling the buffers below.
    let lone = [first];
    let lone_end = [first_span.end];
    // Fixed buffers: no allocation per number.
    const MAX_ATOMS: usize = 24;
    let mut atom_buf;
    let mut end_buf;
    let (atoms, ends): (&[Atom], &[usize]) = match second {
        None => (&lone, &lone_end),
        Some((second_span, second)) => {
            atom_buf = [Atom::Digits(""); MAX_ATOMS];
            end_buf = [0usize; MAX_ATOMS];
            atom_buf[0] = first;
            end_buf[0] = first_span.end;
            atom_buf[1] = second;
            end_buf[1] = second_span.end;
            let mut count = 2;
            let mut pos = second_span.end;
            while count < MAX_ATOMS {
                let Some((span, atom)) = next_atom(text, pos).filter(|(span, atom)| joins(span, atom)) else {
                    break;
                };
                atom_buf[count] = atom;
                end_buf[count] = span.end;
                count += 1;
                pos = span.end;
            }
            (&atom_buf[..count], &end_buf[..count])
        }
    };
    let is_digits = matches!(atoms.first(), Some(Atom::Digits(_)));
    // A lone digit run (most numbers) reads as `parse_atoms` would read it, without the builder.
    if let [Atom::Digits(s)] = atoms {
        let value = match parse_unsigned_digits(s) {
            // A whole number (most) is already in normal form.
            Some(v) if v.scale() == 0 => Some(v),
            Some(v) => Some(v.normalize()),
            None if s.bytes().filter(u8::is_ascii_digit).count() > 28 => None,
            None => return None,
        };
        return Some(NumberMatch {
            span: start..ends[0],
            value,
            form: NumberForm::Digits,
            scale: Decimal::ONE,
            atoms: 1,
        });
    }
    // A lone digit word (`một`, `năm`: most word hits) is its digit.
    if let [Atom::Word(WordKind::Digit, digit, _)] = atoms {
        return Some(NumberMatch {
            span: start..ends[0],
            value: Some(Decimal::from(*digit)),
            form: NumberForm::Words,
            scale: Decimal::ONE,
            atoms: 1,
        });
    }
    let (value, used) = parse_atoms(atoms, false)?;
    let scale = atoms[..used]
        .iter()
        .filter_map(|a| match a {
            Atom::Word(WordKind::Scale, v, _) => Some(Decimal::from(*v)),
            _ => None,
        })
        .max()
        .unwrap_or(Decimal::ONE);
    Some(NumberMatch {
        span: start..ends[used - 1],
        value: value.map(|v| v.normalize()),
        form: if is_digits {
            NumberForm::Digits
        } else {
            NumberForm::Words
        },
        scale,
        atoms: used,
    })
}

/// The first ASCII digit at or after `from`: most of a text has none, so it is tested 32
/// bytes at a time with a branch-free test the compiler turns into vector instructions.
fn find_digit(bytes: &[u8], from: usize) -> Option<usize> {
    const BLOCK: usize = 32;
    let mut pos = from;
    while pos + BLOCK <= bytes.len() {
        let block = &bytes[pos..pos + BLOCK];
        if block.iter().fold(false, |any, &b| any | b.is_ascii_digit()) {
            break;
        }
        pos += BLOCK;
    }
    // Then eight bytes at a time (padded with NULs at the end), to the first digit's place.
    while pos < bytes.len() {
        let digits = ascii_digits(load_chunk(bytes, pos));
        if digits != 0 {
            return Some(pos + (digits.trailing_zeros() / 8) as usize);
        }
        pos += 8;
    }
    None
}

/// Every number in `text`, in order, not overlapping: digit runs (with their scale words
/// and glued shorthand) and number-word sequences. Numbers that overflow a `Decimal` come
/// with `value: None`.
///
/// ```
/// let found = vnextract::numbers::scan("Có hai nghìn người và 3 tỷ 500 triệu đồng.");
/// let values: Vec<String> = found.iter().map(|m| m.value.unwrap().to_string()).collect();
/// assert_eq!(values, ["2000", "3500000000"]);
/// ```
pub fn scan(text: &str) -> Vec<NumberMatch> {
    scan_allowing(text, &|_| false)
}

/// [`scan`], also reading digits glued to letters on their left when `allow_glued` accepts
/// the letters (a currency code: `USD1,23`, `Rs20`).
///
/// ```
/// let found = vnextract::numbers::scan_allowing("USD1,23 và B1", &|l| l == "USD");
/// assert_eq!(found.len(), 1);
/// assert_eq!(found[0].value.unwrap().to_string(), "1.23");
/// ```
pub fn scan_allowing(text: &str, allow_glued: &dyn Fn(&str) -> bool) -> Vec<NumberMatch> {
    // About one number per 130 bytes of news text: reserve once rather than regrow.
    let mut out = Vec::with_capacity(text.len() / 128 + 4);
    scan_allowing_into(text, allow_glued, &mut out);
    out
}

/// [`scan_allowing`] into `out` (cleared first), so that a caller scanning text after text
/// reuses one buffer instead of allocating a new one each time.
pub(crate) fn scan_allowing_into(text: &str, allow_glued: &dyn Fn(&str) -> bool, out: &mut Vec<NumberMatch>) {
    out.clear();
    let bytes = text.as_bytes();
    // Number words at a word start, in text order: the hits of the two searchers merged.
    // (A hit inside a word is dropped; no two hits at word starts overlap.)
    let [lower_case, capitalized] = &*WORD_TRIGGERS;
    let mut lower_hits = lower_case.find_iter(text).map(|m| m.start()).peekable();
    let mut capital_hits = capitalized.find_iter(text).map(|m| m.start()).peekable();
    let mut word_hits = std::iter::from_fn(|| match (lower_hits.peek(), capital_hits.peek()) {
        (Some(l), Some(c)) if c < l => capital_hits.next(),
        (Some(_), _) => lower_hits.next(),
        (None, _) => capital_hits.next(),
    })
    .filter(|&start| !text[..start].chars().next_back().is_some_and(is_word_char))
    .peekable();
    let mut pos = 0;
    // The next digit at or after `pos`, cached: words between digits would make
    // re-searching quadratic.
    let mut next_digit: Option<usize> = None;
    let mut digit_searched_from = 0;
    while pos < bytes.len() {
        if next_digit.is_none_or(|d| d < pos) && (digit_searched_from <= pos || next_digit.is_some()) {
            next_digit = find_digit(bytes, pos);
            digit_searched_from = next_digit.unwrap_or(bytes.len());
        }
        // Next number word at a word boundary.
        let mut next_word = None;
        while let Some(&hit) = word_hits.peek() {
            if hit < pos {
                word_hits.next();
                continue;
            }
            next_word = Some(hit);
            break;
        }
        let start = match (next_digit, next_word) {
            (Some(d), Some(w)) => d.min(w),
            (Some(d), None) => d,
            (None, Some(w)) => w,
            (None, None) => break,
        };
        match number_at_allowing(text, start, allow_glued) {
            Some(m) => {
                pos = m.span.end;
                out.push(m);
            }
            None => {
                // Skip this digit run or word.
                let skip = if bytes[start].is_ascii_digit() {
                    let mut e = digit_run_end(bytes, start);
                    while e < bytes.len() && bytes[e].is_ascii_alphanumeric() {
                        e += 1;
                    }
                    e
                } else {
                    start
                        + text[start..]
                            .chars()
                            .take_while(|&c| is_word_char(c))
                            .map(char::len_utf8)
                            .sum::<usize>()
                };
                pos = skip.max(start + 1);
                while !text.is_char_boundary(pos) {
                    pos += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::FastSet;

    fn w(s: &str) -> String {
        parse_words(s)
            .map(|v| v.normalize().to_string())
            .unwrap_or_else(|| "None".into())
    }

    #[test]
    fn a_refused_atom_leaves_the_builder_unchanged() {
        // `parse_atoms` tries each atom on the builder itself, not on a copy.
        let mut atoms: Vec<Atom> = WORDS
            .words
            .iter()
            .map(|(word, kind, value)| Atom::Word(*kind, *value, word == "năm"))
            .collect();
        atoms.extend(["5", "12", "1,5", "2.312"].map(Atom::Digits));
        let mut builders = vec![Builder::default()];
        for _ in 0..2 {
            let mut grown = Vec::new();
            for builder in &builders {
                for (i, atom) in atoms.iter().enumerate() {
                    for next in [None, Some(atoms[(i + 1) % atoms.len()]), Some(Atom::Digits("7"))] {
                        let mut tried = builder.clone();
                        if tried.push(*atom, next) {
                            grown.push(tried);
                        } else {
                            assert_eq!(&tried, builder, "{atom:?} before {next:?}");
                        }
                    }
                }
            }
            builders.extend(grown);
        }
    }

    #[test]
    fn digits_follow_the_separator_rule() {
        let d = |s: &str| parse_digits(s).map(|v| v.normalize().to_string());
        assert_eq!(d("2.312").as_deref(), Some("2312"));
        assert_eq!(d("1.234.567").as_deref(), Some("1234567"));
        assert_eq!(d("175,158").as_deref(), Some("175.158"));
        assert_eq!(d("0,5").as_deref(), Some("0.5"));
        assert_eq!(d("1.5").as_deref(), Some("1.5"));
        assert_eq!(d("1,500").as_deref(), Some("1.5"));
        assert_eq!(d("1,234,567").as_deref(), Some("1234567"));
        assert_eq!(d("1.234,5").as_deref(), Some("1234.5"));
        assert_eq!(d("1,234.5").as_deref(), Some("1234.5"));
        assert_eq!(d(",77").as_deref(), Some("0.77"));
        assert_eq!(d("01,10").as_deref(), Some("1.1"));
        assert_eq!(d("12.34.5"), None);
        assert_eq!(d("1.000000000000000000").as_deref(), Some("1"));
        assert_eq!(d("1000000000000000000").as_deref(), Some("1000000000000000000"));
        assert_eq!(d("99999999999999999999999999999999999"), None);
    }

    #[test]
    fn words_cover_colloquial_forms() {
        assert_eq!(w("hai nghìn ba trăm mười hai"), "2312");
        assert_eq!(w("hai mốt"), "21");
        assert_eq!(w("một trăm mốt"), "110");
        assert_eq!(w("một trăm hai"), "120");
        assert_eq!(w("bốn mươi tư"), "44");
        assert_eq!(w("một trăm lẻ tư"), "104");
        assert_eq!(w("hai chục"), "20");
        assert_eq!(w("tám trăm rưỡi"), "850");
        assert_eq!(w("hai nghìn rưỡi"), "2500");
        assert_eq!(w("mười triệu mốt"), "10100000");
        assert_eq!(w("một ngàn chín lăm"), "1095");
        assert_eq!(w("một vạn"), "10000");
        assert_eq!(
            w("mười một triệu không trăm năm sáu nghìn một trăm bẩy ba"),
            "11056173"
        );
        assert_eq!(w("một chấm năm triệu"), "1500000");
        assert_eq!(w("một triệu phẩy không không không một"), "1000000.0001");
        assert_eq!(w("hai triệu mười"), "2000010");
        assert_eq!(w("một tỷ tỷ"), "1000000000000000000");
        assert_eq!(w("trăm"), "100");
        assert_eq!(w("con"), "None");
    }

    #[test]
    fn digit_search_agrees_with_a_byte_scan() {
        let text = "Năm 2022, tỉnh có 12,5% hộ; mã A9 và 0 hoặc 9.".as_bytes();
        for from in 0..=text.len() {
            let expected = text[from..].iter().position(u8::is_ascii_digit).map(|i| i + from);
            assert_eq!(find_digit(text, from), expected, "from {from}");
        }
        for b in 0..=255u8 {
            let bytes = [b' ', b' ', b, b' ', b' ', b' ', b' ', b' ', b' '];
            assert_eq!(find_digit(&bytes, 0), b.is_ascii_digit().then_some(2), "byte {b}");
        }
    }

    #[test]
    fn case_variants_are_every_character_lower_casing_to_a_letter() {
        let letters: FastSet<char> = WORDS
            .words
            .iter()
            .flat_map(|(w, _, _)| w.chars().take(2))
            .collect();
        for x in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut lower = x.to_lowercase();
            if let (Some(l), None) = (lower.next(), lower.next()) {
                if letters.contains(&l) {
                    assert!(case_variants(l).any(|v| v == x), "{x:?} lower-cases to {l:?}");
                }
            }
        }
    }

    #[test]
    fn lead_pairs_admit_every_case_of_number_words() {
        for word in [
            "hai",
            "Hai",
            "HAI",
            "hAi",
            "mười",
            "MƯỜI",
            "Âm",
            "ÂM",
            "\u{212A}HÔNG",
            "tỷ",
            "TỶ",
        ] {
            assert!(WORDS.lead_pairs.may_begin(word.as_bytes()), "{word}");
        }
        for word in ["được", "tháng", "đồng", "h", "hộ", "sau"] {
            assert!(!WORDS.lead_pairs.may_begin(word.as_bytes()), "{word}");
        }
        assert_eq!(word_kind("\u{212A}HÔNG"), Some((WordKind::Digit, 0)));
    }

    #[test]
    fn scan_finds_mixed_forms() {
        let v = |s: &str| {
            scan(s)
                .iter()
                .map(|m| m.value.unwrap().normalize().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(v("đạt 1,5 triệu"), ["1500000"]);
        assert_eq!(v("3 tỷ rưỡi"), ["3500000000"]);
        assert_eq!(v("1.5 triệu"), ["1500000"]);
        assert_eq!(v("lương 1tr2, thưởng 10k"), ["1200000", "10000"]);
        assert_eq!(v("hai nghìn năm lịch sử")[0], "2000");
        assert_eq!(v("âm 5 độ"), ["-5"]);
        assert_eq!(v("B1 và 8A3"), Vec::<String>::new());
    }
}
