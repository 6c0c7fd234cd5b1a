//! One normalization pass over a text: a byte scanner that skips ASCII and
//! precomposed Vietnamese letters, and only does work (NFC, tone repair,
//! character mapping, whitespace layout, HTML residue) around the characters
//! that need it. Unchanged text is copied lazily in whole runs.

use std::iter::once;
use std::ops::Range;

use unicode_normalization::char::{canonical_combining_class, is_combining_mark};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::map::{Edit, OffsetMap};
use super::tables::{char_action, entity, tag_is_block, CharAction};
use super::tone::{self, Letter, MAX_SYLLABLE};
use super::TonePlacement;
use crate::segment::clear_with_capacity;

/// What an ASCII byte asks of the scanner.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ascii {
    /// Kept as is.
    Plain,
    /// `' '`: fine unless it starts or ends a line or doubles another space.
    Space,
    /// `'\t'`: a space.
    Tab,
    /// `'\n'`.
    Newline,
    /// `'\r'` (alone or before `'\n'`), vertical tab, form feed: a line break.
    Break,
    /// `'<'`: maybe an HTML tag.
    Lt,
    /// `'&'`: maybe an HTML character reference.
    Amp,
}

static ASCII: [Ascii; 128] = {
    let mut t = [Ascii::Plain; 128];
    t[b' ' as usize] = Ascii::Space;
    t[b'\t' as usize] = Ascii::Tab;
    t[b'\n' as usize] = Ascii::Newline;
    t[b'\r' as usize] = Ascii::Break;
    t[0x0b] = Ascii::Break;
    t[0x0c] = Ascii::Break;
    t[b'<' as usize] = Ascii::Lt;
    t[b'&' as usize] = Ascii::Amp;
    t
};

/// ASCII bytes that never need a look (everything but whitespace, `<`, `&`).
static PLAIN: [bool; 128] = {
    let mut t = [false; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = matches!(ASCII[b], Ascii::Plain);
        b += 1;
    }
    t
};

/// Decodes the UTF-8 character starting at byte `i` (a char boundary of a
/// valid string): `(code point, length)`.
#[inline(always)]
fn decode(bytes: &[u8], i: usize) -> (u32, usize) {
    let b = bytes[i] as u32;
    let cont = |k: usize| (bytes[i + k] & 0x3f) as u32;
    if b < 0x80 {
        (b, 1)
    } else if b < 0xe0 {
        ((b & 0x1f) << 6 | cont(1), 2)
    } else if b < 0xf0 {
        ((b & 0x0f) << 12 | cont(1) << 6 | cont(2), 3)
    } else {
        ((b & 0x07) << 18 | cont(1) << 12 | cont(2) << 6 | cont(3), 4)
    }
}

/// The code point of the character ending at byte `i`.
#[inline(always)]
fn decode_before(bytes: &[u8], i: usize) -> (u32, usize) {
    let mut k = i - 1;
    while bytes[k] & 0xc0 == 0x80 {
        k -= 1;
    }
    decode(bytes, k)
}

/// [`PLAIN`] for any byte (false for bytes >= 0x80).
static PLAIN_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = PLAIN[b];
        b += 1;
    }
    t
};

/// Bytes that may follow a space that needs no edit: plain ASCII, and lead
/// bytes of Vietnamese letters (U+00C0..U+01BF, U+1EA0..U+1EFF via 0xE1,
/// checked further by the caller).
static AFTER_SPACE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = PLAIN[b] || b == b'<' as usize || b == b'&' as usize;
        b += 1;
    }
    let mut b = 0xc3;
    while b <= 0xc6 {
        t[b] = true;
        b += 1;
    }
    t
};

/// The hot loop: skips from `i` over everything that needs no edit (plain
/// ASCII, single spaces between words, Vietnamese letters whose tone needs
/// no look, whole words whose tone is where the orthography puts it) and
/// returns where something may (or the end).
#[inline(never)]
fn skip_clean(
    bytes: &[u8],
    mut i: usize,
    limit: usize,
    copied: usize,
    letters: &tone::Tables,
    placement: TonePlacement,
    tokens: &mut TokenCache,
) -> usize {
    // Scan up to `limit`; neighbours past it are still read from `bytes`.
    let scan = &bytes[..limit];
    let entry = i;
    // The token after the last lone space while it is checked character by
    // character: where it ends (0: none) and its key, to remember it once
    // it passed.
    let (mut checking_end, mut checking_key) = (0, TokenKey::default());
    // Byte by byte: in Vietnamese, runs of ASCII between letters with marks
    // are too short for a wider scan to pay off.
    while let Some(&b) = scan.get(i) {
        if PLAIN_BYTE[b as usize] {
            i += 1;
            continue;
        }
        if b < 0x80 {
            // Whatever was skipped since `entry` is not whitespace.
            let after_word = i > entry || i > copied && !matches!(scan[i - 1], b' ' | b'\n' | b'\t');
            if b == b' ' && after_word && space_before_clean(scan, i) {
                if checking_end == i {
                    tokens.insert(checking_key);
                }
                i += 1;
                let (next, token) = skip_known_tokens(scan, i, tokens);
                i = next;
                if let Some((end, key)) = token {
                    (checking_end, checking_key) = (end, key);
                }
                continue;
            }
            return i;
        }
        let (l, len) = if b == 0xe1 {
            (letters.three_byte_at(scan, i), 3)
        } else if b.wrapping_sub(0xc3) < 4 {
            (letters.two_byte_at(scan, i), 2)
        } else {
            return i;
        };
        if tone::tone_of(l) != 0 {
            if tone_needs_check(bytes, letters, l, i, i + len) {
                // What `Pass::word` would find, without leaving the loop.
                match settled_word_end(bytes, i, copied, letters, placement) {
                    Some(end) => i = end,
                    None => return i,
                }
                continue;
            }
        } else if l == 0 {
            return i;
        }
        i += len;
    }
    i
}

/// Whether the byte after the space at `i` lets the space stand: plain
/// ASCII, `<`, `&` or the lead bytes of a Vietnamese letter (the letter is
/// checked next).
#[inline(always)]
fn space_before_clean(scan: &[u8], i: usize) -> bool {
    match scan.get(i + 1) {
        Some(&next) if AFTER_SPACE[next as usize] => true,
        // U+1Exx: Latin Extended Additional (Vietnamese letters).
        Some(0xe1) => matches!(scan.get(i + 2), Some(0xba | 0xbb)),
        _ => false,
    }
}

/// From `i`, just after a lone space: skips the tokens known to be clean,
/// each with the lone space after it. Returns where to go on character by
/// character and, when a token starts there that the cache could hold,
/// its end and key.
#[inline(always)]
fn skip_known_tokens(scan: &[u8], i: usize, tokens: &TokenCache) -> (usize, Option<(usize, TokenKey)>) {
    let Some((key, len)) = TokenCache::key_at(scan, i) else {
        return (i, None);
    };
    if !tokens.contains(key) {
        return (i, Some((i + len, key)));
    }
    // The token ends at a space (its key holds the byte after it, and only
    // tokens before a lone space are cached). The space stands alone when
    // the token after it is known too, as that token's first byte was fine
    // after a space when it was cached; otherwise the caller checks.
    // From the space after the token: the space and the next eight bytes
    // are in `rest` (one bounds check per token).
    let rest = skip_known_run(&scan[i + len..], tokens);
    (scan.len() - rest.len(), None)
}

