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

use crate::lexicon::{capitalize, fast_lowercase, is_uppercase, rows, FastMap, FastSet};
use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use crate::document::{DateMention, Place, Successor};
use crate::extractor::{Context, Era};
use crate::gazetteer::{
    fold_name, folded_keys, gazetteer, key_of_folded, place_key, Status, System, Unit, UnitType,
};
use crate::normalize::matching_key;
use crate::segment::Token;

const TYPE_WORDS: &str = include_str!("../data/gazetteer/type-words.tsv");
const TYPE_WORD_BLOCKERS: &str = include_str!("../data/gazetteer/type-word-blockers.tsv");
const COUNTRIES: &str = include_str!("../data/gazetteer/countries.tsv");
const OTHER_PLACES: &str = include_str!("../data/gazetteer/other-places.tsv");
const ALIASES: &str = include_str!("../data/gazetteer/aliases.tsv");
const GEO_HEADS: &str = include_str!("../data/gazetteer/geo-heads.tsv");
const NAME_HEADS: &str = include_str!("../data/gazetteer/name-heads.tsv");
const PROJECT_WORDS: &str = include_str!("../data/gazetteer/project-words.tsv");
const NOT_ALONE: &str = include_str!("../data/gazetteer/not-alone.tsv");
const SENTENCE_WORDS: &str = include_str!("../data/gazetteer/sentence-words.tsv");
const SURNAMES: &str = include_str!("../data/gazetteer/surnames.tsv");

/// Words that end the phrase a proper-name head can reach across.
const STOP_WORDS: [&str; 12] = [
    "vào", "với", "của", "cho", "từ", "đến", "trên", "thuộc", "đi", "về", "là", "gồm",
];
/// `tại`/`ở` stop heads other than a project's.
const LOCATIVE_WORDS: [&str; 2] = ["tại", "ở"];

/// Longest name, in syllables, looked for after a type word.
const MAX_SYLLABLES: usize = 6;
/// Longest unknown name accepted after a type word.
const MAX_UNKNOWN_SYLLABLES: usize = 4;
/// How many words back a proper-name head (`Trường`, `Công ty`) reaches.
const HEAD_REACH: usize = 12;

/// Word flags of the scan's trigger table.
const TYPE_LOWER: u8 = 1;
const TYPE_CAPITAL: u8 = 2;
const GEO_LOWER: u8 = 4;
const GEO_CAPITAL: u8 = 8;
const KNOWN_FIRST: u8 = 16;

/// Flags of the words around a proper-name head.
const HEAD_FIRST: u8 = 1;
const STOP: u8 = 2;
const LOCATIVE: u8 = 4;

/// A word packed in an integer, for one-step lookups: exact for words of at
/// most 8 bytes; longer words share it with others (every hit is verified).
#[inline]
fn signature(word: &[u8]) -> Option<u64> {
    let mut buf = [0u8; 8];
    let n = word.len().min(8);
    buf[..n].copy_from_slice(&word[..n]);
    let packed = u64::from_le_bytes(buf);
    Some(if word.len() > 8 {
        packed ^ word.len() as u64
    } else {
        packed
    })
}

/// [`signature`] of `bytes[start..end]`, from one eight-byte load when the
/// text goes on that far (no copy of a variable length).
#[inline]
fn signature_at(bytes: &[u8], start: usize, end: usize) -> u64 {
    let len = end - start;
    match bytes.get(start..start + 8) {
        Some(chunk) if len > 0 => {
            let packed = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            match len {
                1..=7 => packed & ((1u64 << (8 * len)) - 1),
                8 => packed,
                _ => packed ^ len as u64,
            }
        }
        _ => signature(&bytes[start..end]).unwrap_or_default(),
    }
}

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
    /// `written` with a capital first letter.
    capitalized: String,
    kind: &'static str,
    form: Form,
    /// [`signature`] of the first word of `written`: the word a match
    /// starts with (a cheap test before comparing the text).
    signature: u64,
    /// The same for the capitalized form (`None`: no such test).
    capital_signature: Option<u64>,
    /// For a first word of at most eight bytes (exact [`signature`]): its
    /// length and what `written` has after it (at most eight bytes), so that
    /// a lower-case match is two integer compares rather than a string one.
    lower_tail: Option<(usize, Tail)>,
    /// The same for `capitalized`, when `capital_signature` is that of its
    /// first word.
    capital_tail: Option<(usize, Tail)>,
    /// Whether a number alone can be the name (`phường 1`; not `tỉnh 353`).
    numbered: bool,
    /// Lower-case words that, right before it, make it no type word
    /// (`hợp tác xã`, `phiên bản`, `Nhật Bản`).
    blocked_after: Vec<&'static str>,
}

/// At most eight bytes packed in an integer, with their count.
#[derive(Clone, Copy, Debug)]
struct Tail {
    packed: u64,
    len: usize,
}

impl Tail {
    /// The length of the first word of `words` and the bytes after it, when
    /// both fit in eight bytes.
    fn after_first_word(words: &str) -> Option<(usize, Tail)> {
        let first_len = words.split(' ').next().unwrap_or_default().len();
        let rest = &words.as_bytes()[first_len..];
        (first_len <= 8 && rest.len() <= 8).then(|| {
            let tail = Tail {
                packed: signature(rest).unwrap_or_default(),
                len: rest.len(),
            };
            (first_len, tail)
        })
    }

