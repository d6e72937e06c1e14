//! What every command needs once the arguments are parsed: the schema in force, how loud to be, when to
//! colour; and the three things every reading command does with it: load the exports, print problems
//! above the severity floor, and finish with the one summary line.

use crate::correct::Corrections;
use crate::diagnostics::{self, Problem, Severity};
use crate::normalise::store::Projection;
use crate::normalise::{self, Dataset};
use crate::output::progress::{self, Progress};
use crate::read::input;
use crate::schema::Schema;
use crate::Exit;
use std::io::IsTerminal;
use std::path::Path;

/// " (friskliv validate lists them)" after a summary of problems, when there are any.
pub(crate) fn validate_lists_them(data: &Dataset) -> &'static str {
    if data.diagnostics.problems.is_empty() {
        ""
    } else {
        " (friskliv validate lists them)"
    }
}

/// When to colour diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Where a command writes: its output, or its diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stream {
    Stdout,
    Stderr,
}

pub(crate) struct Context {
    pub(crate) schema: Schema,
    /// The corrections in force (none when there is no file).
    pub(crate) corrections: Corrections,
    pub(crate) quiet: bool,
    /// List the files in input folders that are passed over.
    verbose: bool,
    color: ColorChoice,
}

impl Context {
    /// The schema (extended by `config`) and, for a command that reads exports, the corrections in
    /// force; a malformed file of either is refused here, before any export is read.
    pub(crate) fn new(
        config: Option<&Path>,
        corrections: Option<Option<&Path>>,
        quiet: bool,
        verbose: bool,
        color: ColorChoice,
    ) -> anyhow::Result<Context> {
        let schema = Schema::load(config)?;
        let corrections = match corrections {
            Some(path) => Corrections::load(path, &schema)?,
            None => Corrections::default(),
        };
        Ok(Context { schema, corrections, quiet, verbose, color })
    }

    /// Whether to colour what goes to `stream`.
    pub(crate) fn color(&self, stream: Stream) -> bool {
        match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                let terminal = match stream {
                    Stream::Stdout => std::io::stdout().is_terminal(),
                    Stream::Stderr => std::io::stderr().is_terminal(),
                };
                terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }

    /// Progress on stderr over work of `total` bytes (0: unknown), where it may be shown
    /// ([`progress::wanted`]).
    pub(crate) fn progress(&self, total: u64) -> Progress {
        if progress::wanted(self.quiet) {
            Progress::on_stderr(total)
        } else {
            Progress::off()
        }
    }

    /// The least severe problem to print: `min`, or errors only with `--quiet`.
    pub(crate) fn floor(&self, min: Severity) -> Severity {
        if self.quiet {
            Severity::Error
        } else {
            min
        }
    }

    /// Reads the exports that `inputs` name, holding the `projection`'s targets as columns: every
    /// file (see [`normalise::load`]), then a note for each file of an input folder that looks like
    /// an export friskliv cannot read (`.xls`, `.sav` …), with what to do; with `-v`, the other
    /// files passed over are listed on stderr.
    pub(crate) fn read(&self, inputs: &[String], projection: &Projection) -> anyhow::Result<Dataset> {
        Ok(self.read_noting_unread(inputs, projection)?.0)
    }

    /// [`Context::read`], and the notes about files it could not read, which are among the data's
    /// diagnostics too.
    fn read_noting_unread(
        &self,
        inputs: &[String],
        projection: &Projection,
    ) -> anyhow::Result<(Dataset, Vec<Problem>)> {
        let expanded = input::expand(inputs)?;
        let progress =
            self.progress(expanded.inputs.iter().filter_map(|i| i.path.metadata().ok()).map(|m| m.len()).sum());
        let mut data =
            normalise::load_showing(&expanded.inputs, &self.schema, projection, &self.corrections, &progress);
        drop(progress);
        let mut unread = Vec::new();
        for path in &expanded.passed_over {
            let shown = path.display().to_string();
            match input::unread_export(path) {
                Some(hint) => {
                    let message = "not read: friskliv reads exports saved as .csv or .xlsx";
                    unread.push(Problem::new(Severity::Note, &shown, message).hint(hint));
                }
                None if self.verbose => eprintln!("friskliv: passed over {shown}: not an export"),
                None => {}
            }
        }
        data.diagnostics.problems.extend(unread.iter().cloned());
        data.diagnostics.sort();
        Ok((data, unread))
    }

    /// Reads the exports for an aggregating command ([`Context::read`]); errors, and the notes about
    /// files in an input folder that could not be read, are printed at once, warnings only counted in
    /// [`Context::finish`]'s summary line.
    pub(crate) fn load(&self, inputs: &[String], projection: &Projection) -> anyhow::Result<Dataset> {
        let (data, unread) = self.read_noting_unread(inputs, projection)?;
        self.report(&data.diagnostics.problems, Severity::Error)?;
        self.report(&unread, Severity::Note)?;
        Ok(data)
    }

    /// Prints the one-line summary when there was anything to say; [`Exit::Invalid`] when a file
    /// was not read, a row was rejected or a correction is unmatched.
    pub(crate) fn finish(&self, data: &Dataset) -> Exit {
        self.finish_reviewed(data, 0)
    }

    /// As [`Context::finish`], the summary line also naming the review's warnings that nobody has
    /// accepted (`open`), when there are any.
    pub(crate) fn finish_reviewed(&self, data: &Dataset, open: usize) -> Exit {
        let errors = data.diagnostics.count(Severity::Error);
        let worth_saying = data.diagnostics.count(Severity::Warning) > 0 || data.has_files_in_force() || open > 0;
        if errors > 0 || (!self.quiet && worth_saying) {
            let review = match open {
                0 => String::new(),
                1 => "; review: 1 flag not accepted (friskliv review lists it)".to_string(),
                n => format!("; review: {n} flags not accepted (friskliv review lists them)"),
            };
            eprintln!(
                "friskliv: {}; {}{}{review}",
                data.summary(),
                data.diagnostics.summary(),
                validate_lists_them(data)
            );
        }
        Exit::valid_if(errors == 0)
    }

    /// Prints a warning about the command itself (not about an export) to stderr, unless `--quiet`.
    pub(crate) fn warn(&self, message: &str) {
        if !self.quiet {
            eprintln!("friskliv: warning: {message}");
        }
    }

    /// Prints the `problems` at or above the floor for `min` to stderr.
    pub(crate) fn report(&self, problems: &[Problem], min: Severity) -> anyhow::Result<()> {
        diagnostics::print(problems, self.floor(min), self.color(Stream::Stderr), &mut std::io::stderr().lock())?;
        Ok(())
    }
}
