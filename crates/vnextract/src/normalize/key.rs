//! The lossy matching key for lexicon and gazetteer lookups.

use unicode_normalization::UnicodeNormalization;

use super::tables::{char_action, CharAction};
use super::tone;

/// The matching key of `s`: lowercase, tone marks removed, `đ` (and `Ð`
/// typed for it) as `d`, runs of whitespace as one space, no leading or
/// trailing space. The other diacritics (`ă â ê ô ơ ư`) are kept.
///
/// Why this key: lexicon entries must match whatever the tone placement
/// (`hoà`/`hòa`, `thuỷ`/`thủy`), the case (`UBND`/`Ubnd`) and `Đ`/`D` (often
/// lost in capitals and URLs). Keeping the quality marks keeps apart words
/// that only a fully stripped key would merge (`Sơn`/`Son`, `Ân`/`An`,
/// `Ưng`/`Ung`); the price is that words differing only in tone collide
/// (`Hà`/`Hạ`), so look up whole multi-syllable names, and check the
/// written form when two entries share a key.
///
/// ```
/// use vnextract::normalize::matching_key;
/// assert_eq!(matching_key("Thanh Hoá"), matching_key("thanh  hóa"));
/// assert_eq!(matching_key("Đảng ủy"), "dang uy");
/// assert_eq!(matching_key("Sơn La"), "sơn la");
/// assert_ne!(matching_key("Sơn"), matching_key("Son"));
/// ```
pub fn matching_key(s: &str) -> String {
    let mut key = String::with_capacity(s.len());
    matching_key_into(s, &mut key);
    key
}

/// [`matching_key`] into a reusable buffer (cleared first), for lookups in a
/// loop without allocating.
///
/// ```
/// let mut key = String::new();
/// for word in ["Hà Nội", "HÀ NỘI"] {
///     vnextract::normalize::matching_key_into(word, &mut key);
///     assert_eq!(key, "ha nôi");
/// }
/// ```
pub fn matching_key_into(s: &str, key: &mut String) {
    key.clear();
    if s.is_ascii() {
        push_ascii_key(s, key);
        return;
    }
    if s.chars().all(|c| c.is_ascii() || tone::letter(c) != 0) {
        push_key(s, key);
    } else {
        // Marks that compose only once the tone is gone (`ị` + U+0302 is
        // `î`): decompose, drop the tones, compose again.
        let toneless: String = s
            .chars()
            .filter_map(|c| match char_action(c) {
                Some(CharAction::Delete) => None,
                Some(CharAction::Letter(r)) => Some(r),
                _ => Some(c),
            })
            .nfd()
            .filter(|&c| !is_tone_mark(c))
            .nfc()
            .collect();
        push_key(&toneless, key);
    }
}

fn push_ascii_key(s: &str, key: &mut String) {
    let mut space = false;
    for b in s.bytes() {
        if b.is_ascii_whitespace() {
            space = !key.is_empty();
            continue;
        }
        if space {
            key.push(' ');
            space = false;
        }
        key.push(b.to_ascii_lowercase() as char);
    }
}

fn push_key(s: &str, key: &mut String) {
    let mut space = false;
    for c in s.chars() {
        let action = char_action(c);
        if c.is_whitespace() || action == Some(CharAction::Space) {
            space = !key.is_empty();
            continue;
        }
        if action == Some(CharAction::Delete) || is_tone_mark(c) {
            continue;
        }
        if space {
            key.push(' ');
            space = false;
        }
        let c = match action {
            Some(CharAction::Letter(r) | CharAction::Char(r)) => r,
            _ => c,
        };
        let l = tone::letter(c);
        if l != 0 {
            key.push(tone::key_char(l));
        } else {
            key.extend(c.to_lowercase());
        }
    }
}

/// A combining tone mark left over after NFC (on a letter that has no
/// precomposed toned form).
fn is_tone_mark(c: char) -> bool {
    matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_tone_case_and_d() {
        assert_eq!(matching_key("  Ủy ban\u{a0}nhân   dân "), "uy ban nhân dân");
        assert_eq!(matching_key("ÐỒNG"), "dông");
        assert_eq!(matching_key("Hoa\u{300}"), matching_key("hoà"));
        assert_eq!(matching_key("THỦY"), matching_key("thuỷ"));
        assert_eq!(matching_key("UBND"), "ubnd");
        assert_eq!(matching_key(""), "");
    }
}
