//! Properties of the whole pipeline (`Extractor::extract`), on arbitrary and
//! on news-like text:
//!
//! - it never panics; every span is a range of char boundaries of the input
//!   whose characters are the item's `text`, and `start`/`end` count the
//!   characters before its ends;
//! - the JSON always serializes, parses back, and holds only finite numbers;
//! - the same document written with CRLF line endings, in NFD, or with
//!   old-style tone marks (`hoà`, `thuỷ`) gives the same items: the same
//!   values and, once the text is normalized, the same strings, at the same
//!   offsets once mapped back through the rewriting.
//!
//! Case counts stay small: the suite runs in debug mode in CI.

use proptest::prelude::*;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;
use vnextract::{normalize, Document, Extractor, NormalizeOptions, TonePlacement};

/// Checks every span of `doc` against `input` and returns the document's JSON.
fn check_document(input: &str, doc: &Document) -> Result<Value, TestCaseError> {
    prop_assert_eq!(doc.text_length, input.chars().count());
    let mut spans: Vec<(&std::ops::Range<usize>, Option<&str>, usize, usize)> = Vec::new();
    spans.extend(
        doc.figures
            .iter()
            .map(|f| (&f.span, Some(f.text.as_str()), f.start, f.end)),
    );
    spans.extend(
        doc.titles
            .iter()
            .map(|t| (&t.span, Some(t.text.as_str()), t.start, t.end)),
    );
    spans.extend(
        doc.places
            .iter()
            .map(|p| (&p.span, Some(&*p.text), p.start, p.end)),
    );
    spans.extend(
        doc.directives
            .iter()
            .map(|d| (&d.span, Some(d.text.as_str()), d.start, d.end)),
    );
    spans.extend(
        doc.dates
            .iter()
            .map(|d| (&d.span, Some(&*d.text), d.start, d.end)),
    );
    for person in &doc.people {
        spans.extend(person.mentions.iter().map(|m| (&m.span, None, m.start, m.end)));
    }
    for (span, text, start, end) in spans {
        let slice = input.get(span.clone());
        prop_assert!(slice.is_some(), "{:?} is not a char range of the input", span);
        if let Some(text) = text {
            prop_assert_eq!(slice, Some(text));
        }
        prop_assert_eq!(input[..span.start].chars().count(), start);
        prop_assert_eq!(input[..span.end].chars().count(), end);
    }
    for figure in &doc.figures {
        prop_assert_eq!(figure.value.is_none(), figure.note.is_some(), "{:?}", figure);
    }
    let json = serde_json::to_string(doc).map_err(|e| TestCaseError::fail(e.to_string()))?;
    // serde_json refuses NaN and infinity when parsing, so this also proves
    // there are none.
    let value: Value =
        serde_json::from_str(&json).map_err(|e| TestCaseError::fail(format!("{e}: {json}")))?;
    assert_finite(&value)?;
    Ok(value)
}

fn assert_finite(value: &Value) -> Result<(), TestCaseError> {
    match value {
        Value::Number(n) => prop_assert!(n.as_f64().is_some_and(f64::is_finite), "{}", n),
        Value::Array(items) => items.iter().try_for_each(assert_finite)?,
        Value::Object(fields) => fields.values().try_for_each(assert_finite)?,
        _ => {}
    }
    Ok(())
}

/// A rewriting of a text that keeps its meaning, with the map from the
/// rewritten text's character offsets back to the original's.
struct Variant {
    text: String,
    /// `to_base[k]`: the original char offset at rewritten char offset `k`,
    /// `None` inside the rewriting of one original character.
    to_base: Vec<Option<usize>>,
}

impl Variant {
    /// Rewrites `base` one character at a time.
    fn per_char(base: &str, rewrite: impl Fn(char) -> String) -> Variant {
        let mut text = String::with_capacity(base.len() * 2);
        let mut to_base = Vec::new();
        for (k, c) in base.chars().enumerate() {
            let piece = rewrite(c);
            to_base.push(Some(k));
            to_base.extend(std::iter::repeat_n(None, piece.chars().count().saturating_sub(1)));
            text.push_str(&piece);
        }
        to_base.push(Some(base.chars().count()));
        Variant { text, to_base }
    }

