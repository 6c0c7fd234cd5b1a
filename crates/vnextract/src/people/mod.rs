//! People and the titles they hold.
//!
//! One pass over the text stops only at capitalized words. At each one it
//! tries, in order, a **title** (the grammar `[nguyên] modifier* role
//! post-modifier* body* [jurisdiction] [holder]`, every part a lexicon of
//! `data/people/`) and a **name** (a surname from `surnames.tsv` and one to
//! three more title-case syllables, with an honorific or a title beside it,
//! or three syllables or more). Bylines and photo credits are read at the
//! end. Then titles are linked to holders: a name right after the title, a
//! name before a chain of titles (`Dương Hữu Bường- Tỉnh ủy viên, Phó Bí
//! thư Thành ủy, ...`), or, for a title written alone, the one holder of the
//! same office named elsewhere in the article.
//!
//! Place-shaped names are kept out twice: by the `places` found before this
//! stage, and by the word before the name (`xã`, `đường`, `trường THCS`).
//!
//! ```
//! let doc = vnextract::Extractor::new()
//!     .extract("Đồng chí Dương Hữu Bường, Chủ tịch UBND thành phố phát biểu.");
//! assert_eq!(doc.people[0].name, "Dương Hữu Bường");
//! assert_eq!(doc.titles[0].role, "Chủ tịch");
//! assert_eq!(doc.titles[0].person.as_deref(), Some("Dương Hữu Bường"));
//! ```

mod lexicon;
mod text;
mod titles;

use std::borrow::Cow;
use std::ops::Range;

use crate::document::{Mention, Person, Place, Title};
use crate::extractor::Context;
use crate::lexicon::joined;
use crate::segment::Token;

use lexicon::{fact, push_key, Phrases, StopKind, LEXICON};
use std::cell::Cell;
use text::{is_capitalized, is_title_case, next_tok, prev_chunk, Kind, Tok};

/// Finds the people named in the text and every title mention.
///
/// `places` are the place mentions found before (spans in `ctx.text`); a
/// name-shaped span that is a place is not a person, and a bare `tỉnh` or
/// `thành phố` in a title is resolved from them.
///
/// ```
/// let text = "Chủ tịch UBND tỉnh Phạm Anh Tuấn yêu cầu xử lý nghiêm.";
/// let norm = vnextract::normalize(text, &Default::default());
/// let seg = vnextract::segment(norm.text());
/// let ctx = vnextract::extractor::Context { text: norm.text(), segments: &seg };
/// let (people, titles) = vnextract::people::extract(&ctx, &[]);
/// assert_eq!(people[0].name, "Phạm Anh Tuấn");
/// assert_eq!(titles[0].organization.as_deref(), Some("Ủy ban nhân dân"));
/// ```
pub fn extract(ctx: &Context, places: &[Place]) -> (Vec<Person>, Vec<Title>) {
    let mut scanner = Scanner::new(ctx.text, places, SCRATCH.take());
    let segmented;
    let tokens = if ctx.segments.tokens.is_empty() && !ctx.text.is_empty() {
        // Segments not given (callers of the bare extractor).
        segmented = crate::segment::segment(ctx.text);
        &segmented.tokens
    } else {
        &ctx.segments.tokens
    };
    scanner.scan(tokens);
    scanner.credits_and_bylines();
    let (people, titles, scratch) = scanner.finish();
    SCRATCH.set(scratch);
    (people, titles)
}

thread_local! {
    /// The buffers of the last document scanned on this thread, given back
    /// empty: a document allocates little more than what it returns.
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// Every buffer a document's scan fills and empties, kept per thread between
/// documents (see [`SCRATCH`]).
#[derive(Default)]
struct Scratch {
    /// Their spans, by start.
    places: Vec<PlaceSpan>,
    hits: Vec<NameHit>,
    titles: Vec<TitleHit>,
    /// First named jurisdiction of each type, in text order (`thành phố` → `thành phố Bắc Kạn`).
    doc_jurisdictions: Vec<DocJurisdiction>,
    /// Hit spans in the order titles refer to them (before sorting).
    unsorted_spans: Vec<Range<usize>>,
    key: String,
    /// The name words of a body, read by `body_name_words`.
    words: String,
    /// Buffers of `finish` and `link`.
    names: NameBuffers,
    link: titles::LinkBuffers,
    /// Where photo credits start (after `Ảnh:`), found by the scan.
    credits: Vec<usize>,
    /// Starts of the capitalized tokens, in text order: where a short
    /// mention (`ông Bường`) may start.
    capital_starts: Vec<usize>,
    /// Reused by `match_phrase`, which takes `&self`.
    phrase_buf: std::cell::RefCell<String>,
}

/// The hits grouped by name, for the people and for the titles' holders.
#[derive(Default)]
struct NameBuffers {
    /// Hit indices sorted by name, then by index (text order).
    by_name: Vec<usize>,
    /// The name number of each hit: equal names, equal numbers, numbered
    /// in byte order of the names.
    name_of_hit: Vec<u32>,
    /// The names that make a person: (first hit, range in `by_name`).
    people: Vec<(usize, Range<usize>)>,
    /// Given names of the people: (span in the text, person, capitalized).
    givens: Vec<(Range<usize>, usize, bool)>,
    /// Short mentions found: (person, span).
    found: Vec<(usize, Range<usize>)>,
}

/// How sure we are that a name-shaped span is a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Strength {
    /// Two syllables, nothing around: counts only as another mention of a
    /// person found elsewhere.
    Weak,
    /// Surname and two or three more syllables.
    Medium,
    /// Honorific, title, byline or photo credit beside it.
    Strong,
}

/// A name-shaped span.
#[derive(Clone, Debug)]
struct NameHit {
    span: Range<usize>,
    honorific: Option<Range<usize>>,
    strength: Strength,
}

/// A title mention while scanning.
#[derive(Clone, Debug, Default)]
struct TitleHit {
    span: Range<usize>,
    /// The office with its modifier as written (`Phó Bí thư`).
    role: Range<usize>,
    /// The office in the lexicon.
    role_info: Option<&'static lexicon::RoleInfo>,
    organization: Option<Cow<'static, str>>,
    /// Written jurisdiction (`thành phố Bắc Kạn`).
    jurisdiction: Option<Cow<'static, str>>,
    /// A bare type word to resolve from the document (`thành phố`).
    bare_type: Option<&'static str>,
    national: bool,
    /// `Chủ tịch UBND các xã, phường`, `các Thứ trưởng`: no one holder.
    generic: bool,
    /// `nguyên Chủ tịch`: a former office.
    former: bool,
    /// Further holders of the same span (`đối với A và B`).
    coholders: Vec<usize>,
    /// Holder written right after, no separator.
    direct: Option<usize>,
    /// Holder after `-`, or after `,` with an honorific.
    after_separator: Option<usize>,
    person: Option<usize>,
}

/// The words of a name-shaped run, at most seven: kept on the stack, as
/// runs are read at most capitalized words.
#[derive(Clone, Debug)]
struct NameRun {
    words: [Range<usize>; NameRun::MAX],
    len: usize,
}

impl NameRun {
    const MAX: usize = 7;

    fn push(&mut self, word: Range<usize>) {
        self.words[self.len] = word;
        self.len += 1;
    }

    fn pop(&mut self) {
        self.len = self.len.saturating_sub(1);
    }
}

impl Default for NameRun {
    fn default() -> Self {
        NameRun {
            words: [const { 0..0 }; NameRun::MAX],
            len: 0,
        }
    }
}

impl std::ops::Deref for NameRun {
    type Target = [Range<usize>];

    fn deref(&self) -> &[Range<usize>] {
        &self.words[..self.len]
    }
}

/// The first jurisdiction of a type named in the document (`thành phố` →
/// `thành phố Bắc Kạn`); its label is built only when a title takes it.
enum DocJurisdiction {
    /// A place of the places stage (its index), of its own kind.
    Place(usize),
    /// A type word and the name written after it.
    Written { kind: &'static str, name: Range<usize> },
}

/// A place span from the places stage: whole mention, where its name
/// starts, and the place's index.
struct PlaceSpan {
    span: Range<usize>,
    name_start: usize,
    place: usize,
}

/// How many tokens [`Scanner::tok`] remembers, and word facts [`Scanner::facts`].
const TOK_MEMO: usize = 8;

struct Scanner<'t> {
    text: &'t str,
    /// The places stage's places, which `places` index.
    place_list: &'t [Place],
    /// The per-document buffers (empty when the scan starts).
    buf: Scratch,
    /// Start of the last token that ends a phrase walk (not a word, not a
    /// dash), if any: a walk starting before it cannot run off the text.
    last_stop: Option<usize>,
    /// The last tokens read by [`Scanner::tok`] and where they were asked
    /// for, by position modulo [`TOK_MEMO`]: the grammar reads the same few
    /// words again and again (a modifier, then a role, then a body, at the
    /// same word, each walking on a few words).
    last_toks: [Cell<(usize, Option<Tok>)>; TOK_MEMO],
    /// The [`fact`] bits of the last words looked up, with their spans, by
    /// start modulo [`TOK_MEMO`]: the grammar asks about one word for
    /// several tables.
    last_facts: [Cell<(usize, usize, u16)>; TOK_MEMO],
}

