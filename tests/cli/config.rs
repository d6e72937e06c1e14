//! A user's friskliv.toml extends the built-in schema without a new release.

use crate::{csv_rows, Workdir};

const NEW_WORDING: &str =
    "Utviklingssentral;Fullført;Hvor mange personer har hospitert hos dere?;Tromsø frisklivssentral\r\n\
                           Senja frisklivssentral;01.03.2024 10:00;6;x\r\n";

#[test]
fn a_new_year_centre_alias_wording_and_period_need_only_a_config_file() {
    let w = Workdir::new();
    w.write("rapport-2023.csv", NEW_WORDING);
    w.run(&["validate", "rapport-2023.csv"])
        .code(1)
        .stdout_has(
            "column \"Hvor mange personer har hospitert hos dere?\": is not in the schema: 1 answer(s) not read",
        )
        .stdout_has("\"Senja frisklivssentral\" is not a known centre");
    w.write(
        "friskliv.toml",
        r#"
[[period]]
label = "2023–2025"
years = [2023, 2025]

[[centre]]
name = "Senja"
years = [2017, 2025]
aliases = ["Senja frisklivssentral"]

[[question]]
measure = "hospitants"
wordings = ["Hvor mange personer har hospitert hos dere?"]

[columns]
system = ["Tromsø frisklivssentral"]
"#,
    );
    let run = w.run(&["normalise", "rapport-2023.csv"]);
    let rows = csv_rows(&run.code(0).stdout);
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0]["period"].as_str(), rows[0]["centre"].as_str(), rows[0]["value"].as_str()),
        ("2023–2025", "Senja", "6")
    );
    w.run(&["schema", "--part", "centres"])
        .code(0)
        .stdout_has("schema: built-in + friskliv.toml")
        .stdout_has("Senja frisklivssentral");
}

#[test]
fn config_named_on_the_command_line_wins_and_a_bad_one_is_refused_with_a_hint() {
    let w = Workdir::new();
    w.write("rapport-2023.csv", NEW_WORDING)
        .write("bad.toml", "[[question]]\nmeasure = \"hospitant\"\nwordings = [\"x\"]\n")
        .write("typo.toml", "[[centre]\nname = 1\n");
    w.run(&["--config", "bad.toml", "schema"])
        .code(2)
        .stderr_has("friskliv: config file bad.toml does not fit the schema: question \"x\": unknown measure \"hospitant\"; did you mean \"hospitants\"?");
    w.run(&["--config", "typo.toml", "schema"]).code(2).stderr_has("typo.toml is not a valid schema file");
    w.run(&["--config", "nothere.toml", "schema"]).code(2).stderr_has("cannot read config file nothere.toml");
}

#[test]
fn the_schema_command_lists_tasks_measures_options_questions_centres_and_periods() {
    let run = Workdir::new().run(&["schema"]);
    run.code(0)
        .stdout_has("schema: built-in")
        .stdout_has("rnd_institutions")
        .stdout_has(":students")
        .stdout_has("(also: Studenter)")
        .stdout_has("Samarbeid med Fylkesmannen i eget fylke | Samarbeid med Statsforvalteren i eget fylke")
        .stdout_has("Kristiansund")
        .stdout_has("excused: 2020, 2021")
        .stdout_has("not to be confused with Kristiansund")
        .stdout_has("2020–2022")
        .stdout_has("EFS dispcodes counted as completed: 31, 32");
}

#[test]
fn the_summary_line_names_the_config_and_corrections_files_in_force() {
    // A friskliv.toml or corrections.toml in the working directory changes the numbers: the summary
    // says it was read, even when nothing else is worth saying.
    // The sample's 2018 export has every question of form B, so nothing else is worth saying.
    let w = Workdir::new();
    let sample = std::fs::read(crate::sample_data().join("utviklingssentraler-2018.csv")).unwrap();
    w.write_bytes("2018.csv", &sample);
    let plain = w.run(&["report", "2018.csv", "--measure", "hospitants", "--format", "csv"]);
    assert_eq!(plain.code(0).stderr, "", "nothing in force, nothing to say");
    w.write("friskliv.toml", "[[centre]]\nname = \"Modum\"\naliases = [\"Modum frisklivssentral\"]\n");
    w.run(&["report", "2018.csv", "--measure", "hospitants", "--format", "csv"]).code(0).stderr_has(
        "friskliv: read 11 rows from 1 file: 10 kept, 1 excluded, 0 rejected; config friskliv.toml; 1 note (friskliv validate lists them)\n",
    );
    w.write("corrections.toml", "");
    w.run(&["report", "2018.csv", "--measure", "hospitants", "--format", "csv"])
        .code(0)
        .stderr_has("; config friskliv.toml; corrections.toml: no corrections;");
    w.run(&["report", "2018.csv", "--measure", "hospitants", "--format", "csv", "--quiet"]).code(0);
}
