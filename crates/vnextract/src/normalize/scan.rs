//! One normalization pass over a text: a byte scanner that skips ASCII and
//! precomposed Vietnamese letters, and only does work (NFC, tone repair,
//! character mapping, whitespace layout, HTML residue) around the characters
//! that need it. Unchanged text is copied lazily in whole runs.

use std::iter::once;

use unicode_normalization::char::{canonical_combining_class, is_combining_mark};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::map::OffsetMap;
use super::tables::{char_action, entity, tag_is_block, CharAction};
use super::tone::{self, Letter, MAX_SYLLABLE};
use super::TonePlacement;

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

/// Output of one pass.
pub(crate) struct PassOutput {
    pub(crate) text: String,
    pub(crate) map: OffsetMap,
    /// The pass decoded or removed markup, which can expose more work (an
    /// entity decoding to a combining mark, `&amp;lt;`, a tag inside a word):
    /// run another pass.
    pub(crate) again: bool,
}

struct Pass<'a> {
    input: &'a str,
    bytes: &'a [u8],
    out: String,
    map: OffsetMap,
    /// Input before this offset is in `out` (or edited).
    copied: usize,
    placement: TonePlacement,
    again: bool,
    /// A `<` or `&` was seen: an edit elsewhere (a deleted zero-width space
    /// in "&\u{200b}amp;") may complete markup, so check with another pass.
    saw_markup: bool,
    scratch: String,
    scratch2: String,
}

/// Runs one pass over `input`.
pub(crate) fn pass(input: &str, placement: TonePlacement) -> PassOutput {
    let mut p = Pass {
        input,
        bytes: input.as_bytes(),
        out: String::new(),
        map: OffsetMap::default(),
        copied: 0,
        placement,
        again: false,
        saw_markup: false,
        scratch: String::new(),
        scratch2: String::new(),
    };
    let bytes = input.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    while i < n {
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
                Ascii::Lt => {
                    p.saw_markup = true;
                    p.tag(i)
                }
                Ascii::Amp => {
                    p.saw_markup = true;
                    p.entity(i)
                }
            };
            continue;
        }
        let c = char_at(input, i);
        let len = c.len_utf8();
        let l = tone::letter(c);
        if l != 0 {
            i = if tone::tone_of(l) != 0 && p.has_vowel_neighbour(i, i + len) {
                p.word(i, c)
            } else {
                i + len
            };
            continue;
        }
        i = p.special(i, c);
    }
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

#[inline]
fn is_ascii_vowel(b: u8) -> bool {
    matches!(b | 0x20, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// A character that belongs to a word: letters, digits, combining marks and
/// invisible characters (removed from inside words).
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    tone::letter(c) != 0
        || c.is_alphanumeric()
        || is_combining_mark(c)
        || char_action(c) == Some(CharAction::Delete)
}

/// Composes with the character before it, or may (NFC quick check not Yes).
fn needs_composition(c: char) -> bool {
    is_combining_mark(c) || canonical_combining_class(c) != 0 || is_nfc_quick(once(c)) != IsNormalized::Yes
}

fn is_line_break_at(s: &str, i: usize) -> bool {
    match s.as_bytes().get(i) {
        None => true,
        Some(&b) if b < 0x80 => matches!(ASCII[b as usize], Ascii::Newline | Ascii::Break),
        Some(_) => char_action(char_at(s, i)) == Some(CharAction::Newline),
    }
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((k, _), _)| k)
}

