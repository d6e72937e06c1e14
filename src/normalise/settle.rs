//! Settling: once every file is read, what is decided across rows and files. An export read twice
//! is one response; a correction may drop a response; of the kept responses for one centre and year,
//! the one completed last stays; then the corrections set their cells, and whole files are reported
//! on (unread columns, a header without responses).

use super::reading::{CellWarning, Loader};
use super::seen::Unread;
use super::verdict::Exclusion;
use super::Dataset;
use crate::correct::accept::Acceptance;
use crate::correct::apply::{self, Decision, Fix};
use crate::correct::Status;
use crate::diagnostics::{Diagnostics, Problem, Severity};
use crate::read::layout::{LayoutKind, Mapping};
use crate::read::Export;
use crate::schema::thresholds::Check;
use crate::schema::{Question, Schema};

impl Loader<'_> {
    /// Once every file is read: excludes copies, drops and superseded resubmissions, says the cell
    /// warnings of the responses that stay, applies the corrections and says what became of each.
    pub(in crate::normalise) fn settle(mut self) -> Dataset {
        let mut keep = vec![true; self.responses.len()];
        let shared = self.shared_runs();
        self.dedupe(&shared, &mut keep);
        self.digests = Vec::new();
        let drops = self.matcher.drops(&keep);
        for d in drops.iter().filter(|d| d.status == Status::Applied) {
            self.drop_response(d, &mut keep);
        }
        self.supersede(&shared, &mut keep);
        self.completed = Vec::new();
        let cells = self.matcher.cells(&keep, self.schema);
        let decided: std::collections::HashSet<(u32, usize)> = cells
            .iter()
            .filter(|d| matches!(d.status, Status::Applied | Status::Unchanged))
            .filter_map(|d| Some((d.response? as u32, self.corrections.list[d.correction].target?)))
            .collect();
        for CellWarning { response, target, problem } in std::mem::take(&mut self.pending) {
            if keep[response as usize] && !decided.contains(&(response, target)) {
                self.diags.push(problem);
            }
        }
        let mut decisions = drops;
        decisions.extend(cells);
        decisions.sort_by_key(|d| d.correction);
        self.retain(&keep, &mut decisions);
        self.apply(&decisions);
        self.report_files();
        self.diags.sort();
        Dataset {
            files: self.files,
            responses: self.responses,
            raw: self.raw,
            diagnostics: self.diags,
            years: self.years,
            corrections: self.corrections.clone(),
            decisions,
            config: self.schema.sources.iter().skip(1).cloned().collect(),
        }
    }

    /// Keeps the responses whose `keep` is true, and points the decisions at their new rows.
    fn retain(&mut self, keep: &[bool], decisions: &mut [Decision]) {
        if keep.iter().all(|&k| k) {
            return;
        }
        let mut new_index = Vec::with_capacity(keep.len());
        keep.iter().fold(0, |next, &k| {
            new_index.push(next);
            next + usize::from(k)
        });
        for d in decisions.iter_mut() {
            d.response = d.response.filter(|&r| keep[r]).map(|r| new_index[r]);
        }
        self.responses.retain(keep);
        if let Some(raw) = &mut self.raw {
            raw.retain(keep);
        }
    }

    /// Sets the corrected values into the columns, and says what became of each correction.
    fn apply(&mut self, decisions: &[Decision]) {
        for d in decisions {
            let c = &self.corrections.list[d.correction];
            if let (Status::Applied, Some(r), Some(t), Some(cell)) = (d.status, d.response, c.target, &d.cell) {
                let p = apply::read(cell.kind, cell.label.as_deref(), &cell.raw, Fix::of(c), self.schema);
                self.responses.set(r, t, p.value, p.text.as_deref());
            }
            self.diags.push(apply::problem(self.corrections, d, self.schema));
        }
    }

    /// Excludes the response a drop names.
    fn drop_response(&mut self, d: &Decision, keep: &mut [bool]) {
        let Some(r) = d.response else { return };
        let c = &self.corrections.list[d.correction];
        let reason = Exclusion::Dropped { id: c.id.clone(), reason: c.reason.clone() };
        self.exclude(r, &reason, keep);
    }

    /// Excludes kept response `i` after reading (a copy, a drop, a resubmission): said at its line
    /// and counted in its file.
    fn exclude(&mut self, i: usize, reason: &Exclusion, keep: &mut [bool]) {
        keep[i] = false;
        let f = self.responses.file[i] as usize;
        let p = Problem::new(Severity::Note, &self.files[f].path, format!("excluded: {}", reason.message()));
        self.diags.push(p.line(self.responses.line[i] as usize));
        self.files[f].counts.kept -= 1;
        self.files[f].counts.excluded += 1;
    }

    /// `FILE:LINE` of kept response `i`.
    fn source(&self, i: usize) -> String {
        format!("{}:{}", self.files[self.responses.file[i] as usize].path, self.responses.line[i])
    }

    /// What is said of whole files: unread columns, and a header without responses.
    fn report_files(&mut self) {
        for f in &self.files {
            if let Some(e) = &f.export {
                report_unread_columns(e, &f.seen.unread, &mut self.diags);
                // The file's year, or the one year of all its rows.
                let rows_year = match f.seen.years.keys().collect::<Vec<_>>().as_slice() {
                    [one] => Some(**one),
                    _ => None,
                };
                let year = e.year.or(e.efs_year).or(rows_year);
                report_missing_questions(e, year, self.schema, &self.corrections.accepted, &mut self.diags);
                if f.counts.read == 0 {
                    self.diags.push(
                        Problem::new(Severity::Warning, &f.path, "the file has a header but no responses")
                            .line(e.header_line)
                            .hint("check that this is the full export"),
                    );
                }
            }
        }
    }

    /// The kept responses that share their centre and year with another (resubmissions, copies),
    /// a run for each centre and year, in the order of centres and years, and each in the order
    /// read. Centres and years are numbered densely, so each pair of them is a slot that counts its
    /// responses (up to two); only those of the slots holding two are gathered and sorted.
    fn shared_runs(&self) -> Vec<Vec<usize>> {
        let r = &self.responses;
        let (Some(&low), Some(&high), Some(&centres)) =
            (r.year.iter().min(), r.year.iter().max(), r.centre.iter().max())
        else {
            return Vec::new();
        };
        let years = (high - low) as usize + 1;
        let slot = |i: usize| r.centre[i] as usize * years + (r.year[i] - low) as usize;
        let mut count = vec![0u8; (centres as usize + 1) * years];
        for i in 0..r.len() {
            count[slot(i)] = count[slot(i)].saturating_add(1);
        }
        let mut shared: Vec<(usize, usize)> =
            (0..r.len()).map(|i| (slot(i), i)).filter(|&(s, _)| count[s] > 1).collect();
        shared.sort_unstable();
        shared.chunk_by(|a, b| a.0 == b.0).map(|run| run.iter().map(|&(_, i)| i).collect()).collect()
    }

    /// The same record read twice (an export downloaded twice into one folder) is one response: of
    /// identical records for one centre and year, the one in the later file (then line) stays.
    fn dedupe(&mut self, shared: &[Vec<usize>], keep: &mut [bool]) {
        let r = &self.responses;
        let mut copies = Vec::new();
        for run in shared {
            let mut run = run.clone();
            run.sort_unstable_by_key(|&i| (self.digests[i], r.file[i], r.line[i]));
            for same in run.chunk_by(|&a, &b| self.digests[a] == self.digests[b]).filter(|s| s.len() > 1) {
                let (&kept, rest) = same.split_last().expect("a run is never empty");
                copies.extend(rest.iter().map(|&i| (i, kept)));
            }
        }
        for (i, kept) in copies {
            self.exclude(i, &Exclusion::Duplicate { of: self.source(kept) }, keep);
        }
    }

    /// Of the responses `keep` keeps for one centre and year, the one completed last stays (equal
    /// times: the later file, then the later line); the others are excluded as superseded (`keep`
    /// turns false).
    fn supersede(&mut self, shared: &[Vec<usize>], keep: &mut [bool]) {
        let r = &self.responses;
        let order = |i: usize| (self.completed[i], r.file[i], r.line[i]);
        let mut losers = Vec::new();
        for run in shared {
            let staying: Vec<usize> = run.iter().copied().filter(|&i| keep[i]).collect();
            if let Some(&winner) = staying.iter().max_by_key(|&&i| order(i)) {
                losers.extend(staying.iter().filter(|&&i| i != winner).map(|&i| (i, winner)));
            }
        }
        for (i, w) in losers {
            let reason = Exclusion::Superseded {
                centre: self.schema.centres[self.responses.centre[i] as usize].name.clone(),
                year: self.responses.year[i],
                by: self.source(w),
                completed: Some(self.completed[w]).filter(|&t| t != i64::MIN),
            };
            self.exclude(i, &reason, keep);
        }
    }
}

