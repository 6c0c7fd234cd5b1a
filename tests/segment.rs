//! Tests of the `segment` stage: tokens, paragraphs, sentences, clauses, the
//! query helpers, and the span invariants on every development article and on
//! arbitrary strings.

use std::ops::Range;
use std::path::Path;

use proptest::prelude::*;
use unicode_normalization::char::is_combining_mark;
use vnextract::segment::{segment, Case, Segments, TokenKind};

fn sentences(text: &str) -> Vec<&str> {
    let s = segment(text);
    check_invariants(text, &s);
    s.sentences.iter().map(|r| &text[r.clone()]).collect()
}

fn clauses(text: &str) -> Vec<&str> {
    let s = segment(text);
    check_invariants(text, &s);
    s.clauses.iter().map(|r| &text[r.clone()]).collect()
}

fn tokens(text: &str) -> Vec<(&str, TokenKind)> {
    let s = segment(text);
    check_invariants(text, &s);
    s.tokens.iter().map(|t| (&text[t.span.clone()], t.kind)).collect()
}

fn token_texts(text: &str) -> Vec<&str> {
    tokens(text).into_iter().map(|(t, _)| t).collect()
}

/// Characters that belong to no token.
fn is_gap(c: char) -> bool {
    c.is_whitespace() || c.is_control() || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

fn assert_ordered(level: &str, spans: &[Range<usize>]) {
    for span in spans {
        assert!(span.start < span.end, "{level}: empty span {span:?}");
    }
    for pair in spans.windows(2) {
        assert!(
            pair[0].end <= pair[1].start,
            "{level}: {:?} overlaps {:?}",
            pair[0],
            pair[1]
        );
    }
}

/// Every span invariant the extractors rely on.
fn check_invariants(text: &str, s: &Segments) {
    let token_spans: Vec<Range<usize>> = s.tokens.iter().map(|t| t.span.clone()).collect();
    assert_ordered("tokens", &token_spans);
    assert_ordered("paragraphs", &s.paragraphs);
    assert_ordered("sentences", &s.sentences);
    assert_ordered("clauses", &s.clauses);

    // Tokens: on char boundaries, no spaces inside, every other char covered.
    let mut covered_to = 0;
    for token in &s.tokens {
        let piece = text
            .get(token.span.clone())
            .expect("token span on char boundaries");
        let gap = &text[covered_to..token.span.start];
        assert!(gap.chars().all(is_gap), "uncovered text {gap:?} before {piece:?}");
        assert!(!piece.chars().any(is_gap), "token {piece:?} contains a space");
        let first = piece.chars().next().unwrap();
        match token.kind {
            TokenKind::Word => {
                let letter = |c: char| c.is_alphabetic() || is_combining_mark(c);
                assert!(letter(first), "word {piece:?}");
                assert!(
                    piece.chars().all(|c| letter(c) || c == '\'' || c == '’'),
                    "word {piece:?}"
                );
            }
            TokenKind::Number => {
                let bytes = piece.as_bytes();
                assert!(
                    bytes[0].is_ascii_digit() && bytes[bytes.len() - 1].is_ascii_digit(),
                    "{piece:?}"
                );
                assert!(
                    bytes
                        .iter()
                        .all(|b| b.is_ascii_digit() || *b == b'.' || *b == b','),
                    "{piece:?}"
                );
            }
            TokenKind::Punct => assert_eq!(piece.chars().count(), 1, "punct {piece:?} is one char"),
        }
        if token.kind != TokenKind::Word {
            assert_eq!(token.case, Case::Uncased);
        }
        covered_to = token.span.end;
    }
    assert!(text[covered_to..].chars().all(is_gap), "uncovered tail");

    let starts: std::collections::HashSet<usize> = token_spans.iter().map(|t| t.start).collect();
    let ends: std::collections::HashSet<usize> = token_spans.iter().map(|t| t.end).collect();
    let on_tokens = |level: &str, spans: &[Range<usize>]| {
        for span in spans {
            assert!(
                starts.contains(&span.start) && ends.contains(&span.end),
                "{level} {span:?} cuts a token"
            );
        }
    };
    on_tokens("paragraph", &s.paragraphs);
    on_tokens("sentence", &s.sentences);
    on_tokens("clause", &s.clauses);

    // Paragraphs are lines; sentences tile paragraphs; clauses tile sentences
    // except for the `;` between them.
    for paragraph in &s.paragraphs {
        assert!(
            !text[paragraph.clone()].contains('\n'),
            "paragraph {paragraph:?} spans a line break"
        );
    }
    for (i, token) in s.tokens.iter().enumerate() {
        let paragraph = s
            .paragraph_index_at(token.span.start)
            .expect("every token is in a paragraph");
        let sentence = s
            .sentence_at(token.span.start)
            .expect("every token is in a sentence");
        let p = &s.paragraphs[paragraph];
        assert!(
            p.start <= sentence.start && sentence.end <= p.end,
            "sentence {sentence:?} outside {p:?}"
        );
        assert_eq!(s.token_index_at(token.span.start), Some(i));
        assert_eq!(s.token_index_at(token.span.end - 1), Some(i));
        let is_semicolon = token.kind == TokenKind::Punct && &text[token.span.clone()] == ";";
        match s.clause_at(token.span.start) {
            Some(clause) => {
                assert!(!is_semicolon, "a `;` inside clause {clause:?}");
                assert!(
                    sentence.start <= clause.start && clause.end <= sentence.end,
                    "clause outside"
                );
            }
            None => assert!(is_semicolon, "token {i} in no clause"),
        }
    }
    for sentence in &s.sentences {
        assert!(!s.tokens_in(sentence.clone()).is_empty());
        assert!(s
            .paragraph_at(sentence.start)
            .is_some_and(|p| p.end >= sentence.end));
    }
    for clause in &s.clauses {
        assert!(s
            .sentence_at(clause.start)
            .is_some_and(|sentence| sentence.end >= clause.end));
    }
}

// ---------------------------------------------------------------- paragraphs

#[test]
fn paragraphs_are_trimmed_non_empty_lines() {
    let text = "  Tiêu đề  \n\n Đoạn một. Câu hai.\n   \nĐoạn hai";
    let s = segment(text);
    check_invariants(text, &s);
    let paragraphs: Vec<&str> = s.paragraphs.iter().map(|r| &text[r.clone()]).collect();
    assert_eq!(paragraphs, ["Tiêu đề", "Đoạn một. Câu hai.", "Đoạn hai"]);
    assert_eq!(s.sentences.len(), 4);
}

#[test]
fn sentences_never_cross_paragraphs() {
    assert_eq!(
        sentences("Dòng một\nDòng hai không dấu chấm"),
        ["Dòng một", "Dòng hai không dấu chấm"]
    );
    assert_eq!(sentences("TP.\nHà Nội"), ["TP.", "Hà Nội"]);
}

// ----------------------------------------------------------------- sentences

#[test]
fn sentence_ends() {
    assert_eq!(
        sentences("Một câu. Hai câu! Ba câu? Bốn… Năm... Sáu"),
        ["Một câu.", "Hai câu!", "Ba câu?", "Bốn…", "Năm...", "Sáu"]
    );
    assert_eq!(sentences("Thật sao?! Đúng vậy."), ["Thật sao?!", "Đúng vậy."]);
}

#[test]
fn no_break_before_lower_case() {
    assert_eq!(
        sentences("Bà D. thì cho gà ăn. Hết."),
        ["Bà D. thì cho gà ăn.", "Hết."]
    );
    assert_eq!(
        sentences("Anh hỏi: sao vậy? rồi đi."),
        ["Anh hỏi: sao vậy? rồi đi."]
    );
}

#[test]
fn vietnamese_upper_case_letters_start_sentences() {
    for start in [
        "Đồng", "Ưu", "Âm", "Ăn", "Ê", "Ô", "Ơn", "Ở", "Ủy", "Ấp", "Ước", "Ý", "Ảnh", "Ỹ",
    ] {
        let text = format!("Câu trước kết thúc. {start} câu sau.");
        let got = sentences(&text);
        assert_eq!(got.len(), 2, "{text}: {got:?}");
        assert!(got[1].starts_with(start), "{text}: {got:?}");
    }
}

#[test]
fn sentences_may_start_with_a_number_quote_bracket_or_dash() {
    assert_eq!(
        sentences("Đạt kế hoạch. 12 chị em đã trả nợ."),
        ["Đạt kế hoạch.", "12 chị em đã trả nợ."]
    );
    assert_eq!(
        sentences("Ông nói. “Chúng tôi sẽ làm.”"),
        ["Ông nói.", "“Chúng tôi sẽ làm.”"]
    );
    assert_eq!(
        sentences("Ông nói. \"Chúng tôi sẽ làm.\""),
        ["Ông nói.", "\"Chúng tôi sẽ làm.\""]
    );
    assert_eq!(
        sentences("Kết thúc buổi làm việc. (Ảnh: Trọng Toàn)"),
        ["Kết thúc buổi làm việc.", "(Ảnh: Trọng Toàn)"]
    );
    assert_eq!(
        sentences("đăng ký 3 triệu USD. - Công ty TNHH A"),
        ["đăng ký 3 triệu USD.", "- Công ty TNHH A"]
    );
    assert_eq!(sentences("Hết. (cùng ở xã)"), ["Hết. (cùng ở xã)"]);
}

#[test]
fn closing_quotes_and_brackets_stay_with_the_sentence() {
    assert_eq!(
        sentences("“Đây là nghịch lý.” Ông nói tiếp."),
        ["“Đây là nghịch lý.”", "Ông nói tiếp."]
    );
    assert_eq!(
        sentences("Anh ấy nói \"được rồi.\" Sau đó đi."),
        ["Anh ấy nói \"được rồi.\"", "Sau đó đi."]
    );
    assert_eq!(
        sentences("(Xem thêm phụ lục.) Tiếp theo."),
        ["(Xem thêm phụ lục.)", "Tiếp theo."]
    );
    assert_eq!(
        sentences("Ông hỏi: “Vì sao?”. Không ai trả lời."),
        ["Ông hỏi: “Vì sao?”.", "Không ai trả lời."]
    );
    assert_eq!(sentences("Ông nói “tốt”. Rồi đi."), ["Ông nói “tốt”.", "Rồi đi."]);
}

#[test]
fn colon_does_not_end_a_sentence() {
    assert_eq!(
        sentences("Đồng chí nhấn mạnh: Trong 8 tháng đầu năm, thu đạt 120 tỷ đồng."),
        ["Đồng chí nhấn mạnh: Trong 8 tháng đầu năm, thu đạt 120 tỷ đồng."]
    );
}

#[test]
fn official_end_mark() {
    assert_eq!(
        sentences("Đảm bảo diễn tập năm 2022./. Đặng Tuyết"),
        ["Đảm bảo diễn tập năm 2022./.", "Đặng Tuyết"]
    );
    assert_eq!(
        sentences("Chỉ đạo thực hiện nghiêm./."),
        ["Chỉ đạo thực hiện nghiêm./."]
    );
    let s = segment("lưu ý./. Nguyễn Quỳnh");
    assert_eq!(s.sentences, [0..10, 11..27]);
}

#[test]
fn abbreviations_do_not_end_sentences() {
    let cases = [
        "Tại TP. Hồ Chí Minh",
        "Tại Tp. Hồ Chí Minh",
        "Theo TS. Nguyễn Đức Thành",
        "Theo ThS. Lê Văn Tám",
        "Theo PGS.TS. Trần Văn Nam",
        "Theo PGS. Trần Văn Nam",
        "Theo GS. Phan Huy Lê",
        "Theo BS. Phạm Thị Hoa",
        "Ở Q. Hoàn Kiếm",
        "Ở P. Bến Nghé",
        "Ở TX. Sơn Tây",
        "Ở H. Ba Vì",
        "Ở TT. Phố Lu",
        "Theo KS. Đỗ Văn Hùng",
        "Theo CN. Lò Văn Páo",
        "Theo Th. Hà",
        "Liên hệ ĐT. 0912345678",
        "Theo ThS.BS. Ngô Văn Ánh",
        "Theo GS.TSKH. Đặng Hùng Võ",
        "Ở Q. 1",
    ];
    for case in cases {
        let text = format!("{case} phát biểu. Hội nghị kết thúc.");
        let got = sentences(&text);
        assert_eq!(
            got,
            [format!("{case} phát biểu."), "Hội nghị kết thúc.".into()],
            "{text}"
        );
    }
}

#[test]
fn acronyms_outside_the_list_end_sentences() {
    assert_eq!(
        sentences("Về đích NTM. Với kết quả đó"),
        ["Về đích NTM.", "Với kết quả đó"]
    );
    assert_eq!(
        sentences("lợi tức từ các DNNN. TS. Nguyễn Đức Thành nói."),
        ["lợi tức từ các DNNN.", "TS. Nguyễn Đức Thành nói."]
    );
    assert_eq!(
        sentences("các Thứ trưởng Bộ TT&TT. Theo Quyết định"),
        ["các Thứ trưởng Bộ TT&TT.", "Theo Quyết định"]
    );
    assert_eq!(sentences("tại TP.HCM. Theo đó"), ["tại TP.HCM.", "Theo đó"]);
}

#[test]
fn initials_do_not_end_sentences() {
    assert_eq!(
        sentences("Em N.K.L. (cùng ở xã Nhơn Hạnh) học lớp 8. Hết."),
        ["Em N.K.L. (cùng ở xã Nhơn Hạnh) học lớp 8.", "Hết."]
    );
    assert_eq!(
        sentences("Ông Đ.T.Hà phát biểu. Hết."),
        ["Ông Đ.T.Hà phát biểu.", "Hết."]
    );
    assert_eq!(
        sentences("Ông Đ. T. Hà phát biểu. Hết."),
        ["Ông Đ. T. Hà phát biểu.", "Hết."]
    );
    assert_eq!(
        sentences("Bà Giàng Thị D. Người dân tộc Mông"),
        ["Bà Giàng Thị D. Người dân tộc Mông"]
    );
}

#[test]
fn numbers_dates_urls_do_not_end_sentences() {
    for text in [
        "Doanh thu đạt trên 2.312 tỷ đồng.",
        "Tăng 1,5 lần so với 1.234.567 đồng.",
        "Sinh ngày 10.05.2000 tại Hà Nội.",
        "Chiều 22.4, Chủ tịch UBND tỉnh làm việc.",
        "Xem tại baomoi.com hoặc VOV.VN ngay.",
        "Gửi thư tới toasoan@baodientu.vn để biết.",
        "Trang https://www.chinhphu.vn/Thong-tin.html có đủ.",
        "Đây là phiên bản 2.0 của Luật.",
    ] {
        assert_eq!(sentences(text), [text], "{text}");
    }
}

#[test]
fn ellipsis_mid_sentence() {
    assert_eq!(
        sentences("Các xã... đều đạt chuẩn. Hết."),
        ["Các xã... đều đạt chuẩn.", "Hết."]
    );
    assert_eq!(
        sentences("Chuối, cam, bưởi… được mùa. Hết."),
        ["Chuối, cam, bưởi… được mùa.", "Hết."]
    );
    assert_eq!(
        sentences("…và nhiều nơi khác. Hết."),
        ["…và nhiều nơi khác.", "Hết."]
    );
}

#[test]
fn enumeration_markers_open_sentences() {
    assert_eq!(
        sentences("1. Mục tiêu chung. Phát triển bền vững."),
        ["1. Mục tiêu chung.", "Phát triển bền vững."]
    );
    assert_eq!(sentences("II. NHIỆM VỤ TRỌNG TÂM"), ["II. NHIỆM VỤ TRỌNG TÂM"]);
    assert_eq!(sentences("a. Về kinh tế"), ["a. Về kinh tế"]);
    assert_eq!(
        sentences("Đạt 100%. 2 xã còn lại chưa đạt."),
        ["Đạt 100%.", "2 xã còn lại chưa đạt."]
    );
}

#[test]
fn missing_space_after_a_sentence_end() {
    assert_eq!(
        sentences("đạt 95% kế hoạch.Theo đó, tỉnh"),
        ["đạt 95% kế hoạch.", "Theo đó, tỉnh"]
    );
    assert_eq!(
        sentences("trong năm 2022.Theo đó"),
        ["trong năm 2022.", "Theo đó"]
    );
    assert_eq!(
        sentences("đến TP.Vũng Tàu và Tp.Hồ Chí Minh"),
        ["đến TP.Vũng Tàu và Tp.Hồ Chí Minh"]
    );
}

// ------------------------------------------------------------------- clauses

#[test]
fn clauses_split_at_semicolons() {
    assert_eq!(
        clauses("Tăng cường quản lý; trồng rừng đạt 113%. Hết; thật."),
        ["Tăng cường quản lý", "trồng rừng đạt 113%.", "Hết", "thật."]
    );
    assert_eq!(clauses("; ;a;;b ;"), ["a", "b"]);
    assert_eq!(clauses("Không có chấm phẩy"), ["Không có chấm phẩy"]);
    let s = segment("a; b");
    assert_eq!(s.clauses, [0..1, 3..4]);
    assert_eq!(s.sentences, vec![0..4]);
}

// -------------------------------------------------------------------- tokens

#[test]
fn token_kinds_and_spans() {
    use TokenKind::*;
    assert_eq!(
        tokens("Covid-19"),
        [("Covid", Word), ("-", Punct), ("19", Number)]
    );
    assert_eq!(
        tokens("175,158/155ha"),
        [("175,158", Number), ("/", Punct), ("155", Number), ("ha", Word)]
    );
    assert_eq!(
        tokens("1.234.567,5 đồng"),
        [("1.234.567,5", Number), ("đồng", Word)]
    );
    assert_eq!(tokens("2.312 tỷ"), [("2.312", Number), ("tỷ", Word)]);
    assert_eq!(tokens("113%."), [("113", Number), ("%", Punct), (".", Punct)]);
    assert_eq!(
        tokens("năm 2022."),
        [("năm", Word), ("2022", Number), (".", Punct)]
    );
    assert_eq!(tokens("1,5, 2"), [("1,5", Number), (",", Punct), ("2", Number)]);
    assert_eq!(tokens("10.05.2000"), [("10.05.2000", Number)]);
    assert_eq!(tokens("07/9"), [("07", Number), ("/", Punct), ("9", Number)]);
    assert_eq!(tokens("H'Mông K’Ho"), [("H'Mông", Word), ("K’Ho", Word)]);
    assert_eq!(tokens("'trích'"), [("'", Punct), ("trích", Word), ("'", Punct)]);
    assert_eq!(tokens("“Được”"), [("“", Punct), ("Được", Word), ("”", Punct)]);
    assert_eq!(
        tokens("21.576,5 km²"),
        [("21.576,5", Number), ("km", Word), ("²", Punct)]
    );
    assert_eq!(
        tokens("Bà Rịa-Vũng Tàu"),
        [
            ("Bà", Word),
            ("Rịa", Word),
            ("-", Punct),
            ("Vũng", Word),
            ("Tàu", Word)
        ]
    );
    assert_eq!(tokens("×÷"), [("×", Punct), ("÷", Punct)]);
    assert_eq!(tokens("北京 Москва"), [("北京", Word), ("Москва", Word)]);
}

#[test]
fn every_vietnamese_letter_is_a_word_char() {
    let letters = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ";
    for text in [letters.to_string(), letters.to_uppercase()] {
        let got = tokens(&text);
        assert_eq!(got, [(text.as_str(), TokenKind::Word)]);
    }
    // Decomposed (NFD) marks stay inside the word.
    assert_eq!(
        token_texts("Vie\u{302}\u{323}t Nam"),
        ["Vie\u{302}\u{323}t", "Nam"]
    );
}

#[test]
fn word_case() {
    let text = "Nguyễn UBND xã Đ ThS iPhone 12 北京";
    let s = segment(text);
    let cases: Vec<Case> = s.tokens.iter().map(|t| t.case).collect();
    assert_eq!(
        cases,
        [
            Case::Title,
            Case::Upper,
            Case::Lower,
            Case::Upper,
            Case::Title,
            Case::Lower,
            Case::Uncased,
            Case::Uncased
        ]
    );
    assert!(s.tokens[0].starts_upper() && !s.tokens[0].is_all_caps());
    assert!(s.tokens[1].starts_upper() && s.tokens[1].is_all_caps());
    assert!(!s.tokens[2].starts_upper());
}

#[test]
fn tokens_never_include_spaces() {
    let text = "a\u{a0}b\tc\u{2003}d\u{200b}e\r\nf";
    assert_eq!(token_texts(text), ["a", "b", "c", "d", "e", "f"]);
    assert_eq!(segment(text).paragraphs.len(), 2);
}

// ------------------------------------------------------------------- helpers

#[test]
fn query_helpers() {
    let text = "Một câu; vế hai. Câu hai.\nĐoạn hai.";
    let s = segment(text);
    check_invariants(text, &s);
    let at = |b: usize| s.sentence_index_at(b);
    assert_eq!(at(0), Some(0));
    assert_eq!(at(text.find("Câu hai").unwrap()), Some(1));
    assert_eq!(at(text.find("Đoạn").unwrap()), Some(2));
    assert_eq!(s.paragraph_index_at(text.find("Đoạn").unwrap()), Some(1));
    assert_eq!(s.clause_index_at(text.find("vế").unwrap()), Some(1));
    let second = s.sentences[1].clone();
    let words: Vec<&str> = s.tokens_in(second.clone()).iter().map(|t| t.text(text)).collect();
    assert_eq!(words, ["Câu", "hai", "."]);
    // A range cutting tokens keeps only the whole ones.
    assert_eq!(s.tokens_in(second.start + 1..second.end).len(), 2);
    assert!(s.tokens_in(5..5).is_empty());
    assert!(s.tokens_in(100..200).is_empty());
    assert_eq!(
        s.token_at(text.find("vế").unwrap()).map(|t| t.text(text)),
        Some("vế")
    );
    assert_eq!(s.token_at(usize::MAX), None);
    assert_eq!(s.sentence_at(usize::MAX), None);
    assert!(s.joined(text.find("câu;").map(|b| s.token_index_at(b).unwrap()).unwrap()));
    assert!(!s.joined(usize::MAX));
}

#[test]
fn empty_and_blank_texts() {
    for text in ["", " ", "\n\n", " \n \t "] {
        let s = segment(text);
        check_invariants(text, &s);
        assert!(s.tokens.is_empty() && s.paragraphs.is_empty() && s.sentences.is_empty());
    }
}

// -------------------------------------------------------------------- corpus

/// Every development article (when /work/shared is present) and the
/// reference article: invariants hold, and sentence counts are plausible.
#[test]
fn corpus_articles_keep_the_invariants() {
    let reference = include_str!("../examples/data/bac-kan-2022-09.txt");
    let s = segment(reference);
    check_invariants(reference, &s);
    let first = &reference[s.sentences[1].clone()];
    assert!(
        first.starts_with("Sáng ngày 07/9") && first.ends_with("cuối năm 2022."),
        "{first}"
    );
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/articles"));
    let Ok(entries) = std::fs::read_dir(dir) else {
        eprintln!("skipping the article corpus: {} is absent", dir.display());
        return;
    };
    let mut checked = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let raw = std::fs::read_to_string(&path).expect("articles are UTF-8");
        let normalized = vnextract::normalize(&raw, &Default::default());
        let text = normalized.text();
        let s = segment(text);
        check_invariants(text, &s);
        // Sentences of a news article are rarely over 1500 bytes long.
        let longest = s.sentences.iter().map(|r| r.len()).max().unwrap_or(0);
        assert!(longest < 3000, "{}: a {longest}-byte sentence", path.display());
        checked += 1;
    }
    assert!(checked > 0, "no article in {}", dir.display());
}

