//! The people/titles lexicons under `data/people/`, parsed once.
//!
//! Every lookup goes through [`push_key`]: lower case, with the tone mark
//! moved to the end of the word, so `Tỉnh uỷ` and `Tỉnh ủy` meet while
//! `bà` and `ba` stay apart.

use std::sync::{LazyLock, OnceLock};

use unicode_normalization::UnicodeNormalization;

use crate::lexicon::{capitalize, FastMap, FastSet};

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
    // Iterator adaptors only: no String per character.
    let split = |c: char| -> (char, Option<char>) {
        let mut tone = None;
        let mut base = c
            .to_lowercase()
            .nfd()
            .filter(|&d| {
                let mark = is_tone_mark(d);
                if mark {
                    tone = Some(d);
                }
                !mark
            })
            .nfc();
        match (base.next(), base.next()) {
            (Some(b), None) => {
                drop(base);
                (b, tone)
            }
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

/// [`push_phrase_key`] of the phrase with its dashes (`-`, `–`) read as
/// spaces, as dashed place names are keyed (`Bà Rịa-Vũng Tàu`).
pub(crate) fn push_phrase_key_undashed(buf: &mut String, phrase: &str) {
    let words = phrase
        .split(|c: char| c.is_whitespace() || c == '-' || c == '–')
        .filter(|w| !w.is_empty());
    for (i, word) in words.enumerate() {
        if i > 0 {
            buf.push(' ');
        }
        push_key(buf, word);
    }
}

/// An office from `roles.tsv`.
#[derive(Debug)]
pub(crate) struct RoleInfo {
    /// The role as listed (lower case).
    pub name: &'static str,
    pub head: Option<&'static str>,
    pub org: Option<&'static str>,
    pub national: bool,
    pub needs_body: bool,
    /// Its usual spellings in a title, made on first use.
    spellings: OnceLock<FastSet<Box<str>>>,
}

impl RoleInfo {
    /// `written`, this role as a title writes it with its modifiers (`Phó
    /// Chủ tịch`), as a static string if it is one of the role's usual
    /// spellings: each word in lower case, capitalized or, for an
    /// abbreviation, in capitals (`HĐQT`), after a modifier of the role
    /// (`Phó`, `Quyền`) or before one (`Thường trực`). Titles name a few
    /// offices again and again: those need no allocation.
    pub fn spelling(&'static self, written: &str) -> Option<&'static str> {
        let spellings = self.spellings.get_or_init(|| role_spellings(self.name));
        spellings.get(written).map(|s| &**s)
    }
}

/// `written`, an honorific as a name's mention writes it, as a static
/// string if it is one of the usual spellings of one of `honorifics.tsv`:
/// each word lower case or capitalized (`Đồng chí`, `Đại tá`), or all in
/// capitals (`TS.`, `NSND`). The few honorifics of a text need no allocation.
pub(crate) fn honorific_spelling(written: &str) -> Option<&'static str> {
    static SPELLINGS: LazyLock<FastSet<Box<str>>> = LazyLock::new(|| {
        let mut spellings = FastSet::default();
        for r in rows(include_str!("../../data/people/honorifics.tsv")) {
            let honorific = col(&r, 0);
            spellings.insert(honorific.to_uppercase().into_boxed_str());
            spellings.extend(word_cases(honorific, 3).into_iter().map(String::into_boxed_str));
        }
        spellings
    });
    SPELLINGS.get(written).map(|s| &**s)
}

/// The spellings [`RoleInfo::spelling`] knows for the role listed as `name`.
fn role_spellings(name: &str) -> FastSet<Box<str>> {
    // The modifiers that are part of the role, as written before it (a
    // title starts at a capital) and after it.
    let mut before = vec![String::new()];
    let mut after = vec![String::new()];
    for r in rows(include_str!("../../data/people/modifiers.tsv")) {
        if col(&r, 2) != "1" {
            continue;
        }
        let modifier = col(&r, 0);
        if col(&r, 1) == "post" {
            after.extend(word_cases(modifier, 0).into_iter().map(|m| format!(" {m}")));
        } else {
            before.push(format!("{} ", capitalize(modifier)));
        }
    }
    let roles = word_cases(name, 4);
    let mut spellings = FastSet::default();
    spellings.reserve(roles.len() * before.len() * after.len());
    for role in &roles {
        for b in &before {
            for a in &after {
                let mut spelling = String::with_capacity(b.len() + role.len() + a.len());
                spelling.push_str(b);
                spelling.push_str(role);
                spelling.push_str(a);
                spellings.insert(spelling.into_boxed_str());
            }
        }
    }
    spellings
}

/// Spellings of a lower-case phrase: each word lower case or capitalized
/// (or in capitals, for a known abbreviation), every combination for
/// phrases of up to `most_words` words; for longer ones, all lower case,
/// the first word capitalized, and every word capitalized.
fn word_cases(phrase: &str, most_words: usize) -> Vec<String> {
    let words: Vec<Vec<String>> = phrase
        .split(' ')
        .map(|w| {
            let mut cases = vec![w.to_owned(), capitalize(w)];
            let upper = w.to_uppercase();
            if LEXICON.abbreviations.contains_key(&upper) {
                cases.push(upper);
            }
            cases.dedup();
            cases
        })
        .collect();
    /// The phrase with word `i` in case `pick(i)` (lower, capitalized, ...,
    /// the last case a word has if it has fewer).
    fn spelled(words: &[Vec<String>], pick: impl Fn(usize) -> usize) -> String {
        let mut out = String::new();
        for (i, cases) in words.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(&cases[pick(i).min(cases.len() - 1)]);
        }
        out
    }
    if words.len() > most_words {
        return vec![
            spelled(&words, |_| 0),
            spelled(&words, |i| usize::from(i == 0)),
            spelled(&words, |_| 1),
        ];
    }
    // Every combination, counting in mixed radix (each word's case count).
    let total: usize = words.iter().map(Vec::len).product();
    (0..total)
        .map(|mut n| {
            let picks: Vec<usize> = words
                .iter()
                .map(|cases| {
                    let pick = n % cases.len();
                    n /= cases.len();
                    pick
                })
                .collect();
            spelled(&words, |i| picks[i])
        })
        .collect()
}

/// A body from `bodies.tsv`.
#[derive(Debug, Clone)]
pub(crate) struct BodyInfo {
    pub expanded: Option<&'static str>,
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
///
/// The `*_raw` spellings come from the generated `written-forms.tsv` and are
/// filled only for the tables the scanner looks up that way (see
/// `examples/gen_people_forms.rs`); the others stay empty.
#[derive(Debug)]
pub(crate) struct Phrases<T> {
    /// Entries and the keys of their first words (one or more, not all),
    /// in one map: a phrase walk hashes each key once to learn both.
    pub map: FastMap<String, PhraseStep<T>>,
    pub max_words: usize,
    /// The [`WordFacts`] bit of the first words as they may be written, to
    /// reject most words without computing a key (tables read by
    /// `match_phrase`); 0 for the tables not looked up that way.
    pub first: u16,
    /// The bit of the written forms of one-word entries (roles, honorifics).
    pub single: u16,
    /// The bit of the written forms of the last word of every entry (dots
    /// kept), to reject most look-behinds without computing a key
    /// (honorifics, blockers).
    pub last: u16,
    /// Written forms of the first two words (`Chủ tịch`, `CHỦ TỊCH`) of
    /// longer entries (roles, honorifics).
    pub prefix2_raw: RawSet,
    /// Keys of the last words of the entries of two words or more: a
    /// look-behind from another word reads that word alone.
    pub multi_word_lasts: FastSet<String>,
}

/// What a key is in a [`Phrases`] table.
#[derive(Debug)]
pub(crate) struct PhraseStep<T> {
    /// The value of the entry with this key, if one.
    pub value: Option<T>,
    /// Whether the key is the first words of a longer entry, so a phrase
    /// match stops extending its key once no entry can follow.
    pub extends: bool,
}

impl<T> Phrases<T> {
    fn new() -> Self {
        Phrases {
            map: FastMap::default(),
            max_words: 0,
            first: 0,
            single: 0,
            last: 0,
            prefix2_raw: RawSet::default(),
            multi_word_lasts: FastSet::default(),
        }
    }

    /// The value of the entry with key `key`.
    #[inline]
    pub fn get(&self, key: &str) -> Option<&T> {
        self.map.get(key).and_then(|step| step.value.as_ref())
    }

    /// Whether an entry has key `key`.
    #[inline]
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    fn insert(&mut self, phrase: &str, value: T) {
        let key = phrase_key(phrase);
        let words = key.split(' ').count();
        self.max_words = self.max_words.max(words);
        for (i, _) in key.match_indices(' ') {
            self.step(key[..i].to_owned()).extends = true;
        }
        if let Some((_, last)) = key.rsplit_once(' ') {
            self.multi_word_lasts.insert(last.to_owned());
        }
        self.step(key).value = Some(value);
    }

    fn step(&mut self, key: String) -> &mut PhraseStep<T> {
        self.map.entry(key).or_insert(PhraseStep {
            value: None,
            extends: false,
        })
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
    pub jurisdiction_types: Phrases<&'static str>,
    pub blockers: Phrases<()>,
    pub role_blockers: Phrases<()>,
    pub stopwords: FastMap<String, StopKind>,
    pub org_stopwords: FastSet<String>,
    pub not_names: FastSet<String>,
    /// Raw abbreviation (as written) to expansion.
    pub abbreviations: FastMap<String, String>,
    /// Words between a name and its title (`giữ chức`), lower case.
    pub holder_links: FastSet<String>,
    /// The most words of a holder link.
    pub holder_link_words: usize,
    /// The last words of the holder links: a phrase ending in another word is none.
    pub holder_link_lasts: FastSet<String>,
    /// Appointment phrases before a title (`bổ nhiệm chức vụ`), lower case.
    pub appointment_intros: FastSet<String>,
    /// Words between an appointment's title and its holder (`đối với`).
    pub appointment_links: FastSet<String>,
    /// Keys of the first words of those links: they end a body's name
    /// (`Thứ trưởng Bộ Công an đối với`).
    pub appointment_link_starts: FastSet<String>,
    /// Words opening a term between the title and the link (`nhiệm kỳ`).
    pub appointment_terms: FastSet<String>,
    /// First words of all three, lower case: most words after a title open none.
    pub appointment_firsts: FastSet<String>,
    /// Their first letters (both cases) and their longest byte length: a cheap test
    /// before a word is lower-cased and looked up.
    pub appointment_first_letters: Vec<char>,
    pub appointment_first_len: usize,
    /// The most words of any of the three.
    pub appointment_words: usize,
    /// Province and district names (key) to (name as listed, type, level).
    pub places: Phrases<(&'static str, &'static str, u8)>,
    /// Every single-word written form, with the sets it is in: one lookup
    /// answers whether a word is a surname, a stop word, a role's first
    /// word, ... ([`fact`]).
    pub facts: WordFacts,
    /// Place names and non-names as written in running text (each word
    /// capitalized, both tone placements): `Hà Nội` is rejected at once.
    pub not_person_raw: RawSet,
}

/// The most columns any people lexicon has (`surnames.tsv`).
const MAX_COLUMNS: usize = 6;

/// Data rows of a TSV file: comment lines (`#`) and the header skipped.
/// Columns past [`MAX_COLUMNS`] are ignored; a fixed array, no allocation per row.
fn rows(tsv: &'static str) -> impl Iterator<Item = [&'static str; MAX_COLUMNS]> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| {
            let mut row = [""; MAX_COLUMNS];
            for (slot, field) in row.iter_mut().zip(l.split('\t')) {
                *slot = field;
            }
            row
        })
}

fn col<'a>(row: &[&'a str], i: usize) -> &'a str {
    row.get(i).copied().unwrap_or("").trim()
}

