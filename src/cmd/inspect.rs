//! `friskliv inspect`: per file, what was detected and how every column maps; or, with
//! `--draft-config`, a config that lets friskliv read the exports ([`crate::draft`]).

use crate::cmd::Inputs;
use crate::context::{Context, Stream};
use crate::diagnostics::{self, Severity};
use crate::normalise::store::Projection;
use crate::normalise::FileSummary;
use crate::output::{self, Width};
use crate::read::grid;
use crate::read::layout::Mapping;
use crate::read::FileKind;
use crate::render::{self, TableStyle};
use crate::Exit;
use anyhow::{Context as _, Result};
use std::io::Write;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    pub(crate) inputs: Inputs,
    /// Print a friskliv.toml that lets friskliv read these exports (a new year's period, centres,
    /// wordings and questions), with a comment on each guess to check; save it as friskliv.toml
    #[arg(long)]
    pub(crate) draft_config: bool,
}

pub(crate) fn run(args: Args, ctx: &Context) -> Result<Exit> {
    let data = ctx.read(&args.inputs.inputs, &Projection::only(ctx.schema.targets.len(), []))?;
    if args.draft_config {
        return draft(&data, ctx);
    }
    output::emit(None, |w, width| {
        for (i, f) in data.files.iter().enumerate() {
            if i > 0 {
                writeln!(w)?;
            }
            describe(f, ctx, width, w)?;
            let problems: Vec<_> = data.diagnostics.for_file(&f.path).cloned().collect();
            if !problems.is_empty() {
                writeln!(w)?;
                diagnostics::print(&problems, ctx.floor(Severity::Note), ctx.color(Stream::Stdout), w)?;
            }
        }
        writeln!(w, "\n{}; {}", data.summary(), data.diagnostics.summary())?;
        Ok(())
    })?;
    Ok(Exit::valid_if(data.diagnostics.count(Severity::Error) == 0))
}

/// Prints the draft config on stdout, and on stderr what to do with it.
fn draft(data: &crate::normalise::Dataset, ctx: &Context) -> Result<Exit> {
    let plan = crate::draft::plan(data, &ctx.schema);
    let mut config = Vec::new();
    for name in &data.config {
        let text = std::fs::read_to_string(name).with_context(|| format!("cannot read {name} again"))?;
        config.push((name.clone(), text));
    }
    let text = crate::draft::write(&plan, &ctx.schema, &config);
    output::emit(None, |w, _| Ok(w.write_all(text.as_bytes())?))?;
    if !ctx.quiet {
        let target = data.config.first().map_or("friskliv.toml", String::as_str);
        let guesses = text.matches("CHECK").count();
        eprintln!(
            "friskliv: drafted from {} file(s), with {guesses} guess(es) marked CHECK; save it as {target} (it keeps what that file says), then run friskliv validate",
            data.files.len()
        );
    }
    Ok(Exit::Success)
}

/// «Skjema B (…): 82 of 85 answer columns fit its questions, 3 map to nothing; 2023 is not among
/// its years».
fn form_line(e: &crate::read::Export, schema: &crate::schema::Schema) -> String {
    match e.layout.form() {
        Some(f) => {
            let form = schema.forms.iter().find(|g| g.id == f.id);
            let label = form.map_or(f.id.clone(), |g| g.label.clone());
            let unmapped = match f.unmapped {
                0 => String::new(),
                n => format!(", {n} map to nothing"),
            };
            let outside = match (form, e.year) {
                (Some(g), Some(y)) if !(g.years.0..=g.years.1).contains(&y) => format!("; {y} is not among its years"),
                _ => String::new(),
            };
            format!("{label}: {} of {} answer columns fit its questions{unmapped}{outside}", f.fit, f.of)
        }
        None => "none recognised".into(),
    }
}

fn describe(f: &FileSummary, ctx: &Context, width: Width, w: &mut dyn Write) -> Result<()> {
    writeln!(w, "{}", f.path)?;
    let Some(e) = &f.export else {
        writeln!(w, "  not read (see the error below)")?;
        return Ok(());
    };
    let schema = &ctx.schema;
    let year = match (&e.year, &e.year_source) {
        (Some(y), Some(src)) => format!("{y}, {src}"),
        (None, Some(src)) => src.to_string(),
        _ => "unknown: pass it as YEAR=PATH".to_string(),
    };
    let form = form_line(e, schema);
    let c = f.counts;
    let mut facts = match &e.kind {
        FileKind::Text(t) => vec![
            ("encoding", t.encoding.to_string()),
            (
                "delimiter",
                format!(
                    "{}{}",
                    grid::delimiter_name(t.delimiter),
                    if t.sep_line { ", named by Excel's sep= line" } else { "" }
                ),
            ),
            ("line ends", t.line_ends.to_string()),
        ],
        FileKind::Workbook { sheet, sheets } => {
            let of = if *sheets > 1 { format!(" (of {sheets})") } else { String::new() };
            vec![("file", format!("Excel workbook, sheet {sheet:?}{of}"))]
        }
    };
    facts.extend([
        ("layout", e.layout.kind.to_string()),
        ("header rows", e.header_rows().to_string()),
        ("form", form),
        ("year", year),
        ("rows", format!("{} read: {} kept, {} excluded, {} rejected", c.read, c.kept, c.excluded, c.rejected)),
    ]);
    for (k, v) in facts {
        writeln!(w, "  {k:<12} {v}")?;
    }
    let rows: Vec<Vec<String>> = e
        .layout
        .columns
        .iter()
        .enumerate()
        .map(|(i, col)| {
            let maps = match &col.mapping {
                Mapping::Role(r) => format!("({})", r.describe()),
                Mapping::Answer(t, _) => schema.target_name(t.measure, t.option),
                Mapping::Unmapped(Some(h)) => format!("unmapped (closest: {h})"),
                Mapping::Unmapped(None) => "unmapped".into(),
                Mapping::NoHeader => "(no header)".into(),
                Mapping::Duplicate(j) => format!("not read: maps like column {}", j + 1),
            };
            let header = match &col.variable {
                Some(v) if v != &col.header => format!("{} [{v}]", col.header),
                _ => col.header.clone(),
            };
            vec![(i + 1).to_string(), header, maps]
        })
        .collect();
    writeln!(w)?;
    let table = render::table(TableStyle::Plain, &["col", "header", "maps to"], &rows, &[0], width);
    for line in table.lines() {
        writeln!(w, "  {line}")?;
    }
    Ok(())
}
