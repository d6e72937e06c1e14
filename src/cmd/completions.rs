//! `friskliv completions SHELL`: the shell's completion script for every command and flag, from the
//! same clap definition as the help (clap_complete).

use crate::cli::Cli;
use anyhow::Result;
use clap::CommandFactory;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to complete in
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub fn run(args: Args) -> Result<bool> {
    crate::output::emit(None, |w, _| {
        clap_complete::generate(args.shell, &mut Cli::command(), "friskliv", w);
        Ok(())
    })?;
    Ok(true)
}
