//! Published numbers locked: every table's CSV of a new run compared with the same file of an
//! earlier run (`report --spec S --out-dir D --against OLD`). Cells of rows and years that both
//! sides have must be equal; a table, a row or a year that only one side has is fine (a new year,
//! a new table); totals, and tables over all years, are compared only when both sides have the
//! same years.

use crate::correct::apply::Decision;
use crate::correct::{Action, Corrections, Status};
use crate::lang::Lang;
use crate::model::table::{Cell, Column, Table};
use crate::schema::Schema;
use anyhow::{bail, Context, Result};
use std::collections::{BTreeMap, BTreeSet};

/// The columns that name a row; `label` is words, not a number, and is not compared.
const KEYS: [&str; 7] = ["measure", "option", "year", "period", "centre", "region", "task"];
const LABEL: &str = "label";
/// The table of who reported which year, whose year columns are the years a report spans.
const REPORTS: &str = "rapporter.csv";

/// A row's keys: (column, value) for each key column, in the table's order.
pub(crate) type RowKey = [(String, String)];

/// The ids of the corrections behind a row's cell in a year (any year: `None`).
pub(crate) type Why<'a> = &'a dyn Fn(&RowKey, Option<i32>) -> Vec<String>;

/// One cell whose number changed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Change {
    /// The table's file, as `tabell-1.csv`.
    pub(crate) file: String,
    /// The row's keys, as `hospitants` or `rnd_institutions:ntnu, 2019`.
    pub(crate) row: String,
    pub(crate) column: String,
    pub(crate) old: String,
    pub(crate) new: String,
    /// The ids of the corrections applied to the cells behind it.
    pub(crate) why: Vec<String>,
}

/// One table's CSV, parsed: its rows by their keys, the value columns by name.
struct Csv {
    rows: BTreeMap<Vec<(String, String)>, BTreeMap<String, String>>,
    /// The years of its year columns.
    columns: BTreeSet<i32>,
    /// Every year it names: its year columns and its rows' years.
    years: BTreeSet<i32>,
}

fn parse(name: &str, text: &str) -> Result<Csv> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader.headers().with_context(|| name.to_string())?.iter().map(str::to_string).collect();
    let columns: BTreeSet<i32> = headers.iter().filter_map(|h| year(h)).collect();
    let mut years = columns.clone();
    let mut rows = BTreeMap::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.with_context(|| format!("{name}: line {line}"))?;
        let (mut key, mut values) = (Vec::new(), BTreeMap::new());
        for (h, v) in headers.iter().zip(record.iter()) {
            if KEYS.contains(&h.as_str()) {
                key.push((h.clone(), v.to_string()));
                if h == "year" {
                    years.extend(year(v));
                }
            } else if h != LABEL {
                values.insert(h.clone(), v.to_string());
            }
        }
        if rows.insert(key.clone(), values).is_some() {
            bail!("{name}: line {line} repeats the row {:?} of an earlier line: friskliv writes each row once; was the file edited?", row_name(&key));
        }
    }
    Ok(Csv { rows, columns, years })
}

/// A year column's or key's value, 2000–2099.
fn year(s: &str) -> Option<i32> {
    crate::read::year::parse(s)
}

/// An agreement period's years, written `2017–2019` (or with a hyphen).
fn period(s: &str) -> Option<(i32, i32)> {
    let (from, to) = s.split_once('–').or_else(|| s.split_once('-'))?;
    Some((year(from)?, year(to)?))
}

/// The same number, or the same text.
fn same(a: &str, b: &str) -> bool {
    match (a.trim().parse::<f64>(), b.trim().parse::<f64>()) {
        (Ok(x), Ok(y)) => (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0),
        _ => a.trim() == b.trim(),
    }
}

/// The years a report spans: those of its table of who reported ([`REPORTS`]), or, in a report
/// written before it had one, every year its tables name.
fn span(reports: Option<&str>, tables: impl Iterator<Item = BTreeSet<i32>>) -> Result<BTreeSet<i32>> {
    match reports {
        Some(text) => Ok(parse(REPORTS, text)?.columns),
        None => Ok(tables.flatten().collect()),
    }
}

/// Compares every new table (file name, CSV text) with the old table of the same name, when there
/// is one. A year the old report has and the new one lacks is a change too (an export not read).
/// `why` names the corrections behind a row's cell in a year (any year: `None`).
pub(crate) fn compare(old: &BTreeMap<String, String>, new: &[(String, String)], why: Why<'_>) -> Result<Vec<Change>> {
    let mut pairs = Vec::new();
    for (file, text) in new {
        if let Some(old_text) = old.get(file) {
            pairs.push((file.as_str(), parse(file, old_text)?, parse(file, text)?));
        }
    }
    let new_reports = new.iter().find(|(f, _)| f == REPORTS).map(|(_, t)| t.as_str());
    let spans = (
        span(old.get(REPORTS).map(String::as_str), pairs.iter().map(|p| p.1.years.clone()))?,
        span(new_reports, pairs.iter().map(|p| p.2.years.clone()))?,
    );
    let mut changes: Vec<Change> = spans
        .0
        .difference(&spans.1)
        .map(|y| Change {
            file: REPORTS.into(),
            row: String::new(),
            column: y.to_string(),
            old: "in the report".into(),
            new: "no report read".into(),
            why: Vec::new(),
        })
        .collect();
    for (file, was, is) in &pairs {
        changes.extend(compare_table(file, was, is, &spans, why));
    }
    Ok(changes)
}

