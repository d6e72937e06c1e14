//! Group and summarise the responses with polars' lazy engine: only the columns a query names are
//! touched (projection), its years and centres are a filter (predicate), and every target's
//! statistics come out of one group-by over the wide frame.

use super::{target_name, Wide};
use crate::model::aggregate::{Aggregate, Key, Query};
use crate::model::table::Cell;
use crate::schema::{Kind, Schema};
use anyhow::{Context, Result};
use polars::prelude::{col, lit, Column, DataFrame, DataType, ExplodeOptions, Expr, IntoColumn, IntoLazy};
use std::collections::HashMap;

/// The row-level keys of a query: every key but the task, which belongs to the measure.
fn row_keys(q: &Query) -> Vec<Key> {
    q.keys.iter().copied().filter(|k| *k != Key::Task).collect()
}

impl Wide {
    /// The statistics of every target of the query per group. A group × target appears only when the
    /// group holds a response whose file has a column for the target.
    pub(crate) fn aggregate(&self, q: &Query, schema: &Schema) -> Result<Vec<Aggregate>> {
        let keys = row_keys(q);
        let centre = self.centres(schema, q.lineage);
        let mut columns: Vec<Column> = keys.iter().enumerate().map(|(i, k)| self.key(*k, i, &centre, schema)).collect();
        if keys.is_empty() {
            columns.push(Column::new("k0".into(), vec![0i64; self.year.len()]));
        }
        columns.push(Column::new("f_year".into(), &self.year));
        columns.push(Column::new("f_centre".into(), &centre));
        columns.push(Column::new("f_file".into(), &self.file));
        for &t in &q.targets {
            columns.push(self.df.column(&target_name(t)).context("a target the responses were read for")?.clone());
        }
        let df = DataFrame::new(self.year.len(), columns)?;
        let by: Vec<Expr> = (0..keys.len().max(1)).map(|i| col(format!("k{i}"))).collect();
        let selected = df.lazy().filter(predicate(q));
        let stats = selected
            .clone()
            .group_by(by.clone())
            .agg(q.targets.iter().flat_map(|&t| stats(t, schema)).collect::<Vec<_>>())
            .collect()
            .context("cannot aggregate the responses")?;
        let mut by_file = by.clone();
        by_file.push(col("f_file"));
        let rows = selected
            .group_by(by_file)
            .agg([col("f_file").count().cast(DataType::Int64).alias("rows")])
            .collect()
            .context("cannot count the responses")?;
        self.results(q, schema, &stats, &rows, keys.len().max(1))
    }

    /// Each response's centre: its own, or with `lineage` the last successor's.
    fn centres(&self, schema: &Schema, lineage: bool) -> Vec<u32> {
        if !lineage {
            return self.centre.clone();
        }
        let last: Vec<u32> = (0..schema.centres.len())
            .map(|mut c| {
                for _ in 0..schema.centres.len() {
                    match schema.centres[c].successor.as_deref().and_then(|s| schema.centre_index(s)) {
                        Some(next) => c = next,
                        None => break,
                    }
                }
                c as u32
            })
            .collect();
        self.centre.iter().map(|&c| last[c as usize]).collect()
    }

    /// Key `k` as codes, named `k{i}`: the year, the period's index, the centre's index, the
    /// region's index among the centres' regions.
    fn key(&self, k: Key, i: usize, centre: &[u32], schema: &Schema) -> Column {
        let name = format!("k{i}");
        let codes: Vec<i64> = match k {
            Key::Year => self.year.iter().map(|&y| i64::from(y)).collect(),
            Key::Period => {
                let period: HashMap<i32, i64> =
                    self.year.iter().map(|&y| (y, schema.period_index(y).map_or(-1, |p| p as i64))).collect();
                self.year.iter().map(|y| period[y]).collect()
            }
            Key::Centre => centre.iter().map(|&c| i64::from(c)).collect(),
            Key::Region => {
                let regions = regions(schema);
                centre.iter().map(|&c| regions[c as usize] as i64).collect()
            }
            Key::Task => unreachable!("the task is the measure's, not the row's"),
        };
        Column::new(name.into(), codes).into_column()
    }

