//! Tables for people, with comfy-table, from our own rows of strings. On a terminal the table wraps
//! to its width; piped, it is laid out the same way every time.

use comfy_table::{presets, CellAlignment, ContentArrangement, Table};
use std::io::IsTerminal;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Borders: result tables.
    Boxed,
    /// No borders: listings (inspect, schema).
    Plain,
}

/// Renders `rows` under `header`; columns listed in `right` are right-aligned (numbers).
pub fn table(style: Style, header: &[&str], rows: &[Vec<String>], right: &[usize]) -> String {
    let mut t = Table::new();
    t.load_preset(match style {
        Style::Boxed => presets::UTF8_FULL_CONDENSED,
        Style::Plain => presets::NOTHING,
    });
    if std::io::stdout().is_terminal() {
        t.set_content_arrangement(ContentArrangement::Dynamic);
    } else {
        t.set_content_arrangement(ContentArrangement::Disabled);
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
    let text = t.to_string();
    // comfy-table pads every line to the table's width; trailing blanks only get in the way.
    text.lines().map(str::trim_end).collect::<Vec<_>>().join("\n")
}
