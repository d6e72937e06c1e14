//! An Excel workbook (`.xlsx`, Questback Essentials' "Raw data: Excel") → records: the first step of
//! reading an export that is not text, beside [`crate::read::decode`] and [`crate::read::grid`] for one that is.
//!
//! One sheet is read (the first, or the one named as `FILE.xlsx:SHEET`) with calamine, whole. Each
//! row becomes a [`Record`] whose line is the sheet's row number and whose field `i` is column `i`
//! (A = 0), so that every diagnostic names the row and column Excel shows. Cells become the text a
//! CSV export would hold: whole numbers without `.0`, dates as `yyyy-mm-dd HH:MM:SS`, TRUE/FALSE as
//! 1/0, errors as Excel writes them (`#DIV/0!`). Empty rows are skipped, as empty lines are in text;
//! every other row reaches the last column that holds a value in any row, as in the CSV file Excel
//! saves from the sheet (so a row that ends in empty cells is not short).

use crate::read::decode::Unreadable;
use crate::read::grid::Record;
use calamine::{Data, Reader, Xlsx, XlsxError};
use std::io::{Read, Seek};
use std::path::Path;

/// A ZIP container: an `.xlsx` workbook (or another Office Open XML file).
const ZIP: &[u8] = b"PK\x03\x04";
/// An OLE2 compound file: an old `.xls` workbook, or an encrypted (password-protected) `.xlsx`.
const OLE2: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Whether bytes starting with `head` are a workbook rather than text.
pub(crate) fn is_workbook(head: &[u8]) -> bool {
    head.starts_with(ZIP) || head.starts_with(OLE2)
}

/// The sheet that was read.
#[derive(Debug)]
pub(crate) struct Sheet {
    pub(crate) name: String,
    /// Every sheet of the workbook, in order.
    pub(crate) names: Vec<String>,
    /// The non-empty rows.
    pub(crate) records: Vec<Record>,
}

/// Reads sheet `wanted` (its name, in any case), or the first, of the workbook at `path`.
pub(crate) fn read(path: &Path, wanted: Option<&str>) -> Result<Sheet, Unreadable> {
    let file = std::fs::File::open(path).map_err(Unreadable::io)?;
    read_from(std::io::BufReader::new(file), wanted)
}

fn read_from<R: Read + Seek>(mut reader: R, wanted: Option<&str>) -> Result<Sheet, Unreadable> {
    let mut head = [0u8; 8];
    let ole2 = reader.read_exact(&mut head).is_ok() && head == OLE2;
    reader.rewind().map_err(Unreadable::io)?;
    if ole2 {
        return Err(if holds_encrypted_package(reader).map_err(Unreadable::io)? {
            Unreadable::new(
                "the workbook is password-protected",
                "open it in Excel, remove the password (File → Info → Protect Workbook) and save it, or export the raw data from Questback again",
            )
        } else {
            Unreadable::new(
                "the file is an old Excel workbook (.xls), which friskliv does not read",
                "open it in Excel and save it as Excel Workbook (.xlsx), or export the raw data from Questback as Excel (.xlsx) or CSV",
            )
        });
    }
    let mut book = Xlsx::new(reader).map_err(unreadable)?;
    let names = book.sheet_names();
    let name = match wanted {
        // The first sheet Excel shows: a hidden one is no export.
        None => book
            .sheets_metadata()
            .iter()
            .find(|s| s.visible == calamine::SheetVisible::Visible && s.typ == calamine::SheetType::WorkSheet)
            .map(|s| s.name.clone())
            .ok_or_else(|| Unreadable::new("the workbook has no visible worksheet", REEXPORT))?,
        Some(w) => names
            .iter()
            .find(|n| n.as_str() == w)
            .or_else(|| names.iter().find(|n| n.to_lowercase() == w.to_lowercase()))
            .cloned()
            .ok_or_else(|| {
                let quoted: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
                Unreadable::new(
                    format!("the workbook has no sheet {w:?}"),
                    format!(
                        "its sheets are {}: name one of them after the file, as FILE.xlsx:SHEET",
                        quoted.join(", ")
                    ),
                )
            })?,
    };
    let range = book.worksheet_range(&name).map_err(unreadable)?;
    let records = records(&range);
    if records.is_empty() {
        let quoted: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
        return Err(Unreadable::new(
            format!("the sheet {name:?} is empty"),
            format!(
                "the workbook's sheets are {}: name the one with the responses, as FILE.xlsx:SHEET",
                quoted.join(", ")
            ),
        ));
    }
    Ok(Sheet { records, name, names })
}

