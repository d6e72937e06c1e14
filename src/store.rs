//! The normalised responses as typed columns: one row per kept response, a column per schema target
//! (a measure, or one option of a choice), written cell by cell as the exports are read and never
//! copied row by row. [`crate::frame`] hands the columns to the DataFrame library; [`crate::long`] derives the long
//! normalised table from them.
//!
//! A cell's raw text is kept only where it differs from its value written plainly (`ca. 12`, ` 12 `,
//! `-77`, a tick written `X` where the column's other ticks are `1`): everything else is derived.

use crate::schema::CellKind;
use crate::table::number;
use std::borrow::Cow;

/// A bit per row, in Arrow's layout (bit `i` of byte `i / 8`, least significant first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bits {
    bytes: Vec<u8>,
    len: usize,
}

impl Bits {
    pub fn push(&mut self, bit: bool) {
        if self.len % 8 == 0 {
            self.bytes.push(0);
        }
        if bit {
            self.bytes[self.len / 8] |= 1 << (self.len % 8);
        }
        self.len += 1;
    }

    pub fn get(&self, i: usize) -> bool {
        self.bytes[i / 8] & (1 << (i % 8)) != 0
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn truncate(&mut self, len: usize) {
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
    pub fn into_parts(self) -> (Vec<u8>, usize) {
        (self.bytes, self.len)
    }
}

/// One typed column.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    /// Numbers (`valid` false: unanswered or unreadable).
    Number { values: Vec<f64>, valid: Bits },
    /// Ja/Nei and ticks: 1/0.
    Flag { values: Bits, valid: Bits },
    /// Free text, or a list's items joined by "; ": `ends[i]` is where row `i`'s text ends in `text`.
    Text { text: String, ends: Vec<usize>, valid: Bits },
}

impl Values {
    pub fn number() -> Values {
        Values::Number { values: Vec::new(), valid: Bits::default() }
    }

    pub fn flag() -> Values {
        Values::Flag { values: Bits::default(), valid: Bits::default() }
    }

    pub fn text() -> Values {
        Values::Text { text: String::new(), ends: Vec::new(), valid: Bits::default() }
    }

