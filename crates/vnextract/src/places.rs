//! Place mentions linked to the administrative units.
//!
//! A place is found three ways:
//! - a type word and a name (`xã Nông Thượng`, `TP.HCM`, `Phường 1`), and the
//!   members of a list that share the type word (`xã Dương Quang, Nông Thượng`);
//!   a Party committee names its unit (`Tỉnh ủy Bạc Liêu` → `Bạc Liêu`, tỉnh);
//! - a natural feature with its head word (`núi Bà`, `biển Đông`: type `other`);
//! - a known name alone: a province or centrally-run city, a country, a region
//!   or foreign city (data lists), or a name the same document writes with a
//!   type word elsewhere (`Cát Tiến` after `xã Cát Tiến`). A name alone inside
//!   the proper name of a school, company, project... is not a place, nor a
//!   name that is part of a longer capitalized name (`Trương Hòa Bình`).
//!
//! Administrative names are then linked to the [`gazetteer`]: the era comes
//! from the document's dates (or is forced by [`Era`]), and among units of the
//! same name the one inside the provinces and districts the document names
//! elsewhere wins.
//!
//! The scan only stops at word starts and looks further only at capitalized
//! words and at words that start like a type word.
//!
//! ```
//! let text = "UBND xã Nông Thượng, thành phố Bắc Kạn họp.";
//! let norm = vnextract::normalize(text, &Default::default());
//! let seg = vnextract::segment(norm.text());
//! let ctx = vnextract::extractor::Context { text: norm.text(), segments: &seg };
//! let places = vnextract::places::extract(&ctx, &[], Default::default());
//! assert_eq!(places[0].name, "Nông Thượng");
//! assert_eq!(places[0].code.as_deref(), Some("01852"));
//! assert_eq!(places[1].kind, "thành phố");
//! ```

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::LazyLock;

use crate::document::{DateMention, Place, Successor};
use crate::extractor::{Context, Era};
use crate::gazetteer::{gazetteer, place_key, Status, System, Unit, UnitType};

const TYPE_WORDS: &str = include_str!("../data/gazetteer/type-words.tsv");
const COUNTRIES: &str = include_str!("../data/gazetteer/countries.tsv");
const OTHER_PLACES: &str = include_str!("../data/gazetteer/other-places.tsv");
const ALIASES: &str = include_str!("../data/gazetteer/aliases.tsv");
const GEO_HEADS: &str = include_str!("../data/gazetteer/geo-heads.tsv");
const NAME_HEADS: &str = include_str!("../data/gazetteer/name-heads.tsv");
const SENTENCE_WORDS: &str = include_str!("../data/gazetteer/sentence-words.tsv");
const SURNAMES: &str = include_str!("../data/gazetteer/surnames.tsv");

/// Longest name, in syllables, looked for after a type word.
const MAX_SYLLABLES: usize = 6;
/// Longest unknown name accepted after a type word.
const MAX_UNKNOWN_SYLLABLES: usize = 4;
/// How many words back a proper-name head (`Trường`, `Công ty`) reaches.
const HEAD_REACH: usize = 12;

/// A small fast hasher for the per-word set lookups of the scan.
#[derive(Default)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type FastSet<T> = HashSet<T, BuildHasherDefault<FxHasher>>;

/// How a type word is written and used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    /// A word, any case of its first letter (`xã`, `Xã`).
    Word,
    /// An abbreviation written exactly (`TP.`, `TX`).
    Abbrev,
    /// An abbreviation accepted only before a known unit or a number (`H.`).
    Verified,
    /// A Party committee (`Tỉnh ủy`): the name after it, alone, is the place.
    Committee,
}

#[derive(Clone, Debug)]
struct TypeWord {
    written: String,
    kind: &'static str,
    form: Form,
}

/// What a known name alone stands for.
#[derive(Clone, Debug)]
struct KnownName {
    kind: &'static str,
    /// Gazetteer key to link (provinces and their aliases).
    link_key: Option<String>,
}

struct NameHead {
    words: String,
    capitalized_only: bool,
}

struct Lexicon {
    /// Type words, longest first.
    type_words: Vec<TypeWord>,
    /// Natural-feature heads (lower case) and whether only lower case counts.
    geo_heads: Vec<(String, bool)>,
    name_heads: Vec<NameHead>,
    sentence_words: HashSet<&'static str>,
    surnames: HashSet<String>,
    /// Known names alone, by [`place_key`].
    known: HashMap<String, KnownName>,
    /// First syllables of known names as written (both tone placements).
    known_first: FastSet<String>,
    /// First bytes that may start a lower-case trigger word.
    lower_trigger: [bool; 256],
}

fn data_rows(table: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| l.split('\t').collect())
}

fn kind_str(kind: &str) -> &'static str {
    const KINDS: [&str; 16] = [
        "quốc gia",
        "tỉnh",
        "thành phố",
        "quận",
        "huyện",
        "thị xã",
        "xã",
        "phường",
        "thị trấn",
        "thôn",
        "bản",
        "tổ dân phố",
        "khu phố",
        "ấp",
        "làng",
        "other",
    ];
    KINDS
        .iter()
        .find(|k| **k == kind)
        .copied()
        .unwrap_or_else(|| panic!("unknown place type {kind}"))
}

