//! `normalize` on arbitrary text in every tone mode: never a panic; the
//! result is idempotent; every char boundary of the normalized text maps to
//! char boundaries of the input, in order, and the whole text to the whole
//! input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vnextract::{normalize, NormalizeOptions, TonePlacement};

fuzz_target!(|text: &str| {
    for tone in [TonePlacement::Keep, TonePlacement::Modern, TonePlacement::Traditional] {
        let options = NormalizeOptions { tone };
        let once = normalize(text, &options);
        let twice = normalize(once.text(), &options);
        assert_eq!(once.text(), twice.text(), "not idempotent ({tone:?})");
        let out = once.text();
        assert_eq!(once.to_original(0..out.len()), 0..text.len());
        let mut last_start = 0;
        for (i, _) in out.char_indices() {
            let span = once.to_original(i..i);
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            assert!(span.start <= span.end && span.end <= text.len());
            assert!(span.start >= last_start, "map not monotone at {i}");
            last_start = span.start;
        }
    }
});