fn non_empty(s: &'static str) -> Option<&'static str> {
    (!s.is_empty()).then_some(s)
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
        holder_links: FastSet::default(),
        holder_link_words: 0,
        holder_link_lasts: FastSet::default(),
        appointment_intros: FastSet::default(),
        appointment_links: FastSet::default(),
        appointment_link_starts: FastSet::default(),
        appointment_terms: FastSet::default(),
        appointment_firsts: FastSet::default(),
        appointment_first_letters: Vec::new(),
        appointment_first_len: 0,
        appointment_words: 0,
        places: Phrases::new(),
        facts: WordFacts::default(),
        not_person_raw: RawSet::default(),
    };
    for r in rows(include_str!("../../data/people/surnames.tsv")) {
        // Single-word surnames start a name; compound ones start with one too.
        if let Some(first) = col(&r, 0).split_whitespace().next() {
            lex.surnames.insert(phrase_key(first));
            if col(&r, 1).parse::<u32>().is_ok_and(|rank| rank <= 30) {
                lex.common_surnames.insert(phrase_key(first));
            }
        }
    }
    for r in rows(include_str!("../../data/people/honorifics.tsv")) {
        lex.honorifics.insert(col(&r, 0), ());
    }
    for r in rows(include_str!("../../data/people/holder-links.tsv")) {
        let link = col(&r, 0);
        lex.holder_link_words = lex.holder_link_words.max(link.split(' ').count());
        lex.holder_links.insert(link.to_owned());
        if let Some(last) = link.split(' ').next_back() {
            lex.holder_link_lasts.insert(last.to_owned());
        }
    }
    for r in rows(include_str!("../../data/people/appointment-links.tsv")) {
        let phrase = col(&r, 0);
        let set = match col(&r, 1) {
            "intro" => &mut lex.appointment_intros,
            "link" => {
                let first = phrase.split(' ').next().unwrap_or(phrase);
                lex.appointment_link_starts.insert(phrase_key(first));
                &mut lex.appointment_links
            }
            "term" => &mut lex.appointment_terms,
            other => panic!("appointment-links.tsv: unknown kind {other:?}"),
        };
        set.insert(phrase.to_owned());
        let first = phrase.split(' ').next().unwrap_or(phrase);
        lex.appointment_firsts.insert(first.to_owned());
        lex.appointment_first_len = lex.appointment_first_len.max(first.len());
        // Both cases: the text's letter is compared as written.
        for c in first
            .chars()
            .take(1)
            .flat_map(|c| std::iter::once(c).chain(c.to_uppercase()))
        {
            if !lex.appointment_first_letters.contains(&c) {
                lex.appointment_first_letters.push(c);
            }
        }
        lex.appointment_words = lex.appointment_words.max(phrase.split(' ').count());
    }
    for r in rows(include_str!("../../data/people/roles.tsv")) {
        let info = RoleInfo {
            name: col(&r, 0),
            spellings: OnceLock::new(),
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
        lex.jurisdiction_types.insert(col(&r, 0), col(&r, 1));
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
    }
    for r in rows(include_str!("../../data/people/org-stopwords.tsv")) {
        lex.org_stopwords.insert(phrase_key(col(&r, 0)));
    }
    for r in rows(include_str!("../../data/people/not-names.tsv")) {
        lex.not_names.insert(phrase_key(col(&r, 0)));
    }
    for r in rows(include_str!("../../data/people/abbreviations.tsv")) {
        lex.abbreviations
            .insert(col(&r, 0).to_owned(), col(&r, 1).to_owned());
    }
    for r in rows(include_str!("../../data/people/place-names.tsv")) {
        let name = col(&r, 0);
        let level = col(&r, 2).parse().unwrap_or(2);
        let value = (name, col(&r, 1), level);
        // `Bà Rịa - Vũng Tàu` is also written `Bà Rịa-Vũng Tàu`: key without dashes.
        if name.contains(['-', '–']) {
            lex.places.insert(&name.replace(['-', '–'], " "), value);
        } else {
            lex.places.insert(name, value);
        }
    }
    load_written_forms(&mut lex);
    lex
});