/// The other tone placement of a syllable ending in `oa`, `oe` or `uy`
/// (`Hoà` ↔ `Hòa`), if it has one.
fn swap_tone_placement(word: &str) -> Option<String> {
    const PAIRS: [(&str, &str); 15] = [
        ("oà", "òa"),
        ("oá", "óa"),
        ("oả", "ỏa"),
        ("oã", "õa"),
        ("oạ", "ọa"),
        ("oè", "òe"),
        ("oé", "óe"),
        ("oẻ", "ỏe"),
        ("oẽ", "õe"),
        ("oẹ", "ọe"),
        ("uỳ", "ùy"),
        ("uý", "úy"),
        ("uỷ", "ủy"),
        ("uỹ", "ũy"),
        ("uỵ", "ụy"),
    ];
    for (a, b) in PAIRS {
        if let Some(stem) = word.strip_suffix(a) {
            return Some(format!("{stem}{b}"));
        }
        if let Some(stem) = word.strip_suffix(b) {
            return Some(format!("{stem}{a}"));
        }
    }
    None
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn first_syllable(name: &str) -> &str {
    name.split([' ', '-']).next().unwrap_or(name)
}

impl Lexicon {
    fn load() -> Lexicon {
        let mut type_words: Vec<TypeWord> = data_rows(TYPE_WORDS)
            .map(|r| TypeWord {
                written: r[0].to_string(),
                kind: kind_str(r[1]),
                form: match r[2] {
                    "word" => Form::Word,
                    "abbrev" => Form::Abbrev,
                    "verified" => Form::Verified,
                    "committee" => Form::Committee,
                    other => panic!("type word form {other}"),
                },
            })
            .collect();
        type_words.sort_by_key(|t| std::cmp::Reverse(t.written.len()));
        let geo_heads = data_rows(GEO_HEADS)
            .map(|r| (r[0].to_string(), r[1] == "lower-only"))
            .collect::<Vec<_>>();
        let name_heads = data_rows(NAME_HEADS)
            .map(|r| NameHead {
                words: r[0].to_string(),
                capitalized_only: r[1] == "capitalized",
            })
            .collect();
        let sentence_words = data_rows(SENTENCE_WORDS).map(|r| r[0]).collect();
        let surnames = data_rows(SURNAMES).map(|r| r[0].to_lowercase()).collect();

        let mut known = HashMap::new();
        let g = gazetteer();
        for system in [System::Before2025, System::From2025] {
            for p in g.provinces(system) {
                known.entry(place_key(p.name)).or_insert(KnownName {
                    kind: province_kind(p),
                    link_key: Some(place_key(p.name)),
                });
            }
        }
        for u in g.find("Thừa Thiên Huế").filter(|u| u.level() == 1) {
            known.entry(place_key(u.name)).or_insert(KnownName {
                kind: "tỉnh",
                link_key: Some(place_key(u.name)),
            });
        }
        for r in data_rows(ALIASES) {
            let target = g.find(r[1]).find(|u| u.level() == 1).expect("alias names a province");
            known.entry(place_key(r[0])).or_insert(KnownName {
                kind: province_kind(target),
                link_key: Some(place_key(r[1])),
            });
        }
        for r in data_rows(COUNTRIES) {
            known.entry(place_key(r[0])).or_insert(KnownName {
                kind: "quốc gia",
                link_key: None,
            });
        }
        for r in data_rows(OTHER_PLACES) {
            known.entry(place_key(r[0])).or_insert(KnownName {
                kind: "other",
                link_key: None,
            });
        }
        let mut known_first = FastSet::default();
        let mut names: Vec<String> = g
            .provinces(System::Before2025)
            .chain(g.provinces(System::From2025))
            .map(|p| p.name.to_string())
            .collect();
        names.push("Thừa Thiên Huế".into());
        for table in [ALIASES, COUNTRIES, OTHER_PLACES] {
            names.extend(data_rows(table).map(|r| r[0].to_string()));
        }
        for name in &names {
            let first = first_syllable(name);
            for form in [first.to_string(), capitalize(first)] {
                if let Some(other) = swap_tone_placement(&form) {
                    known_first.insert(other);
                }
                known_first.insert(form);
            }
        }

        let mut lower_trigger = [false; 256];
        for t in type_words.iter().filter(|t| t.form == Form::Word) {
            lower_trigger[t.written.as_bytes()[0] as usize] = true;
        }
        for (h, _) in &geo_heads {
            lower_trigger[h.as_bytes()[0] as usize] = true;
        }
        Lexicon {
            type_words,
            geo_heads,
            name_heads,
            sentence_words,
            surnames,
            known,
            known_first,
            lower_trigger,
        }
    }
}

fn province_kind(unit: &Unit) -> &'static str {
    if unit.unit_type == UnitType::ThanhPhoTrungUong {
        "thành phố"
    } else {
        "tỉnh"
    }
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::load);

// ---------------------------------------------------------------------------
// Words

/// Whether byte `b` continues a word (ASCII letters and digits, and the bytes
/// of non-ASCII letters; punctuation blocks such as `“ – …` stop it).
#[inline]
fn continues_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || (b >= 0x80 && b != 0xE2 && b != 0xC2 && b != 0xEF)
}

/// End of the word starting at `start`.
#[inline]
fn word_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    while i < bytes.len() && continues_word(bytes[i]) {
        i += 1;
    }
    i
}

fn first_char(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().next()
}

fn is_capitalized_word(text: &str, start: usize, end: usize) -> bool {
    first_char(text, start).is_some_and(char::is_uppercase) && end > start
}

/// Title case (`Nông`), as opposed to an all-capital acronym (`UBND`).
fn is_title_case(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase)
}

fn is_number(word: &str) -> bool {
    word.bytes().next().is_some_and(|b| b.is_ascii_digit())
}

/// The word that ends right before `pos` (spaces skipped, nothing else).
fn previous_word(text: &str, pos: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let mut end = pos;
    while end > 0 && bytes[end - 1] == b' ' {
        end -= 1;
    }
    let mut start = end;
    while start > 0 && continues_word(bytes[start - 1]) {
        start -= 1;
    }
    // Back up to a char boundary (continuation bytes are word bytes).
    while start < end && !text.is_char_boundary(start) {
        start += 1;
    }
    (start < end).then_some(start..end)
}

