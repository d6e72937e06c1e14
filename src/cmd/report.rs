//! `friskliv report`: aggregated tables per year, period, centre, region and task; or, with `--spec`,
//! every table of a scripted report.

use crate::cmd::{select_tables, Output};
use crate::context::Context;
use crate::correct::audit;
use crate::diagnostics::Severity;
use crate::frame::Wide;
use crate::lang::Lang;
use crate::model::table::{Audience, Readers, Table};
use crate::normalise::Dataset;
use crate::output::NamedFile;
use crate::output::{self, Format};
use crate::render;
use crate::report::compose::{self, Sources};
use crate::report::coverage;
use crate::report::{self, against, answers, spec, Key, NothingToShow, Request};
use crate::review;
use crate::Exit;
use anyhow::{bail, Context as _, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Export files (CSV or .xlsx), directories (every .csv and .xlsx below them), FILE.xlsx:SHEET or
    /// YEAR=FILE [with --spec: the spec's inputs]
    #[arg(value_name = "INPUT", required_unless_present = "spec")]
    pub(crate) inputs: Vec<String>,
    #[command(flatten)]
    pub(crate) request: Request,
    #[command(flatten)]
    pub(crate) out: Output,
    /// Render every table of this report spec (TOML; see `friskliv man`, REPORT SPEC)
    #[arg(long, value_name = "FILE")]
    pub(crate) spec: Option<PathBuf>,
    /// With --spec: write each table as Markdown and CSV, each figure as SVG, and the whole report as
    /// one HTML page, one Markdown file and one workbook, into DIR
    #[arg(long, value_name = "DIR", requires = "spec", conflicts_with = "output")]
    pub(crate) out_dir: Option<PathBuf>,
    /// With --out-dir: write the report even when an input has errors (a file not read, a row
    /// rejected, a correction unmatched); without it, DIR keeps the last complete report
    #[arg(long, requires = "out_dir")]
    pub(crate) partial: bool,
    /// With --out-dir: compare every table with the same table's CSV in OLD (an earlier run's
    /// out-dir, such as last year's published report); a number that differs is an error (exit 1)
    /// and DIR keeps what it had
    #[arg(long, value_name = "OLD", requires = "out_dir")]
    pub(crate) against: Option<PathBuf>,
    /// With --spec: write only the spec's table NAME (a format that holds one table, such as csv,
    /// needs it when the spec has several)
    #[arg(long, value_name = "NAME", requires = "spec", conflicts_with = "out_dir")]
    pub(crate) table: Option<String>,
    /// Count the inputs' warnings as errors (a question no column maps to, a value not read as
    /// written): write nothing and exit 1 when there are any, for CI
    #[arg(long)]
    pub(crate) strict: bool,
    /// The language of labels, headings and numbers for people [default: the spec's `lang`, else nb]
    #[arg(long, value_enum, value_name = "LANG")]
    pub(crate) lang: Option<Lang>,
}

const FORMATS: [Format; 6] = [Format::Table, Format::Csv, Format::Json, Format::Md, Format::Xlsx, Format::Parquet];

pub(crate) fn run(args: Args, ctx: &Context) -> Result<Exit> {
    let result = if args.spec.is_some() { run_spec(args, ctx) } else { run_request(args, ctx) };
    match result {
        // Nothing to show is the input's answer, not a usage error: said, and exit 1.
        Err(e) if e.is::<NothingToShow>() => {
            eprintln!("friskliv: error: {e:#}");
            Ok(Exit::Invalid)
        }
        other => other,
    }
}

/// A report from the command line's flags.
fn run_request(args: Args, ctx: &Context) -> Result<Exit> {
    let request = Request { name: Some("rapport".into()), ..args.request };
    let lang = args.lang.unwrap_or_default();
    let mut plan = request.resolve(&ctx.schema, lang)?;
    warn_untranslated(ctx, lang, &plan.measures);
    let format = args.out.format(&FORMATS)?;
    let readers = format.readers();
    if plan.overview && request.by.is_empty() && request.pivot.is_none() && readers == Readers::People {
        plan.pivot = Some(Key::Year);
    }
    let mut data = ctx.load(&args.inputs, &plan.projection(&ctx.schema))?;
    if let Some(exit) = refused_as_strict(args.strict, ctx, &data) {
        return Ok(exit);
    }
    let wide = Wide::new(std::mem::take(&mut data.responses), &ctx.schema)?;
    plan.check_selection(&wide, &ctx.schema)?;
    let table = report::build(&plan, &wide, &ctx.schema, readers)?;
    output::emit(args.out.output.as_deref(), |w, width| render::write(&[table], format, width, w))?;
    Ok(ctx.finish(&data))
}

