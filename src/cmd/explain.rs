//! `friskliv explain`: the cells behind a report number (see [`crate::report::explain`]), then n and sum, equal
//! to what `friskliv report` prints for the same measure and filters.

use crate::cmd::{Inputs, Output};
use crate::context::Context;
use crate::correct::apply::Fixes;
use crate::lang::Lang;
use crate::model::table::Readers;
use crate::normalise::store::Projection;
use crate::output::{self, Format};
use crate::render;
use crate::report::explain::{self, Filter};
use crate::report::{Filters, Request};
use crate::schema::complete;
use crate::Exit;
use anyhow::Result;
use clap_complete::engine::ArgValueCandidates;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    pub(crate) inputs: Inputs,
    /// The measure, or MEASURE:OPTION for one option of a choice (`friskliv schema` lists them)
    #[arg(long = "measure", value_name = "ID[:OPTION]", required = true, add = ArgValueCandidates::new(complete::measures))]
    pub(crate) measure: String,
    #[command(flatten)]
    pub(crate) filters: Filters,
    #[command(flatten)]
    pub(crate) out: Output,
    /// The language of the title and headings for people [default: nb]
    #[arg(long, value_enum, value_name = "LANG")]
    pub(crate) lang: Option<Lang>,
}

pub(crate) fn run(args: Args, ctx: &Context) -> Result<Exit> {
    let schema = &ctx.schema;
    let target = schema.answer_target(&args.measure)?;
    let target = schema.target_index(target.measure, target.option);
    // The same filters as `report`, checked the same way before any export is read.
    let request = Request { filters: args.filters, ..Request::default() };
    let plan = request.resolve(schema, Lang::Nb)?;
    let formats = [Format::Table, Format::Csv, Format::Json, Format::Md, Format::Xlsx, Format::Parquet];
    let format = args.out.format(&formats)?;
    let projection = Projection::only(schema.targets.len(), []).with_cells();
    let mut data = ctx.load(&args.inputs.inputs, &projection)?;
    let fixes = Fixes::new(&data.corrections, &data.decisions);
    let raw = data.raw.as_mut().expect("the projection asks for the cells");
    let filter = Filter { target, years: plan.years, centres: plan.centres };
    let lang = args.lang.unwrap_or_default();
    let mut explained = explain::explain(&data.responses, raw, &fixes, schema, &filter, lang)?;
    // People see n and sum under the table; machines get the rows alone, and the sums on stderr.
    match format.readers() {
        Readers::People => explained.table.notes.push(explained.summary(Readers::People)),
        Readers::Machines if !ctx.quiet => {
            eprintln!("friskliv: {}: {}", args.measure, explained.summary(Readers::Machines))
        }
        Readers::Machines => {}
    }
    output::emit(args.out.output.as_deref(), |w, width| render::write(&[explained.table], format, width, w))?;
    Ok(ctx.finish(&data))
}
