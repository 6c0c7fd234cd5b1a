//! One unit of work (a job), what came of it (an outcome), and the error
//! record that stands in for a document when a record fails.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;
use vnextract::Document;

/// Where a record comes from, for error messages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file as given (or `<stdin>`).
    pub file: String,
    /// 1-based line number, for JSON Lines records.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// Byte offset in the file of the problem (or of the record's start).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byte: Option<u64>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(byte) = self.byte {
            write!(f, " (byte {byte})")?;
        }
        Ok(())
    }
}

/// Why a record produced no document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RecordError {
    /// `io`, `decode`, `json`, `missing_field`, `field_type` or `internal`.
    pub kind: &'static str,
    /// What went wrong, for a person.
    pub message: String,
    /// Where.
    #[serde(flatten)]
    pub location: Location,
}

impl RecordError {
    /// An error of `kind` at `location`.
    pub fn new(kind: &'static str, message: impl Into<String>, location: Location) -> Self {
        RecordError {
            kind,
            message: message.into(),
            location,
        }
    }
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.location, self.kind, self.message)
    }
}

/// How the text of a file is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextKind {
    /// Plain text.
    Plain,
    /// An HTML page.
    Html,
}

/// Work for one record, cheap to build on the reading thread; the costly
/// part (reading a file, decoding, parsing) happens on a worker.
#[derive(Debug)]
pub enum Job {
    /// A whole file to read.
    File {
        /// Its path.
        path: PathBuf,
        /// What `source` says.
        source: String,
        /// Plain text or HTML.
        kind: TextKind,
    },
    /// Bytes already read (standard input).
    Bytes {
        /// What `source` says.
        source: String,
        /// The bytes.
        bytes: Vec<u8>,
        /// Plain text or HTML.
        kind: TextKind,
    },
    /// One line of a JSON Lines input.
    JsonLine {
        /// The line, newline removed.
        bytes: Vec<u8>,
        /// File, line number and byte offset of the line's start.
        location: Location,
    },
    /// A record that failed before any work (unreadable file, read error).
    Failed {
        /// What `source` says.
        source: String,
        /// Why.
        error: RecordError,
    },
}

/// A document that was extracted, with its text.
#[derive(Debug)]
pub struct Extracted {
    /// The document.
    pub document: Document,
    /// The decoded text that offsets point into.
    pub text: String,
    /// The normalized text, when asked for (`--include-text`).
    pub normalized: Option<String>,
}

/// What one job gave.
#[derive(Debug)]
pub struct Outcome {
    /// The path or record id.
    pub source: String,
    /// Input bytes consumed, for the throughput figure.
    pub bytes: u64,
    /// The document or why there is none.
    pub result: Result<Extracted, RecordError>,
    /// The outcome already written as one JSON line, by the worker that made
    /// it (JSON Lines output), so that writing in order is all that is left
    /// to do serially.
    pub rendered: Option<Vec<u8>>,
}
