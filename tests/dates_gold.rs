//! Dates against gold annotations: the reference article (copied into the
//! repo) and, when the shared workspace is present, the development set.
//!
//! Matching follows `tools/score.py`: a predicted date matches a gold one
//! when their character spans overlap and their values are equal, a year
//! written `XXXX` matching any year; pairs are one-to-one.

use std::path::Path;

use vnextract::{Categories, Extractor};

const REFERENCE_TEXT: &str = include_str!("../examples/data/bac-kan-2022-09.txt");
const REFERENCE_GOLD: &str = include_str!("fixtures/dates/bac-kan-2022-09.dates.json");

/// ISO values equal, where a year written XXXX matches any year.
fn same_value(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.chars()
            .zip(b.chars())
            .all(|(x, y)| x == y || (x == 'X' && y.is_ascii_digit()) || (y == 'X' && x.is_ascii_digit()))
}

/// (matched, predicted, gold) for one document.
fn score(text: &str, gold: &serde_json::Value) -> (usize, usize, usize) {
    let extractor = Extractor::builder().categories(Categories::DATES).build();
    let doc = extractor.extract(text);
    let gold = gold["dates"].as_array().expect("dates list");
    let mut used = vec![false; gold.len()];
    let mut matched = 0;
    for d in &doc.dates {
        let hit = gold.iter().enumerate().position(|(i, g)| {
            let (start, end) = (
                g["start"].as_u64().unwrap() as usize,
                g["end"].as_u64().unwrap() as usize,
            );
            !used[i] && d.start < end && start < d.end && same_value(&d.value, g["value"].as_str().unwrap())
        });
        match hit {
            Some(i) => {
                used[i] = true;
                matched += 1;
            }
            None => eprintln!("false: {:?} {}", d.text, d.value),
        }
    }
    for (g, u) in gold.iter().zip(&used) {
        if !u {
            eprintln!("missed: {} {}", g["text"], g["value"]);
        }
    }
    (matched, doc.dates.len(), gold.len())
}

fn f1((matched, predicted, gold): (usize, usize, usize)) -> f64 {
    if predicted + gold == 0 {
        return 1.0;
    }
    2.0 * matched as f64 / (predicted + gold) as f64
}

#[test]
fn reference_article_dates_match_the_gold() {
    let gold: serde_json::Value = serde_json::from_str(REFERENCE_GOLD).expect("gold JSON");
    let counts = score(REFERENCE_TEXT, &gold);
    assert_eq!(counts, (13, 13, 13));
}

#[test]
fn development_set_dates_f1() {
    let gold_dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/gold/dev"));
    let texts = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/articles"));
    let Ok(entries) = std::fs::read_dir(gold_dir) else {
        eprintln!("skipped: {} is absent", gold_dir.display());
        return;
    };
    let mut total = (0, 0, 0);
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let Ok(text) = std::fs::read_to_string(texts.join(format!("{stem}.txt"))) else {
            continue;
        };
        let gold: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("gold file")).expect("gold JSON");
        let (m, p, g) = score(&text, &gold);
        total = (total.0 + m, total.1 + p, total.2 + g);
    }
    let f = f1(total);
    eprintln!(
        "dev dates: matched {}, predicted {}, gold {}, F1 {f:.3}",
        total.0, total.1, total.2
    );
    assert!(f >= 0.85, "dev dates F1 {f:.3} < 0.85");
}
