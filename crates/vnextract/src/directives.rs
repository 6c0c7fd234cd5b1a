//! Directives: who must do what, ordered by whom, by when.
//!
//! A directive passage opens at a *governing clause*: an authority followed
//! by a trigger verb (`đề nghị`, `yêu cầu`, `chỉ đạo`, `giao`, ...; the list is
//! `data/directives/governing.tsv`). What follows the trigger is read as
//! `[addressees] [cần|phải] action ...`, split into items at `;` and at
//! sentences. A clause after `;` that does not open with an action (or with
//! an addressee and an action) continues the previous item, which keeps
//! named enumerations (`như: Tài chính- Kế hoạch; Kinh tế; ...`) and
//! trailing noun phrases in one item. Sentences after the governing one
//! continue the passage while they open with an imperative verb or with an
//! addressee and a verb (`Ngành y tế duy trì ...`); the first sentence that
//! does not ends it. Reports of work done (`đã`, `đang`) and requests made
//! upwards (`đề nghị tỉnh hỗ trợ`, after `kiến nghị`) give no directive.
//!
//! Every word list is a data file under `data/directives/`.
//!
//! ```
//! use vnextract::Extractor;
//! let text = "Chủ tịch UBND tỉnh yêu cầu các sở, ngành tăng cường kiểm tra; báo cáo kết quả trước ngày 30/9.";
//! let doc = Extractor::new().extract(text);
//! assert_eq!(doc.directives.len(), 2);
//! assert_eq!(doc.directives[0].action, "tăng cường");
//! assert_eq!(doc.directives[0].addressees, vec!["các sở, ngành".to_string()]);
//! assert_eq!(doc.directives[1].modality.as_deref(), Some("yêu cầu"));
//! ```

use crate::lexicon::{capitalize, is_uppercase, lines as data_lines, push_lowercase, WordKeyedMap};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, Input, MatchKind};

use crate::document::{DateMention, Directive, Person, Title};
use crate::extractor::Context;
use crate::segment::TokenKind;

/// Phrases of one or more lower-case syllables, looked up by first syllable.
#[derive(Debug, Default)]
struct PhraseSet {
    by_first: HashMap<String, Vec<Vec<String>>>,
    /// A cheap test before hashing: bit `b % 64` of `first_bytes[b / 64]`
    /// is set when a first syllable starts with byte `b`, bit `n.min(63)`
    /// of `first_lengths` when one is `n` bytes long. Most words fail it.
    first_bytes: [u64; 4],
    first_lengths: u64,
}

impl PhraseSet {
    fn from_lines(data: &str) -> Self {
        let mut set = PhraseSet::default();
        for line in data_lines(data) {
            set.insert(line);
        }
        set
    }

    fn insert(&mut self, phrase: &str) {
        let words: Vec<String> = phrase.split_whitespace().map(str::to_lowercase).collect();
        if let Some(first) = words.first() {
            let lead = first.as_bytes()[0];
            self.first_bytes[usize::from(lead / 64)] |= 1 << (lead % 64);
            self.first_lengths |= 1 << first.len().min(63);
            let entry = self.by_first.entry(first.clone()).or_default();
            entry.push(words);
            entry.sort_by_key(|w| std::cmp::Reverse(w.len()));
        }
    }

    /// Length in words of the longest phrase starting at `words[i]`.
    fn longest_at(&self, words: &[Word], i: usize) -> Option<usize> {
        let first = words.get(i)?.lower;
        let lead = *first.as_bytes().first()?;
        if self.first_bytes[usize::from(lead / 64)] & (1 << (lead % 64)) == 0
            || self.first_lengths & (1 << first.len().min(63)) == 0
        {
            return None;
        }
        self.by_first.get(first)?.iter().find_map(|phrase| {
            let fits = phrase
                .iter()
                .enumerate()
                .all(|(k, w)| words.get(i + k).is_some_and(|x| x.lower == w));
            fits.then_some(phrase.len())
        })
    }

    fn contains(&self, words: &[Word], i: usize) -> bool {
        self.longest_at(words, i).is_some()
    }
}

/// A governing trigger: its syllables, modality and strength.
#[derive(Debug)]
struct Trigger {
    words: Vec<String>,
    modality: Option<&'static str>,
    strong: bool,
    /// `X được giao VERB`: the subject before the trigger is the addressee.
    passive: bool,
    /// `words` as [`WordKeys`] ids.
    keys: Vec<u16>,
}

/// Small integer ids for every word the check at a trigger hit compares
/// ([`hit_trigger`]): the words of the triggers and of not-governing.tsv,
/// the past markers, `được`, `của`, `:` and `,`. Id 0 is any other word. Two
/// words have the same id exactly when their texts are equal, so comparing
/// ids is comparing lower-case words, without a string compare per phrase.
#[derive(Debug, Default)]
struct WordKeys {
    ids: WordKeyedMap<u16>,
    /// How many words have an id (the last id given).
    count: u16,
    /// The longest word with an id, in bytes: a longer one has none.
    longest: usize,
}

impl WordKeys {
    fn insert(&mut self, word: &str) -> u16 {
        let id = self.ids.entry_or_default(word);
        if *id == 0 {
            self.count = self.count.checked_add(1).expect("fewer than 65535 key words");
            *id = self.count;
            self.longest = self.longest.max(word.len());
        }
        *id
    }

    /// The id of `lower` (a lower-case word), 0 if it has none.
    #[inline]
    fn id(&self, lower: &str) -> u16 {
        if lower.len() > self.longest {
            return 0;
        }
        self.ids.get(lower).copied().unwrap_or(0)
    }
}

/// Ids of the words the hit check compares by name.
#[derive(Debug)]
struct SpecialKeys {
    duoc: u16,
    cua: u16,
    colon: u16,
    comma: u16,
}

/// Finds where triggers start in a text, as a leftmost-longest search for
/// every trigger in both spellings (`yêu cầu`, `Yêu cầu`) would, with fewer
/// patterns (the search stops wherever a text could start one):
/// - a trigger that extends another (`giao nhiệm vụ cho`) is read after a
///   match of that one;
/// - a passive trigger (`được giao`) is found at the matches of its last
///   word (`giao`, a trigger itself) that follow its lead (`được `): the
///   lead is everywhere;
/// - a trigger of two words or more is searched without its start, one
///   pattern for both spellings, which must stand before the match: without
///   its first letter if that is ASCII (`êu cầu`), else without its first
///   word (`nghị`: the search compares the first four bytes of a pattern,
///   and those of `đề` are those of `để`, `đều`, `đồng`, ...).
#[derive(Debug)]
struct TriggerFinder {
    automaton: AhoCorasick,
    /// How each pattern of `automaton` gives a hit.
    patterns: Vec<FinderPattern>,
}

/// How a match of the trigger finder gives a trigger hit.
#[derive(Debug, Clone, Default)]
struct FinderPattern {
    /// The start of the trigger left out of the pattern, in its lower-case
    /// and sentence-initial spellings: it must stand before the match.
    left_out: Option<[String; 2]>,
    /// What may follow the match to make a longer trigger (` nhiệm vụ
    /// cho`), longest first.
    extensions: Vec<String>,
    /// The passive trigger whose last word the lower-case spelling is.
    passive: Option<PassiveLead>,
}

/// A passive trigger (`được giao`) split before its last word.
#[derive(Debug, Clone)]
struct PassiveLead {
    /// The words before the last, and a space, in both spellings.
    lead: [String; 2],
    /// The last word.
    last: String,
}

