//! Corrections meet the exports: while the files are read, each kept response of a correction's year
//! and centre is noted with its cell as written ([`Matcher::see`]); once every file is read, each
//! correction gets its [`Status`] ([`Matcher::drops`] before resubmissions are decided, then
//! [`Matcher::cells`]).

use super::{holds, Action, Correction, Corrections, Status};
use crate::diagnostics::{Problem, Severity};
use crate::read::value::{self, Parsed};
use crate::schema::{CellKind, Schema};
use std::collections::HashMap;
use std::path::Path;

/// A kept response of a correction's year and centre.
#[derive(Debug, Clone)]
struct Seen {
    response: usize,
    /// `FILE:LINE`.
    source: (String, usize),
    /// The cell the correction names, when the response's file has a column for it.
    cell: Option<WrittenCell>,
}

/// A cell as written, and how its column is read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WrittenCell {
    pub(crate) raw: String,
    pub(crate) kind: CellKind,
    /// The option's label, for a tick that holds it.
    pub(crate) label: Option<String>,
}

impl WrittenCell {
    /// Whether the cell reads as written (no note: not approximate, ambiguous…).
    pub(crate) fn plain(&self, schema: &Schema) -> bool {
        value::parse(self.kind, &self.raw, self.label.as_deref(), &schema.missing_codes).note.is_none()
    }

    /// The cell as `fix` decides it (as read, without one), shown as the audit shows values: the
    /// number (1/0 for Ja/Nei and ticks), or the text.
    pub(crate) fn shown(&self, fix: Option<Fix>, schema: &Schema) -> Option<String> {
        let p = read(self.kind, self.label.as_deref(), &self.raw, fix, schema);
        p.value.map(crate::model::table::number).or(p.text.map(|t| t.into_owned()))
    }
}

/// What became of one correction, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// Index into the corrections.
    pub(crate) correction: usize,
    pub(crate) status: Status,
    /// The response it applies to (before superseded responses go).
    pub(crate) response: Option<usize>,
    /// `FILE:LINE` of that response.
    pub(crate) source: Option<String>,
    /// The cell as written.
    pub(crate) cell: Option<WrittenCell>,
    /// Why it is stale or unmatched.
    pub(crate) why: Option<String>,
}

/// Notes the cells the corrections name as the exports are read.
#[derive(Debug)]
pub(crate) struct Matcher<'c> {
    corrections: &'c Corrections,
    by_key: HashMap<(i32, usize), Vec<usize>>,
    seen: Vec<Vec<Seen>>,
}