/// Whether an OLE2 compound file holds a stream named `EncryptedPackage`: a password-protected
/// `.xlsx` (an `.xls` holds `Workbook` or `Book`). The name is looked for in the bytes, in the
/// UTF-16 of the compound file's directory, rather than the file parsed: both kinds are refused
/// anyway, and a damaged compound file made calamine's parser ask for gigabytes (found by fuzzing).
fn holds_encrypted_package(mut reader: impl Read) -> std::io::Result<bool> {
    let name: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes).collect();
    let finder = memchr::memmem::Finder::new(&name);
    let mut buf = vec![0u8; 64 * 1024];
    let mut kept = 0;
    loop {
        let n = reader.read(&mut buf[kept..])?;
        if n == 0 {
            return Ok(false);
        }
        let end = kept + n;
        if finder.find(&buf[..end]).is_some() {
            return Ok(true);
        }
        // The name may straddle two reads: keep its length less one byte.
        kept = end.min(name.len() - 1);
        buf.copy_within(end - kept..end, 0);
    }
}

const REEXPORT: &str = "export the raw data from Questback again, as Excel (.xlsx) or CSV";

fn unreadable(e: XlsxError) -> Unreadable {
    Unreadable::new(format!("the file starts like an Excel workbook (.xlsx) but cannot be read as one ({e})"), REEXPORT)
}

/// The non-empty rows of `range`, numbered as Excel numbers them, field `i` in column `i`, each as
/// wide as the widest.
fn records(range: &calamine::Range<Data>) -> Vec<Record> {
    let Some((top, left)) = range.start() else { return Vec::new() };
    let blank = |c: &Data| matches!(c, Data::Empty) || matches!(c, Data::String(s) if s.is_empty());
    let width = range.rows().filter_map(|row| row.iter().rposition(|c| !blank(c))).max().map_or(0, |last| last + 1);
    let mut out = Vec::new();
    for (i, row) in range.rows().enumerate() {
        if row.iter().all(blank) {
            continue;
        }
        let mut fields = vec![String::new(); left as usize];
        fields.extend(row[..width].iter().map(text));
        out.push(Record { line: top as usize + i + 1, fields });
    }
    out
}

/// A cell as a CSV export would write it.
pub(crate) fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(b) => if *b { "1" } else { "0" }.to_string(),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, mo, da, h, mi, s, _) = d.to_ymd_hms_milli();
            format!("{y:04}-{mo:02}-{da:02} {h:02}:{mi:02}:{s:02}")
        }
        Data::DateTime(d) => number(d.as_f64()),
        Data::Error(e) => e.to_string(),
    }
}

/// `12.0` → `12`; otherwise to 15 significant digits, as Excel shows and saves numbers
/// (`0.1 + 0.2` → `0.3`, not `0.30000000000000004`).
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
        format!("{rounded}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    #[test]
    fn an_encrypted_package_is_found_wherever_its_name_falls() {
        let name: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes).collect();
        // Reads come in 64 KiB: the name at the start, across the first boundary, and past it.
        for at in [0, 64 * 1024 - 7, 64 * 1024 - 31, 64 * 1024, 200_000] {
            let mut bytes = vec![0xAB; at];
            bytes.extend(&name);
            bytes.extend([0xCD; 100]);
            assert!(holds_encrypted_package(&bytes[..]).unwrap(), "at {at}");
            bytes[at + 3] = b'x';
            assert!(!holds_encrypted_package(&bytes[..]).unwrap(), "at {at}, misspelt");
        }
        let workbook: Vec<u8> = "Workbook".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(!holds_encrypted_package(&workbook[..]).unwrap());
    }

    #[test]
    fn cells_read_as_a_csv_export_writes_them() {
        let date = |v, is_1904| Data::DateTime(ExcelDateTime::new(v, ExcelDateTimeType::DateTime, is_1904));
        let cells = [
            (Data::Float(12.0), "12"),
            (Data::Float(12.5), "12.5"),
            (Data::Float(0.1 + 0.2), "0.3"),
            (Data::Float(-5.0), "-5"),
            (Data::Int(2018), "2018"),
            (Data::Bool(true), "1"),
            (Data::String(" ca. 20 ".into()), " ca. 20 "),
            // 1 March 2018 10:30, as Excel counts days from 30 December 1899.
            (date(43160.4375, false), "2018-03-01 10:30:00"),
            // The same moment in a workbook of the 1904 date system (old Excel for Mac): 1,462 days fewer.
            (date(41698.4375, true), "2018-03-01 10:30:00"),
            (Data::Error(calamine::CellErrorType::Div0), "#DIV/0!"),
            (Data::Empty, ""),
        ];
        for (cell, want) in cells {
            assert_eq!(text(&cell), want, "{cell:?}");
        }
    }

    #[test]
    fn bytes_that_are_not_a_workbook_are_refused_with_what_to_do() {
        let not = read_from(std::io::Cursor::new(b"PK\x03\x04 not really a zip".to_vec()), None).unwrap_err();
        assert!(not.message.contains("starts like an Excel workbook (.xlsx) but cannot be read"), "{}", not.message);
        let mut old = OLE2.to_vec();
        old.extend([0; 504]);
        let xls = read_from(std::io::Cursor::new(old), None).unwrap_err();
        assert!(xls.message.contains("old Excel workbook (.xls)"), "{}", xls.message);
        assert!(xls.hint.contains("save it as Excel Workbook (.xlsx)"), "{}", xls.hint);
    }
}
