//! normalise's formats and destinations.

use crate::{essentials, Workdir};

fn fixture() -> Workdir {
    let w = Workdir::new();
    w.write("2017.csv", &essentials(&[("Modum", "01.03.2018 10:00", "ca. 12"), ("Lenvik", "01.03.2018 11:00", "")]));
    w
}

#[test]
fn csv_has_the_documented_columns_and_keeps_the_raw_cell_beside_the_value() {
    let run = fixture().run(&["normalise", "2017.csv"]);
    let lines: Vec<&str> = run.code(0).stdout.lines().collect();
    assert_eq!(
        lines[0],
        "year,period,centre,region,task,measure,kind,option,value,text,raw,note,source,column,correction"
    );
    assert_eq!(lines[1], "2017,2017–2019,Modum,Helse Sør-Øst,2,hospitants,number,,12,,ca. 12,approximate,2017.csv:2,2.1 Antall personer som har hospitert,");
    assert_eq!(
        lines[3],
        "2017,2017–2019,Senja,Helse Nord,2,hospitants,number,,,,,,2017.csv:3,2.1 Antall personer som har hospitert,"
    );
    run.stderr_has("warning: 2017.csv:2:6: column \"2.1 Antall personer som har hospitert\": \"ca. 12\" is approximate: counted as 12");
}

#[test]
fn json_is_an_array_of_typed_objects() {
    let run = fixture().run(&["normalise", "2017.csv", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&run.code(0).stdout).unwrap();
    assert_eq!(doc.as_array().unwrap().len(), 4);
    assert_eq!(doc[0]["value"], serde_json::json!(12));
    assert_eq!(doc[0]["task"], serde_json::json!(2));
    assert_eq!(doc[1]["option"], "ntnu");
    assert_eq!(doc[2]["value"], serde_json::Value::Null);
}

#[test]
fn output_files_take_their_format_from_the_extension_and_are_written_whole() {
    let w = fixture();
    w.run(&["normalise", "2017.csv", "-o", "out.parquet"]).code(0);
    let bytes = std::fs::read(w.path("out.parquet")).unwrap();
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
    w.run(&["normalise", "2017.csv", "-o", "out.json"]).code(0);
    assert!(std::fs::read_to_string(w.path("out.json")).unwrap().starts_with('['));
    w.run(&["normalise", "2017.csv", "-o", "out.xyz"])
        .code(2)
        .stderr_has("cannot tell the format from out.xyz: add --format (csv, json, parquet)");
    w.run(&["normalise", "2017.csv", "-o", "out.md"])
        .code(2)
        .stderr_has("this command cannot write md: use csv, json, parquet");
    w.run(&["normalise", "2017.csv", "--format", "md"]).code(2).stderr_has("invalid value 'md'");
}

#[test]
fn quiet_keeps_stderr_for_errors_only() {
    let run = fixture().run(&["--quiet", "normalise", "2017.csv"]);
    assert_eq!(run.code(0).stderr, "");
}

/// Runs `friskliv ARGS` with stdout a pipe whose reader is gone before anything is written, and
/// returns the exit code and stderr.
fn into_closed_pipe(args: &[&str]) -> (Option<i32>, String) {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("friskliv"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    (child.wait().unwrap().code(), stderr)
}

#[test]
fn every_format_into_a_closed_pipe_ends_quietly_with_exit_0() {
    let data = crate::sample_data();
    let data = data.to_str().unwrap();
    let mut runs: Vec<Vec<&str>> = Vec::new();
    for format in ["csv", "json", "parquet"] {
        runs.push(vec!["normalise", data, "--format", format]);
    }
    for format in ["table", "csv", "json", "md", "xlsx", "parquet"] {
        runs.push(vec!["report", data, "--by", "year", "--format", format]);
        runs.push(vec!["sql", data, "select year, count(*) as n from responses group by year", "--format", format]);
    }
    for format in ["table", "csv", "json", "md", "xlsx"] {
        runs.push(vec!["coverage", data, "--format", format]);
    }
    runs.push(vec!["explain", data, "--measure", "hospitants", "--format", "csv"]);
    runs.push(vec!["inspect", data]);
    runs.push(vec!["validate", data, "--format", "json"]);
    runs.push(vec!["schema"]);
    for args in runs {
        let args: Vec<&str> = ["--quiet"].into_iter().chain(args).collect();
        assert_eq!(into_closed_pipe(&args), (Some(0), String::new()), "friskliv {}", args.join(" "));
    }
}

#[test]
fn a_closed_pipe_ends_quietly_with_exit_0() {
    use std::io::{BufRead, BufReader, Read};
    use std::process::{Command, Stdio};
    let data = crate::sample_data();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("friskliv"))
        .args(["--quiet", "normalise", data.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert!(first.starts_with("year,period,centre"));
    // The reader is dropped here: friskliv's next writes meet a closed pipe.
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    assert_eq!((status.code(), stderr.as_str()), (Some(0), ""));
}

#[test]
fn completions_name_every_command_and_the_manual_page_describes_them() {
    let w = Workdir::new();
    let commands =
        ["inspect", "validate", "normalise", "report", "coverage", "explain", "corrections", "sql", "schema"];
    let bash = w.run(&["completions", "bash"]);
    let top = bash.code(0).stdout.lines().find(|l| l.contains("opts=\"-q -v -h -V")).expect("the top-level words");
    for c in commands {
        assert!(top.split_whitespace().any(|word| word == c), "bash completion lacks {c}: {top}");
        bash.stdout_has(&format!("friskliv,{c})"));
    }
    assert!(bash.stdout.contains("--out-dir"), "the flags are completed too");
    for shell in ["zsh", "fish", "powershell"] {
        w.run(&["completions", shell]).code(0).stdout_has("normalise");
    }
    let man = w.run(&["man"]);
    man.code(0).stdout_has(".TH friskliv 1");
    for c in commands {
        man.stdout_has(&format!("friskliv\\-{c}("));
    }
    w.run(&["man", "report"]).code(0).stdout_has(".TH friskliv-report 1").stdout_has("\\-\\-out\\-dir");
    w.run(&["man", "nope"]).code(2).stderr_has("no command \"nope\": name one of inspect");
}

#[test]
fn completions_and_the_manual_page_need_no_config() {
    let w = Workdir::new();
    w.write("friskliv.toml", "this is not toml [");
    w.run(&["completions", "bash"]).code(0);
    w.run(&["man"]).code(0);
    w.run(&["schema"]).code(2);
}

#[test]
fn completions_and_the_manual_page_into_a_closed_pipe_end_quietly() {
    for args in [&["completions", "bash"][..], &["completions", "zsh"], &["man"]] {
        assert_eq!(into_closed_pipe(args), (Some(0), String::new()), "friskliv {}", args.join(" "));
    }
}

#[test]
fn a_closed_pipe_keeps_the_exit_code_of_invalid_input() {
    let w = Workdir::new();
    w.write("2017.csv", &crate::essentials(&[("Atlantis", "01.03.2018 10:00", "4")]));
    let path = w.path("2017.csv");
    let (code, _) = into_closed_pipe(&["--quiet", "validate", path.to_str().unwrap()]);
    assert_eq!(code, Some(1), "a rejected row still fails validation");
}