impl TriggerFinder {
    fn new(triggers: &[Trigger]) -> Self {
        let passive_leads: Vec<PassiveLead> = triggers
            .iter()
            .filter(|t| t.passive && t.words.len() > 1)
            .map(|t| {
                let (last, lead) = t.words.split_last().expect("a passive trigger has words");
                let lead = lead.join(" ") + " ";
                PassiveLead {
                    lead: [capitalize(&lead), lead],
                    last: last.clone(),
                }
            })
            .collect();
        // Passive triggers with a lead and extensions of another are not searched.
        let is_searched = |t: &Trigger| {
            let passive_with_lead = t.passive && t.words.len() > 1;
            let extends = triggers
                .iter()
                .any(|u| u.words.len() < t.words.len() && t.words.starts_with(&u.words));
            !passive_with_lead && !extends
        };
        let mut texts: Vec<String> = Vec::new();
        let mut patterns = Vec::new();
        for t in triggers.iter().filter(|t| is_searched(t)) {
            let phrase = t.words.join(" ");
            let mut extensions: Vec<String> = triggers
                .iter()
                .filter(|u| u.words.len() > t.words.len() && u.words.starts_with(&t.words))
                .map(|u| format!(" {}", u.words[t.words.len()..].join(" ")))
                .collect();
            extensions.sort_by_key(|e| std::cmp::Reverse(e.len()));
            let pattern = FinderPattern {
                left_out: None,
                extensions,
                // Only the lower-case spelling follows a lead (`Được giao`, not `được Giao`).
                passive: passive_leads
                    .iter()
                    .find(|p| t.words == [p.last.as_str()])
                    .cloned(),
            };
            let left_out = match phrase.as_bytes()[0] {
                _ if t.words.len() < 2 => 0,
                letter if letter.is_ascii() => 1,
                _ => t.words[0].len() + 1,
            };
            match left_out {
                1.. => {
                    texts.push(phrase[left_out..].to_owned());
                    let lower = phrase[..left_out].to_owned();
                    patterns.push(FinderPattern {
                        left_out: Some([lower.clone(), capitalize(&lower)]),
                        ..pattern
                    });
                }
                0 => {
                    texts.extend([capitalize(&phrase), phrase]);
                    patterns.extend([
                        FinderPattern {
                            passive: None,
                            ..pattern.clone()
                        },
                        pattern,
                    ]);
                }
            }
        }
        // Matches then come in the order of the triggers they stand for, and
        // hide none: each spelling of a trigger holds one pattern (its own)
        // once, and no lead word is in a trigger.
        for t in triggers.iter().filter(|t| is_searched(t)) {
            let phrase = t.words.join(" ");
            for spelling in [capitalize(&phrase), phrase] {
                let held: usize = texts
                    .iter()
                    .map(|a| {
                        spelling
                            .as_bytes()
                            .windows(a.len())
                            .filter(|w| *w == a.as_bytes())
                            .count()
                    })
                    .sum();
                assert_eq!(held, 1, "patterns held by the trigger {spelling:?}");
            }
        }
        for p in &passive_leads {
            for w in p.lead[1].split_whitespace() {
                let in_trigger = triggers
                    .iter()
                    .any(|t| !t.passive && t.words.iter().any(|x| x == w));
                assert!(!in_trigger, "a trigger holds the passive lead {w:?}");
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&texts)
            .expect("directive triggers form a valid automaton");
        TriggerFinder { automaton, patterns }
    }

    /// Pushes on `hits` where each trigger of `text` starts, if it is a
    /// whole word.
    fn find(&self, text: &str, hits: &mut Vec<usize>) {
        let bytes = text.as_bytes();
        let mut from = 0;
        while let Some(m) = self.automaton.find(Input::new(text).span(from..text.len())) {
            let pattern = &self.patterns[m.pattern().as_usize()];
            let mut range = m.range();
            let mut lower_case = true;
            if let Some(spellings) = &pattern.left_out {
                // Without it (`nêu cầu`) there is no trigger here, but one
                // may start inside the match.
                let before = &bytes[from..m.start()];
                match spellings.iter().position(|s| before.ends_with(s.as_bytes())) {
                    Some(k) => {
                        lower_case = k == 0;
                        range.start -= spellings[k].len();
                    }
                    None => {
                        from = m.start() + 1;
                        continue;
                    }
                }
            }
            if let Some(longer) = pattern
                .extensions
                .iter()
                .find(|e| text[range.end..].starts_with(e.as_str()))
            {
                range.end += longer.len();
            }
            if let Some(passive) = pattern.passive.as_ref().filter(|_| lower_case) {
                // The leftmost match is `được giao`, whatever follows.
                let before = &bytes[..range.start];
                if let Some(lead) = passive.lead.iter().find(|lead| before.ends_with(lead.as_bytes())) {
                    range = range.start - lead.len()..range.start + passive.last.len();
                }
            }
            from = range.end;
            if is_word_boundary(text, range.start) && is_word_boundary(text, range.end) {
                hits.push(range.start);
            }
        }
    }
}

/// All word lists of this module, parsed once.
struct Lexicon {
    triggers: Vec<Trigger>,
    trigger_finder: TriggerFinder,
    not_governing: Vec<Vec<String>>,
    /// Each word of `not_governing` with the phrases and places it is at.
    not_governing_by_word: HashMap<String, Vec<(usize, usize)>>,
    /// The ids of the words in the hit check.
    word_keys: WordKeys,
    special_keys: SpecialKeys,
    /// `not_governing` as ids.
    not_governing_keys: Vec<Vec<u16>>,
    /// `not_governing_by_word` by id (index 0, any other word: none).
    not_governing_by_key: Vec<Vec<(usize, usize)>>,
    /// Whether the word of each id is in `past`.
    past_by_key: Vec<bool>,
    actions: PhraseSet,
    pre_verb: PhraseSet,
    post_verb: PhraseSet,
    modals: PhraseSet,
    openers: PhraseSet,
    past: HashSet<String>,
    heads: PhraseSet,
    upward: PhraseSet,
    subordinate: PhraseSet,
    deadline: PhraseSet,
    /// How many words before a trigger [`local_trigger`] may read: a
    /// not-governing phrase ending on it, or `được` three words before.
    window_before: usize,
    /// How many words after a trigger's first word [`local_trigger`] may
    /// read: the longest trigger and the word after it, or a not-governing
    /// phrase starting on it.
    window_after: usize,
}

/// Whether `at` is not inside a word (a trigger hit must be a whole word).
fn is_word_boundary(text: &str, at: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at..].chars().next();
    !(before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric))
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut triggers = Vec::new();
    for line in data_lines(include_str!("../data/directives/governing.tsv")) {
        let mut cols = line.split('\t');
        let words: Vec<String> = cols
            .next()
            .unwrap_or("")
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        let modality = cols.next().filter(|m| !m.is_empty());
        let strength = cols.next().unwrap_or("");
        triggers.push(Trigger {
            words,
            modality,
            strong: strength != "weak",
            passive: strength == "passive",
            keys: Vec::new(),
        });
    }
    let not_governing: Vec<Vec<String>> = data_lines(include_str!("../data/directives/not-governing.tsv"))
        .map(|l| l.split_whitespace().map(str::to_lowercase).collect())
        .collect();
    // The finder only locates trigger words; whether one governs is decided
    // on the tokens around it (not-governing.tsv), for the few hits there are.
    let trigger_finder = TriggerFinder::new(&triggers);
    let mut not_governing_by_word: HashMap<String, Vec<(usize, usize)>> = HashMap::default();
    for (k, phrase) in not_governing.iter().enumerate() {
        for (offset, word) in phrase.iter().enumerate() {
            not_governing_by_word
                .entry(word.clone())
                .or_default()
                .push((k, offset));
        }
    }
    let past: HashSet<String> = data_lines(include_str!("../data/directives/past-markers.txt"))
        .map(str::to_owned)
        .collect();
    let mut word_keys = WordKeys::default();
    for trigger in &mut triggers {
        trigger.keys = trigger.words.iter().map(|w| word_keys.insert(w)).collect();
    }
    let not_governing_keys: Vec<Vec<u16>> = not_governing
        .iter()
        .map(|phrase| phrase.iter().map(|w| word_keys.insert(w)).collect())
        .collect();
    let past_keys: Vec<u16> = past.iter().map(|w| word_keys.insert(w)).collect();
    let special_keys = SpecialKeys {
        duoc: word_keys.insert("được"),
        cua: word_keys.insert("của"),
        colon: word_keys.insert(":"),
        comma: word_keys.insert(","),
    };
    let key_count = usize::from(word_keys.count) + 1;
    let mut past_by_key = vec![false; key_count];
    for k in past_keys {
        past_by_key[usize::from(k)] = true;
    }
    let mut not_governing_by_key = vec![Vec::new(); key_count];
    for (word, places) in &not_governing_by_word {
        not_governing_by_key[usize::from(word_keys.id(word))].clone_from(places);
    }
    let longest_exception = not_governing.iter().map(Vec::len).max().unwrap_or(0);
    let longest_trigger = triggers.iter().map(|t| t.words.len()).max().unwrap_or(0);
    Lexicon {
        window_before: longest_exception.saturating_sub(1).max(3),
        window_after: longest_exception.saturating_sub(1).max(longest_trigger),
        triggers,
        trigger_finder,
        not_governing,
        not_governing_by_word,
        word_keys,
        special_keys,
        not_governing_keys,
        not_governing_by_key,
        past_by_key,
        actions: PhraseSet::from_lines(include_str!("../data/directives/actions.txt")),
        pre_verb: PhraseSet::from_lines(include_str!("../data/directives/pre-verb.txt")),
        post_verb: PhraseSet::from_lines(include_str!("../data/directives/post-verb.txt")),
        modals: PhraseSet::from_lines(include_str!("../data/directives/modals.txt")),
        openers: PhraseSet::from_lines(include_str!("../data/directives/openers.txt")),
        past,
        heads: PhraseSet::from_lines(include_str!("../data/directives/addressee-heads.txt")),
        upward: PhraseSet::from_lines(include_str!("../data/directives/upward.txt")),
        subordinate: PhraseSet::from_lines(include_str!("../data/directives/subordinate-markers.txt")),
        deadline: PhraseSet::from_lines(include_str!("../data/directives/deadline-markers.txt")),
    }
});

/// One token of a sentence being read: its span, lower-case text and shape.
#[derive(Debug, Clone)]
struct Word<'t> {
    span: Range<usize>,
    lower: &'t str,
    is_word: bool,
    capitalized: bool,
}

impl Word<'_> {
    fn is_punct(&self, p: &str) -> bool {
        !self.is_word && self.lower == p
    }
}

/// Buffers reused from sentence to sentence (and, through [`DocScratch`],
/// from document to document).
#[derive(Debug, Default)]
struct Scratch {
    /// The lower-case forms of the sentence's words with capitals, one after another.
    lower: String,
    /// For each word with capitals, its index and where its lower-case form
    /// ends in `lower`.
    lower_ends: Vec<(usize, usize)>,
}

