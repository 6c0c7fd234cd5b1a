//! People and titles: the reference article against its gold, the title
//! grammar one rule at a time, and (when `/work/shared` is present) the dev
//! gold set scored like `tools/score.py`.

use std::collections::HashSet;
use std::path::Path;

use vnextract::document::{Document, Place};
use vnextract::extractor::Context;
use vnextract::Extractor;

fn extract(text: &str) -> Document {
    Extractor::new().extract(text)
}

fn titles(doc: &Document) -> Vec<(&str, Option<&str>)> {
    doc.titles
        .iter()
        .map(|t| (t.text.as_str(), t.person.as_deref()))
        .collect()
}

fn names(doc: &Document) -> Vec<&str> {
    doc.people.iter().map(|p| p.name.as_str()).collect()
}

#[test]
fn reference_article_matches_its_gold() {
    let text = include_str!("../examples/data/bac-kan-2022-09.txt");
    let gold: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/people/reference-gold.json")).unwrap();
    let doc = extract(text);
    let gold_people: Vec<(String, Vec<(u64, u64)>)> = gold["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let mentions = p["mentions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| (m["start"].as_u64().unwrap(), m["end"].as_u64().unwrap()))
                .collect();
            (p["name"].as_str().unwrap().to_owned(), mentions)
        })
        .collect();
    let got_people: Vec<(String, Vec<(u64, u64)>)> = doc
        .people
        .iter()
        .map(|p| {
            let mentions = p
                .mentions
                .iter()
                .map(|m| (m.start as u64, m.end as u64))
                .collect();
            (p.name.clone(), mentions)
        })
        .collect();
    assert_eq!(got_people, gold_people);
    assert_eq!(doc.people[0].honorific.as_deref(), Some("đồng chí"));

    let gold_titles: Vec<(String, u64, Option<String>)> = gold["titles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["text"].as_str().unwrap().to_owned(),
                t["start"].as_u64().unwrap(),
                t["person"].as_str().map(str::to_owned),
            )
        })
        .collect();
    let got_titles: Vec<(String, u64, Option<String>)> = doc
        .titles
        .iter()
        .map(|t| (t.text.clone(), t.start as u64, t.person.clone()))
        .collect();
    assert_eq!(got_titles, gold_titles);
    // Roles, bodies and places of the chain.
    assert_eq!(doc.titles[1].role, "Phó Bí thư");
    assert_eq!(doc.titles[1].organization.as_deref(), Some("Thành ủy"));
    assert_eq!(doc.titles[2].organization.as_deref(), Some("Ủy ban nhân dân"));
    assert_eq!(doc.titles[2].jurisdiction.as_deref(), Some("thành phố Bắc Kạn"));
    assert_eq!(doc.titles[3].jurisdiction, None);
}

#[test]
fn holder_before_after_and_in_parentheses() {
    let doc = extract(
        "Ông Nguyễn Hồng Lĩnh, Bí thư Tỉnh ủy tỉnh Bà Rịa - Vũng Tàu cho biết. \
         Bộ trưởng Bộ Tư pháp Lê Thành Long đánh giá cao. \
         Ủy ban Kiểm tra kỷ luật ông Phan Thành Đông (Phó bí thư, nguyên Chủ tịch UBND huyện).",
    );
    assert_eq!(
        names(&doc),
        vec!["Nguyễn Hồng Lĩnh", "Lê Thành Long", "Phan Thành Đông"]
    );
    assert_eq!(
        titles(&doc),
        vec![
            ("Bí thư Tỉnh ủy tỉnh Bà Rịa - Vũng Tàu", Some("Nguyễn Hồng Lĩnh")),
            ("Bộ trưởng Bộ Tư pháp", Some("Lê Thành Long")),
            ("Phó bí thư", Some("Phan Thành Đông")),
            ("nguyên Chủ tịch UBND huyện", Some("Phan Thành Đông")),
        ]
    );
    assert_eq!(doc.titles[1].organization.as_deref(), Some("Bộ Tư pháp"));
    assert_eq!(doc.titles[1].jurisdiction.as_deref(), Some("Việt Nam"));
    assert_eq!(doc.titles[3].role, "Chủ tịch");
    assert_eq!(doc.people[0].honorific.as_deref(), Some("Ông"));
}

