//! Exports → the normalised table: every row of every file ends **kept**, **excluded** or
//! **rejected** with a reason, and every answer cell of a kept row becomes one [`Observation`] (one
//! row per response × measure × option), its raw text beside the parsed value.
//!
//! Excluded: a blank row, a test response (`tester` = 1), not completed (a `dispcode` outside the
//! completed set, an empty `Fullført`), superseded by a resubmission completed later for the same
//! centre and year (across all files read). Rejected: no year, no centre column, an unknown centre
//! (with a hint, never a fuzzy match), a centre that was not a development centre that year, a year no
//! agreement period covers, values beyond the header's last column.

use crate::diagnostics::{Diagnostics, Problem, Severity};
use crate::input::Input;
use crate::layout::Mapping;
use crate::read::{self, Export};
use crate::schema::{Kind, Role, Schema};
use crate::value;
use crate::year;
use serde::Serialize;
use std::collections::BTreeMap;

/// One kept answer: the normalised table's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observation {
    pub year: i32,
    pub period: String,
    pub centre: String,
    pub region: String,
    /// 1–9; `None` for the grant, which is not a task.
    pub task: Option<u8>,
    pub measure: String,
    pub kind: Kind,
    /// The option of a choice measure.
    pub option: Option<String>,
    /// The number; 1/0 for Ja/Nei and ticked/unticked; `None` when unanswered or unreadable.
    #[serde(serialize_with = "crate::output::serialize_number")]
    pub value: Option<f64>,
    /// Free text, or a list's items joined by "; ".
    pub text: Option<String>,
    /// The cell as written.
    pub raw: String,
    /// Why the cell was not read as written: `approximate`, `range`, `not a number`…
    pub note: Option<String>,
    /// `file:line`.
    pub source: String,
    /// The column's header (an EFS column's variable name).
    pub column: String,
    #[serde(skip)]
    pub order: (usize, usize),
}

impl Observation {
    /// The row as CSV fields, in the order of [`crate::frame::NORMALISED_COLUMNS`].
    pub fn fields(&self) -> Vec<String> {
        let opt = |s: &Option<String>| s.clone().unwrap_or_default();
        vec![
            self.year.to_string(),
            self.period.clone(),
            self.centre.clone(),
            self.region.clone(),
            self.task.map(|t| t.to_string()).unwrap_or_default(),
            self.measure.clone(),
            self.kind.to_string(),
            opt(&self.option),
            self.value.map(crate::output::number).unwrap_or_default(),
            opt(&self.text),
            self.raw.clone(),
            opt(&self.note),
            self.source.clone(),
            self.column.clone(),
        ]
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Kept,
    Excluded(String),
    Rejected(String),
}

/// What happened to one data row.
#[derive(Debug, Clone)]
pub struct Row {
    pub file: String,
    pub line: usize,
    pub year: Option<i32>,
    pub centre: Option<String>,
    pub outcome: Outcome,
    file_index: usize,
    row_index: usize,
    completed: Option<Timestamp>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub read: usize,
    pub kept: usize,
    pub excluded: usize,
    pub rejected: usize,
}

/// One input file: what was read of it, and its row accounting.
#[derive(Debug, Clone)]
pub struct FileSummary {
    pub path: String,
    /// `None` when the file could not be read at all (see the diagnostics).
    pub export: Option<Export>,
    pub counts: Counts,
}

/// Everything read from a set of inputs.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub files: Vec<FileSummary>,
    pub rows: Vec<Row>,
    pub observations: Vec<Observation>,
    pub diagnostics: Diagnostics,
}

impl Dataset {
    pub fn totals(&self) -> Counts {
        self.files.iter().fold(Counts::default(), |a, f| Counts {
            read: a.read + f.counts.read,
            kept: a.kept + f.counts.kept,
            excluded: a.excluded + f.counts.excluded,
            rejected: a.rejected + f.counts.rejected,
        })
    }