/// Whether `text` has an upper-case letter ([`char::is_uppercase`]).
///
/// Bytes, not chars: ASCII letters and the Vietnamese letters of Latin
/// Extended Additional (`ạ`..`ỹ`, upper case at even code points) are
/// decided without decoding; other characters go to [`is_uppercase`].
#[inline(always)]
fn has_uppercase(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            if b.is_ascii_uppercase() {
                return true;
            }
            i += 1;
        } else if b == 0xE1
            && matches!(bytes.get(i + 1), Some(0xBA | 0xBB))
            && bytes
                .get(i + 2)
                .is_some_and(|&c| c >= 0xA0 || bytes[i + 1] == 0xBB)
        {
            // U+1EA0..=U+1EFF: the last byte's parity is the code point's.
            if bytes[i + 2] & 1 == 0 {
                return true;
            }
            i += 3;
        } else {
            let c = text[i..].chars().next().expect("a char starts here");
            if is_uppercase(c) {
                return true;
            }
            i += c.len_utf8();
        }
    }
    false
}

/// The indices in `ctx.segments.tokens` of the tokens inside `range`.
fn token_range(ctx: &Context, range: Range<usize>) -> Range<usize> {
    let tokens = &ctx.segments.tokens;
    let first = tokens.partition_point(|t| t.span.start < range.start);
    // Tokens do not overlap: their ends rise with their starts.
    first..first + tokens[first..].partition_point(|t| t.span.end <= range.end)
}

/// The words of the tokens at `tokens` (indices in `ctx.segments.tokens`),
/// written into `words` (emptied first): most borrow the text, the others
/// their lower-case form written in `scratch`.
// Kept out of line: inlined into `extract` it made the sentence loop dearer.
#[inline(never)]
fn words_of<'b>(
    ctx: &Context<'b>,
    tokens: Range<usize>,
    scratch: &'b mut Scratch,
    mut words: Vec<Word<'b>>,
) -> Vec<Word<'b>> {
    let tokens = &ctx.segments.tokens[tokens];
    scratch.lower.clear();
    scratch.lower_ends.clear();
    // One pass borrows every word from the text and writes the lower-case
    // forms of the few with capitals; a second points those at their forms.
    words.clear();
    words.reserve(tokens.len());
    for (k, t) in tokens.iter().enumerate() {
        let text = &ctx.text[t.span.clone()];
        // The segmenter knows which words start with a capital; the others
        // may still have one inside (`eKYC`).
        let starts_upper = t.starts_upper();
        let capitalized = (starts_upper || has_uppercase(text)) && {
            push_lowercase(&mut scratch.lower, text);
            scratch.lower_ends.push((k, scratch.lower.len()));
            starts_upper || text.chars().next().is_some_and(is_uppercase)
        };
        words.push(Word {
            span: t.span.clone(),
            lower: text,
            is_word: matches!(t.kind, TokenKind::Word | TokenKind::Number),
            capitalized,
        });
    }
    let scratch: &'b Scratch = scratch;
    let mut lower_start = 0;
    for &(k, end) in &scratch.lower_ends {
        words[k].lower = &scratch.lower[lower_start..end];
        lower_start = end;
    }
    words
}

/// A token of the window around a trigger hit: its [`WordKeys`] id and
/// whether it is a word.
#[derive(Debug, Clone, Copy)]
struct KeyedWord {
    key: u16,
    is_word: bool,
}

/// Buffers of [`hit_trigger`], reused from hit to hit.
#[derive(Debug, Default)]
struct HitScratch {
    words: Vec<KeyedWord>,
    lower: String,
}

/// The trigger at byte `hit` of the sentence whose tokens are `sentence`
/// (indices in `ctx.segments.tokens`), if it passes [`local_trigger`] read on
/// the few words around it, which gives what it gives on the whole
/// sentence. The words are compared by id ([`WordKeys`]): a sentence none
/// of whose hits passes needs no list of words.
fn hit_trigger<'l>(
    ctx: &Context,
    sentence: &Range<usize>,
    hit: usize,
    scratch: &mut HitScratch,
) -> Option<&'l Trigger> {
    let tokens = &ctx.segments.tokens[sentence.clone()];
    let k = tokens.partition_point(|t| t.span.start < hit);
    if tokens.get(k).is_none_or(|t| t.span.start != hit) {
        return None;
    }
    let lex: &'l Lexicon = &LEXICON;
    let from = k.saturating_sub(lex.window_before);
    let to = tokens.len().min(k + lex.window_after + 1);
    scratch.words.clear();
    for t in &tokens[from..to] {
        let text = &ctx.text[t.span.clone()];
        let key = if has_uppercase(text) {
            scratch.lower.clear();
            push_lowercase(&mut scratch.lower, text);
            lex.word_keys.id(&scratch.lower)
        } else {
            lex.word_keys.id(text)
        };
        scratch.words.push(KeyedWord {
            key,
            is_word: matches!(t.kind, TokenKind::Word | TokenKind::Number),
        });
    }
    keyed_local_trigger(&scratch.words, k - from)
}

/// [`local_trigger`] on words given by id.
fn keyed_local_trigger<'l>(words: &[KeyedWord], i: usize) -> Option<&'l Trigger> {
    let lex: &'l Lexicon = &LEXICON;
    let keys = &lex.special_keys;
    let trigger = lex
        .triggers
        .iter()
        .filter(|t| keys_match_at(words, i, &t.keys))
        .max_by_key(|t| t.keys.len())?;
    let len = trigger.keys.len();
    // As in `is_governing`.
    for &(phrase, offset) in &lex.not_governing_by_key[usize::from(words[i].key)] {
        if offset <= i && keys_match_at(words, i - offset, &lex.not_governing_keys[phrase]) {
            return None;
        }
    }
    let next = words.get(i + len);
    if next.is_some_and(|w| w.key == keys.cua)
        || next.is_none_or(|w| !w.is_word && w.key != keys.colon && w.key != keys.comma)
        || words[i.saturating_sub(3)..i].iter().any(|w| w.key == keys.duoc)
        || words[i.saturating_sub(2)..i]
            .iter()
            .any(|w| lex.past_by_key[usize::from(w.key)])
    {
        return None;
    }
    Some(trigger)
}

/// [`matches_at`] on words given by id.
fn keys_match_at(words: &[KeyedWord], i: usize, phrase: &[u16]) -> bool {
    phrase
        .iter()
        .enumerate()
        .all(|(k, &key)| words.get(i + k).is_some_and(|w| w.is_word && w.key == key))
}

/// The passage state carried from a governing clause to the items after it.
#[derive(Debug, Clone, Default)]
struct Passage<'a> {
    issuer: Option<&'a str>,
    /// Whether the issuer is a named person (not a body or nobody).
    issuer_is_person: bool,
    modality: Option<&'static str>,
    /// The addressees, as byte ranges of the text.
    addressees: Vec<Range<usize>>,
    /// A weak trigger (`nhấn mạnh`) is followed by a whole clause whose
    /// subject is the addressee, written inside the item's text.
    addressee_in_text: bool,
    /// At a paragraph start: only imperatives and modal instructions go on.
    strict: bool,
}

