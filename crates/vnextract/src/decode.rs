//! Bytes to text.
//!
//! [`decode`] turns the bytes of a file into a `String`. It reads UTF-8 (with
//! or without a byte-order mark), UTF-16 LE/BE, Windows-1258 and the three
//! legacy Vietnamese 8-bit encodings still found in archives: TCVN3 (ABC, the
//! `.VnTime` fonts), VNI-Windows and VISCII. Legacy text comes out in NFC.
//!
//! With [`Encoding::Auto`] (the default) the encoding is detected:
//!
//! - a byte-order mark decides UTF-8 / UTF-16;
//! - UTF-16 without a mark is recognised by its NUL-byte pattern;
//! - valid UTF-8 is taken as UTF-8 with a single (SIMD) validation pass and
//!   one copy, unless it is *mojibake*: a TCVN3 / VNI / VISCII / Windows-1258
//!   (or UTF-8) file that was once read as Windows-1252 or Latin-1 and saved as
//!   UTF-8 (`Ñoã Buøi` for "Đỗ Bùi", `H¶i Phßng` for "Hải Phòng"), which is
//!   repaired. Repair is conservative: text with more than a handful of the
//!   letters only real Vietnamese Unicode has (ư ơ ă đ, U+1EA0–U+1EF9,
//!   combining marks) is never touched, and a repair must turn at least two
//!   malformed words into well-formed Vietnamese syllables while spoiling at
//!   most a quarter as many;
//! - other bytes are decoded with each legacy encoding and the one whose words
//!   are well-formed Vietnamese syllables most often wins; that fraction is the
//!   reported [`Decoded::confidence`].
//!
//! The legacy code charts are data files under `data/encodings/` (see the
//! README there for their sources).
//!
//! ```
//! use vnextract::{decode, DecodeOptions, Encoding};
//! // "Hà Nội" in TCVN3 (ABC): à = 0xB5, ộ = 0xE9.
//! let d = decode(b"H\xb5 N\xe9i", &DecodeOptions { encoding: Encoding::Tcvn3, lossy: false }).unwrap();
//! assert_eq!(d.text, "Hà Nội");
//! ```

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;

/// A text encoding.
///
/// ```
/// use vnextract::Encoding;
/// assert_eq!(Encoding::default(), Encoding::Auto);
/// assert_eq!("cp1258".parse::<Encoding>().unwrap(), Encoding::Windows1258);
/// assert_eq!(Encoding::Tcvn3.name(), "tcvn3");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Encoding {
    /// Detect (see the [module docs](self)).
    #[default]
    Auto,
    /// UTF-8; a leading byte-order mark is dropped.
    Utf8,
    /// UTF-16, little-endian; a leading byte-order mark is dropped.
    Utf16Le,
    /// UTF-16, big-endian; a leading byte-order mark is dropped.
    Utf16Be,
    /// Windows-1258 (Vietnamese code page with combining tone marks), composed to NFC.
    Windows1258,
    /// TCVN3 / ABC (TCVN 5712:1993 VN3, the `.VnTime` fonts), with the VN2 capitals.
    Tcvn3,
    /// VNI-Windows (the `VNI-Times` fonts): base letter + tone byte, composed to NFC.
    Vni,
    /// VISCII (RFC 1456).
    Viscii,
}

/// Every encoding with its CLI names, the first being [`Encoding::name`].
const ENCODING_NAMES: &[(Encoding, &[&str])] = &[
    (Encoding::Auto, &["auto"]),
    (Encoding::Utf8, &["utf-8", "utf8"]),
    (Encoding::Utf16Le, &["utf-16le", "utf16le", "utf-16-le"]),
    (Encoding::Utf16Be, &["utf-16be", "utf16be", "utf-16-be"]),
    (
        Encoding::Windows1258,
        &["windows-1258", "cp1258", "win1258", "windows1258"],
    ),
    (Encoding::Tcvn3, &["tcvn3", "abc", "tcvn", "vn3", "tcvn-3"]),
    (Encoding::Vni, &["vni", "vni-windows", "vni-win"]),
    (Encoding::Viscii, &["viscii"]),
];

impl Encoding {
    /// Every encoding, `Auto` first (e.g. for a CLI's list of possible values).
    ///
    /// ```
    /// let names: Vec<&str> = vnextract::Encoding::ALL.iter().map(|e| e.name()).collect();
    /// assert_eq!(names, ["auto", "utf-8", "utf-16le", "utf-16be", "windows-1258", "tcvn3", "vni", "viscii"]);
    /// ```
    pub const ALL: [Encoding; 8] = [
        Encoding::Auto,
        Encoding::Utf8,
        Encoding::Utf16Le,
        Encoding::Utf16Be,
        Encoding::Windows1258,
        Encoding::Tcvn3,
        Encoding::Vni,
        Encoding::Viscii,
    ];

    /// The canonical CLI name: `auto`, `utf-8`, `utf-16le`, `utf-16be`,
    /// `windows-1258`, `tcvn3`, `vni` or `viscii`.
    ///
    /// ```
    /// assert_eq!(vnextract::Encoding::Vni.name(), "vni");
    /// ```
    pub fn name(self) -> &'static str {
        ENCODING_NAMES
            .iter()
            .find(|(e, _)| *e == self)
            .map_or("auto", |(_, names)| names[0])
    }

    /// Parses a CLI name, case-insensitively: the canonical names plus the
    /// aliases `utf8`, `cp1258`, `abc`, `tcvn`, `vni-windows`, ...
    ///
    /// ```
    /// use vnextract::Encoding;
    /// assert_eq!(Encoding::from_name("ABC"), Some(Encoding::Tcvn3));
    /// assert_eq!(Encoding::from_name("latin-9"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Encoding> {
        let name = name.trim();
        ENCODING_NAMES
            .iter()
            .find(|(_, names)| names.iter().any(|n| n.eq_ignore_ascii_case(name)))
            .map(|(e, _)| *e)
    }
}

