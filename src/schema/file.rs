//! The schema file format (built-in `builtin.toml` and a user's `friskliv.toml` alike) and how a
//! user's file extends the built-in one.
//!
//! Merge rules: lists of wordings, aliases and column names are appended; an entry with a known key
//! (a centre's `name`, a measure's `id`, an option's `id`, a period's `label`, a task's `number`, a
//! form's `id`) updates that entry field by field; an entry with a new key is added. Questions and EFS
//! mappings are always added. `completed_dispcodes` and `missing_codes` replace the built-in lists.

use serde::Deserialize;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SchemaFile {
    pub(crate) completed_dispcodes: Option<Vec<i64>>,
    pub(crate) missing_codes: Option<Vec<String>>,
    #[serde(default)]
    pub(crate) columns: ColumnsFile,
    #[serde(default, rename = "period")]
    pub(crate) periods: Vec<PeriodFile>,
    #[serde(default, rename = "centre")]
    pub(crate) centres: Vec<CentreFile>,
    #[serde(default, rename = "task")]
    pub(crate) tasks: Vec<TaskFile>,
    #[serde(default, rename = "measure")]
    pub(crate) measures: Vec<MeasureFile>,
    #[serde(default, rename = "form")]
    pub(crate) forms: Vec<FormFile>,
    #[serde(default, rename = "question")]
    pub(crate) questions: Vec<QuestionFile>,
    #[serde(default, rename = "efs")]
    pub(crate) efs: Vec<EfsFile>,
    #[serde(default)]
    pub(crate) review: super::thresholds::ReviewFile,
    #[serde(default, rename = "theme")]
    pub(crate) themes: Vec<toml::Spanned<ThemeFile>>,
}

/// A theme of a text or list measure's answers (`[[theme]]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ThemeFile {
    pub(crate) measure: String,
    pub(crate) id: String,
    pub(crate) label: Option<String>,
    pub(crate) label_en: Option<String>,
    #[serde(default)]
    pub(crate) patterns: Vec<String>,
    /// `FILE:LINE` of its `[[theme]]`, for errors (set once the file is read).
    #[serde(skip)]
    pub(crate) at: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ColumnsFile {
    #[serde(default)]
    pub(crate) centre: Vec<String>,
    #[serde(default)]
    pub(crate) year: Vec<String>,
    #[serde(default)]
    pub(crate) response_id: Vec<String>,
    #[serde(default)]
    pub(crate) completed: Vec<String>,
    #[serde(default)]
    pub(crate) timestamp: Vec<String>,
    #[serde(default)]
    pub(crate) tester: Vec<String>,
    #[serde(default)]
    pub(crate) dispcode: Vec<String>,
    #[serde(default)]
    pub(crate) personal: Vec<String>,
    #[serde(default)]
    pub(crate) system: Vec<String>,
    #[serde(default)]
    pub(crate) system_prefixes: Vec<String>,
}

