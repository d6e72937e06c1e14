//! The report as a document: `report --spec … --out-dir` writes one self-contained HTML page with
//! numbered, captioned tables and figures, prose whose numbers come from the data, who reported, and
//! an SVG per figure; in Norwegian by default, in English with `--lang en`.

use crate::{sample_data, Workdir};

fn data() -> String {
    sample_data().to_str().unwrap().to_string()
}

fn example() -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/rapport-2014-2022.toml").display().to_string()
}

/// The sample report's HTML page, written by a fresh process.
fn sample_report(w: &Workdir, lang: Option<&str>) -> String {
    let spec = example();
    let mut args = vec!["report", "--spec", &spec, "--out-dir", "r", "--quiet"];
    if let Some(lang) = lang {
        args.extend(["--lang", lang]);
    }
    w.run(&args).code(0);
    std::fs::read_to_string(w.path("r/rapport-2014-2022.html")).unwrap()
}

/// Every element's text under `node`, joined.
fn text_of(node: roxmltree::Node) -> String {
    node.descendants().filter(|n| n.is_text()).map(|n| n.text().unwrap()).collect()
}

#[test]
fn the_html_report_is_well_formed_self_contained_and_numbers_every_table_and_figure() {
    let w = Workdir::new();
    let html = sample_report(&w, None);
    let doc = roxmltree::Document::parse_with_options(
        &html,
        roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() },
    )
    .unwrap_or_else(|e| panic!("the page is not well-formed: {e}"));
    let root = doc.root_element();
    assert_eq!((root.tag_name().name(), root.attribute("lang")), ("html", Some("nb")));
    // Nothing fetched, nothing run.
    assert!(!html.contains("<script"), "a script");
    for attribute in ["src", "href"] {
        for scheme in ["http:", "https:", "//"] {
            assert!(!html.contains(&format!("{attribute}=\"{scheme}")), "{attribute} to {scheme}");
        }
    }
    let captions: Vec<String> = root
        .descendants()
        .filter(|n| n.has_tag_name("caption") && !n.ancestors().any(|a| a.has_tag_name("details")))
        .map(text_of)
        .collect();
    let figures: Vec<String> = root.descendants().filter(|n| n.has_tag_name("figcaption")).map(text_of).collect();
    assert_eq!(
        captions,
        [
            "Tabell 1: Antall hospiteringer ved utviklingssentralene i 2014–2022",
            "Tabell 2: Forskningsinstitusjoner utviklingssentralene har hatt samarbeid med i 2017 og 2018 (antall sentraler)",
        ]
    );
    let numbers: Vec<&str> = figures.iter().map(|f| f.split(':').next().unwrap()).collect();
    // Figur 1–8 of the published summary, then Figur 9: the themes of the inquiries.
    assert_eq!(numbers, (1..=9).map(|i| format!("Figur {i}")).collect::<Vec<_>>());
    assert!(figures[0].starts_with("Figur 1: Antall personer som har hospitert"));
    // Each figure is an accessible picture, with its numbers beside it, its notes and its data.
    for figure in root.descendants().filter(|n| n.has_tag_name("figure")) {
        let svg = figure.descendants().find(|n| n.has_tag_name("svg")).expect("an svg in every figure");
        assert_eq!(svg.attribute("role"), Some("img"));
        let desc = svg.descendants().find(|n| n.has_tag_name("desc")).map(text_of).unwrap_or_default();
        assert!(desc.contains("2014") || desc.contains("2017"), "{desc}");
        let notes: Vec<String> =
            figure.descendants().filter(|n| n.attribute("class") == Some("note")).map(text_of).collect();
        assert!(notes.iter().any(|n| n == "Kilde: årlig rapportering fra utviklingssentralene til Helsedirektoratet"));
        let link = figure.descendants().find(|n| n.has_tag_name("a") && n.attribute("download").is_some()).unwrap();
        assert!(link.attribute("href").unwrap().starts_with("data:text/csv;charset=utf-8,"));
    }
    // Tables: header cells with their scope; the first figure's note gives n per year as published.
    assert!(root.descendants().filter(|n| n.has_tag_name("th")).all(|n| n.attribute("scope").is_some()));
    assert!(html.contains("Antall utviklingssentraler som rapporterte (n): 2014: 5, 2015: 5, 2016: 5, 2017: 10, 2018: 10, 2019: 10, 2020: 9, 2021: 9, 2022: 10."));
    // The table of contents links every table, figure and answers, and who reported.
    let contents: Vec<String> = root
        .descendants()
        .filter(|n| n.has_tag_name("nav"))
        .flat_map(|n| n.descendants().filter(|a| a.has_tag_name("a")).map(text_of))
        .collect();
    assert_eq!(contents.len(), 2 + 9 + 1 + 1, "{contents:?}");
    assert!(contents.contains(&"Hva henvendelsene handlet om, 2020–2022 (svarene)".to_string()));
    assert_eq!(contents.last().unwrap(), "Rapporter per sentral og år");
}

