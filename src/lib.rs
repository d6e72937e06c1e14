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
pub(crate) mod draft;
pub(crate) mod frame;
pub(crate) mod lang;
pub(crate) mod model;
pub mod normalise;
pub(crate) mod output;
pub mod read;
pub(crate) mod render;
pub mod report;
pub(crate) mod review;
pub mod schema;

use clap::CommandFactory;
use std::process::ExitCode;

/// How a run ends, as its exit code tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: done, and the input was valid.
    Success,
    /// 1: the input failed validation: a file not read, a row rejected, a correction unmatched (and,
    /// with `--strict`, a warning or a missing report).
    Invalid,
    /// 2: a usage or runtime error, which `main` prints once.
    Error,
}

impl Exit {
    /// `Success` for input that is `valid`, else `Invalid`.
    pub(crate) fn valid_if(valid: bool) -> Exit {
        if valid {
            Exit::Success
        } else {
            Exit::Invalid
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(match exit {
            Exit::Success => 0,
            Exit::Invalid => 1,
            Exit::Error => 2,
        })
    }
}

/// Runs one command: `Ok` carries [`Exit::Success`] or [`Exit::Invalid`]; an `Err` is a usage or
/// runtime error, which `main` prints once and ends with [`Exit::Error`].
pub fn run(cli: cli::Cli) -> anyhow::Result<Exit> {
    let g = &cli.global;
    let (config, corrections) = (g.config.as_deref(), g.corrections.as_deref());
    // The schema with its config file, and the corrections in force for a command that reads exports.
    let reading_exports = || context::Context::new(config, Some(corrections), g.quiet, g.verbose, g.color);
    let schema_only = || context::Context::new(config, None, g.quiet, g.verbose, g.color);
    match cli.command {
        cli::Command::Inspect(args) => cmd::inspect::run(args, &reading_exports()?),
        cli::Command::Validate(args) => cmd::validate::run(args, &reading_exports()?),
        cli::Command::Normalise(args) => cmd::normalise::run(args, &reading_exports()?),
        cli::Command::Report(args) => {
            // A spec may name its config file; `--config` wins.
            let of_spec = match (&args.spec, config) {
                (Some(spec), None) => report::spec::config_of(spec)?,
                _ => None,
            };
            let ctx =
                context::Context::new(config.or(of_spec.as_deref()), Some(corrections), g.quiet, g.verbose, g.color)?;
            cmd::report::run(*args, &ctx)
        }
        cli::Command::Coverage(args) => cmd::coverage::run(args, &reading_exports()?),
        cli::Command::Review(args) => cmd::review::run(args, &reading_exports()?),
        cli::Command::Corrections(args) => cmd::corrections::run(args, &reading_exports()?),
        cli::Command::Explain(args) => cmd::explain::run(args, &reading_exports()?),
        cli::Command::Sql(args) => cmd::sql::run(args, &reading_exports()?),
        // `schema` reads no export: a corrections file is no business of it.
        cli::Command::Schema(args) => cmd::schema::run(args, &schema_only()?),
        // The command line itself, and the values it completes from the schema in force.
        cli::Command::Completions(args) => cmd::completions::run(args, cli::Cli::command(), config),
        cli::Command::Man(args) => cmd::man::run(args, cli::Cli::command()),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    fn src() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
    }

    #[test]
    fn the_architecture_page_names_every_folder_of_src() {
        let page = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ARCHITECTURE.md")).unwrap();
        let folders: Vec<String> = std::fs::read_dir(src())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert!(folders.len() >= 10, "{folders:?}");
        let missing: Vec<&String> = folders.iter().filter(|f| !page.contains(&format!("`src/{f}/`"))).collect();
        assert!(missing.is_empty(), "docs/ARCHITECTURE.md does not describe {missing:?}");
    }

    #[test]
    fn the_readme_stays_a_manual_of_at_most_30000_bytes() {
        let readme = std::fs::metadata(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
        assert!(readme.len() <= 30_000, "README.md is {} bytes: move reference material to docs/", readme.len());
    }

    #[test]
    fn src_keeps_its_stages_in_folders() {
        let files: Vec<String> = std::fs::read_dir(src())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "rs"))
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert!(files.len() <= 6, "at most 6 files directly in src/, what every stage shares: {files:?}");
    }
}