impl fmt::Display for Encoding {
    /// Writes [`Encoding::name`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An encoding name that [`Encoding::from_name`] does not know.
///
/// ```
/// let e = "koi8-r".parse::<vnextract::Encoding>().unwrap_err();
/// assert!(e.to_string().contains("tcvn3"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown encoding `{name}`; expected one of: auto, utf-8, utf-16le, utf-16be, \
     windows-1258 (cp1258), tcvn3 (abc), vni, viscii"
)]
pub struct UnknownEncoding {
    /// The name as given.
    pub name: String,
}

impl FromStr for Encoding {
    type Err = UnknownEncoding;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Encoding::from_name(s).ok_or_else(|| UnknownEncoding { name: s.to_owned() })
    }
}

/// Options for [`decode`].
///
/// ```
/// let o = vnextract::DecodeOptions::default();
/// assert!(!o.lossy);
/// assert_eq!(o.encoding, vnextract::Encoding::Auto);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DecodeOptions {
    /// The encoding to read, or `Auto` to detect it. An explicit encoding is
    /// used as is: no detection and no mojibake repair.
    pub encoding: Encoding,
    /// Replace undecodable bytes with U+FFFD (counted in
    /// [`Decoded::replacements`]) instead of failing.
    pub lossy: bool,
}

/// Decoded text and what was found out about it.
///
/// ```
/// let d = vnextract::decode(b"\xef\xbb\xbfabc", &Default::default()).unwrap();
/// assert_eq!(d.text, "abc");
/// assert!(d.had_bom);
/// assert_eq!(d.encoding, vnextract::Encoding::Utf8);
/// assert_eq!(d.confidence, 1.0);
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Decoded {
    /// The text (NFC when it came from a legacy encoding; UTF-8 and UTF-16
    /// input is kept exactly as written).
    pub text: String,
    /// The encoding the text was written in. For repaired mojibake this is
    /// the legacy encoding the text was first written in.
    pub encoding: Encoding,
    /// How sure the detection is, 0.0–1.0: 1.0 for a byte-order mark, an
    /// explicit encoding or valid UTF-8; for a detected legacy encoding or
    /// repaired mojibake, the fraction of the words with non-ASCII letters
    /// that read as well-formed Vietnamese syllables; for UTF-8 with replaced
    /// bytes (`lossy`), the fraction of chars decoded cleanly; for UTF-16
    /// without a byte-order mark, the fraction of printable chars.
    pub confidence: f32,
    /// How many U+FFFD replaced undecodable bytes (only with `lossy`).
    pub replacements: usize,
    /// Whether a byte-order mark was found (and dropped).
    pub had_bom: bool,
    /// Whether the input was valid UTF-8 holding legacy-encoded text that had
    /// been read as Windows-1252/Latin-1 (or UTF-8 read as Windows-1252), and
    /// was converted back.
    pub repaired_mojibake: bool,
}

impl Decoded {
    fn new(text: String, encoding: Encoding, confidence: f32) -> Decoded {
        Decoded {
            text,
            encoding,
            confidence,
            replacements: 0,
            had_bom: false,
            repaired_mojibake: false,
        }
    }
}

/// Why bytes could not be decoded.
///
/// Every variant names the byte offset. To get past it, name the right
/// encoding (`--encoding tcvn3|vni|viscii|windows-1258|utf-16le|utf-16be`,
/// [`DecodeOptions::encoding`]) when detection picked the wrong one, or pass
/// `--lossy` ([`DecodeOptions::lossy`]) to replace the bad bytes with U+FFFD.
///
/// ```
/// let e = vnextract::decode(b"ab\xff", &Default::default()).unwrap_err();
/// assert!(matches!(e, vnextract::DecodeError::InvalidUtf8 { offset: 2, .. }));
/// assert!(e.to_string().contains("byte offset 2"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// Not UTF-8 (and not recognisably a legacy Vietnamese encoding either).
    #[error(
        "invalid UTF-8 at byte offset {offset} ({}): expected {expected}; if the file is in a legacy \
         encoding pass --encoding tcvn3|vni|viscii|windows-1258, or pass --lossy to replace bad bytes",
        found_text(*.found)
    )]
    InvalidUtf8 {
        /// Where the invalid sequence starts.
        offset: usize,
        /// The byte there (`None` when the input ends inside a sequence).
        found: Option<u8>,
        /// What a decoder needed at that point.
        expected: &'static str,
    },
    /// Bad UTF-16: an odd number of bytes or an unpaired surrogate.
    #[error(
        "invalid {encoding} at byte offset {offset}: expected {expected}; pass --encoding to choose \
         another encoding or --lossy to replace bad code units"
    )]
    InvalidUtf16 {
        /// Where the bad code unit starts.
        offset: usize,
        /// [`Encoding::Utf16Le`] or [`Encoding::Utf16Be`].
        encoding: Encoding,
        /// What a decoder needed at that point.
        expected: &'static str,
    },
    /// A byte that the chosen single-byte encoding leaves unassigned.
    #[error(
        "byte 0x{byte:02X} at byte offset {offset} is not assigned in {encoding}: expected a byte of its \
         code chart; pass another --encoding, or --lossy to replace such bytes"
    )]
    Unassigned {
        /// Where the byte is.
        offset: usize,
        /// The byte.
        byte: u8,
        /// The encoding that was being read.
        encoding: Encoding,
    },
}

fn found_text(found: Option<u8>) -> String {
    match found {
        Some(b) => format!("found byte 0x{b:02X}"),
        None => "the input ends inside a multi-byte sequence".to_owned(),
    }
}

