//! What happens to one data row: a pure verdict with typed reasons. Every row ends **kept**,
//! **excluded** or **rejected**; [`problems`] turns a verdict into the diagnostics it owes, in one
//! place.
//!
//! Excluded: a blank row, a test response (`tester` = 1), not completed (a `dispcode` outside the
//! completed set, an empty `Fullført`), superseded by a resubmission completed later (decided across
//! all files, in [`crate::normalise`]). Rejected: values beyond the header's last column, no year, no
//! centre column, an unknown centre (with a hint, never a fuzzy match), a centre that was not a
//! development centre that year, a year no agreement period covers.

use super::seen::YearRows;
use crate::diagnostics::{Problem, Severity};
use crate::read::grid::Row;
use crate::read::Export;
use crate::read::{value, year};
use crate::schema::Schema;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Exclusion {
    Blank,
    Test,
    /// A dispcode outside the completed set (as written).
    Dispcode(String),
    /// The completion column (its header) is empty.
    NotCompleted(String),
    /// A resubmission for the same centre and year was completed later.
    Superseded {
        centre: String,
        year: i32,
        by: String,
        completed: Option<i64>,
    },
    /// The same record as another response (an export read twice).
    Duplicate {
        of: String,
    },
    /// A correction drops the response.
    Dropped {
        id: String,
        reason: String,
    },
}

