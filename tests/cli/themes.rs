//! A theme codebook: free-text answers counted like a choice's options, every answer accounted for.

use crate::{csv_rows, Workdir};

/// Two themes of `inquiry_topics`, as docs/config.md writes them.
const CODEBOOK: &str = r#"
[[theme]]
measure = "inquiry_topics"
id = "referral"
label = "Frisklivsresept og henvisning"
label_en = "Referrals"
patterns = ["frisklivsresept*", "henvis*"]

[[theme]]
measure = "inquiry_topics"
id = "startup"
label = "Oppstart og forankring"
patterns = ["oppstart*", "forankr*"]
"#;

/// Five answers of 2017, one per centre; the themes each should match are in the comments.
fn workdir() -> Workdir {
    let w = Workdir::new();
    w.write("friskliv.toml", CODEBOOK);
    let header = "Utviklingssentral;Fullført;1.2 Hvilke tema har henvendelsene handlet om?\n";
    let rows = [
        "Modum;01.03.2018 10:00;Henvisningsrutiner og FRISKLIVSRESEPT", // referral
        "Verdal;01.03.2018 10:00;\"Oppstart av ny sentral;\nforankring i kommunen\"", // startup, across a line break
        "Senja;01.03.2018 10:00;Søvnkurs, bra mat",                     // neither: uncoded
        "Bergen;01.03.2018 10:00;Henvisning/oppstart",                  // both: the words split at «/»
        "Drammen;01.03.2018 10:00;",                                    // unanswered: in no count
    ];
    w.write("2017.csv", &format!("{header}{}\n", rows.join("\n")));
    w
}

#[test]
fn themes_count_like_options_and_uncoded_counts_the_rest() {
    let w = workdir();
    let run = w.run(&["report", "2017.csv", "--measure", "inquiry_topics", "--format", "csv"]);
    let rows = csv_rows(&run.code(0).stdout);
    let of = |id: &str| rows.iter().find(|r| r["option"] == id).unwrap_or_else(|| panic!("{id}: {rows:#?}")).clone();
    // n: the four answered; sum: those the theme matches; share = sum / n.
    assert_eq!(
        (of("referral")["n"].as_str(), of("referral")["sum"].as_str(), of("referral")["share"].as_str()),
        ("4", "2", "0.5")
    );
    assert_eq!((of("startup")["sum"].as_str(), of("uncoded")["sum"].as_str()), ("2", "1"));
    assert_eq!(of("referral")["label"], "Frisklivsresept og henvisning");
    assert_eq!(rows.len(), 3, "a row per theme and uncoded, none for the text itself");
    // One theme, as --measure MEASURE:OPTION; in English its label_en.
    let one = w.run(&["report", "2017.csv", "--measure", "inquiry_topics:startup", "--format", "csv"]);
    assert_eq!(csv_rows(&one.code(0).stdout).len(), 1);
    w.run(&["report", "2017.csv", "--measure", "inquiry_topics:referral", "--lang", "en", "--format", "md"])
        .code(0)
        .stdout_has("Referrals");
}

#[test]
fn explain_shows_the_answers_behind_a_theme_and_the_words_that_matched() {
    let w = workdir();
    let run = w.run(&["explain", "2017.csv", "--measure", "inquiry_topics:referral", "--format", "csv"]);
    run.code(0).stderr_has("inquiry_topics:referral: n = 4, sum = 2");
    let rows = csv_rows(&run.stdout);
    let of = |centre: &str| rows.iter().find(|r| r["centre"] == centre).unwrap().clone();
    // The codebook's patterns are tried in order: «frisklivsresept*» matches first.
    assert_eq!((of("Modum")["value"].as_str(), of("Modum")["matched"].as_str()), ("1", "frisklivsresept"));
    assert_eq!((of("Senja")["value"].as_str(), of("Senja")["matched"].as_str()), ("0", ""));
    assert_eq!(of("Drammen")["value"], "", "unanswered");
    let uncoded = w.run(&["explain", "2017.csv", "--measure", "inquiry_topics:uncoded", "--format", "csv"]);
    let rows = csv_rows(&uncoded.code(0).stdout);
    let bergen = rows.iter().find(|r| r["centre"] == "Bergen").unwrap();
    assert_eq!((bergen["value"].as_str(), bergen["matched"].as_str()), ("0", "referral, startup"));
}

