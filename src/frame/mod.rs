//! The one module that speaks polars. DataFrames are built here with explicit types (polars never
//! guesses one): the normalised table ([`normalised`]), the wide view ([`wide`]) and any [`Table`]
//! for Parquet ([`table`]). Aggregation ([`aggregate`]) and SQL ([`sql`]) run on them and come back as
//! our own rows.

mod aggregate;
mod sql;

pub use aggregate::{aggregate, Aggregate};
pub use sql::sql;

use crate::normalise::Observation;
use crate::render::{Cell, Table};
use crate::schema::{Kind, Schema};
use anyhow::{Context, Result};
use polars::prelude::{AnyValue, Column, DataFrame, DataType};
use std::collections::BTreeMap;
use std::io::Write;

/// The normalised table's columns, in order, with their types. `csv`, `json` and `parquet` share it.
pub const NORMALISED_COLUMNS: [(&str, &str); 14] = [
    ("year", "i32"),
    ("period", "str"),
    ("centre", "str"),
    ("region", "str"),
    ("task", "i32?"),
    ("measure", "str"),
    ("kind", "str"),
    ("option", "str?"),
    ("value", "f64?"),
    ("text", "str?"),
    ("raw", "str"),
    ("note", "str?"),
    ("source", "str"),
    ("column", "str"),
];

/// The normalised table as a DataFrame.
pub fn normalised(obs: &[Observation]) -> Result<DataFrame> {
    let strs = |f: fn(&Observation) -> &str| obs.iter().map(f).collect::<Vec<&str>>();
    let opt_strs = |f: fn(&Observation) -> Option<&str>| obs.iter().map(f).collect::<Vec<Option<&str>>>();
    let columns = vec![
        Column::new("year".into(), obs.iter().map(|o| o.year).collect::<Vec<i32>>()),
        Column::new("period".into(), strs(|o| &o.period)),
        Column::new("centre".into(), strs(|o| &o.centre)),
        Column::new("region".into(), strs(|o| &o.region)),
        Column::new("task".into(), obs.iter().map(|o| o.task.map(i32::from)).collect::<Vec<Option<i32>>>()),
        Column::new("measure".into(), strs(|o| &o.measure)),
        Column::new("kind".into(), strs(|o| o.kind.as_str())),
        Column::new("option".into(), opt_strs(|o| o.option.as_deref())),
        Column::new("value".into(), obs.iter().map(|o| o.value).collect::<Vec<Option<f64>>>()),
        Column::new("text".into(), opt_strs(|o| o.text.as_deref())),
        Column::new("raw".into(), strs(|o| &o.raw)),
        Column::new("note".into(), opt_strs(|o| o.note.as_deref())),
        Column::new("source".into(), strs(|o| &o.source)),
        Column::new("column".into(), strs(|o| &o.column)),
    ];
    DataFrame::new(obs.len(), columns).context("cannot build the normalised table")
}

/// The wide view: one row per kept response (`source`), with `year`, `period`, `centre`, `region`,
/// then a column per measure of the schema (a number for numbers and Ja/Nei, text for text and
/// lists) and one per option of a choice, named `MEASURE__OPTION`.
pub fn wide(obs: &[Observation], schema: &Schema) -> Result<DataFrame> {
    let mut responses: BTreeMap<(i32, &str, &str), Vec<&Observation>> = BTreeMap::new();
    for o in obs {
        responses.entry((o.year, o.centre.as_str(), o.source.as_str())).or_default().push(o);
    }
    let rows: Vec<&Vec<&Observation>> = responses.values().collect();
    let first = |f: fn(&Observation) -> &str| rows.iter().map(|r| f(r[0])).collect::<Vec<&str>>();
    let mut columns = vec![
        Column::new("year".into(), rows.iter().map(|r| r[0].year).collect::<Vec<i32>>()),
        Column::new("period".into(), first(|o| &o.period)),
        Column::new("centre".into(), first(|o| &o.centre)),
        Column::new("region".into(), first(|o| &o.region)),
        Column::new("source".into(), first(|o| &o.source)),
    ];
    fn find<'a>(r: &[&'a Observation], measure: &str, option: Option<&str>) -> Option<&'a Observation> {
        r.iter().find(|o| o.measure == measure && o.option.as_deref() == option).copied()
    }
    for m in &schema.measures {
        match m.kind {
            Kind::Choice => {
                for opt in &m.options {
                    let values: Vec<Option<f64>> =
                        rows.iter().map(|r| find(r, &m.id, Some(&opt.id)).and_then(|o| o.value)).collect();
                    columns.push(Column::new(format!("{}__{}", m.id, opt.id).into(), values));
                }
            }
            Kind::Text | Kind::List => {
                let texts: Vec<Option<String>> =
                    rows.iter().map(|r| find(r, &m.id, None).and_then(|o| o.text.clone())).collect();
                columns.push(Column::new(m.id.as_str().into(), texts));
            }
            Kind::Number | Kind::Boolean => {
                let values: Vec<Option<f64>> =
                    rows.iter().map(|r| find(r, &m.id, None).and_then(|o| o.value)).collect();
                columns.push(Column::new(m.id.as_str().into(), values));
            }
        }
    }
    DataFrame::new(rows.len(), columns).context("cannot build the wide view")
}