impl<'c> Matcher<'c> {
    pub(crate) fn new(corrections: &'c Corrections) -> Matcher<'c> {
        let mut by_key: HashMap<(i32, usize), Vec<usize>> = HashMap::new();
        for (i, c) in corrections.list.iter().enumerate() {
            by_key.entry((c.year, c.centre)).or_default().push(i);
        }
        Matcher { corrections, by_key, seen: vec![Vec::new(); corrections.list.len()] }
    }

    /// Notes kept response `response` of `year` and `centre` (at `source`), with `cell` giving the
    /// cell of a target when its file has a column for it.
    pub(crate) fn see(
        &mut self,
        (year, centre): (i32, usize),
        response: usize,
        source: (&str, usize),
        cell: impl Fn(usize) -> Option<WrittenCell>,
    ) {
        if self.by_key.is_empty() {
            return;
        }
        let Some(list) = self.by_key.get(&(year, centre)) else { return };
        for &c in list {
            let target = self.corrections.list[c].target;
            let cell = target.and_then(&cell);
            let source = (source.0.to_string(), source.1);
            self.seen[c].push(Seen { response, source, cell });
        }
    }

    /// Forgets every response from `response` on (a file read again).
    pub(crate) fn forget_from(&mut self, response: usize) {
        for seen in &mut self.seen {
            seen.retain(|s| s.response < response);
        }
    }

    /// The drops: each picks the one response it names among those `kept` keeps (before
    /// resubmissions are decided).
    pub(crate) fn drops(&self, kept: &[bool]) -> Vec<Decision> {
        self.decide(|c| c.action == Action::Drop, |s| kept[s.response], |_, _| (Status::Applied, None))
    }

    /// The corrections of cells, once the responses that stay are known (`kept`).
    pub(crate) fn cells(&self, kept: &[bool], schema: &Schema) -> Vec<Decision> {
        let status = |c: &Correction, cell: &WrittenCell| match &c.action {
            // Already `new`, and read as written (`ca. 20` for 20 still needs the correction).
            Action::Set { new, .. }
                if holds(&cell.raw, new, cell.kind, cell.label.as_deref(), schema) && cell.plain(schema) =>
            {
                (Status::Unchanged, None)
            }
            Action::Set { old, .. } | Action::Confirm { old } => {
                if holds(&cell.raw, old, cell.kind, cell.label.as_deref(), schema) {
                    (Status::Applied, None)
                } else {
                    (Status::Stale, Some(format!("the cell holds {:?}, not {old:?}", cell.raw)))
                }
            }
            Action::Drop => unreachable!("drops are decided before"),
        };
        self.decide(|c| c.action != Action::Drop, |s| kept[s.response], status)
    }

    fn decide(
        &self,
        which: impl Fn(&Correction) -> bool,
        stays: impl Fn(&Seen) -> bool,
        status: impl Fn(&Correction, &WrittenCell) -> (Status, Option<String>),
    ) -> Vec<Decision> {
        let mut out = Vec::new();
        for (i, c) in self.corrections.list.iter().enumerate().filter(|(_, c)| which(c)) {
            let named = |s: &&Seen| c.response.as_ref().is_none_or(|(f, l)| *l == s.source.1 && names(&s.source.0, f));
            let candidates: Vec<&Seen> = self.seen[i].iter().filter(named).collect();
            let staying: Vec<&Seen> = candidates.iter().copied().filter(|s| stays(s)).collect();
            let unmatched = |why: String| Decision {
                correction: i,
                status: Status::Unmatched,
                response: None,
                source: None,
                cell: None,
                why: Some(why),
            };
            let d = match (staying.as_slice(), candidates.first()) {
                ([], Some(s)) => {
                    let (f, l) = &s.source;
                    unmatched(format!(
                        "{f}:{l} is not kept (superseded, a copy, or dropped: `friskliv validate` says which)"
                    ))
                }
                ([], None) => unmatched(no_response(c, self.seen[i].len())),
                ([_, _, ..], _) => unmatched(format!(
                    "the centre has {} responses that year ({}): add response = \"FILE:LINE\"",
                    staying.len(),
                    staying.iter().map(|s| format!("{}:{}", s.source.0, s.source.1)).collect::<Vec<_>>().join(", ")
                )),
                ([s], _) => match (&s.cell, c.target) {
                    (None, Some(_)) => unmatched(format!("{} has no column for that measure", s.source.0)),
                    (cell, _) => {
                        let (status, why) = cell.as_ref().map_or((Status::Applied, None), |cell| status(c, cell));
                        Decision {
                            correction: i,
                            status,
                            response: Some(s.response),
                            source: Some(format!("{}:{}", s.source.0, s.source.1)),
                            cell: cell.clone(),
                            why,
                        }
                    }
                },
            };
            out.push(d);
        }
        out
    }
}

/// Why no response matched.
fn no_response(c: &Correction, seen: usize) -> String {
    match (&c.response, seen) {
        (Some((f, l)), 1..) => format!("no kept response of that year and centre is {f}:{l}"),
        _ => "no kept response of that year and centre".to_string(),
    }
}

/// Whether the file `path` is the one `name` names: the same path, or the same last components.
fn names(path: &str, name: &str) -> bool {
    Path::new(path).ends_with(name)
}

/// A cell of a column read as `kind` (`label`: a tick's option label), as the correction `fix`
/// decides it: `new` read in its place, or the cell as a confirmation accepts it; as written when
/// no correction decides it. The one reading of a corrected cell: the columns, the long table,
/// `explain` and the audit all use it.
pub(crate) fn read<'a>(
    kind: CellKind,
    label: Option<&str>,
    cell: &'a str,
    fix: Option<Fix<'a>>,
    schema: &Schema,
) -> Parsed<'a> {
    let text = fix.and_then(|f| f.new).unwrap_or(cell);
    let parsed = value::parse(kind, text, label, &schema.missing_codes);
    match fix {
        Some(Fix { new: None, .. }) => value::confirmed(parsed),
        _ => parsed,
    }
}

