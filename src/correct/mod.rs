//! **Beside stage 2: corrections.** Takes the corrections file (`corrections.toml` in the working
//! directory, or `--corrections FILE`) and, from [`crate::normalise`], each kept response's cells as
//! written; hands on the corrections checked against the schema ([`Corrections`]), what became of
//! each on this run ([`apply::Decision`], [`Status`]) and the audit table ([`audit`]). Must never
//! edit an export, and never apply a correction whose `old` no longer matches the cell.
//!
//! A correction is an analyst's change to what an export says, with its reason, author and date. It
//! names one cell (year, centre, measure) and what it holds (`old`, checked before anything
//! changes); it sets a new value, confirms the cell as read, or drops the whole response.
//! [`crate::normalise`] applies them after reading and before anything is aggregated.

pub(crate) mod accept;
pub mod apply;
pub(crate) mod audit;

use crate::read::value;
use crate::schema::{CellKind, Schema};
use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The corrections file read when none is named and it exists.
pub(crate) const DEFAULT_FILE: &str = "corrections.toml";

/// What a correction does to its cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Action {
    /// Replaces the cell by `new`, read like a cell of the export (`""`: unanswered).
    Set { old: String, new: String },
    /// Accepts the cell as read, and silences its warning (`ca. 20`).
    Confirm { old: String },
    /// Excludes the whole response.
    Drop,
}

/// One `[[correction]]`, checked against the schema.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Correction {
    pub(crate) id: String,
    /// The line of its `[[correction]]` header in the file.
    pub(crate) line: usize,
    pub(crate) year: i32,
    /// Index into the schema's centres.
    pub(crate) centre: usize,
    /// The cell's measure and option (an index into the schema's targets); `None` for a drop.
    pub(crate) target: Option<usize>,
    pub(crate) action: Action,
    /// `FILE:LINE` of the response meant, when the centre has several that year.
    pub(crate) response: Option<(String, usize)>,
    pub(crate) reason: String,
    pub(crate) author: String,
    pub(crate) date: String,
}

/// The corrections in force.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Corrections {
    /// The file as named (empty when there is none).
    pub(crate) path: String,
    pub(crate) list: Vec<Correction>,
    /// The review flags of a whole year accepted (`[[accept]]`).
    pub(crate) accepted: Vec<accept::Acceptance>,
}

/// What became of a correction on one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Status {
    /// The cell held `old` and now reads `new` (or the response was dropped, or the cell confirmed).
    Applied,
    /// The cell already reads `new`.
    Unchanged,
    /// The cell no longer holds `old`: not applied.
    Stale,
    /// No kept response for that year and centre, no column for that measure in it, or several
    /// responses and no `response` to choose.
    Unmatched,
}

impl Status {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::Applied => "applied",
            Status::Unchanged => "unchanged",
            Status::Stale => "stale",
            Status::Unmatched => "unmatched",
        }
    }
}

impl Corrections {
    /// The corrections in `path`, or in `corrections.toml` when no path is named and it exists.
    /// A file that does not parse or does not fit the schema is refused, naming the line.
    pub(crate) fn load(path: Option<&Path>, schema: &Schema) -> Result<Corrections> {
        let path: Option<PathBuf> = match path {
            Some(p) => Some(p.to_path_buf()),
            None => Some(PathBuf::from(DEFAULT_FILE)).filter(|p| p.is_file()),
        };
        let Some(path) = path else { return Ok(Corrections::default()) };
        let shown = path.display().to_string();
        let text =
            std::fs::read_to_string(&path).with_context(|| format!("cannot read the corrections file {shown}"))?;
        Corrections::parse(&text, &shown, schema)
    }

