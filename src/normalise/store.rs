//! The normalised responses as typed columns: one row per kept response, a column per schema target
//! (a measure, or one option of a choice), written cell by cell as the exports are read and never
//! copied row by row. [`crate::frame`] hands the columns to the DataFrame library; [`crate::normalise::long`] derives the long
//! normalised table from them.
//!
//! The cells as written are not kept here: the long table reads them from [`crate::normalise::raw`].

use crate::schema::{CellKind, Kind};

/// What a column for a measure of `kind` holds of a cell read as `value` and `text` (what
/// [`Values::value`] and [`Values::text_at`] give back): the number; 1/0 for Ja/Nei and ticks; the
/// text of text and lists.
pub(crate) fn held(kind: Kind, value: Option<f64>, text: Option<&str>) -> (Option<f64>, Option<&str>) {
    match kind {
        Kind::Number => (value, None),
        Kind::Boolean | Kind::Choice => (value.map(|v| f64::from(u8::from(v == 1.0))), None),
        Kind::Text | Kind::List => (None, text),
    }
}

/// A bit per row, in Arrow's layout (bit `i` of byte `i / 8`, least significant first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Bits {
    bytes: Vec<u8>,
    len: usize,
}

impl Bits {
    pub(crate) fn push(&mut self, bit: bool) {
        if self.len % 8 == 0 {
            self.bytes.push(0);
        }
        if bit {
            self.bytes[self.len / 8] |= 1 << (self.len % 8);
        }
        self.len += 1;
    }

    pub(crate) fn get(&self, i: usize) -> bool {
        self.bytes[i / 8] & (1 << (i % 8)) != 0
    }

    pub(crate) fn set(&mut self, i: usize, bit: bool) {
        if bit {
            self.bytes[i / 8] |= 1 << (i % 8);
        } else {
            self.bytes[i / 8] &= !(1 << (i % 8));
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn truncate(&mut self, len: usize) {
        if len < self.len {
            self.len = len;
            self.bytes.truncate(len.div_ceil(8));
            if len % 8 != 0 {
                self.bytes[len / 8] &= (1u8 << (len % 8)) - 1;
            }
        }
    }

    /// The bits whose `keep` is true, in order.
    fn retain(&mut self, keep: &[bool]) {
        let mut out = Bits::default();
        for (i, &k) in keep.iter().enumerate() {
            if k {
                out.push(self.get(i));
            }
        }
        *self = out;
    }

    /// The bytes and the number of bits, for [`crate::frame`].
    pub(crate) fn into_parts(self) -> (Vec<u8>, usize) {
        (self.bytes, self.len)
    }
}

/// One typed column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Values {
    /// Numbers (`valid` false: unanswered or unreadable).
    Number { values: Vec<f64>, valid: Bits },
    /// Ja/Nei and ticks: 1/0.
    Flag { values: Bits, valid: Bits },
    /// Free text, or a list's items joined by "; ": `ends[i]` is where row `i`'s text ends in `text`.
    Text { text: String, ends: Vec<usize>, valid: Bits },
}

impl Values {
    /// An empty column for a measure of `kind`.
    pub(crate) fn of(kind: Kind) -> Values {
        match kind {
            Kind::Number => Values::number(),
            Kind::Boolean | Kind::Choice => Values::flag(),
            Kind::Text | Kind::List => Values::text(),
        }
    }

    pub(crate) fn number() -> Values {
        Values::Number { values: Vec::new(), valid: Bits::default() }
    }

    pub(crate) fn flag() -> Values {
        Values::Flag { values: Bits::default(), valid: Bits::default() }
    }

    pub(crate) fn text() -> Values {
        Values::Text { text: String::new(), ends: Vec::new(), valid: Bits::default() }
    }

    pub(crate) fn len(&self) -> usize {
        match self {
            Values::Number { valid, .. } | Values::Flag { valid, .. } | Values::Text { valid, .. } => valid.len(),
        }
    }

