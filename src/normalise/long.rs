//! The long normalised table: one row per kept response × measure × option its file has a column
//! for, sorted by year, centre, then the schema's order of measures and options. It is derived one
//! response at a time from the keys of [`Responses`] and the response's cells as written
//! ([`RawCells`], read back from disk), each cell read again as [`value::parse`] read it when the
//! response was kept. Nothing but the current response (or chunk, for Parquet) is held, so writing it
//! takes memory that does not grow with the rows written.

use crate::correct::apply::{self, Fix, Fixes};
use crate::model::table::{number, serialize_number};
use crate::normalise::raw::RawCells;
use crate::normalise::store::{self, FileColumn, Responses, Values};
use crate::read::value;
use crate::schema::{Kind, Schema};
use anyhow::{Context, Result};
use serde::Serialize;
use std::borrow::Cow;
use std::io::Write;

/// The columns, in order. `csv`, `json` and `parquet` share them.
pub(crate) const COLUMNS: [&str; 15] = [
    "year",
    "period",
    "centre",
    "region",
    "task",
    "measure",
    "kind",
    "option",
    "value",
    "text",
    "raw",
    "note",
    "source",
    "column",
    "correction",
];

/// One row of the long table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct LongRow<'a> {
    pub(crate) year: i32,
    pub(crate) period: &'a str,
    pub(crate) centre: &'a str,
    pub(crate) region: &'a str,
    /// 1–9; `None` for the grant, which is not a task.
    pub(crate) task: Option<u8>,
    pub(crate) measure: &'a str,
    pub(crate) kind: Kind,
    pub(crate) option: Option<&'a str>,
    /// The number; 1/0 for Ja/Nei and ticked/unticked; `None` when unanswered or unreadable.
    #[serde(serialize_with = "serialize_number")]
    pub(crate) value: Option<f64>,
    /// Free text, or a list's items joined by "; ".
    pub(crate) text: Option<&'a str>,
    /// The cell as written.
    pub(crate) raw: &'a str,
    /// Why the cell was not read as written: `approximate`, `range`, `not a number`, `ambiguous`…
    pub(crate) note: Option<&'a str>,
    /// `file:line`.
    pub(crate) source: &'a str,
    /// The column's header (an EFS column's variable name).
    pub(crate) column: &'a str,
    /// The id of the correction that decides the cell: `value` and `text` are then read from its
    /// `new` (or confirmed as read); `raw` stays the export's cell.
    pub(crate) correction: Option<&'a str>,
}

impl LongRow<'_> {
    /// The row as CSV fields, in the order of [`COLUMNS`].
    pub(crate) fn fields(&self) -> [Cow<'_, str>; 15] {
        let opt = |s: Option<&str>| Cow::Owned(s.unwrap_or("").to_string());
        [
            Cow::Owned(self.year.to_string()),
            Cow::Borrowed(self.period),
            Cow::Borrowed(self.centre),
            Cow::Borrowed(self.region),
            Cow::Owned(self.task.map(|t| t.to_string()).unwrap_or_default()),
            Cow::Borrowed(self.measure),
            Cow::Borrowed(self.kind.as_str()),
            opt(self.option),
            Cow::Owned(self.value.map(number).unwrap_or_default()),
            opt(self.text),
            Cow::Borrowed(self.raw),
            opt(self.note),
            Cow::Borrowed(self.source),
            Cow::Borrowed(self.column),
            opt(self.correction),
        ]
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
            })?;
        }
    }
    Ok(())
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
    out.write_record(COLUMNS)?;
    for_each(r, raw, fixes, schema, |row| {
        crate::output::write_safe_record(&mut out, &row.fields())?;
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

/// A run of long rows as columns, for Parquet (see [`crate::frame`]); the text columns are
/// [`Values::Text`], one buffer each, so a row costs no allocation.
#[derive(Debug, Clone)]
pub(crate) struct Chunk {
    pub(crate) year: Vec<i32>,
    pub(crate) period: Values,
    pub(crate) centre: Values,
    pub(crate) region: Values,
    pub(crate) task: Vec<Option<i32>>,
    pub(crate) measure: Values,
    pub(crate) kind: Vec<&'static str>,
    pub(crate) option: Values,
    pub(crate) value: Vec<Option<f64>>,
    pub(crate) text: Values,
    pub(crate) raw: Values,
    pub(crate) note: Values,
    pub(crate) source: Values,
    pub(crate) column: Values,
    pub(crate) correction: Values,
}

impl Default for Chunk {
    fn default() -> Chunk {
        Chunk {
            year: Vec::new(),
            period: Values::text(),
            centre: Values::text(),
            region: Values::text(),
            task: Vec::new(),
            measure: Values::text(),
            kind: Vec::new(),
            option: Values::text(),
            value: Vec::new(),
            text: Values::text(),
            raw: Values::text(),
            note: Values::text(),
            source: Values::text(),
            column: Values::text(),
            correction: Values::text(),
        }
    }
}

impl Chunk {
    pub(crate) fn len(&self) -> usize {
        self.year.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.year.is_empty()
    }

    pub(crate) fn push(&mut self, row: &LongRow) {
        self.year.push(row.year);
        self.period.push(None, Some(row.period));
        self.centre.push(None, Some(row.centre));
        self.region.push(None, Some(row.region));
        self.task.push(row.task.map(i32::from));
        self.measure.push(None, Some(row.measure));
        self.kind.push(row.kind.as_str());
        self.option.push(None, row.option);
        self.value.push(row.value);
        self.text.push(None, row.text);
        self.raw.push(None, Some(row.raw));
        self.note.push(None, row.note);
        self.source.push(None, Some(row.source));
        self.column.push(None, Some(row.column));
        self.correction.push(None, row.correction);
    }
}

/// Rows per [`Chunk`]: the long table is handed to [`crate::frame`] this many rows at a time.
pub(crate) const CHUNK_ROWS: usize = 64 * 1024;

/// Calls `emit` with the long table in chunks of [`CHUNK_ROWS`] rows (at least one chunk, maybe empty).
pub(crate) fn for_each_chunk(
    r: &Responses,
    raw: &mut RawCells,
    fixes: &Fixes,
    schema: &Schema,
    mut emit: impl FnMut(&Chunk) -> Result<()>,
) -> Result<()> {
    let mut chunk = Chunk::default();
    let mut sent = false;
    for_each(r, raw, fixes, schema, |row| {
        chunk.push(row);
        if chunk.len() == CHUNK_ROWS {
            emit(&chunk)?;
            chunk = Chunk::default();
            sent = true;
        }
        Ok(())
    })?;
    if !chunk.is_empty() || !sent {
        emit(&chunk)?;
    }
    Ok(())
}
