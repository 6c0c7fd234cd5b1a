//! Regenerates the gazetteer tables under `crates/vnextract/data/gazetteer/`
//! from the reference TSVs (`admin-units-*.tsv`, see that folder's README).
//!
//! Run: `cargo run --release --example gen_gazetteer -- ../shared/data`
//!
//! The output, `units.rs`, is Rust source that `src/gazetteer.rs` includes:
//! the units as static arrays (only what linking needs: code, type, parent,
//! name and the 2025 successors), each unit's province, district, successor
//! and region already resolved, a code index sorted for binary search, and
//! each name's [`place_key`] and [`fold_name`] form with the ids they give.
//! Strings are spans of one text (a `&'static str` per field would cost a
//! relocation each in the binary). Nothing is parsed or folded at start-up.
//!
//! The example links the library it generates tables for: it needs only
//! `fold_name`, `place_key` and `UnitType`, which do not read the tables.
//!
//! [`place_key`]: vnextract::gazetteer::place_key
//! [`fold_name`]: vnextract::gazetteer::fold_name

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use vnextract::gazetteer::{fold_name, place_key, UnitType};
use vnextract::normalize::matching_key;

const COMMAND: &str = "cargo run --release --example gen_gazetteer -- ../shared/data";

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

/// Which system a unit belongs to (as `vnextract::gazetteer::System`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
enum System {
    Before2025,
    From2025,
}

/// A unit's status (as `vnextract::gazetteer::Status`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Status {
    Current,
    Abolished,
    Changed,
}

/// One unit as the generator sees it.
struct GenUnit {
    system: System,
    code: String,
    unit_type: UnitType,
    parent: String,
    name: String,
    status: Status,
    successor: String,
    others: String,
}

impl GenUnit {
    fn new(
        r: &HashMap<String, String>,
        system: System,
        status: Status,
        successor: String,
        others: String,
    ) -> GenUnit {
        let unit_type = UnitType::from_code(&r["type"]).unwrap_or_else(|| panic!("unit type {}", r["type"]));
        let full = format!("{} {}", unit_type.type_word(), r["name"]);
        if let Some(written) = r.get("full_name") {
            // Full names are the type word and the name: checked here so
            // that `Unit::full_name` may build them.
            assert!(
                written.to_lowercase() == full.to_lowercase(),
                "{written} is not {full}"
            );
        }
        GenUnit {
            system,
            code: r["code"].clone(),
            unit_type,
            parent: r["parent_code"].clone(),
            name: r["name"].clone(),
            status,
            successor,
            others,
        }
    }

    fn level(&self) -> u8 {
        self.unit_type.level()
    }
}

/// The relations `Gazetteer` answers from, resolved once: by code, as the
/// library did at start-up before.
struct Resolver<'a> {
    units: &'a [GenUnit],
    by_code: HashMap<(System, &'a str), u32>,
}

