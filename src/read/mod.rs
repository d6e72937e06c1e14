//! **Stage 1: bytes → records.** Takes the INPUT arguments ([`input`]) and each export's bytes;
//! hands on, per file, an [`Export`] (what the file is: encoding, delimiter, layout, the column map,
//! the reporting year) and a stream of its data rows ([`Opened::rows`]), plus what one cell says
//! ([`value`]). Must never decide a row's fate or hold the whole of a text file: that is
//! [`crate::normalise`]'s business, and a million rows stream through in batches.
//!
//! In order: the encoding from the first bytes ([`decode`]), the delimiter and header rows from the
//! head ([`grid`]) — or, for an Excel workbook, one sheet's rows ([`workbook`]) — then the column map
//! ([`layout`]) and the reporting year ([`year`]).

pub(crate) mod decode;
pub mod grid;
pub mod input;
pub(crate) mod layout;
pub(crate) mod value;
pub(crate) mod workbook;
pub(crate) mod year;

use crate::diagnostics::{Problem, Severity};
use crate::read::input::Input;
use crate::schema::{Role, Schema};
use decode::{Decoder, Encoding, LineEnds, MojibakeScan, Unreadable};
use grid::{Batch, GridError, Record, Records, Row};
use layout::{Layout, LayoutKind};
use std::collections::HashMap;
use std::fs::File;
use std::io::{Chain, Cursor, Read};
use year::{NameYear, YearSource};

/// What an export's bytes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileKind {
    /// Text: CSV or TAB-separated values.
    Text(Text),
    /// One sheet of an Excel workbook.
    Workbook {
        sheet: String,
        /// How many sheets the workbook has.
        sheets: usize,
    },
}

/// What was detected in a text export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub(crate) encoding: Encoding,
    /// Known once the rows have been read.
    pub(crate) line_ends: LineEnds,
    pub delimiter: u8,
    /// The file starts with Excel's separator line (`sep=;`), which names the delimiter.
    pub sep_line: bool,
}

/// A readable export: what was detected in it.
#[derive(Debug, Clone)]
pub struct Export {
    /// The path, and `:SHEET` for a workbook.
    pub(crate) path: String,
    pub kind: FileKind,
    /// The year whose `[[efs]]` mappings the columns were mapped with, when it came from the year
    /// column of the first data row (a row of another year may need other mappings).
    pub(crate) efs_year: Option<i32>,
    pub(crate) layout: Layout,
    /// The line the last header row starts on (1 without one), as problems about the whole file
    /// name it: a sheet's own row number (a sheet may start below row 1), a text's counting its
    /// `sep=` line.
    pub(crate) header_line: usize,
    /// The file's reporting year, unless it comes row by row from a year column (or is unknown).
    pub(crate) year: Option<i32>,
    pub(crate) year_source: Option<YearSource>,
    /// Coded values → labels per column (0-based), from the `[[efs]]` mappings.
    pub(crate) value_labels: Vec<Option<HashMap<String, String>>>,
}

impl Export {
    /// Row `row`'s cell in column `col`, with coded values translated; "" past a short row's end.
    /// Inlined: every row asks for its role cells and the cells it reads.
    #[inline]
    pub(crate) fn cell<'a>(&'a self, row: &Row<'a>, col: usize) -> &'a str {
        let raw = row.field(col);
        match self.value_labels.get(col) {
            Some(Some(codes)) => codes.get(raw.trim()).map_or(raw, String::as_str),
            _ => raw,
        }
    }

    /// The records before the data rows: Excel's separator line, then the header rows.
    pub fn header_rows(&self) -> usize {
        let sep_line = matches!(&self.kind, FileKind::Text(t) if t.sep_line);
        usize::from(sep_line) + self.layout.kind.header_rows()
    }

    /// A problem in this export, its columns named as the file names them (a sheet's by letter).
    pub(crate) fn problem(&self, severity: Severity, message: impl Into<String>) -> Problem {
        let p = Problem::new(severity, &self.path, message);
        match self.kind {
            FileKind::Workbook { .. } => p.lettered(),
            FileKind::Text(_) => p,
        }
    }
}

/// Why a file was not opened.
#[derive(Debug)]
pub(crate) enum OpenError {
    Unreadable(Unreadable),
    /// The head looked like UTF-8 but a later record is not: read the file again as Windows-1252.
    NotUtf8,
}

