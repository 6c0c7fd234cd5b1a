//! Encoding names as written on the command line.

use vnextract::Encoding;

/// The encoding called `name` (case-insensitive).
pub fn from_name(name: &str) -> Result<Encoding, String> {
    match name.trim().to_ascii_lowercase().as_str() {
        "auto" => Ok(Encoding::Auto),
        "utf-8" | "utf8" => Ok(Encoding::Utf8),
        _ => Err(format!(
            "unknown or unsupported encoding `{name}` (expected auto or utf-8)"
        )),
    }
}
