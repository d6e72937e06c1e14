//! `friskliv completions SHELL`: the shell's completion script for every command and flag, from the
//! same clap definition as the help (clap_complete), with the values of `--measure`, `--centre` and
//! `--period` from the schema in force (the built-in one and `friskliv.toml`) as the script is
//! written. For values that follow the config file as it is at each <TAB>, the shells clap can
//! complete dynamically use `source <(COMPLETE=bash friskliv)` instead (README, "Install").

use crate::schema::complete::{self, Value};
use crate::schema::Schema;
use crate::Exit;
use anyhow::Result;
use clap::builder::{PossibleValue, PossibleValuesParser};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The shell to complete in
    #[arg(value_enum)]
    pub(crate) shell: clap_complete::Shell,
}

/// `friskliv` is the whole command line, as clap knows it; `config` the config file named, if any. A
/// config file that does not load leaves the built-in schema's values, with a warning: the script
/// is still written.
pub(crate) fn run(args: Args, friskliv: clap::Command, config: Option<&std::path::Path>) -> Result<Exit> {
    let schema = Schema::load(config).unwrap_or_else(|e| {
        eprintln!("friskliv: warning: {e:#}: the script completes the built-in schema's values only");
        Schema::builtin()
    });
    let mut friskliv = with_values(friskliv, &schema, args.shell);
    // clap_complete panics when a write fails (a closed pipe): it writes into memory instead.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut friskliv, "friskliv", &mut script);
    crate::output::emit(None, |w, _| Ok(w.write_all(&script)?))?;
    Ok(Exit::Success)
}

/// `command` with the schema's values as the possible values of every `--measure`, `--centre` and
/// `--period` (by their long names), for the script only (parsing takes any value and checks it against the schema).
/// A value with a space (Aktiv Eiker) is left out of bash's script, whose word list would split it in
/// two; the other shells, and bash's dynamic completion, offer it.
fn with_values(command: clap::Command, schema: &Schema, shell: clap_complete::Shell) -> clap::Command {
    let fits = |v: &Value| shell != clap_complete::Shell::Bash || !v.value.contains(char::is_whitespace);
    let only = |values: Vec<Value>| values.into_iter().filter(fits).collect::<Vec<_>>();
    let values = [
        ("measure", only(complete::measure_values(schema))),
        ("centre", only(complete::centre_values(schema))),
        ("period", only(complete::period_values(schema))),
    ];
    let mut command = command;
    for (long, values) in &values {
        let ids: Vec<clap::Id> =
            command.get_arguments().filter(|a| a.get_long() == Some(long)).map(|a| a.get_id().clone()).collect();
        for id in ids {
            command = command.mut_arg(id, |a| a.value_parser(parser(values)));
        }
    }
    let names: Vec<String> = command.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in names {
        command = command.mut_subcommand(name, |sub| with_values(sub, schema, shell));
    }
    command
}

fn parser(values: &[Value]) -> PossibleValuesParser {
    PossibleValuesParser::new(values.iter().map(|v| PossibleValue::new(v.value.clone()).help(v.help.clone())))
}
