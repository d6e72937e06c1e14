//! Golden files: what friskliv prints for the sample data, byte for byte, pinned before the columnar
//! redesign (issue 6) so that a change of data model cannot change a single output byte unnoticed.
//!
//! Each case runs the real binary in the repository's root (so `data/` is a relative path, the same on
//! every machine) and compares stdout and stderr with `tests/cli/golden/NAME.stdout` / `.stderr`.
//! A binary output (a workbook, Parquet) is compared as bytes. To accept a deliberate change, run
//! `FRISKLIV_BLESS=1 cargo test golden` and review the diff of `tests/cli/golden/` before committing.

use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn golden_dir() -> PathBuf {
    root().join("tests/cli/golden")
}

/// Runs `friskliv ARGS` in the repository root and returns (stdout, stderr, exit code).
fn run_in_root(args: &[&str]) -> (Vec<u8>, String, i32) {
    let out = assert_cmd::Command::cargo_bin("friskliv")
        .unwrap()
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .output()
        .unwrap();
    (out.stdout, String::from_utf8_lossy(&out.stderr).into_owned(), out.status.code().unwrap_or(-1))
}

/// Compares `actual` with the golden file `name`, or writes it when blessing.
fn check(name: &str, actual: &[u8]) {
    let path = golden_dir().join(name);
    if std::env::var_os("FRISKLIV_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e} (bless it first)", path.display()));
    if expected != actual {
        let (e, a) = (String::from_utf8_lossy(&expected), String::from_utf8_lossy(actual));
        let first = e.lines().zip(a.lines()).position(|(x, y)| x != y);
        panic!(
            "{} differs from the golden file (first differing line: {:?})\n--- expected\n{}\n--- actual\n{}",
            path.display(),
            first.map(|i| i + 1),
            e.chars().take(4000).collect::<String>(),
            a.chars().take(4000).collect::<String>()
        );
    }
}

/// One golden case: stdout, stderr and the exit code.
fn case(name: &str, args: &[&str], code: i32) {
    let (stdout, stderr, actual_code) = run_in_root(args);
    assert_eq!(actual_code, code, "{name}: exit code\n--- stderr\n{stderr}");
    check(&format!("{name}.stdout"), &stdout);
    check(&format!("{name}.stderr"), stderr.as_bytes());
}

#[test]
fn golden_normalise() {
    case("normalise-csv", &["normalise", "data/", "--format", "csv"], 0);
    case("normalise-json", &["normalise", "data/", "--format", "json"], 0);
}

#[test]
fn golden_report_overview() {
    case("report-overview-table", &["report", "data/", "--format", "table"], 0);
    case("report-overview-csv", &["report", "data/", "--format", "csv"], 0);
    case("report-overview-json", &["report", "data/", "--format", "json"], 0);
    case("report-overview-md", &["report", "data/", "--by", "year", "--pivot", "year", "--format", "md"], 0);
}

#[test]
fn golden_report_tables() {
    let tabell_1 = ["report", "data/", "--measure", "hospitants", "--measure", "hospitant_municipalities"];
    let with = |extra: &[&'static str]| -> Vec<&str> { tabell_1.iter().chain(extra).copied().collect() };
    case("tabell-1-table", &with(&["--by", "year", "--total", "--pivot", "year", "--format", "table"]), 0);
    case("tabell-1-json", &with(&["--by", "year", "--total", "--pivot", "year", "--format", "json"]), 0);
    case("tabell-1-tidy-csv", &with(&["--by", "year", "--total", "--format", "csv"]), 0);
    case(
        "centre-year-pivot",
        &with(&["--by", "centre", "--by", "year", "--total", "--pivot", "year", "--format", "table"]),
        0,
    );
    case(
        "year-centre-pivot-centre",
        &with(&["--by", "year", "--by", "centre", "--pivot", "centre", "--format", "csv"]),
        0,
    );
    case("lineage", &with(&["--by", "centre", "--lineage", "--format", "csv"]), 0);
    case(
        "task-year-total",
        &[
            "report", "data/", "--task", "3", "--task", "7", "--by", "task", "--by", "year", "--total", "--format",
            "csv",
        ],
        0,
    );
    case(
        "region-period-md",
        &["report", "data/", "--task", "2", "--by", "region", "--by", "period", "--format", "md"],
        0,
    );
    case(
        "tabell-2",
        &[
            "report",
            "data/",
            "--measure",
            "rnd_institutions",
            "--years",
            "2017-2018",
            "--by",
            "year",
            "--pivot",
            "year",
            "--stat",
            "sum",
            "--format",
            "table",
        ],
        0,
    );
    case(
        "shares-centre-filter",
        &[
            "report",
            "data/",
            "--measure",
            "county_governor",
            "--measure",
            "homepage",
            "--measure",
            "hospitant_municipality_names",
            "--centre",
            "Lenvik",
            "--centre",
            "Bergen",
            "--period",
            "2020-2022",
            "--by",
            "year",
            "--pivot",
            "year",
            "--format",
            "table",
        ],
        0,
    );
    case("task-pivot", &["report", "data/", "--by", "year", "--by", "task", "--pivot", "task", "--format", "csv"], 0);
}

#[test]
fn golden_spec_out_dir() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_str().unwrap();
    let (_, stderr, code) =
        run_in_root(&["report", "--spec", "examples/rapport-2014-2022.toml", "--out-dir", dir, "--quiet"]);
    assert_eq!(code, 0, "{stderr}");
    let mut names: Vec<String> =
        std::fs::read_dir(out.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    check("spec-files.txt", names.join("\n").as_bytes());
    for name in names {
        check(&format!("spec/{name}"), &std::fs::read(out.path().join(&name)).unwrap());
    }
}

#[test]
fn golden_other_commands() {
    case("coverage-table", &["coverage", "data/", "--format", "table"], 0);
    case("coverage-json", &["coverage", "data/", "--format", "json"], 0);
    case(
        "sql-wide",
        &[
            "sql",
            "data/",
            "SELECT year, COUNT(*) AS centres, SUM(hospitants) AS hospitants, SUM(hospitant_types__fls) AS fls \
             FROM wide GROUP BY year ORDER BY year",
            "--format",
            "csv",
        ],
        0,
    );
    case(
        "sql-responses",
        &[
            "sql",
            "data/",
            "SELECT centre, measure, COUNT(*) AS n, SUM(value) AS total FROM responses \
             WHERE task = 2 GROUP BY centre, measure ORDER BY centre, measure",
            "--format",
            "json",
        ],
        0,
    );
    case("validate-text", &["validate", "data/"], 0);
    case("validate-json", &["validate", "data/", "--format", "json"], 0);
    case("inspect", &["inspect", "data/"], 0);
}