/// The (first, second) columns of a two-column TSV, comment lines (`#`) and
/// the header skipped. One pass over the bytes: its thousands of lines are
/// too short for a `memchr` per line and per field to pay.
fn two_column_rows(tsv: &'static str) -> Vec<(&'static str, &'static str)> {
    let mut rows = Vec::with_capacity(tsv.len() / 16);
    let mut line_start = 0;
    let mut tab = None;
    let mut header_seen = false;
    for (i, byte) in tsv.bytes().chain([b'\n']).enumerate() {
        match byte {
            b'\t' if tab.is_none() => tab = Some(i),
            b'\n' => {
                let is_data = !tsv[line_start..].starts_with('#');
                if let (Some(tab), true) = (tab, is_data) {
                    if header_seen {
                        rows.push((&tsv[line_start..tab], &tsv[tab + 1..i]));
                    }
                    header_seen = true;
                }
                line_start = i + 1;
                tab = None;
            }
            _ => {}
        }
    }
    rows
}

/// Fills the spelling sets from `written-forms.tsv` (generated by
/// `examples/gen_people_forms.rs`): every case and tone-placement spelling
/// already expanded, so start-up only hashes borrowed lines.
fn load_written_forms(lex: &mut Lexicon) {
    let entries = two_column_rows(include_str!("../../data/people/written-forms.tsv"));
    // Bits of the single-word sets, given to the tables that read them.
    lex.honorifics.first = fact::HONORIFIC_FIRST;
    lex.honorifics.last = fact::HONORIFIC_LAST;
    lex.honorifics.single = fact::HONORIFIC_SINGLE;
    lex.roles.first = fact::ROLE_FIRST;
    lex.roles.single = fact::ROLE_SINGLE;
    lex.bodies.first = fact::BODY_FIRST;
    lex.modifiers.first = fact::MODIFIER_FIRST;
    lex.jurisdiction_types.first = fact::JURISDICTION_TYPE_FIRST;
    lex.places.first = fact::PLACE_FIRST;
    lex.blockers.last = fact::BLOCKER_LAST;
    lex.role_blockers.last = fact::ROLE_BLOCKER_LAST;
    // The generator writes each set as one block: size each table once.
    for block in entries.chunk_by(|a, b| a.0 == b.0) {
        let set = block[0].0;
        let forms = block.iter().map(|&(_, form)| form);
        let target = match set {
            "not-person" => &mut lex.not_person_raw,
            "honorifics.prefix2" => &mut lex.honorifics.prefix2_raw,
            "roles.prefix2" => &mut lex.roles.prefix2_raw,
            word_set => {
                let bit = match word_set {
                    "surname" => fact::SURNAME,
                    "stopword" => fact::STOPWORD,
                    "honorifics.first" => fact::HONORIFIC_FIRST,
                    "honorifics.last" => fact::HONORIFIC_LAST,
                    "honorifics.single" => fact::HONORIFIC_SINGLE,
                    "roles.first" => fact::ROLE_FIRST,
                    "roles.single" => fact::ROLE_SINGLE,
                    "bodies.first" => fact::BODY_FIRST,
                    "modifiers.first" => fact::MODIFIER_FIRST,
                    "jurisdiction-types.first" => fact::JURISDICTION_TYPE_FIRST,
                    "places.first" => fact::PLACE_FIRST,
                    "name-blockers.last" => fact::BLOCKER_LAST,
                    "role-blockers.last" => fact::ROLE_BLOCKER_LAST,
                    other => panic!("written-forms.tsv: unknown set `{other}`"),
                };
                lex.facts.extend(forms, bit);
                continue;
            }
        };
        target.extend(forms);
    }
}