/// Decodes bytes to text (see the [module docs](self) for the detection).
///
/// ```
/// use vnextract::{decode, DecodeOptions, Encoding};
/// let d = decode("Hà Nội".as_bytes(), &DecodeOptions::default()).unwrap();
/// assert_eq!((d.text.as_str(), d.encoding), ("Hà Nội", Encoding::Utf8));
/// // VNI-Windows: "Ñoã Buøi" is Đỗ Bùi.
/// let d = decode(b"\xd1o\xe3 Bu\xf8i", &DecodeOptions { encoding: Encoding::Vni, lossy: false }).unwrap();
/// assert_eq!(d.text, "Đỗ Bùi");
/// // Lossy: the bad byte becomes U+FFFD and is counted.
/// let d = decode(b"a\xffb", &DecodeOptions { encoding: Encoding::Utf8, lossy: true }).unwrap();
/// assert_eq!((d.text.as_str(), d.replacements), ("a\u{FFFD}b", 1));
/// ```
pub fn decode(bytes: &[u8], options: &DecodeOptions) -> Result<Decoded, DecodeError> {
    match options.encoding {
        Encoding::Auto => decode_auto(bytes, options.lossy),
        encoding => decode_as(bytes, encoding, options.lossy),
    }
}

/// The text of [`decode`] alone, borrowed from `bytes` when they hold it
/// as it is (UTF-8 that needs no repair, the byte-order mark left out):
/// no copy of a large file in the common case.
///
/// ```
/// use std::borrow::Cow;
/// use vnextract::decode::decode_text;
/// let text = decode_text("Hà Nội".as_bytes(), &Default::default()).unwrap();
/// assert!(matches!(text, Cow::Borrowed("Hà Nội")));
/// let text = decode_text(b"\xef\xbb\xbfabc", &Default::default()).unwrap();
/// assert!(matches!(text, Cow::Borrowed("abc")));
/// // VNI-Windows: "Ñoã Buøi" is Đỗ Bùi.
/// let options = vnextract::DecodeOptions { encoding: vnextract::Encoding::Vni, lossy: false };
/// assert_eq!(decode_text(b"\xd1o\xe3 Bu\xf8i", &options).unwrap(), "Đỗ Bùi");
/// ```
pub fn decode_text<'a>(bytes: &'a [u8], options: &DecodeOptions) -> Result<Cow<'a, str>, DecodeError> {
    // The cases where `decode` copies valid UTF-8 as it is.
    let (body, had_bom) = strip_prefix(bytes, UTF8_BOM);
    let may_borrow = match options.encoding {
        Encoding::Utf8 => true,
        Encoding::Auto => {
            had_bom
                || !bytes.starts_with(UTF16LE_BOM)
                    && !bytes.starts_with(UTF16BE_BOM)
                    && sniff_utf16(bytes).is_none()
        }
        _ => false,
    };
    if may_borrow {
        if let Ok(text) = simdutf8::basic::from_utf8(body) {
            if options.encoding == Encoding::Utf8 || !looks_like_mojibake(text) {
                return Ok(Cow::Borrowed(text));
            }
        }
    }
    decode(bytes, options).map(|d| Cow::Owned(d.text))
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const UTF16LE_BOM: &[u8] = b"\xFF\xFE";
const UTF16BE_BOM: &[u8] = b"\xFE\xFF";

/// Decodes with a known encoding, no detection.
fn decode_as(bytes: &[u8], encoding: Encoding, lossy: bool) -> Result<Decoded, DecodeError> {
    match encoding {
        Encoding::Auto => decode_auto(bytes, lossy),
        Encoding::Utf8 => {
            let (body, had_bom) = strip_prefix(bytes, UTF8_BOM);
            let mut d = decode_utf8(body, lossy).map_err(|e| shift_offset(e, bytes.len() - body.len()))?;
            d.had_bom = had_bom;
            Ok(d)
        }
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let bom = if encoding == Encoding::Utf16Le {
                UTF16LE_BOM
            } else {
                UTF16BE_BOM
            };
            let (body, had_bom) = strip_prefix(bytes, bom);
            let mut d =
                decode_utf16(body, encoding, lossy).map_err(|e| shift_offset(e, bytes.len() - body.len()))?;
            d.had_bom = had_bom;
            Ok(d)
        }
        Encoding::Windows1258 | Encoding::Tcvn3 | Encoding::Vni | Encoding::Viscii => {
            let (text, replacements) = decode_legacy(bytes, encoding, lossy)?;
            let mut d = Decoded::new(text, encoding, 1.0);
            d.replacements = replacements;
            Ok(d)
        }
    }
}

fn strip_prefix<'a>(bytes: &'a [u8], prefix: &[u8]) -> (&'a [u8], bool) {
    match bytes.strip_prefix(prefix) {
        Some(rest) => (rest, true),
        None => (bytes, false),
    }
}

fn shift_offset(error: DecodeError, by: usize) -> DecodeError {
    match error {
        DecodeError::InvalidUtf8 {
            offset,
            found,
            expected,
        } => DecodeError::InvalidUtf8 {
            offset: offset + by,
            found,
            expected,
        },
        DecodeError::InvalidUtf16 {
            offset,
            encoding,
            expected,
        } => DecodeError::InvalidUtf16 {
            offset: offset + by,
            encoding,
            expected,
        },
        DecodeError::Unassigned {
            offset,
            byte,
            encoding,
        } => DecodeError::Unassigned {
            offset: offset + by,
            byte,
            encoding,
        },
    }
}

fn decode_auto(bytes: &[u8], lossy: bool) -> Result<Decoded, DecodeError> {
    if bytes.starts_with(UTF8_BOM) {
        let body = &bytes[UTF8_BOM.len()..];
        let mut d = match simdutf8::basic::from_utf8(body) {
            // Notepad adds a BOM when it saves mojibake, so check for it here too.
            Ok(text) => repair_or_copy(text),
            Err(_) => decode_utf8(body, lossy).map_err(|e| shift_offset(e, UTF8_BOM.len()))?,
        };
        d.had_bom = true;
        return Ok(d);
    }
    if bytes.starts_with(UTF16LE_BOM) {
        return decode_as(bytes, Encoding::Utf16Le, lossy);
    }
    if bytes.starts_with(UTF16BE_BOM) {
        return decode_as(bytes, Encoding::Utf16Be, lossy);
    }
    if let Some(encoding) = sniff_utf16(bytes) {
        let mut d = decode_utf16(bytes, encoding, lossy)?;
        d.confidence = printable_fraction(&d.text);
        return Ok(d);
    }
    // SIMD validation: the common case must cost little more than the copy.
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Ok(repair_or_copy(text)),
        Err(_) => detect_legacy(bytes, lossy),
    }
}