    /// Whether `bytes` has these bytes at `at`.
    #[inline]
    fn is_at(&self, bytes: &[u8], at: usize) -> bool {
        if self.len == 0 {
            return true;
        }
        match bytes.get(at..at + 8) {
            Some(chunk) => {
                let loaded = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
                let mask = if self.len == 8 {
                    u64::MAX
                } else {
                    (1u64 << (8 * self.len)) - 1
                };
                loaded & mask == self.packed
            }
            None => bytes
                .get(at..at + self.len)
                .is_some_and(|b| signature(b) == Some(self.packed)),
        }
    }
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
    /// By first byte, the `name_heads` that start with it (bit: index):
    /// the heads a phrase may start with, in their order, without a loop
    /// over all of them.
    heads_by_first: [u64; 256],
    /// Words before a natural feature that make it a project's name (lower case).
    project_words: Vec<String>,
    sentence_words: FastSet<&'static str>,
    surnames: FastSet<String>,
    /// Known names alone, by [`place_key`].
    known: FastMap<String, KnownName>,
    /// First bytes that may start a lower-case trigger word.
    lower_trigger: [bool; 256],
    /// By first byte, whether the scan looks at a token (0: it passes over
    /// it): not at ASCII lower-case letters that start no trigger word,
    /// digits, and ASCII punctuation other than the openers `word_at` steps
    /// over (at such a byte it looks no further). Words of 32 bits: the
    /// loop over every token compiles tighter than with bytes or booleans.
    token_gate: [u32; 256],
    /// [`prefix4_key`] of lower-case trigger words, hashed into a bitset
    /// (see [`Lexicon::may_start_lower_trigger`]).
    lower_prefixes: Vec<u64>,
    /// The first words of lower-case triggers.
    lower_firsts: LowerFirsts,
    /// First words of type words and natural-feature heads, by [`signature`].
    triggers: TriggerTable<11>,
    /// By slot of `triggers`: the lower-case type words (bits: indexes of
    /// `type_words`) whose first word has that slot's signature.
    lower_type_words: Vec<u64>,
    /// The same for the capitalized and abbreviated type words, by their
    /// `capital_signature`.
    capital_type_words: Vec<u64>,
    /// The type words without a `capital_signature`: tried at every word
    /// flagged [`TYPE_CAPITAL`].
    capital_always: u64,
    /// Capitalized natural-feature heads (empty when only lower case counts).
    geo_heads_capitalized: Vec<String>,
    /// [`first_word_signature`] of each natural-feature head, lower case and
    /// capitalized.
    geo_signatures: Vec<(u64, u64)>,
    /// Words that matter when looking back for a proper-name head.
    phrase_words: FastMap<String, u8>,
    /// The same flags by [`signature`] (exact up to eight bytes).
    phrase_signatures: TriggerTable<9>,
    /// By first byte, the lengths of the phrase words (bit `len`, bit 15
    /// for 15 bytes and more): most words are none, told before the hash.
    phrase_shapes: [u16; 256],
    /// Characters of the longest proper-name head.
    longest_head_chars: usize,
    /// [`fold_name`] of every known name of the hand-written lists, with its
    /// [`place_key`] (unit names: [`key_of_folded`]).
    raw_known: FastMap<String, String>,
    /// `known` by the [`fold_name`] forms whose [`known_key`] it has: a
    /// known name alone in one lookup.
    known_by_folded: FastMap<String, KnownName>,
    /// The names of the hand-written lists and of the provinces as written
    /// there, for a mention to borrow its name from when it is written so.
    written_names: FastSet<&'static str>,
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
/// (`Hoà` ↔ `Hòa`), written into `out` (cleared): whether it has one.
fn swap_tone_placement(word: &str, out: &mut String) -> bool {
    out.clear();
    for (a, b) in crate::normalize::TONE_PLACEMENT_PAIRS {
        let swapped = match (word.strip_suffix(a), word.strip_suffix(b)) {
            (Some(stem), _) => Some((stem, b)),
            (None, Some(stem)) => Some((stem, a)),
            (None, None) => None,
        };
        if let Some((stem, ending)) = swapped {
            out.push_str(stem);
            out.push_str(ending);
            return true;
        }
    }
    false
}

/// [`signature`] of the first word of a trigger (dots trimmed).
fn first_word_signature(trigger: &str) -> u64 {
    let first = trigger.split(' ').next().unwrap_or(trigger).trim_end_matches('.');
    signature(first.as_bytes()).unwrap_or_default()
}

fn first_syllable(name: &str) -> &str {
    name.split([' ', '-']).next().unwrap_or(name)
}

impl Lexicon {
    fn load() -> Lexicon {
        let mut type_words: Vec<TypeWord> = rows(TYPE_WORDS)
            .skip(1)
            .map(|r| {
                let form = match r[2] {
                    "word" => Form::Word,
                    "abbrev" => Form::Abbrev,
                    "verified" => Form::Verified,
                    "committee" => Form::Committee,
                    other => panic!("type word form {other}"),
                };
                let capitalized = capitalize(r[0]);
                // A match of the capitalized form ends at the length of
                // `written` (see `capital_word`): its first word is the
                // text's word when a space follows it or the lengths agree.
                let capital_signature = match form {
                    Form::Abbrev | Form::Verified => Some(first_word_signature(r[0])),
                    Form::Word | Form::Committee => (capitalized.contains(' ')
                        || capitalized.len() == r[0].len())
                    .then(|| first_word_signature(&capitalized)),
                };
                let lower_tail = Tail::after_first_word(r[0]);
                let capital_tail = match form {
                    Form::Word | Form::Committee if capital_signature.is_some() => {
                        Tail::after_first_word(&capitalized)
                    }
                    _ => None,
                };
                let blocked_after = rows(TYPE_WORD_BLOCKERS)
                    .skip(1)
                    .filter(|b| b[0] == r[0])
                    .map(|b| b[1])
                    .collect();
                TypeWord {
                    numbered: r[3] == "yes",
                    blocked_after,
                    lower_tail,
                    capital_tail,
                    written: r[0].to_string(),
                    signature: first_word_signature(r[0]),
                    capital_signature,
                    capitalized,
                    kind: kind_str(r[1]),
                    form,
                }
            })
            .collect();
        type_words.sort_by_key(|t| std::cmp::Reverse(t.written.len()));
        let geo_heads = rows(GEO_HEADS)
            .skip(1)
            .map(|r| (r[0].to_string(), r[1] == "lower-only"))
            .collect::<Vec<_>>();
        let name_heads: Vec<NameHead> = rows(NAME_HEADS)
            .skip(1)
            .map(|r| NameHead {
                words: r[0].to_string(),
                capitalized_only: r[1] == "capitalized",
            })
            .collect();
        let sentence_words = rows(SENTENCE_WORDS).skip(1).map(|r| r[0]).collect();
        let surnames = rows(SURNAMES).skip(1).map(|r| r[0].to_lowercase()).collect();

        let mut known = FastMap::default();
        let g = gazetteer();
        for system in [System::Before2025, System::From2025] {
            for p in g.provinces(system) {
                known.entry(place_key(p.name)).or_insert(KnownName {
                    kind: province_kind(p),
                    link_key: Some(place_key(p.name)),
                });
            }
        }
        for r in rows(NOT_ALONE).skip(1) {
            known.remove(&place_key(r[0]));
        }
        for u in g.find("Thừa Thiên Huế").filter(|u| u.level() == 1) {
            known.entry(place_key(u.name)).or_insert(KnownName {
                kind: "tỉnh",
                link_key: Some(place_key(u.name)),
            });
        }
        for r in rows(ALIASES).skip(1) {
            let target = g
                .find(r[1])
                .find(|u| u.level() == 1)
                .expect("alias names a province");
            known.entry(place_key(r[0])).or_insert(KnownName {
                kind: province_kind(target),
                link_key: Some(place_key(r[1])),
            });
        }
        for r in rows(COUNTRIES).skip(1) {
            known.entry(place_key(r[0])).or_insert(KnownName {
                kind: "quốc gia",
                link_key: None,
            });
        }
        for r in rows(OTHER_PLACES).skip(1) {
            known.entry(place_key(r[0])).or_insert(KnownName {
                kind: "other",
                link_key: None,
            });
        }
        let mut raw_known: FastMap<String, String> = FastMap::default();
        let mut fold = |name: &str| {
            let mut f = String::new();
            fold_name(name, &mut f);
            let key = matching_key(&f);
            raw_known.insert(f, key);
        };
        for table in [ALIASES, COUNTRIES, OTHER_PLACES] {
            rows(table).skip(1).for_each(|r| fold(r[0]));
        }
        let mut known_first = FastSet::default();
        let mut names: Vec<String> = g
            .provinces(System::Before2025)
            .chain(g.provinces(System::From2025))
            .map(|p| p.name.to_string())
            .collect();
        names.push("Thừa Thiên Huế".into());
        for table in [ALIASES, COUNTRIES, OTHER_PLACES] {
            names.extend(rows(table).skip(1).map(|r| r[0].to_string()));
        }
        for name in &names {
            let first = first_syllable(name);
            for form in [first.to_string(), capitalize(first)] {
                let mut other = String::new();
                if swap_tone_placement(&form, &mut other) {
                    known_first.insert(other);
                }
                known_first.insert(form);
            }
        }

        let mut lower_trigger = [false; 256];
        let mut lower_prefixes = vec![0u64; PREFIX_BITS / 64];
        let mut mark_prefix = |w: &str| {
            let key = match *w.as_bytes() {
                [a, b, c, d, ..] => prefix4_key([a, b, c, d]),
                [a, b, c] => prefix4_key([a, b, c, b' ']),
                _ => panic!("lower-case trigger word {w} shorter than three bytes"),
            };
            let p = prefix4_slot(key);
            lower_prefixes[p / 64] |= 1 << (p % 64);
        };
        let mut lower_firsts: Vec<&[u8]> = Vec::new();
        for t in type_words.iter().filter(|t| t.form == Form::Word) {
            mark_prefix(&t.written);
            lower_firsts.push(t.written.split(' ').next().unwrap_or_default().as_bytes());
        }
        for (h, _) in &geo_heads {
            lower_firsts.push(h.split(' ').next().unwrap_or_default().as_bytes());
        }
        let lower_firsts = LowerFirsts::new(&lower_firsts);
        for (h, _) in &geo_heads {
            mark_prefix(h);
        }
        let mut triggers: FastMap<u64, u8> = FastMap::default();
        let mut flag = |word: &str, f: u8| {
            let first = word.split(' ').next().unwrap_or(word).trim_end_matches('.');
            if let Some(sig) = signature(first.as_bytes()) {
                *triggers.entry(sig).or_default() |= f;
            }
        };
        for t in &type_words {
            match t.form {
                Form::Word => {
                    flag(&t.written, TYPE_LOWER);
                    flag(&capitalize(&t.written), TYPE_CAPITAL);
                    lower_trigger[t.written.as_bytes()[0] as usize] = true;
                }
                _ => flag(&t.written, TYPE_CAPITAL),
            }
        }
        for (h, lower_only) in &geo_heads {
            flag(h, GEO_LOWER);
            if !lower_only {
                flag(&capitalize(h), GEO_CAPITAL);
            }
            lower_trigger[h.as_bytes()[0] as usize] = true;
        }
        for form in &known_first {
            if let Some(sig) = signature(form.as_bytes()) {
                *triggers.entry(sig).or_default() |= KNOWN_FIRST;
            }
        }
        let geo_heads_capitalized = geo_heads
            .iter()
            .map(|(h, lower_only)| if *lower_only { String::new() } else { capitalize(h) })
            .collect();
        let mut phrase_words: FastMap<String, u8> = FastMap::default();
        for h in &name_heads {
            let h: &NameHead = h;
            let first: &str = h.words.split(' ').next().unwrap_or(&h.words);
            // Upper case too, for the acronyms (`CLB Sông Lam Nghệ An`).
            for form in [first.to_string(), capitalize(first), first.to_uppercase()] {
                *phrase_words.entry(form).or_default() |= HEAD_FIRST;
            }
        }
        for (words, f) in [(&STOP_WORDS[..], STOP), (&LOCATIVE_WORDS[..], LOCATIVE)] {
            for w in words {
                for form in [w.to_string(), capitalize(w)] {
                    *phrase_words.entry(form).or_default() |= f;
                }
            }
        }
        let longest_head_chars = name_heads
            .iter()
            .map(|h| h.words.chars().count())
            .max()
            .unwrap_or(0);
        let triggers = TriggerTable::new(&triggers);
        assert!(type_words.len() <= 64, "type words fit a u64 bitset");
        let mut lower_type_words = vec![0u64; triggers.flags.len()];
        for (i, t) in type_words.iter().enumerate() {
            if t.form == Form::Word {
                if let Some(slot) = triggers.slot_of(t.signature) {
                    lower_type_words[slot] |= 1 << i;
                }
            }
        }
        let mut capital_type_words = vec![0u64; triggers.flags.len()];
        let mut capital_always = 0u64;
        for (i, t) in type_words.iter().enumerate() {
            match t.capital_signature {
                Some(sig) => {
                    let slot = triggers.slot_of(sig).expect("capital type word flagged");
                    capital_type_words[slot] |= 1 << i;
                }
                None => capital_always |= 1 << i,
            }
        }
        // What `known_key` answers, then `known`: unit names first.
        let mut known_by_folded: FastMap<String, KnownName> = FastMap::default();
        for (folded, key) in folded_keys() {
            if let Some(k) = known.get(key) {
                known_by_folded.insert(folded.to_string(), k.clone());
            }
        }
        for (folded, key) in &raw_known {
            if key_of_folded(folded).is_none() {
                if let Some(k) = known.get(key) {
                    known_by_folded.insert(folded.clone(), k.clone());
                }
            }
        }
        Lexicon {
            type_words,
            lower_type_words,
            capital_type_words,
            capital_always,
            known_by_folded,
            geo_signatures: geo_heads
                .iter()
                .map(|(h, _)| (first_word_signature(h), first_word_signature(&capitalize(h))))
                .collect(),
            geo_heads,
            heads_by_first: {
                assert!(name_heads.len() <= 64, "name heads fit a u64 bitset");
                let mut by_first = [0u64; 256];
                for (i, h) in name_heads.iter().enumerate() {
                    by_first[usize::from(h.words.as_bytes()[0])] |= 1 << i;
                }
                by_first
            },
            name_heads,
            project_words: rows(PROJECT_WORDS).skip(1).map(|r| r[0].to_string()).collect(),
            sentence_words,
            surnames,
            known,
            token_gate: std::array::from_fn(|b| {
                let b = b as u8;
                let skipped = (b.is_ascii_lowercase() && !lower_trigger[b as usize])
                    || b.is_ascii_digit()
                    || (b.is_ascii_punctuation() && !matches!(b, b'(' | b'"' | b'[' | b'\''));
                u32::from(!skipped)
            }),
            lower_trigger,
            lower_prefixes,
            lower_firsts,
            triggers,
            geo_heads_capitalized,
            phrase_signatures: {
                let mut by_signature: FastMap<u64, u8> = FastMap::default();
                for (w, &f) in &phrase_words {
                    if let Some(sig) = signature(w.as_bytes()) {
                        *by_signature.entry(sig).or_default() |= f;
                    }
                }
                TriggerTable::new(&by_signature)
            },
            phrase_shapes: {
                let mut shapes = [0u16; 256];
                for w in phrase_words.keys() {
                    shapes[usize::from(w.as_bytes()[0])] |= phrase_shape_bit(w.len());
                }
                shapes
            },
            longest_head_chars,
            phrase_words,
            raw_known,
            written_names: [ALIASES, COUNTRIES, OTHER_PLACES]
                .into_iter()
                .flat_map(|table| rows(table).skip(1).map(|r| r[0]))
                .chain(g.provinces(System::Before2025).map(|p| p.name))
                .chain(g.provinces(System::From2025).map(|p| p.name))
                .collect(),
        }
    }
}

/// How `word_at` reads the letter at `start` from its bytes.
#[derive(Clone, Copy)]
enum QuickCase {
    Lower,
    /// An upper-case letter of this many bytes.
    Upper(usize),
    /// Not a letter, or a letter `word_at` decodes in full.
    Other,
}

/// [`QuickCase`] of the character at `start`: the same byte tests as
/// `word_at` (ASCII, Latin-1, Latin Extended-A, ơ/ư and the Vietnamese
/// block).
#[inline(always)]
fn quick_case(bytes: &[u8], start: usize) -> QuickCase {
    let b = bytes[start];
    if b < 0x80 {
        return if b.is_ascii_lowercase() {
            QuickCase::Lower
        } else if b.is_ascii_uppercase() {
            QuickCase::Upper(1)
        } else {
            QuickCase::Other
        };
    }
    let b2 = bytes.get(start + 1).copied().unwrap_or(0);
    let (upper, len) = match b {
        0xC3 if b2 != 0x97 && b2 != 0xB7 => (b2 < 0xA0, 2),
        0xC4 | 0xC5 => (b2 % 2 == 0, 2),
        0xC6 if b2 == 0xA0 || b2 == 0xAF => (true, 2),
        0xC6 if b2 == 0xA1 || b2 == 0xB0 => (false, 2),
        0xE1 if (0xB8..=0xBB).contains(&b2) => (bytes.get(start + 2).is_some_and(|b3| b3 % 2 == 0), 3),
        _ => return QuickCase::Other,
    };
    if upper {
        QuickCase::Upper(len)
    } else {
        QuickCase::Lower
    }
}

impl Lexicon {
    /// Whether the token `bytes[start..end]` is the first word of a
    /// lower-case trigger (type word or natural-feature head) followed by a
    /// space: the only lower-case words the scan must look at.
    #[inline(always)]
    fn lower_trigger_token(&self, bytes: &[u8], start: usize, end: usize) -> bool {
        bytes.get(end) == Some(&b' ') && self.lower_firsts.contains(bytes, start, end)
    }

