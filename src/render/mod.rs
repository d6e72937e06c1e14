//! Our own row model, [`Table`], and every way to write it: a terminal table (comfy-table), CSV, JSON,
//! Markdown, an Excel workbook ([`xlsx`]) and Parquet (through [`crate::frame`]). Commands build tables;
//! this module decides how they look.

pub mod xlsx;

use crate::output::{self, Format};
use anyhow::Result;
use comfy_table::{presets, CellAlignment, ContentArrangement};
use std::io::{IsTerminal, Write};

/// One cell, typed: numbers stay numbers in CSV, JSON, Excel and Parquet.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Float(f64),
    /// A share 0–1: a percent for people, the fraction for machines. `n` is shown beside it in
    /// tables when given.
    Share(f64, Option<u64>),
    /// A number over fewer responses than the column holds: `n` is shown beside it in tables.
    Counted(f64, u64),
    Text(String),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    pub fn opt_text(s: Option<&str>) -> Cell {
        s.map_or(Cell::Null, Cell::text)
    }

    pub fn opt_float(v: Option<f64>) -> Cell {
        v.map_or(Cell::Null, Cell::Float)
    }

    /// For people: `1385`, `12.5`, `80 %`, `80 % (n=9)`.
    pub fn display(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) => output::number(*f),
            Cell::Share(s, None) => percent(*s),
            Cell::Share(s, Some(n)) => format!("{} (n={n})", percent(*s)),
            Cell::Counted(v, n) => format!("{} (n={n})", output::number(*v)),
            Cell::Text(t) => t.clone(),
        }
    }

    /// For machines (CSV): numbers plain, shares as fractions.
    pub fn plain(&self) -> String {
        match self {
            Cell::Share(v, _) | Cell::Counted(v, _) => output::number(*v),
            other => other.display(),
        }
    }

    fn json(&self) -> serde_json::Value {
        match self {
            Cell::Null => serde_json::Value::Null,
            Cell::Int(i) => (*i).into(),
            Cell::Float(f) | Cell::Share(f, _) | Cell::Counted(f, _) => whole_or_float(*f),
            Cell::Text(t) => t.clone().into(),
        }
    }

    pub fn is_number(&self) -> bool {
        matches!(self, Cell::Int(_) | Cell::Float(_) | Cell::Share(..) | Cell::Counted(..))
    }
}

fn whole_or_float(f: f64) -> serde_json::Value {
    if f.fract() == 0.0 && f.abs() < 9e15 {
        (f as i64).into()
    } else {
        serde_json::Number::from_f64((f * 1e6).round() / 1e6).map_or(serde_json::Value::Null, Into::into)
    }
}

fn percent(share: f64) -> String {
    format!("{} %", output::number((share * 1000.0).round() / 10.0))
}

/// A table: columns as machines name them (`name`) and as people read them (`header`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// A short file-safe name (`tabell-1`), for sheets and files.
    pub name: String,
    pub title: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// Lines printed under the table (sources, n).
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    pub header: String,
}

impl Column {
    pub fn new(name: impl Into<String>, header: impl Into<String>) -> Column {
        Column { name: name.into(), header: header.into() }
    }
}

impl Table {
    /// Leaves out the columns that have no value in any row (for people; machines keep every column).
    pub fn drop_empty_columns(&mut self) {
        let keep: Vec<bool> = (0..self.columns.len()).map(|i| self.rows.iter().any(|r| r[i] != Cell::Null)).collect();
        let mut i = 0;
        self.columns.retain(|_| (keep[i], i += 1).0);
        for r in &mut self.rows {
            let mut i = 0;
            r.retain(|_| (keep[i], i += 1).0);
        }
    }

    fn headers(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.header.as_str()).collect()
    }

    /// Columns whose cells are all numbers (or empty): right-aligned for people.
    fn numeric_columns(&self) -> Vec<usize> {
        (0..self.columns.len())
            .filter(|&i| {
                let mut cells = self.rows.iter().map(|r| &r[i]).filter(|c| **c != Cell::Null).peekable();
                cells.peek().is_some() && cells.all(Cell::is_number)
            })
            .collect()
    }
}

/// Writes `tables` in `format` to `w` (xlsx: one sheet per table; the others one after another).
pub fn write(tables: &[Table], format: Format, w: &mut dyn Write) -> Result<()> {
    match format {
        Format::Table => {
            for (i, t) in tables.iter().enumerate() {
                if i > 0 {
                    writeln!(w)?;
                }
                writeln!(w, "{}", terminal(t))?;
            }
        }
        Format::Md => {
            for (i, t) in tables.iter().enumerate() {
                if i > 0 {
                    writeln!(w)?;
                }
                w.write_all(markdown(t).as_bytes())?;
            }
        }
        Format::Csv => {
            for (i, t) in tables.iter().enumerate() {
                if i > 0 {
                    writeln!(w)?;
                }
                csv(t, w)?;
            }
        }
        Format::Json => {
            let doc = match tables {
                [one] => json(one),
                many => serde_json::Value::Object(many.iter().map(|t| (t.name.clone(), json(t))).collect()),
            };
            output::write_json(&doc, w)?;
        }
        Format::Xlsx => xlsx::write(tables, w)?,
        Format::Parquet => {
            let [one] = tables else { anyhow::bail!("Parquet holds one table: ask for one table, or use xlsx") };
            crate::frame::write_parquet(&mut crate::frame::table(one)?, w)?;
        }
    }
    Ok(())
}

