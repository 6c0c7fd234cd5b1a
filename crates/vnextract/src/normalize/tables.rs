//! The character map and the HTML residue tables (data files under
//! `data/normalize/`), parsed once.

use crate::lexicon::rows as data_lines;
use std::collections::HashMap;
use std::sync::LazyLock;

/// What the normalizer does with a character of `char_map.tsv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CharAction {
    /// Part of a whitespace run (collapses to one space).
    Space,
    /// Invisible: removed.
    Delete,
    /// A line break.
    Newline,
    /// Replaced by this punctuation character.
    Char(char),
    /// Replaced by this letter, re-normalizing the word around it.
    Letter(char),
}

fn parse_code_point(s: &str) -> char {
    let hex = s.strip_prefix("U+").unwrap_or_else(|| panic!("code point {s}"));
    char::from_u32(u32::from_str_radix(hex, 16).expect("hex")).expect("scalar value")
}

/// Sorted by character, for a binary search (no hashing in the hot loop).
static CHAR_MAP: LazyLock<Vec<(char, CharAction)>> = LazyLock::new(|| {
    let mut map = Vec::new();
    for cols in data_lines(include_str!("../../data/normalize/char_map.tsv")) {
        let (first, last) = match cols[0].split_once("..") {
            Some((a, b)) => (parse_code_point(a), parse_code_point(b)),
            None => (parse_code_point(cols[0]), parse_code_point(cols[0])),
        };
        let action = match cols[1] {
            "space" => CharAction::Space,
            "delete" => CharAction::Delete,
            "newline" => CharAction::Newline,
            "char" => CharAction::Char(parse_code_point(cols[2])),
            "letter" => CharAction::Letter(parse_code_point(cols[2])),
            other => panic!("unknown action {other}"),
        };
        for c in first..=last {
            map.push((c, action));
        }
    }
    map.sort_by_key(|&(c, _)| c);
    assert!(
        map.iter()
            .all(|&(c, _)| c >= '\u{85}' && super::tone::letter(c) == 0),
        "see char_action"
    );
    map.dedup_by_key(|&mut (c, _)| c);
    map
});

/// The action for a non-ASCII character, if it is in `char_map.tsv`.
#[inline]
pub(crate) fn char_action(c: char) -> Option<CharAction> {
    // Quick answers for ASCII and Vietnamese letters, none of which is mapped.
    if c < '\u{85}' || super::tone::letter(c) != 0 {
        return None;
    }
    let map = &*CHAR_MAP;
    map.binary_search_by_key(&c, |&(k, _)| k).ok().map(|k| map[k].1)
}

static ENTITIES: LazyLock<HashMap<&'static str, char>> = LazyLock::new(|| {
    data_lines(include_str!("../../data/normalize/html_entities.tsv"))
        .map(|cols| (cols[0], parse_code_point(cols[1])))
        .collect()
});

/// The character of a named HTML reference (`amp` → `&`).
pub(crate) fn entity(name: &str) -> Option<char> {
    ENTITIES.get(name).copied()
}

static TAGS: LazyLock<HashMap<&'static str, bool>> = LazyLock::new(|| {
    data_lines(include_str!("../../data/normalize/html_tags.tsv"))
        .map(|cols| (cols[0], cols[1].trim() == "block"))
        .collect()
});

/// `Some(is_block)` for a known HTML tag name (lowercase).
pub(crate) fn tag_is_block(name: &str) -> Option<bool> {
    TAGS.get(name).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_parse() {
        assert_eq!(char_action('\u{a0}'), Some(CharAction::Space));
        assert_eq!(char_action('\u{2005}'), Some(CharAction::Space));
        assert_eq!(char_action('\u{2013}'), Some(CharAction::Char('-')));
        assert_eq!(char_action('Ð'), Some(CharAction::Letter('Đ')));
        assert_eq!(char_action('\u{feff}'), Some(CharAction::Delete));
        assert_eq!(char_action('ả'), None);
        assert_eq!(entity("amp"), Some('&'));
        assert_eq!(entity("MT"), None);
        assert_eq!(tag_is_block("br"), Some(true));
        assert_eq!(tag_is_block("b"), Some(false));
    }
}
