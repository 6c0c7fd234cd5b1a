//! Regenerates `crates/vnextract/data/people/written-forms.tsv`: every spelling
//! (lower, title and upper case, both tone placements) under which the people
//! stage looks up a lexicon word as written, before computing any key.
//!
//! Run after editing a people lexicon: `cargo run --example gen_people_forms`
//!
//! Expanding the spellings here rather than on first use keeps the library's
//! start-up cheap: it only hashes these lines into sets of `&'static str`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use vnextract::normalize::TONE_PLACEMENT_PAIRS;

const COMMAND: &str = "cargo run --example gen_people_forms";

/// The spellings of a word as it may appear in NFC text: lower case, title
/// case, upper case, each with both tone placements.
fn written_forms(word: &str) -> Vec<String> {
    let lower = word.to_lowercase();
    let mut spellings = vec![lower.clone()];
    for (old, new) in TONE_PLACEMENT_PAIRS {
        if lower.contains(old) {
            spellings.push(lower.replace(old, new));
        }
        if lower.contains(new) {
            spellings.push(lower.replace(new, old));
        }
    }
    let mut forms = Vec::new();
    for s in spellings {
        let mut chars = s.chars();
        if let Some(first) = chars.next() {
            forms.push(first.to_uppercase().chain(chars).collect());
        }
        forms.push(s.to_uppercase());
        forms.push(s);
    }
    forms
}

/// `Nội`: an upper-case letter, then only lower-case letters or combining marks.
fn is_title_case(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && chars.all(|c| c.is_lowercase() || ('\u{300}'..='\u{36f}').contains(&c))
}

/// A phrase with every word capitalized, in both tone placements.
fn capitalized_forms(phrase: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    for word in phrase.split_whitespace() {
        let forms: Vec<String> = written_forms(word)
            .into_iter()
            .filter(|f| is_title_case(f) || f.chars().count() == 1)
            .collect();
        out = out
            .iter()
            .flat_map(|prefix| {
                forms.iter().map(move |f| {
                    if prefix.is_empty() {
                        f.clone()
                    } else {
                        format!("{prefix} {f}")
                    }
                })
            })
            .collect();
    }
    out
}

/// First column of the data rows of a lexicon TSV (comments and header skipped).
fn first_column(folder: &Path, file: &str) -> Vec<String> {
    let path = folder.join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| l.split('\t').next().unwrap_or("").trim().to_owned())
        .collect()
}

/// Which spellings of a phrase table's entries the scanner looks up.
#[derive(Clone, Copy)]
enum Part {
    /// The first word, its trailing dot dropped (`match_phrase`).
    First,
    /// The last word as written, dot kept (`phrase_before`).
    Last,
    /// The whole of one-word entries (`could_start`).
    Single,
    /// The first two words of longer entries (`could_start`).
    Prefix2,
}

/// A part and its name in the output's `set` column (`first` in `roles.first`).
type NamedPart = (&'static str, Part);

/// The spellings of `part` of every phrase.
fn phrase_forms(phrases: &[String], part: Part) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for phrase in phrases {
        let words: Vec<&str> = phrase.split_whitespace().collect();
        let (Some(first), Some(last)) = (words.first(), words.last()) else {
            continue;
        };
        let first = first.trim_end_matches('.');
        match (part, words.get(1)) {
            (Part::First, _) => out.extend(written_forms(first)),
            (Part::Last, _) => out.extend(written_forms(last)),
            (Part::Single, None) => out.extend(written_forms(first)),
            (Part::Prefix2, Some(second)) => {
                let seconds = written_forms(second.trim_end_matches('.'));
                for f in written_forms(first) {
                    out.extend(seconds.iter().map(|s| format!("{f} {s}")));
                }
            }
            _ => {}
        }
    }
    out
}

fn main() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/vnextract/data/people");
    let lexicon = |file: &str| first_column(&folder, file);
    let places = lexicon("place-names.tsv");

    let mut sets: Vec<(String, BTreeSet<String>)> = Vec::new();
    // Single-word surnames start a name; compound ones start with one too.
    let surnames = lexicon("surnames.tsv")
        .iter()
        .filter_map(|s| s.split_whitespace().next())
        .flat_map(written_forms)
        .collect();
    sets.push(("surname".into(), surnames));
    sets.push((
        "stopword".into(),
        lexicon("name-stopwords.tsv")
            .iter()
            .flat_map(|s| written_forms(s))
            .collect(),
    ));
    // Place names (dashed ones excepted) and non-names, each word capitalized.
    let not_person = lexicon("not-names.tsv")
        .iter()
        .chain(places.iter().filter(|p| !p.contains(['-', '–'])))
        .flat_map(|p| capitalized_forms(p))
        .collect();
    sets.push(("not-person".into(), not_person));
    // `Bà Rịa - Vũng Tàu` is also written `Bà Rịa-Vũng Tàu`: matched without dashes.
    let undashed_places: Vec<String> = places.iter().map(|p| p.replace(['-', '–'], " ")).collect();
    // Only the parts the scanner looks up, per table (see `Phrases` in people/lexicon.rs).
    let tables: [(&str, Vec<String>, &[NamedPart]); 8] = [
        (
            "honorifics",
            lexicon("honorifics.tsv"),
            &[
                ("first", Part::First),
                ("last", Part::Last),
                ("single", Part::Single),
                ("prefix2", Part::Prefix2),
            ],
        ),
        (
            "roles",
            lexicon("roles.tsv"),
            &[
                ("first", Part::First),
                ("single", Part::Single),
                ("prefix2", Part::Prefix2),
            ],
        ),
        ("bodies", lexicon("bodies.tsv"), &[("first", Part::First)]),
        ("modifiers", lexicon("modifiers.tsv"), &[("first", Part::First)]),
        (
            "jurisdiction-types",
            lexicon("jurisdiction-types.tsv"),
            &[("first", Part::First)],
        ),
        (
            "name-blockers",
            lexicon("name-blockers.tsv"),
            &[("last", Part::Last)],
        ),
        (
            "role-blockers",
            lexicon("role-blockers.tsv"),
            &[("last", Part::Last)],
        ),
        ("places", undashed_places, &[("first", Part::First)]),
    ];
    for (table, phrases, parts) in &tables {
        for (part_name, part) in *parts {
            sets.push((format!("{table}.{part_name}"), phrase_forms(phrases, *part)));
        }
    }

    let mut out = String::new();
    writeln!(out, "# generated, DO NOT EDIT: {COMMAND}").unwrap();
    writeln!(
        out,
        "# Spellings of the people lexicons' words as written (see README.md)."
    )
    .unwrap();
    writeln!(out, "set\tform").unwrap();
    for (name, forms) in &sets {
        for form in forms {
            writeln!(out, "{name}\t{form}").unwrap();
        }
    }
    let path = folder.join("written-forms.tsv");
    std::fs::write(&path, out).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let total: usize = sets.iter().map(|(_, s)| s.len()).sum();
    eprintln!(
        "wrote {total} spellings in {} sets to {}",
        sets.len(),
        path.display()
    );
}
