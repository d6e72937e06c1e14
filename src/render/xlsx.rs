//! Tables → one Excel workbook, a sheet per table: the title in bold, the header row, typed cells
//! (shares as percentages), the notes below. The workbook's creation date is fixed and the zip
//! entries carry no time, so the same tables always give the same bytes.

use crate::model::table::{Cell, Table};
use anyhow::{Context, Result};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Image, Workbook};
use std::io::Write;

pub(crate) fn write(tables: &[Table], w: &mut dyn Write) -> Result<()> {
    write_with_pictures(tables, &[], w)
}

/// As [`write`], each sheet `i` with `pictures[i]` (a figure's PNG, drawn at twice its size) shown
/// at its size under the table.
pub(crate) fn write_with_pictures(tables: &[Table], pictures: &[Option<Vec<u8>>], w: &mut dyn Write) -> Result<()> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2014, 1, 1).context("a fixed creation date")?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created).set_title("friskliv"));
    let bold = Format::new().set_bold();
    let percent = Format::new().set_num_format("0.0 %");
    let mut names: Vec<String> = Vec::new();
    for (i, t) in tables.iter().enumerate() {
        let sheet = wb.add_worksheet();
        let name = sheet_name(&t.name, &names);
        sheet.set_name(&name).with_context(|| format!("cannot name a sheet {name:?}"))?;
        names.push(name);
        let mut row: u32 = 0;
        if let Some(title) = &t.title {
            sheet.write_string_with_format(row, 0, title, &bold)?;
            row += 2;
        }
        for (c, col) in t.columns.iter().enumerate() {
            sheet.write_string_with_format(row, col_index(c)?, &col.header, &bold)?;
        }
        for cells in &t.rows {
            row += 1;
            for (c, cell) in cells.iter().enumerate() {
                let c = col_index(c)?;
                match cell {
                    Cell::Null => {}
                    Cell::Int(i) => {
                        sheet.write_number(row, c, *i as f64)?;
                    }
                    Cell::Float(f) | Cell::Counted(f, _) => {
                        sheet.write_number(row, c, *f)?;
                    }
                    Cell::Share(s, _) => {
                        sheet.write_number_with_format(row, c, *s, &percent)?;
                    }
                    Cell::Text(s) => {
                        sheet.write_string(row, c, s)?;
                    }
                }
            }
        }
        row += 1;
        for note in &t.notes {
            row += 1;
            sheet.write_string(row, 0, note)?;
        }
        sheet.autofit();
        if let Some(Some(png)) = pictures.get(i) {
            let picture = Image::new_from_buffer(png)
                .context("cannot read a figure's PNG")?
                .set_scale_width(0.5)
                .set_scale_height(0.5);
            sheet.insert_image(row + 2, 0, &picture.set_alt_text(t.title.as_deref().unwrap_or(&t.name)))?;
        }
    }
    if tables.is_empty() {
        wb.add_worksheet();
    }
    let bytes = wb.save_to_buffer().context("cannot write the workbook")?;
    w.write_all(&bytes)?;
    Ok(())
}

fn col_index(c: usize) -> Result<u16> {
    u16::try_from(c).context("too many columns for a worksheet")
}

/// At most 31 characters, none of `[]:*?/\`, unique in the workbook.
fn sheet_name(wanted: &str, taken: &[String]) -> String {
    let clean: String = wanted.chars().map(|c| if "[]:*?/\\".contains(c) { '-' } else { c }).take(31).collect();
    let base = if clean.trim().is_empty() { "Tabell".to_string() } else { clean };
    let mut name = base.clone();
    let mut i = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        let suffix = format!(" ({i})");
        name = format!("{}{suffix}", base.chars().take(31 - suffix.len()).collect::<String>());
        i += 1;
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_short_clean_and_unique() {
        assert_eq!(sheet_name("tabell/1", &[]), "tabell-1");
        assert_eq!(sheet_name("a", &["A".into()]), "a (2)");
        assert_eq!(sheet_name(&"x".repeat(40), &[]).len(), 31);
    }

    #[test]
    fn the_same_tables_give_the_same_bytes() {
        let t = Table {
            name: "t".into(),
            title: Some("Tittel".into()),
            columns: vec![crate::model::table::Column::new("a", "A")],
            rows: vec![vec![Cell::Share(0.5, Some(2))]],
            notes: vec!["n".into()],
            lang: crate::lang::Lang::Nb,
        };
        let (mut a, mut b) = (Vec::new(), Vec::new());
        write(std::slice::from_ref(&t), &mut a).unwrap();
        write(&[t], &mut b).unwrap();
        assert_eq!(a, b);
    }
}
