//! The command line: clap derive, doc comments as the help. Shared flags live in [`Global`] and
//! [`Inputs`]; each subcommand's own arguments live beside its code in [`crate::cmd`].

use crate::cmd;
use crate::diagnostics::{self, Problem, Severity};
use crate::input;
use crate::normalise::{self, Dataset};
use crate::output::{self, Format};
use crate::schema::Schema;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
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
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show what friskliv detects in each export: encoding, delimiter, layout, year, rows, columns
    Inspect(cmd::inspect::Args),
    /// List every problem in the exports with file:line:column; exit 1 when there are errors
    Validate(cmd::validate::Args),
    /// Write the normalised table: one row per kept response × measure × option
    Normalise(cmd::normalise::Args),
    /// Aggregate per year, period, centre, region and task; or render a report spec
    Report(cmd::report::Args),
    /// Show which centre reported which year, and which measures each form asked
    Coverage(cmd::coverage::Args),
    /// Query the normalised table (`responses`) and the wide view (`wide`) with SQL
    Sql(cmd::sql::Args),
    /// Show the schema in force: tasks, measures, options, questions, centres, periods
    Schema(cmd::schema::Args),
}

/// Flags every command takes.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct Global {
    /// Extend the built-in schema with this file [default: ./friskliv.toml when it exists]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print errors only, no warnings or notes
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// When to colour diagnostics
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// The exports to read.
#[derive(Debug, Args)]
pub struct Inputs {
    /// Export files, directories (every .csv below them) or YEAR=FILE to set a file's reporting year
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
}

/// Where a table goes and in which format (report, coverage, sql).
#[derive(Debug, Args)]
pub struct Output {
    /// Output format [default: from -o's extension, else table on a terminal and csv in a pipe]
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write to FILE (atomically) instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

impl Output {
    /// The format to write, among those the command can (see [`output::choose`]).
    pub fn format(&self, supported: &[Format]) -> anyhow::Result<Format> {
        output::choose(self.format, self.output.as_deref(), output::default_format(), supported)
    }
}

/// What every command needs once the arguments are parsed: the schema in force and how to print.
pub struct Context {
    pub schema: Schema,
    pub quiet: bool,
    color: ColorChoice,
}

impl Context {
    pub fn new(global: &Global) -> anyhow::Result<Context> {
        Ok(Context { schema: Schema::load(global.config.as_deref())?, quiet: global.quiet, color: global.color })
    }

    /// Whether to colour what goes to stdout (`true`) or stderr (`false`).
    pub fn color(&self, stdout: bool) -> bool {
        match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                let terminal = if stdout { std::io::stdout().is_terminal() } else { std::io::stderr().is_terminal() };
                terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }

    /// Reads the exports for an aggregating command; errors are printed at once, warnings only
    /// counted in [`Context::finish`]'s summary line.
    pub fn load(&self, inputs: &[String]) -> anyhow::Result<Dataset> {
        let inputs = input::expand(inputs)?;
        let data = normalise::load(&inputs, &self.schema);
        self.report(&data.diagnostics.problems, Severity::Error)?;
        Ok(data)
    }

    /// Prints the one-line summary when there was anything to say; `false` when a row was rejected.
    pub fn finish(&self, data: &Dataset) -> bool {
        let errors = data.diagnostics.count(Severity::Error);
        if errors > 0 || (!self.quiet && data.diagnostics.count(Severity::Warning) > 0) {
            eprintln!("friskliv: {}; {} (friskliv validate lists them)", data.summary(), data.diagnostics.summary());
        }
        errors == 0
    }

    /// Prints the `problems` at or above `min` to stderr (errors only with `--quiet`).
    pub fn report(&self, problems: &[Problem], min: Severity) -> anyhow::Result<()> {
        let min = if self.quiet { Severity::Error } else { min };
        diagnostics::print(problems, min, self.color(false), &mut std::io::stderr().lock())?;
        Ok(())
    }
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