/// A terminal table with borders, its title above and notes below.
pub fn terminal(t: &Table) -> String {
    let body: Vec<Vec<String>> = t.rows.iter().map(|r| r.iter().map(Cell::display).collect()).collect();
    let mut out = String::new();
    if let Some(title) = &t.title {
        out.push_str(title);
        out.push('\n');
    }
    out.push_str(&table(Style::Boxed, &t.headers(), &body, &t.numeric_columns()));
    for n in &t.notes {
        out.push('\n');
        out.push_str(n);
    }
    out
}

/// A GitHub-flavoured Markdown table, its title as a heading.
pub fn markdown(t: &Table) -> String {
    let escape = |s: &str| s.replace('|', "\\|").replace('\n', "<br>");
    let numeric = t.numeric_columns();
    let mut out = String::new();
    if let Some(title) = &t.title {
        out.push_str(&format!("## {}\n\n", escape(title)));
    }
    out.push_str(&format!("| {} |\n", t.headers().iter().map(|h| escape(h)).collect::<Vec<_>>().join(" | ")));
    let rule: Vec<&str> = (0..t.columns.len()).map(|i| if numeric.contains(&i) { "---:" } else { "---" }).collect();
    out.push_str(&format!("|{}|\n", rule.join("|")));
    for r in &t.rows {
        out.push_str(&format!("| {} |\n", r.iter().map(|c| escape(&c.display())).collect::<Vec<_>>().join(" | ")));
    }
    if !t.notes.is_empty() {
        out.push('\n');
        for n in &t.notes {
            out.push_str(&format!("{}\n", escape(n)));
        }
    }
    out
}

/// CSV with the machine column names; shares as fractions.
pub fn csv(t: &Table, w: &mut dyn Write) -> Result<()> {
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    output::write_csv(&names, t.rows.iter().map(|r| r.iter().map(Cell::plain).collect()), w)
}

/// An array of objects keyed by the machine column names, numbers typed, empty cells `null`.
pub fn json(t: &Table) -> serde_json::Value {
    let rows = t.rows.iter().map(|r| {
        let object: serde_json::Map<String, serde_json::Value> =
            t.columns.iter().zip(r).map(|(c, cell)| (c.name.clone(), cell.json())).collect();
        serde_json::Value::Object(object)
    });
    serde_json::Value::Array(rows.collect())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Borders: result tables.
    Boxed,
    /// No borders: listings (inspect, schema).
    Plain,
}

/// Renders `rows` under `header` with comfy-table; columns listed in `right` are right-aligned. On a
/// terminal the table wraps to its width; piped, it is laid out the same way every time.
pub fn table(style: Style, header: &[&str], rows: &[Vec<String>], right: &[usize]) -> String {
    let mut t = comfy_table::Table::new();
    t.load_preset(match style {
        Style::Boxed => presets::UTF8_FULL_CONDENSED,
        Style::Plain => presets::NOTHING,
    });
    if std::io::stdout().is_terminal() {
        t.set_content_arrangement(ContentArrangement::Dynamic);
    } else {
        t.set_content_arrangement(ContentArrangement::Disabled);
    }
    t.set_header(header.iter().copied());
    for r in rows {
        t.add_row(r.iter().map(String::as_str));
    }
    for &i in right {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    let text = t.to_string();
    // comfy-table pads every line to the table's width; trailing blanks only get in the way.
    text.lines().map(str::trim_end).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        Table {
            name: "t".into(),
            title: Some("Tabell".into()),
            columns: vec![Column::new("label", "Mål"), Column::new("2014", "2014"), Column::new("share", "Andel")],
            rows: vec![
                vec![Cell::text("Antall | personer"), Cell::Int(178), Cell::Share(0.8, Some(5))],
                vec![Cell::text("Kommuner"), Cell::Null, Cell::Share(1.0 / 3.0, None)],
            ],
            notes: vec![],
        }
    }

    #[test]
    fn cells_read_as_people_and_machines_expect() {
        assert_eq!(Cell::Share(0.8, Some(5)).display(), "80 % (n=5)");
        assert_eq!(Cell::Share(1.0 / 3.0, None).display(), "33.3 %");
        assert_eq!(Cell::Share(0.8, Some(5)).plain(), "0.8");
        assert_eq!(Cell::Float(1385.0).display(), "1385");
    }

    #[test]
    fn markdown_escapes_pipes_and_right_aligns_numbers() {
        let md = markdown(&sample());
        assert!(md.contains("| Antall \\| personer | 178 | 80 % (n=5) |"), "{md}");
        assert!(md.contains("|---|---:|---:|"), "{md}");
    }

    #[test]
    fn json_keeps_types_and_nulls() {
        let j = json(&sample());
        assert_eq!(j[0]["2014"], 178);
        assert_eq!(j[1]["2014"], serde_json::Value::Null);
        assert_eq!(j[1]["share"], 0.333333);
    }
}
