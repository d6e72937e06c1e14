//! Group and summarise the normalised table with polars' lazy engine.

use super::{normalised, to_table};
use crate::normalise::Observation;
use crate::render::Cell;
use anyhow::{Context, Result};
use polars::prelude::{col, lit, ExplodeOptions, IntoLazy};

/// The statistics of one group × measure × option. Which of them apply depends on the measure's kind;
/// the report decides.
#[derive(Debug, Clone, PartialEq)]
pub struct Aggregate {
    /// The group's key values, in the order asked (`year` and `task` as integers).
    pub keys: Vec<Cell>,
    pub measure: String,
    pub option: Option<String>,
    /// Responses with a value (a number, 1/0).
    pub n_value: u64,
    pub sum: Option<f64>,
    pub mean: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Responses with text (free text, a list).
    pub n_text: u64,
    /// Distinct list items (items are joined by "; " in the `text` column).
    pub distinct: u64,
}

/// Groups `obs` by the normalised table's columns `keys`, then measure and option, in polars (lazy).
pub fn aggregate(obs: &[Observation], keys: &[&str]) -> Result<Vec<Aggregate>> {
    let mut by: Vec<_> = keys.iter().map(|k| col(*k)).collect();
    by.extend([col("measure"), col("option")]);
    let items = col("text")
        .str()
        .split(lit("; "))
        .explode(ExplodeOptions { empty_as_null: true, keep_nulls: false })
        .drop_nulls()
        .n_unique();
    let df = normalised(obs)?
        .lazy()
        .group_by(by)
        .agg([
            col("value").count().alias("n_value"),
            col("value").sum().alias("sum"),
            col("value").mean().alias("mean"),
            col("value").min().alias("min"),
            col("value").max().alias("max"),
            col("text").count().alias("n_text"),
            items.alias("distinct"),
        ])
        .collect()
        .context("cannot aggregate the normalised table")?;
    let t = to_table(&df, "aggregate")?;
    let at = |name: &str| t.columns.iter().position(|c| c.name == name).expect("a column the query made");
    let keys_at: Vec<usize> = keys.iter().map(|k| at(k)).collect();
    let [n_value, sum, mean, min, max, n_text, distinct, measure, option] =
        ["n_value", "sum", "mean", "min", "max", "n_text", "distinct", "measure", "option"].map(at);
    let number = |c: &Cell| match c {
        Cell::Int(i) => Some(*i as f64),
        Cell::Float(f) => Some(*f),
        _ => None,
    };
    let count = |c: &Cell| number(c).map_or(0, |f| f as u64);
    let text = |c: &Cell| if let Cell::Text(t) = c { Some(t.clone()) } else { None };
    let out = t
        .rows
        .iter()
        .map(|r| {
            let n = count(&r[n_value]);
            Aggregate {
                keys: keys_at.iter().map(|&k| r[k].clone()).collect(),
                measure: text(&r[measure]).unwrap_or_default(),
                option: text(&r[option]),
                n_value: n,
                // polars sums an all-null group to 0; with no values there is no sum.
                sum: if n == 0 { None } else { number(&r[sum]) },
                mean: number(&r[mean]),
                min: number(&r[min]),
                max: number(&r[max]),
                n_text: count(&r[n_text]),
                distinct: count(&r[distinct]),
            }
        })
        .collect();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::tests::observation;
    use super::*;

    #[test]
    fn groups_count_sum_and_average_only_the_answered() {
        let obs = [
            observation(2017, "Modum", "hospitants", None, Some(4.0)),
            observation(2017, "Bergen", "hospitants", None, Some(2.0)),
            observation(2017, "Verdal", "hospitants", None, None),
            observation(2018, "Modum", "hospitants", None, None),
        ];
        let mut aggs = aggregate(&obs, &["year"]).unwrap();
        aggs.sort_by(|a, b| format!("{:?}", a.keys).cmp(&format!("{:?}", b.keys)));
        let a = &aggs[0];
        assert_eq!(
            (&a.keys[..], a.n_value, a.sum, a.mean, a.min, a.max),
            (&[Cell::Int(2017)][..], 2, Some(6.0), Some(3.0), Some(2.0), Some(4.0))
        );
        let b = &aggs[1];
        assert_eq!((&b.keys[..], b.n_value, b.sum, b.mean), (&[Cell::Int(2018)][..], 0, None, None));
    }

    #[test]
    fn list_items_are_counted_once_across_responses() {
        let mut a = observation(2019, "Modum", "hospitant_municipality_names", None, None);
        a.text = Some("Modum; Sigdal".into());
        let mut b = observation(2019, "Drammen", "hospitant_municipality_names", None, None);
        b.text = Some("Sigdal; Lier; Øvre Eiker".into());
        let aggs = aggregate(&[a, b], &[]).unwrap();
        assert_eq!((aggs[0].n_text, aggs[0].distinct), (2, 4));
    }
}