/// From the space that starts `rest`: skips each known token with the space
/// before it, and returns the rest from the first space whose token is not
/// known. Kept out of line: in [`skip_clean`], which keeps many values
/// live, the loop reloaded its constants and the cache from the stack on
/// every token.
#[inline(never)]
fn skip_known_run<'a>(mut rest: &'a [u8], tokens: &TokenCache) -> &'a [u8] {
    while let Some(window) = rest.first_chunk::<9>() {
        let next = u64::from_le_bytes(*window.last_chunk::<8>().expect("8 of 9 bytes"));
        // Each arm cuts `rest` itself: the compiler then sees that a short
        // token stays within the nine bytes checked (no bounds check).
        match TokenCache::key_in(next) {
            Some((key, len)) if tokens.contains_short(key) => rest = &rest[1 + len..],
            Some(_) => break,
            // Eight bytes or more (`trường`, `Nguyễn`).
            None => match tokens.known_long_len(rest, next) {
                Some(len) => rest = &rest[1 + len..],
                None => break,
            },
        }
    }
    rest
}

/// Tokens (one to fifteen bytes between a lone space and the next space or
/// control character) that [`skip_clean`] found clean, so that the next
/// occurrence is skipped whole: news text repeats a few thousand syllables.
/// Whether such a token needs an edit depends on its bytes and the tone
/// placement alone (the characters around it are a space before and a byte
/// below `!` after, the same for every occurrence), so the cache changes
/// no result. It lives per thread and per placement (keys then need no
/// placement bits: one instruction less per token), to serve many short
/// texts.
struct TokenCache {
    /// Direct-mapped slots of the keys of tokens of up to seven bytes;
    /// [`TokenCache::EMPTY`] is empty.
    slots: Box<[u64; 1 << TokenCache::SLOT_BITS]>,
    /// The same for tokens of eight to fifteen bytes: [`TokenKey`]s.
    long_slots: Box<[TokenKey; 1 << TokenCache::LONG_SLOT_BITS]>,
}

/// The cache key of a token: for one of up to seven bytes, its key
/// ([`TokenCache::key_in`]) in `tail` and 0 in `head`; for a longer one its
/// first eight bytes in `head` (never 0: no byte of it is below `!`) and
/// the key of the rest in `tail`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct TokenKey {
    head: u64,
    tail: u64,
}

thread_local! {
    /// One cache per [`TonePlacement`], in declaration order.
    static TOKEN_CACHES: [std::cell::Cell<Option<TokenCache>>; 3] =
        const { [const { std::cell::Cell::new(None) }; 3] };
}

impl TokenCache {
    /// 256 KiB: with half as many slots, conflicts sent many more tokens
    /// through the byte-by-byte path (-6 % instructions).
    const SLOT_BITS: u32 = 15;
    /// 64 KiB: news text has a few thousand distinct long tokens.
    const LONG_SLOT_BITS: u32 = 12;

    /// An empty short slot: no key has all bits set (its last byte is
    /// below `!`, or 0).
    const EMPTY: u64 = u64::MAX;

    /// Runs `f` with this thread's cache for `placement`.
    fn with<R>(placement: TonePlacement, f: impl FnOnce(&mut TokenCache) -> R) -> R {
        TOKEN_CACHES.with(|caches| {
            let cell = &caches[placement as usize];
            let mut cache = cell.take().unwrap_or_else(Self::new);
            let result = f(&mut cache);
            cell.set(Some(cache));
            result
        })
    }

    fn new() -> TokenCache {
        TokenCache {
            slots: vec![Self::EMPTY; 1 << Self::SLOT_BITS]
                .into_boxed_slice()
                .try_into()
                .expect("slot count"),
            long_slots: vec![TokenKey::default(); 1 << Self::LONG_SLOT_BITS]
                .into_boxed_slice()
                .try_into()
                .expect("slot count"),
        }
    }

    /// The key and length of the token at `i` (see [`TokenKey`]). `None`
    /// when the token does not end within sixteen bytes (inside `scan`).
    #[inline(always)]
    fn key_at(scan: &[u8], i: usize) -> Option<(TokenKey, usize)> {
        let from = scan.get(i..)?;
        let head = u64::from_le_bytes(*from.first_chunk::<8>()?);
        if let Some((key, len)) = Self::key_in(head) {
            return Some((TokenKey { head: 0, tail: key }, len));
        }
        let rest = u64::from_le_bytes(*from.get(8..)?.first_chunk::<8>()?);
        let (tail, len) = Self::key_in(rest)?;
        Some((TokenKey { head, tail }, 8 + len))
    }

    /// The key and length of the token of up to seven bytes at the start of
    /// `word` (eight bytes): its bytes and the low seven bits of the byte
    /// that ends it (below `!`: a space, a line break, a control
    /// character); `None` when the token does not end there.
    #[inline(always)]
    fn key_in(word: u64) -> Option<(u64, usize)> {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        // High bits of the bytes below 0x21 (the first is exact; later
        // false hits do not matter).
        let ends = word.wrapping_sub(ONES * 0x21) & !word & HIGH;
        if ends == 0 {
            return None;
        }
        let first_end = ends & ends.wrapping_neg();
        let key = word & (first_end - 1);
        Some((key, (first_end.trailing_zeros() / 8) as usize))
    }

    #[inline(always)]
    fn slot(key: u64) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - Self::SLOT_BITS)) as usize
    }

    #[inline(always)]
    fn long_slot(key: TokenKey) -> usize {
        ((key.head ^ key.tail.rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
            >> (64 - Self::LONG_SLOT_BITS)) as usize
    }

    /// Whether the token of up to seven bytes with key `key` is known clean.
    #[inline(always)]
    fn contains_short(&self, key: u64) -> bool {
        self.slots[Self::slot(key)] == key
    }

    #[inline(always)]
    fn contains(&self, key: TokenKey) -> bool {
        if key.head == 0 {
            self.contains_short(key.tail)
        } else {
            self.long_slots[Self::long_slot(key)] == key
        }
    }

    /// The length of the token of eight bytes or more after the space that
    /// starts `rest` (`head`: its first eight bytes) if it is known clean.
    #[inline(always)]
    fn known_long_len(&self, rest: &[u8], head: u64) -> Option<usize> {
        let rest = u64::from_le_bytes(*rest.get(9..)?.first_chunk::<8>()?);
        let (tail, len) = Self::key_in(rest)?;
        let key = TokenKey { head, tail };
        (self.long_slots[Self::long_slot(key)] == key).then_some(8 + len)
    }

    #[inline(always)]
    fn insert(&mut self, key: TokenKey) {
        if key.head == 0 {
            self.slots[Self::slot(key.tail)] = key.tail;
        } else {
            self.long_slots[Self::long_slot(key)] = key;
        }
    }
}

/// The end of the word around the toned vowel at `i` when [`Pass::word`]
/// would leave it as it is: a word of ASCII letters and digits and
/// Vietnamese letters (from `copied` at the earliest, as there) between
/// ASCII non-word bytes, with digits in it, too long for a syllable, or a
/// tone that is where it belongs. `None` when that takes a closer look.
#[inline(always)]
fn settled_word_end(
    bytes: &[u8],
    i: usize,
    copied: usize,
    letters: &tone::Tables,
    placement: TonePlacement,
) -> Option<usize> {
    let mut start = i;
    while start > copied {
        let b = bytes[start - 1];
        if b < 0x80 {
            if !b.is_ascii_alphanumeric() {
                break;
            }
            start -= 1;
        } else {
            let (l, len) = letters.before_with_len(bytes, start);
            if l == 0 {
                return None;
            }
            start -= len;
        }
    }
    let mut word: [Letter; MAX_SYLLABLE] = [0; MAX_SYLLABLE];
    let mut count = 0;
    let mut only_letters = true;
    let mut k = start;
    while let Some(&b) = bytes.get(k) {
        let (l, len) = if b < 0x80 {
            if !b.is_ascii_alphanumeric() {
                break;
            }
            (letters.ascii(b), 1)
        } else {
            letters.at_non_ascii(bytes, k)
        };
        if l == 0 {
            if b >= 0x80 {
                return None;
            }
            only_letters = false;
        } else {
            if count < MAX_SYLLABLE {
                word[count] = l;
            }
            count += 1;
        }
        k += len;
    }
    let settled =
        !only_letters || count > MAX_SYLLABLE || tone::misplaced_tone(&word[..count], placement).is_none();
    settled.then_some(k)
}