    /// Whether a lower-case trigger word (a type word or natural-feature
    /// head, as written) may start at `at`: its first four bytes, or its
    /// three bytes and a word end, are there. A cheap first test that never
    /// misses one.
    #[inline(always)]
    fn may_start_lower_trigger(&self, bytes: &[u8], at: usize) -> bool {
        let Some(&[a, b, c, d]) = bytes.get(at..at + 4) else {
            // At the text's end: the exact test decides.
            return true;
        };
        let p = prefix4_slot(prefix4_key([a, b, c, d]));
        self.lower_prefixes[p / 64] & (1 << (p % 64)) != 0
    }
}

/// Bits of the bitset of four-byte prefixes.
const PREFIX_BITS: usize = 1 << 16;

/// The first four bytes of a word as an integer; a fourth byte that ends
/// the word counts as zero, so that a three-byte trigger (`xã`) matches
/// whatever follows it.
#[inline(always)]
fn prefix4_key(bytes: [u8; 4]) -> u32 {
    let key = u32::from_le_bytes(bytes);
    if continues_word(bytes[3]) {
        key
    } else {
        key & 0xFF_FFFF
    }
}

/// Where four bytes fall in the bitset of trigger prefixes.
#[inline]
fn prefix4_slot(key: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B1) >> 16) as usize
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
    WORD_BYTES[b as usize]
}

static WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] =
            byte.is_ascii_alphanumeric() || (byte >= 0x80 && byte != 0xE2 && byte != 0xC2 && byte != 0xEF);
        b += 1;
    }
    table
};

/// An open-addressing table from word [`signature`]s to trigger flags:
/// one multiply and usually one probe per word.
/// `BITS` is log2 of the number of slots: a few per entry, so that the
/// table stays small in the cache and most probes end at once.
struct TriggerTable<const BITS: u32> {
    signatures: Vec<u64>,
    flags: Vec<u8>,
}

impl<const BITS: u32> TriggerTable<BITS> {
    const MASK: usize = (1 << BITS) - 1;

    fn new(entries: &FastMap<u64, u8>) -> Self {
        assert!(entries.len() * 3 < 1 << BITS, "trigger table too full");
        let mut signatures = vec![0u64; 1 << BITS];
        let mut flags = vec![0u8; 1 << BITS];
        for (&sig, &f) in entries {
            let mut h = Self::slot(sig);
            while signatures[h] != 0 {
                h = (h + 1) & Self::MASK;
            }
            signatures[h] = sig;
            flags[h] = f;
        }
        TriggerTable { signatures, flags }
    }

    #[inline]
    fn slot(sig: u64) -> usize {
        let mixed = (sig ^ (sig >> 29) ^ (sig >> 47)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (mixed >> (64 - BITS)) as usize
    }

    #[inline]
    fn get_signature(&self, sig: u64) -> u8 {
        self.slot_of(sig).map_or(0, |h| self.flags[h])
    }

    /// The slot that holds `sig`, if any.
    #[inline]
    fn slot_of(&self, sig: u64) -> Option<usize> {
        let mut h = Self::slot(sig);
        loop {
            let s = self.signatures[h];
            if s == sig {
                return Some(h);
            }
            if s == 0 {
                return None;
            }
            h = (h + 1) & Self::MASK;
        }
    }
}

/// The first words of the lower-case triggers, for a one-probe test of every
/// lower-case token: a table indexed by a multiplicative hash whose factor is
/// chosen so that no two of these words share a slot.
struct LowerFirsts {
    /// [`token_key`] of the word in its slot (0: empty).
    slots: Vec<u64>,
    factor: u64,
    /// By first byte, the lengths of the words (bit `len`): the cheapest
    /// test, which rejects more than half of the other words.
    lengths: [u16; 256],
    /// [`LowerFirsts::shape`] of every word, as a bitset: a test cheaper
    /// than the key's, which rejects most of the rest.
    shapes: [u64; LowerFirsts::SHAPE_BITS / 64],
}

impl LowerFirsts {
    const BITS: u32 = 8;
    const SHAPE_BITS: usize = 4096;

    fn new(words: &[&[u8]]) -> LowerFirsts {
        let keys: Vec<u64> = words.iter().map(|w| token_key(w, 0, w.len())).collect();
        let mut shapes = [0u64; Self::SHAPE_BITS / 64];
        let mut lengths = [0u16; 256];
        for w in words {
            let bit = Self::shape(w, 0, w.len());
            shapes[bit / 64] |= 1 << (bit % 64);
            assert!(w.len() < 16, "lower-case trigger word {w:?} too long");
            lengths[usize::from(w[0])] |= 1 << w.len();
        }
        let mut factor = 0x9E37_79B9_7F4A_7C15u64;
        loop {
            let mut slots = vec![0u64; 1 << Self::BITS];
            let mut collided = false;
            for &key in &keys {
                let slot = &mut slots[Self::slot(key, factor)];
                collided |= *slot != 0 && *slot != key;
                *slot = key;
            }
            if !collided {
                return LowerFirsts {
                    slots,
                    factor,
                    lengths,
                    shapes,
                };
            }
            // Another odd factor (a fixed sequence: the table is the same
            // on every run).
            factor = factor
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407)
                | 1;
        }
    }

    #[inline(always)]
    fn slot(key: u64, factor: u64) -> usize {
        (key.wrapping_mul(factor) >> (64 - Self::BITS)) as usize
    }

    /// The bit of `bytes[start..end]` (not empty) in `shapes`: from its
    /// first byte, length and last byte (the last only up to eight bytes,
    /// where [`token_key`] has it), so that words with the same key have
    /// the same shape.
    #[inline(always)]
    fn shape(bytes: &[u8], start: usize, end: usize) -> usize {
        let len = end - start;
        let last = if len <= 8 { bytes[end - 1] } else { 0 };
        let packed = u32::from(bytes[start]) | u32::from(last) << 8 | (len as u32 & 0xFF) << 16;
        (packed.wrapping_mul(0x9E37_79B1) >> (32 - Self::SHAPE_BITS.trailing_zeros())) as usize
    }

    /// Whether `bytes[start..end]` (not empty) is one of the words.
    #[inline(always)]
    fn contains(&self, bytes: &[u8], start: usize, end: usize) -> bool {
        let len = end - start;
        if len >= 16 || self.lengths[usize::from(bytes[start])] & (1 << len) == 0 {
            return false;
        }
        let bit = Self::shape(bytes, start, end);
        if self.shapes[bit / 64] & (1 << (bit % 64)) == 0 {
            return false;
        }
        let key = token_key(bytes, start, end);
        self.slots[Self::slot(key, self.factor)] == key
    }
}

/// `bytes[start..end]` (not empty) packed in an integer: its first eight
/// bytes, with its length added to the last one (exact up to seven bytes;
/// longer words share keys with others).
#[inline(always)]
fn token_key(bytes: &[u8], start: usize, end: usize) -> u64 {
    const MASKS: [u64; 9] = [
        0,
        0xFF,
        0xFFFF,
        0xFF_FFFF,
        0xFFFF_FFFF,
        0xFF_FFFF_FFFF,
        0xFFFF_FFFF_FFFF,
        0xFF_FFFF_FFFF_FFFF,
        u64::MAX,
    ];
    let len = end - start;
    let packed = match bytes.get(start..start + 8) {
        Some(chunk) => u64::from_le_bytes(chunk.try_into().unwrap_or_default()),
        None => {
            let mut buf = [0u8; 8];
            let n = len.min(8);
            buf[..n].copy_from_slice(&bytes[start..start + n]);
            u64::from_le_bytes(buf)
        }
    };
    (packed & MASKS[len.min(8)]) ^ ((len as u64) << 56)
}

/// End of the word starting at `start` and its [`signature`]: the end from a
/// byte-table walk, the signature from one masked eight-byte load.
#[inline]
fn word_end_signature(bytes: &[u8], start: usize) -> (usize, u64) {
    let end = word_end(bytes, start);
    (end, signature_at(bytes, start, end))
}

/// End of the word starting at `start`.
#[inline]
fn word_end(bytes: &[u8], start: usize) -> usize {
    // Over a slice of its own: the loop keeps its pointers in registers
    // (an index into `bytes` is reloaded each step inside the large scan).
    let rest = bytes.get(start..).unwrap_or_default();
    rest.iter()
        .position(|&b| !continues_word(b))
        .map_or(bytes.len().max(start), |n| start + n)
}

/// Start of the word that ends at `end` (`end` itself if none does): one
/// tight backward search.
#[inline]
fn word_start(bytes: &[u8], end: usize) -> usize {
    bytes[..end]
        .iter()
        .rposition(|&b| !continues_word(b))
        .map_or(0, |before| before + 1)
}

fn first_char(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().next()
}

/// Whether a non-ASCII letter is upper case, fast for Vietnamese letters.
#[inline]
fn is_upper_letter(c: char) -> bool {
    match c {
        '\u{C0}'..='\u{DE}' => c != '×',
        '\u{DF}'..='\u{FF}' => false,
        'Ơ' | 'Ư' => true,
        'ơ' | 'ư' => false,
        '\u{100}'..='\u{17F}' | '\u{1EA0}'..='\u{1EF9}' => (c as u32) % 2 == 0,
        _ => c.is_uppercase(),
    }
}

/// Whether a non-ASCII character is a letter or digit, fast for Vietnamese.
#[inline]
fn is_word_char(c: char) -> bool {
    matches!(c, '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}') && c != '×' && c != '÷' || c.is_alphanumeric()
}

/// Title case (`Nông`), as opposed to an all-capital acronym (`UBND`).
fn is_title_case(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(is_uppercase) && chars.any(is_lowercase)
}

/// [`char::is_lowercase`], answered without a table search for the Vietnamese letters.
#[inline]
fn is_lowercase(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_lowercase(),
        0xC0..=0xDE => false,
        0xDF..=0xFF => c != '÷',
        0x100..=0x137 | 0x1EA0..=0x1EFF => c as u32 % 2 == 1,
        _ => c.is_lowercase(),
    }
}

/// Calls `f` with `word` in lower case ([`str::to_lowercase`]), written into
/// a buffer on the stack when it fits (these are words and short phrases).
fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 96];
    let mut len = 0;
    for c in word.chars() {
        // A final sigma has its own lower case: leave it to the library.
        if c == 'Σ' || len + 12 > buf.len() {
            return f(&word.to_lowercase());
        }
        match fast_lowercase(c) {
            Some(lower) => len += lower.encode_utf8(&mut buf[len..]).len(),
            None => {
                for l in c.to_lowercase() {
                    len += l.encode_utf8(&mut buf[len..]).len();
                }
            }
        }
    }
    match std::str::from_utf8(&buf[..len]) {
        Ok(lower) => f(lower),
        Err(_) => f(&word.to_lowercase()),
    }
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
    let mut start = word_start(bytes, end);
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
        Some(c) => matches!(
            c,
            '.' | '!' | '?' | '\n' | ':' | '“' | '"' | '(' | '…' | '-' | '–' | ']'
        ),
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
    ends: Ends,
    dash_after: Option<usize>,
    number: bool,
}

/// The syllable ends of a name, on the stack.
#[derive(Debug, Default, Clone, Copy)]
struct Ends {
    buf: [usize; MAX_SYLLABLES],
    len: usize,
}

impl Ends {
    fn one(end: usize) -> Ends {
        let mut e = Ends::default();
        e.push(end);
        e
    }

    fn push(&mut self, end: usize) {
        if self.len < MAX_SYLLABLES {
            self.buf[self.len] = end;
            self.len += 1;
        }
    }
}

impl std::ops::Deref for Ends {
    type Target = [usize];
    fn deref(&self) -> &[usize] {
        &self.buf[..self.len]
    }
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
            ends: Ends::one(end),
            dash_after: None,
            number: true,
        });
    }
    if !first_char(text, pos).is_some_and(is_uppercase) {
        return None;
    }
    let mut run = NameRun {
        start: pos,
        ends: Ends::one(end),
        ..NameRun::default()
    };
    let mut at = end;
    while run.ends.len() < MAX_SYLLABLES {
        // Most syllables are followed by one space and a letter, or by a
        // byte that starts no space, apostrophe nor dash: decided from the
        // bytes as the general case below would (a word ends at an ASCII
        // byte or at the first byte of a character).
        let simple_next = match bytes.get(at) {
            Some(b' ') if !matches!(bytes.get(at + 1), Some(b' ' | b'-' | 0xE2)) => Some(at + 1),
            Some(b' ' | b'\'' | b'-' | 0xE2) => None,
            _ => break,
        };
        let (next, dashed) = match simple_next {
            Some(next) => (next, false),
            None => match next_syllable(text, at, &mut run) {
                Step::Joined(end) => {
                    at = end;
                    continue;
                }
                Step::Next(next, dashed) => (next, dashed),
                Step::End => break,
            },
        };
        let e = word_end(bytes, next);
        // A number ends a name (`phường Mỹ Đình 1`, `Xã A Lưới 2`).
        let number = !dashed && e > next && text[next..e].bytes().all(|b| b.is_ascii_digit());
        if e == next
            || !(is_title_case(&text[next..e])
                || number
                || initial_before_apostrophe(text, next, e)
                || letter_ending_known_name(text, run.start, next, e))
        {
            if dashed {
                run.dash_after = None;
            }
            break;
        }
        run.ends.push(e);
        at = e;
        if number {
            break;
        }
    }
    Some(run)
}

