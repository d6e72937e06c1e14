//! **The subcommands**, one module each, all the same shape: `Args` (clap; doc comments are the
//! help) and `run(args, ctx) -> Result<Exit>`, where [`crate::Exit::Invalid`] means the input failed
//! validation (exit code 1). Takes the parsed command line and the [`crate::context::Context`];
//! calls the stages in order and hands their output to [`crate::output`]. Must never hold domain
//! logic: reading, normalising, aggregating and rendering live in their stages.

pub(crate) mod completions;
pub(crate) mod corrections;
pub(crate) mod coverage;
pub(crate) mod explain;
pub(crate) mod inspect;
pub(crate) mod man;
pub(crate) mod normalise;
pub(crate) mod report;
pub(crate) mod review;
pub(crate) mod schema;
pub(crate) mod sql;
pub(crate) mod validate;

use crate::model::table::Table;
use crate::output::{self, Format};
use anyhow::bail;
use clap::Args;
use std::path::PathBuf;

/// The exports to read.
#[derive(Debug, Args)]
pub(crate) struct Inputs {
    /// Export files (CSV or .xlsx), directories (every .csv and .xlsx below them), FILE.xlsx:SHEET, or
    /// YEAR=FILE to set a file's reporting year
    #[arg(required = true, value_name = "INPUT")]
    pub(crate) inputs: Vec<String>,
}

/// How a command that lists problems or flags prints them (validate, review).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Lines {
    /// One line each, as a person reads them, then a summary
    Text,
    /// One JSON document
    Json,
}

/// Where a table goes and in which format (report, coverage, sql).
#[derive(Debug, Args)]
pub(crate) struct Output {
    /// Output format [default: from -o's extension, else table on a terminal and csv in a pipe]
    #[arg(long, value_enum)]
    pub(crate) format: Option<Format>,
    /// Write to FILE (atomically) instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

impl Output {
    /// The format to write, among those the command can (see [`output::choose`]).
    pub(crate) fn format(&self, supported: &[Format]) -> anyhow::Result<Format> {
        output::choose(self.format, self.output.as_deref(), output::default_format(), supported)
    }
}

/// The tables to write: the one named by `--table`; else every one, when the format holds several;
/// else `default` (a table name) or, without a default, an error that names the tables to choose
/// from. A CSV is one table, never two glued together.
pub(crate) fn select_tables(
    tables: Vec<Table>,
    name: Option<&str>,
    format: Format,
    default: Option<&str>,
) -> anyhow::Result<Vec<Table>> {
    let names = || tables.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join(", ");
    let wanted = match (name, default) {
        (Some(n), _) => n,
        (None, _) if !format.holds_one_table() || tables.len() < 2 => return Ok(tables),
        (None, Some(d)) => d,
        (None, None) => bail!(
            "{} holds one table and there are {} ({}): name one with --table, or choose a format that holds them all (json, md, xlsx)",
            format.name(),
            tables.len(),
            names()
        ),
    };
    if !tables.iter().any(|t| t.name == wanted) {
        bail!("no table {wanted:?}: the tables are {}", names());
    }
    Ok(tables.into_iter().filter(|t| t.name == wanted).collect())
}
