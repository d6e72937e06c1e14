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

/// `csv` (UTF-8, a BOM allowed, fields split on `delimiter`) as Excel holds it in a sheet: whole and
/// decimal numbers as numbers, Questback's times as dates, the rest as text, nothing in empty cells.
fn sheet_of(book: &mut rust_xlsxwriter::Workbook, name: &str, csv: &str, delimiter: u8) {
    let sheet = book.add_worksheet();
    sheet.set_name(name).unwrap();
    let when = rust_xlsxwriter::Format::new().set_num_format("dd.mm.yyyy hh:mm");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    for (r, record) in reader.records().enumerate() {
        for (c, field) in record.unwrap().iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            if field.is_empty() {
            } else if let Some(n) = number(field) {
                sheet.write_number(r, c, n).unwrap();
            } else if let Some(t) = time(field) {
                sheet.write_datetime_with_format(r, c, &t, &when).unwrap();
            } else {
                sheet.write_string(r, c, field).unwrap();
            }
        }
    }
}

/// `12`, `-77`, `12.5` (not `007`, `1 200` or `12,5`, which Excel keeps as text).
fn number(field: &str) -> Option<f64> {
    let digits = field.strip_prefix('-').unwrap_or(field);
    let plain = digits.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && digits.matches('.').count() <= 1
        && (!digits.starts_with('0') || digits == "0" || digits.starts_with("0."));
    plain.then(|| field.parse().unwrap())
}

/// `01.03.2018 10:00` or `2021-02-01 10:00:00` (not `0000-00-00 00:00:00`).
fn time(field: &str) -> Option<rust_xlsxwriter::ExcelDateTime> {
    let (date, clock) = field.split_once(' ')?;
    let n = |s: &str| s.parse::<u16>().ok();
    let (y, m, d) = match date.split('.').collect::<Vec<_>>()[..] {
        [d, m, y] => (n(y)?, n(m)?, n(d)?),
        _ => match date.split('-').collect::<Vec<_>>()[..] {
            [y, m, d] => (n(y)?, n(m)?, n(d)?),
            _ => return None,
        },
    };
    let hms: Vec<u16> = clock.split(':').map(n).collect::<Option<_>>()?;
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(y, m as u8, d as u8).ok()?;
    date.and_hms(hms[0], hms[1] as u8, f64::from(*hms.get(2).unwrap_or(&0))).ok()
}

/// A workbook of `sheets`: (name, CSV text, delimiter).
fn workbook(sheets: &[(&str, &str, u8)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, csv, delimiter) in sheets {
        sheet_of(&mut book, name, csv, *delimiter);
    }
    book.save_to_buffer().unwrap()
}

/// normalise's rows of `input`, each without its source, and the sources apart.
fn normalised(w: &Workdir, input: &str) -> (Vec<std::collections::BTreeMap<String, String>>, Vec<String>, String) {
    let run = w.run(&["normalise", input]);
    let mut rows = csv_rows(&run.code(0).stdout);
    let sources = rows.iter_mut().map(|r| r.remove("source").unwrap()).collect();
    let summary = run.stderr.lines().last().unwrap_or_default().to_string();
    (rows, sources, summary)
}

/// The CSV export `csv` and its twin `xlsx` (split on `delimiter`) normalise to the same table with
/// the same warnings, each row's source the sheet row that holds the CSV record (the record's
/// number, which is its line where no answer spans lines).
#[track_caller]
fn twins(w: &Workdir, csv: &str, xlsx: &str, delimiter: u8) {
    let (from_csv, csv_sources, csv_summary) = normalised(w, csv);
    let (from_xlsx, xlsx_sources, xlsx_summary) = normalised(w, xlsx);
    assert!(!from_csv.is_empty());
    assert_eq!(from_xlsx, from_csv);
    assert_eq!(xlsx_summary, csv_summary);
    let text = std::fs::read_to_string(w.path(csv)).unwrap();
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    // Each record's first line, counted from the byte it starts at.
    let record_of_line: std::collections::HashMap<String, String> = reader
        .records()
        .enumerate()
        .map(|(i, r)| {
            // The csv crate's record starts where the one before ended: past its CR, before its LF.
            let mut start = r.unwrap().position().unwrap().byte() as usize;
            start += text.as_bytes()[start..].iter().take_while(|b| b"\r\n".contains(b)).count();
            ((text.as_bytes()[..start].iter().filter(|&&b| b == b'\n').count() + 1).to_string(), (i + 1).to_string())
        })
        .collect();
    let line = |s: &String| s.rsplit(':').next().unwrap().to_string();
    let want: Vec<String> = csv_sources.iter().map(|s| format!("{xlsx}:Ark1:{}", record_of_line[&line(s)])).collect();
    assert_eq!(xlsx_sources, want);
}

