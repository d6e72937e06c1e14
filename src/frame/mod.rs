//! **Stage 3: typed columns → polars → aggregates.** The one module that speaks polars. Takes our
//! types and gives ours back: the typed columns of [`Responses`] become a DataFrame without a copy
//! ([`Wide`]), aggregated with the lazy engine ([`Wide::aggregate`]) into
//! [`crate::model::aggregate::Aggregate`]s; the long table goes to Parquet in chunks
//! ([`write_long_parquet`]); SQL runs over both ([`sql`]); any [`Table`] can be written as Parquet
//! ([`write_table_parquet`]). Must never let polars guess a type (every column is built with an
//! explicit one), steer its formatting by environment variables, or hand a polars type outside.

mod aggregate;
mod long;
mod sql;

pub(crate) use long::write_long_parquet;

pub(crate) use sql::{names_long_table, sql};

use crate::model::table::{Cell, Table};
use crate::normalise::store::{Bits, Responses, Values};
use crate::schema::Schema;
use anyhow::{Context, Result};
use polars::prelude::{BooleanChunked, Column, DataFrame, Float64Chunked, IntoColumn, NewChunkedArray, StringChunked};
use polars_arrow::array::BooleanArray;
use polars_arrow::bitmap::Bitmap;
use polars_arrow::datatypes::ArrowDataType;
use polars_io::parquet::write::ParquetWriter;
use std::io::Write;

/// The kept responses as one DataFrame: a column per target that was read (`t0`, `t1` …: Float64
/// for numbers, Boolean for Ja/Nei and options, String for text and lists), with the keys beside it.
pub(crate) struct Wide {
    df: DataFrame,
    year: Vec<i32>,
    centre: Vec<u32>,
    file: Vec<u32>,
    /// Per file, whether it has a column for each target.
    has: Vec<Vec<bool>>,
}

impl Wide {
    /// Moves the responses' columns into polars, with a column per theme of a text or list measure
    /// that was read (the codebook's, computed from the answers: a file has a theme's column when
    /// it has the measure's).
    pub(crate) fn new(r: Responses, schema: &Schema) -> Result<Wide> {
        let targets = r.answers.len();
        let has: Vec<Vec<bool>> = r
            .files
            .iter()
            .map(|f| {
                let mut has = vec![false; targets];
                f.columns.iter().for_each(|c| has[c.target] = true);
                for t in 0..targets {
                    has[t] |= has[schema.read_target(t)];
                }
                has
            })
            .collect();
        let height = r.len();
        let mut columns: Vec<Column> =
            r.answers.into_iter().enumerate().filter_map(|(t, v)| v.map(|v| column(&target_name(t), v))).collect();
        let mut themes = Vec::new();
        for c in &columns {
            themes.extend(theme_columns(c, schema)?);
        }
        columns.extend(themes);
        let df = DataFrame::new(height, columns).context("cannot build the responses' frame")?;
        Ok(Wide { df, year: r.year, centre: r.centre, file: r.file, has })
    }

    /// The targets whose answers were read (a projection may leave some out), in order.
    pub(crate) fn targets(&self) -> Vec<usize> {
        let read = |t: &usize| self.df.column(&target_name(*t)).is_ok();
        (0..self.has.first().map_or(0, Vec::len)).filter(read).collect()
    }

    /// Each answer to number target `t` with its response's centre and year, in response order:
    /// what the review compares a centre's counts with, read straight from the column (a group-by
    /// per centre and year would build a group per response).
    pub(crate) fn numbers(&self, t: usize) -> Result<Vec<(u32, i32, f64)>> {
        let values = self.df.column(&target_name(t)).context("a target the responses were read for")?.f64()?;
        let keys = self.centre.iter().zip(&self.year);
        Ok(keys.zip(values.iter()).filter_map(|((&c, &y), v)| v.map(|v| (c, y, v))).collect())
    }

    /// Each answer to text or list target `t` with its response's centre and year, in response
    /// order; empty answers left out.
    pub(crate) fn texts(&self, t: usize) -> Result<Vec<(u32, i32, String)>> {
        let values = self.df.column(&target_name(t)).context("a target the responses were read for")?.str()?;
        let keys = self.centre.iter().zip(&self.year);
        let answers = keys
            .zip(values.iter())
            .filter_map(|((&c, &y), v)| v.filter(|v| !v.trim().is_empty()).map(|v| (c, y, v.to_string())));
        Ok(answers.collect())
    }

    /// The year of each response.
    pub(crate) fn response_years(&self) -> impl Iterator<Item = i32> + '_ {
        self.year.iter().copied()
    }

    /// The year of each response of these centres (empty: all).
    fn years_of<'a>(&'a self, centres: &'a [usize]) -> impl Iterator<Item = i32> + 'a {
        let centre_in = move |c: u32| centres.is_empty() || centres.contains(&(c as usize));
        self.year.iter().zip(&self.centre).filter(move |(_, c)| centre_in(**c)).map(|(y, _)| *y)
    }

    /// The years in which these centres (empty: any) have a kept response, in order.
    pub(crate) fn years(&self, centres: &[usize]) -> Vec<i32> {
        let mut years: Vec<i32> = self.years_of(centres).collect();
        years.sort_unstable();
        years.dedup();
        years
    }

    /// The responses of these years (inclusive; `None`: all) and centres (empty: all).
    pub(crate) fn count(&self, years: Option<(i32, i32)>, centres: &[usize]) -> u64 {
        let year_in = |y: i32| years.is_none_or(|(from, to)| (from..=to).contains(&y));
        self.years_of(centres).filter(|&y| year_in(y)).count() as u64
    }
}

