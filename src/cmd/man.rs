//! `friskliv man`: the manual page (roff), from the same clap definition as the help (clap_mangen):
//! the top page with every subcommand, or one subcommand's page.

use crate::Exit;
use anyhow::{Context as _, Result};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Only this subcommand's page (as `friskliv-report.1`) [default: the top page]
    #[arg(value_name = "COMMAND")]
    pub(crate) command: Option<String>,
}

/// `top` is the whole command line, as clap knows it.
pub(crate) fn run(args: Args, mut top: clap::Command) -> Result<Exit> {
    top.build();
    let page = match &args.command {
        None => top,
        Some(name) => {
            let names: Vec<&str> = top.get_subcommands().map(|c| c.get_name()).filter(|&n| n != "help").collect();
            let sub = top
                .find_subcommand(name)
                .filter(|_| name != "help")
                .with_context(|| format!("no command {name:?}: name one of {}", names.join(", ")))?;
            sub.clone().name(format!("friskliv-{name}")).version(env!("CARGO_PKG_VERSION"))
        }
    };
    crate::output::emit(None, |w, _| Ok(clap_mangen::Man::new(page).render(w)?))?;
    Ok(Exit::Success)
}
