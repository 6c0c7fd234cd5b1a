//! Throughput of each pipeline stage and of the whole pipeline, on the bulk
//! news text of `../shared/corpus/bulk` when present, else on the reference
//! article repeated. Run: `cargo bench --bench stages [-- FILTER]`.

use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use vnextract::extractor::{Context, Era};
use vnextract::{dates, directives, figures, people, places, Extractor, NormalizeOptions};

/// Documents to run on: the bulk corpus split at `\n\n\n`, or the reference
/// article repeated to about 4 MB.
fn corpus() -> (String, Vec<String>) {
    // VNEXTRACT_BULK_DIR overrides where the bulk corpus is (worktrees live
    // elsewhere than beside `shared/`).
    let bulk = std::env::var_os("VNEXTRACT_BULK_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/bulk"));
    let limit: usize = std::env::var("VNEXTRACT_BENCH_BYTES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(8 << 20);
    let mut docs = Vec::new();
    let mut total = 0;
    if let Ok(entries) = std::fs::read_dir(&bulk) {
        let mut files: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        'files: for file in files {
            let text = std::fs::read_to_string(&file).expect("bulk text is UTF-8");
            for doc in text.split("\n\n\n") {
                total += doc.len();
                docs.push(doc.to_owned());
                if total >= limit {
                    break 'files;
                }
            }
        }
        if !docs.is_empty() {
            return ("bulk".into(), docs);
        }
    }
    let article = include_str!("../examples/data/bac-kan-2022-09.txt");
    while total < limit.min(4 << 20) {
        total += article.len();
        docs.push(article.to_owned());
    }
    ("reference-repeated".into(), docs)
}

fn stages(c: &mut Criterion) {
    let (name, docs) = corpus();
    let bytes: usize = docs.iter().map(String::len).sum();
    let mut group = c.benchmark_group(format!("stages/{name}"));
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));

    let options = NormalizeOptions::default();
    group.bench_function("normalize", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| vnextract::normalize(d, &options).text().len())
                .sum::<usize>()
        })
    });
    // The same text fully decomposed (NFD), as some sites publish it.
    let nfd_docs: Vec<String> = docs
        .iter()
        .map(|d| unicode_normalization::UnicodeNormalization::nfd(d.as_str()).collect())
        .collect();
    group.bench_function("normalize_nfd", |b| {
        b.iter(|| {
            nfd_docs
                .iter()
                .map(|d| vnextract::normalize(d, &options).text().len())
                .sum::<usize>()
        })
    });
    drop(nfd_docs);
    let normalized: Vec<_> = docs.iter().map(|d| vnextract::normalize(d, &options)).collect();
    group.bench_function("segment", |b| {
        b.iter(|| {
            normalized
                .iter()
                .map(|n| vnextract::segment(n.text()).tokens.len())
                .sum::<usize>()
        })
    });
    let segments: Vec<_> = normalized.iter().map(|n| vnextract::segment(n.text())).collect();
    let contexts: Vec<Context> = normalized
        .iter()
        .zip(&segments)
        .map(|(n, s)| Context {
            text: n.text(),
            segments: s,
        })
        .collect();
    let all_dates: Vec<_> = contexts.iter().map(dates::extract).collect();
    let all_places: Vec<_> = contexts
        .iter()
        .zip(&all_dates)
        .map(|(c, d)| places::extract(c, d, Era::FromDocument))
        .collect();
    let all_people: Vec<_> = contexts
        .iter()
        .zip(&all_places)
        .map(|(c, p)| people::extract(c, p))
        .collect();

    group.bench_function("dates", |b| {
        b.iter(|| contexts.iter().map(|c| dates::extract(c).len()).sum::<usize>())
    });
    group.bench_function("figures", |b| {
        b.iter(|| {
            contexts
                .iter()
                .zip(&all_dates)
                .map(|(c, d)| figures::extract(c, d).len())
                .sum::<usize>()
        })
    });
    group.bench_function("places", |b| {
        b.iter(|| {
            contexts
                .iter()
                .zip(&all_dates)
                .map(|(c, d)| places::extract(c, d, Era::FromDocument).len())
                .sum::<usize>()
        })
    });
    group.bench_function("people_titles", |b| {
        b.iter(|| {
            contexts
                .iter()
                .zip(&all_places)
                .map(|(c, p)| people::extract(c, p).1.len())
                .sum::<usize>()
        })
    });
    group.bench_function("directives", |b| {
        b.iter(|| {
            contexts
                .iter()
                .zip(&all_people)
                .zip(&all_dates)
                .map(|((c, (p, t)), d)| directives::extract(c, p, t, d).len())
                .sum::<usize>()
        })
    });
    let extractor = Extractor::new();
    group.bench_with_input(BenchmarkId::new("pipeline", "single-thread"), &docs, |b, docs| {
        b.iter(|| {
            docs.iter()
                .map(|d| extractor.extract(d).figures.len())
                .sum::<usize>()
        })
    });
    // The same work through the batch API: each stage over a group of
    // documents before the next stage (what the CLI does in batch mode).
    group.bench_with_input(BenchmarkId::new("pipeline", "batch"), &docs, |b, docs| {
        b.iter(|| {
            extractor
                .extract_batch(docs)
                .iter()
                .map(|d| d.figures.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
