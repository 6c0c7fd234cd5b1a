//! Vietnamese letters (base, quality mark, tone, case) and the tone placement
//! rule of the orthography, used to repair misplaced tone marks.
//!
//! A letter is packed in a `u16` ([`Letter`]): bits 0–5 the lowercase letter
//! id (vowels 1–12, consonants 32–58), bits 6–8 the tone (0 none, 1 grave
//! `à`, 2 acute `á`, 3 hook `ả`, 4 tilde `ã`, 5 dot `ạ`), bit 9 uppercase.
//! The tables are built once from the Unicode decompositions, so every
//! precomposed Vietnamese letter is covered and nothing else is.

use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;

use super::TonePlacement;

/// A packed letter; 0 means "not a Vietnamese letter".
pub(crate) type Letter = u16;

const ID_MASK: u16 = 0x3f;
const TONE_SHIFT: u16 = 6;
const UPPER: u16 = 1 << 9;

/// Vowel ids 1..=12 in this order; index 0 unused.
const VOWELS: [(char, Option<char>); 13] = [
    ('\0', None),
    ('a', None),
    ('a', Some('\u{306}')), // ă
    ('a', Some('\u{302}')), // â
    ('e', None),
    ('e', Some('\u{302}')), // ê
    ('i', None),
    ('o', None),
    ('o', Some('\u{302}')), // ô
    ('o', Some('\u{31b}')), // ơ
    ('u', None),
    ('u', Some('\u{31b}')), // ư
    ('y', None),
];
const V_A: u8 = 1;
const V_E: u8 = 4;
const V_I: u8 = 6;
const V_O: u8 = 7;
const V_U: u8 = 10;
const V_Y: u8 = 12;
/// Consonant ids: 32 + (ascii - 'a'); `đ` is 58.
const C_BASE: u8 = 32;
const C_DD: u8 = 58;

/// Combining tone marks by tone number (index 0 unused).
const TONE_MARKS: [char; 6] = ['\0', '\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];

/// The letter tables ([`table`]).
pub(crate) struct Tables {
    /// U+0000..U+01B0.
    low: Vec<Letter>,
    /// U+1EA0..U+1EF9.
    ext: Vec<Letter>,
    /// [upper][vowel id][tone] → char.
    compose: [[[char; 6]; 13]; 2],
    /// Vowel cluster key → coda rule (0 invalid, 1 open, 2 closed, 3 both).
    clusters: Vec<u8>,
    /// Packed letter → char (`'\0'` for no letter).
    chars: [char; CHARS],
    /// By UTF-8 bytes: ASCII.
    ascii: [Letter; 128],
    /// By UTF-8 bytes: two-byte characters with lead 0xC3..=0xC6.
    two: [Letter; 256],
    /// By UTF-8 bytes: three-byte characters 0xE1 0xBA/0xBB xx.
    three: [Letter; 128],
}

/// Packed letters are below this (the uppercase bit is bit 9).
const CHARS: usize = 1 << 10;
const LOW_END: u32 = 0x1B1;
const EXT_START: u32 = 0x1EA0;
const EXT_END: u32 = 0x1EFA;

static TABLES: LazyLock<Tables> = LazyLock::new(build_tables);

fn build_tables() -> Tables {
    let mut low = vec![0u16; LOW_END as usize];
    let mut ext = vec![0u16; (EXT_END - EXT_START) as usize];
    let mut compose = [[['\0'; 6]; 13]; 2];
    let mut put = |c: char, info: Letter| {
        let cp = c as u32;
        if cp < LOW_END {
            low[cp as usize] = info;
        } else if (EXT_START..EXT_END).contains(&cp) {
            ext[(cp - EXT_START) as usize] = info;
        }
    };
    for ascii in b'a'..=b'z' {
        let id = match ascii {
            b'a' => V_A,
            b'e' => V_E,
            b'i' => V_I,
            b'o' => V_O,
            b'u' => V_U,
            b'y' => V_Y,
            _ => C_BASE + (ascii - b'a'),
        } as u16;
        put(ascii as char, id);
        put(ascii.to_ascii_uppercase() as char, id | UPPER);
    }
    put('đ', C_DD as u16);
    put('Đ', C_DD as u16 | UPPER);
    for (id, &(base, quality)) in VOWELS.iter().enumerate().skip(1) {
        for (upper, base) in [base, base.to_ascii_uppercase()].into_iter().enumerate() {
            for (tone, &mark) in TONE_MARKS.iter().enumerate() {
                let mut s = String::new();
                s.push(base);
                s.extend(quality);
                if tone > 0 {
                    s.push(mark);
                }
                let composed: String = s.nfc().collect();
                let mut chars = composed.chars();
                let c = chars.next().expect("composes");
                assert!(chars.next().is_none(), "every Vietnamese letter is precomposed");
                compose[upper][id][tone] = c;
                let upper_bit = if upper == 1 { UPPER } else { 0 };
                put(c, id as u16 | (tone as u16) << TONE_SHIFT | upper_bit);
            }
        }
    }
    let mut clusters = vec![0u8; 13 * 13 * 13];
    for line in include_str!("../../data/normalize/vowel_clusters.tsv").lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (cluster, rule) = line.split_once('\t').expect("cluster<TAB>rule");
        let ids: Vec<u8> = cluster
            .chars()
            .map(|c| letter_id(lookup(&low, &ext, c)))
            .collect();
        let rule = match rule.trim() {
            "open" => 1,
            "closed" => 2,
            "both" => 3,
            other => panic!("unknown coda rule {other}"),
        };
        clusters[cluster_key(&ids).expect("1 to 3 vowels")] = rule;
    }
    let ascii = std::array::from_fn(|k| low[k]);
    let two = std::array::from_fn(|k| lookup(&low, &ext, char_from(0xc0 + k as u32)));
    let three = std::array::from_fn(|k| lookup(&low, &ext, char_from(0x1e80 + k as u32)));
    let mut chars = ['\0'; CHARS];
    for c in (0..LOW_END).chain(EXT_START..EXT_END).filter_map(char::from_u32) {
        let l = lookup(&low, &ext, c);
        if l != 0 {
            assert_eq!(chars[usize::from(l)], '\0', "one character per letter");
            chars[usize::from(l)] = c;
        }
    }
    Tables {
        low,
        ext,
        compose,
        chars,
        clusters,
        ascii,
        two,
        three,
    }
}

