//! Our own model of a published report, beside [`crate::model::table`] and [`crate::model::chart`]: its title and
//! its blocks in order (prose, numbered tables and figures with their notes and data, who reported,
//! the corrections applied). [`crate::report::compose`] builds it; [`crate::render::html`] writes it.

use crate::lang::Lang;
use crate::model::chart::Chart;
use crate::model::table::Table;

#[derive(Debug, Clone)]
pub(crate) struct Document {
    pub(crate) title: String,
    pub(crate) lang: Lang,
    pub(crate) blocks: Vec<Block>,
}

#[derive(Debug, Clone)]
pub(crate) enum Block {
    /// Markdown, its numbers filled in.
    Text(String),
    /// A table for people (its title the numbered caption), with the notes under it and its data.
    Table { table: Table, notes: Vec<String>, data: Data },
    /// A figure (its title the numbered caption), with the notes under it, and its numbers as a
    /// table for people and as data.
    Figure { chart: Chart, table: Table, notes: Vec<String>, data: Data },
    /// An appendix: a table under its title as a heading (who reported, the corrections applied),
    /// and its data when it has a file of its own (who reported: what `--against` reads the years
    /// of a report from).
    Appendix { id: String, table: Table, data: Option<Data> },
    /// Free-text answers verbatim, by year and centre (with the themes each matched), under its
    /// title as a heading; its data.
    Answers { name: String, table: Table, data: Data },
}

/// A table's or figure's numbers as a CSV file, for the reader to download.
#[derive(Debug, Clone)]
pub(crate) struct Data {
    pub(crate) file: String,
    pub(crate) csv: Vec<u8>,
}