impl<'a> Resolver<'a> {
    fn new(units: &'a [GenUnit]) -> Resolver<'a> {
        let mut by_code = HashMap::new();
        for (i, u) in units.iter().enumerate() {
            if u.status == Status::Current {
                let previous = by_code.insert((u.system, u.code.as_str()), i as u32);
                assert!(previous.is_none(), "code {} twice", u.code);
            }
        }
        Resolver { units, by_code }
    }

    fn id(&self, system: System, code: &str) -> Option<u32> {
        self.by_code.get(&(system, code)).copied()
    }

    fn parent(&self, u: u32) -> Option<u32> {
        let unit = &self.units[u as usize];
        if unit.parent.is_empty() {
            return None;
        }
        self.id(unit.system, &unit.parent)
    }

    fn district(&self, u: u32) -> Option<u32> {
        match self.units[u as usize].level() {
            2 => Some(u),
            3 => self.parent(u).filter(|&p| self.units[p as usize].level() == 2),
            _ => None,
        }
    }

    fn province(&self, u: u32) -> Option<u32> {
        let mut current = u;
        for _ in 0..3 {
            if self.units[current as usize].level() == 1 {
                return Some(current);
            }
            current = self.parent(current)?;
        }
        None
    }

    fn successor(&self, u: u32) -> Option<u32> {
        let unit = &self.units[u as usize];
        if unit.system != System::Before2025 {
            return None;
        }
        let current = match unit.status {
            Status::Current => unit,
            Status::Changed => &self.units[self.id(System::Before2025, &unit.code)? as usize],
            Status::Abolished => return None,
        };
        if current.successor.is_empty() {
            return None;
        }
        self.id(System::From2025, &current.successor)
    }

    /// The current unit with the same system and code (a superseded unit
    /// stands for the unit that now has its code).
    fn current(&self, u: Option<u32>) -> Option<u32> {
        let unit = &self.units[u? as usize];
        self.id(unit.system, &unit.code)
    }
}

/// The strings of the tables, each stored once, as spans of one text (no
/// pointer per string: a static `&str` per field would cost a relocation
/// each in the binary).
#[derive(Default)]
struct Strings {
    text: String,
    at: HashMap<String, (u32, u32)>,
}

impl Strings {
    fn span(&mut self, s: &str) -> String {
        let text = &mut self.text;
        let (start, len) = *self.at.entry(s.to_string()).or_insert_with(|| {
            let start = text.len() as u32;
            text.push_str(s);
            (start, s.len() as u32)
        });
        format!("{start},{len}")
    }
}

/// `units.rs`: the units, their links, the code index and the name tables.
fn units_source(units: &[GenUnit]) -> String {
    let resolver = Resolver::new(units);
    let mut strings = Strings::default();
    let mut src = format!(
        "// generated, DO NOT EDIT: {COMMAND}\n\
         // The administrative units of Vietnam before and from 1 July 2025 and older\n\
         // superseded names, with their links and lookup tables (see README.md).\n\
         // Strings are spans `start,len` of `STRINGS`; ids index `UNIT_ROWS`.\n\n"
    );
    let system = |s: System| match s {
        System::Before2025 => "B",
        System::From2025 => "F",
    };
    let status = |s: Status| match s {
        Status::Current => "C",
        Status::Abolished => "A",
        Status::Changed => "X",
    };
    writeln!(
        src,
        "/// Every unit (system, type, status, code, parent, name, successor, other\n\
         /// successors): the 2024 system, the 2025 system, then the superseded names.\n\
         static UNIT_ROWS: [UnitRow; {}] = [",
        units.len()
    )
    .unwrap();
    for u in units {
        writeln!(
            src,
            "    row({}, UnitType::{:?}, {}, [{}, {}, {}, {}, {}]),",
            system(u.system),
            u.unit_type,
            status(u.status),
            strings.span(&u.code),
            strings.span(&u.parent),
            strings.span(&u.name),
            strings.span(&u.successor),
            strings.span(&u.others)
        )
        .unwrap();
    }
    src.push_str("];\n\n");

    writeln!(
        src,
        "/// Each unit's province, district, 2025 successor and 2025 province (`NONE`: none).\n\
         static LINKS: [[u32; 4]; {}] = [",
        units.len()
    )
    .unwrap();
    let id = |x: Option<u32>| x.map_or("NONE".to_string(), |i| i.to_string());
    for i in 0..units.len() as u32 {
        let province = resolver.province(i);
        let region = match units[i as usize].system {
            System::From2025 => province,
            System::Before2025 => province.and_then(|p| resolver.successor(p)),
        };
        writeln!(
            src,
            "    [{}, {}, {}, {}],",
            id(resolver.current(province)),
            id(resolver.current(resolver.district(i))),
            id(resolver.current(resolver.successor(i))),
            id(resolver.current(region))
        )
        .unwrap();
    }
    src.push_str("];\n\n");

    for (system, name) in [
        (System::Before2025, "CODES_BEFORE_2025"),
        (System::From2025, "CODES_FROM_2025"),
    ] {
        let mut codes: Vec<(&str, u32)> = resolver
            .by_code
            .iter()
            .filter(|((s, _), _)| *s == system)
            .map(|((_, code), &i)| (*code, i))
            .collect();
        codes.sort();
        let ids: Vec<u32> = codes.iter().map(|&(_, i)| i).collect();
        writeln!(
            src,
            "/// The ids of the current units of a system, sorted by code (binary search).\n\
             static {name}: [u32; {}] = {ids:?};\n",
            ids.len()
        )
        .unwrap();
    }

    // Ids by key, in unit order (the order lookups return them).
    let mut by_key: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut by_folded: BTreeMap<String, String> = BTreeMap::new();
    for (i, u) in units.iter().enumerate() {
        let mut folded = String::new();
        fold_name(&u.name, &mut folded);
        let key = place_key(&u.name);
        assert_eq!(key, matching_key(&folded));
        by_key.entry(key.clone()).or_default().push(i as u32);
        by_folded.insert(folded, key);
    }
    let mut key_ids = Vec::new();
    writeln!(
        src,
        "/// Each `place_key` of a unit name and its ids (a span of `KEY_IDS`).\n\
         static KEYS: [([u32; 2], [u32; 2]); {}] = [",
        by_key.len()
    )
    .unwrap();
    for (key, ids) in &by_key {
        writeln!(
            src,
            "    ([{}], [{}, {}]),",
            strings.span(key),
            key_ids.len(),
            ids.len()
        )
        .unwrap();
        key_ids.extend_from_slice(ids);
    }
    src.push_str("];\n\n");
    writeln!(
        src,
        "/// The unit ids of each key, in unit order.\n\
         static KEY_IDS: [u32; {}] = {key_ids:?};\n",
        key_ids.len()
    )
    .unwrap();
    writeln!(
        src,
        "/// The `fold_name` form of every unit name and its `place_key`.\n\
         static FOLDED: [([u32; 2], [u32; 2]); {}] = [",
        by_folded.len()
    )
    .unwrap();
    for (folded, key) in &by_folded {
        writeln!(src, "    ([{}], [{}]),", strings.span(folded), strings.span(key)).unwrap();
    }
    src.push_str("];\n\n");
    writeln!(
        src,
        "/// Every string of the tables above, each once.\n\
         static STRINGS: &str = {:?};",
        strings.text
    )
    .unwrap();
    src
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

    let mut units: Vec<GenUnit> = Vec::with_capacity(15_500);
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
        units.push(GenUnit::new(
            r,
            System::Before2025,
            Status::Current,
            default,
            others,
        ));
    }
    for r in &units_2025 {
        units.push(GenUnit::new(
            r,
            System::From2025,
            Status::Current,
            String::new(),
            String::new(),
        ));
    }
    for r in &superseded {
        let status = if r["status"] == "abolished" {
            Status::Abolished
        } else {
            Status::Changed
        };
        units.push(GenUnit::new(
            r,
            System::Before2025,
            status,
            String::new(),
            String::new(),
        ));
    }
    std::fs::write(out.join("units.rs"), units_source(&units)).expect("write");
    for old in ["units-2024.tsv", "units-2025.tsv", "superseded.tsv"] {
        // The tables the library parsed before `units.rs` replaced them.
        let _ = std::fs::remove_file(out.join(old));
    }

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
