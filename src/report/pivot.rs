//! A report spread over one key: years as columns, like the published Tabell 1.

use super::{compare_keys, key_cell, label, stat as stat_value, Key, Plan, Stat};
use crate::lang::Lang;
use crate::model::aggregate::Aggregate;
use crate::model::table::{Cell, Column, Table};
use crate::schema::{Kind, Schema};
use std::collections::{HashMap, HashSet};

/// The statistic a pivot shows when none is asked: numbers summed, Ja/Nei and options as shares,
/// text counted, lists' distinct items.
pub(crate) fn default_stat(kind: Kind) -> Stat {
    match kind {
        Kind::Number => Stat::Sum,
        Kind::Boolean | Kind::Choice => Stat::Share,
        Kind::Text => Stat::N,
        Kind::List => Stat::Distinct,
    }
}

/// A line of a pivot: (a total over another key, the other keys, measure, option).
type Line = (bool, Vec<Cell>, usize, Option<usize>);

/// Spreads `key` over columns. The other keys, then (for machines) `measure` and `option`, then the
/// label, then a column per value of `key` («Totalt» last). For people, a first row counts the
/// responses in each column, a share shows its n where that differs, a choice's options stand under
/// their question, and an overview's measures under their task.
pub(crate) fn pivot(plan: &Plan, rows: &[Aggregate], schema: &Schema, key: Key, people: bool) -> Table {
    let at = plan.by.iter().position(|k| *k == key).expect("resolve checks that --pivot is a --by key");
    let others: Vec<usize> = (0..plan.by.len()).filter(|&i| i != at).collect();
    let values = column_values(rows, at);
    let lang = plan.lang;
    let mut columns: Vec<Column> =
        others.iter().map(|&i| Column::new(plan.by[i].column(), plan.by[i].header(lang))).collect();
    if !people {
        columns.extend([Column::new("measure", "Mål"), Column::new("option", "Alternativ")]);
    }
    columns.push(Column::label(""));
    for (total, v) in &values {
        let name = if *total { "total".to_string() } else { key_cell(v, false, false, lang).plain() };
        columns.push(Column::new(name, key_cell(v, *total, true, lang).show(lang)));
    }
    let (lines, cells) = lines(rows, at, &others, &values);
    let mut body: Vec<Vec<Cell>> = Vec::new();
    let shares = rows.iter().any(|r| plan.stat_of(schema, r.measure) == Stat::Share);
    if people && shares && others.is_empty() {
        // Every row of a column is the same group: any of them tells its responses.
        let mut responses = vec![0; values.len()];
        for line in &cells {
            for (c, r) in line.iter().enumerate() {
                responses[c] = r.map_or(responses[c], |r| r.responses);
            }
        }
        let mut row = vec![Cell::text(lang.pick("Sentraler som rapporterte (n)", "Centres that reported (n)"))];
        row.extend(responses.into_iter().map(|n| Cell::Int(n as i64)));
        body.push(row);
    }
    body.extend(body_rows(plan, schema, people, &lines, &cells));
    Table { name: plan.name.clone(), title: plan.title.clone(), columns, rows: body, notes: vec![], lang }
}

/// The columns: each value of the pivoted key (a total, when the key is the first, last).
fn column_values(rows: &[Aggregate], at: usize) -> Vec<(bool, Cell)> {
    let mut seen = HashSet::new();
    let mut values: Vec<(bool, Cell)> = Vec::new();
    for r in rows {
        let v = (r.total && at == 0, r.keys[at].clone());
        if seen.insert((v.0, v.1.plain())) {
            values.push(v);
        }
    }
    values.sort_by(|a, b| {
        a.0.cmp(&b.0).then_with(|| compare_keys(std::slice::from_ref(&a.1), std::slice::from_ref(&b.1)))
    });
    values
}

