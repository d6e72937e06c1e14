//! A report spread over one key: years as columns, like the published Tabell 1.

use super::{compare_keys, key_cell, label, stat as stat_value, Key, KeyValue, Plan, Stat};
use crate::lang::Lang;
use crate::model::aggregate::Aggregate;
use crate::model::table::{Audience, Cell, Column, Table};
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

/// A line of a pivot: the values of the other keys (the first of them may be a total over it), a
/// measure and an option.
#[derive(Debug, Clone, PartialEq)]
struct Line {
    keys: Vec<KeyValue>,
    measure: usize,
    option: Option<usize>,
}

/// Spreads `key` over columns. The other keys, then (for machines) `measure` and `option`, then the
/// label, then a column per value of `key` («Totalt» last). For people, a first row counts the
/// responses in each column, a share shows its n where that differs, a choice's options stand under
/// their question, and an overview's measures under their task.
pub(crate) fn pivot(plan: &Plan, rows: &[Aggregate], schema: &Schema, key: Key, to: Audience) -> Table {
    let at = plan.by.iter().position(|k| *k == key).expect("resolve checks that --pivot is a --by key");
    let others: Vec<usize> = (0..plan.by.len()).filter(|&i| i != at).collect();
    let values = column_values(rows, at);
    let lang = to.lang;
    let mut columns: Vec<Column> =
        others.iter().map(|&i| Column::new(plan.by[i].column(), plan.by[i].header(lang))).collect();
    if !to.is_people() {
        columns.extend([Column::new("measure", "Mål"), Column::new("option", "Alternativ")]);
    }
    columns.push(Column::label(""));
    for v in &values {
        let name = match v {
            KeyValue::Total => "total".to_string(),
            KeyValue::Group(_) => key_cell(v, Audience::machines(lang)).plain(),
        };
        columns.push(Column::new(name, key_cell(v, Audience::people(lang)).show(lang)));
    }
    let (lines, cells) = lines(rows, at, &others, &values);
    let mut body: Vec<Vec<Cell>> = Vec::new();
    let shares = rows.iter().any(|r| plan.stat_of(schema, r.measure) == Stat::Share);
    if to.is_people() && shares && others.is_empty() {
        // Every row of a column is the same group: any of them tells its responses.
        let mut responses = vec![0; values.len()];
        for line in &cells {
            for (c, r) in line.iter().enumerate() {
                responses[c] = r.map_or(responses[c], |r| r.responses);
            }
        }
        let mut row = vec![Cell::text(responses_label(key, lang))];
        row.extend(responses.into_iter().map(|n| Cell::Int(n as i64)));
        body.push(row);
    }
    body.extend(body_rows(plan, schema, to, &lines, &cells));
    Table { name: plan.name.clone(), title: plan.title.clone(), columns, rows: body, notes: vec![], lang }
}

/// The columns: each value of the pivoted key (a total, when the key is the first, last).
fn column_values(rows: &[Aggregate], at: usize) -> Vec<KeyValue> {
    let mut seen = HashSet::new();
    let mut values: Vec<KeyValue> = Vec::new();
    for r in rows {
        let v = KeyValue::of(r, at);
        if seen.insert(column_id(&v)) {
            values.push(v);
        }
    }
    values.sort_by(compare_values);
    values
}

/// A key value as a column tells it apart: the total, or the group's value as text.
fn column_id(v: &KeyValue) -> (bool, String) {
    match v {
        KeyValue::Total => (true, String::new()),
        KeyValue::Group(c) => (false, c.plain()),
    }
}

/// Groups in the keys' order, a total after them.
fn compare_values(a: &KeyValue, b: &KeyValue) -> std::cmp::Ordering {
    match (a, b) {
        (KeyValue::Group(a), KeyValue::Group(b)) => compare_keys(std::slice::from_ref(a), std::slice::from_ref(b)),
        (KeyValue::Group(_), KeyValue::Total) => std::cmp::Ordering::Less,
        (KeyValue::Total, KeyValue::Group(_)) => std::cmp::Ordering::Greater,
        (KeyValue::Total, KeyValue::Total) => std::cmp::Ordering::Equal,
    }
}

/// One line per (other keys, measure, option), in the rows' order, with its cell per column; a total
/// over another key is a line of its own.
fn lines<'a>(
    rows: &'a [Aggregate],
    at: usize,
    others: &[usize],
    values: &[KeyValue],
) -> (Vec<Line>, Vec<Vec<Option<&'a Aggregate>>>) {
    let column: HashMap<(bool, String), usize> = values.iter().enumerate().map(|(i, v)| (column_id(v), i)).collect();
    let id = |r: &Aggregate| Line {
        keys: others.iter().map(|&i| KeyValue::of(r, i)).collect(),
        measure: r.measure,
        option: r.option,
    };
    let mut sorted: Vec<(Line, &Aggregate)> = rows.iter().map(|r| (id(r), r)).collect();
    sorted.sort_by(|(a, _), (b, _)| compare_lines(a, b));
    let mut lines: Vec<Line> = Vec::new();
    let mut cells: Vec<Vec<Option<&Aggregate>>> = Vec::new();
    for (line, r) in sorted {
        // Equal lines sort next to each other.
        if lines.last() != Some(&line) {
            lines.push(line);
            cells.push(vec![None; values.len()]);
        }
        let c = column[&column_id(&KeyValue::of(r, at))];
        cells.last_mut().expect("pushed above")[c] = Some(r);
    }
    (lines, cells)
}

/// Lines of groups before a total's, then by their keys' values, then in the schema's order of
/// measures and options.
fn compare_lines(a: &Line, b: &Line) -> std::cmp::Ordering {
    let total = |l: &Line| l.keys.first() == Some(&KeyValue::Total);
    let cells = |l: &Line| -> Vec<Cell> {
        l.keys
            .iter()
            .map(|k| match k {
                KeyValue::Group(c) => c.clone(),
                KeyValue::Total => Cell::Null,
            })
            .collect()
    };
    total(a)
        .cmp(&total(b))
        .then_with(|| compare_keys(&cells(a), &cells(b)))
        .then((a.measure, a.option).cmp(&(b.measure, b.option)))
}

/// The table's rows for `lines`: for people, a task's title above an overview's measures and a
/// choice's question above its options.
fn body_rows(
    plan: &Plan,
    schema: &Schema,
    to: Audience,
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
    let (lang, people) = (to.lang, to.is_people());
    let mut body = Vec::new();
    let (mut last_task, mut last_measure) = (None, None);
    for (Line { keys, measure, option }, line_cells) in lines.iter().zip(cells) {
        let m = &schema.measures[*measure];
        let lead: Vec<Cell> = keys.iter().map(|k| key_cell(k, to)).collect();
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

/// What the first row of a pivot of shares counts in each column: a year's responses are its
/// centres (one report each); a period's, a region's or a centre's are reports, one per centre and
/// year.
fn responses_label(key: Key, lang: Lang) -> &'static str {
    match key {
        Key::Year => lang.pick("Sentraler som rapporterte (n)", "Centres that reported (n)"),
        Key::Period | Key::Centre | Key::Region | Key::Task => {
            lang.pick("Rapporter (sentral og år, n)", "Reports (centre and year, n)")
        }
    }
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