fn char_from(cp: u32) -> char {
    char::from_u32(cp).expect("scalar value")
}

fn lookup(low: &[Letter], ext: &[Letter], c: char) -> Letter {
    let cp = c as u32;
    if cp < LOW_END {
        low[cp as usize]
    } else if (EXT_START..EXT_END).contains(&cp) {
        ext[(cp - EXT_START) as usize]
    } else {
        0
    }
}

fn cluster_key(ids: &[u8]) -> Option<usize> {
    if ids.is_empty() || ids.len() > 3 || ids.iter().any(|&v| v == 0 || v > V_Y) {
        return None;
    }
    Some(ids.iter().fold(0usize, |k, &v| k * 13 + v as usize))
}

/// The letter tables, to look up many characters without re-checking the
/// lazy initialization each time.
pub(crate) fn table() -> &'static Tables {
    &TABLES
}

impl Tables {
    /// The packed letter of the UTF-8 character starting at `i`, with its
    /// length; `(0, _)` for anything but a Vietnamese letter.
    #[inline(always)]
    pub(crate) fn at(&self, bytes: &[u8], i: usize) -> (Letter, usize) {
        let b = bytes[i];
        if b < 0x80 {
            return (self.ascii[(b & 0x7f) as usize], 1);
        }
        if (0xc3..=0xc6).contains(&b) {
            if let Some(&c) = bytes.get(i + 1) {
                return (
                    self.two[(((b - 0xc3) as usize) << 6 | (c & 0x3f) as usize) & 0xff],
                    2,
                );
            }
        } else if b == 0xe1 {
            if let (Some(&c1), Some(&c2)) = (bytes.get(i + 1), bytes.get(i + 2)) {
                if c1 == 0xba || c1 == 0xbb {
                    return (
                        self.three[(((c1 - 0xba) as usize) << 6 | (c2 & 0x3f) as usize) & 0x7f],
                        3,
                    );
                }
            }
        }
        (0, 0)
    }

