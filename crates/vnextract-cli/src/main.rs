//! `vnextract`: the command-line interface. It parses arguments, reads
//! input, schedules the work, calls the core library and writes the
//! results; all extraction lives in the `vnextract` library.
#![forbid(unsafe_code)]

mod batch;
mod cli;
mod encoding;
mod html_input;
mod input;
mod output;
mod process;
mod record;

use std::io::{self, IsTerminal, Read, Write};
use std::process::ExitCode;
use std::time::Instant;

use clap::{CommandFactory, Parser};
use vnextract::{DecodeOptions, Extractor, NormalizeOptions, TonePlacement};

use crate::batch::{Progress, Stats, CATEGORY_NAMES};
use crate::cli::{Cli, ColorWhen, Command, ExtractArgs, Format, NormalizeArgs, RenderArgs, Tone};
use crate::input::{Inputs, STDIN_NAME};
use crate::output::html::HtmlSink;
use crate::output::rows::RowSink;
use crate::output::table::TableSink;
use crate::output::{JsonSink, Sink};
use crate::process::Settings;

/// Exit status when some record failed.
const EXIT_FAILED_RECORDS: u8 = 1;
/// Exit status of a usage error (clap uses the same).
const EXIT_USAGE: u8 = 2;

/// How a run can end badly.
enum Failure {
    /// Bad arguments: exit 2.
    Usage(String),
    /// Records failed or an operation failed: exit 1.
    Failed(Option<String>),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Failed(Some(e.to_string()))
    }
}

fn main() -> ExitCode {
    process::install_panic_hook();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract(args),
        Command::Normalize(args) => normalize(args),
        Command::Render(args) => render(args),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "vnextract", &mut out);
            write_stdout(&out)
        }
        Command::Man => {
            let mut out = Vec::new();
            match clap_mangen::Man::new(Cli::command()).render(&mut out) {
                Ok(()) => write_stdout(&out),
                Err(e) => Err(e.into()),
            }
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            report(&format!("error: {message}"));
            ExitCode::from(EXIT_USAGE)
        }
        Err(Failure::Failed(message)) => {
            if let Some(message) = message {
                report(&format!("error: {message}"));
            }
            ExitCode::from(EXIT_FAILED_RECORDS)
        }
    }
}

/// Writes to stderr, ignoring failure (a closed stderr must not panic).
fn report(message: &str) {
    let _ = writeln!(io::stderr(), "vnextract: {message}");
}

/// Writes `bytes` to stdout; a closed pipe is a quiet success.
fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

