//! Reading the embedded data files: every lexicon is a TSV whose lines
//! starting with `#` are comments and whose blank lines are skipped. One
//! reader for every stage, so the files follow one format. Also what
//! several stages share to look words up: the hash maps for built-in words,
//! a map keyed by packed word bytes, fast letter case, and whether a word
//! has the shape of a Vietnamese syllable.

/// Hash map for lexicon lookups of short keys (FxHash: fast, not
/// DoS-resistant, which lookups of built-in words do not need).
pub(crate) type FastMap<K, V> = rustc_hash::FxHashMap<K, V>;
/// Hash set for lexicon lookups of short keys.
pub(crate) type FastSet<K> = rustc_hash::FxHashSet<K>;

/// A map keyed by words: words of at most eight bytes (most Vietnamese
/// syllables) are keyed by their bytes packed in a `u64` ([`packed_word`]),
/// which hashes and compares as one integer rather than as a string; longer
/// words by the string.
pub(crate) struct WordKeyedMap<V> {
    short: FastMap<u64, V>,
    long: FastMap<Box<str>, V>,
}

impl<V> Default for WordKeyedMap<V> {
    fn default() -> Self {
        WordKeyedMap {
            short: FastMap::default(),
            long: FastMap::default(),
        }
    }
}

impl<V> std::fmt::Debug for WordKeyedMap<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "WordKeyedMap({} words)", self.short.len() + self.long.len())
    }
}

impl<V> WordKeyedMap<V> {
    /// The value of `word`, inserted with `V::default()` first if it has none.
    pub(crate) fn entry_or_default(&mut self, word: &str) -> &mut V
    where
        V: Default,
    {
        match packed_word(word) {
            Some(key) => self.short.entry(key).or_default(),
            None => {
                if !self.long.contains_key(word) {
                    self.long.insert(word.into(), V::default());
                }
                self.long.get_mut(word).expect("inserted above")
            }
        }
    }

    /// The value of `word`, if it has one.
    #[inline]
    pub(crate) fn get(&self, word: &str) -> Option<&V> {
        match packed_word(word) {
            Some(key) => self.short.get(&key),
            None => self.long.get(word),
        }
    }
}

/// A word of at most eight bytes as one integer (its bytes, zero-padded;
/// words hold no NUL byte, so two words never share a key).
#[inline]
pub(crate) fn packed_word(word: &str) -> Option<u64> {
    let bytes = word.as_bytes();
    if bytes.len() > 8 {
        return None;
    }
    // Shifted in byte by byte: a copy of a variable length would call `memcpy`.
    let key = bytes.iter().rev().fold(0u64, |key, &b| key << 8 | u64::from(b));
    Some(key)
}

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

/// Whether a syllable (in any case) has the shape of a Vietnamese syllable:
/// an onset from the Vietnamese set, a vowel nucleus, a permitted final.
/// Keeps `Google` and `Maps` out of photo credits, car trims out of village
/// names (`bản Sonic`), and tells a foreign name after a country (`Mỹ
/// Donald Trump`).
pub(crate) fn looks_vietnamese(word: &str) -> bool {
    // Base letters in a stack buffer (`đ` as `d`): no allocation per word.
    let mut buf = [0u8; 12];
    let mut len = 0;
    // Latin letters by table; any other character takes the exact path.
    for c in word.chars() {
        let base = match BASE_LETTERS.of(c) {
            BaseLetter::Letter(b) => b,
            BaseLetter::Mark => continue,
            BaseLetter::Reject => return false,
            BaseLetter::Other => return looks_vietnamese_exactly(&word.to_lowercase()),
        };
        if len == buf.len() {
            return false;
        }
        buf[len] = base;
        len += 1;
    }
    syllable_shape(&buf[..len])
}

