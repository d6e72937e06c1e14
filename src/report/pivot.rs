//! A report spread over one key: years as columns, like the published Tabell 1.

use super::{compare_keys, key_cell, label, stat as stat_value, Key, Plan, Stat};
use crate::aggregate::Aggregate;
use crate::schema::{Kind, Schema};
use crate::table::{Cell, Column, Table};
use std::collections::BTreeMap;

/// The statistic a pivot shows when none is asked: numbers summed, Ja/Nei and options as shares,
/// text counted, lists' distinct items.
pub fn default_stat(kind: Kind) -> Stat {
    match kind {
        Kind::Number => Stat::Sum,
        Kind::Boolean | Kind::Choice => Stat::Share,
        Kind::Text => Stat::N,
        Kind::List => Stat::Distinct,
    }
}

/// Spreads `key` over columns. The other keys, then (for machines) `measure` and `option`, then the
/// label, then a column per value of `key` («Totalt» last). For people, a first row counts the
/// responses in each column, a share shows its n where that differs, a choice's options stand under
/// their question, and an overview's measures under their task.
pub fn pivot(plan: &Plan, rows: &[Aggregate], schema: &Schema, key: Key, people: bool) -> Table {
    let at = plan.by.iter().position(|k| *k == key).expect("resolve checks that --pivot is a --by key");
    let others: Vec<usize> = (0..plan.by.len()).filter(|&i| i != at).collect();

    // The columns: each value of `key` (a total, when the key is the first, last).
    let column_of = |r: &Aggregate| (r.total && at == 0, r.keys[at].clone());
    let mut values: Vec<(bool, Cell)> = Vec::new();
    for r in rows {
        if !values.contains(&column_of(r)) {
            values.push(column_of(r));
        }
    }
    values.sort_by(|a, b| {
        a.0.cmp(&b.0).then_with(|| compare_keys(std::slice::from_ref(&a.1), std::slice::from_ref(&b.1)))
    });

    let mut columns: Vec<Column> =
        others.iter().map(|&i| Column::new(plan.by[i].column(), plan.by[i].header())).collect();
    if !people {
        columns.extend([Column::new("measure", "Mål"), Column::new("option", "Alternativ")]);
    }
    columns.push(Column::new("label", ""));
    for (total, v) in &values {
        let name = if *total { "total".to_string() } else { key_cell(v, false, false).plain() };
        columns.push(Column::new(name, key_cell(v, *total, true).display()));
    }

    // One line per (other keys, measure, option), in the rows' order; a total over another key is
    // a line of its own.
    type Line = (bool, Vec<Cell>, usize, Option<usize>);
    let mut lines: Vec<Line> = Vec::new();
    let mut cells: BTreeMap<usize, Vec<Option<&Aggregate>>> = BTreeMap::new();
    let mut sorted: Vec<&Aggregate> = rows.iter().collect();
    let line_total = |r: &Aggregate| r.total && at != 0;
    sorted.sort_by(|a, b| {
        let ka: Vec<Cell> = others.iter().map(|&i| a.keys[i].clone()).collect();
        let kb: Vec<Cell> = others.iter().map(|&i| b.keys[i].clone()).collect();
        line_total(a)
            .cmp(&line_total(b))
            .then_with(|| compare_keys(&ka, &kb))
            .then((a.measure, a.option).cmp(&(b.measure, b.option)))
    });
    for r in sorted {
        let id: Line = (line_total(r), others.iter().map(|&i| r.keys[i].clone()).collect(), r.measure, r.option);
        let line = match lines.iter().position(|l| *l == id) {
            Some(i) => i,
            None => {
                lines.push(id);
                lines.len() - 1
            }
        };
        let col = values.iter().position(|v| *v == column_of(r)).expect("every value is a column");
        cells.entry(line).or_insert_with(|| vec![None; values.len()])[col] = Some(r);
    }

    // A cell shows its n only where it covers fewer responses than its group holds.
    let blank = |lead: Vec<Cell>, text: String| -> Vec<Cell> {
        let mut row = lead;
        row.push(Cell::Text(text));
        row.extend(values.iter().map(|_| Cell::Null));
        row
    };
    let mut body: Vec<Vec<Cell>> = Vec::new();
    let shares = rows.iter().any(|r| stat_of(plan, schema, r) == Stat::Share);
    if people && shares && others.is_empty() {
        let mut row: Vec<Cell> = others.iter().map(|_| Cell::Null).collect();
        row.push(Cell::text("Sentraler som rapporterte (n)"));
        row.extend(values.iter().map(|v| {
            let responses = rows.iter().find(|r| column_of(r) == *v).map_or(0, |r| r.responses);
            Cell::Int(responses as i64)
        }));
        body.push(row);
    }
    let mut last_task = None;
    let mut last_measure = None;
    for (i, (total, keys, measure, option)) in lines.iter().enumerate() {
        let m = &schema.measures[*measure];
        // `others[0]` is the plan's first key exactly when the pivot key is not.
        let lead: Vec<Cell> = keys.iter().enumerate().map(|(j, k)| key_cell(k, *total && j == 0, people)).collect();
        if people && plan.overview && last_task != Some(m.task) {
            let task = schema.tasks.iter().find(|t| t.number == m.task);
            let title = task
                .map_or("Ikke en oppgave: tilskuddet".to_string(), |t| format!("Oppgave {}: {}", t.number, t.label));
            body.push(blank(lead.clone(), title));
            last_task = Some(m.task);
        }
        if people && option.is_some() && last_measure != Some((keys, *measure)) {
            body.push(blank(lead.clone(), m.label.clone()));
        }
        last_measure = Some((keys, *measure));
        let mut row = lead;
        if !people {
            row.push(Cell::text(&m.id));
            row.push(Cell::opt_text(option.map(|o| m.options[o].id.as_str())));
        }
        let text = label(schema, *measure, *option);
        row.push(Cell::text(if people && option.is_some() { format!("  {text}") } else { text.to_string() }));
        for r in &cells[&i] {
            row.push(match r {
                None => Cell::Null,
                Some(r) => value(plan, schema, r, people.then_some(r.responses)),
            });
        }
        body.push(row);
    }
    Table { name: plan.name.clone(), title: plan.title.clone(), columns, rows: body, notes: vec![] }
}

fn stat_of(plan: &Plan, schema: &Schema, r: &Aggregate) -> Stat {
    plan.stat.unwrap_or_else(|| default_stat(schema.measures[r.measure].kind))
}

/// The cell of one row: the statistic, with its n when that differs from the column's `responses`
/// (for people; machines pass `None`).
fn value(plan: &Plan, schema: &Schema, r: &Aggregate, responses: Option<u64>) -> Cell {
    let stat = stat_of(plan, schema, r);
    let fewer = responses.filter(|&n| n != r.n).map(|_| r.n);
    match (stat, stat_value(r, stat), fewer) {
        (_, None, _) => Cell::Null,
        (Stat::Share, Some(s), _) => Cell::Share(s, fewer),
        (Stat::N | Stat::Distinct, Some(v), _) => Cell::Int(v as i64),
        (_, Some(v), Some(n)) => Cell::Counted(v, n),
        (_, Some(v), None) => Cell::Float(v),
    }
}
