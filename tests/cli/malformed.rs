//! Malformed files give a clear error or warning naming file, line, column and value, and the next
//! step; never a panic. Errors exit 1; usage errors exit 2.

use crate::{essentials, Workdir};

#[test]
fn an_empty_file_a_binary_file_and_a_broken_workbook_are_refused() {
    let w = Workdir::new();
    w.write("empty-2017.csv", "")
        .write_bytes("image-2017.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
        .write_bytes("book-2017.csv", b"PK\x03\x04\x14\x00\x06\x00");
    w.run(&["validate", "empty-2017.csv", "image-2017.csv", "book-2017.csv"])
        .code(1)
        .stdout_has("error: empty-2017.csv: the file is empty: the file is not read; export the raw data from Questback again as Text (.CSV)")
        .stdout_has("error: image-2017.csv: the file is binary, not a CSV export")
        .stdout_has("error: book-2017.csv: the file starts like an Excel workbook (.xlsx) but cannot be read as one (Zip error: ")
        .stdout_has("the file is not read; export the raw data from Questback again, as Excel (.xlsx) or CSV")
        .stdout_has("read 0 rows from 3 files");
}

#[test]
fn a_header_without_responses_is_a_warning() {
    let w = Workdir::new();
    w.write("2017.csv", &essentials(&[]));
    w.run(&["validate", "2017.csv"]).code(0).stdout_has("warning: 2017.csv:1: the file has a header but no responses");
    w.run(&["validate", "--strict", "2017.csv"]).code(1).stdout_has("not valid (--strict: warnings count)");
}

#[test]
fn an_unterminated_quote_is_refused_with_the_line_it_opens_on() {
    let w = Workdir::new();
    let mut text = essentials(&[("Modum", "01.03.2018 10:00", "4")]);
    text.push_str("3;x@example.no;01.03.2018;02.03.2018;Bergen;\"never closed;1\r\n4;y;z;w;Verdal;2;1\r\n");
    w.write("2017.csv", &text);
    w.run(&["validate", "2017.csv"])
        .code(1)
        .stdout_has("error: 2017.csv:3: a quoted field opened on line 3 is never closed: the file is not read");
}

#[test]
fn ragged_rows_are_reported_and_never_shifted() {
    let w = Workdir::new();
    let text = "Utviklingssentral;Fullført;2.1 Antall personer som har hospitert;2.2 Antall kommuner hospitantene representerte\r\n\
                Modum;01.03.2018 10:00;4;2;\r\n\
                Bergen;01.03.2018 10:00;5\r\n\
                Verdal;01.03.2018 10:00;6;3;og mer;9\r\n";
    w.write("2017.csv", text);
    let run = w.run(&["validate", "2017.csv"]);
    run.code(1)
        .stdout_has("note: 2017.csv: 1 row(s) end in empty fields beyond the header (a trailing delimiter): ignored")
        .stdout_has(
            "warning: 2017.csv:3: row has 3 fields but the header has 4: the missing cells are read as unanswered",
        )
        .stdout_has("error: 2017.csv:4: row has 6 fields but the header has 4: values beyond the last column")
        .stdout_has("read 3 rows from 1 file: 2 kept, 0 excluded, 1 rejected");
    let csv = w.run(&["normalise", "2017.csv"]);
    assert!(!csv.stdout.contains("Verdal"), "a shifted row must not be read");
    assert!(csv.stdout.contains("2017,2017–2019,Bergen,Helse Vest,2,hospitant_municipalities,number,,,,,"));
}

#[test]
fn a_file_without_a_centre_column_says_which_headers_name_the_centre() {
    let w = Workdir::new();
    w.write("2017.csv", "Fullført;Kommune;2.1 Antall personer som har hospitert\r\n01.03.2018;Modum;4\r\n");
    w.run(&["validate", "2017.csv"])
        .code(1)
        .stdout_has("error: 2017.csv:1: no centre column: its rows are not read; a column headed \"Utviklingssentral\" or \"Navn på kommune/frisklivssentral\" names the centre")
        .stdout_has("warning: 2017.csv: column 2: column \"Kommune\": is not in the schema: 1 answer(s) not read")
        .stdout_has("1 rejected");
}

#[test]
fn an_unknown_centre_is_rejected_with_a_hint_but_never_matched_by_likeness() {
    let w = Workdir::new();
    w.write(
        "2018.csv",
        &essentials(&[
            ("Kristiansnd", "01.03.2019 10:00", "4"),
            ("Oslo", "01.03.2019 10:00", "1"),
            ("Alstahaugg", "01.03.2019", "2"),
            ("Frisklivssentralen Kristiansand", "01.03.2019", "2"),
        ]),
    );
    w.run(&["validate", "2018.csv"])
        .code(1)
        .stdout_has("error: 2018.csv:2:5: column \"Utviklingssentral\": \"Kristiansnd\" is not a known centre: the row is not read; did you mean \"Kristiansand\" or \"Kristiansund\"?")
        .stdout_has("error: 2018.csv:3:5: column \"Utviklingssentral\": \"Oslo\" is not a known centre: the row is not read; add the centre, or \"Oslo\" as an alias of one, in friskliv.toml")
        .stdout_has("2018.csv:4:5: column \"Utviklingssentral\": \"Alstahaugg\" is not a known centre: the row is not read; did you mean \"Alstahaug\"?")
        // Closer by likeness are Alstahaug, Stavanger and Drammen: the name within it wins.
        .stdout_has("2018.csv:5:5: column \"Utviklingssentral\": \"Frisklivssentralen Kristiansand\" is not a known centre: the row is not read; it contains the name of \"Kristiansand\": if it is that centre, add")
        .stdout_has("4 rejected");
}

#[test]
fn a_centre_outside_its_years_is_rejected_and_its_successor_named() {
    let w = Workdir::new();
    w.write("2018.csv", &essentials(&[("Aktiv Eiker", "01.03.2019 10:00", "4")]));
    w.run(&["validate", "2018.csv"])
        .code(1)
        .stdout_has("\"Aktiv Eiker\" was a development centre only in 2014–2016, not in 2018: the row is not read; its successor is Drammen");
}

#[test]
fn no_year_is_an_error_that_says_how_to_pass_one() {
    let w = Workdir::new();
    let text = essentials(&[("Modum", "01.03.2018 10:00", "4")]);
    w.write("data_project_1187734_2023_03_14.csv", &text).write("eksport.csv", &text);
    w.run(&["validate", "data_project_1187734_2023_03_14.csv"])
        .code(1)
        .stdout_has("error: data_project_1187734_2023_03_14.csv: no reporting year: the file has no year column and its name holds no year; its rows are not read; pass the year with the file, as in `friskliv … 2017=data_project_1187734_2023_03_14.csv`")
        .stdout_has("1 rejected");
    w.run(&["normalise", "2017=eksport.csv"]).code(0).stdout_has("2017,2017–2019,Modum");
}

#[test]
fn a_year_argument_beats_a_year_column_which_beats_the_file_name() {
    let w = Workdir::new();
    w.write("rapport-2016.csv", "Utviklingssentral;År;Fullført;2.1 Antall personer som har hospitert\r\nModum;2018;01.03.2019;4\r\nVerdal;i fjor;01.03.2019;2\r\n");
    let run = w.run(&["normalise", "rapport-2016.csv"]);
    run.code(1)
        .stdout_has("2018,2017–2019,Modum")
        .stderr_has("2016.csv:3:2: column \"År\": \"i fjor\" is not a reporting year");
    w.run(&["inspect", "rapport-2016.csv"]).stdout_has("from the column \"År\", row by row");
    w.run(&["normalise", "2019=rapport-2016.csv"])
        .stdout_has("2019,2017–2019,Modum")
        .stdout_has("2019,2017–2019,Verdal")
        .stderr_has(
            "warning: rapport-2016.csv:2:2: column \"År\": \"2018\" differs from the year given as YEAR=PATH (2019): the row is read as 2019",
        );
}

#[test]
fn usage_errors_exit_2_before_any_file_is_read() {
    let w = Workdir::new();
    w.run(&["normalise", "missing.csv"]).code(2).stderr_has("friskliv: missing.csv: no such file or directory");
    w.run(&["normalise"]).code(2).stderr_has("required");
    w.run(&["normalise", "1917=x.csv"]).code(2).stderr_has("outside 2000–2099");
    w.run(&["frobnicate"]).code(2);
}

#[test]
fn an_input_that_is_not_a_file_says_what_it_is() {
    let w = Workdir::new();
    w.run(&["validate", "/dev/zero"]).code(2).stderr_has(
        "friskliv: /dev/zero: a device, not a file: friskliv reads export files; save the export to a file",
    );
    let fifo = w.path("export.csv");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
    assert!(made.success());
    w.run(&["validate", fifo.to_str().unwrap()]).code(2).stderr_has(": a named pipe, not a file: ");
}

#[test]
fn a_file_in_an_input_folder_that_looks_like_an_export_is_named_with_what_to_do() {
    // An .xls in the folder was skipped without a word; named directly it is refused with advice.
    let w = Workdir::new();
    w.write("eksporter/2017.csv", &essentials(&[("Modum", "01.03.2018 10:00", "12")]));
    w.write_bytes("eksporter/Rapport 2018.xls", b"\xd0\xcf\x11\xe0");
    w.write_bytes("eksporter/rapport-2019.sav", b"$FL2");
    w.write("eksporter/notater.docx", "x");
    let run = w.run(&["validate", "eksporter"]);
    run.code(0)
        .stdout_has("note: eksporter/Rapport 2018.xls: not read: friskliv reads exports saved as .csv or .xlsx")
        .stdout_has("save it as .xlsx in Excel")
        .stdout_has("note: eksporter/rapport-2019.sav: not read")
        .stdout_has("not for a statistics package")
        .stdout_lacks("notater.docx");
    w.run(&["report", "eksporter", "--measure", "hospitants", "--format", "csv"])
        .code(0)
        .stderr_has("note: eksporter/Rapport 2018.xls: not read: friskliv reads exports saved as .csv or .xlsx")
        .stderr_has("note: eksporter/rapport-2019.sav: not read");
    w.run(&["report", "eksporter", "--measure", "hospitants", "--format", "csv", "-v"])
        .code(0)
        .stderr_has("friskliv: passed over eksporter/notater.docx: not an export");
}
