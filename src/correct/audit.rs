//! The audit table: one row per correction, with what became of it on this run and the value before
//! and after (`friskliv corrections`, and the spec report's list of corrections).

use super::apply::{Decision, Fix};
use super::{Action, Corrections, Status};
use crate::lang::Lang;
use crate::model::table::{Audience, Cell, Column, Readers, Table};
use crate::schema::Schema;

/// The columns, as machines name them.
pub(crate) const COLUMNS: [&str; 13] = [
    "id",
    "status",
    "year",
    "centre",
    "measure",
    "option",
    "old",
    "new",
    "value_before",
    "value_after",
    "reason",
    "author",
    "date",
];

/// One row per correction (in the file's order); `decisions` as [`crate::normalise::Dataset`] holds them.
pub(crate) fn table(corrections: &Corrections, decisions: &[Decision], schema: &Schema) -> Table {
    let rows = decisions.iter().map(|d| row(corrections, d, schema)).collect();
    Table {
        name: "corrections".into(),
        title: Some(format!("Corrections ({})", corrections.path)),
        columns: COLUMNS.iter().map(|c| Column::new(*c, *c)).collect(),
        rows,
        notes: Vec::new(),
        lang: Lang::Nb,
    }
}

fn row(corrections: &Corrections, d: &Decision, schema: &Schema) -> Vec<Cell> {
    let c = &corrections.list[d.correction];
    let (measure, option) = match c.target.map(|t| schema.targets[t]) {
        Some((m, o)) => (Some(schema.measures[m].id.as_str()), o.map(|o| schema.measures[m].options[o].id.as_str())),
        None => (None, None),
    };
    let (old, new) = match &c.action {
        Action::Set { old, new } => (Some(old.as_str()), Some(new.as_str())),
        Action::Confirm { old } => (Some(old.as_str()), None),
        Action::Drop => (None, None),
    };
    let before = d.cell.as_ref().and_then(|cell| cell.shown(None, schema));
    let after = match (d.status, &d.cell) {
        (Status::Applied, Some(cell)) => cell.shown(Fix::of(c), schema),
        (Status::Applied | Status::Unchanged | Status::Stale, _) => before.clone(),
        (Status::Unmatched, _) => None,
    };
    vec![
        Cell::text(&c.id),
        Cell::text(d.status.as_str()),
        Cell::Int(i64::from(c.year)),
        Cell::text(&schema.centres[c.centre].name),
        Cell::opt_text(measure),
        Cell::opt_text(option),
        Cell::opt_text(old),
        Cell::opt_text(new),
        Cell::opt_text(before.as_deref()),
        Cell::opt_text(after.as_deref()),
        Cell::text(&c.reason),
        Cell::text(&c.author),
        Cell::text(&c.date),
    ]
}

/// The name of the table of corrections applied, which ends a report.
pub(crate) const APPLIED_TABLE: &str = "korreksjoner";

/// A target as a reader knows it: the measure's label, and an option's after it.
fn target_label(schema: &Schema, t: usize, lang: Lang) -> String {
    let (m, o) = schema.targets[t];
    let measure = &schema.measures[m];
    match o {
        Some(o) => format!("{}: {}", measure.label_in(lang), measure.options[o].label_in(lang)),
        None => measure.label_in(lang).to_string(),
    }
}

/// The corrections applied, for a published report to carry its own audit trail: `None` when none
/// was applied.
pub(crate) fn applied_table(
    corrections: &Corrections,
    decisions: &[Decision],
    schema: &Schema,
    to: Audience,
) -> Option<Table> {
    let lang = to.lang;
    let rows: Vec<Vec<Cell>> = decisions
        .iter()
        .filter(|d| d.status == Status::Applied)
        .map(|d| {
            let c = &corrections.list[d.correction];
            let change = match &c.action {
                Action::Set { old, new } => format!("{old:?} → {new:?}"),
                Action::Confirm { old } => format!("{old:?} {}", lang.pick("bekreftet", "confirmed")),
                Action::Drop => {
                    let dropped = lang.pick("besvarelsen utelatt", "response left out");
                    format!("{dropped} ({})", d.source.as_deref().unwrap_or(""))
                }
            };
            vec![
                Cell::text(&c.id),
                Cell::text(&schema.centres[c.centre].name),
                Cell::Int(i64::from(c.year)),
                Cell::opt_text(
                    c.target
                        .map(|t| match to.readers {
                            Readers::People => target_label(schema, t, lang),
                            Readers::Machines => schema.target_id(t),
                        })
                        .as_deref(),
                ),
                Cell::text(change),
                Cell::text(&c.reason),
            ]
        })
        .collect();
    let columns = [
        ("id", lang.pick("Korreksjon", "Correction")),
        ("centre", lang.pick("Utviklingssentral", "Development centre")),
        ("year", lang.pick("År", "Year")),
        ("measure", lang.pick("Mål", "Measure")),
        ("change", lang.pick("Endring", "Change")),
        ("reason", lang.pick("Begrunnelse", "Reason")),
    ];
    let title = lang.pick("Korreksjoner brukt", "Corrections applied");
    (!rows.is_empty()).then(|| Table {
        name: APPLIED_TABLE.into(),
        title: Some(format!("{title} ({})", corrections.path)),
        columns: columns.iter().map(|(n, h)| Column::new(*n, *h)).collect(),
        rows,
        notes: Vec::new(),
        lang,
    })
}

/// The ids of the applied corrections that touch `measures` in `years` (inclusive; `None`: all) and
/// `centres` (empty: all): a corrected cell of one of them, or a response left out.
pub(crate) fn applied_to(
    corrections: &Corrections,
    decisions: &[Decision],
    schema: &Schema,
    measures: &[usize],
    years: Option<(i32, i32)>,
    centres: &[usize],
) -> Vec<String> {
    decisions
        .iter()
        .filter(|d| d.status == Status::Applied)
        .map(|d| &corrections.list[d.correction])
        .filter(|c| years.is_none_or(|(from, to)| (from..=to).contains(&c.year)))
        .filter(|c| centres.is_empty() || centres.contains(&c.centre))
        .filter(|c| c.target.is_none_or(|t| measures.contains(&schema.targets[t].0)))
        .map(|c| c.id.clone())
        .collect()
}