/// Before any export is read: `--table` names a table of the spec (or its corrections table), and a
/// format that holds one table gets one.
fn check_table_choice(spec: &spec::Spec, table: Option<&str>, format: Format) -> Result<()> {
    let mut names: Vec<&str> = spec.table_names();
    match table {
        Some(t) if !names.contains(&t) && t != audit::APPLIED_TABLE => {
            names.push(audit::APPLIED_TABLE);
            bail!("no table {t:?} in the spec: its tables are {}", names.join(", "))
        }
        None if format.holds_one_table() && names.len() > 1 => bail!(
            "{} holds one table and the spec has {} ({}): name one with --table, write them all with --out-dir, or choose json, md or xlsx",
            format.name(),
            names.len(),
            names.join(", ")
        ),
        _ => Ok(()),
    }
}

/// With `--strict`, inputs with warnings get no report: said, with the summary, and exit 1.
fn refused_as_strict(strict: bool, ctx: &Context, data: &Dataset) -> Option<Exit> {
    let warnings = data.diagnostics.count(Severity::Warning);
    if !strict || warnings == 0 {
        return None;
    }
    eprintln!("friskliv: error: --strict: the inputs have {warnings} warning(s), so no report is written; fix them, or accept them and run without --strict");
    ctx.finish(data);
    Some(Exit::Invalid)
}

/// Into `dir`, as one set: the report, unless the inputs have errors (without `--partial`) or a
/// number differs from `--against`'s report (then [`Exit::Invalid`]). Says which files it wrote.
fn write_dir(
    args: &Args,
    dir: &Path,
    spec: &spec::Spec,
    wide: &Wide,
    data: &Dataset,
    sources: &Sources,
    ctx: &Context,
) -> Result<Exit> {
    let errors = data.diagnostics.count(Severity::Error);
    if errors > 0 && !args.partial {
        eprintln!(
            "friskliv: error: {} keeps the last complete report: the inputs have {errors} error(s), and a report of part of them would replace it; fix the inputs, or write it anyway with --partial",
            dir.display()
        );
        return Ok(Exit::Invalid);
    }
    let doc = compose::build(spec, wide, &ctx.schema, sources)?;
    let files = compose::files(&doc, &spec.name, &spec.figures)?;
    if let Some(old) = &args.against {
        // Answers are words, not published numbers: a codebook may code them anew.
        let words: Vec<String> = spec.answers().map(|a| format!("{}.csv", a.name)).collect();
        let numbers: Vec<NamedFile> = files.iter().filter(|f| !words.contains(&f.name)).cloned().collect();
        if let Some(exit) = locked(args, old, dir, &numbers, data, ctx)? {
            return Ok(exit);
        }
    }
    output::write_set(dir, &files)?;
    if !ctx.quiet {
        for f in &files {
            eprintln!("wrote {}", dir.join(&f.name).display());
        }
    }
    if errors > 0 {
        ctx.warn(&format!("{} holds a partial report (--partial): the inputs have {errors} error(s)", dir.display()));
    }
    Ok(Exit::Success)
}

/// Compares the tables' CSVs in `files` with those of the same name in `old`: on a difference, the
/// changed cells on stdout, an error, and [`Exit::Invalid`]; `None` when every number is the same.
fn locked(
    args: &Args,
    old: &Path,
    dir: &Path,
    files: &[NamedFile],
    data: &Dataset,
    ctx: &Context,
) -> Result<Option<Exit>> {
    let new: Vec<(String, String)> = files
        .iter()
        .filter(|f| f.name.ends_with(".csv"))
        .map(|f| (f.name.clone(), String::from_utf8_lossy(&f.bytes).into_owned()))
        .collect();
    let mut published = BTreeMap::new();
    for (name, _) in &new {
        let path = old.join(name);
        if path.is_file() {
            let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
            published.insert(name.clone(), text);
        }
    }
    if published.is_empty() {
        let names: Vec<&str> = new.iter().map(|(n, _)| n.as_str()).collect();
        bail!(
            "{} holds none of the report's tables ({}): name the --out-dir of an earlier run of this spec",
            old.display(),
            names.join(", ")
        );
    }
    let why = |key: &against::RowKey, year: Option<i32>| {
        against::corrections_behind(key, year, &data.corrections, &data.decisions, &ctx.schema)
    };
    let changes = against::compare(&published, &new, &why)?;
    if changes.is_empty() {
        if !ctx.quiet {
            eprintln!("friskliv: the numbers of {} table(s) are those of {}", published.len(), old.display());
        }
        return Ok(None);
    }
    let format = args.out.format(&[Format::Table, Format::Csv, Format::Json, Format::Md])?;
    let table = against::changes_table(&changes, args.lang.unwrap_or_default());
    output::emit(None, |w, width| render::write(&[table], format, width, w))?;
    eprintln!(
        "friskliv: error: {} number(s) differ from the report in {}, so {} keeps what it had; if a change is right (a correction), publish it by writing the report without --against",
        changes.len(),
        old.display(),
        dir.display()
    );
    Ok(Some(Exit::Invalid))
}

