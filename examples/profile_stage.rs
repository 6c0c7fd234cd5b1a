//! Runs one pipeline stage on bulk news text, for profilers: the inputs of
//! the stage are prepared first, then `run_stage` runs it `REPS` times, so
//! that `valgrind --tool=callgrind --toggle-collect=profile_stage::run_stage`
//! counts the stage's instructions alone (repeatable whatever the load).
//!
//! ```text
//! cargo run --release --example profile_stage -- [STAGE] [BYTES] [REPS]
//! benches/callgrind.sh [STAGE] [BYTES]     # instructions per byte
//! ```
//! STAGE: normalize, normalize_nfd, segment, dates, figures, places,
//! people_titles, directives, assemble, pipeline (`Extractor::extract` per document)
//! or batch (`Extractor::extract_batch`); default `pipeline`. BYTES of text
//! (default 1,000,000) from `../shared/corpus/bulk` (or `VNEXTRACT_BULK_DIR`)
//! split into documents at `\n\n\n`, else the reference article repeated.
//! With `--one-line` (anywhere among the arguments), one document instead:
//! that text with line breaks turned into spaces, cut to BYTES, as
//! `benches/scaling.rs` builds it (to see how a stage scales with one huge
//! paragraph). Stage `assemble` is the step from found spans to `Document`.
//! With `--allocs`, also the heap allocations the stage made, per MB of text
//! (each one costs a malloc and a free: more than its instructions suggest).

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;

use unicode_normalization::UnicodeNormalization;
use vnextract::document::{DateMention, Found, Person, Place, Title};
use vnextract::extractor::{Context, Era};
use vnextract::{dates, directives, figures, people, places, Extractor, NormalizeOptions, Normalized};

/// The system allocator, counting allocations while [`COUNTING`] is set.
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The bulk text (or the reference article) as one line of `size` bytes, as
/// `benches/scaling.rs` builds it.
fn one_line(size: usize) -> Vec<String> {
    let docs = documents(size);
    let line = docs.join("\n\n\n").replace(['\n', '\r'], " ");
    let end = (0..=size.min(line.len()))
        .rev()
        .find(|&i| line.is_char_boundary(i))
        .unwrap_or(0);
    vec![line[..end].to_owned()]
}

fn documents(limit: usize) -> Vec<String> {
    let dir = std::env::var_os("VNEXTRACT_BULK_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/bulk")));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|x| x == "txt"));
    files.sort();
    let mut docs = Vec::new();
    let mut total = 0;
    'files: for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        for doc in text.split("\n\n\n") {
            total += doc.len();
            docs.push(doc.to_owned());
            if total >= limit {
                break 'files;
            }
        }
    }
    let article = include_str!("data/bac-kan-2022-09.txt");
    while total < limit {
        total += article.len();
        docs.push(article.to_owned());
    }
    docs
}

/// Everything the stages read, prepared before the measured part.
struct Prepared<'a> {
    contexts: Vec<Context<'a>>,
    dates: Vec<Vec<DateMention>>,
    places: Vec<Vec<Place>>,
    people_titles: Vec<(Vec<Person>, Vec<Title>)>,
    normalized: &'a [Normalized],
    found: Vec<Found>,
}

