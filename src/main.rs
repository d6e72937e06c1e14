use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = friskliv::cli::Cli::parse();
    match friskliv::run(cli) {
        Ok(code) => code,
        Err(err) if friskliv::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("friskliv: {err:#}");
            ExitCode::from(2)
        }
    }
}
