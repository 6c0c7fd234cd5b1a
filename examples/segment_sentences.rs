//! Prints the paragraphs, sentences and clauses of a text file, one sentence
//! per line (`¦` marks clause breaks), to check segmentation by eye.
//! Run: `cargo run --example segment_sentences -- FILE`.

fn main() {
    // Default: the reference article shipped with the repository.
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/bac-kan-2022-09.txt").to_owned()
    });
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
