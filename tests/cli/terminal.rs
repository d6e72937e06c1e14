//! A terminal that helps: completions that know the schema's values, a manual page that stands
//! without the README, and `sql`'s usage and errors.

use crate::{sample_data, Workdir};

#[test]
fn bash_completes_measure_ids_options_centres_and_periods_from_the_schema_in_force() {
    let w = Workdir::new();
    w.write(
        "friskliv.toml",
        "[[measure]]\nid = \"digital_meetings\"\ntask = 9\nkind = \"number\"\nlabel = \"Digitale samlinger\"\n",
    );
    let bash = w.run(&["completions", "bash"]);
    bash.code(0);
    // The words bash offers after `report --measure`.
    let measure_words = bash
        .stdout
        .lines()
        .skip_while(|l| !l.contains("--measure)"))
        .find(|l| l.contains("compgen -W"))
        .expect("a list of words for --measure");
    for id in ["hospitants", "hospitant_types:nav", "inquiry_topics", "digital_meetings"] {
        assert!(measure_words.split(['"', ' ']).any(|w| w == id), "{id} not in {measure_words}");
    }
    let centre_words =
        bash.stdout.lines().skip_while(|l| !l.contains("--centre)")).find(|l| l.contains("compgen -W")).unwrap();
    for name in ["Kristiansand", "Kristiansund", "Sør-Varanger", "Modum"] {
        assert!(centre_words.contains(name), "{name} not in {centre_words}");
    }
    // bash's word list would split «Aktiv Eiker» in two: it is left to the other shells.
    assert!(!centre_words.contains("Aktiv"), "{centre_words}");
    w.run(&["completions", "zsh"]).code(0).stdout_has("Aktiv Eiker");
    let period_words =
        bash.stdout.lines().skip_while(|l| !l.contains("--period)")).find(|l| l.contains("compgen -W")).unwrap();
    assert!(period_words.contains("2014–2016") && period_words.contains("2020–2022"), "{period_words}");
    // The statistics are the flag's own values.
    let stat_words =
        bash.stdout.lines().skip_while(|l| !l.contains("--stat)")).find(|l| l.contains("compgen -W")).unwrap();
    assert!(stat_words.contains("share") && stat_words.contains("distinct"), "{stat_words}");
    // Any value still parses: the schema, not the script, says which are known.
    w.run(&["report", sample_data().to_str().unwrap(), "--measure", "hospitantz"])
        .code(2)
        .stderr_has("did you mean \"hospitants\"");
}

#[test]
fn dynamic_completion_asks_the_working_directorys_config_at_each_tab() {
    let w = Workdir::new();
    let complete = |words: &[&str]| {
        let out = assert_cmd::Command::cargo_bin("friskliv")
            .unwrap()
            .args([&["--", "friskliv"][..], words].concat())
            .current_dir(w.path(""))
            .env("COMPLETE", "bash")
            .env("_CLAP_IFS", "\n")
            .env("_CLAP_COMPLETE_INDEX", words.len().to_string())
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let before = complete(&["report", "--measure", "digital"]);
    assert_eq!(before.trim(), "", "no such measure yet");
    w.write(
        "friskliv.toml",
        "[[measure]]\nid = \"digital_meetings\"\ntask = 9\nkind = \"number\"\nlabel = \"Digitale samlinger\"\n",
    );
    assert_eq!(complete(&["report", "--measure", "digital"]).trim(), "digital_meetings");
    let hosp: Vec<String> =
        complete(&["explain", "--measure", "hospitant_types:"]).lines().map(str::to_string).collect();
    assert!(hosp.contains(&"hospitant_types:nav".to_string()), "{hosp:?}");
    assert_eq!(
        complete(&["report", "--centre", "Kristians"]).lines().collect::<Vec<_>>(),
        ["Kristiansand", "Kristiansund"]
    );
    assert_eq!(complete(&["report", "--period", "2017"]).trim(), "2017–2019");
    // A config that does not load leaves the built-in values.
    w.write("friskliv.toml", "not toml [");
    assert_eq!(complete(&["report", "--measure", "hospitants"]).trim(), "hospitants");
}

#[test]
fn the_manual_page_holds_the_formats_exit_status_files_environment_and_examples() {
    let w = Workdir::new();
    let man = w.run(&["man"]);
    man.code(0);
    for section in
        ["A NEW YEAR", "CONFIG FILE", "REPORT SPEC", "CORRECTIONS", "EXIT STATUS", "FILES", "ENVIRONMENT", "EXAMPLES"]
    {
        man.stdout_has(&format!(".SH \"{section}\""));
    }
    man.stdout_has("continue_centres = true")
        .stdout_has("[[correction]]")
        .stdout_has("[[accept]]")
        .stdout_has("[[table]]")
        .stdout_has("NO_COLOR")
        .stdout_has("inspect utviklingssentraler\\-2023.csv \\-\\-draft\\-config")
        .stdout_lacks("README");
    // A subcommand's page is its own, without the formats.
    w.run(&["man", "sql"]).code(0).stdout_lacks("CONFIG FILE");
}

#[test]
fn sql_says_its_usage_right_and_an_unknown_column_names_five_not_a_hundred() {
    let w = Workdir::new();
    w.run(&["sql", "--help"]).code(0).stdout_has("Usage: friskliv sql [OPTIONS] <INPUT>... <QUERY>");
    let d = sample_data();
    let run = w.run(&["sql", d.to_str().unwrap(), "SELECT hospitnts FROM wide"]);
    run.code(2).stderr_has("no column \"hospitnts\" (of ").stderr_has("the closest: \"hospitants\", ");
    let said = run.stderr.lines().find(|l| l.contains("the closest")).unwrap();
    assert_eq!(
        said.split("the closest: ").nth(1).unwrap().split(';').next().unwrap().matches(", ").count(),
        4,
        "{said}"
    );
}

#[test]
fn progress_is_never_drawn_into_a_pipe() {
    // stderr is a pipe here: the summary line, and no carriage return or erase sequence of a
    // progress line (which a terminal gets after a second of work; see src/progress.rs).
    let d = sample_data();
    let run = Workdir::new().run(&["normalise", d.to_str().unwrap(), "-o", "long.parquet"]);
    run.code(0).stderr_has("normalised rows");
    assert!(!run.stderr.contains('\r') && !run.stderr.contains("\x1b[K"), "{:?}", run.stderr);
}