// ---------------------------------------------------------------- UTF-8 / UTF-16

fn decode_utf8(bytes: &[u8], lossy: bool) -> Result<Decoded, DecodeError> {
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Ok(Decoded::new(text.to_owned(), Encoding::Utf8, 1.0));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Decoded::new(text.to_owned(), Encoding::Utf8, 1.0)),
        Err(error) if !lossy => Err(utf8_error(bytes, &error)),
        Err(_) => {
            let mut text = String::with_capacity(bytes.len() + 16);
            let mut replacements = 0;
            for chunk in bytes.utf8_chunks() {
                text.push_str(chunk.valid());
                if !chunk.invalid().is_empty() {
                    text.push('\u{FFFD}');
                    replacements += 1;
                }
            }
            let mut d = Decoded::new(text, Encoding::Utf8, 1.0);
            d.replacements = replacements;
            Ok(d)
        }
    }
}

fn utf8_error(bytes: &[u8], error: &std::str::Utf8Error) -> DecodeError {
    let offset = error.valid_up_to();
    let found = bytes.get(offset).copied();
    let expected = match (error.error_len(), found) {
        (None, _) => "the rest of the multi-byte sequence",
        (Some(_), Some(0x80..=0xBF)) => {
            "the first byte of a character (0x00-0x7F or 0xC2-0xF4), not a continuation byte"
        }
        (Some(_), Some(0xC0 | 0xC1 | 0xF5..=0xFF)) => {
            "the first byte of a character (0x00-0x7F or 0xC2-0xF4); this byte never occurs in UTF-8"
        }
        (Some(_), _) => "continuation bytes (0x80-0xBF) after this lead byte, forming a valid character",
    };
    DecodeError::InvalidUtf8 {
        offset,
        found,
        expected,
    }
}

fn decode_utf16(bytes: &[u8], encoding: Encoding, lossy: bool) -> Result<Decoded, DecodeError> {
    let big_endian = encoding == Encoding::Utf16Be;
    let units = bytes.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if big_endian {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    });
    let mut text = String::with_capacity(bytes.len());
    let mut replacements = 0;
    let mut unit_index = 0usize;
    for item in char::decode_utf16(units) {
        match item {
            Ok(c) => {
                text.push(c);
                unit_index += c.len_utf16();
            }
            Err(error) => {
                if !lossy {
                    let expected = if (0xD800..0xDC00).contains(&error.unpaired_surrogate()) {
                        "a low surrogate (DC00-DFFF) after this high surrogate"
                    } else {
                        "a high surrogate (D800-DBFF) before this low surrogate"
                    };
                    return Err(DecodeError::InvalidUtf16 {
                        offset: unit_index * 2,
                        encoding,
                        expected,
                    });
                }
                text.push('\u{FFFD}');
                replacements += 1;
                unit_index += 1;
            }
        }
    }
    if bytes.len() % 2 == 1 {
        if !lossy {
            return Err(DecodeError::InvalidUtf16 {
                offset: bytes.len() - 1,
                encoding,
                expected: "a second byte: UTF-16 has an even number of bytes",
            });
        }
        text.push('\u{FFFD}');
        replacements += 1;
    }
    let mut d = Decoded::new(text, encoding, 1.0);
    d.replacements = replacements;
    Ok(d)
}

/// UTF-16 without a byte-order mark: text is mostly ASCII and spaces, so one
/// byte of most code units is NUL, always on the same side.
fn sniff_utf16(bytes: &[u8]) -> Option<Encoding> {
    let sample = &bytes[..bytes.len().min(8192) & !1];
    let units = sample.len() / 2;
    // Text with no zero byte (nearly all of it) is not UTF-16: one SIMD scan
    // instead of counting the two halves byte by byte.
    if units < 2 || memchr::memchr(0, sample).is_none() {
        return None;
    }
    let even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = sample.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let strong = |n: usize| n * 10 >= units * 3;
    let rare = |n: usize| n * 20 <= units;
    if strong(odd) && rare(even) {
        Some(Encoding::Utf16Le)
    } else if strong(even) && rare(odd) {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

fn printable_fraction(text: &str) -> f32 {
    let mut total = 0usize;
    let mut printable = 0usize;
    for c in text.chars().take(4096) {
        total += 1;
        if !c.is_control() || matches!(c, '\n' | '\r' | '\t') {
            printable += 1;
        }
    }
    if total == 0 {
        1.0
    } else {
        printable as f32 / total as f32
    }
}

// ---------------------------------------------------------------- legacy tables

/// What one byte of a single-byte encoding stands for: up to two chars (a VNI
/// tone byte can carry a quality mark and a tone mark); `len == 0` = unassigned.
#[derive(Clone, Copy, Debug)]
struct ByteMapping {
    chars: [char; 2],
    len: u8,
}

impl ByteMapping {
    const UNASSIGNED: ByteMapping = ByteMapping {
        chars: ['\0'; 2],
        len: 0,
    };

    fn one(c: char) -> ByteMapping {
        ByteMapping {
            chars: [c, '\0'],
            len: 1,
        }
    }

    fn chars(&self) -> &[char] {
        &self.chars[..self.len as usize]
    }
}

struct ByteTable {
    map: [ByteMapping; 256],
}

static TCVN3: LazyLock<ByteTable> =
    LazyLock::new(|| build_table(include_str!("../data/encodings/tcvn3.tsv"), true));
static VNI: LazyLock<ByteTable> =
    LazyLock::new(|| build_table(include_str!("../data/encodings/vni.tsv"), true));
static VISCII: LazyLock<ByteTable> =
    LazyLock::new(|| build_table(include_str!("../data/encodings/viscii.tsv"), false));

/// ASCII, then (for the fonts that kept Windows' punctuation in 0x80–0xFF)
/// Windows-1252 for every position the chart leaves free, then the chart.
fn build_table(tsv: &str, windows_1252_fallback: bool) -> ByteTable {
    let mut map = [ByteMapping::UNASSIGNED; 256];
    for (byte, slot) in map.iter_mut().enumerate().take(0x80) {
        *slot = ByteMapping::one(char::from(byte as u8));
    }
    if windows_1252_fallback {
        for (byte, slot) in map.iter_mut().enumerate().skip(0x80) {
            if let Some(c) = windows_1252_char(byte as u8) {
                *slot = ByteMapping::one(c);
            }
        }
    }
    for line in tsv
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let mut fields = line.split('\t');
        let bytes = fields.next().unwrap_or_default();
        let scalars = fields.next().unwrap_or_default();
        let byte = u8::from_str_radix(bytes.trim(), 16)
            .unwrap_or_else(|_| panic!("encoding table: bad byte `{bytes}` in `{line}`"));
        let mut mapping = ByteMapping::UNASSIGNED;
        for scalar in scalars.split_whitespace() {
            let c = scalar
                .strip_prefix("U+")
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .and_then(char::from_u32)
                .unwrap_or_else(|| panic!("encoding table: bad scalar `{scalar}` in `{line}`"));
            assert!(
                mapping.len < 2,
                "encoding table: more than two scalars in `{line}`"
            );
            mapping.chars[mapping.len as usize] = c;
            mapping.len += 1;
        }
        map[byte as usize] = mapping;
    }
    ByteTable { map }
}

/// The char Windows-1252 assigns to `byte`; `None` for its five holes, which
/// WHATWG (and so encoding_rs) fills with C1 controls.
fn windows_1252_char(byte: u8) -> Option<char> {
    let bytes = [byte];
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
    let c = text.chars().next()?;
    (!('\u{80}'..='\u{9F}').contains(&c)).then_some(c)
}

fn table(encoding: Encoding) -> Option<&'static ByteTable> {
    match encoding {
        Encoding::Tcvn3 => Some(&TCVN3),
        Encoding::Vni => Some(&VNI),
        Encoding::Viscii => Some(&VISCII),
        _ => None,
    }
}