impl Exclusion {
    pub(crate) fn message(&self) -> String {
        match self {
            Exclusion::Blank => "blank row".into(),
            Exclusion::Test => "test response (tester = 1)".into(),
            Exclusion::Dispcode(code) => format!("not completed (dispcode {code:?})"),
            Exclusion::NotCompleted(header) => format!("not completed ({header:?} is empty)"),
            Exclusion::Superseded { centre, year, by, completed } => {
                let when = completed.map(|t| format!(", completed {}", show_timestamp(t))).unwrap_or_default();
                format!("{centre} {year} superseded by the resubmission at {by}{when}")
            }
            Exclusion::Dropped { id, reason } => format!("dropped by correction {id:?} ({reason})"),
            Exclusion::Duplicate { of } => format!("the same response as {of} (the export read twice?)"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Rejection {
    /// The row has this many fields, more than the header, and the extra ones hold values.
    TooManyFields(usize),
    /// The year column's cell (as written) is not a year.
    UnreadableYear(String),
    NoYear,
    NoCentreColumn,
    NoCentreNamed,
    /// The centre as written.
    UnknownCentre(String),
    /// A centre that was not a development centre that year, and its name as written.
    NotACentre {
        centre: usize,
        year: i32,
        written: String,
    },
    NoPeriod(i32),
}

impl Rejection {
    pub(crate) fn message(&self, schema: &Schema, width: usize) -> String {
        match self {
            Rejection::TooManyFields(n) => format!(
                "row has {n} fields but the header has {width}: values beyond the last column (a delimiter inside an unquoted answer?)"
            ),
            Rejection::UnreadableYear(_) => "is not a reporting year: the row is not read".into(),
            Rejection::NoYear => "no reporting year".into(),
            Rejection::NoCentreColumn => "no centre column".into(),
            Rejection::NoCentreNamed => "no centre named: the row is not read".into(),
            Rejection::UnknownCentre(_) => "is not a known centre: the row is not read".into(),
            Rejection::NotACentre { centre, year, written } => {
                let c = &schema.centres[*centre];
                let (from, to) = c.years;
                let only = if from == to { format!("only in {from}") } else { format!("only in {from}–{to}") };
                let is = if crate::schema::matching::name_key(written) == crate::schema::matching::name_key(&c.name) {
                    "was".to_string()
                } else {
                    format!("is {}, which was", c.name)
                };
                format!("{is} a development centre {only}, not in {year}: the row is not read")
            }
            Rejection::NoPeriod(year) => format!("no agreement period covers {year}: the row is not read"),
        }
    }

    pub(crate) fn hint(&self, schema: &Schema, path: &str) -> String {
        match self {
            Rejection::TooManyFields(_) => "quote the answer or export the file again; the row is not read".into(),
            Rejection::UnreadableYear(_) => format!("correct the cell, or pass the year as YEAR={path}"),
            Rejection::NoYear | Rejection::NoCentreColumn => String::new(),
            Rejection::NoCentreNamed => "fill in the centre".into(),
            Rejection::UnknownCentre(name) => schema.unknown_centre_hint(name),
            Rejection::NotACentre { centre, year, .. } => {
                let c = &schema.centres[*centre];
                match &c.successor {
                    Some(s) => format!("its successor is {s}; check the year, or the centre's years in friskliv.toml"),
                    None if *year > c.years.1 => format!(
                        "check the year, or extend the centre: until = {year} in a [[centre]] named {:?} in friskliv.toml",
                        c.name
                    ),
                    None => "check the year, or the centre's first year in friskliv.toml".to_string(),
                }
            }
            Rejection::NoPeriod(_) => "add a [[period]] for it to friskliv.toml".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Kept, with the year it reports on and the centre that sent it.
    Kept {
        year: i32,
        centre: usize,
    },
    Excluded(Exclusion),
    Rejected(Rejection),
}

/// The columns of one file that decide a row's fate (0-based), and what they are called.
#[derive(Debug, Clone)]
pub(crate) struct Roles<'a> {
    pub(crate) export: &'a Export,
    pub(crate) headers: Vec<&'a str>,
    /// The file's reporting year, unless it comes from a year column.
    pub(crate) year: Option<i32>,
    pub(crate) centre: Option<usize>,
    pub(crate) year_column: Option<usize>,
    pub(crate) tester: Option<usize>,
    pub(crate) dispcode: Option<usize>,
    pub(crate) completed: Option<usize>,
    pub(crate) timestamps: Vec<usize>,
    /// The centres' names as this file writes them, looked up once each (a fast hash: every row
    /// asks).
    pub(crate) centres: RefCell<HashMap<String, Option<usize>, foldhash::fast::FixedState>>,
}

impl Roles<'_> {
    fn centre(&self, schema: &Schema, name: &str) -> Option<usize> {
        if let Some(&c) = self.centres.borrow().get(name) {
            return c;
        }
        let c = schema.centre_index(name);
        self.centres.borrow_mut().insert(name.to_string(), c);
        c
    }
}

/// One row's verdict, and what else is worth saying about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Verdict {
    pub(crate) outcome: Outcome,
    /// The reporting year, when the row has one (kept or not).
    pub(crate) year: Option<i32>,
    /// When the response was completed (packed, comparable), for ordering resubmissions.
    pub(crate) completed: Option<i64>,
    /// A completion time that is written but cannot be read (its column).
    pub(crate) unread_time: Option<usize>,
    /// The row has fewer fields than the header.
    pub(crate) short: bool,
    /// The row ends in empty fields beyond the header (a trailing delimiter).
    pub(crate) trailing: bool,
    /// The year column says another year than YEAR=PATH.
    pub(crate) year_differs: bool,
    /// The centre was excused from reporting that year.
    pub(crate) excused: bool,
}

impl Verdict {
    /// A row kept with nothing to say about it, as most are ([`problems`] says nothing at a glance).
    fn is_quiet(&self) -> bool {
        let flagged = self.short || self.unread_time.is_some() || self.year_differs || self.excused;
        !flagged && matches!(self.outcome, Outcome::Kept { .. })
    }
}

/// Decides one row's fate (except superseding, which needs every file).
pub(crate) fn classify(row: &Row, roles: &Roles, schema: &Schema, completed_codes: &[i64]) -> Verdict {
    let mut v = Verdict {
        // Overwritten below; a variant with nothing to drop.
        outcome: Outcome::Kept { year: 0, centre: 0 },
        year: roles.year,
        completed: None,
        unread_time: None,
        short: false,
        trailing: false,
        year_differs: false,
        excused: false,
    };
    v.outcome = match decide(row, roles, schema, completed_codes, &mut v) {
        Ok((year, centre)) => Outcome::Kept { year, centre },
        Err(outcome) => outcome,
    };
    v
}

/// The kept row's year and centre, or why it is not kept.
fn decide(
    row: &Row,
    roles: &Roles,
    schema: &Schema,
    completed_codes: &[i64],
    v: &mut Verdict,
) -> Result<(i32, usize), Outcome> {
    let width = roles.headers.len();
    let cell = |c: usize| value::trim(roles.export.cell(row, c));
    if row.is_blank() {
        return Err(Outcome::Excluded(Exclusion::Blank));
    }
    if row.len() > width {
        if (width..row.len()).any(|c| !row.field(c).trim().is_empty()) {
            return Err(Outcome::Rejected(Rejection::TooManyFields(row.len())));
        }
        v.trailing = true;
    }
    v.short = row.len() < width;
    if roles.tester.is_some_and(|c| cell(c) == "1") {
        return Err(Outcome::Excluded(Exclusion::Test));
    }
    if let Some(c) = roles.dispcode {
        if !cell(c).parse::<i64>().is_ok_and(|n| completed_codes.contains(&n)) {
            return Err(Outcome::Excluded(Exclusion::Dispcode(cell(c).to_string())));
        }
    }
    let completed = roles.completed.map(|c| (c, cell(c)));
    if let Some((c, "")) = completed {
        return Err(Outcome::Excluded(Exclusion::NotCompleted(roles.headers[c].to_string())));
    }
    // The completion time, else the latest of the timestamps (EFS: start and last access); in a
    // sheet, a bare number is Excel's serial for a time in a cell not formatted as one.
    let sheet = matches!(roles.export.kind, crate::read::FileKind::Workbook { .. });
    let time = |written: &str| timestamp(written).or_else(|| if sheet { excel_serial(written) } else { None });
    // EFS writes an unknown time as zeros; anything else written must read.
    let written = |t: &str| !t.bytes().all(|b| matches!(b, b'0' | b'-' | b':' | b' ' | b'.'));
    match completed {
        Some((c, t)) => {
            v.completed = time(t);
            v.unread_time = (v.completed.is_none() && written(t)).then_some(c);
        }
        None => {
            v.completed = roles.timestamps.iter().filter_map(|&c| time(cell(c))).max();
            v.unread_time = roles.timestamps.iter().copied().find(|&c| written(cell(c)) && time(cell(c)).is_none());
        }
    }
    if let Some(c) = roles.year_column {
        let written = cell(c);
        match (roles.year, year::parse_cell(written)) {
            (Some(given), Some(y)) => v.year_differs = y != given,
            (Some(_), None) => {}
            (None, Some(y)) => v.year = Some(y),
            (None, None) => return Err(Outcome::Rejected(Rejection::UnreadableYear(written.to_string()))),
        }
    }
    // An outcome built only when the row has none (most rows have both: none to build and drop).
    let Some(year) = v.year else { return Err(Outcome::Rejected(Rejection::NoYear)) };
    let Some(c) = roles.centre else { return Err(Outcome::Rejected(Rejection::NoCentreColumn)) };
    let name = cell(c);
    if name.is_empty() {
        return Err(Outcome::Rejected(Rejection::NoCentreNamed));
    }
    let centre = roles.centre(schema, name).ok_or_else(|| Outcome::Rejected(Rejection::UnknownCentre(name.into())))?;
    if !schema.centres[centre].active_in(year) {
        return Err(Outcome::Rejected(Rejection::NotACentre { centre, year, written: name.to_string() }));
    }
    if schema.period_index(year).is_none() {
        return Err(Outcome::Rejected(Rejection::NoPeriod(year)));
    }
    v.excused = schema.centres[centre].excused.contains(&year);
    Ok((year, centre))
}

/// The diagnostics a verdict owes, in the order they are read: the row's shape, the year, then its
/// fate.
pub(crate) fn problems(v: &Verdict, row: &Row, roles: &Roles, schema: &Schema) -> Vec<Problem> {
    if v.is_quiet() {
        return Vec::new();
    }
    let problem = |severity, message: String| roles.export.problem(severity, message).line(row.line);
    let width = roles.headers.len();
    let at = |c: usize, p: Problem| p.cell(c + 1, roles.headers[c], roles.export.cell(row, c).trim());
    let mut out = Vec::new();
    if v.short {
        let message = format!(
            "row has {} fields but the header has {width}: the missing cells are read as unanswered",
            row.len()
        );
        out.push(problem(Severity::Warning, message).hint("check that the row is complete"));
    }
    if let Some(c) = v.unread_time {
        let message =
            "is not a date and time friskliv reads (a two-digit year?): resubmissions are ordered as if it had none";
        let hint =
            "if the centre resubmitted, drop the response that should not count with a correction (action = \"drop\")";
        out.push(at(c, problem(Severity::Warning, message.to_string())).hint(hint));
    }
    if let (true, Some(c), Some(given)) = (v.year_differs, roles.year_column, roles.year) {
        let message = format!("differs from the year given as YEAR=PATH ({given}): the row is read as {given}");
        out.push(at(c, problem(Severity::Warning, message)).hint("check which year the export reports on"));
    }
    match &v.outcome {
        &Outcome::Kept { year, centre } if v.excused => {
            let name = &schema.centres[centre].name;
            out.push(problem(
                Severity::Note,
                format!("{name} was excused from reporting in {year} but reported: the report is kept"),
            ));
        }
        Outcome::Kept { .. } | Outcome::Excluded(Exclusion::Blank) => {}
        Outcome::Excluded(e) => out.push(problem(Severity::Note, format!("excluded: {}", e.message()))),
        // Said once per file and year ([`year_problems`]), and for a file without any, once.
        Outcome::Rejected(Rejection::NoYear | Rejection::NoCentreColumn | Rejection::NoPeriod(_)) => {}
        Outcome::Rejected(r) => {
            let p = problem(Severity::Error, r.message(schema, width)).hint(r.hint(schema, &roles.export.path));
            let column = match r {
                Rejection::UnreadableYear(_) => roles.year_column,
                Rejection::NoCentreNamed | Rejection::UnknownCentre(_) | Rejection::NotACentre { .. } => roles.centre,
                _ => None,
            };
            out.push(match column {
                Some(c) => at(c, p),
                None => p,
            });
        }
    }
    out
}

/// What is said once per file and year, before anything about its rows: a year no agreement period
/// covers (an error: none of its rows is read), and a year no form covers (a warning: nothing is
/// asked that year, so coverage shows nothing and no question is missed).
pub(crate) fn year_problems(e: &Export, years: &BTreeMap<i32, YearRows>, schema: &Schema) -> Vec<Problem> {
    let mut out = Vec::new();
    let lines = |r: &YearRows| match r.rows {
        1 => format!("its row (line {}) is not read", r.first),
        n => format!("its {n} rows (lines {}–{}) are not read", r.first, r.last),
    };
    // The input as given: a year passed as YEAR=PATH goes with it.
    let input = match (e.year_source.as_ref(), e.year) {
        (Some(crate::read::year::YearSource::Argument), Some(y)) => format!("{y}={}", e.path),
        _ => e.path.clone(),
    };
    let draft = format!("or draft the config for this export: friskliv inspect {} --draft-config", shell_word(&input));
    for (&year, rows) in years {
        if schema.period_index(year).is_none() {
            let message = format!("no agreement period covers {year}: {}", lines(rows));
            let hint = format!("add a [[period]] for {year} to friskliv.toml, {draft}");
            out.push(e.problem(Severity::Error, message).hint(hint));
        }
        if schema.form_of_year(year).is_none() {
            let fits = e.layout.form().and_then(|fit| Some((schema.form(&fit.id)?, fit)));
            let (message, hint) = match fits {
                Some((f, fit)) => (
                    format!(
                        "no form is known for {year}, so coverage shows nothing asked that year and no missing question is noticed; form {} ({}–{}) fits best: {} of the {} answer columns",
                        f.id, f.years.0, f.years.1, fit.fit, fit.of
                    ),
                    match schema.form_in_the_way(&f.id, (year.min(f.years.0), year.max(f.years.1))) {
                        None => format!("extend the form: until = {year} in a [[form]] with id = {:?} in friskliv.toml, {draft}", f.id),
                        Some(g) => format!(
                            "form {} stretched to {year} would take over form {}'s years: add a [[form]] for {year} and its [[question]]s to friskliv.toml (docs/config.md), {draft}",
                            f.id, g.id
                        ),
                    },
                ),
                None => (
                    format!("no form is known for {year}, and no column fits a known form's questions"),
                    format!("add a [[form]] for {year} and its [[question]]s to friskliv.toml, {draft}"),
                ),
            };
            out.push(e.problem(Severity::Warning, message).hint(hint));
        }
    }
    out
}

/// `path` as one word for a shell: quoted when it holds anything but plain characters.
fn shell_word(path: &str) -> String {
    if path.chars().all(|c| c.is_alphanumeric() || "-_./=".contains(c)) {
        path.to_string()
    } else {
        format!("'{}'", path.replace('\'', "'\\''"))
    }
}

/// `dd.mm.yyyy HH:MM[:SS]` or `yyyy-mm-dd HH:MM[:SS]`, packed so that later is larger;
/// `0000-00-00 00:00:00` is none.
pub(crate) fn timestamp(s: &str) -> Option<i64> {
    if let Some(t) = questback_time(s.as_bytes()) {
        return Some(t);
    }
    let (date, time) = s.split_once([' ', 'T']).unwrap_or((s, ""));
    let (y, m, d) = match numbers::<3>(date, '.') {
        Some([d, m, y]) => (y, m, d),
        None => {
            let [y, m, d] = numbers::<3>(date, '-')?;
            (y, m, d)
        }
    };
    // A two-digit year is not a date in the first century: it is not read.
    if y < 1000 || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let mut t = [0; 3];
    if !time.is_empty() {
        for (i, p) in time.split([':', '.']).enumerate() {
            let v = p.trim().parse::<u32>().ok()?;
            if let Some(slot) = t.get_mut(i) {
                *slot = v.min(99);
            }
        }
    }
    let parts = [m, d, t[0], t[1], t[2]];
    Some(parts.iter().fold(i64::from(y), |acc, &p| acc * 100 + i64::from(p)))
}

/// An Excel serial (`43160.4375`: days since 30 December 1899, the 1900 date system) between 1970
/// and 2100 (a number outside them is no time a report was filled in), packed as [`timestamp`].
fn excel_serial(s: &str) -> Option<i64> {
    let serial: f64 = s.trim().parse().ok()?;
    if !(25_569.0..73_051.0).contains(&serial) {
        return None;
    }
    // Rounded to the second first, so that 23:59:59.7 is the next day's midnight.
    let total = (serial * 86_400.0).round() as i64;
    let (days, seconds) = (total / 86_400, total % 86_400);
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = days - 25_569 + 719_468;
    let (era, doe) = (z.div_euclid(146_097), z.rem_euclid(146_097));
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let parts = [m, d, seconds / 3_600, seconds / 60 % 60, seconds % 60];
    Some(parts.iter().fold(y, |acc, &p| acc * 100 + p))
}

/// `dd.mm.yyyy HH:MM`, the way Questback writes every completion time, read without splitting.
fn questback_time(b: &[u8]) -> Option<i64> {
    let b: &[u8; 16] = b.try_into().ok()?;
    if (b[2], b[5], b[10], b[13]) != (b'.', b'.', b' ', b':') {
        return None;
    }
    // The two digits at `i`.
    let two = |i: usize| {
        let (tens, ones) = (b[i].wrapping_sub(b'0'), b[i + 1].wrapping_sub(b'0'));
        (tens < 10 && ones < 10).then(|| i64::from(tens) * 10 + i64::from(ones))
    };
    let (d, m, y, h, min) = (two(0)?, two(3)?, two(6)? * 100 + two(8)?, two(11)?, two(14)?);
    if y == 0 || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some([m, d, h, min, 0].iter().fold(y, |acc, p| acc * 100 + p))
}

/// Exactly `N` numbers separated by `sep`.
fn numbers<const N: usize>(s: &str, sep: char) -> Option<[u32; N]> {
    let mut out = [0; N];
    let mut parts = s.split(sep);
    for slot in &mut out {
        *slot = parts.next()?.trim().parse().ok()?;
    }
    parts.next().is_none().then_some(out)
}

fn show_timestamp(t: i64) -> String {
    let part = |i: u32| (t / 100i64.pow(i)) % 100;
    format!("{:04}-{:02}-{:02} {:02}:{:02}", t / 100i64.pow(5), part(4), part(3), part(2), part(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_in_both_notations_and_the_efs_null() {
        assert_eq!(timestamp("14.03.2018 09:30"), timestamp("2018-03-14 09:30:00"));
        assert_eq!(show_timestamp(timestamp("2018-03-14 09:30:12").unwrap()), "2018-03-14 09:30");
        assert_eq!(timestamp("0000-00-00 00:00:00"), None);
        // Excel serials (in a sheet only): 1 March 2018 10:30, 29 February 2020 23:59:59, a time
        // that rounds to the next midnight, 1 January 1970.
        assert_eq!(excel_serial("43160.4375"), timestamp("2018-03-01 10:30:00"));
        assert_eq!(excel_serial("43890.999988426"), timestamp("2020-02-29 23:59:59"));
        assert_eq!(excel_serial("43890.9999999"), timestamp("2020-03-01 00:00:00"));
        assert_eq!(excel_serial("25569"), timestamp("1970-01-01 00:00:00"));
        assert_eq!(excel_serial("12"), None);
        assert_eq!(timestamp("43160.4375"), None, "a bare number in a text export is no time");
        assert_eq!(timestamp(""), None);
        assert!(timestamp("14.03.2018 09:30") < timestamp("2018-03-15 08:00:00"));
        assert!(timestamp("14.03.2018 23:59") < timestamp("15.03.2018 00:00"));
        assert_eq!(timestamp("14.03.2018 09.30"), timestamp("14.03.2018 09:30"), "09.30 is a time too");
        assert_eq!(timestamp("14.03.18 09:30"), None, "a two-digit year is not the year 18");
        assert_eq!(timestamp("18-03-14 09:30"), None);
    }

    #[test]
    fn every_rejection_says_what_and_what_next() {
        let s = Schema::builtin();
        let eiker = s.centre_index("Aktiv Eiker").unwrap();
        let r = Rejection::NotACentre { centre: eiker, year: 2018, written: "Aktiv Eiker".into() };
        assert_eq!(r.message(&s, 5), "was a development centre only in 2014–2016, not in 2018: the row is not read");
        assert!(r.hint(&s, "x.csv").starts_with("its successor is Drammen"));
        let senja = s.centre_index("Senja").unwrap();
        let r = Rejection::NotACentre { centre: senja, year: 2023, written: "Senja kommune".into() };
        assert_eq!(
            r.message(&s, 5),
            "is Senja, which was a development centre only in 2017–2022, not in 2023: the row is not read"
        );
        assert_eq!(
            r.hint(&s, "x.csv"),
            "check the year, or extend the centre: until = 2023 in a [[centre]] named \"Senja\" in friskliv.toml"
        );
        assert!(Rejection::UnknownCentre("Kristiansnd".into())
            .hint(&s, "x")
            .contains("\"Kristiansand\" or \"Kristiansund\""));
    }
}