#[test]
fn chain_before_a_name_and_place_before_a_name() {
    let doc = extract(
        "Đồng chí Ủy viên Trung ương Đảng, Phó Bí thư Thành ủy, Chủ tịch UBND TP Hà Nội \
         Nguyễn Đức Chung phát biểu. Phó Bí thư Thường trực Quận ủy, Chủ tịch HĐND quận \
         Đống Đa Nguyễn Anh Cường cho biết.",
    );
    assert_eq!(names(&doc), vec!["Nguyễn Đức Chung", "Nguyễn Anh Cường"]);
    let got = titles(&doc);
    assert_eq!(got.len(), 5);
    assert!(
        got[..3].iter().all(|(_, p)| *p == Some("Nguyễn Đức Chung")),
        "{got:?}"
    );
    assert!(
        got[3..].iter().all(|(_, p)| *p == Some("Nguyễn Anh Cường")),
        "{got:?}"
    );
    assert_eq!(doc.titles[2].jurisdiction.as_deref(), Some("thành phố Hà Nội"));
    assert_eq!(doc.titles[3].role, "Phó Bí thư Thường trực");
    assert_eq!(doc.titles[4].jurisdiction.as_deref(), Some("quận Đống Đa"));
}

#[test]
fn abbreviations_are_expanded_in_organizations() {
    let doc = extract(
        "Phó Giám đốc Sở TN&MT Trần Kỳ Quang nhìn nhận. Trưởng Phòng NN&PTNT huyện Tuy Phước \
         Phạm Quang Ân cho biết. Trưởng Ban Kinh tế - Ngân sách HĐND tỉnh La Văn Hồng đề nghị.",
    );
    let orgs: Vec<_> = doc.titles.iter().map(|t| t.organization.as_deref()).collect();
    assert_eq!(
        orgs,
        vec![
            Some("Sở Tài nguyên và Môi trường"),
            Some("Phòng Nông nghiệp và Phát triển nông thôn"),
            Some("Ban Kinh tế - Ngân sách Hội đồng nhân dân"),
        ]
    );
    assert_eq!(doc.titles[1].jurisdiction.as_deref(), Some("huyện Tuy Phước"));
    assert_eq!(doc.people.len(), 3);
}

#[test]
fn ranks_degrees_and_dashes() {
    let doc = extract(
        "Đại tá Phạm Viết Dũng- Phó Bí thư Đảng uỷ, Phó Giám đốc CATP phát biểu. \
         Viện trưởng VEPR - TS. Nguyễn Đức Thành cho rằng tăng trưởng sẽ phục hồi.",
    );
    assert_eq!(
        titles(&doc),
        vec![
            ("Đại tá", Some("Phạm Viết Dũng")),
            ("Phó Bí thư Đảng uỷ", Some("Phạm Viết Dũng")),
            ("Phó Giám đốc CATP", Some("Phạm Viết Dũng")),
            ("Viện trưởng VEPR", Some("Nguyễn Đức Thành")),
        ]
    );
    assert_eq!(doc.titles[2].organization.as_deref(), Some("Công an thành phố"));
    assert_eq!(doc.people[0].honorific.as_deref(), Some("Đại tá"));
    assert_eq!(doc.people[1].honorific.as_deref(), Some("TS."));
}

#[test]
fn generic_titles_have_no_holder() {
    let doc = extract(
        "Ngày 6/6, Bộ trưởng Bộ TT&TT Trương Minh Tuấn ký quyết định phân công giữa Bộ trưởng \
         và các Thứ trưởng. Thứ trưởng Nguyễn Minh Hồng và Thứ trưởng Phan Tâm dự. \
         Thủ tướng Chính phủ đã giao nhiệm vụ. Dự có Chủ tịch UBND các xã, phường.",
    );
    assert_eq!(
        titles(&doc),
        vec![
            ("Bộ trưởng Bộ TT&TT", Some("Trương Minh Tuấn")),
            ("Bộ trưởng", Some("Trương Minh Tuấn")),
            ("Thứ trưởng", None),
            ("Thứ trưởng", Some("Nguyễn Minh Hồng")),
            ("Thứ trưởng", Some("Phan Tâm")),
            ("Thủ tướng Chính phủ", None),
            ("Chủ tịch UBND các xã, phường", None),
        ]
    );
}

