//! Building the schema in force from its file form: every reference checked, the indexes made.

use super::file;
use super::{
    cell_kind, CellKind, Centre, EfsMapping, Form, Kind, Measure, MeasureOption, Period, Question, QuestionOption,
    Role, Schema, Target, Task, Theme, VariableTarget,
};
use crate::schema::matching::{key, name_key};
use anyhow::{bail, Context, Result};
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

impl Schema {
    pub(super) fn build(mut f: file::SchemaFile, sources: Vec<String>) -> Result<Schema> {
        let (roles, role_names) = roles(&f.columns);
        let periods = periods(&f.periods)?;
        let mut tasks: Vec<Task> = f
            .tasks
            .iter()
            .map(|t| Task {
                number: t.number,
                label: t.label.clone().unwrap_or_else(|| format!("Oppgave {}", t.number)),
                label_en: t.label_en.clone(),
            })
            .collect();
        tasks.sort_by_key(|t| t.number);
        let mut measures = f.measures.iter().map(|m| measure(m, &tasks)).collect::<Result<Vec<_>>>()?;
        // A task's measures together, in the order given, the grant's last: a measure a config adds
        // to a task shows under that task.
        measures.sort_by_key(|m| (m.task == 0, m.task));
        add_themes(&mut measures, &f.themes)?;
        link_texts(&mut measures, &f.measures)?;
        let forms = f
            .forms
            .iter()
            .map(|g| {
                let years = until(years(g.years.as_deref(), || format!("form {:?}", g.id))?, g.until, || {
                    format!("form {:?}", g.id)
                })?;
                let label = g.label.clone().unwrap_or_else(|| format!("Skjema {}", g.id));
                Ok(Form { id: g.id.clone(), years, label })
            })
            .collect::<Result<Vec<_>>>()?;

        let mut schema = Schema {
            completed_dispcodes: f.completed_dispcodes.clone().unwrap_or_default(),
            missing_codes: f.missing_codes.clone().unwrap_or_default(),
            periods,
            centres: Vec::new(),
            tasks,
            measures,
            forms,
            questions: Vec::new(),
            efs: Vec::new(),
            review: f.review.build()?,
            sources,
            targets: Vec::new(),
            first_target: Vec::new(),
            option_keys: Vec::new(),
            roles,
            role_names,
            system_prefixes: f.columns.system_prefixes.iter().map(|p| key(p)).collect(),
            centre_keys: HashMap::default(),
            wording_keys: HashMap::new(),
            wording_forms: HashMap::new(),
            wording_suggestions: Default::default(),
            centre_suggestions: Default::default(),
        };
        schema.index_targets();
        schema.add_centres(std::mem::take(&mut f.centres))?;
        schema.add_questions(&f.questions)?;
        schema.add_efs(&f.efs)?;
        Ok(schema)
    }

    /// The centres, taken over: a config can name thousands.
    fn add_centres(&mut self, centres: Vec<file::CentreFile>) -> Result<()> {
        for c in centres {
            let what = || format!("centre {:?}", c.name);
            let region = match c.region.as_deref().map(str::trim) {
                Some("") => bail!("{} has an empty region: fill it in, or leave the line out", what()),
                Some(r) => r.to_string(),
                None => NO_REGION.to_string(),
            };
            if c.years.is_none() && c.until.is_some() {
                bail!(
                    "{} has until but no years: a new centre needs years = [FROM, TO] (until extends a known one)",
                    what()
                );
            }
            let years = until(years(c.years.as_deref(), what)?, c.until, what)?;
            let index = self.centres.len();
            for name in std::iter::once(&c.name).chain(&c.aliases) {
                match self.centre_keys.entry(name_key(name)) {
                    Entry::Occupied(other) if *other.get() != index => bail!(
                        "{name:?} names both {:?} and {:?}: a name must name one centre",
                        self.centres[*other.get()].name,
                        c.name
                    ),
                    Entry::Occupied(_) => {}
                    Entry::Vacant(slot) => {
                        slot.insert(index);
                    }
                }
            }
            self.centres.push(Centre {
                name: c.name,
                region,
                years,
                aliases: c.aliases,
                successor: c.successor,
                excused: c.excused.unwrap_or_default(),
                note: c.note,
            });
        }
        let names: std::collections::HashSet<&str> = self.centres.iter().map(|c| c.name.as_str()).collect();
        for c in &self.centres {
            if let Some(s) = &c.successor {
                if !names.contains(s.as_str()) {
                    bail!("centre {:?} names successor {s:?}, which is not a centre", c.name);
                }
            }
        }
        Ok(())
    }

