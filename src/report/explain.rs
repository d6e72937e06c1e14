//! The cells behind a report number: for one measure (or one option of a choice) and the report's
//! filters, one row per kept response with the cell as written, the value read, why it was not read
//! as written and the correction that decides it; then n and sum, computed from those rows exactly as
//! a report counts them (a value is one answer; an empty or unreadable cell is none).

use crate::correct::apply::Fixes;
use crate::lang::Lang;
use crate::model::table::{number, people, Cell, Column, Readers, Table};
use crate::normalise::long;
use crate::normalise::raw::RawCells;
use crate::normalise::store::{self, Responses};
use crate::read::value::NoteTag;
use crate::schema::{themes, Kind, Schema, Theme};
use anyhow::Result;

/// Which cells: one schema target, the report's years and centres.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Filter {
    pub(crate) target: usize,
    pub(crate) years: Option<(i32, i32)>,
    /// Centre indices; empty: every centre.
    pub(crate) centres: Vec<usize>,
}

impl Filter {
    fn keeps(&self, year: i32, centre: usize) -> bool {
        self.years.is_none_or(|(a, b)| (a..=b).contains(&year))
            && (self.centres.is_empty() || self.centres.contains(&centre))
    }
}

/// The rows, and what a report makes of them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Explained {
    pub(crate) table: Table,
    /// The answers: cells with a value (a number, Ja/Nei, a tick) or, for text and lists, with text.
    pub(crate) n: u64,
    /// Their sum (for a Ja/Nei or an option: the Ja/ticked count); `None` for text and lists,
    /// which a report does not sum either.
    pub(crate) sum: Option<f64>,
}

impl Explained {
    /// "n = 5, sum = 1 385" for people (Norwegian style), "n = 5, sum = 1385" for machines; "n = 5"
    /// for text and lists.
    pub(crate) fn summary(&self, readers: Readers) -> String {
        match self.sum {
            Some(sum) => {
                let sum = match readers {
                    Readers::People => people(sum, Lang::Nb),
                    Readers::Machines => number(sum),
                };
                format!("n = {}, sum = {sum}", self.n)
            }
            None => format!("n = {}", self.n),
        }
    }
}

/// What the `note` column says of a response: why its cell was not read as written, or that its form
/// did not ask the measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Why {
    Read(NoteTag),
    NotAsked,
}

impl Why {
    fn as_str(self) -> &'static str {
        match self {
            Why::Read(tag) => tag.as_str(),
            Why::NotAsked => "not asked",
        }
    }
}

/// The columns, as machines name them; a theme's explanation adds `matched`: the answer's words
/// that matched it (for `uncoded`, the themes that did).
pub(crate) const COLUMNS: [&str; 10] =
    ["year", "period", "centre", "source", "column", "raw", "value", "note", "correction", "matched"];

/// The columns' headings for people, in Norwegian and in English.
const HEADERS: [(&str, &str); 10] = [
    ("År", "Year"),
    ("Periode", "Period"),
    ("Sentral", "Centre"),
    ("Kilde", "Source"),
    ("Kolonne", "Column"),
    ("Som skrevet", "As written"),
    ("Verdi", "Value"),
    ("Merknad", "Note"),
    ("Korreksjon", "Correction"),
    ("Treff", "Matched"),
];

