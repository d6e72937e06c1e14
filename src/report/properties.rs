//! Invariants of reports, over generated responses and the sample data: the sum over centres is
//! the year's total, and `explain`'s n and sum are the report's.

use crate::normalise::{self, store::Projection};
use crate::schema::{Kind, Schema};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

/// `cases` generated cases, and the seeds of past failures kept in
/// `tests/proptest-regressions/report.txt` (run before any new case).
fn config(cases: u32) -> ProptestConfig {
    let seeds = FileFailurePersistence::Direct("tests/proptest-regressions/report.txt");
    ProptestConfig { cases, failure_persistence: Some(Box::new(seeds)), ..ProptestConfig::default() }
}

/// Responses of one file holding one number measure: (year, centre, value) each.
fn numbers_as_responses(
    schema: &Schema,
    id: &str,
    rows: &[(i32, usize, Option<u32>)],
) -> crate::normalise::store::Responses {
    use crate::normalise::store::{FileColumn, FileColumns, Responses, Values};
    let kinds: Vec<Values> = schema.targets.iter().map(|_| Values::number()).collect();
    let target = schema.target_index(schema.measure_index(id).unwrap(), None);
    let mut r = Responses::new(&kinds, &Projection::only(kinds.len(), [target]));
    let column = FileColumn { target, index: 0, name: id.into(), cell: crate::schema::CellKind::Number, label: None };
    for (i, (year, c, v)) in rows.iter().enumerate() {
        let centre = ["Modum", "Bergen", "Verdal", "Senja"][*c];
        r.start_row(*year, schema.centre_index(centre).unwrap(), 0, i + 2);
        let value = v.map(f64::from);
        r.answer(target, value, None);
        r.finish_row();
    }
    r.files.push(FileColumns { path: "x.csv".into(), columns: vec![column] });
    r
}

/// Generated observations of one number measure: (year, centre, value).
fn numbers() -> impl Strategy<Value = Vec<(i32, usize, Option<u32>)>> {
    prop::collection::vec((2017..2020i32, 0usize..4, prop::option::of(0u32..500)), 0..40)
}

proptest! {
    #![proptest_config(config(32))]

    #[test]
    fn the_sum_over_centres_equals_the_year_total_for_every_number_measure(obs in numbers(), measure in 0usize..2) {
        use crate::report::{self, Request};
        let schema = Schema::builtin();
        let id = ["hospitants", "network_gatherings"][measure];
        let responses = numbers_as_responses(&schema, id, &obs);
        let wide = crate::frame::Wide::new(responses, &schema).unwrap();
        let plan = |by: Vec<report::Key>, total: bool| Request { measures: vec![id.into()], by, total, ..Request::default() }.resolve(&schema, crate::lang::Lang::Nb).unwrap();
        let by_centre = report::rows(&plan(vec![report::Key::Year, report::Key::Centre], false), &wide, &schema).unwrap();
        let by_year = report::rows(&plan(vec![report::Key::Year], true), &wide, &schema).unwrap();
        for year_row in by_year.iter().filter(|r| !r.total) {
            let centres_sum: f64 = by_centre.iter().filter(|r| r.keys[0] == year_row.keys[0]).filter_map(|r| r.sum).sum();
            prop_assert_eq!(year_row.sum.unwrap_or(0.0), centres_sum);
        }
        let total = by_year.iter().find(|r| r.total).and_then(|r| r.sum).unwrap_or(0.0);
        let years: f64 = by_year.iter().filter(|r| !r.total).filter_map(|r| r.sum).sum();
        prop_assert_eq!(total, years);
    }
}

proptest! {
    #![proptest_config(config(32))]

    /// `explain`'s n and sum are the report's for the same measure and filters (on the sample data,
    /// with the example corrections applied), for a measure of every kind: numbers, an option of a
    /// choice, Ja/Nei, free text and a list (which a report counts but does not sum).
    #[test]
    fn explain_adds_up_to_what_report_prints(
        measure in 0usize..7,
        from in 2014i32..=2022,
        span in 0i32..9,
        centres in prop::collection::btree_set(0usize..6, 0..3),
    ) {
        use crate::report::{self, Filters, Key, Request};
        let (id, option) = [("hospitants", None), ("inquiries", None), ("hospitant_types", Some("fls")),
            ("spread_info", None), ("hospitant_municipalities", None), ("inquiry_topics", None),
            ("hospitant_municipality_names", None)][measure];
        let names = ["Modum", "Bergen", "Stavanger", "Senja", "Aktiv Eiker", "Drammen"];
        let centres: Vec<String> = centres.into_iter().map(|c| names[c].to_string()).collect();
        let years = format!("{from}-{}", (from + span).min(2022));
        let schema = Schema::builtin();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let corrections = crate::correct::Corrections::load(Some(&root.join("examples/corrections.toml")), &schema).unwrap();
        let inputs = crate::read::input::expand(&[std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data").display().to_string()]).unwrap().inputs;
        let mut data = normalise::load(&inputs, &schema, &Projection::all(schema.targets.len()).with_cells(), &corrections);

        let filters = Filters { centres, years: Some(years), period: None };
        let request = Request { measures: vec![id.into()], filters, by: vec![Key::Year], total: true, ..Request::default() };
        let plan = request.resolve(&schema, crate::lang::Lang::Nb).unwrap();
        let m = schema.measure_index(id).unwrap();
        let o = option.map(|o| schema.measures[m].options.iter().position(|x| x.id == o).unwrap());
        let filter = crate::report::explain::Filter { target: schema.target_index(m, o), years: plan.years, centres: plan.centres.clone() };
        let fixes = crate::correct::apply::Fixes::new(&data.corrections, &data.decisions);
        let explained = crate::report::explain::explain(&data.responses, data.raw.as_mut().unwrap(), &fixes, &schema, &filter, crate::lang::Lang::Nb).unwrap();

        let wide = crate::frame::Wide::new(data.responses.clone(), &schema).unwrap();
        let rows = report::rows(&plan, &wide, &schema).unwrap();
        let total = rows.iter().find(|r| r.total && r.option == o);
        prop_assert_eq!(explained.n, total.map_or(0, |r| r.n));
        let summed = !matches!(schema.measures[m].kind, Kind::Text | Kind::List);
        prop_assert_eq!(explained.sum.is_some(), summed);
        prop_assert_eq!(explained.sum.unwrap_or(0.0), total.and_then(|r| r.sum).unwrap_or(0.0));
    }
}