    fn add_questions(&mut self, questions: &[file::QuestionFile]) -> Result<()> {
        for q in questions {
            let what = format!("question {:?}", q.wordings.first().map_or("", String::as_str));
            if q.wordings.is_empty() {
                bail!("a question for measure {:?} has no wordings", q.measure);
            }
            if let Some(form) = &q.form {
                if !self.forms.iter().any(|f| &f.id == form) {
                    bail!("{what} names form {form:?}, which is not defined");
                }
            }
            let measure = self.measure_index_or_hint(&q.measure).context(what.clone())?;
            let option = match &q.option {
                Some(o) => Some(self.option_index_or_hint(measure, o).context(what.clone())?),
                None => None,
            };
            let mut options = Vec::new();
            for qo in &q.options {
                let m = match &qo.measure {
                    Some(id) => self.measure_index_or_hint(id).context(what.clone())?,
                    None => measure,
                };
                let o = match &qo.option {
                    Some(id) => Some(self.option_index_or_hint(m, id).context(what.clone())?),
                    None => None,
                };
                let target = match (self.measures[m].kind, o) {
                    (Kind::Boolean, None) => Target { measure: m, option: None, cell: CellKind::Tick },
                    (Kind::Choice, Some(o)) => Target { measure: m, option: Some(o), cell: CellKind::Tick },
                    _ => {
                        bail!("{what}: option {:?} must go to a boolean measure or to an option of a choice", qo.label)
                    }
                };
                options.push(QuestionOption { label: qo.label.clone(), key: key(&qo.label), target });
            }
            let years = question_years(q, &what, &self.forms)?;
            let question = Question {
                form: q.form.clone(),
                number: q.number.clone(),
                measure,
                option,
                years,
                wordings: q.wordings.clone(),
                options,
            };
            let index = self.questions.len();
            for w in &q.wordings {
                if let Some(form) = &q.form {
                    let forms = self.wording_forms.entry(key(w)).or_default();
                    if !forms.contains(form) {
                        forms.push(form.clone());
                    }
                }
                if let Some(&other) = self.wording_keys.get(&key(w)) {
                    let o = &self.questions[other];
                    if (o.measure, o.option) != (measure, option) {
                        bail!(
                            "the wording {w:?} maps to both {} and {}",
                            self.target_name(o.measure, o.option),
                            self.target_name(measure, option)
                        );
                    }
                    continue;
                }
                self.wording_keys.insert(key(w), index);
            }
            self.questions.push(question);
        }
        Ok(())
    }

    fn add_efs(&mut self, efs: &[file::EfsFile]) -> Result<()> {
        for e in efs {
            let years = match &e.years {
                Some(y) => Some(years(Some(y), || "an [[efs]] mapping".to_string())?),
                None => None,
            };
            let mut variables = BTreeMap::new();
            for (var, target) in &e.variables {
                let t = self.variable_target(target).with_context(|| format!("[[efs]] variable {var:?}"))?;
                variables.insert(var.clone(), t);
            }
            self.efs.push(EfsMapping { years, variables, values: e.values.clone() });
        }
        Ok(())
    }

    /// Parses `centre`, `year`, `MEASURE` or `MEASURE:OPTION`.
    fn variable_target(&self, s: &str) -> Result<VariableTarget> {
        match s {
            "centre" => return Ok(VariableTarget::Role(Role::Centre)),
            "year" => return Ok(VariableTarget::Role(Role::Year)),
            _ => {}
        }
        Ok(VariableTarget::Answer(self.cell_target(s)?))
    }

    /// As [`Schema::answer_target`], for what an export's cell holds: never a theme, which is
    /// computed from the answer.
    pub(crate) fn cell_target(&self, s: &str) -> Result<Target> {
        let target = self.answer_target(s)?;
        let m = &self.measures[target.measure];
        if m.kind != Kind::Choice && target.option.is_some() {
            bail!("{s:?} is a theme, computed from the answers of {:?}: name the measure itself", m.id);
        }
        Ok(target)
    }