#[inline(never)]
fn run_stage(stage: &str, docs: &[String], nfd: &[String], p: &Prepared, extractor: &Extractor) -> usize {
    let options = NormalizeOptions::default();
    let c = &p.contexts;
    match stage {
        "normalize" => docs
            .iter()
            .map(|d| vnextract::normalize(d, &options).text().len())
            .sum(),
        "normalize_nfd" => nfd
            .iter()
            .map(|d| vnextract::normalize(d, &options).text().len())
            .sum(),
        "segment" => c.iter().map(|c| vnextract::segment(c.text).tokens.len()).sum(),
        "dates" => c.iter().map(|c| dates::extract(c).len()).sum(),
        "figures" => c
            .iter()
            .zip(&p.dates)
            .map(|(c, d)| figures::extract(c, d).len())
            .sum(),
        "places" => c
            .iter()
            .zip(&p.dates)
            .map(|(c, d)| places::extract(c, d, Era::FromDocument).len())
            .sum(),
        "people_titles" => c
            .iter()
            .zip(&p.places)
            .map(|(c, pl)| people::extract(c, pl).1.len())
            .sum(),
        "directives" => c
            .iter()
            .zip(&p.people_titles)
            .zip(&p.dates)
            .map(|((c, (people, titles)), d)| directives::extract(c, people, titles, d).len())
            .sum(),
        "assemble" => docs
            .iter()
            .zip(p.normalized)
            .zip(&p.found)
            .map(|((d, n), found)| {
                vnextract::document::assemble(d, n, found.clone(), None)
                    .figures
                    .len()
            })
            .sum(),
        "pipeline" => docs.iter().map(|d| extractor.extract(d).figures.len()).sum(),
        "batch" => extractor
            .extract_batch(docs)
            .iter()
            .map(|d| d.figures.len())
            .sum(),
        other => panic!("unknown stage {other}"),
    }
}

fn main() {
    let mut args: Vec<String> = std::env::args().collect();
    let one_line_mode = args.iter().any(|a| a == "--one-line");
    let count_allocs = args.iter().any(|a| a == "--allocs");
    args.retain(|a| a != "--one-line" && a != "--allocs");
    let stage = args.get(1).map_or("pipeline", String::as_str);
    let bytes: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    let reps: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1);
    let docs = if one_line_mode {
        one_line(bytes)
    } else {
        documents(bytes)
    };
    let total: usize = docs.iter().map(String::len).sum();
    let nfd: Vec<String> = if stage == "normalize_nfd" {
        docs.iter().map(|d| d.nfd().collect()).collect()
    } else {
        Vec::new()
    };
    let options = NormalizeOptions::default();
    let normalized: Vec<_> = docs.iter().map(|d| vnextract::normalize(d, &options)).collect();
    let segments: Vec<_> = normalized.iter().map(|n| vnextract::segment(n.text())).collect();
    let contexts: Vec<Context> = normalized
        .iter()
        .zip(&segments)
        .map(|(n, s)| Context {
            text: n.text(),
            segments: s,
        })
        .collect();
    let dates: Vec<_> = contexts.iter().map(dates::extract).collect();
    let places: Vec<_> = contexts
        .iter()
        .zip(&dates)
        .map(|(c, d)| places::extract(c, d, Era::FromDocument))
        .collect();
    let people_titles: Vec<_> = contexts
        .iter()
        .zip(&places)
        .map(|(c, p)| people::extract(c, p))
        .collect();
    let extractor = Extractor::new();
    let prepared = Prepared {
        contexts,
        dates,
        places,
        people_titles,
        normalized: &normalized,
        found: normalized
            .iter()
            .map(|n| extractor.extract_normalized(n))
            .collect(),
    };
    // Lexicons are built on first use: not part of the measure.
    extractor.extract("Ngày 7/9/2022, ông Nguyễn Văn An, Chủ tịch UBND xã Nông Thượng, đạt 120 tỷ đồng.");
    COUNTING.store(count_allocs, Ordering::Relaxed);
    let started = Instant::now();
    let mut items = 0;
    for _ in 0..reps {
        items += run_stage(stage, &docs, &nfd, &prepared, &extractor);
    }
    let seconds = started.elapsed().as_secs_f64();
    COUNTING.store(false, Ordering::Relaxed);
    println!(
        "{stage}: {total} bytes x{reps} in {seconds:.3} s = {:.1} MB/s ({items} items)",
        (total * reps) as f64 / seconds / 1e6
    );
    if count_allocs {
        let per_mb = ALLOCATIONS.load(Ordering::Relaxed) as f64 / (total * reps) as f64 * 1e6;
        println!("{stage}: {per_mb:.0} allocations per MB");
    }
}
