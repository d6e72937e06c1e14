//! A new year in minutes: the draft config (`inspect --draft-config`), and the traps a new year
//! used to set (a period or form missing, `years` that replaces, a measure shown under its task).

use crate::{csv_rows, sample_data, Workdir};

/// 2022's hospitants in the published Tabell 1 (shared/spec/published.md).
const PUBLISHED_2022: f64 = 104.0;

/// The 2022 sample export (EFS, three header rows) as a new year's, 2023, would come: a new
/// agreement period; Kristiansand renamed «Frisklivssentralen Kristiansand»; two new centres,
/// Tromsø and Bodø, answering as Alstahaug and Modum did; the hospitants question reworded; the
/// NAV option relabelled; and a new question 9.3 whose answers are 2, 3, … 13, row by row.
struct NewYear {
    csv: String,
    /// The 2022 file's hospitants and NAV ticks, summed as written, and the two copied rows'.
    hospitants_2022: f64,
    hospitants_copied: f64,
    nav_2022: usize,
    nav_copied: usize,
}

const HOSPITANTS: &str = "Antall personer som har hospitert";
const REWORDED: &str = "Antall personer som har hospitert hos dere";
const NAV: &str = "Nav – ansatte og personer i arbeidspraksis";
const NAV_RELABELLED: &str = "NAV-ansatte og personer i arbeidspraksis";
const NEW_QUESTION: &str = "9.3 Antall digitale samlinger dere har arrangert";

fn new_year() -> NewYear {
    new_year_of(true)
}

/// [`new_year`], with its new and renamed centres (`changed`) or without.
fn new_year_of(changed: bool) -> NewYear {
    let text = std::fs::read_to_string(sample_data().join("utviklingssentraler-2022.csv")).unwrap();
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').has_headers(false).from_reader(text.as_bytes());
    let mut rows: Vec<Vec<String>> =
        reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    let (header, data) = rows.split_at_mut(3);
    let column = |row: usize, label: &str| header[row].iter().position(|h| h == label).unwrap();
    let (hospitants, nav, centre) = (column(0, HOSPITANTS), column(1, NAV), column(1, "Utviklingssentral"));
    let number = |r: &Vec<String>, c: usize| r[c].parse::<f64>().unwrap();
    let hospitants_2022 = data.iter().map(|r| number(r, hospitants)).sum();
    let nav_2022 = data.iter().filter(|r| r[nav] == "1").count();
    let copied = [data[0].clone(), data[1].clone()];
    assert_eq!([copied[0][centre].as_str(), copied[1][centre].as_str()], ["Alstahaug", "Modum"]);
    header[0][hospitants] = REWORDED.into();
    header[1][hospitants] = REWORDED.into();
    header[1][nav] = NAV_RELABELLED.into();
    let mut data: Vec<Vec<String>> = data.to_vec();
    if !changed {
        data.retain(|r| r[centre] != "Kristiansand");
    }
    for (name, mut row) in ["Tromsø", "Bodø"].into_iter().zip(copied.clone()).filter(|_| changed) {
        row[0] = format!("{}", 100 + row[0].parse::<u32>().unwrap());
        row[centre] = name.into();
        data.push(row);
    }
    let end = header[0].len() - 2;
    for (h, name) in header.iter_mut().zip([NEW_QUESTION, NEW_QUESTION, "v_86"]) {
        h.insert(end, name.into());
    }
    for (i, row) in data.iter_mut().enumerate() {
        row.insert(end, (i + 2).to_string());
        for cell in &mut row[7..9] {
            *cell = cell.replace("2023-", "2024-");
        }
        if row[centre] == "Kristiansand" {
            row[centre] = "Frisklivssentralen Kristiansand".into();
        }
    }
    let mut out = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    for row in header.iter().chain(&data) {
        out.write_record(row).unwrap();
    }
    NewYear {
        csv: String::from_utf8(out.into_inner().unwrap()).unwrap(),
        hospitants_2022,
        hospitants_copied: copied.iter().map(|r| number(r, hospitants)).sum(),
        nav_2022,
        nav_copied: copied.iter().filter(|r| r[nav] == "1").count(),
    }
}

/// The value of `column` in the row of `year` of a `report --by year --format csv`.
fn by_year(csv: &str, year: &str, column: &str) -> String {
    let rows = csv_rows(csv);
    let row = rows.iter().find(|r| r["year"] == year).unwrap_or_else(|| panic!("no {year} in\n{csv}"));
    row[column].clone()
}

