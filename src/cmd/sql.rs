//! `friskliv sql`: ad hoc SQL (polars SQL) over the normalised table `responses` and the wide view
//! `wide` (a row per kept response, a column per measure and per option, `MEASURE__OPTION`).

use crate::cli::Context;
use crate::output::{self, Format};
use crate::{frame, render};
use anyhow::Result;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Export files, directories or YEAR=FILE, then the query, as in: data/ "SELECT centre, SUM(value)
    /// FROM responses WHERE measure = 'hospitants' GROUP BY centre"
    #[arg(required = true, num_args = 2.., value_name = "INPUT... QUERY")]
    pub args: Vec<String>,
    /// Output format [default: from -o's extension, else table on a terminal and csv in a pipe]
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write to FILE (atomically) instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args, ctx: &Context) -> Result<bool> {
    let (query, inputs) = args.args.split_last().expect("clap asks for two arguments at least");
    let formats = [Format::Table, Format::Csv, Format::Json, Format::Md, Format::Xlsx, Format::Parquet];
    let format = output::choose(args.format, args.output.as_deref(), output::default_format(), &formats)?;
    let data = super::report::load(inputs, ctx)?;
    let responses = frame::normalised(&data.observations)?;
    let wide = frame::wide(&data.observations, &ctx.schema)?;
    let table = frame::sql(query, responses, wide)?;
    output::emit(args.output.as_deref(), |w| render::write(&[table], format, w))?;
    Ok(super::report::finish(&data, ctx))
}
