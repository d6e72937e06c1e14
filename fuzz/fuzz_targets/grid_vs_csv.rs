//! Differential: our record splitter (`grid`) finds the same records and field boundaries as the csv
//! crate on the same text, for each delimiter. Where they are meant to differ, they are skipped: a
//! quote that never closes is refused by `grid` (the csv crate reads the rest of the text into one
//! field), and the line numbers are ours alone. `grid` takes text as `decode` leaves it, without the
//! leading byte-order mark, which the csv crate removes itself: the target removes it as `decode`
//! does (one), and skips a text that starts with a second.

#![no_main]

use friskliv::read::grid::{Records, DELIMITERS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.starts_with('\u{feff}') {
        return;
    }
    for delimiter in DELIMITERS {
        let Some(ours) = ours(text, delimiter) else { continue };
        let theirs = theirs(text, delimiter);
        assert_eq!(ours, theirs, "delimiter {:?} on {text:?}", delimiter as char);
    }
});

fn ours(text: &str, delimiter: u8) -> Option<Vec<Vec<String>>> {
    let mut records = Records::new(text.as_bytes(), delimiter);
    let mut out = Vec::new();
    loop {
        match records.next_row() {
            Ok(Some(row)) => out.push(row.fields().map(str::to_string).collect()),
            Ok(None) => return Some(out),
            Err(_) => return None,
        }
    }
}

fn theirs(text: &str, delimiter: u8) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    reader
        .byte_records()
        .map(|r| {
            let r = r.expect("the csv crate reads any bytes");
            r.iter().map(|f| String::from_utf8(f.to_vec()).expect("fields of UTF-8 text are UTF-8")).collect()
        })
        .collect()
}