#[test]
fn the_prose_takes_its_numbers_from_the_data() {
    let w = Workdir::new();
    let html = sample_report(&w, None);
    // Tabell 1's totals as published (1385 people, 334 municipalities), in Norwegian style.
    assert!(html.contains("Totalt har 1\u{a0}385 personer, representert ved 334 kommuner,"), "{html}");
    // 5 + 5 + 5 + 10 + 10 + 10 + 9 + 9 + 10 reports; 61 + 67 people in the pandemic years.
    assert!(html.contains("bygger på 73 årlige"));
    assert!(html.contains("fra 5 sentraler i 2014\ntil 10 i 2022"));
    assert!(html.contains("hospiterte\n128 personer"));
    assert!(html.contains("I 2022 hadde 100\u{a0}% av sentralene"));
    let md = std::fs::read_to_string(w.path("r/rapport-2014-2022.md")).unwrap();
    assert!(md.contains("Totalt har 1\u{a0}385 personer"), "{md}");
}

#[test]
fn who_reported_which_year_closes_the_report() {
    let w = Workdir::new();
    let html = sample_report(&w, None);
    let at = html.find("<section class=\"appendix\" id=\"rapporter\">").expect("the coverage matrix");
    let matrix = &html[at..];
    assert!(matrix.contains("<th scope=\"row\">Sør-Varanger</th>"));
    assert!(matrix.contains("fritatt"), "Sør-Varanger was excused in 2020 and 2021");
    assert!(matrix.contains("<th scope=\"row\">Rapportert</th><td>5</td>"));
}

#[test]
fn an_english_report_has_english_labels_headings_and_numbers() {
    let w = Workdir::new();
    let html = sample_report(&w, Some("en"));
    assert!(html.contains("<html lang=\"en\">"));
    // The spec's English: every title, caption and paragraph (its numbers English style).
    assert!(html.contains("<title>Development centres for healthy life centres: annual reporting 2014–2022</title>"));
    assert!(html.contains("<caption>Table 1: Placements at the development centres, 2014–2022</caption>"), "{html}");
    assert!(html.contains(
        "<figcaption>Figure 1: People on placement, and the municipalities they came from, by year</figcaption>"
    ));
    assert!(html.contains("In all, 1,385 people, from 334 municipalities,"));
    assert!(!html.contains("Totalt har") && !html.contains("Antall hospiteringer"), "nothing of the Norwegian left");
    assert!(html.contains("<th scope=\"row\">Number of people on placement</th>"));
    assert!(html.contains("<td class=\"num\">1,385</td>"));
    assert!(
        html.contains(">Source: the development centres&#39; yearly reports to the Norwegian Directorate of Health<")
    );
    assert!(html.contains("Development centres that reported (n): 2014: 5,"));
    assert!(html.contains("Reports by centre and year"));
    assert!(html.contains("66.7%"), "shares in English style");
    let svg = std::fs::read_to_string(w.path("r/fou.svg")).unwrap();
    assert!(svg.contains(">Collaboration with research groups<") && svg.contains(">100%<"), "{svg}");
}

#[test]
fn a_missing_english_label_falls_back_to_norwegian_with_a_warning() {
    let w = Workdir::new();
    w.write(
        "friskliv.toml",
        "[[measure]]\nid = \"hospitants\"\n\n[[measure]]\nid = \"walks\"\ntask = 2\nkind = \"number\"\nlabel = \"Antall turer\"\n",
    );
    let run = w.run(&["report", &data(), "--measure", "walks", "--measure", "hospitants", "--lang", "en"]);
    run.code(0).stderr_has("warning: no English label for walks: shown in Norwegian (add label_en");
    run.stdout_has("Number of people on placement");
    // Norwegian, the default, needs no English.
    let nb = w.run(&["report", &data(), "--measure", "walks"]);
    assert!(!nb.code(0).stderr.contains("English"), "{}", nb.stderr);
}

#[test]
fn numbers_read_in_norwegian_or_english_style() {
    let w = Workdir::new();
    let d = data();
    let args = ["report", d.as_str(), "--measure", "hospitants", "--measure", "homepage", "--pivot", "year", "--total"];
    let nb = w.run(&[&args[..], &["--format", "md"]].concat());
    let en = w.run(&[&args[..], &["--format", "md", "--lang", "en"]].concat());
    insta::assert_snapshot!("numbers_nb", nb.code(0).stdout);
    insta::assert_snapshot!("numbers_en", en.code(0).stdout);
}