    /// Turns the two result frames into aggregates, in our types: for each group (one lookup), each
    /// target its file columns have.
    fn results(
        &self,
        q: &Query,
        schema: &Schema,
        stats: &DataFrame,
        rows: &DataFrame,
        n_keys: usize,
    ) -> Result<Vec<Aggregate>> {
        let files_of = files_per_group(rows, n_keys)?;
        let by_task = q.keys.contains(&Key::Task);
        // Per file, the tasks of the query's targets it has a column for.
        let asked: Vec<Vec<u8>> = self
            .has
            .iter()
            .map(|has| {
                let mut tasks: Vec<u8> = q.targets.iter().filter(|&&t| has[t]).map(|&t| task_of(schema, t)).collect();
                tasks.dedup();
                tasks
            })
            .collect();
        let columns: Vec<Stats> = q.targets.iter().map(|&t| Stats::read(stats, t)).collect::<Result<_>>()?;
        let regions = region_names(schema);
        let mut out = Vec::new();
        for (g, key) in group_codes(stats, n_keys)?.into_iter().enumerate() {
            let files = files_of.get(&key).map_or(&[][..], Vec::as_slice);
            for (&t, column) in q.targets.iter().zip(&columns) {
                let present: u64 = files.iter().filter(|(f, _)| self.has[*f][t]).map(|(_, rows)| rows).sum();
                if present == 0 {
                    continue;
                }
                let (m, o) = schema.targets[t];
                let task = schema.measures[m].task;
                let asked_here = |f: usize| if by_task { asked[f].contains(&task) } else { !asked[f].is_empty() };
                let responses = files.iter().filter(|(f, _)| asked_here(*f)).map(|(_, rows)| rows).sum();
                let mut a = column.aggregate(g, schema.measures[m].kind == Kind::List);
                (a.keys, a.measure, a.option, a.responses) =
                    (key_cells(q, &key, task, schema, &regions), m, o, responses);
                out.push(a);
            }
        }
        Ok(out)
    }
}

fn task_of(schema: &Schema, t: usize) -> u8 {
    schema.measures[schema.targets[t].0].task
}

/// The key codes of every row of a result frame.
fn group_codes(df: &DataFrame, n_keys: usize) -> Result<Vec<Vec<i64>>> {
    let cols: Vec<Vec<i64>> = (0..n_keys)
        .map(|i| Ok(df.column(&format!("k{i}"))?.i64()?.iter().map(|v| v.unwrap_or(-1)).collect()))
        .collect::<Result<_>>()?;
    Ok((0..df.height()).map(|r| cols.iter().map(|c| c[r]).collect()).collect())
}

/// Per group (its key codes), the files its responses come from and how many responses each.
type FilesPerGroup = HashMap<Vec<i64>, Vec<(usize, u64)>>;

fn files_per_group(rows: &DataFrame, n_keys: usize) -> Result<FilesPerGroup> {
    let files = rows.column("f_file")?.cast(&DataType::Int64)?;
    let (files, counts) = (files.i64()?, rows.column("rows")?.i64()?);
    let mut out = FilesPerGroup::new();
    for (r, key) in group_codes(rows, n_keys)?.into_iter().enumerate() {
        let file = files.get(r).unwrap_or(0) as usize;
        out.entry(key).or_default().push((file, counts.get(r).unwrap_or(0) as u64));
    }
    Ok(out)
}

/// One target's statistics per group, as read back from the result frame.
struct Stats {
    n: Vec<Option<f64>>,
    sum: Vec<Option<f64>>,
    mean: Vec<Option<f64>>,
    min: Vec<Option<f64>>,
    max: Vec<Option<f64>>,
    distinct: Vec<Option<f64>>,
}

impl Stats {
    fn read(df: &DataFrame, t: usize) -> Result<Stats> {
        let get = |stat: &str| -> Result<Vec<Option<f64>>> {
            match df.column(&format!("{}#{stat}", target_name(t))) {
                Ok(c) => Ok(c.f64()?.iter().collect()),
                Err(_) => Ok(vec![None; df.height()]),
            }
        };
        Ok(Stats {
            n: get("n")?,
            sum: get("sum")?,
            mean: get("mean")?,
            min: get("min")?,
            max: get("max")?,
            distinct: get("distinct")?,
        })
    }

    /// Group `g`'s statistics (keys, measure and responses are the caller's).
    fn aggregate(&self, g: usize, list: bool) -> Aggregate {
        let n = self.n[g].unwrap_or(0.0) as u64;
        Aggregate {
            keys: Vec::new(),
            total: false,
            measure: 0,
            option: None,
            n,
            // polars sums an all-null group to 0; with no values there is no sum.
            sum: self.sum[g].filter(|_| n > 0),
            mean: self.mean[g],
            min: self.min[g],
            max: self.max[g],
            share: None,
            distinct: list.then(|| self.distinct[g].unwrap_or(0.0) as u64),
            responses: 0,
        }
    }
}

