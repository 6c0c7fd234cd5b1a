//! Prints the paragraphs, sentences and clauses of a text file, one sentence
//! per line (`¦` marks clause breaks), to check segmentation by eye.
//! Run: `cargo run --example segment_sentences -- FILE`.

fn main() {
    let path = std::env::args().nth(1).expect("usage: segment_sentences FILE");
    let raw = std::fs::read_to_string(&path).expect("a UTF-8 text file");
    let normalized = vnextract::normalize(&raw, &Default::default());
    let text = normalized.text();
    let segments = vnextract::segment(text);
    for (p, paragraph) in segments.paragraphs.iter().enumerate() {
        println!("¶{p}");
        for sentence in segments.sentences.iter().filter(|s| paragraph.contains(&s.start)) {
            let clauses: Vec<&str> = segments
                .clauses
                .iter()
                .filter(|c| sentence.contains(&c.start))
                .map(|c| &text[c.clone()])
                .collect();
            println!("  • {}", clauses.join(" ¦ "));
        }
    }
}
