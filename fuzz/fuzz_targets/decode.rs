//! `decode` on arbitrary bytes, in every encoding, strict and lossy: never a
//! panic; lossy decoding always succeeds; a strict error names an offset
//! inside the input; valid UTF-8 read as UTF-8 comes back unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vnextract::{decode, DecodeError, DecodeOptions, Encoding};

const ENCODINGS: [Encoding; 8] = [
    Encoding::Auto,
    Encoding::Utf8,
    Encoding::Utf16Le,
    Encoding::Utf16Be,
    Encoding::Windows1258,
    Encoding::Tcvn3,
    Encoding::Vni,
    Encoding::Viscii,
];

fuzz_target!(|bytes: &[u8]| {
    for encoding in ENCODINGS {
        for lossy in [false, true] {
            match decode(bytes, &DecodeOptions { encoding, lossy }) {
                Ok(decoded) => {
                    assert!((0.0..=1.0).contains(&decoded.confidence), "{}", decoded.confidence);
                    if !lossy {
                        assert_eq!(decoded.replacements, 0);
                    }
                }
                Err(error) => {
                    assert!(!lossy, "lossy {encoding:?} failed: {error}");
                    let offset = match error {
                        DecodeError::InvalidUtf8 { offset, .. }
                        | DecodeError::InvalidUtf16 { offset, .. }
                        | DecodeError::Unassigned { offset, .. } => offset,
                        _ => 0,
                    };
                    assert!(offset <= bytes.len(), "offset {offset} past {} bytes", bytes.len());
                    assert!(!error.to_string().is_empty());
                }
            }
        }
    }
    // Valid UTF-8 always reads back as itself under an explicit UTF-8.
    if let Ok(text) = std::str::from_utf8(bytes) {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let decoded = decode(bytes, &DecodeOptions { encoding: Encoding::Utf8, lossy: false }).unwrap();
        assert_eq!(decoded.text, text);
    }
});
