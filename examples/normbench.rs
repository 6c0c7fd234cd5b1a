//! Quick throughput check of `normalize` (CPU time, so a busy machine does
//! not skew it): `cargo run --release --example normbench -- DIR [nfd]`.
fn cpu_ns() -> u64 {
    let s = std::fs::read_to_string("/proc/self/schedstat").unwrap_or_default();
    s.split_whitespace()
        .next()
        .and_then(|x| x.parse().ok())
        .unwrap_or(0)
}
fn main() {
    let dir = std::env::args().nth(1).expect("dir");
    let nfd = std::env::args().nth(2).is_some_and(|a| a == "nfd");
    let mut text = String::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.extension().is_some_and(|x| x == "txt") && text.len() < 8_000_000 {
            text.push_str(&std::fs::read_to_string(p).unwrap());
        }
    }
    let mut cut = 8_000_000.min(text.len());
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text.truncate(cut);
    if nfd {
        text = unicode_normalization::UnicodeNormalization::nfd(text.as_str()).collect();
    }
    let docs: Vec<&str> = text.split("\n\n\n").collect();
    let o = vnextract::NormalizeOptions::default();
    let mut edits = 0;
    let rounds = 5;
    let t = cpu_ns();
    for _ in 0..rounds {
        for d in &docs {
            let n = vnextract::normalize(d, &o);
            edits += usize::from(!n.is_identity());
        }
    }
    let secs = (cpu_ns() - t) as f64 / 1e9 / rounds as f64;
    let t = cpu_ns();
    let mut spaces = 0usize;
    for _ in 0..rounds {
        for d in &docs {
            let owned = d.to_string();
            spaces += owned.bytes().filter(|&b| b == b' ' || b >= 0xc0).count();
        }
    }
    let base = (cpu_ns() - t) as f64 / 1e9 / rounds as f64;
    println!(
        "baseline (copy + count spaces/leads: {}): {:.1} MB/s",
        spaces / rounds,
        text.len() as f64 / base / 1e6
    );
    println!(
        "{} docs, {} non-identity, {:.1} MB/s (CPU time)",
        docs.len(),
        edits / rounds,
        text.len() as f64 / secs / 1e6
    );
}
