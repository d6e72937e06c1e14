//! Cells and rows that used to be misread without a word: each is now read right or said.

use crate::{csv_rows, essentials, Workdir};

fn sum_of_hospitants(w: &Workdir, input: &str) -> String {
    let run = w.run(&["report", input, "--measure", "hospitants", "--format", "csv"]);
    csv_rows(&run.code(0).stdout).first().map(|r| r["sum"].clone()).unwrap_or_default()
}

#[test]
fn a_response_without_a_completion_time_never_supersedes_one_with_a_time() {
    let w = Workdir::new();
    // The later line has no readable time: the earlier, timed response stays.
    let header = "Utviklingssentral;Fullført;2.1 Antall personer som har hospitert\n";
    w.write("2017.csv", &format!("{header}Modum;01.03.2018 10:00;5\nModum;ja;7\n"));
    assert_eq!(sum_of_hospitants(&w, "2017.csv"), "5");
    w.run(&["validate", "2017.csv"])
        .code(0)
        .stdout_has("2017.csv:3:2: column \"Fullført\": \"ja\" is not a date and time friskliv reads")
        .stdout_has(
            "2017.csv:3: excluded: Modum 2017 superseded by the resubmission at 2017.csv:2, completed 2018-03-01 10:00",
        );
}

#[test]
fn times_with_a_dot_are_read_and_a_two_digit_year_is_said() {
    let w = Workdir::new();
    let header = "Utviklingssentral;Fullført;2.1 Antall personer som har hospitert\n";
    // 09.30 on the 2nd beats 23.00 on the 1st; a two-digit year is not the year 18.
    w.write(
        "2017.csv",
        &format!("{header}Modum;02.03.2018 09.30;5\nModum;01.03.2018 23.00;7\nVerdal;01.03.18 10:00;1\n"),
    );
    assert_eq!(sum_of_hospitants(&w, "2017.csv"), "6");
    w.run(&["validate", "2017.csv"])
        .code(0)
        .stdout_has("2017.csv:3: excluded: Modum 2017 superseded by the resubmission at 2017.csv:2, completed 2018-03-02 09:30")
        .stdout_has("2017.csv:4:2: column \"Fullført\": \"01.03.18 10:00\" is not a date and time friskliv reads (a two-digit year?)");
}

#[test]
fn an_export_downloaded_twice_is_one_response_not_a_resubmission() {
    let w = Workdir::new();
    let export = essentials(&[("Modum", "01.03.2018 10:00", "5"), ("Verdal", "01.03.2018 11:00", "3")]);
    w.write("Rapport 2017.csv", &export).write("Rapport 2017 (1).csv", &export);
    assert_eq!(sum_of_hospitants(&w, "."), "8");
    w.run(&["validate", "."])
        .code(0)
        .stdout_has(
            "Rapport 2017 (1).csv:2: excluded: the same response as ./Rapport 2017.csv:2 (the export read twice?)",
        )
        .stdout_lacks("superseded");
}

#[test]
fn excels_separator_line_names_the_delimiter_and_is_not_a_header() {
    let w = Workdir::new();
    let rows = "Utviklingssentral,Fullført,2.1 Antall personer som har hospitert\r\nModum,01.03.2018 10:00,12\r\nVerdal,01.03.2018 10:00,3\r\n";
    w.write("2017.csv", &format!("\u{feff}sep=,\r\n{rows}"));
    assert_eq!(sum_of_hospitants(&w, "2017.csv"), "15");
    w.run(&["inspect", "2017.csv"]).code(0).stdout_has(", (comma), named by Excel's sep= line");
    // Line numbers stay the file's own.
    w.write("2017.csv", &format!("sep=;\r\n{}", rows.replace(',', ";").replace("12", "ca. 12")));
    w.run(&["validate", "2017.csv"])
        .code(0)
        .stdout_has("2017.csv:3:3: column \"2.1 Antall personer som har hospitert\": \"ca. 12\"");
}

#[test]
fn personal_data_is_never_quoted_in_a_diagnostic() {
    let w = Workdir::new();
    let header = "Respondent-ID;E-post;Fullført;Utviklingssentral;2.1 Antall personer som har hospitert\n";
    w.write("2017.csv", &format!("{header}1;bjÃ¸rn@example.no;01.03.2018 10:00;Modum;4\n"));
    let run = w.run(&["validate", "2017.csv"]);
    run.code(0).stdout_has("2017.csv:2: text looks double-encoded, 1 place(s) (in personal data, not quoted)");
    run.stdout_lacks("bj");
}

