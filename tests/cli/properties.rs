//! Invariants over generated exports, in-process: every row is accounted for, reading is deterministic,
//! and no bytes make friskliv panic.

use friskliv::diagnostics::Severity;
use friskliv::normalise;
use friskliv::normalise::store::Projection;
use friskliv::read::input::Input;
use friskliv::schema::{Kind, Schema};
use proptest::prelude::*;

fn centre() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Modum".to_string()),
        Just("Lenvik".to_string()),
        Just("Senja".to_string()),
        Just("Kristiansnd".to_string()),
        Just("Aktiv Eiker".to_string()),
        Just(String::new()),
        "[A-Za-zæøå ]{0,12}",
    ]
}

fn row() -> impl Strategy<Value = (String, bool, String, u8)> {
    // (centre, completed, hospitants, shape: 0 normal, 1 short, 2 long with values, 3 blank)
    (
        centre(),
        any::<bool>(),
        prop_oneof![Just(String::new()), "[0-9]{1,3}", Just("10-15".to_string()), Just("ca. 7".to_string())],
        0u8..4,
    )
}

fn export(rows: &[(String, bool, String, u8)]) -> String {
    let mut s = String::from("Utviklingssentral;Fullført;2.1 Antall personer som har hospitert;Beskriv samarbeidet\n");
    for (i, (centre, completed, hospitants, shape)) in rows.iter().enumerate() {
        let done = if *completed { format!("0{}.03.2018 10:00", 1 + i % 9) } else { String::new() };
        match shape {
            0 => s.push_str(&format!("{centre};{done};{hospitants};tekst\n")),
            1 => s.push_str(&format!("{centre};{done}\n")),
            2 => s.push_str(&format!("{centre};{done};{hospitants};tekst;ekstra\n")),
            _ => s.push_str(";;;\n"),
        }
    }
    s
}

fn load(files: &[(String, Vec<u8>)]) -> normalise::Dataset {
    let dir = tempfile::tempdir().unwrap();
    load_in(dir.path(), files)
}

fn load_in(dir: &std::path::Path, files: &[(String, Vec<u8>)]) -> normalise::Dataset {
    let inputs: Vec<Input> = files
        .iter()
        .map(|(name, bytes)| {
            let path = dir.join(name);
            std::fs::write(&path, bytes).unwrap();
            Input { path, year: None, sheet: None }
        })
        .collect();
    let schema = Schema::builtin();
    normalise::load(&inputs, &schema, &Projection::all(schema.targets.len()).with_cells(), &Default::default())
}

/// The long normalised table as CSV.
fn long_csv(data: &mut normalise::Dataset) -> String {
    let mut out = Vec::new();
    let raw = data.raw.as_mut().unwrap();
    friskliv::normalise::long::write_csv(&data.responses, raw, &Default::default(), &Schema::builtin(), &mut out)
        .unwrap();
    String::from_utf8(out).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn rows_read_equal_kept_plus_excluded_plus_rejected(a in prop::collection::vec(row(), 0..12), b in prop::collection::vec(row(), 0..12)) {
        let mut data = load(&[("2017.csv".into(), export(&a).into_bytes()), ("2018.csv".into(), export(&b).into_bytes())]);
        for (f, written) in data.files.iter().zip([a.len(), b.len()]) {
            let c = f.counts;
            prop_assert_eq!(c.read, written);
            prop_assert_eq!(c.read, c.kept + c.excluded + c.rejected);
        }
        // Every row not kept has its reason: a blank row, or a note or error on its line.
        for (f, written) in data.files.iter().zip([&a, &b]) {
            let text = export(written);
            let blank = text.lines().skip(1).filter(|l| l.split(';').all(|f| f.trim().is_empty())).count();
            let reasons: std::collections::BTreeSet<usize> = data
                .diagnostics
                .for_file(&f.path)
                .filter(|p| p.severity != Severity::Warning)
                .filter_map(|p| p.line)
                .collect();
            prop_assert!(f.counts.excluded + f.counts.rejected <= blank + reasons.len());
        }
        let kept: usize = data.files.iter().map(|f| f.counts.kept).sum();
        prop_assert_eq!(data.responses.len(), kept);
        let long = long_csv(&mut data);
        let sources: std::collections::BTreeSet<&str> =
            long.lines().skip(1).filter_map(|l| l.split(',').rev().nth(2)).collect();
        prop_assert_eq!(sources.len(), kept);
    }

    #[test]
    fn normalising_is_deterministic(a in prop::collection::vec(row(), 0..12)) {
        let files = [("2017.csv".to_string(), export(&a).into_bytes())];
        let dir = tempfile::tempdir().unwrap();
        let (mut x, mut y) = (load_in(dir.path(), &files), load_in(dir.path(), &files));
        prop_assert_eq!(long_csv(&mut x), long_csv(&mut y));
        prop_assert_eq!(&x.diagnostics.problems, &y.diagnostics.problems);
    }

    #[test]
    fn no_bytes_make_reading_panic(bytes in prop::collection::vec(any::<u8>(), 0..400), text in "[;\t,\"\r\nA-Za-z0-9 ]{0,200}") {
        let mut seeded = b"Utviklingssentral;Fullf\xc3\xb8rt;2.1 Antall personer som har hospitert\r\n".to_vec();
        seeded.extend(text.as_bytes());
        let data = load(&[("2017.csv".into(), bytes), ("2018.csv".into(), seeded)]);
        for f in &data.files {
            prop_assert_eq!(f.counts.read, f.counts.kept + f.counts.excluded + f.counts.rejected);
        }
    }
}