// ------------------------------------------------------------------ proptest

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_strings_keep_the_invariants(text in any::<String>()) {
        check_invariants(&text, &segment(&text));
    }

    #[test]
    fn tricky_characters_keep_the_invariants(
        text in "[aĐđÀàẠạỹ×÷\u{1680}\u{1780}\u{17D4}\u{1E9E}\u{1F00}\u{301}\u{2028}\u{85}\u{200B}’'.;!?…/ \n0-9,北😀]{0,40}"
    ) {
        check_invariants(&text, &segment(&text));
    }

    #[test]
    fn news_like_strings_keep_the_invariants(
        text in "([A-ZĐƯÂa-zđưâạếữ]{1,4}|[0-9]{1,4}|[ .,;:!?…/%'’\"“”()\\-\n]|TP|PGS|TS|\\./\\.){0,60}"
    ) {
        check_invariants(&text, &segment(&text));
    }
}

#[test]
fn single_capitals_after_label_words_end_sentences() {
    assert_eq!(
        sentences("Nhiệt độ lên tới 38 độ C. Tuy vậy, trời mát."),
        ["Nhiệt độ lên tới 38 độ C.", "Tuy vậy, trời mát."]
    );
    assert_eq!(
        sentences("Bệnh viêm gan B. Người bệnh cần khám."),
        ["Bệnh viêm gan B.", "Người bệnh cần khám."]
    );
    assert_eq!(
        sentences("Xe Tesla Model S. Video: trình diễn"),
        ["Xe Tesla Model S.", "Video: trình diễn"]
    );
    assert_eq!(
        sentences("Ảnh: Q. Lan Trong dòng người"),
        ["Ảnh: Q. Lan Trong dòng người"]
    );
    assert_eq!(
        sentences("Hạ nghị sỹ Joseph P. Kennedy III phát biểu."),
        ["Hạ nghị sỹ Joseph P. Kennedy III phát biểu."]
    );
}

