//! Corrections: a file of changes beside the exports, applied after reading, each with its status.

use crate::{csv_rows, essentials, Workdir};

/// One `[[correction]]` of hospitants in 2017, with `fields` (`old`, `new`, `action` …) as written.
fn correction(id: &str, centre: &str, fields: &str) -> String {
    format!(
        "[[correction]]\nid = \"{id}\"\nyear = 2017\ncentre = \"{centre}\"\n{fields}\n\
         reason = \"Bekreftet på e-post\"\nauthor = \"kari\"\ndate = 2018-03-20\n\n"
    )
}

fn hospitants(fields: &str) -> String {
    format!("measure = \"hospitants\"\n{fields}")
}

/// Modum wrote `ca. 12`, Lenvik (Senja) a range, Verdal a number with a space.
fn fixture(corrections: &str) -> Workdir {
    let w = Workdir::new();
    w.write(
        "2017.csv",
        &essentials(&[
            ("Modum", "01.03.2018 10:00", "ca. 12"),
            ("Lenvik", "01.03.2018 11:00", "10\u{a0}-  15"),
            ("Verdal", "01.03.2018 12:00", "1 004"),
        ]),
    );
    w.write("corrections.toml", corrections);
    w
}

fn sum_of_hospitants(w: &Workdir) -> String {
    let run = w.run(&["report", "2017.csv", "--measure", "hospitants", "--format", "csv"]);
    csv_rows(&run.code(0).stdout)[0]["sum"].clone()
}

#[test]
fn a_set_correction_changes_what_every_command_reads_and_keeps_the_raw_cell() {
    let w = fixture(&correction("senja-2017", "Senja", &hospitants("old = \"10 - 15\"\nnew = \"12\"")));
    // 12 (Modum, approximate) + 12 (Senja, corrected) + 1004 (Verdal).
    assert_eq!(sum_of_hospitants(&w), "1028");
    let run = w.run(&["normalise", "2017.csv"]);
    let senja =
        csv_rows(&run.code(0).stdout).into_iter().find(|r| r["centre"] == "Senja" && r["measure"] == "hospitants");
    let senja = senja.unwrap();
    assert_eq!((senja["value"].as_str(), senja["raw"].as_str()), ("12", "10\u{a0}-  15"));
    assert_eq!((senja["note"].as_str(), senja["correction"].as_str()), ("", "senja-2017"));
    run.stderr_has("corrections.toml: 1 applied");
    let validate = w.run(&["validate", "2017.csv"]);
    validate.code(0).stdout_has("note: corrections.toml:1: correction \"senja-2017\" applied to Senja 2017 hospitants (2017.csv:3): \"10 - 15\" → \"12\"");
    validate.stdout_lacks("is a range");
}

#[test]
fn without_a_corrections_file_the_range_counts_as_unanswered() {
    let w = fixture("");
    std::fs::remove_file(w.path("corrections.toml")).unwrap();
    assert_eq!(sum_of_hospitants(&w), "1016");
}

#[test]
fn every_status_is_shown_and_an_unmatched_correction_fails_the_run() {
    let text = [
        correction("applied", "Senja", &hospitants("old = \"10 - 15\"\nnew = \"12\"")),
        correction("unchanged", "Verdal", &hospitants("old = \"1 004\"\nnew = \"1004\"")),
        correction("stale", "Modum", &hospitants("old = \"ca. 14\"\nnew = \"14\"")),
        correction("unmatched", "Bergen", &hospitants("old = \"3\"\nnew = \"4\"")),
    ]
    .concat();
    let w = fixture(&text);
    let run = w.run(&["corrections", "2017.csv", "--format", "csv"]);
    let rows = csv_rows(&run.code(1).stdout);
    let status: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|r| (r["id"].as_str(), r["status"].as_str(), r["value_before"].as_str(), r["value_after"].as_str()))
        .collect();
    assert_eq!(
        status,
        [
            ("applied", "applied", "", "12"),
            ("unchanged", "unchanged", "1004", "1004"),
            ("stale", "stale", "12", "12"),
            ("unmatched", "unmatched", "", "")
        ]
    );
    assert_eq!((rows[0]["reason"].as_str(), rows[0]["date"].as_str()), ("Bekreftet på e-post", "2018-03-20"));
    run.stderr_has("error: corrections.toml:34: correction \"unmatched\" unmatched: Bergen 2017 hospitants: no kept response of that year and centre");
    run.stderr_has("corrections.toml: 1 applied, 1 unchanged, 1 stale, 1 unmatched");
    // A stale correction is not applied: Modum stays 12 as read; it warns, so --strict fails.
    let strict = fixture(&correction("stale", "Modum", &hospitants("old = \"ca. 14\"\nnew = \"14\"")));
    assert_eq!(sum_of_hospitants(&strict), "1016");
    strict.run(&["validate", "2017.csv"]).code(0);
    strict.run(&["validate", "2017.csv", "--strict"]).code(1).stdout_has(
        "warning: corrections.toml:1: correction \"stale\" stale, not applied: Modum 2017 hospitants (2017.csv:2): the cell holds \"ca. 12\", not \"ca. 14\"",
    );
}