    /// Parses the text of a corrections file named `path`.
    pub fn parse(text: &str, path: &str, schema: &Schema) -> Result<Corrections> {
        let doc: CorrectionsFile =
            toml::from_str(text).with_context(|| format!("{path} is not a valid corrections file"))?;
        let mut list: Vec<Correction> = Vec::new();
        let mut ids = HashSet::new();
        let mut cells = HashMap::new();
        for entry in doc.correction {
            let line = text[..entry.span().start].matches('\n').count() + 1;
            let c = entry.into_inner().check(line, schema).with_context(|| format!("{path}:{line}: the correction"))?;
            if !ids.insert(c.id.clone()) {
                bail!("{path}:{line}: the id {:?} is used twice: each correction needs an id of its own", c.id);
            }
            // Two corrections of one cell (or two drops of one response) would contradict each other.
            if let Some(&other) = cells.get(&(c.year, c.centre, c.target, c.response.clone())) {
                let o: &Correction = &list[other];
                bail!("{path}:{line}: {:?} corrects the same cell as {:?} (line {}): keep one", c.id, o.id, o.line);
            }
            cells.insert((c.year, c.centre, c.target, c.response.clone()), list.len());
            list.push(c);
        }
        let mut accepted: Vec<accept::Acceptance> = Vec::new();
        for entry in doc.accept {
            let line = text[..entry.span().start].matches('\n').count() + 1;
            let a = entry.into_inner().check(line, schema).with_context(|| format!("{path}:{line}: the [[accept]]"))?;
            if !ids.insert(a.id.clone()) {
                bail!(
                    "{path}:{line}: the id {:?} is used twice: each correction and [[accept]] needs an id of its own",
                    a.id
                );
            }
            accepted.push(a);
        }
        Ok(Corrections { path: path.to_string(), list, accepted })
    }
}

/// The file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CorrectionsFile {
    #[serde(default)]
    correction: Vec<toml::Spanned<WrittenCorrection>>,
    #[serde(default)]
    accept: Vec<toml::Spanned<accept::WrittenAcceptance>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WrittenCorrection {
    id: Option<String>,
    year: Option<i64>,
    centre: Option<String>,
    measure: Option<String>,
    old: Option<String>,
    new: Option<String>,
    reason: Option<String>,
    author: Option<String>,
    date: Option<toml::value::Datetime>,
    response: Option<String>,
    #[serde(default)]
    action: ActionName,
}

/// What a correction does, as its file names it (`action = "set"`, the default).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum ActionName {
    #[default]
    Set,
    Confirm,
    Drop,
}

impl WrittenCorrection {
    fn check(self, line: usize, schema: &Schema) -> Result<Correction> {
        let need = |v: Option<String>, field: &str| -> Result<String> {
            v.filter(|s| !s.trim().is_empty()).with_context(|| format!("has no `{field}`: every correction needs one"))
        };
        let id = need(self.id, "id")?;
        let year = reporting_year(&id, self.year)?;
        let centre_name = need(self.centre, "centre")?;
        let centre = schema.centre_index(&centre_name).with_context(|| {
            let hint = schema
                .centre_suggestion(&centre_name)
                .unwrap_or_else(|| "`friskliv schema --part centres` lists them".into());
            format!("{id:?}: there is no centre {centre_name:?}; {hint}")
        })?;
        let (reason, author) = (need(self.reason, "reason")?, need(self.author, "author")?);
        let date = self.date.with_context(|| format!("{id:?} has no `date` (write it as date = 2019-03-20)"))?;
        let response = self.response.map(|r| response(&r)).transpose().with_context(|| format!("{id:?}"))?;
        let (target, action) = match self.action {
            ActionName::Drop => {
                if let Some(field) = [("measure", &self.measure), ("old", &self.old), ("new", &self.new)]
                    .iter()
                    .find_map(|(f, v)| v.is_some().then_some(f))
                {
                    bail!("{id:?} drops the whole response: remove `{field}`");
                }
                (None, Action::Drop)
            }
            ActionName::Set | ActionName::Confirm => {
                let measure =
                    self.measure.with_context(|| format!("{id:?} has no `measure` (MEASURE or MEASURE:OPTION)"))?;
                let target = schema.cell_target(&measure).with_context(|| format!("{id:?}"))?;
                let old = self.old.with_context(|| format!("{id:?} has no `old`: write what the export holds"))?;
                let action = match (self.action, self.new) {
                    (ActionName::Set, Some(new)) => Action::Set {
                        old,
                        new: readable(&new, target.cell, schema).with_context(|| format!("{id:?}"))?,
                    },
                    (ActionName::Set, None) => {
                        bail!("{id:?} has no `new` (\"\" for unanswered), or did you mean action = \"confirm\"?")
                    }
                    (_, Some(_)) => bail!("{id:?} confirms the cell as read: remove `new`, or drop `action` to set it"),
                    (_, None) => Action::Confirm { old },
                };
                (Some(schema.target_index(target.measure, target.option)), action)
            }
        };
        Ok(Correction { id, line, year, centre, target, action, response, reason, author, date: date.to_string() })
    }
}

