//! Small, allocation-free views of the text around a position: tokens
//! forwards and backwards, whitespace chunks, letter case.

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters and digits (`&` and `'` inside: `TT&TT`, `K'Dang`).
    Word,
    /// One punctuation character.
    Punct(char),
    /// A line break.
    Break,
}

/// A token: byte span and kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

impl Tok {
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }

    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }

    pub fn is_dash(&self) -> bool {
        matches!(self.kind, Kind::Punct('-' | '–' | '—'))
    }
}

/// Horizontal space (line breaks are tokens).
pub(crate) fn is_space(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\r' || c == '\u{a0}'
}

/// Letters, digits, and combining marks (text not yet in NFC).
pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // Vietnamese letters first: the general Unicode lookup is slow.
    matches!(c as u32, 0xC0..=0xFF | 0x100..=0x1B0 | 0x1EA0..=0x1EF9) && c != '×' && c != '÷'
        || is_combining(c)
        || c.is_alphanumeric()
}

fn is_combining(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// The token at or after `pos`, skipping horizontal space.
pub(crate) fn next_tok(text: &str, pos: usize) -> Option<Tok> {
    let rest = text.get(pos..)?;
    let bytes = rest.as_bytes();
    // Spaces by byte (`\u{a0}` is C2 A0): the usual gap is one ASCII space.
    let mut off = 0;
    loop {
        match *bytes.get(off)? {
            b' ' | b'\t' | b'\r' => off += 1,
            0xC2 if bytes.get(off + 1) == Some(&0xA0) => off += 2,
            _ => break,
        }
    }
    let start = pos + off;
    let first = bytes[off];
    if first == b'\n' {
        return Some(Tok {
            start,
            end: start + 1,
            kind: Kind::Break,
        });
    }
    let (c, len) = char_at(rest, off);
    if !is_word_char(c) {
        return Some(Tok {
            start,
            end: start + len,
            kind: Kind::Punct(c),
        });
    }
    let mut i = off + len;
    while i < bytes.len() {
        let b = bytes[i];
        if ASCII_ALNUM[b as usize] {
            i += 1;
        } else if b < 0x80 {
            // `&` and `'` are inside a word only when a letter follows.
            if (b == b'&' || b == b'\'') && i + 1 < bytes.len() && is_word_char(char_at(rest, i + 1).0) {
                i += 1;
            } else {
                break;
            }
        } else if let Some(len) = vietnamese_letter_len(bytes, i) {
            i += len;
        } else {
            let (c, len) = char_at(rest, i);
            if !is_word_char(c) {
                break;
            }
            i += len;
        }
    }
    Some(Tok {
        start,
        end: pos + i,
        kind: Kind::Word,
    })
}

/// The length of the letter at `bytes[i]` when its bytes alone show it is a
/// word character (U+00C0..U+01B0 but `×` `÷`, U+1EA0..U+1EF9): most
/// letters of Vietnamese text, without decoding them.
#[inline]
fn vietnamese_letter_len(bytes: &[u8], i: usize) -> Option<usize> {
    let lead = bytes[i];
    let second = *bytes.get(i + 1)?;
    match lead {
        0xC3..=0xC6 => {
            let code = (u32::from(lead & 0x1F) << 6) | u32::from(second & 0x3F);
            (code <= 0x1B0 && code != 0xD7 && code != 0xF7).then_some(2)
        }
        // U+1EA0..U+1EBF is E1 BA A0..BF, U+1EC0..U+1EF9 is E1 BB 80..B9.
        0xE1 => {
            let third = *bytes.get(i + 2)?;
            (second == 0xBA && third >= 0xA0 || second == 0xBB && third <= 0xB9).then_some(3)
        }
        _ => None,
    }
}

/// ASCII letters and digits, by byte: one load instead of three range tests.
static ASCII_ALNUM: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// The character starting at byte `i` of `s` (a character boundary), and its length.
#[inline]
fn char_at(s: &str, i: usize) -> (char, usize) {
    let b = s.as_bytes()[i];
    if b < 0x80 {
        return (b as char, 1);
    }
    let c = s[i..].chars().next().unwrap_or('\u{FFFD}');
    (c, c.len_utf8())
}

/// Start of the last token of `text` that is neither a word nor a dash
/// (punctuation or a line break), as [`next_tok`] would read it.
pub(crate) fn last_stop_start(text: &str) -> Option<usize> {
    let mut after: Option<char> = None;
    let mut chars = text.char_indices().rev().peekable();
    while let Some((i, c)) = chars.next() {
        let before = chars.peek().map(|&(_, b)| b);
        let in_word = is_word_char(c)
            || is_space(c)
            || ((c == '&' || c == '\'')
                && before.is_some_and(is_word_char)
                && after.is_some_and(is_word_char));
        if !in_word && !matches!(c, '-' | '–' | '—') {
            return Some(i);
        }
        after = Some(c);
    }
    None
}

/// The token that ends at or before `pos`, skipping horizontal space.
pub(crate) fn prev_tok(text: &str, pos: usize) -> Option<Tok> {
    let before = text.get(..pos)?;
    let mut chars = before.char_indices().rev().peekable();
    let (off, c) = loop {
        let (off, c) = chars.next()?;
        if !is_space(c) {
            break (off, c);
        }
    };
    let end = off + c.len_utf8();
    if c == '\n' {
        return Some(Tok {
            start: off,
            end,
            kind: Kind::Break,
        });
    }
    if !is_word_char(c) {
        return Some(Tok {
            start: off,
            end,
            kind: Kind::Punct(c),
        });
    }
    let mut start = off;
    while let Some(&(off, c)) = chars.peek() {
        if is_word_char(c) {
            start = off;
            chars.next();
        } else if (c == '&' || c == '\'') && off > 0 {
            let prev = text[..off].chars().next_back();
            if prev.is_some_and(is_word_char) {
                start = off;
                chars.next();
            } else {
                break;
            }
        } else {
            break;
        }
    }
    Some(Tok {
        start,
        end,
        kind: Kind::Word,
    })
}

/// The whitespace-delimited chunk that ends at `pos` (after trailing space
/// is skipped), with opening brackets and quotes trimmed from its start.
pub(crate) fn prev_chunk(text: &str, pos: usize) -> Option<(usize, usize)> {
    let before = text.get(..pos)?;
    let bytes = before.as_bytes();
    // Trailing horizontal space, by bytes (`\u{a0}` is C2 A0).
    let mut end = bytes.len();
    loop {
        match bytes[..end] {
            [.., b' ' | b'\t' | b'\r'] => end -= 1,
            [.., 0xC2, 0xA0] => end -= 2,
            _ => break,
        }
    }
    if end == 0 || bytes[end - 1] == b'\n' {
        return None;
    }
    // Back to the previous whitespace character; ASCII by byte.
    let mut start = end;
    while start > 0 {
        let b = bytes[start - 1];
        if b < 0x80 {
            if matches!(b, b'\t'..=b'\r' | b' ') {
                break;
            }
            start -= 1;
            continue;
        }
        let mut lead = start - 1;
        while !before.is_char_boundary(lead) {
            lead -= 1;
        }
        if before[lead..].chars().next().is_some_and(char::is_whitespace) {
            break;
        }
        start = lead;
    }
    let chunk = &text[start..end];
    // Opening brackets and quotes: usually none (an ASCII letter first).
    let trimmed =
        if chunk.as_bytes()[0].is_ascii_alphanumeric() || vietnamese_letter_len(bytes, start).is_some() {
            chunk
        } else {
            chunk.trim_start_matches(|c: char| !c.is_alphanumeric())
        };
    let start = end - trimmed.len();
    (start < end).then_some((start, end))
}

/// Whether the word starts with an upper-case letter.
pub(crate) fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// `Nguyễn`, `A`: an upper-case letter then lower-case letters only.
pub(crate) fn is_title_case(word: &str) -> bool {
    let mut chars = word.chars();
    if !chars.next().is_some_and(char::is_uppercase) {
        return false;
    }
    let rest = chars.as_str().as_bytes();
    let mut i = 0;
    while i < rest.len() {
        match lower_letter_len(rest, i) {
            Some(0) => return false,
            Some(len) => i += len,
            None => {
                // Not decided by its bytes: the Unicode properties.
                let c = chars.as_str()[i..].chars().next().unwrap_or('\0');
                if !(c.is_lowercase() || is_combining(c)) {
                    return false;
                }
                i += c.len_utf8();
            }
        }
    }
    true
}

/// For the letter at `bytes[i]` (a character boundary): its length if its
/// bytes alone show it is lower case, `Some(0)` if they show it is not
/// lower case nor a combining mark, `None` when the bytes do not tell.
/// Covers ASCII, Latin-1, the regular part of Latin Extended-A, `ơ` `ư`, and
/// Latin Extended Additional (`ạ`..`ỹ`): nearly every letter of a Vietnamese word.
#[inline]
fn lower_letter_len(bytes: &[u8], i: usize) -> Option<usize> {
    let lead = bytes[i];
    if lead < 0x80 {
        return Some(if lead.is_ascii_lowercase() { 1 } else { 0 });
    }
    let second = *bytes.get(i + 1)?;
    match lead {
        0xC3..=0xC6 => {
            let code = (u32::from(lead & 0x1F) << 6) | u32::from(second & 0x3F);
            let lower = match code {
                0xC0..=0xDE => false,
                0xF7 => false,
                0xDF..=0xFF => true,
                0x100..=0x137 | 0x14A..=0x177 => code & 1 == 1,
                0x1A0 | 0x1AF => false,
                0x1A1 | 0x1B0 => true,
                _ => return None,
            };
            Some(if lower { 2 } else { 0 })
        }
        // U+1EA0..U+1EFF (E1 BA A0 ..= E1 BB BF): odd code points are lower case.
        0xE1 if second == 0xBA || second == 0xBB => {
            let third = *bytes.get(i + 2)?;
            if second == 0xBA && third < 0xA0 {
                return None;
            }
            Some(if third & 1 == 1 { 3 } else { 0 })
        }
        _ => None,
    }
}

/// `TRUNG`: letters, all upper case, at least two.
pub(crate) fn is_all_caps(word: &str) -> bool {
    // One pass, stopping at the first lower-case letter (`Tài`: the second
    // character); ASCII without the Unicode tables.
    let mut letters = 0;
    for c in word.chars() {
        let letter = if c.is_ascii() {
            c.is_ascii_alphabetic()
        } else {
            c.is_alphabetic()
        };
        if letter {
            if !c.is_uppercase() {
                return false;
            }
            letters += 1;
        }
    }
    letters >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_forwards_and_backwards() {
        let text = "Bộ TT&TT, ông  Bường-";
        let t = next_tok(text, 0).unwrap();
        assert_eq!(&text[t.start..t.end], "Bộ");
        let t = next_tok(text, t.end).unwrap();
        assert_eq!(&text[t.start..t.end], "TT&TT");
        assert!(next_tok(text, t.end).unwrap().is_punct(','));
        let t = prev_tok(text, text.len() - 1).unwrap();
        assert_eq!(&text[t.start..t.end], "Bường");
        let t = prev_tok(text, 10).unwrap();
        assert_eq!(&text[t.start..t.end], "TT&TT");
    }

    #[test]
    fn last_stop_is_the_last_punctuation_outside_words() {
        assert_eq!(last_stop_start("Ông A. Nguyễn Văn B"), Some("Ông A".len()));
        assert_eq!(last_stop_start("TT&TT - K'Ho"), None);
        assert_eq!(last_stop_start("a\nb"), Some(1));
        assert_eq!(last_stop_start("d' x"), Some(1));
    }

    #[test]
    fn chunks_and_case() {
        let text = "(TS. Nguyễn";
        let (s, e) = prev_chunk(text, 5).unwrap();
        assert_eq!(&text[s..e], "TS.");
        assert!(is_title_case("Đặng"));
        // The byte-level shortcut agrees with the Unicode properties.
        for c in ('\u{80}'..='\u{2FF}').chain('\u{1E00}'..='\u{1FFF}') {
            let word = format!("A{c}");
            let expected = c.is_lowercase() || ('\u{300}'..='\u{36f}').contains(&c);
            assert_eq!(is_title_case(&word), expected, "{c:?}");
        }
        assert!(!is_title_case("UBND"));
        assert!(is_all_caps("KIÊN"));
    }
}