    /// "read 81 rows from 9 files: 78 kept, 3 excluded, 0 rejected"
    pub fn summary(&self) -> String {
        let t = self.totals();
        let files = self.files.len();
        format!(
            "read {} row{} from {files} file{}: {} kept, {} excluded, {} rejected",
            t.read,
            if t.read == 1 { "" } else { "s" },
            if files == 1 { "" } else { "s" },
            t.kept,
            t.excluded,
            t.rejected
        )
    }
}

/// `(y, m, d, h, min, s)`, comparable.
type Timestamp = (i32, u32, u32, u32, u32, u32);

/// Reads and normalises every input.
pub fn load(inputs: &[Input], schema: &Schema) -> Dataset {
    let mut diags = Diagnostics::default();
    let mut files = Vec::new();
    let mut rows = Vec::new();
    for (file_index, input) in inputs.iter().enumerate() {
        let export = read::read(input, schema, &mut diags);
        if let Some(e) = &export {
            classify_rows(e, file_index, schema, &mut rows, &mut diags);
        }
        files.push(FileSummary { path: input.display(), export, counts: Counts::default() });
    }
    supersede_resubmissions(&mut rows, &mut diags);
    let observations = observe(&files, &rows, schema, &mut diags);
    report_unread_columns(&files, schema, &mut diags);
    for r in &rows {
        let c = &mut files[r.file_index].counts;
        c.read += 1;
        match r.outcome {
            Outcome::Kept => c.kept += 1,
            Outcome::Excluded(_) => c.excluded += 1,
            Outcome::Rejected(_) => c.rejected += 1,
        }
    }
    for f in &files {
        if let Some(e) = f.export.as_ref().filter(|e| e.rows.is_empty()) {
            diags.push(
                Problem::new(Severity::Warning, &f.path, "the file has a header but no responses")
                    .line(e.header_rows())
                    .hint("check that this is the full export"),
            );
        }
    }
    diags.sort();
    Dataset { files, rows, observations, diagnostics: diags }
}

