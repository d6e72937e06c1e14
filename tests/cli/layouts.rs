//! Both layouts: Essentials (one header row) and EFS (three rows, or one row read through a mapping).

use crate::{csv_rows, Workdir};

#[test]
fn essentials_headers_match_leniently_with_every_option_separator_and_tick() {
    let w = Workdir::new();
    w.write(
        "rapport-2018.csv",
        "Utviklingssentral;Fullført;7) antall  personer som\u{a0}har hospitert:;\
         Hvilke aktører har hospitert? - Frisklivssentraler;Hvilke aktører har hospitert?: Legesenter;\
         Hvilke aktører har hospitert? | DPS;Q6.1 Har dere egen, oppdatert hjemmeside?\r\n\
         Modum;01.03.2019 10:00;1 200;X;Legesenter;0;Ja\r\n\
         Verdal;01.03.2019 11:00;ca 20;1;;Nei;nei\r\n",
    );
    let rows = csv_rows(&w.run(&["normalise", "rapport-2018.csv"]).code(0).stdout);
    let got: Vec<String> = rows
        .iter()
        .map(|r| {
            format!(
                "{} {}{} = {}",
                r["centre"],
                r["measure"],
                if r["option"].is_empty() { String::new() } else { format!(":{}", r["option"]) },
                r["value"]
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "Modum hospitants = 1200",
            "Modum hospitant_types:fls = 1",
            "Modum hospitant_types:gp_office = 1",
            "Modum hospitant_types:dps = 0",
            "Modum homepage = 1",
            "Verdal hospitants = 20",
            "Verdal hospitant_types:fls = 1",
            "Verdal hospitant_types:gp_office = 0",
            "Verdal hospitant_types:dps = 0",
            "Verdal homepage = 0",
        ]
    );
}

#[test]
fn form_a_options_feed_task_6_booleans_and_its_ja_nei_question_feeds_an_option() {
    let w = Workdir::new();
    w.write(
        "utviklingssentraler-2015.csv",
        "Navn på kommune/frisklivssentral;Fullført;\
         1. På hvilken måte har dere bidratt til å spre informasjon om frisklivssentraler i regionen? - Vi benytter sosiale medier regelmessig;\
         1. På hvilken måte har dere bidratt til å spre informasjon om frisklivssentraler i regionen? - Vi har fast spalteplass i ulike medier;\
         10. Har dere faste møter med fylkeskommunen i eget fylke?;9. Hvilke aktører har hospitert? - Studenter\r\n\
         Alstadhaug;02.03.2016 10:00;1;;Ja;1\r\n",
    );
    let rows = csv_rows(&w.run(&["normalise", "utviklingssentraler-2015.csv"]).code(0).stdout);
    let got: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|r| (r["centre"].as_str(), r["measure"].as_str(), r["option"].as_str(), r["value"].as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("Alstahaug", "hospitant_types", "students", "1"),
            ("Alstahaug", "info_channels", "column", "0"),
            ("Alstahaug", "social_media", "", "1"),
            ("Alstahaug", "county_council", "regular_meetings", "1"),
        ]
    );
}

const EFS: &str = "\
;;;;;;Utviklingssentral;Antall personer som har hospitert;Hvilke aktører har hospitert?;Hvilke aktører har hospitert?;Beskriv samarbeidet\n\
number;tester;disposition code;time to complete survey;ip_addr;datetime;Utviklingssentral;Antall personer som har hospitert;Frisklivssentraler;DPS;Beskriv samarbeidet\n\
lfdn;tester;dispcode;duration;ip_addr;datetime;v_1;v_4;v_7;v_8;v_9\n\
1;0;31;600;10.0.0.1;2021-02-01 10:00:00;Modum;12;1;0;-99\n\
2;1;31;30;10.0.0.2;2021-02-01 11:00:00;Verdal;999;1;1;test\n\
3;0;22;-1;10.0.0.3;0000-00-00 00:00:00;Bergen;5;-77;-77;-77\n\
4;0;32;-1;10.0.0.4;2021-02-02 09:00:00;Senja;-77;0;1;Felles fagdag\n";

#[test]
fn efs_three_row_exports_keep_completed_responses_and_read_missing_codes_as_unanswered() {
    let w = Workdir::new();
    w.write("efs-2020.csv", EFS);
    let run = w.run(&["normalise", "efs-2020.csv"]);
    run.code(0).stderr_has("read 4 rows from 1 file: 2 kept, 2 excluded, 0 rejected");
    let rows = csv_rows(&run.stdout);
    let got: Vec<String> = rows
        .iter()
        .map(|r| format!("{} {} {} {:?} {:?}", r["centre"], r["measure"], r["option"], r["value"], r["raw"]))
        .collect();
    assert_eq!(
        got,
        [
            "Modum hospitants  \"12\" \"12\"",
            "Modum hospitant_types fls \"1\" \"1\"",
            "Modum hospitant_types dps \"0\" \"0\"",
            "Modum centre_collaboration_text  \"\" \"-99\"",
            "Senja hospitants  \"\" \"-77\"",
            "Senja hospitant_types fls \"0\" \"0\"",
            "Senja hospitant_types dps \"1\" \"1\"",
            "Senja centre_collaboration_text  \"\" \"Felles fagdag\"",
        ]
    );
    assert!(rows.iter().all(|r| r["column"].starts_with("v_")));
    w.run(&["validate", "efs-2020.csv"])
        .code(0)
        .stdout_has("efs-2020.csv:5: excluded: test response (tester = 1)")
        .stdout_has("efs-2020.csv:6: excluded: not completed (dispcode \"22\")");
}

#[test]
fn the_set_of_completed_dispcodes_is_configurable() {
    let w = Workdir::new();
    w.write("efs-2020.csv", EFS).write("friskliv.toml", "completed_dispcodes = [31]\n");
    w.run(&["normalise", "efs-2020.csv"]).code(0).stderr_has("1 kept, 3 excluded");
}

/// The analyst's mapping of a one-row EFS export's variables, 2020–2022.
pub(crate) const EFS_MAPPING: &str = r#"
[[efs]]
years = [2020, 2022]
variables = { v_1 = "centre", v_4 = "hospitants", v_7 = "hospitant_types:fls", v_12 = "homepage" }
values = { v_1 = { "1" = "Modum", "2" = "Verdal" } }
"#;

#[test]
fn a_one_row_efs_export_is_read_through_the_analysts_variable_mapping() {
    let w = Workdir::new();
    w.write("eksport-2021.csv", "lfdn;dispcode;v_1;v_4;v_7;v_12\n1;31;2;14;1;Ja\n2;31;1;3;0;Nei\n");
    w.run(&["normalise", "eksport-2021.csv"])
        .code(1)
        .stderr_has("a one-row EFS export holds only variable names, and no [[efs]] mapping applies")
        .stderr_has("map its variable names to measures in an [[efs]] section");
    w.write("friskliv.toml", EFS_MAPPING);
    let run = w.run(&["normalise", "eksport-2021.csv"]);
    let rows = csv_rows(&run.code(0).stdout);
    let got: Vec<String> = rows.iter().map(|r| format!("{} {} {}", r["centre"], r["measure"], r["value"])).collect();
    assert_eq!(
        got,
        [
            "Modum hospitants 3",
            "Modum hospitant_types 0",
            "Modum homepage 0",
            "Verdal hospitants 14",
            "Verdal hospitant_types 1",
            "Verdal homepage 1"
        ]
    );
}
