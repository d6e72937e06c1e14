//! The long normalised table: one row per kept response × measure × option its file has a column
//! for, sorted by year, centre, then the schema's order of measures and options. It is derived one
//! response at a time from the keys of [`Responses`] and the response's cells as written
//! ([`RawCells`], read back from disk), each cell read again as [`value::parse`] read it when the
//! response was kept. Nothing but the current response (or chunk, for Parquet) is held, so writing it
//! takes memory that does not grow with the rows written.

use crate::correct::apply::{self, Fix, Fixes};
use crate::model::table::{number, serialize_number};
use crate::normalise::raw::RawCells;
use crate::normalise::store::{self, FileColumn, Responses};
use crate::read::value;
use crate::schema::{Kind, Schema};
use anyhow::{Context, Result};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Write;

/// What a column of the long table holds, as the README's column table names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LongType {
    Integer,
    IntegerOrEmpty,
    NumberOrEmpty,
    Text,
    TextOrEmpty,
}

/// A column of the long table: its name, what it holds and what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LongColumn {
    pub(crate) name: &'static str,
    pub(crate) holds: LongType,
    pub(crate) meaning: &'static str,
}

const fn column(name: &'static str, holds: LongType, meaning: &'static str) -> LongColumn {
    LongColumn { name, holds, meaning }
}

/// The long table's columns, in order: the one declaration that CSV, JSON, Parquet, `sql`'s
/// `responses` and the README's column table (a test compares them) follow.
pub(crate) static COLUMNS: [LongColumn; 15] = [
    column("year", LongType::Integer, "the reporting year (reported on, not the year the form was answered)"),
    column("period", LongType::Text, "the agreement period, e.g. `2017–2019`"),
    column("centre", LongType::Text, "the centre's canonical name (`Senja`, also when the export says `Lenvik`)"),
    column("region", LongType::Text, "the health region"),
    column("task", LongType::IntegerOrEmpty, "1–9; empty for the grant, which is not a task"),
    column("measure", LongType::Text, "the measure's id (`friskliv schema` lists them)"),
    column("kind", LongType::Text, "`number`, `boolean`, `choice`, `text` or `list`"),
    column("option", LongType::TextOrEmpty, "the option's id, for a choice"),
    column(
        "value",
        LongType::NumberOrEmpty,
        "the number; 1/0 for Ja/Nei and ticked/unticked; empty when unanswered or unreadable",
    ),
    column("text", LongType::TextOrEmpty, "free text verbatim; a list's items joined by `; `"),
    column("raw", LongType::Text, "the cell as written"),
    column(
        "note",
        LongType::TextOrEmpty,
        "why the cell was not read as written: `approximate`, `range`, `not a number`, `ambiguous`, `fraction`, `negative`, `not Ja/Nei`, `not a tick`",
    ),
    column("source", LongType::Text, "`file:line` of the response"),
    column("column", LongType::Text, "the column's header (an EFS column's variable name)"),
    column(
        "correction",
        LongType::TextOrEmpty,
        "the id of the correction deciding the cell: `value` and `text` then come from its `new`, or are confirmed as read; `raw` stays the export's cell",
    ),
];

/// The names of [`COLUMNS`], in order.
pub(crate) fn column_names() -> [&'static str; 15] {
    COLUMNS.map(|c| c.name)
}

/// One row of the long table (the meaning of each field is its column's, in [`COLUMNS`]).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LongRow<'a> {
    pub(crate) year: i32,
    pub(crate) period: &'a str,
    pub(crate) centre: &'a str,
    pub(crate) region: &'a str,
    pub(crate) task: Option<u8>,
    pub(crate) measure: &'a str,
    pub(crate) kind: Kind,
    pub(crate) option: Option<&'a str>,
    pub(crate) value: Option<f64>,
    pub(crate) text: Option<&'a str>,
    pub(crate) raw: &'a str,
    pub(crate) note: Option<&'a str>,
    pub(crate) source: &'a str,
    pub(crate) column: &'a str,
    pub(crate) correction: Option<&'a str>,
    /// Numbers for the texts of `measure`, `kind`, `option` and `column`.
    pub(crate) ids: TextIds,
}

/// Numbers standing for a row's `measure`, `kind`, `option` and `column`, for a writer that keeps each
/// distinct text of a column once (Parquet's dictionaries) and would otherwise hash every row's
/// text: in each of these columns, two rows of one table have the same number exactly when they
/// have the same text. (`option`'s number means nothing when the row has no option.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct TextIds {
    pub(crate) measure: u32,
    pub(crate) kind: u32,
    pub(crate) option: u32,
    pub(crate) column: u32,
}

/// One cell of a long row, typed as its column's [`LongType`] says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum LongCell<'a> {
    Integer(Option<i32>),
    Number(Option<f64>),
    Text(Option<&'a str>),
}

impl<'a> LongCell<'a> {
    /// As a CSV field: empty for no value, numbers as [`number`] writes them.
    #[inline]
    fn field(self) -> Cow<'a, str> {
        match self {
            LongCell::Integer(n) => Cow::Owned(n.map(|n| n.to_string()).unwrap_or_default()),
            LongCell::Number(v) => Cow::Owned(v.map(number).unwrap_or_default()),
            LongCell::Text(t) => Cow::Borrowed(t.unwrap_or("")),
        }
    }
}

