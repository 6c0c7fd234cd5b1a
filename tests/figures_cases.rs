//! Figure extraction on the sentences of `tests/fixtures/figures/cases.tsv`, and on the
//! development gold when `/work/shared` is present.

use vnextract::document::Figure;
use vnextract::{Categories, Extractor};

const CASES: &str = include_str!("fixtures/figures/cases.tsv");

fn summary(text: &str, figures: &[Figure]) -> String {
    figures
        .iter()
        .map(|f| {
            let written: String = text.chars().skip(f.start).take(f.end - f.start).collect();
            let value = f.value.map(|v| v.to_string()).unwrap_or_default();
            let unit = f.unit.as_ref().map(|u| u.code()).unwrap_or_default();
            format!("{written}={value} {unit}")
        })
        .collect::<Vec<_>>()
        .join(";")
}

#[test]
fn fixture_sentences() {
    let extractor = Extractor::builder().categories(Categories::FIGURES).build();
    let mut wrong = Vec::new();
    let mut total = 0;
    for line in CASES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (text, expected) = line.split_once('\t').unwrap_or((line, ""));
        total += 1;
        let doc = extractor.extract(text);
        let got = summary(text, &doc.figures);
        if got != expected.trim() {
            wrong.push(format!("{text}\n  expected: {expected}\n  got:      {got}"));
        }
    }
    assert!(total > 30);
    assert!(
        wrong.is_empty(),
        "{} of {total} wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn values_are_exact_decimals_in_json() {
    let doc = Extractor::new().extract("Diện tích đạt 175,158 ha, vốn 1.000.000.000.000.000.000 đồng.");
    let json = serde_json::to_string(&doc.figures).unwrap();
    assert!(json.contains("\"value\":175.158,"), "{json}");
    assert!(json.contains("\"value\":1000000000000000000,"), "{json}");
}

#[test]
fn overflowing_numbers_have_no_value_and_a_note() {
    let doc = Extractor::new().extract("Con số 999.999.999.999.999.999.999.999.999.999 tỷ đồng.");
    let f = &doc.figures[0];
    assert!(f.value.is_none());
    assert!(f.note.is_some());
}

/// Figures F1 on the development gold, when the shared folder is present.
#[test]
fn dev_gold_f1() {
    let gold_dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/gold/dev"));
    let texts = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/articles"));
    if !gold_dir.exists() {
        eprintln!("skipped: /work/shared not present");
        return;
    }
    let extractor = Extractor::builder().categories(Categories::FIGURES).build();
    let (mut tp, mut n_gold, mut n_pred) = (0usize, 0usize, 0usize);
    for entry in std::fs::read_dir(gold_dir).unwrap() {
        let path = entry.unwrap().path();
        let gold: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let text = std::fs::read_to_string(texts.join(format!("{stem}.txt"))).unwrap();
        let doc = extractor.extract(&text);
        let golds = gold["figures"].as_array().unwrap();
        n_gold += golds.len();
        n_pred += doc.figures.len();
        let mut used = vec![false; golds.len()];
        for f in &doc.figures {
            let value: f64 = f
                .value
                .map(|v| v.to_string().parse().unwrap())
                .unwrap_or(f64::NAN);
            let unit = f.unit.as_ref().map(|u| u.code()).unwrap_or_default();
            let hit = golds.iter().enumerate().position(|(k, g)| {
                let gv = g["value"].as_f64().unwrap_or(f64::NAN);
                let gu = g["unit"].as_str().unwrap_or("");
                let overlap = f.start < g["end"].as_u64().unwrap() as usize
                    && (g["start"].as_u64().unwrap() as usize) < f.end;
                let same_unit =
                    gu == unit || gu.starts_with(&format!("{unit} ")) || unit.starts_with(&format!("{gu} "));
                !used[k] && overlap && (gv - value).abs() <= 1e-6 * gv.abs().max(1.0) && same_unit
            });
            if let Some(k) = hit {
                used[k] = true;
                tp += 1;
            }
        }
    }
    let f1 = 2.0 * tp as f64 / (n_gold + n_pred) as f64;
    println!("figures dev F1 {f1:.3} (tp {tp}, gold {n_gold}, predicted {n_pred})");
    assert!(f1 >= 0.9, "figures dev F1 {f1:.3} below 0.90");
}

mod properties {
    use proptest::prelude::*;
    use vnextract::extractor::Context;

    fn pieces() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "1", "23", "2.312", "175,158", "/", "-", " – ", "%", " ", " ", "\n", ",", ".", "tỷ", "triệu",
            "nghìn", "đồng", "ha", "hai", "năm", "một", "mốt", "rưỡi", "phẩy", "linh", "dự án", "hộ", "trên",
            "gần", "khoảng", "từ", "đến", "và", "giữa", "tăng", "giảm", "USD", "$", "Rs", "đô", "xu", "k",
            "tr", "Đ", "\u{301}", "ữ", "2021", "ngày", "số", "thứ", "lần", "con", "x", "m2", "kWh",
        ]);
        prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        /// No input panics; every span lies on character boundaries of the text.
        #[test]
        fn spans_are_sound(text in pieces()) {
            let segments = vnextract::segment(&text);
            let ctx = Context { text: &text, segments: &segments };
            for f in vnextract::figures::extract(&ctx, &[]) {
                prop_assert!(f.span.start < f.span.end && f.span.end <= text.len());
                prop_assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
            }
            let _ = vnextract::numbers::scan(&text);
            let _ = vnextract::numbers::parse_number(&text);
        }
    }
}