#[test]
fn a_new_year_is_read_with_its_drafted_config_saved_unedited() {
    let w = Workdir::new();
    let year = new_year();
    assert_eq!(year.hospitants_2022, PUBLISHED_2022, "the fixture starts from the published 2022");
    w.write("utviklingssentraler-2023.csv", &year.csv);
    let first = w.run(&["validate", "utviklingssentraler-2023.csv"]);
    first.code(1);
    let draft = w.run(&["inspect", "utviklingssentraler-2023.csv", "--draft-config"]);
    let toml = &draft.code(0).stdout;
    for entry in [
        "[[period]]\nlabel = \"2023–2025\"\nyears = [2023, 2025]",
        "[[form]]\nid = \"B\"\nuntil = 2023",
        "[[centre]]\nname = \"Modum\"\nuntil = 2023",
        "[[centre]]\nname = \"Kristiansand\"\nuntil = 2023   # was 2017–2022\naliases = [\"Frisklivssentralen Kristiansand\"]",
        "[[centre]]\nname = \"Tromsø\"",
        "[[centre]]\nname = \"Bodø\"",
        "[[question]]\nmeasure = \"hospitants\"\nwordings = [\"Antall personer som har hospitert hos dere\"]",
        "options = [\n    { id = \"nav\", wordings = [\"NAV-ansatte og personer i arbeidspraksis\"] },\n]",
        "id = \"antall_digitale_samlinger_arrangert\"",
        "task = 9   # CHECK: from its question number",
        "kind = \"number\"   # CHECK: all 12 answers are numbers",
        "[[question]]\nform = \"B\"\nnumber = \"9.3\"\nmeasure = \"antall_digitale_samlinger_arrangert\"\nsince = 2023",
    ] {
        assert!(toml.contains(entry), "the draft lacks\n{entry}\n--- draft\n{toml}");
    }
    assert_eq!(toml.matches("name = \"Kristiansand\"").count(), 1, "one block per centre");
    w.write("friskliv.toml", toml);

    w.run(&["validate", "utviklingssentraler-2023.csv"]).code(0).stdout_has("12 kept, 0 excluded, 0 rejected");
    let data = sample_data();
    let data = data.to_str().unwrap();
    let report = |measure: &str| {
        let args = ["report", data, "utviklingssentraler-2023.csv", "--by", "year", "--measure", measure];
        w.run(&[&args[..], &["--format", "csv"]].concat()).code(0).stdout.clone()
    };
    let hospitants = report("hospitants");
    assert_eq!(by_year(&hospitants, "2022", "sum"), "104");
    let want = year.hospitants_2022 + year.hospitants_copied;
    assert_eq!(by_year(&hospitants, "2023", "sum"), want.to_string());
    assert_eq!(by_year(&hospitants, "2023", "n"), "12");
    // The new question's answers are 2, 3, … 13: (2 + 13) × 12 / 2.
    assert_eq!(by_year(&report("antall_digitale_samlinger_arrangert"), "2023", "sum"), "90");
    let nav = year.nav_2022 + year.nav_copied;
    assert_eq!(by_year(&report("hospitant_types:nav"), "2023", "sum"), nav.to_string());

    let coverage = w.run(&["coverage", data, "utviklingssentraler-2023.csv", "--format", "csv"]);
    let rows = csv_rows(&coverage.code(0).stdout);
    let status = |centre: &str| rows.iter().find(|r| r["centre"] == centre).map(|r| r["2023"].clone());
    for centre in ["Kristiansand", "Tromsø", "Bodø", "Modum", "Sør-Varanger"] {
        assert_eq!(status(centre).as_deref(), Some("reported"), "{centre}");
    }
    assert_eq!(status("total_reported").as_deref(), Some("12"));
    let asked = w.run(&["coverage", data, "utviklingssentraler-2023.csv", "--table", "sporsmal", "--format", "csv"]);
    let rows = csv_rows(&asked.code(0).stdout);
    let form =
        |measure: &str| rows.iter().find(|r| r["measure"] == measure).map(|r| (r["2022"].clone(), r["2023"].clone()));
    assert_eq!(form("hospitants"), Some(("B".into(), "B".into())));
    assert_eq!(form("antall_digitale_samlinger_arrangert"), Some((String::new(), "B".into())));
}

