//! Reading: every row of every file, once, as it streams past. Each row gets its verdict; a kept
//! row's answer cells go straight into the typed columns, its cells as written to [`RawCells`], and
//! what a correction needs of it to the [`Matcher`]. Nothing is decided across rows here: that is
//! [`super::settle`]'s, once every file is read.

use super::prepare::{self, CellPlan, Facts, Prepared, Rules};
use super::seen::{Seen, YearRows};
use super::store::{Checkpoint, FileColumn, FileColumns, Projection, Responses, Values};
use super::verdict::{self, Outcome, Rejection, Roles};
use super::{Counts, FileSummary};
use crate::correct::apply::{Matcher, WrittenCell};
use crate::correct::Corrections;
use crate::diagnostics::{Diagnostics, Problem, Severity};
use crate::normalise::raw::RawCells;
use crate::output::progress::Progress;
use crate::read::decode::{Encoding, MojibakeScan};
use crate::read::grid::{GridError, Row};
use crate::read::input::Input;
use crate::read::layout::Mapping;
use crate::read::value;
use crate::read::{self, Export, OpenError, Opened, Stream};
use crate::schema::{Role, Schema};
use std::sync::Arc;

/// What reading gathers, file by file, and [`super::settle`] decides on.
pub(super) struct Loader<'s> {
    pub(super) schema: &'s Schema,
    pub(super) progress: &'s Progress,
    pub(super) diags: Diagnostics,
    pub(super) files: Vec<FileSummary>,
    pub(super) responses: Responses,
    pub(super) raw: Option<RawCells>,
    pub(super) matcher: Matcher<'s>,
    pub(super) corrections: &'s Corrections,
    /// Each kept response's completion time (`i64::MIN`: none), to order resubmissions, and a hash
    /// of its record, to tell an export read twice from a resubmission: needed only until
    /// resubmissions are decided, so they are not columns of the responses.
    pub(super) completed: Vec<i64>,
    pub(super) digests: Vec<u64>,
    /// Cell warnings, by response and target: said only for responses that stay kept, and for
    /// cells no correction decides.
    pub(super) pending: Vec<CellWarning>,
    pub(super) years: Option<(i32, i32)>,
    /// Records per batch ([`prepare::BATCH_ROWS`]; tests make it small, so that small files take
    /// every thread).
    pub(super) batch_rows: usize,
}

/// A warning about one cell, said once its response is known to stay (and no correction decides
/// the cell).
pub(super) struct CellWarning {
    pub(super) response: u32,
    pub(super) target: usize,
    pub(super) problem: Problem,
}

/// Where reading stood before a file ([`Loader::mark`]).
struct Mark {
    responses: Checkpoint,
    problems: usize,
    pending: usize,
    years: Option<(i32, i32)>,
}

/// A file turned out not to be UTF-8 past its head.
struct NotUtf8;