/// Decides each row's outcome, except superseding, which needs every file.
fn classify_rows(e: &Export, file_index: usize, schema: &Schema, rows: &mut Vec<Row>, diags: &mut Diagnostics) {
    let width = e.layout.columns.len();
    let col = |role| e.layout.role(role);
    let (centre_col, year_col) = (col(Role::Centre), col(Role::Year));
    let timestamp_columns: Vec<usize> =
        (0..width).filter(|&c| e.layout.columns[c].mapping == Mapping::Role(Role::Timestamp)).collect();
    let mut trailing_empty = 0;
    for (row_index, record) in e.rows.iter().enumerate() {
        let mut row = Row {
            file: e.path.clone(),
            line: record.line,
            year: e.year,
            centre: None,
            outcome: Outcome::Kept,
            file_index,
            row_index,
            completed: None,
        };
        let problem = |severity, message: String| Problem::new(severity, &e.path, message).line(record.line);
        let cell = |c: usize| e.cell(record, c).trim();
        let outcome = (|| {
            if record.is_blank() {
                return Outcome::Excluded("blank row".into());
            }
            if record.fields.len() > width {
                let extra = &record.fields[width..];
                if extra.iter().any(|f| !f.trim().is_empty()) {
                    let msg = format!(
                        "has {} fields but the header has {width}: values beyond the last column (a delimiter inside an unquoted answer?)",
                        record.fields.len()
                    );
                    diags.push(
                        problem(Severity::Error, format!("row {msg}"))
                            .hint("quote the answer or export the file again; the row is not read"),
                    );
                    return Outcome::Rejected(format!("row {msg}"));
                }
                trailing_empty += 1;
            } else if record.fields.len() < width {
                diags.push(
                    problem(
                        Severity::Warning,
                        format!(
                            "row has {} fields but the header has {width}: the missing cells are read as unanswered",
                            record.fields.len()
                        ),
                    )
                    .hint("check that the row is complete"),
                );
            }
            if let Some(c) = col(Role::Tester) {
                if cell(c) == "1" {
                    return Outcome::Excluded("test response (tester = 1)".into());
                }
            }
            if let Some(c) = col(Role::Dispcode) {
                let code = cell(c);
                if !code.parse::<i64>().is_ok_and(|n| schema.completed_dispcodes.contains(&n)) {
                    return Outcome::Excluded(format!("not completed (dispcode {code:?})"));
                }
            }
            if let Some(c) = col(Role::Completed) {
                if cell(c).is_empty() {
                    return Outcome::Excluded(format!("not completed ({:?} is empty)", e.layout.columns[c].header));
                }
            }
            // The completion time, else the latest of the timestamps (EFS: start and last access).
            row.completed = match col(Role::Completed) {
                Some(c) => timestamp(cell(c)),
                None => timestamp_columns.iter().filter_map(|&c| timestamp(cell(c))).max(),
            };
            if let (Some(c), Some(given)) = (year_col, e.year) {
                if year::parse_cell(cell(c)).is_some_and(|y| y != given) {
                    diags.push(
                        problem(
                            Severity::Warning,
                            format!("differs from the year given as YEAR=PATH ({given}): the row is read as {given}"),
                        )
                        .cell(c + 1, &e.layout.columns[c].header, cell(c))
                        .hint("check which year the export reports on"),
                    );
                }
            }
            if let (Some(c), None) = (year_col, e.year) {
                match year::parse_cell(cell(c)) {
                    Some(y) => row.year = Some(y),
                    None => {
                        diags.push(
                            problem(Severity::Error, "is not a reporting year: the row is not read".into())
                                .cell(c + 1, &e.layout.columns[c].header, cell(c))
                                .hint(format!("correct the cell, or pass the year as YEAR={}", e.path)),
                        );
                        return Outcome::Rejected(format!("unreadable year {:?}", cell(c)));
                    }
                }
            }
            let Some(year) = row.year else {
                return Outcome::Rejected("no reporting year".into());
            };
            let Some(c) = centre_col else {
                return Outcome::Rejected("no centre column".into());
            };
            let name = cell(c);
            let header = &e.layout.columns[c].header;
            if name.is_empty() {
                diags.push(
                    problem(Severity::Error, "no centre named: the row is not read".into())
                        .cell(c + 1, header, name)
                        .hint("fill in the centre"),
                );
                return Outcome::Rejected("no centre named".into());
            }
            let Some(centre) = schema.centre(name) else {
                let hints: Vec<String> = schema.centre_hints(name).iter().map(|h| format!("{h:?}")).collect();
                let hint = match hints.as_slice() {
                    [] => format!("add the centre, or {name:?} as an alias of one, in friskliv.toml"),
                    [h] => format!("did you mean {h}? If it is that centre, add {name:?} to its aliases in friskliv.toml"),
                    many => format!(
                        "did you mean {}? Names are never matched by likeness: add {name:?} to the right centre's aliases in friskliv.toml",
                        many.join(" or ")
                    ),
                };
                diags.push(
                    problem(Severity::Error, "is not a known centre: the row is not read".into())
                        .cell(c + 1, header, name)
                        .hint(hint),
                );
                return Outcome::Rejected(format!("unknown centre {name:?}"));
            };
            row.centre = Some(centre.name.clone());
            if !centre.active_in(year) {
                let (from, to) = centre.years;
                let successor =
                    centre.successor.as_ref().map(|s| format!("its successor is {s}; ")).unwrap_or_default();
                diags.push(
                    problem(
                        Severity::Error,
                        format!(
                            "{} was not a development centre in {year} (only {from}–{to}): the row is not read",
                            centre.name
                        ),
                    )
                    .cell(c + 1, header, name)
                    .hint(format!("{successor}check the year, or extend the centre's years in friskliv.toml")),
                );
                return Outcome::Rejected(format!("{} was not a development centre in {year}", centre.name));
            }
            if schema.period_of(year).is_none() {
                diags.push(
                    problem(Severity::Error, format!("no agreement period covers {year}: the row is not read"))
                        .hint("add a [[period]] for it to friskliv.toml"),
                );
                return Outcome::Rejected(format!("no agreement period covers {year}"));
            }
            if centre.excused.contains(&year) {
                diags.push(problem(
                    Severity::Note,
                    format!("{} was excused from reporting in {year} but reported: the report is kept", centre.name),
                ));
            }
            Outcome::Kept
        })();
        if let Outcome::Excluded(reason) = &outcome {
            if reason != "blank row" {
                diags.push(problem(Severity::Note, format!("excluded: {reason}")));
            }
        }
        row.outcome = outcome;
        rows.push(row);
    }
    if trailing_empty > 0 {
        diags.push(Problem::new(
            Severity::Note,
            &e.path,
            format!("{trailing_empty} row(s) end in empty fields beyond the header (a trailing delimiter): ignored"),
        ));
    }
}

