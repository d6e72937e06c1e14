//! **Stage 4: aggregates → tables, figures, prose and the document.** Takes what was asked
//! ([`Request`], from flags or a spec file), checked against the schema into a [`Plan`] before any
//! export is read, and the responses as a frame ([`crate::frame::Wide`]); hands on our own models
//! ([`crate::model`]): tidy tables ([`tidy`]) or tables spread over one key ([`pivot`]), figures
//! ([`figure`]), prose with computed numbers ([`prose`]) and the whole report with its set of files
//! ([`compose`], their bytes from [`crate::render`]); also who reported which year ([`coverage`])
//! and the cells behind a number ([`explain`]). Must never lay out bytes itself (that is
//! [`crate::render`]'s), put them anywhere (that is [`crate::output`]'s) or speak polars (that is
//! [`crate::frame`]'s).

pub(crate) mod against;
pub(crate) mod answers;
pub(crate) mod compose;
pub(crate) mod coverage;
pub(crate) mod explain;
pub(crate) mod figure;
pub(crate) mod pivot;
#[cfg(test)]
mod properties;
pub(crate) mod prose;
pub mod spec;

pub(crate) use crate::model::aggregate::Key;

use crate::frame::Wide;
use crate::lang::Lang;
use crate::model::aggregate::{Aggregate, Query};
use crate::model::table::{Audience, Cell, Column, Readers, Table};
use crate::normalise::store::Projection;
use crate::schema::{complete, Kind, Schema};
use anyhow::{bail, Context, Result};
use clap_complete::engine::ArgValueCandidates;
use serde::Deserialize;
use std::cmp::Ordering;

/// A statistic (for `--pivot`'s cells).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Stat {
    N,
    Sum,
    Mean,
    Min,
    Max,
    Share,
    Distinct,
}

/// Which responses a report or an explanation counts: `--centre`, `--years` and `--period` on the
/// command line, `centres`, `years` and `period` in a spec.
#[derive(Debug, Clone, Default, PartialEq, Eq, clap::Args, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Filters {
    /// Only this centre (its name or an alias; repeatable)
    #[arg(long = "centre", value_name = "NAME", add = ArgValueCandidates::new(complete::centres))]
    #[serde(default)]
    pub(crate) centres: Vec<String>,
    /// Only these reporting years, as 2017-2019 or 2017
    #[arg(long, value_name = "FROM-TO")]
    pub(crate) years: Option<String>,
    /// Only this agreement period, as 2017–2019 (or 2017-2019)
    #[arg(long, value_name = "PERIOD", add = ArgValueCandidates::new(complete::periods))]
    pub(crate) period: Option<String>,
}

/// What was asked, before it is checked: the one definition of `friskliv report`'s flags and of a
/// spec's `[[table]]` and `[[figure]]` keys (a field is both; its doc comment is the flag's help).
#[derive(Debug, Clone, Default, PartialEq, Eq, clap::Args, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Request {
    /// In a spec: the table's file and sheet name.
    #[arg(skip)]
    pub(crate) name: Option<String>,
    /// Group by this key (repeatable, in order) [default: year]
    #[arg(long, value_enum, value_name = "KEY")]
    #[serde(default)]
    pub(crate) by: Vec<Key>,
    /// Report this measure, or MEASURE:OPTION for one option or theme (repeatable; `friskliv
    /// schema` lists them) [default: the overview]
    #[arg(long = "measure", value_name = "ID[:OPTION]", add = ArgValueCandidates::new(complete::measures))]
    #[serde(default)]
    pub(crate) measures: Vec<String>,
    /// Report every measure of this task, 1–9 (0: the grant; repeatable)
    #[arg(long = "task", value_name = "N")]
    #[serde(default)]
    pub(crate) tasks: Vec<u8>,
    #[command(flatten)]
    #[serde(flatten)]
    pub(crate) filters: Filters,
    /// Add a total over the first --by key
    #[arg(long)]
    #[serde(default)]
    pub(crate) total: bool,
    /// Count a predecessor under its successor (Aktiv Eiker under Drammen)
    #[arg(long)]
    #[serde(default)]
    pub(crate) lineage: bool,
    /// Spread this --by key over columns (years as columns, like Tabell 1)
    #[arg(long, value_enum, value_name = "KEY")]
    pub(crate) pivot: Option<Key>,
    /// The statistic in --pivot's cells [default: sum for numbers, share for Ja/Nei and options]
    #[arg(long, value_enum)]
    pub(crate) stat: Option<Stat>,
    /// A title above the table
    #[arg(long)]
    pub(crate) title: Option<String>,
    /// In a spec: draw the table as a figure of this kind as well (`[[table]]`), or only
    /// (`[[figure]]`, bars unless said).
    #[arg(skip)]
    pub(crate) figure: Option<crate::model::chart::ChartKind>,
    /// In a spec: the figure's caption, when it differs from the table's title.
    #[arg(skip)]
    pub(crate) figure_title: Option<String>,
    /// In a spec: the title in an English report (`--lang en`).
    #[arg(skip)]
    pub(crate) title_en: Option<String>,
    /// In a spec: the figure's caption in an English report.
    #[arg(skip)]
    pub(crate) figure_title_en: Option<String>,
}

