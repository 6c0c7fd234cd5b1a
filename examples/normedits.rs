//! Counts what `normalize` edits in a directory of .txt files.
use std::collections::HashMap;
fn main() {
    let dir = std::env::args().nth(1).expect("dir");
    let mut counts: HashMap<(String, String), usize> = HashMap::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if !p.extension().is_some_and(|x| x == "txt") {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        for d in text.split("\n\n\n") {
            let n = vnextract::normalize(d, &Default::default());
            // Diff char by char through spans of each normalized char.
            let t = n.text();
            let mut last_end = 0;
            for (k, c) in t.char_indices() {
                let span = n.to_original(k..k + c.len_utf8());
                if &d[span.clone()] != c.to_string() || span.start != last_end {
                    let orig = &d[last_end.min(span.start)..span.end];
                    *counts
                        .entry((orig.escape_debug().to_string(), c.to_string()))
                        .or_default() += 1;
                }
                last_end = span.end;
            }
        }
    }
    let mut v: Vec<_> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1));
    for ((o, n), c) in v.iter().take(60) {
        println!("{c}\t{o:?}\t{n:?}");
    }
}