#[test]
fn confirm_keeps_the_value_as_read_and_silences_its_warning() {
    let w = fixture(&correction("modum", "Modum", &hospitants("old = \"ca. 12\"\naction = \"confirm\"")));
    assert_eq!(sum_of_hospitants(&w), "1016");
    let run = w.run(&["validate", "2017.csv"]);
    run.code(0).stdout_lacks("is approximate");
    run.stdout_has("\"ca. 12\" confirmed as read");
}

#[test]
fn old_matches_the_cell_white_space_aside_or_a_number_by_its_value() {
    let text = [
        correction("range", "Senja", &hospitants("old = \"10 - 15\"\nnew = \"\"")),
        correction("spaced", "Verdal", &hospitants("old = \"1004\"\nnew = \"1005\"")),
    ]
    .concat();
    let w = fixture(&text);
    let run = w.run(&["corrections", "2017.csv", "--format", "csv"]);
    let status: Vec<String> = csv_rows(&run.code(0).stdout).iter().map(|r| r["status"].clone()).collect();
    assert_eq!(status, ["applied", "applied"]);
    assert_eq!(sum_of_hospitants(&w), "1017");
}

#[test]
fn a_file_without_a_column_for_the_measure_leaves_the_correction_unmatched() {
    let w = fixture(&correction("inq", "Modum", "measure = \"inquiries\"\nold = \"3\"\nnew = \"4\""));
    w.run(&["report", "2017.csv", "--measure", "hospitants"])
        .code(1)
        .stderr_has("correction \"inq\" unmatched: Modum 2017 inquiries: 2017.csv has no column for that measure");
}

#[test]
fn drop_excludes_the_response_it_names_and_a_resubmission_takes_its_place() {
    let w = Workdir::new();
    let rows =
        [("Modum", "01.03.2018 10:00", "5"), ("Modum", "02.03.2018 10:00", "7"), ("Verdal", "01.03.2018 12:00", "1")];
    w.write("2017.csv", &essentials(&rows));
    let drop = |response: &str| correction("dupe", "Modum", &format!("action = \"drop\"\n{response}"));
    w.write("corrections.toml", &drop(""));
    w.run(&["report", "2017.csv", "--measure", "hospitants"])
        .code(1)
        .stderr_has("the centre has 2 responses that year (2017.csv:2, 2017.csv:3): add response = \"FILE:LINE\"");
    w.write("corrections.toml", &drop("response = \"2017.csv:3\""));
    assert_eq!(sum_of_hospitants(&w), "6", "the earlier response (5) stays once the later one is dropped");
    let run = w.run(&["validate", "2017.csv"]);
    run.code(0).stdout_has("note: 2017.csv:3: excluded: dropped by correction \"dupe\" (Bekreftet på e-post)");
    run.stdout_has("2 kept, 1 excluded").stdout_lacks("superseded");
}

#[test]
fn a_malformed_corrections_file_is_refused_before_any_export_is_read() {
    let w = fixture(&correction("x", "Modum", "measure = \"hospitant\"\nold = \"1\"\nnew = \"2\""));
    w.run(&["report", "missing.csv"]).code(2).stderr_has(
        "corrections.toml:1: the correction: \"x\": unknown measure \"hospitant\"; did you mean \"hospitants\"?",
    );
    let w = fixture(&correction("x", "Modum", &hospitants("old = \"1\"\nnew = \"2\"\nreason2 = \"?\"")));
    w.run(&["report", "missing.csv"]).code(2).stderr_has("unknown field `reason2`");
    w.run(&["report", "2017.csv", "--corrections", "elsewhere.toml"])
        .code(2)
        .stderr_has("cannot read the corrections file elsewhere.toml");
}

#[test]
fn the_spec_report_lists_the_corrections_it_applied_in_its_combined_outputs() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let spec = root.join("examples/rapport-2014-2022.toml");
    let corrections = root.join("examples/corrections.toml");
    let w = Workdir::new();
    let args = ["report", "--spec", spec.to_str().unwrap(), "--corrections", corrections.to_str().unwrap()];
    w.run(&[&args[..], &["--out-dir", "out"]].concat()).code(0).stderr_has("corrections.toml: 2 applied");
    let combined = std::fs::read_to_string(w.path("out/rapport-2014-2022.md")).unwrap();
    assert!(combined.contains("## Korreksjoner brukt"), "{combined}");
    // For readers, the measure's label (the machines' CSV below keeps the id).
    assert!(combined.contains(
        "| 2015-stavanger-henvendelser | Stavanger | 2015 | Antall henvendelser | \"10-15\" → \"12\" | Sentralen bekreftet 12 henvendelser på e-post 14.03.2016 |"
    ));
    assert!(combined.contains(
        "| 2017-modum-hospitanter | Modum | 2017 | Antall personer som har hospitert | \"ca. 30\" bekreftet |"
    ));
    let tabell_1 = std::fs::read_to_string(w.path("out/tabell-1.md")).unwrap();
    assert!(!tabell_1.contains("Korreksjoner"), "one table's file holds that table only");
    w.run(&[&args[..], &["--format", "csv", "--table", "korreksjoner"]].concat())
        .code(0)
        .stdout_has("2017-modum-hospitanter,Modum,2017,hospitants");
}