/// Whether the text before `pos` (spaces skipped) ends a sentence.
fn starts_sentence(text: &str, pos: usize) -> bool {
    let before = text[..pos].trim_end_matches(' ');
    match before.chars().last() {
        None => true,
        Some(c) => matches!(c, '.' | '!' | '?' | '\n' | ':' | '“' | '"' | '(' | '…' | '-' | '–' | ']'),
    }
}

/// Whether the text before `pos` (spaces skipped) ends a clause or sentence.
fn starts_clause(text: &str, pos: usize) -> bool {
    starts_sentence(text, pos) || text[..pos].trim_end_matches(' ').ends_with([';', ','])
}

/// A capitalized name after a type word: the end of each syllable, and the
/// syllable index after which a dash joins (`Bà Rịa - Vũng Tàu`).
#[derive(Debug, Default)]
struct NameRun {
    start: usize,
    ends: Vec<usize>,
    dash_after: Option<usize>,
    number: bool,
}

/// Reads a name at `pos` (after spaces): title-case syllables joined by
/// spaces, apostrophes or dashes, or a number.
fn read_name(text: &str, mut pos: usize, allow_number: bool) -> Option<NameRun> {
    let bytes = text.as_bytes();
    let mut spaces = 0;
    while pos < bytes.len() && bytes[pos] == b' ' {
        pos += 1;
        spaces += 1;
    }
    if spaces > 2 || pos >= bytes.len() {
        return None;
    }
    let end = word_end(bytes, pos);
    if end == pos {
        return None;
    }
    let word = &text[pos..end];
    if is_number(word) {
        return allow_number.then(|| NameRun {
            start: pos,
            ends: vec![end],
            dash_after: None,
            number: true,
        });
    }
    if !first_char(text, pos).is_some_and(char::is_uppercase) {
        return None;
    }
    let mut run = NameRun {
        start: pos,
        ends: vec![end],
        ..NameRun::default()
    };
    let mut at = end;
    while run.ends.len() < MAX_SYLLABLES {
        // Apostrophe inside a name: `H' Drai`, `K'Dang`, `R'Lấp`.
        let rest = &text[at..];
        let after_apostrophe = rest
            .strip_prefix('\'')
            .or_else(|| rest.strip_prefix('’'))
            .map(|r| at + (rest.len() - r.len()));
        if let Some(mut next) = after_apostrophe {
            if bytes.get(next) == Some(&b' ') {
                next += 1;
            }
            let e = word_end(bytes, next);
            if e > next && first_char(text, next).is_some_and(char::is_alphabetic) {
                run.ends.push(e);
                at = e;
                continue;
            }
            break;
        }
        // Dash: `Bà Rịa - Vũng Tàu`, `Bà Rịa -Vũng Tàu`, `Phan Rang-Tháp Chàm`.
        let trimmed = rest.trim_start_matches(' ');
        let dash = trimmed
            .strip_prefix('-')
            .or_else(|| trimmed.strip_prefix('–'))
            .or_else(|| trimmed.strip_prefix('—'));
        let next = if let Some(after) = dash {
            let after = after.trim_start_matches(' ');
            if run.dash_after.is_some() {
                break;
            }
            run.dash_after = Some(run.ends.len());
            text.len() - after.len()
        } else if rest.starts_with(' ') && !rest.starts_with("  ") {
            at + 1
        } else {
            break;
        };
        let e = word_end(bytes, next);
        if e == next || !is_title_case(&text[next..e]) {
            if dash.is_some() {
                run.dash_after = None;
            }
            break;
        }
        run.ends.push(e);
        at = e;
    }
    Some(run)
}

// ---------------------------------------------------------------------------
// Mentions before linking

#[derive(Clone, Debug)]
struct Found {
    span: Range<usize>,
    name: Range<usize>,
    kind: &'static str,
    /// Gazetteer key to link, when the kind is administrative.
    link_key: Option<String>,
    /// Whether the type word was written (or is implied by a committee or a
    /// list), as opposed to a name alone.
    typed: bool,
}

/// Gazetteer levels a type word can name.
fn levels_of(kind: &str) -> &'static [u8] {
    match kind {
        "tỉnh" => &[1],
        "thành phố" => &[1, 2],
        "quận" | "huyện" | "thị xã" => &[2],
        "xã" | "phường" | "thị trấn" => &[3],
        "other" => &[3],
        _ => &[],
    }
}

fn is_administrative(kind: &str) -> bool {
    !levels_of(kind).is_empty() && kind != "other"
}

/// Whether `key` names a unit of one of `levels` (or a known province alias
/// for level 1).
fn known_unit(key: &str, levels: &[u8]) -> bool {
    let lex = &*LEXICON;
    gazetteer()
        .find_key(key)
        .any(|u| levels.contains(&u.level()) && !(u.level() == 3 && u.system == System::From2025 && levels == [2]))
        || (levels.contains(&1) && lex.known.get(key).is_some_and(|k| k.link_key.is_some()))
}

/// The gazetteer key an alias stands for (`HCM` → `Hồ Chí Minh`).
fn resolve_alias(key: String) -> String {
    match LEXICON.known.get(&key).and_then(|k| k.link_key.as_ref()) {
        Some(target) => target.clone(),
        None => key,
    }
}