fn extract(args: ExtractArgs) -> Result<(), Failure> {
    let started = Instant::now();
    let inputs = Inputs::expand(&args.inputs, args.input_kind);
    let several = !inputs.single_document;
    let format = args
        .format
        .unwrap_or(if several { Format::Jsonl } else { Format::Json });
    if format == Format::Html && several && args.output_dir.is_none() {
        return Err(Failure::Usage(
            "--format html writes one page per document: give --output-dir DIR for several inputs".into(),
        ));
    }
    if args.output_dir.is_some() && format != Format::Html {
        return Err(Failure::Usage("--output-dir is only for --format html".into()));
    }

    let mut categories = vnextract::Categories::NONE;
    for c in &args.only {
        categories = categories | *c;
    }
    if args.only.is_empty() {
        categories = vnextract::Categories::ALL;
    }
    let settings = Settings {
        extractor: Extractor::builder().categories(categories).build(),
        decode: DecodeOptions {
            encoding: args.encoding,
            lossy: args.lossy,
        },
        id_field: args.id_field.clone(),
        text_field: args.text_field.clone(),
        include_text: args.include_text,
        json_lines: format == Format::Jsonl,
    };
    let threads = args
        .jobs
        .map(|n| n.get())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));

    let show_progress = !args.quiet && io::stderr().is_terminal() && inputs.several_records();
    let total = if show_progress { inputs.total_bytes() } else { None };
    let progress = Progress::new(show_progress, total);
    let colour = match args.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };

    let stdout = io::stdout();
    let out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut sink: Box<dyn Sink> = match format {
        Format::Json => Box::new(JsonSink::new(out, true, several, args.include_text)),
        Format::Jsonl => Box::new(JsonSink::new(out, false, false, args.include_text)),
        Format::Csv => Box::new(RowSink::new(out, false, args.bom)?),
        Format::Tsv => Box::new(RowSink::new(out, true, args.bom)?),
        Format::Table => Box::new(TableSink::new(out, colour)),
        Format::Html => Box::new(HtmlSink::new(out, args.output_dir.as_deref())?),
    };
    let stats = batch::run(inputs.into_jobs(), &settings, threads, sink.as_mut(), &progress)?;
    drop(sink);
    if !args.quiet {
        report(&summary(&stats, started.elapsed().as_secs_f64()));
    }
    if stats.errors > 0 {
        Err(Failure::Failed(None))
    } else {
        Ok(())
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One line: documents, errors, items per category, bytes and speed.
fn summary(stats: &Stats, seconds: f64) -> String {
    let items: Vec<String> = CATEGORY_NAMES
        .iter()
        .zip(stats.items)
        .map(|(name, n)| format!("{n} {name}"))
        .collect();
    let mb = stats.bytes as f64 / 1e6;
    format!(
        "{}, {}; {}; {:.2} MB in {:.2} s ({:.1} MB/s)",
        plural(stats.documents, "document", "documents"),
        plural(stats.errors, "error", "errors"),
        items.join(", "),
        mb,
        seconds,
        if seconds > 0.0 { mb / seconds } else { 0.0 }
    )
}

/// Reads a file or `-` and decodes it; errors name the file.
fn read_text(path: &std::path::Path, options: &DecodeOptions) -> Result<String, Failure> {
    let (name, bytes) = read_bytes(path)?;
    vnextract::decode(&bytes, options)
        .map(|d| d.text)
        .map_err(|e| Failure::Failed(Some(format!("{name}: {e}"))))
}

/// The bytes of a file (`-`: standard input), with the name to report it by.
fn read_bytes(path: &std::path::Path) -> Result<(String, Vec<u8>), Failure> {
    let name = if path.as_os_str() == "-" {
        STDIN_NAME.to_owned()
    } else {
        path.display().to_string()
    };
    let mut bytes = Vec::new();
    let read = if path.as_os_str() == "-" {
        io::stdin().lock().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(path).map(|b| bytes = b)
    };
    read.map_err(|e| Failure::Failed(Some(format!("{name}: cannot read: {e}"))))?;
    Ok((name, bytes))
}

fn render(args: RenderArgs) -> Result<(), Failure> {
    let utf8 = DecodeOptions {
        encoding: vnextract::Encoding::Utf8,
        lossy: false,
    };
    let name = args.document.display().to_string();
    let json = read_text(&args.document, &utf8)?;
    let value: serde_json::Value = serde_json::from_str(&json)
        .map_err(|e| Failure::Failed(Some(format!("{name}: not a JSON document: {e}"))))?;
    let text = match &args.text {
        Some(path) => read_text(
            path,
            &DecodeOptions {
                encoding: args.encoding,
                lossy: args.lossy,
            },
        )?,
        None => match value.get("text").and_then(serde_json::Value::as_str) {
            Some(text) => text.to_owned(),
            None => {
                return Err(Failure::Usage(format!(
                    "{name} has no `text` field: give the text with --text FILE"
                )))
            }
        },
    };
    let document: vnextract::Document = serde_json::from_value(value)
        .map_err(|e| Failure::Failed(Some(format!("{name}: not a vnextract document: {e}"))))?;
    let chars = text.chars().count();
    if document.text_length != chars {
        return Err(Failure::Failed(Some(format!(
            "{name} is about a text of {} characters, the text has {chars}",
            document.text_length
        ))));
    }
    let source = document.source.clone().unwrap_or(name);
    write_stdout(output::html::render_page(&source, &text, &document).as_bytes())
}

/// Bytes normalized at a time by `vnextract normalize` (see
/// `vnextract::normalize::pieces`).
const NORMALIZE_PIECE_BYTES: usize = 64 << 10;

fn normalize(args: NormalizeArgs) -> Result<(), Failure> {
    let options = DecodeOptions {
        encoding: args.encoding,
        lossy: args.lossy,
    };
    // The text is borrowed from the bytes read when it is plain UTF-8, and
    // the result written from where it is: no copies of a large file.
    let (name, bytes) = read_bytes(&args.input)?;
    let text = vnextract::decode::decode_text(&bytes, &options)
        .map_err(|e| Failure::Failed(Some(format!("{name}: {e}"))))?;
    let tone = match args.tone {
        Tone::Keep => TonePlacement::Keep,
        Tone::Modern => TonePlacement::Modern,
        Tone::Traditional => TonePlacement::Traditional,
    };
    // Piece by piece (pieces normalize independently): the buffers stay
    // small and are reused, however long the file.
    let options = NormalizeOptions { tone };
    if args.key {
        // The key joins lines with spaces: it is made from the whole text.
        let normalized = vnextract::normalize(&text, &options);
        return write_stdout(vnextract::normalize::matching_key(normalized.text()).as_bytes());
    }
    let mut out = io::stdout().lock();
    for piece in vnextract::normalize::pieces(&text, NORMALIZE_PIECE_BYTES) {
        match out.write_all(vnextract::normalize(piece, &options).text().as_bytes()) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(()),
            Err(e) => return Err(e.into()),
            Ok(()) => {}
        }
    }
    match out.flush() {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}
