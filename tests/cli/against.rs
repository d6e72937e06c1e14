//! `report --spec S --out-dir D --against OLD`: published numbers locked.

use crate::Workdir;

/// Tabell 1 (hospitants per year, with a total) and the same by centre over all years.
const SPEC: &str = r#"
[[table]]
name = "tabell-1"
measures = ["hospitants", "hospitant_municipalities"]
by = ["year"]
pivot = "year"
stat = "sum"
total = true

[[table]]
name = "per-sentral"
measures = ["hospitants"]
by = ["centre"]
stat = "sum"
"#;

/// A working directory with the spec and the sample exports in `exports/`, the 2022 one left out
/// when `with_2022` is false (`data_project_…_2022_03_14.csv` is 2021's, made in March 2022).
fn workdir(with_2022: bool) -> Workdir {
    let w = Workdir::new();
    w.write("spec.toml", SPEC);
    for entry in std::fs::read_dir(crate::sample_data()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if name.ends_with(".csv") && (with_2022 || name != "utviklingssentraler-2022.csv") {
            w.write_bytes(&format!("exports/{name}"), &std::fs::read(&path).unwrap());
        }
    }
    w
}

fn report(w: &Workdir, dir: &str, more: &[&str]) -> crate::Run {
    w.run(&[&["report", "--spec", "spec.toml", "exports", "--out-dir", dir, "--quiet"][..], more].concat())
}

#[test]
fn the_same_numbers_pass() {
    let w = workdir(true);
    report(&w, "published", &[]).code(0);
    report(&w, "new", &["--against", "published"]).code(0);
    assert!(w.path("new/tabell-1.csv").is_file(), "the new set is written");
}

#[test]
fn a_changed_cell_fails_naming_the_table_the_cell_both_values_and_the_correction() {
    let w = workdir(true);
    report(&w, "published", &[]).code(0);
    let published = std::fs::read_to_string(w.path("published/tabell-1.csv")).unwrap();
    // Modum reported 40 hospitants for 2019 (data/utviklingssentraler-2019.csv); a correction makes
    // it 13, so Tabell 1's 2019 goes from 260 (published.md) to 233 and its total from 1385 to 1358.
    w.write(
        "corrections.toml",
        "[[correction]]\nid = \"2019-modum-hospitanter\"\nyear = 2019\ncentre = \"Modum\"\nmeasure = \"hospitants\"\n\
         old = \"40\"\nnew = \"13\"\nreason = \"Sentralen rettet tallet\"\nauthor = \"kari\"\ndate = 2020-03-20\n",
    );
    let run = report(&w, "published", &["--against", "published", "--format", "csv"]);
    // Per centre over all years, Modum's sum goes from 277 to 250 and its mean over 9 years with it;
    // its n, min (10) and max (52) stay.
    run.code(1).stderr_has("4 number(s) differ from the report in published, so published keeps what it had");
    let changes = crate::csv_rows(&run.stdout);
    let cell = |table: &str, row: &str, column: &str| {
        changes.iter().find(|c| c["table"] == table && c["row"] == row && c["column"] == column).cloned()
    };
    let in_2019 = cell("tabell-1.csv", "hospitants", "2019").expect("Tabell 1's 2019 changed");
    assert_eq!((in_2019["old"].as_str(), in_2019["new"].as_str()), ("260", "233"));
    assert_eq!(in_2019["correction"], "2019-modum-hospitanter");
    assert_eq!(cell("tabell-1.csv", "hospitants", "total").unwrap()["new"], "1358");
    let modum = cell("per-sentral.csv", "hospitants, Modum", "sum").expect("Modum's sum over the years changed");
    assert_eq!((modum["old"].as_str(), modum["new"].as_str()), ("277", "250"));
    assert_eq!(modum["correction"], "2019-modum-hospitanter");
    assert_eq!(cell("per-sentral.csv", "hospitants, Modum", "mean").unwrap()["new"], "27.777778");
    assert_eq!(changes.len(), 4, "{changes:#?}");
    assert_eq!(std::fs::read_to_string(w.path("published/tabell-1.csv")).unwrap(), published, "not replaced");
}