#[test]
fn a_theme_goes_into_a_spec_figure_and_a_placeholder() {
    let w = workdir();
    w.write(
        "spec.toml",
        "inputs = [\"2017.csv\"]\n[[text]]\ntext = \"Henvisning: {share:inquiry_topics:referral,year=2017}, {sum:inquiry_topics:startup}.\"\n\
         [[figure]]\nname = \"tema\"\ntitle = \"Tema\"\nmeasures = [\"inquiry_topics\"]\nby = [\"year\"]\n",
    );
    w.run(&["report", "--spec", "spec.toml", "--out-dir", "out", "--quiet"]).code(0);
    let md = std::fs::read_to_string(w.path("out/spec.md")).unwrap();
    // 2 of the 4 answers: Norwegian style, with a non-breaking space before «%».
    assert!(md.contains("Henvisning: 50\u{a0}%, 2."), "{md}");
    let svg = std::fs::read_to_string(w.path("out/tema.svg")).unwrap();
    assert!(svg.contains("Oppstart og forankring") && svg.contains("Uten tema"), "a bar per theme, and uncoded");
}

#[test]
fn a_bad_theme_is_refused_with_its_file_and_line() {
    let w = workdir();
    let bad = |theme: &str| {
        w.write("friskliv.toml", &format!("{CODEBOOK}\n[[theme]]\n{theme}\n"));
        w.run(&["schema"]).code(2).stderr.clone()
    };
    // The third [[theme]] stands on line 15 of the file (CODEBOOK is 13 lines, then a blank one).
    let e = bad("measure = \"hospitants\"\nid = \"x\"\npatterns = [\"x\"]");
    assert!(e.contains("friskliv.toml:15: [[theme]] \"x\": \"hospitants\" is a number"), "{e}");
    let e = bad("measure = \"inquiry_topics\"\nid = \"x\"\npatterns = [\"\"]");
    assert!(e.contains("friskliv.toml:15") && e.contains("is empty"), "{e}");
    let e = bad("measure = \"inquiry_topics\"\nid = \"x\"\npatterns = [\"fr*sk\"]");
    assert!(e.contains("friskliv.toml:15") && e.contains("a `*` may only start or end a word"), "{e}");
    let e = bad("measure = \"inquiry_topics\"\nid = \"referral\"\npatterns = [\"x\"]");
    assert!(e.contains("friskliv.toml:15") && e.contains("used twice"), "{e}");
    let e = bad("measure = \"inquiry_topic\"\nid = \"x\"\npatterns = [\"x\"]");
    assert!(e.contains("friskliv.toml:15") && e.contains("did you mean \"inquiry_topics\""), "{e}");
    // A theme is computed, never corrected.
    w.write("friskliv.toml", CODEBOOK);
    w.write(
        "corrections.toml",
        "[[correction]]\nid = \"x\"\nyear = 2017\ncentre = \"Modum\"\nmeasure = \"inquiry_topics:referral\"\nold = \"1\"\nnew = \"0\"\nreason = \"r\"\nauthor = \"a\"\ndate = 2018-03-20\n",
    );
    w.run(&["validate", "2017.csv"]).code(2).stderr_has("is a theme, computed from the answers of \"inquiry_topics\"");
}

#[test]
fn sqls_wide_view_has_a_column_per_theme_and_the_long_table_none() {
    let w = workdir();
    let run = w.run(&[
        "sql",
        "--format",
        "csv",
        "2017.csv",
        "SELECT centre, inquiry_topics__referral AS r, inquiry_topics__uncoded AS u FROM wide ORDER BY centre",
    ]);
    let rows = csv_rows(&run.code(0).stdout);
    let of = |c: &str| rows.iter().find(|r| r["centre"] == c).map(|r| (r["r"].clone(), r["u"].clone())).unwrap();
    assert_eq!(of("Bergen"), ("1".into(), "0".into()));
    assert_eq!(of("Senja"), ("0".into(), "1".into()));
    assert_eq!(of("Drammen"), (String::new(), String::new()), "unanswered");
    // The long table holds the export's cells: the answer once, no theme rows.
    let long = csv_rows(&w.run(&["normalise", "2017.csv", "--format", "csv"]).code(0).stdout);
    let topics: Vec<_> = long.iter().filter(|r| r["measure"] == "inquiry_topics").collect();
    assert_eq!(topics.len(), 5);
    assert!(topics.iter().all(|r| r["option"].is_empty()));
}

