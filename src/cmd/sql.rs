//! `friskliv sql`: ad hoc SQL (see [`crate::frame::sql`]) over the normalised table `responses` and the wide view
//! `wide` (a row per kept response, a column per measure and per option, `MEASURE__OPTION`).

use crate::cmd::Output;
use crate::context::Context;
use crate::correct::apply::Fixes;
use crate::normalise::store::Projection;
use crate::output::{self, Format};
use crate::Exit;
use crate::{frame, render};
use anyhow::Result;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Export files, directories or YEAR=FILE
    #[arg(required = true, num_args = 1.., value_name = "INPUT")]
    pub(crate) inputs: Vec<String>,
    /// The query, as in: "SELECT centre, SUM(value) FROM responses WHERE measure = 'hospitants'
    /// GROUP BY centre"
    #[arg(required = true, value_name = "QUERY")]
    pub(crate) query: String,
    #[command(flatten)]
    pub(crate) out: Output,
}

pub(crate) fn run(args: Args, ctx: &Context) -> Result<Exit> {
    let (query, inputs) = (&args.query, &args.inputs);
    let formats = [Format::Table, Format::Csv, Format::Json, Format::Md, Format::Xlsx, Format::Parquet];
    let format = args.out.format(&formats)?;
    let mut projection = Projection::all(ctx.schema.targets.len());
    if frame::names_long_table(query) {
        projection = projection.with_cells();
    }
    let mut data = ctx.load(inputs, &projection)?;
    let fixes = Fixes::new(&data.corrections, &data.decisions);
    let table = frame::sql(query, &data.responses, data.raw.as_mut().map(|raw| (raw, &fixes)), &ctx.schema)?;
    output::emit(args.out.output.as_deref(), |w, width| render::write(&[table], format, width, w))?;
    Ok(ctx.finish(&data))
}