/// Whether the toned vowel `l` at `start..end` needs its syllable
/// checked: not when it is the only vowel around, nor (with no other tone
/// beside it) when it carries a quality mark with no other such vowel after
/// it (`người`, `việc`), nor when it stands before a final i/y/o/u that ends
/// the word (`này`, `bảo`): the orthography puts the tone exactly there, in
/// every placement style.
#[inline(always)]
fn tone_needs_check(bytes: &[u8], letters: &tone::Tables, l: Letter, start: usize, end: usize) -> bool {
    let before = letters.before(bytes, start);
    let after = if end < bytes.len() {
        letters.at(bytes, end).0
    } else {
        0
    };
    let (before_vowel, after_vowel) = (tone::is_vowel(before), tone::is_vowel(after));
    if !before_vowel && !after_vowel {
        return false;
    }
    if tone::tone_of(before) != 0 || tone::tone_of(after) != 0 {
        return true;
    }
    if tone::has_quality(l) && !(after_vowel && tone::has_quality(after)) {
        return false;
    }
    // Before a final i/y/o/u that ends the word ("này", "bảo", "ngoài").
    let word_ends = match bytes.get(end + 1) {
        None => true,
        Some(&b) => b < 0x80 && !b.is_ascii_alphanumeric(),
    };
    !(word_ends && tone::settled_before_final(l, before, after))
}

/// Output of one pass.
pub(crate) struct PassOutput {
    /// The text after the pass; empty when the pass changed nothing (the
    /// text is the input).
    pub(crate) text: String,
    pub(crate) map: OffsetMap,
    /// Where the pass decoded or removed markup, which can expose more work
    /// (an entity decoding to a combining mark, `&amp;lt;`, a tag inside a
    /// word): byte ranges of `text`, in order, for another pass to scan.
    pub(crate) rescan: Vec<Range<usize>>,
}

/// Bytes scanned again on each side of an edit that may expose more work:
/// more than the longest tag or entity that the edit can complete.
const RESCAN_MARGIN: usize = 320;

/// The window to scan again around an edit at `target` (output bytes).
pub(crate) fn around(target: &Range<usize>) -> Range<usize> {
    target.start.saturating_sub(RESCAN_MARGIN)..target.end + RESCAN_MARGIN
}

struct Pass<'a> {
    input: &'a str,
    bytes: &'a [u8],
    out: String,
    map: OffsetMap,
    /// Input before this offset is in `out` (or edited).
    copied: usize,
    placement: TonePlacement,
    /// The next edit may expose more work: scan around it again.
    rescan_next_edit: bool,
    /// Windows of the output to scan again (see [`PassOutput::rescan`]).
    rescan: Vec<Range<usize>>,
    /// Input before this offset may hold the rest of a `<` or `&` that was
    /// not markup; an edit there (a deleted zero-width space in
    /// "&\u{200b}amp;") may complete it, so check with another pass.
    markup_window_end: usize,
    scratch: String,
    scratch2: String,
}

/// Runs one pass over `input`, writing into `out` and `edits` (emptied
/// here; a caller that normalizes many texts passes the buffers of the
/// previous result, so that their memory is reused).
pub(crate) fn pass(
    input: &str,
    placement: TonePlacement,
    mut out: String,
    mut edits: Vec<Edit>,
) -> PassOutput {
    out.clear();
    if out.capacity() < input.len() + 16 {
        // The output, or the copy of an unchanged input, needs as much; a
        // buffer too small is replaced (growing it would copy dead bytes).
        out = String::with_capacity(input.len() + 16);
    }
    edits.clear();
    pass_into(
        input,
        placement,
        std::slice::from_ref(&(0..input.len())),
        out,
        edits,
    )
}

/// Runs one pass over the `windows` of `input` (byte ranges in order, cut
/// to char boundaries here), copying the rest unchanged.
pub(crate) fn pass_within(input: &str, placement: TonePlacement, windows: &[Range<usize>]) -> PassOutput {
    pass_into(input, placement, windows, String::new(), Vec::new())
}

/// [`pass_within`] writing into `out` and `edits`, which must be empty.
fn pass_into(
    input: &str,
    placement: TonePlacement,
    windows: &[Range<usize>],
    out: String,
    edits: Vec<Edit>,
) -> PassOutput {
    let mut p = Pass {
        input,
        bytes: input.as_bytes(),
        out,
        map: OffsetMap {
            edits,
            ..OffsetMap::default()
        },
        copied: 0,
        placement,
        rescan_next_edit: false,
        rescan: Vec::new(),
        markup_window_end: 0,
        scratch: String::new(),
        scratch2: String::new(),
    };
    let bytes = input.as_bytes();
    let letters = tone::table();
    TokenCache::with(placement, |tokens| {
        let mut i = 0;
        for window in windows {
            // Windows may overlap what a handler already consumed; they are
            // widened to char boundaries.
            let mut start = window.start.clamp(i, input.len());
            while !input.is_char_boundary(start) {
                start -= 1;
            }
            i = i.max(start);
            let mut limit = window.end.min(input.len());
            while !input.is_char_boundary(limit) {
                limit += 1;
            }
            loop {
                i = skip_clean(bytes, i, limit, p.copied, letters, placement, tokens);
                if i >= limit {
                    break;
                }
                let b = bytes[i];
                if b < 0x80 {
                    i = match ASCII[b as usize] {
                        Ascii::Plain | Ascii::Newline => i + 1,
                        Ascii::Space if p.lone_space_is_fine(i) => i + 1,
                        Ascii::Space | Ascii::Tab => p.whitespace_run(i),
                        Ascii::Break => {
                            let end = if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                                i + 2
                            } else {
                                i + 1
                            };
                            p.replace(i, end, "\n");
                            end
                        }
                        Ascii::Lt => p.tag(i),
                        Ascii::Amp => p.entity(i),
                    };
                    continue;
                }
                let (cp, len) = decode(bytes, i);
                let l = letters.get(cp);
                if l != 0 {
                    i = if tone::tone_of(l) != 0 && tone_needs_check(bytes, letters, l, i, i + len) {
                        p.word(i, char::from_u32(cp).expect("scalar"))
                    } else {
                        i + len
                    };
                    continue;
                }
                i = p.special(i, char::from_u32(cp).expect("scalar"));
            }
        }
    });
    p.finish()
}

#[inline]
fn char_at(s: &str, i: usize) -> char {
    s[i..].chars().next().expect("in bounds")
}

#[inline]
fn char_before(s: &str, i: usize) -> char {
    s[..i].chars().next_back().expect("in bounds")
}

/// A character that belongs to a word: letters, digits, combining marks and
/// invisible characters (removed from inside words).
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    tone::letter(c) != 0
        || ('\u{300}'..='\u{36f}').contains(&c)
        || is_combining_mark(c)
        || c.is_alphanumeric()
        || char_action(c) == Some(CharAction::Delete)
}

/// How many clusters (a character and the combining marks after it) `s` holds.
fn cluster_count(s: &str) -> usize {
    let mut at = 0;
    let mut count = 0;
    while at < s.len() {
        at = cluster_end(s, at);
        count += 1;
    }
    count
}