#[test]
fn an_essentials_workbook_normalises_like_its_csv_twin() {
    let w = Workdir::new();
    for (name, delimiter) in
        [("utviklingssentraler-2018", b';'), ("utviklingssentraler-2017", b','), ("Rapport 2015 (1)", b';')]
    {
        let csv = std::fs::read_to_string(crate::sample_data().join(format!("{name}.csv"))).unwrap();
        w.write(&format!("{name}.csv"), &csv);
        w.write_bytes(&format!("{name}.xlsx"), &workbook(&[("Ark1", &csv, delimiter)]));
        twins(&w, &format!("{name}.csv"), &format!("{name}.xlsx"), delimiter);
    }
}

#[test]
fn an_efs_workbook_of_three_header_rows_normalises_like_its_csv_twin() {
    let w = Workdir::new();
    for name in ["utviklingssentraler-2022", "data_project_1187734_2022_03_14"] {
        let csv = std::fs::read_to_string(crate::sample_data().join(format!("{name}.csv"))).unwrap();
        w.write(&format!("{name}.csv"), &csv);
        w.write_bytes(&format!("{name}.xlsx"), &workbook(&[("Ark1", &csv, b';')]));
        twins(&w, &format!("{name}.csv"), &format!("{name}.xlsx"), b';');
    }
}

#[test]
fn a_one_row_efs_workbook_is_read_through_the_same_mapping_as_its_csv_twin() {
    let w = Workdir::new();
    let csv = "lfdn;dispcode;v_1;v_4;v_7;v_12\n1;31;2;14;1;Ja\n2;31;1;3;0;Nei\n3;22;1;9;1;Ja\n";
    w.write("eksport-2021.csv", csv).write_bytes("eksport-2021.xlsx", &workbook(&[("Ark1", csv, b';')]));
    w.write("friskliv.toml", crate::layouts::EFS_MAPPING);
    twins(&w, "eksport-2021.csv", "eksport-2021.xlsx", b';');
}

/// Essentials, 2018: Modum with a range for its inquiries (row 3, column F), Verdal completed at an
/// Excel serial in a cell not formatted as a date.
const RAPPORT_2018: &str =
    "Respondent-ID;E-post;Startet;Fullført;Utviklingssentral;Antall henvendelser fra kommuner og frisklivssentraler\n\
    1;a@b.no;01.03.2019 09:00;01.03.2019 10:00;Modum;12\n\
    2;a@b.no;01.03.2019 09:00;01.03.2019 10:00;Modum;10-15\n\
    3;a@b.no;01.03.2019 09:00;43525.5;Verdal;7\n";

#[test]
fn a_workbooks_problems_name_its_sheet_row_and_column_letter() {
    let w = Workdir::new();
    w.write_bytes("Rapport 2018.xlsx", &workbook(&[("Ark1", RAPPORT_2018, b';')]));
    let run = w.run(&["validate", "Rapport 2018.xlsx"]);
    run.code(0)
        .stdout_has("note: Rapport 2018.xlsx:Ark1:2: excluded: Modum 2018 superseded by the resubmission at Rapport 2018.xlsx:Ark1:3")
        .stdout_has("warning: Rapport 2018.xlsx:Ark1:3:F: column \"Antall henvendelser fra kommuner og frisklivssentraler\": \"10-15\" is a range")
        .stdout_has("read 3 rows from 1 file: 2 kept, 1 excluded, 0 rejected");
    // The serial 43525.5 is 1 March 2019 12:00, and read as a time: no warning about it.
    assert!(!run.stdout.contains("not a date"), "{}", run.stdout);
    let json = w.run(&["validate", "Rapport 2018.xlsx", "--format", "json"]);
    assert!(json.code(0).stdout.contains("\"file\": \"Rapport 2018.xlsx:Ark1\""), "{}", json.stdout);
    assert!(json.stdout.contains("\"column\": 6"), "JSON keeps the column's number: {}", json.stdout);
}

