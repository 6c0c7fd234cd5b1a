//! Integration tests of `normalize`: the quirks of the development corpus,
//! the underthesea normalization suite, whole-article variants (NFD,
//! old-style tones, noise) and the offset map on every word.

use std::path::Path;

use serde_json::Value;
use unicode_normalization::UnicodeNormalization;
use vnextract::normalize::matching_key;
use vnextract::{normalize, NormalizeOptions, Normalized, TonePlacement};

const REFERENCE: &str = include_str!("../examples/data/bac-kan-2022-09.txt");

fn options(tone: TonePlacement) -> NormalizeOptions {
    NormalizeOptions { tone }
}

fn jsonl(path: &str) -> Vec<Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

/// Compares two long texts, reporting the first line that differs.
fn assert_same_text(actual: &str, expected: &str, context: &str) {
    if actual == expected {
        return;
    }
    let at = actual
        .char_indices()
        .zip(expected.chars())
        .find(|((_, a), e)| a != e)
        .map_or(actual.len().min(expected.len()), |((k, _), _)| k);
    let around = |s: &str| -> String {
        let mut from = at.saturating_sub(40).min(s.len());
        while !s.is_char_boundary(from) {
            from -= 1;
        }
        s[from..].chars().take(60).collect()
    };
    panic!(
        "{context}: texts differ at byte {at}:\n  got      {:?}\n  expected {:?}",
        around(actual),
        around(expected)
    );
}

/// Every whitespace-separated word of the normalized text maps back to
/// input text that normalizes to the same word.
fn assert_words_map_back(input: &str, n: &Normalized, tone: TonePlacement) {
    let text = n.text();
    assert_eq!(n.to_original(0..text.len()), 0..input.len());
    let mut pos = 0;
    for word in text.split([' ', '\n']) {
        let span = pos..pos + word.len();
        pos = span.end + 1;
        if word.is_empty() {
            continue;
        }
        let original = &input[n.to_original(span.clone())];
        let again = normalize(original, &options(tone));
        assert_eq!(
            again.text(),
            word,
            "word {word:?} at {span:?} maps back to {original:?}"
        );
    }
}

#[test]
fn corpus_quirks() {
    let cases = jsonl("tests/fixtures/normalize/quirks.jsonl");
    assert!(cases.len() >= 20);
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let input = case["input"].as_str().unwrap();
        for (tone, key) in [(TonePlacement::Keep, "keep"), (TonePlacement::Modern, "modern")] {
            let n = normalize(input, &options(tone));
            assert_eq!(n.text(), case[key].as_str().unwrap(), "{name} ({key})");
            assert_words_map_back(input, &n, tone);
            assert_eq!(
                normalize(n.text(), &options(tone)).text(),
                n.text(),
                "{name}: idempotent"
            );
        }
    }
}

/// underthesea's `text_normalize` cases, in Modern mode (its convention:
/// `hoá` → `hóa`). No case is disputed.
#[test]
fn underthesea_cases_in_modern_mode() {
    let cases = jsonl("tests/fixtures/peer-suites/underthesea-normalize.jsonl");
    assert!(!cases.is_empty());
    let disputed: &[&str] = &[];
    for case in &cases {
        let input = case["text"].as_str().unwrap();
        if disputed.contains(&input) {
            continue;
        }
        let n = normalize(input, &options(TonePlacement::Modern));
        assert_eq!(n.text(), case["expected"].as_str().unwrap(), "{input:?}");
        assert_words_map_back(input, &n, TonePlacement::Modern);
    }
}

#[test]
fn nfd_copy_of_the_reference_article() {
    let nfd: String = REFERENCE.nfd().collect();
    assert_ne!(nfd, REFERENCE);
    for tone in [
        TonePlacement::Keep,
        TonePlacement::Modern,
        TonePlacement::Traditional,
    ] {
        let expected = normalize(REFERENCE, &options(tone));
        let n = normalize(&nfd, &options(tone));
        assert_same_text(n.text(), expected.text(), &format!("{tone:?}"));
        assert_words_map_back(&nfd, &n, tone);
    }
}

/// The reference article with `oa`/`oe`/`uy` tones written the old way
/// (`hoá`, `uỷ`), made by a transformation independent of the library.
fn old_style(text: &str) -> String {
    const PAIRS: [(char, char); 3] = [('o', 'a'), ('o', 'e'), ('u', 'y')];
    let chars: Vec<char> = text.chars().collect();
    let mut out = chars.clone();
    for k in 0..chars.len().saturating_sub(1) {
        let first: Vec<char> = chars[k].to_lowercase().nfd().collect();
        let (Some(&base), Some(&mark)) = (first.first(), first.get(1)) else {
            continue;
        };
        let second = chars[k + 1].to_lowercase().next().unwrap();
        let ends_word = !chars.get(k + 2).is_some_and(|c| c.is_alphabetic());
        let before_is_vowel = k > 0 && "aăâeêioôơuưy".contains(chars[k - 1].to_lowercase().next().unwrap());
        if first.len() == 2 && ends_word && !before_is_vowel && PAIRS.contains(&(base, second)) {
            let upper = |c: char, like: char| {
                if like.is_uppercase() {
                    c.to_uppercase().next().unwrap()
                } else {
                    c
                }
            };
            out[k] = upper(base, chars[k]);
            out[k + 1] = upper(
                [second, mark].iter().collect::<String>().nfc().next().unwrap(),
                chars[k + 1],
            );
        }
    }
    out.into_iter().collect()
}