/// One line per (other keys, measure, option), in the rows' order, with its cell per column; a total
/// over another key is a line of its own.
fn lines<'a>(
    rows: &'a [Aggregate],
    at: usize,
    others: &[usize],
    values: &[(bool, Cell)],
) -> (Vec<Line>, Vec<Vec<Option<&'a Aggregate>>>) {
    let column: HashMap<(bool, String), usize> =
        values.iter().enumerate().map(|(i, (total, v))| ((*total, v.plain()), i)).collect();
    let line_total = |r: &Aggregate| r.total && at != 0;
    let id = |r: &Aggregate| -> Line {
        (line_total(r), others.iter().map(|&i| r.keys[i].clone()).collect(), r.measure, r.option)
    };
    let mut sorted: Vec<(Line, &Aggregate)> = rows.iter().map(|r| (id(r), r)).collect();
    sorted.sort_by(|(a, _), (b, _)| {
        a.0.cmp(&b.0).then_with(|| compare_keys(&a.1, &b.1)).then((a.2, a.3).cmp(&(b.2, b.3)))
    });
    let mut lines: Vec<Line> = Vec::new();
    let mut cells: Vec<Vec<Option<&Aggregate>>> = Vec::new();
    for (line, r) in sorted {
        // Equal lines sort next to each other.
        if lines.last() != Some(&line) {
            lines.push(line);
            cells.push(vec![None; values.len()]);
        }
        let c = column[&(r.total && at == 0, r.keys[at].plain())];
        cells.last_mut().expect("pushed above")[c] = Some(r);
    }
    (lines, cells)
}

/// The table's rows for `lines`: for people, a task's title above an overview's measures and a
/// choice's question above its options.
fn body_rows(
    plan: &Plan,
    schema: &Schema,
    people: bool,
    lines: &[Line],
    cells: &[Vec<Option<&Aggregate>>],
) -> Vec<Vec<Cell>> {
    let width = cells.first().map_or(0, Vec::len);
    let blank = |lead: Vec<Cell>, text: String| -> Vec<Cell> {
        let mut row = lead;
        row.push(Cell::Text(text));
        row.extend((0..width).map(|_| Cell::Null));
        row
    };
    let lang = plan.lang;
    let mut body = Vec::new();
    let (mut last_task, mut last_measure) = (None, None);
    for ((total, keys, measure, option), line_cells) in lines.iter().zip(cells) {
        let m = &schema.measures[*measure];
        // `others[0]` is the plan's first key exactly when the pivot key is not.
        let lead: Vec<Cell> =
            keys.iter().enumerate().map(|(j, k)| key_cell(k, *total && j == 0, people, lang)).collect();
        if people && plan.overview && last_task != Some(m.task) {
            body.push(blank(lead.clone(), task_title(schema, m.task, lang)));
            last_task = Some(m.task);
        }
        if people && option.is_some() && last_measure != Some((keys, *measure)) {
            body.push(blank(lead.clone(), m.label_in(lang).to_string()));
        }
        last_measure = Some((keys, *measure));
        let mut row = lead;
        if !people {
            row.push(Cell::text(&m.id));
            row.push(Cell::opt_text(option.map(|o| m.options[o].id.as_str())));
        }
        let text = label(schema, *measure, *option, lang);
        row.push(Cell::text(if people && option.is_some() { format!("  {text}") } else { text.to_string() }));
        // A cell shows its n only where it covers fewer responses than its group holds.
        row.extend(
            line_cells.iter().map(|r| r.map_or(Cell::Null, |r| value(plan, schema, r, people.then_some(r.responses)))),
        );
        body.push(row);
    }
    body
}

/// «Oppgave 2: Tilby hospitering», or the grant's line.
fn task_title(schema: &Schema, task: u8, lang: Lang) -> String {
    match schema.tasks.iter().find(|t| t.number == task) {
        Some(t) => format!("{} {}: {}", lang.pick("Oppgave", "Task"), t.number, t.label_in(lang)),
        None => lang.pick("Ikke en oppgave: tilskuddet", "Not a task: the grant").to_string(),
    }
}

/// The cell of one row: the statistic, with its n when that differs from the column's `responses`
/// (for people; machines pass `None`).
fn value(plan: &Plan, schema: &Schema, r: &Aggregate, responses: Option<u64>) -> Cell {
    let stat = plan.stat_of(schema, r.measure);
    let fewer = responses.filter(|&n| n != r.n).map(|_| r.n);
    match (stat, stat_value(r, stat), fewer) {
        (_, None, _) => Cell::Null,
        (Stat::Share, Some(s), _) => Cell::Share(s, fewer),
        (Stat::N | Stat::Distinct, Some(v), _) => Cell::Int(v as i64),
        (_, Some(v), Some(n)) => Cell::Counted(v, n),
        (_, Some(v), None) => Cell::Float(v),
    }
}
