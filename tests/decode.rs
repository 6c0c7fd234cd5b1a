//! Integration tests of `vnextract::decode`: legacy code charts, detection,
//! BOMs, UTF-16, error offsets, lossy mode, mojibake repair and robustness.
//!
//! Byte strings written inline here are typed from the published code charts
//! (the byte of each letter is noted beside it); the fixture files under
//! `tests/fixtures/decode/` come from independent encoders (see its README).

use std::path::Path;

use proptest::prelude::*;
use vnextract::{decode, DecodeError, DecodeOptions, Decoded, Encoding};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/decode");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(FIXTURES).join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn fixture_text(name: &str) -> String {
    String::from_utf8(fixture(name)).expect("expected-text fixtures are UTF-8")
}

fn with(encoding: Encoding) -> DecodeOptions {
    DecodeOptions {
        encoding,
        lossy: false,
    }
}

fn auto(bytes: &[u8]) -> Decoded {
    decode(bytes, &DecodeOptions::default()).expect("auto decode")
}

fn as_encoding(bytes: &[u8], encoding: Encoding) -> String {
    decode(bytes, &with(encoding)).expect("decode").text
}

// ------------------------------------------------------------ code charts, inline

#[test]
fn tcvn3_chart_bytes_decode() {
    // § A7 Đ, å E5 ồ, Ý DD í, Ô D4 ễ, ¨ A8 ă, ¶ B6 ả.
    assert_eq!(
        as_encoding(b"\xa7\xe5ng ch\xdd Nguy\xd4n V\xa8n H\xb6i", Encoding::Tcvn3),
        "Đồng chí Nguyễn Văn Hải"
    );
    // ñ F1 ủ, ­ AD ư, í ED ớ, Ø D8 ỉ, ® AE đ, ¹ B9 ạ, · B7 ã, µ B5 à, é E9 ộ, Ö D6 ệ.
    assert_eq!(
        as_encoding(
            b"Th\xf1 t\xad\xedng ch\xd8 \xae\xb9o \xb7 H\xb5 N\xe9i, Vi\xd6t Nam",
            Encoding::Tcvn3
        ),
        "Thủ tướng chỉ đạo ã Hà Nội, Việt Nam"
    );
    // ơ AC, Ơ A5, Ư A6, Â A2, Ê A3, Ô A4, Ă A1.
    assert_eq!(
        as_encoding(b"s\xac \xa5 \xa6 \xa2 \xa3 \xa4 \xa1", Encoding::Tcvn3),
        "sơ Ơ Ư Â Ê Ô Ă"
    );
}

#[test]
fn tcvn3_all_capitals_heading_is_restored() {
    // A `.VnTimeH` heading stores toned capitals with the small-letter codes.
    assert_eq!(
        as_encoding(b"\xa7\xb9I H\xe9I \xa7\xb6NG B\xe9", Encoding::Tcvn3),
        "ĐẠI HỘI ĐẢNG BỘ"
    );
    // ...while a capitalised word in running text stays as it is.
    assert_eq!(
        as_encoding(b"B\xe9 T\xb5i ch\xddnh", Encoding::Tcvn3),
        "Bộ Tài chính"
    );
}

#[test]
fn vni_two_byte_letters_compose() {
    // Ñ D1 Đ, o+ã E3 = ỗ, u+ø F8 = ù, ö F6 ư, ô F4 ơ (the issue's examples).
    assert_eq!(
        as_encoding(b"\xd1o\xe3 Bu\xf8i D\xf6\xf4ng", Encoding::Vni),
        "Đỗ Bùi Dương"
    );
    // e+ä E4 = ệ, u+û FB = ủ, ö ô + ù F9 = ướ, æ E6 ỉ, ñ F1 đ, a+ï EF = ạ, a+õ F5 = ã.
    assert_eq!(
        as_encoding(
            b"Vie\xe4t Nam: Thu\xfb t\xf6\xf4\xf9ng ch\xe6 \xf1a\xefo, Qua\xfbng Nga\xf5i",
            Encoding::Vni
        ),
        "Việt Nam: Thủ tướng chỉ đạo, Quảng Ngãi"
    );
    // Capitals: A+Ï CF = Ạ, O+Ä C4 = Ộ, A+Ê CA = Ă, U+Ø D8 = Ù, Î CE = Ỵ, Ö D6 + Ù D9 = Ứ.
    assert_eq!(
        as_encoding(b"\xd1A\xcfI HO\xc4I A\xcaN \xce \xd6\xd9NG", Encoding::Vni),
        "ĐẠI HỘI ĂN Ỵ ỨNG"
    );
    // ă with every tone: a+é E9 ắ, a+è E8 ằ, a+ú FA ẳ, a+ü FC ẵ, a+ë EB ặ.
    assert_eq!(
        as_encoding(b"a\xe9 a\xe8 a\xfa a\xfc a\xeb", Encoding::Vni),
        "ắ ằ ẳ ẵ ặ"
    );
}

