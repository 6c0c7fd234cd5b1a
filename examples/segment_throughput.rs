//! Times `segment` on a text file (whole file, repeated), for profiling.
//! Run: `cargo run --release --example segment_throughput -- FILE [ROUNDS]`.

use std::time::Instant;

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: segment_throughput FILE [ROUNDS]");
    let rounds: usize = std::env::args().nth(2).and_then(|r| r.parse().ok()).unwrap_or(20);
    let text = std::fs::read_to_string(&path).expect("a UTF-8 text file");
    let docs: Vec<&str> = text.split("\n\n\n").collect();
    let started = Instant::now();
    let mut tokens = 0;
    for _ in 0..rounds {
        tokens += docs
            .iter()
            .map(|d| vnextract::segment(d).tokens.len())
            .sum::<usize>();
    }
    let seconds = started.elapsed().as_secs_f64();
    let megabytes = (text.len() * rounds) as f64 / 1e6;
    println!("{tokens} tokens, {:.0} MB/s", megabytes / seconds);
}