fn common_suffix(a: &str, b: &str) -> usize {
    let mut len = 0;
    for (x, y) in a.chars().rev().zip(b.chars().rev()) {
        if x != y {
            break;
        }
        len += x.len_utf8();
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
    fn replace(&mut self, s: usize, e: usize, text: &str) {
        let old = &self.input[s..e];
        if old == text {
            return;
        }
        let prefix = common_prefix(old, text);
        let suffix = common_suffix(&old[prefix..], &text[prefix..]);
        let (s, e) = (s + prefix, e - suffix);
        let text = &text[prefix..text.len() - suffix];
        debug_assert!(s >= self.copied);
        if self.out.capacity() == 0 {
            self.out.reserve(self.input.len() + 16);
        }
        self.out.push_str(&self.input[self.copied..s]);
        let target_start = self.out.len();
        self.out.push_str(text);
        self.map.push(s..e, target_start..self.out.len());
        self.copied = e;
    }

    fn finish(mut self) -> PassOutput {
        if self.map.edits.is_empty() {
            self.out = self.input.to_owned();
        } else {
            self.out.push_str(&self.input[self.copied..]);
        }
        self.map.source_len = self.input.len();
        self.map.target_len = self.out.len();
        let again = self.again || self.saw_markup && !self.map.edits.is_empty();
        PassOutput {
            text: self.out,
            map: self.map,
            again,
        }
    }

    fn has_vowel_neighbour(&self, start: usize, end: usize) -> bool {
        let vowel = |c: char| tone::is_vowel(tone::letter(c));
        let before = match start.checked_sub(1).map(|k| self.bytes[k]) {
            None => false,
            Some(b) if b < 0x80 => is_ascii_vowel(b),
            Some(_) => vowel(char_before(self.input, start)),
        };
        before
            || match self.bytes.get(end) {
                None => false,
                Some(&b) if b < 0x80 => is_ascii_vowel(b),
                Some(_) => vowel(char_at(self.input, end)),
            }
    }

    /// A non-ASCII character that is not a Vietnamese letter.
    fn special(&mut self, i: usize, c: char) -> usize {
        let end = i + c.len_utf8();
        match char_action(c) {
            Some(CharAction::Space) => self.whitespace_run(i),
            Some(CharAction::Delete) => {
                // Invisible characters next to whitespace join the run;
                // inside a word they go with the word.
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
            None if needs_composition(c) => self.word(i, c),
            None => end,
        }
    }

    /// A run of spaces (and invisible characters) from `i`: one space
    /// between words, nothing at the start or end of a line.
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
    fn tag(&mut self, i: usize) -> usize {
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
        self.again = true;
        self.replace(i, end, if block { "\n" } else { "" });
        end
    }

    /// An HTML character reference at `i` (`&amp;`, `&#7843;`, `&#x1EA1;`);
    /// an abbreviation before a semicolon (`TN&MT;`) is not one.
    fn entity(&mut self, i: usize) -> usize {
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
        self.again = true;
        self.replace(i, end, c.encode_utf8(&mut [0; 4]));
        end
    }

    /// The word around the character `c` at `i` (which needs a look): NFC,
    /// look-alike letters, invisible characters and the tone position.
    /// Returns the end of the word.
    fn word(&mut self, i: usize, c: char) -> usize {
        let input = self.input;
        let mut start = i;
        while start > self.copied {
            let d = char_before(input, start);
            if !is_word_char(d) {
                break;
            }
            start -= d.len_utf8();
        }
        let mut end = i + c.len_utf8();
        // A non-word character (U+037E, Greek question mark) is a chunk with
        // just the marks that follow it.
        let in_word = is_word_char(c);
        while end < input.len() {
            let d = char_at(input, end);
            let joins = if in_word {
                is_word_char(d)
            } else {
                needs_composition(d)
            };
            if !joins {
                break;
            }
            end += d.len_utf8();
        }
        let first_visible = input[start..end]
            .chars()
            .find(|&d| char_action(d) != Some(CharAction::Delete));
        if start > self.copied && first_visible.is_some_and(needs_composition) {
            // A mark after punctuation composes with it (`<` + U+0338 is `≮`).
            start -= char_before(input, start).len_utf8();
        }
        let word = &input[start..end];

        // Common case: clean precomposed letters, only the tone may move.
        let mut letters: [Letter; MAX_SYLLABLE] = [0; MAX_SYLLABLE];
        let mut count = 0;
        let mut only_letters = true;
        let mut clean = true;
        for d in word.chars() {
            let l = tone::letter(d);
            if l != 0 {
                if count < MAX_SYLLABLE {
                    letters[count] = l;
                }
                count += 1;
            } else {
                only_letters = false;
                if !d.is_ascii() && (char_action(d).is_some() || needs_composition(d)) {
                    clean = false;
                    break;
                }
            }
        }
        if clean {
            if only_letters && count <= MAX_SYLLABLE {
                if let Some((at, tone)) = tone::misplaced_tone(&letters[..count], self.placement) {
                    let mut fixed = std::mem::take(&mut self.scratch);
                    fixed.clear();
                    retone(word, &letters[..count], at, tone, &mut fixed);
                    self.replace(start, end, &fixed);
                    self.scratch = fixed;
                }
            }
            return end;
        }

        // Rare case: rebuild the word.
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

        // Tone repair on each run of letters (marks may have composed with
        // the punctuation before the word: "<" + U+0338 + "hoà").
        let mut fixed = std::mem::take(&mut self.scratch2);
        fixed.clear();
        let mut run_start = 0;
        let mut changed = false;
        count = 0;
        for (k, d) in composed.char_indices().chain(once((composed.len(), ' '))) {
            let l = if k < composed.len() { tone::letter(d) } else { 0 };
            if l != 0 {
                if count < MAX_SYLLABLE {
                    letters[count] = l;
                }
                count += 1;
                continue;
            }
            let run = &composed[run_start..k];
            // A mark that did not compose (a second, different tone) stays
            // on its letter: leave that run alone.
            let stuck_mark = k < composed.len() && is_combining_mark(d);
            match (count <= MAX_SYLLABLE && !stuck_mark)
                .then(|| tone::misplaced_tone(&letters[..count], self.placement))
            {
                Some(Some((at, tone))) => {
                    retone(run, &letters[..count], at, tone, &mut fixed);
                    changed = true;
                }
                _ => fixed.push_str(run),
            }
            if k < composed.len() {
                fixed.push(d);
            }
            run_start = k + d.len_utf8();
            count = 0;
        }
        let result = if changed { &fixed } else { &composed };
        if result.as_bytes() != word.as_bytes()
            && result.bytes().any(|b| matches!(b, b'&' | b';' | b'<' | b'>'))
        {
            // Composition made markup (U+037E became ';' after "&amp").
            self.again = true;
        }
        self.replace(start, end, result);
        self.scratch = composed;
        self.scratch2 = fixed;
        end
    }
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