#[test]
fn a_new_year_passes_and_its_totals_are_not_compared() {
    let w = workdir(false);
    report(&w, "published", &[]).code(0);
    let w2 = workdir(true);
    for name in ["tabell-1.csv", "per-sentral.csv", "rapporter.csv"] {
        w2.write_bytes(&format!("published/{name}"), &std::fs::read(w.path(&format!("published/{name}"))).unwrap());
    }
    report(&w2, "new", &["--against", "published"]).code(0);
    let new = std::fs::read_to_string(w2.path("new/tabell-1.csv")).unwrap();
    assert!(new.starts_with("measure,option,label,2014,2015,2016,2017,2018,2019,2020,2021,2022,total"), "{new}");
}

#[test]
fn an_old_directory_without_the_reports_tables_is_refused() {
    let w = workdir(true);
    std::fs::create_dir_all(w.path("empty")).unwrap();
    report(&w, "new", &["--against", "empty"])
        .code(2)
        .stderr_has("empty holds none of the report's tables (tabell-1.csv, per-sentral.csv, rapporter.csv)");
    w.run(&["report", "--spec", "spec.toml", "exports", "--against", "empty"]).code(2).stderr_has("--out-dir");
}

#[test]
fn a_new_year_passes_a_report_of_tables_over_all_years_but_not_a_changed_finished_period() {
    // Per centre and per period: no year columns at all. The years each report spans come from
    // rapporter.csv, the table of who reported which year, which every report writes.
    let spec = "[[table]]\nname = \"per-sentral\"\nmeasures = [\"hospitants\"]\nby = [\"centre\"]\nstat = \"sum\"\n\n\
                [[table]]\nname = \"per-periode\"\nmeasures = [\"inquiries\"]\nby = [\"period\"]\nstat = \"sum\"\n";
    let w = workdir(false);
    w.write("spec.toml", spec);
    report(&w, "published", &[]).code(0);
    let w2 = workdir(true);
    w2.write("spec.toml", spec);
    for name in ["per-sentral.csv", "per-periode.csv", "rapporter.csv"] {
        w2.write_bytes(&format!("published/{name}"), &std::fs::read(w.path(&format!("published/{name}"))).unwrap());
    }
    report(&w2, "new", &["--against", "published"]).code(0);
    // Stavanger's «10-15» inquiries of 2015 corrected to 12: the finished period 2014–2016 changes
    // (sum 294 + 142 + 236 = 672 without it, 684 with it: Tabell 1's overview, README), and is
    // compared although 2022 is new.
    let corrections = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/corrections.toml");
    let run = report(
        &w2,
        "new",
        &["--against", "published", "--format", "csv", "--corrections", corrections.to_str().unwrap()],
    );
    let changes = crate::csv_rows(&run.code(1).stdout);
    let period =
        changes.iter().find(|c| c["table"] == "per-periode.csv" && c["column"] == "sum").expect("2014–2016 changed");
    assert_eq!(
        (period["row"].as_str(), period["old"].as_str(), period["new"].as_str()),
        ("inquiries, 2014–2016", "672", "684")
    );
    assert_eq!(period["correction"], "2015-stavanger-henvendelser");
    assert!(changes.iter().all(|c| !c["row"].contains("2020–2022")), "a period the old report had only part of");
}

#[test]
fn a_year_the_published_report_has_and_the_new_run_lacks_fails() {
    // The 2022 export left out of the input folder: Tabell 1 would lose its 2022 column, and every
    // total would be skipped as "other years".
    let w = workdir(true);
    report(&w, "published", &[]).code(0);
    std::fs::remove_file(w.path("exports/utviklingssentraler-2022.csv")).unwrap();
    let run = report(&w, "published", &["--against", "published", "--format", "csv"]);
    let changes = crate::csv_rows(&run.code(1).stdout);
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_eq!((changes[0]["table"].as_str(), changes[0]["column"].as_str()), ("rapporter.csv", "2022"));
    assert_eq!(changes[0]["new"], "no report read");
}