    /// The packed letter of the ASCII byte `b` (0 if none).
    #[inline(always)]
    pub(crate) fn ascii(&self, b: u8) -> Letter {
        self.ascii[(b & 0x7f) as usize]
    }

    /// [`Tables::at`] for a character that is not ASCII (`bytes[i] >= 0x80`).
    #[inline(always)]
    pub(crate) fn at_non_ascii(&self, bytes: &[u8], i: usize) -> (Letter, usize) {
        match bytes[i] {
            0xc3..=0xc6 => (self.two_byte_at(bytes, i), 2),
            0xe1 => (self.three_byte_at(bytes, i), 3),
            _ => (0, 0),
        }
    }

    /// The packed letter of the two-byte character at `i` (lead byte
    /// 0xC3..=0xC6), or 0.
    #[inline(always)]
    pub(crate) fn two_byte_at(&self, bytes: &[u8], i: usize) -> Letter {
        match bytes.get(i + 1) {
            Some(&c) => {
                self.two[(usize::from(bytes[i].wrapping_sub(0xc3)) << 6 | (c & 0x3f) as usize) & 0xff]
            }
            None => 0,
        }
    }

    /// The packed letter of the three-byte character at `i` (lead byte
    /// 0xE1), or 0: U+1EA0..U+1EFF are `0xE1 0xBA/0xBB xx`.
    #[inline(always)]
    pub(crate) fn three_byte_at(&self, bytes: &[u8], i: usize) -> Letter {
        match bytes.get(i + 1..i + 3) {
            Some(&[c1, c2]) if c1 & 0xfe == 0xba => {
                self.three[(usize::from(c1 & 1) << 6 | (c2 & 0x3f) as usize) & 0x7f]
            }
            _ => 0,
        }
    }

    /// The packed letter of the character ending at byte `i` (0 if none).
    #[inline(always)]
    pub(crate) fn before(&self, bytes: &[u8], i: usize) -> Letter {
        match i {
            0 => 0,
            _ if bytes[i - 1] < 0x80 => self.ascii[(bytes[i - 1] & 0x7f) as usize],
            1 => 0,
            _ if (0xc3..=0xc6).contains(&bytes[i - 2]) => self.at(bytes, i - 2).0,
            2 => 0,
            _ if bytes[i - 3] == 0xe1 => self.at(bytes, i - 3).0,
            _ => 0,
        }
    }

    /// The packed letter of the non-ASCII character ending at byte `i`, with
    /// its length; `(0, _)` for anything but a Vietnamese letter.
    #[inline(always)]
    pub(crate) fn before_with_len(&self, bytes: &[u8], i: usize) -> (Letter, usize) {
        if i >= 2 && (0xc3..=0xc6).contains(&bytes[i - 2]) {
            self.at(bytes, i - 2)
        } else if i >= 3 && bytes[i - 3] == 0xe1 {
            self.at(bytes, i - 3)
        } else {
            (0, 0)
        }
    }

    /// The character of packed letter `l` ([`to_char`] without the lazy
    /// initialization check).
    #[inline]
    pub(crate) fn char_of(&self, l: Letter) -> char {
        self.chars[usize::from(l) & (CHARS - 1)]
    }

    /// The packed letter of code point `cp`, or 0.
    #[inline]
    pub(crate) fn get(&self, cp: u32) -> Letter {
        if cp < LOW_END {
            self.low[cp as usize]
        } else if cp.wrapping_sub(EXT_START) < EXT_END - EXT_START {
            self.ext[(cp - EXT_START) as usize]
        } else {
            0
        }
    }
}

/// The packed letter of `c`, or 0 when `c` is not a Vietnamese letter.
#[inline]
pub(crate) fn letter(c: char) -> Letter {
    TABLES.get(c as u32)
}

/// The character of a packed letter.
pub(crate) fn to_char(l: Letter) -> char {
    let id = letter_id(l);
    let upper = l & UPPER != 0;
    match id {
        C_DD if upper => 'Đ',
        C_DD => 'đ',
        C_BASE.. => {
            let c = b'a' + (id - C_BASE);
            (if upper { c.to_ascii_uppercase() } else { c }) as char
        }
        _ => TABLES.compose[usize::from(upper)][id as usize][tone_of(l) as usize],
    }
}

