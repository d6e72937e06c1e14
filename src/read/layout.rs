//! Records → a column map: the third step of reading an export.
//!
//! Two layouts occur. **Essentials**: one header row of question wordings, a tick-all-that-apply
//! question spread over `<question> - <option>` columns (also `: ` and ` | `). **EFS**: the variable
//! names (`lfdn`, `dispcode`, `v_12`) in a header row, preceded by a row of variable labels (option
//! labels) and a row of question texts in the three-row variant; the one-row variant has only the
//! names and is read through the `[[efs]]` variable mappings of the config.

use crate::schema::matching::{self, key};
use crate::schema::{EfsMapping, Question, Role, Schema, Target, VariableTarget};
use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) enum LayoutKind {
    #[serde(rename = "essentials")]
    Essentials,
    #[serde(rename = "efs-3")]
    EfsThreeRow,
    #[serde(rename = "efs-2")]
    EfsTwoRow,
    #[serde(rename = "efs-1")]
    EfsOneRow,
}

impl LayoutKind {
    pub(crate) fn header_rows(self) -> usize {
        match self {
            LayoutKind::Essentials | LayoutKind::EfsOneRow => 1,
            LayoutKind::EfsTwoRow => 2,
            LayoutKind::EfsThreeRow => 3,
        }
    }
}

impl fmt::Display for LayoutKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LayoutKind::Essentials => "Essentials (one header row of question wordings)",
            LayoutKind::EfsThreeRow => "EFS, three header rows (question text, variable label, variable name)",
            LayoutKind::EfsTwoRow => "EFS, two header rows (variable label, variable name)",
            LayoutKind::EfsOneRow => "EFS, one header row of variable names (read through [[efs]] mappings)",
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Mapping {
    Role(Role),
    /// An answer column, with the option's label as the export writes it (a tick may hold it).
    Answer(Target, Option<String>),
    /// Not known to the schema; the closest known wording, if any is close.
    Unmapped(Option<String>),
    /// A column with no header at all.
    NoHeader,
    /// Maps where an earlier column (0-based index) already maps.
    Duplicate(usize),
}

impl Mapping {
    pub(crate) fn is_unmapped(&self) -> bool {
        matches!(self, Mapping::Unmapped(_))
    }
}

/// How well a file's columns fit a form ([`Layout::form`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FormFit {
    pub(crate) id: String,
    /// The answer columns mapped to one of its questions.
    pub(crate) fit: usize,
    /// The answer columns, mapped or not.
    pub(crate) of: usize,
    /// The answer columns that map to nothing.
    pub(crate) unmapped: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct ExportColumn {
    pub(crate) header: String,
    pub(crate) variable: Option<String>,
    pub(crate) mapping: Mapping,
    /// The forms that ask the question the column matched.
    pub(crate) forms: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub(crate) kind: LayoutKind,
    pub(crate) columns: Vec<ExportColumn>,
}

impl Layout {
    pub(crate) fn role(&self, role: Role) -> Option<usize> {
        self.columns.iter().position(|c| c.mapping == Mapping::Role(role))
    }

    /// The form that most answer columns fit: how many fit it, of how many answer columns (mapped
    /// or not), and how many map to nothing.
    pub(crate) fn form(&self) -> Option<FormFit> {
        let fits = self.fits();
        let (id, fit) = fits.iter().max_by_key(|(_, n)| *n)?;
        let answers = self.columns.iter().filter(|c| matches!(c.mapping, Mapping::Answer(..) | Mapping::Unmapped(_)));
        let (of, unmapped) = answers.fold((0, 0), |(of, un), c| (of + 1, un + usize::from(c.mapping.is_unmapped())));
        Some(FormFit { id: id.clone(), fit: *fit, of, unmapped })
    }

    /// The forms that most answer columns fit (more than one when they tie).
    fn forms_fitted(&self) -> Vec<String> {
        let fits = self.fits();
        let most = fits.iter().map(|(_, n)| *n).max().unwrap_or(0);
        fits.into_iter().filter(|(_, n)| *n == most).map(|(f, _)| f).collect()
    }

    /// Each form some answer column fits, with how many fit it, by form id: the columns mapped to
    /// one of its questions (an option label it does not know is no fit).
    fn fits(&self) -> Vec<(String, usize)> {
        let asked: Vec<&Vec<String>> = self
            .columns
            .iter()
            .filter(|c| !c.mapping.is_unmapped())
            .map(|c| &c.forms)
            .filter(|f| !f.is_empty())
            .collect();
        let mut candidates: Vec<&String> = asked.iter().flat_map(|f| f.iter()).collect();
        candidates.sort();
        candidates.dedup();
        candidates.into_iter().map(|f| (f.clone(), asked.iter().filter(|fs| fs.contains(f)).count())).collect()
    }
}