/// A one-row EFS mapping: centre and year for every year, hospitants only in 2020–2021.
const EFS_BY_YEAR: &str = r#"
[[efs]]
variables = { v_1 = "centre", v_2 = "year" }
values = { v_1 = { "1" = "Modum", "2" = "Verdal" } }

[[efs]]
years = [2020, 2021]
variables = { v_4 = "hospitants" }
"#;

#[test]
fn efs_mappings_scoped_by_years_apply_when_the_year_comes_from_a_year_column() {
    let w = Workdir::new();
    w.write("eksport.csv", "lfdn;dispcode;v_1;v_2;v_4\n1;31;2;2021;14\n2;31;1;2021;3\n");
    w.write("friskliv.toml", EFS_BY_YEAR);
    assert_eq!(sum_of_hospitants(&w, "eksport.csv"), "17");
    // A row of a year the mapping does not cover is read, and said.
    w.write("eksport.csv", "lfdn;dispcode;v_1;v_2;v_4\n1;31;2;2021;14\n2;31;1;2022;3\n");
    w.run(&["validate", "eksport.csv"])
        .code(0)
        .stdout_has("warning: eksport.csv:3: rows of 2022 have other [[efs]] mappings than 2021, which the columns were mapped with");
}

#[test]
fn a_date_in_a_file_name_is_not_a_reporting_year() {
    let w = Workdir::new();
    w.write("eksport 2023-3-14.csv", &essentials(&[("Modum", "01.03.2018 10:00", "5")]));
    w.run(&["validate", "eksport 2023-3-14.csv"]).code(1).stdout_has("no reporting year");
    w.run(&["validate", "2022=eksport 2023-3-14.csv"]).code(0);
}

#[test]
fn the_same_file_given_two_years_is_refused() {
    let w = Workdir::new();
    w.write("eksport.csv", &essentials(&[("Modum", "01.03.2018 10:00", "5")]));
    w.run(&["report", "2017=eksport.csv", "2018=eksport.csv"])
        .code(2)
        .stderr_has("eksport.csv is given twice, as 2017= and as 2018=: a file reports on one year; give it once");
    w.run(&["report", "2017=eksport.csv", "2017=./eksport.csv", "--measure", "hospitants"]).code(0);
}

#[test]
fn a_copy_of_an_export_is_set_aside_before_a_drop_picks_its_response() {
    let w = Workdir::new();
    let export = essentials(&[("Modum", "01.03.2018 10:00", "5"), ("Verdal", "01.03.2018 11:00", "3")]);
    w.write("Rapport 2017.csv", &export).write("Rapport 2017 (1).csv", &export);
    w.write(
        "corrections.toml",
        "[[correction]]\nid = \"modum\"\nyear = 2017\ncentre = \"Modum\"\naction = \"drop\"\n\
         reason = \"test\"\nauthor = \"kari\"\ndate = 2018-03-20\n",
    );
    assert_eq!(sum_of_hospitants(&w, "."), "3", "one response, read twice, dropped once");
}

#[test]
fn efs_mappings_follow_the_year_column_whatever_the_first_row_and_the_file_name() {
    let w = Workdir::new();
    w.write("friskliv.toml", EFS_BY_YEAR);
    // The first row's year has no scoped mapping: the later row of 2021 is said, not silently unmapped.
    w.write("efs 2019.csv", "lfdn;dispcode;v_1;v_2;v_4\n1;31;2;2022;14\n2;31;1;2021;3\n");
    w.run(&["validate", "efs 2019.csv"])
        .stdout_has("warning: efs 2019.csv:3: rows of 2021 have other [[efs]] mappings than 2022");
    // A year in the file name does not decide the mappings when a year column does.
    w.write("efs 2019.csv", "lfdn;dispcode;v_1;v_2;v_4\n1;31;2;2021;14\n2;31;1;2021;3\n");
    assert_eq!(sum_of_hospitants(&w, "efs 2019.csv"), "17");
}

#[test]
fn excels_separator_line_may_be_quoted_or_padded() {
    let w = Workdir::new();
    let rows = "Utviklingssentral;Fullført;2.1 Antall personer som har hospitert\nModum;01.03.2018 10:00;12\n";
    for sep in ["\"sep=;\"", "sep=;;;", "sep=; "] {
        w.write("2017.csv", &format!("{sep}\n{rows}"));
        assert_eq!(sum_of_hospitants(&w, "2017.csv"), "12", "{sep}");
    }
}