/// Chooses how many syllables of `run` form the name after a type word of
/// `kind`; `None` to reject.
fn name_extent(text: &str, run: &NameRun, kind: &str, verified: bool) -> Option<usize> {
    if run.number {
        return Some(1);
    }
    let levels = levels_of(kind);
    if !levels.is_empty() {
        for k in (1..=run.ends.len()).rev() {
            if known_unit(&place_key(&text[run.start..run.ends[k - 1]]), levels) {
                return Some(k);
            }
        }
    }
    if verified {
        return None;
    }
    let plain = run.dash_after.unwrap_or(run.ends.len()).min(MAX_UNKNOWN_SYLLABLES);
    let first = &text[run.start..run.ends[0]];
    // `UBND tỉnh Phạm Anh Tuấn`: a person's name, not a place.
    if !levels.is_empty() && LEXICON.surnames.contains(&first.to_lowercase()) {
        return None;
    }
    // An acronym after the type word is not a name (`xã NTM`), except as the
    // whole name of an alias (`TP.HCM`).
    if !is_title_case(first) && !LEXICON.known.contains_key(&place_key(first)) {
        return None;
    }
    Some(plain)
}

struct Scan<'t> {
    text: &'t str,
    found: Vec<Found>,
    /// Starts of capitalized words not consumed by a typed mention.
    capitals: Vec<u32>,
}

impl<'t> Scan<'t> {
    fn push_typed(&mut self, span_start: usize, run: &NameRun, k: usize, kind: &'static str) -> usize {
        let name = run.start..run.ends[k - 1];
        let link_key = (is_administrative(kind) || kind == "other").then(|| resolve_alias(place_key(&self.text[name.clone()])));
        self.found.push(Found {
            span: span_start..name.end,
            name: name.clone(),
            kind,
            link_key,
            typed: true,
        });
        name.end
    }

    /// Members of a list after a typed mention (`xã A, B và C`).
    fn list_members(&mut self, mut at: usize, kind: &'static str, numeric: bool) -> usize {
        let text = self.text;
        let lex = &*LEXICON;
        loop {
            let rest = &text[at..];
            let skip = [", và ", ", ", " và ", " hoặc ", " và các "]
                .iter()
                .find(|s| rest.starts_with(**s))
                .map(|s| s.len());
            let Some(skip) = skip else { break };
            let Some(run) = read_name(text, at + skip, numeric) else {
                break;
            };
            if run.number != numeric {
                break;
            }
            let k = if numeric {
                1
            } else if is_administrative(kind) {
                let levels = levels_of(kind);
                let Some(k) = (1..=run.ends.len())
                    .rev()
                    .find(|&k| known_unit(&place_key(&text[run.start..run.ends[k - 1]]), levels))
                else {
                    break;
                };
                let key = place_key(&text[run.start..run.ends[k - 1]]);
                // `huyện Phù Mỹ, Bình Định`: a province closes the list.
                if kind != "tỉnh" && lex.known.contains_key(&key) {
                    break;
                }
                k
            } else {
                let k = run.dash_after.unwrap_or(run.ends.len());
                let key = place_key(&text[run.start..run.ends[k - 1]]);
                let first = text[run.start..run.ends[0]].to_lowercase();
                if k > 3
                    || lex.known.contains_key(&key)
                    || gazetteer().find_key(&key).next().is_some()
                    || lex.surnames.contains(&first)
                {
                    break;
                }
                k
            };
            let name = run.start..run.ends[k - 1];
            let link_key = is_administrative(kind).then(|| place_key(&text[name.clone()]));
            self.found.push(Found {
                span: name.clone(),
                name: name.clone(),
                kind,
                link_key,
                typed: true,
            });
            at = name.end;
        }
        at
    }

    /// A type word at `start` (already known to match `tw`); returns where
    /// the scan resumes.
    fn type_word(&mut self, start: usize, tw: &TypeWord) -> usize {
        let text = self.text;
        let bytes = text.as_bytes();
        let after = start + tw.written.len();
        // `hợp tác xã`: a cooperative, not a commune.
        if tw.written == "xã" {
            if let Some(prev) = previous_word(text, start) {
                if text[prev].eq_ignore_ascii_case("tác") {
                    return after;
                }
            }
        }
        if tw.written == "bản" {
            if let Some(prev) = previous_word(text, start) {
                let p = text[prev].to_lowercase();
                if ["văn", "cơ", "phiên", "kịch", "nguyên", "thảo", "tài", "hồ", "căn", "bản", "xuất"].contains(&p.as_str())
                {
                    return after;
                }
            }
        }
        let mut name_at = after;
        if tw.form == Form::Abbrev || tw.form == Form::Verified {
            // Initials (`N.T.T.H.`) are not abbreviations of a type word.
            if start > 0 && (bytes[start - 1] == b'.' || bytes[start - 1].is_ascii_alphabetic()) {
                return after;
            }
            if !tw.written.ends_with('.') && bytes.get(after) == Some(&b'.') {
                name_at += 1;
            }
        } else if bytes.get(after) != Some(&b' ') {
            return after;
        }
        let allow_number = tw.form != Form::Committee;
        let Some(run) = read_name(text, name_at, allow_number) else {
            return after;
        };
        let verified = tw.form == Form::Verified || tw.form == Form::Committee;
        if tw.form == Form::Verified && run.number && !matches!(tw.kind, "quận" | "phường") {
            return after;
        }
        let Some(k) = name_extent(text, &run, tw.kind, verified) else {
            return after;
        };
        let span_start = if tw.form == Form::Committee { run.start } else { start };
        let end = self.push_typed(span_start, &run, k, tw.kind);
        if tw.form == Form::Committee || tw.kind == "other" {
            return end;
        }
        self.list_members(end, tw.kind, run.number)
    }