#[test]
fn a_former_holder_does_not_hold_the_current_office() {
    let doc = extract(
        "Bà Đặng Thị Hồng Liên, nguyên Chủ tịch UBND quận 9, bị kỷ luật. \
         Chủ tịch UBND quận 9 cho biết sẽ khắc phục.",
    );
    assert_eq!(
        titles(&doc),
        vec![
            ("nguyên Chủ tịch UBND quận 9", Some("Đặng Thị Hồng Liên")),
            ("Chủ tịch UBND quận 9", None),
        ]
    );
}

#[test]
fn one_span_held_by_several_people_gives_one_item_each() {
    let doc = extract(
        "Bổ nhiệm lại chức vụ Phó Trưởng Công an huyện\n\n\
         Giám đốc trao quyết định bổ nhiệm lại chức vụ Phó trưởng Công an huyện An Lão đối với \
         Thượng tá Phạm Duy Thành và Thượng tá Lê Công Hoạt.",
    );
    let got: Vec<_> = titles(&doc)
        .into_iter()
        .filter(|(t, _)| t.contains("Công an"))
        .collect();
    assert_eq!(
        got,
        vec![
            ("Phó Trưởng Công an huyện", Some("Phạm Duy Thành")),
            ("Phó Trưởng Công an huyện", Some("Lê Công Hoạt")),
            ("Phó trưởng Công an huyện An Lão", Some("Phạm Duy Thành")),
            ("Phó trưởng Công an huyện An Lão", Some("Lê Công Hoạt")),
        ]
    );
    assert_eq!(names(&doc), vec!["Phạm Duy Thành", "Lê Công Hoạt"]);
}

#[test]
fn not_people() {
    let doc = extract(
        "Hoàn thành Đề án sáp nhập trường Tiểu học và THCS Dương Quang, trường THCS Nguyễn Du. \
         Dự án trên đường Nguyễn Văn Cừ thuộc phường Nguyễn Thị Minh Khai, thành phố Bắc Kạn. \
         Công ty cổ phần Hoàng Long An Khang đầu tư. Họp mặt Xuân Đinh Dậu 2017 tại Hà Nội. \
         Học tập và làm theo tư tưởng Hồ Chí Minh. Ảnh: Google Maps. Theo Dân Trí. \
         (Ảnh: Tiền Phong) Theo Trí Thức Trẻ",
    );
    assert!(doc.people.is_empty(), "{:?}", names(&doc));
}

#[test]
fn foreign_officials_hold_their_country_s_office() {
    let doc = extract(
        "Bộ trưởng Quốc phòng Mỹ James Mattis gặp Bộ trưởng Bộ Quốc phòng Ngô Xuân Lịch. \
         Tổng thống Nga Vladimir Putin phát biểu.",
    );
    let minister = &doc.titles[0];
    assert_eq!(minister.text, "Bộ trưởng Quốc phòng");
    assert_eq!(minister.jurisdiction.as_deref(), Some("Mỹ"));
    assert_eq!(doc.titles[1].jurisdiction.as_deref(), Some("Việt Nam"));
    // The foreign names are not read into the title, nor taken for places:
    // they are the holders.
    let places: Vec<&str> = doc.places.iter().map(|p| &*p.text).collect();
    assert_eq!(places, ["Mỹ", "Nga"]);
    assert_eq!(names(&doc), ["James Mattis", "Ngô Xuân Lịch", "Vladimir Putin"]);
    assert_eq!(minister.person.as_deref(), Some("James Mattis"));
    let president = &doc.titles[2];
    assert_eq!(
        (president.text.as_str(), president.person.as_deref()),
        ("Tổng thống", Some("Vladimir Putin"))
    );
    assert_eq!(president.jurisdiction.as_deref(), Some("Nga"));
    // A hyphenated given name; a sentence run on without its period.
    let doc = extract("Tổng thống Hàn Quốc Moon Jae-in và Tổng thống Mỹ Donald Trump Hiện nay gặp nhau.");
    assert_eq!(names(&doc), ["Moon Jae-in", "Donald Trump"]);
}

