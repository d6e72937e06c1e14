//! **Stage 2: records → the normalised responses.** Takes the exports that [`crate::read`] opens
//! and the corrections in force; hands on a [`Dataset`]: every row's fate (**kept**, **excluded** or
//! **rejected**, [`verdict`]), the kept responses as typed columns ([`store`]), their cells as
//! written ([`raw`]) for the long table ([`long`]), and every problem found. Must never aggregate or
//! format for output, and never lose a row or a cell without a diagnostic.
//!
//! Every row of every file is read once, as it streams past ([`load`]); every answer cell of a kept
//! row is written straight into the typed columns. Once every file is read, the responses are
//! settled: copies, drops, resubmissions (of the kept responses for one centre and year, the one
//! completed last stays) and corrections.

pub mod long;
pub mod raw;
pub mod store;
pub mod verdict;

use crate::correct::apply::{self, Cell, Decision, Fix, Matcher};
use crate::correct::{Corrections, Status};
use crate::diagnostics::{Diagnostics, Problem, Severity};
use crate::normalise::raw::RawCells;
use crate::read::decode::{Encoding, MojibakeScan};
use crate::read::grid::Row;
use crate::read::input::Input;
use crate::read::layout::{LayoutKind, Mapping};
use crate::read::value;
use crate::read::{self, Export, OpenError, Opened, Stream};
use crate::schema::{CellKind, Role, Schema};
use serde::Serialize;
use store::{FileColumn, FileColumns, Projection, Responses, Values};
use verdict::{Exclusion, Outcome, Roles, Verdict};

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
#[derive(Debug)]
pub struct Dataset {
    pub files: Vec<FileSummary>,
    /// The kept responses.
    pub responses: Responses,
    /// Their answer cells as written, a response for each, when the projection asked for them.
    pub raw: Option<RawCells>,
    pub diagnostics: Diagnostics,
    /// The first and last reporting year of any row that has one (kept or not).
    pub years: Option<(i32, i32)>,
    /// The corrections in force, and what became of each (in the same order); a decision's
    /// `response` indexes `responses`, and is `None` for a dropped response.
    pub corrections: Corrections,
    pub decisions: Vec<Decision>,
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

    /// "read 81 rows from 9 files: 78 kept, 3 excluded, 0 rejected", and what became of the
    /// corrections when there are any: "; corrections.toml: 2 applied, 1 stale".
    pub fn summary(&self) -> String {
        let t = self.totals();
        let files = self.files.len();
        let mut s = format!(
            "read {} row{} from {files} file{}: {} kept, {} excluded, {} rejected",
            t.read,
            if t.read == 1 { "" } else { "s" },
            if files == 1 { "" } else { "s" },
            t.kept,
            t.excluded,
            t.rejected
        );
        if !self.decisions.is_empty() {
            let counts: Vec<String> = [Status::Applied, Status::Unchanged, Status::Stale, Status::Unmatched]
                .iter()
                .map(|&st| (st, self.decisions.iter().filter(|d| d.status == st).count()))
                .filter(|&(_, n)| n > 0)
                .map(|(st, n)| format!("{n} {}", st.as_str()))
                .collect();
            s.push_str(&format!("; {}: {}", self.corrections.path, counts.join(", ")));
        }
        s
    }
}

/// Reads and normalises every input, holding the `projection`'s targets as columns, and the cells
/// as written when it asks for them (every cell is read and checked all the same); then applies the
/// `corrections`.
pub fn load(inputs: &[Input], schema: &Schema, projection: &Projection, corrections: &Corrections) -> Dataset {
    let kinds: Vec<Values> = schema.targets.iter().map(|&(m, _)| Values::of(schema.measures[m].kind)).collect();
    let mut loader = Loader {
        schema,
        diags: Diagnostics::default(),
        files: Vec::new(),
        responses: Responses::new(&kinds, projection),
        raw: projection.cells().then(RawCells::default),
        matcher: Matcher::new(corrections),
        corrections,
        completed: Vec::new(),
        digests: Vec::new(),
        pending: Vec::new(),
        unread: Vec::new(),
        years: None,
    };
    for (i, input) in inputs.iter().enumerate() {
        loader.file(i, input);
    }
    loader.finish()
}

