//! **Stage 6: where bytes go.** Takes bytes, or a writer to fill, from [`crate::render`]; writes them
//! to stdout (a closed pipe ends quietly) or to a file written whole or not at all ([`files`]), or a
//! report's set of files swapped into place as one; decides the format from the flags and the file's
//! extension; keeps CSV safe for spreadsheets ([`csv_safety`]). Must never decide what a table holds.

mod csv_safety;
mod files;
pub(crate) mod progress;

pub(crate) use csv_safety::{formula_like, starts_like_formula, write_csv, write_safe_record};
pub(crate) use files::{write_atomically, write_set, NamedFile};

use crate::model::table::Readers;
use anyhow::{bail, Context, Result};
use std::io::{IsTerminal, Write};
use std::path::Path;

/// An output format. Each command accepts the ones it can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// A table for people (terminal)
    Table,
    /// Comma-separated values, one header row
    Csv,
    /// A JSON array of objects
    Json,
    /// A Markdown table
    Md,
    /// An Excel workbook
    Xlsx,
    /// Apache Parquet
    Parquet,
}

impl Format {
    pub(crate) fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "csv" => Format::Csv,
            "json" => Format::Json,
            "md" | "markdown" => Format::Md,
            "xlsx" => Format::Xlsx,
            "parquet" | "pq" => Format::Parquet,
            "txt" => Format::Table,
            _ => return None,
        })
    }

    /// Whether the format holds one table only (a CSV has one header row, a Parquet file one
    /// schema); the others hold several.
    pub(crate) fn holds_one_table(self) -> bool {
        matches!(self, Format::Csv | Format::Parquet)
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Md => "md",
            Format::Xlsx => "xlsx",
            Format::Parquet => "parquet",
        }
    }

    /// Who reads the format: people (a terminal table, Markdown, a workbook) or machines (CSV, JSON,
    /// Parquet).
    pub(crate) fn readers(self) -> Readers {
        match self {
            Format::Table | Format::Md | Format::Xlsx => Readers::People,
            Format::Csv | Format::Json | Format::Parquet => Readers::Machines,
        }
    }

    fn is_binary(self) -> bool {
        matches!(self, Format::Xlsx | Format::Parquet)
    }
}

/// The format asked for, else the one `-o`'s extension names, else `default`; refused when the
/// command cannot write it.
pub(crate) fn choose(
    asked: Option<Format>,
    out: Option<&Path>,
    default: Format,
    supported: &[Format],
) -> Result<Format> {
    let format = match (asked, out) {
        (Some(f), _) => f,
        (None, Some(p)) => match Format::from_extension(p) {
            Some(f) => f,
            None => bail!(
                "cannot tell the format from {}: add --format ({})",
                p.display(),
                supported.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ")
            ),
        },
        (None, None) => default,
    };
    if !supported.contains(&format) {
        bail!(
            "this command cannot write {}: use {}",
            format.name(),
            supported.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ")
        );
    }
    if out.is_none() && format.is_binary() && std::io::stdout().is_terminal() {
        bail!("{} is binary: write it to a file with -o FILE", format.name());
    }
    Ok(format)
}

/// A table on a terminal, CSV in a pipe.
pub(crate) fn default_format() -> Format {
    if std::io::stdout().is_terminal() {
        Format::Table
    } else {
        Format::Csv
    }
}

/// How wide a table for people may be laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Width {
    /// Wrapped to the terminal it is shown on.
    Terminal,
    /// Wrapped to this many columns: a terminal whose `COLUMNS` says so.
    Columns(u16),
    /// As wide as its content: the same bytes in a file, in a pipe and in CI.
    Content,
}

/// Writes with `write` to `out` atomically (a temporary file beside it, renamed into place), or to
/// stdout when `out` is `None`; `write` is told how wide a table may be (a terminal's width only
/// when stdout is one and no file is named).
pub(crate) fn emit(out: Option<&Path>, write: impl FnOnce(&mut dyn Write, Width) -> Result<()>) -> Result<()> {
    match out {
        None => {
            let width = match std::io::stdout().is_terminal() {
                // `COLUMNS`, when the shell sets it, says how wide the terminal is meant to be.
                true => std::env::var("COLUMNS")
                    .ok()
                    .and_then(|c| c.parse::<u16>().ok())
                    .filter(|&c| c >= 20)
                    .map_or(Width::Terminal, Width::Columns),
                false => Width::Content,
            };
            let mut out = Watched { inner: std::io::BufWriter::new(std::io::stdout().lock()), broken: false };
            let written = write(&mut out, width).and_then(|()| out.flush().context("cannot write to stdout"));
            match written {
                // A closed pipe (`friskliv … | head`) is the reader's choice, not a failure, whatever
                // library wrapped the error on its way up (Parquet and Excel writers turn it into
                // text): the command goes on to tell whether its input was valid.
                Err(_) if out.broken => Ok(()),
                other => other,
            }
        }
        Some(path) => write_atomically(path, |file| write(file, Width::Content)),
    }
}

/// A writer that remembers whether the reader closed the pipe.
struct Watched<W> {
    inner: W,
    broken: bool,
}

impl<W: Write> Watched<W> {
    fn watch<T>(&mut self, result: std::io::Result<T>) -> std::io::Result<T> {
        if let Err(e) = &result {
            self.broken |= e.kind() == std::io::ErrorKind::BrokenPipe;
        }
        result
    }
}

impl<W: Write> Write for Watched<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let result = self.inner.write(buf);
        self.watch(result)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let result = self.inner.flush();
        self.watch(result)
    }
}

/// Writes `rows` as a pretty-printed JSON array and a final newline.
pub(crate) fn write_json<T: serde::Serialize>(rows: &T, w: &mut dyn Write) -> Result<()> {
    serde_json::to_writer_pretty(&mut *w, rows)?;
    writeln!(w)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_follows_the_extension_unless_asked() {
        let all = [Format::Csv, Format::Json, Format::Parquet];
        assert_eq!(choose(None, Some(Path::new("a.json")), Format::Csv, &all).unwrap(), Format::Json);
        assert_eq!(choose(Some(Format::Csv), Some(Path::new("a.json")), Format::Csv, &all).unwrap(), Format::Csv);
        assert!(choose(None, Some(Path::new("a.xyz")), Format::Csv, &all).is_err());
        assert!(choose(Some(Format::Md), None, Format::Csv, &all).is_err());
    }

    #[test]
    fn a_file_is_laid_out_for_its_content_never_for_the_terminal() {
        let dir = tempfile::tempdir().unwrap();
        let mut seen = None;
        emit(Some(&dir.path().join("out.txt")), |_, width| {
            seen = Some(width);
            Ok(())
        })
        .unwrap();
        assert_eq!(seen, Some(Width::Content));
    }
}