impl Serialize for LongCell<'_> {
    /// `null` for no value; a whole number as an integer (`12`, not `12.0`).
    #[inline]
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            LongCell::Integer(n) => n.serialize(s),
            LongCell::Number(v) => serialize_number(v, s),
            LongCell::Text(t) => t.serialize(s),
        }
    }
}

impl LongRow<'_> {
    /// The row's cells in the order of [`COLUMNS`].
    #[inline]
    pub(crate) fn cells(&self) -> [LongCell<'_>; 15] {
        use LongCell::{Integer, Number, Text};
        [
            Integer(Some(self.year)),
            Text(Some(self.period)),
            Text(Some(self.centre)),
            Text(Some(self.region)),
            Integer(self.task.map(i32::from)),
            Text(Some(self.measure)),
            Text(Some(self.kind.as_str())),
            Text(self.option),
            Number(self.value),
            Text(self.text),
            Text(Some(self.raw)),
            Text(self.note),
            Text(Some(self.source)),
            Text(Some(self.column)),
            Text(self.correction),
        ]
    }
}

impl Serialize for LongRow<'_> {
    /// An object with a key per column, in the order of [`COLUMNS`].
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut row = s.serialize_struct("LongRow", COLUMNS.len())?;
        for (column, cell) in COLUMNS.iter().zip(self.cells()) {
            row.serialize_field(column.name, &cell)?;
        }
        row.end()
    }
}

/// The kept responses in the table's order: by year, then centre.
pub(crate) fn order(r: &Responses, schema: &Schema) -> Vec<usize> {
    let mut rank: Vec<usize> = (0..schema.centres.len()).collect();
    rank.sort_by(|&a, &b| schema.centres[a].name.cmp(&schema.centres[b].name));
    let mut by_name = vec![0; rank.len()];
    for (position, &c) in rank.iter().enumerate() {
        by_name[c] = position;
    }
    let mut order: Vec<usize> = (0..r.len()).collect();
    // (file, line) is unique: an unstable sort gives the one order, without a scratch buffer.
    order.sort_unstable_by_key(|&i| (r.year[i], by_name[r.centre[i] as usize], r.file[i], r.line[i]));
    order
}

/// Calls `emit` with every row of the long table, in order.
pub(crate) fn for_each(
    r: &Responses,
    raw: &mut RawCells,
    fixes: &Fixes,
    schema: &Schema,
    mut emit: impl FnMut(&LongRow) -> Result<()>,
) -> Result<()> {
    let ids = text_ids(r, schema);
    // Each file's answer columns in the schema's order of targets.
    let by_target: Vec<Vec<usize>> = r
        .files
        .iter()
        .map(|f| {
            let mut cols: Vec<usize> = (0..f.columns.len()).collect();
            cols.sort_by_key(|&c| f.columns[c].target);
            cols
        })
        .collect();
    let mut buf = Vec::new();
    for i in order(r, schema) {
        let f = r.file[i] as usize;
        let year = r.year[i];
        let centre = &schema.centres[r.centre[i] as usize];
        let period = schema.period_of(year).map_or("", |p| p.label.as_str());
        let source = format!("{}:{}", r.files[f].path, r.line[i]);
        let cells = cells(raw, i, &mut buf)?;
        for &c in &by_target[f] {
            let fc = &r.files[f].columns[c];
            let (m, o) = schema.targets[fc.target];
            let measure = &schema.measures[m];
            let cell = cells[c];
            let fix = fixes.get(i, fc.target);
            let parsed = read(fc, cell, fix, schema);
            let (value, text) = store::held(measure.kind, parsed.value, parsed.text.as_deref());
            emit(&LongRow {
                year,
                period,
                centre: &centre.name,
                region: &centre.region,
                task: (measure.task != 0).then_some(measure.task),
                measure: &measure.id,
                kind: measure.kind,
                option: o.map(|o| measure.options[o].id.as_str()),
                value,
                text,
                raw: cell,
                note: parsed.note.as_ref().map(|n| n.tag.as_str()),
                source: &source,
                column: &fc.name,
                correction: fix.map(|f| f.id),
                ids: ids[f][c],
            })?;
        }
    }
    Ok(())
}

/// The [`TextIds`] of every file's columns, by file and column.
fn text_ids(r: &Responses, schema: &Schema) -> Vec<Vec<TextIds>> {
    let mut options = Numbering::default();
    let mut columns = Numbering::default();
    let mut ids = Vec::with_capacity(r.files.len());
    for file in &r.files {
        let of_file = file.columns.iter().map(|fc| {
            let (m, o) = schema.targets[fc.target];
            let measure = &schema.measures[m];
            TextIds {
                measure: m as u32,
                kind: measure.kind as u32,
                option: o.map_or(0, |o| options.number(&measure.options[o].id)),
                column: columns.number(&fc.name),
            }
        });
        ids.push(of_file.collect());
    }
    ids
}

