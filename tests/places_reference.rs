//! Places of the reference article (examples/data/bac-kan-2022-09.txt): every
//! mention the annotation guide expects, with the 2024 codes and the 2025
//! successors.

use vnextract::extractor::Era;
use vnextract::{Categories, Extractor};

const ARTICLE: &str = include_str!("../examples/data/bac-kan-2022-09.txt");

fn places(era: Era) -> Vec<vnextract::document::Place> {
    Extractor::builder()
        .categories(Categories::PLACES)
        .era(era)
        .build()
        .extract(ARTICLE)
        .places
}

#[test]
fn reference_article_places_are_found_with_their_types() {
    let found: Vec<(String, String, String)> = places(Era::FromDocument)
        .into_iter()
        .map(|p| (p.text.into_owned(), p.name.into_owned(), p.kind.into_owned()))
        .collect();
    let expected = [
        ("thành phố Bắc Kạn", "Bắc Kạn", "thành phố"),
        ("thành phố Bắc Kạn", "Bắc Kạn", "thành phố"),
        ("xã Nông Thượng", "Nông Thượng", "xã"),
        ("Dương Quang", "Dương Quang", "xã"),
        ("xã Nông Thượng", "Nông Thượng", "xã"),
        ("phường Sông Cầu", "Sông Cầu", "phường"),
        ("xã Dương Quang", "Dương Quang", "xã"),
        ("Nông Thượng", "Nông Thượng", "xã"),
        ("xã Nông Thượng", "Nông Thượng", "xã"),
        ("phường Sông Cầu", "Sông Cầu", "phường"),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(t, n, k)| (t.to_string(), n.to_string(), k.to_string()))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn reference_article_places_link_to_2024_codes_and_2025_successors() {
    let places = places(Era::FromDocument);
    let link = |name: &str| {
        let p = places.iter().find(|p| p.name == name).expect(name);
        let s = p.successor.as_ref().expect("a 2024 unit has a successor");
        (
            p.code.as_deref().unwrap_or_default().to_string(),
            p.province.as_deref().unwrap_or_default().to_string(),
            s.code.to_string(),
            s.name.to_string(),
        )
    };
    let own =
        |a: &str, b: &str, c: &str, d: &str| (a.to_string(), b.to_string(), c.to_string(), d.to_string());
    assert_eq!(link("Bắc Kạn"), own("058", "Bắc Kạn", "01843", "Phường Bắc Kạn"));
    assert_eq!(
        link("Nông Thượng"),
        own("01852", "Bắc Kạn", "01843", "Phường Bắc Kạn")
    );
    assert_eq!(
        link("Dương Quang"),
        own("01849", "Bắc Kạn", "01849", "Xã Phong Quang")
    );
    assert_eq!(
        link("Sông Cầu"),
        own("01837", "Bắc Kạn", "01843", "Phường Bắc Kạn")
    );
    // Every mention of a name links the same way.
    for p in &places {
        assert!(p.code.is_some(), "{} is linked", p.text);
    }
}

#[test]
fn the_2025_era_links_to_the_new_units() {
    let places = places(Era::From2025);
    // Nông Thượng is not a 2025 unit: the 2024 unit is kept, with its successor.
    let nt = places.iter().find(|p| p.name == "Nông Thượng").unwrap();
    assert_eq!(nt.code.as_deref(), Some("01852"));
    // The 2025 Phường Sông Cầu lies elsewhere: the document's province wins,
    // and the 2024 ward is kept with its successor.
    let sc = places.iter().find(|p| p.name == "Sông Cầu").unwrap();
    assert_eq!(sc.code.as_deref(), Some("01837"));
    assert_eq!(sc.successor.as_ref().map(|s| &*s.code), Some("01843"));
    // Districts are gone in 2025: the city keeps its 2024 code and successor.
    let city = places.iter().find(|p| p.name == "Bắc Kạn").unwrap();
    assert_eq!(city.code.as_deref(), Some("058"));
    assert_eq!(city.successor.as_ref().map(|s| &*s.code), Some("01843"));
}

#[test]
fn offsets_point_at_the_mentions() {
    let doc = Extractor::builder()
        .categories(Categories::PLACES)
        .build()
        .extract(ARTICLE);
    let chars: Vec<char> = ARTICLE.chars().collect();
    for p in &doc.places {
        let text: String = chars[p.start..p.end].iter().collect();
        assert_eq!(text, p.text);
    }
}
