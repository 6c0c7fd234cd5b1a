//! `vnextract`: the command-line interface. It parses arguments, reads
//! input, calls the core library and serializes; nothing else.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use vnextract::{DecodeOptions, Extractor, NormalizeOptions, TonePlacement};

#[derive(Parser)]
#[command(
    name = "vnextract",
    version,
    about = "Extract figures, dates, people, titles, places and directives from Vietnamese reports"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract every category from one document and print it as JSON.
    Extract {
        /// Input file, or `-` for standard input.
        input: PathBuf,
    },
    /// Print the normalized text.
    Normalize {
        /// Input file, or `-` for standard input.
        input: PathBuf,
        /// Tone-mark placement.
        #[arg(long, value_enum, default_value_t = Tone::Keep)]
        tone: Tone,
        /// Print the lossy matching key instead.
        #[arg(long)]
        key: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Tone {
    Keep,
    Modern,
    Traditional,
}

fn read_input(path: &PathBuf) -> Result<String, String> {
    let mut bytes = Vec::new();
    let name = path.display().to_string();
    if name == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("<stdin>: {e}"))?;
    } else {
        bytes = std::fs::read(path).map_err(|e| format!("{name}: {e}"))?;
    }
    vnextract::decode(&bytes, &DecodeOptions::default())
        .map(|d| d.text)
        .map_err(|e| format!("{name}: {e}"))
}

fn run(cli: Cli) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match cli.command {
        Command::Extract { input } => {
            let text = read_input(&input)?;
            let doc = Extractor::new().extract_with_source(&text, Some(input.display().to_string()));
            serde_json::to_writer_pretty(&mut out, &doc).map_err(|e| e.to_string())?;
            writeln!(out).map_err(|e| e.to_string())?;
        }
        Command::Normalize { input, tone, key } => {
            let text = read_input(&input)?;
            let tone = match tone {
                Tone::Keep => TonePlacement::Keep,
                Tone::Modern => TonePlacement::Modern,
                Tone::Traditional => TonePlacement::Traditional,
            };
            let norm = vnextract::normalize(&text, &NormalizeOptions { tone });
            let shown = if key {
                vnextract::normalize::matching_key(norm.text())
            } else {
                norm.text().to_owned()
            };
            out.write_all(shown.as_bytes()).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("vnextract: {e}");
            ExitCode::from(1)
        }
    }
}