#[test]
fn the_same_exports_give_the_same_draft_and_a_config_in_force_is_kept_in_it() {
    let w = Workdir::new();
    w.write("utviklingssentraler-2023.csv", &new_year().csv);
    let once = w.run(&["inspect", "utviklingssentraler-2023.csv", "--draft-config"]).stdout.clone();
    let again = w.run(&["inspect", "utviklingssentraler-2023.csv", "--draft-config"]).stdout.clone();
    assert_eq!(once, again);
    // With a config in force, `-o` reads it first: the draft starts with it and adds what it lacks.
    w.write("friskliv.toml", "[[period]]\nlabel = \"2023–2025\"\nyears = [2023, 2025]\n");
    let run = w.run(&["inspect", "utviklingssentraler-2023.csv", "--draft-config", "-o", "friskliv.toml"]);
    run.code(0).stderr_has("wrote friskliv.toml (it begins with the config in force)");
    assert_eq!(run.stdout, "");
    let kept = std::fs::read_to_string(w.path("friskliv.toml")).unwrap();
    assert!(
        kept.contains("# --- friskliv.toml, in force when this was drafted ---\n\n[[period]]\nlabel = \"2023–2025\"")
    );
    assert_eq!(kept.matches("[[period]]").count(), 1, "{kept}");
    w.run(&["validate", "--strict", "utviklingssentraler-2023.csv"]).code(0);
}

#[test]
fn a_draft_redirected_onto_the_config_in_force_is_refused_and_says_how() {
    let w = Workdir::new();
    w.write("utviklingssentraler-2023.csv", &new_year().csv);
    w.write("friskliv.toml", "[[period]]\nlabel = \"2023–2025\"\nyears = [2023, 2025]\n");
    // What `> friskliv.toml` does: the shell empties the file and hands it over as stdout.
    let stdout = std::fs::File::create(w.path("friskliv.toml")).unwrap();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("friskliv"))
        .args(["inspect", "utviklingssentraler-2023.csv", "--draft-config"])
        .current_dir(w.path(""))
        .stdout(stdout)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("stdout is friskliv.toml, the config file in force, which the shell emptied"), "{stderr}");
    assert!(stderr.contains("write the draft with -o friskliv.toml"), "{stderr}");
}

#[test]
fn a_column_like_two_questions_is_left_to_a_comment_and_a_ja_nei_one_becomes_a_boolean() {
    let w = Workdir::new();
    w.write(
        "rapport-2023.csv",
        "Utviklingssentral;Fullført;Antall kommuner og personer;Bruker dere Kvalitetsløftet?;Frivillige - Bydel\r\n\
         Modum;01.03.2024 10:00;4;Ja;1\r\n\
         Verdal;01.03.2024 10:00;5;Nei;0\r\n",
    );
    let run = w.run(&["inspect", "rapport-2023.csv", "--draft-config"]);
    let toml = &run.code(0).stdout;
    // antall, kommuner, personer shares antall, personer with hospitants' antall, personer, hospitert
    // (4 / 6) and antall, kommuner with antall, kommuner, hospitantene, representerte (4 / 7): 0.67
    // is not 0.15 ahead of 0.57, so neither is clearly best.
    let said = "\"Antall kommuner og personer\" is somewhat like hospitants (0.67), and hospitant_municipalities (0.57), but not clearly";
    assert!(toml.contains(said), "{toml}");
    assert!(!toml.contains("wordings = [\"Antall kommuner og personer\"]"), "{toml}");
    assert!(toml.contains("id = \"bruker_kvalitetsloftet\""), "{toml}");
    assert!(toml.contains("kind = \"boolean\"   # CHECK: all 2 answers are Ja or Nei"), "{toml}");
    assert!(toml.contains("looks like an option of a new choice question"), "{toml}");
    w.write("friskliv.toml", toml);
    w.run(&["validate", "rapport-2023.csv"]).code(0).stdout_has("2 kept, 0 excluded, 0 rejected");
    let run = w.run(&["report", "rapport-2023.csv", "--measure", "bruker_kvalitetsloftet", "--format", "csv"]);
    let rows = csv_rows(&run.code(0).stdout);
    assert_eq!((rows[0]["n"].as_str(), rows[0]["sum"].as_str()), ("2", "1"));
}

