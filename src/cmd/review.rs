//! `friskliv review`: the answers an analyst would question before publishing, after reading and
//! corrections, each with the numbers behind it and what to do.

use crate::cmd::{Inputs, Lines};
use crate::context::{Context, Stream};
use crate::diagnostics::Severity;
use crate::frame::Wide;
use crate::normalise::store::Projection;
use crate::output;
use crate::review::{self, Flag, Review, Typical};
use crate::schema::Schema;
use crate::Exit;
use anyhow::Result;
use serde::Serialize;
use std::io::Write;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    pub(crate) inputs: Inputs,
    /// Exit 1 while a warning is not accepted (a correction with action = "confirm" of the cell,
    /// or an [[accept]] of the year, in corrections.toml)
    #[arg(long)]
    pub(crate) strict: bool,
    /// Print the flags as text lines or as one JSON list
    #[arg(long, value_enum, default_value_t = Lines::Text)]
    pub(crate) format: Lines,
}

pub(crate) fn run(args: Args, ctx: &Context) -> Result<Exit> {
    let mut data = ctx.load(&args.inputs.inputs, &Projection::all(ctx.schema.targets.len()))?;
    let wide = Wide::new(std::mem::take(&mut data.responses), &ctx.schema)?;
    let found = review::review(&wide, &ctx.schema, &data.corrections, &data.decisions)?;
    let open = found.open(Severity::Warning);
    match args.format {
        Lines::Text => output::emit(None, |w, _| write_text(&found, ctx, w))?,
        Lines::Json => {
            let flags: Vec<FlagJson> = found.flags.iter().map(|f| FlagJson::new(f, &ctx.schema)).collect();
            output::emit(None, |w, _| output::write_json(&flags, w))?;
        }
    }
    let read = ctx.finish(&data);
    if args.strict && open > 0 {
        eprintln!("friskliv: review: {open} warning(s) not accepted (--strict)");
        return Ok(Exit::Invalid);
    }
    Ok(read)
}

/// One line per flag, as diagnostics print, then what was accepted and the summary.
fn write_text(found: &Review, ctx: &Context, w: &mut dyn Write) -> Result<()> {
    let schema = &ctx.schema;
    let color = ctx.color(Stream::Stdout);
    for f in &found.flags {
        let (label, code) = match (&f.accepted, f.severity) {
            (Some(_), _) => ("accepted", "1;32"),
            (None, Severity::Warning) => ("warning", "1;33"),
            (None, _) => ("note", "1;36"),
        };
        let label = if color { format!("\x1b[{code}m{label}\x1b[0m") } else { label.to_string() };
        let by = f.accepted.as_deref().map(|id| format!(" (by {id:?})")).unwrap_or_default();
        let hint = if f.accepted.is_some() { String::new() } else { format!("; {}", f.hint(schema)) };
        writeln!(w, "{label}{by}: {}: {}: {}{hint}", where_(f, schema), f.target(schema), f.reason(schema))?;
    }
    for &i in &found.unused {
        let a = &ctx.corrections.accepted[i];
        writeln!(
            w,
            "note: {}:{}: [[accept]] {:?} matches no flag: the answer it accepted has changed; remove it",
            ctx.corrections.path, a.line, a.id
        )?;
    }
    let accepted = found.flags.iter().filter(|f| f.accepted.is_some()).count();
    let open = found.open(Severity::Warning);
    let notes = found.open(Severity::Note);
    match found.flags.len() {
        0 => writeln!(w, "review: nothing to question")?,
        n => {
            writeln!(w, "review: {n} flag(s): {open} warning(s) and {notes} note(s) not accepted, {accepted} accepted")?
        }
    }
    Ok(())
}

/// `2019, Modum` or `2019`.
fn where_(f: &Flag, schema: &Schema) -> String {
    match f.centre {
        Some(c) => format!("{}, {}", f.year, schema.centres[c].name),
        None => f.year.to_string(),
    }
}

/// A flag as `--format json` writes it.
#[derive(Serialize)]
struct FlagJson {
    severity: Severity,
    check: &'static str,
    year: i32,
    centre: Option<String>,
    measure: String,
    option: Option<String>,
    value: f64,
    typical: serde_json::Value,
    reason: String,
    hint: String,
    accepted: Option<String>,
}

impl FlagJson {
    fn new(f: &Flag, schema: &Schema) -> FlagJson {
        let m = &schema.measures[f.measure];
        let typical = match &f.typical {
            Typical::Count { centre_median, centre_years, year_median, year_centres } => serde_json::json!({
                "centre_median": centre_median, "centre_years": centre_years,
                "year_median": year_median, "year_centres": year_centres,
            }),
            Typical::Around { years, share } => serde_json::json!({ "years": years, "share": share }),
            Typical::Before { year, share } => serde_json::json!({ "year": year, "share": share }),
        };
        FlagJson {
            severity: f.severity,
            check: f.check.as_str(),
            year: f.year,
            centre: f.centre.map(|c| schema.centres[c].name.clone()),
            measure: m.id.clone(),
            option: f.option.map(|o| m.options[o].id.clone()),
            value: f.value,
            typical,
            reason: f.reason(schema),
            hint: f.hint(schema),
            accepted: f.accepted.clone(),
        }
    }
}