/// Buffers of one document. Each thread keeps one ([`DOC_SCRATCH`]) that
/// every document reuses, rather than allocating its own.
#[derive(Debug, Default)]
struct DocScratch {
    /// Where each trigger hit of the text starts.
    hits: Vec<usize>,
    /// The hits of a sentence that pass the check on their window, with their trigger.
    passed: Vec<(usize, &'static Trigger)>,
    hit: HitScratch,
    sentence: Scratch,
    /// The words of a sentence; always empty here (see [`recycled`]).
    words: Vec<Word<'static>>,
    /// [`Known::mentions`]; always empty here.
    mentions: Vec<(usize, usize, &'static str)>,
    /// The addressee list of a passage no longer open.
    addressees: Vec<Range<usize>>,
    items: ItemScratch,
}

thread_local! {
    /// This thread's [`DocScratch`], taken by [`extract`] and put back.
    static DOC_SCRATCH: std::cell::Cell<Option<DocScratch>> = const { std::cell::Cell::new(None) };
}

/// `buffer` emptied, as a vector of `U`: when `T` and `U` are one type under
/// other lifetimes, the standard library's in-place collection keeps the
/// allocation, so a buffer of borrowed items outlives what they borrowed.
fn recycled<T, U>(mut buffer: Vec<T>) -> Vec<U> {
    buffer.clear();
    buffer
        .into_iter()
        .map(|_| unreachable!("the vector is empty"))
        .collect()
}

/// Finds every directive. Reads people and titles (for the issuer) and dates
/// (for deadlines); spans are byte ranges of `ctx.text`.
///
/// ```
/// let text = "Kết luận cuộc họp, ông Nguyễn Văn An đề nghị: Ngành y tế duy trì các giải pháp phòng dịch; đẩy nhanh tiến độ tiêm vắc xin.";
/// let doc = vnextract::Extractor::new().extract(text);
/// assert_eq!(doc.directives.len(), 2);
/// assert_eq!(doc.directives[1].addressees, vec!["Ngành y tế".to_string()]);
/// ```
pub fn extract(ctx: &Context, people: &[Person], titles: &[Title], dates: &[DateMention]) -> Vec<Directive> {
    let mut scratch = DOC_SCRATCH.take().unwrap_or_default();
    let out = extract_with(ctx, people, titles, dates, &mut scratch);
    DOC_SCRATCH.set(Some(scratch));
    out
}

/// [`extract`] with the buffers of `scratch`.
fn extract_with(
    ctx: &Context,
    people: &[Person],
    titles: &[Title],
    dates: &[DateMention],
    scratch: &mut DocScratch,
) -> Vec<Directive> {
    // One pass over the text finds every trigger; sentences without one are
    // skipped unless a passage is open.
    let hits = &mut scratch.hits;
    hits.clear();
    LEXICON.trigger_finder.find(ctx.text, hits);
    if hits.is_empty() {
        return Vec::new();
    }
    let hits = &scratch.hits;
    // Built when a sentence is first read: most hits are refused before.
    let mut known: Option<Known> = None;
    let mut out = Vec::new();
    let mut passage: Option<Passage> = None;
    let mut word_buffer = recycled(std::mem::take(&mut scratch.words));
    let passed = &mut scratch.passed;
    for paragraph in &ctx.segments.paragraphs {
        let first = ctx
            .segments
            .sentences
            .partition_point(|s| s.start < paragraph.start);
        // A passage goes on into a new paragraph only with an imperative or
        // an addressee followed by `cần`/`phải`, not with any subject + verb.
        if let Some(p) = &mut passage {
            p.strict = true;
        }
        for sentence in ctx.segments.sentences[first..]
            .iter()
            .take_while(|s| s.end <= paragraph.end)
        {
            let first_hit = hits.partition_point(|&h| h < sentence.start);
            let sentence_hits = &hits[first_hit..hits.partition_point(|&h| h < sentence.end)];
            if passage.is_none() && sentence_hits.is_empty() {
                continue;
            }
            let sentence_tokens = token_range(ctx, sentence.clone());
            // Most hits are refused on the words around them (`giao thông`,
            // `theo yêu cầu`): outside a passage their sentence is not read.
            passed.clear();
            passed.extend(
                sentence_hits
                    .iter()
                    .filter_map(|&h| hit_trigger(ctx, &sentence_tokens, h, &mut scratch.hit).map(|t| (h, t))),
            );
            if passage.is_none() && passed.is_empty() {
                continue;
            }
            let known = known.get_or_insert_with(|| {
                Known::new(
                    people,
                    titles,
                    dates,
                    recycled(std::mem::take(&mut scratch.mentions)),
                )
            });
            let words = words_of(ctx, sentence_tokens, &mut scratch.sentence, word_buffer);
            let governing = if passed.is_empty() {
                None
            } else {
                governing_clause(ctx, &words, passed, known, passage.is_some())
            };
            if let Some((mut governing, body_start)) = governing {
                // The new passage's addressee list takes the buffer of the old.
                if let Some(old) = passage.take() {
                    scratch.addressees = old.addressees;
                }
                governing.addressees = std::mem::take(&mut scratch.addressees);
                governing.addressees.clear();
                let opened = if governing_is_upward(&words[body_start..], &governing) {
                    0
                } else {
                    let body = &words[body_start..];
                    items(
                        ctx,
                        body,
                        &mut governing,
                        true,
                        known,
                        &mut scratch.items,
                        &mut out,
                    )
                };
                if opened > 0 {
                    passage = Some(governing);
                } else {
                    scratch.addressees = governing.addressees;
                }
            } else if let Some(p) = &mut passage {
                if items(ctx, &words, p, false, known, &mut scratch.items, &mut out) > 0 {
                    p.strict = false;
                } else if let Some(old) = passage.take() {
                    scratch.addressees = old.addressees;
                }
            }
            word_buffer = recycled(words);
        }
    }
    scratch.words = recycled(word_buffer);
    if let Some(known) = known {
        scratch.mentions = recycled(known.mentions);
    }
    if let Some(old) = passage {
        scratch.addressees = old.addressees;
    }
    out
}

/// A request whose addressee stands above a speaker who is not a named
/// official (`huyện Vân Canh đề nghị tỉnh hỗ trợ`) is not a directive.
fn governing_is_upward(body: &[Word], passage: &Passage) -> bool {
    let lex = &*LEXICON;
    let start = skip_lead(body, 0);
    !passage.issuer_is_person && lex.upward.contains(body, start)
}

/// Looks for a governing trigger in the sentence, at the `hits` that passed
/// [`hit_trigger`] (with their trigger); returns the passage (issuer,
/// modality, addressees) and the index of the first word after the trigger.
fn governing_clause<'a>(
    ctx: &Context<'a>,
    words: &[Word],
    hits: &[(usize, &'static Trigger)],
    known: &Known<'a>,
    in_passage: bool,
) -> Option<(Passage<'a>, usize)> {
    let lex = &*LEXICON;
    let mut from = 0;
    for &(hit, trigger) in hits {
        // Hits and words are both in text order: the word at each hit.
        let i = from + words[from..].partition_point(|w| w.span.start < hit);
        from = i;
        if words.get(i).is_none_or(|w| w.span.start != hit) {
            continue;
        }
        if (0..i).any(|k| lex.subordinate.contains(words, k)) {
            continue;
        }
        if generic_subject(words, i) {
            continue;
        }
        if trigger.passive {
            match passive_clause(words, i, trigger) {
                Some(found) => return Some(found),
                None => continue,
            }
        }
        let (issuer, issuer_is_person) = issuer_before(ctx, words, i, known);
        let trigger_start = words[i].span.start;
        // An authority must speak: a person, a title or a capitalized body.
        // A trigger with no subject (`Chỉ đạo các trường học ...`) only
        // instructs inside a passage already opened by an authority.
        let subject_known = issuer.is_some()
            || (0..i).any(|k| words[k].capitalized && k > 0)
            || (i > 0 && is_pronoun(&ctx.text[words[0].span.start..words[i - 1].span.end]));
        if !subject_known && (i > 0 || !in_passage) {
            continue;
        }
        // A person named earlier may be the speaker, but only a person or
        // title in this sentence makes the speaker an official for certain.
        let issuer = issuer.or_else(|| known.last_person_before(trigger_start));
        let mut body = i + trigger.words.len();
        while body < words.len() && (words[body].is_punct(":") || words[body].is_punct(",")) {
            body += 1;
        }
        let passage = Passage {
            issuer,
            issuer_is_person,
            modality: trigger.modality,
            addressee_in_text: !trigger.strong,
            ..Passage::default()
        };
        if !trigger.strong && !weak_body_is_instruction(&words[body..]) {
            return None;
        }
        return Some((passage, body));
    }
    None
}

/// The trigger at word `i`, unless the words around it show it governs
/// nothing. Reads no word more than [`Lexicon::window_before`] before `i` or
/// [`Lexicon::window_after`] after it. [`hit_trigger`] decides the same on ids.
#[cfg(test)]
fn local_trigger<'l>(words: &[Word], i: usize) -> Option<&'l Trigger> {
    let lex: &'l Lexicon = &LEXICON;
    let trigger = lex
        .triggers
        .iter()
        .filter(|t| matches_at(words, i, &t.words))
        .max_by_key(|t| t.words.len())?;
    if !is_governing(words, i, trigger.words.len()) {
        return None;
    }
    // `quyền hạn được Chính phủ giao;`: a trigger that ends its clause, or
    // whose agent follows `được`, reports an assignment; it instructs no one.
    let next = words.get(i + trigger.words.len());
    if next.is_none_or(|w| !w.is_word && !w.is_punct(":") && !w.is_punct(","))
        || (i.saturating_sub(3)..i).any(|k| words[k].lower == "được")
        || (i.saturating_sub(2)..i).any(|k| lex.past.contains(words[k].lower))
    {
        return None;
    }
    Some(trigger)
}

/// Subjects that refer back to a person named before (`Đồng chí đề nghị ...`).
const PRONOUNS: [&str; 5] = ["đồng chí", "ông", "bà", "ông ấy", "bà ấy"];

/// Whether `text`, lower-cased, is one of [`PRONOUNS`]. Compared character
/// by character, without a lower-case copy: the final-sigma rule of
/// [`str::to_lowercase`] only tells `σ` from `ς`, neither in a pronoun.
fn is_pronoun(text: &str) -> bool {
    PRONOUNS
        .iter()
        .any(|p| text.chars().flat_map(char::to_lowercase).eq(p.chars()))
}

/// `Sở Tài chính được giao kiểm soát ...`: the capitalized subject before the
/// trigger is the addressee and opens the item.
fn passive_clause(words: &[Word], i: usize, trigger: &Trigger) -> Option<(Passage<'static>, usize)> {
    let start = (0..i)
        .rev()
        .find(|&k| words[k].is_punct(",") || words[k].is_punct(";"))
        .map_or(0, |k| k + 1);
    let start = skip_lead(&words[..i], start);
    if start >= i || !words[start].capitalized || i - start > 12 {
        return None;
    }
    action_at(words, i + trigger.words.len(), false)?;
    let passage = Passage {
        modality: trigger.modality,
        addressee_in_text: true,
        ..Passage::default()
    };
    Some((passage, start))
}

/// `Các địa phương chỉ đạo ...`: a plural, generic subject reports what many
/// bodies did; it is not an authority instructing.
fn generic_subject(words: &[Word], i: usize) -> bool {
    let start = (0..i)
        .rev()
        .find(|&k| words[k].is_punct(","))
        .map_or(0, |k| k + 1);
    let start = skip_lead(&words[..i], start);
    words[start..i]
        .first()
        .is_some_and(|w| w.lower == "các" || w.lower == "những")
}

fn matches_at(words: &[Word], i: usize, phrase: &[String]) -> bool {
    phrase
        .iter()
        .enumerate()
        .all(|(k, w)| words.get(i + k).is_some_and(|x| x.is_word && x.lower == w))
}

/// False when the trigger at `i` is part of a phrase of not-governing.tsv.
fn is_governing(words: &[Word], i: usize, len: usize) -> bool {
    let lex = &*LEXICON;
    // Every alignment of a phrase that puts one of its words on the
    // trigger's first word.
    if let Some(places) = words.get(i).and_then(|w| lex.not_governing_by_word.get(w.lower)) {
        for &(phrase, offset) in places {
            if offset <= i && matches_at(words, i - offset, &lex.not_governing[phrase]) {
                return false;
            }
        }
    }
    // A trigger directly followed by `của` is a noun (`chỉ đạo của ...`).
    words.get(i + len).is_none_or(|w| w.lower != "của")
}

/// For weak triggers (`nhấn mạnh`, `lưu ý`) the clause after must itself be an
/// instruction: a future opener, a modal, or an imperative verb first.
fn weak_body_is_instruction(body: &[Word]) -> bool {
    let lex = &*LEXICON;
    let Some(first) = body.iter().position(|w| w.is_word) else {
        return false;
    };
    if lex.openers.contains(body, first) || lex.actions.contains(body, first) {
        return true;
    }
    // `nhấn mạnh, để thực hiện hiệu quả ..., Sở Nội vụ cần ...`: the clause
    // proper may start after a lead.
    let first = skip_lead(body, first);
    let clause_end = (first..body.len())
        .find(|&k| body[k].is_punct(";") || body[k].is_punct(","))
        .unwrap_or(body.len());
    (first..clause_end.min(first + 14)).any(|k| lex.modals.contains(body, k))
}

/// The issuer named before the trigger: the last person mention, else the
/// holder of the last title, else the capitalized subject phrase (a body);
/// and whether it is a person.
fn issuer_before<'a>(
    ctx: &Context<'a>,
    words: &[Word],
    i: usize,
    known: &Known<'a>,
) -> (Option<&'a str>, bool) {
    let Some(first) = words.first() else {
        return (None, false);
    };
    let from = first.span.start;
    let to = words[i].span.start;
    if let Some(name) = known.last_person_within(from, to) {
        return (Some(name), true);
    }
    if let Some(holder) = known
        .titles_from(from, to)
        .iter()
        .filter(|t| t.span.start >= from && t.span.end <= to)
        .filter_map(|t| t.person.as_deref())
        .next_back()
    {
        return (Some(holder), true);
    }
    // The subject phrase: from the last comma before the trigger to it.
    let start = (0..i)
        .rev()
        .find(|&k| words[k].is_punct(","))
        .map_or(0, |k| k + 1);
    let subject = &words[start..i];
    if subject.is_empty() || !subject[0].capitalized || subject.len() > 12 {
        return (None, false);
    }
    let text = ctx.text[subject[0].span.start..subject[subject.len() - 1].span.end].trim();
    let body = (!is_pronoun(text)).then_some(text);
    (body, false)
}

/// The people, titles and dates found before, indexed by position: a
/// sentence looks only at those near it, not through every one of a long text.
struct Known<'a> {
    /// Every person mention as (start, end, name), by start; mentions that
    /// start together keep the order of `people`.
    mentions: Vec<(usize, usize, &'a str)>,
    titles: &'a [Title],
    titles_by_start: bool,
    dates: &'a [DateMention],
    dates_by_start: bool,
}

impl<'a> Known<'a> {
    /// `buffer` (empty) holds the mentions.
    fn new(
        people: &'a [Person],
        titles: &'a [Title],
        dates: &'a [DateMention],
        mut mentions: Vec<(usize, usize, &'a str)>,
    ) -> Self {
        mentions.clear();
        mentions.extend(people.iter().flat_map(|p| {
            p.mentions
                .iter()
                .map(|m| (m.span.start, m.span.end, p.name.as_str()))
        }));
        // Stable: equal starts stay in the order of `people`.
        mentions.sort_by_key(|m| m.0);
        Known {
            mentions,
            titles,
            titles_by_start: titles.is_sorted_by_key(|t| t.span.start),
            dates,
            dates_by_start: dates.is_sorted_by_key(|d| d.span.start),
        }
    }

    /// The last person mention inside `from..to`, the first in `people`
    /// order of those starting there.
    fn last_person_within(&self, from: usize, to: usize) -> Option<&'a str> {
        let lo = self.mentions.partition_point(|m| m.0 < from);
        let hi = self.mentions.partition_point(|m| m.0 <= to);
        let near = &self.mentions[lo..hi.max(lo)];
        let last = near.iter().rposition(|m| m.1 <= to)?;
        let start = near[last].0;
        let first_there = near[..last].partition_point(|m| m.0 < start);
        near[first_there..=last].iter().find(|m| m.1 <= to).map(|m| m.2)
    }

    /// The person mentioned last before `at`, the last in `people` order of
    /// those starting there.
    fn last_person_before(&self, at: usize) -> Option<&'a str> {
        let before = self.mentions.partition_point(|m| m.0 < at);
        before.checked_sub(1).map(|k| self.mentions[k].2)
    }

    /// The titles that may lie inside `from..to`, in their order: all of
    /// them unless they are sorted by start (a span ends at or after its start).
    fn titles_from(&self, from: usize, to: usize) -> &'a [Title] {
        within(self.titles, self.titles_by_start, |t| t.span.start, from, to)
    }

