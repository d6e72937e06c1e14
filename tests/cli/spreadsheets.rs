//! Spreadsheets on both sides: CSV output that Excel opens without running a respondent's text as
//! a formula, and Excel workbooks as input.

use crate::{csv_rows, Workdir};

const HYPERLINK: &str = r#"=HYPERLINK("http://x.example","klikk")"#;

/// Two responses of 2017: Modum's topic answer is a formula and its inquiries negative, Lenvik's topic
/// starts with `@` and a phone number with `+`.
fn formulas() -> Workdir {
    let w = Workdir::new();
    let quoted = HYPERLINK.replace('"', "\"\"");
    w.write(
        "2017.csv",
        &format!(
            "Respondent-ID;E-post;Startet;Fullført;Utviklingssentral;Antall henvendelser fra kommuner og \
             frisklivssentraler;Hvilke tema har henvendelsene handlet om?\r\n\
             1;a@b.no;01.03.2018 09:00;01.03.2018 10:00;Modum;-5;\"{quoted}\"\r\n\
             2;a@b.no;01.03.2018 09:00;01.03.2018 10:00;Lenvik;12;@SUM(1+1) og +47 22 00 00 00\r\n"
        ),
    );
    w
}

#[test]
fn normalise_writes_a_formula_as_text_and_a_negative_number_as_it_is() {
    let run = formulas().run(&["normalise", "2017.csv", "--format", "csv"]);
    let rows = csv_rows(&run.code(0).stdout);
    let cell = |centre: &str, measure: &str, column: &str| {
        rows.iter().find(|r| r["centre"] == centre && r["measure"] == measure).unwrap()[column].clone()
    };
    assert_eq!(cell("Modum", "inquiry_topics", "raw"), format!("'{HYPERLINK}"));
    assert_eq!(cell("Modum", "inquiry_topics", "text"), format!("'{HYPERLINK}"));
    assert_eq!(cell("Senja", "inquiry_topics", "raw"), "'@SUM(1+1) og +47 22 00 00 00");
    assert_eq!(cell("Modum", "inquiries", "raw"), "-5");
    assert_eq!(cell("Senja", "inquiries", "value"), "12");
}

#[test]
fn sql_and_explain_write_formulas_as_text_too() {
    let w = formulas();
    let query = "select centre, text, raw from responses where measure in ('inquiry_topics', 'inquiries') order by centre, measure";
    let sql = w.run(&["sql", "2017.csv", query, "--format", "csv"]);
    let rows = csv_rows(&sql.code(0).stdout);
    let raws: Vec<&str> = rows.iter().map(|r| r["raw"].as_str()).collect();
    assert_eq!(raws, ["-5", &format!("'{HYPERLINK}"), "12", "'@SUM(1+1) og +47 22 00 00 00"]);
    let explain = w.run(&["explain", "2017.csv", "--measure", "inquiry_topics", "--format", "csv"]);
    let rows = csv_rows(&explain.code(0).stdout);
    assert_eq!(rows[0]["raw"], format!("'{HYPERLINK}"));
    let explain = w.run(&["explain", "2017.csv", "--measure", "inquiries", "--format", "csv"]);
    assert_eq!(csv_rows(&explain.code(0).stdout)[0]["raw"], "-5");
}

#[test]
fn json_and_xlsx_keep_the_answer_as_written() {
    let w = formulas();
    let json = w.run(&["normalise", "2017.csv", "--format", "json"]);
    assert!(json.code(0).stdout.contains(&format!("\"raw\": {}", serde_json::to_string(HYPERLINK).unwrap())));
    let query = "select raw from responses where measure = 'inquiry_topics' order by centre";
    w.run(&["sql", "2017.csv", query, "-o", "topics.xlsx"]).code(0);
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(w.path("topics.xlsx")).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(sheet.get((1, 0)), Some(&calamine::Data::String(HYPERLINK.into())));
}

#[test]
fn validate_warns_about_answers_a_spreadsheet_would_run() {
    let run = formulas().run(&["validate", "2017.csv"]);
    run.code(0)
        .stdout_has("2017.csv:2:7: column \"Hvilke tema har henvendelsene handlet om?\": ")
        .stdout_has("starts with \"=\", which a spreadsheet runs as a formula: CSV output writes it with a leading '")
        .stdout_has("2017.csv:3:7: ")
        .stdout_has("starts with \"@\"");
    assert_eq!(run.stdout.matches("which a spreadsheet runs as a formula").count(), 2, "{}", run.stdout);
    formulas().run(&["validate", "--strict", "2017.csv"]).code(1);
}
