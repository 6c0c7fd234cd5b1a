//! Does the time grow linearly with the size? `cargo bench --bench scaling`
//! times the whole pipeline (`Extractor::extract`) on the same text at 1×,
//! 2× and 4× its size as one line, on 10,000 documents of 1 KB, and on the
//! adversarial inputs of `tests/adversarial.rs` at the issue's size and twice
//! it, printing MB/s and the time ratio to the size before (2.0 is linear;
//! quadratic time shows as 4.0). Speed is checked here, never by timed unit
//! tests. Results: `benches/README.md`.
//!
//! Text: bulk news from `../shared/corpus/bulk` when present (first file),
//! else the reference article repeated.

use std::time::{Duration, Instant};

use vnextract::Extractor;

/// The fastest of a few runs: the machine is shared, the minimum is the
/// least disturbed.
fn best_time(mut run: impl FnMut()) -> Duration {
    let mut best = Duration::MAX;
    let mut total = Duration::ZERO;
    let mut runs = 0;
    while runs < 3 || (total < Duration::from_millis(300) && runs < 50) {
        let start = Instant::now();
        run();
        let took = start.elapsed();
        best = best.min(took);
        total += took;
        runs += 1;
    }
    best
}

/// Prints one family: each size, MB/s and the time ratio to the size before.
fn family(name: &str, extractor: &Extractor, inputs: &[String]) {
    let mut previous: Option<(usize, Duration)> = None;
    for input in inputs {
        let took = best_time(|| {
            std::hint::black_box(extractor.extract(std::hint::black_box(input)));
        });
        let mb_per_s = input.len() as f64 / took.as_secs_f64() / 1e6;
        let ratio = previous.map_or(String::new(), |(size, time)| {
            format!(
                "  size ×{:.1} → time ×{:.2}",
                input.len() as f64 / size as f64,
                took.as_secs_f64() / time.as_secs_f64()
            )
        });
        println!(
            "{name:<34} {:>11} B {:>9.1} ms {mb_per_s:>7.1} MB/s{ratio}",
            input.len(),
            took.as_secs_f64() * 1e3
        );
        previous = Some((input.len(), took));
    }
}

fn news_text() -> String {
    let bulk = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/bulk"));
    let mut files: Vec<_> = std::fs::read_dir(bulk)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "jsonl"))
        .find_map(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_else(|| {
            std::fs::read_to_string(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/examples/data/bac-kan-2022-09.txt"
            ))
            .unwrap()
        })
}

/// Builds an adversarial input of about the given size in bytes.
type MakeInput<'a> = Box<dyn Fn(usize) -> String + 'a>;

/// `unit` repeated, or cut, to `size` bytes (down to a char boundary).
fn repeat_to(unit: &str, size: usize) -> String {
    let mut text = unit.repeat(size.div_ceil(unit.len()));
    let end = (0..=size.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    text.truncate(end);
    text
}

fn main() {
    let extractor = Extractor::new();
    extractor.extract("Ngày 1/1/2024, UBND tỉnh Bắc Kạn thu 12 tỷ đồng."); // lexicons loaded
    let line = news_text().replace(['\n', '\r'], " ");

    println!("-- the same news text as one line");
    let sizes = [2_500_000, 5_000_000, 10_000_000];
    family("one line", &extractor, &sizes.map(|n| repeat_to(&line, n)));

    println!("-- 10,000 documents of 1 KB (time for all)");
    let docs: Vec<String> = (0..10_000)
        .map(|k| {
            let start = (k * 1013) % line.len().saturating_sub(1100).max(1);
            let start = (start..).find(|&i| line.is_char_boundary(i)).unwrap();
            let end = (start + 1000..)
                .find(|&i| line.is_char_boundary(i))
                .unwrap()
                .min(line.len());
            line[start..end].to_owned()
        })
        .collect();
    let bytes: usize = docs.iter().map(String::len).sum();
    let took = best_time(|| {
        for doc in &docs {
            std::hint::black_box(extractor.extract(doc));
        }
    });
    println!(
        "{:<34} {bytes:>11} B {:>9.1} ms {:>7.1} MB/s",
        "10,000 × 1 KB",
        took.as_secs_f64() * 1e3,
        bytes as f64 / took.as_secs_f64() / 1e6
    );

    println!("-- adversarial inputs, the issue's size and twice it");
    let digits = |n: usize| format!("Thu {} đồng.", "1234567890".repeat(n / 10));
    let cases: Vec<(&str, MakeInput)> = vec![
        ("50 MB line", Box::new(|n| repeat_to(&line, n))),
        ("semicolons", Box::new(|n| ";".repeat(n))),
        ("1.1.1.1...", Box::new(|n| "1.".repeat(n / 2))),
        ("digits of one number", Box::new(digits)),
        (
            "tỷ tỷ tỷ ...",
            Box::new(|n| format!("đạt 5 {}đồng", repeat_to("tỷ ", n))),
        ),
        (
            "combining marks on one letter",
            Box::new(|n| format!("a{}", "\u{301}".repeat(n / 2))),
        ),
        ("white space", Box::new(|n| repeat_to(" \t\n\u{a0}", n))),
        (
            "NUL bytes and figures",
            Box::new(|n| repeat_to("Thu\0 ngân sách\0 đạt 120 tỷ đồng\0 ", n)),
        ),
        (
            "CR-only lines",
            Box::new(|n| repeat_to(&line.replace(". ", ".\r"), n)),
        ),
        (
            "mixed scripts, RTL marks",
            Box::new(|n| {
                repeat_to(
                    "\u{202e}Hà Nội שלום مرحبا 中文 \u{200f}đạt 12 tỷ đồng\u{200e} ",
                    n,
                )
            }),
        ),
    ];
    let issue_size = |name: &str| match name {
        "50 MB line" => 50_000_000,
        "semicolons" => 1_000_000,
        "1.1.1.1..." => 100_000,
        "digits of one number" | "combining marks on one letter" => 10_000,
        _ => 1_000_000,
    };
    for (name, make) in &cases {
        let n = issue_size(name);
        family(name, &extractor, &[make(n), make(2 * n)]);
    }
}
