//! The reference article's seventeen directives, with their addressees,
//! scored as the shared scorer does (character Jaccard of spans >= 0.5,
//! one-to-one).

use serde::Deserialize;

#[derive(Deserialize)]
struct Expected {
    text: String,
    start: usize,
    end: usize,
    addressees: Vec<String>,
}

fn jaccard(a: (usize, usize), b: (usize, usize)) -> f64 {
    let inter = a.1.min(b.1).saturating_sub(a.0.max(b.0));
    let union = a.1.max(b.1) - a.0.min(b.0);
    inter as f64 / union.max(1) as f64
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

#[test]
fn reference_article_gives_its_seventeen_directives() {
    let text = include_str!("../examples/data/bac-kan-2022-09.txt");
    let expected: Vec<Expected> =
        serde_json::from_str(include_str!("fixtures/directives/reference-article.json")).unwrap();
    assert_eq!(expected.len(), 17);
    let doc = vnextract::Extractor::new().extract(text);
    let mut used = vec![false; doc.directives.len()];
    let mut matched = 0;
    let mut right_addressees = 0;
    for gold in &expected {
        let hit = doc
            .directives
            .iter()
            .enumerate()
            .filter(|(i, d)| !used[*i] && jaccard((d.start, d.end), (gold.start, gold.end)) >= 0.5)
            .max_by(|a, b| {
                let ja = jaccard((a.1.start, a.1.end), (gold.start, gold.end));
                let jb = jaccard((b.1.start, b.1.end), (gold.start, gold.end));
                ja.total_cmp(&jb)
            });
        match hit {
            Some((i, d)) => {
                used[i] = true;
                matched += 1;
                let mut got: Vec<_> = d.addressees.iter().map(|a| norm(a)).collect();
                let mut want: Vec<_> = gold.addressees.iter().map(|a| norm(a)).collect();
                got.sort();
                want.sort();
                if got == want {
                    right_addressees += 1;
                } else {
                    eprintln!("addressees differ for {:?}: {:?} vs {:?}", gold.text, got, want);
                }
            }
            None => eprintln!("missed: {:?}", gold.text),
        }
    }
    for (d, u) in doc.directives.iter().zip(&used) {
        if !u {
            eprintln!("extra: {:?}", d.text);
        }
    }
    assert!(matched >= 16, "matched {matched} of 17");
    assert!(
        doc.directives.len() <= 18,
        "{} directives predicted",
        doc.directives.len()
    );
    assert!(
        right_addressees >= 14,
        "right addressees {right_addressees} of {matched}"
    );
}
