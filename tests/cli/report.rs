//! `friskliv report`: the published tables, every format, and the plan checked before any file is read.

use crate::{sample_data, Workdir};

fn data() -> String {
    sample_data().to_str().unwrap().to_string()
}

const TABELL_1: [&str; 8] =
    ["report", "", "--by", "year", "--measure", "hospitants", "--measure", "hospitant_municipalities"];

fn tabell_1(extra: &[&str]) -> Vec<String> {
    let d = data();
    let mut args: Vec<String> = TABELL_1.iter().map(|s| if s.is_empty() { d.clone() } else { s.to_string() }).collect();
    args.extend(["--total", "--pivot", "year"].map(String::from));
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

fn run(w: &Workdir, args: &[String]) -> crate::Run {
    w.run(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

#[test]
fn report_prints_tabell_1_with_totalt() {
    let w = Workdir::new();
    let table = run(&w, &tabell_1(&["--format", "table"]));
    table
        .code(0)
        .stdout_has("┆ 2014 ┆ 2015 ┆ 2016 ┆ 2017 ┆ 2018 ┆ 2019 ┆ 2020 ┆ 2021 ┆ 2022 ┆ Totalt │")
        // For people, Norwegian style: a non-breaking space between thousands.
        .stdout_has("│ Antall personer som har hospitert    ┆  178 ┆  186 ┆  198 ┆  181 ┆  150 ┆  260 ┆   61 ┆   67 ┆  104 ┆  1\u{a0}385 │")
        .stdout_has("│ Antall kommuner hospitantene kom fra ┆   45 ┆   53 ┆   38 ┆   44 ┆   46 ┆   45 ┆   25 ┆   13 ┆   25 ┆    334 │");
    let json = run(&w, &tabell_1(&["--format", "json"]));
    let doc: serde_json::Value = serde_json::from_str(&json.code(0).stdout).unwrap();
    assert_eq!(doc[0]["measure"], "hospitants");
    let years = ["2014", "2015", "2016", "2017", "2018", "2019", "2020", "2021", "2022", "total"];
    assert_eq!(years.map(|y| doc[0][y].as_i64().unwrap()), [178, 186, 198, 181, 150, 260, 61, 67, 104, 1385]);
    assert_eq!(years.map(|y| doc[1][y].as_i64().unwrap()), [45, 53, 38, 44, 46, 45, 25, 13, 25, 334]);
}

#[test]
fn tidy_json_has_a_null_year_in_the_total_row() {
    let d = data();
    let run =
        Workdir::new().run(&["report", &d, "--by", "year", "--measure", "hospitants", "--total", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&run.code(0).stdout).unwrap();
    let rows = doc.as_array().unwrap();
    assert_eq!(rows.len(), 10);
    assert_eq!(rows[0]["year"], 2014);
    assert_eq!(rows[0]["sum"], 178);
    assert_eq!(rows[0]["n"], 5);
    assert_eq!(rows[9]["year"], serde_json::Value::Null);
    assert_eq!(rows[9]["sum"], 1385);
    assert_eq!(rows[9]["n"], 73);
    for key in ["period", "centre"] {
        assert!(rows[0].get(key).is_none(), "{key} was not asked for");
    }
    for key in ["measure", "option", "label", "n", "sum", "mean", "min", "max", "share", "distinct"] {
        assert!(rows[0].get(key).is_some(), "{key} is part of the stable interface");
    }
}

#[test]
fn report_gives_tabell_2() {
    let d = data();
    let run = Workdir::new().run(&[
        "report",
        &d,
        "--measure",
        "rnd_institutions",
        "--years",
        "2017-2018",
        "--by",
        "year",
        "--format",
        "csv",
    ]);
    let rows = crate::csv_rows(&run.code(0).stdout);
    let sums: Vec<String> =
        rows.iter().map(|r| format!("{} {} {}/{}", r["year"], r["option"], r["sum"], r["n"])).collect();
    assert_eq!(
        sums,
        [
            "2017 ntnu 4/10",
            "2017 uit 0/10",
            "2017 uib 2/10",
            "2017 uis 1/10",
            "2017 hvl 3/10",
            "2017 uia 2/10",
            "2017 usn 1/10",
            "2017 nord 1/10",
            "2017 other 4/10",
            "2018 ntnu 5/10",
            "2018 uit 3/10",
            "2018 uib 3/10",
            "2018 uis 1/10",
            "2018 hvl 3/10",
            "2018 uia 2/10",
            "2018 usn 2/10",
            "2018 nord 1/10",
            "2018 other 6/10",
        ]
    );
    assert_eq!(rows[0]["share"], "0.4");
}

#[test]
fn a_misspelt_measure_or_centre_fails_before_any_file_is_read() {
    let w = Workdir::new();
    w.run(&["report", "no-such-dir", "--measure", "hospitant"])
        .code(2)
        .stderr_has("friskliv: unknown measure \"hospitant\"; did you mean \"hospitants\"?");
    w.run(&["report", "no-such-dir", "--centre", "Kristiansnd"])
        .code(2)
        .stderr_has("unknown centre \"Kristiansnd\"; did you mean \"Kristiansand\" or \"Kristiansund\"?");
    w.run(&["report", "no-such-dir", "--period", "2018-2020"])
        .code(2)
        .stderr_has("the periods are 2014–2016, 2017–2019, 2020–2022");
}

#[test]
fn lineage_counts_aktiv_eiker_under_drammen_and_filters_compose() {
    let d = data();
    let w = Workdir::new();
    let args = ["report", &d, "--measure", "hospitants", "--centre", "Drammen", "--by", "period", "--format", "csv"];
    let plain = crate::csv_rows(&w.run(&args).code(0).stdout);
    assert_eq!(
        plain.iter().map(|r| (r["period"].as_str(), r["sum"].as_str())).collect::<Vec<_>>(),
        [("2017–2019", "67"), ("2020–2022", "28")]
    );
    let mut with_lineage = args.to_vec();
    with_lineage.push("--lineage");
    let rows = crate::csv_rows(&w.run(&with_lineage).code(0).stdout);
    assert_eq!(
        rows.iter().map(|r| (r["period"].as_str(), r["sum"].as_str())).collect::<Vec<_>>(),
        [("2014–2016", "126"), ("2017–2019", "67"), ("2020–2022", "28")]
    );
    let period = crate::csv_rows(
        &w.run(&["report", &d, "--task", "2", "--period", "2020-2022", "--by", "region", "--format", "csv"])
            .code(0)
            .stdout,
    );
    assert!(period.iter().all(|r| r["measure"].starts_with("hospitant")));
    let nord: f64 = period
        .iter()
        .filter(|r| r["region"] == "Helse Nord" && r["measure"] == "hospitants")
        .map(|r| r["sum"].parse::<f64>().unwrap())
        .sum();
    assert_eq!(nord, 5.0 + 4.0 + 6.0 + 4.0 + 9.0 + 7.0 + 5.0);
}

#[test]
fn the_overview_reads_like_the_published_summary() {
    let d = data();
    let run = Workdir::new().run(&["report", &d, "--format", "table"]);
    run.code(0)
        .stdout_has("│ Sentraler som rapporterte (n)")
        .stdout_has("│ Oppgave 1: Ta imot henvendelser fra kommuner og frisklivssentraler")
        .stdout_has("142 (n=4)")
        .stdout_has("│   Frisklivssentraler")
        .stdout_has("│ Oppgave 9: Samarbeide med de andre utviklingssentralene")
        .stdout_has("Ikke en oppgave: tilskuddet")
        .stderr_has("read 78 rows from 9 files: 73 kept, 5 excluded, 0 rejected; 2 warnings, 5 notes (friskliv validate lists them)");
    assert!(!run.stderr.contains("warning:"), "report summarises warnings instead of listing them");
}

#[test]
fn every_format_of_a_small_report_is_stable() {
    let w = Workdir::new();
    w.write(
        "2017.csv",
        &crate::essentials(&[
            ("Modum", "01.03.2018 10:00", "4"),
            ("Lenvik", "01.03.2018 11:00", "2"),
            ("Verdal", "01.03.2018 12:00", ""),
        ]),
    )
    .write(
        "2018.csv",
        &crate::essentials(&[("Modum", "01.03.2019 10:00", "6"), ("Bergen", "01.03.2019 11:00", "ca. 3")]),
    );
    let base = ["report", "2017.csv", "2018.csv", "--by", "year", "--total"];
    for (format, extra) in
        [("table", None), ("csv", None), ("json", None), ("md", None), ("table", Some("year")), ("csv", Some("year"))]
    {
        let mut args = base.to_vec();
        args.extend(["--format", format]);
        if let Some(p) = extra {
            args.extend(["--pivot", p]);
        }
        let run = w.run(&args);
        run.code(0);
        let name = format!("report_{format}{}", extra.map(|p| format!("_pivot_{p}")).unwrap_or_default());
        insta::assert_snapshot!(name, run.stdout);
    }
}

#[test]
fn xlsx_and_parquet_are_written_to_files() {
    use calamine::{Data, Reader};
    let w = Workdir::new();
    let d = data();
    w.run(&[
        "report",
        &d,
        "--by",
        "year",
        "--measure",
        "hospitants",
        "--measure",
        "hospitant_municipalities",
        "--total",
        "--pivot",
        "year",
        "-o",
        "tabell-1.xlsx",
    ])
    .code(0);
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(w.path("tabell-1.xlsx")).unwrap();
    let sheet = book.worksheet_range("rapport").unwrap();
    assert_eq!(sheet.get_value((0, 1)), Some(&Data::String("2014".into())));
    assert_eq!(sheet.get_value((1, 0)), Some(&Data::String("Antall personer som har hospitert".into())));
    assert_eq!(sheet.get_value((1, 10)), Some(&Data::Float(1385.0)));
    assert_eq!(sheet.get_value((2, 10)), Some(&Data::Float(334.0)));
    w.run(&["report", &d, "--measure", "hospitants", "-o", "t.parquet"]).code(0);
    assert!(std::fs::read(w.path("t.parquet")).unwrap().starts_with(b"PAR1"));
}

#[test]
fn a_spec_renders_every_table_into_a_directory_byte_identically() {
    use calamine::{Data, Reader};
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/rapport-2014-2022.toml");
    let spec = spec.to_str().unwrap();
    let w = Workdir::new();
    w.run(&["report", "--spec", spec, "--out-dir", "a"]).code(0).stderr_has("wrote a/rapport-2014-2022.xlsx");
    w.run(&["report", "--spec", spec, "--out-dir", "b"]).code(0);
    let names = [
        "tabell-1",
        "tabell-2",
        "fou",
        "kommunikasjon",
        "hjemmeside",
        "malgrupper",
        "fylkesmann",
        "fylkeskommune",
        "midler",
        "tema",
    ];
    let mut files: Vec<String> = names.iter().flat_map(|n| ["md", "csv"].map(|ext| format!("{n}.{ext}"))).collect();
    // The answers of 2020–2022 verbatim, as Markdown and CSV.
    files.extend(["henvendelser.md".to_string(), "henvendelser.csv".to_string()]);
    files.extend(names.iter().filter(|n| **n != "tabell-2").map(|n| format!("{n}.svg")));
    files.extend(["md", "xlsx", "html"].map(|ext| format!("rapport-2014-2022.{ext}")));
    // Who reported which year, as data: what `--against` reads the years of a report from.
    files.push("rapporter.csv".into());
    let listed = |dir: &str| {
        let mut l: Vec<String> =
            std::fs::read_dir(w.path(dir)).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        l.sort();
        l
    };
    let mut expected = files.clone();
    expected.push(".friskliv-files".into());
    expected.sort();
    assert_eq!(listed("a"), expected);
    // The manifest lists what friskliv wrote, so that the next run may replace the directory.
    let manifest = std::fs::read_to_string(w.path("a/.friskliv-files")).unwrap();
    let mut listed_in_manifest: Vec<String> =
        manifest.lines().filter(|l| !l.starts_with('#')).map(str::to_string).collect();
    listed_in_manifest.sort();
    let mut written = files.clone();
    written.sort();
    assert_eq!(listed_in_manifest, written);
    // A second process writes the same bytes, file for file.
    for file in &files {
        assert_eq!(
            std::fs::read(w.path(&format!("a/{file}"))).unwrap(),
            std::fs::read(w.path(&format!("b/{file}"))).unwrap(),
            "{file}"
        );
    }
    let csv = std::fs::read_to_string(w.path("a/tabell-1.csv")).unwrap();
    assert!(
        csv.contains("hospitants,,Antall personer som har hospitert,178,186,198,181,150,260,61,67,104,1385"),
        "{csv}"
    );
    let md = std::fs::read_to_string(w.path("a/rapport-2014-2022.md")).unwrap();
    assert!(md.starts_with("# Utviklingssentralene for frisklivssentraler"));
    assert!(md.contains("## Tabell 1: Antall hospiteringer ved utviklingssentralene i 2014–2022"), "{md}");
    // An option stands indented under its question, in non-breaking spaces a renderer keeps.
    assert!(md.contains("| \u{a0}\u{a0}NTNU | 4 | 5 |"), "{md}");
    assert!(md.contains("![Figur 1: Antall personer som har hospitert"), "{md}");
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(w.path("a/rapport-2014-2022.xlsx")).unwrap();
    let mut sheets = names.map(String::from).to_vec();
    sheets.extend(["henvendelser".into(), "rapporter".into()]);
    assert_eq!(book.sheet_names(), sheets);
    let t2 = book.worksheet_range("tabell-2").unwrap();
    assert_eq!(t2.get_value((4, 0)), Some(&Data::String("  NTNU".into())));
    assert_eq!(t2.get_value((4, 1)), Some(&Data::Float(4.0)));
}

#[test]
fn a_bad_spec_is_refused_naming_the_line_and_the_table() {
    let w = Workdir::new();
    w.write("spec.toml", "inputs = [\"x\"]\n[[table]]\nname = \"t\"\nmeasures = [\"hospitant\"]\n");
    w.run(&["report", "--spec", "spec.toml"])
        .code(2)
        .stderr_has("spec.toml:2: table \"t\": unknown measure \"hospitant\"; did you mean \"hospitants\"?");
}

#[test]
fn a_pivot_cell_shows_its_n_only_when_fewer_of_its_own_responses_answered() {
    let w = Workdir::new();
    w.write("2017.csv", &crate::essentials(&[("Modum", "01.03.2018", "4"), ("Bergen", "01.03.2018", "")]))
        .write("2018.csv", &crate::essentials(&[("Modum", "01.03.2019", "6"), ("Bergen", "01.03.2019", "3")]));
    let run = w.run(&[
        "report",
        "2017.csv",
        "2018.csv",
        "--by",
        "period",
        "--by",
        "centre",
        "--measure",
        "hospitants",
        "--pivot",
        "period",
        "--format",
        "md",
    ]);
    run.code(0)
        .stdout_has("| Bergen | Antall personer som har hospitert | 3 (n=1) |")
        .stdout_has("| Modum | Antall personer som har hospitert | 10 |");
}

/// Every file in `dir` and its bytes.
fn files_of(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().into_string().unwrap(), std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// A run killed half-way through its set leaves the last complete one: see the unit test
/// `a_run_killed_half_way_through_a_set_leaves_the_last_complete_set` in `src/output`, which kills a
/// slowed writer (the shipped binary has no way to be slowed). Here: a report written over another
/// is the same set as one written into a new directory.
#[test]
fn a_report_written_over_another_is_the_set_a_new_directory_gets() {
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/rapport-2014-2022.toml");
    let spec = spec.to_str().unwrap();
    let w = Workdir::new();
    w.run(&["report", "--spec", spec, "--out-dir", "rapport", "--quiet"]).code(0);
    let norwegian = files_of(&w.path("rapport"));
    assert!(norwegian.len() > 20);
    w.run(&["report", "--spec", spec, "--out-dir", "rapport", "--lang", "en", "--quiet"]).code(0);
    w.run(&["report", "--spec", spec, "--out-dir", "english", "--lang", "en", "--quiet"]).code(0);
    let english = files_of(&w.path("english"));
    assert_ne!(english, norwegian);
    assert_eq!(files_of(&w.path("rapport")), english);
    let hidden: Vec<_> = std::fs::read_dir(w.path(".")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(hidden.iter().all(|n| !n.to_string_lossy().starts_with('.')), "nothing left beside it: {hidden:?}");
}

#[test]
fn a_directory_with_other_files_is_not_replaced_by_a_report() {
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/rapport-2014-2022.toml");
    let w = Workdir::new();
    w.write("rapport/notater.txt", "mine");
    w.run(&["report", "--spec", spec.to_str().unwrap(), "--out-dir", "rapport", "--quiet"])
        .code(2)
        .stderr_has("rapport holds files friskliv did not write (notater.txt), and the report replaces the whole directory: name a new or empty directory, or move those files");
    assert_eq!(std::fs::read_to_string(w.path("rapport/notater.txt")).unwrap(), "mine");
}

#[test]
fn a_run_with_a_broken_input_keeps_the_last_complete_report_unless_partial() {
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/rapport-2014-2022.toml");
    let spec = spec.to_str().unwrap();
    let w = Workdir::new();
    for entry in std::fs::read_dir(sample_data()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            std::fs::create_dir_all(w.path("exports")).unwrap();
            std::fs::copy(&path, w.path("exports").join(path.file_name().unwrap())).unwrap();
        }
    }
    w.run(&["report", "--spec", spec, "exports", "--out-dir", "rapport", "--quiet"]).code(0);
    let complete = files_of(&w.path("rapport"));
    // A file that cannot be read lands in the folder: the report of the rest would lose its year.
    std::fs::write(w.path("exports/utviklingssentraler-2023.csv"), [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    let run = w.run(&["report", "--spec", spec, "exports", "--out-dir", "rapport"]);
    run.code(1)
        .stderr_has("utviklingssentraler-2023.csv")
        .stderr_has("rapport keeps the last complete report: the inputs have 1 error(s)")
        .stderr_has("--partial");
    assert!(!run.stderr.contains("wrote "), "{}", run.stderr);
    assert_eq!(files_of(&w.path("rapport")), complete, "the last complete report, untouched");
    // With --partial the report of what could be read is written, and said to be partial.
    let run = w.run(&["report", "--spec", spec, "exports", "--out-dir", "rapport", "--partial"]);
    run.code(1)
        .stderr_has("wrote ")
        .stderr_has("rapport holds a partial report (--partial): the inputs have 1 error(s)");
    assert_eq!(files_of(&w.path("rapport")).len(), complete.len());
    w.run(&["report", "--spec", spec, "exports", "--partial"]).code(2).stderr_has("--out-dir");
}

#[test]
fn the_n_row_of_a_pivot_says_what_it_counts() {
    // A year's column counts centres (one report each); a period's counts reports, one per centre and
    // year: 5 centres × 3 years in 2014–2016, 10 × 3 in 2017–2019, 9 + 9 + 10 in 2020–2022.
    let w = Workdir::new();
    let by_year =
        w.run(&["report", &data(), "--measure", "homepage", "--by", "year", "--pivot", "year", "--format", "md"]);
    by_year.code(0).stdout_has("| Sentraler som rapporterte (n) | 5 | 5 | 5 | 10 | 10 | 10 | 9 | 9 | 10 |");
    let by_period =
        w.run(&["report", &data(), "--measure", "homepage", "--by", "period", "--pivot", "period", "--format", "md"]);
    by_period.code(0).stdout_has("| Rapporter (sentral og år, n) | 15 | 30 | 28 |").stdout_lacks("Sentraler som");
    w.run(&[
        "report",
        &data(),
        "--measure",
        "homepage",
        "--by",
        "period",
        "--pivot",
        "period",
        "--format",
        "md",
        "--lang",
        "en",
    ])
    .code(0)
    .stdout_has("| Reports (centre and year, n) | 15 | 30 | 28 |");
}

#[test]
fn a_selection_with_nothing_to_show_is_an_error_that_says_what_there_is() {
    // data/ holds 2014–2022; Sør-Varanger was excused in 2020 and 2021 and reported from 2017.
    let w = Workdir::new();
    let none = w.run(&["report", &data(), "--years", "2030"]);
    none.code(1).stderr_has("friskliv: error: no report in 2030: the exports hold reports in 2014–2022");
    assert_eq!(none.stdout, "", "no empty table is written");
    w.run(&["report", &data(), "--centre", "Sør-Varanger", "--years", "2020-2021", "--format", "csv"])
        .code(1)
        .stderr_has("no report from Sør-Varanger in 2020–2021: the exports hold reports from Sør-Varanger in 2017, 2018, 2019, 2022");
    let stat = w.run(&["report", &data(), "--measure", "homepage", "--stat", "mean", "--pivot", "year"]);
    stat.code(1)
        .stderr_has("--stat mean does not fit homepage (a boolean measure, whose statistics are n, sum, share)");
    assert_eq!(stat.stdout, "");
    // The near misses: a year and a centre that have reports, a statistic that fits.
    w.run(&["report", &data(), "--centre", "Sør-Varanger", "--years", "2020-2022", "--format", "csv"]).code(0);
    w.run(&["report", &data(), "--measure", "homepage", "--stat", "share", "--pivot", "year"]).code(0);
}

#[test]
fn a_spec_table_with_nothing_to_show_stops_the_report_before_anything_is_written() {
    let w = Workdir::new();
    w.write("rapport.toml", "[[table]]\nname = \"t\"\nmeasures = [\"hospitants\"]\nyears = \"2030\"\n");
    w.run(&["report", "--spec", "rapport.toml", &data(), "--out-dir", "ut"])
        .code(1)
        .stderr_has("rapport.toml: \"t\": no report in 2030: the exports hold reports in 2014–2022");
    assert!(!w.path("ut").exists(), "nothing written");
    // A number of the prose: «fra 0 sentraler i 2012» would read as a fact.
    w.write(
        "tekst.toml",
        "[[table]]\nname = \"t\"\nmeasures = [\"hospitants\"]\n\n[[text]]\ntext = \"Fra {n:year=2012} sentraler.\"\n",
    );
    w.run(&["report", "--spec", "tekst.toml", &data(), "--out-dir", "ut"])
        .code(1)
        .stderr_has("tekst.toml: a [[text]]: {n:year=2012}: no report in 2012: the exports hold reports in 2014–2022");
    assert!(!w.path("ut").exists(), "nothing written");
    w.write(
        "tekst.toml",
        "[[table]]\nname = \"t\"\nmeasures = [\"hospitants\"]\n\n[[text]]\ntext = \"{sum:hospitants,year=2019}\"\n",
    );
    w.run(&["report", "--spec", "tekst.toml", &data(), "--out-dir", "ut", "--quiet"]).code(0);
}

#[test]
fn a_spec_in_a_format_of_one_table_writes_the_table_it_is_told() {
    // A spec's tables to CSV on stdout came out glued together, each with its own header.
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/rapport-2014-2022.toml");
    let spec = spec.to_str().unwrap();
    let w = Workdir::new();
    w.run(&["report", "--spec", spec, "--format", "csv"])
        .code(2)
        .stderr_has("csv holds one table and the spec has 11 (tabell-1, tabell-2, fou,");
    w.run(&["report", "--spec", spec, "--format", "csv", "--table", "tabell1"])
        .code(2)
        .stderr_has("no table \"tabell1\" in the spec: its tables are tabell-1, tabell-2,");
    let one = w.run(&["report", "--spec", spec, "--format", "csv", "--table", "tabell-1"]);
    let rows = crate::csv_rows(&one.code(0).stdout);
    let hospitants = rows.iter().find(|r| r["measure"] == "hospitants").expect("Tabell 1 has hospitants");
    assert_eq!(hospitants["2019"], "260", "Tabell 1 of published.md");
    assert!(rows.iter().all(|r| r.contains_key("measure")), "one header row: one table");
}

#[test]
fn a_spec_of_one_table_writes_it_to_csv_also_when_corrections_add_theirs() {
    let w = Workdir::new();
    let d = crate::sample_data();
    w.write(
        "spec.toml",
        &format!("inputs = [{:?}]\n[[table]]\nname = \"t\"\nmeasures = [\"inquiries\"]\n", d.to_str().unwrap()),
    );
    let corrections = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/corrections.toml");
    let run =
        w.run(&["report", "--spec", "spec.toml", "--corrections", corrections.to_str().unwrap(), "--format", "csv"]);
    let rows = crate::csv_rows(&run.code(0).stdout);
    assert!(rows.iter().all(|r| r["measure"] == "inquiries"), "the spec's one table, not the corrections");
    // Stavanger's "10-15" of 2015 reads 12 with the correction: Tabell 1's 2015 has no n=4 any more.
    assert_eq!(rows.iter().find(|r| r["year"] == "2015").unwrap()["n"], "5");
}
