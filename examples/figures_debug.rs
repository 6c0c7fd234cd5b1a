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
    let n = vnextract::numbers::scan(&text).len();
    println!("scan: {n} in {:.1} MB/s", mb / t.elapsed().as_secs_f64());
    if std::env::var("SCAN_ONLY").is_ok() {
        return;
    }
    let seg = vnextract::segment::Segments::default();
    let ctx = vnextract::extractor::Context {
        text: &text,
        segments: &seg,
    };
    let t = Instant::now();
    let n = vnextract::figures::extract(&ctx, &[]).len();
    println!("figures: {n} in {:.1} MB/s", mb / t.elapsed().as_secs_f64());
}
