//! INPUT arguments → the export files to read: a file, a directory (every `.csv` and `.xlsx` below
//! it, in name order), `YEAR=FILE` / `YEAR=DIR`, which sets the reporting year of what it names, and
//! `FILE.xlsx:SHEET`, which names a workbook's sheet (the first is read otherwise).

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    /// The year given as `YEAR=PATH`.
    pub year: Option<i32>,
    /// The workbook's sheet given as `FILE.xlsx:SHEET`.
    pub sheet: Option<String>,
}

impl Input {
    /// The path as the user wrote it (or as found below a directory), and `:SHEET` when one was
    /// named, for messages and `source`.
    pub(crate) fn display(&self) -> String {
        match &self.sheet {
            Some(sheet) => format!("{}:{sheet}", self.path.display()),
            None => self.path.display().to_string(),
        }
    }
}

/// The exports that INPUT arguments name, and the other files found in their directories.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Expanded {
    pub(crate) inputs: Vec<Input>,
    /// Files below a directory that friskliv does not read, in name order.
    pub(crate) passed_over: Vec<PathBuf>,
}

/// Expands INPUT arguments. A path given twice is read once (an explicit year wins).
pub(crate) fn expand(args: &[String]) -> Result<Expanded> {
    if args.is_empty() {
        bail!("no INPUT given: name an export file, a directory of exports, or YEAR=FILE");
    }
    let mut inputs: Vec<Input> = Vec::new();
    let mut passed_over = Vec::new();
    for arg in args {
        let (year, path) = split_year(arg)?;
        let (path, sheet) = split_sheet(path);
        if path.is_dir() && sheet.is_none() {
            let mut found = Vec::new();
            collect(&path, &mut found, &mut passed_over)
                .with_context(|| format!("cannot list directory {}", path.display()))?;
            if found.is_empty() {
                bail!("{} holds no .csv or .xlsx files: name the export files themselves", path.display());
            }
            found.sort();
            for p in found {
                push(&mut inputs, Input { path: p, year, sheet: None })?;
            }
        } else if path.is_file() {
            push(&mut inputs, Input { path, year, sheet })?;
        } else if let Some(kind) = not_regular(&path) {
            bail!("{}: {kind}: friskliv reads export files; save the export to a file and name that", path.display());
        } else {
            bail!("{}: no such file or directory", path.display());
        }
    }
    passed_over.sort();
    Ok(Expanded { inputs, passed_over })
}

/// What to do with a file below an input directory that looks like an export friskliv cannot read
/// (by its extension), or `None` for any other file.
pub(crate) fn unread_export(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
    Some(match ext.as_str() {
        "xls" | "xlsm" | "xlsb" => {
            "save it as .xlsx in Excel, or export the raw data from Questback again as .xlsx or .csv"
        }
        "ods" | "numbers" => "save it as .xlsx or .csv",
        "sav" | "zsav" | "por" | "dta" | "sas7bdat" => {
            "export the raw data from Questback again as Text (.CSV) or Excel (.xlsx), not for a statistics package"
        }
        "tsv" | "txt" | "tab" => "if it is an export, rename it to .csv: friskliv finds the delimiter itself",
        "zip" | "7z" | "gz" => "unpack it into the folder",
        _ => return None,
    })
}

/// What a path that exists but is neither a file nor a directory is ("a named pipe, not a file"), or
/// `None` when nothing is there.
fn not_regular(path: &Path) -> Option<&'static str> {
    let kind = std::fs::metadata(path).ok()?.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a named pipe, not a file");
        } else if kind.is_char_device() || kind.is_block_device() {
            return Some("a device, not a file");
        } else if kind.is_socket() {
            return Some("a socket, not a file");
        }
    }
    (!kind.is_file() && !kind.is_dir()).then_some("not a regular file")
}

/// Adds `input`, once: a file named twice is read once, and may not be given two different years.
fn push(inputs: &mut Vec<Input>, input: Input) -> Result<()> {
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    };
    match inputs.iter_mut().find(|i| same(&i.path, &input.path) && i.sheet == input.sheet) {
        Some(existing) => match (existing.year, input.year) {
            (Some(a), Some(b)) if a != b => bail!(
                "{} is given twice, as {a}= and as {b}=: a file reports on one year; give it once",
                input.path.display()
            ),
            (_, year) => existing.year = year.or(existing.year),
        },
        None => inputs.push(input),
    }
    Ok(())
}

/// `2017=path` → (Some(2017), "path"); anything else → (None, arg).
fn split_year(arg: &str) -> Result<(Option<i32>, &str)> {
    if let Some((y, rest)) = arg.split_once('=') {
        if y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()) && !Path::new(arg).exists() {
            let Some(year) = crate::read::year::parse(y) else {
                bail!("{arg}: the year {y} is outside 2000–2099");
            };
            if rest.is_empty() {
                bail!("{arg}: name a file after the year, as in {year}=data/export.csv");
            }
            return Ok((Some(year), rest));
        }
    }
    Ok((None, arg))
}

/// `data/Rapport 2018.xlsx:Ark1` → ("data/Rapport 2018.xlsx", Some("Ark1")) when that file exists
/// and the whole does not; anything else is a path.
fn split_sheet(arg: &str) -> (PathBuf, Option<String>) {
    if !Path::new(arg).exists() {
        if let Some((file, sheet)) = arg.rsplit_once(':') {
            if !sheet.is_empty() && Path::new(file).is_file() {
                return (PathBuf::from(file), Some(sheet.to_string()));
            }
        }
    }
    (PathBuf::from(arg), None)
}

/// The exports below `dir`: `.csv` and `.xlsx` files, but not the `~$…` file Excel keeps beside a
/// workbook it has open; every other file goes to `other`.
fn collect(dir: &Path, out: &mut Vec<PathBuf>, other: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let is = |ext: &str| path.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext));
        let lock = path.file_name().is_some_and(|n| n.to_string_lossy().starts_with("~$"));
        if path.is_dir() {
            collect(&path, out, other)?;
        } else if (is("csv") || is("xlsx")) && !lock {
            out.push(path);
        } else {
            other.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_equals_path() {
        assert_eq!(split_year("2017=a.csv").unwrap(), (Some(2017), "a.csv"));
        assert_eq!(split_year("a=b.csv").unwrap(), (None, "a=b.csv"));
        assert!(split_year("1917=a.csv").is_err());
    }

    #[test]
    fn a_sheet_follows_the_workbook_after_a_colon() {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("Rapport 2018.xlsx");
        std::fs::write(&book, b"PK").unwrap();
        let named = format!("{}:Ark 2", book.display());
        assert_eq!(split_sheet(&named), (book.clone(), Some("Ark 2".to_string())));
        assert_eq!(split_sheet(book.to_str().unwrap()), (book.clone(), None));
        assert_eq!(split_sheet("missing.xlsx:Ark1"), (PathBuf::from("missing.xlsx:Ark1"), None));
        std::fs::write(dir.path().join("~$Rapport 2018.xlsx"), b"lock").unwrap();
        let (mut found, mut other) = (Vec::new(), Vec::new());
        collect(dir.path(), &mut found, &mut other).unwrap();
        assert_eq!(found, [book]);
        assert_eq!(other, [dir.path().join("~$Rapport 2018.xlsx")]);
    }
}
