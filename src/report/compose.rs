//! A spec's report as a [`Document`]: its prose with the numbers filled in, each table and figure
//! with its notes (n per year, the source, the corrections applied) and its data as CSV, then who
//! reported which year and the corrections applied.

use super::answers;
use super::figure;
use super::spec::{FigureFile, Item, Spec};
use super::{lay_out, responses_per_key, rows, Plan};
use crate::correct::apply::Decision;
use crate::correct::{audit, Corrections};
use crate::frame::Wide;
use crate::lang::Lang;
use crate::model::aggregate::{Aggregate, Key};
use crate::model::document::{Block, Data, Document};
use crate::model::table::Table;
use crate::model::table::{Audience, Readers};
use crate::output::NamedFile;
use crate::render::svg::{self, Frame};
use crate::render::{self, html, png, xlsx};
use crate::report::coverage::{self, Coverage};
use crate::schema::Schema;
use anyhow::Result;

/// What the report draws on besides the responses: who reported, and the corrections in force.
pub(crate) struct Sources<'a> {
    pub(crate) coverage: &'a Coverage,
    pub(crate) corrections: &'a Corrections,
    pub(crate) decisions: &'a [Decision],
}

pub(crate) fn build(spec: &Spec, wide: &Wide, schema: &Schema, sources: &Sources) -> Result<Document> {
    let lang = spec.lang;
    let mut blocks = Vec::new();
    for item in &spec.items {
        match item {
            Item::Text(text) => blocks.push(Block::Text(text.fill(wide, schema)?)),
            Item::Plan(plan) => blocks.extend(plan_blocks(plan, wide, schema, sources)?),
            Item::Answers(a) => {
                let table = answers::table(a, wide, schema, Audience::people(lang))?;
                let mut csv = Vec::new();
                render::csv(
                    &answers::table(a, wide, schema, Audience { readers: Readers::Machines, lang })?,
                    &mut csv,
                )?;
                let data = Data { file: format!("{}.csv", a.name), csv };
                blocks.push(Block::Answers { name: a.name.clone(), table, data });
            }
        }
    }
    let reported = coverage::reports_table(sources.coverage, Audience::people(lang));
    let mut csv = Vec::new();
    render::csv(&coverage::reports_table(sources.coverage, Audience { readers: Readers::Machines, lang }), &mut csv)?;
    let data = Some(Data { file: format!("{}.csv", reported.name), csv });
    blocks.push(Block::Appendix { id: "rapporter".into(), table: reported, data });
    if let Some(applied) = audit::applied_table(sources.corrections, sources.decisions, schema, Audience::people(lang))
    {
        blocks.push(Block::Appendix { id: "korreksjoner".into(), table: applied, data: None });
    }
    let title = spec.title.clone().unwrap_or_else(|| spec.name.clone());
    Ok(Document { title, lang, blocks })
}

/// A plan's table, its figure, or both.
fn plan_blocks(plan: &Plan, wide: &Wide, schema: &Schema, sources: &Sources) -> Result<Vec<Block>> {
    let rows = rows(plan, wide, schema)?;
    let table = lay_out(plan, &rows, schema, Readers::People);
    let data = data(plan, &rows, schema)?;
    let mut notes = notes(plan, &rows, schema, sources);
    notes.extend(other_texts(plan, wide, schema)?);
    let mut blocks = Vec::new();
    if plan.table {
        blocks.push(Block::Table { table: table.clone(), notes: notes.clone(), data: data.clone() });
    }
    if let Some(figure) = &plan.figure {
        let chart = figure::chart(plan, figure, &rows, schema);
        blocks.push(Block::Figure { chart, table, notes, data });
    }
    Ok(blocks)
}

/// The plan's numbers for machines, as the `.csv` file beside the report holds them.
fn data(plan: &Plan, rows: &[Aggregate], schema: &Schema) -> Result<Data> {
    let mut csv = Vec::new();
    render::csv(&lay_out(plan, rows, schema, Readers::Machines), &mut csv)?;
    Ok(Data { file: format!("{}.csv", plan.name), csv })
}

/// The lines under a table or figure: the responses behind each year or period, the source, and
/// the corrections that changed its numbers.
fn notes(plan: &Plan, rows: &[Aggregate], schema: &Schema, sources: &Sources) -> Vec<String> {
    let lang = plan.lang;
    let mut notes = Vec::new();
    if matches!(plan.by.first(), Some(Key::Year | Key::Period)) {
        if let Some(n) = n_per_key(rows, lang) {
            notes.push(n);
        }
    }
    notes.push(figure::source(lang).to_string());
    let ids =
        audit::applied_to(sources.corrections, sources.decisions, schema, &plan.measures, plan.years, &plan.centres);
    if !ids.is_empty() {
        let (lead, see) = match lang {
            Lang::Nb => ("Tallene er korrigert", "se «Korreksjoner brukt»"),
            Lang::En => ("Numbers corrected", "see “Corrections applied”"),
        };
        notes.push(format!("{lead} ({}): {see}.", ids.join(", ")));
    }
    notes
}

