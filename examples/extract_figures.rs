//! Extracts the figures of the reference article (or of the file given as
//! the first argument) and prints them one per line.
//!
//! ```text
//! cargo run --release --example extract_figures [FILE]
//! ```

use vnextract::{Categories, DecodeOptions, Extractor};

/// The reference article, embedded so the example runs from anywhere.
const REFERENCE: &str = include_str!("data/bac-kan-2022-09.txt");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let text = match std::env::args_os().nth(1) {
        Some(path) => vnextract::decode(&std::fs::read(path)?, &DecodeOptions::default())?.text,
        None => REFERENCE.to_owned(),
    };
    // Only figures are wanted; dates are still read internally for periods.
    let extractor = Extractor::builder().categories(Categories::FIGURES).build();
    let doc = extractor.extract(&text);
    println!("{} figures in {} characters", doc.figures.len(), doc.text_length);
    for figure in &doc.figures {
        let value = figure.value.map(|v| v.to_string()).unwrap_or_else(|| "?".into());
        let unit = figure.unit.as_ref().map(serde_json::to_value).transpose()?;
        let unit = unit.as_ref().and_then(|u| u.as_str()).unwrap_or("");
        println!(
            "{:>5}-{:<5} {:<40} = {value} {unit}  [{}]",
            figure.start,
            figure.end,
            figure.text,
            figure.metric.as_deref().unwrap_or("-")
        );
        // The span is a byte range of the text as read.
        assert_eq!(&text[figure.span.clone()], figure.text);
    }
    Ok(())
}