/// The changed cells of one table. A cell of a year (a year column, a row of a year or of a period
/// both reports span) is compared always; a total, or a cell over all years, only over the same
/// years: the table's year columns, or the reports' spans.
fn compare_table(file: &str, was: &Csv, is: &Csv, spans: &(BTreeSet<i32>, BTreeSet<i32>), why: Why<'_>) -> Vec<Change> {
    let in_both = |y: i32| spans.0.contains(&y) && spans.1.contains(&y);
    let totals_comparable = if was.columns.is_empty() { spans.0 == spans.1 } else { was.columns == is.columns };
    let mut changes = Vec::new();
    for (key, values) in &is.rows {
        let Some(old_values) = was.rows.get(key) else { continue };
        let key_value = |k: &str| key.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let row_year = key_value("year").and_then(year);
        let row_period = key_value("period").and_then(period);
        for (column, value) in values {
            let Some(old_value) = old_values.get(column) else { continue };
            let cell_year = year(column).or(row_year);
            let comparable = match (cell_year, row_period) {
                (Some(_), _) => true,
                (None, Some((from, to))) => (from..=to).all(in_both),
                (None, None) => totals_comparable,
            };
            if comparable && !same(old_value, value) {
                changes.push(Change {
                    file: file.to_string(),
                    row: row_name(key),
                    column: column.clone(),
                    old: old_value.clone(),
                    new: value.clone(),
                    why: why(key, cell_year),
                });
            }
        }
    }
    changes
}

/// `hospitants`, `rnd_institutions:ntnu`, `hospitants, 2019, Modum`.
fn row_name(key: &RowKey) -> String {
    let get = |k: &str| key.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty());
    let mut parts: Vec<String> = Vec::new();
    match (get("measure"), get("option")) {
        (Some(m), Some(o)) => parts.push(format!("{m}:{o}")),
        (Some(m), None) => parts.push(m.to_string()),
        _ => {}
    }
    parts.extend(key.iter().filter(|(k, v)| k != "measure" && k != "option" && !v.is_empty()).map(|(_, v)| v.clone()));
    parts.join(", ")
}

/// The ids of the corrections applied to the cells behind a row (`key`) in `year` (any year when
/// `None`): a set or confirm of the row's measure (and option), or a drop of a whole response.
pub(crate) fn corrections_behind(
    key: &RowKey,
    year: Option<i32>,
    corrections: &Corrections,
    decisions: &[Decision],
    schema: &Schema,
) -> Vec<String> {
    let get = |k: &str| key.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty());
    let measure = get("measure").and_then(|m| schema.measure_index(m));
    let option =
        measure.and_then(|m| get("option").and_then(|o| schema.measures[m].options.iter().position(|x| x.id == o)));
    // A row of one centre (or region) is touched only by corrections of its responses.
    let centre = get("centre");
    let region = get("region");
    let of_row = |c: usize| {
        let centre_of = &schema.centres[c];
        centre.is_none_or(|name| centre_of.name == name) && region.is_none_or(|r| centre_of.region == r)
    };
    let mut ids: Vec<String> = decisions
        .iter()
        .filter(|d| d.status == Status::Applied)
        .map(|d| &corrections.list[d.correction])
        .filter(|c| year.is_none_or(|y| c.year == y) && of_row(c.centre))
        .filter(|c| match (c.target, &c.action) {
            (_, Action::Drop) => true,
            (Some(t), _) => {
                let (m, o) = schema.targets[t];
                // A theme's count comes from the answer a correction of the measure changes.
                let answer_of_a_theme = o.is_none() && schema.measures[m].kind != crate::schema::Kind::Choice;
                Some(m) == measure && (option.is_none() || o == option || answer_of_a_theme)
            }
            (None, _) => false,
        })
        .map(|c| c.id.clone())
        .collect();
    ids.dedup();
    ids
}

/// The changed cells, for people: table, row, column, old, new and why.
pub(crate) fn changes_table(changes: &[Change], lang: Lang) -> Table {
    let columns = vec![
        Column::new("table", lang.pick("Tabell", "Table")),
        Column::new("row", lang.pick("Rad", "Row")),
        Column::new("column", lang.pick("Kolonne", "Column")),
        Column::new("old", lang.pick("Publisert", "Published")),
        Column::new("new", lang.pick("Nå", "Now")),
        Column::new("correction", lang.pick("Korreksjon", "Correction")),
    ];
    let rows = changes
        .iter()
        .map(|c| {
            vec![
                Cell::text(&c.file),
                Cell::text(&c.row),
                Cell::text(&c.column),
                Cell::text(&c.old),
                Cell::text(&c.new),
                if c.why.is_empty() { Cell::Null } else { Cell::text(c.why.join(", ")) },
            ]
        })
        .collect();
    let title = lang.pick("Endrede tall", "Changed numbers");
    Table { name: "endringer".into(), title: Some(title.into()), columns, rows, notes: Vec::new(), lang }
}