#[test]
fn a_missing_period_and_form_are_said_once_and_first() {
    let w = Workdir::new();
    w.write("utviklingssentraler-2023.csv", &new_year().csv);
    let run = w.run(&["validate", "utviklingssentraler-2023.csv"]);
    let lines: Vec<&str> = run.code(1).stdout.lines().collect();
    assert!(
        lines[0].starts_with("error: utviklingssentraler-2023.csv: no agreement period covers 2023: its 12 rows (lines 4–17) are not read; add a [[period]] for 2023 to friskliv.toml, or draft the config for this export: friskliv inspect utviklingssentraler-2023.csv --draft-config"),
        "{}",
        run.stdout
    );
    assert!(lines[1].starts_with("warning: utviklingssentraler-2023.csv: no form is known for 2023"), "{}", run.stdout);
    assert_eq!(run.stdout.matches("no agreement period").count(), 1);
    assert_eq!(run.stdout.matches("no form is known").count(), 1);
    run.stdout_has("form B (2017–2022) fits best: 82 of the 85 answer columns")
        .stdout_has("extend the form: until = 2023 in a [[form]] with id = \"B\"")
        .stdout_has("\"Senja kommune\" is Senja, which was a development centre only in 2017–2022, not in 2023: the row is not read; check the year, or extend the centre: until = 2023 in a [[centre]] named \"Senja\" in friskliv.toml")
        .stdout_has("\"Frisklivssentralen Kristiansand\" is not a known centre: the row is not read; it contains the name of \"Kristiansand\"");
    w.run(&["inspect", "utviklingssentraler-2023.csv"]).stdout_has(
        "Skjema B (rapporteringsår 2017–2022, revidert med avtalene fra 2017): 82 of 85 answer columns fit its questions, 3 map to nothing; 2023 is not among its years",
    );
}

#[test]
fn until_extends_a_centre_where_years_replaces_its_range() {
    let w = Workdir::new();
    let data = sample_data();
    let y2014 = data.join("utviklingssentraler-2014.csv");
    let y2014 = y2014.to_str().unwrap();
    let config = "[[period]]\nlabel = \"2023–2025\"\nyears = [2023, 2025]\n\n[[centre]]\nname = \"Modum\"\n";
    w.write("friskliv.toml", &format!("{config}years = [2017, 2025]\n"));
    w.run(&["validate", y2014])
        .code(1)
        .stdout_has("\"Modum kommune\" is Modum, which was a development centre only in 2017–2025, not in 2014: the row is not read; check the year, or the centre's first year in friskliv.toml");
    w.write("friskliv.toml", &format!("{config}until = 2025\n"));
    w.run(&["validate", y2014]).code(0);
    w.run(&["schema", "--part", "centres"]).code(0).stdout_has("Modum");
    w.write("friskliv.toml", &format!("{config}until = 2013\n"));
    w.run(&["schema"]).code(2).stderr_has("centre \"Modum\" has until = 2013, before its first year 2014");
}

#[test]
fn a_period_can_continue_every_current_centre_in_one_line() {
    let w = Workdir::new();
    // The 2023 export without its new and renamed centres.
    w.write("utviklingssentraler-2023.csv", &new_year_of(false).csv);
    w.write(
        "friskliv.toml",
        "[[period]]\nlabel = \"2023–2025\"\nyears = [2023, 2025]\ncontinue_centres = true\n\n\
         [[form]]\nid = \"B\"\nuntil = 2025\n\n\
         # Verdal stopped with the last period.\n[[centre]]\nname = \"Verdal\"\nuntil = 2022\n",
    );
    let run = w.run(&["validate", "utviklingssentraler-2023.csv"]);
    run.code(1)
        .stdout_has("8 kept, 0 excluded, 1 rejected")
        .stdout_has("\"Verdal\" was a development centre only in 2014–2022, not in 2023");
    let coverage = w.run(&["coverage", "--format", "csv", "utviklingssentraler-2023.csv"]);
    let rows = csv_rows(&coverage.stdout);
    let status = |centre: &str| rows.iter().find(|r| r["centre"] == centre).map(|r| r["2023"].clone());
    assert_eq!(status("Kristiansand").as_deref(), Some("missing"), "continued, and sent no report");
    assert_eq!(status("Aktiv Eiker").as_deref(), Some("not_centre"), "succeeded by Drammen in 2017: not continued");
}

#[test]
fn a_measure_a_config_adds_to_a_task_is_shown_under_that_task() {
    let w = Workdir::new();
    w.write("utviklingssentraler-2023.csv", &new_year().csv);
    let draft = w.run(&["inspect", "utviklingssentraler-2023.csv", "--draft-config"]);
    w.write("friskliv.toml", &draft.code(0).stdout);
    let run = w.run(&["report", "utviklingssentraler-2023.csv", "--format", "md"]);
    let out = &run.code(0).stdout;
    let at = |s: &str| out.find(s).unwrap_or_else(|| panic!("no {s:?} in\n{out}"));
    assert_eq!(out.matches("Oppgave 9").count(), 1, "{out}");
    assert!(at("Oppgave 9") < at("Antall digitale samlinger dere har arrangert"));
    assert!(at("Antall digitale samlinger dere har arrangert") < at("Ikke en oppgave: tilskuddet"));
}