#[test]
fn later_mentions_by_the_given_name() {
    let text = "Đồng chí Dương Hữu Bường, Chủ tịch UBND thành phố phát biểu. Ông Bường nhấn mạnh; \
                ông Nguyễn Văn Hòa và bà Lê Thị Hòa cùng dự. Ông Hòa nói. Bường Anh đến.";
    let doc = extract(text);
    let buong = &doc.people[0];
    assert_eq!(buong.name, "Dương Hữu Bường");
    // `Ông Bường`: one short mention; `Bường Anh` is not one (no honorific,
    // a longer name); `Ông Hòa` is ambiguous between two people.
    let at = text.find("Ông Bường").unwrap() + "Ông ".len();
    let start = text[..at].chars().count();
    let spans: Vec<(usize, usize)> = buong.short_mentions.iter().map(|m| (m.start, m.end)).collect();
    assert_eq!(spans, [(start, start + "Bường".chars().count())]);
    assert!(doc.people.iter().skip(1).all(|p| p.short_mentions.is_empty()));
}

#[test]
fn bylines_credits_and_initials() {
    let doc = extract(
        "Đều đặn mỗi buổi sáng, bà Giàng Thị D. ra đồng. Ông Dương Thành Trung tại họp báo. \
         Ảnh: Việt Tường. Ảnh: Thái Minh Tại buổi lễ này, em T.A.M. được khen. ông Trung nói. \
         Huyện Phước Long ở Bạc Liêu. Ảnh: Google Maps. Việt Tường ",
    );
    assert_eq!(
        names(&doc),
        vec!["Giàng Thị D.", "Dương Thành Trung", "Việt Tường", "Thái Minh"]
    );
    let tuong = &doc.people[2];
    assert_eq!(tuong.mentions.len(), 2, "credit and byline are both mentions");
}

#[test]
fn places_from_the_places_stage_keep_names_out() {
    // Without the places stage a three-syllable commune name reads as a person;
    // with it, the place wins.
    let text = "Đoàn công tác về Nông Văn Dền kiểm tra.";
    let norm = vnextract::normalize(text, &Default::default());
    let seg = vnextract::segment(norm.text());
    let ctx = Context {
        text: norm.text(),
        segments: &seg,
    };
    let start = text.find("Nông").unwrap();
    let place = Place {
        span: start..start + "Nông Văn Dền".len(),
        name: "Nông Văn Dền".into(),
        kind: "xã".into(),
        ..Place::default()
    };
    assert_eq!(vnextract::people::extract(&ctx, &[]).0.len(), 1);
    assert!(vnextract::people::extract(&ctx, &[place]).0.is_empty());
}

#[test]
fn a_bare_type_word_takes_the_documents_place() {
    let text = "Chủ tịch UBND tỉnh Phạm Anh Tuấn làm việc với huyện Vân Canh. \
                Sau đó, Chủ tịch UBND tỉnh kiểm tra dự án của tỉnh Bình Định.";
    let start = text.find("tỉnh Bình Định").unwrap();
    let place = Place {
        span: start..start + "tỉnh Bình Định".len(),
        name: "Bình Định".into(),
        kind: "tỉnh".into(),
        ..Place::default()
    };
    let norm = vnextract::normalize(text, &Default::default());
    let seg = vnextract::segment(norm.text());
    let ctx = Context {
        text: norm.text(),
        segments: &seg,
    };
    let (people, titles) = vnextract::people::extract(&ctx, &[place]);
    assert_eq!(people.len(), 1);
    assert_eq!(titles.len(), 2);
    for t in &titles {
        assert_eq!(t.jurisdiction.as_deref(), Some("tỉnh Bình Định"));
        assert_eq!(t.person.as_deref(), Some("Phạm Anh Tuấn"));
    }
}

