//! Reading the embedded data files: every lexicon is a TSV whose lines
//! starting with `#` are comments and whose blank lines are skipped. One
//! reader for every stage, so the files follow one format.

/// The non-blank, non-comment lines of a data file, as written.
pub(crate) fn lines(data: &str) -> impl Iterator<Item = &str> {
    data.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
}

/// The rows of a TSV data file: [`lines`] split at tabs (fields not trimmed,
/// so an empty or space-only last field survives).
pub(crate) fn rows(data: &str) -> impl Iterator<Item = Vec<&str>> {
    lines(data).map(|l| l.split('\t').collect())
}

/// The word with its first letter in upper case (`tăng cường` → `Tăng cường`),
/// the sentence-initial spelling of a lexicon entry.
pub(crate) fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_blank_lines_are_skipped_and_fields_kept() {
        let data = "# header comment\na\tb\n\n  \nc\t \n";
        let got: Vec<Vec<&str>> = rows(data).collect();
        assert_eq!(got, vec![vec!["a", "b"], vec!["c", " "]]);
        assert_eq!(capitalize("đề nghị"), "Đề nghị");
        assert_eq!(capitalize(""), "");
    }
}
