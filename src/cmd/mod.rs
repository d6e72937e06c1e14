//! One module per subcommand, all the same shape: `Args` (clap) and `run(args, ctx) -> Result<bool>`,
//! where `false` means the input failed validation (exit code 1).

pub mod completions;
pub mod corrections;
pub mod coverage;
pub mod explain;
pub mod inspect;
pub mod man;
pub mod normalise;
pub mod report;
pub mod schema;
pub mod sql;
pub mod validate;

use crate::output::{self, Format};
use clap::Args;
use std::path::PathBuf;

/// The exports to read.
#[derive(Debug, Args)]
pub struct Inputs {
    /// Export files (CSV or .xlsx), directories (every .csv and .xlsx below them), FILE.xlsx:SHEET, or
    /// YEAR=FILE to set a file's reporting year
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
}

/// Which responses a report or an explanation counts.
#[derive(Debug, Args)]
pub struct Filters {
    /// Only this centre (its name or an alias; repeatable)
    #[arg(long = "centre", value_name = "NAME")]
    pub centres: Vec<String>,
    /// Only these reporting years, as 2017-2019 or 2017
    #[arg(long, value_name = "FROM-TO")]
    pub years: Option<String>,
    /// Only this agreement period, as 2017–2019 (or 2017-2019)
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
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