    /// A natural feature at `start` (`núi Bà`); returns where the scan resumes.
    fn geo_head(&mut self, start: usize, head_len: usize, capitalized: bool) -> Option<usize> {
        let text = self.text;
        let after = start + head_len;
        if text.as_bytes().get(after) != Some(&b' ') {
            return None;
        }
        let run = read_name(text, after, false)?;
        if run.ends.len() > 3 || run.dash_after.is_some() || !is_title_case(&text[run.start..run.ends[0]]) {
            return None;
        }
        let end = *run.ends.last()?;
        let key = place_key(&text[start..end]);
        // `Sông Cầu` is a ward: leave a capitalized head that forms a unit's
        // name to the other rules.
        if capitalized && (gazetteer().find_key(&key).next().is_some() || LEXICON.known.contains_key(&key)) {
            return None;
        }
        if inside_proper_name(text, start) {
            return None;
        }
        self.found.push(Found {
            span: start..end,
            name: start..end,
            kind: "other",
            link_key: None,
            typed: true,
        });
        Some(end)
    }
}

/// Whether the word at `pos` continues the proper name of a school, company,
/// project... that starts earlier in the phrase (`trường Tiểu học và THCS
/// Dương Quang`, `Công ty Cổ phần Nước sạch Quảng Trị`).
fn inside_proper_name(text: &str, pos: usize) -> bool {
    // Words that end the phrase a head can reach across; `tại`/`ở` only stop
    // heads other than a project's (`Dự án ... tại Việt Nam` is a name).
    const STOPS: [&str; 12] = ["vào", "với", "của", "cho", "từ", "đến", "trên", "thuộc", "đi", "về", "là", "gồm"];
    const LOCATIVES: [&str; 2] = ["tại", "ở"];
    const PROJECT_HEADS: [&str; 3] = ["dự án", "chương trình", "đề án"];
    let lex = &*LEXICON;
    let mut at = pos;
    let mut after_locative = false;
    for _ in 0..HEAD_REACH {
        let before = &text[..at];
        let trimmed = before.trim_end_matches(' ');
        match trimmed.chars().last() {
            None => return false,
            Some(c) if matches!(c, ',' | ';' | '.' | ':' | '(' | ')' | '!' | '?' | '\n' | '"') => return false,
            _ => {}
        }
        let Some(word) = previous_word(text, at) else {
            // Other punctuation (`-`, `&`, quotes): step over it.
            let c = trimmed.chars().last().map_or(1, char::len_utf8);
            at = trimmed.len() - c;
            continue;
        };
        let w = &text[word.clone()];
        let lower = w.to_lowercase();
        if STOPS.contains(&lower.as_str()) {
            return false;
        }
        if LOCATIVES.contains(&lower.as_str()) {
            after_locative = true;
        }
        let capitalized = w.chars().next().is_some_and(char::is_uppercase);
        let from_here = text[word.start..pos].to_lowercase();
        for head in &lex.name_heads {
            if head.capitalized_only && !capitalized {
                continue;
            }
            let Some(rest) = from_here.strip_prefix(head.words.as_str()) else {
                continue;
            };
            if !rest.starts_with(' ') {
                continue;
            }
            if after_locative && !(capitalized && PROJECT_HEADS.contains(&head.words.as_str())) {
                continue;
            }
            // A common noun heads a name only when the name follows at once
            // (`trường Tiểu học`, not `trường học thi công`).
            let next_at = word.start + head.words.len() + 1;
            if !capitalized && !first_char(text, next_at).is_some_and(char::is_uppercase) {
                continue;
            }
            // `điểm cầu Hà Tĩnh` is a conference point, not a bridge.
            if head.words == "cầu" {
                if let Some(prev) = previous_word(text, word.start) {
                    if text[prev].to_lowercase() == "điểm" {
                        continue;
                    }
                }
            }
            return true;
        }
        at = word.start;
    }
    false
}

/// A name the document writes with a type word, looked for alone elsewhere.
struct LocalName {
    first: Vec<String>,
    key: String,
    kind: &'static str,
}

/// Scans `text` for place mentions (not yet linked).
fn scan(text: &str) -> Vec<Found> {
    let lex = &*LEXICON;
    let bytes = text.as_bytes();
    let mut scan = Scan {
        text,
        found: Vec::new(),
        capitals: Vec::new(),
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (c, len) = if b < 0x80 {
            (b as char, 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c, c.len_utf8())
        };
        if !c.is_alphanumeric() {
            i += len;
            continue;
        }
        let end = word_end(bytes, i);
        if c.is_uppercase() {
            i = scan.capital_word(i, end);
        } else if lex.lower_trigger[b as usize] {
            i = scan.lower_word(i, end);
        } else {
            i = end;
        }
    }
    let mut found = scan.found;
    let capitals = scan.capitals;
    found.sort_by_key(|f| f.span.start);

    // Names written with a type word, to find alone elsewhere.
    let mut locals: Vec<LocalName> = Vec::new();
    for f in &found {
        if f.kind == "other" || f.kind == "quốc gia" || !f.typed {
            continue;
        }
        let name = &text[f.name.clone()];
        if is_number(name) || !is_title_case(first_syllable(name)) {
            continue;
        }
        let key = place_key(name);
        if lex.known.contains_key(&key) || locals.iter().any(|l| l.key == key) {
            continue;
        }
        let first = first_syllable(name).to_string();
        let mut firsts = vec![first.clone()];
        firsts.extend(swap_tone_placement(&first));
        locals.push(LocalName {
            first: firsts,
            key,
            kind: f.kind,
        });
    }

    let mut alone = Vec::new();
    let mut covered = found.iter().map(|f| f.span.clone()).peekable();
    let mut resume = 0;
    for &start in &capitals {
        let start = start as usize;
        if start < resume {
            continue;
        }
        while covered.peek().is_some_and(|s| s.end <= start) {
            covered.next();
        }
        if covered.peek().is_some_and(|s| s.start <= start) {
            continue;
        }
        let first_end = word_end(bytes, start);
        let first = &text[start..first_end];
        let known_first = lex.known_first.contains(first);
        if !known_first && !locals.iter().any(|l| l.first.iter().any(|f| f == first)) {
            continue;
        }
        if let Some(f) = alone_name(text, start, &locals) {
            resume = f.span.end;
            alone.push(f);
        }
    }
    found.extend(alone);
    found.sort_by_key(|f| f.span.start);
    found
}