#[test]
fn a_spec_with_an_unknown_placeholder_or_a_figure_it_cannot_draw_fails_before_reading() {
    let w = Workdir::new();
    // No exports exist: the spec must fail on its own.
    w.write("a.toml", "inputs = [\"none\"]\n[[text]]\ntext = \"Hei\"\n\n[[text]]\ntext = \"{sum:hospitant}\"\n[[table]]\nname = \"t\"\nmeasures = [\"hospitants\"]\n")
        .write("b.toml", "inputs = [\"none\"]\n[[text]]\ntext = \"{median:hospitants}\"\n[[table]]\nname = \"t\"\nmeasures = [\"hospitants\"]\n")
        .write("c.toml", "inputs = [\"none\"]\n[[figure]]\nname = \"f\"\nmeasures = [\"hospitants\", \"homepage\"]\n")
        .write("d.toml", "inputs = [\"none\"]\n[[figure]]\nname = \"f\"\nmeasures = [\"homepage\"]\nby = [\"year\", \"centre\"]\n")
        .write("e.toml", "inputs = [\"none\"]\n[[text]]\ntext = \"{share:info_channels}\"\n[[table]]\nname = \"t\"\nmeasures = [\"hospitants\"]\n");
    w.run(&["report", "--spec", "a.toml"]).code(2).stderr_has(
        "a.toml:5: placeholder {sum:hospitant}: unknown measure \"hospitant\"; did you mean \"hospitants\"?",
    );
    w.run(&["report", "--spec", "b.toml"]).code(2).stderr_has("unknown statistic \"median\"");
    w.run(&["report", "--spec", "c.toml"])
        .code(2)
        .stderr_has("c.toml:2: figure \"f\": a figure shows shares or numbers, not both");
    w.run(&["report", "--spec", "d.toml"]).code(2).stderr_has("a figure lays one key along its axis");
    w.run(&["report", "--spec", "e.toml"]).code(2).stderr_has("\"info_channels\" is a choice: name one of its options");
}

#[test]
fn a_table_notes_the_corrections_applied_to_its_cells_and_the_report_lists_them() {
    let w = Workdir::new();
    let corrections =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/corrections.toml").display().to_string();
    let spec = example();
    w.run(&["report", "--spec", &spec, "--out-dir", "r", "--corrections", &corrections, "--quiet"]).code(0);
    let html = std::fs::read_to_string(w.path("r/rapport-2014-2022.html")).unwrap();
    // Modum's 2017 hospitants were confirmed: Tabell 1 and its figure say so; inquiries are in no
    // table of the spec, so Stavanger's 2015 correction is listed only at the end.
    let note = "<p class=\"note\">Tallene er korrigert (2017-modum-hospitanter): se «Korreksjoner brukt».</p>";
    assert_eq!(html.matches(note).count(), 2, "{html}");
    assert!(!html.contains("Tallene er korrigert (2015"));
    let at = html.find("<section class=\"appendix\" id=\"korreksjoner\">").expect("the corrections applied");
    assert!(html[at..].contains("2015-stavanger-henvendelser") && html[at..].contains("2017-modum-hospitanter"));
    // Without corrections there is no such section.
    let plain = sample_report(&Workdir::new(), None);
    assert!(!plain.contains("id=\"korreksjoner\""));
}

#[test]
fn an_english_report_of_a_spec_without_english_keeps_its_norwegian_prose_and_numbers_and_says_so() {
    // The example without its English: «Totalt har 1,385 personer» would read as 1.385 to a
    // Norwegian reader, so Norwegian prose keeps Norwegian numbers.
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/rapport-2014-2022.toml");
    let text = std::fs::read_to_string(spec).unwrap();
    let mut norwegian = String::new();
    let mut skipping = false;
    for line in text.lines() {
        if line.starts_with("text_en = \"\"\"") {
            skipping = true;
        } else if skipping {
            skipping = line != "\"\"\"";
        } else if !line.starts_with("title_en") && !line.starts_with("figure_title_en") {
            norwegian.push_str(line);
            norwegian.push('\n');
        }
    }
    let w = Workdir::new();
    let codebook = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/friskliv.toml");
    w.write_bytes("friskliv.toml", &std::fs::read(codebook).unwrap());
    w.write(
        "rapport.toml",
        &norwegian.replace("inputs = [\"../data\"]", &format!("inputs = [{:?}]", crate::sample_data())),
    );
    let run = w.run(&["report", "--spec", "rapport.toml", "--out-dir", "r", "--lang", "en"]);
    run.code(0);
    assert_eq!(run.stderr.matches("has no English for").count(), 1, "one warning: {}", run.stderr);
    run.stderr_has("rapport.toml has no English for the title, [[text]] at line 19, table \"tabell-1\"");
    let html = std::fs::read_to_string(w.path("r/rapport.html")).unwrap();
    assert!(html.contains("Totalt har 1\u{a0}385 personer"), "Norwegian prose, Norwegian numbers");
    assert!(
        html.contains("<caption>Table 1: Antall hospiteringer"),
        "the caption's number in English, its title as written"
    );
    assert!(html.contains("<td class=\"num\">1,385</td>"), "the tables are English");
}
