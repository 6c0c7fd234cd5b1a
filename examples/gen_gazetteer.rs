//! Regenerates the compact gazetteer tables under `crates/vnextract/data/gazetteer/`
//! from the reference TSVs (`admin-units-*.tsv`, see that folder's README).
//!
//! Run: `cargo run --example gen_gazetteer -- ../shared/data`
//!
//! The output keeps only what linking needs (code, type, parent, name and the
//! 2025 successors), sorted by code, so the embedded tables stay small and
//! parse in a few milliseconds on first use.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const COMMAND: &str = "cargo run --example gen_gazetteer -- ../shared/data";

/// One TSV file as rows of named columns.
fn read_tsv(path: &Path) -> Vec<HashMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header row").split('\t').collect();
    lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            header
                .iter()
                .zip(l.split('\t'))
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn header(what: &str, columns: &str) -> String {
    format!("# generated, DO NOT EDIT: {COMMAND}\n# {what}\n{columns}\n")
}

fn main() {
    let source = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "../shared/data".into()));
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/vnextract/data/gazetteer");
    std::fs::create_dir_all(&out).expect("output folder");

    let units_2024 = read_tsv(&source.join("admin-units-2024.tsv"));
    let units_2025 = read_tsv(&source.join("admin-units-2025.tsv"));
    let old_to_new = read_tsv(&source.join("admin-units-old-to-new.tsv"));
    let superseded = read_tsv(&source.join("admin-units-superseded.tsv"));
    let new_names: HashMap<&str, &str> = units_2025
        .iter()
        .map(|r| (r["code"].as_str(), r["name"].as_str()))
        .collect();

    // Successors of each old unit (level, code) → (default, others).
    let mut successors: HashMap<(String, String), (Option<String>, Vec<String>)> = HashMap::new();
    for r in &old_to_new {
        let key = (r["old_level"].clone(), r["old_code"].clone());
        let entry = successors.entry(key).or_default();
        if r["default"] == "1" && entry.0.is_none() {
            entry.0 = Some(r["new_code"].clone());
        } else {
            entry.1.push(r["new_code"].clone());
        }
    }
    // A district is not mapped: its successor is the new unit that bears its
    // name among its communes' successors, else the one that received most of
    // its communes (ties: lowest code).
    let district_of: HashMap<&str, &str> = units_2024
        .iter()
        .filter(|r| r["level"] == "3")
        .map(|r| (r["code"].as_str(), r["parent_code"].as_str()))
        .collect();
    let mut district_votes: HashMap<String, BTreeMap<String, usize>> = HashMap::new();
    for r in old_to_new
        .iter()
        .filter(|r| r["old_level"] == "3" && r["default"] == "1")
    {
        if let Some(district) = district_of.get(r["old_code"].as_str()) {
            *district_votes
                .entry(district.to_string())
                .or_default()
                .entry(r["new_code"].clone())
                .or_default() += 1;
        }
    }

    let mut t2024 = header(
        "The administrative units before 1 July 2025. successor: the default 2025 unit; others: other 2025 pieces.",
        "code\ttype\tparent\tname\tsuccessor\tothers",
    );
    for r in &units_2024 {
        let (code, level) = (&r["code"], &r["level"]);
        let (default, others) = match successors.get(&(level.clone(), code.clone())) {
            Some((d, o)) => (d.clone().unwrap_or_default(), o.join(",")),
            None if level == "2" => {
                let votes = district_votes.get(code.as_str());
                let same_name = votes.and_then(|v| {
                    v.keys()
                        .find(|c| new_names.get(c.as_str()) == Some(&r["name"].as_str()))
                        .cloned()
                });
                let plurality = votes.and_then(|v| {
                    v.iter()
                        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                        .map(|(c, _)| c.clone())
                });
                (same_name.or(plurality).unwrap_or_default(), String::new())
            }
            None => Default::default(),
        };
        writeln!(
            t2024,
            "{code}\t{}\t{}\t{}\t{default}\t{others}",
            r["type"], r["parent_code"], r["name"]
        )
        .unwrap();
    }
    std::fs::write(out.join("units-2024.tsv"), t2024).expect("write");

    let mut t2025 = header(
        "The administrative units from 1 July 2025.",
        "code\ttype\tparent\tname",
    );
    for r in &units_2025 {
        writeln!(
            t2025,
            "{}\t{}\t{}\t{}",
            r["code"], r["type"], r["parent_code"], r["name"]
        )
        .unwrap();
    }
    std::fs::write(out.join("units-2025.tsv"), t2025).expect("write");

    let mut tsup = header(
        "Older names and units (about 2021-2023): abolished codes, and codes now used by a renamed unit.",
        "code\ttype\tparent\tname\tstatus",
    );
    for r in &superseded {
        writeln!(
            tsup,
            "{}\t{}\t{}\t{}\t{}",
            r["code"], r["type"], r["parent_code"], r["name"], r["status"]
        )
        .unwrap();
    }
    std::fs::write(out.join("superseded.tsv"), tsup).expect("write");

    // Surnames: the first column only, to reject `tỉnh Phạm Anh Tuấn`.
    let surnames = read_tsv(&source.join("surnames.tsv"));
    let mut tsur = header(
        "Vietnamese family names (first column of surnames.tsv).",
        "surname",
    );
    for r in &surnames {
        writeln!(tsur, "{}", r["surname"]).unwrap();
    }
    std::fs::write(out.join("surnames.tsv"), tsur).expect("write");
    eprintln!("wrote {}", out.display());
}