#[test]
fn old_style_copy_of_the_reference_article_in_modern_mode() {
    let old = old_style(REFERENCE);
    assert!(
        old.contains("uỷ viên") && old.contains("Uỷ ban"),
        "the variant differs"
    );
    let modern = options(TonePlacement::Modern);
    let n = normalize(&old, &modern);
    assert_same_text(
        n.text(),
        normalize(REFERENCE, &modern).text(),
        "old style, Modern",
    );
    assert_words_map_back(&old, &n, TonePlacement::Modern);
    // Keep mode leaves either style alone; the matching key ignores both.
    let keep = normalize(&old, &options(TonePlacement::Keep));
    assert!(keep.text().contains("Tỉnh uỷ viên") && keep.text().contains("văn hoá"));
    assert_eq!(matching_key(&old), matching_key(REFERENCE));
}

/// Noise that normalization removes: NBSP, CRLF, doubled and trailing
/// spaces, `Ð` for `Đ`, zero-width spaces, decomposed marks.
fn noisy(text: &str) -> String {
    let mut out = String::new();
    for (k, line) in text.lines().enumerate() {
        if k > 0 {
            out.push_str(" \r\n");
        }
        let mut line = line.replace('Đ', "Ð");
        if k % 2 == 0 {
            line = line.replacen(' ', "\u{a0}", 3).replacen(' ', "  ", 2);
        } else {
            line = line.replacen("ng ", "ng\u{200b} ", 2);
            line = line.replacen("ệ", "e\u{302}\u{323}", 2);
        }
        out.push_str(&line);
    }
    out
}

#[test]
fn noisy_copy_of_the_reference_article() {
    let noisy = noisy(REFERENCE);
    for tone in [TonePlacement::Keep, TonePlacement::Modern] {
        let n = normalize(&noisy, &options(tone));
        assert_same_text(
            n.text(),
            normalize(REFERENCE, &options(tone)).text(),
            "noisy copy",
        );
        assert_words_map_back(&noisy, &n, tone);
    }
}

#[test]
fn clean_text_is_identity() {
    let clean = "Hà Nội, ngày 7/9/2022\nThu ngân sách đạt 120 tỷ đồng (hòa vốn).";
    let n = normalize(clean, &NormalizeOptions::default());
    assert!(n.is_identity());
    assert_eq!(n.text(), clean);
    assert_eq!(n.to_original(4..9), 4..9);
    // A span ending inside a character widens to the whole character.
    assert_eq!(n.to_original(4..7), 4..8);
}

#[test]
fn tone_modes_on_oa_oe_uy() {
    let text = "Đảng uỷ, Thanh Hóa, khoẻ, thuỷ lợi, hoàng, thuyền, quý, hoài";
    let n = |tone| normalize(text, &options(tone)).into_text();
    assert_eq!(n(TonePlacement::Keep), text);
    assert_eq!(
        n(TonePlacement::Modern),
        "Đảng ủy, Thanh Hóa, khỏe, thủy lợi, hoàng, thuyền, quý, hoài"
    );
    assert_eq!(
        n(TonePlacement::Traditional),
        "Đảng uỷ, Thanh Hoá, khoẻ, thuỷ lợi, hoàng, thuyền, quý, hoài"
    );
}

#[test]
fn non_vietnamese_words_are_left_alone() {
    let text = "Samsung, Facebook, Đắk Lắk, Ea H'leo, Krông Pắk, café, naïve, Tòa Café";
    assert_eq!(normalize(text, &NormalizeOptions::default()).text(), text);
}

/// Every development article (when the shared corpus is present): words map
/// back, normalizing twice changes nothing.
#[test]
fn development_articles() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/articles"));
    let Ok(entries) = std::fs::read_dir(dir) else {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    };
    let mut count = 0;
    for entry in entries {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for tone in [TonePlacement::Keep, TonePlacement::Modern] {
            let n = normalize(&text, &options(tone));
            assert_eq!(
                normalize(n.text(), &options(tone)).text(),
                n.text(),
                "{}",
                path.display()
            );
            assert_words_map_back(&text, &n, tone);
        }
        count += 1;
    }
    assert!(count > 0);
}
