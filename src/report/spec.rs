//! A report spec: a TOML file that names the exports and lists, in the order they are published, the
//! tables, figures and prose of a scripted report. A table or figure takes the same options as
//! `friskliv report`'s flags.
//!
//! ```toml
//! title = "Utviklingssentralene 2014–2022"
//! inputs = ["../data"]          # relative to the spec file; INPUTs on the command line win
//! lang = "nb"                   # or "en"; --lang wins
//!
//! [[text]]
//! text = "Totalt har {sum:hospitants} personer hospitert."
//!
//! [[table]]
//! name = "tabell-1"              # file and sheet name
//! title = "Antall hospiteringer" # numbered: «Tabell 1: Antall hospiteringer»
//! measures = ["hospitants", "hospitant_municipalities"]
//! by = ["year"]
//! pivot = "year"
//! total = true
//! figure = "bars"               # drawn as «Figur 1» too
//!
//! [[figure]]                    # a figure only: bars, stacked or lines
//! name = "kommunikasjon"
//! title = "Kommunikasjonsarbeid"
//! measures = ["info_plan", "homepage", "social_media"]
//! ```
//!
//! Tables and figures are numbered apart, in the order the file lists them.

use super::answers::{Answers, AnswersFile};
use super::figure;
use super::prose::{self, Prose};
use super::{Plan, Request};
use crate::frame::Wide;
use crate::lang::Lang;
use crate::model::chart::{ChartKind, FigurePlan};
use crate::schema::Schema;
use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::path::Path;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecFile {
    /// The config file the report is made with (relative to the spec), unless `--config` names one:
    /// read by [`config_of`] before the spec is checked against the schema it extends.
    #[serde(rename = "config")]
    _config: Option<String>,
    title: Option<String>,
    /// The title in an English report.
    title_en: Option<String>,
    #[serde(default)]
    inputs: Vec<String>,
    lang: Option<Lang>,
    /// The files of each figure: `["svg"]` (the default), or with `"png"` a picture for slides too.
    #[serde(rename = "figures")]
    figure_files: Option<Vec<FigureFile>>,
    #[serde(rename = "table", default)]
    tables: Vec<Spanned<Request>>,
    #[serde(rename = "figure", default)]
    figures: Vec<Spanned<Request>>,
    #[serde(rename = "text", default)]
    texts: Vec<Spanned<TextFile>>,
    #[serde(rename = "answers", default)]
    answers: Vec<Spanned<AnswersFile>>,
}

/// A file a figure is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum FigureFile {
    /// `NAME.svg`: the figure as drawn, to paste into Word or PowerPoint.
    Svg,
    /// `NAME.png`: a picture of it, for what takes no SVG (and on the workbook's sheet).
    Png,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TextFile {
    /// Markdown, with computed numbers in braces ([`super::prose`]).
    text: String,
    /// The same in English, for an English report.
    text_en: Option<String>,
}

/// A spec whose tables, figures and texts are checked against the schema.
#[derive(Debug)]
pub struct Spec {
    /// The file's stem: the name of the combined Markdown file, the workbook and the HTML report.
    pub(crate) name: String,
    pub(crate) title: Option<String>,
    /// The spec's inputs, relative to the working directory.
    pub(crate) inputs: Vec<String>,
    pub(crate) lang: Lang,
    /// In an English report, what the spec has no English of, shown in Norwegian: «the title»,
    /// «table "tabell-1"», «[[text]] at line 16».
    pub(crate) untranslated: Vec<String>,
    /// The files of each figure.
    pub(crate) figures: Vec<FigureFile>,
    /// What the report shows, in the file's order.
    pub(crate) items: Vec<Item>,
}

#[derive(Debug)]
pub(crate) enum Item {
    /// A table, a figure, or both.
    Plan(Plan),
    Text(Prose),
    /// Free-text answers verbatim.
    Answers(Answers),
}

impl Spec {
    /// The plans of the tables and figures, in order.
    pub(crate) fn plans(&self) -> impl Iterator<Item = &Plan> {
        self.items.iter().filter_map(|i| match i {
            Item::Plan(p) => Some(p),
            Item::Text(_) | Item::Answers(_) => None,
        })
    }

    /// The names of what the spec writes as tables: its tables and figures, then its answers.
    pub(crate) fn table_names(&self) -> Vec<&str> {
        self.plans().map(|p| p.name.as_str()).chain(self.answers().map(|a| a.name.as_str())).collect()
    }

    /// The `[[answers]]`, in order.
    pub(crate) fn answers(&self) -> impl Iterator<Item = &Answers> {
        self.items.iter().filter_map(|i| match i {
            Item::Answers(a) => Some(a),
            _ => None,
        })
    }

    /// Refuses a table, figure or number of the prose whose years and centres hold no kept
    /// response ([`super::NothingToShow`]), naming it.
    pub(crate) fn check_selection(&self, wide: &Wide, schema: &Schema) -> Result<()> {
        for item in &self.items {
            match item {
                Item::Plan(p) => p.check_selection(wide, schema).with_context(|| format!("{:?}", p.name))?,
                Item::Text(t) => t.check_selection(wide, schema).with_context(|| "a [[text]]")?,
                Item::Answers(a) => a.plan.check_selection(wide, schema).with_context(|| format!("{:?}", a.name))?,
            }
        }
        Ok(())
    }