/// The end of the cluster (a character and the combining marks after it)
/// that starts at `at` in `s`; `at` itself at the end of `s`.
fn cluster_end(s: &str, at: usize) -> usize {
    let mut chars = s[at..].char_indices();
    if chars.next().is_none() {
        return at;
    }
    chars
        .find(|&(_, c)| !is_combining_mark(c))
        .map_or(s.len(), |(i, _)| at + i)
}

/// [`is_word_char`] of a code point, fast for ASCII and Vietnamese letters.
#[inline]
fn is_word_code_point(cp: u32) -> bool {
    if cp < 0x80 {
        return (cp as u8).is_ascii_alphanumeric();
    }
    tone::table().get(cp) != 0 || is_word_char(char::from_u32(cp).expect("scalar"))
}

/// Composes with the character before it, or may (NFC quick check not Yes).
fn needs_composition(c: char) -> bool {
    is_combining_mark(c) || canonical_combining_class(c) != 0 || is_nfc_quick(once(c)) != IsNormalized::Yes
}

/// The mark NFC writes for `mark`: U+0340/U+0341 are deprecated twins of
/// U+0300/U+0301.
fn nfc_tone_mark(mark: char) -> char {
    match mark {
        '\u{340}' => '\u{300}',
        '\u{341}' => '\u{301}',
        other => other,
    }
}

fn is_line_break_at(s: &str, i: usize) -> bool {
    match s.as_bytes().get(i) {
        None => true,
        Some(&b) if b < 0x80 => matches!(ASCII[b as usize], Ascii::Newline | Ascii::Break),
        Some(_) => char_action(char_at(s, i)) == Some(CharAction::Newline),
    }
}

/// Bytes `a` and `b` share at the start, cut back to a char boundary.
/// Compared as bytes: equal bytes before a boundary of `a` end whole
/// characters in `b` too.
fn common_prefix(a: &str, b: &str) -> usize {
    let mut len = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while !a.is_char_boundary(len) {
        len -= 1;
    }
    len
}

/// Bytes `a` and `b` share at the end, cut forward to a char boundary
/// (whether a byte starts a character depends on that byte alone).
fn common_suffix(a: &str, b: &str) -> usize {
    let mut len = a
        .bytes()
        .rev()
        .zip(b.bytes().rev())
        .take_while(|(x, y)| x == y)
        .count();
    while !a.is_char_boundary(a.len() - len) {
        len -= 1;
    }
    len
}