/// A request checked against the schema: nothing in it can fail once the exports are read.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub(crate) name: String,
    pub(crate) title: Option<String>,
    pub(crate) by: Vec<Key>,
    /// Measure indices, in schema order.
    pub(crate) measures: Vec<usize>,
    /// Targets asked for one by one (`MEASURE:OPTION`): of their measures, only these are shown.
    pub(crate) only: Vec<usize>,
    /// Centre indices.
    pub(crate) centres: Vec<usize>,
    pub(crate) years: Option<(i32, i32)>,
    pub(crate) total: bool,
    pub(crate) lineage: bool,
    pub(crate) pivot: Option<Key>,
    pub(crate) stat: Option<Stat>,
    /// No measure or task was asked for: the overview of the nine tasks.
    pub(crate) overview: bool,
    /// The language of the labels and numbers for people.
    pub(crate) lang: Lang,
    /// Shown as a table (in a spec, a `[[figure]]` is not).
    pub(crate) table: bool,
    /// Drawn as a figure (a spec's `figure`).
    pub(crate) figure: Option<crate::model::chart::FigurePlan>,
}

impl Request {
    /// The measures asked for (by id or task; none: the overview's), in schema order, and the
    /// targets asked for one by one (`MEASURE:OPTION`); whether it is the overview.
    fn measures_of(&self, schema: &Schema) -> Result<(Vec<usize>, Vec<usize>, bool)> {
        let (mut measures, mut only) = (Vec::new(), Vec::new());
        for id in &self.measures {
            // A measure as a whole (a choice: every option; a coded text: every theme), or one.
            if id.contains(':') {
                let target = schema.answer_target(id)?;
                measures.push(target.measure);
                only.push(schema.target_index(target.measure, target.option));
            } else {
                measures.push(schema.measure_index_or_hint(id)?);
            }
        }
        for &task in &self.tasks {
            if task != 0 && !schema.tasks.iter().any(|t| t.number == task) {
                let known: Vec<String> = schema.tasks.iter().map(|t| t.number.to_string()).collect();
                bail!("there is no task {task}: the tasks are {} (0: the grant, not a task)", known.join(", "));
            }
            measures.extend((0..schema.measures.len()).filter(|&m| schema.measures[m].task == task));
        }
        let overview = measures.is_empty();
        if overview {
            // Free text reads as words, not numbers, unless a codebook gives it themes.
            measures = (0..schema.measures.len()).filter(|&m| schema.report_kind(m) != Kind::Text).collect();
        }
        // A measure asked for whole as well as by an option shows whole.
        let whole: Vec<usize> =
            self.measures.iter().filter(|id| !id.contains(':')).filter_map(|id| schema.measure_index(id)).collect();
        only.retain(|&t| !whole.contains(&schema.targets[t].0));
        measures.sort_unstable();
        measures.dedup();
        Ok((measures, only, overview))
    }

