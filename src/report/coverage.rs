//! Which centre reported which year, against what the schema expects; and which measures each form
//! asked in which years.

use crate::lang::Lang;
use crate::model::table::{Audience, Cell, Column, Readers, Table};
use crate::normalise::Dataset;
use crate::schema::Schema;
use std::collections::HashSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReportStatus {
    Reported,
    /// Excused from reporting that year (Sør-Varanger 2020–2021).
    Excused,
    /// Expected by the centre's years, but no report was kept.
    Missing,
    /// Not a development centre that year.
    NotACentre,
}

impl ReportStatus {
    fn cell(self, to: Audience) -> Cell {
        let lang = to.lang;
        Cell::text(match (self, to.readers) {
            // Short, so that nine years fit a 120-column terminal without a word split.
            (ReportStatus::Reported, Readers::People) => lang.pick("ja", "yes"),
            (ReportStatus::Excused, Readers::People) => lang.pick("fritatt", "excused"),
            (ReportStatus::Missing, Readers::People) => lang.pick("MANGLER", "MISSING"),
            (ReportStatus::NotACentre, Readers::People) => "–",
            (ReportStatus::Reported, Readers::Machines) => "reported",
            (ReportStatus::Excused, Readers::Machines) => "excused",
            (ReportStatus::Missing, Readers::Machines) => "missing",
            (ReportStatus::NotACentre, Readers::Machines) => "not_centre",
        })
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Coverage {
    pub(crate) years: Vec<i32>,
    /// Each centre of the schema with its status per year.
    pub(crate) centres: Vec<(String, Vec<ReportStatus>)>,
}

impl Coverage {
    pub(crate) fn missing(&self) -> Vec<(&str, i32)> {
        let mut out = Vec::new();
        for (name, statuses) in &self.centres {
            for (y, s) in self.years.iter().zip(statuses) {
                if *s == ReportStatus::Missing {
                    out.push((name.as_str(), *y));
                }
            }
        }
        out
    }
}

/// The years the data speaks of (every row with a year, first to last), unless `years` is given.
pub(crate) fn years(data: &Dataset, years: Option<(i32, i32)>) -> Vec<i32> {
    match years.or(data.years) {
        Some((from, to)) => (from..=to).collect(),
        None => Vec::new(),
    }
}

pub(crate) fn coverage(data: &Dataset, schema: &Schema, years: Vec<i32>) -> Coverage {
    let r = &data.responses;
    let reported: HashSet<(u32, i32)> = r.centre.iter().copied().zip(r.year.iter().copied()).collect();
    let centres = schema
        .centres
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let statuses = years
                .iter()
                .map(|&y| {
                    if reported.contains(&(i as u32, y)) {
                        ReportStatus::Reported
                    } else if !c.active_in(y) {
                        ReportStatus::NotACentre
                    } else if c.excused.contains(&y) {
                        ReportStatus::Excused
                    } else {
                        ReportStatus::Missing
                    }
                })
                .collect();
            (c.name.clone(), statuses)
        })
        .collect();
    Coverage { years, centres }
}

/// The centre × year matrix, then rows counting reported and expected reports (`total_reported`
/// and `total_expected` for machines); for people, the missing ones as notes.
pub(crate) fn reports_table(cov: &Coverage, to: Audience) -> Table {
    let lang = to.lang;
    let mut columns = vec![Column::new("centre", lang.pick("Sentral", "Centre"))];
    columns.extend(cov.years.iter().map(|y| Column::new(y.to_string(), y.to_string())));
    let mut rows: Vec<Vec<Cell>> = cov
        .centres
        .iter()
        .map(|(name, statuses)| {
            let mut r = vec![Cell::text(name)];
            r.extend(statuses.iter().map(|s| s.cell(to)));
            r
        })
        .collect();
    let mut notes = Vec::new();
    {
        let count = |pred: fn(ReportStatus) -> bool| -> Vec<Cell> {
            (0..cov.years.len())
                .map(|i| Cell::Int(cov.centres.iter().filter(|(_, s)| pred(s[i])).count() as i64))
                .collect()
        };
        let label = |people: &'static str, english: &'static str, machines: &'static str| {
            Cell::text(if to.is_people() { lang.pick(people, english) } else { machines })
        };
        let mut reported = vec![label("Rapportert", "Reported", "total_reported")];
        reported.extend(count(|s| s == ReportStatus::Reported));
        let mut expected = vec![label("Forventet", "Expected", "total_expected")];
        expected.extend(count(|s| matches!(s, ReportStatus::Reported | ReportStatus::Missing)));
        rows.extend([reported, expected]);
    }
    if to.is_people() {
        for (name, year) in cov.missing() {
            notes.push(format!("{}: {name} {year}", lang.pick("Mangler", "Missing")));
        }
    }
    let title = lang.pick("Rapporter per sentral og år", "Reports by centre and year");
    Table { name: "rapporter".into(), title: Some(title.into()), columns, rows, notes, lang }
}