    /// Every plan the report computes: the tables' and figures', and the texts' numbers.
    pub(crate) fn all_plans(&self) -> impl Iterator<Item = &Plan> {
        self.items.iter().flat_map(|i| -> Box<dyn Iterator<Item = &Plan>> {
            match i {
                Item::Plan(p) => Box::new(std::iter::once(p)),
                Item::Text(t) => Box::new(t.plans()),
                Item::Answers(a) => Box::new(std::iter::once(&a.plan)),
            }
        })
    }
}

/// One entry of the file, before it is checked.
enum Entry<'a> {
    Table(&'a Request),
    Figure(&'a Request),
    Text(&'a TextFile),
    Answers(&'a AnswersFile),
}

/// The config file the spec at `path` names (`config = "friskliv.toml"`), relative to the spec's
/// folder: the schema the spec is checked against and its report made with.
pub(crate) fn config_of(path: &Path) -> Result<Option<std::path::PathBuf>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read the report spec {}", path.display()))?;
    let doc: toml::Table =
        toml::from_str(&text).with_context(|| format!("{} is not a valid report spec", path.display()))?;
    match doc.get("config") {
        None => Ok(None),
        Some(toml::Value::String(c)) => Ok(Some(path.parent().unwrap_or(Path::new("")).join(c))),
        Some(_) => bail!("{}: config = … names a file, as config = \"friskliv.toml\"", path.display()),
    }
}

/// Reads and checks the spec at `path`; `lang` (from `--lang`) wins over the spec's own.
pub(crate) fn load(path: &Path, schema: &Schema, lang: Option<Lang>) -> Result<Spec> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read the report spec {}", path.display()))?;
    parse(&text, path, schema, lang)
}

/// Checks the text of the spec at `path` (named in messages; its stem names the output files).
pub fn parse(text: &str, path: &Path, schema: &Schema, lang: Option<Lang>) -> Result<Spec> {
    let file: SpecFile =
        toml::from_str(text).with_context(|| format!("{} is not a valid report spec", path.display()))?;
    if file.tables.is_empty() && file.figures.is_empty() && file.answers.is_empty() {
        bail!("{}: the spec has no [[table]], [[figure]] or [[answers]]", path.display());
    }
    let lang = lang.or(file.lang).unwrap_or_default();
    let mut entries: Vec<(usize, Entry)> = Vec::new();
    entries.extend(file.tables.iter().map(|t| (t.span().start, Entry::Table(t.get_ref()))));
    entries.extend(file.figures.iter().map(|t| (t.span().start, Entry::Figure(t.get_ref()))));
    entries.extend(file.texts.iter().map(|t| (t.span().start, Entry::Text(t.get_ref()))));
    entries.extend(file.answers.iter().map(|t| (t.span().start, Entry::Answers(t.get_ref()))));
    entries.sort_by_key(|(at, _)| *at);
    let line = |at: usize| text[..at].matches('\n').count() + 1;
    let stem = path.file_stem().map_or("rapport".into(), |s| s.to_string_lossy().into_owned());
    let mut numbers = Numbers { lang, tables: 0, figures: 0 };
    let english = lang == Lang::En;
    let mut untranslated: Vec<String> = Vec::new();
    let title = match (english, &file.title_en, &file.title) {
        (true, Some(en), _) => Some(en.clone()),
        (true, None, Some(nb)) => {
            untranslated.push("the title".into());
            Some(nb.clone())
        }
        (_, _, nb) => nb.clone(),
    };
    let mut items: Vec<Item> = Vec::new();
    for (at, entry) in &entries {
        let what = || format!("{}:{}", path.display(), line(*at));
        let item = match entry {
            Entry::Text(t) => {
                // Words without English stay Norwegian, numbers and all.
                let (text, words) = match (english, &t.text_en) {
                    (true, Some(en)) => (en, Lang::En),
                    (true, None) => {
                        untranslated.push(format!("[[text]] at line {}", line(*at)));
                        (&t.text, Lang::Nb)
                    }
                    (false, _) => (&t.text, lang),
                };
                Item::Text(prose::parse(text, schema, words).with_context(what)?)
            }
            Entry::Table(r) | Entry::Figure(r) => {
                let section = if matches!(entry, Entry::Table(_)) { Section::Table } else { Section::Figure };
                let missing = (r.title.is_some() && r.title_en.is_none())
                    || (r.figure_title.is_some() && r.figure_title_en.is_none());
                if english && missing {
                    let kind = if section == Section::Table { "table" } else { "figure" };
                    untranslated.push(format!("{kind} {:?}", r.name.as_deref().unwrap_or_default()));
                }
                Item::Plan(plan(r, section, schema, &mut numbers).with_context(what)?)
            }
            Entry::Answers(a) => {
                check_name(&a.name, "answers").with_context(what)?;
                if english && a.title.is_some() && a.title_en.is_none() {
                    untranslated.push(format!("answers {:?}", a.name));
                }
                Item::Answers(a.check(schema, lang).with_context(|| format!("{}: answers {:?}", what(), a.name))?)
            }
        };
        if let Some(name) = item.name() {
            if items.iter().any(|i| i.name() == Some(name)) {
                bail!("{}: the name {name:?} is used twice", what());
            }
            if name == stem {
                bail!("{}: the name {name:?} is the spec's own (its .md, .xlsx and .html): choose another", what());
            }
        }
        items.push(item);
    }
    let figures = file.figure_files.unwrap_or_else(|| vec![FigureFile::Svg]);
    if figures.is_empty() {
        bail!("{}: figures = []: write [\"svg\"], [\"png\"] or both", path.display());
    }
    Ok(Spec { name: stem, title, inputs: inputs(path, &file.inputs), lang, untranslated, figures, items })
}

/// The spec's inputs, relative to the spec's folder (`YEAR=FILE` keeps its year).
fn inputs(path: &Path, inputs: &[String]) -> Vec<String> {
    let base = path.parent().unwrap_or(Path::new(""));
    inputs
        .iter()
        .map(|i| match i.split_once('=') {
            Some((year, p)) if year.len() == 4 && year.chars().all(|c| c.is_ascii_digit()) => {
                format!("{year}={}", base.join(p).display())
            }
            _ => base.join(i).display().to_string(),
        })
        .collect()
}

/// Names the report gives its own parts (sections, sheets).
const RESERVED: [&str; 3] = ["rapporter", "korreksjoner", "innhold"];

/// A table's, figure's or answers' name: a file and sheet name, not one of the report's own.
fn check_name(name: &str, what: &str) -> Result<()> {
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        bail!("the {what} name {name:?} must be letters, digits, - and _ only");
    }
    if RESERVED.contains(&name) || name.starts_with("figur-") || name.starts_with("tekst-") {
        bail!("the name {name:?} is the report's own (rapporter, korreksjoner, innhold, figur-…, tekst-…): choose another");
    }
    Ok(())
}

