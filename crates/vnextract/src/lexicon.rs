//! Reading the embedded data files: every lexicon is a TSV whose lines
//! starting with `#` are comments and whose blank lines are skipped. One
//! reader for every stage, so the files follow one format.

/// The non-blank, non-comment lines of a data file, as written.
pub(crate) fn lines(data: &str) -> impl Iterator<Item = &str> {
    data.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
}

/// The rows of a TSV data file: [`lines`] split at tabs (fields not trimmed,
/// so an empty or space-only last field survives).
pub(crate) fn rows(data: &str) -> impl Iterator<Item = Vec<&str>> {
    lines(data).map(|l| l.split('\t').collect())
}

/// The word with its first letter in upper case (`tăng cường` → `Tăng cường`),
/// the sentence-initial spelling of a lexicon entry.
pub(crate) fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

// Case of single characters, fast for Vietnamese text (shared by the
// extractors that compare words ignoring case).

/// [`char::is_uppercase`], answered by code point range for ASCII and the
/// Vietnamese letters (where capitals are the even code points of
/// Latin Extended-A and Latin Extended Additional), which is most of every
/// text, without the Unicode table search.
#[inline]
pub(crate) fn is_uppercase(c: char) -> bool {
    let code = c as u32;
    match code {
        0..=0x7F => c.is_ascii_uppercase(),
        0xC0..=0xD6 | 0xD8..=0xDE => true,
        0x80..=0xBF | 0xD7 | 0xDF..=0xFF => c.is_uppercase(),
        0x100..=0x137 | 0x14A..=0x177 | 0x1EA0..=0x1EFF => code & 1 == 0,
        0x1A0 | 0x1AF => true,
        0x1A1 | 0x1B0 => false,
        _ => c.is_uppercase(),
    }
}

/// [`char::to_lowercase`] of ASCII and of the Vietnamese letters (see [`is_uppercase`]), which map to one character; `None` for the others.
#[inline]
pub(crate) fn fast_lowercase(c: char) -> Option<char> {
    let code = c as u32;
    let lower = match code {
        0..=0x7F => return Some(c.to_ascii_lowercase()),
        0xC0..=0xD6 | 0xD8..=0xDE => code + 0x20,
        // Small letters (and × ÷) of Latin-1 and ơ ư are their own lower case.
        0xD7 | 0xDF..=0xFF | 0x1A1 | 0x1B0 => code,
        // U+0130 (İ) lower-cases to two characters.
        0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 | 0x1EA0..=0x1EFF => code | 1,
        0x1A0 => 0x1A1,
        0x1AF => 0x1B0,
        _ => return None,
    };
    char::from_u32(lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_blank_lines_are_skipped_and_fields_kept() {
        let data = "# header comment\na\tb\n\n  \nc\t \n";
        let got: Vec<Vec<&str>> = rows(data).collect();
        assert_eq!(got, vec![vec!["a", "b"], vec!["c", " "]]);
        assert_eq!(capitalize("đề nghị"), "Đề nghị");
        assert_eq!(capitalize(""), "");
    }

    #[test]
    fn fast_lowercase_agrees_with_unicode() {
        for c in ('\0'..='\u{2000}').chain('\u{1E00}'..='\u{1F00}') {
            if let Some(lower) = fast_lowercase(c) {
                assert_eq!(
                    c.to_lowercase().collect::<String>(),
                    lower.to_string(),
                    "U+{:04X}",
                    c as u32
                );
            }
        }
    }

    #[test]
    fn fast_uppercase_agrees_with_unicode() {
        for c in ('\0'..='\u{2000}').chain('\u{1E00}'..='\u{1F00}') {
            assert_eq!(is_uppercase(c), c.is_uppercase(), "{c:?} U+{:04X}", c as u32);
        }
    }
}