#[test]
fn viscii_chart_bytes_decode() {
    // ® AE ệ, à E0 à, µ B5 ộ, Ð D0 Đ, ß DF ư, ¶ B6 ờ, ä E4 ả, ­ AD ễ, ð F0 đ, Õ D5 ạ, 0x93 Ộ.
    assert_eq!(
        as_encoding(
            b"Vi\xaet Nam, H\xe0 N\xb5i, \xd0\xdf\xb6ng, H\xe4i, Nguy\xadn, \xf0\xd5o, \xd0\x93I",
            Encoding::Viscii
        ),
        "Việt Nam, Hà Nội, Đường, Hải, Nguyễn, đạo, ĐỘI"
    );
    // The six C0 positions VISCII takes: 0x02 Ẳ, 0x05 Ẵ, 0x06 Ẫ, 0x14 Ỷ, 0x19 Ỹ, 0x1E Ỵ.
    assert_eq!(
        as_encoding(b"\x02\x05\x06\x14\x19\x1e", Encoding::Viscii),
        "ẲẴẪỶỸỴ"
    );
}

#[test]
fn windows_1258_composes_to_nfc() {
    // ê EA + dot F2; à E0; ô F4 + dot F2; Đ D0, ư FD, ơ F5 + grave CC; a + hook D2; ê EA + tilde DE.
    let text = as_encoding(
        b"Vi\xea\xf2t Nam, H\xe0 N\xf4\xf2i, \xd0\xfd\xf5\xccng, Ha\xd2i, Nguy\xea\xden",
        Encoding::Windows1258,
    );
    assert_eq!(text, "Việt Nam, Hà Nội, Đường, Hải, Nguyễn");
    assert!(text.chars().all(|c| !('\u{300}'..='\u{36f}').contains(&c)), "NFC");
}

// ------------------------------------------------------------ fixtures, explicit and detected

const LEGACY_FIXTURES: [(&str, Encoding, &str); 4] = [
    ("tcvn3", Encoding::Tcvn3, "vn3.txt"),
    ("vni", Encoding::Vni, "txt"),
    ("viscii", Encoding::Viscii, "txt"),
    ("cp1258", Encoding::Windows1258, "txt"),
];

#[test]
fn legacy_fixtures_decode_to_the_text() {
    for (extension, encoding, expected) in LEGACY_FIXTURES {
        for stem in ["sentences", "article"] {
            let expected_name = if stem == "sentences" {
                "sentences.txt".to_owned()
            } else {
                format!("{stem}.{expected}")
            };
            let want = fixture_text(&expected_name);
            let got = as_encoding(&fixture(&format!("{stem}.{extension}")), encoding);
            assert_eq!(got, want, "{stem}.{extension} read as {encoding}");
        }
    }
}

#[test]
fn detection_picks_each_legacy_encoding() {
    for (extension, encoding, expected) in LEGACY_FIXTURES {
        for stem in ["sentences", "article"] {
            let expected_name = if stem == "sentences" {
                "sentences.txt".to_owned()
            } else {
                format!("{stem}.{expected}")
            };
            let d = auto(&fixture(&format!("{stem}.{extension}")));
            assert_eq!(d.encoding, encoding, "{stem}.{extension}");
            assert_eq!(d.text, fixture_text(&expected_name), "{stem}.{extension}");
            assert!(
                d.confidence >= 0.9,
                "{stem}.{extension}: confidence {}",
                d.confidence
            );
            assert!(!d.repaired_mojibake && d.replacements == 0);
        }
    }
}

