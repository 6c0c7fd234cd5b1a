//! Runs the people/titles stage on a file split at blank-line triples (profiling aid).
fn main() {
    let path = std::env::args().nth(1).expect("file");
    let text = std::fs::read_to_string(path).expect("read");
    let docs: Vec<&str> = text.split("\n\n\n").collect();
    let segs: Vec<_> = docs.iter().map(|d| vnextract::segment(d)).collect();
    let start = std::time::Instant::now();
    let mut n = 0;
    let reps: usize = std::env::var("REPS").ok().and_then(|s| s.parse().ok()).unwrap_or(3);
    for _ in 0..reps {
        for (d, s) in docs.iter().zip(&segs) {
            let ctx = vnextract::extractor::Context { text: d, segments: s };
            let (p, t) = vnextract::people::extract(&ctx, &[]);
            n += p.len() + t.len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let seg = vnextract::segment("");
    let ctx = vnextract::extractor::Context { text: "", segments: &seg };
    let _ = vnextract::people::extract(&ctx, &[]);
    println!("{n} items, {:.1} MB/s", reps as f64 * text.len() as f64 / secs / 1e6);
}
#[allow(dead_code)]
fn report() {}
