//! What a worker does with one job: read, decode, parse, extract. Every
//! failure becomes a [`RecordError`]; nothing here can bring the run down.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};

use serde_json::Value;
use vnextract::{DecodeError, DecodeOptions, Encoding, Extractor};

use crate::html_input::visible_text;
use crate::record::{Extracted, Job, Location, Outcome, RecordError, TextKind};

/// Everything a worker needs, shared by all threads.
#[derive(Debug)]
pub struct Settings {
    /// The configured extractor.
    pub extractor: Extractor,
    /// Encoding and lossy flag.
    pub decode: DecodeOptions,
    /// JSON Lines id field.
    pub id_field: String,
    /// JSON Lines text field.
    pub text_field: String,
    /// Keep the normalized text too.
    pub include_text: bool,
    /// Output is JSON Lines: workers render each outcome's line themselves.
    pub json_lines: bool,
}

thread_local! {
    /// Set while a record is being extracted, so the panic hook stays quiet
    /// for a panic that becomes an error record.
    static IN_RECORD: Cell<bool> = const { Cell::new(false) };
}

/// Installs a panic hook that leaves record panics to the error records and
/// reports any other panic briefly.
pub fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !IN_RECORD.with(Cell::get) {
            default(info);
        }
    }));
}

/// A job read and decoded: its text, ready for extraction, or its outcome
/// already (an error).
enum Prepared {
    Text {
        source: String,
        bytes: u64,
        text: String,
        location: Location,
    },
    Done(Outcome),
}

/// Runs a group of jobs: reads and decodes each, then extracts all their
/// texts together with [`Extractor::extract_batch`], which runs each stage
/// over the whole group (faster than one document at a time). One outcome
/// per job, in order.
pub fn run_group(jobs: Vec<Job>, settings: &Settings) -> Vec<Outcome> {
    let prepared: Vec<Prepared> = jobs.into_iter().map(|job| prepare(job, settings)).collect();
    let texts: Vec<&str> = prepared
        .iter()
        .filter_map(|p| match p {
            Prepared::Text { text, .. } => Some(text.as_str()),
            Prepared::Done(_) => None,
        })
        .collect();
    let group_location = Location {
        file: "<group>".into(),
        line: None,
        byte: None,
    };
    // A panic on one text would lose the whole group's documents: then each
    // text is extracted again alone, so that only the culprit fails.
    let mut documents = match guarded(&group_location, || settings.extractor.extract_batch(&texts)) {
        Ok(documents) => documents.into_iter().map(Some).collect(),
        Err(_) => vec![None; texts.len()],
    }
    .into_iter();
    prepared
        .into_iter()
        .map(|p| match p {
            Prepared::Done(outcome) => outcome,
            Prepared::Text {
                source,
                bytes,
                text,
                location,
            } => {
                let document = documents.next().expect("one document per text");
                let result = extracted(document, text, &source, &location, settings);
                Outcome {
                    source,
                    bytes,
                    result,
                    rendered: None,
                }
            }
        })
        .map(|mut outcome: Outcome| {
            if settings.json_lines {
                outcome.rendered = crate::output::json_line(&outcome, settings.include_text);
                if let (Some(_), Ok(e)) = (&outcome.rendered, &mut outcome.result) {
                    // Written already: only the counts are read from here on,
                    // so the texts need not wait in memory for their turn.
                    e.text = String::new();
                    e.normalized = None;
                }
            }
            outcome
        })
        .collect()
}

/// Reads, decodes and parses one job.
fn prepare(job: Job, settings: &Settings) -> Prepared {
    match job {
        Job::Failed { source, error } => Prepared::Done(Outcome {
            source,
            bytes: 0,
            result: Err(error),
            rendered: None,
        }),
        Job::File { path, source, kind } => {
            let location = Location {
                file: source.clone(),
                line: None,
                byte: None,
            };
            match std::fs::read(&path) {
                Ok(bytes) => from_bytes(source, &bytes, kind, location, settings),
                Err(e) => Prepared::Done(Outcome {
                    source,
                    bytes: 0,
                    result: Err(RecordError::new("io", format!("cannot read: {e}"), location)),
                    rendered: None,
                }),
            }
        }
        Job::Bytes { source, bytes, kind } => {
            let location = Location {
                file: source.clone(),
                line: None,
                byte: None,
            };
            from_bytes(source, &bytes, kind, location, settings)
        }
        Job::JsonLine { bytes, location } => json_line(&bytes, location, settings),
    }
}

fn from_bytes(source: String, bytes: &[u8], kind: TextKind, location: Location, s: &Settings) -> Prepared {
    let size = bytes.len() as u64;
    let text = decode(bytes, &location, s).and_then(|text| match kind {
        TextKind::Plain => Ok(text),
        TextKind::Html => guarded(&location, || visible_text(&text)),
    });
    match text {
        Ok(text) => Prepared::Text {
            source,
            bytes: size,
            text,
            location,
        },
        Err(error) => Prepared::Done(Outcome {
            source,
            bytes: size,
            result: Err(error),
            rendered: None,
        }),
    }
}