    /// Checks every name against the schema, with "did you mean" for a misspelling.
    pub(crate) fn resolve(&self, schema: &Schema, lang: Lang) -> Result<Plan> {
        let (measures, only, overview) = self.measures_of(schema)?;
        if let Some(stat) = self.stat {
            check_stat(stat, &measures, schema)?;
        }
        let mut centres = Vec::new();
        for name in &self.filters.centres {
            let Some(c) = schema.centre_index(name) else {
                let hint =
                    schema.centre_suggestion(name).unwrap_or("`friskliv schema --part centres` lists them".into());
                bail!("unknown centre {name:?}; {hint}");
            };
            centres.push(c);
        }
        let mut years = match &self.filters.years {
            Some(y) => Some(parse_years(y)?),
            None => None,
        };
        if let Some(p) = &self.filters.period {
            let wanted = p.replace('-', "–");
            let Some(period) = schema.periods.iter().find(|q| q.label == wanted) else {
                let known: Vec<&str> = schema.periods.iter().map(|q| q.label.as_str()).collect();
                bail!("unknown period {p:?}: the periods are {}", known.join(", "));
            };
            years = Some(match years {
                Some((a, b)) => (a.max(period.years.0), b.min(period.years.1)),
                None => period.years,
            });
        }
        let mut by = self.by.clone();
        if by.is_empty() {
            by.push(Key::Year);
        }
        if let Some(p) = self.pivot {
            if !by.contains(&p) {
                bail!("--pivot {} needs --by {}: a table can only spread a key it groups by", p.column(), p.column());
            }
        }
        for (i, k) in by.iter().enumerate() {
            if by[..i].contains(k) {
                bail!("--by {} is given twice", k.column());
            }
        }
        Ok(Plan {
            name: self.name.clone().unwrap_or_else(|| "rapport".into()),
            title: self.title.clone(),
            by,
            measures,
            only,
            centres,
            years,
            total: self.total,
            lineage: self.lineage,
            pivot: self.pivot,
            stat: self.stat,
            overview,
            lang,
            table: true,
            figure: None,
        })
    }
}

/// A selection that no kept response falls in, or a statistic that a measure cannot have: nothing
/// to show, said with what there is instead. A command ends with exit code 1 on it, before any
/// output is written.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct NothingToShow(String);

/// Refuses `stat` when a measure cannot have it (`--stat mean` of a Ja/Nei question would be an
/// empty column).
fn check_stat(stat: Stat, measures: &[usize], schema: &Schema) -> Result<()> {
    let Some(&m) = measures.iter().find(|&&m| !fits(stat, schema.report_kind(m))) else { return Ok(()) };
    let kind = schema.report_kind(m);
    let fitting: Vec<&str> =
        <Stat as clap::ValueEnum>::value_variants().iter().filter(|&&s| fits(s, kind)).map(|s| s.name()).collect();
    Err(NothingToShow(format!(
        "--stat {} does not fit {} (a {} measure, whose statistics are {}): choose one of those, or leave --stat out",
        stat.name(),
        schema.measures[m].id,
        kind.as_str(),
        fitting.join(", ")
    ))
    .into())
}

/// `2017-2019`, `2017–2019` or `2017`.
pub(crate) fn parse_years(s: &str) -> Result<(i32, i32)> {
    let year = |t: &str| -> Result<i32> {
        crate::read::year::parse(t).with_context(|| format!("--years {s:?}: write a year or a range, as in 2017-2019"))
    };
    match s.split_once(['-', '–']) {
        Some((a, b)) => {
            let (a, b) = (year(a)?, year(b)?);
            if a > b {
                bail!("--years {s:?}: the range runs backwards");
            }
            Ok((a, b))
        }
        None => year(s).map(|y| (y, y)),
    }
}

impl Plan {
    /// The targets of the plan's measures (each option of a choice), in schema order.
    pub(crate) fn targets(&self, schema: &Schema) -> Vec<usize> {
        let chosen = |m: usize, t: &usize| {
            let picked: Vec<&usize> = self.only.iter().filter(|&&o| schema.targets[o].0 == m).collect();
            picked.is_empty() || picked.contains(&t)
        };
        self.measures.iter().flat_map(|&m| schema.targets_of(m).filter(move |t| chosen(m, t))).collect()
    }

