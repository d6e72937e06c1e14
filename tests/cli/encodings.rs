//! Every byte variant of exports.md reads identically.

use crate::{csv_rows, Workdir};

const EXPORT: &str = "Respondent-ID;Fullført;Utviklingssentral;2.1 Antall personer som har hospitert;\
                      2.4 Hvilke aktører har hospitert? - Nav – ansatte og personer i arbeidspraksis\r\n\
                      1;01.03.2018 10:00;Sør-Varanger;7;1\r\n";

fn utf16(text: &str, bom: [u8; 2], bytes: fn(u16) -> [u8; 2]) -> Vec<u8> {
    bom.into_iter().chain(text.encode_utf16().flat_map(bytes)).collect()
}

/// What normalise makes of one file: (centre, measure, option, value) rows.
fn normalised(w: &Workdir, file: &str) -> Vec<(String, String, String, String)> {
    let run = w.run(&["normalise", &format!("2017={file}")]);
    run.code(0);
    csv_rows(&run.stdout)
        .into_iter()
        .map(|r| (r["centre"].clone(), r["measure"].clone(), r["option"].clone(), r["value"].clone()))
        .collect()
}

#[test]
fn utf8_bom_utf16le_utf16be_windows1252_and_plain_utf8_read_identically() {
    let w = Workdir::new();
    let tab = EXPORT.replace(';', "\t");
    let comma_lf = EXPORT.replace(';', ",").replace("\r\n", "\n");
    let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(EXPORT);
    w.write_bytes("bom.csv", &[&[0xEF, 0xBB, 0xBF][..], EXPORT.as_bytes()].concat())
        .write_bytes("le.csv", &utf16(&tab, [0xFF, 0xFE], u16::to_le_bytes))
        .write_bytes("be.csv", &utf16(&tab, [0xFE, 0xFF], u16::to_be_bytes))
        .write_bytes("cp1252.csv", &cp1252)
        .write("plain.csv", &comma_lf);
    let expected = vec![
        ("Sør-Varanger".to_string(), "hospitants".to_string(), String::new(), "7".to_string()),
        ("Sør-Varanger".to_string(), "hospitant_types".to_string(), "nav".to_string(), "1".to_string()),
    ];
    for file in ["bom.csv", "le.csv", "be.csv", "cp1252.csv", "plain.csv"] {
        assert_eq!(normalised(&w, file), expected, "{file}");
    }
    let detected = [
        ("bom.csv", "UTF-8 with BOM", "; (semicolon)", "CRLF"),
        ("le.csv", "UTF-16LE with BOM", "TAB", "CRLF"),
        ("be.csv", "UTF-16BE with BOM", "TAB", "CRLF"),
        ("cp1252.csv", "Windows-1252", "; (semicolon)", "CRLF"),
        ("plain.csv", "UTF-8 (no BOM)", ", (comma)", "LF"),
    ];
    for (file, encoding, delimiter, ends) in detected {
        w.run(&["inspect", &format!("2017={file}")])
            .code(0)
            .stdout_has(encoding)
            .stdout_has(delimiter)
            .stdout_has(ends);
    }
}

#[test]
fn double_encoded_text_is_warned_about_with_its_line() {
    let w = Workdir::new();
    w.write("2018.csv", &crate::essentials(&[("SÃ¸r-Varanger", "01.03.2019 10:00", "3")]));
    w.run(&["validate", "2018.csv"])
        .code(1)
        .stdout_has("warning: 2018.csv:2: text looks double-encoded (\"SÃ¸r-Varanger\"), 1 place(s)")
        .stdout_has("error: 2018.csv:2:5: column \"Utviklingssentral\": \"SÃ¸r-Varanger\" is not a known centre");
}

#[test]
fn quoted_fields_keep_delimiters_quotes_and_line_breaks() {
    let w = Workdir::new();
    w.write(
        "2017.csv",
        "Utviklingssentral,Fullført,1.2 Hvilke tema har henvendelsene handlet om?,2.1 Antall personer som har hospitert\n\
         Modum,2018-03-01 10:00:00,\"Kurs, veiledning og \"\"Bra mat\"\"\nDokumentasjon\",12\n\
         Bergen,2018-03-02 10:00:00,Oppstart,3\n",
    );
    let run = w.run(&["normalise", "2017.csv"]);
    let rows = csv_rows(&run.code(0).stdout);
    let topics = rows.iter().find(|r| r["measure"] == "inquiry_topics" && r["centre"] == "Modum").unwrap();
    assert_eq!(topics["text"], "Kurs, veiledning og \"Bra mat\"\nDokumentasjon");
    let bergen = rows.iter().find(|r| r["measure"] == "hospitants" && r["centre"] == "Bergen").unwrap();
    assert_eq!((bergen["value"].as_str(), bergen["source"].as_str()), ("3", "2017.csv:4"));
}

#[test]
fn a_windows_1252_byte_past_the_first_64_kib_rereads_the_whole_file_as_windows_1252() {
    // 8,000 plain ASCII rows (about 200 KB: past the head that decides the encoding and past the
    // reader's first chunk), then one row whose centre is written in Windows-1252.
    let mut text = String::from("Utviklingssentral;Fullført;2.1 Antall personer som har hospitert\r\n");
    for i in 0..8000 {
        text.push_str(&format!("Modum;01.03.2018 10:{:02};{}\r\n", i % 60, i % 50));
    }
    text.push_str("Sør-Varanger;01.03.2018 11:00;7\r\n");
    let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    let w = Workdir::new();
    w.write_bytes("2017.csv", &cp1252);
    let run = w.run(&["normalise", "2017.csv"]);
    run.code(0).stderr_has("read 8001 rows from 1 file: 2 kept, 7999 excluded, 0 rejected");
    let rows = csv_rows(&run.stdout);
    assert_eq!(rows[1]["centre"], "Sør-Varanger");
    assert_eq!((rows[1]["value"].as_str(), rows[1]["source"].as_str()), ("7", "2017.csv:8002"));
    w.run(&["inspect", "2017.csv"]).code(0).stdout_has("Windows-1252").stdout_has("CRLF");
}

#[test]
fn an_export_cut_off_in_the_middle_of_a_character_is_read_up_to_it() {
    // Found by fuzzing (`fuzz/` target `read`): a UTF-16 file of an odd length, or a UTF-8 file whose
    // last character is cut off, made the decoder panic at the end of the file.
    let w = Workdir::new();
    let tab = EXPORT.replace(';', "\t");
    let mut odd = utf16(&tab, [0xFF, 0xFE], u16::to_le_bytes);
    odd.push(0x41);
    let cut = [&[0xEF, 0xBB, 0xBF][..], EXPORT.as_bytes(), "Sø".as_bytes()].concat();
    w.write_bytes("le.csv", &odd).write_bytes("bom.csv", &cut[..cut.len() - 1]);
    for file in ["le.csv", "bom.csv"] {
        // The last line holds only the cut-off text: a row of one field, its other cells unanswered,
        // so not completed and excluded; the response above it is kept.
        let run = w.run(&["validate", &format!("2017={file}")]);
        run.code(0)
            .stdout_has(&format!("warning: {file}: 1 character could not be decoded and reads as \u{FFFD}"))
            .stdout_has(&format!("note: {file}:3: excluded: not completed"))
            .stdout_has("read 2 rows from 1 file: 1 kept, 1 excluded, 0 rejected");
    }
}
