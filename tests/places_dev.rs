//! Places F1 on the dev gold annotations (`/work/shared/gold/dev`), matched
//! as the project scorer does: spans overlap, name and type equal (case and
//! spaces around dashes folded). Skips when the shared data is absent.

use std::path::Path;

use vnextract::{Categories, Extractor};

fn fold(s: &str) -> String {
    let lower: String = s.to_lowercase().replace('ð', "đ");
    let mut out = String::new();
    for part in lower.split(['-', '–']) {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&part.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    out
}

#[test]
fn dev_gold_places_f1() {
    let gold_dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/gold/dev"));
    let text_dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/articles"));
    if !gold_dir.exists() || !text_dir.exists() {
        eprintln!("skipped: /work/shared is absent");
        return;
    }
    let extractor = Extractor::builder().categories(Categories::PLACES).build();
    let (mut tp, mut predicted, mut expected) = (0usize, 0usize, 0usize);
    let mut entries: Vec<_> = std::fs::read_dir(gold_dir)
        .unwrap()
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        let gold: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(text_dir.join(format!("{stem}.txt"))).unwrap();
        let doc = extractor.extract(&text);
        let golds = gold["places"].as_array().cloned().unwrap_or_default();
        let mut used = vec![false; golds.len()];
        for p in &doc.places {
            let hit = golds.iter().enumerate().position(|(i, g)| {
                let (gs, ge) = (
                    g["start"].as_u64().unwrap() as usize,
                    g["end"].as_u64().unwrap() as usize,
                );
                !used[i]
                    && p.start < ge
                    && gs < p.end
                    && fold(&p.name) == fold(g["name"].as_str().unwrap_or_default())
                    && fold(&p.kind) == fold(g["type"].as_str().unwrap_or_default())
            });
            if let Some(i) = hit {
                used[i] = true;
                tp += 1;
            }
        }
        predicted += doc.places.len();
        expected += golds.len();
    }
    let precision = tp as f64 / predicted.max(1) as f64;
    let recall = tp as f64 / expected.max(1) as f64;
    let f1 = 2.0 * precision * recall / (precision + recall).max(f64::EPSILON);
    eprintln!("places P {precision:.3} R {recall:.3} F1 {f1:.3} ({tp}/{predicted}/{expected})");
    assert!(f1 >= 0.9, "places F1 {f1:.3} below 0.90");
}
