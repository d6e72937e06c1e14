//! `friskliv corrections`: the audit table of the corrections in force, one row per correction with
//! what became of it on these exports (applied, unchanged, stale, unmatched) and the value before and
//! after.

use crate::cmd::{Inputs, Output};
use crate::context::Context;
use crate::correct::audit;
use crate::normalise::store::Projection;
use crate::output::{self, Format};
use crate::render;
use crate::Exit;
use anyhow::{bail, Result};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    pub(crate) inputs: Inputs,
    #[command(flatten)]
    pub(crate) out: Output,
}

pub(crate) fn run(args: Args, ctx: &Context) -> Result<Exit> {
    if ctx.corrections.path.is_empty() {
        bail!("there are no corrections: write them in corrections.toml here, or name a file with --corrections FILE");
    }
    let formats = [Format::Table, Format::Csv, Format::Json, Format::Md, Format::Xlsx, Format::Parquet];
    let format = args.out.format(&formats)?;
    let data = ctx.load(&args.inputs.inputs, &Projection::only(ctx.schema.targets.len(), []))?;
    let table = audit::table(&data.corrections, &data.decisions, &ctx.schema);
    output::emit(args.out.output.as_deref(), |w, width| render::write(&[table], format, width, w))?;
    Ok(ctx.finish(&data))
}
