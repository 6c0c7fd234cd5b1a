//! Writers for every output format. Each gets the outcomes in input order,
//! one at a time, and never holds more than one document.

pub mod html;
pub mod items;
pub mod rows;
pub mod table;

use std::io::{self, Write};

use serde::Serialize;
use vnextract::Document;

use crate::record::{Outcome, RecordError};

/// Receives outcomes in input order.
pub trait Sink {
    /// Writes one outcome.
    fn write(&mut self, outcome: &Outcome) -> io::Result<()>;
    /// Writes whatever closes the output and flushes it.
    fn finish(&mut self) -> io::Result<()>;
}

/// A document as written in JSON: the core's document, plus the texts when
/// `--include-text` asked for them (added here, not in the core type).
#[derive(Serialize)]
pub struct DocumentRecord<'a> {
    /// The document.
    #[serde(flatten)]
    pub document: &'a Document,
    /// The decoded text that the offsets point into.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<&'a str>,
    /// The normalized text the extractors read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub normalized_text: Option<&'a str>,
}

/// The record that stands in for a document that failed.
#[derive(Serialize)]
pub struct ErrorRecord<'a> {
    /// The path or record id.
    pub source: &'a str,
    /// What went wrong and where.
    pub error: &'a RecordError,
}

/// JSON (pretty) and JSON Lines.
pub struct JsonSink<W: Write> {
    out: W,
    pretty: bool,
    /// Several documents in pretty JSON make an array.
    array: bool,
    written: u64,
    include_text: bool,
}

impl<W: Write> JsonSink<W> {
    /// A writer of one pretty document (or an array), or of JSON Lines.
    pub fn new(out: W, pretty: bool, array: bool, include_text: bool) -> Self {
        JsonSink {
            out,
            pretty,
            array,
            written: 0,
            include_text,
        }
    }
}

/// `outcome` as one line of JSON Lines, newline included: what
/// [`JsonSink`] writes for it, made by a worker thread ahead of time. `None`
/// if it does not serialize; the sink then reports the error in order.
pub fn json_line(outcome: &Outcome, include_text: bool) -> Option<Vec<u8>> {
    let mut line = Vec::with_capacity(4096);
    let written = match &outcome.result {
        Ok(e) => serde_json::to_writer(
            &mut line,
            &DocumentRecord {
                document: &e.document,
                text: include_text.then_some(e.text.as_str()),
                normalized_text: e.normalized.as_deref(),
            },
        ),
        Err(error) => serde_json::to_writer(
            &mut line,
            &ErrorRecord {
                source: &outcome.source,
                error,
            },
        ),
    };
    written.ok()?;
    line.push(b'\n');
    Some(line)
}

impl<W: Write> Sink for JsonSink<W> {
    fn write(&mut self, outcome: &Outcome) -> io::Result<()> {
        if let (Some(line), false, false) = (&outcome.rendered, self.pretty, self.array) {
            self.written += 1;
            return self.out.write_all(line);
        }
        if self.array {
            self.out
                .write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
        }
        self.written += 1;
        let result = match &outcome.result {
            Ok(e) => {
                let record = DocumentRecord {
                    document: &e.document,
                    text: self.include_text.then_some(e.text.as_str()),
                    normalized_text: e.normalized.as_deref(),
                };
                if self.pretty {
                    serde_json::to_writer_pretty(&mut self.out, &record)
                } else {
                    serde_json::to_writer(&mut self.out, &record)
                }
            }
            Err(error) => {
                let record = ErrorRecord {
                    source: &outcome.source,
                    error,
                };
                if self.pretty {
                    serde_json::to_writer_pretty(&mut self.out, &record)
                } else {
                    serde_json::to_writer(&mut self.out, &record)
                }
            }
        };
        result.map_err(io::Error::from)?;
        if !self.array {
            self.out.write_all(b"\n")?;
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        if self.array {
            self.out
                .write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()
    }
}