    fn crlf(base: &str) -> Variant {
        Variant::per_char(base, |c| if c == '\n' { "\r\n".into() } else { c.into() })
    }

    fn nfd(base: &str) -> Variant {
        Variant::per_char(base, |c| c.nfd().collect())
    }

    /// Old-style tone marks: the traditional placement keeps every char count
    /// (a toned vowel is swapped for another), so offsets map one to one.
    fn traditional(base: &str) -> Variant {
        let text = normalize(
            base,
            &NormalizeOptions {
                tone: TonePlacement::Traditional,
            },
        )
        .into_text();
        assert_eq!(text.chars().count(), base.chars().count(), "{base:?} -> {text:?}");
        let to_base = (0..=base.chars().count()).map(Some).collect();
        Variant { text, to_base }
    }
}

/// Strings normalized (NFC, modern tone placement, line ends), so that the
/// same words written differently compare equal.
fn canonical(s: &str) -> String {
    normalize(
        s,
        &NormalizeOptions {
            tone: TonePlacement::Modern,
        },
    )
    .into_text()
}

/// The document's JSON with offsets mapped back through `to_base` and every
/// string made canonical.
fn comparable(value: &Value, to_base: &[Option<usize>]) -> Value {
    match value {
        Value::String(s) => Value::String(canonical(s)),
        Value::Array(items) => Value::Array(items.iter().map(|v| comparable(v, to_base)).collect()),
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .filter(|(key, _)| key.as_str() != "text_length")
                .map(|(key, v)| {
                    let mapped = match (key.as_str(), v.as_u64()) {
                        ("start" | "end", Some(offset)) => match to_base.get(offset as usize) {
                            Some(Some(base)) => Value::from(*base),
                            _ => Value::String(format!("unmapped offset {offset}")),
                        },
                        _ => comparable(v, to_base),
                    };
                    (key.clone(), mapped)
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Extraction is the same on `base` and on its CRLF, NFD and old-style-tone
/// rewritings, up to the mapped offsets.
fn check_rewritings(extractor: &Extractor, input: &str) -> Result<(), TestCaseError> {
    // The rewritings start from normalized text: CRLF of a text with CRLF
    // would double them, and the traditional placement is a normalization.
    let base = normalize(input, &NormalizeOptions::default()).into_text();
    let base_doc = check_document(&base, &extractor.extract(&base))?;
    let identity: Vec<Option<usize>> = (0..=base.chars().count()).map(Some).collect();
    let expected = comparable(&base_doc, &identity);
    for (name, variant) in [
        ("CRLF", Variant::crlf(&base)),
        ("NFD", Variant::nfd(&base)),
        ("old-style tone marks", Variant::traditional(&base)),
    ] {
        let doc = check_document(&variant.text, &extractor.extract(&variant.text))?;
        let got = comparable(&doc, &variant.to_base);
        prop_assert!(
            got == expected,
            "{} differs on {:?}:\n{}\nvs\n{}",
            name,
            base,
            got,
            expected
        );
    }
    Ok(())
}

/// News-like pieces: figures, dates, titles, names, places and directives,
/// with words whose tone mark sits differently in the old style.
fn news_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "Ngày 15/3/2023, ",
            "tháng 9 năm 2022 ",
            "quý II/2024 ",
            "đạt 120 tỷ đồng",
            "tăng 12,5% ",
            "khoảng 1.500 ha ",
            "hơn 2.312 tỷ đồng ",
            "175,158/155ha ",
            "3 nghìn tỷ đồng ",
            "ông Nguyễn Văn Hòa",
            "bà Lê Thị Thúy ",
            "đồng chí Trần Quốc Khánh ",
            "Chủ tịch UBND tỉnh Thanh Hóa ",
            "Phó Bí thư Thành ủy ",
            "Giám đốc Sở Tài chính ",
            "Thủ tướng Chính phủ ",
            "xã Nông Thượng ",
            "thành phố Bắc Kạn ",
            "tỉnh Khánh Hòa ",
            "huyện Hòa Vang ",
            "Thủy lợi ",
            "hòa bình ",
            "khỏe mạnh ",
            "yêu cầu các sở, ngành khẩn trương hoàn thành trước ngày 30/6/2023",
            "giao UBND huyện chủ trì, phối hợp ",
            "thủy sản ",
            "quy hoạch ",
            ". ",
            ", ",
            " ",
            "\n",
            "\n\n",
        ])
        .prop_map(str::to_owned),
        (0u32..100_000).prop_map(|n| format!("{n} ")),
        "[a-zà-ỹA-ZĐ ]{0,8}",
    ]
}

