//! The people/titles lexicons under `data/people/`, parsed once.
//!
//! Every lookup goes through [`push_key`]: lower case, with the tone mark
//! moved to the end of the word, so `Tỉnh uỷ` and `Tỉnh ủy` meet while
//! `bà` and `ba` stay apart.

use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;

/// Hash map for lexicon lookups of short words (FxHash; SipHash is needlessly slow here).
pub(crate) type FastMap<K, V> = rustc_hash::FxHashMap<K, V>;
/// Hash set for lexicon lookups of short words.
pub(crate) type FastSet<K> = rustc_hash::FxHashSet<K>;

/// The spellings of a word as it may appear in NFC text: lower case, title
/// case, upper case, each with both tone placements.
pub(crate) fn written_forms(word: &str) -> Vec<String> {
    let lower = word.to_lowercase();
    let mut spellings = vec![lower.clone()];
    for (old, new) in crate::normalize::TONE_PLACEMENT_PAIRS {
        if lower.contains(old) {
            spellings.push(lower.replace(old, new));
        }
        if lower.contains(new) {
            spellings.push(lower.replace(new, old));
        }
    }
    let mut forms = Vec::new();
    for s in spellings {
        let mut chars = s.chars();
        if let Some(first) = chars.next() {
            forms.push(first.to_uppercase().chain(chars).collect());
        }
        forms.push(s.to_uppercase());
        forms.push(s);
    }
    forms
}

/// A phrase with every word capitalized, in both tone placements.
fn capitalized_forms(phrase: &str) -> Vec<String> {
    let words: Vec<Vec<String>> = phrase
        .split_whitespace()
        .map(|w| {
            written_forms(w)
                .into_iter()
                .filter(|f| super::text::is_title_case(f) || f.chars().count() == 1)
                .collect()
        })
        .collect();
    let mut out = vec![String::new()];
    for forms in words {
        out = out
            .iter()
            .flat_map(|prefix| {
                forms.iter().map(move |f| {
                    if prefix.is_empty() {
                        f.clone()
                    } else {
                        format!("{prefix} {f}")
                    }
                })
            })
            .collect();
    }
    out
}

/// Whether `c` is one of the five combining tone marks.
fn is_tone_mark(c: char) -> bool {
    matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}')
}

/// Lower-case letter without its tone mark, and the tone mark, for the
/// precomposed Latin letters Vietnamese uses (U+00C0..U+01B0, U+1EA0..U+1EF9).
struct ToneTable {
    latin: Vec<(char, Option<char>)>,
    extended: Vec<(char, Option<char>)>,
}

static TONES: LazyLock<ToneTable> = LazyLock::new(|| {
    let split = |c: char| -> (char, Option<char>) {
        let mut tone = None;
        let mut rest = String::new();
        for d in c.to_lowercase().nfd() {
            if is_tone_mark(d) {
                tone = Some(d);
            } else {
                rest.push(d);
            }
        }
        let base: String = rest.nfc().collect();
        let mut chars = base.chars();
        match (chars.next(), chars.next()) {
            (Some(b), None) => (b, tone),
            _ => (c, None),
        }
    };
    let table = |from: u32, to: u32| {
        (from..to)
            .map(|u| char::from_u32(u).map_or(('\0', None), split))
            .collect()
    };
    ToneTable {
        latin: table(0xC0, 0x1B1),
        extended: table(0x1EA0, 0x1EFA),
    }
});

/// Appends the lookup key of one word to `buf`: lower case, other
/// diacritics kept, the tone mark (if any) moved to the end.
pub(crate) fn push_key(buf: &mut String, word: &str) {
    if word.is_ascii() {
        let start = buf.len();
        buf.push_str(word);
        buf[start..].make_ascii_lowercase();
        return;
    }
    let tones = &*TONES;
    let mut tone = None;
    let mut decomposed = false;
    for c in word.chars() {
        // ASCII letters are most of a Vietnamese word: no Unicode case table.
        if c.is_ascii() {
            buf.push(c.to_ascii_lowercase());
            continue;
        }
        let u = c as u32;
        let entry = match u {
            0xC0..=0x1B0 => Some(tones.latin[(u - 0xC0) as usize]),
            0x1EA0..=0x1EF9 => Some(tones.extended[(u - 0x1EA0) as usize]),
            _ => None,
        };
        match entry {
            Some((base, t)) if base != '\0' => {
                buf.push(base);
                tone = t.or(tone);
            }
            _ if is_tone_mark(c) => tone = Some(c),
            _ if ('\u{300}'..='\u{36f}').contains(&c) => decomposed = true,
            _ => buf.extend(c.to_lowercase()),
        }
    }
    if decomposed {
        // Text not in NFC: recompose the non-tone marks the slow way.
        let mut tmp = String::new();
        let mut t2 = None;
        for d in word.nfd() {
            if is_tone_mark(d) {
                t2 = Some(d);
            } else {
                tmp.extend(d.to_lowercase());
            }
        }
        let recomposed: String = tmp.nfc().collect();
        // Replace what was pushed for this word.
        let pushed: usize = word_len_pushed(buf, word);
        buf.truncate(buf.len() - pushed);
        buf.push_str(&recomposed);
        tone = t2;
    }
    if let Some(t) = tone {
        buf.push(t);
    }
}

