//! friskliv reads the yearly Questback exports of the development centres for healthy-life centres
//! (utviklingssentraler) as delivered, normalises them against the nine-task schema and writes tables.
//!
//! The pipeline is a straight line, a folder per stage, each with one owner (docs/ARCHITECTURE.md
//! draws it):
//!
//! ```text
//! bytes ─ read ─▶ records ─ normalise (+ correct) ─▶ typed columns ─ frame ─▶ aggregates
//!       ─ report ─▶ model (tables, charts, document) ─ render ─▶ bytes ─ output ─▶ stdout, files
//! ```
//!
//! [`read`] turns bytes into records and a column map; [`normalise`] decides every row's fate and
//! writes the kept answers into typed columns, applying [`correct`]ions; [`frame`], the only module
//! that speaks polars, aggregates them; [`report`] lays aggregates out as our own [`model`]s, which
//! [`render`] writes as bytes and [`output`] puts in place. [`schema`] is the schema in force, the
//! data every stage reads; [`diagnostics`] and [`lang`] are shared by all. Each subcommand is a
//! module of [`cmd`], sharing a [`context::Context`].

pub mod cli;
pub(crate) mod cmd;
pub(crate) mod context;
pub mod correct;
pub(crate) mod diagnostics;
pub(crate) mod frame;
pub(crate) mod lang;
pub(crate) mod model;
pub mod normalise;
pub(crate) mod output;
pub mod read;
pub(crate) mod render;
pub mod report;
pub mod schema;

use clap::CommandFactory;
use std::process::ExitCode;

/// Exit code 1: the input failed validation.
pub(crate) const EXIT_INVALID: u8 = 1;

/// Runs one command. `Ok` carries 0 or 1 (input failed validation); an `Err` is a usage or runtime
/// error, which `main` prints once and turns into exit code 2.
pub fn run(cli: cli::Cli) -> anyhow::Result<ExitCode> {
    let g = &cli.global;
    // The schema with its config file, and the corrections when `with_corrections`.
    let ctx = |with_corrections: bool| {
        context::Context::new(
            g.config.as_deref(),
            with_corrections.then_some(g.corrections.as_deref()),
            g.quiet,
            g.color,
        )
    };
    let valid = match cli.command {
        cli::Command::Inspect(args) => cmd::inspect::run(args, &ctx(true)?)?,
        cli::Command::Validate(args) => cmd::validate::run(args, &ctx(true)?)?,
        cli::Command::Normalise(args) => cmd::normalise::run(args, &ctx(true)?)?,
        cli::Command::Report(args) => cmd::report::run(args, &ctx(true)?)?,
        cli::Command::Coverage(args) => cmd::coverage::run(args, &ctx(true)?)?,
        cli::Command::Corrections(args) => cmd::corrections::run(args, &ctx(true)?)?,
        cli::Command::Explain(args) => cmd::explain::run(args, &ctx(true)?)?,
        cli::Command::Sql(args) => cmd::sql::run(args, &ctx(true)?)?,
        // `schema` reads no export: a corrections file is no business of it.
        cli::Command::Schema(args) => cmd::schema::run(args, &ctx(false)?)?,
        // These describe the command line itself: no schema, no config file.
        cli::Command::Completions(args) => cmd::completions::run(args, cli::Cli::command())?,
        cli::Command::Man(args) => cmd::man::run(args, cli::Cli::command())?,
    };
    Ok(if valid { ExitCode::SUCCESS } else { ExitCode::from(EXIT_INVALID) })
}