/// [`looks_vietnamese`] for a lower-cased word, through NFD.
fn looks_vietnamese_exactly(word: &str) -> bool {
    use unicode_normalization::UnicodeNormalization;
    let mut buf = [0u8; 12];
    let mut len = 0;
    for c in word.nfd() {
        let base = match c {
            'a'..='z' => c as u8,
            'A'..='Z' => c.to_ascii_lowercase() as u8,
            'đ' | 'Đ' => b'd',
            '\u{300}'..='\u{36f}' => continue,
            _ => return false,
        };
        if len == buf.len() {
            return false;
        }
        buf[len] = base;
        len += 1;
    }
    syllable_shape(&buf[..len])
}

/// What one character adds to the base letters of [`looks_vietnamese`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum BaseLetter {
    /// One lower-case ASCII letter (`Ễ` → `e`, `Đ` → `d`).
    Letter(u8),
    /// A combining mark: nothing.
    Mark,
    /// Not a Vietnamese letter: the word is not a syllable.
    Reject,
    /// Outside the table: decide with the whole word.
    Other,
}

/// Base letters of the Latin characters Vietnamese uses (U+0000..U+01B0,
/// U+1EA0..U+1EF9), computed once from the exact definition: lower case,
/// NFD, marks dropped.
struct BaseLetters {
    latin: Vec<BaseLetter>,
    extended: Vec<BaseLetter>,
}

static BASE_LETTERS: std::sync::LazyLock<BaseLetters> = std::sync::LazyLock::new(|| {
    let of = |c: char| -> BaseLetter {
        let lower: String = c.to_lowercase().collect();
        let mut buf = [0u8; 12];
        let mut letters = 0;
        for d in unicode_normalization::UnicodeNormalization::nfd(lower.as_str()) {
            let base = match d {
                'a'..='z' => d as u8,
                'A'..='Z' => d.to_ascii_lowercase() as u8,
                'đ' | 'Đ' => b'd',
                '\u{300}'..='\u{36f}' => continue,
                _ => return BaseLetter::Reject,
            };
            if letters == buf.len() {
                return BaseLetter::Other;
            }
            buf[letters] = base;
            letters += 1;
        }
        match letters {
            1 => BaseLetter::Letter(buf[0]),
            _ => BaseLetter::Other,
        }
    };
    let table = |from: u32, to: u32| {
        (from..to)
            .map(|u| char::from_u32(u).map_or(BaseLetter::Other, of))
            .collect()
    };
    BaseLetters {
        latin: table(0, 0x1B1),
        extended: table(0x1EA0, 0x1EFA),
    }
});

impl BaseLetters {
    #[inline]
    fn of(&self, c: char) -> BaseLetter {
        let u = c as u32;
        match u {
            0..=0x1B0 => self.latin[u as usize],
            0x300..=0x36F => BaseLetter::Mark,
            0x1EA0..=0x1EF9 => self.extended[(u - 0x1EA0) as usize],
            _ => BaseLetter::Other,
        }
    }
}

/// Onset, vowel nucleus and final of the base letters of a syllable.
fn syllable_shape(base: &[u8]) -> bool {
    const ONSETS: [&[u8]; 26] = [
        b"ngh", b"ch", b"gh", b"gi", b"kh", b"ng", b"nh", b"ph", b"qu", b"th", b"tr", b"b", b"c", b"d", b"g",
        b"h", b"k", b"l", b"m", b"n", b"p", b"r", b"s", b"t", b"v", b"x",
    ];
    let mut rest = base;
    if let Some(onset) = ONSETS.iter().find(|o| rest.starts_with(o)) {
        rest = &rest[onset.len()..];
    }
    let vowels = rest
        .iter()
        .position(|c| !b"aeiouy".contains(c))
        .unwrap_or(rest.len());
    if vowels == 0 && !base.starts_with(b"gi") || vowels > 3 {
        return false;
    }
    matches!(
        &rest[vowels..],
        b"" | b"c" | b"ch" | b"m" | b"n" | b"ng" | b"nh" | b"p" | b"t"
    )
}