/// Columns whose answers are not read (unmapped, no header, a duplicate), once per file with how
/// many of its data rows hold an answer there (`answers`, by column).
fn report_unread_columns(e: &Export, unread: &[Unread], diags: &mut Diagnostics) {
    let one_row = e.layout.kind == LayoutKind::EfsOneRow;
    for (c, column) in e.layout.columns.iter().enumerate() {
        let answers = unread[c].answers;
        let severity = if answers > 0 { Severity::Warning } else { Severity::Note };
        let (severity, message, hint) = match &column.mapping {
            Mapping::Unmapped(hint) => {
                let what = if column.variable.is_some() && one_row {
                    "variable is not mapped"
                } else {
                    "is not in the schema"
                };
                let next = match (hint, &column.variable) {
                    (_, Some(v)) if one_row => format!("map {v:?} to a measure in an [[efs]] section of friskliv.toml"),
                    (Some(h), _) => format!("closest known: {h}; if it means that, add the wording to friskliv.toml"),
                    (None, _) => "add the wording to a [[question]] in friskliv.toml".to_string(),
                };
                (severity, format!("{what}: {answers} answer(s) not read"), next)
            }
            Mapping::NoHeader if answers > 0 => (
                Severity::Warning,
                format!("has no header: {answers} answer(s) not read"),
                "give the column its question's wording".to_string(),
            ),
            Mapping::Duplicate(first) => (
                severity,
                format!("maps where column {} already does: {answers} answer(s) not read", first + 1),
                "remove one of the two columns, or tell them apart in friskliv.toml".to_string(),
            ),
            _ => continue,
        };
        diags.push(e.problem(severity, message).column(c + 1, &column.header).hint(hint));
    }
}

