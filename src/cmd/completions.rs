//! `friskliv completions SHELL`: the shell's completion script for every command and flag, from the
//! same clap definition as the help (clap_complete).

use crate::Exit;
use anyhow::Result;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The shell to complete in
    #[arg(value_enum)]
    pub(crate) shell: clap_complete::Shell,
}

/// `friskliv` is the whole command line, as clap knows it.
pub(crate) fn run(args: Args, mut friskliv: clap::Command) -> Result<Exit> {
    // clap_complete panics when a write fails (a closed pipe): it writes into memory instead.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut friskliv, "friskliv", &mut script);
    crate::output::emit(None, |w, _| Ok(w.write_all(&script)?))?;
    Ok(Exit::Success)
}
