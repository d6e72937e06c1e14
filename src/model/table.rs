//! Our own row model: a [`Table`] of typed [`Cell`]s under named [`Column`]s, and the one way numbers
//! are written ([`number`] for machines, [`people`] in Norwegian style for people). Reports, coverage
//! and SQL build tables; [`crate::render`] writes them and [`crate::frame`] turns them into Parquet.

use crate::lang::Lang;

/// Who reads a table: people (labels, «Totalt», Norwegian-style numbers and percentages, only the
/// columns that hold something) or machines (ids, plain numbers and fractions, every column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Readers {
    People,
    Machines,
}

/// Who reads a table, and in which language its words are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Audience {
    pub(crate) readers: Readers,
    pub(crate) lang: Lang,
}

impl Audience {
    pub(crate) fn people(lang: Lang) -> Audience {
        Audience { readers: Readers::People, lang }
    }

    pub(crate) fn machines(lang: Lang) -> Audience {
        Audience { readers: Readers::Machines, lang }
    }

    pub(crate) fn is_people(self) -> bool {
        self.readers == Readers::People
    }
}

/// One cell, typed: numbers stay numbers in CSV, JSON, Excel and Parquet.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
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
    pub(crate) fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    pub(crate) fn opt_text(s: Option<&str>) -> Cell {
        s.map_or(Cell::Null, Cell::text)
    }

    pub(crate) fn opt_float(v: Option<f64>) -> Cell {
        v.map_or(Cell::Null, Cell::Float)
    }

    /// For people, in Norwegian style: [`Cell::show`] in [`Lang::Nb`].
    pub(crate) fn display(&self) -> String {
        self.show(Lang::Nb)
    }

    /// For people, in `lang`'s style ([`people`]): `1 385`, `12,5`, `80 %`, `66,7 % (n=9)` in
    /// Norwegian; `1,385`, `12.5`, `80%` in English. A whole number of four digits (a year, a count of
    /// responses) is written as it is: `2017`.
    pub(crate) fn show(&self, lang: Lang) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Int(i) if i.unsigned_abs() < 10_000 => i.to_string(),
            Cell::Int(i) => people(*i as f64, lang),
            Cell::Float(f) => people(*f, lang),
            Cell::Share(s, None) => percent(*s, lang),
            Cell::Share(s, Some(n)) => format!("{} (n={n})", percent(*s, lang)),
            Cell::Counted(v, n) => format!("{} (n={n})", people(*v, lang)),
            Cell::Text(t) => t.clone(),
        }
    }

    /// For machines (CSV): numbers plain ([`number`]), shares as fractions.
    pub(crate) fn plain(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(v) | Cell::Share(v, _) | Cell::Counted(v, _) => number(*v),
            Cell::Text(t) => t.clone(),
        }
    }

    pub(crate) fn json(&self) -> serde_json::Value {
        match self {
            Cell::Null => serde_json::Value::Null,
            Cell::Int(i) => (*i).into(),
            Cell::Float(f) | Cell::Share(f, _) | Cell::Counted(f, _) => number_json(*f),
            Cell::Text(t) => t.clone().into(),
        }
    }

    pub(crate) fn is_number(&self) -> bool {
        matches!(self, Cell::Int(_) | Cell::Float(_) | Cell::Share(..) | Cell::Counted(..))
    }
}

/// A value for a reader, rounded to one decimal (`31,7`): over a bar, in a sentence.
pub(crate) fn rounded(v: f64, lang: Lang) -> String {
    people((v * 10.0).round() / 10.0, lang)
}

/// A share as a percent with one decimal at most: `66,7 %` (a non-breaking space before the sign) or
/// `66.7%`.
pub(crate) fn percent(share: f64, lang: Lang) -> String {
    format!("{}{}%", people((share * 1000.0).round() / 10.0, lang), lang.before_percent())
}

/// [`number`] as readers of `lang` write it, to one decimal: in Norwegian a decimal comma and a
/// non-breaking space between groups of three digits (`1 385`, `12,5`, `-1 234,5`, a mean `31,7`),
/// in English a decimal point and a comma (`1,385`). Machine formats keep [`number`].
pub(crate) fn people(v: f64, lang: Lang) -> String {
    // One decimal is what a reader takes in (a mean of 31,666667 reads as 31,7); machines get all.
    grouped((v * 10.0).round() / 10.0, lang)
}

/// As [`people`], every decimal kept: an axis tick of `0,05`, a value as an export holds it.
pub(crate) fn grouped(v: f64, lang: Lang) -> String {
    let plain = number(v);
    let (sign, digits) = plain.strip_prefix('-').map_or(("", plain.as_str()), |d| ("-", d));
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3 * 2);
    for (i, d) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(lang.thousands());
        }
        grouped.push(d);
    }
    match fraction {
        "" => format!("{sign}{grouped}"),
        f => format!("{sign}{grouped}{}{f}", lang.decimal()),
    }
}

/// A table: columns as machines name them (`name`) and as people read them (`header`).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Table {
    /// A short file-safe name (`tabell-1`), for sheets and files.
    pub(crate) name: String,
    pub(crate) title: Option<String>,
    pub(crate) columns: Vec<Column>,
    pub(crate) rows: Vec<Vec<Cell>>,
    /// Lines printed under the table (sources, n).
    pub(crate) notes: Vec<String>,
    /// The language of its labels, and the style of its numbers for people.
    pub(crate) lang: Lang,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Column {
    pub(crate) name: String,
    pub(crate) header: String,
    /// Whether the column names what each row is (a measure's or an option's label), which a page
    /// shows as the row's header.
    pub(crate) role: ColumnRole,
}

