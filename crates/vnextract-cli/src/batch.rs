//! Scheduling: a reading thread cuts the job stream into windows bounded in
//! records and bytes; each window is extracted in parallel (rayon) and
//! written in input order before the next one, so output order equals input
//! order and memory stays bounded by a few windows whatever the input size.

use std::io::{self, Write};
use std::sync::mpsc::sync_channel;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::output::Sink;
use crate::process::{self, Settings};
use crate::record::{Job, Outcome};

/// At most this many records in one window.
const WINDOW_RECORDS: usize = 2048;
/// At most about this many input bytes in one window.
const WINDOW_BYTES: u64 = 2 << 20;

/// Counts for the summary.
#[derive(Debug, Default)]
pub struct Stats {
    /// Records that gave a document.
    pub documents: u64,
    /// Records that failed.
    pub errors: u64,
    /// Items per category, in the JSON order.
    pub items: [u64; 6],
    /// Input bytes.
    pub bytes: u64,
}

/// The category names in the order of [`Stats::items`].
pub const CATEGORY_NAMES: [&str; 6] = ["figures", "people", "titles", "places", "directives", "dates"];

impl Stats {
    fn add(&mut self, outcome: &Outcome) {
        self.bytes += outcome.bytes;
        match &outcome.result {
            Ok(e) => {
                let d = &e.document;
                self.documents += 1;
                let counts = [
                    d.figures.len(),
                    d.people.len(),
                    d.titles.len(),
                    d.places.len(),
                    d.directives.len(),
                    d.dates.len(),
                ];
                for (total, n) in self.items.iter_mut().zip(counts) {
                    *total += n as u64;
                }
            }
            Err(_) => self.errors += 1,
        }
    }
}

fn job_bytes(job: &Job) -> u64 {
    match job {
        Job::File { path, .. } => std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        Job::Bytes { bytes, .. } | Job::JsonLine { bytes, .. } => bytes.len() as u64,
        Job::Failed { .. } => 0,
    }
}

/// At most about this many input bytes in one group of records extracted
/// together (`Extractor::extract_batch`); a window holds several groups so
/// that the threads share its work.
const GROUP_BYTES: u64 = 256 << 10;

/// Cuts a window into groups of consecutive jobs of about [`GROUP_BYTES`].
fn groups(window: Vec<Job>) -> Vec<Vec<Job>> {
    let mut groups = Vec::new();
    let mut group = Vec::new();
    let mut bytes = 0;
    for job in window {
        let size = job_bytes(&job);
        if !group.is_empty() && bytes + size > GROUP_BYTES {
            groups.push(std::mem::take(&mut group));
            bytes = 0;
        }
        bytes += size;
        group.push(job);
    }
    if !group.is_empty() {
        groups.push(group);
    }
    groups
}

/// How to show progress.
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A bar over `total` bytes on stderr when `visible`, else nothing.
    pub fn new(visible: bool, total: Option<u64>) -> Progress {
        if !visible {
            return Progress {
                bar: ProgressBar::hidden(),
            };
        }
        let bar = match total {
            Some(total) => ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr())
                .with_style(
                    ProgressStyle::with_template(
                        "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({bytes_per_sec}, {eta}) {msg}",
                    )
                    .expect("valid template"),
                ),
            None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(
                ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bytes} ({bytes_per_sec}) {msg}")
                    .expect("valid template"),
            ),
        };
        Progress { bar }
    }

    /// Runs `f` with the bar hidden (to print a message).
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        self.bar.suspend(f)
    }
}

/// Runs every job with `threads` workers and writes the outcomes in order.
/// Errors are reported on stderr as they are written.
pub fn run(
    jobs: impl Iterator<Item = Job> + Send,
    settings: &Settings,
    threads: usize,
    sink: &mut dyn Sink,
    progress: &Progress,
) -> io::Result<Stats> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(io::Error::other)?;
    let mut stats = Stats::default();
    std::thread::scope(|scope| {
        // Two windows can wait while one is extracted: reading overlaps work.
        let (send, receive) = sync_channel::<Vec<Job>>(1);
        scope.spawn(move || {
            let mut window = Vec::new();
            let mut window_bytes = 0;
            for job in jobs {
                window_bytes += job_bytes(&job);
                window.push(job);
                if window.len() >= WINDOW_RECORDS || window_bytes >= WINDOW_BYTES {
                    if send.send(std::mem::take(&mut window)).is_err() {
                        return;
                    }
                    window_bytes = 0;
                }
            }
            if !window.is_empty() {
                let _ = send.send(window);
            }
        });
        for window in receive {
            let outcomes: Vec<Outcome> = pool.install(|| {
                groups(window)
                    .into_par_iter()
                    .map(|group| process::run_group(group, settings))
                    .collect::<Vec<_>>()
                    .into_iter()
                    .flatten()
                    .collect()
            });
            for outcome in &outcomes {
                stats.add(outcome);
                progress.bar.inc(outcome.bytes);
                if let Err(error) = &outcome.result {
                    progress.suspend(|| {
                        let _ = writeln!(io::stderr(), "vnextract: error: {error}");
                    });
                }
                if let Err(e) = sink.write(outcome) {
                    // A closed pipe (`| head`) ends the run quietly; exiting
                    // here also leaves a reader blocked on stdin behind.
                    if e.kind() == io::ErrorKind::BrokenPipe {
                        std::process::exit(0);
                    }
                    return Err(e);
                }
            }
        }
        Ok::<(), io::Error>(())
    })?;
    if let Err(e) = sink.finish() {
        if e.kind() == io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        return Err(e);
    }
    progress.bar.finish_and_clear();
    Ok(stats)
}
