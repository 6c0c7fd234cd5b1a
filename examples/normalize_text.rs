//! Normalizes a text (the argument, or a built-in sample written with
//! decomposed characters, old-style tone marks and odd spacing), shows the
//! three tone placements, the lossy matching key, and how a span of the
//! normalized text maps back to the input.
//!
//! ```text
//! cargo run --release --example normalize_text ["some text"]
//! ```

use vnextract::normalize::matching_key;
use vnextract::{normalize, NormalizeOptions, TonePlacement};

fn main() {
    // "Hoà Bình", "thuỷ lợi" with a decomposed "à", a non-breaking space and an en dash.
    let sample = "Tỉnh Hoa\u{300}\u{a0}Bình – công trình thuỷ lợi  ĐỒNG THÁP";
    let input = std::env::args().nth(1).unwrap_or_else(|| sample.to_owned());
    println!("input:        {input:?}");
    for (name, tone) in [
        ("keep", TonePlacement::Keep),
        ("modern", TonePlacement::Modern),
        ("traditional", TonePlacement::Traditional),
    ] {
        let normalized = normalize(&input, &NormalizeOptions { tone });
        println!("{name:<13} {:?}", normalized.text());
    }
    let normalized = normalize(&input, &NormalizeOptions::default());
    println!("matching key: {:?}", matching_key(normalized.text()));

    // Every byte range of the normalized text maps back to the input.
    let text = normalized.text();
    if let Some((start, word)) = text
        .split(' ')
        .scan(0, |at, w| {
            let here = *at;
            *at += w.len() + 1;
            Some((here, w))
        })
        .nth(1)
    {
        let back = normalized.to_original(start..start + word.len());
        println!(
            "{word:?} at {start}..{} is {:?} in the input",
            start + word.len(),
            &input[back]
        );
    }
}