#[test]
fn answers_are_written_verbatim_by_year_and_centre_in_every_file_of_the_report() {
    let w = workdir();
    w.write(
        "spec.toml",
        "inputs = [\"2017.csv\"]\n[[answers]]\nname = \"tema\"\ntitle = \"Tema for henvendelsene\"\nmeasure = \"inquiry_topics\"\nyears = \"2017\"\n",
    );
    // An answer that would be markup in HTML and in Markdown.
    let export =
        std::fs::read_to_string(w.path("2017.csv")).unwrap().replace("Søvnkurs, bra mat", "<b>Søvnkurs</b> *bra* mat");
    w.write("2017.csv", &export);
    w.run(&["report", "--spec", "spec.toml", "--out-dir", "out", "--quiet"]).code(0);
    // CSV: a row per answer (Drammen did not answer), by centre name, with the themes' ids.
    let rows = csv_rows(&std::fs::read_to_string(w.path("out/tema.csv")).unwrap());
    let centres: Vec<&str> = rows.iter().map(|r| r["centre"].as_str()).collect();
    assert_eq!(centres, ["Bergen", "Modum", "Senja", "Verdal"]);
    assert_eq!(rows[0]["themes"], "referral; startup");
    assert_eq!(rows[3]["answer"], "Oppstart av ny sentral;\nforankring i kommunen", "the line break kept");
    // Markdown: a heading per year, the line break a hard break, the markup escaped.
    let md = std::fs::read_to_string(w.path("out/tema.md")).unwrap();
    assert!(md.contains("### 2017"), "{md}");
    assert!(
        md.contains("**Verdal**: Oppstart av ny sentral;  \nforankring i kommunen *(Oppstart og forankring)*"),
        "{md}"
    );
    assert!(md.contains("\\<b\\>Søvnkurs\\</b\\> \\*bra\\* mat *(Uten tema)*"), "{md}");
    // HTML: in the table of contents, the answer as text (never as markup), its line break kept.
    let html = std::fs::read_to_string(w.path("out/spec.html")).unwrap();
    assert!(html.contains("<a href=\"#tema\">Tema for henvendelsene</a>"));
    assert!(html.contains("&lt;b&gt;Søvnkurs&lt;/b&gt; *bra* mat") && !html.contains("<b>Søvnkurs"));
    assert!(html.contains(".answers td { white-space: pre-line; }"));
    // The workbook: a sheet of its own.
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(w.path("out/spec.xlsx")).unwrap();
    assert!(book.sheet_names().contains(&"tema".to_string()), "{:?}", book.sheet_names());
    let sheet = book.worksheet_range("tema").unwrap();
    let cells: Vec<String> = sheet.rows().flat_map(|r| r.iter().map(|c| c.to_string())).collect();
    assert!(cells.contains(&"Henvisning/oppstart".to_string()), "{cells:?}");
}

#[test]
fn answers_of_a_measure_that_is_not_free_text_are_refused() {
    let w = workdir();
    w.write("spec.toml", "[[answers]]\nname = \"x\"\nmeasure = \"hospitants\"\n");
    w.run(&["report", "--spec", "spec.toml", "2017.csv"]).code(2).stderr_has(
        "spec.toml:1: answers \"x\": \"hospitants\" is a number: [[answers]] lists the words of a text or list measure",
    );
}

#[test]
fn the_note_under_a_choice_lists_what_its_other_option_covered() {
    // Form A's «Annet» of the ways information was spread, and its «Annet, evt. hva» text: the
    // built-in schema names that text as what the option covered.
    let w = Workdir::new();
    let question =
        "1. På hvilken måte har dere bidratt til å spre informasjon om frisklivssentraler i regionen? - Annet";
    w.write(
        "2015.csv",
        &format!(
            "Utviklingssentral;Fullført;{question};1b. Annet, evt. hva\n\
             Modum;01.03.2016 10:00;X;Revidering av idébanken\n\
             Verdal;01.03.2016 10:00;X;\"Fotograf til\nkonferansen\"\n\
             Stavanger;01.03.2016 10:00;X;Revidering av idébanken\n\
             Alstahaug;01.03.2016 10:00;;\n"
        ),
    );
    w.write(
        "spec.toml",
        "inputs = [\"2015.csv\"]\n[[table]]\nname = \"kanaler\"\nmeasures = [\"info_channels\"]\npivot = \"year\"\n",
    );
    w.run(&["report", "--spec", "spec.toml", "--out-dir", "out", "--quiet"]).code(0);
    let html = std::fs::read_to_string(w.path("out/spec.html")).unwrap();
    // By centre name, each text once a year, white space as one space.
    assert!(
        html.contains("<p class=\"note\">Annet: 2015: Revidering av idébanken; Fotograf til konferansen.</p>"),
        "{html}"
    );
}