struct Loader<'s> {
    schema: &'s Schema,
    diags: Diagnostics,
    files: Vec<FileSummary>,
    responses: Responses,
    raw: Option<RawCells>,
    matcher: Matcher<'s>,
    corrections: &'s Corrections,
    /// Each kept response's completion time (`i64::MIN`: none), to order resubmissions, and a hash
    /// of its record, to tell an export read twice from a resubmission: needed only until
    /// resubmissions are decided, so they are not columns of the responses.
    completed: Vec<i64>,
    digests: Vec<u64>,
    /// Cell warnings, by response and target: said only for responses that stay kept, and for
    /// cells no correction decides.
    pending: Vec<(u32, usize, Problem)>,
    /// Per file, the answers found in each column that is not read.
    unread: Vec<Vec<usize>>,
    years: Option<(i32, i32)>,
}

/// A file turned out not to be UTF-8 past its head.
struct NotUtf8;

impl Loader<'_> {
    /// Reads one file; when a record past the head is not UTF-8, forgets it and reads it again as
    /// Windows-1252.
    fn file(&mut self, index: usize, input: &Input) {
        let marks = (self.responses.checkpoint(), self.diags.problems.len(), self.pending.len(), self.years);
        let kept = self.responses.len();
        if self.read(index, input, None).is_err() {
            self.responses.rollback(marks.0);
            if let Some(raw) = &mut self.raw {
                raw.truncate(kept);
            }
            self.matcher.forget_from(kept);
            self.completed.truncate(kept);
            self.digests.truncate(kept);
            self.diags.problems.truncate(marks.1);
            self.pending.truncate(marks.2);
            self.years = marks.3;
            if self.read(index, input, Some(Encoding::Windows1252)).is_err() {
                unreachable!("Windows-1252 decodes every byte");
            }
        }
    }

    fn read(&mut self, index: usize, input: &Input, encoding: Option<Encoding>) -> Result<(), NotUtf8> {
        let path = input.display();
        let opened = read::open(input, self.schema, encoding).and_then(|mut o| {
            let rows = o.rows(input)?;
            Ok((o, rows))
        });
        let (Opened { mut export, problems, mojibake, .. }, rows) = match opened {
            Ok(o) => o,
            Err(OpenError::NotUtf8) => return Err(NotUtf8),
            Err(OpenError::Unreadable(u)) => {
                self.diags.push(not_read(&path, u));
                self.files.push(FileSummary { path: path.clone(), export: None, counts: Counts::default() });
                self.responses.files.push(FileColumns { path, columns: Vec::new() });
                self.unread.push(Vec::new());
                return Ok(());
            }
        };
        // A sheet's name is known once the workbook is open.
        let path = export.path.clone();
        let start = self.diags.problems.len();
        let columns = answer_columns(&export, self.schema);
        let mut file = FileRead {
            index,
            roles: roles(&export),
            cells: Cells::plan(&columns, &self.responses, &export),
            columns,
            counts: Counts::default(),
            unread: vec![0; export.layout.columns.len()],
            unread_columns: (0..export.layout.columns.len())
                .filter(|&c| !matches!(export.layout.columns[c].mapping, Mapping::Role(_) | Mapping::Answer(..)))
                .collect(),
            mojibake,
            personal: export.layout.columns.iter().map(|c| c.mapping == Mapping::Role(Role::Personal)).collect(),
            efs_years_said: vec![false; crate::read::year::RANGE.count()],
            trailing: 0,
            codes: self.schema.completed_dispcodes.clone(),
        };
        let ((crlf, lf), replaced) = self.rows(rows, &mut file, &path)?;
        let FileRead { columns, counts, unread, mojibake, trailing, .. } = file;
        if trailing > 0 {
            let message =
                format!("{trailing} row(s) end in empty fields beyond the header (a trailing delimiter): ignored");
            self.diags.push(Problem::new(Severity::Note, &path, message));
        }
        if let read::FileKind::Text(text) = &mut export.kind {
            text.line_ends = crate::read::decode::line_ends(crlf, lf);
        }
        let mut file_problems = read::text_problems(&path, replaced, mojibake);
        file_problems.extend(problems);
        self.diags.problems.splice(start..start, file_problems);
        self.files.push(FileSummary { path: path.clone(), export: Some(export), counts });
        self.responses.files.push(FileColumns { path, columns });
        self.unread.push(unread);
        Ok(())
    }

    /// Reads a file's data rows: one thread splits the records, in batches, while this one judges
    /// them and writes the kept answers into the columns. Returns the line ends and the characters
    /// that could not be decoded.
    fn rows(&mut self, mut rows: Stream, file: &mut FileRead, path: &str) -> Result<((usize, usize), usize), NotUtf8> {
        std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::sync_channel(4);
            let reader = scope.spawn(move || {
                loop {
                    let batch = rows.next_batch(BATCH_ROWS);
                    let last = batch.as_ref().map_or(true, |b| b.is_empty());
                    // A closed channel means the reading side stopped: so does this one.
                    if tx.send(batch).is_err() || last {
                        break;
                    }
                }
                (rows.line_ends(), rows.replaced())
            });
            let mut result = Ok(());
            for message in &rx {
                match message.map_err(OpenError::from) {
                    Ok(batch) => batch.rows().for_each(|row| self.row(&row, file)),
                    Err(OpenError::NotUtf8) => result = Err(NotUtf8),
                    Err(OpenError::Unreadable(u)) => self.diags.push(not_read(path, u)),
                }
            }
            drop(rx);
            let ends = reader.join().expect("splitting records does not panic");
            result.map(|()| ends)
        })
    }

    /// Judges one data row, and keeps its answers when it is kept.
    fn row(&mut self, row: &Row, file: &mut FileRead) {
        file.counts.read += 1;
        scan_text(row, &file.personal, &mut file.mojibake);
        for &c in &file.unread_columns {
            let v = row.field(c).trim();
            file.unread[c] += usize::from(!v.is_empty() && !self.schema.missing_codes.iter().any(|m| m == v));
        }
        let v = verdict::classify(row, &file.roles, self.schema, &file.codes);
        if let Some(y) = v.year {
            self.years = Some(self.years.map_or((y, y), |(a, b)| (a.min(y), b.max(y))));
            self.check_efs_year(y, row.line, file);
        }
        self.diags.problems.extend(verdict::problems(&v, row, &file.roles, self.schema));
        file.trailing += usize::from(v.trailing);
        match v.outcome {
            Outcome::Kept => {
                file.counts.kept += 1;
                self.keep(row, &v, file);
            }
            Outcome::Excluded(_) => file.counts.excluded += 1,
            Outcome::Rejected(_) => file.counts.rejected += 1,
        }
    }

    /// Says once per year when a row's year has other `[[efs]]` mappings than the year the file's
    /// columns were mapped with (its first row's).
    fn check_efs_year(&mut self, year: i32, line: usize, file: &mut FileRead) {
        let Some(mapped) = file.roles.export.efs_year else { return };
        let index = usize::try_from(year - crate::read::year::RANGE.start()).ok();
        let Some(said) = index.and_then(|i| file.efs_years_said.get_mut(i)) else { return };
        if year == mapped || *said {
            return;
        }
        *said = true;
        if self.schema.efs_for(Some(year)) != self.schema.efs_for(Some(mapped)) {
            let message = format!(
                "rows of {year} have other [[efs]] mappings than {mapped}, which the columns were mapped with (the first row's year): they are read with {mapped}'s"
            );
            let hint = "split the export by year, or widen the [[efs]] mapping's years in friskliv.toml";
            self.diags.push(file.roles.export.problem(Severity::Warning, message).line(line).hint(hint));
        }
    }

    /// Writes a kept row's answers into the columns; a cell not read as written is warned about.
    fn keep(&mut self, row: &Row, v: &Verdict, file: &mut FileRead) {
        let (year, centre) = (v.year.expect("a kept row has a year"), v.centre.expect("and a centre"));
        self.responses.start_row(year, centre, file.index, row.line);
        self.completed.push(v.completed.unwrap_or(i64::MIN));
        self.digests.push(digest(row.text()));
        let export = file.roles.export;
        for &c in &file.cells.read {
            self.cell(row, export, &file.columns[c]);
        }
        for &(c, index, kind) in &file.cells.glance {
            let b = row.field_bytes(index);
            if !value::is_plain(kind, b) || crate::output::starts_like_formula(b) {
                self.cell(row, export, &file.columns[c]);
            }
        }
        self.responses.finish_row();
        if let Some(raw) = &mut self.raw {
            raw.push(file.columns.iter().map(|fc| export.cell(row, fc.index)));
        }
        let cell = |target: usize| {
            let fc = file.columns.iter().find(|fc| fc.target == target)?;
            Some(Cell { raw: export.cell(row, fc.index).to_string(), kind: fc.cell, label: fc.label.clone() })
        };
        let source = (export.path.as_str(), row.line);
        self.matcher.see((year, centre), self.responses.len() - 1, source, cell);
    }

    /// Reads one cell of the current response: into its column when it is held, and a warning
    /// when it is not read as written, or when a spreadsheet would run it as a formula.
    fn cell(&mut self, row: &Row, export: &Export, fc: &FileColumn) {
        let raw = export.cell(row, fc.index);
        let parsed = value::parse(fc.cell, raw, fc.label.as_deref(), &self.schema.missing_codes);
        if let Some(n) = &parsed.note {
            let header = &export.layout.columns[fc.index].header;
            let p = export
                .problem(Severity::Warning, n.message.clone())
                .line(row.line)
                .cell(fc.index + 1, header, raw.trim())
                .hint(n.hint);
            self.pending.push(((self.responses.len() - 1) as u32, fc.target, p));
        }
        if crate::output::formula_like(raw) && !raw.trim().is_empty() {
            let p = formula(export, row.line, fc.index, raw);
            self.pending.push(((self.responses.len() - 1) as u32, fc.target, p));
        }
        self.responses.answer(fc.target, parsed.value, parsed.text.as_deref());
    }

    fn finish(mut self) -> Dataset {
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
        for (response, target, p) in std::mem::take(&mut self.pending) {
            if keep[response as usize] && !decided.contains(&(response, target)) {
                self.diags.push(p);
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
        for (f, unread) in self.files.iter().zip(&self.unread) {
            if let Some(e) = &f.export {
                report_unread_columns(e, unread, &mut self.diags);
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
    /// a run for each centre and year; found with one sort by a single number.
    fn shared_runs(&self) -> Vec<Vec<usize>> {
        let r = &self.responses;
        let group = |i: u32| (u64::from(r.centre[i as usize]) << 32) | u64::from(r.year[i as usize] as u32);
        let mut by_group: Vec<u32> = (0..r.len() as u32).collect();
        by_group.sort_unstable_by_key(|&i| group(i));
        let runs = by_group.chunk_by(|&a, &b| group(a) == group(b)).filter(|run| run.len() > 1);
        runs.map(|run| run.iter().map(|&i| i as usize).collect()).collect()
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

/// A hash of a record's text (compared within one run only).
fn digest(text: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0).hash_one(text)
}

/// Records per batch handed from the splitting thread to the judging one.
const BATCH_ROWS: usize = 4096;

/// What reading one file keeps track of, row by row.
struct FileRead<'e> {
    index: usize,
    roles: Roles<'e>,
    columns: Vec<FileColumn>,
    cells: Cells,
    counts: Counts,
    /// The columns whose answers are not read, and the answers found in each.
    unread_columns: Vec<usize>,
    unread: Vec<usize>,
    mojibake: MojibakeScan,
    /// The columns of personal data, which no diagnostic quotes.
    personal: Vec<bool>,
    /// The years (from 2000) whose `[[efs]]` mappings were compared with the file's.
    efs_years_said: Vec<bool>,
    /// Rows that end in empty fields beyond the header.
    trailing: usize,
    /// The dispcodes that count as completed.
    codes: Vec<i64>,
}

/// How a file's answer cells are read (indices into its answer columns): `read` in full, into their
/// columns; or, when no column holds them, looked at in `glance` and read only when not plain or
/// when they start like a formula (text and lists are always plain, so only that).
struct Cells {
    read: Vec<usize>,
    /// (answer column, its index in the file, how its cells are read).
    glance: Vec<(usize, usize, CellKind)>,
}

impl Cells {
    fn plan(columns: &[FileColumn], responses: &Responses, export: &Export) -> Cells {
        let (read, rest): (Vec<usize>, Vec<usize>) = (0..columns.len()).partition(|&c| {
            let fc = &columns[c];
            responses.holds(fc.target) || matches!(export.value_labels.get(fc.index), Some(Some(_)))
        });
        let glance = rest.into_iter().map(|c| (c, columns[c].index, columns[c].cell)).collect();
        Cells { read, glance }
    }
}

/// The warning for an answer a spreadsheet would run as a formula (see [`crate::output::csv_safe`]).
fn formula(export: &Export, line: usize, col: usize, raw: &str) -> Problem {
    let first = raw.chars().next().map_or(String::new(), |c| c.escape_default().to_string());
    let message = format!(
        "starts with \"{first}\", which a spreadsheet runs as a formula: CSV output writes it with a leading '"
    );
    export
        .problem(Severity::Warning, message)
        .line(line)
        .cell(col + 1, &export.layout.columns[col].header, raw)
        .hint("check the answer in Questback; JSON, Parquet and xlsx output keep it as written")
}

/// The error for a file that cannot be read (any further).
fn not_read(path: &str, u: crate::read::decode::Unreadable) -> Problem {
    let mut p = Problem::new(Severity::Error, path, format!("{}: the file is not read", u.message));
    p.line = u.line;
    p.hint(u.hint)
}

/// The columns that decide a row's fate.
fn roles(e: &Export) -> Roles<'_> {
    let columns = &e.layout.columns;
    let role = |r| e.layout.role(r);
    Roles {
        export: e,
        headers: columns.iter().map(|c| c.header.as_str()).collect(),
        year: e.year,
        centre: role(Role::Centre),
        year_column: role(Role::Year),
        tester: role(Role::Tester),
        dispcode: role(Role::Dispcode),
        completed: role(Role::Completed),
        timestamps: (0..columns.len()).filter(|&c| columns[c].mapping == Mapping::Role(Role::Timestamp)).collect(),
        centres: Default::default(),
    }
}

/// The file's answer columns, each with its target.
fn answer_columns(e: &Export, schema: &Schema) -> Vec<FileColumn> {
    let columns = e.layout.columns.iter().enumerate();
    columns
        .filter_map(|(index, column)| {
            let Mapping::Answer(target, label) = &column.mapping else { return None };
            Some(FileColumn {
                target: schema.target_index(target.measure, target.option),
                index,
                name: column.variable.clone().unwrap_or_else(|| column.header.clone()),
                cell: target.cell,
                label: label.clone(),
            })
        })
        .collect()
}

/// Looks for double encoding in a record, field by field where a sign of it may be: `Ã`, `Â` or `â`
/// (0xC3 then 0x83, 0x82 or 0xA2 in UTF-8; æ, ø and å share the first byte only). A field of
/// personal data (`personal`, by column) is counted, never quoted.
fn scan_text(row: &Row, personal: &[bool], mojibake: &mut MojibakeScan) {
    let bytes = row.text().as_bytes();
    if memchr::memchr_iter(0xC3, bytes).any(|i| matches!(bytes.get(i + 1), Some(0x82 | 0x83 | 0xA2))) {
        for (c, f) in row.fields().enumerate() {
            if personal.get(c).copied().unwrap_or(false) {
                mojibake.personal_field(row.line, f);
            } else {
                mojibake.field(row.line, f);
            }
        }
    }
}

/// Columns whose answers are not read (unmapped, no header, a duplicate), once per file with how
/// many of its data rows hold an answer there (`answers`, by column).
fn report_unread_columns(e: &Export, answers: &[usize], diags: &mut Diagnostics) {
    let one_row = e.layout.kind == LayoutKind::EfsOneRow;
    for (c, column) in e.layout.columns.iter().enumerate() {
        let answers = answers[c];
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