    /// Parses `MEASURE`, or `MEASURE:OPTION` for one option of a choice: what one answer cell holds,
    /// and how a cell of it is read by default.
    pub(crate) fn answer_target(&self, s: &str) -> Result<Target> {
        let (m, o) = match s.split_once(':') {
            Some((m, o)) => (m, Some(o)),
            None => (s, None),
        };
        let measure = self.measure_index_or_hint(m)?;
        let option = match o {
            Some(o) => Some(self.option_index_or_hint(measure, o)?),
            None => None,
        };
        let cell = match (self.measures[measure].kind, option) {
            (Kind::Choice, Some(_)) => CellKind::Tick,
            (Kind::Choice, None) => {
                bail!("{m:?} is a choice: name one of its options, as \"{m}:OPTION\"")
            }
            _ => cell_kind(&self.measures[measure]),
        };
        Ok(Target { measure, option, cell })
    }
}

/// Column header → role, and every header as written, for hints.
fn roles(c: &file::ColumnsFile) -> (HashMap<String, Role>, Vec<(Role, String)>) {
    let mut roles = HashMap::new();
    let mut role_names = Vec::new();
    for (role, names) in [
        (Role::Centre, &c.centre),
        (Role::Year, &c.year),
        (Role::ResponseId, &c.response_id),
        (Role::Completed, &c.completed),
        (Role::Timestamp, &c.timestamp),
        (Role::Tester, &c.tester),
        (Role::Dispcode, &c.dispcode),
        (Role::Personal, &c.personal),
        (Role::System, &c.system),
    ] {
        for name in names {
            roles.entry(key(name)).or_insert(role);
            role_names.push((role, name.clone()));
        }
    }
    (roles, role_names)
}

/// The agreement periods, none overlapping another.
fn periods(periods: &[file::PeriodFile]) -> Result<Vec<Period>> {
    let periods = periods
        .iter()
        .map(|p| {
            let years = years(p.years.as_deref(), || format!("period {:?}", p.label))?;
            Ok(Period { label: p.label.clone(), years })
        })
        .collect::<Result<Vec<_>>>()?;
    let mut by_start: Vec<&Period> = periods.iter().collect();
    by_start.sort_by_key(|p| p.years);
    for w in by_start.windows(2) {
        if w[1].years.0 <= w[0].years.1 {
            bail!("periods {:?} and {:?} overlap", w[0].label, w[1].label);
        }
    }
    Ok(periods)
}

/// A measure, every field present and its task defined.
fn measure(m: &file::MeasureFile, tasks: &[Task]) -> Result<Measure> {
    let what = || format!("measure {:?}", m.id);
    let task = m.task.with_context(|| format!("{} has no task", what()))?;
    if task != 0 && !tasks.iter().any(|t| t.number == task) {
        bail!("{} names task {task}, which is not defined", what());
    }
    let kind = m.kind.with_context(|| format!("{} has no kind", what()))?;
    let label = m.label.clone().with_context(|| format!("{} has no label", what()))?;
    let count = m.count.unwrap_or(false);
    if count && kind != Kind::Number {
        bail!("{} has count = true, which only a number can be", what());
    }
    if kind == Kind::Choice && m.options.is_empty() {
        bail!("{} is a choice with no options", what());
    }
    if kind != Kind::Choice && !m.options.is_empty() {
        bail!("{} is a {}, and only a choice has options (a text's themes are [[theme]]s)", what(), kind.as_str());
    }
    let mut options = Vec::new();
    for o in &m.options {
        let label = o.label.clone().with_context(|| format!("option {:?} of {} has no label", o.id, what()))?;
        options.push(MeasureOption {
            id: o.id.clone(),
            label,
            label_en: o.label_en.clone(),
            wordings: o.wordings.clone(),
            theme: None,
            text: None,
        });
    }
    Ok(Measure { id: m.id.clone(), task, kind, count, label, label_en: m.label_en.clone(), options })
}