/// In English, says which labels of `measures` have no English and are shown in Norwegian.
fn warn_untranslated(ctx: &Context, lang: Lang, measures: &[usize]) {
    let missing = if lang == Lang::En { ctx.schema.untranslated(measures) } else { Vec::new() };
    if !missing.is_empty() {
        ctx.warn(&format!(
            "no English label for {}: shown in Norwegian (add label_en in your friskliv.toml)",
            missing.join(", ")
        ));
    }
}

fn run_spec(args: Args, ctx: &Context) -> Result<Exit> {
    let path = args.spec.as_deref().expect("checked by the caller");
    let spec = spec::load(path, &ctx.schema, args.lang)?;
    let measures: Vec<usize> = spec.plans().flat_map(|p| p.measures.iter().copied()).collect();
    warn_untranslated(ctx, spec.lang, &measures);
    if !spec.untranslated.is_empty() {
        ctx.warn(&format!(
            "{} has no English for {}: shown in Norwegian, its numbers too (add title_en, and text_en to a [[text]])",
            path.display(),
            spec.untranslated.join(", ")
        ));
    }
    if args.out_dir.is_none() {
        check_table_choice(&spec, args.table.as_deref(), args.out.format(&FORMATS)?)?;
    }
    let inputs = if args.inputs.is_empty() { spec.inputs.clone() } else { args.inputs.clone() };
    if inputs.is_empty() {
        bail!("{}: name the exports with INPUT or with `inputs` in the spec", path.display());
    }
    let mut data = ctx.load(&inputs, &report::projection(spec.all_plans(), &ctx.schema))?;
    if let Some(exit) = refused_as_strict(args.strict, ctx, &data) {
        return Ok(exit);
    }
    let coverage = coverage::coverage(&data, &ctx.schema, coverage::years(&data, None));
    let wide = Wide::new(std::mem::take(&mut data.responses), &ctx.schema)?;
    spec.check_selection(&wide, &ctx.schema).with_context(|| path.display().to_string())?;
    // A report to publish is reviewed: its summary line names the flags nobody has accepted.
    let open = review::review(&wide, &ctx.schema, &data.corrections, &data.decisions)?.open(Severity::Warning);
    let written = match &args.out_dir {
        Some(dir) => {
            let sources = Sources { coverage: &coverage, corrections: &data.corrections, decisions: &data.decisions };
            write_dir(&args, dir, &spec, &wide, &data, &sources, ctx)?
        }
        None => {
            let format = args.out.format(&FORMATS)?;
            let mut tables: Vec<Table> =
                spec.plans().map(|p| report::build(p, &wide, &ctx.schema, format.readers())).collect::<Result<_>>()?;
            let to = Audience { readers: format.readers(), lang: spec.lang };
            for a in spec.answers() {
                tables.push(answers::table(a, &wide, &ctx.schema, to)?);
            }
            // The report carries its own audit trail: the corrections applied come last.
            tables.extend(audit::applied_table(&data.corrections, &data.decisions, &ctx.schema, to));
            // A spec of one table writes that table where a format holds one (not its corrections).
            let plans: Vec<&str> = spec.table_names();
            let only = if let [one] = plans[..] { Some(one) } else { None };
            let tables = select_tables(tables, args.table.as_deref(), format, only)?;
            output::emit(args.out.output.as_deref(), |w, width| render::write(&tables, format, width, w))?;
            Exit::Success
        }
    };
    match (ctx.finish_reviewed(&data, open), written) {
        (Exit::Success, Exit::Success) => Ok(Exit::Success),
        _ => Ok(Exit::Invalid),
    }
}
