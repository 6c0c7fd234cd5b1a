//! CSV (RFC 4180, CRLF, quoted as needed) and TSV (tabs and newlines inside
//! fields turned into spaces, never quoted): one row per extracted item,
//! one header row.

use std::io::{self, Write};

use super::items::{items, Item};
use super::Sink;
use crate::record::Outcome;

/// The columns, in order. A field that a category does not have is empty.
pub const COLUMNS: &[&str] = &[
    "source",
    "category",
    "start",
    "end",
    "text",
    "value",
    "value_max",
    "unit",
    "dimension",
    "qualifier",
    "target",
    "change",
    "metric",
    "period",
    "name",
    "honorific",
    "type",
    "kind",
    "code",
    "province",
    "successor",
    "role",
    "organization",
    "jurisdiction",
    "person",
    "action",
    "addressees",
    "issuer",
    "modality",
    "deadline",
    "deadline_value",
    "note",
];

/// Writes CSV or TSV rows.
pub struct RowSink<W: Write> {
    out: csv::Writer<W>,
    tsv: bool,
    header_written: bool,
}

impl<W: Write> RowSink<W> {
    /// A CSV writer, or a TSV one when `tsv`; `bom` starts the output with
    /// a UTF-8 byte-order mark for spreadsheets that guess the encoding.
    pub fn new(mut out: W, tsv: bool, bom: bool) -> io::Result<Self> {
        if bom {
            out.write_all("\u{feff}".as_bytes())?;
        }
        let mut builder = csv::WriterBuilder::new();
        if tsv {
            builder
                .delimiter(b'\t')
                .quote_style(csv::QuoteStyle::Never)
                .terminator(csv::Terminator::Any(b'\n'));
        } else {
            builder.terminator(csv::Terminator::CRLF);
        }
        Ok(RowSink {
            out: builder.from_writer(out),
            tsv,
            header_written: false,
        })
    }

    fn record(&mut self, fields: &[String]) -> io::Result<()> {
        if self.tsv {
            let clean: Vec<String> = fields
                .iter()
                .map(|f| f.replace(['\t', '\n', '\r'], " "))
                .collect();
            self.out.write_record(&clean).map_err(csv_io)
        } else {
            self.out.write_record(fields).map_err(csv_io)
        }
    }

    fn header(&mut self) -> io::Result<()> {
        if !self.header_written {
            self.header_written = true;
            let header: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
            self.record(&header)?;
        }
        Ok(())
    }
}

/// The I/O error inside a CSV error, so a closed pipe is still seen as one.
fn csv_io(error: csv::Error) -> io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

fn item_row(source: &str, item: &Item) -> Vec<String> {
    COLUMNS
        .iter()
        .map(|&column| match column {
            "source" => source.to_owned(),
            "category" => item.category.to_owned(),
            "start" => item.start.to_string(),
            "end" => item.end.to_string(),
            "text" => item.text.clone(),
            name => item.field(name).to_owned(),
        })
        .collect()
}

impl<W: Write> Sink for RowSink<W> {
    fn write(&mut self, outcome: &Outcome) -> io::Result<()> {
        self.header()?;
        match &outcome.result {
            Ok(extracted) => {
                for item in items(&extracted.document, &extracted.text) {
                    let row = item_row(&outcome.source, &item);
                    self.record(&row)?;
                }
            }
            // A failed record still shows in the sheet: category `error`,
            // the kind in `kind` and the message in `text`.
            Err(error) => {
                let row: Vec<String> = COLUMNS
                    .iter()
                    .map(|&column| match column {
                        "source" => outcome.source.clone(),
                        "category" => "error".to_owned(),
                        "kind" => error.kind.to_owned(),
                        "text" => format!("{}: {}", error.location, error.message),
                        _ => String::new(),
                    })
                    .collect();
                self.record(&row)?;
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        self.header()?;
        self.out.flush()
    }
}
