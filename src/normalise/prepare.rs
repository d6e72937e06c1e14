//! What each row of a file needs no other row for, worked out on whichever thread takes its batch:
//! its fields split ([`Batch::split`]), its verdict ([`verdict::classify`]), its unread answer cells
//! looked at ([`CellPlan`]), a sign of double encoding looked for, and its text hashed. A long
//! file's batches go to two such threads in turn while the records are cut on a third, and come
//! back in the file's order ([`batches`]); [`super::reading`] takes them one row at a time, as
//! before, and asks nothing of a row's cells that these facts say is plain.

use super::store::{FileColumn, Responses};
use super::verdict::{self, Roles, Verdict};
use crate::read::decode::MojibakeScan;
use crate::read::grid::{Batch, GridError, Row};
use crate::read::{value, Export, Stream};
use crate::schema::{CellKind, Schema};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

/// Records per batch handed between threads (a file of fewer is read on one thread).
pub(super) const BATCH_ROWS: usize = 1024;

/// A batch whose rows are split into fields, with each row's [`Facts`].
pub(super) struct Prepared {
    pub(super) batch: Batch,
    pub(super) facts: Vec<Facts>,
}

/// What a row is, as far as it alone tells.
#[derive(Debug, Clone)]
pub(super) struct Facts {
    /// Kept, excluded or rejected, and what else is worth saying about the row.
    pub(super) verdict: Verdict,
    /// A cell looked at but not read is not plain, or starts like a formula: the reading thread
    /// looks at them again, one by one ([`CellPlan::look`]).
    pub(super) look: bool,
    /// The text may be double encoded (`Ã`, `Â` or `â`): its fields are scanned.
    pub(super) mojibake: bool,
    /// A hash of the record's text (compared within one run only).
    pub(super) digest: u64,
}

/// What a thread needs to prepare a file's batches: how its rows are judged, and how its cells are
/// read. Each thread has its own copy, and so its own cache of the centres' names ([`Roles`]).
#[derive(Clone)]
pub(super) struct Rules<'a> {
    pub(super) roles: Roles<'a>,
    pub(super) schema: &'a Schema,
    pub(super) plan: &'a CellPlan,
}

impl Prepared {
    fn new(mut batch: Batch, rules: &Rules) -> Prepared {
        batch.split();
        let facts = batch.rows().map(|row| facts(&row, rules)).collect();
        Prepared { batch, facts }
    }
}

fn facts(row: &Row, rules: &Rules) -> Facts {
    use std::hash::BuildHasher;
    Facts {
        verdict: verdict::classify(row, &rules.roles, rules.schema, &rules.schema.completed_dispcodes),
        look: rules.plan.look(row),
        mojibake: !row.is_ascii() && MojibakeScan::may_hold(row.text()),
        digest: foldhash::fast::FixedState::with_seed(0).hash_one(row.text()),
    }
}

/// Hands `each` the batches of `rows`, `batch_rows` records at a time, prepared, in the file's
/// order, and then the end (an empty batch) or the error that stopped reading. The first batches
/// are read and prepared on this thread; once one is full, the file is long, and the records are
/// cut on one thread while two others prepare every other batch. Returns the line ends (CRLF, LF
/// alone) and the characters that could not be decoded.
pub(super) fn batches(
    mut rows: Stream,
    batch_rows: usize,
    rules: &Rules,
    mut each: impl FnMut(Result<Prepared, GridError>),
) -> ((usize, usize), usize) {
    loop {
        let batch = rows.next_batch(batch_rows).map(|b| Prepared::new(b, rules));
        let (full, last) = match &batch {
            Ok(b) => (b.batch.len() == batch_rows, b.batch.is_empty()),
            Err(_) => (false, true),
        };
        each(batch);
        if last {
            return (rows.line_ends(), rows.replaced());
        }
        if full {
            break;
        }
    }
    std::thread::scope(|scope| {
        // Memory stays bounded: a batch waits for each worker (its text only), and one it prepared
        // (with its fields' ends) waits for this thread, so that a worker seldom waits on this one.
        let (to_workers, from_reader): (Vec<_>, Vec<_>) = (0..WORKERS).map(|_| sync_channel(1)).unzip();
        let (to_reader, from_workers): (Vec<_>, Vec<_>) = (0..WORKERS).map(|_| sync_channel(1)).unzip();
        let reader = scope.spawn(move || cut(&mut rows, batch_rows, &to_workers));
        for (input, output) in from_reader.into_iter().zip(to_reader) {
            let rules = rules.clone();
            scope.spawn(move || prepare(input, output, &rules));
        }
        // Batch i went to worker i % WORKERS: taken from each in turn, they are in order.
        for from in from_workers.iter().cycle() {
            // A worker that stopped: its input closed, after the last batch.
            let Ok(message) = from.recv() else { break };
            let last = message.as_ref().map_or(true, |p| p.batch.is_empty());
            each(message);
            if last {
                break;
            }
        }
        drop(from_workers);
        reader.join().expect("cutting records does not panic")
    })
}

