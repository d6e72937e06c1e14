//! Ad hoc SQL (polars SQL) over the normalised table (`responses`) and the wide view (`wide`).

use crate::correct::apply::Fixes;
use crate::lang::Lang;
use crate::model::table::{Cell, Column as TableColumn, Table};
use crate::normalise::long;
use crate::normalise::raw::RawCells;
use crate::normalise::store::Responses;
use crate::schema::{matching, Kind, Schema};
use anyhow::{Context, Result};
use polars::prelude::{AnyValue, Column, DataFrame, DataType, IntoLazy, SortMultipleOptions};
use polars::sql::SQLContext;

/// Why a query failed, as polars says it: a usage error (exit 2), with the tables to query.
#[derive(Debug, thiserror::Error)]
#[error("the query failed: {0}; query the tables `responses` (the normalised table) and `wide` (a row per response)")]
pub(crate) struct QueryError(String);

/// What polars says of a failed query, with an unknown column's list of every column (a hundred
/// in `wide`) cut to the five most like it.
fn said(polars: &str) -> String {
    let Some((_, rest)) = polars.split_once("unable to find column \"") else { return polars.to_string() };
    let Some((name, rest)) = rest.split_once('"') else { return polars.to_string() };
    let Some((_, list)) = rest.split_once("valid columns: [") else { return polars.to_string() };
    let columns: Vec<&str> = list.split(']').next().unwrap_or("").split(", ").map(|c| c.trim_matches('"')).collect();
    let mut ranked: Vec<(f64, &str)> =
        columns.iter().map(|c| (matching::similarity(&name.to_lowercase(), &c.to_lowercase()), *c)).collect();
    // A stable sort: of columns as alike, the table's order.
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    let closest: Vec<String> = ranked.iter().take(5).map(|(_, c)| format!("{c:?}")).collect();
    format!("no column {name:?} (of {}); the closest: {}", columns.len(), closest.join(", "))
}

/// Whether `query` names the long table, `responses` (building it needs the cells as written).
pub(crate) fn names_long_table(query: &str) -> bool {
    query.to_lowercase().contains("responses")
}

/// Runs `query` over the responses: over the long table too when their cells as written are given
/// (see [`names_long_table`]).
pub(crate) fn sql(query: &str, r: &Responses, raw: Option<(&mut RawCells, &Fixes)>, schema: &Schema) -> Result<Table> {
    let mut ctx = SQLContext::new();
    if let Some((raw, fixes)) = raw {
        ctx.register("responses", super::long::long_frame(r, raw, fixes, schema)?.lazy());
    }
    ctx.register("wide", wide(r, schema)?.lazy());
    let mut df = ctx.execute(query).and_then(|lf| lf.collect()).map_err(|e| QueryError(said(&e.to_string())))?;
    if !orders_its_result(query) {
        df = in_a_stable_order(df)?;
    }
    to_table(&df, "sql")
}

/// Whether `query` orders its result itself: an `ORDER BY` outside any parentheses (not in a
/// subquery or a window), and outside quoted names and text.
fn orders_its_result(query: &str) -> bool {
    let (mut top, mut depth, mut quote) = (String::new(), 0usize, None);
    for c in query.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => depth = depth.saturating_sub(1),
            (None, c) if depth == 0 => top.push(c.to_ascii_uppercase()),
            (None, _) => {}
        }
        if quote.is_some() || depth > 0 {
            top.push(' ');
        }
    }
    let words: Vec<&str> = top.split_whitespace().collect();
    words.windows(2).any(|w| w == ["ORDER", "BY"])
}

/// A result whose order its query leaves open, sorted by every column in turn (empty cells last), so
/// that the same query on the same exports gives the same rows in the same order on every run:
/// polars' group-by, like any hash aggregation, returns its groups in no fixed order.
fn in_a_stable_order(df: DataFrame) -> Result<DataFrame> {
    let by: Vec<String> = df
        .columns()
        .iter()
        .filter(|c| !matches!(c.dtype(), DataType::List(_) | DataType::Struct(_)))
        .map(|c| c.name().to_string())
        .collect();
    if by.is_empty() || df.height() < 2 {
        return Ok(df);
    }
    let options = SortMultipleOptions::default().with_maintain_order(true).with_nulls_last(true);
    df.sort(by, options).context("cannot order the query's result")
}

/// The wide view: one row per kept response (by year, centre), with `year`, `period`, `centre`,
/// `region`, `source`, then a column per measure of the schema (a number for numbers and Ja/Nei, text
/// for text and lists) and one per option of a choice, named `MEASURE__OPTION`.
fn wide(r: &Responses, schema: &Schema) -> Result<DataFrame> {
    let order = long::order(r, schema);
    let centre = |i: usize| &schema.centres[r.centre[i] as usize];
    let strings = |f: &dyn Fn(usize) -> String| order.iter().map(|&i| f(i)).collect::<Vec<String>>();
    let mut columns = vec![
        Column::new("year".into(), order.iter().map(|&i| r.year[i]).collect::<Vec<i32>>()),
        Column::new(
            "period".into(),
            strings(&|i| schema.period_of(r.year[i]).map_or(String::new(), |p| p.label.clone())),
        ),
        Column::new("centre".into(), strings(&|i| centre(i).name.clone())),
        Column::new("region".into(), strings(&|i| centre(i).region.clone())),
        Column::new("source".into(), strings(&|i| format!("{}:{}", r.files[r.file[i] as usize].path, r.line[i]))),
    ];
    for (t, &(m, o)) in schema.targets.iter().enumerate() {
        let measure = &schema.measures[m];
        let name = match o {
            Some(o) => format!("{}__{}", measure.id, measure.options[o].id),
            None => measure.id.clone(),
        };
        // A theme: 1/0 as its measure's answer is coded (the long table has no rows for themes).
        if schema.read_target(t) != t {
            let answers = r.answers[schema.read_target(t)].as_ref().context("sql reads every measure")?;
            let coded = order.iter().map(|&i| schema.coded(m, o.unwrap_or(0), answers.text_at(i)).map(f64::from));
            columns.push(Column::new(name.into(), coded.collect::<Vec<Option<f64>>>()));
            continue;
        }
        let values = r.answers[t].as_ref().context("sql reads every target")?;
        columns.push(match measure.kind {
            Kind::Text | Kind::List => {
                Column::new(name.into(), order.iter().map(|&i| values.text_at(i)).collect::<Vec<Option<&str>>>())
            }
            _ => Column::new(name.into(), order.iter().map(|&i| values.value(i)).collect::<Vec<Option<f64>>>()),
        });
    }
    DataFrame::new(order.len(), columns).context("cannot build the wide view")
}

