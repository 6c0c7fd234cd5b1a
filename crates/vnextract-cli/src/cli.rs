//! The command line: every subcommand, option and help text (clap derive).
//! `completions` and `man` render this same definition, so they never drift.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use vnextract::{Categories, Encoding};

const EXTRACT_EXAMPLES: &str = "\
Examples:
  vnextract extract article.txt                      one JSON document
  vnextract extract --format table article.txt       a readable view in the terminal
  vnextract extract corpus/ > corpus.jsonl           every file of a folder, one line each
  vnextract extract --input jsonl --id-field url --text-field body dump.jsonl
  vnextract extract --only figures,dates --format csv a.txt b.txt > items.csv
  vnextract extract --format html article.txt > article.html
  vnextract extract --format html --output-dir views/ corpus/
  cat article.txt | vnextract extract -
  vnextract extract --encoding tcvn3 old-archive/ -j 2 --quiet";

const NORMALIZE_EXAMPLES: &str = "\
Examples:
  vnextract normalize article.txt                    NFC, spaces, dashes and quotes cleaned
  vnextract normalize --tone modern article.txt      tone marks in the modern place (hòa, thủy)
  vnextract normalize --key - <<< 'Hoà Bình'         the lossy matching key: hoa binh
  vnextract normalize --encoding vni --lossy old.txt";

const RENDER_EXAMPLES: &str = "\
Examples:
  vnextract render gold/000.json --text articles/000.txt > 000.html
  vnextract extract --include-text article.txt > doc.json && vnextract render doc.json > doc.html";

const TOP_EXAMPLES: &str = "\
Examples:
  vnextract extract article.txt
  vnextract extract --format jsonl corpus/ > corpus.jsonl
  vnextract normalize --tone modern article.txt
  vnextract completions bash > /etc/bash_completion.d/vnextract
  vnextract man > vnextract.1

Exit status: 0 when every record was processed, 1 when some record failed
(each failure is reported on stderr and as an error record), 2 on a usage error.
NO_COLOR set in the environment turns colour off.";

/// Extract figures, dates, people, titles, places and directives from
/// Vietnamese news-style reports, with exact character offsets.
#[derive(Debug, Parser)]
#[command(name = "vnextract", version, after_help = TOP_EXAMPLES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract every category from files, folders, standard input, JSON Lines or HTML pages.
    ///
    /// One input prints one JSON document; several inputs (or a folder, or
    /// JSON Lines) print one JSON document per line, in input order, with
    /// `source` set to the path or record id. Documents are processed in
    /// parallel and streamed, so memory stays bounded whatever the input size.
    #[command(after_help = EXTRACT_EXAMPLES)]
    Extract(ExtractArgs),
    /// Print the normalized text (NFC, Đ, spaces, dashes, quotes, tone marks) or its matching key.
    #[command(after_help = NORMALIZE_EXAMPLES)]
    Normalize(NormalizeArgs),
    /// Render a stored JSON document (vnextract's output, or a gold annotation) as an HTML page.
    ///
    /// The text comes from --text, or from the document's own `text` field
    /// when it was written with `extract --include-text`.
    #[command(after_help = RENDER_EXAMPLES)]
    Render(RenderArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Example:\n  vnextract completions bash > ~/.local/share/bash-completion/completions/vnextract"
    )]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff).
    #[command(after_help = "Example:\n  vnextract man | man -l -")]
    Man,
}