    /// The dates that may lie inside `from..to` (see [`Known::titles_from`]).
    fn dates_from(&self, from: usize, to: usize) -> &'a [DateMention] {
        within(self.dates, self.dates_by_start, |d| d.span.start, from, to)
    }
}

/// The items of `items` starting inside `from..=to` when they are sorted by
/// start, else all of them.
fn within<T>(items: &[T], sorted: bool, start: impl Fn(&T) -> usize, from: usize, to: usize) -> &[T] {
    if !sorted {
        return items;
    }
    let lo = items.partition_point(|t| start(t) < from);
    let hi = items.partition_point(|t| start(t) <= to);
    &items[lo..hi.max(lo)]
}

/// What opens an item: where its text starts, where its action starts and
/// ends, and the addressee it names itself, if any.
struct Opening {
    text_start: usize,
    action: Range<usize>,
    own_addressee: Option<Range<usize>>,
}

/// Skips list markers (`-`, `(1)`, `a)`, `1.`) and discourse openers.
fn skip_lead(words: &[Word], mut i: usize) -> usize {
    let lex = &*LEXICON;
    loop {
        let before = i;
        while i < words.len() && !words[i].is_word && !words[i].is_punct("(") {
            i += 1;
        }
        if i + 2 < words.len() && words[i].is_punct("(") && words[i + 2].is_punct(")") {
            i += 3;
        }
        if i + 1 < words.len()
            && words[i].is_word
            && words[i].lower.chars().count() <= 2
            && (words[i + 1].is_punct(")")
                || (words[i + 1].is_punct(".") && words[i].lower.parse::<u32>().is_ok()))
        {
            i += 2;
        }
        if i + 1 < words.len()
            && words[i + 1].lower == "là"
            && words.get(i + 2).is_some_and(|w| w.is_punct(","))
        {
            i += 3;
        }
        if let Some(n) = lex.openers.longest_at(words, i) {
            i += n;
            while i < words.len() && words[i].is_punct(",") {
                i += 1;
            }
        }
        // `trong quá trình triển khai nhiệm vụ, ...`, `để thực hiện hiệu quả ..., ...`
        if words
            .get(i)
            .is_some_and(|w| w.lower == "trong" || w.lower == "để")
        {
            let comma = (i + 1..words.len().min(i + 14))
                .take_while(|&k| {
                    !words[k].is_punct(";") && !words[k].is_punct(".") && !lex.modals.contains(words, k)
                })
                .find(|&k| words[k].is_punct(","));
            if let Some(c) = comma {
                i = c + 1;
            }
        }
        if i == before {
            return i;
        }
    }
}

/// Where the action starts at `i`: pre-verb adverbs then a lexicon verb.
/// A capitalized verb inside a sentence is a name (`Thanh tra tỉnh`).
fn action_at(words: &[Word], i: usize, sentence_initial: bool) -> Option<Range<usize>> {
    let lex = &*LEXICON;
    if words.get(i)?.capitalized && !sentence_initial {
        return None;
    }
    let mut j = i;
    while let Some(n) = lex.pre_verb.longest_at(words, j) {
        j += n;
    }
    let verb = lex.actions.longest_at(words, j).map(|n| j + n);
    let end = match verb {
        Some(end) => end,
        None if j > i => j, // `tập trung` alone is both adverb and verb
        None => return None,
    };
    let end = end + lex.post_verb.longest_at(words, end).unwrap_or(0);
    Some(i..end)
}

