//! **The schema in force: the data every stage reads.** Takes the built-in `builtin.toml` (embedded
//! in the binary) and a user's file in the same format (`--config FILE`, or `friskliv.toml` in the
//! working directory), which extends it (see [`file`] for the merge rules); hands on one validated
//! [`Schema`]: the nine tasks, measures and options, the forms' questions and their wordings,
//! centres, agreement periods, column roles and EFS variable mappings, and the lenient matching of
//! wordings and names ([`matching`]). Must never hold a year, centre or wording in code: a new one
//! is a line of a config file, not a release. Everything is checked once, here, before any export
//! is read.

mod build;
pub(crate) mod complete;
pub(crate) use build::NO_REGION;
pub(crate) mod file;
pub(crate) mod matching;
pub(crate) mod themes;
pub(crate) mod thresholds;

use crate::lang::Lang;
use anyhow::{Context, Result};
use matching::{key, name_key};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const BUILTIN: &str = include_str!("builtin.toml");
/// The config file read from the working directory when `--config` is not given.
pub(crate) const DEFAULT_CONFIG: &str = "friskliv.toml";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Number,
    Boolean,
    Choice,
    Text,
    List,
}

impl Kind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::Number => "number",
            Kind::Boolean => "boolean",
            Kind::Choice => "choice",
            Kind::Text => "text",
            Kind::List => "list",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How one cell is read: what a column holds, which need not be the measure's kind (form A's
