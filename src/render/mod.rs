//! **Stage 5: models → bytes.** Takes our own models ([`crate::model`]): a [`Table`], a chart, a
//! document; hands on their bytes: a terminal table (comfy-table), CSV, JSON, Markdown, an Excel
//! workbook ([`xlsx`]), Parquet (through [`crate::frame`]), SVG ([`svg`], laid out with
//! [`metrics`]) and the HTML page ([`html`]). Must never compute a number or decide what a table
//! holds (that is [`crate::report`]'s), nor where the bytes go (that is [`crate::output`]'s).

pub(crate) mod html;
pub(crate) mod metrics;
pub(crate) mod png;
pub(crate) mod svg;
pub(crate) mod xlsx;

use crate::model::table::{Cell, Table};
use crate::output::{self, Format, Width};
use anyhow::Result;
use comfy_table::{presets, CellAlignment, ColumnConstraint, ContentArrangement};
use std::io::Write;

/// Writes `tables` in `format` to `w` (xlsx: one sheet per table; the others one after another).
pub(crate) fn write(tables: &[Table], format: Format, width: Width, w: &mut dyn Write) -> Result<()> {
    match format {
        Format::Table => {
            for (i, t) in tables.iter().enumerate() {
                if i > 0 {
                    writeln!(w)?;
                }
                writeln!(w, "{}", terminal(t, width))?;
            }
        }
        Format::Md => {
            for (i, t) in tables.iter().enumerate() {
                if i > 0 {
                    writeln!(w)?;
                }
                w.write_all(markdown(t).as_bytes())?;
            }
        }
        Format::Csv => {
            for (i, t) in tables.iter().enumerate() {
                if i > 0 {
                    writeln!(w)?;
                }
                csv(t, w)?;
            }
        }
        Format::Json => {
            let doc = match tables {
                [one] => json(one),
                many => serde_json::Value::Object(many.iter().map(|t| (t.name.clone(), json(t))).collect()),
            };
            output::write_json(&doc, w)?;
        }
        Format::Xlsx => xlsx::write(tables, w)?,
        Format::Parquet => {
            let [one] = tables else { anyhow::bail!("Parquet holds one table: ask for one table, or use xlsx") };
            crate::frame::write_table_parquet(one, w)?;
        }
    }
    Ok(())
}

/// A terminal table with borders, its title above and notes below.
pub(crate) fn terminal(t: &Table, width: Width) -> String {
    let body: Vec<Vec<String>> = t.rows.iter().map(|r| r.iter().map(|c| c.show(t.lang)).collect()).collect();
    let mut out = String::new();
    if let Some(title) = &t.title {
        out.push_str(title);
        out.push('\n');
    }
    out.push_str(&table(TableStyle::Boxed, &t.headers(), &body, &t.numeric_columns(), width));
    for n in &t.notes {
        out.push('\n');
        out.push_str(n);
    }
    out
}

/// A GitHub-flavoured Markdown table, its title as a heading.
pub(crate) fn markdown(t: &Table) -> String {
    // A renderer drops a cell's leading spaces: an option's indent under its question is kept as
    // non-breaking spaces.
    let escape = |s: &str| {
        let text = s.trim_start_matches(' ');
        let indent = "\u{a0}".repeat(s.len() - text.len());
        format!("{indent}{}", text.replace('|', "\\|").replace('\n', "<br>"))
    };
    let numeric = t.numeric_columns();
    let mut out = String::new();
    if let Some(title) = &t.title {
        out.push_str(&format!("## {}\n\n", escape(title)));
    }
    out.push_str(&format!("| {} |\n", t.headers().iter().map(|h| escape(h)).collect::<Vec<_>>().join(" | ")));
    let rule: Vec<&str> = (0..t.columns.len()).map(|i| if numeric.contains(&i) { "---:" } else { "---" }).collect();
    out.push_str(&format!("|{}|\n", rule.join("|")));
    for r in &t.rows {
        out.push_str(&format!("| {} |\n", r.iter().map(|c| escape(&c.show(t.lang))).collect::<Vec<_>>().join(" | ")));
    }
    if !t.notes.is_empty() {
        out.push('\n');
        for n in &t.notes {
            out.push_str(&format!("{}\n", escape(n)));
        }
    }
    out
}

/// Free-text answers (year, centre, answer, and perhaps themes) as Markdown a reader can read: a
/// heading per year, a paragraph per centre, the answer's line breaks kept and every character
/// that Markdown would read as markup escaped.
pub(crate) fn answers_markdown(t: &Table) -> String {
    let mut out = String::new();
    if let Some(title) = &t.title {
        out.push_str(&format!("## {}\n", markdown_text(title)));
    }
    let mut year = None;
    for r in &t.rows {
        let shown: Vec<String> = r.iter().map(|c| c.show(t.lang)).collect();
        if year.as_ref() != Some(&shown[0]) {
            out.push_str(&format!("\n### {}\n", shown[0]));
            year = Some(shown[0].clone());
        }
        // A blank line would end the paragraph: an answer's lines stay one paragraph.
        let lines = shown[2].lines().filter(|l| !l.trim().is_empty());
        let answer = lines.map(markdown_text).collect::<Vec<_>>().join("  \n");
        let themes =
            shown.get(3).filter(|s| !s.is_empty()).map(|s| format!(" *({})*", markdown_text(s))).unwrap_or_default();
        out.push_str(&format!("\n**{}**: {answer}{themes}\n", markdown_text(&shown[1])));
    }
    out
}