/// An inclusive range of reporting years, written `[2017, 2019]` (or `[2017]` for one year).
pub(crate) type Years = Vec<i32>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PeriodFile {
    pub(crate) label: String,
    pub(crate) years: Option<Years>,
    /// Every centre whose years end the year before this period starts (and that has no successor)
    /// stays a development centre through its last year: applied to the centres known before this
    /// file, so that a `[[centre]]` of the same file can still end one.
    #[serde(default)]
    pub(crate) continue_centres: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CentreFile {
    pub(crate) name: String,
    pub(crate) region: Option<String>,
    pub(crate) years: Option<Years>,
    /// The last year, keeping the first (`years` replaces both).
    pub(crate) until: Option<i32>,
    #[serde(default)]
    pub(crate) aliases: Vec<String>,
    pub(crate) successor: Option<String>,
    pub(crate) excused: Option<Vec<i32>>,
    pub(crate) note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TaskFile {
    pub(crate) number: u8,
    pub(crate) label: Option<String>,
    pub(crate) label_en: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MeasureFile {
    pub(crate) id: String,
    pub(crate) task: Option<u8>,
    pub(crate) kind: Option<super::Kind>,
    /// A number that counts persons or things: whole, never negative, and `1.200` is ambiguous.
    pub(crate) count: Option<bool>,
    pub(crate) label: Option<String>,
    /// The label in English reports (`--lang en`).
    pub(crate) label_en: Option<String>,
    #[serde(default)]
    pub(crate) options: Vec<OptionFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OptionFile {
    pub(crate) id: String,
    pub(crate) label: Option<String>,
    pub(crate) label_en: Option<String>,
    #[serde(default)]
    pub(crate) wordings: Vec<String>,
    /// The text measure whose answers say what the option («Annet») covered.
    pub(crate) text: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FormFile {
    pub(crate) id: String,
    pub(crate) years: Option<Years>,
    /// The last year, keeping the first (`years` replaces both).
    pub(crate) until: Option<i32>,
    pub(crate) label: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct QuestionFile {
    pub(crate) form: Option<String>,
    pub(crate) number: Option<String>,
    pub(crate) measure: String,
    pub(crate) option: Option<String>,
    pub(crate) years: Option<Years>,
    /// Asked from this year on, for as long as its form is (a question added to a form later).
    pub(crate) since: Option<i32>,
    pub(crate) wordings: Vec<String>,
    #[serde(default)]
    pub(crate) options: Vec<QuestionOptionFile>,
}

/// An option column of a question that does not go to the question's own measure's option of the
/// same label: to another measure (`measure`), and/or to a named option (`option`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct QuestionOptionFile {
    pub(crate) label: String,
    pub(crate) measure: Option<String>,
    pub(crate) option: Option<String>,
}

/// A mapping of EFS variable names to measures, for the one-row EFS layout (or to override a
/// three-row file's wording match), valid for `years` (all years when absent).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EfsFile {
    pub(crate) years: Option<Years>,
    /// Variable name → `centre`, `year`, `MEASURE` or `MEASURE:OPTION`.
    #[serde(default)]
    pub(crate) variables: BTreeMap<String, String>,
    /// Variable name → coded value → label (for example the centre's codes).
    #[serde(default)]
    pub(crate) values: BTreeMap<String, BTreeMap<String, String>>,
}

impl SchemaFile {
    /// Extends `self` with `other` by the rules in the module documentation.
    pub(crate) fn extend(&mut self, other: SchemaFile) {
        if other.completed_dispcodes.is_some() {
            self.completed_dispcodes = other.completed_dispcodes;
        }
        if other.missing_codes.is_some() {
            self.missing_codes = other.missing_codes;
        }
        self.columns.extend(other.columns);
        for p in other.periods.iter().filter(|p| p.continue_centres) {
            if let Some((&from, &to)) = p.years.as_ref().and_then(|y| y.first().zip(y.last())) {
                continue_centres(&mut self.centres, from, to);
            }
        }
        merge(&mut self.periods, other.periods, |p| p.label.clone(), |q, p| set(&mut q.years, p.years));
        merge(
            &mut self.centres,
            other.centres,
            |c| c.name.clone(),
            |d, c| {
                set(&mut d.region, c.region);
                if c.years.is_some() {
                    d.until = None;
                }
                set(&mut d.years, c.years);
                set(&mut d.until, c.until);
                d.aliases.extend(c.aliases);
                set(&mut d.successor, c.successor);
                set(&mut d.excused, c.excused);
                set(&mut d.note, c.note);
            },
        );
        merge(
            &mut self.tasks,
            other.tasks,
            |t| t.number.to_string(),
            |u, t| set_labels((&mut u.label, &mut u.label_en), (t.label, t.label_en)),
        );
        merge(&mut self.measures, other.measures, |m| m.id.clone(), MeasureFile::extend);
        merge(
            &mut self.forms,
            other.forms,
            |f| f.id.clone(),
            |g, f| {
                if f.years.is_some() {
                    g.until = None;
                }
                set(&mut g.years, f.years);
                set(&mut g.until, f.until);
                set(&mut g.label, f.label);
            },
        );
        self.questions.extend(other.questions);
        self.efs.extend(other.efs);
        self.review.extend(other.review);
        self.themes.extend(other.themes);
    }

    /// Notes where each `[[theme]]` of this file (read from `text`, named `name`) stands.
    pub(crate) fn locate_themes(&mut self, text: &str, name: &str) {
        for t in &mut self.themes {
            let line = text[..t.span().start.min(text.len())].matches('\n').count() + 1;
            t.get_mut().at = format!("{name}:{line}");
        }
    }
}

/// Extends to `to` every centre whose last year is `from - 1` and that has no successor.
fn continue_centres(centres: &mut [CentreFile], from: i32, to: i32) {
    for c in centres.iter_mut().filter(|c| c.successor.is_none()) {
        let Some(first) = c.years.as_ref().and_then(|y| y.first().copied()) else { continue };
        let last = c.until.or_else(|| c.years.as_ref().and_then(|y| y.last().copied()));
        if last == Some(from - 1) {
            c.years = Some(vec![first, to]);
            c.until = None;
        }
    }
}

/// A new Norwegian label without an English one leaves no English: the old English would say what
/// the label no longer says (an English report then warns and shows the Norwegian).
fn set_labels(to: (&mut Option<String>, &mut Option<String>), from: (Option<String>, Option<String>)) {
    if from.0.is_some() && from.1.is_none() {
        *to.1 = None;
    }
    set(to.0, from.0);
    set(to.1, from.1);
}

impl MeasureFile {
    fn extend(&mut self, other: MeasureFile) {
        set(&mut self.task, other.task);
        set(&mut self.kind, other.kind);
        set(&mut self.count, other.count);
        set_labels((&mut self.label, &mut self.label_en), (other.label, other.label_en));
        merge(
            &mut self.options,
            other.options,
            |o| o.id.clone(),
            |p, o| {
                set_labels((&mut p.label, &mut p.label_en), (o.label, o.label_en));
                p.wordings.extend(o.wordings);
                set(&mut p.text, o.text);
            },
        );
    }
}

impl ColumnsFile {
    fn extend(&mut self, other: ColumnsFile) {
        self.centre.extend(other.centre);
        self.year.extend(other.year);
        self.response_id.extend(other.response_id);
        self.completed.extend(other.completed);
        self.timestamp.extend(other.timestamp);
        self.tester.extend(other.tester);
        self.dispcode.extend(other.dispcode);
        self.personal.extend(other.personal);
        self.system.extend(other.system);
        self.system_prefixes.extend(other.system_prefixes);
    }
}

/// Updates the entries of `into` whose key `from` names again, appends the others: one pass, keyed
/// like the lookups, so a file of 100,000 centres merges in linear time.
fn merge<T>(into: &mut Vec<T>, from: Vec<T>, key: impl Fn(&T) -> String, update: impl Fn(&mut T, T)) {
    // A fast hash: a config may declare thousands of centres.
    let mut index: HashMap<String, usize, foldhash::fast::FixedState> =
        into.iter().enumerate().map(|(i, t)| (key(t), i)).collect();
    for t in from {
        match index.entry(key(&t)) {
            Entry::Occupied(i) => update(&mut into[*i.get()], t),
            Entry::Vacant(slot) => {
                slot.insert(into.len());
                into.push(t);
            }
        }
    }
}

fn set<T>(field: &mut Option<T>, value: Option<T>) {
    if value.is_some() {
        *field = value;
    }
}