/// Whether `text[start..end]` is one capital letter joined by an apostrophe
/// to the rest of its syllable (`Cư M'gar`, `Ea H'leo`, `Ia H' Drai`): not
/// title case by itself, but a name's syllable.
fn initial_before_apostrophe(text: &str, start: usize, end: usize) -> bool {
    let mut chars = text[start..end].chars();
    chars.next().is_some_and(is_uppercase)
        && chars.next().is_none()
        && (text[end..].starts_with('\'') || text[end..].starts_with('’'))
}

/// Whether `text[start..end]` is one capital letter that ends a known name
/// begun at `name_start` (`Đông Nam Á`, `Châu Á`).
fn letter_ending_known_name(text: &str, name_start: usize, start: usize, end: usize) -> bool {
    let mut chars = text[start..end].chars();
    if !(chars.next().is_some_and(is_uppercase) && chars.next().is_none()) {
        return false;
    }
    LETTER_FOLD.with_borrow_mut(|folded| {
        folded.clear();
        fold_name(&text[name_start..end], folded);
        known_key(folded).is_some()
    })
}

thread_local! {
    /// The buffer [`letter_ending_known_name`] folds into (`read_name` has
    /// none to lend it).
    static LETTER_FOLD: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// What follows the end of a syllable in [`read_name`].
enum Step {
    /// A syllable joined by an apostrophe, already pushed; it ends here.
    Joined(usize),
    /// The next syllable starts here, after a dash or not.
    Next(usize, bool),
    /// The name ends.
    End,
}

/// The [`Step`] after the syllable that ends at `at`, in the cases the
/// byte test of [`read_name`] leaves: apostrophes, dashes and spaces.
fn next_syllable(text: &str, at: usize, run: &mut NameRun) -> Step {
    let bytes = text.as_bytes();
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
            return Step::Joined(e);
        }
        return Step::End;
    }
    // Dash: `Bà Rịa - Vũng Tàu`, `Bà Rịa -Vũng Tàu`, `Phan Rang-Tháp Chàm`.
    let trimmed = rest.trim_start_matches(' ');
    let dash = trimmed
        .strip_prefix('-')
        .or_else(|| trimmed.strip_prefix('–'))
        .or_else(|| trimmed.strip_prefix('—'));
    if let Some(after) = dash {
        let after = after.trim_start_matches(' ');
        if run.dash_after.is_some() {
            return Step::End;
        }
        run.dash_after = Some(run.ends.len());
        Step::Next(text.len() - after.len(), true)
    } else if rest.starts_with(' ') && !rest.starts_with("  ") {
        Step::Next(at + 1, false)
    } else {
        Step::End
    }
}

/// The folded forms of a run's prefixes, computed once (into a buffer the
/// caller reuses).
struct RunKeys<'b> {
    folded: &'b str,
    bounds: [usize; MAX_SYLLABLES],
}

impl<'b> RunKeys<'b> {
    fn new(text: &str, run: &NameRun, buffer: &'b mut String) -> RunKeys<'b> {
        buffer.clear();
        let mut bounds = [0; MAX_SYLLABLES];
        let mut from = run.start;
        for (i, &end) in run.ends.iter().enumerate() {
            fold_name(&text[from..end], buffer);
            bounds[i] = buffer.len();
            from = end;
        }
        RunKeys {
            folded: buffer.as_str(),
            bounds,
        }
    }

    /// The folded first `k` syllables.
    fn raw(&self, k: usize) -> &'b str {
        &self.folded[..self.bounds[k - 1]]
    }

    /// The lookup key of the first `k` syllables, if some unit or known name
    /// may have it.
    fn key(&self, k: usize) -> Option<&'static str> {
        known_key(self.raw(k))
    }
}

/// [`place_key`] of `name`, folded in `buffer`; a known name's key is not
/// computed again, nor copied (only an unknown name's key is allocated).
fn name_key(name: &str, buffer: &mut String) -> Cow<'static, str> {
    buffer.clear();
    fold_name(name, buffer);
    match known_key(buffer) {
        Some(key) => Cow::Borrowed(key),
        None => Cow::Owned(matching_key(buffer)),
    }
}

/// The [`place_key`] of a [`fold_name`] form that some unit or known name
/// has: a cheap first test before the real lookup, and the key without
/// computing it again.
fn known_key(folded: &str) -> Option<&'static str> {
    key_of_folded(folded).or_else(|| LEXICON.raw_known.get(folded).map(String::as_str))
}

// ---------------------------------------------------------------------------
// Mentions before linking

#[derive(Clone, Debug)]
struct Found {
    span: Range<usize>,
    name: Range<usize>,
    kind: &'static str,
    /// Gazetteer key to link, when the kind is administrative (borrowed
    /// from the gazetteer or the lexicon when the name is known).
    link_key: Option<Cow<'static, str>>,
    /// Whether the type word was written (or is implied by a committee or a
    /// list), as opposed to a name alone.
    typed: bool,
    /// Gazetteer levels the name may link to.
    levels: &'static [u8],
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
    gazetteer().find_key(key).any(|u| {
        levels.contains(&u.level()) && !(u.level() == 3 && u.system == System::From2025 && levels == [2])
    }) || (levels.contains(&1) && lex.known.get(key).is_some_and(|k| k.link_key.is_some()))
}

