//! `Extractor::extract_batch` gives exactly the documents of `extract` on
//! each text, in order, whatever the grouping.

use vnextract::{Categories, Extractor};

const SHARED_ARTICLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/articles");

/// Real texts: the reference article, the decode fixtures, the CLI's JSON
/// Lines records, and the dev articles when `../shared` is there.
fn texts() -> Vec<String> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut texts = vec![
        include_str!("../examples/data/bac-kan-2022-09.txt").to_owned(),
        include_str!("fixtures/decode/article.txt").to_owned(),
        include_str!("fixtures/decode/sentences.txt").to_owned(),
        String::new(),
        "Ngày 7/9, ông An đề nghị xã Nông Thượng đạt 120 tỷ đồng.".to_owned(),
    ];
    // The records file holds a line of invalid UTF-8 on purpose.
    let records = std::fs::read(format!("{root}/tests/fixtures/cli/records.jsonl")).unwrap();
    for line in String::from_utf8_lossy(&records).lines() {
        if let Ok(serde_json::Value::Object(record)) = serde_json::from_str(line) {
            if let Some(serde_json::Value::String(text)) = record.get("text") {
                texts.push(text.clone());
            }
        }
    }
    if let Ok(entries) = std::fs::read_dir(SHARED_ARTICLES) {
        let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            texts.push(std::fs::read_to_string(path).unwrap());
        }
    }
    texts
}

fn assert_same(extractor: &Extractor, texts: &[String]) {
    let batch = extractor.extract_batch(texts);
    assert_eq!(batch.len(), texts.len());
    for (k, (doc, text)) in batch.iter().zip(texts).enumerate() {
        assert_eq!(doc, &extractor.extract(text), "text {k}");
    }
}

#[test]
fn batch_equals_one_by_one() {
    assert_same(&Extractor::new(), &texts());
}

#[test]
fn batch_equals_one_by_one_for_some_categories() {
    let extractor = Extractor::builder()
        .categories(Categories::PLACES | Categories::FIGURES)
        .build();
    assert_same(&extractor, &texts());
}

#[test]
fn batch_spanning_several_groups() {
    // More text than one group holds, and one text longer than a group.
    let article = include_str!("../examples/data/bac-kan-2022-09.txt");
    let mut texts: Vec<String> = std::iter::repeat_n(article.to_owned(), 40).collect();
    texts.insert(
        7,
        article.repeat(vnextract::extractor::BATCH_GROUP_BYTES / article.len() + 2),
    );
    assert!(texts.iter().map(String::len).sum::<usize>() > 2 * vnextract::extractor::BATCH_GROUP_BYTES);
    let extractor = Extractor::new();
    let batch = extractor.extract_batch(&texts);
    let single = extractor.extract(article);
    assert_eq!(batch.len(), texts.len());
    for (k, doc) in batch.iter().enumerate() {
        if k != 7 {
            assert_eq!(doc, &single, "text {k}");
        }
    }
    assert_eq!(batch[7], extractor.extract(&texts[7]));
}