impl Pass<'_> {
    /// The last byte of the output so far (pending input included).
    fn prev_out_byte(&self, i: usize) -> Option<u8> {
        if i > self.copied {
            Some(self.bytes[i - 1])
        } else {
            self.out.as_bytes().last().copied()
        }
    }

    /// A single ASCII space between two ordinary characters.
    #[inline]
    fn lone_space_is_fine(&self, i: usize) -> bool {
        if matches!(self.prev_out_byte(i), None | Some(b' ' | b'\n')) {
            return false;
        }
        match self.bytes.get(i + 1) {
            None => false,
            Some(&b) if b < 0x80 => matches!(ASCII[b as usize], Ascii::Plain | Ascii::Lt | Ascii::Amp),
            Some(_) => {
                let c = char_at(self.input, i + 1);
                tone::letter(c) != 0
                    || !matches!(
                        char_action(c),
                        Some(CharAction::Space | CharAction::Delete | CharAction::Newline)
                    )
            }
        }
    }

    /// Replaces `input[s..e]` by `text`, recording the edit (trimmed to the
    /// characters that really change).
    #[inline(never)]
    fn replace(&mut self, s: usize, e: usize, text: &str) {
        let rescan = std::mem::take(&mut self.rescan_next_edit);
        let old = &self.input[s..e];
        if old == text {
            return;
        }
        let prefix = common_prefix(old, text);
        let suffix = common_suffix(&old[prefix..], &text[prefix..]);
        let (s, e) = (s + prefix, e - suffix);
        let text = &text[prefix..text.len() - suffix];
        debug_assert!(s >= self.copied);
        if self.out.is_empty() {
            // The whole text at once (a no-op for a reused buffer); a
            // no-op too when the output is taken back to empty.
            self.out.reserve(self.input.len() + 16);
        }
        // One edit per run of changed clusters (a letter and its marks), so
        // that a span ending between two of them (`đồng` in a decomposed
        // `đồng᷀à`) maps back to the same place as in the composed text; not
        // when a mark moved to another cluster (`nghiêp ̣` → `nghiệp`): the
        // clusters no longer pair up, and the change is one edit.
        if cluster_count(&self.input[s..e]) != cluster_count(text) {
            self.push_edit(rescan, s..e, text);
            return;
        }
        let (mut old_at, mut new_at) = (0, 0);
        let mut changed: Option<(usize, usize)> = None;
        loop {
            let (old_next, new_next) = (cluster_end(&self.input[s..e], old_at), cluster_end(text, new_at));
            let equal = old_next > old_at
                && new_next > new_at
                && self.input[s + old_at..s + old_next] == text[new_at..new_next];
            if !equal {
                // A change runs to the end when the clusters no longer pair up.
                let from = changed.unwrap_or((old_at, new_at));
                if old_next == old_at || new_next == new_at {
                    changed = Some(from);
                    break;
                }
                changed = Some(from);
            } else if let Some((old_from, new_from)) = changed.take() {
                self.push_edit(rescan, s + old_from..s + old_at, &text[new_from..new_at]);
            }
            (old_at, new_at) = (old_next, new_next);
            if old_at == e - s && new_at == text.len() {
                break;
            }
        }
        if let Some((old_from, new_from)) = changed {
            self.push_edit(rescan, s + old_from..e, &text[new_from..]);
        }
    }

    /// Writes `text` in place of `input[source]`, the input before it being
    /// copied first.
    fn push_edit(&mut self, rescan: bool, source: Range<usize>, text: &str) {
        self.out.push_str(&self.input[self.copied..source.start]);
        let target_start = self.out.len();
        self.out.push_str(text);
        self.record_edit(rescan, source, target_start);
    }

    /// Records that `input[source]` became the output from `target_start`
    /// to its end (already written), the input before `source` having been
    /// copied; `rescan` asks for another look around it.
    #[inline(always)]
    fn record_edit(&mut self, rescan: bool, source: Range<usize>, target_start: usize) {
        let rescan = rescan || source.start < self.markup_window_end;
        let e = source.end;
        let edits = &mut self.map.edits;
        if edits.len() == edits.capacity() {
            // About one edit per few hundred bytes of news text: room for
            // most texts' edits at once, instead of growing from four (a
            // reused list too small is replaced, see `clear_with_capacity`).
            let room = (self.input.len() / 128).max(4);
            if edits.is_empty() {
                clear_with_capacity(edits, room);
            } else {
                edits.reserve(room);
            }
        }
        self.map.push(source, target_start..self.out.len());
        if rescan {
            // Around this edit another pass may find more; it need look
            // nowhere else (the rest was clean and stays so).
            let window = around(&(target_start..self.out.len()));
            match self.rescan.last_mut() {
                Some(last) if last.end >= window.start => last.end = window.end,
                _ => self.rescan.push(window),
            }
        }
        self.copied = e;
    }

    fn finish(mut self) -> PassOutput {
        self.map.source_len = self.input.len();
        // Unchanged text is not copied (see `PassOutput::text`).
        if self.map.edits.is_empty() {
            self.map.target_len = self.input.len();
        } else {
            self.out.push_str(&self.input[self.copied..]);
            self.map.target_len = self.out.len();
        }
        PassOutput {
            text: self.out,
            map: self.map,
            rescan: self.rescan,
        }
    }

    /// A non-ASCII character that is not a Vietnamese letter.
    #[inline(never)]
    fn special(&mut self, i: usize, c: char) -> usize {
        if ('\u{300}'..='\u{36f}').contains(&c) {
            // Decomposed (NFD) text: most marks sit in a plain Vietnamese word.
            if let Some(end) = self.compose_marked_word(i) {
                return end;
            }
            return self.word(i, c);
        }
        let end = i + c.len_utf8();
        match char_action(c) {
            Some(CharAction::Space) => self.whitespace_run(i),
            Some(CharAction::Delete) => {
                // Invisible characters next to whitespace join the run;
                // inside a word they go with the word. Deleting one joins
                // what was on either side (a mark, `Ạ` + soft hyphen +
                // U+0323): another pass looks around it.
                self.rescan_next_edit = true;
                let mut j = end;
                while j < self.input.len() {
                    let d = char_at(self.input, j);
                    if char_action(d) != Some(CharAction::Delete) {
                        break;
                    }
                    j += d.len_utf8();
                }
                let next_is_space = match self.bytes.get(j) {
                    None => false,
                    Some(&b) if b < 0x80 => matches!(ASCII[b as usize], Ascii::Space | Ascii::Tab),
                    Some(_) => char_action(char_at(self.input, j)) == Some(CharAction::Space),
                };
                if next_is_space {
                    self.whitespace_run(i)
                } else {
                    self.word(i, c)
                }
            }
            Some(CharAction::Newline) => {
                self.replace(i, end, "\n");
                end
            }
            Some(CharAction::Char(r)) => {
                self.replace(i, end, r.encode_utf8(&mut [0; 4]));
                end
            }
            Some(CharAction::Letter(_)) => self.word(i, c),
            None if needs_composition(c) => {
                // A character that NFC rewrites (U+2ADC becomes U+2ADD and a
                // combining mark) can change where words end: another pass
                // looks around it.
                self.rescan_next_edit = true;
                self.word(i, c)
            }
            None => end,
        }
    }

    /// The fast path of [`Pass::word`] for the combining mark at `i` inside
    /// a word of ASCII letters and digits, precomposed Vietnamese letters and
    /// Vietnamese marks (what decomposed text is made of): one pass over the
    /// word's bytes finds its extent and composes it, copying the letters
    /// that carry no mark as they are. The result is what [`Pass::word`]
    /// makes of such a word. `None`, with nothing done, for any other word
    /// (a mark first, a mark that makes no Vietnamese letter, other
    /// characters in the word): [`Pass::word`] decides.
    fn compose_marked_word(&mut self, i: usize) -> Option<usize> {
        let (input, bytes) = (self.input, self.bytes);
        let table = tone::table();
        // Back to the word's start, as `Pass::word` finds it; another kind
        // of word character there (an earlier mark) is for the general path.
        let mut start = i;
        while start > self.copied {
            let b = bytes[start - 1];
            if b < 0x80 {
                if !b.is_ascii_alphanumeric() {
                    break;
                }
                start -= 1;
                continue;
            }
            let (l, len) = table.before_with_len(bytes, start);
            if l != 0 {
                start -= len;
            } else if is_word_code_point(decode_before(bytes, start).0) {
                return None;
            } else {
                break;
            }
        }
        // A mark with no letter before it composes with whatever precedes.
        if start == i {
            return None;
        }
        // The word is composed straight into the output (taken back if the
        // general path is needed after all).
        let out_len = self.out.len();
        if self.out.is_empty() {
            self.out.reserve(input.len() + 16);
        }
        self.out.push_str(&input[self.copied..start]);
        let word_out_start = self.out.len();
        let mut letters: [Letter; MAX_SYLLABLE] = [0; MAX_SYLLABLE];
        let (mut count, mut vowels, mut only_letters) = (0, 0, true);
        // The letter the next marks apply to (0 after a digit), where it
        // starts, its length, and whether a mark changed it.
        let (mut pending, mut pending_at, mut pending_len, mut marked): (Letter, usize, usize, bool) =
            (0, start, 0, false);
        // Input bytes from here on are not in the output yet.
        let mut copy_from = start;
        // Where the edit starts, in the input and the output: at the first
        // marked letter, or after it when its marks changed nothing.
        let mut edit_start = None;
        let mut k = start;
        let composed = loop {
            // The next letter or digit, `None` at the end of the word.
            let next = match bytes.get(k) {
                None => None,
                Some(&b) if b < 0x80 => b.is_ascii_alphanumeric().then(|| table.at(bytes, k)),
                Some(_) => {
                    let (l, len) = table.at(bytes, k);
                    if l != 0 {
                        Some((l, len))
                    } else {
                        let (cp, len) = decode(bytes, k);
                        if (0x300..=0x36f).contains(&cp) {
                            // A mark after a digit, or one that makes no
                            // Vietnamese letter: the general path.
                            let mark = char::from_u32(cp).expect("scalar");
                            let Some(l) = (pending != 0).then(|| tone::apply_mark(pending, mark)).flatten()
                            else {
                                break false;
                            };
                            (pending, marked) = (l, true);
                            k += len;
                            continue;
                        }
                        // Any other character ends the word, unless it
                        // belongs to words (the general path then decides).
                        if is_word_code_point(cp) {
                            break false;
                        }
                        None
                    }
                }
            };
            // The letter before is complete: only a marked one is rewritten,
            // the bytes before it are copied as they are.
            if marked {
                self.out.push_str(&input[copy_from..pending_at]);
                let c = table.char_of(pending);
                if edit_start.is_none() {
                    // A repeated mark (`ị` + U+0323) leaves the letter as it was.
                    let same = c.len_utf8() == pending_len && input[pending_at..].starts_with(c);
                    let kept = if same { pending_len } else { 0 };
                    edit_start = Some((pending_at + kept, self.out.len() + kept));
                }
                self.out.push(c);
                (copy_from, marked) = (k, false);
            }
            if pending != 0 {
                if count < MAX_SYLLABLE {
                    letters[count] = pending;
                }
                count += 1;
                vowels += usize::from(tone::is_vowel(pending));
            }
            let Some((l, len)) = next else {
                break true;
            };
            only_letters &= l != 0;
            (pending, pending_at, pending_len) = (l, k, len);
            k += len;
        };
        // With one vowel the tone is where it must be; otherwise a tone to
        // move (or runs of letters between digits) is for the general path.
        let retone = vowels > 1
            && (!only_letters
                || count <= MAX_SYLLABLE
                    && tone::misplaced_tone(&letters[..count], self.placement).is_some());
        if !composed || retone {
            self.out.truncate(out_len);
            return None;
        }
        // The edit ends where the bytes after the last marks start (the same
        // in both texts): what `replace` would find by trimming.
        let (source_start, target_start) = edit_start.expect("the word has a marked letter");
        if cfg!(debug_assertions) {
            let text = format!("{}{}", &self.out[word_out_start..], &input[copy_from..k]);
            let old = &input[start..k];
            let prefix = common_prefix(old, &text);
            let suffix = common_suffix(&old[prefix..], &text[prefix..]);
            assert_eq!((start + prefix, k - suffix), (source_start, copy_from), "{old:?}");
            assert_eq!(word_out_start + prefix, target_start, "{old:?}");
        }
        let rescan = std::mem::take(&mut self.rescan_next_edit);
        self.record_edit(rescan, source_start..copy_from, target_start);
        Some(k)
    }

    /// Takes back the output from input offset `pos` on, so that it can be
    /// redone; false (and nothing changed) when `pos` is inside an edit.
    fn rewind(&mut self, pos: usize) -> bool {
        let keep = self.map.edits.partition_point(|e| e.source.start < pos);
        if keep > 0 && self.map.edits[keep - 1].source.end > pos {
            return false;
        }
        self.map.edits.truncate(keep);
        let out_len = match self.map.edits.last() {
            Some(e) => e.target.end + (pos - e.source.end),
            None => pos,
        };
        self.out.truncate(out_len);
        self.copied = pos;
        true
    }

    /// A tone mark typed after the space that follows its word ("Bô ̣Tài",
    /// "nghiêp ̣ khai"): moved onto that word when the word has no tone
    /// yet, giving "Bộ Tài". Returns the end of the mark when it did.
    fn detached_tone(&mut self, i: usize, mark: char) -> Option<usize> {
        // Cheap test first: the mark follows whitespace.
        if i == 0 || !('\u{300}'..='\u{323}').contains(&nfc_tone_mark(mark)) {
            return None;
        }
        let before = char_before(self.input, i);
        let spacey = before == ' '
            || before == '\t'
            || matches!(char_action(before), Some(CharAction::Space | CharAction::Delete));
        if !spacey {
            return None;
        }
        // The mark typed twice is one tone (as on a letter); a mark stacked
        // with other marks is left alone: NFC may reorder the stack, and the
        // rule must see the same marks on every pass.
        let tone = nfc_tone_mark(mark);
        let marks_end = i + self.input[i..]
            .chars()
            .take_while(|&c| nfc_tone_mark(c) == tone)
            .map(char::len_utf8)
            .sum::<usize>();
        if self.input[marks_end..]
            .chars()
            .next()
            .is_some_and(|c| canonical_combining_class(c) != 0)
        {
            return None;
        }
        let (out_len, copied) = (self.out.len(), self.copied);
        let done = self.detached_tone_at(i, tone, marks_end);
        if done.is_none() {
            self.out.truncate(out_len);
            self.copied = copied;
        }
        done
    }

    fn detached_tone_at(&mut self, i: usize, mark: char, marks_end: usize) -> Option<usize> {
        let tone = match mark {
            '\u{300}' => 1,
            '\u{301}' => 2,
            '\u{309}' => 3,
            '\u{303}' => 4,
            '\u{323}' => 5,
            _ => return None,
        };
        // Look at the output so far: the word may have been edited already.
        self.out.push_str(&self.input[self.copied..i]);
        self.copied = i;
        let out = self.out.as_bytes();
        let mut word_end = out.len();
        while word_end > 0 && out[word_end - 1] == b' ' {
            word_end -= 1;
        }
        if word_end == out.len() {
            return None;
        }
        let table = tone::table();
        let mut start = word_end;
        let mut letters: [Letter; MAX_SYLLABLE] = [0; MAX_SYLLABLE];
        let mut count = 0;
        while start > 0 {
            let l = table.before(out, start);
            if l == 0 || count == MAX_SYLLABLE {
                break;
            }
            letters[count] = l;
            count += 1;
            start -= tone::to_char(l).len_utf8();
        }
        if count == 0 || (start > 0 && is_word_code_point(decode_before(out, start).0)) {
            return None;
        }
        let letters = &mut letters[..count];
        letters.reverse();
        if letters.iter().any(|&l| tone::tone_of(l) != 0) {
            return None;
        }
        let last_vowel = letters.iter().rposition(|&l| tone::is_vowel(l))?;
        letters[last_vowel] = tone::with_tone_letter(letters[last_vowel], tone);
        if let Some((at, tone)) = tone::misplaced_tone(letters, self.placement) {
            for (k, l) in letters.iter_mut().enumerate() {
                if tone::is_vowel(*l) {
                    *l = tone::with_tone_letter(*l, if k == at { tone } else { 0 });
                }
            }
        }
        // The input offset where the word's output starts.
        let k = self.map.edits.partition_point(|e| e.target.end <= start);
        let source_start = match self.map.edits.get(k) {
            Some(e) if e.target.start <= start => {
                if e.target.start < start {
                    return None;
                }
                e.source.start
            }
            _ => match k.checked_sub(1).map(|k| &self.map.edits[k]) {
                Some(e) => e.source.end + (start - e.target.end),
                None => start,
            },
        };
        if !self.rewind(source_start) {
            return None;
        }
        let start = source_start;
        let mut fixed = std::mem::take(&mut self.scratch);
        fixed.clear();
        fixed.extend(letters.iter().map(|&l| tone::to_char(l)));
        let end = marks_end;
        // The space stays, unless the line ends here or a run of
        // whitespace follows (which then decides).
        let next_is_space = self.bytes.get(end).is_some_and(|&b| b == b' ' || b == b'\t')
            || self.input[end..]
                .chars()
                .next()
                .and_then(char_action)
                .is_some_and(|a| matches!(a, CharAction::Space | CharAction::Delete));
        if !is_line_break_at(self.input, end) && !next_is_space {
            fixed.push(' ');
        }
        self.replace(start, end, &fixed);
        self.scratch = fixed;
        Some(end)
    }

    /// Moves the tone of a word rebuilt by [`compose_vietnamese`] when it is
    /// misplaced, rewriting `rebuilt`; true when it did.
    fn retone_composed(
        &self,
        composed: &Composed,
        letters: &[Letter; MAX_SYLLABLE],
        rebuilt: &mut String,
    ) -> bool {
        let count = composed.letter_count;
        if !composed.only_letters {
            let mut fixed = String::new();
            if retone_runs(rebuilt, self.placement, &mut fixed) {
                *rebuilt = fixed;
                return true;
            }
            return false;
        }
        if count > MAX_SYLLABLE {
            return false;
        }
        let Some((at, tone)) = tone::misplaced_tone(&letters[..count], self.placement) else {
            return false;
        };
        rebuilt.clear();
        for (k, &l) in letters[..count].iter().enumerate() {
            let l = if tone::is_vowel(l) {
                tone::with_tone_letter(l, if k == at { tone } else { 0 })
            } else {
                l
            };
            rebuilt.push(tone::to_char(l));
        }
        true
    }

    /// A run of spaces (and invisible characters) from `i`: one space
    /// between words, nothing at the start or end of a line.
    #[inline(never)]
    fn whitespace_run(&mut self, i: usize) -> usize {
        let mut j = i;
        let mut has_space = false;
        while j < self.bytes.len() {
            let b = self.bytes[j];
            if b == b' ' || b == b'\t' {
                has_space = true;
                j += 1;
                continue;
            }
            if b < 0x80 {
                break;
            }
            let c = char_at(self.input, j);
            match char_action(c) {
                Some(CharAction::Space) => has_space = true,
                Some(CharAction::Delete) => {}
                _ => break,
            }
            j += c.len_utf8();
        }
        let line_start = matches!(self.prev_out_byte(i), None | Some(b' ' | b'\n'));
        let keep = has_space && !line_start && !is_line_break_at(self.input, j);
        self.replace(i, j, if keep { " " } else { "" });
        j
    }

    /// Literal HTML tag residue at `i` (`<b>`, `</p>`, `<br/>`, `<span class="x">`).
    #[inline(never)]
    fn tag(&mut self, i: usize) -> usize {
        let next = self.tag_at(i);
        if next == i + 1 {
            self.markup_window_end = self.markup_window_end.max(i + 300);
        }
        next
    }

    fn tag_at(&mut self, i: usize) -> usize {
        const MAX_NAME: usize = 10;
        const MAX_TAG: usize = 300;
        let bytes = self.bytes;
        let mut j = i + 1;
        if bytes.get(j) == Some(&b'/') {
            j += 1;
        }
        let name_start = j;
        while j < bytes.len() && bytes[j].is_ascii_alphanumeric() && j - name_start <= MAX_NAME {
            j += 1;
        }
        let name_len = j - name_start;
        if name_len == 0 || name_len > MAX_NAME || !bytes[name_start].is_ascii_alphabetic() {
            return i + 1;
        }
        let mut lower = [0u8; MAX_NAME];
        for (k, b) in bytes[name_start..j].iter().enumerate() {
            lower[k] = b.to_ascii_lowercase();
        }
        let name = std::str::from_utf8(&lower[..name_len]).expect("ASCII");
        let Some(block) = tag_is_block(name) else {
            return i + 1;
        };
        let end = match bytes.get(j) {
            Some(b'>') => j + 1,
            Some(b'/') if bytes.get(j + 1) == Some(&b'>') => j + 2,
            Some(b' ' | b'\t') => {
                let limit = bytes.len().min(i + MAX_TAG);
                match bytes[j..limit]
                    .iter()
                    .position(|&b| matches!(b, b'>' | b'<' | b'\n' | b'\r'))
                {
                    Some(k) if bytes[j + k] == b'>' => j + k + 1,
                    _ => return i + 1,
                }
            }
            _ => return i + 1,
        };
        self.rescan_next_edit = true;
        self.replace(i, end, if block { "\n" } else { "" });
        end
    }

    /// An HTML character reference at `i` (`&amp;`, `&#7843;`, `&#x1EA1;`);
    /// an abbreviation before a semicolon (`TN&MT;`) is not one.
    #[inline(never)]
    fn entity(&mut self, i: usize) -> usize {
        let next = self.entity_at(i);
        if next == i + 1 {
            self.markup_window_end = self.markup_window_end.max(i + 64);
        }
        next
    }

    fn entity_at(&mut self, i: usize) -> usize {
        const MAX_BODY: usize = 10;
        let rest = &self.input[i + 1..];
        let Some(semi) = rest.as_bytes().iter().take(MAX_BODY + 1).position(|&b| b == b';') else {
            return i + 1;
        };
        let body = &rest[..semi];
        let decoded = match body.strip_prefix('#') {
            Some(num) => {
                let value = match num.strip_prefix(['x', 'X']) {
                    Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                        u32::from_str_radix(hex, 16).ok()
                    }
                    None if !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit()) => num.parse().ok(),
                    _ => None,
                };
                value.and_then(char::from_u32).filter(|&c| c != '\0')
            }
            None => entity(body),
        };
        let Some(c) = decoded else {
            return i + 1;
        };
        let mut end = i + 1 + semi + 1;
        if c == '&' {
            // Escaped more than once: "&amp;amp;".
            while self.input[end..].starts_with("amp;") {
                end += 4;
            }
        }
        self.rescan_next_edit = true;
        self.replace(i, end, c.encode_utf8(&mut [0; 4]));
        end
    }

    /// The word around the character `c` at `i` (which needs a look): NFC,
    /// look-alike letters, invisible characters and the tone position.
    /// Returns the end of the word.
    #[inline(never)]
    fn word(&mut self, i: usize, c: char) -> usize {
        if let Some(end) = self.detached_tone(i, c) {
            return end;
        }
        let input = self.input;
        let bytes = self.bytes;
        let mut start = i;
        let mut end = i + c.len_utf8();
        while start > self.copied {
            let (cp, len) = decode_before(bytes, start);
            if !is_word_code_point(cp) {
                break;
            }
            start -= len;
        }
        // A non-word character (U+037E, Greek question mark) is a chunk with
        // just the marks that follow it.
        let in_word = is_word_char(c);
        while end < input.len() {
            let (cp, len) = decode(bytes, end);
            let joins = if in_word {
                is_word_code_point(cp)
            } else {
                needs_composition(char::from_u32(cp).expect("scalar"))
            };
            if !joins {
                break;
            }
            end += len;
        }

        // Common case: ASCII and precomposed letters only; just the tone may move.
        let table = tone::table();
        let mut letters: [Letter; MAX_SYLLABLE] = [0; MAX_SYLLABLE];
        let mut count = 0;
        let mut only_letters = true;
        let mut clean = true;
        let mut k = start;
        while k < end {
            let (cp, len) = decode(bytes, k);
            k += len;
            let l = table.get(cp);
            if l != 0 {
                if count < MAX_SYLLABLE {
                    letters[count] = l;
                }
                count += 1;
            } else if cp < 0x80 {
                only_letters = false;
            } else {
                clean = false;
                break;
            }
        }
        if clean {
            if only_letters && count <= MAX_SYLLABLE {
                if let Some((at, tone)) = tone::misplaced_tone(&letters[..count], self.placement) {
                    let mut fixed = std::mem::take(&mut self.scratch);
                    fixed.clear();
                    retone(&input[start..end], &letters[..count], at, tone, &mut fixed);
                    self.replace(start, end, &fixed);
                    self.scratch = fixed;
                }
            }
            return end;
        }

        let first_visible = input[start..end]
            .chars()
            .find(|&d| char_action(d) != Some(CharAction::Delete));
        let starts_with_letter = first_visible.is_some_and(|d| d.is_ascii() || tone::letter(d) != 0);
        if start > self.copied && !starts_with_letter && first_visible.is_some_and(needs_composition) {
            // A mark after punctuation composes with it (`<` + U+0338 is `≮`).
            start -= char_before(input, start).len_utf8();
        }
        let word = &input[start..end];
        let mut rebuilt = std::mem::take(&mut self.scratch);
        rebuilt.clear();
        if let Some(composed) = compose_vietnamese(word, &mut rebuilt, &mut letters) {
            if self.retone_composed(&composed, &letters, &mut rebuilt) || composed.changed {
                self.replace(start, end, &rebuilt);
            }
            self.scratch = rebuilt;
            return end;
        }
        self.scratch = rebuilt;

        // Rare case: general Unicode composition.
        let mut composed = std::mem::take(&mut self.scratch);
        composed.clear();
        let mapped = word.chars().filter_map(|d| match char_action(d) {
            Some(CharAction::Delete) => None,
            Some(CharAction::Letter(r)) => Some(r),
            _ => Some(d),
        });
        // Drop a mark repeated on the same base (`ị` + U+0323).
        let mut seen = [' '; 8];
        let mut seen_len = 0;
        let deduped = mapped.nfd().filter(|&d| {
            if canonical_combining_class(d) == 0 {
                seen_len = 0;
                return true;
            }
            if seen[..seen_len].contains(&d) {
                return false;
            }
            if seen_len < seen.len() {
                seen[seen_len] = d;
                seen_len += 1;
            }
            true
        });
        composed.extend(deduped.nfc());
        // Once composed, the word may be plain Vietnamese after all.
        let mut rebuilt = std::mem::take(&mut self.scratch2);
        rebuilt.clear();
        if let Some(info) = compose_vietnamese(&composed, &mut rebuilt, &mut letters) {
            self.retone_composed(&info, &letters, &mut rebuilt);
            if rebuilt.bytes().any(|b| matches!(b, b'&' | b';' | b'<' | b'>')) {
                self.rescan_next_edit = true;
            }
            self.replace(start, end, &rebuilt);
            self.scratch = composed;
            self.scratch2 = rebuilt;
            return end;
        }
        self.scratch2 = rebuilt;

        // Tone repair on each run of letters (marks may have composed with
        // the punctuation before the word: "<" + U+0338 + "hoà").
        let mut fixed = std::mem::take(&mut self.scratch2);
        fixed.clear();
        let changed = retone_runs(&composed, self.placement, &mut fixed);
        let result = if changed { &fixed } else { &composed };
        if result.as_bytes() != word.as_bytes()
            && result.bytes().any(|b| matches!(b, b'&' | b';' | b'<' | b'>'))
        {
            // Composition made markup (U+037E became ';' after "&amp").
            self.rescan_next_edit = true;
        }
        self.replace(start, end, result);
        self.scratch = composed;
        self.scratch2 = fixed;
        end
    }
}