/// Of the kept responses for one centre and year, the one completed last stays; the others are
/// excluded as superseded (equal times: the later file, then the later line, wins).
fn supersede_resubmissions(rows: &mut [Row], diags: &mut Diagnostics) {
    let mut groups: BTreeMap<(String, i32), Vec<usize>> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        if let (Outcome::Kept, Some(c), Some(y)) = (&r.outcome, &r.centre, r.year) {
            groups.entry((c.clone(), y)).or_default().push(i);
        }
    }
    for ((centre, year), mut members) in groups {
        if members.len() < 2 {
            continue;
        }
        members.sort_by_key(|&i| (rows[i].completed, rows[i].file_index, rows[i].line));
        let winner = *members.last().expect("two or more");
        let (wfile, wline, wtime) = (rows[winner].file.clone(), rows[winner].line, rows[winner].completed);
        for &i in &members[..members.len() - 1] {
            let when = wtime.map(|t| format!(", completed {}", show_timestamp(t))).unwrap_or_default();
            let reason = format!("superseded by the resubmission at {wfile}:{wline}{when}");
            diags.push(
                Problem::new(Severity::Note, &rows[i].file, format!("excluded: {centre} {year} {reason}"))
                    .line(rows[i].line),
            );
            rows[i].outcome = Outcome::Excluded(reason);
        }
    }
}

fn observe(files: &[FileSummary], rows: &[Row], schema: &Schema, diags: &mut Diagnostics) -> Vec<Observation> {
    let mut out = Vec::new();
    for r in rows.iter().filter(|r| r.outcome == Outcome::Kept) {
        let e = files[r.file_index].export.as_ref().expect("kept rows come from read files");
        let record = &e.rows[r.row_index];
        let (Some(year), Some(centre)) = (r.year, r.centre.as_deref().and_then(|c| schema.centre(c))) else {
            continue;
        };
        let period = schema.period_of(year).map(|p| p.label.clone()).unwrap_or_default();
        for (c, column) in e.layout.columns.iter().enumerate() {
            let Mapping::Answer(target, label) = &column.mapping else { continue };
            let raw = e.cell(record, c);
            let parsed = value::parse(target.cell, raw, label.as_deref(), &schema.missing_codes);
            if let Some(n) = &parsed.note {
                diags.push(
                    Problem::new(Severity::Warning, &e.path, n.message.clone())
                        .line(record.line)
                        .cell(c + 1, &column.header, raw.trim())
                        .hint(n.hint),
                );
            }
            let m = &schema.measures[target.measure];
            out.push(Observation {
                year,
                period: period.clone(),
                centre: centre.name.clone(),
                region: centre.region.clone(),
                task: (m.task != 0).then_some(m.task),
                measure: m.id.clone(),
                kind: m.kind,
                option: target.option.map(|o| m.options[o].id.clone()),
                value: parsed.value,
                text: parsed.text,
                raw: raw.to_string(),
                note: parsed.note.map(|n| n.tag.to_string()),
                source: format!("{}:{}", e.path, record.line),
                column: column.variable.clone().unwrap_or_else(|| column.header.clone()),
                order: (target.measure, target.option.map_or(0, |o| o + 1)),
            });
        }
    }
    out.sort_by(|a, b| (a.year, &a.centre, a.order, &a.source).cmp(&(b.year, &b.centre, b.order, &b.source)));
    out
}

