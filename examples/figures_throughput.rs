//! Measures the figures stage on a folder of text files (CPU time of one pass), e.g.
//! `cargo run --release --example figures_throughput -- /work/shared/corpus/bulk`.
use std::time::Instant;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: figures_throughput DIR");
        return;
    };
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(dir).expect("folder") {
        if let Ok(text) = std::fs::read_to_string(entry.expect("entry").path()) {
            texts.push(text);
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let segments = vnextract::segment::Segments::default();
    let mut best = f64::MAX;
    let mut count = 0;
    for _ in 0..3 {
        let start = Instant::now();
        count = texts
            .iter()
            .map(|text| {
                let ctx = vnextract::extractor::Context {
                    text,
                    segments: &segments,
                };
                vnextract::figures::extract(&ctx, &[]).len()
            })
            .sum();
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "{count} figures in {:.1} MB: {:.1} MB/s (best of 3)",
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / best
    );
}