#[test]
fn figures_as_png_are_the_same_bytes_in_every_process_and_on_the_workbooks_sheet() {
    let w = workdir();
    let spec = "figures = [\"svg\", \"png\"]\ninputs = [\"2017.csv\"]\n[[figure]]\nname = \"tema\"\ntitle = \"Tema\"\nmeasures = [\"inquiry_topics\"]\n";
    w.write("spec.toml", spec);
    w.run(&["report", "--spec", "spec.toml", "--out-dir", "a", "--quiet"]).code(0);
    w.run(&["report", "--spec", "spec.toml", "--out-dir", "b", "--quiet"]).code(0);
    let (a, b) = (std::fs::read(w.path("a/tema.png")).unwrap(), std::fs::read(w.path("b/tema.png")).unwrap());
    assert_eq!(a, b, "two processes, the same bytes");
    // The PNG header: width and height at bytes 16 and 20; twice the SVG's size, at least 1,200.
    let be = |at: usize| u32::from_be_bytes(a[at..at + 4].try_into().unwrap());
    let svg = std::fs::read_to_string(w.path("a/tema.svg")).unwrap();
    let svg_width: f32 = svg.split("width=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
    assert_eq!(be(16), (svg_width * 2.0).max(1200.0).ceil() as u32);
    assert!(be(16) >= 1200 && be(20) > 0);
    // The workbook holds the picture (a zip entry of its own).
    let workbook = std::fs::read(w.path("a/spec.xlsx")).unwrap();
    assert!(workbook.windows(19).any(|x| x == b"xl/media/image1.png"), "the figure's sheet shows its picture");
    // Without `figures`, SVG only.
    w.write("spec.toml", &spec.replace("figures = [\"svg\", \"png\"]\n", ""));
    w.run(&["report", "--spec", "spec.toml", "--out-dir", "c", "--quiet"]).code(0);
    assert!(w.path("c/tema.svg").is_file() && !w.path("c/tema.png").exists());
}

#[test]
fn a_coded_measure_in_a_placeholder_names_its_theme_and_answers_go_to_stdout_too() {
    let w = workdir();
    // Without a theme, {n:inquiry_topics} would find no row once the measure is coded: refused.
    w.write("spec.toml", "inputs = [\"2017.csv\"]\n[[text]]\ntext = \"{n:inquiry_topics}\"\n[[answers]]\nname = \"tema\"\nmeasure = \"inquiry_topics\"\n");
    w.run(&["report", "--spec", "spec.toml"])
        .code(2)
        .stderr_has("\"inquiry_topics\" is coded into themes: name one, as {n:inquiry_topics:THEME}");
    // [[answers]] are a table of the spec for stdout too, by their name.
    w.write("spec.toml", "inputs = [\"2017.csv\"]\n[[answers]]\nname = \"tema\"\nmeasure = \"inquiry_topics\"\n");
    let run = w.run(&["report", "--spec", "spec.toml", "--format", "csv", "--table", "tema"]);
    let rows = csv_rows(&run.code(0).stdout);
    assert_eq!(rows.iter().find(|r| r["centre"] == "Senja").unwrap()["themes"], "uncoded");
}

#[test]
fn a_measure_asked_for_whole_and_by_one_theme_shows_whole() {
    let w = workdir();
    let args = ["report", "2017.csv", "--measure", "inquiry_topics:referral", "--format", "csv"];
    assert_eq!(csv_rows(&w.run(&args).code(0).stdout).len(), 1);
    let both = w.run(&[&args[..], &["--measure", "inquiry_topics"]].concat());
    assert_eq!(csv_rows(&both.code(0).stdout).len(), 3, "every theme and uncoded");
}
