//! One module per subcommand, all the same shape: `Args` (clap) and `run(args, ctx) -> Result<bool>`,
//! where `false` means the input failed validation (exit code 1).

pub mod coverage;
pub mod inspect;
pub mod normalise;
pub mod report;
pub mod schema;
pub mod sql;
pub mod validate;
