//! Inputs the fuzzer found (`fuzz/`, docs/development.md: Fuzzing) that once crashed friskliv, kept in
//! `tests/fuzzed/`. Each is now read to an end: kept, excluded or rejected rows, or the file refused
//! with a reason, and never a panic.

use crate::Workdir;
use std::path::PathBuf;

/// Where the fuzzer's finds are kept.
fn fuzzed_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzzed")
}

fn fuzzed(name: &str) -> Vec<u8> {
    std::fs::read(fuzzed_dir().join(name)).unwrap()
}

#[test]
fn every_input_the_fuzzer_found_is_validated_and_normalised_without_a_panic() {
    let w = Workdir::new();
    for entry in std::fs::read_dir(fuzzed_dir()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        w.write_bytes(&name, &fuzzed(&name));
        for command in ["validate", "normalise"] {
            let run = w.run(&[command, &format!("2018={name}")]);
            assert!(matches!(run.code, 0 | 1), "{command} {name}: exit {}\n{}", run.code, run.stderr);
            assert!(!run.stderr.contains("panicked"), "{command} {name}: {}", run.stderr);
        }
    }
}

#[test]
fn a_utf16_export_of_an_odd_length_is_read_to_its_end() {
    // A byte inserted into a UTF-16LE export near its start: every character after it is read a byte
    // out of step, its line ends included, so the file is one header line with no responses, and
    // the last byte, alone, cannot be decoded. The decoder used to panic when asked for more after it.
    let w = Workdir::new();
    w.write_bytes("Rapport 2018.csv", &fuzzed("utf16-of-an-odd-length.csv"));
    w.run(&["validate", "Rapport 2018.csv"])
        .code(0)
        .stdout_has("characters could not be decoded and read as \u{FFFD}")
        .stdout_has("Rapport 2018.csv:1: the file has a header but no responses")
        .stdout_has("read 0 rows from 1 file");
}

#[test]
fn a_damaged_compound_file_is_refused_as_an_old_workbook_without_being_parsed() {
    // An `.xls` compound file, mutated: calamine's parser asked for 2 GiB for it. It is not a
    // password-protected `.xlsx` (it holds no EncryptedPackage stream), so it is refused as an `.xls`.
    let w = Workdir::new();
    w.write_bytes("Rapport 2018.xlsx", &fuzzed("damaged-compound-file.xlsx"));
    w.run(&["validate", "Rapport 2018.xlsx"])
        .code(1)
        .stdout_has("error: Rapport 2018.xlsx: the file is an old Excel workbook (.xls), which friskliv does not read");
}