/// A known name alone at `start`, if it passes the checks.
fn alone_name(text: &str, start: usize, locals: &[LocalName]) -> Option<Found> {
    let lex = &*LEXICON;
    let run = read_name(text, start, false)?;
    let mut chosen = None;
    for k in (1..=run.ends.len()).rev() {
        let key = place_key(&text[start..run.ends[k - 1]]);
        if let Some(known) = lex.known.get(&key) {
            chosen = Some((k, known.kind, known.link_key.clone()));
            break;
        }
        if let Some(local) = locals.iter().find(|l| l.key == key) {
            let link = is_administrative(local.kind).then(|| key.clone());
            chosen = Some((k, local.kind, link));
            break;
        }
    }
    let (k, kind, link_key) = chosen?;
    // Part of a longer capitalized name (`Hà Nội Nguyễn...`, `Việt Nam
    // Airlines`), unless the next word starts a sentence whose period is
    // missing (`điểm cầu Hà Tĩnh Theo báo cáo`).
    if k < run.ends.len() && run.dash_after != Some(k) {
        let next = &text[run.ends[k - 1] + 1..run.ends[k]];
        if !lex.sentence_words.contains(next) {
            return None;
        }
    }
    let end = run.ends[k - 1];
    // `; Pháp chế;`: a one-syllable name opening a clause before a lower-case
    // word is a common word.
    if k == 1 && previous_word(text, start).is_none() && starts_clause(text, start) {
        let after = end + 1;
        if text.as_bytes().get(end) == Some(&b' ') && first_char(text, after).is_some_and(char::is_lowercase) {
            return None;
        }
    }
    if let Some(prev) = previous_word(text, start) {
        let p = &text[prev.clone()];
        if is_title_case(p) && !(starts_sentence(text, prev.start) && lex.sentence_words.contains(p)) {
            return None;
        }
    }
    if inside_proper_name(text, start) {
        return None;
    }
    Some(Found {
        span: start..end,
        name: start..end,
        kind,
        link_key,
        typed: false,
    })
}

impl Scan<'_> {
    fn capital_word(&mut self, start: usize, end: usize) -> usize {
        let text = self.text;
        let lex = &*LEXICON;
        let word = &text[start..end];
        for tw in &lex.type_words {
            let matched = match tw.form {
                Form::Word | Form::Committee => {
                    let w = &tw.written;
                    let first_len = w.chars().next().map_or(0, char::len_utf8);
                    text.len() >= start + w.len()
                        && text.is_char_boundary(start + first_len)
                        && text.is_char_boundary(start + w.len())
                        && text[start + first_len..start + w.len()] == w[first_len..]
                        && first_char(text, start)
                            .is_some_and(|c| c.to_lowercase().eq(w.chars().next().unwrap().to_lowercase()))
                }
                Form::Abbrev | Form::Verified => {
                    let w = tw.written.trim_end_matches('.');
                    word == w && (tw.written.ends_with('.') == (text.as_bytes().get(end) == Some(&b'.')))
                }
            };
            let abbreviation = matches!(tw.form, Form::Abbrev | Form::Verified);
            if matched && (abbreviation || at_word_end(text, start + tw.written.len())) {
                return self.type_word(start, tw);
            }
        }
        for (head, lower_only) in &lex.geo_heads {
            if *lower_only {
                continue;
            }
            let cap = capitalize(head);
            if text[start..].starts_with(&cap) && at_word_end(text, start + cap.len()) {
                if let Some(next) = self.geo_head(start, cap.len(), true) {
                    return next;
                }
            }
        }
        if is_capitalized_word(text, start, end) {
            self.capitals.push(start as u32);
        }
        end
    }

    fn lower_word(&mut self, start: usize, end: usize) -> usize {
        let text = self.text;
        let lex = &*LEXICON;
        let rest = &text[start..];
        for tw in &lex.type_words {
            if tw.form == Form::Word && rest.starts_with(tw.written.as_str()) && at_word_end(text, start + tw.written.len())
            {
                return self.type_word(start, tw);
            }
        }
        for (head, _) in &lex.geo_heads {
            if rest.starts_with(head.as_str()) && at_word_end(text, start + head.len()) {
                if let Some(next) = self.geo_head(start, head.len(), false) {
                    return next;
                }
            }
        }
        end
    }
}

fn at_word_end(text: &str, pos: usize) -> bool {
    text.is_char_boundary(pos) && text.as_bytes().get(pos).is_none_or(|&b| !continues_word(b))
}

// ---------------------------------------------------------------------------
// Linking

fn era_system(dates: &[DateMention], text: &str, era: Era) -> System {
    match era {
        Era::Before2025 => return System::Before2025,
        Era::From2025 => return System::From2025,
        _ => {}
    }
    // The anchor: the first date that gives its year.
    let anchor = dates
        .iter()
        .map(|d| d.value.as_str())
        .find(|v| v.len() >= 4 && v.as_bytes()[..4].iter().all(u8::is_ascii_digit))
        .map(|v| v.split('/').next().unwrap_or(v).to_string());
    let anchor = anchor.or_else(|| first_year(text).map(|y| y.to_string()));
    match anchor {
        Some(v) if v.as_str() >= "2025-07" => System::From2025,
        _ => System::Before2025,
    }
}