/// After `cần`/`phải` any lower-case word opens the action, a lexicon verb
/// if there is one (`cần tăng cường`, `phải vào cuộc`).
fn action_after_modal(words: &[Word], i: usize) -> Option<Range<usize>> {
    action_at(words, i, false).or_else(|| {
        let w = words.get(i)?;
        (w.is_word && !w.capitalized && !LEXICON.past.contains(w.lower)).then_some(i..i + 1)
    })
}

/// Reads the opening of a clause starting at word `i`.
fn opening(words: &[Word], i: usize, strict: bool) -> Option<Opening> {
    let lex = &*LEXICON;
    let i = skip_lead(words, i);
    let first = words.get(i)?;
    if lex.past.contains(first.lower) {
        return None;
    }
    if let Some(n) = lex.modals.longest_at(words, i) {
        let action = action_after_modal(words, i + n)?;
        return Some(Opening {
            text_start: i,
            action,
            own_addressee: None,
        });
    }
    if let Some(action) = action_at(words, i, true) {
        return Some(Opening {
            text_start: i,
            action,
            own_addressee: None,
        });
    }
    // `Ngành y tế duy trì ...`, `công ty cần tiếp tục ...`: an addressee of at
    // most 14 tokens, then an optional modal, then the action.
    let opens_addressee = lex.heads.contains(words, i);
    if !opens_addressee && !first.capitalized {
        return None;
    }
    let mut limit = words.len().min(i + 15);
    let mut k = i + 1;
    while k < limit {
        let w = &words[k];
        if w.is_punct(":") && ENUMERATION_LEADS.contains(&words[k - 1].lower) {
            // A named enumeration belongs to the addressee; look further.
            limit = words.len().min(k + 40);
            k += 1;
            continue;
        }
        if w.is_punct(";") && limit > i + 15 {
            k += 1;
            continue;
        }
        if w.is_punct(";") || w.is_punct(".") || w.is_punct(":") || lex.past.contains(w.lower) {
            return None;
        }
        if let Some(n) = lex.modals.longest_at(words, k) {
            let action = action_after_modal(words, k + n)?;
            return Some(Opening {
                text_start: i,
                action,
                own_addressee: Some(i..k),
            });
        }
        // Without a modal only a known addressee head opens a subject
        // (`Ngành y tế duy trì ...`), and not at a paragraph start.
        if opens_addressee && !strict {
            if let Some(action) = action_at(words, k, false) {
                return Some(Opening {
                    text_start: i,
                    action,
                    own_addressee: Some(i..k),
                });
            }
        }
        k += 1;
    }
    None
}

/// The addressees after a governing trigger, up to the modal or the action,
/// written into `parts` (emptied first) as ranges of `words`, and the
/// opening of the first item.
fn governing_addressees(words: &[Word], parts: &mut Vec<Range<usize>>) -> Option<Opening> {
    let lex = &*LEXICON;
    parts.clear();
    let start = skip_lead(words, 0);
    if let Some(op) = action_at(words, start, true) {
        let opening = Opening {
            text_start: start,
            action: op,
            own_addressee: None,
        };
        return Some(opening);
    }
    // `words` is one clause already (a `;` in it belongs to an enumeration).
    let clause_end = words.iter().position(|w| w.is_punct(".")).unwrap_or(words.len());
    if start >= clause_end {
        return None;
    }
    // A modal close after a comma-free addressee marks its end even when the
    // addressee holds verbs (`Ban chỉ đạo xử lý dự án ... cần rà soát`).
    let comma = words[start..clause_end]
        .iter()
        .position(|w| w.is_punct(","))
        .map(|p| p + start);
    let first_action = (start + 1..clause_end).find(|&k| action_at(words, k, false).is_some());
    let modal = (start + 1..clause_end.min(start + 20))
        .find(|&k| lex.modals.contains(words, k))
        .filter(|&k| comma.is_none_or(|c| c > k) || first_action.is_none_or(|a| a > k));
    if let Some(k) = modal {
        let n = lex.modals.longest_at(words, k).unwrap_or(1);
        if let Some(action) = action_after_modal(words, k + n) {
            let opening = Opening {
                text_start: action.start,
                action,
                own_addressee: None,
            };
            split_addressees(words, start..k, parts);
            return Some(opening);
        }
    }
    for k in start + 1..clause_end.min(start + 40) {
        if let Some(action) = action_at(words, k, false) {
            let opening = Opening {
                text_start: k,
                action,
                own_addressee: None,
            };
            split_addressees(words, start..k, parts);
            return Some(opening);
        }
    }
    None
}

/// Splits an addressee phrase at `,` and `và` before a capitalized word (or
/// `và các`/`và ngành`): `các phòng, ban, đơn vị, Chủ tịch UBND các xã,
/// phường` gives two addressees. The parts, ranges of `words`, are pushed
/// on `parts`.
fn split_addressees(words: &[Word], range: Range<usize>, parts: &mut Vec<Range<usize>>) {
    let mut start = range.start;
    // `các phòng chuyên môn như: A; B; C`: the named members are the addressees.
    if let Some(colon) = (range.start + 1..range.end)
        .find(|&k| words[k].is_punct(":") && ENUMERATION_LEADS.contains(&words[k - 1].lower))
    {
        start = colon + 1;
    }
    // `giao cho Sở ...`, `giao chợ cho cơ quan chuyên môn`: the addressee is
    // what follows `cho`.
    if let Some(k) = (start..range.end).find(|&k| words[k].lower == "cho") {
        start = k + 1;
    }
    let mut depth = 0usize;
    let mut part_start = start;
    for k in start..range.end {
        let w = &words[k];
        if w.is_punct("(") {
            depth += 1;
        } else if w.is_punct(")") {
            depth = depth.saturating_sub(1);
        }
        let next = words.get(k + 1).filter(|_| k + 1 < range.end);
        let splits = depth == 0
            && next.is_some_and(|n| {
                w.is_punct(";")
                    || (w.is_punct(",") && n.capitalized)
                    || (w.lower == "và" && (n.capitalized || n.lower == "các" || n.lower == "ngành"))
            });
        if splits {
            if k > part_start {
                parts.push(part_start..k);
            }
            part_start = k + 1;
        }
    }
    let start = part_start;
    // The passive trigger is not part of the addressee (`Sở X được giao`).
    let mut end = range.end;
    while end > start && matches!(words[end - 1].lower, "được" | "giao") {
        end -= 1;
    }
    if end > start {
        parts.push(start..end);
    }
}

/// The byte range of the text that the words at `range` cover.
fn text_span(words: &[Word], range: Range<usize>) -> Range<usize> {
    words[range.start].span.start..words[range.end - 1].span.end
}

/// Buffers of [`items`], reused from call to call.
#[derive(Debug, Default)]
struct ItemScratch {
    /// Addressees as ranges of words, from [`governing_addressees`] or
    /// [`split_addressees`].
    parts: Vec<Range<usize>>,
    /// The addressees an item names itself (byte ranges of the text); they
    /// hold for the next items of the sentence.
    own: Vec<Range<usize>>,
}

/// Reads the items of a sentence (or of the body after a governing trigger)
/// and pushes them; returns how many it found.
fn items(
    ctx: &Context,
    words: &[Word],
    passage: &mut Passage,
    governing: bool,
    known: &Known,
    scratch: &mut ItemScratch,
    out: &mut Vec<Directive>,
) -> usize {
    let ItemScratch { parts, own } = scratch;
    let mut found = 0;
    // Whether the addressees in force are `own` rather than the passage's.
    let mut own_in_force = false;
    let mut clause_start = 0;
    let mut first_clause = true;
    let mut last_item: Option<usize> = None;
    while clause_start < words.len() {
        let clause_end = next_split(words, clause_start);
        let clause = &words[..clause_end];
        // `...; yêu cầu huyện xây dựng ...; giao Sở Tài chính hướng dẫn ...`:
        // a clause that opens with a trigger governs anew.
        let nested = if first_clause {
            None
        } else {
            nested_trigger(words, clause_start).filter(|(body, _)| *body < clause_end)
        };
        let governed_from = match nested {
            Some((body, modality)) => {
                passage.modality = modality;
                Some(body)
            }
            None => (governing && first_clause).then_some(clause_start),
        };
        let opening = if let Some(body) = governed_from {
            let opening = governing_addressees(&words[body..clause_end], parts);
            // The addressees in force become the passage's.
            if !parts.is_empty() {
                passage.addressees.clear();
                passage.addressees.extend(
                    parts
                        .iter()
                        .map(|r| text_span(words, r.start + body..r.end + body)),
                );
            } else if opening.is_some() && nested.is_none() {
                passage.addressees.clear();
            } else if own_in_force {
                std::mem::swap(&mut passage.addressees, own);
            }
            own_in_force = false;
            // After a weak trigger the addressee is the clause's own subject.
            let text_start = match parts.first() {
                Some(first) if passage.addressee_in_text => first.start,
                _ => opening.as_ref().map_or(0, |o| o.text_start),
            };
            opening.map(|o| Opening {
                text_start: text_start + body,
                action: o.action.start + body..o.action.end + body,
                own_addressee: None,
            })
        } else {
            opening(clause, clause_start, passage.strict && first_clause)
        };
        match opening {
            Some(op) => {
                if let Some(range) = &op.own_addressee {
                    parts.clear();
                    split_addressees(words, range.clone(), parts);
                    own.clear();
                    own.extend(parts.iter().map(|r| text_span(words, r.clone())));
                    own_in_force = true;
                }
                if let Some(end) = item_end(words, op.text_start, clause_end) {
                    let span = words[op.text_start].span.start..end;
                    let written =
                        &ctx.text[words[op.action.start].span.start..words[op.action.end - 1].span.end];
                    let mut action = String::with_capacity(written.len());
                    push_lowercase(&mut action, written);
                    let (deadline, deadline_value) = deadline(ctx, words, op.text_start..clause_end, known);
                    let addressees = if own_in_force { &*own } else { &passage.addressees };
                    out.push(Directive {
                        span,
                        action,
                        addressees: addressees
                            .iter()
                            .map(|r| ctx.text[r.clone()].to_owned())
                            .collect(),
                        issuer: passage.issuer.map(str::to_owned),
                        modality: passage.modality.map(Cow::Borrowed),
                        deadline,
                        deadline_value,
                        ..Directive::default()
                    });
                    last_item = Some(out.len() - 1);
                    found += 1;
                }
            }
            None => {
                // Not an instruction of its own: it continues the previous item.
                if let (Some(idx), Some(end)) = (last_item, item_end(words, clause_start, clause_end)) {
                    out[idx].span.end = end;
                } else if first_clause && !governing {
                    return 0;
                }
            }
        }
        first_clause = false;
        clause_start = clause_end + 1;
    }
    found
}

