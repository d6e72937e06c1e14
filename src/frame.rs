//! The one module that speaks polars: the normalised table as a DataFrame with an explicit schema
//! (polars never guesses a type), and Parquet output.

use crate::normalise::Observation;
use anyhow::{Context, Result};
use polars::prelude::{Column, DataFrame};
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

/// Writes `df` as Parquet (zstd-compressed, the polars default).
pub fn write_parquet(df: &mut DataFrame, out: impl Write) -> Result<()> {
    polars_io::parquet::write::ParquetWriter::new(out).finish(df).context("cannot write Parquet")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Kind;
    use polars::prelude::DataType;

    #[test]
    fn the_frame_has_the_declared_columns_and_types() {
        let o = Observation {
            year: 2017,
            period: "2017–2019".into(),
            centre: "Modum".into(),
            region: "Helse Sør-Øst".into(),
            task: None,
            measure: "grant_use".into(),
            kind: Kind::Choice,
            option: Some("travel".into()),
            value: Some(1.0),
            text: None,
            raw: "1".into(),
            note: None,
            source: "a.csv:2".into(),
            column: "x".into(),
            order: (0, 0),
        };
        let df = normalised(&[o]).unwrap();
        let names: Vec<&str> = df.get_column_names().iter().map(|s| s.as_str()).collect();
        assert_eq!(names, NORMALISED_COLUMNS.map(|(n, _)| n));
        assert_eq!(df.column("year").unwrap().dtype(), &DataType::Int32);
        assert_eq!(df.column("value").unwrap().dtype(), &DataType::Float64);
        assert_eq!(df.column("task").unwrap().null_count(), 1);
    }
}
