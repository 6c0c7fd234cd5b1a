use std::time::Instant;
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let mut text = String::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        text.push_str(&std::fs::read_to_string(p).unwrap_or_default());
        if text.len() > 20_000_000 {
            break;
        }
    }
    let mb = text.len() as f64 / 1e6;
    let t = Instant::now();
    let n = if std::env::var("ONCE").is_ok() { 0 } else { vnextract::numbers::scan(&text).len() };
    println!("scan: {n} in {:.1} MB/s", mb / t.elapsed().as_secs_f64());
    if std::env::var("SCAN_ONLY").is_ok() {
        return;
    }
    let seg = vnextract::segment::Segments::default();
    let ctx = vnextract::extractor::Context {
        text: &text,
        segments: &seg,
    };
    let mut best = f64::MAX;
    let mut n = 0;
    let reps = if std::env::var("ONCE").is_ok() { 1 } else { 5 };
    for _ in 0..reps {
        let t = Instant::now();
        n = vnextract::figures::extract(&ctx, &[]).len();
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!("figures: {n} in {:.1} MB/s (best of 5)", mb / best);
}