/// Letter `l` with the combining `mark` applied (a tone, or the breve,
/// circumflex or horn), whatever order the marks were typed in; the same
/// mark twice counts once. `None` when the mark does not make a Vietnamese
/// letter (then the general Unicode composition decides).
pub(crate) fn apply_mark(l: Letter, mark: char) -> Option<Letter> {
    let id = letter_id(l);
    let tone = match mark {
        '\u{300}' | '\u{340}' => 1,
        '\u{301}' | '\u{341}' => 2,
        '\u{309}' => 3,
        '\u{303}' => 4,
        '\u{323}' => 5,
        _ => 0,
    };
    if tone != 0 {
        if !is_vowel(l) {
            return None;
        }
        return match tone_of(l) {
            0 => Some(l | tone << TONE_SHIFT),
            t if t as u16 == tone => Some(l),
            _ => None,
        };
    }
    let new_id: u8 = match (mark, id) {
        ('\u{306}', V_A) => 2,
        ('\u{302}', V_A) => 3,
        ('\u{302}', V_E) => 5,
        ('\u{302}', V_O) => 8,
        ('\u{31b}', V_O) => 9,
        ('\u{31b}', V_U) => 11,
        ('\u{306}', 2) | ('\u{302}', 3 | 5 | 8) | ('\u{31b}', 9 | 11) => id,
        _ => return None,
    };
    Some(l & !ID_MASK | new_id as u16)
}

#[inline]
pub(crate) fn letter_id(l: Letter) -> u8 {
    (l & ID_MASK) as u8
}

#[inline]
pub(crate) fn tone_of(l: Letter) -> u8 {
    ((l >> TONE_SHIFT) & 7) as u8
}

#[inline]
pub(crate) fn is_vowel(l: Letter) -> bool {
    let id = letter_id(l);
    id != 0 && id <= V_Y
}

/// A vowel with a quality mark: ă â ê ô ơ ư.
#[inline]
pub(crate) fn has_quality(l: Letter) -> bool {
    is_vowel(l) && has_quality_mark(letter_id(l))
}

fn has_quality_mark(id: u8) -> bool {
    VOWELS.get(id as usize).is_some_and(|v| v.1.is_some())
}

/// The char of vowel `l` carrying `tone` instead of its own.
pub(crate) fn with_tone(l: Letter, tone: u8) -> char {
    let upper = usize::from(l & UPPER != 0);
    TABLES.compose[upper][letter_id(l) as usize][tone as usize]
}

/// The lowercase toneless form of letter `l`, with `đ` as `d` (the
/// matching key of a letter).
pub(crate) fn key_char(l: Letter) -> char {
    let id = letter_id(l);
    match id {
        C_DD => 'd',
        C_BASE.. => (b'a' + (id - C_BASE)) as char,
        _ => TABLES.compose[0][id as usize][0],
    }
}

/// For a toned vowel `l` between the letters `before` and `after` (an ASCII
/// i/y/o/u that ends the word): true when the tone is where the
/// orthography puts it whatever the rest of the syllable (the vowel before
/// a final semivowel: `này`, `bảo`, `ngoài`, `chịu`). Not for `uy` (the
/// placement option decides), nor the u of `qu` / the i of `gi`.
pub(crate) fn settled_before_final(l: Letter, before: Letter, after: Letter) -> bool {
    let (id, before_id, after_id) = (letter_id(l), letter_id(before), letter_id(after));
    let final_semivowel = matches!(after_id, V_I | V_Y | V_O | V_U) && tone_of(after) == 0;
    let glide_pair = id == V_U && after_id == V_Y;
    let onset_vowel =
        id == V_U && before_id == C_BASE + (b'q' - b'a') || id == V_I && before_id == C_BASE + (b'g' - b'a');
    final_semivowel && !glide_pair && !onset_vowel
}

