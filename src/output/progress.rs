//! Progress on a terminal: work that takes more than a second says on stderr what it is doing
//! (the file, the rows read, how far through the bytes, about how long is left), on one line that
//! is redrawn and cleared at the end. Never in a pipe, a file or CI, and not with `--quiet`:
//! [`Progress::off`] then costs an `Option` check per batch of rows.
//!
//! The counting side ([`Progress::file`], [`Progress::rows`]) only adds to atomics; a thread of its
//! own draws, four times a second, from the first second on.

use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long work runs before its progress is shown.
const QUIET_FOR: Duration = Duration::from_secs(1);
const EVERY: Duration = Duration::from_millis(250);

/// A handle to the progress line, or to nothing.
#[derive(Debug, Default)]
pub(crate) struct Progress {
    shared: Option<Arc<Shared>>,
    ticker: Option<JoinHandle<()>>,
}

#[derive(Debug)]
struct Shared {
    started: Instant,
    /// The bytes of every input, for the share done and the time left (0: unknown).
    total: u64,
    rows: AtomicU64,
    bytes: AtomicU64,
    what: Mutex<String>,
    done: AtomicBool,
}

/// Whether progress may be shown: stderr is a terminal, not `--quiet`, not CI, not a dumb terminal.
pub(crate) fn wanted(quiet: bool) -> bool {
    use std::io::IsTerminal;
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    !quiet && std::io::stderr().is_terminal() && !set("CI") && std::env::var("TERM").map_or(true, |t| t != "dumb")
}

impl Progress {
    /// No progress at all.
    pub(crate) fn off() -> Progress {
        Progress::default()
    }

    /// Progress over inputs of `total` bytes, drawn on stderr.
    pub(crate) fn on_stderr(total: u64) -> Progress {
        let shared = Arc::new(Shared {
            started: Instant::now(),
            total,
            rows: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
            what: Mutex::new(String::new()),
            done: AtomicBool::new(false),
        });
        let drawing = Arc::clone(&shared);
        let ticker = std::thread::spawn(move || draw_until_done(&drawing));
        Progress { shared: Some(shared), ticker: Some(ticker) }
    }

    /// Says what is being done now («reading data/2019.csv»).
    pub(crate) fn doing(&self, what: impl FnOnce() -> String) {
        if let Some(s) = &self.shared {
            *s.what.lock().unwrap_or_else(|e| e.into_inner()) = what();
        }
    }

    /// Counts `rows` more rows, of `bytes` more bytes.
    pub(crate) fn rows(&self, rows: usize, bytes: usize) {
        if let Some(s) = &self.shared {
            s.rows.fetch_add(rows as u64, Ordering::Relaxed);
            s.bytes.fetch_add(bytes as u64, Ordering::Relaxed);
        }
    }
}

/// A writer that counts the bytes written through it on a [`Progress`] (a file being written).
pub(crate) struct Counted<'a, W: Write + ?Sized> {
    pub(crate) inner: &'a mut W,
    pub(crate) progress: &'a Progress,
}

impl<W: Write + ?Sized> Write for Counted<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.progress.rows(0, n);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl Drop for Progress {
    /// Stops drawing and clears the line.
    fn drop(&mut self) {
        if let Some(s) = &self.shared {
            s.done.store(true, Ordering::Relaxed);
        }
        if let Some(t) = self.ticker.take() {
            let _ = t.join();
        }
    }
}

fn draw_until_done(s: &Shared) {
    let mut drawn = false;
    let mut stderr = std::io::stderr();
    while !s.done.load(Ordering::Relaxed) {
        std::thread::sleep(EVERY);
        if s.started.elapsed() < QUIET_FOR || s.done.load(Ordering::Relaxed) {
            continue;
        }
        let what = s.what.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let line =
            line(&what, s.rows.load(Ordering::Relaxed), s.bytes.load(Ordering::Relaxed), s.total, s.started.elapsed());
        // Carriage return, the line, and the rest of the old one cleared.
        let _ = write!(stderr, "\r{line}\x1b[K");
        let _ = stderr.flush();
        drawn = true;
    }
    if drawn {
        let _ = write!(stderr, "\r\x1b[K");
        let _ = stderr.flush();
    }
}

/// «friskliv: reading bench.csv: 480 000 rows, 120 of 238 MB (50 %), about 1 s left».
fn line(what: &str, rows: u64, bytes: u64, total: u64, elapsed: Duration) -> String {
    let mb = |b: u64| b.div_ceil(1_000_000);
    if rows == 0 && total == 0 {
        return format!("friskliv: {what}: {} MB", mb(bytes));
    }
    let mut s = format!("friskliv: {what}: {} rows", thousands(rows));
    if total > 0 {
        let share = (bytes as f64 / total as f64).min(0.99);
        let _ = write!(s, ", {} of {} MB ({:.0} %)", mb(bytes.min(total)), mb(total), share * 100.0);
        if share > 0.02 {
            let left = elapsed.as_secs_f64() * (1.0 - share) / share;
            let _ = write!(s, ", about {} left", seconds(left));
        }
    }
    s
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

fn seconds(s: f64) -> String {
    match s.round() as u64 {
        0 | 1 => "1 s".to_string(),
        n if n < 120 => format!("{n} s"),
        n => format!("{} min", n.div_ceil(60)),
    }
}

use std::fmt::Write as _;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_says_what_how_far_and_how_long_is_left() {
        let said = line("reading bench.csv", 480_000, 120_000_000, 240_000_000, Duration::from_secs(2));
        assert_eq!(said, "friskliv: reading bench.csv: 480 000 rows, 120 of 240 MB (50 %), about 2 s left");
        // More bytes counted than the file has (quotes, a UTF-16 file): never 100 % before the end.
        let said = line("reading x.csv", 10, 300, 200, Duration::from_secs(3));
        assert_eq!(said, "friskliv: reading x.csv: 10 rows, 1 of 1 MB (99 %), about 1 s left");
        assert_eq!(
            line("writing long.parquet", 1_234, 0, 0, Duration::from_secs(9)),
            "friskliv: writing long.parquet: 1 234 rows"
        );
        assert_eq!(seconds(150.0), "3 min");
        assert_eq!(
            line("writing long.parquet", 0, 12_500_000, 0, Duration::from_secs(2)),
            "friskliv: writing long.parquet: 13 MB"
        );
    }

    #[test]
    fn no_progress_costs_nothing_and_draws_nothing() {
        let p = Progress::off();
        p.rows(10, 100);
        p.doing(|| unreachable!("not asked when off"));
    }
}
