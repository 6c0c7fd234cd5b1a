//! Adversarial inputs, end to end (bytes → `decode` → `Extractor::extract`
//! → JSON): each one either extracts or fails with a clear error, never a
//! panic, a wrong number or an endless run.
//!
//! Sizes here are the issue's where a debug build handles them in well under
//! a second, and smaller otherwise (the 50 MB line is 2 MB here). Time that
//! grows linearly with the size is checked by the release-mode scaling
//! benchmark (`cargo bench --bench scaling`, see `benches/README.md`), on
//! these same inputs at the issue's sizes and at twice them: speed is
//! measured by benchmarks, never by timed unit tests.

use rust_decimal::Decimal;
use serde_json::Value;
use vnextract::{decode, DecodeError, DecodeOptions, Document, Encoding, Extractor};

const STRICT: DecodeOptions = DecodeOptions {
    encoding: Encoding::Auto,
    lossy: false,
};
const LOSSY: DecodeOptions = DecodeOptions {
    encoding: Encoding::Auto,
    lossy: true,
};

/// Extracts from `text`, checks every span and the JSON, returns the document.
fn extract(text: &str) -> Document {
    let doc = Extractor::new().extract(text);
    assert_eq!(doc.text_length, text.chars().count());
    let spans = doc.figures.iter().map(|f| (&f.span, f.text.as_str(), f.start));
    let spans = spans.chain(doc.titles.iter().map(|t| (&t.span, t.text.as_str(), t.start)));
    let spans = spans.chain(doc.places.iter().map(|p| (&p.span, &*p.text, p.start)));
    let spans = spans.chain(doc.directives.iter().map(|d| (&d.span, d.text.as_str(), d.start)));
    for (span, item_text, start) in spans.chain(doc.dates.iter().map(|d| (&d.span, &*d.text, d.start))) {
        assert_eq!(text.get(span.clone()), Some(item_text), "{span:?}");
        assert_eq!(text[..span.start].chars().count(), start);
    }
    for figure in &doc.figures {
        assert_eq!(figure.value.is_none(), figure.note.is_some(), "{figure:?}");
    }
    let json = serde_json::to_string(&doc).expect("a document serializes");
    let parsed: Value = serde_json::from_str(&json).expect("its JSON parses back (so no NaN or infinity)");
    assert_eq!(parsed["schema"], "vnextract/1");
    doc
}

/// Decodes strictly and extracts, or returns the decoding error.
fn run(bytes: &[u8]) -> Result<Document, DecodeError> {
    decode(bytes, &STRICT).map(|decoded| extract(&decoded.text))
}

fn item_count(doc: &Document) -> usize {
    doc.figures.len()
        + doc.people.len()
        + doc.titles.len()
        + doc.places.len()
        + doc.directives.len()
        + doc.dates.len()
}

#[test]
fn empty_input_is_an_empty_document() {
    let doc = run(b"").unwrap();
    assert_eq!((doc.text_length, item_count(&doc)), (0, 0));
}

#[test]
fn white_space_only_is_an_empty_document() {
    let text = " \t\n\r\n\u{a0}\u{2003}\u{200b}\u{feff}\u{2028} ".repeat(1000);
    let doc = run(text.as_bytes()).unwrap();
    assert_eq!(doc.text_length, text.chars().count());
    assert_eq!(item_count(&doc), 0);
}

#[test]
fn one_long_line_extracts_like_its_sentences() {
    // A whole article's paragraphs on one line, repeated to 2 MB: the same
    // items as the paragraphs give one by one, with no line break anywhere.
    let article = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/bac-kan-2022-09.txt"
    ))
    .unwrap()
    .replace('\n', " ");
    let counts = |doc: &Document| {
        [
            doc.figures.len(),
            doc.dates.len(),
            doc.places.len(),
            doc.titles.len(),
            doc.directives.len(),
        ]
    };
    let per_copy = counts(&extract(&article));
    assert!(per_copy.iter().all(|&n| n > 0), "{per_copy:?}");
    let copies = 2_000_000 / article.len() + 1;
    let line = article.repeat(copies);
    assert!(!line.contains('\n') && line.len() >= 2_000_000);
    let doc = extract(&line);
    assert_eq!(counts(&doc), per_copy.map(|n| n * copies));
}

#[test]
fn a_million_semicolons() {
    let doc = run(";".repeat(1_000_000).as_bytes()).unwrap();
    assert_eq!(item_count(&doc), 0);
}

