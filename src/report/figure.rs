//! A plan's aggregates as a [`Chart`]: the values of its one key across (years, periods …, each with
//! the responses behind it), a series per measure or option. The key's total, if any, is a table's
//! business and is left out.

use super::{fits, key_cell, label, responses_per_key, stat as stat_value, KeyValue, Plan, Stat};
use crate::lang::Lang;
use crate::model::aggregate::Aggregate;
use crate::model::chart::{Category, Chart, FigurePlan, Series, Unit};
use crate::model::table::{Audience, Cell};
use crate::schema::Schema;
use anyhow::{bail, Result};

/// The line under every figure and table of the report: where the numbers come from.
pub(crate) fn source(lang: Lang) -> &'static str {
    lang.pick(
        "Kilde: årlig rapportering fra utviklingssentralene til Helsedirektoratet",
        "Source: the development centres' yearly reports to the Norwegian Directorate of Health",
    )
}

/// Checks, before any export is read, that `plan` can be drawn: one key to lay along the x axis,
/// and values of one unit (shares or numbers, not both).
pub(crate) fn check(plan: &Plan, schema: &Schema) -> Result<()> {
    if plan.by.len() != 1 {
        bail!("a figure lays one key along its axis: give `by` one key (year, period, centre or region)");
    }
    let stats: Vec<Stat> = plan.measures.iter().map(|&m| plan.stat_of(schema, m)).collect();
    if stats.windows(2).any(|w| unit(w[0]) != unit(w[1])) {
        bail!("a figure shows shares or numbers, not both: draw the Ja/Nei and choice measures apart from the numbers");
    }
    if stats.windows(2).any(|w| w[0] != w[1]) {
        bail!("a figure shows one statistic, and these measures' defaults differ: give `stat`");
    }
    for (&m, &s) in plan.measures.iter().zip(&stats) {
        let (measure, kind) = (&schema.measures[m], schema.report_kind(m));
        if !fits(s, kind) {
            bail!("{} has no {} ({} is a {} measure)", measure.id, s.name(), measure.id, kind);
        }
    }
    Ok(())
}

fn unit(stat: Stat) -> Unit {
    if stat == Stat::Share {
        Unit::Share
    } else {
        Unit::Number
    }
}

/// The chart of `rows` (as [`super::rows`] gives them for `plan`).
pub(crate) fn chart(plan: &Plan, figure: &FigurePlan, rows: &[Aggregate], schema: &Schema) -> Chart {
    let lang = plan.lang;
    let mut per_key = responses_per_key(rows);
    per_key.sort_by(|a, b| super::compare_keys(std::slice::from_ref(a.0), std::slice::from_ref(b.0)));
    let keys: Vec<&Cell> = per_key.iter().map(|(k, _)| *k).collect();
    let categories = per_key
        .iter()
        .map(|(k, n)| Category {
            label: key_cell(&KeyValue::Group((*k).clone()), Audience::people(lang)).show(lang),
            n: Some(*n),
        })
        .collect();
    let rows: Vec<&Aggregate> = rows.iter().filter(|r| !r.total).collect();
    let mut series: Vec<(usize, Option<usize>, Series)> = Vec::new();
    for r in &rows {
        let at = keys.iter().position(|k| *k == &r.keys[0]).expect("every row's key is a category");
        if !series.iter().any(|(m, o, _)| (*m, *o) == (r.measure, r.option)) {
            let s =
                Series { label: label(schema, r.measure, r.option, lang).to_string(), values: vec![None; keys.len()] };
            series.push((r.measure, r.option, s));
        }
        let (_, _, s) = series.iter_mut().find(|(m, o, _)| (*m, *o) == (r.measure, r.option)).expect("pushed above");
        s.values[at] = stat_value(r, plan.stat_of(schema, r.measure));
    }
    series.sort_by_key(|(m, o, _)| (*m, *o));
    let stat = plan.measures.first().map_or(Stat::Sum, |&m| plan.stat_of(schema, m));
    Chart {
        name: plan.name.clone(),
        title: figure.caption.clone(),
        kind: figure.kind,
        unit: unit(stat),
        axis: axis(stat, lang),
        categories,
        series: series.into_iter().map(|(_, _, s)| s).collect(),
        source: source(lang).to_string(),
        lang,
    }
}

/// What the y axis measures: «Prosentandel utviklingssentraler» for shares (of the centres that
/// reported in each category), else the statistic.
fn axis(stat: Stat, lang: Lang) -> String {
    let text = match stat {
        Stat::Share => lang.pick("Prosentandel utviklingssentraler", "Share of development centres (percent)"),
        Stat::Sum => {
            lang.pick("Antall, summert over utviklingssentralene", "Number, summed over the development centres")
        }
        Stat::Mean => lang.pick("Gjennomsnitt per utviklingssentral", "Mean per development centre"),
        Stat::Min => {
            lang.pick("Minste verdi blant utviklingssentralene", "Smallest value among the development centres")
        }
        Stat::Max => {
            lang.pick("Største verdi blant utviklingssentralene", "Largest value among the development centres")
        }
        Stat::N => lang.pick("Antall svar", "Number of answers"),
        Stat::Distinct => lang.pick("Antall ulike", "Number of distinct items"),
    };
    text.to_string()
}