/// Appends [`str::to_lowercase`] of `text` to `out` without a new string
/// (shared by the extractors that lower words into a reused buffer).
pub(crate) fn push_lowercase(out: &mut String, text: &str) {
    let start = out.len();
    if text.is_ascii() {
        out.push_str(text);
        out[start..].make_ascii_lowercase();
        return;
    }
    // Runs of characters that are their own lower case are copied whole
    // (in a title-case word, all but the first).
    let mut copied = 0;
    for (at, c) in text.char_indices() {
        match fast_lowercase(c) {
            Some(lower) if lower == c => continue,
            Some(lower) => {
                out.push_str(&text[copied..at]);
                out.push(lower);
            }
            // A final sigma depends on its neighbours: leave the text to the
            // standard library.
            None if c == 'Σ' => {
                out.truncate(start);
                out.push_str(&text.to_lowercase());
                return;
            }
            None => {
                out.push_str(&text[copied..at]);
                out.extend(c.to_lowercase());
            }
        }
        copied = at + c.len_utf8();
    }
    out.push_str(&text[copied..]);
}

/// `a b` (two words and a space), in one allocation: `format!` costs
/// several times more, and the extractors join a type word and a name, or
/// a classifier and a noun, once per kept item.
pub(crate) fn joined(a: &str, b: &str) -> String {
    let mut out = String::with_capacity(a.len() + 1 + b.len());
    out.push_str(a);
    out.push(' ');
    out.push_str(b);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_lowercase_agrees_with_the_standard_one() {
        let mut out = String::new();
        for text in [
            "ĐỀ NGHỊ",
            "Ưu Tiên",
            "İSTANBUL",
            "ΟΔΟΣ",
            "eKYC",
            "Aǅ",
            "ưǅx",
            "Đồng",
            "aΣ b",
        ] {
            out.clear();
            push_lowercase(&mut out, text);
            assert_eq!(out, text.to_lowercase());
        }
    }

    #[test]
    fn comments_and_blank_lines_are_skipped_and_fields_kept() {
        let data = "# header comment\na\tb\n\n  \nc\t \n";
        let got: Vec<Vec<&str>> = rows(data).collect();
        assert_eq!(got, vec![vec!["a", "b"], vec!["c", " "]]);
        assert_eq!(capitalize("đề nghị"), "Đề nghị");
        assert_eq!(capitalize(""), "");
    }

    #[test]
    fn fast_lowercase_agrees_with_unicode_everywhere() {
        // Dates rely on it to tell a word that needs folding.
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            if let Some(lower) = fast_lowercase(c) {
                assert_eq!(c.to_lowercase().collect::<String>(), lower.to_string(), "{c:?}");
                assert_eq!(c.is_uppercase(), lower != c, "{c:?}");
            }
        }
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

    #[test]
    fn vietnamese_syllables() {
        for w in ["nguyễn", "tường", "giàng", "quỳnh", "gì", "tuyết", "khoa"] {
            assert!(looks_vietnamese(w), "{w}");
        }
        for w in ["google", "maps", "vov", "conac"] {
            assert!(!looks_vietnamese(w), "{w}");
        }
        // Any case, as written.
        assert!(looks_vietnamese("Nguyễn") && looks_vietnamese("TƯỜNG"));
    }

    #[test]
    fn base_letter_table_agrees_with_the_exact_path() {
        let chars = (0..0x1B1u32).chain(0x1EA0..0x1EFA).filter_map(char::from_u32);
        for c in chars {
            for word in [
                format!("{c}"),
                format!("ng{c}"),
                format!("{c}n"),
                format!("th{c}{c}ng"),
            ] {
                assert_eq!(
                    looks_vietnamese(&word),
                    looks_vietnamese_exactly(&word.to_lowercase()),
                    "{word}"
                );
            }
        }
    }
}
