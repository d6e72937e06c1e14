//! A spec's prose (`[[text]]`, Markdown) with numbers computed from the data, so that a sentence
//! cannot drift from its table: `{sum:hospitants}`, `{share:homepage,year=2022}`, `{n:year=2019}`.
//!
//! A placeholder is `{STAT:ARGS}`: STAT is one of n, sum, mean, min, max, share, distinct; ARGS,
//! separated by commas, are at most one `MEASURE` or `MEASURE:OPTION` and any of `year=2019`,
//! `years=2017-2019`, `period=2017-2019`, `centre=NAME`. `{n}` or `{n:year=2019}` without a measure
//! counts the reports kept. `{{` and `}}` are literal braces. Every placeholder is checked against
//! the schema when the spec is read, before any export.

use super::{fits, rows, stat as stat_value, Plan, Request, Stat};
use crate::frame::Wide;
use crate::lang::Lang;
use crate::model::table::{percent, rounded};
use crate::schema::Schema;
use anyhow::{bail, Context, Result};
use clap::ValueEnum;

/// A block of prose, split into what is written and what is computed.
#[derive(Debug, Clone)]
pub(crate) struct Prose {
    pub(crate) parts: Vec<Piece>,
    /// The language of its words, whose number style its numbers take (`1 385` in Norwegian
    /// prose, also in an English report that has no English of it).
    pub(crate) lang: Lang,
}

#[derive(Debug, Clone)]
pub(crate) enum Piece {
    Literal(String),
    Value(Box<Placeholder>),
}

/// One computed number: the statistic of one measure (or the count of reports) over a filter.
#[derive(Debug, Clone)]
pub(crate) struct Placeholder {
    /// As written between the braces, for messages.
    source: String,
    stat: Stat,
    of: Of,
}

/// What a placeholder counts or summarises.
#[derive(Debug, Clone)]
enum Of {
    /// The reports kept in these years and centres (`{n}`).
    Reports { years: Option<(i32, i32)>, centres: Vec<usize> },
    /// One measure, or one option of it, as a plan with that measure and no key.
    Target { plan: Plan, option: Option<usize> },
}

/// Parses `markdown`, checking every placeholder against `schema`.
pub(crate) fn parse(markdown: &str, schema: &Schema, lang: Lang) -> Result<Prose> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut rest = markdown;
    while let Some(i) = rest.find(['{', '}']) {
        literal.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            literal.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        if tail.starts_with('}') {
            bail!("a `}}` with no `{{` before it: write `}}}}` for a brace");
        }
        let end = tail.find('}').with_context(|| format!("{:?} has no closing `}}`", first_line(tail)))?;
        let inner = &tail[1..end];
        let value = placeholder(inner, schema, lang).with_context(|| format!("placeholder {{{inner}}}"))?;
        parts.push(Piece::Literal(std::mem::take(&mut literal)));
        parts.push(Piece::Value(Box::new(value)));
        rest = &tail[end + 1..];
    }
    literal.push_str(rest);
    parts.push(Piece::Literal(literal));
    Ok(Prose { parts, lang })
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

fn placeholder(inner: &str, schema: &Schema, lang: Lang) -> Result<Placeholder> {
    let (stat, args) = inner.split_once(':').unwrap_or((inner, ""));
    let stat = Stat::from_str(stat.trim(), true).map_err(|_| {
        anyhow::anyhow!("unknown statistic {:?}: use n, sum, mean, min, max, share or distinct", stat.trim())
    })?;
    let mut request = Request::default();
    let mut target = None;
    for arg in args.split(',').map(str::trim).filter(|a| !a.is_empty()) {
        match arg.split_once('=') {
            Some(("year" | "years", v)) => request.filters.years = Some(v.trim().to_string()),
            Some(("period", v)) => request.filters.period = Some(v.trim().to_string()),
            Some(("centre", v)) => request.filters.centres.push(v.trim().to_string()),
            Some((k, _)) => bail!("unknown filter {k:?}: use year, years, period or centre"),
            None if target.is_some() => bail!("one measure per placeholder: {arg:?} is a second"),
            None => target = Some(schema.answer_target(arg)?),
        }
    }
    let Some(target) = target else {
        if stat != Stat::N {
            bail!("{{{}}} needs a measure, as in {{sum:hospitants}}; only {{n}} counts the reports", inner);
        }
        let plan = request.resolve(schema, lang)?;
        let of = Of::Reports { years: plan.years, centres: plan.centres };
        return Ok(Placeholder { source: inner.to_string(), stat, of });
    };
    let measure = &schema.measures[target.measure];
    if target.option.is_none() && schema.report_kind(target.measure) != measure.kind {
        bail!(
            "{:?} is coded into themes: name one, as {{{}:{}:THEME}} (its n counts the answers)",
            measure.id,
            stat.name(),
            measure.id
        );
    }
    let kind = schema.target_kind(target.measure, target.option);
    if !fits(stat, kind) {
        bail!("{} has no {} ({} is a {} measure)", measure.id, stat.name(), measure.id, kind);
    }
    request.measures = vec![measure.id.clone()];
    let mut plan = request.resolve(schema, lang)?;
    plan.by.clear();
    Ok(Placeholder { source: inner.to_string(), stat, of: Of::Target { plan, option: target.option } })
}