/// A question the file's form asks that no column of the file maps to: the question (index into
/// the schema's questions) and the unmapped column most like it (0-based), if any is close.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MissingQuestion {
    pub(crate) question: usize,
    pub(crate) closest: Option<usize>,
}

impl Layout {
    /// The questions that the file's form asks in `year` (the form most columns fit, else the form
    /// of the year) with no column mapped to them.
    pub(crate) fn missing_questions(&self, schema: &Schema, year: Option<i32>) -> Vec<MissingQuestion> {
        let form_of_year = year.and_then(|y| schema.form_of_year(y));
        let form = match self.forms_fitted() {
            fitted if fitted.is_empty() => form_of_year.map(|f| f.id.clone()),
            // Among forms that fit equally, the year's; else the one `form()` names (the last).
            fitted => form_of_year.map(|f| &f.id).filter(|f| fitted.contains(f)).or(fitted.last()).cloned(),
        };
        let Some(form) = form else { return Vec::new() };
        let Some(form_years) = schema.form(&form).map(|f| f.years) else { return Vec::new() };
        let mapped: Vec<Target> = self
            .columns
            .iter()
            .filter_map(|c| match &c.mapping {
                Mapping::Answer(t, _) => Some(*t),
                _ => None,
            })
            .collect();
        let unmapped: Vec<(usize, &str)> = self
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(c.mapping, Mapping::Unmapped(_) | Mapping::NoHeader))
            .map(|(i, c)| (i, c.header.as_str()))
            .collect();
        schema
            .questions
            .iter()
            .enumerate()
            .filter(|(_, q)| q.form.as_deref() == Some(form.as_str()))
            .filter(|(_, q)| {
                let (from, to) = q.years.unwrap_or(form_years);
                year.is_none_or(|y| (from..=to).contains(&y))
            })
            .filter(|(_, q)| !mapped.iter().any(|t| answers(q, t)))
            .map(|(question, q)| MissingQuestion { question, closest: closest_column(q, &unmapped) })
            .collect()
    }
}

/// Whether a column mapped to `t` answers question `q` (the question's measure, or one of its
/// options' targets).
fn answers(q: &Question, t: &Target) -> bool {
    let whole = t.measure == q.measure && (q.option.is_none() || t.option == q.option);
    whole || q.options.iter().any(|o| (o.target.measure, o.target.option) == (t.measure, t.option))
}

/// The unmapped column whose header (or its question part, before an option separator) is most
/// like one of the question's wordings.
fn closest_column(q: &Question, unmapped: &[(usize, &str)]) -> Option<usize> {
    let parts: Vec<(usize, &str)> = unmapped
        .iter()
        .flat_map(|&(i, h)| {
            let question_parts = OPTION_SEPARATORS.iter().filter_map(move |sep| h.split_once(sep).map(|(q, _)| (i, q)));
            std::iter::once((i, h)).chain(question_parts)
        })
        .filter(|(_, h)| !h.is_empty())
        .collect();
    q.wordings.iter().find_map(|w| {
        let best = matching::closest(w, parts.iter().map(|&(_, h)| h))?;
        parts.iter().find(|&&(_, h)| h == best).map(|&(i, _)| i)
    })
}

/// Which layout the first records show: the row that holds the EFS variable names `lfdn` or
/// `dispcode` decides; without one, the file is Essentials-style.
pub(crate) fn detect(first_rows: &[&[String]]) -> LayoutKind {
    // A key is `lfdn` or `dispcode` only when the field holds the word itself, in any case: most
    // fields (whole questions) need not be keyed to know they are neither.
    let holds = |f: &str, word: &[u8]| f.as_bytes().windows(word.len()).any(|w| w.eq_ignore_ascii_case(word));
    let is_variable =
        |f: &String| (holds(f, b"lfdn") || holds(f, b"dispcode")) && matches!(key(f).as_str(), "lfdn" | "dispcode");
    let is_variable_row = |row: &[String]| row.iter().any(is_variable);
    match first_rows.iter().take(3).position(|r| is_variable_row(r)) {
        Some(0) => LayoutKind::EfsOneRow,
        Some(1) => LayoutKind::EfsTwoRow,
        Some(_) => LayoutKind::EfsThreeRow,
        None => LayoutKind::Essentials,
    }
}