/// F1 over the dev gold with the scorer's matching: people by name, titles
/// by overlapping span and equal person. Skips without `/work/shared`.
#[test]
fn dev_gold_scores() {
    let gold_dir = Path::new("/work/shared/gold/dev");
    let texts = Path::new("/work/shared/corpus/articles");
    if !gold_dir.is_dir() || !texts.is_dir() {
        eprintln!("skipped: /work/shared/gold/dev is not here");
        return;
    }
    let extractor = Extractor::new();
    let (mut people, mut titles) = ([0usize; 3], [0usize; 3]); // matched, gold, predicted
    for entry in std::fs::read_dir(gold_dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let gold: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let text = std::fs::read_to_string(texts.join(format!("{stem}.txt"))).unwrap();
        let doc = extractor.extract(&text);

        let gold_names: HashSet<&str> = gold["people"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        let got_names: HashSet<&str> = doc.people.iter().map(|p| p.name.as_str()).collect();
        people[0] += gold_names.intersection(&got_names).count();
        people[1] += gold_names.len();
        people[2] += got_names.len();

        let gold_titles = gold["titles"].as_array().unwrap();
        let mut used = vec![false; doc.titles.len()];
        for g in gold_titles {
            let (gs, ge) = (
                g["start"].as_u64().unwrap() as usize,
                g["end"].as_u64().unwrap() as usize,
            );
            let gp = g["person"].as_str();
            let hit = doc
                .titles
                .iter()
                .enumerate()
                .position(|(i, t)| !used[i] && t.start < ge && gs < t.end && t.person.as_deref() == gp);
            if let Some(i) = hit {
                used[i] = true;
                titles[0] += 1;
            }
        }
        titles[1] += gold_titles.len();
        titles[2] += doc.titles.len();
    }
    let f1 = |[m, g, p]: [usize; 3]| 2.0 * m as f64 / (g + p) as f64;
    eprintln!("people F1 {:.3}, titles F1 {:.3}", f1(people), f1(titles));
    assert!(f1(people) >= 0.90, "people F1 {:.3}", f1(people));
    assert!(f1(titles) >= 0.85, "titles F1 {:.3}", f1(titles));
}

mod soup {
    use proptest::prelude::*;

    /// Lexicon words, names, places and punctuation in any order.
    const PIECES: [&str; 34] = [
        "Chủ tịch",
        "UBND",
        "tỉnh",
        "thành phố",
        "Bắc Kạn",
        "Phó",
        "Bí thư",
        "Tỉnh ủy",
        "đồng chí",
        "ông",
        "Nguyễn",
        "Văn",
        "Dương Hữu Bường",
        "Đặng Tuyết",
        "các",
        "xã",
        ",",
        "-",
        "–",
        ".",
        "(",
        ")",
        ":",
        "Ảnh:",
        "\n",
        " ",
        "TS.",
        "Sở",
        "TN&MT",
        "và",
        "đối với",
        "Thượng tá",
        "nguyên",
        "D.",
    ];

    proptest! {
        #[test]
        fn never_panics_and_spans_are_on_char_boundaries(picks in proptest::collection::vec(0..PIECES.len(), 0..40)) {
            let text: String = picks.iter().map(|&i| PIECES[i]).collect::<Vec<_>>().join(" ");
            let doc = vnextract::Extractor::new().extract(&text);
            for t in &doc.titles {
                prop_assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
                prop_assert!(t.span.start < t.span.end);
            }
            for p in &doc.people {
                prop_assert!(!p.mentions.is_empty());
                for m in &p.mentions {
                    // Names are given as normalized (spaces collapsed, NFC);
                    // the span is the exact original text of the mention.
                    let original = &text[m.span.clone()];
                    let normalized = vnextract::normalize(original, &Default::default());
                    prop_assert_eq!(normalized.text(), p.name.as_str());
                }
            }
        }

        #[test]
        fn never_panics_without_spaces(picks in proptest::collection::vec(0..PIECES.len(), 0..30)) {
            let text: String = picks.iter().map(|&i| PIECES[i]).collect();
            let _ = vnextract::Extractor::new().extract(&text);
        }
    }
}