/// The first plausible year written in the text (when no date was found).
fn first_year(text: &str) -> Option<u32> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 4 <= bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 4 && (start == 0 || !matches!(bytes[start - 1], b'.' | b',')) {
                let year: u32 = text[start..i].parse().ok()?;
                if (1990..=2039).contains(&year) {
                    return Some(year);
                }
            }
        } else {
            i += 1;
        }
    }
    None
}

/// Whether a unit fits the mention's type exactly (`xã` → Xa).
fn exact_type(kind: &str, unit: &Unit) -> bool {
    matches!(
        (kind, unit.unit_type),
        ("tỉnh", UnitType::Tinh)
            | ("thành phố", UnitType::ThanhPhoTrungUong | UnitType::ThanhPho)
            | ("quận", UnitType::Quan)
            | ("huyện", UnitType::Huyen)
            | ("thị xã", UnitType::ThiXa)
            | ("xã", UnitType::Xa)
            | ("phường", UnitType::Phuong)
            | ("thị trấn", UnitType::ThiTran)
            | ("other", UnitType::DacKhu)
    )
}

/// The candidate units of a mention, best tier first: the era's system, exact
/// type; then same level; then the other system; then older names.
fn candidates(found: &Found, system: System) -> Vec<&'static Unit> {
    let Some(key) = &found.link_key else {
        return Vec::new();
    };
    let g = gazetteer();
    let levels: &[u8] = if found.typed { levels_of(found.kind) } else { &[1] };
    let all: Vec<&Unit> = g.find_key(key).filter(|u| levels.contains(&u.level())).collect();
    let other = match system {
        System::Before2025 => System::From2025,
        System::From2025 => System::Before2025,
    };
    let tiers: [&dyn Fn(&Unit) -> bool; 5] = [
        &|u| u.system == system && u.status == Status::Current && exact_type(found.kind, u),
        &|u| u.system == system && u.status == Status::Current,
        &|u| u.system == other && u.status == Status::Current && exact_type(found.kind, u),
        &|u| u.system == other && u.status == Status::Current,
        &|u| u.status != Status::Current,
    ];
    for tier in tiers {
        let hits: Vec<&Unit> = all.iter().copied().filter(|u| tier(u)).collect();
        if !hits.is_empty() {
            return hits;
        }
    }
    Vec::new()
}

#[derive(Default)]
struct Evidence {
    provinces: HashMap<String, usize>,
    districts: HashMap<(bool, &'static str), usize>,
}

impl Evidence {
    fn add(&mut self, unit: &'static Unit) {
        let g = gazetteer();
        if let Some(p) = g.province_of(unit) {
            *self.provinces.entry(place_key(p.name)).or_default() += 1;
        }
        if let Some(d) = g.district_of(unit) {
            *self.districts.entry((d.system == System::Before2025, d.code)).or_default() += 1;
        }
    }