/// The key values of a group as cells, in the query's order.
fn key_cells(q: &Query, codes: &[i64], task: u8, schema: &Schema, regions: &[&str]) -> Vec<Cell> {
    let mut codes = codes.iter();
    q.keys
        .iter()
        .map(|k| {
            if *k == Key::Task {
                return if task == 0 { Cell::Null } else { Cell::Int(i64::from(task)) };
            }
            let c = *codes.next().expect("a code per row key");
            match k {
                Key::Year => Cell::Int(c),
                Key::Period => usize::try_from(c).map_or(Cell::Null, |p| Cell::text(&schema.periods[p].label)),
                Key::Centre => Cell::text(&schema.centres[c as usize].name),
                Key::Region => Cell::text(regions[c as usize]),
                Key::Task => unreachable!("answered above"),
            }
        })
        .collect()
}

/// Each centre's region as an index into [`region_names`].
fn regions(schema: &Schema) -> Vec<usize> {
    let index: HashMap<&str, usize> = region_names(schema).into_iter().enumerate().map(|(i, n)| (n, i)).collect();
    schema.centres.iter().map(|c| index[c.region.as_str()]).collect()
}

/// The distinct regions of the centres, in the order first met.
fn region_names(schema: &Schema) -> Vec<&str> {
    let mut seen = std::collections::HashSet::new();
    schema.centres.iter().map(|c| c.region.as_str()).filter(|r| seen.insert(*r)).collect()
}

/// The query's years and centres as a filter.
fn predicate(q: &Query) -> Expr {
    let mut p = lit(true);
    if let Some((from, to)) = q.years {
        p = p.and(col("f_year").gt_eq(lit(from))).and(col("f_year").lt_eq(lit(to)));
    }
    if !q.centres.is_empty() {
        let any = q.centres.iter().fold(lit(false), |acc, &c| acc.or(col("f_centre").eq(lit(c as u32))));
        p = p.and(any);
    }
    p
}

/// The statistics of target `t` that its kind has, as Float64 columns named `t{t}#STAT`.
fn stats(t: usize, schema: &Schema) -> Vec<Expr> {
    let name = target_name(t);
    let c = || col(name.as_str());
    let f = |e: Expr, stat: &str| e.cast(DataType::Float64).alias(format!("{name}#{stat}"));
    let (m, o) = schema.targets[t];
    match schema.target_kind(m, o) {
        Kind::Number => vec![
            f(c().count(), "n"),
            f(c().sum(), "sum"),
            f(c().mean(), "mean"),
            f(c().min(), "min"),
            f(c().max(), "max"),
        ],
        Kind::Boolean | Kind::Choice => vec![f(c().count(), "n"), f(c().cast(DataType::Float64).sum(), "sum")],
        Kind::Text => vec![f(c().count(), "n")],
        Kind::List => {
            let items = c()
                .str()
                .split(lit("; "))
                .explode(ExplodeOptions { empty_as_null: true, keep_nulls: false })
                .drop_nulls()
                .n_unique();
            vec![f(c().count(), "n"), f(items, "distinct")]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::responses;
    use super::*;

    #[test]
    fn groups_count_sum_and_average_only_the_answered() {
        let (r, _, s) = responses(&[
            (0, 2017, Some(4.0), Some(1.0)),
            (1, 2017, Some(2.0), Some(0.0)),
            (2, 2017, None, None),
            (0, 2018, None, Some(1.0)),
        ]);
        let h = s.target_index(s.measure_index("hospitants").unwrap(), None);
        let wide = Wide::new(r, &s).unwrap();
        let q = Query { keys: vec![Key::Year], targets: vec![h], years: None, centres: vec![], lineage: false };
        let mut aggs = wide.aggregate(&q, &s).unwrap();
        aggs.sort_by(|a, b| format!("{:?}", a.keys).cmp(&format!("{:?}", b.keys)));
        let a = &aggs[0];
        assert_eq!(
            (&a.keys[..], a.n, a.sum, a.mean, a.min, a.max, a.responses),
            (&[Cell::Int(2017)][..], 2, Some(6.0), Some(3.0), Some(2.0), Some(4.0), 3)
        );
        let b = &aggs[1];
        assert_eq!((&b.keys[..], b.n, b.sum, b.mean, b.responses), (&[Cell::Int(2018)][..], 0, None, None, 1));
    }

    #[test]
    fn years_and_centres_filter_before_grouping() {
        let (r, _, s) =
            responses(&[(0, 2017, Some(4.0), Some(1.0)), (1, 2017, Some(2.0), Some(0.0)), (0, 2018, Some(7.0), None)]);
        let h = s.target_index(s.measure_index("hospitants").unwrap(), None);
        let wide = Wide::new(r, &s).unwrap();
        let q = Query { keys: vec![], targets: vec![h], years: Some((2017, 2017)), centres: vec![0], lineage: false };
        let aggs = wide.aggregate(&q, &s).unwrap();
        assert_eq!(aggs.len(), 1);
        assert_eq!((aggs[0].n, aggs[0].sum), (1, Some(4.0)));
    }
}