/// Questions the file's form asks that no column of the file maps to: a year of a measure would be
/// missing from every table without a word. One with an unmapped column like it (a reworded header)
/// is a warning of its own, naming that column; the others are one warning for the file.
fn report_missing_questions(
    e: &Export,
    year: Option<i32>,
    schema: &Schema,
    accepted: &[Acceptance],
    diags: &mut Diagnostics,
) {
    let missing = e.layout.missing_questions(schema, year);
    let name = |q: &Question| {
        let number = q.number.as_deref().map(|n| format!("{n} ")).unwrap_or_default();
        format!("{number}({})", schema.measures[q.measure].id)
    };
    let form = |q: &Question| q.form.clone().unwrap_or_default();
    let accepted_by = |q: &Question| {
        let y = year?;
        accepted.iter().find(|a| (a.check, a.year, a.measure) == (Check::Missing, y, q.measure))
    };
    let mut without_a_column = Vec::new();
    for m in missing {
        let q = &schema.questions[m.question];
        if let Some(a) = accepted_by(q) {
            let message =
                format!("form {} asks question {}, and no column maps to it: accepted by {:?}", form(q), name(q), a.id);
            diags.push(e.problem(Severity::Note, message).line(e.header_line));
            continue;
        }
        let Some(c) = m.closest else {
            without_a_column.push(q);
            continue;
        };
        let header = &e.layout.columns[c].header;
        let wording = q.wordings.first().map(String::as_str).unwrap_or("");
        let message = format!("form {} asks question {}, and no column maps to it: {wording:?}", form(q), name(q));
        let measure = &schema.measures[q.measure].id;
        diags.push(e.problem(Severity::Warning, message).line(e.header_line).column(c + 1, header).hint(format!(
            "if this column is that question, add its header to friskliv.toml: [[question]] measure = {measure:?} wordings = [{header:?}] (docs/config.md)"
        )));
    }
    if let Some(first) = without_a_column.first() {
        let names: Vec<String> = without_a_column.iter().map(|q| name(q)).collect();
        let message = format!(
            "form {} asks {} question(s) that no column maps to: {}",
            form(first),
            names.len(),
            names.join(", ")
        );
        let y = year.map_or("YEAR".to_string(), |y| y.to_string());
        diags.push(e.problem(Severity::Warning, message).line(e.header_line).hint(format!(
            "`friskliv inspect FILE` shows how each column was mapped; if the export left a question out, accept it in corrections.toml: [[accept]] check = \"missing\" year = {y} measure = \"…\" (docs/corrections.md)"
        )));
    }
}
