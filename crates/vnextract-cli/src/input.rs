//! Turns the command line's inputs into a stream of jobs: files, folders
//! (walked recursively in sorted order), standard input, and the records of
//! JSON Lines files read one line at a time so memory stays bounded.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::cli::InputKind;
use crate::record::{Job, Location, RecordError, TextKind};

/// The name used for standard input in messages and `source`.
pub const STDIN_NAME: &str = "<stdin>";

/// One input after folders are expanded.
#[derive(Debug)]
enum Pending {
    /// A file and how to read it.
    File { path: PathBuf, kind: ReadAs },
    /// Standard input.
    Stdin { kind: ReadAs },
    /// A folder, listed only when the stream reaches it, so memory holds
    /// one folder's listing at a time, not the whole tree's.
    Dir { path: PathBuf, kind: InputKind },
    /// A folder or file that could not even be listed.
    Failed { source: String, error: RecordError },
}

/// How one input is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ReadAs {
    Text(TextKind),
    JsonLines,
}

/// Every input of the command line, with the facts the scheduler and the
/// output need before reading starts. Folders are walked lazily.
#[derive(Debug)]
pub struct Inputs {
    pending: VecDeque<Pending>,
    /// Exactly one document will come out (one text or HTML input).
    pub single_document: bool,
}

impl Inputs {
    /// Takes `paths` (files, folders, `-`) with `kind` choosing the reader.
    pub fn expand(paths: &[PathBuf], kind: InputKind) -> Inputs {
        let mut pending = VecDeque::new();
        for path in paths {
            if path.as_os_str() == "-" {
                let kind = match kind {
                    InputKind::Jsonl => ReadAs::JsonLines,
                    InputKind::Html => ReadAs::Text(TextKind::Html),
                    InputKind::Auto | InputKind::Text => ReadAs::Text(TextKind::Plain),
                };
                pending.push_back(Pending::Stdin { kind });
            } else if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
                pending.push_back(Pending::Dir {
                    path: path.clone(),
                    kind,
                });
            } else {
                // A file, or something that will fail to read: reading reports it.
                pending.push_back(Pending::File {
                    path: path.clone(),
                    kind: read_as(path, kind),
                });
            }
        }
        let single_document = pending.len() == 1
            && matches!(
                pending.front(),
                Some(
                    Pending::File {
                        kind: ReadAs::Text(_),
                        ..
                    } | Pending::Stdin {
                        kind: ReadAs::Text(_)
                    }
                )
            );
        Inputs {
            pending,
            single_document,
        }
    }

    /// Sum of the sizes of every file, folders walked (for the progress
    /// bar only: it costs one `stat` per file); `None` with standard input.
    pub fn total_bytes(&self) -> Option<u64> {
        fn folder_size(dir: &Path) -> u64 {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return 0;
            };
            let mut total = 0;
            for entry in entries.flatten() {
                if entry.file_name().to_string_lossy().starts_with('.') {
                    continue;
                }
                match entry.file_type() {
                    Ok(t) if t.is_dir() => total += folder_size(&entry.path()),
                    _ => {
                        total +=
                            std::fs::metadata(entry.path())
                                .map_or(0, |m| if m.is_dir() { 0 } else { m.len() })
                    }
                }
            }
            total
        }
        let mut total = 0;
        for p in &self.pending {
            match p {
                Pending::File { path, .. } => total += std::fs::metadata(path).map_or(0, |m| m.len()),
                Pending::Dir { path, .. } => total += folder_size(path),
                Pending::Stdin { .. } => return None,
                Pending::Failed { .. } => {}
            }
        }
        Some(total)
    }

    /// Whether more than one record may come (several inputs, a folder, JSON Lines).
    pub fn several_records(&self) -> bool {
        !self.single_document
    }

    /// The jobs, lazily: folders are listed and JSON Lines files read as
    /// the stream is consumed.
    pub fn into_jobs(self) -> Jobs {
        Jobs {
            pending: self.pending,
            lines: None,
        }
    }
}

fn read_as(path: &Path, kind: InputKind) -> ReadAs {
    match kind {
        InputKind::Text => ReadAs::Text(TextKind::Plain),
        InputKind::Html => ReadAs::Text(TextKind::Html),
        InputKind::Jsonl => ReadAs::JsonLines,
        InputKind::Auto => {
            let ext = path
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default();
            match ext.as_str() {
                "jsonl" | "ndjson" => ReadAs::JsonLines,
                "html" | "htm" | "xhtml" => ReadAs::Text(TextKind::Html),
                _ => ReadAs::Text(TextKind::Plain),
            }
        }
    }
}