    pub fn len(&self) -> usize {
        match self {
            Values::Number { valid, .. } | Values::Flag { valid, .. } | Values::Text { valid, .. } => valid.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Appends a cell: a number or 1/0 in `value`, text in `text`, neither for an empty cell.
    pub fn push(&mut self, value: Option<f64>, text: Option<&str>) {
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

    pub fn value(&self, row: usize) -> Option<f64> {
        match self {
            Values::Number { values, valid } => valid.get(row).then(|| values[row]),
            Values::Flag { values, valid } => valid.get(row).then(|| f64::from(u8::from(values.get(row)))),
            Values::Text { .. } => None,
        }
    }

    pub fn text_at(&self, row: usize) -> Option<&str> {
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

/// `0`, or digits not starting with 0, short enough to be exact: a whole number as [`number`] writes it.
fn is_plain_whole(raw: &str) -> bool {
    let b = raw.as_bytes();
    !b.is_empty() && b.len() <= 15 && b.iter().all(u8::is_ascii_digit) && (b[0] != b'0' || b.len() == 1)
}

/// A cell whose raw text differs from its value written plainly.
#[derive(Debug, Clone, PartialEq)]
pub struct Raw {
    pub row: u32,
    pub text: Box<str>,
    /// Why the cell was not read as written (`approximate`, `range` …), if it was not.
    pub note: Option<&'static str>,
}

/// An answer column of one file: the target it feeds and how its cells are written.
#[derive(Debug, Clone)]
pub struct FileColumn {
    pub target: usize,
    /// 0-based column index in the file.
    pub index: usize,
    /// The column's header (an EFS column's variable name), for the `column` field.
    pub name: String,
    pub cell: CellKind,
    /// The option's label as the export writes it (a tick may hold it).
    pub label: Option<String>,
    /// How this column writes 0 and 1 (its first cell of each), for ticks and Ja/Nei.
    pub flags: [Option<Box<str>>; 2],
}

/// One input file as the responses refer to it.
#[derive(Debug, Clone, Default)]
pub struct FileColumns {
    pub path: String,
    pub columns: Vec<FileColumn>,
}

/// The responses read so far: key columns, one typed column per schema target that was asked for,
/// and the raw cells that differ from their values.
#[derive(Debug, Clone, Default)]
pub struct Responses {
    pub year: Vec<i32>,
    /// Index into the schema's centres.
    pub centre: Vec<u32>,
    /// Index into `files`.
    pub file: Vec<u32>,
    /// The line the response starts on.
    pub line: Vec<u32>,
    /// The completion time, for ordering resubmissions (`i64::MIN`: none).
    pub completed: Vec<i64>,
    /// One column per schema target; `None` for a target not read (see [`Projection`]).
    pub answers: Vec<Option<Values>>,
    /// Per target, the cells whose raw text differs from their value, by row.
    pub raws: Vec<Vec<Raw>>,
    pub files: Vec<FileColumns>,
    /// The targets held as columns.
    held: Vec<usize>,
}

/// Where the rows of one file begin, to undo a file that has to be read again.
#[derive(Debug, Clone, Copy)]
pub struct Checkpoint(usize);

/// Which schema targets to hold as columns: all of them, or those a report needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Projection(Vec<bool>);

impl Projection {
    pub fn all(targets: usize) -> Projection {
        Projection(vec![true; targets])
    }

    pub fn only(targets: usize, wanted: impl IntoIterator<Item = usize>) -> Projection {
        let mut p = vec![false; targets];
        for t in wanted {
            p[t] = true;
        }
        Projection(p)
    }

    pub fn contains(&self, target: usize) -> bool {
        self.0[target]
    }
}

impl Responses {
    /// An empty store for `kinds` (each target's column kind), holding the projected targets.
    pub fn new(kinds: &[Values], projection: &Projection) -> Responses {
        Responses {
            answers: kinds.iter().enumerate().map(|(t, v)| projection.contains(t).then(|| v.clone())).collect(),
            raws: vec![Vec::new(); kinds.len()],
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
    pub fn holds(&self, target: usize) -> bool {
        self.answers[target].is_some()
    }

    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint(self.len())
    }

    /// Forgets every row added since `cp`.
    pub fn rollback(&mut self, cp: Checkpoint) {
        let n = cp.0;
        self.year.truncate(n);
        self.centre.truncate(n);
        self.file.truncate(n);
        self.line.truncate(n);
        self.completed.truncate(n);
        for v in self.answers.iter_mut().flatten() {
            v.truncate(n);
        }
        for raws in &mut self.raws {
            raws.retain(|r| (r.row as usize) < n);
        }
    }

    /// Starts a row; its answers follow with [`Responses::answer`] and [`Responses::finish_row`].
    pub fn start_row(&mut self, year: i32, centre: usize, file: usize, line: usize, completed: i64) {
        self.year.push(year);
        self.centre.push(centre as u32);
        self.file.push(file as u32);
        self.line.push(line as u32);
        self.completed.push(completed);
    }

    /// The current row's cell of file column `fc`: its value and text as read, its raw text, and
    /// the note when it was not read as written.
    pub fn answer(
        &mut self,
        fc: &mut FileColumn,
        value: Option<f64>,
        text: Option<&str>,
        raw: &str,
        note: Option<&'static str>,
    ) {
        let Some(values) = self.answers[fc.target].as_mut() else { return };
        values.push(value, text);
        let plain = match value {
            Some(v) if matches!(values, Values::Flag { .. }) => {
                let slot = &mut fc.flags[usize::from(v == 1.0)];
                Cow::Borrowed(&**slot.get_or_insert_with(|| raw.into()))
            }
            // Digits without a leading zero are how the number writes itself; no need to write it.
            Some(_) if is_plain_whole(raw) => Cow::Borrowed(raw),
            Some(v) => Cow::Owned(number(v)),
            None => Cow::Borrowed(text.unwrap_or("")),
        };
        if plain != raw || note.is_some() {
            let row = (self.year.len() - 1) as u32;
            self.raws[fc.target].push(Raw { row, text: raw.into(), note });
        }
    }

    /// Fills the targets the current row's file has no column for with empty cells.
    pub fn finish_row(&mut self) {
        let len = self.len();
        for &t in &self.held {
            let v = self.answers[t].as_mut().expect("a held target has a column");
            if v.len() < len {
                v.push(None, None);
            }
        }
    }

    /// The raw text of `row`'s cell for `target`, and its note: the stored exception, or the value
    /// written plainly.
    pub fn raw<'a>(&'a self, target: usize, row: usize, fc: &'a FileColumn) -> (Cow<'a, str>, Option<&'static str>) {
        let raws = &self.raws[target];
        if let Ok(i) = raws.binary_search_by_key(&(row as u32), |r| r.row) {
            return (Cow::Borrowed(&raws[i].text), raws[i].note);
        }
        let values = self.answers[target].as_ref().expect("a target that was read");
        let plain = match (values, values.value(row)) {
            (Values::Flag { .. }, Some(v)) => Cow::Borrowed(fc.flags[usize::from(v == 1.0)].as_deref().unwrap_or("")),
            (_, Some(v)) => Cow::Owned(number(v)),
            (_, None) => Cow::Borrowed(values.text_at(row).unwrap_or("")),
        };
        (plain, None)
    }

    /// Keeps the rows whose `keep` is true (superseded resubmissions go), renumbering the raw cells.
    pub fn retain(&mut self, keep: &[bool]) {
        let mut new_index = Vec::with_capacity(keep.len());
        let mut next = 0u32;
        for &k in keep {
            new_index.push(next);
            next += u32::from(k);
        }
        fn filter<T>(v: &mut Vec<T>, keep: &[bool]) {
            let mut i = 0;
            v.retain(|_| (keep[i], i += 1).0);
        }
        filter(&mut self.year, keep);
        filter(&mut self.centre, keep);
        filter(&mut self.file, keep);
        filter(&mut self.line, keep);
        filter(&mut self.completed, keep);
        for v in self.answers.iter_mut().flatten() {
            v.retain(keep);
        }
        for raws in &mut self.raws {
            raws.retain(|r| keep[r.row as usize]);
            for r in raws.iter_mut() {
                r.row = new_index[r.row as usize];
            }
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
    fn raw_text_is_kept_only_where_it_differs_from_the_value() {
        let mut r = Responses::new(&[Values::number(), Values::flag(), Values::text()], &Projection::all(3));
        let mut cols: Vec<FileColumn> = (0..3)
            .map(|t| FileColumn {
                target: t,
                index: t,
                name: format!("c{t}"),
                cell: CellKind::Number,
                label: None,
                flags: [None, None],
            })
            .collect();
        r.start_row(2017, 0, 0, 2, 0);
        r.answer(&mut cols[0], Some(12.0), None, "12", None);
        r.answer(&mut cols[1], Some(1.0), None, "X", None);
        r.answer(&mut cols[2], None, Some("Tekst"), "Tekst", None);
        r.start_row(2017, 1, 0, 3, 0);
        r.answer(&mut cols[0], Some(20.0), None, "ca. 20", Some("approximate"));
        r.answer(&mut cols[1], Some(1.0), None, "Ja", None);
        r.finish_row();
        assert_eq!(r.raws.iter().map(Vec::len).collect::<Vec<_>>(), [1, 1, 0]);
        assert_eq!(r.raw(0, 0, &cols[0]).0, "12");
        assert_eq!(r.raw(0, 1, &cols[0]), (Cow::Borrowed("ca. 20"), Some("approximate")));
        assert_eq!(r.raw(1, 0, &cols[1]).0, "X");
        assert_eq!(r.raw(1, 1, &cols[1]).0, "Ja");
        assert_eq!(r.raw(2, 1, &cols[2]).0, "");
        r.retain(&[false, true]);
        assert_eq!((r.len(), r.raw(0, 0, &cols[0]).0.as_ref()), (1, "ca. 20"));
        assert_eq!(r.answers[2].as_ref().unwrap().text_at(0), None);
    }
}
