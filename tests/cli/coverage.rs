//! `friskliv coverage` and `friskliv sql`.

use crate::{essentials, sample_data, Workdir};

#[test]
fn coverage_tells_reported_excused_missing_and_not_a_centre_apart() {
    let d = sample_data();
    let run = Workdir::new().run(&["coverage", d.to_str().unwrap(), "--format", "csv"]);
    let rows = crate::csv_rows(&run.code(0).stdout);
    let of = |centre: &str, year: &str| rows.iter().find(|r| r["centre"] == centre).unwrap()[year].clone();
    assert_eq!(of("Sør-Varanger", "2020"), "excused");
    assert_eq!(of("Sør-Varanger", "2022"), "reported");
    assert_eq!(of("Aktiv Eiker", "2017"), "not_centre");
    assert_eq!(of("Senja", "2017"), "reported");
}

#[test]
fn coverage_in_a_pipe_is_one_table_with_its_totals() {
    // It wrote two CSV tables with different headers one after the other, and no totals.
    let d = sample_data();
    let w = Workdir::new();
    let run = w.run(&["coverage", d.to_str().unwrap(), "--format", "csv"]);
    let rows = crate::csv_rows(&run.code(0).stdout);
    // The built-in schema's 11 centres (5 of 2014–2016, 10 of 2017–2022, 4 of them both), then
    // the two totals: 5 centres in 2014, 10 in 2017, 9 expected in 2020 with Sør-Varanger excused.
    assert_eq!(rows.len(), 11 + 2, "one table: every centre, then the totals");
    let total = |name: &str| rows.iter().find(|r| r["centre"] == name).unwrap().clone();
    assert_eq!((&total("total_reported")["2014"], &total("total_reported")["2017"]), (&"5".into(), &"10".into()));
    assert_eq!(total("total_expected")["2020"], "9");
    let questions = w.run(&["coverage", d.to_str().unwrap(), "--format", "csv", "--table", "sporsmal"]);
    let rows = crate::csv_rows(&questions.code(0).stdout);
    assert_eq!(rows.iter().find(|r| r["measure"] == "homepage").unwrap()["2014"], "A");
    // Formats that hold several tables keep both.
    let doc: serde_json::Value =
        serde_json::from_str(&w.run(&["coverage", d.to_str().unwrap(), "--format", "json"]).code(0).stdout).unwrap();
    assert!(doc["rapporter"].is_array() && doc["sporsmal"].is_array());
}

#[test]
fn a_missing_report_fails_coverage_only_with_strict() {
    let w = Workdir::new();
    w.write("2017.csv", &essentials(&[("Modum", "01.03.2018 10:00", "4")]));
    w.run(&["coverage", "2017.csv", "--format", "md"])
        .code(0)
        .stdout_has("| Bergen | MANGLER |")
        .stdout_has("Mangler: Bergen 2017");
    w.run(&["coverage", "2017.csv", "--strict", "--format", "csv"])
        .code(1)
        .stderr_has("friskliv: 9 expected report(s) missing: Alstahaug 2017, Stavanger 2017");
}

#[test]
fn coverage_shows_which_form_asked_which_measure() {
    let d = sample_data();
    let run = Workdir::new().run(&["coverage", d.to_str().unwrap(), "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&run.code(0).stdout).unwrap();
    let questions = doc["sporsmal"].as_array().unwrap();
    let idebank = questions.iter().find(|r| r["measure"] == "idebank_contributions").unwrap();
    assert_eq!((&idebank["2016"], &idebank["2017"]), (&serde_json::Value::Null, &serde_json::json!("B")));
    let names = questions.iter().find(|r| r["measure"] == "hospitant_municipality_names").unwrap();
    assert_eq!((&names["2018"], &names["2019"]), (&serde_json::Value::Null, &serde_json::json!("B")));
    assert_eq!(questions.iter().find(|r| r["measure"] == "homepage").unwrap()["2014"], "A");
}

#[test]
fn sql_queries_the_normalised_table_and_the_wide_view() {
    let d = sample_data();
    let d = d.to_str().unwrap();
    let w = Workdir::new();
    let run = w.run(&[
        "sql",
        d,
        "SELECT centre, SUM(value) FROM responses WHERE measure = 'hospitants' GROUP BY centre ORDER BY centre",
        "--format",
        "csv",
    ]);
    let rows = crate::csv_rows(&run.code(0).stdout);
    assert_eq!(rows.len(), 11);
    let total: f64 = rows.iter().map(|r| r["value"].parse::<f64>().unwrap()).sum();
    assert_eq!(total, 1385.0);
    let wide = w.run(&[
        "sql",
        d,
        "SELECT year, COUNT(*) AS n, SUM(hospitant_types__fls) AS fls FROM wide GROUP BY year ORDER BY year",
        "--format",
        "json",
    ]);
    let doc: serde_json::Value = serde_json::from_str(&wide.code(0).stdout).unwrap();
    assert_eq!(doc[0], serde_json::json!({"year": 2014, "n": 5, "fls": 5}));
    assert_eq!(doc[8]["n"], 10);
}

#[test]
fn a_bad_query_is_a_clear_error_with_exit_2() {
    let d = sample_data();
    let run = Workdir::new().run(&["sql", d.to_str().unwrap(), "SELECT nope FROM responses"]);
    run.code(2)
        .stderr_has("friskliv: the query failed:")
        .stderr_has("query the tables `responses` (the normalised table) and `wide`");
}

#[test]
fn every_command_speaks_norwegian_unless_told_and_coverage_and_explain_take_lang() {
    let d = sample_data();
    let d = d.to_str().unwrap();
    let w = Workdir::new();
    w.run(&["coverage", d, "--format", "md"])
        .code(0)
        .stdout_has("## Rapporter per sentral og år")
        .stdout_has("## Spørsmål per år");
    w.run(&["coverage", d, "--format", "md", "--lang", "en"])
        .code(0)
        .stdout_has("## Reports by centre and year")
        .stdout_has("| Centre |")
        .stdout_has("## Questions by year (the form that asked)")
        .stdout_has("Number of people on placement");
    let explain = ["explain", d, "--measure", "hospitants", "--years", "2017", "--format", "md"];
    w.run(&explain).code(0).stdout_has("## Cellene bak hospitants").stdout_has("| År | Periode | Sentral |");
    w.run(&[&explain[..], &["--lang", "en"]].concat())
        .code(0)
        .stdout_has("## The cells behind hospitants")
        .stdout_has("| Year |");
}