/// Decodes a single-byte encoding to NFC; returns the text and the number of
/// replacements made (always 0 unless `lossy`).
fn decode_legacy(bytes: &[u8], encoding: Encoding, lossy: bool) -> Result<(String, usize), DecodeError> {
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut replacements = 0;
    let mut unassigned = |offset: usize, byte: u8, text: &mut String| {
        if lossy {
            text.push('\u{FFFD}');
            replacements += 1;
            Ok(())
        } else {
            Err(DecodeError::Unassigned {
                offset,
                byte,
                encoding,
            })
        }
    };
    if let Some(table) = table(encoding) {
        // Printable ASCII and line breaks are the same in every chart: copy runs of them.
        let plain = |b: u8| (0x20..0x80).contains(&b) || matches!(b, b'\n' | b'\r' | b'\t');
        let mut offset = 0;
        while offset < bytes.len() {
            let run = bytes[offset..]
                .iter()
                .position(|&b| !plain(b))
                .unwrap_or(bytes.len() - offset);
            if run > 0 {
                text.push_str(std::str::from_utf8(&bytes[offset..offset + run]).unwrap_or_default());
                offset += run;
                continue;
            }
            let byte = bytes[offset];
            let mapping = &table.map[byte as usize];
            if mapping.len == 0 {
                unassigned(offset, byte, &mut text)?;
            } else {
                text.extend(mapping.chars());
            }
            offset += 1;
        }
    } else {
        // Windows-1258: encoding_rs maps every byte; its C1 controls mark the holes.
        let (decoded, _) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(bytes);
        for (offset, c) in decoded.chars().enumerate() {
            if ('\u{80}'..='\u{9F}').contains(&c) {
                unassigned(offset, bytes[offset], &mut text)?;
            } else {
                text.push(c);
            }
        }
    }
    let mut text = if text.chars().any(is_combining_mark) {
        text.nfc().collect()
    } else {
        text
    };
    if encoding == Encoding::Tcvn3 {
        text = tcvn3_capitalize_words(text);
    }
    Ok((text, replacements))
}

fn is_combining_mark(c: char) -> bool {
    ('\u{300}'..='\u{36F}').contains(&c)
}

/// TCVN3 has no toned capitals: headings were typed in an all-capitals font
/// (`.VnTimeH`) with the small-letter codes, so such a word arrives as `HàNH`.
/// A word with no small ASCII letter but a small Vietnamese one is upper-cased
/// when it has two or more capitals, or when its line is a heading (mostly
/// such all-capital words), which also catches `Bộ` in `ĐẢNG Bộ TỈNH`.
fn tcvn3_capitalize_words(text: String) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        capitalize_heading_words(line, &mut out);
    }
    out
}

/// The case pattern of one word.
struct WordShape {
    small_ascii: bool,
    small_vietnamese: bool,
    capitals: usize,
}

fn word_shape(word: &str) -> WordShape {
    let mut shape = WordShape {
        small_ascii: false,
        small_vietnamese: false,
        capitals: 0,
    };
    for c in word.chars() {
        if c.is_ascii_lowercase() {
            shape.small_ascii = true;
        } else if c.is_uppercase() {
            shape.capitals += 1;
        } else if c.is_lowercase() {
            shape.small_vietnamese = true;
        }
    }
    shape
}

/// Byte ranges of the words of `line`, split at ASCII whitespace and
/// punctuation (a cheap byte scan: most words are rejected by their first
/// small ASCII letter before any Unicode property is looked up).
fn word_ranges(line: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let bytes = line.as_bytes();
    let is_separator = |b: u8| b.is_ascii_whitespace() || b.is_ascii_punctuation();
    let mut pos = 0;
    std::iter::from_fn(move || {
        while pos < bytes.len() && is_separator(bytes[pos]) {
            pos += 1;
        }
        if pos == bytes.len() {
            return None;
        }
        let start = pos;
        while pos < bytes.len() && !is_separator(bytes[pos]) {
            pos += 1;
        }
        Some(start..pos)
    })
}