/// Threads that prepare batches, beside the one that cuts records and the one that takes them.
const WORKERS: usize = 2;

/// Cuts the records into batches, handing them to the workers in turn, up to the end (an empty
/// batch) or an error.
fn cut(
    rows: &mut Stream,
    batch_rows: usize,
    workers: &[SyncSender<Result<Batch, GridError>>],
) -> ((usize, usize), usize) {
    for to in workers.iter().cycle() {
        let batch = rows.next_batch(batch_rows);
        let last = batch.as_ref().map_or(true, |b| b.is_empty());
        // A closed channel means the reading side stopped: so does this one.
        if to.send(batch).is_err() || last {
            break;
        }
    }
    (rows.line_ends(), rows.replaced())
}

/// Prepares each batch that comes in, and sends it on.
fn prepare(input: Receiver<Result<Batch, GridError>>, output: SyncSender<Result<Prepared, GridError>>, rules: &Rules) {
    for batch in input {
        if output.send(batch.map(|b| Prepared::new(b, rules))).is_err() {
            break;
        }
    }
}

/// How a file's answer cells are read: `read` in full, into their columns; or, when no column holds
/// them, looked at in `glance` and read only when not plain or when they start like a formula (text
/// and lists are always plain, so only that). Each is (answer column, its index in the file, how its
/// cells are read), in the file's order, and in runs: tick columns side by side in the file are
/// looked at in one pass ([`Run::plain`]), and cell by cell only when that finds more than 0s and 1s;
/// any other column is a run of its own.
pub(super) struct CellPlan {
    pub(super) read: Vec<(usize, usize, CellKind)>,
    pub(super) read_runs: Vec<Run>,
    pub(super) glance: Vec<(usize, usize, CellKind)>,
    pub(super) runs: Vec<Run>,
    /// For the look at every row ([`CellPlan::look`]): the runs of `glance` that are ticks, and
    /// the file's index of each other column of `glance`, by kind.
    tick_runs: Vec<Run>,
    singles: Singles,
}

/// The single columns looked at but not read, by how their cells are looked at: so that the look at
/// every row asks no cell its kind.
#[derive(Default)]
struct Singles {
    /// Text and lists, always plain: only a cell that starts like a formula is read.
    text: Vec<usize>,
    /// Numbers and counts: plain when up to 15 digits (which start no formula).
    numbers: Vec<usize>,
    /// Ticks and Ja/Nei.
    other: Vec<(usize, CellKind)>,
}

impl Singles {
    fn new(columns: impl Iterator<Item = (usize, CellKind)>) -> Singles {
        let mut singles = Singles::default();
        for (index, kind) in columns {
            match kind {
                CellKind::Text | CellKind::List => singles.text.push(index),
                CellKind::Number | CellKind::Count => singles.numbers.push(index),
                CellKind::Tick | CellKind::YesNo => singles.other.push((index, kind)),
            }
        }
        singles
    }

    /// Whether a cell of `row` in these columns is to be read after all: [`looks_closer`], kind by
    /// kind.
    fn look(&self, row: &Row) -> bool {
        self.text.iter().any(|&i| crate::output::starts_like_formula(row.field_bytes(i)))
            || self.numbers.iter().any(|&i| !value::is_plain(CellKind::Number, row.field_bytes(i)))
            || self.other.iter().any(|&(i, kind)| looks_closer(row.field_bytes(i), kind))
    }
}