    /// The statistic shown for `measure`: the plan's, else the one that fits its kind.
    pub(crate) fn stat_of(&self, schema: &Schema, measure: usize) -> Stat {
        self.stat.unwrap_or_else(|| pivot::default_stat(schema.report_kind(measure)))
    }

    /// The columns to read for this plan's table (no «Annet» texts: only a spec's notes show them,
    /// and a million responses' free text is not read for nothing).
    pub(crate) fn projection(&self, schema: &Schema) -> Projection {
        Projection::only(schema.targets.len(), self.targets(schema))
    }

    /// What the plan reads: its targets, and the texts that say what an option («Annet») covered.
    fn read_targets(&self, schema: &Schema) -> Vec<usize> {
        let targets = self.targets(schema);
        let texts: Vec<usize> = targets
            .iter()
            .filter_map(|&t| match schema.targets[t] {
                (m, Some(o)) => schema.measures[m].options[o].text.map(|x| schema.target_index(x, None)),
                _ => None,
            })
            .collect();
        targets.into_iter().chain(texts).collect()
    }

    /// Whether a response of `centre` in `year` is among the plan's years and centres.
    pub(crate) fn keeps(&self, centre: usize, year: i32) -> bool {
        self.years.is_none_or(|(from, to)| (from..=to).contains(&year))
            && (self.centres.is_empty() || self.centres.contains(&centre))
    }

    /// Refuses a plan whose years and centres hold no kept response ([`NothingToShow`]), naming the
    /// years there are.
    pub(crate) fn check_selection(&self, wide: &Wide, schema: &Schema) -> Result<()> {
        check_selection(self.years, &self.centres, wide, schema)
    }

    fn query(&self, schema: &Schema) -> Query {
        Query {
            keys: self.by.clone(),
            targets: self.targets(schema),
            years: self.years,
            centres: self.centres.clone(),
            lineage: self.lineage,
        }
    }
}

/// Refuses `years` and `centres` that hold no kept response ([`NothingToShow`]), naming the years
/// there are; no filter at all always passes.
pub(crate) fn check_selection(
    years: Option<(i32, i32)>,
    centres: &[usize],
    wide: &Wide,
    schema: &Schema,
) -> Result<()> {
    if years.is_none() && centres.is_empty() || wide.count(years, centres) > 0 {
        return Ok(());
    }
    let names: Vec<&str> = centres.iter().map(|&c| schema.centres[c].name.as_str()).collect();
    let whose = if names.is_empty() { String::new() } else { format!(" from {}", names.join(", ")) };
    let when = match years {
        Some((a, b)) if a == b => format!(" in {a}"),
        Some((a, b)) => format!(" in {a}–{b}"),
        None => String::new(),
    };
    let held = wide.years(centres);
    let there = match (held.first(), held.last()) {
        (Some(first), Some(last)) if first == last => format!("{whose} only in {first}"),
        (Some(first), Some(last)) => format!("{whose} in {}", year_list(&held, *first, *last)),
        _ => format!("{whose} in no year"),
    };
    Err(NothingToShow(format!("no report{whose}{when}: the exports hold reports{there}")).into())
}

/// Years as a reader wants them: `2014–2022` when there is no gap, else each year.
fn year_list(years: &[i32], first: i32, last: i32) -> String {
    if years.len() as i32 == last - first + 1 {
        format!("{first}–{last}")
    } else {
        years.iter().map(i32::to_string).collect::<Vec<_>>().join(", ")
    }
}

/// The projection that covers every plan of a spec, and the texts its notes quote («Annet»).
pub(crate) fn projection<'a>(plans: impl IntoIterator<Item = &'a Plan>, schema: &Schema) -> Projection {
    Projection::only(schema.targets.len(), plans.into_iter().flat_map(|p| p.read_targets(schema)))
}

/// The statistic `s` of an aggregate row.
pub(crate) fn stat(r: &Aggregate, s: Stat) -> Option<f64> {
    match s {
        Stat::N => Some(r.n as f64),
        Stat::Sum => r.sum,
        Stat::Mean => r.mean,
        Stat::Min => r.min,
        Stat::Max => r.max,
        Stat::Share => r.share,
        Stat::Distinct => r.distinct.map(|d| d as f64),
    }
}

