//! Invariants over generated exports, in-process: every row is accounted for, reading is deterministic,
//! and no bytes make friskliv panic.

use friskliv::input::Input;
use friskliv::normalise::{self, Outcome};
use friskliv::schema::Schema;
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
            Input { path, year: None }
        })
        .collect();
    normalise::load(&inputs, &Schema::builtin())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn rows_read_equal_kept_plus_excluded_plus_rejected(a in prop::collection::vec(row(), 0..12), b in prop::collection::vec(row(), 0..12)) {
        let data = load(&[("2017.csv".into(), export(&a).into_bytes()), ("2018.csv".into(), export(&b).into_bytes())]);
        for (f, written) in data.files.iter().zip([a.len(), b.len()]) {
            let c = f.counts;
            prop_assert_eq!(c.read, written);
            prop_assert_eq!(c.read, c.kept + c.excluded + c.rejected);
        }
        prop_assert_eq!(data.rows.len(), a.len() + b.len());
        let every_row_has_a_reason = data.rows.iter().all(|r| match &r.outcome {
            Outcome::Kept => true,
            Outcome::Excluded(why) | Outcome::Rejected(why) => !why.is_empty(),
        });
        prop_assert!(every_row_has_a_reason);
        let kept = data.rows.iter().filter(|r| r.outcome == Outcome::Kept).count();
        let responses: std::collections::BTreeSet<&str> = data.observations.iter().map(|o| o.source.as_str()).collect();
        prop_assert_eq!(responses.len(), kept);
    }

    #[test]
    fn normalising_is_deterministic(a in prop::collection::vec(row(), 0..12)) {
        let files = [("2017.csv".to_string(), export(&a).into_bytes())];
        let dir = tempfile::tempdir().unwrap();
        let (x, y) = (load_in(dir.path(), &files), load_in(dir.path(), &files));
        prop_assert_eq!(&x.observations, &y.observations);
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
        let centres = ["Modum", "Bergen", "Verdal", "Senja"];
        let observations: Vec<friskliv::normalise::Observation> = obs
            .iter()
            .enumerate()
            .map(|(i, (year, c, v))| friskliv::normalise::Observation {
                year: *year,
                period: "2017–2019".into(),
                centre: centres[*c].into(),
                region: "r".into(),
                task: Some(2),
                measure: id.into(),
                kind: friskliv::schema::Kind::Number,
                option: None,
                value: v.map(f64::from),
                text: None,
                raw: String::new(),
                note: None,
                source: format!("x.csv:{i}"),
                column: String::new(),
                order: (0, 0),
            })
            .collect();
        let plan = |by: Vec<report::Key>, total: bool| Request { measures: vec![id.into()], by, total, ..Request::default() }.resolve(&schema).unwrap();
        let by_centre = report::rows(&plan(vec![report::Key::Year, report::Key::Centre], false), &observations, &schema).unwrap();
        let by_year = report::rows(&plan(vec![report::Key::Year], true), &observations, &schema).unwrap();
        for year_row in by_year.iter().filter(|r| !r.total) {
            let centres_sum: f64 = by_centre.iter().filter(|r| r.keys[0] == year_row.keys[0]).filter_map(|r| r.sum).sum();
            prop_assert_eq!(year_row.sum.unwrap_or(0.0), centres_sum);
        }
        let total = by_year.iter().find(|r| r.total).and_then(|r| r.sum).unwrap_or(0.0);
        let years: f64 = by_year.iter().filter(|r| !r.total).filter_map(|r| r.sum).sum();
        prop_assert_eq!(total, years);
    }
}