fn decode(bytes: &[u8], location: &Location, s: &Settings) -> Result<String, RecordError> {
    match vnextract::decode(bytes, &s.decode) {
        Ok(decoded) => Ok(decoded.text),
        Err(e) => {
            let mut location = location.clone();
            if let Some(offset) = decode_offset(&e) {
                location.byte = Some(location.byte.unwrap_or(0) + offset as u64);
            }
            Err(RecordError::new("decode", e.to_string(), location))
        }
    }
}

fn decode_offset(e: &DecodeError) -> Option<usize> {
    match e {
        DecodeError::InvalidUtf8 { offset, .. }
        | DecodeError::InvalidUtf16 { offset, .. }
        | DecodeError::Unassigned { offset, .. } => Some(*offset),
        // A kind the core may add later: the message still says where.
        _ => None,
    }
}

fn json_line(bytes: &[u8], location: Location, s: &Settings) -> Prepared {
    let line_source = format!("{}:{}", location.file, location.line.unwrap_or(0));
    let size = bytes.len() as u64;
    let fail = |source: String, error: RecordError| {
        Prepared::Done(Outcome {
            source,
            bytes: size,
            result: Err(error),
            rendered: None,
        })
    };
    // JSON is UTF-8: a valid line is taken as it is, and only a line that is
    // not (or an explicit legacy --encoding) goes through the decoder. SIMD
    // validation: std's is a tenth of the run time on Vietnamese text.
    let utf8 = matches!(s.decode.encoding, Encoding::Auto | Encoding::Utf8)
        .then(|| simdutf8::basic::from_utf8(bytes).ok())
        .flatten();
    let decoded = match utf8 {
        Some(line) => Ok(line.to_owned()),
        None => decode(bytes, &location, s),
    };
    let line = match decoded {
        Ok(line) => line,
        Err(error) => {
            // The record is lost, but its id may still be readable.
            let source = serde_json::from_str::<Value>(&String::from_utf8_lossy(bytes))
                .ok()
                .and_then(|record| record_id(&record, &s.id_field))
                .unwrap_or(line_source);
            return fail(source, error);
        }
    };
    let mut record: Value = match serde_json::from_str(&line) {
        Ok(value) => value,
        Err(e) => {
            let mut at = location.clone();
            // serde_json's column is 1-based and counts bytes on this one line.
            at.byte = Some(at.byte.unwrap_or(0) + e.column().saturating_sub(1) as u64);
            return fail(
                line_source,
                RecordError::new("json", format!("not a JSON record: {e}"), at),
            );
        }
    };
    if !record.is_object() {
        return fail(
            line_source,
            RecordError::new("field_type", "the record is not a JSON object", location),
        );
    }
    let source = record_id(&record, &s.id_field).unwrap_or(line_source);
    let text = match record.get_mut(&s.text_field).map(Value::take) {
        // Detection runs on the text itself, as for a text file, so
        // mojibake inside a record is repaired the same way.
        Some(Value::String(text)) if s.decode.encoding == Encoding::Auto => {
            match vnextract::decode(text.as_bytes(), &s.decode) {
                Ok(decoded) => decoded.text,
                Err(_) => text,
            }
        }
        Some(Value::String(text)) => text,
        None => {
            let message = format!("no `{}` field in the record", s.text_field);
            return fail(source, RecordError::new("missing_field", message, location));
        }
        Some(_) => {
            let message = format!("the `{}` field is not a string", s.text_field);
            return fail(source, RecordError::new("field_type", message, location));
        }
    };
    Prepared::Text {
        source,
        bytes: size,
        text,
        location,
    }
}

/// The record's id: a string as it is, a number or other value as JSON.
fn record_id(record: &Value, field: &str) -> Option<String> {
    match record.get(field)? {
        Value::String(id) => Some(id.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// The record's result from its document, extracted with its group, or
/// `None` when the group failed: then it is extracted alone.
fn extracted(
    document: Option<vnextract::Document>,
    text: String,
    source: &str,
    location: &Location,
    s: &Settings,
) -> Result<Extracted, RecordError> {
    let mut document = match document {
        Some(document) => document,
        None => guarded(location, || s.extractor.extract(&text))?,
    };
    document.source = Some(source.to_owned());
    let normalized = if s.include_text {
        let options = vnextract::NormalizeOptions::default();
        Some(guarded(location, || {
            vnextract::normalize(&text, &options).text().to_owned()
        })?)
    } else {
        None
    };
    Ok(Extracted {
        document,
        text,
        normalized,
    })
}

/// Runs `f`, turning a panic (a bug in the core on some input) into an
/// error record instead of ending the run.
fn guarded<T>(location: &Location, f: impl FnOnce() -> T) -> Result<T, RecordError> {
    IN_RECORD.with(|flag| flag.set(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    IN_RECORD.with(|flag| flag.set(false));
    result.map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        RecordError::new(
            "internal",
            format!("extraction failed (a bug): {message}"),
            location.clone(),
        )
    })
}
