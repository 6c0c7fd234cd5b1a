//! A readable terminal view: one block per document, one section per
//! category, aligned columns, long cells shortened with `…`.

use std::io::{self, Write};

use super::items::{items, Item, CATEGORIES};
use super::Sink;
use crate::record::Outcome;

/// The columns shown for each category (besides the span).
fn columns(category: &str) -> &'static [&'static str] {
    match category {
        "figures" => &["text", "value", "unit", "qualifier", "change", "metric"],
        "dates" => &["text", "kind", "value"],
        "people" => &["name", "honorific", "mentions"],
        "titles" => &["text", "role", "organization", "jurisdiction", "person"],
        "places" => &["text", "type", "code", "province"],
        "directives" => &["text", "modality", "addressees", "deadline"],
        _ => &["text"],
    }
}

/// ANSI colour of each category's heading.
fn colour(category: &str) -> &'static str {
    match category {
        "figures" => "33",
        "dates" => "34",
        "people" => "35",
        "titles" => "36",
        "places" => "32",
        "directives" => "31",
        _ => "0",
    }
}

const MAX_CELL: usize = 48;

/// Writes the table view.
pub struct TableSink<W: Write> {
    out: W,
    colour: bool,
    written: u64,
}

impl<W: Write> TableSink<W> {
    /// A table writer; `colour` adds ANSI styles.
    pub fn new(out: W, colour: bool) -> Self {
        TableSink {
            out,
            colour,
            written: 0,
        }
    }

    fn styled(&self, code: &str, s: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }
}

fn shorten(s: &str, max: usize) -> String {
    let one_line = s.replace(['\n', '\r', '\t'], " ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let mut cut: String = one_line.chars().take(max - 1).collect();
        cut.push('…');
        cut
    }
}

fn cell(item: &Item, column: &str) -> String {
    match column {
        "text" => item.text.clone(),
        other => item.field(other).to_owned(),
    }
}

/// The rows of one category: people merged into one row per person.
fn rows(category: &str, items: &[&Item]) -> Vec<Vec<String>> {
    let cols = columns(category);
    if category == "people" {
        let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
        for item in items {
            let span = format!("{}-{}", item.start, item.end);
            match rows.iter_mut().find(|(index, _)| *index == item.index) {
                Some((_, row)) => {
                    let mentions = row.last_mut().expect("mentions column");
                    mentions.push_str(", ");
                    mentions.push_str(&span);
                }
                None => {
                    let first = format!("{}-{}", item.start, item.end);
                    let row = vec![first, cell(item, "name"), cell(item, "honorific"), span];
                    rows.push((item.index, row));
                }
            }
        }
        return rows.into_iter().map(|(_, row)| row).collect();
    }
    items
        .iter()
        .map(|item| {
            std::iter::once(format!("{}-{}", item.start, item.end))
                .chain(cols.iter().map(|c| cell(item, c)))
                .collect()
        })
        .collect()
}

impl<W: Write> Sink for TableSink<W> {
    fn write(&mut self, outcome: &Outcome) -> io::Result<()> {
        if self.written > 0 {
            writeln!(self.out)?;
        }
        self.written += 1;
        let extracted = match &outcome.result {
            Ok(e) => e,
            Err(error) => {
                let heading = format!("══ {} ══ error", outcome.source);
                writeln!(self.out, "{}", self.styled("1;31", &heading))?;
                writeln!(self.out, "  {}: {}", error.kind, error.message)?;
                return Ok(());
            }
        };
        let heading = format!(
            "══ {} ══ {} characters",
            outcome.source, extracted.document.text_length
        );
        writeln!(self.out, "{}", self.styled("1", &heading))?;
        let all = items(&extracted.document, &extracted.text);
        for category in CATEGORIES {
            let these: Vec<&Item> = all.iter().filter(|i| i.category == category).collect();
            if these.is_empty() {
                continue;
            }
            let body = rows(category, &these);
            let title = format!("{} ({})", category.to_uppercase(), body.len());
            writeln!(
                self.out,
                "\n{}",
                self.styled(&format!("1;{}", colour(category)), &title)
            )?;
            let header: Vec<String> = std::iter::once("span".to_owned())
                .chain(columns(category).iter().map(|c| c.to_string()))
                .collect();
            let body: Vec<Vec<String>> = body
                .into_iter()
                .map(|row| row.iter().map(|c| shorten(c, MAX_CELL)).collect())
                .collect();
            let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
            for row in &body {
                for (w, c) in widths.iter_mut().zip(row) {
                    *w = (*w).max(c.chars().count());
                }
            }
            let line = |row: &[String]| {
                let mut s = String::from(" ");
                for (c, w) in row.iter().zip(&widths) {
                    s.push(' ');
                    s.push_str(c);
                    s.extend(std::iter::repeat_n(' ', w - c.chars().count() + 1));
                }
                s.trim_end().to_owned()
            };
            writeln!(self.out, "{}", self.styled("2", &line(&header)))?;
            for row in &body {
                writeln!(self.out, "{}", line(row))?;
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