/// Explains `filter`'s cells over the kept responses, in the long table's order.
pub(crate) fn explain(
    r: &Responses,
    raw: &mut RawCells,
    fixes: &Fixes,
    schema: &Schema,
    filter: &Filter,
    lang: Lang,
) -> Result<Explained> {
    let (m, o) = schema.targets[filter.target];
    let kind = schema.target_kind(m, o);
    // A theme's cells are its measure's answers.
    let read = schema.read_target(filter.target);
    let theme = (read != filter.target).then(|| &schema.measures[m].options[o.unwrap_or(0)]);
    let (mut rows, mut n) = (Vec::new(), 0);
    let mut sum = matches!(kind, Kind::Number | Kind::Boolean | Kind::Choice).then_some(0.0);
    let mut buf = Vec::new();
    for i in long::order(r, schema) {
        let (year, centre) = (r.year[i], r.centre[i] as usize);
        if !filter.keeps(year, centre) {
            continue;
        }
        let file = &r.files[r.file[i] as usize];
        let cells = long::cells(raw, i, &mut buf)?;
        let period = schema.period_of(year).map_or("", |p| p.label.as_str());
        let mut row = vec![
            Cell::Int(i64::from(year)),
            Cell::text(period),
            Cell::text(&schema.centres[centre].name),
            Cell::text(format!("{}:{}", file.path, r.line[i])),
        ];
        match file.columns.iter().position(|fc| fc.target == read) {
            Some(c) => {
                let (fc, fix) = (&file.columns[c], fixes.get(i, read));
                let parsed = long::read(fc, cells[c], fix, schema);
                let (value, text, matched) = match theme {
                    Some(_) => coded(schema, m, o.unwrap_or(0), parsed.text.as_deref()),
                    None => {
                        let (value, text) = store::held(kind, parsed.value, parsed.text.as_deref());
                        (value, text, None)
                    }
                };
                // A report counts a cell with a value or with text; it sums the values.
                n += u64::from(value.is_some() || text.is_some());
                if let (Some(v), Some(sum)) = (value, sum.as_mut()) {
                    *sum += v;
                }
                let shown = value.map(Cell::Float).or(text.map(Cell::text)).unwrap_or(Cell::Null);
                row.extend([Cell::text(&fc.name), Cell::text(cells[c]), shown]);
                let why = parsed.note.as_ref().map(|n| Why::Read(n.tag).as_str());
                row.extend([
                    Cell::opt_text(why),
                    Cell::opt_text(fix.map(|f| f.id)),
                    Cell::opt_text(matched.as_deref()),
                ]);
            }
            // The form this file answers did not ask it: the response counts, the cell does not.
            None => row.extend([
                Cell::Null,
                Cell::Null,
                Cell::Null,
                Cell::text(Why::NotAsked.as_str()),
                Cell::Null,
                Cell::Null,
            ]),
        }
        rows.push(row);
    }
    let shown = if theme.is_some() { COLUMNS.len() } else { COLUMNS.len() - 1 };
    rows.iter_mut().for_each(|r| r.truncate(shown));
    let table = Table {
        name: "explain".into(),
        title: Some(format!("{} {}", lang.pick("Cellene bak", "The cells behind"), schema.target_id(filter.target))),
        columns: COLUMNS[..shown].iter().zip(HEADERS).map(|(c, (nb, en))| Column::new(*c, lang.pick(nb, en))).collect(),
        rows,
        notes: Vec::new(),
        lang,
    };
    Ok(Explained { table, n, sum })
}

/// A theme's value for an answer (1 when it matches, 0 when not, none when unanswered), no text
/// (the answer is in `raw`), and what matched: the words, or for `uncoded` the themes that did.
fn coded(
    schema: &Schema,
    m: usize,
    o: usize,
    answer: Option<&str>,
) -> (Option<f64>, Option<&'static str>, Option<String>) {
    let Some(hit) = schema.coded(m, o, answer) else { return (None, None, None) };
    let words = themes::words(answer.unwrap_or(""));
    let options = &schema.measures[m].options;
    let matched = match &options[o].theme {
        Some(Theme::Patterns(p)) => themes::matched(p, &words),
        _ => {
            let hits: Vec<&str> = (0..options.len())
                .filter(|&t| options[t].theme != Some(Theme::Uncoded) && schema.coded(m, t, answer) == Some(true))
                .map(|t| options[t].id.as_str())
                .collect();
            (!hits.is_empty()).then(|| hits.join(", "))
        }
    };
    (Some(f64::from(hit)), None, matched)
}
