//! The command line: clap derive, doc comments as the help. The flags every command takes live in
//! [`Global`]; each subcommand's own arguments live beside its code in [`crate::cmd`], the shared
//! ones in [`crate::cmd::Inputs`] and [`crate::cmd::Output`].

use crate::cmd;
use crate::context::ColorChoice;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Turn the yearly Questback exports of the utviklingssentraler into tables.
///
/// friskliv reads the exports as delivered (any encoding, delimiter and layout Questback produced),
/// normalises them against the nine-task schema and writes tables. Exit codes: 0 success, 1 the input
/// failed validation, 2 usage or runtime error.
#[derive(Debug, Parser)]
#[command(name = "friskliv", version, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub(crate) global: Global,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Show what friskliv detects in each export: encoding, delimiter, layout, year, rows, columns
    Inspect(cmd::inspect::Args),
    /// List every problem in the exports with file:line:column; exit 1 when there are errors
    Validate(cmd::validate::Args),
    /// Write the normalised table: one row per kept response × measure × option
    Normalise(cmd::normalise::Args),
    /// Aggregate per year, period, centre, region and task; or render a report spec
    Report(Box<cmd::report::Args>),
    /// Show which centre reported which year, and which measures each form asked
    Coverage(cmd::coverage::Args),
    /// Question the answers an analyst would check before publishing: outlying counts, questions
    /// gone silent, shares that flip; exit 1 with --strict while a warning is not accepted
    Review(cmd::review::Args),
    /// Show the cells behind a report number: one row per response, then n and sum
    Explain(cmd::explain::Args),
    /// Show the corrections in force and what became of each: applied, unchanged, stale, unmatched
    Corrections(cmd::corrections::Args),
    /// Query the normalised table (`responses`) and the wide view (`wide`) with SQL
    Sql(cmd::sql::Args),
    /// Show the schema in force: tasks, measures, options, questions, centres, periods
    Schema(cmd::schema::Args),
    /// Print the completion script for a shell, with the schema's measures, centres and periods
    Completions(cmd::completions::Args),
    /// Print the manual page (roff), for `man -l -` or a man directory
    Man(cmd::man::Args),
}

/// Flags every command takes.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub(crate) struct Global {
    /// Extend the built-in schema with this file [default: ./friskliv.toml when it exists]
    #[arg(long, global = true, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// Apply the corrections in this file [default: ./corrections.toml when it exists]
    #[arg(long, global = true, value_name = "FILE")]
    pub(crate) corrections: Option<PathBuf>,
    /// Print errors only, no warnings or notes
    #[arg(short, long, global = true)]
    pub(crate) quiet: bool,
    /// Also list the files in input folders that are passed over (not exports)
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    pub(crate) verbose: bool,
    /// When to colour diagnostics
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub(crate) color: ColorChoice,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