/// The entries of `dir` in sorted order, to be read before whatever came
/// after the folder. Hidden entries (`.git`, `.DS_Store`) are skipped, and
/// symbolic links to folders are not followed, so a link loop cannot make
/// the walk endless.
fn list_folder(dir: &Path, kind: InputKind) -> Vec<Pending> {
    let failed = |e: io::Error| {
        let source = dir.display().to_string();
        let error = RecordError::new("io", format!("cannot list folder: {e}"), location(&source));
        Pending::Failed { source, error }
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return vec![failed(e)],
    };
    let mut children: Vec<(PathBuf, bool)> = Vec::new();
    let mut errors = Vec::new();
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                errors.push(failed(e));
                continue;
            }
        };
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if !is_dir && std::fs::metadata(&path).is_ok_and(|m| m.is_dir()) {
            continue; // a symbolic link to a folder
        }
        children.push((path, is_dir));
    }
    children.sort();
    errors
        .into_iter()
        .chain(children.into_iter().map(|(path, is_dir)| {
            if is_dir {
                Pending::Dir { path, kind }
            } else {
                let kind = read_as(&path, kind);
                Pending::File { path, kind }
            }
        }))
        .collect()
}

fn location(file: &str) -> Location {
    Location {
        file: file.to_owned(),
        line: None,
        byte: None,
    }
}

/// Reads the lines of one JSON Lines input.
struct LineReader {
    reader: Box<dyn BufRead + Send>,
    file: String,
    line: u64,
    offset: u64,
}

impl LineReader {
    fn next_job(&mut self) -> Option<Job> {
        loop {
            let mut buf = Vec::new();
            let start = self.offset;
            match self.reader.read_until(b'\n', &mut buf) {
                Ok(0) => return None,
                Ok(n) => {
                    self.offset += n as u64;
                    self.line += 1;
                    while matches!(buf.last(), Some(b'\n' | b'\r')) {
                        buf.pop();
                    }
                    // Blank lines separate nothing and hold no record.
                    if buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    let location = Location {
                        file: self.file.clone(),
                        line: Some(self.line),
                        byte: Some(start),
                    };
                    return Some(Job::JsonLine { bytes: buf, location });
                }
                Err(e) => {
                    let location = Location {
                        file: self.file.clone(),
                        line: Some(self.line + 1),
                        byte: Some(start),
                    };
                    let source = format!("{}:{}", self.file, self.line + 1);
                    let error = RecordError::new("io", format!("read error: {e}"), location);
                    // Reading goes no further in a file that failed.
                    self.reader = Box::new(io::empty());
                    return Some(Job::Failed { source, error });
                }
            }
        }
    }
}

/// The stream of jobs.
pub struct Jobs {
    pending: VecDeque<Pending>,
    lines: Option<LineReader>,
}

impl Iterator for Jobs {
    type Item = Job;

    fn next(&mut self) -> Option<Job> {
        loop {
            if let Some(lines) = &mut self.lines {
                if let Some(job) = lines.next_job() {
                    return Some(job);
                }
                self.lines = None;
            }
            match self.pending.pop_front()? {
                Pending::Failed { source, error } => return Some(Job::Failed { source, error }),
                Pending::Dir { path, kind } => {
                    for child in list_folder(&path, kind).into_iter().rev() {
                        self.pending.push_front(child);
                    }
                }
                Pending::File {
                    path,
                    kind: ReadAs::Text(kind),
                } => {
                    let source = path.display().to_string();
                    return Some(Job::File { path, source, kind });
                }
                Pending::Stdin {
                    kind: ReadAs::Text(kind),
                } => {
                    let mut bytes = Vec::new();
                    let source = STDIN_NAME.to_owned();
                    return Some(match io::stdin().lock().read_to_end(&mut bytes) {
                        Ok(_) => Job::Bytes { source, bytes, kind },
                        Err(e) => Job::Failed {
                            error: RecordError::new("io", format!("read error: {e}"), location(&source)),
                            source,
                        },
                    });
                }
                Pending::Stdin {
                    kind: ReadAs::JsonLines,
                } => {
                    self.lines = Some(LineReader {
                        reader: Box::new(BufReader::new(io::stdin())),
                        file: STDIN_NAME.to_owned(),
                        line: 0,
                        offset: 0,
                    });
                }
                Pending::File {
                    path,
                    kind: ReadAs::JsonLines,
                } => {
                    let source = path.display().to_string();
                    match File::open(&path) {
                        Ok(file) => {
                            self.lines = Some(LineReader {
                                reader: Box::new(BufReader::with_capacity(1 << 16, file)),
                                file: source,
                                line: 0,
                                offset: 0,
                            })
                        }
                        Err(e) => {
                            let error =
                                RecordError::new("io", format!("cannot open: {e}"), location(&source));
                            return Some(Job::Failed { source, error });
                        }
                    }
                }
            }
        }
    }
}