/// The codebook: each `[[theme]]` becomes an option of its text or list measure, and a measure with
/// themes gets `uncoded` last. Every error names the theme's file and line.
fn add_themes(measures: &mut [Measure], themes: &[toml::Spanned<file::ThemeFile>]) -> Result<()> {
    for t in themes.iter().map(|t| t.get_ref()) {
        let at = || format!("{}: [[theme]] {:?}", t.at, t.id);
        let Some(m) = measures.iter().position(|m| m.id == t.measure) else {
            let hint = super::matching::closest(&t.measure, measures.iter().map(|m| m.id.as_str()))
                .map(|c| format!("; did you mean {c:?}?"))
                .unwrap_or_default();
            bail!("{}: unknown measure {:?}{hint}", at(), t.measure);
        };
        let measure = &mut measures[m];
        if !matches!(measure.kind, Kind::Text | Kind::List) {
            bail!(
                "{}: {:?} is a {}; themes code the answers of a text or list measure",
                at(),
                measure.id,
                measure.kind.as_str()
            );
        }
        if t.id.trim().is_empty() || t.id == UNCODED || measure.options.iter().any(|o| o.id == t.id) {
            bail!("{}: the id is empty, \"uncoded\" (friskliv's own) or used twice for {:?}: give each theme an id of its own", at(), measure.id);
        }
        if t.patterns.is_empty() {
            bail!("{}: no patterns: write patterns = [\"henvis*\", …]", at());
        }
        let patterns =
            t.patterns.iter().map(|p| super::themes::Pattern::parse(p)).collect::<Result<Vec<_>>>().with_context(at)?;
        measure.options.push(MeasureOption {
            id: t.id.clone(),
            label: t.label.clone().unwrap_or_else(|| t.id.clone()),
            label_en: t.label_en.clone(),
            wordings: Vec::new(),
            theme: Some(Theme::Patterns(patterns)),
            text: None,
        });
    }
    for m in measures.iter_mut().filter(|m| m.kind != Kind::Choice && !m.options.is_empty()) {
        m.options.push(MeasureOption {
            id: UNCODED.into(),
            label: "Uten tema".into(),
            label_en: Some("No theme".into()),
            wordings: Vec::new(),
            theme: Some(Theme::Uncoded),
            text: None,
        });
    }
    Ok(())
}

/// An option's `text`: the text measure whose answers say what the option covered, checked.
fn link_texts(measures: &mut [Measure], files: &[file::MeasureFile]) -> Result<()> {
    for f in files {
        let Some(m) = measures.iter().position(|m| m.id == f.id) else { continue };
        for o in f.options.iter().filter(|o| o.text.is_some()) {
            let id = o.text.as_deref().unwrap_or_default();
            let what = || format!("option {:?} of measure {:?}: text = {id:?}", o.id, f.id);
            let t = measures.iter().position(|t| t.id == id).with_context(|| format!("{}: no such measure", what()))?;
            if !matches!(measures[t].kind, Kind::Text | Kind::List) {
                bail!("{}: a {}, not the text measure of what the option covered", what(), measures[t].kind.as_str());
            }
            if let Some(option) = measures[m].options.iter_mut().find(|x| x.id == o.id) {
                option.text = Some(t);
            }
        }
    }
    Ok(())
}

/// The id of the theme of answers no theme matches.
pub(crate) const UNCODED: &str = "uncoded";

/// When a question was asked: `years`, or from `since` to its form's last year.
fn question_years(q: &file::QuestionFile, what: &str, forms: &[Form]) -> Result<Option<(i32, i32)>> {
    Ok(match (&q.years, q.since) {
        (Some(_), Some(_)) => bail!("{what} has both years and since: write one"),
        (Some(y), None) => Some(years(Some(y), || what.to_string())?),
        (None, Some(since)) => {
            let form = q.form.as_ref().and_then(|f| forms.iter().find(|g| &g.id == f));
            let last = form.map_or(i32::MAX, |f| f.years.1);
            if since > last {
                bail!("{what} is asked since {since}, after its form's last year {last}");
            }
            Some((since, last))
        }
        (None, None) => None,
    })
}

/// The region of a centre whose region is not given (a drafted config leaves it to fill in).
pub(crate) const NO_REGION: &str = "Region ikke oppgitt";

/// `years` with its last year set to `until`, when given.
fn until(years: (i32, i32), until: Option<i32>, what: impl FnOnce() -> String) -> Result<(i32, i32)> {
    match until {
        Some(u) if u < years.0 => bail!("{} has until = {u}, before its first year {}", what(), years.0),
        Some(u) => Ok((years.0, u)),
        None => Ok(years),
    }
}

fn years(y: Option<&[i32]>, what: impl FnOnce() -> String) -> Result<(i32, i32)> {
    match y {
        Some([one]) => Ok((*one, *one)),
        Some([from, to]) if from <= to => Ok((*from, *to)),
        Some(other) => bail!("{} has years {other:?}: write [FROM, TO] or [YEAR]", what()),
        None => bail!("{} has no years", what()),
    }
}