    /// Appends a cell: a number or 1/0 in `value`, text in `text`, neither for an empty cell.
    pub(crate) fn push(&mut self, value: Option<f64>, text: Option<&str>) {
        match self {
            Values::Number { values, valid } => {
                values.push(value.unwrap_or(0.0));
                valid.push(value.is_some());
            }
            Values::Flag { values, valid } => {
                values.push(value == Some(1.0));
                valid.push(value.is_some());
            }
            Values::Text { text: all, ends, valid } => {
                all.push_str(text.unwrap_or(""));
                ends.push(all.len());
                valid.push(text.is_some());
            }
        }
    }

    /// Replaces row `row`'s cell (a correction), as [`Values::push`] would have written it.
    pub(crate) fn set(&mut self, row: usize, value: Option<f64>, text: Option<&str>) {
        match self {
            Values::Number { values, valid } => {
                values[row] = value.unwrap_or(0.0);
                valid.set(row, value.is_some());
            }
            Values::Flag { values, valid } => {
                values.set(row, value == Some(1.0));
                valid.set(row, value.is_some());
            }
            Values::Text { .. } => {
                let old = std::mem::replace(self, Values::text());
                for r in 0..old.len() {
                    self.push(None, if r == row { text } else { old.text_at(r) });
                }
            }
        }
    }

    pub(crate) fn value(&self, row: usize) -> Option<f64> {
        match self {
            Values::Number { values, valid } => valid.get(row).then(|| values[row]),
            Values::Flag { values, valid } => valid.get(row).then(|| f64::from(u8::from(values.get(row)))),
            Values::Text { .. } => None,
        }
    }

    pub(crate) fn text_at(&self, row: usize) -> Option<&str> {
        match self {
            Values::Text { text, ends, valid } if valid.get(row) => {
                Some(&text[if row == 0 { 0 } else { ends[row - 1] }..ends[row]])
            }
            _ => None,
        }
    }

    fn truncate(&mut self, len: usize) {
        match self {
            Values::Number { values, valid } => {
                values.truncate(len);
                valid.truncate(len);
            }
            Values::Flag { values, valid } => {
                values.truncate(len);
                valid.truncate(len);
            }
            Values::Text { text, ends, valid } => {
                ends.truncate(len);
                text.truncate(ends.last().copied().unwrap_or(0));
                valid.truncate(len);
            }
        }
    }

    fn retain(&mut self, keep: &[bool]) {
        match self {
            Values::Number { values, valid } => {
                let mut i = 0;
                values.retain(|_| (keep[i], i += 1).0);
                valid.retain(keep);
            }
            Values::Flag { values, valid } => {
                values.retain(keep);
                valid.retain(keep);
            }
            Values::Text { .. } => {
                let old = std::mem::replace(self, Values::text());
                for (row, &k) in keep.iter().enumerate() {
                    if k {
                        self.push(None, old.text_at(row));
                    }
                }
            }
        }
    }
}

/// An answer column of one file: the target it feeds and how its cells are written.
#[derive(Debug, Clone)]
pub(crate) struct FileColumn {
    pub(crate) target: usize,
    /// 0-based column index in the file.
    pub(crate) index: usize,
    /// The column's header (an EFS column's variable name), for the `column` field.
    pub(crate) name: String,
    pub(crate) cell: CellKind,
    /// The option's label as the export writes it (a tick may hold it).
    pub(crate) label: Option<String>,
}

/// One input file as the responses refer to it.
#[derive(Debug, Clone, Default)]
pub(crate) struct FileColumns {
    pub(crate) path: String,
    pub(crate) columns: Vec<FileColumn>,
}

/// The responses read so far: key columns, and one typed column per schema target that was asked for.
#[derive(Debug, Clone, Default)]
pub struct Responses {
    pub(crate) year: Vec<i32>,
    /// Index into the schema's centres.
    pub(crate) centre: Vec<u32>,
    /// Index into `files`.
    pub(crate) file: Vec<u32>,
    /// The line the response starts on.
    pub(crate) line: Vec<u32>,
    /// One column per schema target; `None` for a target not read (see [`Projection`]).
    pub(crate) answers: Vec<Option<Values>>,
    pub(crate) files: Vec<FileColumns>,
    /// The targets held as columns.
    held: Vec<usize>,
}

/// Where the rows of one file begin, to undo a file that has to be read again.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Checkpoint(usize);

impl Checkpoint {
    /// The number of responses there were.
    pub(crate) fn len(&self) -> usize {
        self.0
    }
}

/// What to hold of the kept responses: which schema targets as typed columns (all of them, or those a
/// report needs), and whether every answer cell as written too, for the long table ([`crate::normalise::raw`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Projection {
    targets: Vec<bool>,
    cells: bool,
}

