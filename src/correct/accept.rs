//! `[[accept]]`: the analyst's word that a year-level review flag (a question gone silent or
//! sudden, a share that flips), or a question a year's export left out (`missing`), has been
//! looked into and is right. A cell's flag (a count) is
//! accepted with a correction of that cell with `action = "confirm"` instead, so that the audit
//! trail names the cell.

use crate::schema::thresholds::Check;
use crate::schema::Schema;
use anyhow::{bail, Context, Result};
use serde::Deserialize;

/// One `[[accept]]`, checked against the schema.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Acceptance {
    pub(crate) id: String,
    /// The line of its `[[accept]]` header in the file.
    pub(crate) line: usize,
    pub(crate) check: Check,
    pub(crate) year: i32,
    pub(crate) measure: usize,
    pub(crate) option: Option<usize>,
    pub(crate) reason: String,
    pub(crate) author: String,
    pub(crate) date: String,
}

/// `[[accept]]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WrittenAcceptance {
    id: Option<String>,
    check: Option<Check>,
    year: Option<i64>,
    centre: Option<String>,
    measure: Option<String>,
    reason: Option<String>,
    author: Option<String>,
    date: Option<toml::value::Datetime>,
}

impl WrittenAcceptance {
    pub(super) fn check(self, line: usize, schema: &Schema) -> Result<Acceptance> {
        let need = |v: Option<String>, field: &str| -> Result<String> {
            v.filter(|s| !s.trim().is_empty()).with_context(|| format!("has no `{field}`: every [[accept]] needs one"))
        };
        let id = need(self.id, "id")?;
        let check = self.check.with_context(|| format!("{id:?} has no `check` (silent, sudden, flip or missing)"))?;
        if check == Check::Count || self.centre.is_some() {
            bail!("{id:?}: a flag of one centre's cell is accepted with a [[correction]] of that cell with action = \"confirm\", not with [[accept]]");
        }
        let year = super::reporting_year(&id, self.year)?;
        let written = need(self.measure, "measure")?;
        let (m, o) = match written.split_once(':') {
            Some((m, o)) => (m, Some(o)),
            None => (written.as_str(), None),
        };
        let measure = schema.measure_index_or_hint(m).with_context(|| format!("{id:?}"))?;
        let option =
            o.map(|o| schema.option_index_or_hint(measure, o)).transpose().with_context(|| format!("{id:?}"))?;
        let (reason, author) = (need(self.reason, "reason")?, need(self.author, "author")?);
        let date = self.date.with_context(|| format!("{id:?} has no `date` (write it as date = 2019-03-20)"))?;
        Ok(Acceptance { id, line, check, year, measure, option, reason, author, date: date.to_string() })
    }
}