/// For each option of the plan's choices that names its text («Annet»), the texts given, per year:
/// «Annet: 2014: Revidering av idébanken; fotograf. 2015: …», as the published report writes
/// them under its figures.
fn other_texts(plan: &Plan, wide: &Wide, schema: &Schema) -> Result<Vec<String>> {
    let mut notes = Vec::new();
    let shown = plan.targets(schema);
    for &(m, o) in schema.targets.iter().enumerate().filter(|(t, _)| shown.contains(t)).map(|(_, x)| x) {
        let Some(text) = o.and_then(|o| schema.measures[m].options[o].text) else { continue };
        let answers = answers::of(plan, text, wide, schema)?;
        let mut by_year: Vec<(i32, Vec<String>)> = Vec::new();
        for (_, y, answer) in answers {
            let answer = answer.split_whitespace().collect::<Vec<_>>().join(" ");
            match by_year.last_mut() {
                // Each text once a year, however many centres wrote it.
                Some((year, list)) if *year == y => {
                    if !list.contains(&answer) {
                        list.push(answer);
                    }
                }
                _ => by_year.push((y, vec![answer])),
            }
        }
        if !by_year.is_empty() {
            let years: Vec<String> = by_year.iter().map(|(y, list)| format!("{y}: {}", list.join("; "))).collect();
            let label = schema.measures[m].options[o.unwrap_or(0)].label_in(plan.lang);
            notes.push(format!("{label}: {}.", years.join(". ")));
        }
    }
    Ok(notes)
}

/// «Antall utviklingssentraler som rapporterte (n): 2014: 5, 2015: 5, …»: the responses behind each
/// value of the first key, from the rows (a total left out).
fn n_per_key(rows: &[Aggregate], lang: Lang) -> Option<String> {
    let seen = responses_per_key(rows);
    if seen.is_empty() {
        return None;
    }
    let list: Vec<String> = seen.iter().map(|(k, n)| format!("{}: {n}", k.show(lang))).collect();
    let lead = lang.pick("Antall utviklingssentraler som rapporterte (n)", "Development centres that reported (n)");
    Some(format!("{lead}: {}.", list.join(", ")))
}

/// The report's files, as one set: per table its Markdown and CSV, per figure its SVG (and, for a
/// figure alone, its numbers as Markdown and CSV); then the whole report as one Markdown file
/// (`NAME.md`), one workbook (`NAME.xlsx`: a sheet per table and figure, who reported and the
/// corrections applied last) and one HTML page (`NAME.html`).
pub(crate) fn files(doc: &Document, name: &str, figures: &[FigureFile]) -> Result<Vec<NamedFile>> {
    let mut files: Vec<NamedFile> = Vec::new();
    let mut sheets: Vec<Table> = Vec::new();
    // A figure's PNG, when asked for, shown on its sheet too.
    let mut pictures: Vec<Option<Vec<u8>>> = Vec::new();
    let mut markdown = format!("# {}\n", doc.title);
    for block in &doc.blocks {
        match block {
            Block::Text(text) => markdown.push_str(&format!("\n{}\n", text.trim_end())),
            Block::Table { table, data, .. } => {
                files.push(NamedFile::new(format!("{}.md", table.name), render::markdown(table)));
                files.push(NamedFile::new(data.file.clone(), data.csv.clone()));
                markdown.push_str(&format!("\n{}", render::markdown(table)));
                sheets.push(table.clone());
            }
            Block::Figure { chart, table, data, .. } => {
                let drawn = svg::chart(chart, Frame::Standalone);
                let png = if figures.contains(&FigureFile::Png) { Some(png::png(&drawn)?) } else { None };
                if figures.contains(&FigureFile::Svg) {
                    files.push(NamedFile::new(format!("{}.svg", chart.name), drawn));
                }
                if let Some(png) = &png {
                    files.push(NamedFile::new(format!("{}.png", chart.name), png.clone()));
                }
                let picture = if figures.contains(&FigureFile::Svg) { "svg" } else { "png" };
                markdown.push_str(&format!("\n![{}]({}.{picture})\n", chart.title, chart.name));
                pictures.resize(sheets.len(), None);
                match sheets.iter().position(|t| t.name == table.name) {
                    Some(sheet) => pictures[sheet] = png,
                    None => {
                        files.push(NamedFile::new(format!("{}.md", table.name), render::markdown(table)));
                        files.push(NamedFile::new(data.file.clone(), data.csv.clone()));
                        sheets.push(table.clone());
                        pictures.push(png);
                    }
                }
            }
            Block::Answers { name, table, data } => {
                let md = render::answers_markdown(table);
                files.push(NamedFile::new(format!("{name}.md"), md.clone()));
                files.push(NamedFile::new(data.file.clone(), data.csv.clone()));
                markdown.push_str(&format!("\n{md}"));
                sheets.push(table.clone());
            }
            Block::Appendix { table, data, .. } => {
                if let Some(data) = data {
                    files.push(NamedFile::new(data.file.clone(), data.csv.clone()));
                }
                markdown.push_str(&format!("\n{}", render::markdown(table)));
                sheets.push(table.clone());
            }
        }
    }
    files.push(NamedFile::new(format!("{name}.md"), markdown));
    pictures.resize(sheets.len(), None);
    let mut workbook = Vec::new();
    xlsx::write_with_pictures(&sheets, &pictures, &mut workbook)?;
    files.push(NamedFile::new(format!("{name}.xlsx"), workbook));
    files.push(NamedFile::new(format!("{name}.html"), html::document(doc)));
    Ok(files)
}