/// A DataFrame's rows as our own cells.
fn to_table(df: &DataFrame, name: &str) -> Result<Table> {
    let columns = df.get_column_names().iter().map(|n| TableColumn::new(n.as_str(), n.as_str())).collect();
    let mut rows = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let row =
            df.columns().iter().map(|c| c.get(i).map(cell)).collect::<polars::prelude::PolarsResult<Vec<Cell>>>()?;
        rows.push(row);
    }
    Ok(Table { name: name.into(), title: None, columns, rows, notes: vec![], lang: Lang::Nb })
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

#[cfg(test)]
mod tests {
    use super::super::tests::responses;
    use super::*;

    #[test]
    fn queries_run_over_both_tables_and_bad_ones_say_so() {
        let (r, mut raw, s) = responses(&[(0, 2017, Some(4.0), Some(1.0)), (1, 2017, Some(2.0), Some(0.0))]);
        let query = "SELECT SUM(value) AS total FROM responses WHERE measure = 'hospitants'";
        assert!(names_long_table(query));
        let t = sql(query, &r, Some((&mut raw, &Fixes::default())), &s).unwrap();
        assert_eq!(t.rows, vec![vec![Cell::Float(6.0)]]);
        let query = "SELECT centre FROM wide WHERE hospitants > 3";
        assert!(!names_long_table(query));
        let t = sql(query, &r, None, &s).unwrap();
        assert_eq!(t.rows, vec![vec![Cell::text(&s.centres[0].name)]]);
        let err = sql("SELECT * FROM responses", &r, None, &s).unwrap_err();
        assert!(err.to_string().starts_with("the query failed"), "{err}");
        let err = sql("SELEC nonsense", &r, None, &s).unwrap_err();
        assert!(err.to_string().starts_with("the query failed"), "{err}");
    }

    #[test]
    fn a_query_orders_its_result_only_with_an_order_by_of_its_own() {
        assert!(orders_its_result("SELECT centre FROM wide ORDER BY centre"));
        assert!(orders_its_result("select centre from wide\norder\tby 1 desc"));
        assert!(!orders_its_result("SELECT centre FROM wide"));
        assert!(!orders_its_result("SELECT * FROM (SELECT centre FROM wide ORDER BY centre) t"));
        assert!(!orders_its_result("SELECT centre, rank() OVER (ORDER BY year) FROM wide"));
        assert!(!orders_its_result("SELECT 'order by' AS a, \"ORDER BY\" FROM wide"));
        assert!(orders_its_result("SELECT 'it''s', centre FROM wide ORDER BY centre"));
    }

    #[test]
    fn an_unknown_column_names_the_five_closest_not_all() {
        let polars = "not found: unable to find column \"hospitnts\"; valid columns: [\"year\", \"centre\", \"hospitants\", \"hospitant_types__fls\", \"inquiries\", \"homepage\", \"social_media\"]\n\nDid you mean \"hospitants\"?";
        // One letter apart (0.9), then 11 insertions in 20 (0.45), then inquiries and homepage with
        // 7 edits in 9 (0.22, in the table's order), then centre (0.11); social_media and year are left out.
        assert_eq!(
            said(polars),
            "no column \"hospitnts\" (of 7); the closest: \"hospitants\", \"hospitant_types__fls\", \"inquiries\", \"homepage\", \"centre\""
        );
        assert_eq!(said("syntax error"), "syntax error");
    }

    #[test]
    fn a_result_without_an_order_by_comes_sorted_by_its_columns() {
        let rows: Vec<(usize, i32, Option<f64>, Option<f64>)> =
            (0..6).map(|i| (i % 3, 2017 + (i as i32 % 2), Some(i as f64), None)).collect();
        let (r, mut raw, s) = responses(&rows);
        let query = "SELECT year, centre, SUM(value) AS total FROM responses WHERE measure = 'hospitants' GROUP BY year, centre";
        let t = sql(query, &r, Some((&mut raw, &Fixes::default())), &s).unwrap();
        let keys: Vec<(String, String)> = t.rows.iter().map(|row| (row[0].plain(), row[1].plain())).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
        assert_eq!(keys.len(), 6);
        let query = "SELECT centre, SUM(value) AS total FROM responses GROUP BY centre ORDER BY total DESC";
        let t = sql(query, &r, Some((&mut raw, &Fixes::default())), &s).unwrap();
        let totals: Vec<f64> =
            t.rows.iter().map(|row| if let Cell::Float(v) = row[1] { v } else { f64::NAN }).collect();
        assert!(totals.windows(2).all(|w| w[0] >= w[1]), "the query's own order, largest first: {totals:?}");
    }
}
