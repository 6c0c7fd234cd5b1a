//! Properties of the dates extractor on arbitrary text: it never panics, and
//! its spans are ordered, non-overlapping, on character boundaries, with a
//! value of the kind's shape.

use proptest::prelude::*;
use vnextract::document::DateKind;
use vnextract::extractor::Context;

/// Pieces that make date-like text likely: keywords, digits, separators.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("ngày ".to_string()),
        Just("Ngày ".to_string()),
        Just("tháng ".to_string()),
        Just("năm ".to_string()),
        Just("quý ".to_string()),
        Just("giai đoạn ".to_string()),
        Just("mồng ".to_string()),
        Just("tuần ".to_string()),
        Just("sáng ".to_string()),
        Just("từ ".to_string()),
        Just("đến ".to_string()),
        Just("đầu ".to_string()),
        Just("cuối ".to_string()),
        Just("qua ".to_string()),
        Just("hai ".to_string()),
        Just("mười ".to_string()),
        Just("III".to_string()),
        Just("/".to_string()),
        Just(".".to_string()),
        Just("-".to_string()),
        Just("–".to_string()),
        Just(", ".to_string()),
        Just(" ".to_string()),
        Just("\n".to_string()),
        Just("na\u{306}m ".to_string()),
        (0u32..3000).prop_map(|n| n.to_string()),
        "[a-zA-Zàáạđêôơư ]{0,6}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn spans_are_sound(text in text()) {
        let segments = vnextract::segment(&text);
        let ctx = Context { text: &text, segments: &segments };
        let dates = vnextract::dates::extract(&ctx);
        let mut last_end = 0;
        for d in &dates {
            prop_assert!(d.span.start < d.span.end && d.span.end <= text.len());
            prop_assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
            prop_assert!(d.span.start >= last_end, "overlap or disorder at {:?}", d.span);
            last_end = d.span.end;
            let shape_ok = match d.kind {
                DateKind::Date => d.value.len() == 10,
                DateKind::Month => d.value.len() == 7,
                DateKind::Year => d.value.len() == 4,
                DateKind::Quarter => d.value.len() == 7 && d.value.contains("-Q"),
                DateKind::Period => d.value.starts_with('P') || d.value.contains('/'),
            };
            prop_assert!(shape_ok, "{:?} {}", d.kind, d.value);
        }
        let _ = vnextract::dates::anchor_year(&text, &dates);
    }
}