/// Options of `vnextract extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files, folders (read recursively, in sorted order) or `-` for standard input.
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<PathBuf>,

    /// How to read each input; `auto` goes by the file extension
    /// (.jsonl/.ndjson: JSON Lines, .html/.htm: HTML, anything else: text).
    #[arg(long = "input", value_enum, default_value_t = InputKind::Auto, value_name = "KIND")]
    pub input_kind: InputKind,

    /// JSON Lines: the field holding the record id (written as `source`).
    #[arg(long, default_value = "id", value_name = "FIELD")]
    pub id_field: String,

    /// JSON Lines: the field holding the text.
    #[arg(long, default_value = "text", value_name = "FIELD")]
    pub text_field: String,

    /// Output format [default: json for one document, jsonl otherwise].
    #[arg(short, long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,

    /// Only these categories (comma-separated): figures, dates, people, titles, places, directives.
    #[arg(long, value_delimiter = ',', value_parser = parse_category, value_name = "CATEGORIES")]
    pub only: Vec<Categories>,

    /// Add the decoded text and the normalized text to JSON and JSON Lines output.
    #[arg(long)]
    pub include_text: bool,

    /// Text encoding of the input bytes: auto, utf-8, utf-16le, utf-16be, windows-1258, tcvn3, vni, viscii.
    #[arg(long, default_value = "auto", value_parser = parse_encoding, value_name = "ENCODING")]
    pub encoding: Encoding,

    /// Replace undecodable bytes instead of failing the record.
    #[arg(long)]
    pub lossy: bool,

    /// Worker threads [default: all cores].
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<NonZeroUsize>,

    /// HTML output: write one page per document into this folder instead of standard output.
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,

    /// CSV/TSV output: start with a UTF-8 byte-order mark, for spreadsheets that need one.
    #[arg(long)]
    pub bom: bool,

    /// When to colour the table output.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,

    /// No progress bar and no summary on stderr (errors are still reported).
    #[arg(short, long)]
    pub quiet: bool,
}

/// Options of `vnextract render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// A JSON file holding one document, or `-` for standard input.
    #[arg(value_name = "DOCUMENT")]
    pub document: PathBuf,

    /// The text the document's offsets point into.
    #[arg(long, value_name = "FILE")]
    pub text: Option<PathBuf>,

    /// Text encoding of the --text file.
    #[arg(long, default_value = "auto", value_parser = parse_encoding, value_name = "ENCODING")]
    pub encoding: Encoding,

    /// Replace undecodable bytes of the --text file instead of failing.
    #[arg(long)]
    pub lossy: bool,
}

/// Options of `vnextract normalize`.
#[derive(Debug, Args)]
pub struct NormalizeArgs {
    /// A file, or `-` for standard input.
    #[arg(value_name = "FILE")]
    pub input: PathBuf,

    /// Where tone marks go on oa, oe, uy syllables.
    #[arg(long, value_enum, default_value_t = Tone::Keep)]
    pub tone: Tone,

    /// Print the lossy matching key (tone marks and case folded, đ to d) instead.
    #[arg(long)]
    pub key: bool,

    /// Text encoding of the input bytes: auto, utf-8, utf-16le, utf-16be, windows-1258, tcvn3, vni, viscii.
    #[arg(long, default_value = "auto", value_parser = parse_encoding, value_name = "ENCODING")]
    pub encoding: Encoding,

    /// Replace undecodable bytes instead of failing.
    #[arg(long)]
    pub lossy: bool,
}

/// How to read an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputKind {
    /// By file extension.
    Auto,
    /// Plain text, one document per file.
    Text,
    /// JSON Lines, one document per record.
    Jsonl,
    /// An HTML page, its visible article text.
    Html,
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Pretty JSON: one document (an array when there are several).
    Json,
    /// One JSON document per line.
    Jsonl,
    /// One row per extracted item, comma-separated (RFC 4180).
    Csv,
    /// One row per extracted item, tab-separated.
    Tsv,
    /// A readable terminal view grouped by category.
    Table,
    /// A self-contained HTML page per document, spans highlighted.
    Html,
}

/// Tone-mark placement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Tone {
    /// As written.
    Keep,
    /// hòa, thủy.
    Modern,
    /// hoà, thuỷ.
    Traditional,
}

/// Colour choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// When standard output is a terminal and NO_COLOR is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

fn parse_category(name: &str) -> Result<Categories, String> {
    Categories::from_name(name.trim()).ok_or_else(|| {
        format!("unknown category `{name}` (expected figures, dates, people, titles, places, directives)")
    })
}

fn parse_encoding(name: &str) -> Result<Encoding, String> {
    crate::encoding::from_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