impl Item {
    /// The name of a table, figure or answers (its files' and sheet's).
    fn name(&self) -> Option<&str> {
        match self {
            Item::Plan(p) => Some(&p.name),
            Item::Answers(a) => Some(&a.name),
            Item::Text(_) => None,
        }
    }
}

/// The numbers given so far: tables and figures are counted apart.
struct Numbers {
    lang: Lang,
    tables: usize,
    figures: usize,
}

/// Which section of the spec a request stands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    /// `[[table]]`: a table, and a figure too when it names one.
    Table,
    /// `[[figure]]`: a figure only.
    Figure,
}

/// A `[[table]]` or a `[[figure]]` checked into a plan, with its numbered captions.
fn plan(r: &Request, section: Section, schema: &Schema, numbers: &mut Numbers) -> Result<Plan> {
    let figure_only = section == Section::Figure;
    let what = if figure_only { "figure" } else { "table" };
    let Some(name) = &r.name else { bail!("every {what} needs a `name` (its file and sheet name)") };
    check_name(name, what)?;
    let lang = numbers.lang;
    let mut plan = r.resolve(schema, lang).with_context(|| format!("{what} {name:?}"))?;
    let english = |en: &Option<String>, nb: &Option<String>| match lang {
        Lang::En => en.clone().or(nb.clone()),
        Lang::Nb => nb.clone(),
    };
    let title = english(&r.title_en, &r.title).unwrap_or_else(|| {
        let labels: Vec<&str> = plan.measures.iter().map(|&m| schema.measures[m].label_in(lang)).collect();
        labels.join(", ")
    });
    let kind = match (r.figure, figure_only) {
        (Some(kind), _) => Some(kind),
        (None, true) => Some(ChartKind::Bars),
        (None, false) => None,
    };
    if let Some(kind) = kind {
        figure::check(&plan, schema).with_context(|| format!("{what} {name:?}"))?;
        numbers.figures += 1;
        let caption = english(&r.figure_title_en, &r.figure_title).unwrap_or_else(|| title.clone());
        let caption = format!("{} {}: {caption}", lang.pick("Figur", "Figure"), numbers.figures);
        plan.figure = Some(FigurePlan { kind, caption });
    } else if r.figure_title.is_some() {
        bail!("table {name:?} has a `figure_title` but no `figure`: add figure = \"bars\", \"stacked\" or \"lines\"");
    }
    plan.table = !figure_only;
    if figure_only && plan.pivot.is_none() {
        // A figure's numbers read best as it draws them: its key across.
        plan.pivot = plan.by.first().copied();
    }
    plan.title = Some(match (&plan.figure, figure_only) {
        (Some(f), true) => f.caption.clone(),
        _ => {
            numbers.tables += 1;
            format!("{} {}: {title}", lang.pick("Tabell", "Table"), numbers.tables)
        }
    });
    Ok(plan)
}