/// Text as Markdown shows it literally: the marks that open emphasis, code, links, HTML, entities
/// and table cells escaped with a backslash anywhere; leading spaces as non-breaking ones (four
/// would start a code block); and the marks that open a heading, a list, a quote or an underline
/// escaped where the text starts (each line of an answer is a text of its own).
fn markdown_text(s: &str) -> String {
    let text = s.trim_start();
    let mut out = "\u{a0}".repeat(s.chars().count() - text.chars().count());
    let start = out.len();
    for (i, c) in text.chars().enumerate() {
        if "\\`*_[]<>|&~".contains(c) || (i == 0 && "#+->=".contains(c)) {
            out.push('\\');
        }
        out.push(c);
    }
    let body = &out[start..];
    if let Some(at) = body.find(['.', ')']).filter(|&at| at > 0 && body[..at].chars().all(|c| c.is_ascii_digit())) {
        out.insert(start + at, '\\'); // «1. » would start a numbered list
    }
    out
}

/// CSV with the machine column names; shares as fractions.
pub(crate) fn csv(t: &Table, w: &mut dyn Write) -> Result<()> {
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    output::write_csv(&names, t.rows.iter().map(|r| r.iter().map(Cell::plain).collect()), w)
}

/// An array of objects keyed by the machine column names, numbers typed, empty cells `null`.
pub(crate) fn json(t: &Table) -> serde_json::Value {
    let rows = t.rows.iter().map(|r| {
        let object: serde_json::Map<String, serde_json::Value> =
            t.columns.iter().zip(r).map(|(c, cell)| (c.name.clone(), cell.json())).collect();
        serde_json::Value::Object(object)
    });
    serde_json::Value::Array(rows.collect())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TableStyle {
    /// Borders: result tables.
    Boxed,
    /// No borders: listings (inspect, schema).
    Plain,
}

/// A table in a style, right-aligning the `right` columns. As wide as its content, or wrapped to a
/// terminal: then no word is split while the table fits (see [`word_room`]), and an option's
/// indent leads every line of it.
pub(crate) fn table(style: TableStyle, header: &[&str], rows: &[Vec<String>], right: &[usize], width: Width) -> String {
    let mut t = build(style, header, rows, right, width);
    if width == Width::Content {
        return finish(t);
    }
    if let Some(given) = word_room(&t, header, rows) {
        for (i, &w) in given.iter().enumerate() {
            if let Some(c) = t.column_mut(i) {
                c.set_constraint(ColumnConstraint::LowerBoundary(comfy_table::Width::Fixed(w as u16)));
            }
        }
    }
    let text = finish(t);
    let widths = column_widths(&text);
    if style != TableStyle::Boxed || widths.len() != header.len() {
        return text;
    }
    // The widths are found: an indented cell is wrapped by us, each line under its indent.
    let indented: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().zip(&widths).map(|(c, w)| wrap_indented(c, w.saturating_sub(2))).collect())
        .collect();
    if indented == rows {
        return text;
    }
    let mut again = build(style, header, &indented, right, width);
    for (i, &w) in widths.iter().enumerate() {
        if let Some(c) = again.column_mut(i) {
            c.set_constraint(ColumnConstraint::Absolute(comfy_table::Width::Fixed(w as u16)));
        }
    }
    finish(again)
}

