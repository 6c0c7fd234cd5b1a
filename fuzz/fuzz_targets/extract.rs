//! The whole pipeline on arbitrary text: never a panic; every span is a
//! range of char boundaries inside the input whose characters are the item's
//! `text`, with `start`/`end` the matching character offsets; the JSON
//! serializes and parses back, with no NaN or infinity.
#![no_main]

use std::ops::Range;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use vnextract::Extractor;

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(Extractor::new);

fn check_span(input: &str, span: &Range<usize>, start: usize, end: usize, text: Option<&str>) {
    assert!(span.start <= span.end && span.end <= input.len(), "{span:?} outside {} bytes", input.len());
    assert!(input.is_char_boundary(span.start) && input.is_char_boundary(span.end), "{span:?}");
    assert_eq!(input[..span.start].chars().count(), start, "start of {span:?}");
    assert_eq!(input[..span.end].chars().count(), end, "end of {span:?}");
    if let Some(text) = text {
        assert_eq!(&input[span.clone()], text);
    }
}

/// serde_json refuses to parse NaN or infinity, so a parsed document holds
/// none; this also checks every number still reads as a finite float.
fn assert_numbers_finite(value: &serde_json::Value) {
    match value {
        serde_json::Value::Number(n) => assert!(n.as_f64().is_some_and(f64::is_finite), "{n}"),
        serde_json::Value::Array(items) => items.iter().for_each(assert_numbers_finite),
        serde_json::Value::Object(fields) => fields.values().for_each(assert_numbers_finite),
        _ => {}
    }
}

fuzz_target!(|input: &str| {
    let doc = EXTRACTOR.extract(input);
    assert_eq!(doc.text_length, input.chars().count());
    for f in &doc.figures {
        check_span(input, &f.span, f.start, f.end, Some(&f.text));
        assert_eq!(f.value.is_none(), f.note.is_some(), "a missing value needs a note: {f:?}");
    }
    for t in &doc.titles {
        check_span(input, &t.span, t.start, t.end, Some(&t.text));
    }
    for p in &doc.places {
        check_span(input, &p.span, p.start, p.end, Some(&p.text));
    }
    for d in &doc.directives {
        check_span(input, &d.span, d.start, d.end, Some(&d.text));
    }
    for d in &doc.dates {
        check_span(input, &d.span, d.start, d.end, Some(&d.text));
    }
    for p in &doc.people {
        for m in &p.mentions {
            check_span(input, &m.span, m.start, m.end, None);
        }
    }
    let json = serde_json::to_string(&doc).expect("a document always serializes");
    let value: serde_json::Value = serde_json::from_str(&json).expect("its JSON parses back");
    assert!(value.is_object());
    assert_numbers_finite(&value);
});