fn capitalize_heading_words(line: &str, out: &mut String) {
    let has_small_ascii = |word: &str| word.bytes().any(|b| b.is_ascii_lowercase());
    let (mut all_capitals, mut small) = (0usize, 0usize);
    for range in word_ranges(line) {
        let word = &line[range];
        if has_small_ascii(word) {
            small += 1;
        } else if word_shape(word).capitals >= 2 {
            all_capitals += 1;
        }
    }
    if all_capitals == 0 && small > 0 {
        // Nothing can need a fix: no word has two capitals and the line is no heading.
        out.push_str(line);
        return;
    }
    let heading = all_capitals >= 2 && all_capitals >= 3 * small;
    let mut copied = 0;
    for range in word_ranges(line) {
        let word = &line[range.clone()];
        if has_small_ascii(word) {
            continue;
        }
        let shape = word_shape(word);
        if shape.small_vietnamese && (shape.capitals >= 2 || heading) {
            out.push_str(&line[copied..range.start]);
            out.extend(word.chars().flat_map(char::to_uppercase));
            copied = range.end;
        }
    }
    out.push_str(&line[copied..]);
}

// ---------------------------------------------------------------- detection

/// The legacy encodings tried when the bytes are not UTF-8, most common first
/// (the order breaks ties).
const LEGACY: [Encoding; 4] = [
    Encoding::Tcvn3,
    Encoding::Vni,
    Encoding::Windows1258,
    Encoding::Viscii,
];

/// Detection reads at most this many bytes.
const SAMPLE_BYTES: usize = 64 * 1024;

/// A legacy encoding is taken when at least this fraction of the scored
/// words are well-formed syllables...
const LEGACY_MIN_SCORE: f32 = 0.6;
/// ...and at least this many are.
const LEGACY_MIN_VALID: usize = 2;

fn sample(bytes: &[u8]) -> &[u8] {
    if bytes.len() <= SAMPLE_BYTES {
        return bytes;
    }
    // Cut at ASCII whitespace so no VNI base/tone pair or UTF-8 sequence is split.
    let head = &bytes[..SAMPLE_BYTES];
    let cut = head
        .iter()
        .rposition(|b| b.is_ascii_whitespace())
        .unwrap_or(SAMPLE_BYTES);
    &bytes[..cut]
}

fn detect_legacy(bytes: &[u8], lossy: bool) -> Result<Decoded, DecodeError> {
    let head = sample(bytes);
    let utf8_score = syllable_score(&String::from_utf8_lossy(head));
    let mut best: Option<(Encoding, SyllableScore)> = None;
    for encoding in LEGACY {
        let Ok((text, _)) = decode_legacy(head, encoding, true) else {
            continue;
        };
        let score = syllable_score(&text);
        if best.is_none_or(|(_, b)| score.better_than(&b)) {
            best = Some((encoding, score));
        }
    }
    if let Some((encoding, score)) = best {
        if score.valid >= LEGACY_MIN_VALID
            && score.fraction() >= LEGACY_MIN_SCORE
            && score.better_than(&utf8_score)
        {
            let (text, replacements) = decode_legacy(bytes, encoding, lossy)?;
            let mut d = Decoded::new(text, encoding, score.fraction());
            d.replacements = replacements;
            return Ok(d);
        }
    }
    // Not a legacy encoding we can recognise: report (or replace) the UTF-8 errors.
    let mut d = decode_utf8(bytes, lossy)?;
    let chars = d.text.chars().count().max(1);
    d.confidence = 1.0 - d.replacements as f32 / chars as f32;
    Ok(d)
}

// ---------------------------------------------------------------- mojibake

/// Vietnamese-only letters (ư ơ ă đ ĩ ũ, U+1EA0–U+1EF9, combining tone marks)
/// beyond this count mean real Vietnamese Unicode: never repaired.
const MOJIBAKE_MAX_VIETNAMESE: usize = 16;
/// Repair only when at least this many words turn from malformed to well-formed...
const MOJIBAKE_MIN_FIXED: usize = 2;
/// ...at least four times as many as turn from well-formed to malformed...
const MOJIBAKE_FIXED_PER_BROKEN: usize = 4;
/// ...and the repaired words read at least this well.
const MOJIBAKE_MIN_SCORE_AFTER: f32 = 0.8;

/// Valid UTF-8: one copy, unless it is mojibake to repair.
fn repair_or_copy(text: &str) -> Decoded {
    if looks_like_mojibake(text) {
        if let Some(d) = repair_mojibake(text) {
            return d;
        }
    }
    Decoded::new(text.to_owned(), Encoding::Utf8, 1.0)
}

/// Cheap gate: mojibake consists of ASCII, Latin-1 and the Windows-1252
/// punctuation only; real Vietnamese always has letters outside those.
fn looks_like_mojibake(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut vietnamese = 0usize;
    let mut latin = 0usize;
    let mut pos = 0;
    while let Some(skip) = bytes[pos..].iter().position(|&b| b >= 0x80) {
        pos += skip;
        let c = text[pos..].chars().next().unwrap_or(' ');
        pos += c.len_utf8();
        if (c as u32) < 0x100 || windows_1252_byte(c).is_some() {
            latin += 1;
        } else if is_vietnamese_only(c) {
            vietnamese += 1;
            if vietnamese > MOJIBAKE_MAX_VIETNAMESE {
                return false;
            }
        }
    }
    latin >= 2 && vietnamese * 100 <= latin
}

fn is_vietnamese_only(c: char) -> bool {
    matches!(c as u32, 0x100..=0x1FF | 0x300..=0x36F | 0x1EA0..=0x1EFF)
}

/// The byte Windows-1252 writes as `c`, for its 0x80–0x9F punctuation.
fn windows_1252_byte(c: char) -> Option<u8> {
    static INVERSE: LazyLock<HashMap<char, u8>> = LazyLock::new(|| {
        (0x80u8..=0x9F)
            .filter_map(|b| windows_1252_char(b).map(|c| (c, b)))
            .collect()
    });
    INVERSE.get(&c).copied()
}