#[test]
fn a_dotted_run_a_hundred_thousand_long_is_no_figure() {
    // `1.1.1.1...` is no number with thousands groups and no date: nothing.
    let text = "1.".repeat(50_000) + "1";
    assert_eq!(text.len(), 100_001);
    let doc = run(text.as_bytes()).unwrap();
    assert!(doc.figures.is_empty(), "{:?}", &doc.figures[..1]);
}

#[test]
fn a_ten_thousand_digit_number_keeps_no_wrong_value() {
    // Too large for an exact decimal: the figure is kept with `value` null and
    // a `note`, never a rounded or truncated number.
    let digits = "1234567890".repeat(1000);
    let text = format!("Tổng thu đạt {digits} đồng.");
    let doc = run(text.as_bytes()).unwrap();
    let [figure] = &doc.figures[..] else {
        panic!("{:?}", doc.figures)
    };
    assert!(figure.text.contains(&digits));
    assert_eq!(figure.value, None);
    assert_eq!(
        figure.note.as_deref(),
        Some("number too large for an exact decimal")
    );
    let json: Value = serde_json::to_value(&doc).unwrap();
    assert_eq!(json["figures"][0]["value"], Value::Null);
    assert!(json["figures"][0]["note"].is_string());
}

#[test]
fn fractions_longer_than_a_decimal_keeps_are_never_rounded() {
    // 30 decimal places do not fit a Decimal (28): no value rather than a rounded one.
    for text in [
        "Thu 0,123456789012345678901234567891 đồng.",
        "Thu 1tr234567890123456789012345678901 đồng.",
    ] {
        let doc = run(text.as_bytes()).unwrap();
        assert!(
            doc.figures.iter().all(|f| f.value.is_none()),
            "{text}: {:?}",
            doc.figures
        );
    }
}

#[test]
fn repeated_scale_words_never_give_a_wrong_number() {
    // `5 tỷ tỷ tỷ ...`: 5 × 10^(9k) overflows after three; either the whole run
    // is read (value null, note) or the figure stops where its value is exact.
    for count in [1usize, 2, 3, 4, 10_000] {
        let text = format!("Doanh thu đạt 5 {}đồng.", "tỷ ".repeat(count));
        let doc = run(text.as_bytes()).unwrap();
        let [figure] = &doc.figures[..] else {
            panic!("{count}: {:?}", doc.figures)
        };
        let scales_read = figure.text.matches("tỷ").count();
        match figure.value {
            Some(value) => {
                let expected = format!("5{}", "0".repeat(9 * scales_read));
                assert_eq!(value.to_string(), expected, "{count}: {}", figure.text);
            }
            None => {
                assert!(count >= 3, "{count}: 5 × 10^{} fits a Decimal", 9 * count);
                assert!(figure.note.is_some());
            }
        }
    }
}

#[test]
fn huge_nghin_ty_chains_never_give_a_wrong_number() {
    // `nghìn tỷ` is 10^12; two of them (10^24) still fit a Decimal, three
    // (10^36) do not.
    let figure = |chain: &str| {
        let doc = run(format!("Vốn đầu tư 3 {chain} đồng.").as_bytes()).unwrap();
        let [figure] = &doc.figures[..] else {
            panic!("{chain}: {:?}", doc.figures)
        };
        assert!(
            figure.text.ends_with(&format!("{chain} đồng")),
            "{chain}: {}",
            figure.text
        );
        figure.clone()
    };
    assert_eq!(
        figure("nghìn tỷ").value,
        Some(Decimal::from(3_000_000_000_000u64))
    );
    let two = figure("nghìn tỷ nghìn tỷ");
    assert_eq!(
        two.value.map(|v| v.to_string()),
        Some(format!("3{}", "0".repeat(24)))
    );
    let three = figure("nghìn tỷ nghìn tỷ nghìn tỷ");
    assert_eq!((three.value, three.note.is_some()), (None, true));
    // A thousand of them: the figure may stop early, but its value is then
    // exact for what it covers, or null with a note.
    let doc = run(format!("Vốn đầu tư 3 {}đồng.", "nghìn tỷ ".repeat(1000)).as_bytes()).unwrap();
    let [long] = &doc.figures[..] else {
        panic!("{} figures", doc.figures.len())
    };
    let read = long.text.matches("nghìn tỷ").count();
    match long.value {
        Some(value) => assert_eq!(value.to_string(), format!("3{}", "0".repeat(12 * read)), "{read}"),
        None => assert!(long.note.is_some() && read >= 3, "{read}"),
    }
}