/// Bytes `push_key` pushed for `word` before it found combining marks.
fn word_len_pushed(buf: &str, word: &str) -> usize {
    let tones = &*TONES;
    let mut n = 0;
    for c in word.chars() {
        let u = c as u32;
        let entry = match u {
            0xC0..=0x1B0 => Some(tones.latin[(u - 0xC0) as usize]),
            0x1EA0..=0x1EF9 => Some(tones.extended[(u - 0x1EA0) as usize]),
            _ => None,
        };
        match entry {
            Some((base, _)) if base != '\0' => n += base.len_utf8(),
            _ if ('\u{300}'..='\u{36f}').contains(&c) => {}
            _ => n += c.to_lowercase().map(char::len_utf8).sum::<usize>(),
        }
    }
    n.min(buf.len())
}

/// The key of a phrase: words keyed one by one and joined by one space.
pub(crate) fn phrase_key(phrase: &str) -> String {
    // A key is rarely longer than the phrase plus a tone mark or two: one allocation.
    let mut key = String::with_capacity(phrase.len() + 8);
    push_phrase_key(&mut key, phrase);
    key
}

/// Appends the key of a phrase to `buf`, so hot loops can reuse one buffer.
pub(crate) fn push_phrase_key(buf: &mut String, phrase: &str) {
    for (i, word) in phrase.split_whitespace().enumerate() {
        if i > 0 {
            buf.push(' ');
        }
        push_key(buf, word);
    }
}

/// An office from `roles.tsv`.
#[derive(Debug, Clone)]
pub(crate) struct RoleInfo {
    pub head: Option<String>,
    pub org: Option<String>,
    pub national: bool,
    pub needs_body: bool,
}

/// A body from `bodies.tsv`.
#[derive(Debug, Clone)]
pub(crate) struct BodyInfo {
    pub expanded: Option<String>,
    pub named: bool,
    pub national: bool,
}

/// A modifier from `modifiers.tsv`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ModifierInfo {
    pub post: bool,
    pub in_role: bool,
}

/// What kind of word blocks a person reading after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StopKind {
    Function,
    Time,
    Branch,
    Middle,
}

/// A phrase table keyed by [`phrase_key`], with its longest entry in words.
#[derive(Debug)]
pub(crate) struct Phrases<T> {
    pub map: FastMap<String, T>,
    pub max_words: usize,
    /// Keys of the first word of every entry.
    pub first_words: FastSet<String>,
    /// The first words as they may be written, to reject most words
    /// without computing a key.
    pub first_raw: RawSet,
    /// Written forms of one-word entries.
    pub single_raw: RawSet,
    /// Written forms of the last word of every entry (dots kept), to reject
    /// most look-behinds without computing a key.
    pub last_raw: RawSet,
    /// Written forms of the first two words (`Chủ tịch`, `CHỦ TỊCH`) of longer entries.
    pub prefix2_raw: RawSet,
    /// Keys of the first words (one or more, not all) of longer entries, so
    /// a phrase match stops extending its key once no entry can follow.
    pub key_prefixes: FastSet<String>,
}

impl<T> Phrases<T> {
    fn new() -> Self {
        Phrases {
            map: FastMap::default(),
            max_words: 0,
            first_words: FastSet::default(),
            first_raw: RawSet::default(),
            single_raw: RawSet::default(),
            last_raw: RawSet::default(),
            prefix2_raw: RawSet::default(),
            key_prefixes: FastSet::default(),
        }
    }

    fn insert(&mut self, phrase: &str, value: T) {
        let key = phrase_key(phrase);
        let words = key.split(' ').count();
        self.max_words = self.max_words.max(words);
        if let Some(first) = key.split(' ').next() {
            self.first_words.insert(first.trim_end_matches('.').to_owned());
        }
        let words: Vec<&str> = phrase.split_whitespace().collect();
        if let Some(last) = words.last() {
            self.last_raw.extend(written_forms(last));
        }
        if let Some(first) = words.first() {
            let firsts = written_forms(first.trim_end_matches('.'));
            self.first_raw.extend(firsts.iter().cloned());
            match words.get(1) {
                None => self.single_raw.extend(firsts),
                Some(second) => {
                    for f in &firsts {
                        for s in written_forms(second.trim_end_matches('.')) {
                            self.prefix2_raw.insert(format!("{f} {s}"));
                        }
                    }
                }
            }
        }
        for (i, _) in key.match_indices(' ') {
            self.key_prefixes.insert(key[..i].to_owned());
        }
        self.map.insert(key, value);
    }
}