impl Projection {
    pub fn all(targets: usize) -> Projection {
        Projection { targets: vec![true; targets], cells: false }
    }

    pub(crate) fn only(targets: usize, wanted: impl IntoIterator<Item = usize>) -> Projection {
        let mut p = vec![false; targets];
        for t in wanted {
            p[t] = true;
        }
        Projection { targets: p, cells: false }
    }

    /// The same, and every answer cell as written.
    pub fn with_cells(self) -> Projection {
        Projection { cells: true, ..self }
    }

    pub(crate) fn contains(&self, target: usize) -> bool {
        self.targets[target]
    }

    /// Whether every answer cell is kept as written.
    pub(crate) fn cells(&self) -> bool {
        self.cells
    }

    /// What reading holds for it: a theme's measure instead of the theme, which is computed from
    /// the answers once they are a frame (`read_target`: a target's read target).
    pub(crate) fn reading(&self, read_target: impl Fn(usize) -> usize) -> Projection {
        let mut targets = vec![false; self.targets.len()];
        for t in (0..self.targets.len()).filter(|&t| self.targets[t]) {
            targets[read_target(t)] = true;
        }
        Projection { targets, cells: self.cells }
    }
}

impl Responses {
    /// An empty store for `kinds` (each target's column kind), holding the projected targets.
    pub(crate) fn new(kinds: &[Values], projection: &Projection) -> Responses {
        Responses {
            answers: kinds.iter().enumerate().map(|(t, v)| projection.contains(t).then(|| v.clone())).collect(),
            held: (0..kinds.len()).filter(|&t| projection.contains(t)).collect(),
            ..Responses::default()
        }
    }

    pub fn len(&self) -> usize {
        self.year.len()
    }

    pub fn is_empty(&self) -> bool {
        self.year.is_empty()
    }

    /// Whether `target` is held as a column (see [`Projection`]).
    pub(crate) fn holds(&self, target: usize) -> bool {
        self.answers[target].is_some()
    }

    pub(crate) fn checkpoint(&self) -> Checkpoint {
        Checkpoint(self.len())
    }

    /// Forgets every row added since `cp`.
    pub(crate) fn rollback(&mut self, cp: Checkpoint) {
        let n = cp.0;
        self.year.truncate(n);
        self.centre.truncate(n);
        self.file.truncate(n);
        self.line.truncate(n);
        for v in self.answers.iter_mut().flatten() {
            v.truncate(n);
        }
    }

    /// Starts a row; its answers follow with [`Responses::answer`] and [`Responses::finish_row`].
    pub(crate) fn start_row(&mut self, year: i32, centre: usize, file: usize, line: usize) {
        self.year.push(year);
        self.centre.push(centre as u32);
        self.file.push(file as u32);
        self.line.push(line as u32);
    }

    /// The current row's cell for `target`: its value and text as read.
    pub(crate) fn answer(&mut self, target: usize, value: Option<f64>, text: Option<&str>) {
        if let Some(values) = self.answers[target].as_mut() {
            values.push(value, text);
        }
    }