/// Vowel letter `l` carrying `tone` instead of its own.
pub(crate) fn with_tone_letter(l: Letter, tone: u8) -> Letter {
    l & !(7 << TONE_SHIFT) | (tone as u16) << TONE_SHIFT
}

/// Longest syllable analysed; longer words are not Vietnamese syllables.
pub(crate) const MAX_SYLLABLE: usize = 10;

/// Where the tone of the syllable `letters` must go, when it is not there
/// now: `Some((index, tone))`. `None` when the syllable is well formed, has
/// no tone, carries different tones, or is not a Vietnamese syllable.
///
/// ```text
/// baỏ → Some((1, hook))   hoà (Modern) → Some((1, grave))   bảo → None
/// ```
pub(crate) fn misplaced_tone(letters: &[Letter], placement: TonePlacement) -> Option<(usize, u8)> {
    let n = letters.len();
    if !(2..=MAX_SYLLABLE).contains(&n) {
        return None;
    }
    let mut ids = [0u8; MAX_SYLLABLE];
    let mut tone = 0;
    let mut toned = 0;
    let mut toned_at = 0;
    for (k, &l) in letters.iter().enumerate() {
        ids[k] = letter_id(l);
        let t = tone_of(l);
        if t != 0 {
            if tone != 0 && t != tone {
                return None;
            }
            tone = t;
            toned += 1;
            toned_at = k;
        }
    }
    if tone == 0 {
        return None;
    }
    let ids = &ids[..n];
    let onset = onset_len(ids)?;
    let vowels_end = onset + ids[onset..].iter().take_while(|&&v| v <= V_Y).count();
    let cluster = &ids[onset..vowels_end];
    let coda = &ids[vowels_end..];
    if !is_coda(coda) {
        return None;
    }
    let rule = TABLES.clusters[cluster_key(cluster)?];
    let closed = !coda.is_empty();
    let fits = match rule {
        1 => !closed,
        // Lenient on "closed" clusters without a coda: the tone rule is the same.
        2 | 3 => true,
        _ => false,
    };
    if !fits {
        return None;
    }
    // The positions (within the cluster) where the orthography puts the tone.
    let (preferred, alternative) = tone_positions(cluster, closed, placement);
    let current = toned_at.checked_sub(onset);
    if toned == 1 && (current == Some(preferred) || current.is_some() && current == alternative) {
        return None;
    }
    Some((onset + preferred, tone))
}

/// The preferred tone position in `cluster` and, in `Keep` mode for
/// `oa`/`oe`/`uy` without a coda, the other accepted one.
fn tone_positions(cluster: &[u8], closed: bool, placement: TonePlacement) -> (usize, Option<usize>) {
    if let Some(k) = cluster.iter().rposition(|&v| has_quality_mark(v)) {
        return (k, None);
    }
    match cluster.len() {
        3 => (1, None),
        2 if closed => (1, None),
        2 => {
            let glide_pair = matches!((cluster[0], cluster[1]), (V_O, V_A) | (V_O, V_E) | (V_U, V_Y));
            match (glide_pair, placement) {
                (false, _) => (0, None),
                (true, TonePlacement::Modern) => (0, None),
                (true, TonePlacement::Traditional) => (1, None),
                (true, TonePlacement::Keep) => (0, Some(1)),
            }
        }
        _ => (0, None),
    }
}

fn consonant(id: u8) -> Option<u8> {
    match id {
        C_DD => Some(b'D'),
        C_BASE..C_DD => Some(b'a' + (id - C_BASE)),
        _ => None,
    }
}