/// A workbook of one sheet, "Ark1", whose rows start at row 3 (two empty rows above).
fn below_row_2(rows: &[&[&str]]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Ark1").unwrap();
    for (r, row) in rows.iter().enumerate() {
        sheet.write_row(2 + r as u32, 0, row.iter().copied()).unwrap();
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn a_sheet_that_starts_below_its_first_row_is_told_by_its_own_row_numbers() {
    let w = Workdir::new();
    let inquiries = "Antall henvendelser fra kommuner og frisklivssentraler";
    w.write_bytes("Rapport 2018.xlsx", &below_row_2(&[&["Svar-ID", inquiries], &["1", "12"]]));
    w.run(&["validate", "Rapport 2018.xlsx"])
        .code(1)
        .stdout_has("error: Rapport 2018.xlsx:Ark1:3: no centre column: its rows are not read")
        .stdout_has("read 1 row from 1 file: 0 kept, 0 excluded, 1 rejected");
    w.write_bytes("Rapport 2019.xlsx", &below_row_2(&[&["Utviklingssentral", inquiries]]));
    w.run(&["validate", "Rapport 2019.xlsx"])
        .code(0)
        .stdout_has("warning: Rapport 2019.xlsx:Ark1:3: the file has a header but no responses");
}

#[test]
fn a_correction_names_a_workbooks_response_by_sheet_and_row() {
    let w = Workdir::new();
    w.write_bytes("Rapport 2018.xlsx", &workbook(&[("Ark1", RAPPORT_2018, b';')]));
    w.write(
        "corrections.toml",
        "[[correction]]\nid = \"modum-2018\"\nyear = 2018\ncentre = \"Modum\"\naction = \"drop\"\n\
         response = \"Rapport 2018.xlsx:Ark1:3\"\nreason = \"Sendt to ganger\"\nauthor = \"kari\"\ndate = 2019-03-20\n",
    );
    // Dropping Modum's later response (sheet row 3) leaves the earlier one (row 2), which it superseded.
    w.run(&["validate", "Rapport 2018.xlsx"])
        .code(0)
        .stdout_has("note: Rapport 2018.xlsx:Ark1:3: excluded: dropped by correction \"modum-2018\" (Sendt to ganger)")
        .stdout_lacks("superseded")
        .stdout_has("read 3 rows from 1 file: 2 kept, 1 excluded, 0 rejected");
}

#[test]
fn inspect_says_workbook_and_sheet_and_a_sheet_is_named_after_a_colon() {
    let w = Workdir::new();
    let other = "Utviklingssentral;Antall henvendelser fra kommuner og frisklivssentraler\nLenvik;99\n";
    w.write_bytes("Rapport 2018.xlsx", &workbook(&[("Forside", "Rapport 2018\n", b';'), ("Data", RAPPORT_2018, b';')]));
    let first = w.run(&["inspect", "Rapport 2018.xlsx"]);
    first
        .code(1)
        .stdout_has("Rapport 2018.xlsx:Forside\n  file         Excel workbook, sheet \"Forside\" (of 2)")
        .stdout_has("note: Rapport 2018.xlsx:Forside: the workbook has 2 sheets: the first, \"Forside\", is read; to read another, name it after the file, as Rapport 2018.xlsx:SHEET");
    let data = w.run(&["inspect", "Rapport 2018.xlsx:Data"]);
    data.code(0)
        .stdout_has(
            "Rapport 2018.xlsx:Data\n  file         Excel workbook, sheet \"Data\" (of 2)\n  layout       Essentials",
        )
        .stdout_has("rows         3 read: 2 kept, 1 excluded, 0 rejected");
    assert!(!data.stdout.contains("the workbook has 2 sheets"), "a named sheet needs no note");
    w.run(&["inspect", "2018=Rapport 2018.xlsx:data"])
        .code(0)
        .stdout_has("year         2018, from YEAR=PATH on the command line");
    w.run(&["inspect", "Rapport 2018.xlsx:Ark9"])
        .code(1)
        .stdout_has("error: Rapport 2018.xlsx:Ark9: the workbook has no sheet \"Ark9\": the file is not read; its sheets are \"Forside\", \"Data\": name one of them after the file, as FILE.xlsx:SHEET");
    w.write("2018.csv", other);
    w.run(&["inspect", "2018.csv:Ark1"]).code(1).stdout_has(
        "error: 2018.csv:Ark1: names the sheet \"Ark1\", but the file is text (a CSV export), not an Excel workbook: the file is not read; name the file alone: 2018.csv",
    );
}

#[test]
fn a_directory_takes_workbooks_beside_csv_files_but_not_excels_lock_files() {
    let w = Workdir::new();
    w.write_bytes("eksporter/Rapport 2018.xlsx", &workbook(&[("Ark1", RAPPORT_2018, b';')]));
    w.write("eksporter/2017.csv", &crate::essentials(&[("Modum", "01.03.2018 10:00", "4")]));
    w.write_bytes("eksporter/~$Rapport 2018.xlsx", b"owner file of a workbook open in Excel");
    w.run(&["validate", "eksporter"]).code(0).stdout_has("read 4 rows from 2 files: 3 kept, 1 excluded, 0 rejected");
}

#[test]
fn an_old_xls_and_a_password_protected_workbook_are_refused_with_what_to_do() {
    let w = Workdir::new();
    let compound = |stream: &str| {
        let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
        std::io::Write::write_all(&mut file.create_stream(stream).unwrap(), b"\0\0\0\0").unwrap();
        file.flush().unwrap();
        file.into_inner().into_inner()
    };
    w.write_bytes("Rapport 2018.xls", &compound("Workbook"));
    w.write_bytes("Rapport 2019.xlsx", &compound("EncryptedPackage"));
    w.run(&["validate", "Rapport 2018.xls", "Rapport 2019.xlsx"])
        .code(1)
        .stdout_has("error: Rapport 2018.xls: the file is an old Excel workbook (.xls), which friskliv does not read: the file is not read; open it in Excel and save it as Excel Workbook (.xlsx)")
        .stdout_has("error: Rapport 2019.xlsx: the workbook is password-protected: the file is not read; open it in Excel, remove the password");
}