/// Numbers texts in the order they are first met: the same text, the same number.
#[derive(Default)]
struct Numbering<'a>(HashMap<&'a str, u32>);

impl<'a> Numbering<'a> {
    fn number(&mut self, text: &'a str) -> u32 {
        let next = self.0.len() as u32;
        *self.0.entry(text).or_insert(next)
    }
}

/// A cell of file column `fc` as the long table reads it (see [`apply::read`]).
pub(crate) fn read<'a>(fc: &FileColumn, cell: &'a str, fix: Option<Fix<'a>>, schema: &Schema) -> value::Parsed<'a> {
    apply::read(fc.cell, fc.label.as_deref(), cell, fix, schema)
}

/// The cells of response `i`, read back from `raw`.
pub(crate) fn cells<'b>(raw: &mut RawCells, i: usize, buf: &'b mut Vec<u8>) -> Result<Vec<&'b str>> {
    Ok(raw.get(i, buf).with_context(unreadable)?.collect())
}

/// The error for cells that cannot be read back from their temporary file.
fn unreadable() -> String {
    let dir = std::env::temp_dir();
    format!(
        "cannot read the answer cells back from a temporary file in {}; free space there, or set TMPDIR to a directory with room",
        dir.display()
    )
}

/// The number of rows of the long table.
pub(crate) fn len(r: &Responses) -> usize {
    r.file.iter().map(|&f| r.files[f as usize].columns.len()).sum()
}

/// Writes the long table as CSV.
pub fn write_csv(r: &Responses, raw: &mut RawCells, fixes: &Fixes, schema: &Schema, w: &mut dyn Write) -> Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(column_names())?;
    for_each(r, raw, fixes, schema, |row| {
        crate::output::write_safe_record(&mut out, row.cells().into_iter().map(LongCell::field))?;
        Ok(())
    })?;
    out.flush()?;
    Ok(())
}

/// Writes the long table as a pretty-printed JSON array (as `serde_json::to_writer_pretty` would
/// write the whole array), one object at a time.
pub(crate) fn write_json(
    r: &Responses,
    raw: &mut RawCells,
    fixes: &Fixes,
    schema: &Schema,
    w: &mut dyn Write,
) -> Result<()> {
    let mut first = true;
    let mut buf = Vec::new();
    for_each(r, raw, fixes, schema, |row| {
        w.write_all(if first { b"[\n" } else { b",\n" })?;
        first = false;
        buf.clear();
        serde_json::to_writer_pretty(&mut buf, row)?;
        for (i, line) in buf.split(|&b| b == b'\n').enumerate() {
            if i > 0 {
                w.write_all(b"\n")?;
            }
            w.write_all(b"  ")?;
            w.write_all(line)?;
        }
        Ok(())
    })?;
    w.write_all(if first { b"[]\n" } else { b"\n]\n" })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The README's words for what a column holds.
    fn readme_type(holds: LongType) -> &'static str {
        match holds {
            LongType::Integer => "integer",
            LongType::IntegerOrEmpty => "integer or empty",
            LongType::NumberOrEmpty => "number or empty",
            LongType::Text => "text",
            LongType::TextOrEmpty => "text or empty",
        }
    }

    #[test]
    fn the_readme_describes_the_columns_as_declared() {
        let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
        let table: Vec<[String; 3]> = readme
            .lines()
            .skip_while(|l| *l != "| column | type | meaning |")
            .skip(2)
            .take_while(|l| l.starts_with("| `"))
            .map(|l| {
                let cells: Vec<&str> = l.trim_matches('|').splitn(3, " | ").map(str::trim).collect();
                [cells[0].trim_matches('`').to_string(), cells[1].to_string(), cells[2].to_string()]
            })
            .collect();
        let declared: Vec<[String; 3]> = COLUMNS
            .iter()
            .map(|c| [c.name.to_string(), readme_type(c.holds).to_string(), c.meaning.to_string()])
            .collect();
        assert_eq!(table, declared);
    }

    #[test]
    fn a_row_has_a_cell_of_its_columns_type_in_every_column() {
        let row = LongRow {
            year: 2017,
            period: "2017–2019",
            centre: "Modum",
            region: "Helse Sør-Øst",
            task: None,
            measure: "grant_use",
            kind: Kind::Choice,
            option: Some("staff"),
            value: Some(1.0),
            text: None,
            raw: "1",
            note: None,
            source: "2017.csv:2",
            column: "Tilskudd - Lønn",
            correction: None,
            ids: TextIds::default(),
        };
        for (column, cell) in COLUMNS.iter().zip(row.cells()) {
            let fits = match (column.holds, cell) {
                (LongType::Integer, LongCell::Integer(n)) => n.is_some(),
                (LongType::IntegerOrEmpty, LongCell::Integer(_)) | (LongType::NumberOrEmpty, LongCell::Number(_)) => {
                    true
                }
                (LongType::Text, LongCell::Text(t)) => t.is_some(),
                (LongType::TextOrEmpty, LongCell::Text(_)) => true,
                _ => false,
            };
            assert!(fits, "{}: {cell:?}", column.name);
        }
    }
}
