use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = friskliv::cli::Cli::parse();
    match friskliv::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("friskliv: {err:#}");
            ExitCode::from(2)
        }
    }
}