/// Responses of one file holding one number measure: (year, centre, value) each.
fn numbers_as_responses(
    schema: &Schema,
    id: &str,
    rows: &[(i32, usize, Option<u32>)],
) -> friskliv::normalise::store::Responses {
    use friskliv::normalise::store::{FileColumn, FileColumns, Responses, Values};
    let kinds: Vec<Values> = schema.targets.iter().map(|_| Values::number()).collect();
    let target = schema.target_index(schema.measure_index(id).unwrap(), None);
    let mut r = Responses::new(&kinds, &Projection::only(kinds.len(), [target]));
    let column =
        FileColumn { target, index: 0, name: id.into(), cell: friskliv::schema::CellKind::Number, label: None };
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
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn the_sum_over_centres_equals_the_year_total_for_every_number_measure(obs in numbers(), measure in 0usize..2) {
        use friskliv::report::{self, Request};
        let schema = Schema::builtin();
        let id = ["hospitants", "network_gatherings"][measure];
        let responses = numbers_as_responses(&schema, id, &obs);
        let wide = friskliv::frame::Wide::new(responses).unwrap();
        let plan = |by: Vec<report::Key>, total: bool| Request { measures: vec![id.into()], by, total, ..Request::default() }.resolve(&schema, friskliv::lang::Lang::Nb).unwrap();
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

/// An export of one response per centre (each `Some(cell)` of hospitants), and the corrections
/// `fixes` asks for: (centre index, new number) with `old` the cell as written.
fn corrected(cells: &[Option<String>], fixes: &[(usize, u32)]) -> (String, String) {
    const CENTRES: [&str; 4] = ["Modum", "Senja", "Verdal", "Bergen"];
    let mut export = String::from("Utviklingssentral;Fullført;2.1 Antall personer som har hospitert\n");
    for (c, cell) in cells.iter().enumerate() {
        if let Some(cell) = cell {
            export.push_str(&format!("{};01.03.2018 10:00;{cell}\n", CENTRES[c]));
        }
    }
    let mut toml = String::new();
    for (i, &(c, new)) in fixes.iter().enumerate() {
        let old = cells[c].clone().unwrap_or_default();
        toml.push_str(&format!(
            "[[correction]]\nid = \"c{i}\"\nyear = 2017\ncentre = \"{}\"\nmeasure = \"hospitants\"\nold = {old:?}\nnew = \"{new}\"\n\
             reason = \"r\"\nauthor = \"a\"\ndate = 2018-03-20\n",
            CENTRES[c]
        ));
    }
    (export, toml)
}

/// The long table's (centre, value, correction) of each row, and each correction's status.
fn corrected_table(export: &str, toml: &str) -> (Vec<(String, String, String)>, Vec<&'static str>) {
    let schema = Schema::builtin();
    let corrections = friskliv::correct::Corrections::parse(toml, "corrections.toml", &schema).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("2017.csv"), export).unwrap();
    let inputs = [Input { path: dir.path().join("2017.csv"), year: None, sheet: None }];
    let mut data = normalise::load(&inputs, &schema, &Projection::all(schema.targets.len()).with_cells(), &corrections);
    let statuses = data.decisions.iter().map(|d| d.status.as_str()).collect();
    let csv = long_csv_with(&mut data);
    let rows = crate::csv_rows(&csv)
        .into_iter()
        .map(|r| (r["centre"].clone(), r["value"].clone(), r["correction"].clone()))
        .collect();
    (rows, statuses)
}

/// The long normalised table as CSV, with the data's corrections.
fn long_csv_with(data: &mut normalise::Dataset) -> String {
    let mut out = Vec::new();
    let fixes = friskliv::correct::apply::Fixes::new(&data.corrections, &data.decisions);
    let raw = data.raw.as_mut().unwrap();
    friskliv::normalise::long::write_csv(&data.responses, raw, &fixes, &Schema::builtin(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Corrections applied to an export, and applied again to the export with the corrections written
    /// in, give the same values: the second time every correction is unchanged.
    #[test]
    fn applying_corrections_twice_gives_the_table_of_applying_them_once(
        cells in prop::collection::vec(prop::option::of(prop_oneof![
            Just(String::new()), "[0-9]{1,3}", Just("10-15".to_string()), Just("ca. 7".to_string()), Just("1 004".to_string())
        ]), 4),
        fixes in prop::collection::btree_map(0usize..4, 0u32..500, 0..4),
    ) {
        let fixes: Vec<(usize, u32)> = fixes.into_iter().filter(|&(c, _)| cells[c].is_some()).collect();
        let (export, toml) = corrected(&cells, &fixes);
        let (once, statuses) = corrected_table(&export, &toml);
        prop_assert!(statuses.iter().all(|s| *s == "applied" || *s == "unchanged"), "{statuses:?}");
        let mut written = cells.clone();
        for &(c, new) in &fixes {
            written[c] = Some(new.to_string());
        }
        let (twice, statuses) = corrected_table(&corrected(&written, &[]).0, &toml);
        prop_assert!(statuses.iter().all(|s| *s == "unchanged"), "{statuses:?}");
        let values = |t: &[(String, String, String)]| t.iter().map(|(c, v, _)| (c.clone(), v.clone())).collect::<Vec<_>>();
        prop_assert_eq!(values(&once), values(&twice));
        for &(c, new) in &fixes {
            let centre = ["Modum", "Senja", "Verdal", "Bergen"][c];
            let row = once.iter().find(|(name, _, _)| name == centre).unwrap();
            prop_assert_eq!(&row.1, &new.to_string());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

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
        use friskliv::report::{self, Key, Request};
        let (id, option) = [("hospitants", None), ("inquiries", None), ("hospitant_types", Some("fls")),
            ("spread_info", None), ("hospitant_municipalities", None), ("inquiry_topics", None),
            ("hospitant_municipality_names", None)][measure];
        let names = ["Modum", "Bergen", "Stavanger", "Senja", "Aktiv Eiker", "Drammen"];
        let centres: Vec<String> = centres.into_iter().map(|c| names[c].to_string()).collect();
        let years = format!("{from}-{}", (from + span).min(2022));
        let schema = Schema::builtin();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let corrections = friskliv::correct::Corrections::load(Some(&root.join("examples/corrections.toml")), &schema).unwrap();
        let inputs = friskliv::read::input::expand(&[crate::sample_data().display().to_string()]).unwrap();
        let mut data = normalise::load(&inputs, &schema, &Projection::all(schema.targets.len()).with_cells(), &corrections);

        let request = Request { measures: vec![id.into()], centres, years: Some(years), by: vec![Key::Year], total: true, ..Request::default() };
        let plan = request.resolve(&schema, friskliv::lang::Lang::Nb).unwrap();
        let m = schema.measure_index(id).unwrap();
        let o = option.map(|o| schema.measures[m].options.iter().position(|x| x.id == o).unwrap());
        let filter = friskliv::report::explain::Filter { target: schema.target_index(m, o), years: plan.years, centres: plan.centres.clone() };
        let fixes = friskliv::correct::apply::Fixes::new(&data.corrections, &data.decisions);
        let explained = friskliv::report::explain::explain(&data.responses, data.raw.as_mut().unwrap(), &fixes, &schema, &filter).unwrap();

        let wide = friskliv::frame::Wide::new(data.responses.clone()).unwrap();
        let rows = report::rows(&plan, &wide, &schema).unwrap();
        let total = rows.iter().find(|r| r.total && r.option == o);
        prop_assert_eq!(explained.n, total.map_or(0, |r| r.n));
        let summed = !matches!(schema.measures[m].kind, Kind::Text | Kind::List);
        prop_assert_eq!(explained.sum.is_some(), summed);
        prop_assert_eq!(explained.sum.unwrap_or(0.0), total.and_then(|r| r.sum).unwrap_or(0.0));
    }
}
