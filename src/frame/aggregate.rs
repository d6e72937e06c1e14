//! Group and summarise the responses with polars' lazy engine: only the columns a query names are
//! touched (projection), its years and centres are a filter (a mask computed here), and every
//! target's statistics come out of one group-by over the wide frame, on one integer code per group
//! ([`Groups`]); how many responses each group has from each file is counted here, in one pass.

use super::{target_name, Wide};
use crate::model::aggregate::{Aggregate, Key, Query};
use crate::model::table::Cell;
use crate::schema::{Kind, Schema};
use anyhow::{Context, Result};
use polars::prelude::{col, Column, DataFrame, DataType, Expr, IntoLazy};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

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
        let groups = Groups::new(self.year.len(), keys.iter().map(|&k| self.key(k, &centre, schema)));
        let chosen = self.chosen(q, &centre);
        let files_of = groups.files(&self.file, chosen.as_deref());
        let lists: Vec<usize> = q.targets.iter().copied().filter(|&t| kind(schema, t) == Kind::List).collect();
        let distinct = lists
            .iter()
            .map(|&t| self.distinct_items(t, &groups.codes, chosen.as_deref()))
            .collect::<Result<Vec<_>>>()?;
        let Groups { codes, digits, .. } = groups;
        let mut columns = vec![codes.into_column()];
        if let Some(chosen) = &chosen {
            columns.push(Column::new("f_chosen".into(), chosen));
        }
        for &t in &q.targets {
            columns.push(self.df.column(&target_name(t)).context("a target the responses were read for")?.clone());
        }
        let df = DataFrame::new(self.year.len(), columns)?;
        let selected = if chosen.is_some() { df.lazy().filter(col("f_chosen")) } else { df.lazy() };
        let mut stats = selected
            .group_by([col("g")])
            .agg(q.targets.iter().flat_map(|&t| stats(t, schema)).collect::<Vec<_>>())
            .collect()
            .context("cannot aggregate the responses")?;
        let codes = stats.column("g")?.cast(&DataType::Int64)?;
        stats.with_column(codes)?;
        for (t, distinct) in lists.into_iter().zip(distinct) {
            let codes = stats.column("g")?.i64()?;
            let per_group: Vec<f64> =
                codes.iter().map(|g| g.and_then(|g| distinct.get(&g)).map_or(0.0, |&n| n as f64)).collect();
            stats.with_column(Column::new(format!("{}#distinct", target_name(t)).into(), per_group))?;
        }
        self.results(q, schema, &stats, &digits, &files_of)
    }

    /// For list target `t`, per group (its code), how many distinct items its answers (those
    /// `chosen`, when given) hold: each answer's items are its text split at "; ".
    fn distinct_items(&self, t: usize, codes: &Codes, chosen: Option<&[bool]>) -> Result<HashMap<i64, u64>> {
        let texts = self.df.column(&target_name(t)).context("a target the responses were read for")?.str()?;
        let mut items: HashSet<(i64, &str)> = HashSet::new();
        for (i, text) in texts.iter().enumerate() {
            if let (Some(text), true) = (text, chosen.is_none_or(|c| c[i])) {
                items.extend(text.split("; ").map(|item| (codes.get(i), item)));
            }
        }
        let mut per_group = HashMap::new();
        for (g, _) in items {
            *per_group.entry(g).or_default() += 1;
        }
        Ok(per_group)
    }

    /// Whether each response is among the query's years and centres (`centre`: each response's, as
    /// the query counts it); `None` when it names none.
    fn chosen(&self, q: &Query, centre: &[u32]) -> Option<Vec<bool>> {
        if q.years.is_none() && q.centres.is_empty() {
            return None;
        }
        let (from, to) = q.years.unwrap_or((i32::MIN, i32::MAX));
        let chosen = self
            .year
            .iter()
            .zip(centre)
            .map(|(&y, c)| (from..=to).contains(&y) && (q.centres.is_empty() || q.centres.contains(&(*c as usize))))
            .collect();
        Some(chosen)
    }

    /// Each response's centre: its own, or with `lineage` the last successor's.
    fn centres(&self, schema: &Schema, lineage: bool) -> Cow<'_, [u32]> {
        if !lineage {
            return Cow::Borrowed(&self.centre);
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
        Cow::Owned(self.centre.iter().map(|&c| last[c as usize]).collect())
    }

    /// Key `k` as a code per response: the year, the period's index (-1 for none), the centre's
    /// index, the region's index among the centres' regions.
    fn key(&self, k: Key, centre: &[u32], schema: &Schema) -> Cow<'_, [i32]> {
        let index = |i: usize| i32::try_from(i).expect("fewer centres and regions than an i32 counts");
        match k {
            Key::Year => Cow::Borrowed(&self.year),
            Key::Period => {
                let period: HashMap<i32, i32> =
                    self.year.iter().map(|&y| (y, schema.period_index(y).map_or(-1, index))).collect();
                Cow::Owned(self.year.iter().map(|y| period[y]).collect())
            }
            Key::Centre => Cow::Owned(centre.iter().map(|&c| index(c as usize)).collect()),
            Key::Region => {
                let regions = regions(schema);
                Cow::Owned(centre.iter().map(|&c| index(regions[c as usize])).collect())
            }
            Key::Task => unreachable!("the task is the measure's, not the row's"),
        }
    }

    /// Turns the two result frames into aggregates, in our types: for each group (one lookup), each
    /// target its file columns have.
    fn results(
        &self,
        q: &Query,
        schema: &Schema,
        stats: &DataFrame,
        digits: &Digits,
        files_of: &FilesPerGroup,
    ) -> Result<Vec<Aggregate>> {
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
        let columns: Vec<Stats> =
            q.targets.iter().map(|&t| Stats::read(stats, t, kind(schema, t))).collect::<Result<_>>()?;
        let regions = region_names(schema);
        let mut out = Vec::new();
        let codes = stats.column("g")?.i64()?;
        for (g, code) in codes.iter().enumerate() {
            let code = code.context("a group's code")?;
            let key = digits.decode(code);
            let files = files_of.get(&code).map_or(&[][..], Vec::as_slice);
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

/// Per group (its code), the files its responses come from and how many responses each.
type FilesPerGroup = HashMap<i64, Vec<(usize, u64)>>;

/// The groups of a query's row keys as one code per response, so that polars groups by one integer
/// (no row encoding of several keys): each key's code, less the key's smallest, is a digit in a
/// base of its own.
struct Groups {
    codes: Codes,
    digits: Digits,
    /// How many codes there can be: each code is below it.
    span: u64,
}

/// Each response's group code: in 32 bits when the span of codes fits in them (almost always), so
/// that polars groups a UInt32 column, in half the memory; else in 64.
#[derive(Debug, PartialEq)]
enum Codes {
    Narrow(Vec<u32>),
    Wide(Vec<i64>),
}

impl Codes {
    /// Response `i`'s code.
    fn get(&self, i: usize) -> i64 {
        match self {
            Codes::Narrow(codes) => i64::from(codes[i]),
            Codes::Wide(codes) => codes[i],
        }
    }

    /// The codes as polars column `g`.
    fn into_column(self) -> Column {
        match self {
            Codes::Narrow(codes) => Column::new("g".into(), codes),
            Codes::Wide(codes) => Column::new("g".into(), codes),
        }
    }
}

/// Per key, the place value of its digit in a group's code, the number of its digits, and its
/// smallest code (digit 0).
struct Digits(Vec<(i64, i64, i64)>);

impl Digits {
    /// A group's key codes, in the order of the keys.
    fn decode(&self, code: i64) -> Vec<i64> {
        self.0.iter().map(|&(place, base, least)| code / place % base + least).collect()
    }
}

impl Groups {
    /// The groups of `n` responses by keys given as a code per response (-1 or more; a year is its
    /// own code). Each key's digit is its code less the key's smallest, so that the codes span no
    /// more than the keys' values do. No key: one group.
    fn new<'k>(n: usize, keys: impl Iterator<Item = Cow<'k, [i32]>>) -> Groups {
        let keys: Vec<Cow<[i32]>> = keys.collect();
        let mut digits = Vec::new();
        let mut place = 1u64;
        for key in &keys {
            let (least, most) = key.iter().fold((i32::MAX, i32::MIN), |(l, m), &c| (l.min(c), m.max(c)));
            let (least, base) =
                if key.is_empty() { (0, 1) } else { (i64::from(least), i64::from(most) - i64::from(least) + 1) };
            digits.push((place as i64, base, least));
            place = place
                .checked_mul(base as u64)
                .filter(|&p| i64::try_from(p).is_ok())
                .expect("fewer groups than an i64 counts");
        }
        let codes = if place <= 1 << 32 {
            Codes::Narrow(Self::coded(n, &keys, &digits, |digit| digit as u32))
        } else {
            Codes::Wide(Self::coded(n, &keys, &digits, |digit| digit))
        };
        Groups { codes, digits: Digits(digits), span: place }
    }

    /// Each response's code: the sum of its keys' digits at their places, in `C` (wide enough for
    /// every code: `narrow` makes a digit one, where its value fits).
    fn coded<C>(n: usize, keys: &[Cow<[i32]>], digits: &[(i64, i64, i64)], narrow: impl Fn(i64) -> C) -> Vec<C>
    where
        C: Copy + Default + std::ops::Add<Output = C> + std::ops::Mul<Output = C>,
    {
        let mut codes = vec![C::default(); n];
        for (key, &(place, _, least)) in keys.iter().zip(digits) {
            let place = narrow(place);
            codes.iter_mut().zip(key.iter()).for_each(|(g, &c)| *g = *g + narrow(i64::from(c) - least) * place);
        }
        codes
    }

    /// Per group, its responses (those `chosen`, when given) by file.
    fn files(&self, file: &[u32], chosen: Option<&[bool]>) -> FilesPerGroup {
        match &self.codes {
            Codes::Narrow(codes) => self.files_of(codes, file, chosen),
            Codes::Wide(codes) => self.files_of(codes, file, chosen),
        }
    }

    /// [`Groups::files`], the codes being `codes`.
    fn files_of<C: Copy + Into<i64>>(&self, codes: &[C], file: &[u32], chosen: Option<&[bool]>) -> FilesPerGroup {
        let chosen = |i: usize| chosen.is_none_or(|c| c[i]);
        let files = file.iter().max().map_or(0, |&f| f as usize + 1);
        let mut out = FilesPerGroup::new();
        // Few groups and files (as a report by year or centre has): a count in place for each pair.
        if let Some(pairs) =
            usize::try_from(self.span).ok().and_then(|g| g.checked_mul(files)).filter(|&p| p <= 1 << 16)
        {
            let mut counts = vec![0u64; pairs];
            for (_, (&g, &f)) in codes.iter().zip(file).enumerate().filter(|&(i, _)| chosen(i)) {
                counts[g.into() as usize * files + f as usize] += 1;
            }
            for (pair, &n) in counts.iter().enumerate().filter(|&(_, &n)| n > 0) {
                out.entry((pair / files) as i64).or_default().push((pair % files, n));
            }
            return out;
        }
        // A fast hash (every response is counted; nothing depends on the map's order).
        let mut counts: HashMap<(i64, u32), u64, foldhash::fast::FixedState> = HashMap::default();
        for (i, &f) in file.iter().enumerate().filter(|&(i, _)| chosen(i)) {
            *counts.entry((codes[i].into(), f)).or_default() += 1;
        }
        for ((g, f), n) in counts {
            out.entry(g).or_default().push((f as usize, n));
        }
        out
    }
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
    /// Target `t`'s statistics, which are of a measure of `kind`: a number's mean is its sum over
    /// its n, as polars works it out (the same Kahan sum, over the same count), without a pass of
    /// its own.
    fn read(df: &DataFrame, t: usize, kind: Kind) -> Result<Stats> {
        let get = |stat: &str| -> Result<Vec<Option<f64>>> {
            match df.column(&format!("{}#{stat}", target_name(t))) {
                Ok(c) => Ok(c.f64()?.iter().collect()),
                Err(_) => Ok(vec![None; df.height()]),
            }
        };
        let (n, sum) = (get("n")?, get("sum")?);
        let mean = match kind {
            Kind::Number => n.iter().zip(&sum).map(|(&n, &sum)| Some(sum? / n.filter(|&n| n > 0.0)?)).collect(),
            _ => vec![None; df.height()],
        };
        Ok(Stats { n, sum, mean, min: get("min")?, max: get("max")?, distinct: get("distinct")? })
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

/// What target `t` holds.
fn kind(schema: &Schema, t: usize) -> Kind {
    let (m, o) = schema.targets[t];
    schema.target_kind(m, o)
}

/// The statistics of target `t` that its kind has, as Float64 columns named `t{t}#STAT`.
fn stats(t: usize, schema: &Schema) -> Vec<Expr> {
    let name = target_name(t);
    let c = || col(name.as_str());
    let f = |e: Expr, stat: &str| e.cast(DataType::Float64).alias(format!("{name}#{stat}"));
    match kind(schema, t) {
        // The mean is the sum over n ([`Stats::read`]).
        Kind::Number => vec![f(c().count(), "n"), f(c().sum(), "sum"), f(c().min(), "min"), f(c().max(), "max")],
        // A Boolean column's sum counts its trues, without a Float64 copy of the column.
        Kind::Boolean | Kind::Choice => vec![f(c().count(), "n"), f(c().sum(), "sum")],
        // The distinct items are counted by [`Wide::distinct_items`], without a list of every answer's items.
        Kind::Text | Kind::List => vec![f(c().count(), "n")],
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::responses;
    use super::*;

    proptest::proptest! {
        /// The mean is not asked of polars: the sum over n it gives is polars' own mean, to the bit.
        #[test]
        fn a_numbers_mean_is_polars_mean(
            cells in proptest::collection::vec((0u32..4, proptest::option::of(-1e6f64..1e6)), 1..200),
            decimals in 0u32..4,
        ) {
            let round = |v: f64| (v * 10f64.powi(decimals as i32)).round() / 10f64.powi(decimals as i32);
            let g: Vec<u32> = cells.iter().map(|c| c.0).collect();
            let x: Vec<Option<f64>> = cells.iter().map(|c| c.1.map(round)).collect();
            let df = DataFrame::new(g.len(), vec![Column::new("g".into(), g), Column::new("x".into(), x)]).unwrap();
            let out = df
                .lazy()
                .group_by([col("g")])
                .agg([
                    col("x").count().cast(DataType::Float64).alias("n"),
                    col("x").sum().alias("sum"),
                    col("x").mean().alias("mean"),
                ])
                .collect()
                .unwrap();
            let get = |name: &str| out.column(name).unwrap().f64().unwrap().iter().collect::<Vec<_>>();
            let (n, sum, mean) = (get("n"), get("sum"), get("mean"));
            for i in 0..out.height() {
                let derived = sum[i].and_then(|s| Some(s / n[i].filter(|&n| n > 0.0)?));
                proptest::prop_assert_eq!(derived.map(f64::to_bits), mean[i].map(f64::to_bits));
            }
        }
    }

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
    fn a_group_code_stands_for_its_keys_and_reads_back_as_them() {
        let keys = [vec![2017, 2018, 2017, 2017], vec![-1, 0, 5, -1], vec![3, 3, 3, 0]];
        let groups = Groups::new(4, keys.iter().map(|k| Cow::Borrowed(&k[..])));
        for i in 0..4 {
            let decoded = groups.digits.decode(groups.codes.get(i));
            assert_eq!(decoded, keys.iter().map(|k| i64::from(k[i])).collect::<Vec<_>>());
            for j in 0..4 {
                let same_keys = keys.iter().all(|k| k[i] == k[j]);
                assert_eq!(groups.codes.get(i) == groups.codes.get(j), same_keys, "responses {i} and {j}");
            }
        }
        // Each key's digits span its values (2 years, 7 codes, 4 codes): 56 codes in all.
        assert_eq!(groups.span, 2 * 7 * 4);
        let none = Groups::new(3, std::iter::empty());
        assert_eq!((&none.codes, none.digits.decode(0)), (&Codes::Narrow(vec![0, 0, 0]), vec![]));
        let files =
            Groups::new(3, [Cow::Owned(vec![1, 2, 1])].into_iter()).files(&[0, 0, 1], Some(&[true, true, false]));
        assert_eq!(files.values().map(|f| f.iter().map(|&(_, n)| n).sum::<u64>()).sum::<u64>(), 2);
    }

    #[test]
    fn responses_per_group_and_file_are_counted_alike_in_place_and_in_a_hash() {
        let file = [0, 2, 2, 1, 0, 2];
        let chosen = [true, true, true, false, true, true];
        // Codes far apart make more pairs than are counted in place; the same keys, read, in place.
        for key in [vec![3, 0, 3, 3, 70_000, 0], vec![3, 0, 3, 3, 5, 0]] {
            let groups = Groups::new(6, [Cow::Borrowed(&key[..])].into_iter());
            let mut counted: Vec<(i64, Vec<(usize, u64)>)> = groups.files(&file, Some(&chosen)).into_iter().collect();
            counted.iter_mut().for_each(|(_, f)| f.sort());
            counted.sort();
            let code = |k: i32| groups.codes.get(key.iter().position(|&c| c == k).unwrap());
            let mut expected =
                vec![(code(3), vec![(0, 1), (2, 1)]), (code(0), vec![(2, 2)]), (code(key[4]), vec![(0, 1)])];
            expected.sort();
            assert_eq!(counted, expected, "{key:?}");
        }
    }

    #[test]
    fn a_list_counts_the_distinct_items_of_its_answers_in_each_group() {
        use crate::normalise::store::{FileColumn, FileColumns, Projection, Responses, Values};
        let s = Schema::builtin();
        let m = s.measure_index("hospitant_municipality_names").unwrap();
        let t = s.target_index(m, None);
        let kinds: Vec<Values> = s.targets.iter().map(|&(m, _)| Values::of(s.measures[m].kind)).collect();
        let mut r = Responses::new(&kinds, &Projection::all(kinds.len()));
        let answers =
            [(2017, Some("Bodø; Tromsø")), (2017, Some("Tromsø; Alta; Tromsø")), (2017, None), (2018, Some("Alta"))];
        for (i, (year, text)) in answers.into_iter().enumerate() {
            r.start_row(year, i, 0, i + 2);
            r.answer(t, None, text);
            r.finish_row();
        }
        let column =
            FileColumn { target: t, index: 0, name: "k".into(), cell: crate::schema::CellKind::Text, label: None };
        r.files.push(FileColumns { path: "f.csv".into(), columns: vec![column] });
        let wide = Wide::new(r, &s).unwrap();
        let by_year = Query { keys: vec![Key::Year], targets: vec![t], years: None, centres: vec![], lineage: false };
        let mut aggs = wide.aggregate(&by_year, &s).unwrap();
        aggs.sort_by_key(|a| format!("{:?}", a.keys));
        // 2017: Bodø, Tromsø and Alta (Tromsø twice in one answer, and in two); 2018: Alta.
        let got: Vec<_> = aggs.iter().map(|a| (a.keys[0].clone(), a.n, a.distinct)).collect();
        assert_eq!(got, [(Cell::Int(2017), 2, Some(3)), (Cell::Int(2018), 1, Some(1))]);
        let first_centre = Query { centres: vec![0], ..by_year };
        let aggs = wide.aggregate(&first_centre, &s).unwrap();
        assert_eq!((aggs.len(), aggs[0].distinct), (1, Some(2)), "only the answers chosen");
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