/// Writes `text` into `fixed` with the tone of each run of letters (a
/// syllable inside a token such as "≯hoà") repaired; true when one moved.
/// A run followed by a mark that did not compose (a second, different tone)
/// is left alone, and so is a run glued to an ASCII digit ("hòan1"): the
/// composed text's scan leaves such a word as written, and a decomposed
/// copy must come out the same.
fn retone_runs(text: &str, placement: TonePlacement, fixed: &mut String) -> bool {
    let mut letters: [Letter; MAX_SYLLABLE] = [0; MAX_SYLLABLE];
    let mut run_start = 0;
    let mut changed = false;
    let mut count = 0;
    let mut after_digit = false;
    for (k, d) in text.char_indices().chain(once((text.len(), ' '))) {
        let l = if k < text.len() { tone::letter(d) } else { 0 };
        if l != 0 {
            if count < MAX_SYLLABLE {
                letters[count] = l;
            }
            count += 1;
            continue;
        }
        let run = &text[run_start..k];
        let stuck_mark = k < text.len() && is_combining_mark(d);
        let glued_to_digit = after_digit || (k < text.len() && d.is_ascii_digit());
        after_digit = d.is_ascii_digit();
        match (count <= MAX_SYLLABLE && !stuck_mark && !glued_to_digit)
            .then(|| tone::misplaced_tone(&letters[..count], placement))
        {
            Some(Some((at, tone))) => {
                retone(run, &letters[..count], at, tone, fixed);
                changed = true;
            }
            _ => fixed.push_str(run),
        }
        if k < text.len() {
            fixed.push(d);
        }
        run_start = k + d.len_utf8();
        count = 0;
    }
    changed
}