/// The bits of [`WordFacts`]: which single-word written-form set a word is in.
pub(crate) mod fact {
    pub const SURNAME: u16 = 1 << 0;
    pub const STOPWORD: u16 = 1 << 1;
    pub const HONORIFIC_FIRST: u16 = 1 << 2;
    pub const HONORIFIC_LAST: u16 = 1 << 3;
    pub const HONORIFIC_SINGLE: u16 = 1 << 4;
    pub const ROLE_FIRST: u16 = 1 << 5;
    pub const ROLE_SINGLE: u16 = 1 << 6;
    pub const BODY_FIRST: u16 = 1 << 7;
    pub const MODIFIER_FIRST: u16 = 1 << 8;
    pub const JURISDICTION_TYPE_FIRST: u16 = 1 << 9;
    pub const PLACE_FIRST: u16 = 1 << 10;
    pub const BLOCKER_LAST: u16 = 1 << 11;
    pub const ROLE_BLOCKER_LAST: u16 = 1 << 12;
    /// A capitalized word starts a title or a name only if it is one of these.
    pub const TRIGGER: u16 = SURNAME | ROLE_FIRST | MODIFIER_FIRST | HONORIFIC_FIRST;
}

/// Single words as written, each with the [`fact`] bits of the sets it is
/// in, behind the same 65,536-bit filter as [`RawSet`]: a word is hashed
/// once for all the sets, and most words in none are rejected unhashed.
#[derive(Debug, Clone)]
pub(crate) struct WordFacts {
    filter: Vec<u64>,
    /// The same filter for the [`fact::TRIGGER`] words alone: the scan asks
    /// about every capitalized word, and most are no trigger.
    trigger_filter: Vec<u64>,
    /// Lines of the embedded `written-forms.tsv`, borrowed.
    map: FastMap<&'static str, u16>,
}

