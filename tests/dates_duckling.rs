//! Duckling's Vietnamese time corpus, absolute dates and months.
//!
//! Source: `tests/fixtures/peer-suites/duckling-vi.jsonl` (facebook/duckling,
//! `Duckling/Time/VI/Corpus.hs`, BSD-3-Clause; see the fixtures' README).
//! Duckling's reference time is 2017-02-02 (a Thursday) and it fills a
//! missing year with the next occurrence after the reference, so the
//! extractor runs with `DateOptions { reference: Some((2017, 2, 2)), .. }`.
//!
//! Selection rule (applied in code by [`selected`]): a case is kept when
//! 1. its dimension is `time` and its expected value is a single value
//!    (not an interval) whose grain is `day` or `month`; and
//! 2. its text names the month itself: it contains `tháng` or a digit
//!    date `d/m`; and
//! 3. its text has no word that makes it relative to the reference
//!    (`hôm`, `mai`, `nay`, `này`, `qua`, `tới`, `sau`, `trước`, `tuần`,
//!    `vừa`, `tiếp`, `kế`, `ngoái`).
//!
//! A case passes when the whole input is found as exactly one date mention
//! whose value equals Duckling's on the date part (`YYYY-MM-DD` for a day,
//! `YYYY-MM` for a month). At least 90 % must pass; every failure must be
//! listed in [`KNOWN_FAILURES`] with its reason.

use vnextract::dates::{extract_with, DateOptions};
use vnextract::extractor::Context;

const FIXTURE: &str = include_str!("fixtures/peer-suites/duckling-vi.jsonl");

const RELATIVE_WORDS: &[&str] = &[
    "hôm", "mai", "nay", "này", "qua", "tới", "sau", "trước", "tuần", "vừa", "tiếp", "kế", "ngoái",
];

/// Cases of the selection that fail, with the reason.
const KNOWN_FAILURES: &[(&str, &str)] = &[];

struct Case {
    text: String,
    expected: String,
}

fn selected() -> Vec<Case> {
    let mut cases = Vec::new();
    for line in FIXTURE.lines().filter(|l| !l.trim().is_empty()) {
        let record: serde_json::Value = serde_json::from_str(line).expect("fixture line is JSON");
        if record["dim"] != "time" || record["expected"]["type"] != "value" {
            continue;
        }
        let grain = record["expected"]["grain"].as_str().unwrap_or("");
        let width = match grain {
            "day" => 10,
            "month" => 7,
            _ => continue,
        };
        let text = record["text"].as_str().expect("text").to_string();
        let names_month = text.contains("tháng")
            || text
                .split(|c: char| !c.is_ascii_digit() && c != '/')
                .any(|w| w.split('/').filter(|p| !p.is_empty()).count() >= 2);
        let relative = text.split_whitespace().any(|w| RELATIVE_WORDS.contains(&w));
        if !names_month || relative {
            continue;
        }
        let value = record["expected"]["value"].as_str().expect("value");
        cases.push(Case {
            text,
            expected: value[..width].to_string(),
        });
    }
    cases
}

fn check(case: &Case) -> Result<(), String> {
    let norm = vnextract::normalize(&case.text, &Default::default());
    let segments = vnextract::segment(norm.text());
    let ctx = Context {
        text: norm.text(),
        segments: &segments,
    };
    let found = extract_with(
        &ctx,
        &DateOptions {
            reference: Some((2017, 2, 2)),
            ..Default::default()
        },
    );
    match found.as_slice() {
        [one] if one.span == (0..norm.text().len()) && one.value == case.expected => Ok(()),
        [one] if one.span == (0..norm.text().len()) => {
            Err(format!("value {} != {}", one.value, case.expected))
        }
        _ => Err(format!(
            "found {:?}",
            found
                .iter()
                .map(|d| (&norm.text()[d.span.clone()], &*d.value))
                .collect::<Vec<_>>()
        )),
    }
}

#[test]
fn duckling_absolute_dates_and_months() {
    let cases = selected();
    assert!(cases.len() >= 25, "selection too small: {}", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        if let Err(why) = check(case) {
            failures.push((case.text.clone(), why));
        }
    }
    for (text, why) in &failures {
        eprintln!("FAIL {text:?}: {why}");
    }
    let passed = cases.len() - failures.len();
    eprintln!("duckling dates: {passed}/{} passed", cases.len());
    assert!(passed * 10 >= cases.len() * 9, "{passed}/{} passed", cases.len());
    for (text, why) in &failures {
        assert!(
            KNOWN_FAILURES.iter().any(|(known, _)| known == text),
            "unexpected failure {text:?}: {why}"
        );
    }
}