/// What [`compose_vietnamese`] made of a word.
struct Composed {
    /// The rebuilt word differs from the input.
    changed: bool,
    /// Letters written to the array (more means "too long for a syllable").
    letter_count: usize,
    /// The word is only Vietnamese letters.
    only_letters: bool,
}

/// Rebuilds `word` into `out` when it is made of Vietnamese letters, ASCII,
/// combining Vietnamese marks (in any order, repeated marks once), invisible
/// characters and look-alike letters, recording the letters. `None` when the
/// word needs the general Unicode composition.
fn compose_vietnamese(
    word: &str,
    out: &mut String,
    letters: &mut [Letter; MAX_SYLLABLE],
) -> Option<Composed> {
    let table = tone::table();
    let mut result = Composed {
        changed: false,
        letter_count: 0,
        only_letters: true,
    };
    let mut pending: Letter = 0;
    let mut flush = |pending: &mut Letter, out: &mut String, result: &mut Composed| {
        if *pending != 0 {
            out.push(tone::to_char(*pending));
            if result.letter_count < MAX_SYLLABLE {
                letters[result.letter_count] = *pending;
            }
            result.letter_count += 1;
            *pending = 0;
        }
    };
    for d in word.chars() {
        let l = table.get(d as u32);
        if l != 0 {
            flush(&mut pending, out, &mut result);
            pending = l;
            continue;
        }
        if ('\u{300}'..='\u{36f}').contains(&d) {
            if pending == 0 {
                return None;
            }
            pending = tone::apply_mark(pending, d)?;
            result.changed = true;
            continue;
        }
        if d.is_ascii() {
            flush(&mut pending, out, &mut result);
            out.push(d);
            result.only_letters = false;
            continue;
        }
        match char_action(d) {
            Some(CharAction::Delete) => result.changed = true,
            Some(CharAction::Letter(r)) if table.get(r as u32) != 0 => {
                flush(&mut pending, out, &mut result);
                pending = table.get(r as u32);
                result.changed = true;
            }
            _ if !needs_composition(d) => {
                flush(&mut pending, out, &mut result);
                out.push(d);
                result.only_letters = false;
            }
            _ => return None,
        }
    }
    flush(&mut pending, out, &mut result);
    Some(result)
}