/// The next `;` that ends a clause. A `;` inside a named enumeration
/// (`như: Tài chính- Kế hoạch; Kinh tế; Lao động ... xây dựng`) does not: the
/// enumeration runs from `như:` to the next action verb.
fn next_split(words: &[Word], from: usize) -> usize {
    let lex = &*LEXICON;
    let mut in_enumeration = false;
    for k in from..words.len() {
        let w = &words[k];
        if w.is_punct(":") && k > 0 && ENUMERATION_LEADS.contains(&words[k - 1].lower) {
            in_enumeration = true;
        } else if in_enumeration && w.is_word && !w.capitalized && lex.actions.contains(words, k) {
            in_enumeration = false;
        } else if w.is_punct(";") && !in_enumeration {
            return k;
        }
    }
    words.len()
}

/// Words before `:` that open a named enumeration.
const ENUMERATION_LEADS: [&str; 4] = ["như", "gồm", "là", "sau"];

/// A strong trigger opening the clause at `start` (after list markers and
/// openers): the index of the first word after it and its modality.
fn nested_trigger(words: &[Word], start: usize) -> Option<(usize, Option<&'static str>)> {
    let lex = &*LEXICON;
    let i = skip_lead(words, start);
    let trigger = lex
        .triggers
        .iter()
        .filter(|t| t.strong && !t.passive && matches_at(words, i, &t.words))
        .max_by_key(|t| t.words.len())?;
    if !is_governing(words, i, trigger.words.len()) {
        return None;
    }
    Some((i + trigger.words.len(), trigger.modality))
}

/// The end of an item's text: its last token, without trailing `.`, `;`,
/// `:`, `,` or ellipsis.
fn item_end(words: &[Word], start: usize, end: usize) -> Option<usize> {
    let last = (start..end).rev().find(|&k| {
        let w = &words[k];
        w.is_word || !matches!(w.lower, "." | ";" | ":" | "," | "…" | "-")
    })?;
    (last >= start).then(|| words[last].span.end)
}