/// Aggregates the plan (in the frame), adds the total over the first key when asked, keeps the statistics
/// that fit each measure's kind, and sorts: keys (a total last), then the schema's order of measures
/// and options.
pub(crate) fn rows(plan: &Plan, wide: &Wide, schema: &Schema) -> Result<Vec<Aggregate>> {
    let query = plan.query(schema);
    let mut out = wide.aggregate(&query, schema)?;
    if plan.total {
        let mut totals = query.clone();
        totals.keys.remove(0);
        for mut a in wide.aggregate(&totals, schema)? {
            a.keys.insert(0, Cell::Null);
            a.total = true;
            out.push(a);
        }
    }
    for a in &mut out {
        by_kind(a, schema.target_kind(a.measure, a.option));
    }
    out.sort_by(|a, b| first_key_order(a, b).then((a.measure, a.option).cmp(&(b.measure, b.option))));
    Ok(out)
}

/// The responses behind each value of the first key, in the rows' order (a total left out): the n of
/// a figure's categories and of a table's note.
pub(crate) fn responses_per_key(rows: &[Aggregate]) -> Vec<(&Cell, u64)> {
    let mut out: Vec<(&Cell, u64)> = Vec::new();
    for r in rows.iter().filter(|r| !r.total) {
        match out.iter_mut().find(|(k, _)| *k == &r.keys[0]) {
            Some((_, n)) => *n = (*n).max(r.responses),
            None => out.push((&r.keys[0], r.responses)),
        }
    }
    out
}

/// Rows by their keys, a total after every value of the first key.
fn first_key_order(a: &Aggregate, b: &Aggregate) -> Ordering {
    a.total.cmp(&b.total).then_with(|| compare_keys(&a.keys, &b.keys))
}

/// Whether statistic `s` has a value for a measure of `kind` (what [`by_kind`] keeps).
pub(crate) fn fits(s: Stat, kind: Kind) -> bool {
    match kind {
        Kind::Number => matches!(s, Stat::N | Stat::Sum | Stat::Mean | Stat::Min | Stat::Max),
        Kind::Boolean | Kind::Choice => matches!(s, Stat::N | Stat::Sum | Stat::Share),
        Kind::Text => s == Stat::N,
        Kind::List => matches!(s, Stat::N | Stat::Distinct),
    }
}

impl Stat {
    /// Its name, as `--stat` and a placeholder write it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Stat::N => "n",
            Stat::Sum => "sum",
            Stat::Mean => "mean",
            Stat::Min => "min",
            Stat::Max => "max",
            Stat::Share => "share",
            Stat::Distinct => "distinct",
        }
    }
}

/// Keeps the statistics that fit the measure's kind: numbers get sum, mean, min and max; Ja/Nei and
/// options the sum (the yes/ticked count) and the share; text the count; lists the distinct items.
fn by_kind(a: &mut Aggregate, kind: Kind) {
    match kind {
        Kind::Number => a.distinct = None,
        Kind::Boolean | Kind::Choice => {
            a.share = a.sum.filter(|_| a.n > 0).map(|s| s / a.n as f64);
            (a.mean, a.min, a.max, a.distinct) = (None, None, None, None);
        }
        Kind::Text => (a.sum, a.mean, a.min, a.max, a.distinct) = (None, None, None, None, None),
        Kind::List => (a.sum, a.mean, a.min, a.max) = (None, None, None, None),
    }
}