/// Bytes that continue a word in the scan: letters, digits, and every
/// non-ASCII byte except the lead byte of general punctuation (`“`, `–`, `…`).
static WORD_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric() || (b >= 0x80 && b != 0xE2);
        b += 1;
    }
    table
};

/// Bytes that may end a word in [`Scanner::word_end`]: ASCII punctuation
/// and space, and the lead byte of general punctuation.
static MAY_END_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = b == 0xE2 || (b < 0x80 && !(b as u8).is_ascii_alphanumeric());
        b += 1;
    }
    table
};

/// First bytes of the words [`Scanner::word_start`] may act on.
static MAY_MATTER: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b as u8, b't' | b'c' | b'g') || may_start_upper(b as u8);
        b += 1;
    }
    table
};

/// Where each apostrophe that may join two words in one token (`H'Mông`,
/// `K’Ho`) ends, in order. `'` and the lead byte E2 of `’` are searched
/// together (E2 starts only general punctuation, a few a paragraph): a
/// vectorized byte search, where a searcher for `’` itself would stop at
/// continuation bytes that Vietnamese letters share (`ộ`).
fn apostrophe_ends(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b'\'', 0xE2, bytes).filter_map(move |i| {
        if bytes[i] == b'\'' {
            Some(i + 1)
        } else {
            bytes[i + 1..].starts_with(&[0x80, 0x99]).then_some(i + 3)
        }
    })
}

/// Whether a run of [`WORD_BYTE`]s starts at `pos`: after a byte that is
/// none (ASCII punctuation, a space) or after a general-punctuation
/// character (`“`, `–`: three bytes from `0xE2`).
#[inline]
fn starts_word_run(bytes: &[u8], pos: usize) -> bool {
    WORD_BYTE[bytes[pos] as usize]
        && (pos == 0 || !WORD_BYTE[bytes[pos - 1] as usize] || (pos >= 3 && bytes[pos - 3] == 0xE2))
}

/// Whether `thủ`, `chủ` or `giám` starts at `pos`: the only lower-case words
/// that may open a title (see `lower_title_at`). Five bytes, compared as a
/// byte and one integer.
#[inline(always)]
fn starts_lower_title_word(bytes: &[u8], pos: usize) -> bool {
    const HU: u32 = u32::from_le_bytes(*b"h\xE1\xBB\xA7"); // `hủ`
    const IAM: u32 = u32::from_le_bytes(*b"i\xC3\xA1m"); // `iám`
    /// The four bytes expected after each first byte (0: none).
    static AFTER_FIRST: [u32; 256] = {
        let mut table = [0; 256];
        table[b't' as usize] = HU;
        table[b'c' as usize] = HU;
        table[b'g' as usize] = IAM;
        table
    };
    let expected = bytes.get(pos).map_or(0, |&b| AFTER_FIRST[b as usize]);
    if expected == 0 {
        return false;
    }
    bytes
        .get(pos + 1..pos + 5)
        .and_then(|rest| <[u8; 4]>::try_from(rest).ok())
        .is_some_and(|rest| u32::from_le_bytes(rest) == expected)
}

/// A foreign given name after a surname (`Kim Tae Hee`) has a vowel and
/// three letters or more; a syllable without one (`Th`) is a cut word.
fn foreign_syllable(word: &str) -> bool {
    word.chars().count() >= 3 && word.chars().any(|c| "aeiouyAEIOUY".contains(c))
}

/// Lead bytes of the upper-case letters Vietnamese uses (À..Ý, Ă Đ Ĩ, Ũ, Ơ Ư, Ạ..Ỹ).
const fn may_start_upper(b: u8) -> bool {
    b.is_ascii_uppercase() || matches!(b, 0xC3..=0xC6 | 0xE1)
}

impl<'t> Scanner<'t> {
    /// A scanner of `text` working in the (empty) buffers `buf`.
    fn new(text: &'t str, places: &'t [Place], mut buf: Scratch) -> Self {
        buf.places.extend(
            places
                .iter()
                .enumerate()
                .filter(|(_, p)| p.span.end <= text.len() && text.is_char_boundary(p.span.start))
                .map(|(i, p)| {
                    let written = &text[p.span.clone()];
                    let name_start = if !p.name.is_empty() && written.ends_with(&*p.name) {
                        p.span.end - p.name.len()
                    } else {
                        p.span.start
                    };
                    PlaceSpan {
                        span: p.span.clone(),
                        name_start,
                        place: i,
                    }
                }),
        );
        buf.places.sort_by_key(|p| p.span.start);
        let mut scanner = Scanner {
            text,
            place_list: places,
            buf,
            last_stop: text::last_stop_start(text),
            last_toks: [const { Cell::new((usize::MAX, None)) }; TOK_MEMO],
            last_facts: [const { Cell::new((usize::MAX, usize::MAX, 0)) }; TOK_MEMO],
        };
        // Only the first jurisdiction of each type is ever read.
        for (i, p) in places.iter().enumerate() {
            if !p.kind.is_empty()
                && p.kind != "other"
                && !p.name.is_empty()
                && !scanner.has_jurisdiction(&p.kind)
            {
                scanner.buf.doc_jurisdictions.push(DocJurisdiction::Place(i));
            }
        }
        scanner
    }

    /// The buffers, emptied, for the next document.
    fn into_scratch(self) -> Scratch {
        let mut buf = self.buf;
        buf.places.clear();
        buf.hits.clear();
        buf.titles.clear();
        buf.doc_jurisdictions.clear();
        buf.unsorted_spans.clear();
        buf.credits.clear();
        buf.capital_starts.clear();
        buf
    }

    /// The type of a document jurisdiction (`thành phố`).
    fn jurisdiction_kind<'a>(&'a self, j: &'a DocJurisdiction) -> &'a str {
        match j {
            DocJurisdiction::Place(i) => &self.place_list[*i].kind,
            DocJurisdiction::Written { kind, .. } => kind,
        }
    }

    /// Whether a jurisdiction of type `kind` is recorded.
    fn has_jurisdiction(&self, kind: &str) -> bool {
        self.buf
            .doc_jurisdictions
            .iter()
            .any(|j| self.jurisdiction_kind(j) == kind)
    }

    /// The recorded jurisdiction of type `kind`, labelled (`thành phố Bắc Kạn`).
    fn jurisdiction_label(&self, kind: &str) -> Option<String> {
        let j = self
            .buf
            .doc_jurisdictions
            .iter()
            .find(|j| self.jurisdiction_kind(j) == kind)?;
        Some(match j {
            DocJurisdiction::Place(i) => {
                let p = &self.place_list[*i];
                joined(&p.kind, &p.name)
            }
            DocJurisdiction::Written { kind, name } => joined(kind, &self.text[name.clone()]),
        })
    }