/// Maps every column of `header_rows` (the first `kind.header_rows()` records).
pub(crate) fn map_columns(kind: LayoutKind, header_rows: &[&[String]], schema: &Schema, efs: &EfsMapping) -> Layout {
    let width = header_rows.iter().map(|r| r.len()).max().unwrap_or(0);
    let cell = |row: usize, col: usize| header_rows.get(row).and_then(|r| r.get(col)).map_or("", |s| s.trim());
    let mut columns: Vec<ExportColumn> = (0..width)
        .map(|i| match kind {
            LayoutKind::Essentials => essentials_column(schema, cell(0, i)),
            LayoutKind::EfsOneRow => efs_column(schema, efs, "", "", cell(0, i)),
            LayoutKind::EfsTwoRow => efs_column(schema, efs, "", cell(0, i), cell(1, i)),
            LayoutKind::EfsThreeRow => efs_column(schema, efs, cell(0, i), cell(1, i), cell(2, i)),
        })
        .collect();
    mark_duplicates(&mut columns);
    Layout { kind, columns }
}

fn essentials_column(schema: &Schema, header: &str) -> ExportColumn {
    let (mapping, forms) =
        if header.is_empty() { (Mapping::NoHeader, Vec::new()) } else { map_wording(schema, header) };
    ExportColumn { header: header.to_string(), variable: None, mapping, forms }
}

fn efs_column(schema: &Schema, efs: &EfsMapping, question: &str, label: &str, variable: &str) -> ExportColumn {
    let question_key = key(question);
    let header = match (question.is_empty(), label.is_empty()) {
        (false, false) if question_key != key(label) => format!("{question} - {label}"),
        (false, _) => question.to_string(),
        (true, false) => label.to_string(),
        (true, true) => variable.to_string(),
    };
    let variable_name = (!variable.is_empty()).then(|| variable.to_string());
    let (mapping, forms) = if let Some(t) = efs.variables.get(variable) {
        let m = match *t {
            VariableTarget::Role(r) => Mapping::Role(r),
            VariableTarget::Answer(t) => Mapping::Answer(t, (!label.is_empty()).then(|| label.to_string())),
        };
        (m, Vec::new())
    } else if let Some(role) = schema.role(variable).or_else(|| schema.role(label)) {
        (Mapping::Role(role), Vec::new())
    } else if let Some(q) = (!question.is_empty()).then(|| schema.question_of_key(&question_key)).flatten() {
        let mapping = match schema.question_target(q) {
            Some(t) => Mapping::Answer(t, None),
            None => match schema.option_target(q, label) {
                Some(t) => Mapping::Answer(t, Some(label.to_string())),
                None => Mapping::Unmapped(
                    matching::closest(label, schema.option_labels(q)).map(|s| format!("option {s:?}")),
                ),
            },
        };
        (mapping, schema.forms_of_key(&question_key))
    } else if !label.is_empty() {
        map_wording(schema, label)
    } else if variable.is_empty() {
        (Mapping::NoHeader, Vec::new())
    } else {
        (Mapping::Unmapped(None), Vec::new())
    };
    ExportColumn { header, variable: variable_name, mapping, forms }
}

pub(crate) const OPTION_SEPARATORS: [&str; 3] = [" - ", ": ", " | "];

/// A header wording: a role, a whole question, or `<question> - <option>`.
fn map_wording(schema: &Schema, header: &str) -> (Mapping, Vec<String>) {
    // A header is keyed once for every lookup (an EFS header can be a whole question).
    let k = key(header);
    if let Some(role) = schema.role_of_key(&k) {
        return (Mapping::Role(role), Vec::new());
    }
    if let Some(q) = schema.question_of_key(&k) {
        let forms = schema.forms_of_key(&k);
        return match schema.question_target(q) {
            Some(t) => (Mapping::Answer(t, None), forms),
            None => (Mapping::Unmapped(Some("one column per option, headed \"<question> - <option>\"".into())), forms),
        };
    }
    for sep in OPTION_SEPARATORS {
        for (i, _) in header.match_indices(sep) {
            let (question, option) = (&header[..i], &header[i + sep.len()..]);
            let k = key(question);
            if let Some(q) = schema.question_of_key(&k) {
                if schema.question_target(q).is_some() && q.options.is_empty() {
                    continue;
                }
                let forms = schema.forms_of_key(&k);
                return match schema.option_target(q, option) {
                    Some(t) => (Mapping::Answer(t, Some(option.trim().to_string())), forms),
                    None => {
                        let hint = matching::closest(option, schema.option_labels(q)).map(|s| format!("option {s:?}"));
                        (Mapping::Unmapped(hint), forms)
                    }
                };
            }
        }
    }
    let hint = closest_wording(schema, header);
    (Mapping::Unmapped(hint), Vec::new())
}

