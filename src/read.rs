//! One export file → its layout, year and data rows: bytes ([`decode`]), records ([`grid`]), header
//! rows and column map ([`layout`]), and the reporting year ([`year`]). What happens to each row is
//! [`crate::normalise`]'s business.

use crate::decode::{self, Encoding, LineEnds, Unreadable};
use crate::diagnostics::{Diagnostics, Problem, Severity};
use crate::grid::{self, Record};
use crate::input::Input;
use crate::layout::{self, Layout, LayoutKind};
use crate::schema::{Role, Schema};
use crate::year::{self, NameYear, YearSource};
use std::collections::BTreeMap;

/// A readable export.
#[derive(Debug, Clone)]
pub struct Export {
    pub path: String,
    pub encoding: Encoding,
    pub line_ends: LineEnds,
    pub delimiter: u8,
    pub layout: Layout,
    /// The file's reporting year, unless it comes row by row from a year column (or is unknown).
    pub year: Option<i32>,
    pub year_source: Option<YearSource>,
    /// Coded values → labels per column (0-based), from the `[[efs]]` mappings.
    pub value_labels: BTreeMap<usize, BTreeMap<String, String>>,
    /// The data rows (after the header rows).
    pub rows: Vec<Record>,
}

impl Export {
    /// Row `row`'s cell in column `col`, with coded values translated; "" past a short row's end.
    pub fn cell<'a>(&'a self, row: &'a Record, col: usize) -> &'a str {
        let raw = row.fields.get(col).map_or("", String::as_str);
        self.value_labels.get(&col).and_then(|codes| codes.get(raw.trim())).map_or(raw, String::as_str)
    }

    /// The header lines of the file (1-based last header line), for "header only" messages.
    pub fn header_rows(&self) -> usize {
        self.layout.kind.header_rows()
    }
}

/// Reads `input`; a file that cannot be read at all is an error in `diags` and `None`.
pub fn read(input: &Input, schema: &Schema, diags: &mut Diagnostics) -> Option<Export> {
    let path = input.display();
    let fail = |diags: &mut Diagnostics, u: Unreadable| {
        let mut p = Problem::new(Severity::Error, &path, format!("{}: the file is not read", u.message)).hint(u.hint);
        p.line = u.line;
        diags.push(p);
        None
    };
    let bytes = match std::fs::read(&input.path) {
        Ok(b) => b,
        Err(e) => {
            return fail(
                diags,
                Unreadable::new(format!("cannot read the file ({e})"), "check the path and its permissions"),
            )
        }
    };
    let decoded = match decode::decode(&bytes) {
        Ok(d) => d,
        Err(u) => return fail(diags, u),
    };
    if decoded.replaced > 0 {
        diags.push(
            Problem::new(
                Severity::Warning,
                &path,
                format!("{} characters could not be decoded and read as \u{FFFD}", decoded.replaced),
            )
            .hint("export the file again; the damaged cells are kept as they decode"),
        );
    }
    if let Some(m) = &decoded.mojibake {
        diags.push(
            Problem::new(Severity::Warning, &path, format!("text looks double-encoded ({:?}), {} place(s)", m.sample, m.count))
                .line(m.line)
                .hint("the export was read as Windows-1252 and saved as UTF-8 somewhere on its way; ask for the original file"),
        );
    }
    let grid = match grid::parse(&decoded.text) {
        Ok(g) => g,
        Err(u) => return fail(diags, u),
    };
    let first: Vec<&[String]> = grid.records.iter().take(3).map(|r| r.fields.as_slice()).collect();
    let kind = layout::detect(&first);
    let header_rows = kind.header_rows().min(grid.records.len());

    let (name_year, name_note) = match year::from_file_name(&input.path) {
        NameYear::Year(y) => (Some(y), None),
        NameYear::None => (None, None),
        NameYear::Ambiguous(ys) => (None, Some(ys)),
    };
    let provisional_year = input.year.or(name_year);
    let efs = schema.efs_for(provisional_year);
    let header: Vec<&[String]> = grid.records[..header_rows].iter().map(|r| r.fields.as_slice()).collect();
    let layout = layout::map_columns(kind, &header, schema, &efs);

    let year_column = layout.role(Role::Year);
    let (year, year_source) = match (input.year, year_column, name_year) {
        (Some(y), _, _) => (Some(y), Some(YearSource::Argument)),
        (None, Some(col), _) => (None, Some(YearSource::Column(layout.columns[col].header.clone()))),
        (None, None, Some(y)) => (Some(y), Some(YearSource::FileName)),
        (None, None, None) => (None, None),
    };
    if year_source.is_none() {
        let why = match name_note {
            Some(ys) => format!("the file name holds several years ({ys:?}) and the file has no year column"),
            None => "the file has no year column and its name holds no year".to_string(),
        };
        diags.push(
            Problem::new(Severity::Error, &path, format!("no reporting year: {why}; its rows are not read"))
                .hint(format!("pass the year with the file, as in `friskliv … 2017={path}`")),
        );
    }
    if layout.role(Role::Centre).is_none() {
        let names: Vec<String> = schema.role_headers(Role::Centre).map(|h| format!("{h:?}")).collect();
        let names = names.join(" or ");
        diags.push(
            Problem::new(Severity::Error, &path, "no centre column: its rows are not read")
                .line(header_rows.max(1))
                .hint(format!(
                    "a column headed {names} names the centre; if yours is headed otherwise, add its header to \
                 `[columns] centre` in friskliv.toml (an EFS variable: map it to `centre` in [[efs]])"
                )),
        );
    }
    let value_labels = layout
        .columns
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.variable.as_ref().and_then(|v| efs.values.get(v)).map(|codes| (i, codes.clone())))
        .collect();
    if kind == LayoutKind::EfsOneRow && efs.variables.is_empty() {
        diags.push(
            Problem::new(Severity::Error, &path, "a one-row EFS export holds only variable names, and no [[efs]] mapping applies")
                .line(1)
                .hint("map its variable names to measures in an [[efs]] section of friskliv.toml (see README, \"The config file\")"),
        );
    }
    let rows = grid.records[header_rows..].to_vec();
    Some(Export {
        path,
        encoding: decoded.encoding,
        line_ends: decoded.line_ends,
        delimiter: grid.delimiter,
        layout,
        year,
        year_source,
        value_labels,
        rows,
    })
}
