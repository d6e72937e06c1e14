//! The reporting year of an export, which Questback does not write into the file.
//!
//! First that applies: an explicit `YEAR=PATH`; a year column (`År`, `Rapporteringsår`); a four-digit
//! year 2000–2099 in the file name. A date in the file name (`data_project_1187734_2023_03_14.csv`,
//! an EFS download) is the export date, not the reporting year, and is never used; nor is the
//! completion date, which falls in the following year.

use serde::Serialize;
use std::fmt;
use std::path::Path;

/// The years a reporting year can be: four digits, 2000–2099.
pub(crate) const RANGE: std::ops::RangeInclusive<i32> = 2000..=2099;

/// `2017` (four digits, within [`RANGE`]) → 2017.
pub(crate) fn parse(s: &str) -> Option<i32> {
    let t = super::value::trim(s);
    if t.len() != 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year = t.bytes().fold(0, |y, b| y * 10 + i32::from(b - b'0'));
    RANGE.contains(&year).then_some(year)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "from", content = "detail", rename_all = "snake_case")]
pub(crate) enum YearSource {
    /// `YEAR=PATH` on the command line.
    Argument,
    /// The column with this header, row by row.
    Column(String),
    /// The file name.
    FileName,
}

impl fmt::Display for YearSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            YearSource::Argument => f.write_str("from YEAR=PATH on the command line"),
            YearSource::Column(h) => write!(f, "from the column {h:?}, row by row"),
            YearSource::FileName => f.write_str("from the file name"),
        }
    }
}

/// What the file name says about the year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NameYear {
    Year(i32),
    None,
    /// Several different years; none is taken.
    Ambiguous(Vec<i32>),
}

pub(crate) fn from_file_name(path: &Path) -> NameYear {
    let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let runs: Vec<(usize, &str)> = digit_runs(&name);
    let mut years: Vec<i32> = Vec::new();
    for (i, (start, digits)) in runs.iter().enumerate() {
        if digits.len() != 4 {
            continue;
        }
        // yyyy?mm?dd (or yyyy?m?d): an export date, not a reporting year.
        let day_of = |m: &str, d: &str| {
            let (m, d) = (m.parse::<u32>().unwrap_or(0), d.parse::<u32>().unwrap_or(0));
            (1..=12).contains(&m) && (1..=31).contains(&d)
        };
        // The two separators are one character each, the same, and one of - . _
        let seps = |a: usize, b: usize| {
            let (x, y) = (name.as_bytes()[a], name.as_bytes()[b]);
            x == y && matches!(x, b'-' | b'.' | b'_')
        };
        let is_date = runs.get(i + 1).zip(runs.get(i + 2)).is_some_and(|((s1, m), (s2, d))| {
            m.len() <= 2
                && d.len() <= 2
                && *s1 == start + 5
                && *s2 == s1 + m.len() + 1
                && seps(s1 - 1, s2 - 1)
                && day_of(m, d)
        });
        // dd?mm?yyyy (or d?m?yyyy): the Norwegian way to write the same date.
        let is_date = is_date
            || (i >= 2).then(|| (runs[i - 2], runs[i - 1])).is_some_and(|((s0, d), (s1, m))| {
                d.len() <= 2
                    && m.len() <= 2
                    && s1 == s0 + d.len() + 1
                    && *start == s1 + m.len() + 1
                    && seps(s1 - 1, start - 1)
                    && day_of(m, d)
            });
        if is_date {
            continue;
        }
        if let Some(y) = parse(digits).filter(|y| !years.contains(y)) {
            years.push(y);
        }
    }
    match years.as_slice() {
        [] => NameYear::None,
        [y] => NameYear::Year(*y),
        _ => NameYear::Ambiguous(years),
    }
}

fn digit_runs(s: &str) -> Vec<(usize, &str)> {
    let mut runs = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (c.is_ascii_digit(), start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                runs.push((st, &s[st..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(st) = start {
        runs.push((st, &s[st..]));
    }
    runs
}

/// A year cell: `2017`, ` 2017 `, `2017.0`.
pub(crate) fn parse_cell(raw: &str) -> Option<i32> {
    let t = super::value::trim(raw);
    parse(t.strip_suffix(".0").unwrap_or(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year(name: &str) -> NameYear {
        from_file_name(Path::new(name))
    }

    #[test]
    fn years_in_file_names() {
        assert_eq!(year("utviklingssentraler-2017.csv"), NameYear::Year(2017));
        assert_eq!(year("data/Rapport 2017 (1).csv"), NameYear::Year(2017));
        assert_eq!(year("export.csv"), NameYear::None);
        assert_eq!(year("1999.csv"), NameYear::None);
        assert_eq!(year("rapport-2014-2016.csv"), NameYear::Ambiguous(vec![2014, 2016]));
    }

    #[test]
    fn an_efs_download_name_carries_the_export_date_not_the_year() {
        assert_eq!(year("data_project_1187734_2023_03_14.csv"), NameYear::None);
        assert_eq!(year("eksport 2023-03-14.csv"), NameYear::None);
        assert_eq!(year("eksport 2023-3-14.csv"), NameYear::None, "a date without zero padding");
        assert_eq!(year("eksport 14.3.2023.csv"), NameYear::None);
        assert_eq!(year("rapport 2022 lastet ned 14.03.2023.csv"), NameYear::Year(2022));
        assert_eq!(year("Rapport v1.2 2019.csv"), NameYear::Year(2019), "a version number is not a date");
        assert_eq!(year("Rapport 2019 1 3.csv"), NameYear::Year(2019));
        assert_eq!(year("rapport 2022 eksportert 2023-03-14.csv"), NameYear::Year(2022));
    }

    #[test]
    fn year_cells() {
        assert_eq!(parse_cell(" 2017 "), Some(2017));
        assert_eq!(parse_cell("2017.0"), Some(2017));
        assert_eq!(parse_cell("17"), None);
        assert_eq!(parse_cell("i fjor"), None);
    }
}