impl Default for WordFacts {
    fn default() -> Self {
        WordFacts {
            filter: vec![0; 1024],
            trigger_filter: vec![0; 1024],
            map: FastMap::default(),
        }
    }
}

impl WordFacts {
    fn extend(&mut self, words: impl ExactSizeIterator<Item = &'static str>, bit: u16) {
        self.map.reserve(words.len());
        for word in words {
            let at = filter_bit(word.as_bytes());
            self.filter[at / 64] |= 1 << (at % 64);
            if bit & fact::TRIGGER != 0 {
                self.trigger_filter[at / 64] |= 1 << (at % 64);
            }
            *self.map.entry(word).or_insert(0) |= bit;
        }
    }

    /// The [`fact`] bits of `word` as written (0: in no set).
    #[inline]
    pub fn of(&self, word: &str) -> u16 {
        let at = filter_bit(word.as_bytes());
        if self.filter[at / 64] & (1 << (at % 64)) == 0 {
            return 0;
        }
        self.map.get(word).copied().unwrap_or(0)
    }

    /// The [`fact`] bits of `word` if it may be a trigger, else `None`
    /// (rejected by the trigger filter, without hashing).
    #[inline]
    pub fn of_may_trigger(&self, word: &str) -> Option<u16> {
        let at = filter_bit(word.as_bytes());
        if self.trigger_filter[at / 64] & (1 << (at % 64)) == 0 {
            return None;
        }
        Some(self.map.get(word).copied().unwrap_or(0))
    }
}

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
    /// Lines of the embedded `written-forms.tsv`, borrowed: no allocation per spelling.
    set: FastSet<&'static str>,
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
    pub fn insert(&mut self, word: &'static str) {
        let bit = filter_bit(word.as_bytes());
        self.filter[bit / 64] |= 1 << (bit % 64);
        self.set.insert(word);
    }

    pub fn extend(&mut self, words: impl ExactSizeIterator<Item = &'static str>) {
        self.set.reserve(words.len());
        for w in words {
            self.insert(w);
        }
    }

    pub fn contains(&self, word: &str) -> bool {
        let bit = filter_bit(word.as_bytes());
        self.filter[bit / 64] & (1 << (bit % 64)) != 0 && self.set.contains(word)
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

    /// `Nhà nước` → `Nhà Nước`: how a not-person phrase is written in running text.
    fn each_word_capitalized(phrase: &str) -> String {
        let words: Vec<String> = phrase
            .split_whitespace()
            .map(|w| {
                let mut chars = w.chars();
                chars.next().map_or(String::new(), |first| {
                    first
                        .to_uppercase()
                        .chain(chars.flat_map(char::to_lowercase))
                        .collect()
                })
            })
            .collect();
        words.join(" ")
    }

    /// Catches a lexicon edited without rerunning `gen_people_forms`: every
    /// entry's lower-case spelling (capitalized for not-person phrases) must
    /// be in the generated sets.
    #[test]
    fn written_forms_are_current() {
        let lex = &*LEXICON;
        let list = |tsv: &'static str| rows(tsv).map(|r| col(&r, 0).to_owned()).collect::<Vec<_>>();
        let missing = |set: &RawSet, form: &str| (!set.contains(form)).then(|| form.to_owned());
        let missing_word = |bit: u16, form: &str| (lex.facts.of(form) & bit == 0).then(|| form.to_owned());
        let mut stale = Vec::new();
        for surname in list(include_str!("../../data/people/surnames.tsv")) {
            let first = surname.split_whitespace().next().unwrap_or("").to_lowercase();
            stale.extend(missing_word(fact::SURNAME, &first));
        }
        for word in list(include_str!("../../data/people/name-stopwords.tsv")) {
            stale.extend(missing_word(fact::STOPWORD, &word.to_lowercase()));
        }
        let places = list(include_str!("../../data/people/place-names.tsv"));
        let not_names = list(include_str!("../../data/people/not-names.tsv"));
        // Dashed names are not looked up as written; neither are words that
        // are not plain title case (`M'đrắk`), which have no capitalized form.
        let plain = |p: &&String| p.chars().all(|c| c.is_alphabetic() || c == ' ');
        for phrase in places.iter().filter(plain).chain(&not_names) {
            stale.extend(missing(&lex.not_person_raw, &each_word_capitalized(phrase)));
        }
        let undashed_places: Vec<String> = places.iter().map(|p| p.replace(['-', '–'], " ")).collect();
        // Lower-case spellings of the parts of each entry the scanner looks up.
        let mut check =
            |phrases: Vec<String>, first: Option<u16>, last: Option<u16>, starts: Option<(u16, &RawSet)>| {
                for phrase in phrases {
                    let lower = phrase.to_lowercase();
                    let words: Vec<&str> = lower.split_whitespace().collect();
                    let head = words[0].trim_end_matches('.');
                    if let Some(bit) = first {
                        stale.extend(missing_word(bit, head));
                    }
                    if let Some(bit) = last {
                        stale.extend(missing_word(bit, words[words.len() - 1]));
                    }
                    if let Some((single, prefix2)) = starts {
                        match words.get(1) {
                            None => stale.extend(missing_word(single, head)),
                            Some(second) => {
                                let two = format!("{head} {}", second.trim_end_matches('.'));
                                stale.extend(missing(prefix2, &two));
                            }
                        }
                    }
                }
            };
        let h = &lex.honorifics;
        check(
            list(include_str!("../../data/people/honorifics.tsv")),
            Some(h.first),
            Some(h.last),
            Some((h.single, &h.prefix2_raw)),
        );
        let r = &lex.roles;
        check(
            list(include_str!("../../data/people/roles.tsv")),
            Some(r.first),
            None,
            Some((r.single, &r.prefix2_raw)),
        );
        for (tsv, set) in [
            (include_str!("../../data/people/bodies.tsv"), lex.bodies.first),
            (
                include_str!("../../data/people/modifiers.tsv"),
                lex.modifiers.first,
            ),
            (
                include_str!("../../data/people/jurisdiction-types.tsv"),
                lex.jurisdiction_types.first,
            ),
        ] {
            check(list(tsv), Some(set), None, None);
        }
        check(undashed_places, Some(lex.places.first), None, None);
        for (tsv, set) in [
            (
                include_str!("../../data/people/name-blockers.tsv"),
                lex.blockers.last,
            ),
            (
                include_str!("../../data/people/role-blockers.tsv"),
                lex.role_blockers.last,
            ),
        ] {
            check(list(tsv), None, Some(set), None);
        }
        assert!(
            stale.is_empty(),
            "written-forms.tsv is stale, rerun `cargo run --example gen_people_forms`: {stale:?}"
        );
    }

    #[test]
    fn usual_spellings_are_static() {
        let role = |name: &str| LEXICON.roles.get(&phrase_key(name)).expect("a role");
        assert_eq!(role("chủ tịch").spelling("Phó Chủ tịch"), Some("Phó Chủ tịch"));
        assert_eq!(
            role("chủ tịch hđqt").spelling("Chủ tịch HĐQT"),
            Some("Chủ tịch HĐQT")
        );
        assert_eq!(role("tổng bí thư").spelling("Tổng Bí thư"), Some("Tổng Bí thư"));
        assert_eq!(
            role("bí thư").spelling("Phó Bí thư Thường trực"),
            Some("Phó Bí thư Thường trực")
        );
        // Another role's spelling, or an unusual one, is not.
        assert_eq!(role("chủ tịch").spelling("Bí thư"), None);
        assert_eq!(role("chủ tịch").spelling("CHủ tịch"), None);
        assert_eq!(honorific_spelling("Đồng chí"), Some("Đồng chí"));
        assert_eq!(honorific_spelling("TS."), Some("TS."));
        assert_eq!(honorific_spelling("Ôngg"), None);
    }

    #[test]
    fn lexicons_load() {
        let lex = &*LEXICON;
        assert!(lex.surnames.contains(&phrase_key("Nguyễn")));
        assert!(lex.roles.contains_key(&phrase_key("Chủ tịch")));
        assert!(lex.bodies.contains_key(&phrase_key("UBND")));
        assert!(lex.places.contains_key(&phrase_key("Bắc Kạn")));
        assert!(lex.places.contains_key(&phrase_key("Bà Rịa Vũng Tàu")));
    }
}
