//! The review's three checks, each over aggregates the frame computed (so that each can be tried
//! on invented numbers): counts far above the typical, questions gone silent or sudden, shares
//! that flip.

use super::{Flag, Typical};
use crate::model::aggregate::Aggregate;
use crate::model::table::Cell;
use crate::schema::thresholds::Check;
use crate::schema::{Kind, Schema};
use std::collections::{BTreeMap, HashMap};

/// A new flag, its severity from the schema, not accepted.
fn flag(
    schema: &Schema,
    check: Check,
    year: i32,
    measure: usize,
    option: Option<usize>,
    value: f64,
    typical: Typical,
) -> Flag {
    let severity = schema.review.severity.of(check);
    Flag { severity, check, year, centre: None, measure, option, value, typical, accepted: None }
}

/// An aggregate's year (its first key).
fn year_of(a: &Aggregate) -> Option<i32> {
    match a.keys.first() {
        Some(Cell::Int(y)) => i32::try_from(*y).ok(),
        _ => None,
    }
}

/// Counts of `measure` far above both the centre's median over its other years and the other
/// centres' median that year. `cells`: each answer's centre, year and count. Each median leaves one
/// value out of a list sorted once, so that 10,000 centres over 100 years stay quick.
pub(super) fn counts(measure: usize, mut cells: Vec<(u32, i32, f64)>, schema: &Schema) -> Vec<Flag> {
    // A centre with two responses in a year (a successor's under --lineage) counts their sum.
    cells.sort_unstable_by_key(|&(c, y, _)| (c, y));
    cells.dedup_by(|later, kept| {
        let same = (later.0, later.1) == (kept.0, kept.1);
        if same {
            kept.2 += later.2;
        }
        same
    });
    let mut of_centre: Vec<Vec<f64>> = vec![Vec::new(); schema.centres.len()];
    let mut of_year: HashMap<i32, Vec<f64>> = HashMap::new();
    for &(c, y, v) in &cells {
        of_centre[c as usize].push(v);
        of_year.entry(y).or_default().push(v);
    }
    for list in of_centre.iter_mut().chain(of_year.values_mut()) {
        list.sort_unstable_by(f64::total_cmp);
    }
    let t = &schema.review;
    let mut flags = Vec::new();
    for (centre, year, value) in cells {
        let (own, others) = (&of_centre[centre as usize], &of_year[&year]);
        let (centre_years, year_centres) = (own.len() - 1, others.len() - 1);
        if centre_years < t.count_min_years || year_centres < t.count_min_centres {
            continue;
        }
        let (centre_median, year_median) = (median_without(own, value), median_without(others, value));
        let bar = centre_median.max(year_median);
        if value >= t.count_factor * bar && value - bar >= t.count_margin {
            let typical = Typical::Count { centre_median, centre_years, year_median, year_centres };
            let mut f = flag(schema, Check::Count, year, measure, None, value, typical);
            f.centre = Some(centre as usize);
            flags.push(f);
        }
    }
    flags
}

/// The median of `sorted` with one occurrence of `v` (which it holds) left out; at least two values.
fn median_without(sorted: &[f64], v: f64) -> f64 {
    let skip = sorted.partition_point(|x| x.total_cmp(&v).is_lt());
    let at = |i: usize| if i < skip { sorted[i] } else { sorted[i + 1] };
    let m = sorted.len() - 1;
    if m % 2 == 1 {
        at(m / 2)
    } else {
        (at(m / 2 - 1) + at(m / 2)) / 2.0
    }
}

/// How many years on each side are "the years around" a year: two, so that one odd year does not
/// make its neighbour look odd too.
const AROUND: i32 = 2;

/// Questions gone silent (a measure the year's form asked, answered by no centre, where more than
/// `silent_share` of the centres answered in the years around: those up to two years away that the
/// form asked it and that have reports) and sudden (answered by more than that share, where no
/// centre answered in the years around). `by_year`: aggregates by year of every target; `reports`:
/// the centres that reported each year.
pub(super) fn answered(by_year: &[Aggregate], reports: &BTreeMap<i32, u64>, schema: &Schema) -> Vec<Flag> {
    // (measure, year) → the centres that answered it (the most of any of its options).
    let mut answered: BTreeMap<(usize, i32), u64> = BTreeMap::new();
    for a in by_year {
        if let Some(year) = year_of(a) {
            let n = answered.entry((a.measure, year)).or_default();
            *n = (*n).max(a.n);
        }
    }
    let t = &schema.review;
    let mut flags = Vec::new();
    for measure in 0..schema.measures.len() {
        let of = |y: i32| answered.get(&(measure, y)).copied().unwrap_or(0);
        for (&year, &n) in reports.iter().filter(|(_, n)| **n > 0) {
            let around: Vec<i32> = (year - AROUND..=year + AROUND)
                .filter(|&y| y != year)
                .filter(|y| reports.get(y).is_some_and(|n| *n > 0) && !schema.forms_asking(measure, *y).is_empty())
                .collect();
            if around.is_empty() {
                continue;
            }
            let answered_around: u64 = around.iter().map(|&y| of(y)).sum();
            let share_around = answered_around as f64 / around.iter().map(|y| reports[y]).sum::<u64>() as f64;
            let share = of(year) as f64 / n as f64;
            let asked = !schema.forms_asking(measure, year).is_empty();
            let check = if asked && of(year) == 0 && share_around > t.silent_share {
                Check::Silent
            } else if share > t.silent_share && answered_around == 0 {
                Check::Sudden
            } else {
                continue;
            };
            let typical = Typical::Around { years: around, share: share_around };
            flags.push(flag(schema, check, year, measure, None, share, typical));
        }
    }
    flags
}

/// Options (and Ja/Nei measures) ticked by at least `flip_high` of the centres answering one year
/// and at most `flip_low` the next year with answers, or back, when at least `flip_min_centres`
/// answered in both.
pub(super) fn flips(by_year: &[Aggregate], schema: &Schema) -> Vec<Flag> {
    let t = &schema.review;
    // (measure, option) → year → share.
    let mut shares: BTreeMap<(usize, Option<usize>), BTreeMap<i32, f64>> = BTreeMap::new();
    for a in by_year {
        let ticks = matches!(schema.target_kind(a.measure, a.option), Kind::Boolean | Kind::Choice);
        let (Some(year), Some(sum)) = (year_of(a), a.sum) else { continue };
        if ticks && a.n as usize >= t.flip_min_centres {
            shares.entry((a.measure, a.option)).or_default().insert(year, sum / a.n as f64);
        }
    }
    let mut flags = Vec::new();
    for (&(measure, option), years) in &shares {
        for ((&before, &was), (&year, &is)) in years.iter().zip(years.iter().skip(1)) {
            let flipped = (was >= t.flip_high && is <= t.flip_low) || (was <= t.flip_low && is >= t.flip_high);
            if flipped {
                let typical = Typical::Before { year: before, share: was };
                flags.push(flag(schema, Check::Flip, year, measure, option, is, typical));
            }
        }
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::median_without;

    #[test]
    fn a_median_leaves_one_value_out() {
        let sorted = [1.0, 2.0, 2.0, 5.0, 9.0];
        assert_eq!(median_without(&sorted, 9.0), 2.0, "1 2 2 5");
        assert_eq!(median_without(&sorted, 1.0), 3.5, "2 2 5 9");
        assert_eq!(median_without(&sorted, 2.0), 3.5, "1 2 5 9");
        assert_eq!(median_without(&[20.0, 2600.0], 2600.0), 20.0);
        assert_eq!(median_without(&[3.0, 4.0, 8.0], 4.0), 5.5);
    }
}
