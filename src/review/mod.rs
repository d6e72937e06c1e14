//! **Beside stage 4: the review.** Takes the responses as a frame ([`Wide`], after reading and
//! corrections), the schema's `[review]` thresholds and the corrections in force; hands on the
//! answers an analyst would question before publishing ([`Flag`]), each with the numbers behind it,
//! and whether the analyst has accepted it. Must never change a number or decide what a report
//! holds: it only asks.
//!
//! Three checks (`checks.rs`): a count far above both the centre's other years and the other
//! centres that year; a question gone silent (or sudden); a share that flips. A cell's flag is
//! accepted by a correction of that cell with `action = "confirm"`, a year's by an `[[accept]]`.

mod checks;

use crate::correct::apply::Decision;
use crate::correct::{Action, Corrections, Status};
use crate::diagnostics::Severity;
use crate::frame::Wide;
use crate::model::aggregate::{Key, Query};
use crate::schema::thresholds::Check;
use crate::schema::{Kind, Schema};
use anyhow::Result;
use std::collections::BTreeMap;

/// One answer the review questions.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Flag {
    pub(crate) severity: Severity,
    pub(crate) check: Check,
    pub(crate) year: i32,
    /// The centre, for a flag of one centre's cell; `None` for a flag of the whole year.
    pub(crate) centre: Option<usize>,
    pub(crate) measure: usize,
    pub(crate) option: Option<usize>,
    /// The count; the share of the centres that answered (silent, sudden); the option's share (flip).
    pub(crate) value: f64,
    pub(crate) typical: Typical,
    /// The id of the correction (`confirm`) or `[[accept]]` that accepts it.
    pub(crate) accepted: Option<String>,
}

/// What is typical, against which a flag's value stands out.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Typical {
    /// The centre's median over its other years (and how many), the other centres' median that
    /// year (and how many).
    Count { centre_median: f64, centre_years: usize, year_median: f64, year_centres: usize },
    /// The share of the centres that answered in the years around.
    Around { years: Vec<i32>, share: f64 },
    /// The option's share in the year it flipped from (the nearest earlier year with answers).
    Before { year: i32, share: f64 },
}

/// Every flag, in order (year, centre, measure, option), and the `[[accept]]`s that match none.
#[derive(Debug, Clone, Default)]
pub(crate) struct Review {
    pub(crate) flags: Vec<Flag>,
    /// Indices into the corrections' `accepted`.
    pub(crate) unused: Vec<usize>,
}

impl Review {
    /// The flags of this severity that nobody has accepted.
    pub(crate) fn open(&self, severity: Severity) -> usize {
        self.flags.iter().filter(|f| f.severity == severity && f.accepted.is_none()).count()
    }
}

/// Reviews the responses against the schema's thresholds and marks what the analyst accepted.
pub(crate) fn review(
    wide: &Wide,
    schema: &Schema,
    corrections: &Corrections,
    decisions: &[Decision],
) -> Result<Review> {
    // A theme is computed from words, not answered: its share may swing as the words do.
    let read: Vec<usize> = wide.targets().into_iter().filter(|&t| schema.read_target(t) == t).collect();
    let mut flags = Vec::new();
    // One count measure at a time: a million responses' answers to each are held once.
    for &t in &read {
        let measure = schema.targets[t].0;
        if schema.measures[measure].kind == Kind::Number && schema.measures[measure].count {
            flags.extend(checks::counts(measure, wide.numbers(t)?, schema));
        }
    }
    let all_years = Query { keys: vec![Key::Year], targets: read, years: None, centres: Vec::new(), lineage: false };
    let by_year = wide.aggregate(&all_years, schema)?;
    let mut reports: BTreeMap<i32, u64> = BTreeMap::new();
    for y in wide.response_years() {
        *reports.entry(y).or_default() += 1;
    }
    flags.extend(checks::answered(&by_year, &reports, schema));
    flags.extend(checks::flips(&by_year, schema));
    flags.sort_by(|a, b| {
        (a.year, a.centre, a.measure, a.option, a.check).cmp(&(b.year, b.centre, b.measure, b.option, b.check))
    });
    for f in &mut flags {
        f.accepted = accepted_by(f, schema, corrections, decisions);
    }
    // An accept of a missing question is reading's, not the review's.
    let unused = (0..corrections.accepted.len())
        .filter(|&i| corrections.accepted[i].check != Check::Missing)
        .filter(|&i| !flags.iter().any(|f| f.accepted.as_deref() == Some(corrections.accepted[i].id.as_str())))
        .collect();
    Ok(Review { flags, unused })
}

