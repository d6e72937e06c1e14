//! **`inspect --draft-config`: a new year's `friskliv.toml`, drafted.** From what reading saw of
//! the exports ([`crate::normalise::seen`]) and the schema in force, it works out what the exports
//! need that the schema lacks ([`Plan`]), and writes it as a config file ([`text`]) with a comment
//! on every guess. Saved as it is, the draft lets friskliv read the exports: it never writes what
//! the schema would refuse, and leaves to comments what it cannot tell.
//!
//! What it drafts: a `[[period]]` for a year no period covers (as long as the one before); a
//! form's `until` for a year no form covers (the form most columns fit); a known centre's `until`
//! when it reports after its years, or an alias when a new name holds its name; a new `[[centre]]`
//! (its region a comment to fill in); a `[[question]]` wording for a column clearly most like a
//! known question ([`words`]); an option wording for a label clearly most like a known option;
//! and a new `[[measure]]` with its question for a column like nothing known.

mod columns;
mod text;
pub(crate) mod words;

use crate::normalise::Dataset;
use crate::read::Export;
use crate::schema::matching::name_key;
use crate::schema::Schema;
use std::collections::{BTreeMap, BTreeSet};

pub(crate) use text::write;

/// What the exports need that the schema in force lacks.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    /// The files drafted from, as named.
    pub(crate) files: Vec<String>,
    pub(crate) periods: Vec<NewPeriod>,
    /// Form id → its new last year, and how well the file fits it.
    pub(crate) forms: BTreeMap<String, FormUntil>,
    /// Known centres (by index) that need a later last year or an alias.
    pub(crate) centres: BTreeMap<usize, CentreUpdate>,
    pub(crate) new_centres: Vec<NewCentre>,
    /// The regions of the known centres, to choose from.
    pub(crate) regions: Vec<String>,
    pub(crate) questions: Vec<columns::Reworded>,
    pub(crate) options: Vec<columns::NewOption>,
    pub(crate) measures: Vec<columns::NewMeasure>,
    /// What the draft cannot decide: said in comments.
    pub(crate) notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NewPeriod {
    pub(crate) years: (i32, i32),
    /// The period before it, whose length it takes.
    pub(crate) after: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FormUntil {
    /// Its new first year, when a file is older than the form.
    pub(crate) from: Option<i32>,
    pub(crate) until: Option<i32>,
    pub(crate) fit: usize,
    pub(crate) of: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CentreUpdate {
    pub(crate) until: Option<i32>,
    /// New names, each with the known name it holds.
    pub(crate) aliases: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NewCentre {
    pub(crate) name: String,
    pub(crate) years: (i32, i32),
    /// `FILE:LINE` of its first row.
    pub(crate) at: String,
}

/// Drafts what the exports read into `data` need of `schema`.
pub(crate) fn plan(data: &Dataset, schema: &Schema) -> Plan {
    let mut plan = Plan { files: data.files.iter().map(|f| f.path.clone()).collect(), ..Plan::default() };
    let years = years(data);
    plan.periods = periods(schema, &years);
    for f in &data.files {
        let Some(e) = &f.export else { continue };
        let file_years: BTreeSet<i32> = f.seen.years.keys().copied().chain(e.year).collect();
        plan.forms_for(e, &file_years, schema);
        plan.centres_of(f, schema);
    }
    plan.absent_centres(data, schema, &years);
    plan.without_a_year(data);
    let mut regions: Vec<String> = schema.centres.iter().map(|c| c.region.clone()).collect();
    regions.sort();
    regions.dedup();
    regions.retain(|r| r != crate::schema::NO_REGION);
    plan.regions = regions;
    columns::plan(&mut plan, data, schema);
    plan
}

/// Every reporting year with a row not excluded, or a file's own year.
fn years(data: &Dataset) -> BTreeSet<i32> {
    let rows = data.files.iter().flat_map(|f| f.seen.years.keys().copied());
    rows.chain(data.files.iter().filter_map(|f| f.export.as_ref()?.year)).collect()
}

/// A new period for each year no period covers: as long as the period before it, starting the year
/// after it ends (three years when there is none before, and never into the period after).
fn periods(schema: &Schema, years: &BTreeSet<i32>) -> Vec<NewPeriod> {
    let mut out: Vec<NewPeriod> = Vec::new();
    for &year in years {
        let covered = |p: &(i32, i32)| (p.0..=p.1).contains(&year);
        if schema.period_index(year).is_some() || out.iter().any(|p| covered(&p.years)) {
            continue;
        }
        let known = schema.periods.iter().map(|p| (p.years, p.label.clone()));
        let all: Vec<((i32, i32), String)> = known.chain(out.iter().map(|p| (p.years, label(p.years)))).collect();
        let before = all.iter().filter(|(y, _)| y.1 < year).max_by_key(|(y, _)| y.1);
        let next = all.iter().filter(|(y, _)| y.0 > year).map(|(y, _)| y.0).min();
        let (from, length) = match before {
            Some(((from, to), _)) => {
                let length = to - from + 1;
                (to + 1 + (year - to - 1) / length * length, length)
            }
            None => (year, 3),
        };
        let to = next.map_or(from + length - 1, |n| (from + length - 1).min(n - 1));
        out.push(NewPeriod { years: (from, to), after: before.map(|(_, l)| l.clone()) });
    }
    out
}

/// A period's label: «2023–2025».
pub(crate) fn label((from, to): (i32, i32)) -> String {
    if from == to {
        from.to_string()
    } else {
        format!("{from}–{to}")
    }
}

impl Plan {
    /// For each year of the file no form covers: the form most of its columns fit, extended to the
    /// year, unless that would take it over another form's years.
    fn forms_for(&mut self, e: &Export, years: &BTreeSet<i32>, schema: &Schema) {
        for &year in years {
            if schema.form_of_year(year).is_some() {
                continue;
            }
            let fitted = e.layout.form().and_then(|fit| Some((schema.form(&fit.id)?, fit)));
            let Some((form, fit)) = fitted else {
                self.notes.push(format!(
                    "{}: no column fits a known form's questions, so no form is drafted for {year}: add a [[form]] and its [[question]]s (docs/config.md)",
                    e.path
                ));
                continue;
            };
            let entry = self.forms.entry(form.id.clone()).or_insert(FormUntil {
                from: None,
                until: None,
                fit: fit.fit,
                of: fit.of,
            });
            let (from, to) = (entry.from.unwrap_or(form.years.0), entry.until.unwrap_or(form.years.1));
            let (from, to) = (from.min(year), to.max(year));
            if let Some(g) = schema.form_in_the_way(&form.id, (from, to)) {
                self.notes.push(format!(
                    "{}: its columns fit {} best, but stretching it to {year} would take it over {}'s years ({}–{}): add a new [[form]] for {year} with its [[question]]s (docs/config.md)",
                    e.path, form.label, g.id, g.years.0, g.years.1
                ));
                continue;
            }
            (entry.from, entry.until) = ((from < form.years.0).then_some(from), (to > form.years.1).then_some(to));
        }
        self.forms.retain(|_, f| f.from.is_some() || f.until.is_some());
    }

    /// The form a question first asked in `year` goes on: the form that covers the year, as known or
    /// as drafted; or none.
    pub(crate) fn form_of(&self, year: i32, schema: &Schema) -> Option<String> {
        let covers = |id: &str, (from, to): (i32, i32)| {
            let drafted = self.forms.get(id);
            let from = drafted.and_then(|d| d.from).unwrap_or(from);
            let to = drafted.and_then(|d| d.until).unwrap_or(to);
            (from..=to).contains(&year)
        };
        schema.forms.iter().find(|f| covers(&f.id, f.years)).map(|f| f.id.clone())
    }

    /// The centres of the file's rejected rows: a known centre reporting after its years gets a
    /// later `until`; a new name that holds a known one becomes its alias; any other, a new centre.
    fn centres_of(&mut self, f: &crate::normalise::FileSummary, schema: &Schema) {
        for seen in &f.seen.centres {
            let at = format!("{}:{}", f.path, seen.line);
            match seen.centre {
                Some(c) => self.known_centre(c, seen.year, &at, schema),
                None => match schema.centres_named_within(&seen.written).as_slice() {
                    [] => self.new_centre(&seen.written, seen.year, at),
                    [holds, others @ ..] => {
                        let c = schema.centre_index(holds).expect("a centre's own name");
                        let update = self.centres.entry(c).or_default();
                        if !update.aliases.iter().any(|(a, _)| name_key(a) == name_key(&seen.written)) {
                            update.aliases.push((seen.written.clone(), holds.to_string()));
                        }
                        if !others.is_empty() {
                            self.notes.push(format!(
                                "{at}: {:?} holds the names of {holds} and {}: drafted as an alias of {holds}; move it if it is another",
                                seen.written,
                                others.join(" and ")
                            ));
                        }
                        if !schema.centres[c].active_in(seen.year) {
                            self.known_centre(c, seen.year, &at, schema);
                        }
                    }
                },
            }
        }
    }

    fn known_centre(&mut self, c: usize, year: i32, at: &str, schema: &Schema) {
        let centre = &schema.centres[c];
        if year > centre.years.1 && centre.successor.is_none() {
            let until = &mut self.centres.entry(c).or_default().until;
            *until = Some(until.map_or(year, |u| u.max(year)));
        } else if let Some(s) = &centre.successor {
            self.notes.push(format!(
                "{at}: {} reports for {year}, but was a development centre only in {}–{} and its successor is {s}: check the name and the year",
                centre.name, centre.years.0, centre.years.1
            ));
        } else {
            self.notes.push(format!(
                "{at}: {} reports for {year}, before its first year {}: check the year, or give the centre years = [{year}, {}]",
                centre.name, centre.years.0, centre.years.1
            ));
        }
    }

    fn new_centre(&mut self, written: &str, year: i32, at: String) {
        match self.new_centres.iter_mut().find(|c| name_key(&c.name) == name_key(written)) {
            Some(c) => c.years = (c.years.0.min(year), c.years.1.max(year)),
            None => self.new_centres.push(NewCentre { name: written.to_string(), years: (year, year), at }),
        }
    }

    /// Centres whose years end the year before one of the exports' years, that no row of that year
    /// names: a centre that stopped, or one whose report is still to come.
    fn absent_centres(&mut self, data: &Dataset, schema: &Schema, years: &BTreeSet<i32>) {
        let reported: BTreeSet<(i32, usize)> = (0..data.responses.len())
            .map(|i| (data.responses.year[i], data.responses.centre[i] as usize))
            .chain(data.files.iter().flat_map(|f| f.seen.centres.iter().filter_map(|s| Some((s.year, s.centre?)))))
            .collect();
        for &year in years {
            for (c, centre) in schema.centres.iter().enumerate() {
                let extended = self.centres.get(&c).and_then(|u| u.until).is_some_and(|u| u >= year);
                if centre.years.1 == year - 1
                    && centre.successor.is_none()
                    && !extended
                    && !reported.contains(&(year, c))
                {
                    self.notes.push(format!(
                        "{} was a development centre through {} and sent no report for {year}: if it still is one, add until = {year} to a [[centre]] named {:?}",
                        centre.name,
                        year - 1,
                        centre.name
                    ));
                }
            }
        }
    }

    /// Files with rows of no reporting year: nothing can be drafted for them.
    fn without_a_year(&mut self, data: &Dataset) {
        for f in &data.files {
            let Some(e) = &f.export else { continue };
            if e.year.is_none() && f.seen.years.is_empty() && f.counts.read > 0 {
                self.notes.push(format!(
                    "{}: no reporting year, so nothing is drafted for its rows: pass it as YEAR={} (friskliv inspect 2023={} --draft-config)",
                    e.path, e.path, e.path
                ));
            }
        }
    }

    /// Whether the draft has nothing to add.
    pub(crate) fn is_empty(&self) -> bool {
        self.periods.is_empty()
            && self.forms.is_empty()
            && self.centres.is_empty()
            && self.new_centres.is_empty()
            && self.questions.is_empty()
            && self.options.is_empty()
            && self.measures.is_empty()
    }
}