/// Columns whose answers are not read (unmapped, no header, a duplicate), once per file with how
/// many of its data rows hold an answer there.
fn report_unread_columns(files: &[FileSummary], schema: &Schema, diags: &mut Diagnostics) {
    for f in files {
        let Some(e) = &f.export else { continue };
        for (c, column) in e.layout.columns.iter().enumerate() {
            let answers = e
                .rows
                .iter()
                .filter(|r| {
                    let v = e.cell(r, c).trim();
                    !v.is_empty() && !schema.missing_codes.iter().any(|m| m == v)
                })
                .count();
            let (severity, message, hint) = match &column.mapping {
                Mapping::Unmapped(hint) => {
                    let what = if column.variable.is_some() && e.layout.kind == crate::layout::LayoutKind::EfsOneRow {
                        "variable is not mapped".to_string()
                    } else {
                        "is not in the schema".to_string()
                    };
                    let next = match (hint, &column.variable) {
                        (_, Some(v)) if e.layout.kind == crate::layout::LayoutKind::EfsOneRow => {
                            format!("map {v:?} to a measure in an [[efs]] section of friskliv.toml")
                        }
                        (Some(h), _) => {
                            format!("closest known: {h}; if it means that, add the wording to friskliv.toml")
                        }
                        (None, _) => "add the wording to a [[question]] in friskliv.toml".to_string(),
                    };
                    let severity = if answers > 0 { Severity::Warning } else { Severity::Note };
                    (severity, format!("{what}: {answers} answer(s) not read"), next)
                }
                Mapping::NoHeader if answers > 0 => (
                    Severity::Warning,
                    format!("has no header: {answers} answer(s) not read"),
                    "give the column its question's wording".to_string(),
                ),
                Mapping::Duplicate(first) => (
                    if answers > 0 { Severity::Warning } else { Severity::Note },
                    format!("maps where column {} already does: {answers} answer(s) not read", first + 1),
                    "remove one of the two columns, or tell them apart in friskliv.toml".to_string(),
                ),
                _ => continue,
            };
            diags.push(Problem::new(severity, &e.path, message).column(c + 1, &column.header).hint(hint));
        }
    }
}

/// `dd.mm.yyyy HH:MM[:SS]` or `yyyy-mm-dd HH:MM[:SS]`; `0000-00-00 00:00:00` is none.
fn timestamp(s: &str) -> Option<Timestamp> {
    let (date, time) = s.split_once([' ', 'T']).unwrap_or((s, ""));
    let nums = |t: &str, sep: char| -> Option<Vec<u32>> { t.split(sep).map(|p| p.trim().parse().ok()).collect() };
    let (y, m, d) = match (nums(date, '.'), nums(date, '-')) {
        (Some(p), _) if p.len() == 3 => (p[2], p[1], p[0]),
        (_, Some(p)) if p.len() == 3 => (p[0], p[1], p[2]),
        _ => return None,
    };
    if y == 0 || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let t = if time.is_empty() { vec![] } else { nums(time, ':')? };
    let at = |i: usize| t.get(i).copied().unwrap_or(0);
    Some((y as i32, m, d, at(0), at(1), at(2)))
}

fn show_timestamp(t: Timestamp) -> String {
    format!("{:04}-{:02}-{:02} {:02}:{:02}", t.0, t.1, t.2, t.3, t.4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_in_both_notations_and_the_efs_null() {
        assert_eq!(timestamp("14.03.2018 09:30"), Some((2018, 3, 14, 9, 30, 0)));
        assert_eq!(timestamp("2018-03-14 09:30:12"), Some((2018, 3, 14, 9, 30, 12)));
        assert_eq!(timestamp("0000-00-00 00:00:00"), None);
        assert_eq!(timestamp(""), None);
        assert!(timestamp("14.03.2018 09:30") < timestamp("2018-03-15 08:00:00"));
    }
}
