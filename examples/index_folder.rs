//! Indexes every text file of a folder (recursively, in sorted order) into
//! JSON Lines: one document per line, `source` set to the path. Files that
//! cannot be read or decoded become `{"source", "error"}` lines, so there
//! is one line per file.
//!
//! ```text
//! cargo run --release --example index_folder [FOLDER] > index.jsonl
//! ```
//! The default folder is `examples/data`.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use vnextract::{DecodeOptions, Extractor};

fn files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let folder = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data"));
    let mut paths = Vec::new();
    files(&folder, &mut paths)?;

    // One extractor, built once, shared by every document.
    let extractor = Extractor::new();
    let mut out = BufWriter::new(std::io::stdout().lock());
    let (mut ok, mut failed) = (0, 0);
    for path in &paths {
        let source = path.display().to_string();
        let text = std::fs::read(path).map_err(|e| e.to_string()).and_then(|bytes| {
            vnextract::decode(&bytes, &DecodeOptions::default()).map_err(|e| e.to_string())
        });
        match text {
            Ok(decoded) => {
                let doc = extractor.extract_with_source(&decoded.text, Some(source));
                serde_json::to_writer(&mut out, &doc)?;
                ok += 1;
            }
            Err(message) => {
                let record =
                    serde_json::json!({"source": source, "error": {"kind": "read", "message": message}});
                serde_json::to_writer(&mut out, &record)?;
                failed += 1;
            }
        }
        writeln!(out)?;
    }
    out.flush()?;
    eprintln!(
        "indexed {ok} documents from {} ({failed} failed)",
        folder.display()
    );
    Ok(())
}