impl From<GridError> for OpenError {
    fn from(e: GridError) -> OpenError {
        match e {
            GridError::NotUtf8(_) => OpenError::NotUtf8,
            other => OpenError::Unreadable(other.into_unreadable()),
        }
    }
}

type TextRecords = Records<Decoder<Chain<Cursor<Vec<u8>>, File>>>;

/// The data rows of an export, as they are read.
pub(crate) enum Stream {
    Text(Box<TextRecords>),
    /// A sheet's rows below its header, read whole.
    Sheet(std::vec::IntoIter<Record>),
}

impl Stream {
    /// The next `n` records (fewer at the end; none after it).
    pub(crate) fn next_batch(&mut self, n: usize) -> Result<Batch, GridError> {
        match self {
            Stream::Text(records) => records.next_batch(n),
            Stream::Sheet(rows) => Ok(rows.by_ref().take(n).fold(Batch::default(), |mut batch, r| {
                batch.push_fields(r.line, &r.fields);
                batch
            })),
        }
    }

    /// Line ends seen so far, (CRLF, LF alone); none in a sheet.
    pub(crate) fn line_ends(&self) -> (usize, usize) {
        match self {
            Stream::Text(records) => records.line_ends(),
            Stream::Sheet(_) => (0, 0),
        }
    }

    /// Characters that could not be decoded; none in a sheet.
    pub(crate) fn replaced(&self) -> usize {
        match self {
            Stream::Text(records) => records.source().replaced,
            Stream::Sheet(_) => 0,
        }
    }
}

/// An export whose header is read: its facts, the problems found so far, and the way to its rows.
pub(crate) struct Opened {
    pub(crate) export: Export,
    /// File-level problems: no year, no centre column, an unmapped one-row EFS export.
    pub(crate) problems: Vec<Problem>,
    /// Double encoding in the header rows (the data rows' is the reader's to add).
    pub(crate) mojibake: MojibakeScan,
    /// A sheet's data rows, read with its header.
    sheet_rows: Vec<Record>,
}

/// Opens `input`: reads its head and header rows and maps its columns. `encoding` forces one (after
/// a first try found the file not to be UTF-8 after all).
pub(crate) fn open(input: &Input, schema: &Schema, encoding: Option<Encoding>) -> Result<Opened, OpenError> {
    let (file_kind, path, first, sheet_rows) = if starts_like_a_workbook(input)? {
        let sheet = workbook::read(&input.path, input.sheet.as_deref()).map_err(OpenError::Unreadable)?;
        let path = format!("{}:{}", input.path.display(), sheet.name);
        let first = sheet.records.iter().take(3).cloned().collect();
        (FileKind::Workbook { sheet: sheet.name, sheets: sheet.names.len() }, path, first, sheet.records)
    } else if let Some(sheet) = &input.sheet {
        return Err(OpenError::Unreadable(Unreadable::new(
            format!("names the sheet {sheet:?}, but the file is text (a CSV export), not an Excel workbook"),
            format!("name the file alone: {}", input.path.display()),
        )));
    } else {
        let (text, first) = text_head(input, encoding)?;
        (FileKind::Text(text), input.display(), first, Vec::new())
    };
    let kind = layout::detect(&first.iter().map(|r| r.fields.as_slice()).collect::<Vec<_>>());
    let header_rows = kind.header_rows().min(first.len());
    // The header rows only: the data rows are scanned as they stream past (see [`Opened::rows`]).
    let mut mojibake = MojibakeScan::default();
    for r in &first[..header_rows] {
        r.fields.iter().for_each(|f| mojibake.field(r.line, f));
    }
    let header: Vec<&[String]> = first[..header_rows].iter().map(|r| r.fields.as_slice()).collect();

    let (name_year, name_note) = match year::from_file_name(&input.path) {
        NameYear::Year(y) => (Some(y), None),
        NameYear::None => (None, None),
        NameYear::Ambiguous(ys) => (None, Some(ys)),
    };
    let mut efs = schema.efs_for(input.year.or(name_year));
    let mut layout = layout::map_columns(kind, &header, schema, &efs);
    // The year comes from a year column (which wins over the file name): the [[efs]] mappings of
    // the first data row's year apply, and each row's year is checked against them.
    let mut efs_year = None;
    if input.year.is_none() {
        if let Some(y) = first.get(header_rows).and_then(|row| first_year(&row.fields, &layout, &efs)) {
            let scoped = schema.efs_for(Some(y));
            if scoped != efs {
                efs = scoped;
                layout = layout::map_columns(kind, &header, schema, &efs);
            }
            efs_year = Some(y);
        }
    }
    let (year, year_source) = match (input.year, layout.role(Role::Year), name_year) {
        (Some(y), _, _) => (Some(y), Some(YearSource::Argument)),
        (None, Some(col), _) => (None, Some(YearSource::Column(layout.columns[col].header.clone()))),
        (None, None, Some(y)) => (Some(y), Some(YearSource::FileName)),
        (None, None, None) => (None, None),
    };
    let value_labels = layout
        .columns
        .iter()
        .map(|c| c.variable.as_ref().and_then(|v| efs.values.get(v)).map(|codes| codes.clone().into_iter().collect()))
        .collect();
    let header_line = first[..header_rows].last().map_or(1, |r| r.line);
    let export = Export { path, kind: file_kind, efs_year, layout, header_line, year, year_source, value_labels };
    let mut problems = header_problems(&export, schema, name_note, efs.variables.is_empty());
    if let FileKind::Workbook { sheet, sheets: n @ 2.. } = &export.kind {
        if input.sheet.is_none() {
            let message = format!("the workbook has {n} sheets: the first, {sheet:?}, is read");
            let hint = format!("to read another, name it after the file, as {}:SHEET", input.path.display());
            problems.push(export.problem(Severity::Note, message).hint(hint));
        }
    }
    Ok(Opened { export, problems, mojibake, sheet_rows })
}