#[test]
fn explicit_encoding_overrides_detection() {
    let vni = fixture("sentences.vni");
    assert_eq!(auto(&vni).encoding, Encoding::Vni);
    let d = decode(&vni, &with(Encoding::Windows1258)).unwrap();
    assert_eq!(d.encoding, Encoding::Windows1258);
    assert_ne!(d.text, fixture_text("sentences.txt"));
    // Valid UTF-8 read explicitly as UTF-8 is never repaired.
    let mojibake = fixture("sentences.vni-as-cp1252.txt");
    let d = decode(&mojibake, &with(Encoding::Utf8)).unwrap();
    assert_eq!(d.text.as_bytes(), mojibake.as_slice());
    assert!(!d.repaired_mojibake);
}

// ------------------------------------------------------------ UTF-8, BOM, UTF-16

#[test]
fn utf8_is_copied_as_is() {
    let d = auto("Hà Nội\u{300}".as_bytes());
    assert_eq!(
        (d.text.as_str(), d.encoding, d.confidence),
        ("Hà Nội\u{300}", Encoding::Utf8, 1.0)
    );
    assert!(!d.had_bom && !d.repaired_mojibake);
    assert_eq!(auto(b"").text, "");
}

#[test]
fn utf8_bom_is_stripped() {
    let d = auto(b"\xef\xbb\xbfH\xc3\xa0 N\xe1\xbb\x99i");
    assert_eq!(d.text, "Hà Nội");
    assert!(d.had_bom);
    assert_eq!(d.encoding, Encoding::Utf8);
    let d = decode(b"\xef\xbb\xbfabc", &with(Encoding::Utf8)).unwrap();
    assert_eq!((d.text.as_str(), d.had_bom), ("abc", true));
    // A BOM alone is an empty text.
    assert_eq!(auto(b"\xef\xbb\xbf").text, "");
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    let units = bom.then_some(0xFEFF).into_iter().chain(text.encode_utf16());
    for unit in units {
        bytes.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    bytes
}

#[test]
fn utf16_with_bom() {
    let text = fixture_text("article.txt");
    for (big_endian, encoding) in [(false, Encoding::Utf16Le), (true, Encoding::Utf16Be)] {
        let d = auto(&utf16(&text, big_endian, true));
        assert_eq!((d.encoding, d.had_bom, d.confidence), (encoding, true, 1.0));
        assert_eq!(d.text, text);
        let d = decode(&utf16(&text, big_endian, true), &with(encoding)).unwrap();
        assert_eq!(d.text, text);
    }
    assert_eq!(auto(b"\xff\xfe").text, "");
}

#[test]
fn utf16_without_bom_is_detected_from_nul_bytes() {
    let text = fixture_text("sentences.txt");
    for (big_endian, encoding) in [(false, Encoding::Utf16Le), (true, Encoding::Utf16Be)] {
        let d = auto(&utf16(&text, big_endian, false));
        assert_eq!((d.encoding, d.had_bom), (encoding, false));
        assert_eq!(d.text, text);
        assert!(d.confidence > 0.9);
    }
}

#[test]
fn utf16_errors_name_the_offset() {
    // Odd length.
    let mut bytes = utf16("abc", false, true);
    bytes.push(b'x');
    let e = decode(&bytes, &DecodeOptions::default()).unwrap_err();
    assert!(
        matches!(
            e,
            DecodeError::InvalidUtf16 {
                offset: 8,
                encoding: Encoding::Utf16Le,
                ..
            }
        ),
        "{e:?}"
    );
    // Unpaired high surrogate at unit 2 (bytes 4..6 after the BOM... BOM is 2 bytes).
    let bytes = [0xFE, 0xFF, 0x00, b'a', 0xD8, 0x00, 0x00, b'b'];
    let e = decode(&bytes, &DecodeOptions::default()).unwrap_err();
    assert!(
        matches!(
            e,
            DecodeError::InvalidUtf16 {
                offset: 4,
                encoding: Encoding::Utf16Be,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("byte offset 4"), "{e}");
    let d = decode(
        &bytes,
        &DecodeOptions {
            encoding: Encoding::Auto,
            lossy: true,
        },
    )
    .unwrap();
    assert_eq!((d.text.as_str(), d.replacements), ("a\u{FFFD}b", 1));
}

// ------------------------------------------------------------ errors and lossy mode

fn utf8_error_offset(bytes: &[u8]) -> usize {
    match decode(bytes, &DecodeOptions::default()) {
        Err(DecodeError::InvalidUtf8 { offset, .. }) => offset,
        other => panic!("{bytes:?}: expected InvalidUtf8, got {other:?}"),
    }
}

#[test]
fn invalid_utf8_offsets_at_first_middle_and_last_byte() {
    let text = "Thủ tướng chỉ đạo";
    let mut first = vec![0xFF];
    first.extend_from_slice(text.as_bytes());
    assert_eq!(utf8_error_offset(&first), 0);

    let mut middle = text.as_bytes().to_vec();
    middle.insert(9, 0x80); // between "Thủ t" and "ướng" (byte 9 is a char boundary)
    assert!(text.is_char_boundary(9));
    assert_eq!(utf8_error_offset(&middle), 9);

    let mut last = text.as_bytes().to_vec();
    last.push(0xC3);
    assert_eq!(utf8_error_offset(&last), text.len());
    let e = decode(&last, &DecodeOptions::default()).unwrap_err();
    let message = e.to_string();
    assert!(
        message.contains(&format!("byte offset {}", text.len())),
        "{message}"
    );
    assert!(
        message.contains("--lossy") && message.contains("--encoding"),
        "{message}"
    );

    // A lead byte followed by a non-continuation byte: the sequence start is named.
    assert_eq!(utf8_error_offset(b"ab\xe1\x41cd"), 2);
    // With a BOM the offset still counts from the start of the file.
    assert_eq!(utf8_error_offset(b"\xef\xbb\xbfab\xff"), 5);
    assert!(matches!(
        decode(b"\xef\xbb\xbfab\xff", &with(Encoding::Utf8)),
        Err(DecodeError::InvalidUtf8 {
            offset: 5,
            found: Some(0xFF),
            ..
        })
    ));
}

#[test]
fn lossy_replaces_and_counts() {
    let lossy = DecodeOptions {
        encoding: Encoding::Auto,
        lossy: true,
    };
    let d = decode(b"\xffH\xc3\xa0 N\xe1\xbb\x99i\x80 \xc3", &lossy).unwrap();
    assert_eq!(d.text, "\u{FFFD}Hà Nội\u{FFFD} \u{FFFD}");
    assert_eq!((d.encoding, d.replacements), (Encoding::Utf8, 3));
    assert!(
        (d.confidence - 0.7).abs() < 1e-6,
        "7 of 10 chars decoded cleanly: {}",
        d.confidence
    );
    // Unassigned bytes of a single-byte chart: 0x81 is a hole in TCVN3 (Windows-1252's).
    let e = decode(b"ab\x81", &with(Encoding::Tcvn3)).unwrap_err();
    assert_eq!(
        e,
        DecodeError::Unassigned {
            offset: 2,
            byte: 0x81,
            encoding: Encoding::Tcvn3
        }
    );
    assert!(
        e.to_string().contains("0x81") && e.to_string().contains("tcvn3"),
        "{e}"
    );
    let d = decode(
        b"H\xb5\x81",
        &DecodeOptions {
            encoding: Encoding::Tcvn3,
            lossy: true,
        },
    )
    .unwrap();
    assert_eq!((d.text.as_str(), d.replacements), ("Hà\u{FFFD}", 1));
    // Windows-1258 leaves 0x8A unassigned.
    let e = decode(b"a\x8a", &with(Encoding::Windows1258)).unwrap_err();
    assert_eq!(
        e,
        DecodeError::Unassigned {
            offset: 1,
            byte: 0x8A,
            encoding: Encoding::Windows1258
        }
    );
}

#[test]
fn detected_legacy_file_with_a_hole_names_the_byte() {
    let mut bytes = fixture("sentences.tcvn3");
    let hole = bytes.len();
    bytes.extend_from_slice(b"\x81 ");
    let e = decode(&bytes, &DecodeOptions::default()).unwrap_err();
    assert_eq!(
        e,
        DecodeError::Unassigned {
            offset: hole,
            byte: 0x81,
            encoding: Encoding::Tcvn3
        }
    );
    let d = decode(
        &bytes,
        &DecodeOptions {
            encoding: Encoding::Auto,
            lossy: true,
        },
    )
    .unwrap();
    assert_eq!((d.encoding, d.replacements), (Encoding::Tcvn3, 1));
    assert!(d.text.ends_with("\u{FFFD} "));
}

#[test]
fn unrecognisable_bytes_are_an_error_not_a_guess() {
    // One stray high byte: too little evidence for any legacy encoding.
    assert_eq!(utf8_error_offset(b"\xff"), 0);
    // Random-looking high bytes that make no Vietnamese words in any chart.
    assert_eq!(
        utf8_error_offset(b"\x80\x9f\xfe\x81 \x8d\x8f\x90 \x9d\x81\x8d"),
        0
    );
}

// ------------------------------------------------------------ mojibake

#[test]
fn mojibake_examples_from_the_issue_are_repaired() {
    let d = auto("Ñoã Buøi Döông".as_bytes());
    assert_eq!(
        (d.text.as_str(), d.encoding, d.repaired_mojibake),
        ("Đỗ Bùi Dương", Encoding::Vni, true)
    );
    let d = auto("H¶i Phßng".as_bytes());
    assert_eq!(
        (d.text.as_str(), d.encoding, d.repaired_mojibake),
        ("Hải Phòng", Encoding::Tcvn3, true)
    );
}

#[test]
fn mojibake_fixtures_are_repaired() {
    for (name, encoding, expected) in [
        ("sentences.vni-as-cp1252.txt", Encoding::Vni, "sentences.txt"),
        ("article.vni-as-cp1252.txt", Encoding::Vni, "article.txt"),
        ("sentences.tcvn3-as-latin1.txt", Encoding::Tcvn3, "sentences.txt"),
        ("article.tcvn3-as-latin1.txt", Encoding::Tcvn3, "article.vn3.txt"),
        ("article.utf8-as-latin1.txt", Encoding::Utf8, "article.txt"),
    ] {
        let d = auto(&fixture(name));
        assert!(d.repaired_mojibake, "{name}");
        assert_eq!(d.encoding, encoding, "{name}");
        assert_eq!(d.text, fixture_text(expected), "{name}");
        assert!(d.confidence >= 0.9, "{name}: {}", d.confidence);
    }
    // A UTF-8 BOM in front (Notepad's "save as UTF-8") changes nothing.
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend(fixture("article.vni-as-cp1252.txt"));
    let d = auto(&bytes);
    assert!(d.repaired_mojibake && d.had_bom);
    assert_eq!(d.text, fixture_text("article.txt"));
}

fn assert_not_repaired(name: &str, bytes: &[u8]) {
    let d = decode(bytes, &DecodeOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(!d.repaired_mojibake, "{name} was 'repaired' as {}", d.encoding);
    assert_eq!(d.encoding, Encoding::Utf8, "{name}");
    assert_eq!(
        d.text.as_bytes(),
        bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes),
        "{name}"
    );
}

#[test]
fn real_vietnamese_utf8_is_never_repaired() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/bac-kan-2022-09.txt");
    assert_not_repaired("bac-kan", &std::fs::read(example).unwrap());
    for name in ["sentences.txt", "article.txt", "article.vn3.txt"] {
        assert_not_repaired(name, &fixture(name));
    }
    // Short texts whose letters are all Latin-1 are still read as they are.
    for text in ["Tôi yêu em", "Hà Nội", "Cà Mau, Bà Rịa", "ô tô", "Hé là", "Má ơi"] {
        assert_not_repaired(text, text.as_bytes());
    }
    // ...and so are texts in other languages written in Latin-1.
    for text in [
        "Le café est très bon à Paris, déjà été.",
        "Grüße aus München, schöne Größe.",
        "El niño comió una piña en Logroño.",
        "São Paulo é a maior cidade do Brasil, não é?",
    ] {
        assert_not_repaired(text, text.as_bytes());
    }
}

#[test]
fn shared_corpus_is_never_repaired() {
    // shared/ sits beside the repository (for developers and in CI).
    let beside = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let Some(shared) = Some(beside.as_path()).filter(|p| p.is_dir()) else {
        eprintln!("shared/ absent: skipping the corpus check");
        return;
    };
    let mut seen = 0;
    for dir in [shared.join("corpus/articles"), shared.join("corpus/bulk")] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            eprintln!("{} absent: skipping", dir.display());
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                let name = path.display().to_string();
                let text = std::fs::read_to_string(&path).unwrap();
                assert_not_repaired(&name, text.as_bytes());
                // Every line alone too: short texts have the least evidence.
                for (number, line) in text.lines().enumerate() {
                    assert_not_repaired(&format!("{name}:{}", number + 1), line.as_bytes());
                }
                seen += 1;
            }
        }
    }
    eprintln!("{seen} corpus files checked");
}