/// What is said of a decision, at the correction's line: a note when it is applied or not needed, a
/// warning when it is stale, an error when it matches nothing.
pub(crate) fn problem(corrections: &Corrections, d: &Decision, schema: &Schema) -> Problem {
    let c = &corrections.list[d.correction];
    let centre = &schema.centres[c.centre].name;
    let what = match c.target {
        Some(t) => format!("{centre} {} {}", c.year, schema.target_id(t)),
        None => format!("{centre} {}", c.year),
    };
    let at = d.source.as_deref().unwrap_or("");
    let (severity, message, hint) = match (d.status, &c.action) {
        (Status::Applied, Action::Set { old, new }) => {
            (Severity::Note, format!("applied to {what} ({at}): {old:?} → {new:?}"), None)
        }
        (Status::Applied, Action::Confirm { old }) => {
            (Severity::Note, format!("applied to {what} ({at}): {old:?} confirmed as read"), None)
        }
        (Status::Applied, Action::Drop) => (Severity::Note, format!("applied: the response at {at} is dropped"), None),
        (Status::Unchanged, _) => (
            Severity::Note,
            format!("unchanged: {what} ({at}) already reads {:?}", d.cell.as_ref().map_or("", |c| c.raw.as_str())),
            Some("the export holds the corrected value: the correction can go"),
        ),
        (Status::Stale, _) => (
            Severity::Warning,
            format!("stale, not applied: {what} ({at}): {}", d.why.as_deref().unwrap_or("")),
            Some("check the export: set `old` to what it holds now, or remove the correction"),
        ),
        (Status::Unmatched, _) => (
            Severity::Error,
            format!("unmatched: {what}: {}", d.why.as_deref().unwrap_or("")),
            Some("check its year, centre and measure (`friskliv coverage` shows who reported when)"),
        ),
    };
    let p = Problem::new(severity, &corrections.path, format!("correction {:?} {message}", c.id)).line(c.line);
    match hint {
        Some(h) => p.hint(h),
        None => p,
    }
}

/// The cells the applied corrections decide, by response and target: what the long table and
/// `explain` show in place of the cell as read.
#[derive(Debug, Default)]
pub struct Fixes<'c>(HashMap<(usize, usize), Fix<'c>>);

/// One decided cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fix<'c> {
    pub(crate) id: &'c str,
    /// The cell to read instead (a set); `None`: the cell is confirmed as read.
    pub(crate) new: Option<&'c str>,
}

impl<'c> Fix<'c> {
    /// What correction `c` makes of its cell; `None` for a drop, which has no cell.
    pub(crate) fn of(c: &'c Correction) -> Option<Fix<'c>> {
        let new = match &c.action {
            Action::Set { new, .. } => Some(new.as_str()),
            Action::Confirm { .. } => None,
            Action::Drop => return None,
        };
        Some(Fix { id: &c.id, new })
    }
}

impl<'c> Fixes<'c> {
    pub fn new(corrections: &'c Corrections, decisions: &[Decision]) -> Fixes<'c> {
        let applied = decisions.iter().filter(|d| d.status == Status::Applied);
        Fixes(
            applied
                .filter_map(|d| {
                    let c = &corrections.list[d.correction];
                    Some(((d.response?, c.target?), Fix::of(c)?))
                })
                .collect(),
        )
    }

    pub(crate) fn get(&self, response: usize, target: usize) -> Option<Fix<'c>> {
        self.0.get(&(response, target)).copied()
    }
}