/// What a column is to its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ColumnRole {
    /// A key or a value.
    Data,
    /// The row's label, named `label` for machines.
    Label,
}

impl Column {
    pub(crate) fn new(name: impl Into<String>, header: impl Into<String>) -> Column {
        Column { name: name.into(), header: header.into(), role: ColumnRole::Data }
    }

    /// The column of the rows' labels, under `header`.
    pub(crate) fn label(header: impl Into<String>) -> Column {
        Column { name: "label".into(), header: header.into(), role: ColumnRole::Label }
    }
}

impl Table {
    /// The column that labels the rows, if any.
    pub(crate) fn label_column(&self) -> Option<usize> {
        self.columns.iter().position(|c| c.role == ColumnRole::Label)
    }

    /// Leaves out the columns that have no value in any row (for people; machines keep every column).
    pub(crate) fn drop_empty_columns(&mut self) {
        let keep: Vec<bool> = (0..self.columns.len()).map(|i| self.rows.iter().any(|r| r[i] != Cell::Null)).collect();
        let mut i = 0;
        self.columns.retain(|_| (keep[i], i += 1).0);
        for r in &mut self.rows {
            let mut i = 0;
            r.retain(|_| (keep[i], i += 1).0);
        }
    }

    pub(crate) fn headers(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.header.as_str()).collect()
    }

    /// Columns whose cells are all numbers (or empty): right-aligned for people.
    pub(crate) fn numeric_columns(&self) -> Vec<usize> {
        (0..self.columns.len())
            .filter(|&i| {
                let mut cells = self.rows.iter().map(|r| &r[i]).filter(|c| **c != Cell::Null).peekable();
                cells.peek().is_some() && cells.all(Cell::is_number)
            })
            .collect()
    }
}

/// The one way numbers are written, for people and machines alike: a whole number as an integer
/// (`12`, not `12.0`), any other with at most six decimals, trailing zeros dropped (`12.5`,
/// `0.333333`).
pub(crate) fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < WHOLE_LIMIT {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// [`number`] as a JSON number: an integer when whole, else rounded to six decimals.
pub(crate) fn number_json(v: f64) -> serde_json::Value {
    if v.fract() == 0.0 && v.abs() < WHOLE_LIMIT {
        (v as i64).into()
    } else {
        serde_json::Number::from_f64((v * 1e6).round() / 1e6).map_or(serde_json::Value::Null, Into::into)
    }
}

/// Whole numbers below this are written as integers (every one of them is exact in an f64).
const WHOLE_LIMIT: f64 = 9e15;

/// Serialises an optional number by [`number_json`] (`12`, not `12.0`).
pub(crate) fn serialize_number<S: serde::Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    use serde::Serialize;
    v.map(number_json).serialize(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_without_noise() {
        assert_eq!(number(12.0), "12");
        assert_eq!(number(12.5), "12.5");
        assert_eq!(number(1.0 / 3.0), "0.333333");
        assert_eq!(number(-3.0), "-3");
        assert_eq!(number_json(12.0), serde_json::json!(12));
        assert_eq!(number_json(1.0 / 3.0), serde_json::json!(0.333333));
    }

    #[test]
    fn cells_read_as_people_and_machines_expect() {
        assert_eq!(Cell::Share(0.8, Some(5)).display(), "80\u{a0}% (n=5)");
        assert_eq!(Cell::Share(2.0 / 3.0, None).display(), "66,7\u{a0}%");
        assert_eq!(Cell::Share(0.8, Some(5)).plain(), "0.8");
        assert_eq!(Cell::Float(1385.0).display(), "1\u{a0}385");
        assert_eq!(Cell::Float(1385.0).plain(), "1385");
        assert_eq!(Cell::Counted(12.5, 4).display(), "12,5 (n=4)");
        assert_eq!((Cell::Int(2017).display(), Cell::Int(12_345).display()), ("2017".into(), "12\u{a0}345".into()));
        assert_eq!((Cell::Int(12_345).plain(), Cell::Float(0.5).plain()), ("12345".into(), "0.5".into()));
    }

    #[test]
    fn people_read_numbers_in_norwegian_style() {
        let nb = |v| people(v, Lang::Nb);
        assert_eq!(nb(1385.0), "1\u{a0}385");
        assert_eq!(nb(12.5), "12,5");
        assert_eq!(nb(-1234.5), "-1\u{a0}234,5");
        assert_eq!(nb(1_234_567.0), "1\u{a0}234\u{a0}567");
        assert_eq!(nb(999.0), "999");
        // One decimal for readers: a mean of 95 / 3 reads 31,7 (machines keep 31.666667).
        assert_eq!((nb(95.0 / 3.0), nb(1.0 / 3.0), nb(0.04)), ("31,7".into(), "0,3".into(), "0".into()));
        assert_eq!(Cell::Float(95.0 / 3.0).plain(), "31.666667");
        assert_eq!(percent(2.0 / 3.0, Lang::Nb), "66,7\u{a0}%");
    }

    #[test]
    fn english_readers_get_points_commas_and_a_close_percent_sign() {
        let en = |v| people(v, Lang::En);
        assert_eq!((en(1385.0), en(12.5), en(-1234.5)), ("1,385".into(), "12.5".into(), "-1,234.5".into()));
        assert_eq!(percent(2.0 / 3.0, Lang::En), "66.7%");
        assert_eq!(Cell::Share(0.8, Some(5)).show(Lang::En), "80% (n=5)");
        assert_eq!(Cell::Int(12_345).show(Lang::En), "12,345");
    }
}
