//! What an aggregation asks ([`Query`]) and what it gives back ([`Aggregate`], one row per group ×
//! target): the types [`crate::report`] plans with and [`crate::frame`] computes, so that
//! neither needs the other.

use crate::lang::Lang;
use crate::model::table::Cell;
use serde::Deserialize;

/// A key to group by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Key {
    Year,
    Period,
    Centre,
    Region,
    Task,
}

impl Key {
    /// The machine name of the key in outputs (and the normalised table's column).
    pub(crate) fn column(self) -> &'static str {
        match self {
            Key::Year => "year",
            Key::Period => "period",
            Key::Centre => "centre",
            Key::Region => "region",
            Key::Task => "task",
        }
    }

    pub(crate) fn header(self, lang: Lang) -> &'static str {
        match self {
            Key::Year => lang.pick("År", "Year"),
            Key::Period => lang.pick("Periode", "Period"),
            Key::Centre => lang.pick("Sentral", "Centre"),
            Key::Region => "Region",
            Key::Task => lang.pick("Oppgave", "Task"),
        }
    }
}

/// One aggregation over the kept responses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Query {
    /// The keys to group by, in order (may be empty: one group).
    pub(crate) keys: Vec<Key>,
    /// The schema targets to summarise.
    pub(crate) targets: Vec<usize>,
    /// Only these reporting years (inclusive).
    pub(crate) years: Option<(i32, i32)>,
    /// Only these centres (indices; after `lineage`); empty: all.
    pub(crate) centres: Vec<usize>,
    /// Count a predecessor under its successor.
    pub(crate) lineage: bool,
}

/// The statistics of one group × target. Which of them apply depends on the measure's kind: the
/// report fills `share` and leaves out what does not apply.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Aggregate {
    /// Key values in the query's order (`year` and `task` as integers; a total's is `Cell::Null`).
    pub(crate) keys: Vec<Cell>,
    /// A total over the first key.
    pub(crate) total: bool,
    pub(crate) measure: usize,
    pub(crate) option: Option<usize>,
    /// Responses with a value (a number, 1/0) or, for text and lists, with text.
    pub(crate) n: u64,
    pub(crate) sum: Option<f64>,
    pub(crate) mean: Option<f64>,
    pub(crate) min: Option<f64>,
    pub(crate) max: Option<f64>,
    /// `sum / n`, for Ja/Nei and options.
    pub(crate) share: Option<f64>,
    /// Distinct list items across the group.
    pub(crate) distinct: Option<u64>,
    /// Responses in the group that were asked any of the query's measures (of this target's task,
    /// when the query groups by task): what a cell's `n` is compared with.
    pub(crate) responses: u64,
}
