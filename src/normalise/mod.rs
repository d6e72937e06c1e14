//! **Stage 2: records → the normalised responses.** Takes the exports that [`crate::read`] opens
//! and the corrections in force; hands on a [`Dataset`]: every row's fate (**kept**, **excluded** or
//! **rejected**, [`verdict`]), the kept responses as typed columns ([`store`]), their cells as
//! written ([`raw`]) for the long table ([`long`]), and every problem found. Must never aggregate or
//! format for output, and never lose a row or a cell without a diagnostic.
//!
//! Every row of every file is read once, as it streams past ([`load`]); every answer cell of a kept
//! row is written straight into the typed columns. Once every file is read, the responses are
//! settled: copies, drops, resubmissions (of the kept responses for one centre and year, the one
//! completed last stays) and corrections.

pub mod long;
mod prepare;
#[cfg(test)]
mod properties;
pub mod raw;
mod reading;
pub mod seen;
mod settle;
pub mod store;
pub(crate) mod verdict;

use crate::correct::apply::Decision;
use crate::correct::{Corrections, Status};
use crate::diagnostics::Diagnostics;
use crate::normalise::raw::RawCells;
use crate::output::progress::Progress;
use crate::read::input::Input;
use crate::read::Export;
use crate::schema::Schema;
use reading::Loader;
use serde::Serialize;
use store::{Projection, Responses};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub read: usize,
    pub kept: usize,
    pub excluded: usize,
    pub rejected: usize,
}

/// One input file: what was read of it, and its row accounting.
#[derive(Debug, Clone)]
pub struct FileSummary {
    pub(crate) path: String,
    /// `None` when the file could not be read at all (see the diagnostics).
    pub export: Option<Export>,
    pub counts: Counts,
    /// Its years, the centres turned away and the answers not read.
    pub seen: seen::Seen,
}

/// Everything read from a set of inputs.
#[derive(Debug)]
pub struct Dataset {
    pub files: Vec<FileSummary>,
    /// The kept responses.
    pub responses: Responses,
    /// Their answer cells as written, a response for each, when the projection asked for them.
    pub raw: Option<RawCells>,
    pub(crate) diagnostics: Diagnostics,
    /// The first and last reporting year of any row that has one (kept or not).
    pub(crate) years: Option<(i32, i32)>,
    /// The corrections in force, and what became of each (in the same order); a decision's
    /// `response` indexes `responses`, and is `None` for a dropped response.
    pub corrections: Corrections,
    pub decisions: Vec<Decision>,
    /// The config files that extend the built-in schema in this run (`friskliv.toml`).
    pub(crate) config: Vec<String>,
}

impl Dataset {
    pub(crate) fn totals(&self) -> Counts {
        self.files.iter().fold(Counts::default(), |a, f| Counts {
            read: a.read + f.counts.read,
            kept: a.kept + f.counts.kept,
            excluded: a.excluded + f.counts.excluded,
            rejected: a.rejected + f.counts.rejected,
        })
    }

    /// Whether a file of the user's changes what the exports say: a config file or a corrections file.
    pub(crate) fn has_files_in_force(&self) -> bool {
        !self.config.is_empty() || !self.corrections.path.is_empty()
    }

    /// "read 81 rows from 9 files: 78 kept, 3 excluded, 0 rejected", then the files in force: the
    /// config ("; config friskliv.toml") and what became of the corrections ("; corrections.toml: 2
    /// applied, 1 stale").
    pub(crate) fn summary(&self) -> String {
        let t = self.totals();
        let files = self.files.len();
        let mut s = format!(
            "read {} row{} from {files} file{}: {} kept, {} excluded, {} rejected",
            t.read,
            if t.read == 1 { "" } else { "s" },
            if files == 1 { "" } else { "s" },
            t.kept,
            t.excluded,
            t.rejected
        );
        if !self.config.is_empty() {
            s.push_str(&format!("; config {}", self.config.join(", ")));
        }
        if self.corrections.path.is_empty() {
            return s;
        }
        let mut said: Vec<String> = [Status::Applied, Status::Unchanged, Status::Stale, Status::Unmatched]
            .iter()
            .map(|&st| (st, self.decisions.iter().filter(|d| d.status == st).count()))
            .filter(|&(_, n)| n > 0)
            .map(|(st, n)| format!("{n} {}", st.as_str()))
            .collect();
        match self.corrections.accepted.len() {
            0 => {}
            n => said.push(format!("{n} [[accept]]")),
        }
        if said.is_empty() {
            said.push("no corrections".into());
        }
        s.push_str(&format!("; {}: {}", self.corrections.path, said.join(", ")));
        s
    }
}

/// Reads and normalises every input, holding the `projection`'s targets as columns, and the cells
/// as written when it asks for them (every cell is read and checked all the same); then settles
/// the responses and applies the `corrections` ([`settle`]).
pub fn load(inputs: &[Input], schema: &Schema, projection: &Projection, corrections: &Corrections) -> Dataset {
    load_showing(inputs, schema, projection, corrections, &Progress::off())
}

/// [`load`], counting the rows read on `progress`.
pub(crate) fn load_showing(
    inputs: &[Input],
    schema: &Schema,
    projection: &Projection,
    corrections: &Corrections,
    progress: &Progress,
) -> Dataset {
    load_in_batches(inputs, schema, projection, corrections, progress, prepare::BATCH_ROWS)
}

/// [`load_showing`], the records handed between threads `batch_rows` at a time (a file of fewer is
/// read on one thread): the tests compare one thread with four on small files.
pub(super) fn load_in_batches(
    inputs: &[Input],
    schema: &Schema,
    projection: &Projection,
    corrections: &Corrections,
    progress: &Progress,
    batch_rows: usize,
) -> Dataset {
    let mut loader = Loader::new(schema, projection, corrections, progress);
    loader.batch_rows = batch_rows.max(1);
    for (i, input) in inputs.iter().enumerate() {
        loader.file(i, input);
    }
    loader.settle()
}