/// The id of what accepts flag `f`: for a centre's cell, a confirm of that cell that applied; for
/// a year, an `[[accept]]` of the same check, year, measure and option.
fn accepted_by(f: &Flag, schema: &Schema, corrections: &Corrections, decisions: &[Decision]) -> Option<String> {
    match f.centre {
        Some(centre) => {
            let target = schema.target_index(f.measure, f.option);
            decisions.iter().filter(|d| d.status == Status::Applied).map(|d| &corrections.list[d.correction]).find_map(
                |c| {
                    let confirms = matches!(c.action, Action::Confirm { .. });
                    (confirms && c.year == f.year && c.centre == centre && c.target == Some(target))
                        .then(|| c.id.clone())
                },
            )
        }
        None => corrections
            .accepted
            .iter()
            .find(|a| (a.check, a.year, a.measure, a.option) == (f.check, f.year, f.measure, f.option))
            .map(|a| a.id.clone()),
    }
}

/// A number as the review writes it: whole numbers without decimals.
fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

/// `2017, 2018 and 2020`.
fn years(list: &[i32]) -> String {
    let words: Vec<String> = list.iter().map(i32::to_string).collect();
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => words.join(""),
    }
}

impl Flag {
    /// `MEASURE` or `MEASURE:OPTION`, as corrections and `[[accept]]` name it.
    pub(crate) fn target(&self, schema: &Schema) -> String {
        let m = &schema.measures[self.measure];
        match self.option {
            Some(o) => format!("{}:{}", m.id, m.options[o].id),
            None => m.id.clone(),
        }
    }

    /// Why the answer is questioned, with the numbers behind it.
    pub(crate) fn reason(&self, schema: &Schema) -> String {
        let y = self.year;
        match &self.typical {
            Typical::Count { centre_median, centre_years, year_median, year_centres } => format!(
                "{} is far above both the centre's other years (median {} over {centre_years} years) and the other centres in {y} (median {} of {year_centres})",
                number(self.value),
                number(*centre_median),
                number(*year_median)
            ),
            Typical::Around { years: around, share } if self.check == Check::Silent => format!(
                "no centre answered it in {y}, though form {} asked it and {} of the centres answered it in {}",
                schema.forms_asking(self.measure, y).into_iter().collect::<Vec<_>>().join("+"),
                percent(*share),
                years(around)
            ),
            Typical::Around { years: around, .. } => format!(
                "{} of the centres answered it in {y}, though no centre answered it in {}",
                percent(self.value),
                years(around)
            ),
            Typical::Before { year, share } => format!(
                "ticked by {} of the centres that answered in {year} and by {} in {y}",
                percent(*share),
                percent(self.value)
            ),
        }
    }

    /// What to do: find out, then correct, confirm or accept.
    pub(crate) fn hint(&self, schema: &Schema) -> String {
        let (y, target) = (self.year, self.target(schema));
        let accept = |check: &str| {
            format!("if it is right, accept it in corrections.toml: [[accept]] check = {check:?} year = {y} measure = {target:?}, with id, reason, author and date")
        };
        match self.check {
            Check::Count => format!(
                "a digit too many? `friskliv explain INPUT --measure {target} --years {y} --centre {:?}` shows the cell; correct it, or if it is right confirm it: a [[correction]] of the cell with action = \"confirm\" and old = \"{}\"",
                self.centre.map_or("", |c| schema.centres[c].name.as_str()),
                number(self.value)
            ),
            Check::Silent => format!(
                "a header that stopped mapping, or a column exported empty? `friskliv validate` names the questions no column maps to; {}",
                accept("silent")
            ),
            Check::Sudden => format!(
                "a column mapped to the wrong measure? `friskliv inspect FILE` shows how each column was mapped; {}",
                accept("sudden")
            ),
            Check::Flip => format!(
                "a tick token or an option wording that changed meaning? `friskliv explain INPUT --measure {target} --years {y}` shows the cells; {}",
                accept("flip")
            ),
            // Reading's, never a review flag's; said for completeness.
            Check::Missing => format!("`friskliv validate` names the question; {}", accept("missing")),
        }
    }
}