/// Measure × year: the form that asked for the measure that year.
pub(crate) fn questions_table(schema: &Schema, years: &[i32], lang: Lang) -> Table {
    let mut columns = vec![
        Column::new("task", lang.pick("Oppgave", "Task")),
        Column::new("measure", lang.pick("Mål", "Measure")),
        Column::label(lang.pick("Tekst", "Text")),
    ];
    columns.extend(years.iter().map(|y| Column::new(y.to_string(), y.to_string())));
    let rows = schema
        .measures
        .iter()
        .enumerate()
        .map(|(m, measure)| {
            let mut r = vec![
                if measure.task == 0 { Cell::Null } else { Cell::Int(i64::from(measure.task)) },
                Cell::text(&measure.id),
                Cell::text(measure.label_in(lang)),
            ];
            r.extend(years.iter().map(|&y| {
                let forms = schema.forms_asking(m, y);
                if forms.is_empty() {
                    Cell::Null
                } else {
                    Cell::text(forms.into_iter().collect::<Vec<_>>().join("+"))
                }
            }));
            r
        })
        .collect();
    Table {
        name: "sporsmal".into(),
        title: Some(
            lang.pick("Spørsmål per år (skjemaet som spurte)", "Questions by year (the form that asked)").into(),
        ),
        columns,
        rows,
        notes: vec![],
        lang,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Width;

    /// Every word of `text` stands whole on one line of `shown`.
    fn no_word_split(text: &str, shown: &str) -> bool {
        text.split_whitespace().all(|w| shown.lines().any(|l| l.contains(w)))
    }

    #[test]
    fn in_a_120_column_terminal_a_word_is_never_split() {
        // Nine years of who reported: «Kristiansand» and «Sør-Varanger» whole, and it fits.
        let names = ["Aktiv Eiker", "Kristiansand", "Sør-Varanger", "Rapportert", "Forventet"];
        let cov = Coverage {
            years: (2014..=2022).collect(),
            centres: names.iter().map(|n| (n.to_string(), vec![ReportStatus::Reported; 9])).collect(),
        };
        let t = reports_table(&cov, Audience::people(crate::lang::Lang::Nb));
        let shown = crate::render::terminal(&t, Width::Columns(120));
        assert!(names.iter().all(|n| no_word_split(n, &shown)), "{shown}");
        assert!(shown.lines().all(|l| l.chars().count() <= 120), "{shown}");
        // Which form asked each measure: twelve columns, where «Oppgave» and «2014» were split
        // before. Its ids need more room than 120 columns give beside the rest: they wrap, and the
        // table never runs past the edge.
        let years: Vec<i32> = (2014..=2022).collect();
        let t = questions_table(&crate::schema::Schema::builtin(), &years, crate::lang::Lang::Nb);
        let shown = crate::render::terminal(&t, Width::Columns(120));
        for word in ["Oppgave", "2014", "2022", "Idébanken"] {
            assert!(no_word_split(word, &shown), "{word}: {shown}");
        }
        assert!(shown.lines().all(|l| l.chars().count() <= 120), "{shown}");
        let narrow = crate::render::terminal(&t, Width::Columns(80));
        assert!(narrow.lines().all(|l| l.chars().count() <= 80), "in 80 columns too: {narrow}");
        // A long label wraps at spaces, and a word longer than the room stays whole.
        let long = "Ansatte i andre (helse)tjenester i egen kommune, somatisk og psykisk helse og miljøtjeneste";
        let rows =
            vec![vec![format!("  {long}"), "1".into()], vec!["(personal data (never output))".into(), "2".into()]];
        let shown =
            crate::render::table(crate::render::TableStyle::Boxed, &["Mål", "n"], &rows, &[1], Width::Columns(40));
        assert!(no_word_split(long, &shown) && no_word_split("output))", &shown), "{shown}");
        // The option's indent leads every line it wraps to, under its question.
        let label_lines: Vec<&str> = shown
            .lines()
            .filter_map(|l| l.strip_prefix("│ "))
            .map(|l| l.split('┆').next().unwrap())
            .filter(|l| {
                !l.trim().is_empty() && !l.contains("Mål") && !l.contains("(personal") && !l.contains("output))")
            })
            .collect();
        assert!(label_lines.len() > 2, "{shown}");
        assert!(label_lines.iter().all(|l| l.starts_with("  ") && !l.starts_with("   ")), "{shown}");
    }
}