/// For the answers of a text or list measure with themes (column `text`), a Boolean column per
/// theme: whether the answer matches it (`uncoded`: matches none), unanswered where the answer is.
fn theme_columns(text: &Column, schema: &Schema) -> Result<Vec<Column>> {
    let Some(t) = text.name().strip_prefix('t').and_then(|n| n.parse::<usize>().ok()) else { return Ok(Vec::new()) };
    let (m, None) = schema.targets[t] else { return Ok(Vec::new()) };
    let options = &schema.measures[m].options;
    if schema.measures[m].kind == crate::schema::Kind::Choice || options.is_empty() {
        return Ok(Vec::new());
    }
    let answers = text.str()?;
    let columns = (0..options.len()).map(|o| {
        let values = answers.iter().map(|a| schema.coded(m, o, a));
        BooleanChunked::from_iter_options(target_name(schema.target_index(m, Some(o))).into(), values).into_column()
    });
    Ok(columns.collect())
}

fn target_name(t: usize) -> String {
    format!("t{t}")
}

/// A typed column as a polars column, the values moved, not copied (text is copied once).
fn column(name: &str, values: Values) -> Column {
    match values {
        Values::Number { values, valid } => {
            Float64Chunked::from_vec_validity(name.into(), values, Some(bitmap(valid))).into_column()
        }
        Values::Flag { values, valid } => {
            let array = BooleanArray::new(ArrowDataType::Boolean, bitmap(values), Some(bitmap(valid)));
            BooleanChunked::with_chunk(name.into(), array).into_column()
        }
        text @ Values::Text { .. } => text_column(name, &text),
    }
}

/// A text column as a polars String column (the text copied once, straight into polars' arrays).
fn text_column(name: &str, text: &Values) -> Column {
    StringChunked::from_iter_options(name.into(), (0..text.len()).map(|i| text.text_at(i))).into_column()
}

fn bitmap(bits: Bits) -> Bitmap {
    let (bytes, len) = bits.into_parts();
    Bitmap::from_u8_vec(bytes, len)
}

/// A [`Table`] as a DataFrame: a column of whole numbers is Int64, of numbers Float64 (shares as
/// fractions), anything else String.
fn table(t: &Table) -> Result<DataFrame> {
    let columns = t
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let cells: Vec<&Cell> = t.rows.iter().map(|r| &r[i]).collect();
            let name = c.name.as_str().into();
            if cells.iter().all(|x| matches!(x, Cell::Null | Cell::Int(_))) {
                let v: Vec<Option<i64>> =
                    cells.iter().map(|x| if let Cell::Int(i) = x { Some(*i) } else { None }).collect();
                Column::new(name, v)
            } else if cells.iter().all(|x| x.is_number() || **x == Cell::Null) {
                let v: Vec<Option<f64>> = cells
                    .iter()
                    .map(|x| match x {
                        Cell::Int(i) => Some(*i as f64),
                        Cell::Float(f) | Cell::Share(f, _) | Cell::Counted(f, _) => Some(*f),
                        _ => None,
                    })
                    .collect();
                Column::new(name, v)
            } else {
                let v: Vec<Option<String>> = cells.iter().map(|x| (**x != Cell::Null).then(|| x.plain())).collect();
                Column::new(name, v)
            }
        })
        .collect();
    DataFrame::new(t.rows.len(), columns).context("cannot build the table")
}

/// Writes a table as Parquet (zstd-compressed, the polars default).
pub(crate) fn write_table_parquet(t: &Table, out: &mut dyn Write) -> Result<()> {
    ParquetWriter::new(out).finish(&mut table(t)?).context("cannot write Parquet")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::raw::RawCells;
    use crate::normalise::store::{FileColumn, FileColumns, Projection};
    use crate::schema::CellKind;

    /// Responses of `rows` (centre, year, hospitants, fls tick) from one file of the builtin schema,
    /// with their cells as written.
    pub(super) fn responses(rows: &[(usize, i32, Option<f64>, Option<f64>)]) -> (Responses, RawCells, Schema) {
        let s = Schema::builtin();
        let kinds: Vec<Values> = s.targets.iter().map(|&(m, _)| Values::of(s.measures[m].kind)).collect();
        let mut r = Responses::new(&kinds, &Projection::all(kinds.len()));
        let mut raw = RawCells::default();
        let h = s.measure_index("hospitants").unwrap();
        let hm = s.measure_index("hospitant_types").unwrap();
        let fls = s.measures[hm].options.iter().position(|o| o.id == "fls");
        let column = |target: usize, index: usize, name: &str, cell: CellKind| FileColumn {
            target,
            index,
            name: name.into(),
            cell,
            label: None,
        };
        let cols = vec![
            column(s.target_index(h, None), 0, "h", CellKind::Number),
            column(s.target_index(hm, fls), 1, "f", CellKind::Tick),
        ];
        for (i, &(centre, year, hospitants, tick)) in rows.iter().enumerate() {
            r.start_row(year, centre, 0, i + 2);
            r.answer(cols[0].target, hospitants, None);
            r.answer(cols[1].target, tick, None);
            r.finish_row();
            let written = hospitants.map(crate::model::table::number).unwrap_or_default();
            let tick = tick.map(crate::model::table::number).unwrap_or_default();
            raw.push([written.as_str(), tick.as_str()]);
        }
        r.files.push(FileColumns { path: "f.csv".into(), columns: cols });
        (r, raw, s)
    }
}
