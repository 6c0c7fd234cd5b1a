//! Property tests of `normalize`: no panic, idempotence in every tone mode,
//! NFC output, and an offset map that is monotone, on char boundaries and
//! maps the whole text to the whole input.

use proptest::prelude::*;
use unicode_normalization::is_nfc;
use vnextract::{normalize, NormalizeOptions, Normalized, TonePlacement};

const MODES: [TonePlacement; 3] = [
    TonePlacement::Keep,
    TonePlacement::Modern,
    TonePlacement::Traditional,
];

/// Pieces that exercise every rule, glued in random order.
const PIECES: &[&str] = &[
    "a",
    "o",
    "u",
    "y",
    "i",
    "e",
    "h",
    "ng",
    "q",
    "g",
    "th",
    "b",
    "Đ",
    "đ",
    "Ð",
    "ð",
    "à",
    "ả",
    "ạ",
    "ỏ",
    "ự",
    "ơ",
    "ị",
    "ê",
    "ỷ",
    "Ủ",
    "hoà",
    "hòa",
    "thuỷ",
    "baỏ",
    "lựơng",
    "nghịêm",
    "người",
    "quý",
    "gì",
    "\u{300}",
    "\u{301}",
    "\u{303}",
    "\u{309}",
    "\u{323}",
    "\u{302}",
    "\u{306}",
    "\u{31b}",
    "\u{338}",
    " ",
    "  ",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "\u{a0}",
    "\u{2003}",
    "\u{200b}",
    "\u{200d}",
    "\u{feff}",
    "\u{ad}",
    "\u{2013}",
    "\u{2212}",
    "\u{201c}",
    "\u{2019}",
    "\u{2028}",
    "<",
    ">",
    "=",
    "/",
    "<b>",
    "</b>",
    "<br>",
    "<p class=\"x\">",
    "&",
    ";",
    "#",
    "amp",
    "&amp;",
    "&lt;",
    "&nbsp;",
    "&#7843;",
    "&#769;",
    "&#x1EA1;",
    "TN&MT;",
    "&quot;",
    "1",
    "9",
    ".",
    ",",
    "-",
    "A",
    "Z",
    "x",
    "ç",
    "\u{1100}",
    "\u{1161}",
    "\u{212b}",
    "\u{37e}",
    "\u{fb01}",
    "\u{1f600}",
];

fn pieces() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..24).prop_map(|v| v.concat())
}

/// Normalizing the pieces of `vnextract::normalize::pieces` one by one
/// gives the whole text's normalization, in every tone placement.
fn check_pieces(input: &str, target: usize) -> Result<(), TestCaseError> {
    let parts: Vec<&str> = vnextract::normalize::pieces(input, target).collect();
    prop_assert_eq!(parts.concat(), input);
    for tone in [
        TonePlacement::Keep,
        TonePlacement::Modern,
        TonePlacement::Traditional,
    ] {
        let options = NormalizeOptions { tone };
        let joined: String = parts.iter().map(|p| normalize(p, &options).into_text()).collect();
        prop_assert_eq!(joined, normalize(input, &options).into_text());
    }
    Ok(())
}

fn check_map(input: &str, n: &Normalized) -> Result<(), TestCaseError> {
    let text = n.text();
    prop_assert_eq!(n.to_original(0..text.len()), 0..input.len());
    let bounds: Vec<usize> = (0..=text.len()).filter(|&p| text.is_char_boundary(p)).collect();
    let mut last = 0;
    for &p in &bounds {
        let o = n.to_original_offset(p);
        prop_assert!(o >= last, "offset map not monotone at {}: {} < {}", p, o, last);
        prop_assert!(
            input.is_char_boundary(o),
            "offset {} maps inside a char ({})",
            p,
            o
        );
        last = o;
    }
    for w in bounds.windows(2) {
        let span = n.to_original(w[0]..w[1]);
        prop_assert!(span.start <= span.end && span.end <= input.len());
        prop_assert!(input.is_char_boundary(span.start) && input.is_char_boundary(span.end));
    }
    // Spans grow monotonically at both ends.
    for pair in bounds.windows(3) {
        let a = n.to_original(pair[0]..pair[1]);
        let b = n.to_original(pair[1]..pair[2]);
        let ab = n.to_original(pair[0]..pair[2]);
        prop_assert!(a.start <= b.start && a.end <= b.end);
        prop_assert!(ab.start <= a.start && ab.end >= b.end);
    }
    // Byte offsets inside characters are widened to whole characters.
    for p in 0..=text.len() {
        let span = n.to_original(p..(p + 1).min(text.len()));
        prop_assert!(input.is_char_boundary(span.start) && input.is_char_boundary(span.end));
    }
    Ok(())
}

fn check_all(input: &str) -> Result<(), TestCaseError> {
    for tone in MODES {
        let options = NormalizeOptions { tone };
        let n = normalize(input, &options);
        let again = normalize(n.text(), &options);
        prop_assert_eq!(
            again.text(),
            n.text(),
            "not idempotent ({:?}) on {}",
            tone,
            input.escape_unicode()
        );
        prop_assert!(again.is_identity(), "second pass edited ({:?}) {:?}", tone, input);
        prop_assert!(is_nfc(n.text()), "not NFC ({:?}): {:?}", tone, n.text());
        prop_assert_eq!(n.is_identity(), n.text() == input);
        check_map(input, &n)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn arbitrary_strings(input in any::<String>()) {
        check_all(&input)?;
    }

    #[test]
    fn vietnamese_pieces(input in pieces()) {
        check_all(&input)?;
    }

    #[test]
    fn independent_pieces_normalize_as_the_whole(input in pieces(), target in 1usize..40) {
        check_pieces(&input, target)?;
    }

    #[test]
    fn independent_pieces_of_arbitrary_strings(input in any::<String>(), target in 1usize..40) {
        check_pieces(&input, target)?;
    }

    #[test]
    fn matching_key_ignores_tone_placement(input in pieces()) {
        let key = |tone| vnextract::normalize::matching_key(normalize(&input, &NormalizeOptions { tone }).text());
        prop_assert_eq!(key(TonePlacement::Modern), key(TonePlacement::Traditional));
        prop_assert_eq!(key(TonePlacement::Modern), key(TonePlacement::Keep));
    }

    #[test]
    fn matching_key_is_stable(input in pieces()) {
        let key = vnextract::normalize::matching_key(&input);
        prop_assert_eq!(vnextract::normalize::matching_key(&key), key.clone());
        let normalized = normalize(&input, &NormalizeOptions::default());
        let _ = vnextract::normalize::matching_key(normalized.text());
    }
}
