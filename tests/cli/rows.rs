//! Every row ends kept, excluded or rejected, with a reason; resubmissions keep the one completed last.

use crate::{csv_rows, essentials, Workdir};

#[test]
fn an_incomplete_response_is_excluded_and_said_so() {
    let w = Workdir::new();
    w.write("2017.csv", &essentials(&[("Modum", "", "99"), ("Modum", "02.03.2018 10:00", "4")]));
    w.run(&["validate", "2017.csv"])
        .code(0)
        .stdout_has("note: 2017.csv:2: excluded: not completed (\"Fullført\" is empty)");
    let rows = csv_rows(&w.run(&["normalise", "2017.csv"]).stdout);
    assert_eq!(
        rows.iter().filter(|r| r["measure"] == "hospitants").map(|r| r["value"].as_str()).collect::<Vec<_>>(),
        ["4"]
    );
}

#[test]
fn a_resubmission_keeps_the_response_completed_last_across_files() {
    let w = Workdir::new();
    w.write("a/2017.csv", &essentials(&[("Bergen", "2018-03-09 12:00:00", "25"), ("Lenvik", "01.03.2018 10:00", "3")]))
        .write(
            "b/2017-korrigert.csv",
            &essentials(&[("Bergen kommune", "2018-03-02 12:00:00", "20"), ("Senja", "05.03.2018 08:00", "4")]),
        );
    let run = w.run(&["validate", "a", "b"]);
    run.code(0)
        .stdout_has("note: b/2017-korrigert.csv:2: excluded: Bergen 2017 superseded by the resubmission at a/2017.csv:2, completed 2018-03-09 12:00")
        .stdout_has("note: a/2017.csv:3: excluded: Senja 2017 superseded by the resubmission at b/2017-korrigert.csv:3, completed 2018-03-05 08:00")
        .stdout_has("read 4 rows from 2 files: 2 kept, 2 excluded, 0 rejected");
}

#[test]
fn an_excused_centre_that_reports_anyway_is_kept_with_a_note() {
    let w = Workdir::new();
    w.write("2020.csv", &essentials(&[("Sør-Varanger", "01.03.2021 10:00", "1")]));
    w.run(&["validate", "2020.csv"])
        .code(0)
        .stdout_has("Sør-Varanger was excused from reporting in 2020 but reported: the report is kept");
}

#[test]
fn validate_json_counts_add_up_per_file() {
    let w = Workdir::new();
    w.write("2017.csv", &essentials(&[("Modum", "", "1"), ("Modum", "01.03.2018", "2"), ("Oslo", "01.03.2018", "3")]));
    let run = w.run(&["validate", "--format", "json", "2017.csv"]);
    let doc: serde_json::Value = serde_json::from_str(&run.code(1).stdout).unwrap();
    assert_eq!(
        doc["files"][0],
        serde_json::json!({"path": "2017.csv", "read": 3, "kept": 1, "excluded": 1, "rejected": 1})
    );
    assert_eq!((doc["valid"].as_bool(), doc["errors"].as_u64()), (Some(false), Some(1)));
    let oslo = doc["problems"].as_array().unwrap().iter().find(|p| p["value"] == "Oslo").expect("Oslo is named");
    assert_eq!((oslo["line"].as_u64(), oslo["severity"].as_str()), (Some(4), Some("error")));
}
