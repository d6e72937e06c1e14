//! A spec's `[[answers]]`: a text or list measure's answers verbatim, by year and centre, with the
//! themes of the codebook each matched.

use super::{Plan, Request};
use crate::frame::Wide;
use crate::lang::Lang;
use crate::model::table::{Audience, Cell, Column, Readers, Table};
use crate::schema::{Kind, Schema};
use anyhow::{bail, Result};
use serde::Deserialize;

/// `[[answers]]` as a spec writes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AnswersFile {
    pub(crate) name: String,
    pub(crate) title: Option<String>,
    /// The title in an English report.
    pub(crate) title_en: Option<String>,
    pub(crate) measure: String,
    pub(crate) years: Option<String>,
    pub(crate) period: Option<String>,
    #[serde(default)]
    pub(crate) centres: Vec<String>,
}

/// An `[[answers]]` checked: the measure and the filters, as a plan.
#[derive(Debug, Clone)]
pub(crate) struct Answers {
    pub(crate) name: String,
    pub(crate) title: String,
    pub(crate) measure: usize,
    /// The measure, its years and centres (what is read, and checked for a selection with no data).
    pub(crate) plan: Plan,
}

impl AnswersFile {
    pub(crate) fn check(&self, schema: &Schema, lang: Lang) -> Result<Answers> {
        let m = schema.measure_index_or_hint(&self.measure)?;
        let kind = schema.measures[m].kind;
        if !matches!(kind, Kind::Text | Kind::List) {
            bail!("{:?} is a {}: [[answers]] lists the words of a text or list measure", self.measure, kind.as_str());
        }
        let mut request = Request { measures: vec![self.measure.clone()], ..Request::default() };
        request.filters.years = self.years.clone();
        request.filters.period = self.period.clone();
        request.filters.centres = self.centres.clone();
        let mut plan = request.resolve(schema, lang)?;
        plan.name = self.name.clone();
        let title = match lang {
            Lang::En => self.title_en.clone().or(self.title.clone()),
            Lang::Nb => self.title.clone(),
        };
        let title = title.unwrap_or_else(|| schema.measures[m].label_in(lang).to_string());
        Ok(Answers { name: self.name.clone(), title, measure: m, plan })
    }
}

/// The answers to text measure `measure` among `plan`'s years and centres, as (centre, year,
/// answer), sorted by year and centre name.
pub(crate) fn of(plan: &Plan, measure: usize, wide: &Wide, schema: &Schema) -> Result<Vec<(u32, i32, String)>> {
    let mut answers = wide.texts(schema.target_index(measure, None))?;
    answers.retain(|(c, y, _)| plan.keeps(*c as usize, *y));
    let name = |c: u32| &schema.centres[c as usize].name;
    answers.sort_by(|x, y| (x.1, name(x.0)).cmp(&(y.1, name(y.0))));
    Ok(answers)
}

/// The answers as a table, sorted by year and centre: year, centre, the answer and (with a
/// codebook) the themes it matched, by label for people and by id for machines.
pub(crate) fn table(a: &Answers, wide: &Wide, schema: &Schema, to: Audience) -> Result<Table> {
    let lang = to.lang;
    let options = &schema.measures[a.measure].options;
    let answers = of(&a.plan, a.measure, wide, schema)?;
    let mut columns = vec![
        Column::new("year", lang.pick("År", "Year")),
        Column::new("centre", lang.pick("Sentral", "Centre")),
        Column::new("answer", lang.pick("Svar", "Answer")),
    ];
    if !options.is_empty() {
        columns.push(Column::new("themes", lang.pick("Tema", "Themes")));
    }
    let rows = answers
        .iter()
        .map(|(c, y, text)| {
            let mut row =
                vec![Cell::Int(i64::from(*y)), Cell::text(&schema.centres[*c as usize].name), Cell::text(text)];
            if !options.is_empty() {
                let themes: Vec<&str> = (0..options.len())
                    .filter(|&o| schema.coded(a.measure, o, Some(text)) == Some(true))
                    .map(|o| match to.readers {
                        Readers::People => options[o].label_in(lang),
                        Readers::Machines => options[o].id.as_str(),
                    })
                    .collect();
                row.push(Cell::text(themes.join(if to.is_people() { ", " } else { "; " })));
            }
            row
        })
        .collect();
    Ok(Table { name: a.name.clone(), title: Some(a.title.clone()), columns, rows, notes: Vec::new(), lang })
}