/// The `year` of a correction or `[[accept]]` named `id`: there, and a reporting year.
pub(super) fn reporting_year(id: &str, year: Option<i64>) -> Result<i32> {
    let year = year.with_context(|| format!("{id:?} has no `year`"))?;
    i32::try_from(year)
        .ok()
        .filter(|y| crate::read::year::RANGE.contains(y))
        .with_context(|| format!("{id:?}: year {year} is not a reporting year (2000–2099)"))
}

/// `FILE:LINE`.
fn response(s: &str) -> Result<(String, usize)> {
    s.rsplit_once(':')
        .and_then(|(file, line)| Some((file.to_string(), line.parse().ok()?)))
        .filter(|(file, _)| !file.is_empty())
        .with_context(|| format!("response = {s:?} is not FILE:LINE, as in \"2018.csv:14\""))
}

/// `new`, when it reads as written as a cell of `cell`; a value that would warn is refused.
fn readable(new: &str, cell: CellKind, schema: &Schema) -> Result<String> {
    match value::parse(cell, new, None, &schema.missing_codes).note {
        Some(n) => bail!("new = {new:?} is not read as written ({}): write the value plainly", n.message),
        None => Ok(new.to_string()),
    }
}

/// Whether the cell as written (`raw`, of a column read as `cell`) holds `wanted`: the same text,
/// white space aside (NBSP included), or for a number the same value read.
pub(crate) fn holds(raw: &str, wanted: &str, cell: CellKind, label: Option<&str>, schema: &Schema) -> bool {
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    if words(raw) == words(wanted) {
        return true;
    }
    let read = |s: &str| value::parse(cell, s, label, &schema.missing_codes).value;
    matches!(cell, CellKind::Number | CellKind::Count) && read(raw).is_some() && read(raw) == read(wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = r#"
[[correction]]
id = "2018-kristiansand-henvendelser"
year = 2018
centre = "Kristiansand"
measure = "inquiries"
old = "10-15"
new = "12"
reason = "Sentralen bekreftet 12 på e-post 20.03.2019"
author = "kari"
date = 2019-03-20
"#;

    fn parse(text: &str) -> Result<Corrections> {
        Corrections::parse(text, "corrections.toml", &Schema::builtin())
    }

    #[test]
    fn a_correction_is_read_with_its_line_and_typed_fields() {
        let c = parse(ONE).unwrap();
        let s = Schema::builtin();
        let k = &c.list[0];
        assert_eq!((k.line, k.year, s.centres[k.centre].name.as_str()), (2, 2018, "Kristiansand"));
        assert_eq!(k.action, Action::Set { old: "10-15".into(), new: "12".into() });
        assert_eq!((k.date.as_str(), k.response.as_ref()), ("2019-03-20", None));
    }

    #[test]
    fn a_malformed_file_is_refused_with_its_line() {
        let err = |text: &str| format!("{:#}", parse(text).unwrap_err());
        let e = err(&ONE.replace("\"inquiries\"", "\"inquires\""));
        assert!(e.contains("corrections.toml:2") && e.contains("did you mean \"inquiries\""), "{e}");
        let e = err(&format!("{ONE}{ONE}"));
        assert!(e.contains("corrections.toml:13") && e.contains("used twice"), "{e}");
        let e = err(&format!("{ONE}{}", ONE.replace("henvendelser\"", "henvendelser-2\"")));
        assert!(
            e.contains("corrections.toml:13")
                && e.contains("corrects the same cell as \"2018-kristiansand-henvendelser\" (line 2)"),
            "{e}"
        );
        let e = err(&ONE.replace("author = \"kari\"\n", ""));
        assert!(e.contains("has no `author`"), "{e}");
        let e = err(&ONE.replace("new = \"12\"", "new = \"ca. 12\""));
        assert!(e.contains("not read as written"), "{e}");
        let e = err(&ONE.replace("old = \"10-15\"", "action = \"drop\""));
        assert!(e.contains("remove `measure`"), "{e}");
        let e = err(&ONE.replace("centre = \"Kristiansand\"", "centre = \"Kristiansnad\""));
        assert!(e.contains("did you mean \"Kristiansand\""), "{e}");
        let e = err(&ONE.replace("\"inquiries\"", "\"hospitant_types\""));
        assert!(e.contains("name one of its options"), "{e}");
        let e = err(&format!("{ONE}colour = 1\n"));
        assert!(e.contains("colour"), "{e}");
        let e = err(&ONE.replace("date = 2019-03-20", "date = \"20.03.2019\""));
        assert!(e.contains("line 11"), "{e}");
        let e = err(&ONE.replace("new = \"12\"", "action = \"fix\""));
        assert!(
            e.contains("line 8") && e.contains("unknown variant `fix`, expected one of `set`, `confirm`, `drop`"),
            "{e}"
        );
    }

    const ACCEPT: &str = r#"
[[accept]]
id = "2019-uten-hjemmeside"
check = "silent"
year = 2019
measure = "homepage"
reason = "Spørsmålet ble tatt ut av skjemaet"
author = "kari"
date = 2020-03-20
"#;

    #[test]
    fn an_accept_names_a_years_flag_and_never_a_cell() {
        let c = parse(ACCEPT).unwrap();
        let a = &c.accepted[0];
        assert_eq!((a.line, a.check, a.year, a.option), (2, crate::schema::thresholds::Check::Silent, 2019, None));
        let flip = ACCEPT.replace("\"silent\"", "\"flip\"").replace("\"homepage\"", "\"rnd_institutions:ntnu\"");
        assert!(parse(&flip).unwrap().accepted[0].option.is_some());
        let err = |text: &str| format!("{:#}", parse(text).unwrap_err());
        let e = err(&ACCEPT.replace("\"silent\"", "\"count\""));
        assert!(e.contains("corrections.toml:2") && e.contains("action = \"confirm\""), "{e}");
        let e = err(&ACCEPT.replace("year = 2019", "year = 2019\ncentre = \"Modum\""));
        assert!(e.contains("not with [[accept]]"), "{e}");
        let e = err(&ACCEPT.replace("\"silent\"", "\"quiet\""));
        assert!(e.contains("unknown variant `quiet`"), "{e}");
        let e = err(&ACCEPT.replace("\"homepage\"", "\"hompage\""));
        assert!(e.contains("did you mean \"homepage\""), "{e}");
        let e = err(&format!("{ONE}{}", ACCEPT.replace("2019-uten-hjemmeside", "2018-kristiansand-henvendelser")));
        assert!(e.contains("used twice"), "{e}");
    }

    #[test]
    fn confirm_and_drop_take_only_their_fields() {
        let confirm = ONE.replace("new = \"12\"", "action = \"confirm\"");
        assert_eq!(parse(&confirm).unwrap().list[0].action, Action::Confirm { old: "10-15".into() });
        let drop = ONE.replace(
            "measure = \"inquiries\"\nold = \"10-15\"\nnew = \"12\"",
            "action = \"drop\"\nresponse = \"2018.csv:14\"",
        );
        let c = parse(&drop).unwrap();
        assert_eq!((&c.list[0].action, c.list[0].target), (&Action::Drop, None));
        assert_eq!(c.list[0].response, Some(("2018.csv".into(), 14)));
    }

    #[test]
    fn old_matches_white_space_aside_or_by_the_number_read() {
        let s = Schema::builtin();
        let holds = |raw: &str, old: &str, cell| holds(raw, old, cell, None, &s);
        assert!(holds(" 10 -  15\u{a0}", "10 - 15", CellKind::Number));
        assert!(holds("1 004", "1004", CellKind::Number));
        assert!(holds("", "", CellKind::Number));
        assert!(!holds("10-15", "10-16", CellKind::Number));
        assert!(!holds("12", "", CellKind::Number));
        assert!(!holds("Ja", "Nei", CellKind::YesNo));
        assert!(!holds("1 004", "1004", CellKind::Text));
    }
}
