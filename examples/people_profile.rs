//! Runs the people/titles stage on a file split at blank-line triples (profiling aid).
fn main() {
    let path = std::env::args().nth(1).expect("file");
    let text = std::fs::read_to_string(path).expect("read");
    let docs: Vec<&str> = text.split("\n\n\n").collect();
    let segs: Vec<_> = docs.iter().map(|d| vnextract::segment(d)).collect();
    let start = std::time::Instant::now();
    let mut n = 0;
    for _ in 0..3 {
        for (d, s) in docs.iter().zip(&segs) {
            let ctx = vnextract::extractor::Context { text: d, segments: s };
            let (p, t) = vnextract::people::extract(&ctx, &[]);
            n += p.len() + t.len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!("{n} items, {:.1} MB/s", 3.0 * text.len() as f64 / secs / 1e6);
}