/// A deadline: a date mention inside the item preceded by a deadline marker
/// (`trước ngày 30/9`, `chậm nhất ngày ...`, `trong tháng 10`).
fn deadline(
    ctx: &Context,
    words: &[Word],
    range: Range<usize>,
    known: &Known,
) -> (Option<String>, Option<String>) {
    let lex = &*LEXICON;
    if range.is_empty() || range.end > words.len() {
        return (None, None);
    }
    let (from, to) = (words[range.start].span.start, words[range.end - 1].span.end);
    for date in known
        .dates_from(from, to)
        .iter()
        .filter(|d| d.span.start >= from && d.span.end <= to)
    {
        let at = words[range.clone()]
            .iter()
            .position(|w| w.span.start >= date.span.start);
        let Some(at) = at.map(|p| p + range.start) else {
            continue;
        };
        for back in 1..=3.min(at - range.start) {
            let k = at - back;
            if lex.deadline.longest_at(words, k).is_some_and(|n| k + n == at) {
                let text = ctx.text[words[k].span.start..date.span.end].to_owned();
                return (Some(text), Some(date.value.to_string()));
            }
        }
    }
    (None, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Mention;

    #[test]
    fn indexed_person_lookups_agree_with_a_scan_of_every_mention() {
        // Mentions out of order, two people starting at the same place.
        let person = |name: &str, spans: &[Range<usize>]| Person {
            name: name.into(),
            honorific: None,
            short_mentions: Vec::new(),
            mentions: spans
                .iter()
                .map(|s| Mention {
                    start: 0,
                    end: 0,
                    span: s.clone(),
                })
                .collect(),
        };
        let people = [
            person("A", &[10..20, 40..50]),
            person("B", &[10..15, 30..45, 60..70]),
            person("C", &[40..44, 5..8]),
        ];
        let known = Known::new(&people, &[], &[], Vec::new());
        let mentions = || {
            people
                .iter()
                .flat_map(|p| p.mentions.iter().map(move |m| (m.span.clone(), p.name.as_str())))
        };
        for from in 0..75 {
            for to in from..75 {
                // The first person in order at the latest start inside.
                let mut best: Option<(usize, &str)> = None;
                for (span, name) in mentions() {
                    if span.start >= from && span.end <= to && best.is_none_or(|(s, _)| span.start > s) {
                        best = Some((span.start, name));
                    }
                }
                assert_eq!(
                    known.last_person_within(from, to),
                    best.map(|b| b.1),
                    "{from}..{to}"
                );
            }
            let last = mentions()
                .filter(|(s, _)| s.start < from)
                .max_by_key(|(s, _)| s.start)
                .map(|(_, n)| n);
            assert_eq!(known.last_person_before(from), last, "before {from}");
        }
    }

    #[test]
    fn pronouns_are_found_whatever_their_case() {
        assert!(is_pronoun("Đồng chí"));
        assert!(is_pronoun("ÔNG ẤY"));
        assert!(!is_pronoun("Ông Nguyễn Văn An"));
        assert!(!is_pronoun(&"ông ".repeat(20)));
    }

    #[test]
    fn has_uppercase_agrees_with_char_is_uppercase() {
        let chars = ('\0'..='\u{2000}')
            .chain('\u{1E00}'..='\u{1F00}')
            .chain(['Ⓐ', 'ǅ', '𝐀']);
        for c in chars {
            for text in [format!("{c}"), format!("ab{c}"), format!("ạ{c}x")] {
                assert_eq!(
                    has_uppercase(&text),
                    text.chars().any(char::is_uppercase),
                    "{text:?}"
                );
            }
        }
    }

    use crate::Extractor;

    fn directives(text: &str) -> Vec<Directive> {
        Extractor::new().extract(text).directives
    }

    /// The hits of a search for every trigger in both spellings, as they
    /// were found before [`TriggerFinder`].
    fn hits_of_every_spelling(text: &str) -> Vec<usize> {
        let patterns: Vec<String> = LEXICON
            .triggers
            .iter()
            .flat_map(|t| {
                let phrase = t.words.join(" ");
                [capitalize(&phrase), phrase]
            })
            .collect();
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .unwrap()
            .find_iter(text)
            .filter(|m| is_word_boundary(text, m.start()) && is_word_boundary(text, m.end()))
            .map(|m| m.start())
            .collect()
    }

    #[test]
    fn trigger_hits_agree_with_a_search_of_every_spelling() {
        let texts = [
            "Được giao nhiệm vụ cho Sở; được giao, Giao nhiệm vụ cho; nêu cầu yêu cầu Yêu cầu YÊU CẦU",
            "kyêu cầu xyêu cầu, đề nghị và yêu cầu; Đề nghị và Yêu cầu; chỉ đạo Chỉ thị thỉ đạo",
            "không được giaothông, đượcgiao, được  giao, bàn giao cho, Giao thông, khẳng định Lưu ý",
            "giao nhiệm vụ chox, Giao nhiệm vụ chò; được giao nhiệm vụ chox",
            "về nghị, đề nghị và yêu cầu, xđề nghị và yêu cầu, Đề nghị và yêu cầux, ĐỀ nghị, đề  nghị",
        ];
        for text in texts {
            let mut hits = Vec::new();
            LEXICON.trigger_finder.find(text, &mut hits);
            assert_eq!(hits, hits_of_every_spelling(text), "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn trigger_hits_agree_on_lexicon_soup(picks in proptest::collection::vec(0usize..28, 0..40)) {
            const PIECES: [&str; 28] = [
                "đề nghị", "Đề nghị", "yêu cầu", "Yêu cầu", "êu cầu", "giao", "Giao", "iao", "được",
                "Được", "nhiệm vụ cho", "và", "chỉ", "Chỉ", "đạo", "thị", "x", "n", " ", "", ",",
                "kêu gọi", "K", "lưu ý", "nghị", "đề", "Đề", "về",
            ];
            let text: String = picks.iter().map(|&i| PIECES[i]).collect::<Vec<_>>().join(" ");
            let glued: String = picks.iter().map(|&i| PIECES[i]).collect();
            for text in [text, glued] {
                let mut hits = Vec::new();
                LEXICON.trigger_finder.find(&text, &mut hits);
                proptest::prop_assert_eq!(hits, hits_of_every_spelling(&text));
            }
        }

        #[test]
        fn never_panics_on_lexicon_soup(picks in proptest::collection::vec(0usize..40, 0..60)) {
            const PIECES: [&str; 40] = [
                "đề nghị", "yêu cầu", "giao", "nhấn mạnh", "chỉ đạo", ":", ";", ".", ",", "(", ")",
                "-", "1.", "a)", "Một là,", "các", "sở", "Ngành", "cần", "phải", "tăng cường", "đã",
                "Thời gian tới", "như:", "Tài chính", "xã", "Dương Quang", "trước", "ngày 30/9",
                "tiếp tục", "thực hiện", "nghiêm", "và", "UBND", "tỉnh", "Ông", "Nguyễn Văn An",
                "…", "\n", "được giao",
            ];
            let text: String = picks.iter().map(|&i| PIECES[i]).collect::<Vec<_>>().join(" ");
            let doc = Extractor::new().extract(&text);
            for d in &doc.directives {
                proptest::prop_assert_eq!(&text[d.span.clone()], d.text.as_str());
            }
        }
    }

    #[test]
    fn data_files_parse() {
        let lex = &*LEXICON;
        assert!(lex.triggers.len() >= 8);
        assert!(lex.actions.by_first.contains_key("tăng"));
        assert!(lex.past.contains("đã"));
    }

    #[test]
    fn governing_clause_with_list_of_items() {
        let text = "Kết luận cuộc họp, đồng chí Chủ tịch đề nghị các phòng, ban, đơn vị, Chủ tịch UBND các xã, phường thực hiện nghiêm các kết luận; tăng cường công tác tiếp công dân.";
        let found = directives(text);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!(found[0].text, "thực hiện nghiêm các kết luận");
        assert_eq!(found[0].action, "thực hiện nghiêm");
        assert_eq!(
            found[0].addressees,
            vec!["các phòng, ban, đơn vị", "Chủ tịch UBND các xã, phường"]
        );
        assert_eq!(found[1].text, "tăng cường công tác tiếp công dân");
        assert_eq!(found[1].modality.as_deref(), Some("đề nghị"));
    }

    #[test]
    fn named_enumeration_does_not_split() {
        let text = "UBND tỉnh đề nghị các phòng chuyên môn như: Tài chính; Kinh tế; Lao động xây dựng lộ trình thực hiện.";
        let found = directives(text);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].text.ends_with("xây dựng lộ trình thực hiện"));
    }

    #[test]
    fn reports_of_work_done_are_not_directives() {
        let text = "Năm qua, huyện đã tăng cường quản lý, bảo vệ rừng. Tăng cường quản lý, bảo vệ và chăm sóc rừng; trồng rừng đạt 155 ha.";
        assert!(directives(text).is_empty());
    }

    #[test]
    fn requests_upwards_are_not_directives() {
        let text = "Dịp này, huyện Vân Canh đề nghị tỉnh hỗ trợ kêu gọi các nhà đầu tư.";
        assert!(directives(text).is_empty());
        let text = "Các đơn vị kiến nghị một số ý kiến đề nghị các phòng chức năng cần quan tâm xem xét, giải quyết.";
        assert!(directives(text).is_empty());
    }

    #[test]
    fn noun_uses_of_triggers_are_ignored() {
        let text = "Việc sắp xếp là phù hợp với yêu cầu sắp xếp đơn vị hành chính. Các đơn vị họp giao ban hàng tháng.";
        assert!(directives(text).is_empty());
    }

    #[test]
    fn assignments_of_oversight_are_not_directives() {
        // `theo dõi và chỉ đạo` lists what an official supervises.
        let text = "Bộ trưởng cũng theo dõi và chỉ đạo các đơn vị: Vụ Tổ chức cán bộ; Thanh tra Bộ; Viện Chiến lược. \
                    Thứ trưởng theo dõi, chỉ đạo các lĩnh vực: Kế hoạch - Tài chính; Cục Tin học hóa.";
        assert!(directives(text).is_empty());
    }

    #[test]
    fn continuation_sentences_inherit_or_name_addressees() {
        let text = "Ông Nguyễn Văn An yêu cầu các sở, ngành tăng cường kiểm tra. Tổ chức tốt Tết Trung thu. Ngành y tế duy trì các giải pháp; đẩy nhanh tiêm vắc xin. Năm nay mưa nhiều.";
        let found = directives(text);
        assert_eq!(found.len(), 4, "{found:#?}");
        assert_eq!(found[1].addressees, vec!["các sở, ngành"]);
        assert_eq!(found[2].text, "Ngành y tế duy trì các giải pháp");
        assert_eq!(found[3].addressees, vec!["Ngành y tế"]);
    }

    #[test]
    fn weak_trigger_needs_an_instruction() {
        let text = "Chủ tịch UBND tỉnh nhấn mạnh: Trong 8 tháng, hoạt động thương mại ổn định. Tăng cường quản lý rừng.";
        assert!(directives(text).is_empty());
        let text = "Chủ tịch UBND tỉnh nhấn mạnh: Thời gian tới, Trung tâm tiếp tục đẩy mạnh chuyển đổi số.";
        let found = directives(text);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].text, "Trung tâm tiếp tục đẩy mạnh chuyển đổi số");
        assert_eq!(found[0].modality, None);
        assert_eq!(found[0].addressees, vec!["Trung tâm"]);
    }

    #[test]
    fn weak_trigger_instruction_may_follow_a_purpose_lead() {
        let text = "Đồng chí Nguyễn Đức Chung nhấn mạnh, để thực hiện hiệu quả “Năm Kỷ cương hành chính 2017”, Sở Nội vụ cần tăng cường thanh tra công vụ; xử lý nghiêm các cá nhân vi phạm.";
        let found = directives(text);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!(found[0].text, "Sở Nội vụ cần tăng cường thanh tra công vụ");
        assert_eq!(found[0].addressees, vec!["Sở Nội vụ"]);
        assert_eq!(found[1].text, "xử lý nghiêm các cá nhân vi phạm");
        assert_eq!(found[1].issuer.as_deref(), Some("Nguyễn Đức Chung"));
    }

    #[test]
    fn a_clause_opening_with_a_trigger_governs_anew() {
        let text = "Đồng chí Lê Hữu Hoàng giao Sở Công Thương tiếp tục tham mưu; yêu cầu huyện xây dựng phương án trước ngày 20-10; giao cho Sở Tài chính hướng dẫn huyện.";
        let found = directives(text);
        assert_eq!(found.len(), 3, "{found:#?}");
        assert_eq!(found[1].modality.as_deref(), Some("yêu cầu"));
        assert_eq!(found[1].addressees, vec!["huyện"]);
        assert_eq!(found[1].text, "xây dựng phương án trước ngày 20-10");
        assert_eq!(found[2].addressees, vec!["Sở Tài chính"]);
    }

    #[test]
    fn modal_marks_the_end_of_an_addressee_with_verbs() {
        let text = "Tại cuộc họp ông Nguyễn Thành Long yêu cầu Ban chỉ đạo xử lý dự án chậm triển khai tỉnh cần rà soát lại từng dự án.";
        let found = directives(text);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].text, "rà soát lại từng dự án");
        assert_eq!(
            found[0].addressees,
            vec!["Ban chỉ đạo xử lý dự án chậm triển khai tỉnh"]
        );
    }

    #[test]
    fn triggers_read_on_their_window_as_on_the_whole_sentence() {
        let text = "Bàn giao đất xong, ông An được giao nhiệm vụ theo yêu cầu của tỉnh; \
                    Ban chỉ đạo đáp ứng được yêu cầu đặt ra. Giao thông thông suốt, đã giao \
                    chỉ tiêu, sự lãnh đạo, chỉ đạo tốt và Chủ tịch đề nghị và yêu cầu các sở \
                    tăng cường kiểm tra; UBND tỉnh yêu cầu: báo cáo.";
        let segments = crate::segment(text);
        let ctx = Context {
            text,
            segments: &segments,
        };
        for sentence in &segments.sentences {
            let tokens = token_range(&ctx, sentence.clone());
            let mut scratch = Scratch::default();
            let words = words_of(&ctx, tokens.clone(), &mut scratch, Vec::new());
            for (i, w) in words.iter().enumerate() {
                let whole = local_trigger(&words, i).map(|t| &t.words);
                let mut hit_scratch = HitScratch::default();
                assert_eq!(
                    hit_trigger(&ctx, &tokens, w.span.start, &mut hit_scratch).map(|t| &t.words),
                    whole,
                    "{}",
                    w.lower
                );
            }
        }
    }
}