/// A [`Table`] as a DataFrame: a column of whole numbers is Int64, of numbers Float64 (shares as
/// fractions), anything else String.
pub fn table(t: &Table) -> Result<DataFrame> {
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

/// A DataFrame's rows as our own cells.
fn to_table(df: &DataFrame, name: &str) -> Result<Table> {
    let columns = df.get_column_names().iter().map(|n| crate::render::Column::new(n.as_str(), n.as_str())).collect();
    let mut rows = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let row =
            df.columns().iter().map(|c| c.get(i).map(cell)).collect::<polars::prelude::PolarsResult<Vec<Cell>>>()?;
        rows.push(row);
    }
    Ok(Table { name: name.into(), title: None, columns, rows, notes: vec![] })
}

fn cell(v: AnyValue) -> Cell {
    let dtype = v.dtype();
    if v.is_null() {
        Cell::Null
    } else if dtype.is_bool() {
        Cell::Int(i64::from(v.extract_bool().unwrap_or(false)))
    } else if dtype.is_integer() {
        v.extract::<i64>().map_or(Cell::Null, Cell::Int)
    } else if dtype.is_float() {
        v.extract::<f64>().map_or(Cell::Null, Cell::Float)
    } else if dtype == DataType::String {
        Cell::Text(v.str_value().into_owned())
    } else {
        Cell::Text(v.to_string())
    }
}

/// Writes `df` as Parquet (zstd-compressed, the polars default).
pub fn write_parquet(df: &mut DataFrame, out: impl Write) -> Result<()> {
    polars_io::parquet::write::ParquetWriter::new(out).finish(df).context("cannot write Parquet")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn observation(
        year: i32,
        centre: &str,
        measure: &str,
        option: Option<&str>,
        value: Option<f64>,
    ) -> Observation {
        Observation {
            year,
            period: "2017–2019".into(),
            centre: centre.into(),
            region: "Helse Sør-Øst".into(),
            task: Some(2),
            measure: measure.into(),
            kind: if option.is_some() { Kind::Choice } else { Kind::Number },
            option: option.map(String::from),
            value,
            text: None,
            raw: String::new(),
            note: None,
            source: format!("{centre}.csv:2"),
            column: "x".into(),
            order: (0, 0),
        }
    }

    #[test]
    fn the_normalised_frame_has_the_declared_columns_and_types() {
        let df = normalised(&[observation(2017, "Modum", "grant_use", Some("travel"), Some(1.0))]).unwrap();
        let names: Vec<&str> = df.get_column_names().iter().map(|s| s.as_str()).collect();
        assert_eq!(names, NORMALISED_COLUMNS.map(|(n, _)| n));
        assert_eq!(df.column("year").unwrap().dtype(), &DataType::Int32);
        assert_eq!(df.column("value").unwrap().dtype(), &DataType::Float64);
    }

    #[test]
    fn the_wide_view_has_a_row_per_response_and_a_column_per_measure_and_option() {
        let schema = Schema::builtin();
        let obs = [
            observation(2017, "Modum", "hospitants", None, Some(4.0)),
            observation(2017, "Modum", "hospitant_types", Some("fls"), Some(1.0)),
            observation(2017, "Bergen", "hospitants", None, Some(2.0)),
        ];
        let df = wide(&obs, &schema).unwrap();
        assert_eq!(df.height(), 2);
        let t = to_table(&df, "wide").unwrap();
        let col = |name: &str| t.columns.iter().position(|c| c.name == name).unwrap();
        assert_eq!(t.rows[1][col("centre")], Cell::text("Modum"));
        assert_eq!(t.rows[1][col("hospitant_types__fls")], Cell::Float(1.0));
        assert_eq!(t.rows[0][col("hospitant_types__fls")], Cell::Null);
    }
}