#[test]
fn a_question_the_file_answers_already_or_a_new_choice_is_no_rewording() {
    let w = Workdir::new();
    w.write(
        "rapport-2022.csv",
        "Utviklingssentral;Fullført;Har dere en egen plan for informasjonsarbeidet?;Har dere en egen plan for rekruttering?;\
         Hvilke digitale verktøy bruker dere? - Teams;Hvilke digitale verktøy bruker dere? - Zoom\r\n\
         Modum;01.03.2023 10:00;Ja;Nei;1;0\r\n\
         Verdal;01.03.2023 10:00;Nei;Ja;1;1\r\n",
    );
    let run = w.run(&["inspect", "rapport-2022.csv", "--draft-config"]);
    let toml = &run.code(0).stdout;
    // «egen plan rekruttering» is like info_plan's «egen plan informasjonsarbeidet» (4 / 6), but
    // column 3 answers info_plan: column 4 is a new question.
    assert!(!toml.contains("measure = \"info_plan\""), "{toml}");
    assert!(toml.contains("id = \"egen_plan_rekruttering\""), "{toml}");
    // «digitale verktøy bruker» shares only «bruker» with «sosiale medier bruker»: no candidate.
    assert!(!toml.contains("social_platforms"), "{toml}");
    assert!(toml.contains("looks like an option of a new choice question"), "{toml}");
    w.write("friskliv.toml", toml);
    let run = w.run(&["validate", "rapport-2022.csv"]);
    run.code(0).stdout_lacks("maps where column");
}

#[test]
fn a_draft_puts_a_new_question_on_the_form_of_its_year_and_never_stretches_a_form_over_another() {
    let w = Workdir::new();
    // A form C of the config's for 2023: the new question goes on it.
    w.write(
        "friskliv.toml",
        "[[period]]\nlabel = \"2023–2025\"\nyears = [2023, 2025]\ncontinue_centres = true\n\n[[form]]\nid = \"C\"\nyears = [2023, 2025]\n",
    );
    w.write(
        "rapport-2023.csv",
        "Utviklingssentral;Fullført;2.1 Antall personer som har hospitert;Antall digitale samlinger\r\n\
         Modum;01.03.2024 10:00;4;2\r\n",
    );
    let run = w.run(&["inspect", "rapport-2023.csv", "--draft-config", "-o", "friskliv.toml"]);
    run.code(0);
    let toml = std::fs::read_to_string(w.path("friskliv.toml")).unwrap();
    assert!(
        toml.contains("[[question]]\nform = \"C\"\nmeasure = \"antall_digitale_samlinger\"\nsince = 2023"),
        "{toml}"
    );
    w.run(&["validate", "rapport-2023.csv"]).code(0);

    // The 2014 export given as 2023: its columns fit form A, which stretched to 2023 would take
    // over form B's 2017–2022; that is a note, not a [[form]].
    let w = Workdir::new();
    let y2014 = sample_data().join("utviklingssentraler-2014.csv");
    let input = format!("2023={}", y2014.display());
    let first = w.run(&["validate", &input]);
    first.code(1).stdout_has(&format!("friskliv inspect 2023={} --draft-config", y2014.display()));
    let run = w.run(&["inspect", &input, "--draft-config"]);
    let toml = &run.code(0).stdout;
    assert!(!toml.contains("[[form]]\nid"), "{toml}");
    assert!(toml.contains("would take it over B's years (2017–2022)"), "{toml}");
    w.write("friskliv.toml", toml);
    // Only Aktiv Eiker's row is left: Drammen succeeded it in 2017, which the draft leaves to a note.
    let run = w.run(&["validate", &input]);
    run.code(1).stdout_has("4 kept, 0 excluded, 1 rejected").stdout_has("its successor is Drammen");
    assert!(
        toml.contains(
            "Aktiv Eiker reports for 2023, but was a development centre only in 2014–2016 and its successor is Drammen"
        ),
        "{toml}"
    );

    // A year before every period: a period that ends where the first known one starts.
    let w = Workdir::new();
    let input = format!("2013={}", y2014.display());
    let toml = w.run(&["inspect", &input, "--draft-config"]).stdout;
    assert!(toml.contains("[[period]]\nlabel = \"2013\"\nyears = [2013, 2013]"), "{toml}");
    assert!(toml.contains("[[form]]\nid = \"A\"\nyears = [2013, 2016]"), "{toml}");
    w.write("friskliv.toml", &toml);
    w.run(&["schema"]).code(0);
}