#[test]
fn accented_single_letters_are_words_not_initials() {
    assert_eq!(
        sentences("Khu vực Đông Nam Á. Với vị trí 3550"),
        ["Khu vực Đông Nam Á.", "Với vị trí 3550"]
    );
    assert_eq!(
        sentences("Siêu xe thể thao Ý. Millecavalli mạnh"),
        ["Siêu xe thể thao Ý.", "Millecavalli mạnh"]
    );
}

#[test]
fn full_initials_before_a_capitalized_word_end_sentences() {
    assert_eq!(
        sentences("Sinh làm quen với chị P.A. Sau vài lần nói chuyện"),
        ["Sinh làm quen với chị P.A.", "Sau vài lần nói chuyện"]
    );
    assert_eq!(
        sentences("anh D. và vợ là chị H.T.N.L. (28 tuổi) mâu thuẫn"),
        ["anh D. và vợ là chị H.T.N.L. (28 tuổi) mâu thuẫn"]
    );
    assert_eq!(
        sentences("là cô Đ.T. B và cô N.T.H.N. Bà V. cho biết"),
        ["là cô Đ.T. B và cô N.T.H.N.", "Bà V. cho biết"]
    );
}

#[test]
fn lettered_items_open_sentences() {
    assert_eq!(
        sentences("không yêu cầu xếp loại. c) Thí sinh tự do"),
        ["không yêu cầu xếp loại.", "c) Thí sinh tự do"]
    );
    assert_eq!(
        sentences("theo điểm a. b tiếp theo"),
        ["theo điểm a. b tiếp theo"]
    );
}