// ------------------------------------------------------------ names

#[test]
fn encoding_names_round_trip() {
    for encoding in Encoding::ALL {
        assert_eq!(encoding.name().parse::<Encoding>(), Ok(encoding));
        assert_eq!(encoding.to_string(), encoding.name());
    }
    for (name, encoding) in [
        ("auto", Encoding::Auto),
        ("utf-8", Encoding::Utf8),
        ("UTF8", Encoding::Utf8),
        ("utf-16le", Encoding::Utf16Le),
        ("utf-16be", Encoding::Utf16Be),
        ("windows-1258", Encoding::Windows1258),
        ("cp1258", Encoding::Windows1258),
        ("tcvn3", Encoding::Tcvn3),
        ("abc", Encoding::Tcvn3),
        ("vni", Encoding::Vni),
        ("viscii", Encoding::Viscii),
    ] {
        assert_eq!(Encoding::from_name(name), Some(encoding), "{name}");
    }
    let error = "latin-1".parse::<Encoding>().unwrap_err();
    assert_eq!(error.name, "latin-1");
    assert!(error.to_string().contains("viscii"));
}

// ------------------------------------------------------------ robustness

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = decode(&bytes, &DecodeOptions::default());
        let lossy = decode(&bytes, &DecodeOptions { encoding: Encoding::Auto, lossy: true });
        prop_assert!(lossy.is_ok(), "lossy auto failed: {:?}", lossy);
        for encoding in [Encoding::Utf8, Encoding::Utf16Le, Encoding::Utf16Be, Encoding::Windows1258,
                         Encoding::Tcvn3, Encoding::Vni, Encoding::Viscii] {
            let lossy = DecodeOptions { encoding, lossy: true };
            prop_assert!(decode(&bytes, &lossy).is_ok(), "lossy {} failed", encoding);
            let _ = decode(&bytes, &with(encoding));
        }
    }

    #[test]
    fn vietnamese_ish_bytes_never_panic(
        parts in proptest::collection::vec(
            prop_oneof![
                Just(&b" "[..]), Just(&b"a"[..]), Just(&b"ng"[..]), Just(&b"\xb5"[..]), Just(&b"\xf9"[..]),
                Just(&b"\xe1\xbb"[..]), Just(&b"\xc3"[..]), Just(&b"\x00"[..]), Just(&b"\xef\xbb\xbf"[..]),
                Just(&b"\xff\xfe"[..]), Just("Ñoã".as_bytes()), Just("Hà".as_bytes()),
            ],
            0..200,
        )
    ) {
        let bytes: Vec<u8> = parts.concat();
        let _ = decode(&bytes, &DecodeOptions::default());
        let lossy = decode(&bytes, &DecodeOptions { encoding: Encoding::Auto, lossy: true });
        prop_assert!(lossy.is_ok());
    }

    #[test]
    fn valid_utf8_with_vietnamese_letters_is_kept(text in "[a-zà-ỹ ,.ăđơư0-9]{0,80}đ[a-zà-ỹ ,.ăđơư]{0,80}") {
        let d = decode(text.as_bytes(), &DecodeOptions::default()).unwrap();
        prop_assert_eq!(d.text, text);
        prop_assert!(!d.repaired_mojibake);
    }
}