    /// Fills the targets the current row's file has no column for with empty cells.
    pub(crate) fn finish_row(&mut self) {
        let len = self.len();
        for &t in &self.held {
            let v = self.answers[t].as_mut().expect("a held target has a column");
            if v.len() < len {
                v.push(None, None);
            }
        }
    }

    /// Replaces row `row`'s cell for `target`, when that target is held.
    pub(crate) fn set(&mut self, row: usize, target: usize, value: Option<f64>, text: Option<&str>) {
        if let Some(values) = self.answers[target].as_mut() {
            values.set(row, value, text);
        }
    }

    /// Keeps the rows whose `keep` is true (superseded resubmissions go).
    pub(crate) fn retain(&mut self, keep: &[bool]) {
        fn filter<T>(v: &mut Vec<T>, keep: &[bool]) {
            let mut i = 0;
            v.retain(|_| (keep[i], i += 1).0);
        }
        filter(&mut self.year, keep);
        filter(&mut self.centre, keep);
        filter(&mut self.file, keep);
        filter(&mut self.line, keep);
        for v in self.answers.iter_mut().flatten() {
            v.retain(keep);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_push_truncate_and_retain() {
        let mut b = Bits::default();
        for i in 0..20 {
            b.push(i % 3 == 0);
        }
        assert!(b.get(0) && !b.get(1) && b.get(18));
        b.truncate(10);
        assert_eq!(b.len(), 10);
        b.push(true);
        assert!(b.get(10));
        let keep: Vec<bool> = (0..11).map(|i| i % 2 == 0).collect();
        b.retain(&keep);
        assert_eq!((0..b.len()).map(|i| b.get(i)).collect::<Vec<_>>(), [true, false, false, true, false, true]);
    }

    #[test]
    fn a_column_gives_back_what_it_holds_of_a_cell() {
        let cells =
            [(Some(12.5), None), (Some(1.0), None), (Some(0.0), Some("Nei")), (None, Some("Tekst")), (None, None)];
        for kind in [Kind::Number, Kind::Boolean, Kind::Choice, Kind::Text, Kind::List] {
            let mut v = Values::of(kind);
            for &(value, text) in &cells {
                v.push(value, text);
            }
            for (row, &(value, text)) in cells.iter().enumerate() {
                assert_eq!((v.value(row), v.text_at(row)), held(kind, value, text), "{kind:?}, row {row}");
            }
        }
        assert_eq!(held(Kind::Boolean, Some(1.0), None), (Some(1.0), None));
        assert_eq!(held(Kind::Number, Some(3.0), Some("3")), (Some(3.0), None));
        assert_eq!(held(Kind::List, None, Some("a; b")), (None, Some("a; b")));
    }

    #[test]
    fn superseded_rows_go_from_every_column() {
        let mut r = Responses::new(&[Values::number(), Values::flag(), Values::text()], &Projection::all(3));
        r.start_row(2017, 0, 0, 2);
        r.answer(0, Some(12.0), None);
        r.answer(1, Some(1.0), None);
        r.answer(2, None, Some("Tekst"));
        r.finish_row();
        r.start_row(2017, 1, 0, 3);
        r.answer(0, Some(20.0), None);
        r.finish_row();
        r.set(0, 0, Some(7.0), None);
        r.set(0, 1, None, None);
        r.set(0, 2, None, Some("Rettet"));
        let at = |t: usize| r.answers[t].as_ref().unwrap();
        assert_eq!((at(0).value(0), at(1).value(0), at(2).text_at(0)), (Some(7.0), None, Some("Rettet")));
        assert_eq!((at(0).value(1), at(2).text_at(1)), (Some(20.0), None));
        r.retain(&[false, true]);
        assert_eq!((r.len(), r.centre[0], r.line[0]), (1, 1, 3));
        let at = |t: usize| r.answers[t].as_ref().unwrap();
        assert_eq!((at(0).value(0), at(1).value(0), at(2).text_at(0)), (Some(20.0), None, None));
    }
}
