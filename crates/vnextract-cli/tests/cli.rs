//! End-to-end tests of the `vnextract` binary: every input and output
//! format, every error path, exit statuses.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vnextract"));
    cmd.env_remove("NO_COLOR");
    cmd
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/cli").join(name)
}

fn article() -> PathBuf {
    repo().join("examples/data/bac-kan-2022-09.txt")
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run vnextract")
}

fn run_with_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn vnextract");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let output = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    output
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json_lines(o: &Output) -> Vec<Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

const LISTS: [&str; 6] = ["figures", "people", "titles", "places", "directives", "dates"];

fn assert_document(v: &Value) {
    assert_eq!(v["schema"], "vnextract/1", "{v}");
    for list in LISTS {
        assert!(v[list].is_array(), "{list} missing in {v}");
    }
}

/// Every item as (category, start, end, text), people one per mention.
fn spans(doc: &Value, text: &str) -> Vec<(String, u64, u64, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    for list in LISTS {
        for item in doc[list].as_array().unwrap() {
            if list == "people" {
                for m in item["mentions"].as_array().unwrap() {
                    let (s, e) = (m["start"].as_u64().unwrap(), m["end"].as_u64().unwrap());
                    let t: String = chars[s as usize..e as usize].iter().collect();
                    out.push((list.to_owned(), s, e, t));
                }
            } else {
                let (s, e) = (item["start"].as_u64().unwrap(), item["end"].as_u64().unwrap());
                out.push((list.to_owned(), s, e, item["text"].as_str().unwrap().to_owned()));
            }
        }
    }
    out
}

