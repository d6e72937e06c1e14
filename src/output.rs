//! Where output goes (stdout, or a file written atomically) and in which format.

use anyhow::{bail, Context, Result};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// An output format. Each command accepts the ones it can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
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
    pub fn from_extension(path: &Path) -> Option<Format> {
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

    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Md => "md",
            Format::Xlsx => "xlsx",
            Format::Parquet => "parquet",
        }
    }

    /// Whether the format is read by people (Norwegian labels, «Totalt», percentages) rather than by
    /// machines (ids, fractions).
    pub fn is_for_people(self) -> bool {
        matches!(self, Format::Table | Format::Md | Format::Xlsx)
    }

    fn is_binary(self) -> bool {
        matches!(self, Format::Xlsx | Format::Parquet)
    }
}

/// The format asked for, else the one `-o`'s extension names, else `default`; refused when the
/// command cannot write it.
pub fn choose(asked: Option<Format>, out: Option<&Path>, default: Format, supported: &[Format]) -> Result<Format> {
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
pub fn default_format() -> Format {
    if std::io::stdout().is_terminal() {
        Format::Table
    } else {
        Format::Csv
    }
}

/// How wide a table for people may be laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// Wrapped to the terminal it is shown on.
    Terminal,
    /// As wide as its content: the same bytes in a file, in a pipe and in CI.
    Content,
}

/// Writes with `write` to `out` atomically (a temporary file beside it, renamed into place), or to
/// stdout when `out` is `None`; `write` is told how wide a table may be (a terminal's width only
/// when stdout is one and no file is named).
pub fn emit(out: Option<&Path>, write: impl FnOnce(&mut dyn Write, Width) -> Result<()>) -> Result<()> {
    match out {
        None => {
            let width = if std::io::stdout().is_terminal() { Width::Terminal } else { Width::Content };
            let mut out = Watched { inner: std::io::BufWriter::new(std::io::stdout().lock()), broken: false };
            let written = write(&mut out, width).and_then(|()| out.flush().context("cannot write to stdout"));
            match written {
                // A closed pipe (`friskliv … | head`) is the reader's choice, not a failure, whatever
                // library wrapped the error on its way up (Parquet and Excel writers turn it into text).
                Err(_) if out.broken => Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe).into()),
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

pub fn write_atomically(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let tmp = temporary_sibling(path);
    let result = (|| {
        let file = std::fs::File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        let mut w = std::io::BufWriter::new(file);
        write(&mut w)?;
        w.flush().with_context(|| format!("cannot write {}", tmp.display()))?;
        w.into_inner()
            .map_err(|e| e.into_error())
            .and_then(|f| f.sync_all())
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn temporary_sibling(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// Whether a spreadsheet opening a CSV file would take this text for a formula (OWASP, "CSV
/// injection"): it starts with `=`, `+`, `-`, `@`, TAB or CR and is not a plain number (`-5`, `+3`,
/// `-2,5` are numbers, and stay numbers).
pub fn formula_like(field: &str) -> bool {
    let b = field.as_bytes();
    matches!(b.first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')) && !plain_number(b)
}

/// `[+-]digits[(.|,)digits]`.
fn plain_number(b: &[u8]) -> bool {
    let digits = b.strip_prefix(b"-").or_else(|| b.strip_prefix(b"+")).unwrap_or(b);
    let (whole, fraction) = match digits.iter().position(|&c| c == b'.' || c == b',') {
        Some(i) => (&digits[..i], Some(&digits[i + 1..])),
        None => (digits, None),
    };
    let all_digits = |d: &[u8]| !d.is_empty() && d.iter().all(u8::is_ascii_digit);
    all_digits(whole) && fraction.is_none_or(all_digits)
}

/// A field as written to CSV: formula-like text (see [`formula_like`]) gets a leading `'`, which
/// keeps a spreadsheet from running it; everything else as it is.
pub fn csv_safe(field: &str) -> std::borrow::Cow<'_, str> {
    if formula_like(field) {
        format!("'{field}").into()
    } else {
        field.into()
    }
}

/// Writes a header row and then `rows` as CSV, each field made safe for spreadsheets ([`csv_safe`]).
pub fn write_csv<I>(header: &[&str], rows: I, w: &mut dyn Write) -> Result<()>
where
    I: IntoIterator<Item = Vec<String>>,
{
    let mut out = csv::Writer::from_writer(w);
    write_safe_record(&mut out, header)?;
    for r in rows {
        write_safe_record(&mut out, &r)?;
    }
    out.flush()?;
    Ok(())
}

/// Writes one record of `fields`, each made safe for spreadsheets ([`csv_safe`]).
pub fn write_safe_record<W: Write>(out: &mut csv::Writer<W>, fields: &[impl AsRef<str>]) -> csv::Result<()> {
    for f in fields {
        out.write_field(csv_safe(f.as_ref()).as_bytes())?;
    }
    out.write_record(None::<&[u8]>)
}

/// Writes `rows` as a pretty-printed JSON array and a final newline.
pub fn write_json<T: serde::Serialize>(rows: &T, w: &mut dyn Write) -> Result<()> {
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

    #[test]
    fn formula_like_text_is_quoted_and_numbers_are_not() {
        for formula in
            ["=HYPERLINK(\"http://x\",\"klikk\")", "+47 123", "-", "- kurs", "@SUM(A1)", "\tx", "\rx", "-1e5", "-5,"]
        {
            assert_eq!(csv_safe(formula), format!("'{formula}"), "{formula:?}");
        }
        for plain in ["-5", "+3", "-2,5", "-2.5", "12", "", "a=b", " =1", "'=1"] {
            assert_eq!(csv_safe(plain), plain, "{plain:?}");
        }
    }

    #[test]
    fn an_atomic_write_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        write_atomically(&path, |w| Ok(w.write_all(b"a\n")?)).unwrap();
        assert!(write_atomically(&path, |_| bail!("boom")).is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