/// Ja/Nei question 10 feeds an option; question 1's option columns feed booleans).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CellKind {
    Number,
    /// A number that counts persons or things: whole, never negative; `1.200` and `1,200` are
    /// ambiguous (a thousands separator, or a decimal one?).
    Count,
    /// Ja/Nei.
    YesNo,
    /// A tick-all-that-apply option column.
    Tick,
    Text,
    List,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Task {
    pub(crate) number: u8,
    pub(crate) label: String,
    pub(crate) label_en: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Measure {
    pub(crate) id: String,
    /// 1–9, or 0 for "not a task" (the grant).
    pub(crate) task: u8,
    pub kind: Kind,
    /// A number that counts persons or things (see [`CellKind::Count`]).
    pub(crate) count: bool,
    pub(crate) label: String,
    pub(crate) label_en: Option<String>,
    pub options: Vec<MeasureOption>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MeasureOption {
    pub(crate) id: String,
    pub label: String,
    pub(crate) label_en: Option<String>,
    pub(crate) wordings: Vec<String>,
    /// For a text or list measure, a theme of its answers: what it matches; `None` for a choice's
    /// option.
    #[serde(skip)]
    pub(crate) theme: Option<Theme>,
    /// The text measure whose answers say what this option covered (a choice's «Annet»).
    #[serde(skip)]
    pub(crate) text: Option<usize>,
}

/// What a theme of a text or list measure counts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Theme {
    /// Answers that any of these patterns matches.
    Patterns(Vec<themes::Pattern>),
    /// Answers that no theme of the measure matches (`uncoded`), so that no answer goes uncounted.
    Uncoded,
}

/// The label in `lang`: the English one where there is one, else the Norwegian (a report in English
/// warns about it first: [`Schema::untranslated`]).
fn label_in<'a>(label: &'a str, label_en: Option<&'a str>, lang: Lang) -> &'a str {
    match lang {
        Lang::En => label_en.unwrap_or(label),
        Lang::Nb => label,
    }
}

impl Task {
    pub(crate) fn label_in(&self, lang: Lang) -> &str {
        label_in(&self.label, self.label_en.as_deref(), lang)
    }
}

impl Measure {
    pub(crate) fn label_in(&self, lang: Lang) -> &str {
        label_in(&self.label, self.label_en.as_deref(), lang)
    }
}

impl MeasureOption {
    pub(crate) fn label_in(&self, lang: Lang) -> &str {
        label_in(&self.label, self.label_en.as_deref(), lang)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Form {
    pub id: String,
    pub years: (i32, i32),
    pub(crate) label: String,
}

impl Form {
    pub(crate) fn covers(&self, year: i32) -> bool {
        (self.years.0..=self.years.1).contains(&year)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Question {
    pub form: Option<String>,
    pub(crate) number: Option<String>,
    pub measure: usize,
    pub(crate) option: Option<usize>,
    pub years: Option<(i32, i32)>,
    pub wordings: Vec<String>,
    pub(crate) options: Vec<QuestionOption>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct QuestionOption {
    pub(crate) label: String,
    /// The label's key ([`matching::key`]).
    #[serde(skip)]
    pub(crate) key: String,
    pub(crate) target: Target,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Centre {
    pub(crate) name: String,
    pub(crate) region: String,
    pub(crate) years: (i32, i32),
    pub(crate) aliases: Vec<String>,
    pub(crate) successor: Option<String>,
    pub(crate) excused: Vec<i32>,
    pub(crate) note: Option<String>,
}

impl Centre {
    pub(crate) fn active_in(&self, year: i32) -> bool {
        (self.years.0..=self.years.1).contains(&year)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Period {
    pub(crate) label: String,
    pub years: (i32, i32),
}

/// Where an answer column goes: a measure, an option of it, and how its cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Target {
    pub(crate) measure: usize,
    pub(crate) option: Option<usize>,
    #[serde(skip)]
    pub(crate) cell: CellKind,
}

/// What a column that is not an answer is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Centre,
    Year,
    ResponseId,
    Completed,
    Timestamp,
    Tester,
    Dispcode,
    Personal,
    System,
}

impl Role {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Role::Centre => "centre",
            Role::Year => "reporting year",
            Role::ResponseId => "response id",
            Role::Completed => "completion time (empty: not completed)",
            Role::Timestamp => "timestamp (orders resubmissions)",
            Role::Tester => "test flag (1: test response)",
            Role::Dispcode => "disposition code",
            Role::Personal => "personal data (never output)",
            Role::System => "system column (never output)",
        }
    }
}

/// What an EFS variable is mapped to in the config.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VariableTarget {
    Role(Role),
    Answer(Target),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EfsMapping {
    pub(crate) years: Option<(i32, i32)>,
    pub(crate) variables: BTreeMap<String, VariableTarget>,
    pub(crate) values: BTreeMap<String, BTreeMap<String, String>>,
}

impl EfsMapping {
    fn applies_to(&self, year: Option<i32>) -> bool {
        match (self.years, year) {
            (None, _) => true,
            (Some((from, to)), Some(y)) => (from..=to).contains(&y),
            (Some(_), None) => false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Schema {
    pub(crate) completed_dispcodes: Vec<i64>,
    pub(crate) missing_codes: Vec<String>,
    pub(crate) periods: Vec<Period>,
    pub(crate) centres: Vec<Centre>,
    pub(crate) tasks: Vec<Task>,
    pub measures: Vec<Measure>,
    pub forms: Vec<Form>,
    pub questions: Vec<Question>,
    pub(crate) efs: Vec<EfsMapping>,
    /// What `friskliv review` questions.
    pub(crate) review: thresholds::Thresholds,
    /// Where the schema came from: "built-in", then the config file's path.
    pub(crate) sources: Vec<String>,
    /// Every column of the normalised responses, in schema order: a measure, or one option of a
    /// choice (`(measure, option)` indices).
    pub targets: Vec<(usize, Option<usize>)>,
    /// The index in `targets` of each measure's first target.
    first_target: Vec<usize>,
    /// By measure and option, the keys of the option's label and wordings (an export's option
    /// columns are matched against them).
    option_keys: Vec<Vec<Vec<String>>>,
    roles: HashMap<String, Role>,
    role_names: Vec<(Role, String)>,
    system_prefixes: Vec<String>,
    /// Every centre's name and alias (by [`name_key`]): a config may declare thousands, and a
    /// row's centre not seen before in its file is looked up here (a fast hash, as in reading).
    centre_keys: HashMap<String, usize, foldhash::fast::FixedState>,
    wording_keys: HashMap<String, usize>,
    /// The forms that ask a question with each wording (by key), in the order of the questions.
    wording_forms: HashMap<String, Vec<String>>,
    /// Every wording, for suggesting the closest to an unknown header (worked out when first needed).
    wording_suggestions: OnceLock<matching::Candidates>,
    /// Every centre's name and aliases, for suggesting the closest to an unknown centre (worked out
    /// when first needed: a config may declare 100,000 centres).
    centre_suggestions: OnceLock<matching::Candidates>,
}

/// Loading, and the measures, options and targets (a measure, or one option of a choice).
impl Schema {
    /// Lists the targets once the measures are known.
    fn index_targets(&mut self) {
        self.targets.clear();
        self.first_target.clear();
        self.option_keys = self
            .measures
            .iter()
            .map(|m| {
                let keys = |o: &MeasureOption| std::iter::once(&o.label).chain(&o.wordings).map(|w| key(w)).collect();
                m.options.iter().map(keys).collect()
            })
            .collect();
        for (m, measure) in self.measures.iter().enumerate() {
            self.first_target.push(self.targets.len());
            if measure.kind == Kind::Choice {
                self.targets.extend((0..measure.options.len()).map(|o| (m, Some(o))));
            } else {
                // A text or list measure: its answers, then its themes (if a codebook gives any).
                self.targets.push((m, None));
                self.targets.extend((0..measure.options.len()).map(|o| (m, Some(o))));
            }
        }
    }

    /// The built-in schema alone.
    pub fn builtin() -> Schema {
        let file = parse_file(BUILTIN, "built-in schema").expect("the built-in schema parses");
        Schema::build(file, vec!["built-in".into()]).expect("the built-in schema is valid")
    }

    /// The built-in schema extended by `config`, or by `friskliv.toml` in the working directory
    /// when it exists and no config was named.
    pub(crate) fn load(config: Option<&Path>) -> Result<Schema> {
        let path: Option<PathBuf> = match config {
            Some(p) => Some(p.to_path_buf()),
            None => Some(PathBuf::from(DEFAULT_CONFIG)).filter(|p| p.is_file()),
        };
        let Some(path) = path else { return Ok(Schema::builtin()) };
        let text =
            std::fs::read_to_string(&path).with_context(|| format!("cannot read config file {}", path.display()))?;
        Schema::parse(&text, &path.display().to_string())
    }

    /// The built-in schema extended by the text of a config file named `shown`.
    pub fn parse(text: &str, shown: &str) -> Result<Schema> {
        let mut file = parse_file(BUILTIN, "built-in schema")?;
        file.extend(parse_file(text, shown)?);
        Schema::build(file, vec!["built-in".to_string(), shown.to_string()])
            .with_context(|| format!("config file {shown} does not fit the schema"))
    }

    // ---- lookups -------------------------------------------------------------------------------

    /// The forms whose questions asked for measure `m` (itself or through an option) in `year`.
    pub(crate) fn forms_asking(&self, m: usize, year: i32) -> std::collections::BTreeSet<&str> {
        self.questions
            .iter()
            .filter(|q| q.measure == m || q.options.iter().any(|o| o.target.measure == m))
            .filter_map(|q| {
                let form = self.forms.iter().find(|f| Some(&f.id) == q.form.as_ref())?;
                let (from, to) = q.years.unwrap_or(form.years);
                (from..=to).contains(&year).then_some(form.id.as_str())
            })
            .collect()
    }

    pub(crate) fn measure_index(&self, id: &str) -> Option<usize> {
        self.measures.iter().position(|m| m.id == id)
    }

    /// The index of measure `id`, or an error with the closest known id.
    pub(crate) fn measure_index_or_hint(&self, id: &str) -> Result<usize> {
        self.measure_index(id).with_context(|| {
            let hint = matching::closest(id, self.measures.iter().map(|m| m.id.as_str()))
                .map(|c| format!("; did you mean {c:?}?"))
                .unwrap_or_else(|| "; `friskliv schema` lists the measures".into());
            format!("unknown measure {id:?}{hint}")
        })
    }

    pub(crate) fn option_index_or_hint(&self, measure: usize, id: &str) -> Result<usize> {
        let m = &self.measures[measure];
        m.options.iter().position(|o| o.id == id).with_context(|| {
            let hint = matching::closest(id, m.options.iter().map(|o| o.id.as_str()))
                .map(|c| format!("; did you mean {c:?}?"))
                .unwrap_or_default();
            format!("measure {:?} has no option {id:?}{hint}", m.id)
        })
    }

    /// What of `measures` (their tasks, themselves and their options) has no English label, as
    /// `task 2`, `hospitants`, `info_channels:strategy`: what an English report shows in Norwegian.
    pub(crate) fn untranslated(&self, measures: &[usize]) -> Vec<String> {
        let mut out = Vec::new();
        let mut tasks: Vec<u8> = measures.iter().map(|&m| self.measures[m].task).collect();
        tasks.sort_unstable();
        tasks.dedup();
        for t in self.tasks.iter().filter(|t| tasks.contains(&t.number) && t.label_en.is_none()) {
            out.push(format!("task {}", t.number));
        }
        for &m in measures {
            let measure = &self.measures[m];
            if measure.label_en.is_none() {
                out.push(measure.id.clone());
            }
            for (o, option) in measure.options.iter().enumerate() {
                if option.label_en.is_none() {
                    out.push(self.target_name(m, Some(o)));
                }
            }
        }
        out
    }

    /// `measure` or `measure:option`.
    pub(crate) fn target_name(&self, measure: usize, option: Option<usize>) -> String {
        let m = &self.measures[measure];
        match option {
            Some(o) => format!("{}:{}", m.id, m.options[o].id),
            None => m.id.clone(),
        }
    }

    /// `measure` or `measure:option` of schema target `t`.
    pub(crate) fn target_id(&self, t: usize) -> String {
        let (m, o) = self.targets[t];
        self.target_name(m, o)
    }

    /// The index in [`Schema::targets`] of a measure or one of its options.
    pub(crate) fn target_index(&self, measure: usize, option: Option<usize>) -> usize {
        let first = self.first_target[measure];
        match (self.measures[measure].kind, option) {
            (Kind::Choice, o) => first + o.unwrap_or(0),
            (_, Some(theme)) => first + 1 + theme,
            (_, None) => first,
        }
    }

    /// The targets a report of a measure shows: its options; its themes (with `uncoded`) when a
    /// codebook gives it some; or the measure itself.
    pub(crate) fn targets_of(&self, measure: usize) -> std::ops::Range<usize> {
        let (first, n) = (self.first_target[measure], self.measures[measure].options.len());
        match self.measures[measure].kind {
            Kind::Choice => first..first + n.max(1),
            _ if n > 0 => first + 1..first + 1 + n,
            _ => first..first + 1,
        }
    }

    /// What a target holds: a choice's option and a theme are ticks (1/0), as a Ja/Nei is counted;
    /// a measure itself holds its kind.
    pub(crate) fn target_kind(&self, measure: usize, option: Option<usize>) -> Kind {
        match option {
            Some(_) => Kind::Choice,
            None => self.measures[measure].kind,
        }
    }

    /// Whether an answer to measure `m` is coded with its theme `o`: `None` when unanswered; for
    /// `uncoded`, whether no theme matches it.
    pub(crate) fn coded(&self, m: usize, o: usize, answer: Option<&str>) -> Option<bool> {
        let words = themes::words(answer.filter(|a| !a.trim().is_empty())?);
        let options = &self.measures[m].options;
        let hits = |o: &MeasureOption| matches!(&o.theme, Some(Theme::Patterns(p)) if themes::any_matches(p, &words));
        Some(match options[o].theme {
            Some(Theme::Uncoded) => !options.iter().any(hits),
            _ => hits(&options[o]),
        })
    }

    /// How a measure reports: a text or list measure with themes reports like a choice (a row per
    /// theme: n, sum, share); any other as its kind.
    pub(crate) fn report_kind(&self, measure: usize) -> Kind {
        let m = &self.measures[measure];
        if m.kind != Kind::Choice && !m.options.is_empty() {
            Kind::Choice
        } else {
            m.kind
        }
    }

    /// The target a theme is computed from (the measure's answers), or `t` itself.
    pub(crate) fn read_target(&self, t: usize) -> usize {
        match self.targets[t] {
            (m, Some(_)) if self.measures[m].kind != Kind::Choice => self.first_target[m],
            _ => t,
        }
    }
}

/// What an export's headers mean: column roles, questions and their options, EFS variables.
impl Schema {
    pub(crate) fn role(&self, header: &str) -> Option<Role> {
        self.role_of_key(&key(header))
    }

    /// [`Schema::role`] of a header already keyed ([`matching::key`]).
    pub(crate) fn role_of_key(&self, k: &str) -> Option<Role> {
        if let Some(r) = self.roles.get(k) {
            return Some(*r);
        }
        let is_system = self
            .system_prefixes
            .iter()
            .any(|p| k.strip_prefix(p.as_str()).is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit())));
        is_system.then_some(Role::System)
    }

    /// The headers that give a column `role`, as the schema writes them.
    pub(crate) fn role_headers(&self, role: Role) -> impl Iterator<Item = &str> {
        self.role_names.iter().filter(move |(r, _)| *r == role).map(|(_, n)| n.as_str())
    }

    /// The question whose wording is `header` (leniently).
    pub(crate) fn question(&self, header: &str) -> Option<&Question> {
        self.question_of_key(&key(header))
    }

    /// [`Schema::question`] of a header already keyed ([`matching::key`]).
    pub(crate) fn question_of_key(&self, k: &str) -> Option<&Question> {
        self.wording_keys.get(k).map(|&i| &self.questions[i])
    }

    /// The target of a whole-column question, or `None` when the question is a choice whose
    /// columns are its options.
    pub fn question_target(&self, q: &Question) -> Option<Target> {
        let kind = self.measures[q.measure].kind;
        match (kind, q.option) {
            (Kind::Choice, Some(o)) => Some(Target { measure: q.measure, option: Some(o), cell: CellKind::YesNo }),
            (Kind::Choice, None) => None,
            _ => Some(Target { measure: q.measure, option: None, cell: cell_kind(&self.measures[q.measure]) }),
        }
    }

    /// The target of option column `label` of question `q`.
    pub(crate) fn option_target(&self, q: &Question, label: &str) -> Option<Target> {
        let k = key(label);
        if let Some(qo) = q.options.iter().find(|qo| qo.key == k) {
            return Some(qo.target);
        }
        let m = &self.measures[q.measure];
        if m.kind != Kind::Choice || q.option.is_some() {
            return None;
        }
        self.option_keys[q.measure].iter().position(|keys| keys.contains(&k)).map(|o| Target {
            measure: q.measure,
            option: Some(o),
            cell: CellKind::Tick,
        })
    }

    /// Every label an option column of `q` may carry, for hints.
    pub(crate) fn option_labels<'a>(&'a self, q: &'a Question) -> impl Iterator<Item = &'a str> + 'a {
        let own = q.options.iter().map(|o| o.label.as_str());
        let measure = self.measures[q.measure]
            .options
            .iter()
            .flat_map(|o| std::iter::once(o.label.as_str()).chain(o.wordings.iter().map(String::as_str)));
        own.chain(measure)
    }

    /// The forms that ask a question with this wording, already keyed ([`matching::key`]: leniently).
    pub(crate) fn forms_of_key(&self, k: &str) -> Vec<String> {
        self.wording_forms.get(k).cloned().unwrap_or_default()
    }

    /// Every question wording, for hints.
    pub(crate) fn wordings(&self) -> impl Iterator<Item = &str> {
        self.questions.iter().flat_map(|q| q.wordings.iter().map(String::as_str))
    }

    /// The known wording closest to `header`, for a hint; `None` when none is close.
    pub(crate) fn closest_wording(&self, header: &str) -> Option<&str> {
        self.wording_suggestions.get_or_init(|| matching::Candidates::new(self.wordings())).closest(header)
    }

    /// The EFS mappings that apply to `year`, merged (later ones win).
    pub(crate) fn efs_for(&self, year: Option<i32>) -> EfsMapping {
        let mut merged = EfsMapping { years: None, variables: BTreeMap::new(), values: BTreeMap::new() };
        for e in self.efs.iter().filter(|e| e.applies_to(year)) {
            merged.variables.extend(e.variables.iter().map(|(k, v)| (k.clone(), *v)));
            for (var, codes) in &e.values {
                merged.values.entry(var.clone()).or_default().extend(codes.clone());
            }
        }
        merged
    }
}

/// Centres and agreement periods.
impl Schema {
    /// The centre named `name` (its canonical name or an alias; case and white space do not matter).
    pub(crate) fn centre(&self, name: &str) -> Option<&Centre> {
        self.centre_index(name).map(|i| &self.centres[i])
    }

    pub(crate) fn centre_index(&self, name: &str) -> Option<usize> {
        self.centre_keys.get(&name_key(name)).copied()
    }

    /// `did you mean "Kristiansand" or "Kristiansund"?` for a name no centre has, when any is close.
    pub(crate) fn centre_suggestion(&self, name: &str) -> Option<String> {
        did_you_mean(&self.centre_hints(name))
    }

    /// What to do about a row that names an unknown centre. Names are never matched by likeness.
    pub(crate) fn unknown_centre_hint(&self, name: &str) -> String {
        let contained = self.centres_named_within(name);
        if !contained.is_empty() {
            let which = contained.iter().map(|c| format!("{c:?}")).collect::<Vec<_>>().join(" or ");
            return format!(
                "it contains the name of {which}: if it is that centre, add {name:?} to its aliases in friskliv.toml"
            );
        }
        let hints = self.centre_hints(name);
        match (did_you_mean(&hints), hints.len()) {
            (None, _) => format!("add the centre, or {name:?} as an alias of one, in friskliv.toml"),
            (Some(s), 1) => format!("{s} If it is that centre, add {name:?} to its aliases in friskliv.toml"),
            (Some(s), _) => format!(
                "{s} Names are never matched by likeness: add {name:?} to the right centre's aliases in friskliv.toml"
            ),
        }
    }

    /// The canonical names of the centres whose name or an alias stands whole within `name`, word
    /// for word («Frisklivssentralen Kristiansand» holds Kristiansand, never Kristiansund), the
    /// longest first: the centre a new name for it most likely means.
    pub(crate) fn centres_named_within(&self, name: &str) -> Vec<&str> {
        let wanted = name_key(name);
        let mut found: Vec<(usize, &str)> = Vec::new();
        for c in &self.centres {
            let longest = std::iter::once(&c.name)
                .chain(&c.aliases)
                .map(|n| name_key(n))
                .filter(|n| n != &wanted && matching::contains_words(&wanted, n))
                .map(|n| n.chars().count())
                .max();
            if let Some(len) = longest {
                found.push((len, &c.name));
            }
        }
        found.sort_by_key(|f| std::cmp::Reverse(f.0));
        found.into_iter().map(|(_, n)| n).collect()
    }

    /// The canonical names of the centres whose names or aliases are closest to `name`, for a
    /// "did you mean" hint (all of them when several are as close: Kristiansand, Kristiansund).
    pub(crate) fn centre_hints(&self, name: &str) -> Vec<&str> {
        let contained = self.centres_named_within(name);
        if !contained.is_empty() {
            return contained;
        }
        let mut out: Vec<&str> = Vec::new();
        let suggestions = self.centre_suggestions.get_or_init(|| {
            let names = self.centres.iter().flat_map(|c| std::iter::once(&c.name).chain(&c.aliases));
            matching::Candidates::new(names.map(String::as_str))
        });
        for close in suggestions.closest_ties(name) {
            if let Some(c) = self.centre(close) {
                if !out.contains(&c.name.as_str()) {
                    out.push(&c.name);
                }
            }
        }
        out
    }

    /// The form with this id.
    pub(crate) fn form(&self, id: &str) -> Option<&Form> {
        self.forms.iter().find(|f| f.id == id)
    }

    /// The form asked in `year`, if any.
    pub(crate) fn form_of_year(&self, year: i32) -> Option<&Form> {
        self.forms.iter().find(|f| f.covers(year))
    }

    /// Another form than `id` whose years meet `years`: the form a form stretched to them would
    /// take years from (a year is asked with one form).
    pub(crate) fn form_in_the_way(&self, id: &str, (from, to): (i32, i32)) -> Option<&Form> {
        self.forms.iter().find(|g| g.id != id && g.years.0 <= to && from <= g.years.1)
    }

    pub fn period_of(&self, year: i32) -> Option<&Period> {
        self.period_index(year).map(|i| &self.periods[i])
    }

    pub(crate) fn period_index(&self, year: i32) -> Option<usize> {
        self.periods.iter().position(|p| (p.years.0..=p.years.1).contains(&year))
    }
}

pub(crate) fn cell_kind(m: &Measure) -> CellKind {
    match m.kind {
        Kind::Number if m.count => CellKind::Count,
        Kind::Number => CellKind::Number,
        Kind::Boolean => CellKind::YesNo,
        Kind::Choice => CellKind::Tick,
        Kind::Text => CellKind::Text,
        Kind::List => CellKind::List,
    }
}

/// `did you mean "Kristiansand" or "Kristiansund"?`, or nothing when no name is close.
fn did_you_mean(hints: &[&str]) -> Option<String> {
    let quoted: Vec<String> = hints.iter().map(|h| format!("{h:?}")).collect();
    (!quoted.is_empty()).then(|| format!("did you mean {}?", quoted.join(" or ")))
}

fn parse_file(text: &str, name: &str) -> Result<file::SchemaFile> {
    let mut file: file::SchemaFile =
        toml::from_str(text).with_context(|| format!("{name} is not a valid schema file"))?;
    file.locate_themes(text, name);
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_task_measure_and_option_has_an_english_label() {
        let s = Schema::builtin();
        let all: Vec<usize> = (0..s.measures.len()).collect();
        assert_eq!(s.untranslated(&all), Vec::<String>::new());
        let m = &s.measures[s.measure_index("hospitants").unwrap()];
        assert_eq!(
            (m.label_in(Lang::Nb), m.label_in(Lang::En)),
            ("Antall personer som har hospitert", "Number of people on placement")
        );
        let without = Measure { label_en: None, ..m.clone() };
        assert_eq!(without.label_in(Lang::En), "Antall personer som har hospitert", "falls back to Norwegian");
    }

    #[test]
    fn the_builtin_schema_has_the_nine_tasks_and_every_measure_of_the_spec() {
        let s = Schema::builtin();
        assert_eq!(s.tasks.len(), 9);
        assert_eq!(s.measures.len(), 28);
        assert_eq!(s.centres.len(), 11);
        assert_eq!(s.measures[s.measure_index("hospitant_types").unwrap()].options.len(), 17);
    }

    #[test]
    fn both_forms_wordings_of_a_question_reach_the_same_measure() {
        let s = Schema::builtin();
        for w in ["7.1 Samarbeid med Fylkesmannen i eget fylke", "Samarbeid med Statsforvalteren i eget fylke:"] {
            let q = s.question(w).unwrap();
            assert_eq!(s.measures[q.measure].id, "county_governor");
        }
    }

    #[test]
    fn form_a_labels_are_the_same_options_as_form_b() {
        let s = Schema::builtin();
        let q = s.question("Hvilke aktører har hospitert?").unwrap();
        let a = s.option_target(q, "Studenter").unwrap();
        let b = s.option_target(q, "Helsefagstudenter").unwrap();
        assert_eq!(a, b);
        assert_eq!(s.target_name(a.measure, a.option), "hospitant_types:students");
    }

    #[test]
    fn form_a_question_1_feeds_task_6_booleans_and_question_10_feeds_an_option() {
        let s = Schema::builtin();
        let q1 = s
            .question("1. På hvilken måte har dere bidratt til å spre informasjon om frisklivssentraler i regionen?")
            .unwrap();
        let t = s.option_target(q1, "Vi benytter sosiale medier regelmessig").unwrap();
        assert_eq!((s.target_name(t.measure, t.option).as_str(), t.cell), ("social_media", CellKind::Tick));
        let q10 = s.question("Har dere faste møter med fylkeskommunen i eget fylke?").unwrap();
        let t = s.question_target(q10).unwrap();
        assert_eq!(
            (s.target_name(t.measure, t.option).as_str(), t.cell),
            ("county_council:regular_meetings", CellKind::YesNo)
        );
    }

    #[test]
    fn centres_match_by_alias_but_never_fuzzily() {
        let s = Schema::builtin();
        assert_eq!(s.centre("Lenvik").unwrap().name, "Senja");
        assert_eq!(s.centre("  alstadhaug ").unwrap().name, "Alstahaug");
        assert!(s.centre("Kristiansnd").is_none());
        assert_eq!(s.centre_hints("Kristiansnd"), vec!["Kristiansand", "Kristiansund"]);
        assert_eq!(s.centre_hints("Alstahaugg"), vec!["Alstahaug"]);
    }

    #[test]
    fn every_config_example_in_the_docs_loads() {
        let doc = include_str!("../../docs/config.md");
        let blocks: Vec<&str> =
            doc.split("```toml\n").skip(1).map(|b| b.split("```").next().unwrap_or_default()).collect();
        assert!(blocks.len() >= 3, "docs/config.md has its examples");
        for (i, block) in blocks.iter().enumerate() {
            if let Err(e) = Schema::parse(block, "docs/config.md") {
                panic!("example {} of docs/config.md does not load: {e:#}\n{block}", i + 1);
            }
        }
    }

    #[test]
    fn a_new_name_that_holds_a_known_one_suggests_that_centre_alone() {
        let s = Schema::builtin();
        // By likeness, Alstahaug, Stavanger and Drammen come closer than Kristiansand.
        assert_eq!(s.centre_hints("Frisklivssentralen Kristiansand"), vec!["Kristiansand"]);
        assert_eq!(s.centre_hints("Frisklivssentralen i Kristiansund kommune"), vec!["Kristiansund"]);
        assert_eq!(s.centre_hints("Sør-Varanger frisklivssentral"), vec!["Sør-Varanger"]);
        assert_eq!(s.centre_hints("Modum og Verdal"), vec!["Verdal", "Modum"]);
        assert_eq!(
            s.unknown_centre_hint("Frisklivssentralen Kristiansand"),
            "it contains the name of \"Kristiansand\": if it is that centre, add \"Frisklivssentralen Kristiansand\" \
             to its aliases in friskliv.toml"
        );
    }

    #[test]
    fn an_unknown_centre_is_told_what_to_add_and_where() {
        let s = Schema::builtin();
        assert_eq!(
            s.unknown_centre_hint("Alstahaugg"),
            "did you mean \"Alstahaug\"? If it is that centre, add \"Alstahaugg\" to its aliases in friskliv.toml"
        );
        assert_eq!(
            s.unknown_centre_hint("Kristiansnd"),
            "did you mean \"Kristiansand\" or \"Kristiansund\"? Names are never matched by likeness: \
             add \"Kristiansnd\" to the right centre's aliases in friskliv.toml"
        );
        assert_eq!(s.unknown_centre_hint("Oslo"), "add the centre, or \"Oslo\" as an alias of one, in friskliv.toml");
    }

    #[test]
    fn a_new_label_without_english_leaves_no_stale_english() {
        let mut f = parse_file(BUILTIN, "built-in").unwrap();
        let user = "[[measure]]\nid = \"hospitants\"\nlabel = \"Hospitanter\"\n\n\
                    [[measure]]\nid = \"inquiries\"\nlabel_en = \"Inquiries\"\n";
        f.extend(parse_file(user, "friskliv.toml").unwrap());
        let s = Schema::build(f, vec![]).unwrap();
        let m = |id| &s.measures[s.measure_index(id).unwrap()];
        assert_eq!(m("hospitants").label_in(Lang::En), "Hospitanter");
        assert_eq!(s.untranslated(&[s.measure_index("hospitants").unwrap()]), ["hospitants"]);
        assert_eq!(
            (m("inquiries").label_in(Lang::Nb), m("inquiries").label_in(Lang::En)),
            ("Antall henvendelser", "Inquiries")
        );
    }

    #[test]
    fn a_user_file_extends_the_builtin_one() {
        let mut f = parse_file(BUILTIN, "built-in").unwrap();
        f.extend(
            parse_file(
                r#"
                [[centre]]
                name = "Senja"
                aliases = ["Senja frisklivssentral"]
                [[question]]
                measure = "inquiries"
                wordings = ["Hvor mange henvendelser fikk dere?"]
                [[period]]
                label = "2023–2025"
                years = [2023, 2025]
                "#,
                "user",
            )
            .unwrap(),
        );
        let s = Schema::build(f, vec![]).unwrap();
        assert_eq!(s.centre("senja frisklivssentral").unwrap().name, "Senja");
        assert!(s.centre("Lenvik").is_some());
        assert_eq!(s.measures[s.question("Hvor mange henvendelser fikk dere?").unwrap().measure].id, "inquiries");
        assert_eq!(s.period_of(2024).unwrap().label, "2023–2025");
    }

    #[test]
    fn a_user_file_that_contradicts_the_schema_is_refused_with_a_hint() {
        let mut f = parse_file(BUILTIN, "built-in").unwrap();
        f.extend(parse_file("[[question]]\nmeasure = \"inquries\"\nwordings = [\"x\"]\n", "user").unwrap());
        let err = format!("{:#}", Schema::build(f, vec![]).unwrap_err());
        assert!(err.contains("did you mean \"inquiries\""), "{err}");

        let mut f = parse_file(BUILTIN, "built-in").unwrap();
        f.extend(parse_file("[[centre]]\nname = \"Kristiansand\"\naliases = [\"Kristiansund\"]\n", "u").unwrap());
        let err = format!("{:#}", Schema::build(f, vec![]).unwrap_err());
        assert!(err.contains("must name one centre"), "{err}");

        let measure = "[[measure]]\nid = \"x\"\ntask = 1\nkind = \"numbr\"\nlabel = \"X\"\n";
        let err = format!("{:#}", parse_file(measure, "friskliv.toml").unwrap_err());
        assert!(err.contains("line 4") && err.contains("unknown variant `numbr`, expected one of `number`"), "{err}");
    }
}
