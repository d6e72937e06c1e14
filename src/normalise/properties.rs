//! Invariants of reading, over generated exports: every row is accounted for, reading is
//! deterministic, no bytes make it panic, and corrections applied twice give the table of applying
//! them once.

use crate::diagnostics::Severity;
use crate::normalise::store::Projection;
use crate::normalise::{self, long, Dataset};
use crate::read::input::Input;
use crate::schema::Schema;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

/// `cases` generated cases, and the seeds of past failures kept in
/// `tests/proptest-regressions/normalise.txt` (run before any new case).
fn config(cases: u32) -> ProptestConfig {
    let seeds = FileFailurePersistence::Direct("tests/proptest-regressions/normalise.txt");
    ProptestConfig { cases, failure_persistence: Some(Box::new(seeds)), ..ProptestConfig::default() }
}

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

fn load(files: &[(String, Vec<u8>)]) -> Dataset {
    let dir = tempfile::tempdir().unwrap();
    load_in(dir.path(), files)
}

fn load_in(dir: &std::path::Path, files: &[(String, Vec<u8>)]) -> Dataset {
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

/// A wider export than [`export`]: a column no question maps, answers a spreadsheet would run,
/// double-encoded text, and the same centre more than once (resubmissions).
fn wide_export(rows: &[(String, bool, String, u8)], extra: &[String]) -> String {
    let mut s = String::from(
        "Utviklingssentral;Fullført;2.1 Antall personer som har hospitert;Beskriv samarbeidet;Et spørsmål ingen kjenner\n",
    );
    for (i, ((centre, completed, hospitants, shape), extra)) in rows.iter().zip(extra.iter().cycle()).enumerate() {
        let done = if *completed { format!("0{}.03.2018 1{}:00", 1 + i % 9, i % 10) } else { String::new() };
        match shape {
            0 => s.push_str(&format!("{centre};{done};{hospitants};{extra};{extra}\n")),
            1 => s.push_str(&format!("{centre};{done}\n")),
            2 => s.push_str(&format!("{centre};{done};{hospitants};tekst;ja;mer\n")),
            _ => s.push_str(";;;;\n"),
        }
    }
    s
}

/// Everything a load says, as text: each file's accounting and what was seen, every diagnostic in
/// order, the responses, and the long table; the records handed between threads `batch_rows` at a
/// time.
fn everything(inputs: &[Input], batch_rows: usize) -> String {
    let schema = Schema::builtin();
    let projection = Projection::all(schema.targets.len()).with_cells();
    let off = crate::output::progress::Progress::off();
    let mut data = normalise::load_in_batches(inputs, &schema, &projection, &Default::default(), &off, batch_rows);
    // What was seen, but not the index of names (a hash map: its order is not the file's).
    let seen =
        |f: &crate::normalise::FileSummary| format!("{:?} {:?} {:?}", f.seen.years, f.seen.centres, f.seen.unread);
    let files: Vec<String> = data.files.iter().map(|f| format!("{} {:?} {}", f.path, f.counts, seen(f))).collect();
    let problems: Vec<String> = data.diagnostics.problems.iter().map(|p| format!("{p:?}")).collect();
    let responses = format!("{:?}", data.responses);
    format!("{}\n{}\n{responses}\n{}", files.join("\n"), problems.join("\n"), long_csv(&mut data))
}

/// The long normalised table as CSV.
fn long_csv(data: &mut Dataset) -> String {
    let mut out = Vec::new();
    let raw = data.raw.as_mut().unwrap();
    long::write_csv(&data.responses, raw, &Default::default(), &Schema::builtin(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

proptest! {
    #![proptest_config(config(64))]

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
    fn one_thread_and_four_read_the_same_to_the_byte(
        a in prop::collection::vec(row(), 0..40),
        b in prop::collection::vec(row(), 0..40),
        extra in prop::collection::vec(prop_oneof![Just("=SUM(A1)".to_string()), Just("Ã¸ving".to_string()), Just("Ja".to_string()), "[a-z0-9 ]{0,6}"], 1..5),
        batch in 1usize..5,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let files = [("2018.csv", wide_export(&a, &extra)), ("2019.csv", wide_export(&b, &extra))];
        let inputs: Vec<Input> = files
            .iter()
            .map(|(name, text)| {
                std::fs::write(dir.path().join(name), text).unwrap();
                Input { path: dir.path().join(name), year: None, sheet: None }
            })
            .collect();
        // Batches of more records than the files hold: each file on one thread. Batches of one to
        // four: the records cut on a second thread, judged and prepared on a third and a fourth in
        // turn, and taken on this one, a few at a time.
        prop_assert_eq!(everything(&inputs, 1_000), everything(&inputs, batch));
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
    let corrections = crate::correct::Corrections::parse(toml, "corrections.toml", &schema).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("2017.csv"), export).unwrap();
    let inputs = [Input { path: dir.path().join("2017.csv"), year: None, sheet: None }];
    let mut data = normalise::load(&inputs, &schema, &Projection::all(schema.targets.len()).with_cells(), &corrections);
    let statuses = data.decisions.iter().map(|d| d.status.as_str()).collect();
    let csv = long_csv_with(&mut data);
    let rows = csv_rows(&csv)
        .into_iter()
        .map(|r| (r["centre"].clone(), r["value"].clone(), r["correction"].clone()))
        .collect();
    (rows, statuses)
}

/// The long normalised table as CSV, with the data's corrections.
fn long_csv_with(data: &mut Dataset) -> String {
    let mut out = Vec::new();
    let fixes = crate::correct::apply::Fixes::new(&data.corrections, &data.decisions);
    let raw = data.raw.as_mut().unwrap();
    long::write_csv(&data.responses, raw, &fixes, &Schema::builtin(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

proptest! {
    #![proptest_config(config(48))]

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

/// Parses normalise's CSV output into maps of column → value.
fn csv_rows(text: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| headers.iter().zip(rec.unwrap().iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect())
        .collect()
}