    /// The place of a span as a jurisdiction (`tỉnh Bắc Kạn`), built only
    /// for the few places a title reads.
    fn place_label(&self, span: &PlaceSpan) -> Cow<'static, str> {
        let p = &self.place_list[span.place];
        if p.kind.is_empty() || p.kind == "other" || p.kind == "quốc gia" {
            // A name alone borrows the gazetteer's or lexicon's string when the place does.
            p.name.clone()
        } else {
            Cow::Owned(joined(&p.kind, &p.name))
        }
    }

    /// The place of a span.
    fn place_of(&self, span: &PlaceSpan) -> &'t Place {
        &self.place_list[span.place]
    }

    /// Calls `f` with the key of `phrase` ([`phrase_key`]), built in the
    /// reusable buffer; `f` must not walk phrases (it holds the buffer).
    fn with_key<R>(&self, phrase: &str, f: impl FnOnce(&str) -> R) -> R {
        let mut key = self.buf.phrase_buf.borrow_mut();
        key.clear();
        lexicon::push_phrase_key(&mut key, phrase);
        f(&key)
    }

    /// [`next_tok`] in the text, remembering the last answer.
    #[inline]
    fn tok(&self, pos: usize) -> Option<Tok> {
        let slot = &self.last_toks[pos % TOK_MEMO];
        let (at, tok) = slot.get();
        if at == pos {
            return tok;
        }
        let tok = next_tok(self.text, pos);
        slot.set((pos, tok));
        tok
    }

    /// The [`fact`] bits of the word `start..end` as written, remembering
    /// the last answer.
    #[inline(always)]
    fn facts(&self, start: usize, end: usize) -> u16 {
        let (at, until, facts) = self.last_facts[start % TOK_MEMO].get();
        if at == start && until == end {
            return facts;
        }
        self.look_up_facts(start, end)
    }

    /// [`Self::facts`] when not remembered: kept out of line, as most
    /// asks are answered from memory.
    #[inline(never)]
    fn look_up_facts(&self, start: usize, end: usize) -> u16 {
        let facts = LEXICON.facts.of(&self.text[start..end]);
        self.last_facts[start % TOK_MEMO].set((start, end, facts));
        facts
    }

    fn word(&self, t: Tok) -> &'t str {
        &self.text[t.start..t.end]
    }

    /// The key of one word, in the reusable buffer.
    fn key_of(&mut self, word: &str) -> &str {
        self.buf.key.clear();
        push_key(&mut self.buf.key, word);
        &self.buf.key
    }

    /// Longest entry of `table` starting at the word at `pos`; words must be
    /// separated by spaces only (dashes too when `skip_dashes`). A word
    /// written with a dot (`TP.`, `TS.`) also matches the dotted entry.
    fn match_phrase<'l, T>(
        &self,
        table: &'l Phrases<T>,
        pos: usize,
        skip_dashes: bool,
    ) -> Option<(&'l T, usize)> {
        let mut key = self.buf.phrase_buf.borrow_mut();
        key.clear();
        let mut cur = pos;
        let mut best = None;
        // Set once no entry starts with the key so far: the remaining words
        // are still walked (the end of the text still yields `None`, as
        // before) but no longer keyed nor looked up.
        let mut no_longer_entry = false;
        for n in 0..table.max_words {
            let mut tok = self.tok(cur)?;
            if n > 0 && skip_dashes && tok.is_dash() {
                tok = self.tok(tok.end)?;
            }
            if !tok.is_word() {
                break;
            }
            if n == 0 && self.facts(tok.start, tok.end) & table.first == 0 {
                return None;
            }
            cur = tok.end;
            if no_longer_entry {
                continue;
            }
            if n > 0 {
                key.push(' ');
            }
            push_key(&mut key, self.word(tok));
            // One hash per key: the entry and whether longer ones start so.
            let step = table.map.get(key.as_str());
            if let Some(v) = step.and_then(|s| s.value.as_ref()) {
                best = Some((v, tok.end));
            }
            if self.text.as_bytes().get(tok.end) == Some(&b'.') {
                key.push('.');
                if let Some(v) = table.get(key.as_str()) {
                    best = Some((v, tok.end + 1));
                }
                key.pop();
            }
            no_longer_entry = !step.is_some_and(|s| s.extends);
            // The rest of the walk can no longer change `best`, and it cannot
            // reach the end of the text (`None`) before a stop token.
            if no_longer_entry && self.last_stop.is_some_and(|stop| cur <= stop) {
                return best;
            }
        }
        best
    }

    /// Whether the key of the 1-3 whitespace chunks before `pos` is in `table`;
    /// returns the span of the longest match.
    fn phrase_before<T>(&self, table: &Phrases<T>, pos: usize) -> Option<Range<usize>> {
        if table.max_words == 0 {
            return None;
        }
        // The chunk next to `pos` decides most look-behinds: the chunks
        // before it are read only when it may end an entry.
        let (first_start, end) = prev_chunk(self.text, pos)?;
        if self.facts(first_start, end) & table.last == 0 {
            return None;
        }
        if end != pos && !self.text[end..pos].chars().all(text::is_space) {
            return None;
        }
        {
            // Most words end no entry of several words: that word alone is looked up.
            let mut key = self.buf.phrase_buf.borrow_mut();
            key.clear();
            push_key(&mut key, &self.text[first_start..end]);
            if !table.multi_word_lasts.contains(key.as_str()) {
                return table.contains_key(&key).then_some(first_start..end);
            }
        }
        // At most three chunks: a fixed array, no allocation per call.
        let mut chunk_array = [(first_start, end); 3];
        let mut count = 1;
        let mut cur = first_start;
        // Only the first chunk may touch the name; inner ones must be plain words.
        let mut more = first_start == 0 || self.text[..first_start].ends_with(text::is_space);
        while more && count < table.max_words.min(3) {
            let Some((s, e)) = prev_chunk(self.text, cur) else {
                break;
            };
            chunk_array[count] = (s, e);
            count += 1;
            cur = s;
            more = s == 0 || self.text[..s].ends_with(text::is_space);
        }
        let chunks = &chunk_array[..count];
        // The key of the longest phrase, each chunk keyed once: the key of
        // a shorter phrase is a suffix of it (chunks are single words
        // separated by horizontal space).
        let mut key = self.buf.phrase_buf.borrow_mut();
        key.clear();
        let mut key_starts = [0; 3];
        for (i, &(s, e)) in chunks.iter().enumerate().rev() {
            if i + 1 < chunks.len() {
                key.push(' ');
            }
            key_starts[i] = key.len();
            push_key(&mut key, &self.text[s..e]);
        }
        // The longest entry wins.
        (0..chunks.len())
            .rev()
            .find(|&i| table.contains_key(&key[key_starts[i]..]))
            .map(|i| chunks[i].0..end)
    }

    /// A place from the places stage that starts (or whose name starts) at `pos`.
    fn place_at(&self, pos: usize) -> Option<&PlaceSpan> {
        let i = self
            .buf
            .places
            .partition_point(|p| p.span.start < pos.saturating_sub(64));
        self.buf.places[i..]
            .iter()
            .take_while(|p| p.span.start <= pos)
            .find(|p| p.span.start == pos || p.name_start == pos)
    }

    fn overlaps_place(&self, span: &Range<usize>) -> bool {
        let i = self.buf.places.partition_point(|p| p.span.end <= span.start);
        self.buf.places.get(i).is_some_and(|p| p.span.start < span.end)
    }

    /// Scans every capitalized word. A word starts where a run of
    /// [`WORD_BYTE`]s starts; the tokens (and the apostrophes inside them,
    /// `d'Ivoire`) give those starts, so the loop visits only them.
    #[inline(never)]
    fn scan(&mut self, tokens: &[Token]) {
        let text = self.text;
        let mut after_apostrophes = apostrophe_ends(text);
        let mut next_apostrophe = after_apostrophes.next().unwrap_or(usize::MAX);
        // Words before `resume` were read with the word before them.
        let mut resume = 0;
        let mut rest = tokens;
        // About one token in four is capitalized.
        let mut capital_starts = std::mem::take(&mut self.buf.capital_starts);
        capital_starts.reserve(tokens.len() / 4);
        loop {
            // The tokens before the next apostrophe (rare: a hundred a
            // megabyte), found by bisection: no apostrophe test per token.
            let before = rest.partition_point(|t| t.span.start < next_apostrophe);
            for token in &rest[..before] {
                let start = token.span.start;
                // The segmenter already knows the case of the first letter: a
                // word that starts neither upper case nor as `thủ`, `chủ`, `giám`
                // (`được`, `các`, numbers, punctuation) is skipped by `word_start`;
                // those three are five bytes, and a title after them needs a space.
                if token.starts_upper() {
                    capital_starts.push(start);
                    self.visit_capital(start, token.span.end, &mut resume);
                } else if token.span.end.wrapping_sub(start) == 5
                    && starts_lower_title_word(text.as_bytes(), start)
                {
                    self.visit(start, &mut resume);
                }
            }
            rest = &rest[before..];
            // A word after an apostrophe inside a token, in text order.
            match rest.first() {
                Some(next) if next_apostrophe < next.span.start => self.visit(next_apostrophe, &mut resume),
                Some(_) => {}
                None if next_apostrophe < text.len() => self.visit(next_apostrophe, &mut resume),
                None => break,
            }
            next_apostrophe = after_apostrophes.next().unwrap_or(usize::MAX);
        }
        self.buf.capital_starts = capital_starts;
    }

    /// Reads the word at `pos` if it starts a run of word bytes at or after
    /// `resume`, then any word that the resume point falls inside.
    #[inline(always)]
    fn visit(&mut self, pos: usize, resume: &mut usize) {
        let bytes = self.text.as_bytes();
        // Only words starting with `t`, `c`, `g` or an upper-case lead byte
        // may matter: this test runs in the token loop, without a call.
        if pos < *resume || !bytes.get(pos).is_some_and(|&b| MAY_MATTER[b as usize]) {
            return;
        }
        // A lower-case `t`, `c`, `g` matters only as `thủ`, `chủ`, `giám`.
        if matches!(bytes[pos], b't' | b'c' | b'g') && !starts_lower_title_word(bytes, pos) {
            return;
        }
        self.visit_candidate(pos, resume, None);
    }

    /// [`Self::visit`] for a token the segmenter found capitalized: most
    /// such words start neither a title nor a name (not a trigger), and
    /// are passed over here, without the general path.
    #[inline(always)]
    fn visit_capital(&mut self, pos: usize, token_end: usize, resume: &mut usize) {
        let bytes = self.text.as_bytes();
        if pos < *resume || !may_start_upper(bytes[pos]) || !starts_word_run(bytes, pos) {
            return;
        }
        let end = self.capital_word_end(pos, token_end);
        let word = &self.text[pos..end];
        // `Ảnh` starts with byte E1: most words are told apart without a comparison.
        let credit = bytes[pos] == 0xE1 && word == "Ảnh";
        let facts = LEXICON.facts.of_may_trigger(word);
        if let Some(facts) = facts {
            // Asked again by `at_capital`.
            self.last_facts[pos % TOK_MEMO].set((pos, end, facts));
        }
        let facts = facts.unwrap_or(0);
        // A surname that may start neither a title nor an honorific starts
        // a name only with a capital after it: most surname-shaped words
        // (`Hà`, `Lê`, `Văn` before a lower-case word) stop here.
        const TITLE_OR_HONORIFIC: u16 = fact::ROLE_FIRST
            | fact::ROLE_SINGLE
            | fact::MODIFIER_FIRST
            | fact::HONORIFIC_FIRST
            | fact::HONORIFIC_SINGLE;
        let no_name =
            facts & fact::TRIGGER == 0 || (facts & TITLE_OR_HONORIFIC == 0 && !self.capital_follows(end));
        if !credit && no_name {
            // What `at_capital` returns for it; a word ends before a byte
            // that does not continue a word, so the scan resumes there.
            *resume = end;
            return;
        }
        self.visit_candidate(pos, resume, Some(end));
    }

    /// The rest of [`Self::visit`], for the few tokens that may matter;
    /// `word_end`: where the word at `pos` ends, if known.
    #[inline(never)]
    fn visit_candidate(&mut self, pos: usize, resume: &mut usize, word_end: Option<usize>) {
        let bytes = self.text.as_bytes();
        if !starts_word_run(bytes, pos) {
            return;
        }
        let mut at = pos;
        let mut word_end = word_end;
        while let Some(end) = self.word_start(at, word_end.take()) {
            *resume = end;
            // Resuming inside a run of word bytes starts a word there.
            if end < bytes.len() && WORD_BYTE[bytes[end] as usize] && !starts_word_run(bytes, end) {
                at = end;
            } else {
                break;
            }
        }
    }

    /// Reads the word starting at `i` (ending at `word_end` if known): where
    /// scanning resumes if it starts a title or a capitalized word, `None`
    /// for a word to skip.
    #[inline]
    fn word_start(&mut self, i: usize, word_end: Option<usize>) -> Option<usize> {
        let b = self.text.as_bytes()[i];
        if matches!(b, b't' | b'c' | b'g') && self.lower_title_at(i) {
            if let Some(end) = self.title_at(i) {
                return Some(end.max(i + 1));
            }
        }
        if may_start_upper(b) && self.text.is_char_boundary(i) {
            let upper = if b < 0x80 {
                true
            } else {
                self.text[i..].chars().next().is_some_and(char::is_uppercase)
            };
            if upper {
                return Some(self.at_capital(i, word_end).max(i + 1));
            }
        }
        None
    }

    /// Whether a lower-case role that may open a title starts at `pos`
    /// (`thủ trưởng các sở`, `chủ tịch UBND các quận`, `giám đốc Công an
    /// thành phố`); `title_at` keeps it only with a body or a plural.
    fn lower_title_at(&self, pos: usize) -> bool {
        let rest = &self.text[pos..];
        rest.starts_with("thủ trưởng ") || rest.starts_with("chủ tịch ") || rest.starts_with("giám đốc ")
    }

    /// Whether an entry of `table` may start with the word `pos..end`: a
    /// one-word entry, or the first two words as written match an entry's.
    fn could_start<T>(&self, table: &Phrases<T>, pos: usize, end: usize) -> bool {
        let facts = self.facts(pos, end);
        if facts & table.single != 0 {
            return true;
        }
        if facts & table.first == 0 || !self.text[end..].starts_with(' ') {
            return false;
        }
        let end2 = self.word_end(end + 1);
        table.prefix2_raw.contains(&self.text[pos..end2])
    }

    /// [`Self::word_end`] of the word token `pos..token_end`. A word token
    /// holds letters, combining marks and inner apostrophes: a byte that may
    /// end a word is in it only as the lead byte E2 (`’`, `Ⅱ`), so without
    /// one the word runs on from the end of the token. A short token is
    /// checked eight bytes at a time.
    #[inline]
    fn capital_word_end(&self, pos: usize, token_end: usize) -> usize {
        const ONES: u64 = u64::from_le_bytes([0x01; 8]);
        const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
        const E2S: u64 = u64::from_le_bytes([0xE2; 8]);
        let bytes = self.text.as_bytes();
        let len = token_end - pos;
        let chunk = bytes.get(pos..pos + 8).and_then(|b| <[u8; 8]>::try_from(b).ok());
        if let (Some(chunk), 1..=8) = (chunk, len) {
            let in_token = u64::MAX >> (64 - 8 * len);
            let x = u64::from_le_bytes(chunk) ^ E2S;
            // A zero byte of `x` (an E2) sets its high bit here; a false
            // alarm above a real one only takes the byte-by-byte path.
            let maybe_e2 = x.wrapping_sub(ONES) & !x & HIGHS & in_token;
            if maybe_e2 == 0 {
                return self.word_end(token_end);
            }
        }
        self.word_end(pos)
    }

    /// End of the word at `pos`, by bytes: up to ASCII punctuation or space
    /// (`&` and `'` inside kept), or a general-punctuation character.
    fn word_end(&self, pos: usize) -> usize {
        let bytes = self.text.as_bytes();
        let mut i = pos;
        while i < bytes.len() {
            let b = bytes[i];
            if MAY_END_WORD[b as usize] {
                let inner = (b == b'&' || b == b'\'')
                    && bytes
                        .get(i + 1)
                        .is_some_and(|n| n.is_ascii_alphanumeric() || *n >= 0xC0);
                if !inner {
                    break;
                }
            }
            i += 1;
        }
        i
    }

    /// Reads what starts at the capitalized word at `pos` (ending at
    /// `word_end` if known); returns where scanning resumes.
    fn at_capital(&mut self, pos: usize, word_end: Option<usize>) -> usize {
        let end = word_end.unwrap_or_else(|| self.word_end(pos));
        let word = &self.text[pos..end];
        if word == "Ảnh" {
            let rest = self.text[end..].trim_start_matches(' ');
            if rest.starts_with(':') {
                self.buf.credits.push(self.text.len() - rest.len() + 1);
            }
            return end;
        }
        let facts = self.facts(pos, end);
        if facts & fact::TRIGGER == 0 {
            return end;
        }
        let lex = &*LEXICON;
        if self.could_start(&lex.roles, pos, end) || facts & fact::MODIFIER_FIRST != 0 {
            if let Some(end) = self.title_at(pos) {
                return end;
            }
        }
        // A name needs a second capitalized word right after, or an honorific first.
        let honorific = self.could_start(&lex.honorifics, pos, end);
        if honorific || (facts & fact::SURNAME != 0 && self.capital_follows(end)) {
            if let Some(end) = self.name_at(pos) {
                return end;
            }
        }
        end
    }

    /// Whether a space and an upper-case letter follow `end`.
    #[inline]
    fn capital_follows(&self, end: usize) -> bool {
        let bytes = self.text.as_bytes();
        if bytes.get(end) != Some(&b' ') {
            return false;
        }
        match bytes.get(end + 1) {
            Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
            Some(_) => self.text[end + 1..]
                .chars()
                .next()
                .is_some_and(char::is_uppercase),
            None => false,
        }
    }

    /// Title-case words from `pos`, separated by single spaces, stopping at
    /// function words and at a title; a final initial keeps its dot (`D.`).
    fn name_run(&mut self, pos: usize, all_caps: bool) -> NameRun {
        let mut run = NameRun::default();
        let mut cur = pos;
        while run.len() < NameRun::MAX {
            let Some(tok) = self.tok(cur) else {
                break;
            };
            if !tok.is_word() || (!run.is_empty() && self.text[cur..tok.start].contains('\n')) {
                break;
            }
            let w = self.word(tok);
            let shaped = if all_caps {
                text::is_all_caps(w) || is_title_case(w)
            } else {
                is_title_case(w)
            };
            // A title-case word has no digit; a word in capitals may.
            if !shaped || (all_caps && w.bytes().any(|b| b.is_ascii_digit())) {
                break;
            }
            let single = w.chars().nth(1).is_none();
            if single {
                if self.text[tok.end..].starts_with('.') && !run.is_empty() {
                    // `Giàng Thị D.`, but not `T.A.M.` (letters joined by dots).
                    let after = &self.text[tok.end + 1..];
                    if !after.starts_with(|c: char| c.is_alphanumeric()) {
                        run.push(tok.start..tok.end + 1);
                    }
                }
                break;
            }
            let facts = self.facts(tok.start, tok.end);
            let stop = if facts & fact::STOPWORD != 0 {
                LEXICON.stopwords.get(self.key_of(w)).copied()
            } else {
                None
            };
            match stop {
                Some(StopKind::Function) => break,
                Some(StopKind::Time) => {
                    let next = self.tok(tok.end);
                    if next.is_some_and(|n| self.word(n).starts_with(|c: char| c.is_ascii_digit())) {
                        break;
                    }
                }
                _ => {}
            }
            let may_start_title = facts & (fact::ROLE_FIRST | fact::MODIFIER_FIRST) != 0;
            if !run.is_empty() && may_start_title && self.starts_title(tok.start) {
                break;
            }
            run.push(tok.start..tok.end);
            cur = tok.end;
        }
        run
    }

    /// Whether a role (possibly after modifiers) starts at `pos`.
    fn starts_title(&self, pos: usize) -> bool {
        // Neither a modifier nor a role starts with the first word (the
        // test both phrase walks would make first): most words stop here.
        let Some(first) = self.tok(pos).filter(Tok::is_word) else {
            return false;
        };
        if self.facts(first.start, first.end) & (fact::ROLE_FIRST | fact::MODIFIER_FIRST) == 0 {
            return false;
        }
        let mut cur = pos;
        while let Some((m, end)) = self.match_phrase(&LEXICON.modifiers, cur, false) {
            if m.post {
                return true;
            }
            cur = end;
        }
        self.match_phrase(&LEXICON.roles, cur, false).is_some()
    }

    /// Whether the word `start..end` is a surname, as written or by its key.
    fn is_surname(&mut self, start: usize, end: usize) -> bool {
        if self.facts(start, end) & fact::SURNAME != 0 {
            return true;
        }
        let text = self.text;
        LEXICON.surnames.contains(self.key_of(&text[start..end]))
    }

    fn is_not_name(&self, span: &Range<usize>) -> bool {
        let written = &self.text[span.clone()];
        LEXICON.not_person_raw.contains(written)
            && self.with_key(written, |key| LEXICON.not_names.contains(key))
    }

    /// Whether `words` (2-4 of them) make a name: surname first (unless
    /// `any_first`), not a known non-name, not a lunar year.
    fn valid_name(&mut self, words: &[Range<usize>], any_first: bool) -> bool {
        if !(2..=4).contains(&words.len()) {
            return false;
        }
        if !any_first && !self.is_surname(words[0].start, words[0].end) {
            return false;
        }
        // `Thái Lan Thaksin Shinawatra`: a country or other non-name starts the run.
        if (2..=words.len()).any(|k| self.is_not_name(&(words[0].start..words[k - 1].end))) {
            return false;
        }
        if words.len() == 2 {
            let text = self.text;
            let second = &text[words[1].clone()];
            if self.facts(words[1].start, words[1].end) & fact::STOPWORD != 0
                && LEXICON.stopwords.get(self.key_of(second)) == Some(&StopKind::Branch)
            {
                return false;
            }
        }
        // `Nguyễn Văn`, `Nguyễn Văn Th`: a middle name or a cut syllable does
        // not end a name; an initial comes only at the end.
        let last_word = words[words.len() - 1].clone();
        let last = &self.text[last_word.clone()];
        if !last.ends_with('.') {
            if self.facts(last_word.start, last_word.end) & fact::STOPWORD != 0
                && self.with_key(last, |key| LEXICON.stopwords.get(key) == Some(&StopKind::Middle))
            {
                return false;
            }
            if !crate::lexicon::looks_vietnamese(last) && !foreign_syllable(last) {
                return false;
            }
        }
        words[..words.len() - 1]
            .iter()
            .all(|w| !self.text[w.clone()].ends_with('.'))
    }

    /// A known province or district name (lexicon) spanning exactly `span`.
    fn is_known_place(&self, span: &Range<usize>) -> bool {
        let written = &self.text[span.clone()];
        if !written.contains(['-', '–']) {
            return LEXICON.not_person_raw.contains(written)
                && self.with_key(written, |key| LEXICON.places.contains_key(key));
        }
        // Keyed as the lexicon keys dashed names: the dashes as spaces.
        let mut key = self.buf.phrase_buf.borrow_mut();
        key.clear();
        lexicon::push_phrase_key_undashed(&mut key, written);
        LEXICON.places.contains_key(&key)
    }

    /// Whether the word(s) before `pos` make a name-shaped run a place, a
    /// street or a facility; records `thành phố Bắc Kạn` as a jurisdiction.
    fn blocked(&mut self, span: &Range<usize>) -> bool {
        let Some(blocker) = self.phrase_before(&LEXICON.blockers, span.start) else {
            return false;
        };
        let ty = self.with_key(&self.text[blocker], |key| {
            LEXICON.jurisdiction_types.get(key).copied()
        });
        if let Some(ty) = ty {
            self.record_jurisdiction(ty, span.clone());
        }
        true
    }

    /// Records `ty name` (`name` a span of the text) as the document's
    /// jurisdiction of type `ty` if it has none yet.
    fn record_jurisdiction(&mut self, ty: &'static str, name: Range<usize>) {
        if !self.has_jurisdiction(ty) {
            self.buf
                .doc_jurisdictions
                .push(DocJurisdiction::Written { kind: ty, name });
        }
    }

    /// Picks the name in a run: the whole run, or for a long run the part
    /// after a place (`Bạc Liêu Dương Thành Trung`).
    fn name_in_run(&mut self, run: &[Range<usize>], any_first: bool) -> Option<Range<usize>> {
        if run.len() <= 4 {
            return self
                .valid_name(run, any_first)
                .then(|| run[0].start..run[run.len() - 1].end);
        }
        for k in 1..run.len() - 1 {
            let prefix = run[0].start..run[k - 1].end;
            if self.is_known_place(&prefix) && self.valid_name(&run[k..], false) {
                return Some(run[k].start..run[run.len() - 1].end);
            }
        }
        None
    }

    /// A name-shaped run at `pos` (not after a title): records a hit.
    fn name_at(&mut self, pos: usize) -> Option<usize> {
        let mut start = pos;
        let mut honorific = None;
        if let Some((_, end)) = self.match_phrase(&LEXICON.honorifics, pos, false) {
            if end < self.text.len() && !self.text[end..].starts_with(|c: char| c.is_alphanumeric()) {
                honorific = Some(pos..end);
                start = end;
            }
        }
        let run = self.name_run(start, false);
        let run_end = run.last().map_or(start, |w| w.end);
        if run.len() >= 2 && self.starts_with_not_person(&run) {
            // `Hà Nội`, `Thái Lan Thaksin Shinawatra`: a known place or
            // non-name starts the run.
            return Some(run_end);
        }
        if self.after_number(start) {
            // `số 4 Trần Hưng Đạo`: an address.
            return Some(run_end.max(start + 1));
        }
        if honorific.is_none() && self.after_credit(start) {
            // Photo credits are read by `credits_and_bylines`.
            return Some(run_end.max(start + 1));
        }
        if run.len() < 2 {
            // After an honorific, resume right after it: a title may follow
            // (`Đồng chí Ủy viên Trung ương Đảng`).
            let resume = if honorific.is_some() { start } else { run_end };
            return (resume > pos).then_some(resume);
        }
        let Some(span) = self.name_in_run(&run, false) else {
            return Some(run_end);
        };
        if span.end - span.start == run_end - run[0].start && self.is_known_place(&span) {
            return Some(run_end);
        }
        if honorific.is_none() && span.start == run[0].start && self.blocked(&span) {
            return Some(run_end);
        }
        if self.overlaps_place(&span) {
            return Some(run_end);
        }
        let honorific = honorific.or_else(|| self.phrase_before(&LEXICON.honorifics, span.start));
        let written = &self.text[span.clone()];
        // Each syllable's shape is read only when the strength depends on it.
        let vietnamese = || {
            written
                .split(' ')
                .all(|w| w.ends_with('.') || crate::lexicon::looks_vietnamese(w))
        };
        let strength = if honorific.is_some() || self.title_follows(span.end) {
            Strength::Strong
        } else if written.split(' ').nth(2).is_some()
            && vietnamese()
            && !self.text[..span.start].ends_with(['“', '"', '‘', '\''])
        {
            // A quoted run is a title of a work (`“Đồng Tiền Quỷ Ám”`), not a name.
            Strength::Medium
        } else {
            Strength::Weak
        };
        self.buf.hits.push(NameHit {
            span,
            honorific,
            strength,
        });
        Some(run_end)
    }

    /// Whether the first 2-4 words of `run` are a known place or non-name.
    fn starts_with_not_person(&self, run: &[Range<usize>]) -> bool {
        (2..=run.len().min(4)).any(|k| {
            LEXICON
                .not_person_raw
                .contains(&self.text[run[0].start..run[k - 1].end])
        })
    }

    /// Whether a number (or `số`) is written right before `pos`.
    fn after_number(&self, pos: usize) -> bool {
        text::prev_tok(self.text, pos).is_some_and(|t| {
            let w = &self.text[t.start..t.end];
            t.is_word() && (w.starts_with(|c: char| c.is_ascii_digit()) || w == "số")
        })
    }

    /// Whether `pos` follows `Ảnh:`.
    fn after_credit(&self, pos: usize) -> bool {
        let before = self.text[..pos].trim_end();
        before.ends_with("nh:") && before[..before.len() - 3].ends_with(['Ả', 'ả'])
    }

    /// Whether `-`, `,`, `(` or nothing and then a title follow `pos`.
    fn title_follows(&self, pos: usize) -> bool {
        let Some(tok) = self.tok(pos) else {
            return false;
        };
        let at = match tok.kind {
            Kind::Punct('-' | '–' | ',' | '(') => tok.end,
            Kind::Word => tok.start,
            _ => return false,
        };
        self.starts_title(at)
    }

    /// Photo credits (`Ảnh: Tiến Nhất`) and the byline at the end.
    fn credits_and_bylines(&mut self) {
        let text = self.text;
        // Credits (`Ảnh:` at a capital) were collected by the scan.
        for at in std::mem::take(&mut self.buf.credits) {
            self.credit_at(at, false, false);
        }
        // The byline: the last line, or the words after the last sentence of it.
        let trimmed = text.trim_end();
        // A byline is short: look at the end of the last line only.
        let mut window = trimmed.len().saturating_sub(160);
        while !trimmed.is_char_boundary(window) {
            window += 1;
        }
        let line_start = trimmed[window..].rfind('\n').map_or(window, |i| window + i + 1);
        let line = &trimmed[line_start..];
        // After the last sentence end (`.`, `…`, `!`, `?` and a space) of the line.
        let bytes = line.as_bytes();
        let tail_start = memchr::memrchr_iter(b' ', bytes)
            .find(|&i| i > 0 && (matches!(bytes[i - 1], b'.' | b'!' | b'?') || line[..i].ends_with('…')))
            .map_or(0, |i| i + 1);
        let mut tail = line_start + tail_start;
        tail += trimmed[tail..].len() - trimmed[tail..].trim_start().len();
        let tail_text = trimmed[tail..].trim_start_matches(['(', ' ']);
        let mut tail = trimmed.len() - tail_text.len();
        if tail_text.starts_with("Theo ") {
            tail += "Theo ".len();
        }
        // `Tin, ảnh: Quốc Việt (TTXVN)`.
        if let Some(i) = tail_text.find("ảnh:") {
            tail += i + "ảnh:".len();
        }
        let whole_line = tail_start == 0;
        self.credit_at(tail, whole_line, true);
    }

    /// A name of 2-4 syllables at `pos` that ends its line or is followed by
    /// a source (`/VOV.VN`, ` - `, `(TTXVN)`): a byline or credit.
    ///
    /// A byline (`byline`) must run to the end of the text, bar a source.
    fn credit_at(&mut self, pos: usize, all_caps: bool, byline: bool) {
        let mut run = self.name_run(pos, all_caps);
        // `Ảnh: Thái Minh Tổng mức đầu tư`: the next sentence starts with a capital.
        if run.len() > 2 {
            let next = self.tok(run[run.len() - 1].end);
            if next.is_some_and(|t| t.is_word() && !is_capitalized(self.word(t))) {
                run.pop();
            }
        }
        if !(2..=4).contains(&run.len()) {
            return;
        }
        let span = run[0].start..run[run.len() - 1].end;
        let words_ok = run
            .iter()
            .all(|w| crate::lexicon::looks_vietnamese(&self.text[w.clone()]));
        if !words_ok
            || !self.valid_name(&run, true)
            || self.is_known_place(&span)
            || self.overlaps_place(&span)
        {
            return;
        }
        let after = self.tok(span.end);
        let ends = match after.map(|t| t.kind) {
            None | Some(Kind::Break) => true,
            Some(Kind::Punct(c)) => matches!(c, '/' | '-' | '–' | '(' | ')' | '.' | ','),
            Some(Kind::Word) => {
                // `Ảnh: Thái Minh Tại buổi lễ`: the run stopped at a function word.
                let w = self.word(after.unwrap_or(Tok {
                    start: 0,
                    end: 0,
                    kind: Kind::Break,
                }));
                is_capitalized(w)
            }
        };
        let rest = self.text[span.end..].trim();
        let ends_text = rest.is_empty() || rest.starts_with(['/', '-', '–', '(']);
        if !ends || (byline && !ends_text) {
            return;
        }
        if let Some(hit) = self.buf.hits.iter_mut().find(|h| h.span == span) {
            hit.strength = Strength::Strong;
            return;
        }
        self.buf.hits.push(NameHit {
            span,
            honorific: None,
            strength: Strength::Strong,
        });
    }

    /// Links titles to holders, groups hits into people, and builds the
    /// output; gives back the buffers.
    fn finish(mut self) -> (Vec<Person>, Vec<Title>, Scratch) {
        if !self.buf.titles.is_empty() {
            // Read by `link` only, to re-point titles at the sorted hits.
            self.buf.unsorted_spans.clear();
            self.buf
                .unsorted_spans
                .extend(self.buf.hits.iter().map(|h| h.span.clone()));
        }
        self.buf.hits.sort_by_key(|h| h.span.start);
        self.buf.hits.dedup_by_key(|h| h.span.clone());
        self.number_names();
        // Titles refer to hits by index; re-pointed after the sort.
        let mut titles = std::mem::take(&mut self.buf.titles);
        let titles_out = self.link(&mut titles);
        self.buf.titles = titles;

        let text = self.text;
        let hits = &self.buf.hits;
        let names = &mut self.buf.names;
        // A name makes a person when one of its hits is medium or strong;
        // people come in the order of their first mention.
        names.people.clear();
        let mut group_start = 0;
        while group_start < names.by_name.len() {
            let name = names.name_of_hit[names.by_name[group_start]];
            let group_end = group_start
                + names.by_name[group_start..]
                    .iter()
                    .take_while(|&&h| names.name_of_hit[h] == name)
                    .count();
            let group = &names.by_name[group_start..group_end];
            if group.iter().any(|&h| hits[h].strength >= Strength::Medium) {
                names.people.push((group[0], group_start..group_end));
            }
            group_start = group_end;
        }
        names.people.sort_unstable_by_key(|p| p.0);
        let mut people: Vec<Person> = Vec::with_capacity(names.people.len());
        for (first, group) in &names.people {
            let group = &names.by_name[group.clone()];
            let mentions = group
                .iter()
                .map(|&h| Mention {
                    start: 0,
                    end: 0,
                    span: hits[h].span.clone(),
                })
                .collect();
            // As written; a mid-sentence (lower-case) form is preferred over a sentence start.
            let mut honorifics = group
                .iter()
                .filter_map(|&h| hits[h].honorific.clone())
                .map(|span| &text[span]);
            let first_honorific = honorifics.next();
            let pick = first_honorific
                .filter(|h| !is_capitalized(h))
                .or_else(|| honorifics.find(|h| !is_capitalized(h)))
                .or(first_honorific);
            people.push(Person {
                name: text[hits[*first].span.clone()].to_owned(),
                honorific: pick.map(|h| match lexicon::honorific_spelling(h) {
                    Some(spelling) => Cow::Borrowed(spelling),
                    None => Cow::Owned(h.to_owned()),
                }),
                mentions,
                short_mentions: Vec::new(),
            });
        }
        self.short_mentions(&mut people);
        (people, titles_out, self.into_scratch())
    }

    /// Numbers the names of the (sorted) hits: `names.by_name` and
    /// `names.name_of_hit`.
    fn number_names(&mut self) {
        let text = self.text;
        let hits = &self.buf.hits;
        let names = &mut self.buf.names;
        names.by_name.clear();
        names.by_name.extend(0..hits.len());
        let name = |h: usize| &text[hits[h].span.clone()];
        names
            .by_name
            .sort_unstable_by(|&a, &b| name(a).cmp(name(b)).then(a.cmp(&b)));
        names.name_of_hit.clear();
        names.name_of_hit.resize(hits.len(), 0);
        let mut number = 0;
        for i in 1..names.by_name.len() {
            if name(names.by_name[i]) != name(names.by_name[i - 1]) {
                number += 1;
            }
            names.name_of_hit[names.by_name[i]] = number;
        }
    }

    /// `ông Bường` after `Dương Hữu Bường`: the given name alone after an
    /// honorific, when one person of the document has it (anywhere in the
    /// text: a lead often names `Bà Mão` before the full name).
    fn short_mentions(&mut self, people: &mut [Person]) {
        let text = self.text;
        // (given name, owner, starts with a capital letter), sorted by name:
        // names with the same first two bytes are neighbours.
        let mut givens = std::mem::take(&mut self.buf.names.givens);
        givens.clear();
        for (i, p) in people.iter().enumerate() {
            let Some((_, given)) = p.name.rsplit_once(' ') else {
                continue;
            };
            // Initials (`Giàng Thị D.`) are no given name to look for.
            if given.chars().count() < 2 || given.ends_with('.') {
                continue;
            }
            // The name is the text of its mentions: the given name ends the first.
            let end = p.mentions[0].span.end;
            givens.push((
                end - given.len()..end,
                i,
                given.chars().next().is_some_and(crate::lexicon::is_uppercase),
            ));
        }
        let given_of = |g: &(Range<usize>, usize, bool)| &text[g.0.clone()];
        givens.sort_unstable_by(|a, b| {
            given_of(a)
                .cmp(given_of(b))
                .then(a.1.cmp(&b.1))
                .then(a.2.cmp(&b.2))
        });
        // A given name that two people have is nobody's.
        let mut kept = 0;
        let mut i = 0;
        while i < givens.len() {
            let same = givens[i..]
                .iter()
                .take_while(|g| given_of(g) == given_of(&givens[i]))
                .count();
            if same == 1 {
                givens.swap(kept, i);
                kept += 1;
            }
            i += same;
        }
        givens.truncate(kept);
        let mut found = std::mem::take(&mut self.buf.names.found);
        found.clear();
        if !givens.is_empty() {
            self.find_short_mentions(&givens, people, &mut found);
        }
        for (i, span) in found.drain(..) {
            people[i].short_mentions.push(Mention {
                start: 0,
                end: 0,
                span,
            });
        }
        self.buf.names.givens = givens;
        self.buf.names.found = found;
    }

    /// The short mentions of `givens` (see [`Self::short_mentions`]).
    fn find_short_mentions(
        &self,
        givens: &[(Range<usize>, usize, bool)],
        people: &[Person],
        found: &mut Vec<(usize, Range<usize>)>,
    ) {
        let text = self.text;
        let given_of = |g: &(Range<usize>, usize, bool)| &text[g.0.clone()];
        // A given name that starts with a capital letter starts, after a
        // space, a capitalized token (as the scan reads them): only those
        // are compared, in one pass for all names. A filter on the first
        // three bytes (two for a two-byte name) rejects nearly all of them;
        // the rest are compared with the names of the same first two bytes.
        let mut prefixes = PrefixFilter::default();
        for g in givens {
            if g.2 {
                prefixes.insert(given_of(g).as_bytes());
            }
        }
        let bytes = text.as_bytes();
        for &start in &self.buf.capital_starts {
            if start == 0 || bytes[start - 1] != b' ' {
                continue;
            }
            let Some(two) = prefixes.may_start(&bytes[start..]) else {
                continue;
            };
            let from = givens.partition_point(|g| first_two(given_of(g)) < two);
            for g in &givens[from..] {
                let given = given_of(g);
                if first_two(given) != two {
                    break;
                }
                if g.2 && bytes[start..].starts_with(given.as_bytes()) {
                    self.short_mention_at(start, given, g.1, people, found);
                }
            }
        }
        // Other given names (rare: a first letter of another script),
        // one substring search each.
        for g in givens.iter().filter(|g| !g.2) {
            let given = given_of(g);
            for start in memchr::memmem::find_iter(bytes, given.as_bytes()) {
                // After a space: a whole word, not the end of a longer one.
                if start > 0 && bytes[start - 1] == b' ' {
                    self.short_mention_at(start, given, g.1, people, found);
                }
            }
        }
    }

    /// Records `given` at `start` (after a space) as a short mention of
    /// `owner` if it is a whole word after an honorific, not inside a full
    /// mention of the owner's name nor the first word of a longer
    /// capitalized name.
    fn short_mention_at(
        &self,
        start: usize,
        given: &str,
        owner: usize,
        people: &[Person],
        found: &mut Vec<(usize, Range<usize>)>,
    ) {
        let end = start + given.len();
        // The owner's mentions are spans of the same name (one length), in
        // text order: the last one starting at or before `start` ends last.
        let mentions = &people[owner].mentions;
        let before = mentions.partition_point(|m| m.span.start <= start);
        if before > 0 && mentions[before - 1].span.end >= end {
            return;
        }
        let word_after = self.text[end..].chars().next().is_some_and(char::is_alphanumeric);
        if !word_after
            && !self.capital_follows(end)
            && self.phrase_before(&LEXICON.honorifics, start).is_some()
        {
            found.push((owner, start..end));
        }
    }
}