/// Writes `word` with its tone moved to the letter at `at`.
fn retone(word: &str, letters: &[Letter], at: usize, tone: u8, out: &mut String) {
    for (k, (d, &l)) in word.chars().zip(letters).enumerate() {
        if tone::is_vowel(l) {
            out.push(tone::with_tone(l, if k == at { tone } else { 0 }));
        } else {
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The token cache changes no result: each text comes out the same
    /// with the cache empty, warm from the same text, and warm from the
    /// other tone placements.
    #[test]
    fn token_cache_changes_nothing() {
        let text = concat!(
            "hoà của bảo baỏ hoà  thuỷ Uỷ hoà, của hoà\nhoà lựơng lựơng hoà. của\tcủa ",
            "hoà &amp; hoà <b>hoà</b> hoà\u{a0}hoà hoà\u{301} hoà \u{301}hoà hoà ",
            // Tokens of eight to fifteen bytes, clean or not.
            "trường nghiệm trường, nghịêm khuỷu.hoà nghịêm trường\ttrường trường  nghiệm ",
            "Nguyễn trường&amp; trường Nguyễn\u{301} Nguyễn hoà,hoà,hoà nghịêm ngoằngtrườnga ngoằngtrườnga"
        );
        let placements = [
            TonePlacement::Keep,
            TonePlacement::Modern,
            TonePlacement::Traditional,
        ];
        let cold = placements.map(|placement| {
            TOKEN_CACHES.with(|caches| caches.iter().for_each(|cache| cache.set(None)));
            pass(text, placement, String::new(), Vec::new()).text
        });
        assert!(cold[1].starts_with("hòa của bảo bảo hòa thủy Ủy hòa, của hòa\nhòa lượng"));
        for _ in 0..2 {
            for (placement, expected) in placements.iter().zip(&cold) {
                assert_eq!(
                    &pass(text, *placement, String::new(), Vec::new()).text,
                    expected,
                    "{placement:?}"
                );
            }
        }
    }

    /// The shortcut of [`tone_needs_check`] never skips a syllable whose
    /// tone the full analysis would move, in any mode.
    #[test]
    fn tone_shortcut_agrees_with_the_analysis() {
        let text = concat!(
            include_str!("../../../../examples/data/bac-kan-2022-09.txt"),
            " baỏ lựơng nghịêm đaị hoà hòa thuỷ thủy khoẻ khỏe qúi gìu qúa gía khủyu ngòai ngoài",
            " tuổi tủôi người ngừơi chịu chìu hoài hòai quái qúai kíêu kiếu thuở thủơ Uỷ ủy"
        );
        let table = tone::table();
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            let bytes = word.as_bytes();
            let letters: Vec<Letter> = word.chars().map(tone::letter).collect();
            if letters.contains(&0) {
                continue;
            }
            for (i, c) in word.char_indices() {
                let l = tone::letter(c);
                if tone::tone_of(l) == 0 || tone_needs_check(bytes, table, l, i, i + c.len_utf8()) {
                    continue;
                }
                for mode in [
                    TonePlacement::Keep,
                    TonePlacement::Modern,
                    TonePlacement::Traditional,
                ] {
                    assert_eq!(tone::misplaced_tone(&letters, mode), None, "{word} ({mode:?})");
                }
            }
        }
    }
}
