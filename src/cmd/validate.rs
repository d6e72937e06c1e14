//! `friskliv validate`: every problem in the exports, then a one-line summary.

use crate::cmd::{Inputs, Lines};
use crate::context::{Context, Stream};
use crate::diagnostics::{self, Severity};
use crate::normalise::store::Projection;
use crate::normalise::Counts;
use crate::output;
use crate::Exit;
use anyhow::Result;
use serde::Serialize;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    pub(crate) inputs: Inputs,
    /// Count warnings as errors: exit 1 when there are any
    #[arg(long)]
    pub(crate) strict: bool,
    /// Print the problems as text lines or as one JSON document
    #[arg(long, value_enum, default_value_t = Lines::Text)]
    pub(crate) format: Lines,
}

#[derive(Serialize)]
struct Report<'a> {
    valid: bool,
    files: Vec<FileCounts<'a>>,
    errors: usize,
    warnings: usize,
    notes: usize,
    problems: &'a [diagnostics::Problem],
}

#[derive(Serialize)]
struct FileCounts<'a> {
    path: &'a str,
    #[serde(flatten)]
    counts: Counts,
}

pub(crate) fn run(args: Args, ctx: &Context) -> Result<Exit> {
    let data = ctx.read(&args.inputs.inputs, &Projection::only(ctx.schema.targets.len(), []))?;
    let d = &data.diagnostics;
    let (errors, warnings) = (d.count(Severity::Error), d.count(Severity::Warning));
    let valid = errors == 0 && !(args.strict && warnings > 0);
    match args.format {
        Lines::Text => output::emit(None, |w, _| {
            diagnostics::print(&d.problems, ctx.floor(Severity::Note), ctx.color(Stream::Stdout), w)?;
            let verdict = if valid { "valid" } else { "not valid" };
            let strict = if args.strict && warnings > 0 && errors == 0 { " (--strict: warnings count)" } else { "" };
            writeln!(w, "{}; {}: {verdict}{strict}", data.summary(), d.summary())?;
            Ok(())
        })?,
        Lines::Json => {
            let report = Report {
                valid,
                files: data.files.iter().map(|f| FileCounts { path: &f.path, counts: f.counts }).collect(),
                errors,
                warnings,
                notes: d.count(Severity::Note),
                problems: &d.problems,
            };
            output::emit(None, |w, _| output::write_json(&report, w))?;
        }
    }
    Ok(Exit::valid_if(valid))
}