impl Prose {
    /// The plans the text's numbers need (for the columns to read).
    pub(crate) fn plans(&self) -> impl Iterator<Item = &Plan> {
        self.parts.iter().filter_map(|p| match p {
            Piece::Value(v) => match &v.of {
                Of::Target { plan, .. } => Some(plan),
                Of::Reports { .. } => None,
            },
            Piece::Literal(_) => None,
        })
    }

    /// Refuses a placeholder whose years and centres hold no kept response
    /// ([`super::NothingToShow`]): `{n:year=2012}` would say «0», `{sum:hospitants,year=2030}` «–».
    pub(crate) fn check_selection(&self, wide: &Wide, schema: &Schema) -> Result<()> {
        for part in &self.parts {
            if let Piece::Value(v) = part {
                let (years, centres) = match &v.of {
                    Of::Reports { years, centres } => (*years, centres),
                    Of::Target { plan, .. } => (plan.years, &plan.centres),
                };
                super::check_selection(years, centres, wide, schema).with_context(|| format!("{{{}}}", v.source))?;
            }
        }
        Ok(())
    }

    /// The Markdown with every number filled in, written for people in `lang`; a number the data
    /// does not have is written «–».
    pub(crate) fn fill(&self, wide: &Wide, schema: &Schema) -> Result<String> {
        let lang = self.lang;
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Piece::Literal(s) => out.push_str(s),
                Piece::Value(v) => out.push_str(&v.value(wide, schema)?.map_or("–".into(), |x| v.show(x, lang))),
            }
        }
        Ok(out)
    }
}

impl Placeholder {
    fn value(&self, wide: &Wide, schema: &Schema) -> Result<Option<f64>> {
        match &self.of {
            Of::Reports { years, centres } => Ok(Some(wide.count(*years, centres) as f64)),
            Of::Target { plan, option } => {
                let rows = rows(plan, wide, schema)?;
                let row = rows.iter().find(|r| (r.measure, r.option) == (plan.measures[0], *option));
                Ok(row.and_then(|r| stat_value(r, self.stat)))
            }
        }
    }

    fn show(&self, v: f64, lang: Lang) -> String {
        match self.stat {
            Stat::Share => percent(v, lang),
            _ => rounded(v, lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn braces_doubled_are_text_and_placeholders_are_checked() {
        let s = Schema::builtin();
        let text =
            parse("{{ikke}} {n:year=2019} og {share:info_channels:talks, period=2014-2016}", &s, Lang::Nb).unwrap();
        let literals: Vec<&str> = text
            .parts
            .iter()
            .filter_map(|p| match p {
                Piece::Literal(l) => Some(l.as_str()),
                Piece::Value(_) => None,
            })
            .collect();
        assert_eq!(literals, ["{ikke} ", " og ", ""]);
        assert_eq!(text.plans().count(), 1, "{{n}} without a measure counts reports, with no plan");
        let err = |t: &str| format!("{:#}", parse(t, &s, Lang::Nb).unwrap_err());
        assert!(err("{sum:hospitants").contains("no closing"));
        assert!(err("a } b").contains("write `}}`"));
        assert!(err("{sum}").contains("needs a measure"));
        assert!(err("{sum:hospitants,colour=red}").contains("unknown filter \"colour\""));
        assert!(err("{sum:hospitants,inquiries}").contains("one measure per placeholder"));
        assert!(err("{n:year=20x9}").contains("--years \"20x9\""));
        assert!(err("{mean:homepage}").contains("homepage has no mean (homepage is a boolean measure)"));
    }
}