/// The byte a Windows-1252 (or Latin-1) reading turned into `c`.
fn mojibake_byte(c: char) -> Option<u8> {
    u8::try_from(c as u32).ok().or_else(|| windows_1252_byte(c))
}

/// Turns `text` back into the bytes it was read from and decodes them with
/// `encoding` (chars with no such byte pass through); lossy.
fn redecode(text: &str, encoding: Encoding) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = Vec::new();
    let flush = |run: &mut Vec<u8>, out: &mut String| {
        if run.is_empty() {
            return;
        }
        if encoding == Encoding::Utf8 {
            out.push_str(&String::from_utf8_lossy(run));
        } else if let Ok((decoded, _)) = decode_legacy(run, encoding, true) {
            out.push_str(&decoded);
        }
        run.clear();
    };
    for c in text.chars() {
        match mojibake_byte(c) {
            Some(b) => run.push(b),
            None => {
                flush(&mut run, &mut out);
                out.push(c);
            }
        }
    }
    flush(&mut run, &mut out);
    out
}

fn repair_mojibake(text: &str) -> Option<Decoded> {
    let head = &text[..floor_char_boundary(text, SAMPLE_BYTES)];
    // The words that could be mojibake: non-ASCII, with a letter (a lone `·` or
    // `–` is punctuation, whatever a legacy chart would make of it).
    let candidates: Vec<&str> = words(head)
        .filter(|w| !w.is_ascii() && w.chars().any(char::is_alphabetic))
        .collect();
    let mut letters = String::new();
    let valid_before: Vec<bool> = candidates.iter().map(|w| is_syllable(w, &mut letters)).collect();
    let mut best: Option<(Encoding, usize, usize, usize)> = None;
    for encoding in LEGACY.into_iter().chain([Encoding::Utf8]) {
        let (mut valid, mut fixed, mut broken) = (0, 0, 0);
        for (word, was_valid) in candidates.iter().zip(&valid_before) {
            let is_valid = is_syllable(&redecode(word, encoding), &mut letters);
            valid += usize::from(is_valid);
            fixed += usize::from(is_valid && !was_valid);
            broken += usize::from(!is_valid && *was_valid);
        }
        if best.is_none_or(|(_, best_valid, ..)| valid > best_valid) {
            best = Some((encoding, valid, fixed, broken));
        }
    }
    let (encoding, valid, fixed, broken) = best?;
    let score = SyllableScore {
        scored: candidates.len(),
        valid,
    };
    let accept = fixed >= MOJIBAKE_MIN_FIXED
        && fixed >= MOJIBAKE_FIXED_PER_BROKEN * broken
        && score.fraction() >= MOJIBAKE_MIN_SCORE_AFTER;
    if !accept {
        return None;
    }
    let mut text = redecode(text, encoding);
    if encoding == Encoding::Utf8 && text.chars().any(is_combining_mark) {
        text = text.nfc().collect();
    }
    let mut d = Decoded::new(text, encoding, score.fraction());
    d.repaired_mojibake = true;
    Some(d)
}

fn floor_char_boundary(text: &str, index: usize) -> usize {
    if index >= text.len() {
        return text.len();
    }
    (0..=index).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0)
}

// ---------------------------------------------------------------- syllables

/// How many words with non-ASCII letters a text has, and how many of them are
/// well-formed Vietnamese syllables.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct SyllableScore {
    scored: usize,
    valid: usize,
}

impl SyllableScore {
    fn fraction(&self) -> f32 {
        if self.scored == 0 {
            0.0
        } else {
            self.valid as f32 / self.scored as f32
        }
    }

    fn better_than(&self, other: &SyllableScore) -> bool {
        let (a, b) = (self.fraction(), other.fraction());
        a > b || (a == b && self.valid > other.valid)
    }
}

struct Syllables {
    /// Onsets, longest first, ending with the empty onset.
    onsets: Vec<&'static str>,
    rhymes: HashSet<&'static str>,
    /// Toned vowel → (the vowel without tone, tone 1–5).
    toned: HashMap<char, (char, u8)>,
}

static SYLLABLES: LazyLock<Syllables> = LazyLock::new(|| {
    let mut onsets = vec![""];
    let mut rhymes = HashSet::new();
    for line in include_str!("../data/encodings/syllables.tsv").lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        match line.split_once('\t') {
            Some(("onset", onset)) => onsets.push(onset.trim()),
            Some(("rhyme", rhyme)) => {
                rhymes.insert(rhyme.trim());
            }
            _ => panic!("syllables.tsv: bad line `{line}`"),
        }
    }
    onsets.sort_by_key(|o| std::cmp::Reverse(o.len()));
    // Sắc, huyền, hỏi, ngã, nặng.
    let tone_marks = ['\u{301}', '\u{300}', '\u{309}', '\u{303}', '\u{323}'];
    let mut toned = HashMap::new();
    for vowel in "aăâeêioôơuưy".chars() {
        for (tone, mark) in tone_marks.iter().enumerate() {
            let composed: String = [vowel, *mark].iter().collect::<String>().nfc().collect();
            let mut chars = composed.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                toned.insert(c, (vowel, tone as u8 + 1));
            }
        }
    }
    Syllables {
        onsets,
        rhymes,
        toned,
    }
});

/// The words of `text`: split at whitespace and ASCII punctuation, with
/// general punctuation (U+2000–U+206F: curly quotes, dashes) trimmed from their
/// ends. Latin-1 symbols such as `¶` stay inside the word they spoil: in
/// legacy text read as Latin-1 they are letters.
fn words(text: &str) -> impl Iterator<Item = &str> {
    let is_general_punctuation = |c: char| ('\u{2000}'..='\u{206F}').contains(&c);
    text.split(|c: char| c.is_whitespace() || c.is_ascii_punctuation())
        .map(move |w| w.trim_matches(is_general_punctuation))
        .filter(|w| !w.is_empty())
}

