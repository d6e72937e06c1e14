//! The README's quick start on `data/`: the published tables come out of the synthetic exports.

use crate::{csv_rows, sample_data, sums_by_year, Workdir};

#[test]
fn normalise_reproduces_tabell_1_from_the_sample_data() {
    let data = sample_data();
    let run = Workdir::new().run(&["normalise", data.to_str().unwrap(), "--format", "csv"]);
    run.code(0).stderr_has("read 78 rows from 9 files: 73 kept, 5 excluded, 0 rejected");
    let years = [2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022];
    let persons = [178.0, 186.0, 198.0, 181.0, 150.0, 260.0, 61.0, 67.0, 104.0];
    let municipalities = [45.0, 53.0, 38.0, 44.0, 46.0, 45.0, 25.0, 13.0, 25.0];
    assert_eq!(sums_by_year(&run.stdout, "hospitants"), years.into_iter().zip(persons).collect::<Vec<_>>());
    assert_eq!(
        sums_by_year(&run.stdout, "hospitant_municipalities"),
        years.into_iter().zip(municipalities).collect::<Vec<_>>()
    );
}

#[test]
fn normalise_reproduces_tabell_2_from_the_sample_data() {
    let data = sample_data();
    let run = Workdir::new().run(&["normalise", data.to_str().unwrap()]);
    let rows = csv_rows(&run.code(0).stdout);
    let count = |year: &str, option: &str| {
        rows.iter()
            .filter(|r| {
                r["measure"] == "rnd_institutions" && r["year"] == year && r["option"] == option && r["value"] == "1"
            })
            .count()
    };
    let options = ["ntnu", "uit", "uib", "uis", "hvl", "uia", "usn", "nord", "other"];
    assert_eq!(options.map(|o| count("2017", o)), [4, 0, 2, 1, 3, 2, 1, 1, 4]);
    assert_eq!(options.map(|o| count("2018", o)), [5, 3, 3, 1, 3, 2, 2, 1, 6]);
    let centres_2017: std::collections::BTreeSet<&str> =
        rows.iter().filter(|r| r["year"] == "2017").map(|r| r["centre"].as_str()).collect();
    assert_eq!(centres_2017.len(), 10);
}

#[test]
fn the_sample_data_validates_with_its_expected_notes() {
    let data = sample_data();
    let run = Workdir::new().run(&["validate", data.to_str().unwrap()]);
    run.code(0)
        .stdout_has("excluded: not completed (\"Fullført\" is empty)")
        .stdout_has("excluded: Stavanger 2016 superseded by the resubmission at")
        .stdout_has("excluded: Bergen 2018 superseded by the resubmission at")
        .stdout_has("excluded: test response (tester = 1)")
        .stdout_has("excluded: not completed (dispcode \"22\")")
        .stdout_has("\"10-15\" is a range, not a number")
        .stdout_has("\"ca. 30\" is approximate: counted as 30")
        .stdout_has("0 rejected; 2 warnings, 5 notes: valid");
}

#[test]
fn inspect_tells_the_truth_about_each_sample_file() {
    let data = sample_data();
    let cases = [
        ("utviklingssentraler-2014.csv", ["Windows-1252", "; (semicolon)", "Essentials", "2014, from the file name"]),
        ("Rapport 2015 (1).csv", ["UTF-8 with BOM", "; (semicolon)", "Essentials", "2015, from the file name"]),
        ("utviklingssentraler-2016.csv", ["UTF-16LE with BOM", "TAB", "Essentials", "2016, from the file name"]),
        ("utviklingssentraler-2017.csv", ["UTF-8 (no BOM)", ", (comma)", "Essentials", "2017, from the file name"]),
        ("utviklingssentraler-2019.csv", ["UTF-16LE with BOM", "TAB", "Skjema B", "2019, from the file name"]),
        (
            "utviklingssentraler-2020.csv",
            ["UTF-8 with BOM", "; (semicolon)", "EFS, three header rows", "2020, from the file name"],
        ),
        (
            "data_project_1187734_2022_03_14.csv",
            ["UTF-8 with BOM", "Statsforvalteren", "EFS, three header rows", "from the column \"Rapporteringsår\""],
        ),
        (
            "utviklingssentraler-2022.csv",
            ["UTF-8 (no BOM)", "; (semicolon)", "EFS, three header rows", "2022, from the file name"],
        ),
    ];
    for (file, facts) in cases {
        let run = Workdir::new().run(&["inspect", data.join(file).to_str().unwrap()]);
        run.code(0).stdout_lacks("unmapped");
        for fact in facts {
            run.stdout_has(fact);
        }
    }
    let run = Workdir::new().run(&["inspect", data.join("utviklingssentraler-2020.csv").to_str().unwrap()]);
    run.stdout_has("11 read: 9 kept, 2 excluded, 0 rejected")
        .stdout_has("ip_addr")
        .stdout_has("(personal data (never output))");
}

#[test]
fn personal_data_never_reaches_an_output() {
    let data = sample_data();
    let w = Workdir::new();
    for args in [
        vec!["normalise", data.to_str().unwrap()],
        vec!["normalise", data.to_str().unwrap(), "--format", "json"],
        vec!["validate", data.to_str().unwrap()],
        vec!["inspect", data.to_str().unwrap()],
    ] {
        let run = w.run(&args);
        for secret in ["kommune.no", "10.20.30.", "Mozilla/5.0"] {
            assert!(!run.stdout.contains(secret) && !run.stderr.contains(secret), "{args:?} printed {secret:?}");
        }
    }
}

#[test]
fn explain_counts_text_answers_as_report_does() {
    // All ten centres of 2019 wrote what their inquiries were about (utviklingssentraler-2019.csv,
    // column «1.2) Hvilke tema har henvendelsene handlet om?»): a report counts 10, and so does explain,
    // which has no sum to give for free text.
    let data = sample_data();
    let data = data.to_str().unwrap();
    let w = Workdir::new();
    let explain = w.run(&["explain", data, "--measure", "inquiry_topics", "--years", "2019", "--format", "csv"]);
    explain.code(0).stderr_has("friskliv: inquiry_topics: n = 10\n");
    assert_eq!(csv_rows(&explain.stdout).len(), 10);
    let report =
        w.run(&["report", data, "--measure", "inquiry_topics", "--by", "year", "--years", "2019", "--format", "csv"]);
    let rows = csv_rows(&report.code(0).stdout);
    assert_eq!((rows[0]["year"].as_str(), rows[0]["n"].as_str()), ("2019", "10"), "{rows:?}");
}

#[test]
fn sql_gives_the_same_rows_in_the_same_order_on_every_run() {
    // The README's example: a GROUP BY without an ORDER BY, whose groups polars returns in no fixed
    // order; friskliv sorts such a result by its columns.
    let data = sample_data();
    let query = "SELECT centre, SUM(value) FROM responses WHERE measure = 'hospitants' GROUP BY centre";
    let w = Workdir::new();
    let runs: Vec<String> = (0..8)
        .map(|_| w.run(&["sql", data.to_str().unwrap(), query, "--format", "csv"]).code(0).stdout.clone())
        .collect();
    assert!(runs.iter().all(|r| *r == runs[0]), "{runs:#?}");
    let centres: Vec<String> = csv_rows(&runs[0]).iter().map(|r| r["centre"].clone()).collect();
    let mut sorted = centres.clone();
    sorted.sort();
    assert_eq!(centres, sorted);
    assert!(centres.len() >= 10, "{centres:?}");
}
