use clap::{CommandFactory, Parser};
use friskliv::cli::Cli;
use friskliv::Exit;
use std::process::ExitCode;

fn main() -> ExitCode {
    // With COMPLETE=SHELL set, the shell asks for completions (`source <(COMPLETE=bash friskliv)`).
    clap_complete::CompleteEnv::with_factory(Cli::command).complete();
    let cli = Cli::parse();
    match friskliv::run(cli) {
        Ok(exit) => exit.into(),
        Err(err) => {
            eprintln!("friskliv: {err:#}");
            Exit::Error.into()
        }
    }
}