/// The known wording closest to `header` or to its question part.
fn closest_wording(schema: &Schema, header: &str) -> Option<String> {
    let mut parts = vec![header];
    for sep in OPTION_SEPARATORS {
        if let Some((q, _)) = header.split_once(sep) {
            parts.push(q);
        }
    }
    parts.into_iter().find_map(|p| schema.closest_wording(p)).map(|w| format!("{w:?}"))
}

fn mark_duplicates(columns: &mut [ExportColumn]) {
    for i in 0..columns.len() {
        let unique = match &columns[i].mapping {
            Mapping::Answer(..) => true,
            Mapping::Role(r) => !matches!(r, Role::Personal | Role::System | Role::Timestamp),
            _ => false,
        };
        if !unique {
            continue;
        }
        let same = |m: &Mapping, n: &Mapping| match (m, n) {
            (Mapping::Answer(a, _), Mapping::Answer(b, _)) => (a.measure, a.option) == (b.measure, b.option),
            (a, b) => a == b,
        };
        if let Some(first) = (0..i).find(|&j| same(&columns[j].mapping, &columns[i].mapping)) {
            columns[i].mapping = Mapping::Duplicate(first);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(fields: &[&str]) -> Vec<String> {
        fields.iter().map(|s| s.to_string()).collect()
    }

    fn names(schema: &Schema, layout: &Layout) -> Vec<String> {
        layout
            .columns
            .iter()
            .map(|c| match &c.mapping {
                Mapping::Answer(t, _) => schema.target_name(t.measure, t.option),
                Mapping::Role(r) => format!("({})", r.describe()),
                Mapping::Unmapped(h) => format!("unmapped {h:?}"),
                Mapping::NoHeader => "no header".into(),
                Mapping::Duplicate(i) => format!("duplicate of {i}"),
            })
            .collect()
    }

    #[test]
    fn essentials_headers_map_with_every_option_separator() {
        let s = Schema::builtin();
        let header = row(&[
            "Respondent-ID",
            "E-post",
            "Utviklingssentral",
            "2.1 Antall personer som har hospitert",
            "2.4 Hvilke aktører har hospitert? - Frisklivssentraler",
            "Hvilke aktører har hospitert?: Helsefagstudenter",
            "Q8.2 Hvilke forskningsinstitusjoner har dere samarbeidet med? | NTNU",
            "Antall personer som hospiterte",
            "",
        ]);
        let layout = map_columns(LayoutKind::Essentials, &[&header], &s, &s.efs_for(None));
        assert_eq!(
            names(&s, &layout),
            vec![
                "(response id)",
                "(personal data (never output))",
                "(centre)",
                "hospitants",
                "hospitant_types:fls",
                "hospitant_types:students",
                "rnd_institutions:ntnu",
                "unmapped Some(\"\\\"Antall personer som har hospitert\\\"\")",
                "no header",
            ]
        );
    }

    #[test]
    fn efs_three_rows_match_on_question_and_label() {
        let s = Schema::builtin();
        let r1 = row(&[
            "",
            "",
            "Utviklingssentral",
            "Antall personer som har hospitert",
            "Hvilke aktører har hospitert?",
            "Hvilke aktører har hospitert?",
        ]);
        let r2 = row(&[
            "number",
            "disposition code",
            "Utviklingssentral",
            "Antall personer som har hospitert",
            "Frisklivssentraler",
            "DPS",
        ]);
        let r3 = row(&["lfdn", "dispcode", "v_1", "v_4", "v_7", "v_8"]);
        assert_eq!(detect(&[&r1, &r2, &r3]), LayoutKind::EfsThreeRow);
        let layout = map_columns(LayoutKind::EfsThreeRow, &[&r1, &r2, &r3], &s, &s.efs_for(Some(2020)));
        assert_eq!(
            names(&s, &layout),
            vec![
                "(response id)",
                "(disposition code)",
                "(centre)",
                "hospitants",
                "hospitant_types:fls",
                "hospitant_types:dps"
            ]
        );
    }

    #[test]
    fn a_second_column_for_the_same_measure_is_a_duplicate() {
        let s = Schema::builtin();
        let header =
            row(&["Utviklingssentral", "Antall personer som har hospitert", "7. Antall personer som har hospitert"]);
        let layout = map_columns(LayoutKind::Essentials, &[&header], &s, &s.efs_for(None));
        assert_eq!(layout.columns[2].mapping, Mapping::Duplicate(1));
    }
}