/// Whether the file starts as a workbook does (see [`workbook::is_workbook`]), whatever its name.
fn starts_like_a_workbook(input: &Input) -> Result<bool, OpenError> {
    let mut head = Vec::with_capacity(8);
    File::open(&input.path)
        .and_then(|f| f.take(8).read_to_end(&mut head))
        .map_err(|e| OpenError::Unreadable(Unreadable::io(e)))?;
    Ok(workbook::is_workbook(&head))
}

/// A text export's facts from its head, and its first three records after Excel's separator line.
fn text_head(input: &Input, encoding: Option<Encoding>) -> Result<(Text, Vec<Record>), OpenError> {
    let (mut records, encoding) = stream(input, encoding)?;
    let (head, complete) = {
        let head = records.head().map_err(|e| OpenError::from(GridError::Io(e)))?;
        (String::from_utf8_lossy(head).into_owned(), head.len() < grid::HEAD_BYTES)
    };
    decode::check_text(&head, complete).map_err(OpenError::Unreadable)?;
    // Excel's `sep=;` line names the delimiter and is not a header.
    let sep = excel_separator(&head);
    let delimiter = sep.unwrap_or_else(|| grid::sniff(&head));
    records.set_delimiter(delimiter);
    if sep.is_some() {
        records.next_row()?;
    }
    let mut first: Vec<Record> = Vec::new();
    while first.len() < 3 {
        let Some(row) = records.next_row()? else { break };
        first.push(row.to_record());
    }
    Ok((Text { encoding, line_ends: LineEnds::None, delimiter, sep_line: sep.is_some() }, first))
}

/// The year in a data row's year column, its coded value translated.
fn first_year(fields: &[String], layout: &Layout, efs: &crate::schema::EfsMapping) -> Option<i32> {
    let col = layout.role(Role::Year)?;
    let raw = fields.get(col)?.trim();
    let coded = layout.columns[col].variable.as_ref().and_then(|v| efs.values.get(v)).and_then(|codes| codes.get(raw));
    year::parse_cell(coded.map_or(raw, String::as_str))
}

/// The delimiter Excel's separator line names, when the text starts with one: `sep=;`, `sep=,` or
/// `sep=` and a TAB, alone on the first line.
fn excel_separator(head: &str) -> Option<u8> {
    let first = head.strip_prefix('\u{feff}').unwrap_or(head).lines().next()?.trim_end_matches([' ', '\r']);
    let first = first.strip_prefix('"').and_then(|f| f.strip_suffix('"')).unwrap_or(first);
    // Excel pads the line with the delimiter when the file is saved again: `sep=;;;;`.
    match first.strip_prefix("sep=")?.as_bytes() {
        [d @ (b';' | b',' | b'\t'), rest @ ..] if rest.iter().all(|b| b == d) => Some(*d),
        _ => None,
    }
}