#[test]
fn one_file_prints_exactly_one_pretty_document() {
    let path = article();
    let o = run(&["extract", path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("{\n"), "pretty JSON");
    let doc: Value = serde_json::from_str(&out).expect("one JSON document");
    assert_document(&doc);
    assert_eq!(doc["source"], path.to_str().unwrap());
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(doc["text_length"], text.chars().count());
    // Offsets point into the text as read.
    let chars: Vec<char> = text.chars().collect();
    for (_, s, e, t) in spans(&doc, &text) {
        assert_eq!(chars[s as usize..e as usize].iter().collect::<String>(), t);
    }
}

#[test]
fn standard_input_is_a_document() {
    let o = run_with_stdin(
        &["extract", "-"],
        "Năm 2022, thu ngân sách đạt 120 tỷ đồng.".as_bytes(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_document(&doc);
    assert_eq!(doc["source"], "<stdin>");
    assert_eq!(doc["text_length"], 40);
}

#[test]
fn include_text_adds_the_texts_to_the_json() {
    let o = run_with_stdin(&["extract", "--include-text", "-"], "Hà  Nội".as_bytes());
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(doc["text"], "Hà  Nội");
    assert!(doc["normalized_text"].is_string());
    let plain = run_with_stdin(&["extract", "-"], "Hà Nội".as_bytes());
    let doc: Value = serde_json::from_str(&stdout(&plain)).unwrap();
    assert!(doc.get("text").is_none() && doc.get("normalized_text").is_none());
}

#[test]
fn a_folder_gives_json_lines_in_sorted_order() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("b")).unwrap();
    std::fs::write(dir.path().join("b/2.txt"), "Tỉnh Bắc Kạn").unwrap();
    std::fs::write(dir.path().join("c.txt"), "Ngày 7/9/2022").unwrap();
    std::fs::write(dir.path().join("a.txt"), "Hà Nội").unwrap();
    std::fs::write(dir.path().join(".hidden"), "skipped").unwrap();
    let o = run(&["extract", "--quiet", dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stderr.is_empty(), "--quiet prints no summary");
    let docs = json_lines(&o);
    let sources: Vec<String> = docs
        .iter()
        .map(|d| d["source"].as_str().unwrap().to_owned())
        .collect();
    let base = dir.path().to_str().unwrap();
    assert_eq!(
        sources,
        [
            format!("{base}/a.txt"),
            format!("{base}/b/2.txt"),
            format!("{base}/c.txt")
        ]
    );
    docs.iter().for_each(assert_document);
}

#[test]
fn several_files_default_to_json_lines_and_json_makes_an_array() {
    let a = article();
    let a = a.to_str().unwrap();
    let o = run(&["extract", a, a]);
    assert_eq!(json_lines(&o).len(), 2);
    let o = run(&["extract", "--format", "json", a, a]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
}

#[test]
fn a_summary_goes_to_stderr() {
    let o = run(&["extract", article().to_str().unwrap()]);
    let err = stderr(&o);
    assert!(err.contains("1 document, 0 errors"), "{err}");
    assert!(err.contains("MB/s"), "{err}");
}

#[test]
fn json_lines_with_bad_records_give_one_line_each_in_order_and_exit_1() {
    let path = fixture("records.jsonl");
    let o = run(&["extract", "--encoding", "utf-8", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 6);
    let file = path.to_str().unwrap();
    assert_eq!(lines[0]["source"], "r1");
    assert_document(&lines[0]);
    assert_eq!(lines[1]["source"], format!("{file}:2"));
    assert_eq!(lines[1]["error"]["kind"], "json");
    assert_eq!(lines[2]["source"], "r3");
    assert_eq!(lines[2]["error"]["kind"], "missing_field");
    assert_eq!(lines[3]["source"], "4", "numeric ids become strings");
    assert_document(&lines[3]);
    assert_eq!(
        lines[4]["source"],
        format!("{file}:5"),
        "records without id are named by line"
    );
    assert_document(&lines[4]);
    assert_eq!(lines[5]["source"], "bad-utf8");
    assert_eq!(lines[5]["error"]["kind"], "decode");
    assert_eq!(lines[5]["error"]["line"], 6);
    // The decode error points at the bad byte itself.
    let bytes = std::fs::read(&path).unwrap();
    let at = lines[5]["error"]["byte"].as_u64().unwrap() as usize;
    assert_eq!(bytes[at], 0xe9);
    let err = stderr(&o);
    assert!(err.contains(&format!("{file}:2 (byte ")), "{err}");
    assert!(err.contains("3 errors"), "{err}");
}

#[test]
fn lossy_lets_undecodable_records_through() {
    let path = fixture("records.jsonl");
    let o = run(&[
        "extract",
        "--encoding",
        "utf-8",
        "--lossy",
        "--quiet",
        path.to_str().unwrap(),
    ]);
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 6);
    assert_eq!(lines[5]["source"], "bad-utf8");
    assert!(lines[5].get("error").is_none(), "{}", lines[5]);
}

#[test]
fn id_and_text_fields_can_be_chosen() {
    let input = "{\"url\":\"https://a/1\",\"body\":\"Hà Nội\",\"text\":5}\n\n{\"url\":\"https://a/2\",\"body\":\"Huế\"}\n";
    let o = run_with_stdin(
        &[
            "extract",
            "--input",
            "jsonl",
            "--id-field",
            "url",
            "--text-field",
            "body",
            "-",
        ],
        input.as_bytes(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 2, "blank lines are no records");
    assert_eq!(lines[0]["source"], "https://a/1");
    assert_eq!(lines[1]["text_length"], 3);
}

#[test]
fn ten_thousand_records_with_a_hundred_bad_stay_in_order() {
    let mut input = String::new();
    for i in 0..10_000 {
        if i % 100 == 7 {
            input.push_str(&format!("{{\"id\":\"{i}\",\"txt\":\"thiếu trường\"}}\n"));
        } else {
            input.push_str(&format!(
                "{{\"id\":\"{i}\",\"text\":\"Bản tin số {i}: thu ngân sách đạt {i} tỷ đồng.\"}}\n"
            ));
        }
    }
    let o = run_with_stdin(
        &["extract", "--input", "jsonl", "-j", "3", "--quiet", "-"],
        input.as_bytes(),
    );
    assert_eq!(o.status.code(), Some(1));
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 10_000);
    let mut bad = 0;
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(line["source"], i.to_string());
        if line.get("error").is_some() {
            assert_eq!(i % 100, 7);
            bad += 1;
        }
    }
    assert_eq!(bad, 100);
    assert_eq!(stderr(&o).lines().count(), 100, "one stderr line per bad record");
}

#[cfg(unix)]
#[test]
fn a_folder_of_good_binary_unreadable_and_invalid_files_gives_one_record_each() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("1-good.txt"), "Thu ngân sách đạt 120 tỷ đồng.").unwrap();
    std::fs::write(d.join("2-binary.bin"), [0u8, 159, 146, 150, 255, 0, 1, 2, 0xc3]).unwrap();
    std::os::unix::fs::symlink(d.join("nowhere"), d.join("3-unreadable.txt")).unwrap();
    std::fs::write(d.join("4-latin1.txt"), b"Caf\xe9 \xe0 Hu\xe9\n").unwrap();
    std::fs::write(d.join("5-good.txt"), "Hà Nội").unwrap();
    let o = run(&["extract", "--encoding", "utf-8", d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 5);
    let kinds: Vec<&str> = lines
        .iter()
        .map(|l| l["error"]["kind"].as_str().unwrap_or("ok"))
        .collect();
    assert_eq!(kinds, ["ok", "decode", "io", "decode", "ok"]);
    for (line, name) in lines
        .iter()
        .zip(["1-good", "2-binary", "3-unreadable", "4-latin1", "5-good"])
    {
        assert!(line["source"].as_str().unwrap().contains(name));
    }
    let err = stderr(&o);
    assert!(err.contains("3-unreadable.txt: io: cannot read"), "{err}");
    assert!(err.contains("4-latin1.txt (byte 3): decode"), "{err}");
}

#[cfg(unix)]
#[test]
fn with_detection_a_mixed_folder_still_gives_one_record_each_and_exit_1() {
    // The same mix with the default encoding detection: random binary and
    // UTF-8 broken in the middle are neither UTF-8 nor a legacy encoding.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let binary: Vec<u8> = (0..4096)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    let mut broken = "Thu ngân sách đạt 120 tỷ đồng. ".repeat(20).into_bytes();
    let middle = broken.len() / 2;
    broken[middle] = 0xFF;
    std::fs::write(d.join("1-good.txt"), "Thu ngân sách đạt 120 tỷ đồng.").unwrap();
    std::fs::write(d.join("2-binary.bin"), &binary).unwrap();
    std::os::unix::fs::symlink(d.join("nowhere"), d.join("3-unreadable.txt")).unwrap();
    std::fs::write(d.join("4-broken-utf8.txt"), &broken).unwrap();
    std::fs::write(d.join("5-good.txt"), "Hà Nội").unwrap();
    let o = run(&["extract", d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let lines = json_lines(&o);
    let kinds: Vec<&str> = lines
        .iter()
        .map(|l| l["error"]["kind"].as_str().unwrap_or("ok"))
        .collect();
    assert_eq!(kinds, ["ok", "decode", "io", "decode", "ok"]);
    assert_eq!(lines[0]["figures"][0]["text"], "120 tỷ đồng");
}

#[test]
fn html_pages_give_the_visible_article_text() {
    let page = fixture("page.html");
    let o = run(&["extract", "--include-text", page.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_document(&doc);
    let text = doc["text"].as_str().unwrap();
    let paragraphs: Vec<&str> = text.split("\n\n").collect();
    assert_eq!(
        paragraphs,
        [
            "Họp thành viên UBND tháng 9/2022",
            "Sáng ngày 07/9, đồng chí Dương Hữu Bường - Chủ tịch UBND thành phố chủ trì cuộc họp.",
            "Thu ngân sách nhà nước đạt gần 120 tỷ đồng,",
            "bằng 113% kế hoạch & tăng 12% so với cùng kỳ.",
            "Đẩy nhanh tiến độ giải ngân vốn đầu tư công;",
            "Tăng cường quản lý đất đai tại xã Nông Thượng.",
        ]
    );
    // The same page through `--input html` on standard input.
    let bytes = std::fs::read(&page).unwrap();
    let o = run_with_stdin(&["extract", "--input", "html", "--include-text", "-"], &bytes);
    let doc2: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(doc2["text"], doc["text"]);
}

#[test]
fn csv_parses_back_with_one_row_per_item() {
    let path = article();
    let path = path.to_str().unwrap();
    let json: Value = serde_json::from_str(&stdout(&run(&["extract", path]))).unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let expected = spans(&json, &text);
    let o = run(&["extract", "--format", "csv", path]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("\r\n"), "RFC 4180 line ends");
    let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        &header[..6],
        ["source", "category", "start", "end", "text", "value"]
    );
    for name in [
        "unit",
        "qualifier",
        "metric",
        "name",
        "type",
        "code",
        "role",
        "person",
        "addressees",
    ] {
        assert!(header.iter().any(|h| h == name), "{name}");
    }
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), expected.len());
    let mut got: Vec<(String, u64, u64, String)> = rows
        .iter()
        .map(|r| {
            (
                r[1].to_owned(),
                r[2].parse().unwrap(),
                r[3].parse().unwrap(),
                r[4].to_owned(),
            )
        })
        .collect();
    let mut want = expected;
    got.sort();
    want.sort();
    assert_eq!(got, want);
    assert!(rows.iter().all(|r| &r[0] == path));
}

#[test]
fn csv_quotes_and_keeps_error_rows() {
    let input = "{\"id\":\"a,\\\"b\\\"\",\"text\":\"x\"}\n{\"id\":\"z\"}\n";
    let o = run_with_stdin(
        &["extract", "--input", "jsonl", "--format", "csv", "--bom", "-"],
        input.as_bytes(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.starts_with("\u{feff}".as_bytes()));
    let mut reader = csv::Reader::from_reader(&o.stdout[3..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let error_rows: Vec<&csv::StringRecord> = rows.iter().filter(|r| &r[1] == "error").collect();
    assert_eq!(error_rows.len(), 1);
    assert_eq!(&error_rows[0][0], "z");
}

#[test]
fn tsv_rows_all_have_every_column() {
    let path = article();
    let o = run(&["extract", "--format", "tsv", path.to_str().unwrap()]);
    assert!(o.status.success());
    let out = stdout(&o);
    let mut lines = out.lines();
    let width = lines.next().unwrap().split('\t').count();
    assert!(width > 20);
    for line in lines {
        assert_eq!(line.split('\t').count(), width, "{line}");
    }
}

#[test]
fn table_is_grouped_by_category_and_coloured_only_when_asked() {
    let path = article();
    let path = path.to_str().unwrap();
    let o = run(&["extract", "--format", "table", path]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.starts_with(&format!("══ {path} ══ 4862 characters")), "{out}");
    assert!(!out.contains('\x1b'), "no colour when not a terminal");
    let doc: Value = serde_json::from_str(&stdout(&run(&["extract", path]))).unwrap();
    for list in LISTS {
        let n = doc[list].as_array().unwrap().len();
        if n > 0 {
            assert!(out.contains(&format!("{} ({n})", list.to_uppercase())), "{list}");
        }
    }
    let o = run(&["extract", "--format", "table", "--color", "always", path]);
    assert!(stdout(&o).contains("\x1b[1m"));
}

#[test]
fn html_is_well_formed_and_contains_every_span() {
    let path = article();
    let path = path.to_str().unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let doc: Value = serde_json::from_str(&stdout(&run(&["extract", path]))).unwrap();
    let o = run(&["extract", "--format", "html", path]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = stdout(&o);
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "no network"
    );
    let parsed = scraper::Html::parse_document(&page);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let article = scraper::Selector::parse("article").unwrap();
    let article_text: String = parsed.select(&article).next().unwrap().text().collect();
    assert_eq!(article_text, text, "the whole text, unchanged");
    let pieces = scraper::Selector::parse("article span[data-items]").unwrap();
    for list in LISTS {
        for (i, item) in doc[list].as_array().unwrap().iter().enumerate() {
            let id = format!("{list}-{i}");
            let covered: String = parsed
                .select(&pieces)
                .filter(|s| s.attr("data-items").unwrap().split(' ').any(|x| x == id))
                .flat_map(|s| s.text())
                .collect();
            let want = if list == "people" {
                let chars: Vec<char> = text.chars().collect();
                item["mentions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| {
                        let (s, e) = (
                            m["start"].as_u64().unwrap() as usize,
                            m["end"].as_u64().unwrap() as usize,
                        );
                        chars[s..e].iter().collect::<String>()
                    })
                    .collect::<String>()
            } else {
                item["text"].as_str().unwrap().to_owned()
            };
            assert_eq!(covered, want, "{id}");
            let row = scraper::Selector::parse(&format!("tr[data-item=\"{id}\"]")).unwrap();
            assert!(parsed.select(&row).next().is_some(), "table row for {id}");
        }
    }
}

#[test]
fn html_for_several_documents_needs_a_folder() {
    let a = article();
    let a = a.to_str().unwrap();
    let o = run(&["extract", "--format", "html", a, a]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--output-dir"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("views");
    let o = run(&[
        "extract",
        "--format",
        "html",
        "--output-dir",
        out.to_str().unwrap(),
        a,
        "/nonexistent.txt",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "00001-bac-kan-2022-09.txt.html",
            "00002-nonexistent.txt.html",
            "index.html"
        ]
    );
}

#[test]
fn only_restricts_the_categories() {
    let path = article();
    let o = run(&["extract", "--only", "figures,dates", path.to_str().unwrap()]);
    assert!(o.status.success());
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_document(&doc);
    for list in ["people", "titles", "places", "directives"] {
        assert!(doc[list].as_array().unwrap().is_empty(), "{list}");
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec!["extract"],
        vec!["extract", "--only", "cats", "x.txt"],
        vec!["extract", "--format", "xml", "x.txt"],
        vec!["extract", "--encoding", "klingon", "x.txt"],
        vec!["extract", "--jobs", "0", "x.txt"],
        vec!["extract", "--output-dir", "/tmp/x", "x.txt"],
        vec!["normalize", "--tone", "sideways", "x.txt"],
        vec!["frobnicate"],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"));
    }
}

#[test]
fn a_missing_file_is_a_record_error() {
    let o = run(&["extract", "/definitely/not/here.txt"]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["source"], "/definitely/not/here.txt");
    assert_eq!(v["error"]["kind"], "io");
}

#[test]
fn parallelism_does_not_change_the_output() {
    let path = fixture("records.jsonl");
    let one = run(&["extract", "-j", "1", "--quiet", path.to_str().unwrap()]);
    let many = run(&["extract", "-j", "4", "--quiet", path.to_str().unwrap()]);
    assert_eq!(one.stdout, many.stdout);
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let mut input = String::new();
    for i in 0..20_000 {
        input.push_str(&format!(
            "{{\"id\":\"{i}\",\"text\":\"Năm 2022 thu {i} tỷ đồng.\"}}\n"
        ));
    }
    let mut child = bin()
        .args(["extract", "--input", "jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let mut first = [0u8; 64];
    child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child.stderr.as_mut().unwrap().read_to_string(&mut err).unwrap();
    let status = child.wait().unwrap();
    feeder.join().unwrap();
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn normalize_has_its_flags() {
    let o = run_with_stdin(
        &[
            "normalize",
            "--tone",
            "modern",
            "--encoding",
            "utf-8",
            "--lossy",
            "-",
        ],
        "Hoà  Bình".as_bytes(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stdout(&o).is_empty());
    let o = run_with_stdin(&["normalize", "--key", "-"], "HÀ NỘI".as_bytes());
    assert!(o.status.success());
    assert_eq!(stdout(&o), "ha nôi");
    let o = run_with_stdin(&["normalize", "--tone", "modern", "-"], "hoà thuỷ".as_bytes());
    assert_eq!(stdout(&o), "hòa thủy");
    let o = run_with_stdin(
        &["normalize", "--tone", "traditional", "-"],
        "hòa thủy".as_bytes(),
    );
    assert_eq!(stdout(&o), "hoà thuỷ");
    let o = run_with_stdin(&["normalize", "--encoding", "utf-8", "-"], b"caf\xe9");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("<stdin>"));
    let o = run(&["normalize", "/definitely/not/here.txt"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn completions_man_help_and_version() {
    let o = run(&["completions", "bash"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("vnextract"));
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        assert!(run(&["completions", shell]).status.success(), "{shell}");
    }
    let o = run(&["man"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains(".TH vnextract"));
    let o = run(&["--version"]);
    assert_eq!(
        stdout(&o).trim(),
        format!("vnextract {}", env!("CARGO_PKG_VERSION"))
    );
    let o = run(&["extract", "--help"]);
    let help = stdout(&o);
    assert!(
        help.contains("Examples:") && help.contains("--id-field"),
        "{help}"
    );
}

#[test]
fn render_turns_a_stored_document_into_a_page() {
    let dir = tempfile::tempdir().unwrap();
    let text_path = dir.path().join("t.txt");
    std::fs::write(&text_path, "Ngày 7/9, tại Hà Nội.").unwrap();
    let doc = serde_json::json!({
        "schema": "vnextract/1", "source": "t.txt", "text_length": 21,
        "figures": [], "people": [], "titles": [], "directives": [],
        "places": [{"text": "Hà Nội", "start": 14, "end": 20, "name": "Hà Nội", "type": "thành phố",
                    "code": "01", "province": null}],
        "dates": [{"text": "Ngày 7/9", "start": 0, "end": 8, "kind": "date", "value": "XXXX-09-07"}]
    });
    let doc_path = dir.path().join("t.json");
    std::fs::write(&doc_path, doc.to_string()).unwrap();
    let o = run(&[
        "render",
        doc_path.to_str().unwrap(),
        "--text",
        text_path.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = stdout(&o);
    assert!(
        page.contains("data-items=\"places-0\" title=\"Places: Hà Nội"),
        "{page}"
    );
    assert!(page.contains(">Ngày 7/9</span>"));
    assert!(scraper::Html::parse_document(&page).errors.is_empty());
    // Without --text the document must carry its text.
    let o = run(&["render", doc_path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    // A text that does not match the document is refused.
    std::fs::write(&text_path, "khác").unwrap();
    let o = run(&[
        "render",
        doc_path.to_str().unwrap(),
        "--text",
        text_path.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    // extract --include-text output renders on its own.
    let page_fixture = fixture("page.html");
    let o = run(&["extract", "--include-text", page_fixture.to_str().unwrap()]);
    std::fs::write(&doc_path, &o.stdout).unwrap();
    let o = run(&["render", doc_path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Tăng cường quản lý đất đai"));
}

#[test]
fn legacy_encodings_are_passed_to_decode() {
    // VNI-Windows bytes of "Đỗ Bùi".
    let vni = b"\xd1o\xe3 Bu\xf8i";
    let o = run_with_stdin(&["extract", "--encoding", "vni", "--include-text", "-"], vni);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(doc["text"], "Đỗ Bùi");
    let o = run_with_stdin(&["normalize", "--encoding", "VNI", "-"], vni);
    assert_eq!(stdout(&o), "Đỗ Bùi");
    let o = run_with_stdin(&["normalize", "--encoding", "vni", "--key", "-"], vni);
    assert_eq!(stdout(&o), "dô bui", "tone marks folded, vowel marks kept");
    // A JSON Lines dump written in a legacy encoding, read line by line.
    let mut line = b"{\"id\":\"v\",\"text\":\"".to_vec();
    line.extend_from_slice(vni);
    line.extend_from_slice(b"\"}\n");
    let o = run_with_stdin(
        &[
            "extract",
            "--input",
            "jsonl",
            "--encoding",
            "vni",
            "--include-text",
            "-",
        ],
        &line,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(json_lines(&o)[0]["text"], "Đỗ Bùi");
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_does_not_make_the_walk_endless() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/a.txt"), "Hà Nội").unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).unwrap();
    let o = run(&["extract", "--quiet", dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(json_lines(&o).len(), 1);
}
