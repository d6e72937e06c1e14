use clap::Parser;
use friskliv::Exit;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = friskliv::cli::Cli::parse();
    match friskliv::run(cli) {
        Ok(exit) => exit.into(),
        Err(err) => {
            eprintln!("friskliv: {err:#}");
            Exit::Error.into()
        }
    }
}