fn news_text() -> impl Strategy<Value = String> {
    prop::collection::vec(news_piece(), 0..30).prop_map(|pieces| pieces.concat())
}

/// Characters that stress the pipeline: marks, controls, invisible and
/// right-to-left characters, line separators, digits and separators.
fn tricky_text() -> impl Strategy<Value = String> {
    let tricky = prop::sample::select(vec![
        '\u{300}', '\u{301}', '\u{309}', '\u{323}', '\u{340}', '\u{361}', '\u{0}', '\r', '\n', '\u{2028}',
        '\u{200b}', '\u{200f}', '\u{202e}', '\u{feff}', '\u{a0}', '\u{fffd}', 'ש', 'م', '中', '.', ',', ';',
        '/', '%', '-', '&', '<', '>', '0', '1', '9', 'a', 'ơ', 'Đ', 'ỷ', ' ',
    ]);
    prop::collection::vec(tricky, 0..80).prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_keeps_the_span_invariants(input in any::<String>()) {
        check_document(&input, &Extractor::new().extract(&input))?;
    }

    #[test]
    fn tricky_characters_keep_the_span_invariants(input in tricky_text()) {
        check_document(&input, &Extractor::new().extract(&input))?;
    }

    #[test]
    fn news_text_keeps_the_span_invariants(input in news_text()) {
        check_document(&input, &Extractor::new().extract(&input))?;
    }

    #[test]
    fn news_text_extracts_the_same_in_crlf_nfd_and_old_style(input in news_text()) {
        check_rewritings(&Extractor::new(), &input)?;
    }
}

/// A mark that makes no Vietnamese letter, glued after a unit: the
/// decomposed text's edits stay one per changed letter, so the figure ends
/// at `đồng` in both (proptest found it).
#[test]
fn a_stray_mark_after_a_unit_maps_back_the_same_in_nfd() {
    check_rewritings(&Extractor::new(), "đạt 120 tỷ đồng\u{1dc0}à").unwrap();
}

/// A syllable glued to digits is left as written whether it comes composed
/// or decomposed (proptest found `HòaM175` coming back as `HoàM175` from NFD).
#[test]
fn a_syllable_glued_to_digits_keeps_its_tone_in_nfd() {
    check_rewritings(
        &Extractor::new(),
        "Giám đốc Sở Tài chính aông Nguyễn Văn HòaM175,158/155ha ",
    )
    .unwrap();
    for word in ["hòan1", "1hòan", "Hòam175"] {
        let decomposed: String = word.nfd().collect();
        let options = NormalizeOptions::default();
        assert_eq!(
            normalize(&decomposed, &options).text(),
            normalize(word, &options).text()
        );
    }
}

#[test]
fn articles_extract_the_same_in_crlf_nfd_and_old_style() {
    let extractor = Extractor::new();
    let mut paths = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/bac-kan-2022-09.txt"
    ))];
    let articles = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/articles"));
    match std::fs::read_dir(articles) {
        Ok(entries) => {
            let mut found: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
            found.sort();
            // A few articles are enough for the property; the whole set runs
            // in the release-mode evaluation.
            paths.extend(found.into_iter().step_by(8));
        }
        Err(_) => eprintln!(
            "{}: absent, only the reference article is checked",
            articles.display()
        ),
    }
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        if let Err(e) = check_rewritings(&extractor, &text) {
            panic!("{}: {e}", path.display());
        }
    }
}