/// Length of the onset (initial consonant cluster), `None` if the syllable
/// cannot be Vietnamese.
fn onset_len(ids: &[u8]) -> Option<usize> {
    let first = ids[0];
    let Some(c0) = consonant(first) else {
        return Some(0);
    };
    let next = ids.get(1).copied();
    let next_char = next.and_then(consonant);
    let vowel_at = |k: usize| ids.get(k).is_some_and(|&v| v != 0 && v <= V_Y);
    let len = match c0 {
        // "qu" + vowel: the u is part of the onset.
        b'q' if next == Some(V_U) && vowel_at(2) => 2,
        b'q' => return None,
        // "gh", and "gi" + vowel: the i is part of the onset.
        b'g' if next_char == Some(b'h') || next == Some(V_I) && vowel_at(2) => 2,
        b'g' => 1,
        b'n' => match (next_char, ids.get(2).copied().and_then(consonant)) {
            (Some(b'g'), Some(b'h')) => 3,
            (Some(b'g' | b'h'), _) => 2,
            _ => 1,
        },
        b'c' | b'k' | b'p' => usize::from(next_char == Some(b'h')) + 1,
        b't' => usize::from(matches!(next_char, Some(b'h' | b'r'))) + 1,
        b'b' | b'd' | b'D' | b'h' | b'l' | b'm' | b'r' | b's' | b'v' | b'x' => 1,
        _ => return None,
    };
    Some(len)
}

fn is_coda(coda: &[u8]) -> bool {
    let mut chars = [0u8; 2];
    if coda.len() > 2 {
        return false;
    }
    for (k, &id) in coda.iter().enumerate() {
        match consonant(id) {
            Some(c) => chars[k] = c,
            None => return false,
        }
    }
    matches!(
        &chars[..coda.len()],
        [] | [b'c'] | [b'm'] | [b'n'] | [b'p'] | [b't'] | [b'c', b'h'] | [b'n', b'g'] | [b'n', b'h']
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(word: &str, placement: TonePlacement) -> String {
        let letters: Vec<Letter> = word.chars().map(letter).collect();
        match misplaced_tone(&letters, placement) {
            None => word.to_owned(),
            Some((at, tone)) => letters
                .iter()
                .enumerate()
                .map(|(k, &l)| {
                    if is_vowel(l) {
                        with_tone(l, if k == at { tone } else { 0 })
                    } else {
                        word.chars().nth(k).unwrap()
                    }
                })
                .collect(),
        }
    }

    #[test]
    fn letters_cover_vietnamese() {
        for c in "aăâeêioôơuưyđAĂÂEÊIOÔƠUƯYĐàáảãạằắẳẵặầấẩẫậềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ".chars()
        {
            assert_ne!(letter(c), 0, "{c}");
        }
        for c in "çñüöß€".chars() {
            assert_eq!(letter(c), 0, "{c}");
        }
        assert_eq!(tone_of(letter('ạ')), 5);
        assert_eq!(with_tone(letter('Ư'), 2), 'Ứ');
    }

    #[test]
    fn repairs_misplaced_tones() {
        let keep = TonePlacement::Keep;
        for (bad, good) in [
            ("baỏ", "bảo"),
            ("lựơng", "lượng"),
            ("nghịêm", "nghiệm"),
            ("đaị", "đại"),
            ("hòang", "hoàng"),
            ("qúa", "quá"),
            ("gíam", "giám"),
            ("ngừơi", "người"),
            ("NGỪƠI", "NGƯỜI"),
            ("thuýên", "thuyến"),
            ("kỉêm", "kiểm"),
        ] {
            assert_eq!(fix(bad, keep), good, "{bad}");
        }
    }

    #[test]
    fn leaves_well_formed_and_foreign_words() {
        for word in [
            "bảo", "người", "hoà", "hòa", "thuỷ", "thủy", "quý", "gì", "già", "giữ", "khuya", "Huỳnh",
            "hoàng", "Nguyễn", "được", "của", "Fáo", "coóc",
        ] {
            assert_eq!(fix(word, TonePlacement::Keep), word, "{word}");
        }
    }

    #[test]
    fn placement_modes() {
        use TonePlacement::{Modern, Traditional};
        for (old, new) in [
            ("hoà", "hòa"),
            ("thuỷ", "thủy"),
            ("khoẻ", "khỏe"),
            ("uỷ", "ủy"),
            ("Hoá", "Hóa"),
        ] {
            assert_eq!(fix(old, Modern), new);
            assert_eq!(fix(new, Traditional), old);
            assert_eq!(fix(new, Modern), new);
            assert_eq!(fix(old, Traditional), old);
        }
        for word in ["hoàng", "thuyền", "quý", "quả", "hoài"] {
            assert_eq!(fix(word, Modern), word);
            assert_eq!(fix(word, Traditional), word);
        }
    }
}