impl<'s> Loader<'s> {
    pub(super) fn new(
        schema: &'s Schema,
        projection: &Projection,
        corrections: &'s Corrections,
        progress: &'s Progress,
    ) -> Loader<'s> {
        let kinds: Vec<Values> = schema.targets.iter().map(|&(m, _)| Values::of(schema.measures[m].kind)).collect();
        Loader {
            schema,
            progress,
            diags: Diagnostics::default(),
            files: Vec::new(),
            responses: Responses::new(&kinds, &projection.reading(|t| schema.read_target(t))),
            raw: projection.cells().then(RawCells::default),
            matcher: Matcher::new(corrections),
            corrections,
            completed: Vec::new(),
            digests: Vec::new(),
            pending: Vec::new(),
            years: None,
            batch_rows: prepare::BATCH_ROWS,
        }
    }

    /// Reads one file; when a record past the head is not UTF-8, forgets it and reads it again as
    /// Windows-1252.
    pub(super) fn file(&mut self, index: usize, input: &Input) {
        self.progress.doing(|| format!("reading {}", input.display()));
        let before = self.mark();
        if self.read(index, input, None).is_err() {
            self.rewind(before);
            if self.read(index, input, Some(Encoding::Windows1252)).is_err() {
                unreachable!("Windows-1252 decodes every byte");
            }
        }
    }

    /// Where reading stands before a file, to forget that file if it has to be read again.
    fn mark(&self) -> Mark {
        Mark {
            responses: self.responses.checkpoint(),
            problems: self.diags.problems.len(),
            pending: self.pending.len(),
            years: self.years,
        }
    }

    /// Forgets everything read since `mark`.
    fn rewind(&mut self, mark: Mark) {
        let kept = mark.responses.len();
        self.responses.rollback(mark.responses);
        if let Some(raw) = &mut self.raw {
            raw.truncate(kept);
        }
        self.matcher.forget_from(kept);
        self.completed.truncate(kept);
        self.digests.truncate(kept);
        self.diags.problems.truncate(mark.problems);
        self.pending.truncate(mark.pending);
        self.years = mark.years;
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
                let seen = Seen::default();
                self.files.push(FileSummary { path: path.clone(), export: None, counts: Counts::default(), seen });
                self.responses.files.push(FileColumns { path, columns: Vec::new() });
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
            cells: Arc::new(CellPlan::plan(&columns, &self.responses, &export, &self.schema.missing_codes)),
            columns,
            counts: Counts::default(),
            seen: Seen::new(export.layout.columns.len()),
            unread_columns: (0..export.layout.columns.len())
                .filter(|&c| !matches!(export.layout.columns[c].mapping, Mapping::Role(_) | Mapping::Answer(..)))
                .collect(),
            mojibake,
            personal: export.layout.columns.iter().map(|c| c.mapping == Mapping::Role(Role::Personal)).collect(),
            efs_years_said: vec![false; crate::read::year::RANGE.count()],
            year_rows: vec![YearRows::default(); crate::read::year::RANGE.count()],
            trailing: 0,
        };
        let ((crlf, lf), replaced) = self.rows(rows, &mut file, &path)?;
        file.tally_years();
        let year_problems = verdict::year_problems(&export, &file.seen.years, self.schema);
        let FileRead { columns, counts, seen, mojibake, trailing, .. } = file;
        if trailing > 0 {
            let message =
                format!("{trailing} row(s) end in empty fields beyond the header (a trailing delimiter): ignored");
            self.diags.push(Problem::new(Severity::Note, &path, message));
        }
        if let read::FileKind::Text(text) = &mut export.kind {
            text.line_ends = crate::read::decode::line_ends(crlf, lf);
        }
        let mut file_problems = year_problems;
        file_problems.extend(read::text_problems(&path, replaced, mojibake));
        file_problems.extend(problems);
        self.diags.problems.splice(start..start, file_problems);
        self.files.push(FileSummary { path: path.clone(), export: Some(export), counts, seen });
        self.responses.files.push(FileColumns { path, columns });
        Ok(())
    }

    /// Reads a file's data rows, batch by batch ([`prepare::batches`]: a long file's on all the
    /// cores, each row judged there), taking them here, in order, and writing the kept answers into
    /// the columns. Returns the line ends and the characters that could not be decoded.
    fn rows(&mut self, rows: Stream, file: &mut FileRead, path: &str) -> Result<((usize, usize), usize), NotUtf8> {
        let mut result = Ok(());
        let plan = Arc::clone(&file.cells);
        let rules = Rules { roles: file.roles.clone(), schema: self.schema, plan: &plan };
        let ends =
            prepare::batches(rows, self.batch_rows, &rules, |message| self.batch(message, file, path, &mut result));
        result.map(|()| ends)
    }

    /// Takes a batch of judged rows; a text that is not UTF-8 after all is noted in `result`.
    fn batch(
        &mut self,
        message: Result<Prepared, GridError>,
        file: &mut FileRead,
        path: &str,
        result: &mut Result<(), NotUtf8>,
    ) {
        match message.map_err(OpenError::from) {
            Ok(Prepared { batch, facts }) => {
                batch.rows().zip(&facts).for_each(|(row, facts)| self.row(&row, facts, file));
                self.progress.rows(batch.len(), batch.bytes());
            }
            Err(OpenError::NotUtf8) => *result = Err(NotUtf8),
            Err(OpenError::Unreadable(u)) => self.diags.push(not_read(path, u)),
        }
    }
}