/// The first two bytes of a word of two bytes or more (0 if shorter), in
/// byte order.
fn first_two(word: &str) -> u16 {
    match word.as_bytes() {
        [a, b, ..] => u16::from_be_bytes([*a, *b]),
        _ => 0,
    }
}

/// A 1,024-bit filter of the first three bytes of words (first two for
/// two-byte words): whether a word may start some text.
#[derive(Default)]
struct PrefixFilter {
    bits: [u64; 16],
    /// Whether a two-byte word is in: only then are two bytes looked up.
    any_two_byte: bool,
}

impl PrefixFilter {
    fn bit(prefix: u32) -> usize {
        (prefix.wrapping_mul(0x9E37_79B9) >> 22) as usize
    }

    fn set(&mut self, prefix: u32) {
        let bit = Self::bit(prefix);
        self.bits[bit / 64] |= 1 << (bit % 64);
    }

    fn has(&self, prefix: u32) -> bool {
        let bit = Self::bit(prefix);
        self.bits[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// Adds a word of two bytes or more.
    fn insert(&mut self, word: &[u8]) {
        match *word {
            [a, b] => {
                self.any_two_byte = true;
                self.set(u32::from_be_bytes([0, 0, a, b]));
            }
            [a, b, c, ..] => self.set(u32::from_be_bytes([0, a, b, c])),
            _ => {}
        }
    }

    /// The first two bytes of `text` (as [`first_two`]) if a word of the
    /// filter may start it.
    #[inline]
    fn may_start(&self, text: &[u8]) -> Option<u16> {
        let (a, b) = match *text {
            [a, b, c, ..] if self.has(u32::from_be_bytes([0, a, b, c])) => (a, b),
            [a, b, ..] if self.any_two_byte && self.has(u32::from_be_bytes([0, 0, a, b])) => (a, b),
            _ => return None,
        };
        Some(u16::from_be_bytes([a, b]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_runs_start_after_punctuation_and_general_punctuation() {
        let text = "ông “Hà” Nội,Lan d'Ivoire a\u{a0}B";
        let starts: Vec<&str> = (0..text.len())
            .filter(|&i| text.is_char_boundary(i) && starts_word_run(text.as_bytes(), i))
            .map(|i| text[i..].split([' ', '”', ',', '\'']).next().unwrap_or(""))
            .collect();
        assert_eq!(starts, ["ông", "Hà", "Nội", "Lan", "d", "Ivoire", "a\u{a0}B"]);
    }

    use crate::document::Place;

    fn run(text: &str, places: &[Place]) -> (Vec<Person>, Vec<Title>) {
        let seg = crate::segment(text);
        let ctx = Context { text, segments: &seg };
        extract(&ctx, places)
    }

    #[test]
    fn chain_after_name_goes_to_that_name() {
        let text = "Sáng ngày 07/9, đồng chí Dương Hữu Bường- Tỉnh ủy viên, Phó Bí thư Thành ủy, \
                    Chủ tịch UBND thành phố chủ trì cuộc họp. Dự có Chủ tịch UBND các xã, phường.";
        let (people, titles) = run(text, &[]);
        assert_eq!(people.len(), 1);
        assert_eq!(people[0].honorific.as_deref(), Some("đồng chí"));
        let got: Vec<_> = titles
            .iter()
            .map(|t| (&text[t.span.clone()], t.person.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Tỉnh ủy viên", Some("Dương Hữu Bường")),
                ("Phó Bí thư Thành ủy", Some("Dương Hữu Bường")),
                ("Chủ tịch UBND thành phố", Some("Dương Hữu Bường")),
                ("Chủ tịch UBND các xã, phường", None),
            ]
        );
        assert_eq!(titles[1].role, "Phó Bí thư");
        assert_eq!(titles[2].organization.as_deref(), Some("Ủy ban nhân dân"));
    }

    #[test]
    fn title_before_name_and_place_before_name() {
        let text = "Chủ tịch UBND tỉnh Bạc Liêu Dương Thành Trung cho biết. Ông Trung nói.";
        let (people, titles) = run(text, &[]);
        assert_eq!(people.len(), 1);
        assert_eq!(people[0].name, "Dương Thành Trung");
        assert_eq!(titles[0].jurisdiction.as_deref(), Some("tỉnh Bạc Liêu"));
        assert_eq!(titles[0].person.as_deref(), Some("Dương Thành Trung"));
    }

    #[test]
    fn appointment_verbs_link_the_name_before_them() {
        let text = "UBND tỉnh bổ nhiệm ông Nguyễn Văn An giữ chức Phó Giám đốc Sở Tài chính.";
        let (_, titles) = run(text, &[]);
        assert_eq!(titles.len(), 1, "{titles:#?}");
        assert_eq!(titles[0].person.as_deref(), Some("Nguyễn Văn An"));
        // `làm việc với` is not `làm`: the chairman is not Lê Văn Bình.
        let text = "Ông Lê Văn Bình làm việc với Chủ tịch UBND tỉnh.";
        let (_, titles) = run(text, &[]);
        assert_eq!(titles[0].person, None);
    }

    #[test]
    fn appointment_phrases_link_the_names_after_the_title() {
        let held = |text: &str| -> Vec<(String, Option<String>)> {
            let (_, titles) = run(text, &[]);
            titles
                .into_iter()
                .map(|t| (text[t.span].to_owned(), t.person))
                .collect()
        };
        let pair = |t: &str, p: &str| (t.to_owned(), Some(p.to_owned()));
        // Several holders, each with a rank (itself a title).
        let text = "Giám đốc trao quyết định bổ nhiệm lại chức vụ Phó trưởng Công an huyện đối với \
                    Thượng tá Phạm Duy Thành và Thượng tá Lê Công Hoạt.";
        let titles = held(text);
        assert!(
            titles.contains(&pair("Phó trưởng Công an huyện", "Phạm Duy Thành")),
            "{titles:?}"
        );
        assert!(
            titles.contains(&pair("Phó trưởng Công an huyện", "Lê Công Hoạt")),
            "{titles:?}"
        );
        assert!(
            titles.contains(&pair("Thượng tá", "Phạm Duy Thành")),
            "{titles:?}"
        );
        assert!(titles.contains(&pair("Thượng tá", "Lê Công Hoạt")), "{titles:?}");
        // A social honorific and a rank; the body ends before `đối với`.
        let text = "Bộ trưởng trao Quyết định bổ nhiệm chức vụ Thứ trưởng Bộ Công an đối với đồng chí \
                    Trung tướng Phạm Thế Tùng và đồng chí Thiếu tướng Nguyễn Ngọc Lâm.";
        let titles = held(text);
        assert!(
            titles.contains(&pair("Thứ trưởng Bộ Công an", "Phạm Thế Tùng")),
            "{titles:?}"
        );
        assert!(
            titles.contains(&pair("Thứ trưởng Bộ Công an", "Nguyễn Ngọc Lâm")),
            "{titles:?}"
        );
        assert!(
            titles.contains(&pair("Trung tướng", "Phạm Thế Tùng")),
            "{titles:?}"
        );
        // A term between the title and the link.
        let text = "Quốc hội thống nhất miễn nhiệm Chủ tịch UBND tỉnh Quảng Nam, nhiệm kỳ 2021-2026, \
                    đối với ông Lê Trí Thanh.";
        assert!(held(text).contains(&pair("Chủ tịch UBND tỉnh Quảng Nam", "Lê Trí Thanh")));
        // No appointment phrase: `đối với` names someone else.
        let text = "Yêu cầu của Thủ tướng Chính phủ đối với ông Nguyễn Văn An là rõ ràng.";
        let titles = held(text);
        assert_eq!(titles, vec![("Thủ tướng Chính phủ".to_owned(), None)]);
        // Not a title: `chính sách đối với ông bà`.
        let (people, titles) = run("Bổ nhiệm chính sách đối với ông bà Nguyễn.", &[]);
        assert!(titles.is_empty() && people.is_empty(), "{titles:?} {people:?}");
        // `đối` inside a body's name is kept.
        let titles = held("Ông Trần Quỳnh Lân giữ chức vụ Trưởng Phòng An ninh đối nội.");
        assert_eq!(
            titles,
            vec![pair("Trưởng Phòng An ninh đối nội", "Trần Quỳnh Lân")]
        );
    }

    #[test]
    fn streets_schools_and_places_are_not_people() {
        let text = "Trường THCS Nguyễn Văn Cừ trên đường Nguyễn Văn Linh, xã Dương Quang.";
        let (people, _) = run(text, &[]);
        assert!(people.is_empty(), "{people:?}");
    }

    #[test]
    fn places_from_the_places_stage_are_not_people() {
        let text = "Đến thăm Lê Văn Hưu hôm nay.";
        let start = text.find("Lê").unwrap();
        let place = Place {
            span: start..start + "Lê Văn Hưu".len(),
            name: "Lê Văn Hưu".into(),
            kind: "xã".into(),
            ..Place::default()
        };
        assert!(run(text, &[place]).0.is_empty());
        assert_eq!(run(text, &[]).0.len(), 1);
    }

    #[test]
    fn bare_title_gets_the_one_holder_named_elsewhere() {
        let text = "Bộ trưởng Bộ TT&TT Trương Minh Tuấn ký quyết định. Bộ trưởng chỉ đạo. \
                    Thứ trưởng Nguyễn Minh Hồng và Thứ trưởng Phan Tâm dự. Thứ trưởng phát biểu.";
        let (people, titles) = run(text, &[]);
        assert_eq!(people.len(), 3);
        let holders: Vec<_> = titles.iter().map(|t| t.person.as_deref()).collect();
        assert_eq!(
            holders,
            vec![
                Some("Trương Minh Tuấn"),
                Some("Trương Minh Tuấn"),
                Some("Nguyễn Minh Hồng"),
                Some("Phan Tâm"),
                None
            ]
        );
        assert_eq!(
            titles[0].organization.as_deref(),
            Some("Bộ Thông tin và Truyền thông")
        );
        assert_eq!(titles[0].jurisdiction.as_deref(), Some("Việt Nam"));
    }

    #[test]
    fn bylines_and_photo_credits() {
        let text =
            "Ông Nguyễn Văn Trình phát biểu. Ảnh: Thái Minh Tại buổi lễ. Ảnh: Google Maps.\n\nĐặng Tuyết";
        let (people, _) = run(text, &[]);
        let names: Vec<_> = people.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, vec!["Nguyễn Văn Trình", "Thái Minh", "Đặng Tuyết"]);
    }

    #[test]
    fn former_office_keeps_nguyen_in_text_only() {
        let text = "ông Phan Thành Đông (Phó bí thư, nguyên Chủ tịch UBND huyện) bị kỷ luật.";
        let (_, titles) = run(text, &[]);
        assert_eq!(titles.len(), 2);
        assert_eq!(&text[titles[1].span.clone()], "nguyên Chủ tịch UBND huyện");
        assert_eq!(titles[1].role, "Chủ tịch");
        assert!(titles
            .iter()
            .all(|t| t.person.as_deref() == Some("Phan Thành Đông")));
    }
}
