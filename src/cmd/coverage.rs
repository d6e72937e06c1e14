//! `friskliv coverage`: which centre reported which year (reported, excused, missing, not a centre),
//! and which measures each form asked in which years.

use crate::cmd::{select_tables, Inputs, Output};
use crate::context::Context;
use crate::lang::Lang;
use crate::model::table::Audience;
use crate::normalise::store::Projection;
use crate::output::{self, Format};
use crate::render;
use crate::report;
use crate::report::coverage;
use crate::Exit;
use anyhow::Result;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    pub(crate) inputs: Inputs,
    /// The years to show, as 2014-2022 [default: the years in the exports]
    #[arg(long, value_name = "FROM-TO")]
    pub(crate) years: Option<String>,
    /// Write only this table: rapporter (who reported which year) or sporsmal (which form asked
    /// which measure) [default: both; rapporter in a format that holds one table, such as csv]
    #[arg(long, value_name = "NAME", value_parser = ["rapporter", "sporsmal"])]
    pub(crate) table: Option<String>,
    /// Exit 1 when an expected report is missing
    #[arg(long)]
    pub(crate) strict: bool,
    #[command(flatten)]
    pub(crate) out: Output,
    /// The language of labels and headings for people [default: nb]
    #[arg(long, value_enum, value_name = "LANG")]
    pub(crate) lang: Option<Lang>,
}

pub(crate) fn run(args: Args, ctx: &Context) -> Result<Exit> {
    let years = args.years.as_deref().map(report::parse_years).transpose()?;
    let formats = [Format::Table, Format::Csv, Format::Json, Format::Md, Format::Xlsx];
    let format = args.out.format(&formats)?;
    let data = ctx.load(&args.inputs.inputs, &Projection::only(ctx.schema.targets.len(), []))?;
    let years = coverage::years(&data, years);
    let cov = coverage::coverage(&data, &ctx.schema, years.clone());
    let lang = args.lang.unwrap_or_default();
    let tables = vec![
        coverage::reports_table(&cov, Audience { readers: format.readers(), lang }),
        coverage::questions_table(&ctx.schema, &years, lang),
    ];
    let tables = select_tables(tables, args.table.as_deref(), format, Some("rapporter"))?;
    output::emit(args.out.output.as_deref(), |w, width| render::write(&tables, format, width, w))?;
    let valid = ctx.finish(&data);
    let missing = cov.missing();
    if args.strict && !missing.is_empty() {
        let list: Vec<String> = missing.iter().map(|(c, y)| format!("{c} {y}")).collect();
        eprintln!("friskliv: {} expected report(s) missing: {}", missing.len(), list.join(", "));
        return Ok(Exit::Invalid);
    }
    Ok(valid)
}
