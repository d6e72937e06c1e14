//! What reading saw of a file beyond its kept answers: the rows of each reporting year, the centres
//! no rule let in, and the answers in the columns that are not read. Diagnostics are said from it
//! (a year without a period, a column not read), and `inspect --draft-config` drafts from it.

use crate::read::value;
use crate::schema::{matching, CellKind};
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Default)]
pub struct Seen {
    /// The rows of each reporting year that are not excluded.
    pub(crate) years: BTreeMap<i32, YearRows>,
    /// The names, as written, of rows rejected for their centre: each name and year once, in the
    /// order first met.
    pub(crate) centres: Vec<CentreSeen>,
    /// Where each name (by [`matching::name_key`]) and year stands in `centres`: a file of a new
    /// year may turn every row away.
    centre_index: HashMap<(String, i32), usize>,
    /// The answers in each column (by index) whose answers are not read.
    pub(crate) unread: Vec<Unread>,
}

/// The rows of one reporting year in a file (those not excluded): how many, the first and last line.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct YearRows {
    pub(crate) rows: usize,
    pub(crate) first: usize,
    pub(crate) last: usize,
}

impl YearRows {
    pub(crate) fn see(&mut self, line: usize) {
        if self.rows == 0 {
            self.first = line;
        }
        self.rows += 1;
        self.last = line;
    }
}

/// A centre as a rejected row writes it: a name no centre has (`centre` none), or a known centre
/// (index) that was not a development centre in `year`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CentreSeen {
    pub(crate) written: String,
    pub(crate) year: i32,
    pub(crate) centre: Option<usize>,
    pub(crate) rows: usize,
    pub(crate) line: usize,
}

/// The answers of a column that is not read: how many, and how many of them read as a number and as
/// Ja/Nei. Never the answers themselves (the column may hold personal data).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Unread {
    pub(crate) answers: usize,
    pub(crate) numbers: usize,
    pub(crate) yes_no: usize,
}

impl Seen {
    pub(crate) fn new(columns: usize) -> Seen {
        Seen { unread: vec![Unread::default(); columns], ..Seen::default() }
    }

    /// Notes a row rejected for its centre.
    pub(crate) fn centre(&mut self, written: &str, year: i32, centre: Option<usize>, line: usize) {
        let i = *self.centre_index.entry((matching::name_key(written), year)).or_insert(self.centres.len());
        match self.centres.get_mut(i) {
            Some(c) => c.rows += 1,
            None => self.centres.push(CentreSeen { written: written.trim().to_string(), year, centre, rows: 1, line }),
        }
    }

    /// Notes a cell of column `c`, which is not read (the missing codes are no answer).
    pub(crate) fn unread_cell(&mut self, c: usize, raw: &str, missing: &[String]) {
        let v = raw.trim();
        if v.is_empty() || missing.iter().any(|m| m == v) {
            return;
        }
        let u = &mut self.unread[c];
        u.answers += 1;
        let number = value::parse(CellKind::Number, v, None, missing);
        u.numbers += usize::from(number.value.is_some() && number.note.is_none());
        u.yes_no += usize::from(matches!(matching::key(v).as_str(), "ja" | "nei"));
    }
}
