//! The values a shell completes: measure ids (and `ID:OPTION` for each option and theme), centres
//! and periods, from the schema in force. `friskliv completions SHELL` writes them into a static
//! script; the dynamic one (`source <(COMPLETE=bash friskliv)`) asks the binary at each <TAB>, so
//! that the working directory's `friskliv.toml` counts as it is then.

use super::Schema;
use clap_complete::engine::CompletionCandidate;

/// A value and what it is, for the shells that show a description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Value {
    pub(crate) value: String,
    pub(crate) help: String,
}

/// Every measure id, then `ID:OPTION` for each of its options and themes.
pub(crate) fn measure_values(schema: &Schema) -> Vec<Value> {
    let mut out = Vec::new();
    for m in &schema.measures {
        out.push(Value { value: m.id.clone(), help: m.label.clone() });
        for o in &m.options {
            out.push(Value { value: format!("{}:{}", m.id, o.id), help: o.label.clone() });
        }
    }
    out
}

/// Every centre's name, with its region and years.
pub(crate) fn centre_values(schema: &Schema) -> Vec<Value> {
    let help = |c: &super::Centre| format!("{}, {}–{}", c.region, c.years.0, c.years.1);
    schema.centres.iter().map(|c| Value { value: c.name.clone(), help: help(c) }).collect()
}

/// Every agreement period's label.
pub(crate) fn period_values(schema: &Schema) -> Vec<Value> {
    schema.periods.iter().map(|p| Value { value: p.label.clone(), help: "agreement period".into() }).collect()
}

/// The schema a completion asks: the built-in one with the working directory's `friskliv.toml`, or
/// the built-in one alone when that file does not load (a completion never fails).
fn in_force() -> Schema {
    Schema::load(None).unwrap_or_else(|_| Schema::builtin())
}

fn candidates(values: Vec<Value>) -> Vec<CompletionCandidate> {
    values.into_iter().map(|v| CompletionCandidate::new(v.value).help(Some(v.help.into()))).collect()
}

/// For `--measure` (dynamic completion).
pub(crate) fn measures() -> Vec<CompletionCandidate> {
    candidates(measure_values(&in_force()))
}

/// For `--centre` (dynamic completion).
pub(crate) fn centres() -> Vec<CompletionCandidate> {
    candidates(centre_values(&in_force()))
}

/// For `--period` (dynamic completion).
pub(crate) fn periods() -> Vec<CompletionCandidate> {
    candidates(period_values(&in_force()))
}