#[test]
fn a_question_the_form_asks_with_no_column_is_a_warning_that_strict_fails_on() {
    // The issue's case: the 2017 sample export with its hospitants header reworded. Form B asks that
    // question, so Tabell 1 would lose 2017 with exit 0.
    let w = Workdir::new();
    let sample = std::fs::read_to_string(crate::sample_data().join("utviklingssentraler-2017.csv")).unwrap();
    let reworded = sample.replacen("Antall personer som har hospitert", "Antall personer som hospiterte", 1);
    w.write("utviklingssentraler-2017.csv", &reworded);
    w.run(&["validate", "utviklingssentraler-2017.csv"]).code(0).stdout_has(
        "warning: utviklingssentraler-2017.csv:1:8: column \"2.1 Antall personer som hospiterte\": form B asks question 2.1 (hospitants), and no column maps to it: \"Antall personer som har hospitert\"; if this column is that question, add its header to friskliv.toml: [[question]] measure = \"hospitants\" wordings = [\"2.1 Antall personer som hospiterte\"]",
    );
    w.run(&["validate", "--strict", "utviklingssentraler-2017.csv"]).code(1);
    let args = ["report", "utviklingssentraler-2017.csv", "--measure", "hospitants", "--format", "csv"];
    let strict = w.run(&[&args[..], &["--strict"]].concat());
    strict.code(1).stderr_has("--strict: the inputs have 2 warning(s), so no report is written");
    assert_eq!(strict.stdout, "", "nothing is written");
    // The hint, followed, maps the column: the question is answered, the warning gone.
    w.write(
        "friskliv.toml",
        "[[question]]\nmeasure = \"hospitants\"\nwordings = [\"2.1 Antall personer som hospiterte\"]\n",
    );
    assert_eq!(sum_of_hospitants(&w, "utviklingssentraler-2017.csv"), "181", "Tabell 1, 2017");
    w.run(&["validate", "--strict", "utviklingssentraler-2017.csv"]).code(1).stdout_lacks("form B asks");
}

#[test]
fn questions_of_the_form_with_no_column_like_them_are_one_warning_for_the_file() {
    let w = Workdir::new();
    w.write("2017.csv", &essentials(&[("Modum", "01.03.2018 10:00", "5")]));
    let run = w.run(&["validate", "2017.csv"]);
    run.code(0).stdout_has("warning: 2017.csv:1: form B asks 21 question(s) that no column maps to: 1.1 (inquiries), 1.2 (inquiry_topics), 2.2 (hospitant_municipalities),");
    assert_eq!(run.stdout.matches("form B asks").count(), 1);
    // A 2014 export is form A's: form B's questions are not asked of it.
    w.write(
        "2014.csv",
        &essentials(&[("Modum", "01.03.2015 10:00", "5")]).replace("01.03.2018 09:00", "01.03.2015 09:00"),
    );
    w.run(&["validate", "2014.csv"]).code(0).stdout_lacks("form B asks");
}

#[test]
fn a_question_the_export_left_out_is_accepted_in_the_corrections_file() {
    let w = Workdir::new();
    w.write("2017.csv", &essentials(&[("Modum", "01.03.2018 10:00", "5")]));
    w.write(
        "corrections.toml",
        "[[accept]]\nid = \"2017-uten-henvendelser\"\ncheck = \"missing\"\nyear = 2017\nmeasure = \"inquiries\"\n\
         reason = \"Spørsmålet var ikke med i 2017-eksporten\"\nauthor = \"kari\"\ndate = 2018-03-20\n",
    );
    w.run(&["validate", "2017.csv"])
        .code(0)
        .stdout_has("note: 2017.csv:1: form B asks question 1.1 (inquiries), and no column maps to it: accepted by \"2017-uten-henvendelser\"")
        .stdout_has("warning: 2017.csv:1: form B asks 20 question(s) that no column maps to: 1.2 (inquiry_topics),");
    // The review has no flag for it to accept: it is not named as unused there.
    w.run(&["review", "2017.csv"]).code(0).stdout_lacks("matches no flag");
}

/// A workdir with `2018.csv`: the centre, completion time, hospitants and three option columns side
/// by side (research institutions), and `rows` under that header.
fn three_institutions(rows: &str) -> Workdir {
    let w = Workdir::new();
    let q = "8.2 Hvilke forskningsinstitusjoner har dere samarbeidet med?";
    let header = format!(
        "Utviklingssentral;Fullført;2.1 Antall personer som har hospitert;{q} - NTNU;{q} - Universitetet i Tromsø;{q} - Universitetet i Bergen\r\n"
    );
    w.write("2018.csv", &(header + rows));
    w
}