/// Scores the words of `text` that contain a non-ASCII char.
fn syllable_score(text: &str) -> SyllableScore {
    let mut score = SyllableScore::default();
    let mut letters = String::new();
    for word in words(text).filter(|w| !w.is_ascii()) {
        score.scored += 1;
        if is_syllable(word, &mut letters) {
            score.valid += 1;
        }
    }
    score
}

/// Whether `word` is one well-formed Vietnamese syllable (any case).
fn is_syllable(word: &str, letters: &mut String) -> bool {
    if word.chars().any(is_combining_mark) {
        // Decomposed (NFD) input: compose first, the table holds NFC letters.
        let composed: String = word.nfc().collect();
        return !composed.chars().any(is_combining_mark) && is_syllable(&composed, letters);
    }
    let syllables = &*SYLLABLES;
    letters.clear();
    let mut tone = 0u8;
    for c in word.chars() {
        let c = c.to_lowercase().next().unwrap_or(c);
        if c.is_ascii_lowercase() || matches!(c, 'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư' | 'đ') {
            letters.push(c);
        } else if let Some(&(vowel, t)) = syllables.toned.get(&c) {
            if tone != 0 {
                return false;
            }
            tone = t;
            letters.push(vowel);
        } else {
            return false;
        }
    }
    let letters = letters.as_str();
    // Stopped rhymes (-c -ch -p -t) take only sắc (1) or nặng (5).
    let stopped = letters.ends_with(['c', 'p', 't']) || letters.ends_with("ch");
    if stopped && !matches!(tone, 1 | 5) {
        return false;
    }
    syllables
        .onsets
        .iter()
        .filter_map(|onset| letters.strip_prefix(onset))
        .any(|rhyme| syllables.rhymes.contains(rhyme))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `decode_text` gives the text of `decode`, borrowing exactly when it
    /// can: plain UTF-8 (after a byte-order mark) that is not mojibake.
    #[test]
    fn decode_text_is_the_text_of_decode() {
        // VNI-Windows read as Windows-1252: "Đỗ Bùi Dương".
        let mojibake = "Ñoã Buøi Döông";
        let utf16: Vec<u8> = "Hà Nội".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let inputs: [&[u8]; 8] = [
            "Hà Nội".as_bytes(),
            b"\xef\xbb\xbfH\xc3\xa0",
            b"",
            mojibake.as_bytes(),
            &utf16,
            b"\xd1o\xe3 Bu\xf8i Th\xf6\xf4\xf9c",
            b"ab\xff",
            b"\xff\xfeH\x00a\x00",
        ];
        assert!(
            decode(mojibake.as_bytes(), &DecodeOptions::default())
                .unwrap()
                .repaired_mojibake
        );
        for bytes in inputs {
            for encoding in [Encoding::Auto, Encoding::Utf8, Encoding::Vni, Encoding::Utf16Le] {
                for lossy in [false, true] {
                    let options = DecodeOptions { encoding, lossy };
                    let text = decode_text(bytes, &options);
                    let expected = decode(bytes, &options).map(|d| d.text);
                    assert_eq!(
                        text.as_deref().map_err(Clone::clone),
                        expected.as_deref().map_err(Clone::clone)
                    );
                    let borrowed = matches!(text, Ok(Cow::Borrowed(_)));
                    // An explicit UTF-8 is not repaired.
                    let repaired = encoding == Encoding::Auto && bytes == mojibake.as_bytes();
                    let plain = matches!(encoding, Encoding::Auto | Encoding::Utf8)
                        && std::str::from_utf8(bytes).is_ok()
                        && !repaired;
                    assert_eq!(borrowed, plain, "{bytes:?} {encoding:?}");
                }
            }
        }
    }

    #[test]
    fn syllables_accept_vietnamese_and_reject_noise() {
        let mut buf = String::new();
        for good in [
            "Nghiêng",
            "quốc",
            "giữ",
            "giếng",
            "khuỷu",
            "Đường",
            "NGUYỄN",
            "hoạch",
            "gì",
            "ở",
        ] {
            assert!(is_syllable(good, &mut buf), "{good}");
        }
        for bad in ["H¶i", "Buøi", "Döông", "néi", "cát̀", "ánh̃", "hàt", "xyz"] {
            assert!(!is_syllable(bad, &mut buf), "{bad}");
        }
    }

    #[test]
    fn tables_have_the_chart_positions() {
        assert_eq!(TCVN3.map[0xB5].chars(), ['à']);
        assert_eq!(TCVN3.map[0xAE].chars(), ['đ']);
        assert_eq!(TCVN3.map[0x93].chars(), ['\u{201C}']);
        assert_eq!(TCVN3.map[0x81].len, 0);
        assert_eq!(VNI.map[0xE1].chars(), ['\u{302}', '\u{301}']);
        assert_eq!(VISCII.map[0x02].chars(), ['Ẳ']);
    }

    #[test]
    fn capitals_fix_only_heading_words() {
        assert_eq!(
            tcvn3_capitalize_words("HàNH CHíNH Hà Nội".into()),
            "HÀNH CHÍNH Hà Nội"
        );
        assert_eq!(tcvn3_capitalize_words("ĐIềU 1.".into()), "ĐIỀU 1.");
    }

    #[test]
    fn utf16_sniffing_needs_a_clear_nul_pattern() {
        assert_eq!(sniff_utf16(b"a\0b\0c\0"), Some(Encoding::Utf16Le));
        assert_eq!(sniff_utf16(b"\0a\0b\0c"), Some(Encoding::Utf16Be));
        assert_eq!(sniff_utf16(b"abcdef"), None);
    }

    #[test]
    fn mojibake_gate_lets_real_vietnamese_through() {
        assert!(!looks_like_mojibake(
            "Thủ tướng Phạm Minh Chính chủ trì cuộc họp về đường sắt"
        ));
        assert!(looks_like_mojibake("Ñoã Buøi Döông"));
    }
}