impl CellPlan {
    pub(super) fn plan(columns: &[FileColumn], responses: &Responses, export: &Export, missing: &[String]) -> CellPlan {
        let coded = |c: usize| matches!(export.value_labels.get(columns[c].index), Some(Some(_)));
        let (read, rest): (Vec<usize>, Vec<usize>) =
            (0..columns.len()).partition(|&c| responses.holds(columns[c].target) || coded(c));
        // A run's 0s and 1s read as themselves unless a missing code is one of them (or empty), and
        // unless the column's values are coded.
        let plain = !missing.iter().any(|m| matches!(m.as_str(), "" | "0" | "1"));
        let entry = |c: usize| {
            let kind = columns[c].cell;
            let run_kind = if plain && !coded(c) { kind } else { CellKind::Text };
            ((c, columns[c].index, kind), run_kind)
        };
        let (read, read_kinds): (Vec<_>, Vec<_>) = read.into_iter().map(entry).unzip();
        let (glance, glance_kinds): (Vec<_>, Vec<_>) = rest.into_iter().map(entry).unzip();
        let read_runs = runs(&read, &read_kinds);
        let runs = runs(&glance, &glance_kinds);
        let (tick_runs, other): (Vec<Run>, Vec<Run>) = runs.iter().cloned().partition(|run| run.ticks);
        let singles =
            Singles::new(other.iter().flat_map(|run| &glance[run.cells.clone()]).map(|&(_, i, kind)| (i, kind)));
        CellPlan { read, read_runs, glance, runs, tick_runs, singles }
    }

    /// Whether a cell looked at but not read is to be read after all ([`CellPlan::to_read`]): the
    /// single columns first, each in a loop of its own kind-by-kind test, then the runs of ticks.
    fn look(&self, row: &Row) -> bool {
        self.singles.look(row)
            || self
                .tick_runs
                .iter()
                .any(|run| !run.plain(row) && self.glance[run.cells.clone()].iter().any(|c| read_after_all(row, c)))
    }

    /// The answer columns whose cells in `row` are looked at but not read, and are to be read after
    /// all: not plain, or starting like a formula. A run of ticks that is plain has none.
    pub(super) fn to_read<'r>(&'r self, row: &'r Row<'_>) -> impl Iterator<Item = usize> + 'r {
        let runs = self.runs.iter().filter(move |run| !run.plain(row));
        runs.flat_map(move |run| {
            self.glance[run.cells.clone()].iter().filter(move |c| read_after_all(row, c)).map(|&(c, ..)| c)
        })
    }
}

/// Whether a cell looked at (an entry of [`CellPlan::glance`]) is to be read after all.
fn read_after_all(row: &Row, &(_, index, kind): &(usize, usize, CellKind)) -> bool {
    looks_closer(row.field_bytes(index), kind)
}

/// Whether a cell `b` of `kind`, looked at but not read, is to be read after all: not plain, or
/// starting like a formula.
#[inline]
fn looks_closer(b: &[u8], kind: CellKind) -> bool {
    !value::is_plain(kind, b) || crate::output::starts_like_formula(b)
}

/// `cells` in runs of tick columns side by side in the file (`kinds`: how each may be run).
fn runs(cells: &[(usize, usize, CellKind)], kinds: &[CellKind]) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for (i, (&(_, index, _), &kind)) in cells.iter().zip(kinds).enumerate() {
        match runs.last_mut() {
            Some(r) if kind == CellKind::Tick && r.ticks && r.fields.1 + 1 == index => {
                r.cells.end = i + 1;
                r.fields.1 = index;
            }
            _ => runs.push(Run { cells: i..i + 1, fields: (index, index), ticks: kind == CellKind::Tick }),
        }
    }
    runs
}

/// Columns side by side in the file.
#[derive(Debug, Clone)]
pub(super) struct Run {
    /// Their entries in the plan's `read` or `glance`.
    pub(super) cells: std::ops::Range<usize>,
    /// The file's first and last of them.
    fields: (usize, usize),
    /// Whether they are all tick columns.
    ticks: bool,
}

impl Run {
    /// Whether every cell of a run of tick columns is plain for certain: each empty, `0` or `1`
    /// ([`Row::binary`]). A `false` is only "look cell by cell".
    pub(super) fn plain(&self, row: &Row) -> bool {
        self.ticks && row.binary(self.fields.0, self.fields.1)
    }
}
