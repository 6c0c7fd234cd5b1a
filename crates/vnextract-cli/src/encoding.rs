//! Encoding names as written on the command line.

use vnextract::Encoding;

/// The encoding called `name` (case-insensitive, with the core's aliases).
pub fn from_name(name: &str) -> Result<Encoding, String> {
    Encoding::from_name(name).ok_or_else(|| {
        let known: Vec<&str> = Encoding::ALL.iter().map(|e| e.name()).collect();
        format!(
            "unknown encoding `{name}` (expected one of: {})",
            known.join(", ")
        )
    })
}