/// The file's records from the first, decoded as `encoding` (detected from the head when `None`).
fn stream(input: &Input, encoding: Option<Encoding>) -> Result<(TextRecords, Encoding), OpenError> {
    let cannot = |e: std::io::Error| OpenError::Unreadable(Unreadable::io(e));
    let mut file = File::open(&input.path).map_err(cannot)?;
    let mut head = Vec::with_capacity(grid::HEAD_BYTES);
    (&mut file).take(grid::HEAD_BYTES as u64).read_to_end(&mut head).map_err(cannot)?;
    let whole = head.len() < grid::HEAD_BYTES;
    let encoding = match encoding {
        Some(e) => e,
        None => decode::detect(&head, whole).map_err(OpenError::Unreadable)?,
    };
    let decoder = Decoder::new(Cursor::new(head).chain(file), encoding);
    Ok((Records::new(decoder, b';'), encoding))
}

impl Opened {
    /// The data rows, from the first after the header rows: a text's streamed from the file again,
    /// a sheet's handed over.
    pub(crate) fn rows(&mut self, input: &Input) -> Result<Stream, OpenError> {
        let header_rows = self.export.header_rows();
        let FileKind::Text(text) = &self.export.kind else {
            let mut rows = std::mem::take(&mut self.sheet_rows);
            rows.drain(..header_rows.min(rows.len()));
            return Ok(Stream::Sheet(rows.into_iter()));
        };
        let (mut records, _) = stream(input, Some(text.encoding))?;
        records.set_delimiter(text.delimiter);
        for _ in 0..header_rows {
            if records.next_row()?.is_none() {
                break;
            }
        }
        Ok(Stream::Text(Box::new(records)))
    }
}

/// What the header rows tell is wrong with the whole file.
fn header_problems(e: &Export, schema: &Schema, name_note: Option<Vec<i32>>, no_efs_mapping: bool) -> Vec<Problem> {
    let path = &e.path;
    let mut out = Vec::new();
    if e.year_source.is_none() {
        let why = match name_note {
            Some(ys) => format!("the file name holds several years ({ys:?}) and the file has no year column"),
            None => "the file has no year column and its name holds no year".to_string(),
        };
        out.push(
            e.problem(Severity::Error, format!("no reporting year: {why}; its rows are not read"))
                .hint(format!("pass the year with the file, as in `friskliv … 2017={path}`")),
        );
    }
    if e.layout.role(Role::Centre).is_none() {
        let names: Vec<String> = schema.role_headers(Role::Centre).map(|h| format!("{h:?}")).collect();
        out.push(e.problem(Severity::Error, "no centre column: its rows are not read").line(e.header_line).hint(
            format!(
                "a column headed {} names the centre; if yours is headed otherwise, add its header to \
                 `[columns] centre` in friskliv.toml (an EFS variable: map it to `centre` in [[efs]])",
                names.join(" or ")
            ),
        ));
    }
    if e.layout.kind == LayoutKind::EfsOneRow && no_efs_mapping {
        out.push(
            e.problem(Severity::Error, "a one-row EFS export holds only variable names, and no [[efs]] mapping applies")
                .line(e.header_line)
                .hint("map its variable names to measures in an [[efs]] section of friskliv.toml (see README, \"The config file\")"),
        );
    }
    out
}

/// The warnings about the text itself, known once every row is read: undecodable characters and
/// double encoding.
pub(crate) fn text_problems(path: &str, replaced: usize, mojibake: MojibakeScan) -> Vec<Problem> {
    let mut out = Vec::new();
    if replaced > 0 {
        out.push(
            Problem::new(
                Severity::Warning,
                path,
                match replaced {
                    1 => "1 character could not be decoded and reads as \u{FFFD}".to_string(),
                    n => format!("{n} characters could not be decoded and read as \u{FFFD}"),
                },
            )
            .hint("export the file again; the damaged cells are kept as they decode"),
        );
    }
    if let Some(m) = mojibake.finish() {
        out.push(
            Problem::new(Severity::Warning, path, match &m.sample {
                Some(sample) => format!("text looks double-encoded ({sample:?}), {} place(s)", m.count),
                None => format!("text looks double-encoded, {} place(s) (in personal data, not quoted)", m.count),
            })
                .line(m.line)
                .hint("the export was read as Windows-1252 and saved as UTF-8 somewhere on its way; ask for the original file"),
        );
    }
    out
}