/// A comfy-table of the rows in the style, arranged for the width.
fn build(
    style: TableStyle,
    header: &[&str],
    rows: &[Vec<String>],
    right: &[usize],
    width: Width,
) -> comfy_table::Table {
    let mut t = comfy_table::Table::new();
    t.load_preset(match style {
        TableStyle::Boxed => presets::UTF8_FULL_CONDENSED,
        TableStyle::Plain => presets::NOTHING,
    });
    t.set_content_arrangement(match width {
        Width::Terminal | Width::Columns(_) => ContentArrangement::Dynamic,
        Width::Content => ContentArrangement::Disabled,
    });
    if let Width::Columns(n) = width {
        t.set_width(n);
    }
    t.set_header(header.iter().copied());
    for r in rows {
        t.add_row(r.iter().map(String::as_str));
    }
    for &i in right {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    t
}

/// How wide each column must be (with its padding) for no word to be split: its longest word,
/// with an option's indent. Every column keeps a little room of its own (up to 12), and the
/// narrowest then grow towards their longest word as far as the terminal's width reaches; `None`
/// when even the little room does not fit, and comfy-table fits it as it can.
fn word_room(t: &comfy_table::Table, header: &[&str], rows: &[Vec<String>]) -> Option<Vec<usize>> {
    // Words part at spaces; a non-breaking space holds «66,7 %» together.
    let need = |s: &str| {
        let indent = s.len() - s.trim_start_matches(' ').len();
        indent + s.split([' ', '\n']).map(|w| w.chars().count()).max().unwrap_or(0)
    };
    let bounds: Vec<usize> = (0..header.len())
        .map(|i| std::iter::once(header[i]).chain(rows.iter().filter_map(move |r| r.get(i)).map(String::as_str)))
        .map(|cells| cells.map(need).max().unwrap_or(0) + 2)
        .collect();
    let room = t.width().map_or(usize::MAX, usize::from);
    let mut given: Vec<usize> = bounds.iter().map(|&b| b.min(12)).collect();
    let mut used = bounds.len() + 1 + given.iter().sum::<usize>();
    if used > room {
        return None;
    }
    let mut order: Vec<usize> = (0..bounds.len()).collect();
    order.sort_by_key(|&i| bounds[i]);
    for i in order {
        // What is left goes to the next narrowest column, as far as it reaches.
        let more = (bounds[i] - given[i]).min(room - used);
        used += more;
        given[i] += more;
    }
    Some(given)
}

/// Each column's width, padding included, read off a boxed table's top border.
fn column_widths(text: &str) -> Vec<usize> {
    let top = text.lines().next().unwrap_or("");
    let inner = top.trim_start_matches('┌').trim_end_matches('┐');
    if inner.len() == top.len() {
        return Vec::new();
    }
    inner.split('┬').map(|segment| segment.chars().count()).collect()
}

/// A cell that starts with an indent and is wider than `room`: its words wrapped to `room`, every
/// line under the indent. Any other cell as it is.
fn wrap_indented(cell: &str, room: usize) -> String {
    let text = cell.trim_start_matches(' ');
    let indent = &cell[..cell.len() - text.len()];
    if indent.is_empty() || cell.chars().count() <= room || cell.contains('\n') {
        return cell.to_string();
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && indent.len() + line.chars().count() + 1 + word.chars().count() > room {
            lines.push(format!("{indent}{line}"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(format!("{indent}{line}"));
    lines.join("\n")
}

/// The table's text, without the blanks comfy-table pads every line to the table's width with.
fn finish(t: comfy_table::Table) -> String {
    t.to_string().lines().map(str::trim_end).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::table::Column;

    fn sample() -> Table {
        Table {
            name: "t".into(),
            title: Some("Tabell".into()),
            columns: vec![Column::label("Mål"), Column::new("2014", "2014"), Column::new("share", "Andel")],
            rows: vec![
                vec![Cell::text("Antall | personer"), Cell::Int(178), Cell::Share(0.8, Some(5))],
                vec![Cell::text("Kommuner"), Cell::Null, Cell::Share(1.0 / 3.0, None)],
            ],
            notes: vec![],
            lang: crate::lang::Lang::Nb,
        }
    }

    #[test]
    fn an_answer_in_markdown_is_text_whatever_it_holds() {
        assert_eq!(markdown_text("  - x"), "\u{a0}\u{a0}\\- x", "not a list, the indent kept");
        assert_eq!(markdown_text(" 1. x"), "\u{a0}1\\. x");
        assert_eq!(markdown_text("# x"), "\\# x");
        assert_eq!(markdown_text("==="), "\\===", "not an underline of the line before");
        assert_eq!(markdown_text("<b>*x*</b>"), "\\<b\\>\\*x\\*\\</b\\>");
        let t = Table {
            name: "svar".into(),
            title: Some("Svar".into()),
            columns: vec![Column::new("year", "År"), Column::new("centre", "Sentral"), Column::new("answer", "Svar")],
            rows: vec![vec![Cell::Int(2020), Cell::text("Modum"), Cell::text("a\n\n    b")]],
            notes: vec![],
            lang: crate::lang::Lang::Nb,
        };
        assert!(
            answers_markdown(&t).contains("**Modum**: a  \n\u{a0}\u{a0}\u{a0}\u{a0}b\n"),
            "one paragraph, no code block"
        );
    }

    #[test]
    fn markdown_escapes_pipes_and_right_aligns_numbers() {
        let md = markdown(&sample());
        assert!(md.contains("| Antall \\| personer | 178 | 80\u{a0}% (n=5) |"), "{md}");
        assert!(md.contains("|---|---:|---:|"), "{md}");
    }

    #[test]
    fn a_table_laid_out_for_its_content_is_never_wrapped() {
        let long = "ord ".repeat(60);
        let text =
            table(TableStyle::Boxed, &["a", "b"], &[vec![long.trim().to_string(), "1".into()]], &[1], Width::Content);
        assert_eq!(text.lines().count(), 5, "{text}");
        assert!(text.lines().all(|l| l.chars().count() > 240), "{text}");
    }

    #[test]
    fn json_keeps_types_and_nulls() {
        let j = json(&sample());
        assert_eq!(j[0]["2014"], 178);
        assert_eq!(j[1]["2014"], serde_json::Value::Null);
        assert_eq!(j[1]["share"], 0.333333);
    }
}
