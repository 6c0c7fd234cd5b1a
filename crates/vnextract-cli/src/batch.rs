//! Scheduling: a reading thread cuts the job stream into groups of about
//! 256 KB; workers extract groups as they come and this thread writes them
//! back in input order, so output order equals input order and memory stays
//! bounded by a few groups per worker whatever the input size.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::mpsc::{channel, sync_channel};
use std::sync::{Arc, Mutex};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::output::Sink;
use crate::process::{self, Settings};
use crate::record::{Job, Outcome};

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
/// together (`Extractor::extract_batch`) by one worker.
const GROUP_BYTES: u64 = 256 << 10;

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

/// At most this many groups per worker are read ahead or wait to be
/// written: it bounds memory while keeping every worker busy.
const GROUPS_IN_FLIGHT_PER_WORKER: usize = 3;

/// Cuts the job stream into groups of consecutive jobs of about
/// [`GROUP_BYTES`] (one job alone if it is bigger).
struct Groups<I: Iterator<Item = Job>> {
    jobs: std::iter::Peekable<I>,
}

impl<I: Iterator<Item = Job>> Iterator for Groups<I> {
    type Item = Vec<Job>;

    fn next(&mut self) -> Option<Vec<Job>> {
        let mut group = Vec::new();
        let mut bytes = 0;
        while let Some(job) = self.jobs.peek() {
            let size = job_bytes(job);
            if !group.is_empty() && bytes + size > GROUP_BYTES {
                break;
            }
            bytes += size;
            group.extend(self.jobs.next());
        }
        (!group.is_empty()).then_some(group)
    }
}

/// Runs every job with `threads` workers and writes the outcomes in order.
/// Errors are reported on stderr as they are written.
///
/// A reading thread cuts the input into numbered groups; each worker takes
/// the next group as soon as it is free and renders its outcomes; this
/// thread writes them back in input order. There is no barrier between
/// groups, so no worker waits for a slower one (a window-at-a-time schedule
/// idled one core at the end of every window). Tokens bound the groups
/// between reading and writing, so memory stays bounded however far one
/// slow group holds the output back.
pub fn run(
    jobs: impl Iterator<Item = Job> + Send,
    settings: &Settings,
    threads: usize,
    sink: &mut dyn Sink,
    progress: &Progress,
) -> io::Result<Stats> {
    let threads = threads.max(1);
    let in_flight = GROUPS_IN_FLIGHT_PER_WORKER * threads;
    let mut stats = Stats::default();
    std::thread::scope(|scope| {
        let (group_send, group_receive) = sync_channel::<(u64, Vec<Job>)>(threads);
        // Shared by the workers only: once they have all stopped, the reader's
        // sends fail instead of blocking.
        let group_receive = Arc::new(Mutex::new(group_receive));
        let (token_send, token_receive) = sync_channel::<()>(in_flight);
        for _ in 0..in_flight {
            token_send.send(()).expect("the channel holds every token");
        }
        scope.spawn(move || {
            let groups = Groups {
                jobs: jobs.peekable(),
            };
            for (number, group) in (0u64..).zip(groups) {
                // Both fail only once the writer has stopped.
                if token_receive.recv().is_err() || group_send.send((number, group)).is_err() {
                    return;
                }
            }
        });
        let (done_send, done_receive) = channel::<(u64, Vec<Outcome>)>();
        for _ in 0..threads {
            let done_send = done_send.clone();
            let group_receive = Arc::clone(&group_receive);
            scope.spawn(move || loop {
                // A poisoned lock cannot happen: `run_group` catches panics.
                let next = group_receive.lock().map(|receive| receive.recv());
                let Ok(Ok((number, group))) = next else {
                    return;
                };
                if done_send
                    .send((number, process::run_group(group, settings)))
                    .is_err()
                {
                    return;
                }
            });
        }
        drop((done_send, group_receive));
        let mut waiting = BTreeMap::new();
        let mut next_number = 0u64;
        for (number, outcomes) in done_receive {
            waiting.insert(number, outcomes);
            while let Some(outcomes) = waiting.remove(&next_number) {
                next_number += 1;
                write_outcomes(&outcomes, &mut stats, sink, progress)?;
                let _ = token_send.send(());
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

/// Counts, reports and writes one group's outcomes.
fn write_outcomes(
    outcomes: &[Outcome],
    stats: &mut Stats,
    sink: &mut dyn Sink,
    progress: &Progress,
) -> io::Result<()> {
    for outcome in outcomes {
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
    Ok(())
}