/// One row at a time: its verdict, and a kept row's answers into the columns.
impl Loader<'_> {
    /// Takes one data row's verdict, and keeps its answers when it is kept.
    fn row(&mut self, row: &Row, facts: &Facts, file: &mut FileRead) {
        file.counts.read += 1;
        if facts.mojibake {
            scan_text(row, &file.personal, &mut file.mojibake);
        }
        for &c in &file.unread_columns {
            file.seen.unread_cell(c, row.field(c), &self.schema.missing_codes);
        }
        let v = &facts.verdict;
        if let Some(y) = v.year {
            self.years = Some(self.years.map_or((y, y), |(a, b)| (a.min(y), b.max(y))));
            self.check_efs_year(y, row.line, file);
        }
        self.diags.problems.extend(verdict::problems(v, row, &file.roles, self.schema));
        file.trailing += usize::from(v.trailing);
        if let (Some(y), false) = (v.year, matches!(v.outcome, Outcome::Excluded(_))) {
            file.year_row(y, row.line);
        }
        match (&v.outcome, v.year) {
            (Outcome::Rejected(Rejection::UnknownCentre(name)), Some(y)) => file.seen.centre(name, y, None, row.line),
            (Outcome::Rejected(Rejection::NotACentre { centre, year, written }), _) => {
                file.seen.centre(written, *year, Some(*centre), row.line)
            }
            _ => {}
        }
        match v.outcome {
            Outcome::Kept { year, centre } => {
                file.counts.kept += 1;
                self.keep(row, year, centre, v.completed, facts, file);
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
    fn keep(
        &mut self,
        row: &Row,
        year: i32,
        centre: usize,
        completed: Option<i64>,
        facts: &Facts,
        file: &mut FileRead,
    ) {
        self.responses.start_row(year, centre, file.index, row.line);
        self.completed.push(completed.unwrap_or(i64::MIN));
        self.digests.push(facts.digest);
        let export = file.roles.export;
        for run in &file.cells.read_runs {
            let cells = &file.cells.read[run.cells.clone()];
            if run.plain(row) {
                // Each a 0 or 1 (or empty, a 0 too), as `value::parse` reads a tick at a glance.
                for &(c, index, _) in cells {
                    let ticked = if row.field_bytes(index) == b"1" { 1.0 } else { 0.0 };
                    self.responses.answer(file.columns[c].target, Some(ticked), None);
                }
            } else {
                cells.iter().for_each(|&(c, ..)| self.cell(row, export, &file.columns[c]));
            }
        }
        // The cells looked at but not read, when the facts say one is to be read after all.
        if facts.look {
            for c in file.cells.to_read(row) {
                self.cell(row, export, &file.columns[c]);
            }
        }
        self.responses.finish_row();
        if let Some(raw) = &mut self.raw {
            raw.push(file.columns.iter().map(|fc| export.cell(row, fc.index)));
        }
        let cell = |target: usize| {
            let fc = file.columns.iter().find(|fc| fc.target == target)?;
            Some(WrittenCell { raw: export.cell(row, fc.index).to_string(), kind: fc.cell, label: fc.label.clone() })
        };
        let source = (export.path.as_str(), row.line);
        self.matcher.see((year, centre), self.responses.len() - 1, source, cell);
    }

    /// Reads one cell of the current response: into its column when it is held, and a warning
    /// when it is not read as written, or when a spreadsheet would run it as a formula.
    fn cell(&mut self, row: &Row, export: &Export, fc: &FileColumn) {
        let raw = export.cell(row, fc.index);
        // Most cells: a value at a glance, with nothing to say ([`value::at_a_glance`]; a missing
        // code may start like a formula).
        if !crate::output::starts_like_formula(raw.as_bytes()) {
            if let Some(value) = value::at_a_glance(fc.cell, raw, &self.schema.missing_codes) {
                self.responses.answer(fc.target, value, None);
                return;
            }
        }
        let parsed = value::parse(fc.cell, raw, fc.label.as_deref(), &self.schema.missing_codes);
        if let Some(n) = &parsed.note {
            let header = &export.layout.columns[fc.index].header;
            let p = export
                .problem(Severity::Warning, n.message.clone())
                .line(row.line)
                .cell(fc.index + 1, header, raw.trim())
                .hint(n.hint);
            self.warn(fc.target, p);
        }
        if crate::output::formula_like(raw) && !raw.trim().is_empty() {
            self.warn(fc.target, formula(export, row.line, fc.index, raw));
        }
        self.responses.answer(fc.target, parsed.value, parsed.text.as_deref());
    }

    /// Holds `problem` about the current response's cell of `target` until the responses settle.
    fn warn(&mut self, target: usize, problem: Problem) {
        let response = (self.responses.len() - 1) as u32;
        self.pending.push(CellWarning { response, target, problem });
    }
}

/// What reading one file keeps track of, row by row.
struct FileRead<'e> {
    index: usize,
    roles: Roles<'e>,
    columns: Vec<FileColumn>,
    cells: Arc<CellPlan>,
    counts: Counts,
    /// The columns whose answers are not read.
    unread_columns: Vec<usize>,
    /// The years, the centres turned away, and the answers of the columns not read.
    seen: Seen,
    mojibake: MojibakeScan,
    /// The columns of personal data, which no diagnostic quotes.
    personal: Vec<bool>,
    /// The years (from 2000) whose `[[efs]]` mappings were compared with the file's.
    efs_years_said: Vec<bool>,
    /// The rows of each year (from 2000) that are not excluded, into `seen` once the file is read
    /// ([`FileRead::year_row`]).
    year_rows: Vec<YearRows>,
    /// Rows that end in empty fields beyond the header.
    trailing: usize,
}

impl FileRead<'_> {
    /// Notes a row of year `year` that is not excluded: counted by year from 2000 (a year outside
    /// [`crate::read::year::RANGE`] straight into `seen`, which is slower to look up).
    fn year_row(&mut self, year: i32, line: usize) {
        let index = usize::try_from(year - crate::read::year::RANGE.start()).ok();
        match index.and_then(|i| self.year_rows.get_mut(i)) {
            Some(rows) => rows.see(line),
            None => self.seen.years.entry(year).or_default().see(line),
        }
    }

    /// The rows counted by year into `seen`, once the file is read.
    fn tally_years(&mut self) {
        let start = *crate::read::year::RANGE.start();
        for (year, rows) in (start..).zip(std::mem::take(&mut self.year_rows)).filter(|(_, r)| r.rows > 0) {
            self.seen.years.insert(year, rows);
        }
    }
}

/// The warning for an answer a spreadsheet would run as a formula (see [`crate::output::formula_like`]).
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

/// Looks for double encoding in a record that may have it ([`Facts::mojibake`]), field by field. A
/// field of personal data (`personal`, by column) is counted, never quoted.
fn scan_text(row: &Row, personal: &[bool], mojibake: &mut MojibakeScan) {
    for (c, f) in row.fields().enumerate() {
        if personal.get(c).copied().unwrap_or(false) {
            mojibake.personal_field(row.line, f);
        } else {
            mojibake.field(row.line, f);
        }
    }
}