    fn score(&self, unit: &'static Unit) -> usize {
        let g = gazetteer();
        let province = g
            .province_of(unit)
            .and_then(|p| self.provinces.get(&place_key(p.name)))
            .copied()
            .unwrap_or(0);
        let district = g
            .district_of(unit)
            .filter(|d| d.code != unit.code || d.level() != unit.level())
            .and_then(|d| self.districts.get(&(d.system == System::Before2025, d.code)))
            .copied()
            .unwrap_or(0);
        province * 2 + district * 3
    }
}

/// Finds every place mention, linked to the gazetteer where it can be.
///
/// `era` chooses the administrative system of the codes; by default it comes
/// from the document's dates (before 1 July 2025: the 2024 system, whose
/// units also get their 2025 `successor`).
///
/// ```
/// use vnextract::extractor::{Context, Era};
/// let norm = vnextract::normalize("Các xã Dương Quang, Nông Thượng (thành phố Bắc Kạn).", &Default::default());
/// let seg = vnextract::segment(norm.text());
/// let ctx = Context { text: norm.text(), segments: &seg };
/// let places = vnextract::places::extract(&ctx, &[], Era::Before2025);
/// let names: Vec<_> = places.iter().map(|p| (p.name.as_str(), p.kind.as_str())).collect();
/// assert_eq!(names, [("Dương Quang", "xã"), ("Nông Thượng", "xã"), ("Bắc Kạn", "thành phố")]);
/// assert_eq!(places[1].successor.as_ref().unwrap().name, "Phường Bắc Kạn");
/// ```
pub fn extract(ctx: &Context, dates: &[DateMention], era: Era) -> Vec<Place> {
    let text = ctx.text;
    let found = scan(text);
    if found.is_empty() {
        return Vec::new();
    }
    let system = era_system(dates, text, era);
    let g = gazetteer();
    let cands: Vec<Vec<&'static Unit>> = found.iter().map(|f| candidates(f, system)).collect();

    // Evidence from mentions that are unambiguous, or whose candidates all lie
    // in one province.
    let mut evidence = Evidence::default();
    for c in &cands {
        if c.len() == 1 {
            evidence.add(c[0]);
        } else if let Some(first) = c.first() {
            let p0 = g.province_of(first).map(|p| place_key(p.name));
            if p0.is_some() && c.iter().all(|u| g.province_of(u).map(|p| place_key(p.name)) == p0) {
                *evidence.provinces.entry(p0.unwrap_or_default()).or_default() += 1;
            }
        }
    }
    let chosen: Vec<Option<&'static Unit>> = cands
        .iter()
        .map(|c| {
            c.iter()
                .copied()
                .enumerate()
                .max_by_key(|(i, u)| (evidence.score(u), std::cmp::Reverse(*i)))
                .map(|(_, u)| u)
        })
        .collect();
    // The document's main province, for villages and features inside it.
    let mut second = Evidence::default();
    for u in chosen.iter().flatten() {
        second.add(u);
    }
    let main_province = second
        .provinces
        .iter()
        .max_by_key(|(k, n)| (**n, std::cmp::Reverse((*k).clone())))
        .and_then(|(k, _)| g.find_key(k).find(|u| u.level() == 1 && u.system == system))
        .map(|u| u.name.to_string());

    found
        .into_iter()
        .zip(chosen)
        .map(|(f, unit)| {
            let province = match unit {
                Some(u) => g.province_of(u).map(|p| p.name.to_string()),
                None if f.link_key.is_none() && f.kind != "quốc gia" && f.kind != "other" => main_province.clone(),
                None => None,
            };
            let successor = unit.and_then(|u| g.successor_of(u)).map(|s| Successor {
                code: s.code.to_string(),
                name: s.full_name(),
            });
            Place {
                span: f.span,
                name: text[f.name].to_string(),
                kind: f.kind.to_string(),
                code: unit.map(|u| u.code.to_string()),
                province,
                successor,
                ..Place::default()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::Segments;

    fn places(text: &str) -> Vec<Place> {
        let segments = Segments::default();
        let ctx = Context { text, segments: &segments };
        extract(&ctx, &[], Era::Before2025)
    }

    fn pairs(text: &str) -> Vec<(String, String, String)> {
        places(text)
            .into_iter()
            .map(|p| (text[p.span].to_string(), p.name, p.kind))
            .collect()
    }

    fn triple(span: &str, name: &str, kind: &str) -> (String, String, String) {
        (span.into(), name.into(), kind.into())
    }

    #[test]
    fn type_word_and_list() {
        assert_eq!(
            pairs("đã đạt xã Nông Thượng, Dương Quang."),
            [
                triple("xã Nông Thượng", "Nông Thượng", "xã"),
                triple("Dương Quang", "Dương Quang", "xã")
            ]
        );
    }

    #[test]
    fn generic_type_words_are_not_places() {
        assert!(pairs("Chủ tịch UBND các xã, phường và thành phố họp.").is_empty());
    }

    #[test]
    fn school_names_hide_place_names() {
        let text = "xã Dương Quang sáp nhập trường Tiểu học và THCS Dương Quang.";
        assert_eq!(pairs(text).len(), 1);
    }

    #[test]
    fn person_after_type_word_is_not_a_place() {
        assert!(pairs("Chủ tịch UBND tỉnh Phạm Anh Tuấn ký.").is_empty());
        let p = pairs("Chủ tịch UBND tỉnh Bạc Liêu Dương Thành Trung cho biết");
        assert_eq!(p, [triple("tỉnh Bạc Liêu", "Bạc Liêu", "tỉnh")]);
    }

    #[test]
    fn abbreviations() {
        assert_eq!(pairs("tại TP.Vũng Tàu,"), [triple("TP.Vũng Tàu", "Vũng Tàu", "thành phố")]);
        assert_eq!(pairs("ở TP. Hồ Chí Minh."), [triple("TP. Hồ Chí Minh", "Hồ Chí Minh", "thành phố")]);
        assert_eq!(pairs("TX An Nhơn"), [triple("TX An Nhơn", "An Nhơn", "thị xã")]);
        let hcm = places("tại TP.HCM.");
        assert_eq!(hcm[0].code.as_deref(), Some("79"));
    }

    #[test]
    fn known_names_alone() {
        assert_eq!(pairs("Tại Hà Tĩnh, 6 tháng qua"), [triple("Hà Tĩnh", "Hà Tĩnh", "tỉnh")]);
        assert_eq!(pairs("Hà Nội dự kiến"), [triple("Hà Nội", "Hà Nội", "thành phố")]);
        assert_eq!(pairs("kinh tế Việt Nam"), [triple("Việt Nam", "Việt Nam", "quốc gia")]);
        assert!(pairs("Phó Thủ tướng Trương Hòa Bình nhấn mạnh").is_empty());
        assert!(pairs("Công ty TNHH Starflex Việt Nam với dự án").is_empty());
    }

    #[test]
    fn committees_name_their_unit() {
        assert_eq!(pairs("bị Tỉnh ủy Bạc Liêu kỷ luật"), [triple("Bạc Liêu", "Bạc Liêu", "tỉnh")]);
    }

    #[test]
    fn names_written_with_a_type_word_count_alone_later() {
        let p = pairs("Về xã Cát Tiến (huyện Phù Cát). Cát Tiến nhìn từ sân bay Phù Cát.");
        assert_eq!(
            p,
            [
                triple("xã Cát Tiến", "Cát Tiến", "xã"),
                triple("huyện Phù Cát", "Phù Cát", "huyện"),
                triple("Cát Tiến", "Cát Tiến", "xã")
            ]
        );
    }

    #[test]
    fn natural_features() {
        assert_eq!(pairs("lưng tựa vào núi Bà, mặt"), [triple("núi Bà", "núi Bà", "other")]);
    }

    #[test]
    fn numbered_units_need_the_type_word() {
        assert_eq!(pairs("tại phường 1, thành phố Vũng Tàu")[0], triple("phường 1", "1", "phường"));
    }

    #[test]
    fn era_from_years() {
        assert_eq!(era_system(&[], "Năm 2026, ...", Era::FromDocument), System::From2025);
        assert_eq!(era_system(&[], "Năm 2022, ...", Era::FromDocument), System::Before2025);
    }
}
