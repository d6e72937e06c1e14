//! `friskliv normalise`: the tidy normalised table, one row per kept response × measure × option.

use crate::cmd::Inputs;
use crate::context::{validate_lists_them, Context};
use crate::correct::apply::Fixes;
use crate::diagnostics::Severity;
use crate::frame;
use crate::normalise::long;
use crate::normalise::store::Projection;
use crate::output::progress::Counted;
use crate::output::{self, Format};
use crate::Exit;
use anyhow::Result;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    pub(crate) inputs: Inputs,
    /// Output format [default: from -o's extension, else csv]
    #[arg(long, value_enum)]
    pub(crate) format: Option<NormaliseFormat>,
    /// Write to FILE (atomically) instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

/// The formats the normalised table can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum NormaliseFormat {
    /// Comma-separated values, one header row
    Csv,
    /// A JSON array of objects
    Json,
    /// Apache Parquet (with -o FILE)
    Parquet,
}

impl From<NormaliseFormat> for Format {
    fn from(f: NormaliseFormat) -> Format {
        match f {
            NormaliseFormat::Csv => Format::Csv,
            NormaliseFormat::Json => Format::Json,
            NormaliseFormat::Parquet => Format::Parquet,
        }
    }
}

pub(crate) fn run(args: Args, ctx: &Context) -> Result<Exit> {
    let out = args.output.as_deref();
    let asked = args.format.map(Format::from);
    let format = output::choose(asked, out, Format::Csv, &[Format::Csv, Format::Json, Format::Parquet])?;
    // No typed column: the long table is derived from the cells as written.
    let cells = Projection::only(ctx.schema.targets.len(), []).with_cells();
    let mut data = ctx.read(&args.inputs.inputs, &cells)?;
    ctx.report(&data.diagnostics.problems, Severity::Warning)?;
    let (r, schema) = (&data.responses, &ctx.schema);
    let fixes = Fixes::new(&data.corrections, &data.decisions);
    let raw = data.raw.as_mut().expect("the projection asks for the cells");
    let progress = ctx.progress(0);
    progress.doing(|| format!("writing {}", out.map_or("the long table".into(), |p| p.display().to_string())));
    output::emit(out, |w, _| {
        let w = &mut Counted { inner: w, progress: &progress };
        match format {
            Format::Json => long::write_json(r, raw, &fixes, schema, w),
            Format::Parquet => frame::write_long_parquet(r, raw, &fixes, schema, w),
            _ => long::write_csv(r, raw, &fixes, schema, w),
        }
    })?;
    drop(progress);
    let errors = data.diagnostics.count(Severity::Error);
    if !ctx.quiet || errors > 0 {
        eprintln!(
            "friskliv: {}; {} normalised rows; {}{}",
            data.summary(),
            long::len(r),
            data.diagnostics.summary(),
            validate_lists_them(&data)
        );
    }
    Ok(Exit::valid_if(errors == 0))
}