#[test]
fn ten_thousand_combining_marks_on_one_letter() {
    let text = format!("Chủ tịch a{} Hà Nội đạt 12 tỷ đồng.", "\u{301}".repeat(10_000));
    let doc = run(text.as_bytes()).unwrap();
    assert_eq!(doc.figures.len(), 1);
    assert_eq!(doc.figures[0].value, Some(Decimal::from(12_000_000_000u64)));
    let stacked = format!("x{}", "\u{300}\u{301}\u{303}\u{309}\u{323}\u{302}".repeat(2_000));
    run(stacked.as_bytes()).unwrap();
}

#[test]
fn nul_bytes_are_text_and_extraction_goes_on() {
    let text = "Thu\0 ngân sách\0 đạt 120 tỷ đồng.\0".repeat(1000);
    let doc = run(text.as_bytes()).unwrap();
    assert_eq!(doc.figures.len(), 1000);
    assert!(doc
        .figures
        .iter()
        .all(|f| f.value == Some(Decimal::from(120_000_000_000u64))));
}

#[test]
fn random_binary_is_an_error_or_lossy_text() {
    // A fixed pseudo-random generator (xorshift): the same bytes every run.
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let bytes: Vec<u8> = (0..200_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 32) as u8
        })
        .collect();
    let error = run(&bytes).unwrap_err();
    assert!(error.to_string().contains("byte offset"), "{error}");
    let decoded = decode(&bytes, &LOSSY).unwrap();
    extract(&decoded.text);
}

#[test]
fn invalid_utf8_at_the_first_middle_and_last_byte() {
    let good = "Ngày 07/9/2022, thu ngân sách đạt 120 tỷ đồng.".repeat(100);
    for at in ["first", "middle", "last"] {
        let mut bytes = good.clone().into_bytes();
        let offset = match at {
            "first" => 0,
            "middle" => bytes.len() / 2 / 47 * 47, // an ASCII 'N' at a copy's start
            _ => bytes.len() - 1,
        };
        bytes[offset] = 0xFF;
        match run(&bytes) {
            Err(DecodeError::InvalidUtf8 { offset: found, .. }) => assert_eq!(found, offset, "{at}"),
            other => panic!("{at}: {other:?}"),
        }
        let decoded = decode(&bytes, &LOSSY).unwrap();
        assert_eq!(decoded.replacements, 1, "{at}");
        let doc = extract(&decoded.text);
        assert!(doc.figures.len() >= 99, "{at}: {}", doc.figures.len());
    }
}

#[test]
fn utf16_without_bom_is_detected() {
    let text = "Ngày 07/9/2022, thu ngân sách đạt 120 tỷ đồng.\n".repeat(50);
    for big_endian in [false, true] {
        let bytes: Vec<u8> = text
            .encode_utf16()
            .flat_map(|unit| {
                if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                }
            })
            .collect();
        let decoded = decode(&bytes, &STRICT).unwrap();
        let expected = if big_endian {
            Encoding::Utf16Be
        } else {
            Encoding::Utf16Le
        };
        assert_eq!(
            (decoded.encoding, decoded.text.as_str()),
            (expected, text.as_str())
        );
        assert_eq!(extract(&decoded.text).figures.len(), 50);
    }
}

#[test]
fn cr_only_line_endings_are_line_breaks() {
    let lf = "Ngày 07/9/2022, UBND tỉnh Bắc Kạn họp.\nThu ngân sách đạt 120 tỷ đồng.\n";
    let cr = lf.replace('\n', "\r");
    let (lf_doc, cr_doc) = (run(lf.as_bytes()).unwrap(), run(cr.as_bytes()).unwrap());
    assert_eq!(cr_doc.figures.len(), 1);
    // The same items at the same offsets: `\r` and `\n` are both one character.
    let items = |doc: &Document| {
        let mut v: Vec<(usize, usize)> = doc.figures.iter().map(|f| (f.start, f.end)).collect();
        v.extend(doc.dates.iter().map(|d| (d.start, d.end)));
        v.extend(doc.places.iter().map(|p| (p.start, p.end)));
        v
    };
    assert_eq!(items(&lf_doc), items(&cr_doc));
}

#[test]
fn mixed_scripts_and_right_to_left_marks() {
    let text =
        "\u{202e}Hà Nội\u{202c} שלום مرحبا 中文 \u{200f}Thu ngân sách đạt 120 tỷ đồng\u{200e}. ".repeat(200);
    let doc = run(text.as_bytes()).unwrap();
    assert_eq!(doc.figures.len(), 200);
    assert!(doc.figures.iter().all(|f| f.text == "120 tỷ đồng"));
}