/// Orders key values: numbers and text ascending, empty (a total) last.
pub(crate) fn compare_keys(a: &[Cell], b: &[Cell]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let o = match (x, y) {
            (Cell::Null, Cell::Null) => Ordering::Equal,
            (Cell::Null, _) => Ordering::Greater,
            (_, Cell::Null) => Ordering::Less,
            (Cell::Int(p), Cell::Int(q)) => p.cmp(q),
            (p, q) => p.display().cmp(&q.display()),
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

/// One plan's table from the responses, for people (labels, «Totalt», percentages) or machines (ids,
/// fractions), in the plan's language.
pub(crate) fn build(plan: &Plan, wide: &Wide, schema: &Schema, readers: Readers) -> Result<Table> {
    Ok(lay_out(plan, &rows(plan, wide, schema)?, schema, readers))
}

/// The plan's rows (from [`rows`]) as its table: spread over the pivot key, or tidy.
pub(crate) fn lay_out(plan: &Plan, rows: &[Aggregate], schema: &Schema, readers: Readers) -> Table {
    let to = Audience { readers, lang: plan.lang };
    match plan.pivot {
        Some(key) => pivot::pivot(plan, rows, schema, key, to),
        None => tidy(plan, rows, schema, to),
    }
}

/// The label of a row's measure or option in `lang` (in Norwegian as the forms have it, by default).
pub(crate) fn label(schema: &Schema, measure: usize, option: Option<usize>, lang: Lang) -> &str {
    let m = &schema.measures[measure];
    option.map_or(m.label_in(lang), |o| m.options[o].label_in(lang))
}

/// A key's value in a row or a column: one group's, or the total over the first key.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum KeyValue {
    Group(Cell),
    Total,
}

impl KeyValue {
    /// Key `i` of row `r`: the total when `r` is the total over the first key.
    pub(crate) fn of(r: &Aggregate, i: usize) -> KeyValue {
        if r.total && i == 0 {
            KeyValue::Total
        } else {
            KeyValue::Group(r.keys[i].clone())
        }
    }
}

/// A key's cell: the total says «Totalt» for people and is empty for machines; an empty key (the
/// grant has no task) shows "–" for people.
pub(crate) fn key_cell(k: &KeyValue, to: Audience) -> Cell {
    match (k, to.readers) {
        (KeyValue::Total, Readers::People) => Cell::text(to.lang.pick("Totalt", "Total")),
        (KeyValue::Total, Readers::Machines) => Cell::Null,
        (KeyValue::Group(Cell::Null), Readers::People) => Cell::text("–"),
        (KeyValue::Group(c), _) => c.clone(),
    }
}

/// One row per group × measure × option: the keys as asked, then `measure`, `option`, `label`, `n`,
/// `sum`, `mean`, `min`, `max`, `share`, `distinct`. For people, a total row says «Totalt» and
/// columns with no value at all are left out.
pub(crate) fn tidy(plan: &Plan, rows: &[Aggregate], schema: &Schema, to: Audience) -> Table {
    let lang = to.lang;
    let mut columns: Vec<Column> = plan.by.iter().map(|k| Column::new(k.column(), k.header(lang))).collect();
    let stats = [
        ("n", "n"),
        ("sum", "Sum"),
        ("mean", lang.pick("Snitt", "Mean")),
        ("min", "Min"),
        ("max", lang.pick("Maks", "Max")),
        ("share", lang.pick("Andel", "Share")),
        ("distinct", lang.pick("Ulike", "Distinct")),
    ];
    columns.extend([
        Column::new("measure", lang.pick("Mål", "Measure")),
        Column::new("option", lang.pick("Alternativ", "Option")),
        Column::label(lang.pick("Tekst", "Label")),
    ]);
    columns.extend(stats.iter().map(|(n, h)| Column::new(*n, *h)));
    let body = rows
        .iter()
        .map(|r| {
            let m = &schema.measures[r.measure];
            let mut cells: Vec<Cell> = (0..r.keys.len()).map(|i| key_cell(&KeyValue::of(r, i), to)).collect();
            cells.push(Cell::text(&m.id));
            cells.push(Cell::opt_text(r.option.map(|o| m.options[o].id.as_str())));
            cells.push(Cell::text(label(schema, r.measure, r.option, lang)));
            cells.push(Cell::Int(r.n as i64));
            cells.extend([r.sum, r.mean, r.min, r.max].map(Cell::opt_float));
            cells.push(r.share.map_or(Cell::Null, |s| Cell::Share(s, None)));
            cells.push(r.distinct.map_or(Cell::Null, |d| Cell::Int(d as i64)));
            cells
        })
        .collect();
    let mut t = Table { name: plan.name.clone(), title: plan.title.clone(), columns, rows: body, notes: vec![], lang };
    if to.is_people() {
        t.drop_empty_columns();
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `friskliv report`'s flags, and the same request as a spec's `[[table]]` keys.
    const FLAGS: &str =
        "--by centre --measure hospitants --measure inquiries --task 2 --centre Modum --years 2017-2019 \
                         --period 2017-2019 --total --lineage --pivot year --stat sum --title Tabell";
    const KEYS: &str = r#"by = ["centre"]
measures = ["hospitants", "inquiries"]
tasks = [2]
centres = ["Modum"]
years = "2017-2019"
period = "2017-2019"
total = true
lineage = true
pivot = "year"
stat = "sum"
title = "Tabell"
"#;

    #[test]
    fn every_report_flag_is_a_spec_key_of_the_same_meaning() {
        use clap::{Args, FromArgMatches};
        let command = Request::augment_args(clap::Command::new("report").no_binary_name(true));
        let flags: std::collections::BTreeSet<String> =
            command.get_arguments().map(|a| a.get_id().to_string()).collect();
        let keys: std::collections::BTreeSet<String> =
            KEYS.lines().map(|l| l.split(" = ").next().unwrap().to_string()).collect();
        assert_eq!(flags, keys, "every flag is in the test, and every key of the test is a flag");
        let matches = command.try_get_matches_from(FLAGS.split_whitespace()).unwrap();
        let from_flags = Request::from_arg_matches(&matches).unwrap();
        let from_spec: Request = toml::from_str(KEYS).unwrap();
        assert_eq!(from_flags, from_spec);
        assert_ne!(from_flags, Request::default());
        // The spec's own keys have no flag: a table's name and its figure.
        let spec_only = "name = \"t\"\nfigure = \"bars\"\nfigure_title = \"F\"\n";
        let only: Request = toml::from_str(spec_only).unwrap();
        assert_eq!((only.name.as_deref(), only.figure_title.as_deref()), (Some("t"), Some("F")));
        let unknown = toml::from_str::<Request>("measures = [\"hospitants\"]\ncolour = \"red\"\n").unwrap_err();
        assert!(unknown.to_string().contains("unknown field `colour`"), "{unknown}");
    }

    fn request(measures: &[&str]) -> Request {
        Request { measures: measures.iter().map(|s| s.to_string()).collect(), ..Request::default() }
    }

    #[test]
    fn a_misspelt_measure_centre_task_or_period_fails_with_a_hint() {
        let s = Schema::builtin();
        let err = |r: Request| format!("{:#}", r.resolve(&s, Lang::Nb).unwrap_err());
        assert!(err(request(&["hospitant"])).contains("did you mean \"hospitants\""));
        assert!(err(Request {
            filters: Filters { centres: vec!["Kristiansnd".into()], ..Filters::default() },
            ..Request::default()
        })
        .contains("\"Kristiansand\" or \"Kristiansund\""));
        assert!(err(Request { tasks: vec![12], ..Request::default() }).contains("there is no task 12"));
        assert!(err(Request {
            filters: Filters { period: Some("2015-2017".into()), ..Filters::default() },
            ..Request::default()
        })
        .contains("the periods are 2014–2016"));
        assert!(err(Request {
            filters: Filters { years: Some("2019-2017".into()), ..Filters::default() },
            ..Request::default()
        })
        .contains("backwards"));
        assert!(err(Request { pivot: Some(Key::Centre), ..Request::default() })
            .contains("--pivot centre needs --by centre"));
    }

    #[test]
    fn tasks_periods_and_aliases_resolve() {
        let s = Schema::builtin();
        let plan = Request {
            tasks: vec![3],
            filters: Filters { period: Some("2017-2019".into()), centres: vec!["Lenvik".into()], years: None },
            ..Request::default()
        }
        .resolve(&s, Lang::Nb)
        .unwrap();
        let ids: Vec<&str> = plan.measures.iter().map(|&m| s.measures[m].id.as_str()).collect();
        assert_eq!(ids, ["idebank_contributions", "idebank_editorial"]);
        assert_eq!(
            (plan.years, plan.centres, plan.by),
            (Some((2017, 2019)), vec![s.centre_index("Senja").unwrap()], vec![Key::Year])
        );
        assert!(!plan.overview);
        assert!(Request::default().resolve(&s, Lang::Nb).unwrap().overview);
    }
}
