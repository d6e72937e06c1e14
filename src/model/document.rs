//! Our own model of a published report, beside [`crate::model::table`] and [`crate::model::chart`]: its title and
//! its blocks in order (prose, numbered tables and figures with their notes and data, who reported,
//! the corrections applied). [`crate::report::compose`] builds it; [`crate::render::html`] writes it.

use crate::lang::Lang;
use crate::model::chart::Chart;
use crate::model::table::Table;

#[derive(Debug, Clone)]
pub struct Document {
    pub title: String,
    pub lang: Lang,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone)]
pub enum Block {
    /// Markdown, its numbers filled in.
    Text(String),
    /// A table for people (its title the numbered caption), with the notes under it and its data.
    Table { table: Table, notes: Vec<String>, data: Data },
    /// A figure (its title the numbered caption), with the notes under it, and its numbers as a
    /// table for people and as data.
    Figure { chart: Chart, table: Table, notes: Vec<String>, data: Data },
    /// An appendix: a table under its title as a heading (who reported, the corrections applied).
    Appendix { id: String, table: Table },
}

/// A table's or figure's numbers as a CSV file, for the reader to download.
#[derive(Debug, Clone)]
pub struct Data {
    pub file: String,
    pub csv: Vec<u8>,
}