/// The gazetteer key an alias stands for (`HCM` → `Hồ Chí Minh`).
fn resolve_alias(key: Cow<'static, str>) -> Cow<'static, str> {
    let lex: &'static Lexicon = &LEXICON;
    match lex.known.get(key.as_ref()).and_then(|k| k.link_key.as_deref()) {
        Some(target) => Cow::Borrowed(target),
        None => key,
    }
}

/// The type of a list member (`TP Hải Dương, Gia Lộc`: Gia Lộc is a
/// huyện): the list's type when a unit of that type has the name, else the
/// type of the unit that has it.
fn unit_kind_for(key: &str, kind: &'static str) -> &'static str {
    let levels = levels_of(kind);
    // Walked twice rather than collected: no allocation per member.
    let units = || {
        gazetteer()
            .find_key(key)
            .filter(|u| levels.contains(&u.level()) && u.status == Status::Current)
    };
    if units().any(|u| exact_type(kind, u)) {
        return kind;
    }
    match units().next().map(|u| u.unit_type) {
        Some(UnitType::Quan) => "quận",
        Some(UnitType::Huyen) => "huyện",
        Some(UnitType::ThiXa) => "thị xã",
        Some(UnitType::ThanhPho | UnitType::ThanhPhoTrungUong) => "thành phố",
        Some(UnitType::Xa) => "xã",
        Some(UnitType::Phuong) => "phường",
        Some(UnitType::ThiTran) => "thị trấn",
        _ => kind,
    }
}

/// Chooses how many syllables of `run` form the name after a type word of
/// `kind`, with the name's [`place_key`] when a known unit gave it; `None`
/// to reject.
fn name_extent(
    text: &str,
    run: &NameRun,
    kind: &str,
    verified: bool,
    buffer: &mut String,
) -> Option<(usize, Option<&'static str>)> {
    if run.number {
        return Some((1, None));
    }
    let levels = levels_of(kind);
    if !levels.is_empty() {
        let keys = RunKeys::new(text, run, buffer);
        for k in (1..=run.ends.len()).rev() {
            if let Some(key) = keys.key(k).filter(|key| known_unit(key, levels)) {
                return Some((k, Some(key)));
            }
        }
        // `các tỉnh Tây Nguyên`: a region, not a unit of that type; the
        // name alone is found later, with type `other`. (A foreign city
        // keeps its type word: `thành phố New York`.)
        let region = |k: usize| {
            keys.key(k)
                .and_then(|key| LEXICON.known.get(key))
                .is_some_and(|known| known.kind == "other")
        };
        if is_administrative(kind) && kind != "thành phố" && (1..=run.ends.len()).any(region) {
            return None;
        }
    }
    if verified {
        return None;
    }
    let mut plain = run
        .dash_after
        .unwrap_or(run.ends.len())
        .min(MAX_UNKNOWN_SYLLABLES);
    // An unknown name keeps no trailing number (`thôn Sân Bay 3 năm`).
    if plain > 1 && is_number(&text[run.ends[plain - 2] + 1..run.ends[plain - 1]]) {
        plain -= 1;
    }
    let first = &text[run.start..run.ends[0]];
    // `UBND tỉnh Phạm Anh Tuấn`: a person's name, not a place.
    if !levels.is_empty() && with_lowercase(first, |w| LEXICON.surnames.contains(w)) {
        return None;
    }
    // An acronym after the type word is not a name (`xã NTM`), except as the
    // whole name of an alias (`TP.HCM`).
    if !is_title_case(first) && !LEXICON.known.contains_key(name_key(first, buffer).as_ref()) {
        return None;
    }
    let name = &text[run.start..run.ends[plain - 1]];
    // `Đại học Quốc gia Hà Nội`: a province or city is no country.
    if kind == "quốc gia" {
        let key = name_key(name, buffer);
        let known_other = LEXICON
            .known
            .get(key.as_ref())
            .is_some_and(|k| k.kind != "quốc gia");
        if known_other || gazetteer().find_key(&key).next().is_some() {
            return None;
        }
    }
    // `phiên bản Sonic`, `các bản Platinum`: a version or trim, not a
    // village; village names are written in Vietnamese syllables.
    if kind == "bản"
        && !name
            .split([' ', '-', '\'', '’'])
            .filter(|s| !s.is_empty())
            .all(crate::lexicon::looks_vietnamese)
    {
        return None;
    }
    Some((plain, None))
}

/// A capitalized word the scan met: its start, trigger flags and
/// [`signature`] (of the whole word, as [`word_end_signature`] reads it).
#[derive(Clone, Copy)]
struct Capital {
    start: u32,
    flags: u8,
    signature: u64,
}

struct Scan<'t> {
    text: &'t str,
    lex: &'static Lexicon,
    found: Vec<Found>,
    /// Starts of capitalized words not consumed by a typed mention, and
    /// their trigger flags.
    capitals: Vec<Capital>,
    /// Reused for folding names.
    fold_buffer: String,
}

impl<'t> Scan<'t> {
    /// A typed mention of the first `k` syllables of `run`; `key` is their
    /// [`place_key`] when already known.
    fn push_typed(
        &mut self,
        span_start: usize,
        run: &NameRun,
        k: usize,
        kind: &'static str,
        key: Option<&'static str>,
    ) -> usize {
        let name = run.start..run.ends[k - 1];
        let text = self.text;
        let link_key = (is_administrative(kind) || kind == "other").then(|| {
            let key = match key {
                Some(key) => Cow::Borrowed(key),
                None => name_key(&text[name.clone()], &mut self.fold_buffer),
            };
            resolve_alias(key)
        });
        self.found.push(Found {
            span: span_start..name.end,
            name: name.clone(),
            kind,
            link_key,
            typed: true,
            levels: levels_of(kind),
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
            let keys = RunKeys::new(text, &run, &mut self.fold_buffer);
            let k = if numeric {
                1
            } else if is_administrative(kind) {
                let levels = levels_of(kind);
                let Some((k, key)) = (1..=run.ends.len())
                    .rev()
                    .filter_map(|k| keys.key(k).map(|key| (k, key)))
                    .find(|(_, key)| known_unit(key, levels))
                else {
                    break;
                };
                // `huyện Phù Mỹ, Bình Định`: a province closes the list.
                if kind != "tỉnh" && lex.known.contains_key(key) {
                    break;
                }
                k
            } else {
                let k = run.dash_after.unwrap_or(run.ends.len());
                let first = &text[run.start..run.ends[0]];
                if k > 3 || keys.key(k).is_some() || with_lowercase(first, |w| lex.surnames.contains(w)) {
                    break;
                }
                k
            };
            let name = run.start..run.ends[k - 1];
            let link_key =
                is_administrative(kind).then(|| name_key(&text[name.clone()], &mut self.fold_buffer));
            let member_kind = link_key.as_deref().map_or(kind, |key| unit_kind_for(key, kind));
            self.found.push(Found {
                span: name.clone(),
                name: name.clone(),
                kind: member_kind,
                link_key,
                typed: true,
                levels: levels_of(kind),
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
        if !tw.blocked_after.is_empty() {
            if let Some(prev) = previous_word(text, start) {
                if with_lowercase(&text[prev], |p| tw.blocked_after.contains(&p)) {
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
        let Some(run) = read_name(text, name_at, tw.numbered) else {
            return after;
        };
        let verified = tw.form == Form::Verified || tw.form == Form::Committee;
        let Some((k, key)) = name_extent(text, &run, tw.kind, verified, &mut self.fold_buffer) else {
            return after;
        };
        let span_start = if tw.form == Form::Committee {
            run.start
        } else {
            start
        };
        let end = self.push_typed(span_start, &run, k, tw.kind, key);
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
        // `biển Sầm Sơn`: the city's name, not a feature's.
        let name_key = RunKeys::new(text, &run, &mut self.fold_buffer).key(run.ends.len());
        if name_key.is_some_and(|key| {
            LEXICON.known.contains_key(key) || gazetteer().find_key(key).any(|u| u.level() <= 2)
        }) {
            return None;
        }
        // `Sông Cầu` is a ward: leave a capitalized head that forms a unit's
        // name to the other rules.
        let whole = &mut self.fold_buffer;
        whole.clear();
        fold_name(&text[start..end], whole);
        if capitalized && known_key(whole).is_some() {
            return None;
        }
        if inside_proper_name(text, start) || after_project_word(text, start) {
            return None;
        }
        self.found.push(Found {
            span: start..end,
            name: start..end,
            kind: "other",
            link_key: None,
            typed: true,
            levels: &[],
        });
        Some(end)
    }
}

/// Whether a word of `project-words.tsv` stands right before `pos`
/// (`công trình hồ Tả Trạch`): the feature names a works, not a place.
fn after_project_word(text: &str, pos: usize) -> bool {
    let before = text[..pos].trim_end_matches(' ');
    if before.len() == pos {
        return false;
    }
    LEXICON.project_words.iter().any(|word| {
        before.len() >= word.len()
            && before.is_char_boundary(before.len() - word.len())
            && with_lowercase(&before[before.len() - word.len()..], |w| w == word)
            && previous_word(before, before.len() - word.len())
                .is_none_or(|w| w.end < before.len() - word.len())
    })
}

/// Whether the word at `pos` continues the proper name of a school, company,
/// project... that starts earlier in the phrase (`trường Tiểu học và THCS
/// Dương Quang`, `Công ty Cổ phần Nước sạch Quảng Trị`).
fn inside_proper_name(text: &str, pos: usize) -> bool {
    const PROJECT_HEADS: [&str; 3] = ["dự án", "chương trình", "đề án"];
    let lex = &*LEXICON;
    let bytes = text.as_bytes();
    let mut at = pos;
    let mut after_locative = false;
    for _ in 0..HEAD_REACH {
        // The previous word, read from the bytes (as `previous_word` does).
        let mut end = at;
        while end > 0 && bytes[end - 1] == b' ' {
            end -= 1;
        }
        if end == 0
            || matches!(
                bytes[end - 1],
                b',' | b';' | b'.' | b':' | b'(' | b')' | b'!' | b'?' | b'\n' | b'"'
            )
        {
            return false;
        }
        let mut start = word_start(bytes, end);
        while start < end && !text.is_char_boundary(start) {
            start += 1;
        }
        if start == end {
            // Other punctuation (`-`, `&`, quotes): step over it.
            at = end - text[..end].chars().next_back().map_or(1, char::len_utf8);
            continue;
        }
        if lex.phrase_shapes[usize::from(bytes[start])] & phrase_shape_bit(end - start) == 0 {
            at = start;
            continue;
        }
        let word = start..end;
        let w = &text[word.clone()];
        // Most words are no phrase word: a signature lookup first, the exact
        // one only for a long word (whose signature others may share).
        let mut flags = lex
            .phrase_signatures
            .get_signature(signature_at(bytes, start, end));
        if flags != 0 && w.len() > 8 {
            flags = lex.phrase_words.get(w).copied().unwrap_or(0);
        }
        if flags & STOP != 0 {
            return false;
        }
        if flags & LOCATIVE != 0 {
            after_locative = true;
        }
        if flags & HEAD_FIRST != 0 && head_starts_here(text, word.start, pos, after_locative, PROJECT_HEADS) {
            return true;
        }
        at = word.start;
    }
    false
}

/// The bit of a word of `len` bytes in [`Lexicon::phrase_shapes`].
#[inline]
fn phrase_shape_bit(len: usize) -> u16 {
    1 << len.min(15)
}

/// Whether a proper-name head starts at `start` and covers `pos`.
fn head_starts_here(
    text: &str,
    start: usize,
    pos: usize,
    after_locative: bool,
    project_heads: [&str; 3],
) -> bool {
    let lex = &*LEXICON;
    let capitalized = first_char(text, start).is_some_and(char::is_uppercase);
    // Only the first characters can meet a head and the space after it: the
    // rest of the phrase is not lower-cased.
    let phrase = &text[start..pos];
    let cut = phrase
        .char_indices()
        .nth(lex.longest_head_chars + 1)
        .map_or(phrase.len(), |(i, _)| i);
    with_lowercase(&phrase[..cut], |from_here| {
        head_at_start(text, start, from_here, capitalized, after_locative, project_heads)
    })
}

/// The rest of [`head_starts_here`], given the start of the phrase in lower
/// case.
fn head_at_start(
    text: &str,
    start: usize,
    from_here: &str,
    capitalized: bool,
    after_locative: bool,
    project_heads: [&str; 3],
) -> bool {
    let lex = &*LEXICON;
    let lead = from_here.as_bytes().get(..2);
    let mut heads = from_here
        .as_bytes()
        .first()
        .map_or(0, |&b| lex.heads_by_first[usize::from(b)]);
    while heads != 0 {
        let head = &lex.name_heads[heads.trailing_zeros() as usize];
        heads &= heads - 1;
        // The first two bytes tell most heads apart, without a call.
        if head.capitalized_only && !capitalized || lead != head.words.as_bytes().get(..2) {
            continue;
        }
        let Some(rest) = from_here.strip_prefix(head.words.as_str()) else {
            continue;
        };
        if !rest.starts_with(' ') {
            continue;
        }
        // `Dự án ... tại Việt Nam` is a project's name; other heads stop at
        // `tại`/`ở`.
        if after_locative && !(capitalized && project_heads.contains(&head.words.as_str())) {
            continue;
        }
        // A common noun heads a name only when the name follows at once
        // (`trường Tiểu học`, not `trường học thi công`).
        let next_at = start + head.words.len() + 1;
        if !capitalized && !text.is_char_boundary(next_at) {
            continue;
        }
        if !capitalized && !first_char(text, next_at).is_some_and(char::is_uppercase) {
            continue;
        }
        // `điểm cầu Hà Tĩnh` is a conference point, not a bridge.
        if head.words == "cầu" {
            if let Some(prev) = previous_word(text, start) {
                if with_lowercase(&text[prev], |p| p == "điểm") {
                    continue;
                }
            }
        }
        return true;
    }
    false
}

/// A name the document writes with a type word, looked for alone elsewhere.
/// Where the scan reads the word at `start` from: `start` itself after a
/// space, a line break or at the text's start, or the first of at most two
/// opening brackets or quotes (`("`) written there before it.
fn word_origin(bytes: &[u8], start: usize) -> Option<usize> {
    let after_space = |at: usize| at == 0 || matches!(bytes[at - 1], b' ' | b'\n');
    // The opener that ends at `at`: one of `("['`, or any U+2000..U+203F.
    let opener_before = |at: usize| {
        if at >= 1 && matches!(bytes[at - 1], b'(' | b'"' | b'[' | b'\'') {
            Some(at - 1)
        } else if at >= 3 && bytes[at - 3] == 0xE2 && bytes[at - 2] == 0x80 {
            Some(at - 3)
        } else {
            None
        }
    };
    if after_space(start) {
        return Some(start);
    }
    let first = opener_before(start)?;
    if after_space(first) {
        return Some(first);
    }
    let second = opener_before(first)?;
    after_space(second).then_some(second)
}

/// A name written with a type word, to find alone elsewhere.
struct LocalName {
    /// [`signature`]s of the first syllable and of its other tone placement.
    first_signatures: [Option<u64>; 2],
    /// Its [`fold_name`] form: a range of [`Locals::raws`].
    raw: Range<usize>,
    /// Where its key is in [`Scratch::typed_kinds`].
    key: usize,
    kind: &'static str,
}

/// The document's local names, sorted by folded form (which is unique: the
/// key is a function of it, and there is one local name per key).
#[derive(Default)]
struct Locals {
    names: Vec<LocalName>,
    /// The folded forms, one after the other.
    raws: String,
    /// [`signature`]s of their first syllables.
    firsts: FastSet<u64>,
}

impl Locals {
    fn clear(&mut self) {
        self.names.clear();
        self.raws.clear();
        self.firsts.clear();
    }

    fn raw(&self, local: &LocalName) -> &str {
        &self.raws[local.raw.clone()]
    }

    /// The local name whose folded form is `raw`.
    fn get(&self, raw: &str) -> Option<&LocalName> {
        self.names
            .binary_search_by(|l| self.raw(l).cmp(raw))
            .ok()
            .map(|i| &self.names[i])
    }
}

/// Buffers of the places stage, kept on the thread from one document to the
/// next: a document allocates nothing but its output.
#[derive(Default)]
struct Scratch {
    /// The mentions of the document, in text order.
    found: Vec<Found>,
    /// Starts of capitalized words not consumed by a typed mention.
    capitals: Vec<Capital>,
    /// Names are folded into it.
    fold_buffer: String,
    /// Key and type of each typed mention, in text order (filled only when
    /// the document may have local names).
    typed_kinds: Vec<TypedKind>,
    /// Indices of `typed_kinds`, sorted by key (then text order).
    typed_by_key: Vec<u32>,
    locals: Locals,
    /// The runs `alone_name` has read (ranges of the text) and their match.
    alone_cache: Vec<(Range<usize>, Option<AloneMatch>)>,
    /// One entry per distinct name and type in the document (the mention
    /// that has it first, a range of `all_candidates`).
    link_cache: Vec<(usize, Range<usize>)>,
    all_candidates: Vec<(u32, u8)>,
    /// Each mention's entry of `link_cache` (`usize::MAX`: none).
    cand_of: Vec<usize>,
    evidence: Evidence,
    /// Each mention's unit.
    chosen: Vec<Option<u32>>,
    /// How many linked mentions fall in each province.
    provinces: Vec<(u32, usize)>,
}

thread_local! {
    /// Borrowed by `extract` for a document.
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// A typed mention's name key and type.
struct TypedKind {
    key: Cow<'static, str>,
    kind: &'static str,
    /// Where the mention is in [`Scratch::found`].
    found: usize,
}

/// The type written most often with the names of `group` (indices of
/// `typed_kinds` in text order); of equally frequent ones, the first written.
fn most_frequent_kind(typed_kinds: &[TypedKind], group: &[u32]) -> Option<&'static str> {
    // Few distinct types (those of `kind_str`): counted in a fixed array.
    const MOST: usize = 16;
    let mut counts: [(&'static str, usize); MOST] = [("", 0); MOST];
    let mut distinct = 0;
    for &i in group {
        let kind = typed_kinds[i as usize].kind;
        match counts[..distinct].iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None if distinct < MOST => {
                counts[distinct] = (kind, 1);
                distinct += 1;
            }
            None => {}
        }
    }
    let mut best: Option<(&'static str, usize)> = None;
    for &(kind, n) in &counts[..distinct] {
        if best.is_none_or(|(_, most)| n > most) {
            best = Some((kind, n));
        }
    }
    best.map(|(kind, _)| kind)
}

/// Scans `text` for place mentions (not yet linked) into `s.found`.
/// `tokens` are the text's tokens: they give the word starts, so the scan
/// looks only at words whose first letter may matter.
fn scan(text: &str, tokens: &[Token], s: &mut Scratch) {
    let lex = &*LEXICON;
    let bytes = text.as_bytes();
    s.found.clear();
    s.capitals.clear();
    let mut scan = Scan {
        text,
        lex,
        found: std::mem::take(&mut s.found),
        capitals: std::mem::take(&mut s.capitals),
        fold_buffer: std::mem::take(&mut s.fold_buffer),
    };
    // A word is looked at from where it starts after a space or a line break
    // (its origin, before at most two opening brackets or quotes); the words
    // that matter start with a letter, so they start a token.
    let token_gate = &lex.token_gate;
    let mut resume = 0;
    for token in tokens {
        let start = token.span.start;
        // Most words start with a lower-case ASCII letter that starts no
        // type word; numbers and most punctuation matter neither.
        let Some(&first) = bytes.get(start) else { continue };
        if token_gate[usize::from(first)] == 0 {
            continue;
        }
        // `word_at` finds something at a lower-case word only when the word
        // is the first word of a trigger and a space follows it (a space ends
        // the token too); any other lower-case word it passes over, resuming
        // no further than the word's end. Skip those before looking for
        // their origin.
        match quick_case(bytes, start) {
            QuickCase::Lower if !lex.lower_trigger_token(bytes, start, token.span.end) => continue,
            // A capital after a space is its own origin: what `word_at`
            // does there, without its other cases.
            QuickCase::Upper(len) if start == 0 || matches!(bytes[start - 1], b' ' | b'\n') => {
                if start >= resume {
                    let (end, sig) = word_end_signature(bytes, start);
                    let end = end.max(start + len);
                    // Most capitals start no type word nor natural feature:
                    // noted at once, as `capital_word` would.
                    let flags = lex.triggers.get_signature(sig);
                    resume = if flags & (TYPE_CAPITAL | GEO_CAPITAL) == 0 {
                        scan.capitals.push(Capital {
                            start: start as u32,
                            flags,
                            signature: sig,
                        });
                        end
                    } else {
                        scan.capital_word(start, end, sig)
                    };
                }
                continue;
            }
            _ => {}
        }
        if let Some(origin) = word_origin(bytes, start) {
            if origin >= resume {
                resume = scan.word_at(origin);
            }
        }
    }
    s.found = scan.found;
    s.capitals = scan.capitals;
    s.fold_buffer = scan.fold_buffer;
    s.found.sort_by_key(|f| f.span.start);
    local_names(text, s);

    // Names alone are pushed after the typed mentions (then sorted with
    // them); `covered` walks the typed ones, in text order.
    let Scratch {
        found,
        capitals,
        fold_buffer,
        typed_kinds,
        locals,
        alone_cache,
        ..
    } = s;
    let typed_count = found.len();
    let mut covered = 0;
    // A few runs per document: a list searched in order is cheaper than a
    // table that grows (and rehashes) step by step.
    alone_cache.clear();
    let mut resume = 0;
    for &Capital {
        start,
        flags,
        signature,
    } in capitals.iter()
    {
        let start = start as usize;
        if flags & KNOWN_FIRST == 0 && locals.firsts.is_empty() {
            continue;
        }
        if start < resume {
            continue;
        }
        while covered < typed_count && found[covered].span.end <= start {
            covered += 1;
        }
        if covered < typed_count && found[covered].span.start <= start {
            continue;
        }
        if flags & KNOWN_FIRST == 0 && !locals.firsts.contains(&signature) {
            continue;
        }
        if let Some(f) = alone_name(text, start, locals, typed_kinds, alone_cache, fold_buffer) {
            resume = f.span.end;
            found.push(f);
        }
    }
    found.sort_by_key(|f| f.span.start);
}

/// Names written with a type word, to find alone elsewhere (into
/// `s.locals`), with the keys and types of the typed mentions (into
/// `s.typed_kinds`). Names are grouped by key through a sorted list: on a
/// long text there are thousands of them.
fn local_names(text: &str, s: &mut Scratch) {
    let lex = &*LEXICON;
    let Scratch {
        found,
        fold_buffer,
        typed_kinds,
        typed_by_key,
        locals,
        ..
    } = s;
    typed_kinds.clear();
    typed_by_key.clear();
    locals.clear();
    // Whether a typed mention may be a local name, its key aside.
    let may_be_local = |f: &Found| {
        if f.kind == "other" || f.kind == "quốc gia" {
            return false;
        }
        let name = &text[f.name.clone()];
        !is_number(name) && is_title_case(first_syllable(name))
    };
    if !found.iter().any(|f| f.typed && may_be_local(f)) {
        return;
    }
    for (i, f) in found.iter().enumerate().filter(|(_, f)| f.typed) {
        typed_kinds.push(TypedKind {
            key: name_key(&text[f.name.clone()], fold_buffer),
            kind: f.kind,
            found: i,
        });
    }
    typed_by_key.extend(0..typed_kinds.len() as u32);
    typed_by_key.sort_unstable_by(|&a, &b| {
        typed_kinds[a as usize]
            .key
            .cmp(&typed_kinds[b as usize].key)
            .then(a.cmp(&b))
    });
    // Per key, the first mention that may be a local name is one, unless
    // the key is a known name's.
    let mut rest = &typed_by_key[..];
    while let Some(&head) = rest.first() {
        let key = &typed_kinds[head as usize].key;
        let len = rest
            .iter()
            .position(|&i| typed_kinds[i as usize].key != *key)
            .unwrap_or(rest.len());
        let (group, after) = rest.split_at(len);
        rest = after;
        if lex.known.contains_key(key.as_ref()) {
            continue;
        }
        let Some(&first) = group
            .iter()
            .find(|&&i| may_be_local(&found[typed_kinds[i as usize].found]))
        else {
            continue;
        };
        let f = &found[typed_kinds[first as usize].found];
        let name = &text[f.name.clone()];
        let first_syllable = first_syllable(name);
        let first_signatures = [
            signature(first_syllable.as_bytes()),
            swap_tone_placement(first_syllable, fold_buffer)
                .then(|| signature(fold_buffer.as_bytes()))
                .flatten(),
        ];
        // A name written with several type words takes the most frequent.
        let kind = most_frequent_kind(typed_kinds, group).unwrap_or(f.kind);
        let from = locals.raws.len();
        fold_name(name, &mut locals.raws);
        locals.names.push(LocalName {
            first_signatures,
            raw: from..locals.raws.len(),
            key: first as usize,
            kind,
        });
    }
    let Locals { names, raws, firsts } = locals;
    names.sort_unstable_by(|a, b| raws[a.raw.clone()].cmp(&raws[b.raw.clone()]));
    firsts.extend(
        names
            .iter()
            .flat_map(|l| l.first_signatures.into_iter().flatten()),
    );
}

/// What a capitalized run names alone: how many syllables, the kind, the key
/// to link and whether it is a local name (not a known one).
type AloneMatch = (usize, &'static str, Option<Cow<'static, str>>, bool);

/// Runs whose match `alone_name` remembers, per document.
const ALONE_CACHE_LIMIT: usize = 256;

/// A known name alone at `start`, if it passes the checks. `cache` holds the
/// match of every run already read (it depends on the run's text alone: a
/// document repeats its names).
fn alone_name(
    text: &str,
    start: usize,
    locals: &Locals,
    typed_kinds: &[TypedKind],
    cache: &mut Vec<(Range<usize>, Option<AloneMatch>)>,
    buffer: &mut String,
) -> Option<Found> {
    let lex = &*LEXICON;
    // After a title-case word the name is part of a longer one (`Trương Hòa
    // Bình`), unless that word opens the sentence (`Tại Hà Tĩnh`).
    if let Some(prev) = previous_word(text, start) {
        let p = &text[prev.clone()];
        if is_title_case(p) && !(starts_sentence(text, prev.start) && lex.sentence_words.contains(p)) {
            return None;
        }
    }
    let run = read_name(text, start, false)?;
    let n = run.ends.len();
    // The name must end the capitalized run (`Hà Nội Nguyễn...`, `Việt Nam
    // Airlines` are longer names), or stop at a dash, or before a word that
    // starts a sentence whose period is missing (`điểm cầu Hà Tĩnh Theo`).
    let may_end = |k: usize| {
        let next = || &text[run.ends[k - 1] + 1..run.ends[k]];
        k == n || run.dash_after == Some(k) || lex.sentence_words.contains(next()) || is_number(next())
    };
    // A country before a foreign person's name (`Tổng thống Mỹ Donald
    // Trump`, `Hàn Quốc Moon Jae-in`): two syllables, not both Vietnamese.
    let foreign_after = |k: usize| {
        k + 2 <= n
            && (k..k + 2).any(|i| {
                let syllable = &text[run.ends[i - 1] + 1..run.ends[i]];
                !crate::lexicon::looks_vietnamese(syllable)
            })
    };
    let whole = &text[run.start..run.ends[n - 1]];
    let chosen = match cache.iter().find(|(run, _)| text[run.clone()] == *whole) {
        Some((_, chosen)) => chosen.clone(),
        None => {
            let keys = RunKeys::new(text, &run, buffer);
            let mut chosen = None;
            for k in (1..=n).rev() {
                let ends_here = may_end(k);
                if !ends_here && !foreign_after(k) {
                    continue;
                }
                if let Some(known) = lex.known_by_folded.get(keys.raw(k)) {
                    if !ends_here && known.kind != "quốc gia" {
                        continue;
                    }
                    chosen = Some((k, known.kind, known.link_key.as_deref().map(Cow::Borrowed), false));
                    break;
                }
                if !ends_here {
                    continue;
                }
                if let Some(local) = locals.get(keys.raw(k)) {
                    let link = is_administrative(local.kind).then(|| typed_kinds[local.key].key.clone());
                    chosen = Some((k, local.kind, link, true));
                    break;
                }
            }
            // Bounded: a very long text searches no long list (past it,
            // runs are read again, with the same result).
            if cache.len() < ALONE_CACHE_LIMIT {
                cache.push((run.start..run.ends[n - 1], chosen.clone()));
            }
            chosen
        }
    };
    let (k, kind, link_key, local) = chosen?;
    let end = run.ends[k - 1];
    // `Vân Canh 1`: a numbered name, not the unit written earlier.
    if local
        && text.as_bytes().get(end) == Some(&b' ')
        && text.as_bytes().get(end + 1).is_some_and(u8::is_ascii_digit)
    {
        return None;
    }
    // `; Pháp chế;`: a one-syllable name opening a clause before a lower-case
    // word is a common word.
    if k == 1 && previous_word(text, start).is_none() && starts_clause(text, start) {
        let after = end + 1;
        if text.as_bytes().get(end) == Some(&b' ') && first_char(text, after).is_some_and(char::is_lowercase)
        {
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
        levels: if local { levels_of(kind) } else { &[1] },
    })
}

impl Scan<'_> {
    /// Looks at the word that starts at `start` (after an opening bracket or
    /// quote); returns where the scan may look next.
    #[inline]
    fn word_at(&mut self, mut start: usize) -> usize {
        let text = self.text;
        let bytes = text.as_bytes();
        // Most words: lower case, not starting like a type word.
        if let Some(&b) = bytes.get(start) {
            if b.is_ascii_lowercase() && !self.lex.lower_trigger[b as usize] {
                return start + 1;
            }
        }
        for _ in 0..2 {
            match bytes.get(start) {
                Some(b'(' | b'"' | b'[' | b'\'') => start += 1,
                Some(0xE2) if bytes.get(start + 1) == Some(&0x80) => start += 3,
                _ => break,
            }
        }
        let Some(&b) = bytes.get(start) else {
            return start;
        };
        if b < 0x80 {
            if b.is_ascii_uppercase() {
                let (end, sig) = word_end_signature(bytes, start);
                return self.capital_word(start, end, sig);
            }
            if self.lex.lower_trigger[b as usize] && self.lex.may_start_lower_trigger(bytes, start) {
                let (end, sig) = word_end_signature(bytes, start);
                if self.lex.triggers.get_signature(sig) & (TYPE_LOWER | GEO_LOWER) == 0 {
                    return end;
                }
                return self.lower_word(start, end);
            }
            return start + 1;
        }
        // Vietnamese letters, read from their bytes: Latin-1 (C3), Latin
        // Extended-A (C4, C5; even code points upper case), ơ/ư (C6) and
        // Latin Extended Additional (E1 B8-BB; even code points upper case).
        let b2 = bytes.get(start + 1).copied().unwrap_or(0);
        let quick = match b {
            0xC3 if b2 != 0x97 && b2 != 0xB7 => Some((b2 < 0xA0, 2)),
            0xC4 | 0xC5 => Some((b2 % 2 == 0, 2)),
            0xC6 if b2 == 0xA0 || b2 == 0xAF => Some((true, 2)),
            0xC6 if b2 == 0xA1 || b2 == 0xB0 => Some((false, 2)),
            0xE1 if (0xB8..=0xBB).contains(&b2) => {
                Some((bytes.get(start + 2).is_some_and(|b3| b3 % 2 == 0), 3))
            }
            _ => None,
        };
        if let Some((upper, len)) = quick {
            if upper {
                let (end, sig) = word_end_signature(bytes, start);
                return self.capital_word(start, end.max(start + len), sig);
            }
            if self.lex.lower_trigger[b as usize] && self.lex.may_start_lower_trigger(bytes, start) {
                let end = word_end(bytes, start).max(start + len);
                return self.lower_word(start, end);
            }
            return start + len;
        }
        if !text.is_char_boundary(start) {
            return start + 1;
        }
        let c = text[start..].chars().next().unwrap_or(' ');
        let len = c.len_utf8();
        if !is_word_char(c) {
            return start + len;
        }
        if is_upper_letter(c) {
            let (end, sig) = word_end_signature(bytes, start);
            self.capital_word(start, end.max(start + len), sig)
        } else if self.lex.lower_trigger[b as usize] && self.lex.may_start_lower_trigger(bytes, start) {
            let end = word_end(bytes, start).max(start + len);
            self.lower_word(start, end)
        } else {
            start + len
        }
    }

    /// A capitalized word at `start` whose [`word_end_signature`] is
    /// `word_signature` (`end` may pass the word's end, never fall short).
    fn capital_word(&mut self, start: usize, end: usize, word_signature: u64) -> usize {
        let flags = self.lex.triggers.get_signature(word_signature);
        let capital = Capital {
            start: start as u32,
            flags,
            signature: word_signature,
        };
        let text = self.text;
        let lex = self.lex;
        if flags & (TYPE_CAPITAL | GEO_CAPITAL) == 0 {
            self.capitals.push(capital);
            return end;
        }
        let sig = signature_at(text.as_bytes(), start, end);
        if flags & TYPE_CAPITAL != 0 {
            let word = &text[start..end];
            // A match starts with the type word's first word: only the type
            // words with this word's signature (and those without one), in
            // their order.
            let mut candidates = lex
                .triggers
                .slot_of(sig)
                .map_or(0, |slot| lex.capital_type_words[slot])
                | lex.capital_always;
            while candidates != 0 {
                let tw = &lex.type_words[candidates.trailing_zeros() as usize];
                candidates &= candidates - 1;
                // Here the word has the signature of the type word's first
                // word: with an exact one (eight bytes at most) and the same
                // length it is that word, and only what follows is compared.
                let (matched, abbreviation) = match tw.form {
                    Form::Word | Form::Committee => {
                        let matched = match tw.capital_tail {
                            Some((first_len, tail))
                                if end - start == first_len && tw.capital_signature == Some(sig) =>
                            {
                                tail.is_at(text.as_bytes(), end)
                            }
                            _ => text[start..].starts_with(&tw.capitalized),
                        };
                        (matched, false)
                    }
                    Form::Abbrev | Form::Verified => {
                        let w = tw.written.trim_end_matches('.');
                        let same = if w.len() <= 8 {
                            end - start == w.len()
                        } else {
                            word == w
                        };
                        let dotted = text.as_bytes().get(end) == Some(&b'.');
                        (same && tw.written.ends_with('.') == dotted, true)
                    }
                };
                if matched && (abbreviation || at_word_end(text, start + tw.written.len())) {
                    return self.type_word(start, tw);
                }
            }
        }
        if flags & GEO_CAPITAL != 0 {
            for (cap, &(_, cap_sig)) in lex.geo_heads_capitalized.iter().zip(&lex.geo_signatures) {
                if !cap.is_empty()
                    && cap_sig == sig
                    && text[start..].starts_with(cap.as_str())
                    && at_word_end(text, start + cap.len())
                {
                    if let Some(next) = self.geo_head(start, cap.len(), true) {
                        return next;
                    }
                }
            }
        }
        self.capitals.push(capital);
        end
    }

    fn lower_word(&mut self, start: usize, end: usize) -> usize {
        let text = self.text;
        let lex = self.lex;
        let sig = signature_at(text.as_bytes(), start, end);
        let Some(slot) = lex.triggers.slot_of(sig) else {
            return end;
        };
        let flags = lex.triggers.flags[slot];
        if flags & (TYPE_LOWER | GEO_LOWER) == 0 {
            return end;
        }
        let rest = &text[start..];
        // A match starts with the trigger's first word: only the type words
        // with this word's signature, in their order.
        if flags & TYPE_LOWER != 0 {
            let mut candidates = lex.lower_type_words[slot];
            while candidates != 0 {
                let tw = &lex.type_words[candidates.trailing_zeros() as usize];
                candidates &= candidates - 1;
                // The word has the first word's signature: with an exact one
                // and the same length it is that word.
                let written = match tw.lower_tail {
                    Some((first_len, tail)) if end - start == first_len && tw.signature == sig => {
                        tail.is_at(text.as_bytes(), end)
                    }
                    _ => rest.starts_with(tw.written.as_str()),
                };
                if written && at_word_end(text, start + tw.written.len()) {
                    return self.type_word(start, tw);
                }
            }
        }
        if flags & GEO_LOWER != 0 {
            for ((head, _), &(head_sig, _)) in lex.geo_heads.iter().zip(&lex.geo_signatures) {
                if head_sig == sig && rest.starts_with(head.as_str()) && at_word_end(text, start + head.len())
                {
                    if let Some(next) = self.geo_head(start, head.len(), false) {
                        return next;
                    }
                }
            }
        }
        end
    }
}

fn at_word_end(text: &str, pos: usize) -> bool {
    text.is_char_boundary(pos) && !text.as_bytes().get(pos).is_some_and(|&b| continues_word(b))
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
        .map(|d| &*d.value)
        .find(|v| v.len() >= 4 && v.as_bytes()[..4].iter().all(u8::is_ascii_digit))
        .map(|v| v.split('/').next().unwrap_or(v));
    let from_2025 = match anchor {
        Some(v) => v >= "2025-07",
        // A year alone: `2025` sorts before `2025-07`.
        None => first_year(text).is_some_and(|y| y >= 2026),
    };
    if from_2025 {
        System::From2025
    } else {
        System::Before2025
    }
}

/// The first plausible year written near the start of the text (the title
/// or first sentences usually date the report), when no date was found.
fn first_year(text: &str) -> Option<u32> {
    let bytes = &text.as_bytes()[..text.len().min(3000)];
    let mut i = 0;
    while i + 4 <= bytes.len() {
        // Jump to the next digit.
        match next_digit(bytes, i) {
            Some(at) => i = at,
            None => break,
        }
        if i + 4 > bytes.len() {
            break;
        }
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 4 && (start == 0 || !matches!(bytes[start - 1], b'.' | b',')) {
                let year = bytes[start..i]
                    .iter()
                    .fold(0u32, |y, d| y * 10 + u32::from(d - b'0'));
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

/// The position of the first ASCII digit at or after `from`: eight bytes
/// at a time (the text before the first year is mostly letters).
fn next_digit(bytes: &[u8], from: usize) -> Option<usize> {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        // Per byte, without carries: bit 7 set from 0x30 on, and from 0x3A on;
        // bytes with bit 7 set are no digits.
        let low = x & LOW7;
        let from_zero = low + 0x5050_5050_5050_5050;
        let past_nine = low + 0x4646_4646_4646_4646;
        let digits = from_zero & !past_nine & !x & HIGH;
        if digits != 0 {
            return Some(i + (digits.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    bytes[i.min(bytes.len())..]
        .iter()
        .position(u8::is_ascii_digit)
        .map(|p| i + p)
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

/// Appends the candidate units (ids) of a name with their tier to `out`: 0
/// the era's system and the exact type; 1 same level; 2-3 the other system;
/// 4 older names.
fn push_candidates(key: &str, kind: &str, levels: &[u8], system: System, out: &mut Vec<(u32, u8)>) {
    let g = gazetteer();
    let tier = |u: &Unit| -> u8 {
        let current = u.status == Status::Current;
        match (current, u.system == system, exact_type(kind, u)) {
            (true, true, true) => 0,
            (true, true, false) => 1,
            (true, false, true) => 2,
            (true, false, false) => 3,
            _ => 4,
        }
    };
    out.extend(
        g.ids_by_key(key)
            .iter()
            .filter(|&&id| levels.contains(&g.unit(id).level()))
            .map(|&id| (id, tier(g.unit(id)))),
    );
}

/// The candidates of the best tier.
fn best_tier(cands: &[(u32, u8)]) -> impl Iterator<Item = u32> + '_ {
    let best = cands.iter().map(|c| c.1).min().unwrap_or(0);
    cands.iter().filter(move |c| c.1 == best).map(|c| c.0)
}

/// How often the document's linked mentions fall in each province and
/// district (unit ids).
#[derive(Default)]
struct Evidence {
    provinces: Vec<(u32, usize)>,
    districts: Vec<(u32, usize)>,
}

fn bump(counts: &mut Vec<(u32, usize)>, id: u32) {
    match counts.iter_mut().find(|(i, _)| *i == id) {
        Some((_, n)) => *n += 1,
        None => counts.push((id, 1)),
    }
}

fn count_of(counts: &[(u32, usize)], id: Option<u32>) -> usize {
    id.and_then(|id| counts.iter().find(|(i, _)| *i == id))
        .map_or(0, |(_, n)| *n)
}

impl Evidence {
    fn add(&mut self, id: u32) {
        let g = gazetteer();
        if let Some(p) = g.region_id(id) {
            bump(&mut self.provinces, p);
        }
        if let Some(d) = g.district_id(id) {
            bump(&mut self.districts, d);
        }
    }

    fn score(&self, id: u32) -> usize {
        let g = gazetteer();
        let province = count_of(&self.provinces, g.region_id(id));
        // A district's own mentions do not vote for it over a namesake.
        let district = g.district_id(id).filter(|&d| d != id);
        province * 2 + count_of(&self.districts, district) * 3
    }
}

/// The name of a mention, borrowed from its unit or from the lexicon when
/// written as they write it (most are): no allocation.
fn static_name(name: &str, unit: Option<u32>) -> Cow<'static, str> {
    if let Some(id) = unit {
        let unit_name = gazetteer().unit(id).name;
        if unit_name == name {
            return Cow::Borrowed(unit_name);
        }
    }
    match LEXICON.written_names.get(name) {
        Some(&written) => Cow::Borrowed(written),
        None => Cow::Owned(name.to_owned()),
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
/// let names: Vec<_> = places.iter().map(|p| (&*p.name, &*p.kind)).collect();
/// assert_eq!(names, [("Dương Quang", "xã"), ("Nông Thượng", "xã"), ("Bắc Kạn", "thành phố")]);
/// assert_eq!(places[1].successor.as_ref().unwrap().name, "Phường Bắc Kạn");
/// ```
pub fn extract(ctx: &Context, dates: &[DateMention], era: Era) -> Vec<Place> {
    SCRATCH.with_borrow_mut(|scratch| link(ctx, dates, era, scratch))
}

/// [`extract`] with the stage's buffers.
fn link(ctx: &Context, dates: &[DateMention], era: Era, s: &mut Scratch) -> Vec<Place> {
    let text = ctx.text;
    if ctx.segments.tokens.is_empty() && !text.is_empty() {
        // Segments not given (tests, callers of the bare extractor).
        scan(text, &crate::segment::segment(text).tokens, s);
    } else {
        scan(text, &ctx.segments.tokens, s);
    }
    if s.found.is_empty() {
        return Vec::new();
    }
    let system = era_system(dates, text, era);
    let g = gazetteer();
    let Scratch {
        found,
        link_cache: cache,
        all_candidates,
        cand_of,
        evidence,
        chosen,
        provinces,
        ..
    } = s;
    // One lookup per distinct name and type in the document; the candidates
    // of all of them in one buffer, each name's a range of it.
    cache.clear();
    all_candidates.clear();
    cand_of.clear();
    for (i, f) in found.iter().enumerate() {
        let Some(key) = f.link_key.as_deref() else {
            cand_of.push(usize::MAX);
            continue;
        };
        let slot = cache.iter().position(|(first, _)| {
            found[*first].kind == f.kind && found[*first].link_key.as_deref() == Some(key)
        });
        let slot = match slot {
            Some(slot) => slot,
            None => {
                let from = all_candidates.len();
                push_candidates(key, f.kind, f.levels, system, all_candidates);
                cache.push((i, from..all_candidates.len()));
                cache.len() - 1
            }
        };
        cand_of.push(slot);
    }
    let cands = |i: usize| -> &[(u32, u8)] {
        cache
            .get(cand_of[i])
            .map_or(&[], |c| &all_candidates[c.1.clone()])
    };

    // Evidence from mentions that are unambiguous, or whose candidates all lie
    // in one province.
    evidence.provinces.clear();
    evidence.districts.clear();
    for i in 0..found.len() {
        // Walked twice rather than collected: one mention, no allocation.
        let mut best = best_tier(cands(i));
        let Some(first) = best.next() else { continue };
        if best.next().is_none() {
            evidence.add(first);
        } else {
            let p0 = g.region_id(first);
            if p0.is_some() && best_tier(cands(i)).all(|u| g.region_id(u) == p0) {
                bump(&mut evidence.provinces, p0.unwrap_or_default());
            }
        }
    }
    // The document's provinces and districts outweigh the tier: a 2025
    // article may name a 2024 ward that a namesake elsewhere still bears.
    chosen.clear();
    chosen.extend((0..found.len()).map(|i| {
        cands(i)
            .iter()
            .enumerate()
            .max_by_key(|&(j, &(id, tier))| {
                (
                    evidence.score(id) as i64 * 10 - i64::from(tier),
                    std::cmp::Reverse(j),
                )
            })
            .map(|(_, &(id, _))| id)
    }));
    // The document's main province, for villages inside it.
    provinces.clear();
    for &id in chosen.iter().flatten() {
        if let Some(p) = g.province_id(id) {
            bump(provinces, p);
        }
    }
    let main_province = provinces
        .iter()
        .max_by_key(|(id, n)| (*n, std::cmp::Reverse(*id)))
        .map(|(id, _)| g.unit(*id).name);

    found
        .drain(..)
        .zip(chosen.iter().copied())
        .map(|(f, unit)| {
            let province = match unit {
                Some(id) => g.province_id(id).map(|p| Cow::Borrowed(g.unit(p).name)),
                None if f.link_key.is_none() && f.kind != "quốc gia" && f.kind != "other" => {
                    main_province.map(Cow::Borrowed)
                }
                None => None,
            };
            let successor = unit.and_then(|id| g.successor_id(id)).map(|s| Successor {
                code: Cow::Borrowed(g.unit(s).code),
                name: Cow::Borrowed(g.full_name_of(s)),
            });
            Place {
                span: f.span,
                name: static_name(&text[f.name], unit),
                kind: Cow::Borrowed(f.kind),
                code: unit.map(|id| Cow::Borrowed(g.unit(id).code)),
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
        let ctx = Context {
            text,
            segments: &segments,
        };
        extract(&ctx, &[], Era::Before2025)
    }

    fn pairs(text: &str) -> Vec<(String, String, String)> {
        places(text)
            .into_iter()
            .map(|p| (text[p.span].to_string(), p.name.into_owned(), p.kind.into_owned()))
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
    fn type_words_inside_other_words_are_not_places() {
        // A cooperative, a husband, a news agency, a version, Japan.
        for text in [
            "Hợp tác xã Tân Phú họp.",
            "Ông xã Trấn Thành tặng quà.",
            "Theo Tân Hoa xã Bắc Kinh, ...",
            "Ra mắt phiên bản Pixel mới.",
            "Xe có các bản Platinum và bản Sonic.",
            "Thủ tướng Nhật Bản Kishida thăm.",
        ] {
            assert!(pairs(text).iter().all(|p| p.2 != "xã" && p.2 != "bản"), "{text}");
        }
        assert_eq!(
            pairs("Người dân bản Nà Ten đón khách."),
            [triple("bản Nà Ten", "Nà Ten", "bản")]
        );
    }

    #[test]
    fn numbers_name_only_small_units() {
        assert!(pairs("Km 12 đường tỉnh 353 và kỳ thi THPT quốc gia 2017.").is_empty());
        assert_eq!(pairs("tại phường 3.")[0].2, "phường");
    }

    #[test]
    fn regions_and_universities_are_no_units_of_the_type_word() {
        assert_eq!(
            pairs("Các tỉnh Tây Nguyên có mưa."),
            [triple("Tây Nguyên", "Tây Nguyên", "other")]
        );
        assert!(pairs("Đại học Quốc gia Hà Nội tuyển sinh.").is_empty());
        assert!(pairs("CLB Sông Lam Nghệ An thắng.").is_empty());
        assert_eq!(
            pairs("các quốc gia Đông Nam Á và Châu Á."),
            [
                triple("Đông Nam Á", "Đông Nam Á", "other"),
                triple("Châu Á", "Châu Á", "other")
            ]
        );
    }

    #[test]
    fn apostrophes_join_a_capital_to_its_syllable() {
        assert_eq!(
            pairs("tại huyện Cư M’gar và huyện Ea H'leo."),
            [
                triple("huyện Cư M’gar", "Cư M’gar", "huyện"),
                triple("huyện Ea H'leo", "Ea H'leo", "huyện")
            ]
        );
    }

    #[test]
    fn a_country_before_a_foreign_name() {
        assert_eq!(
            pairs("Tổng thống Mỹ Donald Trump và Thủ tướng Nhật Bản Shinzo Abe."),
            [
                triple("Mỹ", "Mỹ", "quốc gia"),
                triple("Nhật Bản", "Nhật Bản", "quốc gia")
            ]
        );
        // A longer name that is not a person's stays whole.
        assert!(pairs("Hãng Việt Nam Airlines bay.").is_empty());
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
        assert_eq!(
            pairs("tại TP.Vũng Tàu,"),
            [triple("TP.Vũng Tàu", "Vũng Tàu", "thành phố")]
        );
        assert_eq!(
            pairs("ở TP. Hồ Chí Minh."),
            [triple("TP. Hồ Chí Minh", "Hồ Chí Minh", "thành phố")]
        );
        assert_eq!(pairs("TX An Nhơn"), [triple("TX An Nhơn", "An Nhơn", "thị xã")]);
        let hcm = places("tại TP.HCM.");
        assert_eq!(hcm[0].code.as_deref(), Some("79"));
    }

    #[test]
    fn known_names_alone() {
        assert_eq!(
            pairs("Tại Hà Tĩnh, 6 tháng qua"),
            [triple("Hà Tĩnh", "Hà Tĩnh", "tỉnh")]
        );
        assert_eq!(pairs("Hà Nội dự kiến"), [triple("Hà Nội", "Hà Nội", "thành phố")]);
        assert_eq!(
            pairs("kinh tế Việt Nam"),
            [triple("Việt Nam", "Việt Nam", "quốc gia")]
        );
        assert!(pairs("Phó Thủ tướng Trương Hòa Bình nhấn mạnh").is_empty());
        assert!(pairs("Công ty TNHH Starflex Việt Nam với dự án").is_empty());
    }

    #[test]
    fn committees_name_their_unit() {
        assert_eq!(
            pairs("bị Tỉnh ủy Bạc Liêu kỷ luật"),
            [triple("Bạc Liêu", "Bạc Liêu", "tỉnh")]
        );
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
        assert_eq!(
            pairs("lưng tựa vào núi Bà, mặt"),
            [triple("núi Bà", "núi Bà", "other")]
        );
        // The name of a works or project, not a place.
        assert!(pairs("bồi thường bổ sung công trình hồ Tả Trạch và dự án hồ Tả Trạch").is_empty());
        assert!(pairs("Dự án thủy điện sông Bung 4 được phê duyệt").is_empty());
    }

    #[test]
    fn numbered_units_need_the_type_word() {
        assert_eq!(
            pairs("tại phường 1, thành phố Vũng Tàu")[0],
            triple("phường 1", "1", "phường")
        );
    }

    #[test]
    fn lowercase_on_the_stack_matches_the_standard_one() {
        let ranges = [
            '\u{0}'..='\u{24F}',
            '\u{1E00}'..='\u{1EFF}',
            '\u{370}'..='\u{3FF}',
        ];
        for c in ranges.into_iter().flatten() {
            let word = format!("A{c}b{c}");
            assert_eq!(with_lowercase(&word, str::to_owned), word.to_lowercase(), "{c:?}");
        }
        let long = "ĐƯỜNG ".repeat(20);
        assert_eq!(with_lowercase(&long, str::to_owned), long.to_lowercase());
    }

    #[test]
    fn fast_case_tests_match_the_standard_ones() {
        let ranges = ['\u{0}'..='\u{24F}', '\u{1E00}'..='\u{1EFF}'];
        for c in ranges.into_iter().flatten() {
            assert_eq!(is_uppercase(c), c.is_uppercase(), "{c:?}");
            assert_eq!(is_lowercase(c), c.is_lowercase(), "{c:?}");
        }
    }

    #[test]
    fn next_digit_matches_a_byte_search() {
        let text = "Ngày 5/7, ÂÊÔ năm 2025 (ô:9) xyz/;:@[`{0";
        let bytes = text.as_bytes();
        for from in 0..bytes.len() {
            let naive = bytes[from..]
                .iter()
                .position(u8::is_ascii_digit)
                .map(|p| from + p);
            assert_eq!(next_digit(bytes, from), naive, "from {from}");
        }
    }

    #[test]
    fn era_from_years() {
        assert_eq!(
            era_system(&[], "Năm 2026, ...", Era::FromDocument),
            System::From2025
        );
        assert_eq!(
            era_system(&[], "Năm 2022, ...", Era::FromDocument),
            System::Before2025
        );
    }
}