#[test]
fn a_tick_among_ticks_that_is_no_tick_is_warned_about_when_its_measure_is_not_asked_for() {
    // Three option columns side by side, checked in one pass when they hold only 0s and 1s: the
    // «2» and the «=1» (no tick, and a formula) must still be found, cell by cell, though only
    // hospitants is reported; with the form's 21 questions no column maps to, four warnings.
    let w = three_institutions(
        "Modum;01.03.2019 10:00;4;1;0;1\r\n\
         Verdal;01.03.2019 10:00;5;1;2;0\r\n\
         Bergen;01.03.2019 10:00;6;=1;;1\r\n",
    );
    let run = w.run(&["report", "2018.csv", "--measure", "hospitants", "--format", "csv"]);
    run.code(0).stderr_has("3 kept").stderr_has("4 warnings");
    w.run(&["validate", "2018.csv"])
        .code(0)
        .stdout_has("2018.csv:3:5: column \"8.2 Hvilke forskningsinstitusjoner har dere samarbeidet med…\": \"2\" is not a tick")
        .stdout_has("2018.csv:4:4: column \"8.2 Hvilke forskningsinstitusjoner har dere samarbeidet med…\": \"=1\" starts with \"=\"");
}

#[test]
fn two_digits_among_ticks_are_no_tick_whether_or_not_their_measure_is_asked_for() {
    // «11» and «10» hold only 0s and 1s, but are no tick: each is warned about and counts as
    // unanswered, in the one-measure report (looked at) and in the overview (read).
    let w = three_institutions(
        "Modum;01.03.2019 10:00;4;1;11;0\r\n\
         Verdal;01.03.2019 10:00;5;10;;1\r\n",
    );
    let header = "column \"8.2 Hvilke forskningsinstitusjoner har dere samarbeidet med…\"";
    let run = w.run(&["report", "2018.csv", "--measure", "hospitants", "--format", "csv"]);
    run.code(0).stderr_has("2 kept").stderr_has("3 warnings");
    w.run(&["validate", "2018.csv"])
        .code(0)
        .stdout_has(&format!("2018.csv:2:5: {header}: \"11\" is not a tick"))
        .stdout_has(&format!("2018.csv:3:4: {header}: \"10\" is not a tick"));
    // NTNU: 1 and no tick (n=1, one ticked); Tromsø: no tick and empty (n=1, none); Bergen: 0, 1.
    w.run(&["report", "2018.csv", "--measure", "rnd_institutions", "--format", "csv"])
        .code(0)
        .stdout_has(",ntnu,NTNU,1,1,")
        .stdout_has(",uit,Universitetet i Tromsø,1,0,")
        .stdout_has(",uib,Universitetet i Bergen,2,1,");
}

#[test]
fn ticks_side_by_side_read_as_one_by_one_and_a_missing_code_of_0_still_counts_as_unanswered() {
    let w = Workdir::new();
    let q = "8.2 Hvilke forskningsinstitusjoner har dere samarbeidet med?";
    w.write(
        "2018.csv",
        &format!(
            "Utviklingssentral;Fullført;{q} - NTNU;{q} - Universitetet i Tromsø\r\n\
             Modum;01.03.2019 10:00;1;0\r\n\
             Verdal;01.03.2019 10:00;0;1\r\n\
             Bergen;01.03.2019 10:00;;1\r\n"
        ),
    );
    let ntnu = |w: &Workdir| {
        // The whole measure, so that both columns are read (and read as one run).
        let run = w.run(&["report", "2018.csv", "--measure", "rnd_institutions", "--format", "csv"]);
        let rows = crate::csv_rows(&run.code(0).stdout);
        let row = rows.iter().find(|r| r["option"] == "ntnu").expect("a row for NTNU");
        (row["n"].clone(), row["sum"].clone())
    };
    // A tick reads "" and "0" as not ticked: three answers, one ticked.
    assert_eq!(ntnu(&w), ("3".to_string(), "1".to_string()));
    // With 0 a missing code, Verdal's «0» is no answer: two answers, one ticked.
    w.write("friskliv.toml", "missing_codes = [\"0\"]\n");
    assert_eq!(ntnu(&w), ("2".to_string(), "1".to_string()));
}
