//! Inputs the fuzzers (`fuzz/`) found failing, minimized, kept so the bugs
//! stay fixed. Each file in `tests/fixtures/fuzz/` is named after the target
//! that found it (`normalize-*`, `extract-*`, `decode-*`) and is checked
//! against that target's invariants here, in every run of `cargo test`.
//! A target taking `&str` sees the longest valid UTF-8 prefix of its input
//! (`arbitrary`'s rule); the fixtures hold that prefix.

use std::path::Path;

use vnextract::{decode, normalize, DecodeOptions, Encoding, Extractor, NormalizeOptions, TonePlacement};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fuzz");

/// The fixtures whose names start with `target-`, as (name, bytes).
fn found_by(target: &str) -> Vec<(String, Vec<u8>)> {
    let mut found: Vec<_> = std::fs::read_dir(FIXTURES)
        .expect("tests/fixtures/fuzz exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| file_name(path).starts_with(&format!("{target}-")))
        .map(|path| (file_name(&path), std::fs::read(&path).expect("readable fixture")))
        .collect();
    found.sort();
    found
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn normalize_regressions_are_idempotent_with_a_sound_map() {
    let found = found_by("normalize");
    assert!(!found.is_empty(), "the normalize regressions are in {FIXTURES}");
    for (name, bytes) in found {
        let text =
            String::from_utf8(bytes).unwrap_or_else(|_| panic!("{name}: fuzz inputs of normalize are UTF-8"));
        for tone in [
            TonePlacement::Keep,
            TonePlacement::Modern,
            TonePlacement::Traditional,
        ] {
            let options = NormalizeOptions { tone };
            let once = normalize(&text, &options);
            let twice = normalize(once.text(), &options);
            assert_eq!(
                once.text(),
                twice.text(),
                "{name} ({tone:?}): normalizing twice changed the text"
            );
            assert_eq!(once.to_original(0..once.text().len()), 0..text.len(), "{name}");
        }
    }
}

#[test]
fn extract_regressions_keep_the_span_invariants() {
    let extractor = Extractor::new();
    for (name, bytes) in found_by("extract") {
        let text =
            String::from_utf8(bytes).unwrap_or_else(|_| panic!("{name}: fuzz inputs of extract are UTF-8"));
        let doc = extractor.extract(&text);
        let spans = doc
            .figures
            .iter()
            .map(|f| (&f.span, f.text.as_str(), f.start, f.end));
        let spans = spans.chain(
            doc.titles
                .iter()
                .map(|t| (&t.span, t.text.as_str(), t.start, t.end)),
        );
        let spans = spans.chain(doc.places.iter().map(|p| (&p.span, &*p.text, p.start, p.end)));
        let spans = spans.chain(
            doc.directives
                .iter()
                .map(|d| (&d.span, d.text.as_str(), d.start, d.end)),
        );
        for (span, item_text, start, end) in
            spans.chain(doc.dates.iter().map(|d| (&d.span, &*d.text, d.start, d.end)))
        {
            assert_eq!(text.get(span.clone()), Some(item_text), "{name}: {span:?}");
            assert_eq!(
                (
                    text[..span.start].chars().count(),
                    text[..span.end].chars().count()
                ),
                (start, end)
            );
        }
        serde_json::to_string(&doc).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn decode_regressions_decode_or_name_an_offset() {
    for (name, bytes) in found_by("decode") {
        for encoding in [
            Encoding::Auto,
            Encoding::Utf8,
            Encoding::Utf16Le,
            Encoding::Tcvn3,
            Encoding::Vni,
        ] {
            let lossy = decode(
                &bytes,
                &DecodeOptions {
                    encoding,
                    lossy: true,
                },
            );
            assert!(
                lossy.is_ok(),
                "{name} ({encoding:?}): lossy decoding failed: {lossy:?}"
            );
            if let Err(error) = decode(
                &bytes,
                &DecodeOptions {
                    encoding,
                    lossy: false,
                },
            ) {
                assert!(error.to_string().contains("byte offset"), "{name}: {error}");
            }
        }
    }
}
