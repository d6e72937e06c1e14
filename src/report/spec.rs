//! A report spec: a TOML file that names the exports and lists the tables of a scripted report, each
//! with the same options as `friskliv report`'s flags.
//!
//! ```toml
//! title = "Utviklingssentralene 2014–2022"
//! inputs = ["../data"]          # relative to the spec file; INPUTs on the command line win
//!
//! [[table]]
//! name = "tabell-1"              # file and sheet name
//! title = "Tabell 1: Antall hospiteringer"
//! measures = ["hospitants", "hospitant_municipalities"]
//! by = ["year"]
//! pivot = "year"
//! total = true
//! ```

use super::{Plan, Request};
use crate::schema::Schema;
use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecFile {
    title: Option<String>,
    #[serde(default)]
    inputs: Vec<String>,
    #[serde(rename = "table")]
    tables: Vec<Request>,
}

/// A spec whose tables are checked against the schema.
#[derive(Debug)]
pub struct Spec {
    /// The file's stem: the name of the combined Markdown file and the workbook.
    pub name: String,
    pub title: Option<String>,
    /// The spec's inputs, relative to the working directory.
    pub inputs: Vec<String>,
    pub plans: Vec<Plan>,
}

pub fn load(path: &Path, schema: &Schema) -> Result<Spec> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read the report spec {}", path.display()))?;
    let file: SpecFile =
        toml::from_str(&text).with_context(|| format!("{} is not a valid report spec", path.display()))?;
    if file.tables.is_empty() {
        bail!("{}: the spec has no [[table]]", path.display());
    }
    let base = path.parent().unwrap_or(Path::new(""));
    let inputs = file
        .inputs
        .iter()
        .map(|i| match i.split_once('=') {
            Some((year, p)) if year.len() == 4 && year.chars().all(|c| c.is_ascii_digit()) => {
                format!("{year}={}", base.join(p).display())
            }
            _ => base.join(i).display().to_string(),
        })
        .collect();
    let mut plans: Vec<Plan> = Vec::new();
    for (i, t) in file.tables.iter().enumerate() {
        let what = || format!("{}: table {} ({})", path.display(), i + 1, t.name.as_deref().unwrap_or("no name"));
        let Some(name) = &t.name else { bail!("{}: every table needs a `name` (its file and sheet name)", what()) };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            bail!("{}: the name {name:?} must be letters, digits, - and _ only", what());
        }
        if plans.iter().any(|p| &p.name == name) {
            bail!("{}: the name {name:?} is used twice", what());
        }
        plans.push(t.resolve(schema).with_context(what)?);
    }
    let name = path.file_stem().map_or("rapport".into(), |s| s.to_string_lossy().into_owned());
    Ok(Spec { name, title: file.title, inputs, plans })
}