/// All lexicons of the people/titles stage.
#[derive(Debug)]
pub(crate) struct Lexicon {
    pub surnames: FastSet<String>,
    /// The 30 commonest surnames (rank in `surnames.tsv`).
    pub common_surnames: FastSet<String>,
    pub honorifics: Phrases<()>,
    pub roles: Phrases<RoleInfo>,
    pub bodies: Phrases<BodyInfo>,
    pub modifiers: Phrases<ModifierInfo>,
    pub jurisdiction_types: Phrases<String>,
    pub blockers: Phrases<()>,
    pub role_blockers: Phrases<()>,
    pub stopwords: FastMap<String, StopKind>,
    pub org_stopwords: FastSet<String>,
    pub not_names: FastSet<String>,
    /// Raw abbreviation (as written) to expansion.
    pub abbreviations: FastMap<String, String>,
    /// Province and district names (key) to (name as listed, type, level).
    pub places: Phrases<(String, String, u8)>,
    /// First words of roles, modifiers, honorifics and surnames: a capitalized
    /// word not in here starts neither a title nor a name.
    pub triggers: RawSet,
    /// Surnames as they may be written.
    pub surnames_raw: RawSet,
    /// Stop words as they may be written.
    pub stopwords_raw: RawSet,
    /// Place names and non-names as written in running text (each word
    /// capitalized, both tone placements): `Hà Nội` is rejected at once.
    pub not_person_raw: RawSet,
}

/// Data rows of a TSV file: comment lines (`#`) and the header skipped.
fn rows(tsv: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| l.split('\t').collect())
}

fn col<'a>(row: &[&'a str], i: usize) -> &'a str {
    row.get(i).copied().unwrap_or("").trim()
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

/// The lexicons, parsed on first use.
pub(crate) static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut lex = Lexicon {
        surnames: FastSet::default(),
        common_surnames: FastSet::default(),
        honorifics: Phrases::new(),
        roles: Phrases::new(),
        bodies: Phrases::new(),
        modifiers: Phrases::new(),
        jurisdiction_types: Phrases::new(),
        blockers: Phrases::new(),
        role_blockers: Phrases::new(),
        stopwords: FastMap::default(),
        org_stopwords: FastSet::default(),
        not_names: FastSet::default(),
        abbreviations: FastMap::default(),
        places: Phrases::new(),
        triggers: RawSet::default(),
        surnames_raw: RawSet::default(),
        stopwords_raw: RawSet::default(),
        not_person_raw: RawSet::default(),
    };
    for r in rows(include_str!("../../data/people/surnames.tsv")) {
        // Single-word surnames start a name; compound ones start with one too.
        if let Some(first) = col(&r, 0).split_whitespace().next() {
            lex.surnames.insert(phrase_key(first));
            lex.surnames_raw.extend(written_forms(first));
            if col(&r, 1).parse::<u32>().is_ok_and(|rank| rank <= 30) {
                lex.common_surnames.insert(phrase_key(first));
            }
        }
    }
    for r in rows(include_str!("../../data/people/honorifics.tsv")) {
        lex.honorifics.insert(col(&r, 0), ());
    }
    for r in rows(include_str!("../../data/people/roles.tsv")) {
        let info = RoleInfo {
            head: non_empty(col(&r, 1)),
            org: non_empty(col(&r, 2)),
            national: col(&r, 3) == "1",
            needs_body: col(&r, 4) == "1",
        };
        lex.roles.insert(col(&r, 0), info);
    }
    for r in rows(include_str!("../../data/people/bodies.tsv")) {
        let info = BodyInfo {
            expanded: non_empty(col(&r, 1)),
            named: col(&r, 2) == "1",
            national: col(&r, 3) == "1",
        };
        lex.bodies.insert(col(&r, 0), info);
    }
    for r in rows(include_str!("../../data/people/modifiers.tsv")) {
        let info = ModifierInfo {
            post: col(&r, 1) == "post",
            in_role: col(&r, 2) == "1",
        };
        lex.modifiers.insert(col(&r, 0), info);
    }
    for r in rows(include_str!("../../data/people/jurisdiction-types.tsv")) {
        lex.jurisdiction_types.insert(col(&r, 0), col(&r, 1).to_owned());
    }
    for r in rows(include_str!("../../data/people/name-blockers.tsv")) {
        lex.blockers.insert(col(&r, 0), ());
    }
    for r in rows(include_str!("../../data/people/role-blockers.tsv")) {
        lex.role_blockers.insert(col(&r, 0), ());
    }
    for r in rows(include_str!("../../data/people/name-stopwords.tsv")) {
        let kind = match col(&r, 1) {
            "time" => StopKind::Time,
            "branch" => StopKind::Branch,
            "middle" => StopKind::Middle,
            _ => StopKind::Function,
        };
        lex.stopwords.insert(phrase_key(col(&r, 0)), kind);
        lex.stopwords_raw.extend(written_forms(col(&r, 0)));
    }
    for r in rows(include_str!("../../data/people/org-stopwords.tsv")) {
        lex.org_stopwords.insert(phrase_key(col(&r, 0)));
    }
    for r in rows(include_str!("../../data/people/not-names.tsv")) {
        lex.not_names.insert(phrase_key(col(&r, 0)));
        lex.not_person_raw.extend(capitalized_forms(col(&r, 0)));
    }
    for r in rows(include_str!("../../data/people/abbreviations.tsv")) {
        lex.abbreviations
            .insert(col(&r, 0).to_owned(), col(&r, 1).to_owned());
    }
    for r in rows(include_str!("../../data/people/place-names.tsv")) {
        let name = col(&r, 0);
        let level = col(&r, 2).parse().unwrap_or(2);
        let value = (name.to_owned(), col(&r, 1).to_owned(), level);
        // `Bà Rịa - Vũng Tàu` is also written `Bà Rịa-Vũng Tàu`: key without dashes.
        lex.places.insert(&name.replace(['-', '–'], " "), value);
        if !name.contains(['-', '–']) {
            lex.not_person_raw.extend(capitalized_forms(name));
        }
    }
    let triggers: Vec<String> = lex
        .surnames_raw
        .iter()
        .chain(lex.roles.first_raw.iter())
        .chain(lex.modifiers.first_raw.iter())
        .chain(lex.honorifics.first_raw.iter())
        .cloned()
        .collect();
    lex.triggers.extend(triggers);
    lex
});

