//! Problems found while reading exports, each with where (file, line, column) and what next.
//!
//! Every step of the pipeline pushes into one [`Diagnostics`]; the commands decide what to show.
//! Errors mean data was lost at the file or row level (a file not read, a row rejected); warnings mean
//! a cell was not read as asked (kept as raw text); notes say what was excluded on purpose.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Severity {
    Note,
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Problem {
    pub(crate) severity: Severity,
    pub(crate) file: String,
    /// 1-based physical line where the record starts.
    pub(crate) line: Option<usize>,
    /// 1-based field number.
    pub(crate) column: Option<usize>,
    /// The column's header (as written), when there is one.
    pub(crate) header: Option<String>,
    /// The offending value, as written.
    pub(crate) value: Option<String>,
    pub(crate) message: String,
    /// What to do next.
    pub(crate) hint: Option<String>,
    /// The file is a workbook's sheet, whose columns are named by letter (`C`) where a text's are
    /// numbered (`3`); `column` is the number either way.
    #[serde(skip)]
    pub(crate) lettered: bool,
}

impl Problem {
    pub(crate) fn new(severity: Severity, file: &str, message: impl Into<String>) -> Problem {
        Problem {
            severity,
            file: file.to_string(),
            line: None,
            column: None,
            header: None,
            value: None,
            message: message.into(),
            hint: None,
            lettered: false,
        }
    }

    pub(crate) fn lettered(mut self) -> Problem {
        self.lettered = true;
        self
    }

    pub(crate) fn line(mut self, line: usize) -> Problem {
        self.line = Some(line);
        self
    }

    pub(crate) fn cell(mut self, column: usize, header: &str, value: &str) -> Problem {
        self.column = Some(column);
        self.header = Some(header.to_string());
        self.value = Some(value.to_string());
        self
    }

    pub(crate) fn column(mut self, column: usize, header: &str) -> Problem {
        self.column = Some(column);
        self.header = Some(header.to_string());
        self
    }

    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Problem {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Problem {
    /// `data/2017.csv:14:23: column "2.1 Antall…": "10-15" is a range, not a number; hint`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        let column = |col: usize| if self.lettered { column_letters(col) } else { col.to_string() };
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{}", column(col))?;
            }
        } else if let Some(col) = self.column {
            write!(f, ": column {}", column(col))?;
        }
        f.write_str(": ")?;
        if let Some(h) = &self.header {
            write!(f, "column {:?}: ", ellipsis(h, 60))?;
        }
        if let Some(v) = &self.value {
            write!(f, "{:?} ", ellipsis(v, 60))?;
        }
        f.write_str(&self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "; {h}")?;
        }
        Ok(())
    }
}

/// An Excel column's letters: 1 → `A`, 27 → `AA`.
pub(crate) fn column_letters(mut column: usize) -> String {
    let mut letters = Vec::new();
    while column > 0 {
        let rest = (column - 1) % 26;
        letters.push(b'A' + rest as u8);
        column = (column - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

#[derive(Debug, Default, Clone, Serialize)]
pub(crate) struct Diagnostics {
    pub(crate) problems: Vec<Problem>,
}

impl Diagnostics {
    pub(crate) fn push(&mut self, p: Problem) {
        self.problems.push(p);
    }

    pub(crate) fn count(&self, severity: Severity) -> usize {
        self.problems.iter().filter(|p| p.severity == severity).count()
    }

    pub(crate) fn for_file<'a>(&'a self, file: &'a str) -> impl Iterator<Item = &'a Problem> + 'a {
        self.problems.iter().filter(move |p| p.file == file)
    }

    /// Problems in file order, then line, then column (stable for equal positions).
    pub(crate) fn sort(&mut self) {
        self.problems.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    }

    /// "2 errors, 1 warning" (nothing for zero counts; "no problems" when empty).
    pub(crate) fn summary(&self) -> String {
        let parts: Vec<String> = [(Severity::Error, "error"), (Severity::Warning, "warning"), (Severity::Note, "note")]
            .iter()
            .filter_map(|&(s, word)| {
                let n = self.count(s);
                (n > 0).then(|| format!("{n} {word}{}", if n == 1 { "" } else { "s" }))
            })
            .collect();
        if parts.is_empty() {
            "no problems".into()
        } else {
            parts.join(", ")
        }
    }
}

/// Writes each problem at or above `min` as `error: file:line:col: …`, coloured when `color`.
pub(crate) fn print(
    problems: &[Problem],
    min: Severity,
    color: bool,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    for p in problems.iter().filter(|p| p.severity >= min) {
        let (word, code) = match p.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
            Severity::Note => ("note", "1;36"),
        };
        if color {
            writeln!(w, "\x1b[{code}m{word}\x1b[0m: {p}")?;
        } else {
            writeln!(w, "{word}: {p}")?;
        }
    }
    Ok(())
}

/// Shortens a long header for one-line messages.
pub(crate) fn ellipsis(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_names_file_line_column_value_and_next_step() {
        let p = Problem::new(Severity::Warning, "data/2017.csv", "is a range, not a number")
            .line(14)
            .cell(23, "2.1 Antall personer som har hospitert", "10-15")
            .hint("correct the file or accept it as missing");
        assert_eq!(
            p.to_string(),
            "data/2017.csv:14:23: column \"2.1 Antall personer som har hospitert\": \"10-15\" is a range, \
             not a number; correct the file or accept it as missing"
        );
    }

    #[test]
    fn columns_are_lettered_as_excel_letters_them() {
        let letters: Vec<String> = [1, 3, 26, 27, 52, 53, 702, 703].into_iter().map(column_letters).collect();
        assert_eq!(letters, ["A", "C", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]);
    }

    #[test]
    fn a_sheet_names_its_columns_by_letter() {
        let p = Problem::new(Severity::Warning, "Rapport 2018.xlsx:Ark1", "is a range, not a number")
            .line(14)
            .cell(3, "Antall henvendelser", "10-15")
            .lettered();
        assert!(p.to_string().starts_with("Rapport 2018.xlsx:Ark1:14:C: column \"Antall henvendelser\""), "{p}");
    }
}