#[test]
fn explain_shows_the_cells_behind_a_number_with_their_corrections() {
    let w = fixture(&correction("senja-2017", "Senja", &hospitants("old = \"10 - 15\"\nnew = \"12\"")));
    let run = w.run(&["explain", "2017.csv", "--measure", "hospitants", "--format", "csv"]);
    let rows = csv_rows(&run.code(0).stdout);
    let cells: Vec<(&str, &str, &str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (r["centre"].as_str(), r["raw"].as_str(), r["value"].as_str(), r["note"].as_str(), r["correction"].as_str())
        })
        .collect();
    assert_eq!(
        cells,
        [
            ("Modum", "ca. 12", "12", "approximate", ""),
            ("Senja", "10\u{a0}-  15", "12", "", "senja-2017"),
            ("Verdal", "1 004", "1004", "", "")
        ]
    );
    assert_eq!(rows[1]["source"], "2017.csv:3");
    // The same n and sum as the report; for people under the table, for machines on stderr.
    run.stderr_has("friskliv: hospitants: n = 3, sum = 1028");
    assert_eq!(sum_of_hospitants(&w), "1028");
    let table = w.run(&["explain", "2017.csv", "--measure", "hospitants", "--centre", "Lenvik", "--format", "md"]);
    table.code(0).stdout_has("n = 1, sum = 12").stdout_lacks("Modum");
    w.run(&["explain", "2017.csv", "--measure", "hospitant_types"])
        .code(2)
        .stderr_has("\"hospitant_types\" is a choice: name one of its options, as \"hospitant_types:OPTION\"");
}

#[test]
fn an_ambiguous_count_warns_and_is_unanswered_until_a_correction_decides() {
    let w = Workdir::new();
    w.write("2017.csv", &essentials(&[("Modum", "01.03.2018 10:00", "1.200"), ("Verdal", "01.03.2018 12:00", "12,5")]));
    let run = w.run(&["validate", "2017.csv"]);
    run.code(0).stdout_has("\"1.200\" is ambiguous (1200 or 1.2?): counted as unanswered");
    run.stdout_has("\"12,5\" is not a whole number, which a count is: counted as 12.5");
    assert_eq!(sum_of_hospitants(&w), "12.5");
    w.write("corrections.toml", &correction("modum", "Modum", &hospitants("old = \"1.200\"\naction = \"confirm\"")));
    assert_eq!(sum_of_hospitants(&w), "1212.5", "a confirmation counts it as 1200");
    let audit = w.run(&["corrections", "2017.csv", "--format", "csv"]);
    let row = &csv_rows(&audit.code(0).stdout)[0];
    assert_eq!((row["value_before"].as_str(), row["value_after"].as_str()), ("", "1200"));
    w.run(&["validate", "2017.csv"]).code(0).stdout_lacks("ambiguous");
    w.write("corrections.toml", &correction("modum", "Modum", &hospitants("old = \"1.200\"\nnew = \"1\"")));
    assert_eq!(sum_of_hospitants(&w), "13.5");
}

#[test]
fn an_approximate_cell_that_a_correction_sets_to_its_own_value_is_applied_not_unchanged() {
    let w = fixture(&correction("modum", "Modum", &hospitants("old = \"ca. 12\"\nnew = \"12\"")));
    let run = w.run(&["corrections", "2017.csv", "--format", "csv"]);
    assert_eq!(csv_rows(&run.code(0).stdout)[0]["status"], "applied");
    let normalised = csv_rows(&w.run(&["normalise", "2017.csv"]).code(0).stdout);
    let modum = normalised.iter().find(|r| r["centre"] == "Modum" && r["measure"] == "hospitants").unwrap();
    assert_eq!((modum["note"].as_str(), modum["correction"].as_str()), ("", "modum"));
}

#[test]
fn the_schema_command_reads_no_corrections() {
    let w = fixture("[[correction]]\nid = 1\n");
    w.run(&["schema", "--part", "periods"]).code(0);
    w.run(&["report", "2017.csv"]).code(2).stderr_has("corrections.toml is not a valid corrections file");
}