/// The bit of `word` in a [`RawSet`] filter: a mix of its length, first
/// two bytes and last byte.
fn filter_bit(word: &[u8]) -> usize {
    let (Some(&first), Some(&last)) = (word.first(), word.last()) else {
        return 0;
    };
    let second = word.get(1).copied().unwrap_or(0);
    let mixed = (word.len() as u32)
        .wrapping_mul(0x9E37_79B9)
        .wrapping_add(u32::from(first) << 16 | u32::from(second) << 8 | u32::from(last))
        .wrapping_mul(0x85EB_CA6B);
    (mixed >> 16) as usize
}

/// A set of words as written, with a 65,536-bit filter in front: most
/// words that are not in the set are rejected without hashing.
#[derive(Debug, Clone)]
pub(crate) struct RawSet {
    filter: Vec<u64>,
    set: FastSet<String>,
}

impl Default for RawSet {
    fn default() -> Self {
        RawSet {
            filter: vec![0; 1024],
            set: FastSet::default(),
        }
    }
}

impl RawSet {
    pub fn insert(&mut self, word: String) {
        let bit = filter_bit(word.as_bytes());
        self.filter[bit / 64] |= 1 << (bit % 64);
        self.set.insert(word);
    }

    pub fn extend(&mut self, words: impl IntoIterator<Item = String>) {
        for w in words {
            self.insert(w);
        }
    }

    pub fn contains(&self, word: &str) -> bool {
        let bit = filter_bit(word.as_bytes());
        self.filter[bit / 64] & (1 << (bit % 64)) != 0 && self.set.contains(word)
    }

    pub fn iter(&self) -> impl Iterator<Item = &String> {
        self.set.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_and_tone_placement_only() {
        assert_eq!(phrase_key("Tỉnh uỷ"), phrase_key("tỉnh ủy"));
        assert_ne!(phrase_key("bà"), phrase_key("ba"));
        assert_eq!(phrase_key("UBND"), "ubnd");
    }

    #[test]
    fn lexicons_load() {
        let lex = &*LEXICON;
        assert!(lex.surnames.contains(&phrase_key("Nguyễn")));
        assert!(lex.roles.map.contains_key(&phrase_key("Chủ tịch")));
        assert!(lex.bodies.map.contains_key(&phrase_key("UBND")));
        assert!(lex.places.map.contains_key(&phrase_key("Bắc Kạn")));
        assert!(lex.places.map.contains_key(&phrase_key("Bà Rịa Vũng Tàu")));
    }
}
