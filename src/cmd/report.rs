//! `friskliv report`: aggregated tables per year, period, centre, region and task; or, with `--spec`,
//! every table of a scripted report.

use crate::cmd::{Filters, Output};
use crate::context::Context;
use crate::correct::audit;
use crate::frame::Wide;
use crate::output::{self, Format};
use crate::render;
use crate::report::{self, spec, Key, Request, Stat};
use crate::table::Table;
use anyhow::{bail, Context as _, Result};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Export files, directories (every .csv below them) or YEAR=FILE [with --spec: the spec's inputs]
    #[arg(value_name = "INPUT", required_unless_present = "spec")]
    pub inputs: Vec<String>,
    /// Group by this key (repeatable, in order) [default: year]
    #[arg(long, value_enum, value_name = "KEY")]
    pub by: Vec<Key>,
    /// Report this measure (repeatable; `friskliv schema` lists them) [default: the overview]
    #[arg(long = "measure", value_name = "ID")]
    pub measures: Vec<String>,
    /// Report every measure of this task, 1–9 (0: the grant; repeatable)
    #[arg(long = "task", value_name = "N")]
    pub tasks: Vec<u8>,
    #[command(flatten)]
    pub filters: Filters,
    /// Add a total over the first --by key
    #[arg(long)]
    pub total: bool,
    /// Count a predecessor under its successor (Aktiv Eiker under Drammen)
    #[arg(long)]
    pub lineage: bool,
    /// Spread this --by key over columns (years as columns, like Tabell 1)
    #[arg(long, value_enum, value_name = "KEY")]
    pub pivot: Option<Key>,
    /// The statistic in --pivot's cells [default: sum for numbers, share for Ja/Nei and options]
    #[arg(long, value_enum)]
    pub stat: Option<Stat>,
    /// A title above the table
    #[arg(long)]
    pub title: Option<String>,
    #[command(flatten)]
    pub out: Output,
    /// Render every table of this report spec (TOML; see README)
    #[arg(long, value_name = "FILE")]
    pub spec: Option<PathBuf>,
    /// With --spec: write each table as Markdown and CSV, all of them as one Markdown file and one
    /// workbook, into DIR
    #[arg(long, value_name = "DIR", requires = "spec", conflicts_with = "output")]
    pub out_dir: Option<PathBuf>,
}

const FORMATS: [Format; 6] = [Format::Table, Format::Csv, Format::Json, Format::Md, Format::Xlsx, Format::Parquet];

pub fn run(args: Args, ctx: &Context) -> Result<bool> {
    if args.spec.is_some() {
        return run_spec(args, ctx);
    }
    let request = Request {
        name: Some("rapport".into()),
        title: args.title.clone(),
        by: args.by.clone(),
        measures: args.measures.clone(),
        tasks: args.tasks.clone(),
        centres: args.filters.centres.clone(),
        years: args.filters.years.clone(),
        period: args.filters.period.clone(),
        total: args.total,
        lineage: args.lineage,
        pivot: args.pivot,
        stat: args.stat,
    };
    let mut plan = request.resolve(&ctx.schema)?;
    let format = args.out.format(&FORMATS)?;
    let people = format.is_for_people();
    if plan.overview && args.by.is_empty() && args.pivot.is_none() && people {
        plan.pivot = Some(Key::Year);
    }
    let mut data = ctx.load(&args.inputs, &plan.projection(&ctx.schema))?;
    let wide = Wide::new(std::mem::take(&mut data.responses))?;
    let table = report::build(&plan, &wide, &ctx.schema, people)?;
    output::emit(args.out.output.as_deref(), |w| render::write(&[table], format, w))?;
    Ok(ctx.finish(&data))
}

fn run_spec(args: Args, ctx: &Context) -> Result<bool> {
    let path = args.spec.as_deref().expect("checked by the caller");
    let spec = spec::load(path, &ctx.schema)?;
    let inputs = if args.inputs.is_empty() { spec.inputs.clone() } else { args.inputs.clone() };
    if inputs.is_empty() {
        bail!("{}: name the exports with INPUT or with `inputs` in the spec", path.display());
    }
    let mut data = ctx.load(&inputs, &report::projection(&spec.plans, &ctx.schema))?;
    let wide = Wide::new(std::mem::take(&mut data.responses))?;
    let tables = |people: bool| -> Result<Vec<Table>> {
        spec.plans.iter().map(|p| report::build(p, &wide, &ctx.schema, people)).collect()
    };
    // The combined outputs end with the corrections applied: the report carries its own audit trail.
    let applied = audit::applied_table(&data.corrections, &data.decisions, &ctx.schema);
    let combined = |mut tables: Vec<Table>| {
        tables.extend(applied.clone());
        tables
    };
    match &args.out_dir {
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
            let (people, machines) = (tables(true)?, tables(false)?);
            // A Markdown and a CSV file per table, then all tables in one Markdown file and one workbook.
            let mut written = Vec::new();
            let mut write = |name: String, tables: &[Table], format: Format, title: Option<&str>| -> Result<()> {
                let path = dir.join(name);
                output::write_atomically(&path, |w| {
                    if let Some(title) = title {
                        writeln!(w, "# {title}\n")?;
                    }
                    render::write(tables, format, w)
                })?;
                written.push(path);
                Ok(())
            };
            for ((plan, p), m) in spec.plans.iter().zip(&people).zip(&machines) {
                write(format!("{}.md", plan.name), std::slice::from_ref(p), Format::Md, None)?;
                write(format!("{}.csv", plan.name), std::slice::from_ref(m), Format::Csv, None)?;
            }
            let people = combined(people);
            write(format!("{}.md", spec.name), &people, Format::Md, spec.title.as_deref())?;
            write(format!("{}.xlsx", spec.name), &people, Format::Xlsx, None)?;
            if !ctx.quiet {
                for f in written {
                    eprintln!("wrote {}", f.display());
                }
            }
        }
        None => {
            let format = args.out.format(&FORMATS)?;
            let people = format.is_for_people();
            let tables = combined(tables(people)?);
            output::emit(args.out.output.as_deref(), |w| render::write(&tables, format, w))?;
        }
    }
    Ok(ctx.finish(&data))
}
