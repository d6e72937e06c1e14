//! What `friskliv review` questions: its thresholds, as data (`[review]` in `builtin.toml`, which a
//! user's `friskliv.toml` may change key by key), checked once when the schema is built.

use crate::diagnostics::Severity;
use anyhow::{bail, Result};
use serde::Deserialize;

/// `[review]` as a file writes it: every key optional, so that a user's file can change one.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReviewFile {
    count_factor: Option<f64>,
    count_margin: Option<f64>,
    count_min_years: Option<usize>,
    count_min_centres: Option<usize>,
    silent_share: Option<f64>,
    flip_high: Option<f64>,
    flip_low: Option<f64>,
    flip_min_centres: Option<usize>,
    severity: Option<SeverityFile>,
}

/// The severity of each check's flags.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeverityFile {
    count: Option<FlagSeverity>,
    silent: Option<FlagSeverity>,
    sudden: Option<FlagSeverity>,
    flip: Option<FlagSeverity>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum FlagSeverity {
    Warning,
    Note,
}

impl From<FlagSeverity> for Severity {
    fn from(s: FlagSeverity) -> Severity {
        match s {
            FlagSeverity::Warning => Severity::Warning,
            FlagSeverity::Note => Severity::Note,
        }
    }
}

/// The review's thresholds, checked.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Thresholds {
    /// A count is questioned when it is at least this many times both the centre's median over its
    /// other years and the other centres' median that year …
    pub(crate) count_factor: f64,
    /// … and at least this much above the larger of the two (small counts vary a lot).
    pub(crate) count_margin: f64,
    /// The centre needs answers in this many other years, …
    pub(crate) count_min_years: usize,
    /// … and the year this many other centres' answers, for a median to mean anything.
    pub(crate) count_min_centres: usize,
    /// A question gone silent: answered by no centre in a year its form asked it, where more than
    /// this share of the centres answered it in the years around (and the reverse).
    pub(crate) silent_share: f64,
    /// A share that flips: ticked by at least `flip_high` of the centres one year and at most
    /// `flip_low` the next, or back …
    pub(crate) flip_high: f64,
    pub(crate) flip_low: f64,
    /// … with at least this many centres answering in both years.
    pub(crate) flip_min_centres: usize,
    pub(crate) severity: Severities,
}

/// The severity of each check's flags: a warning fails `review --strict`, a note does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Severities {
    pub(crate) count: Severity,
    pub(crate) silent: Severity,
    pub(crate) sudden: Severity,
    pub(crate) flip: Severity,
}

impl ReviewFile {
    /// Changes the keys that `other` sets.
    pub(crate) fn extend(&mut self, other: ReviewFile) {
        macro_rules! set {
            ($($f:ident),*) => { $( if other.$f.is_some() { self.$f = other.$f; } )* };
        }
        set!(
            count_factor,
            count_margin,
            count_min_years,
            count_min_centres,
            silent_share,
            flip_high,
            flip_low,
            flip_min_centres
        );
        if let Some(s) = other.severity {
            let mine = self.severity.get_or_insert_with(SeverityFile::default);
            macro_rules! sev {
                ($($f:ident),*) => { $( if s.$f.is_some() { mine.$f = s.$f; } )* };
            }
            sev!(count, silent, sudden, flip);
        }
    }

    /// The thresholds, every key given (the built-in file gives them all) and in range.
    pub(crate) fn build(&self) -> Result<Thresholds> {
        let need = |v: Option<f64>, name: &str| v.ok_or_else(|| anyhow::anyhow!("[review] has no `{name}`"));
        let share = |v: Option<f64>, name: &str| -> Result<f64> {
            let v = need(v, name)?;
            if !(0.0..=1.0).contains(&v) {
                bail!("[review] {name} = {v} is not a share: write one from 0 to 1 (0.9 for 90 %)");
            }
            Ok(v)
        };
        let count_factor = need(self.count_factor, "count_factor")?;
        if !(count_factor > 1.0 && count_factor.is_finite()) {
            bail!("[review] count_factor = {count_factor} would question ordinary counts: write more than 1 (5: five times the typical)");
        }
        let count_margin = need(self.count_margin, "count_margin")?;
        if !(count_margin >= 0.0 && count_margin.is_finite()) {
            bail!("[review] count_margin = {count_margin} is negative: write 0 or more");
        }
        let (flip_high, flip_low) = (share(self.flip_high, "flip_high")?, share(self.flip_low, "flip_low")?);
        if flip_low >= flip_high {
            bail!("[review] flip_low = {flip_low} is not below flip_high = {flip_high}");
        }
        let sev = self.severity.as_ref();
        let severity = |pick: fn(&SeverityFile) -> Option<FlagSeverity>| {
            sev.and_then(pick).unwrap_or(FlagSeverity::Warning).into()
        };
        Ok(Thresholds {
            count_factor,
            count_margin,
            count_min_years: at_least_one(self.count_min_years, "count_min_years")?,
            count_min_centres: at_least_one(self.count_min_centres, "count_min_centres")?,
            silent_share: share(self.silent_share, "silent_share")?,
            flip_high,
            flip_low,
            flip_min_centres: at_least_one(self.flip_min_centres, "flip_min_centres")?,
            severity: Severities {
                count: severity(|s| s.count),
                silent: severity(|s| s.silent),
                sudden: severity(|s| s.sudden),
                flip: severity(|s| s.flip),
            },
        })
    }
}

/// A count of centres or years a median or a share needs: 1 or more.
fn at_least_one(v: Option<usize>, name: &str) -> Result<usize> {
    match v {
        None => bail!("[review] has no `{name}`"),
        Some(0) => bail!("[review] {name} = 0: a median needs at least one value; write 1 or more"),
        Some(n) => Ok(n),
    }
}

/// What a review flag (or, `missing`, reading) questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Check {
    /// A count far above the centre's other years and the other centres that year.
    Count,
    /// A question the year's form asked, answered by no centre, where most answered around it.
    Silent,
    /// The reverse: answered by most centres, where no centre answered in the years around.
    Sudden,
    /// An option's share that flips from at least `flip_high` to at most `flip_low`, or back.
    Flip,
    /// Not the review's but reading's: a question the file's form asks that no column maps to (a
    /// warning when the file is read, which an `[[accept]]` turns into a note).
    Missing,
}

impl Check {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Check::Count => "count",
            Check::Silent => "silent",
            Check::Sudden => "sudden",
            Check::Flip => "flip",
            Check::Missing => "missing",
        }
    }
}

impl Severities {
    pub(crate) fn of(&self, check: Check) -> Severity {
        match check {
            Check::Count => self.count,
            Check::Silent => self.silent,
            Check::Sudden => self.sudden,
            Check::Flip => self.flip,
            Check::Missing => Severity::Warning,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::schema::Schema;

    fn with(config: &str) -> anyhow::Result<Schema> {
        Schema::parse(config, "friskliv.toml")
    }

    #[test]
    fn the_built_in_thresholds_are_those_the_readme_describes() {
        let t = Schema::builtin().review;
        assert_eq!((t.count_factor, t.count_margin, t.count_min_years, t.count_min_centres), (5.0, 20.0, 2, 3));
        assert_eq!((t.silent_share, t.flip_high, t.flip_low, t.flip_min_centres), (0.5, 0.9, 0.1, 5));
    }

    #[test]
    fn a_config_changes_one_key_and_keeps_the_others() {
        let t = with("[review]\ncount_factor = 10\nseverity = { flip = \"note\" }\n").unwrap().review;
        assert_eq!((t.count_factor, t.count_margin), (10.0, 20.0));
        assert_eq!((t.severity.flip, t.severity.count), (super::Severity::Note, super::Severity::Warning));
    }

    #[test]
    fn thresholds_that_cannot_mean_anything_are_refused() {
        let err = |config: &str| format!("{:#}", with(config).unwrap_err());
        assert!(err("[review]\nflip_high = 90\n").contains("flip_high = 90 is not a share"));
        assert!(
            err("[review]\nflip_low = 0.9\nflip_high = 0.5\n").contains("flip_low = 0.9 is not below flip_high = 0.5")
        );
        assert!(err("[review]\ncount_factor = 0.5\n").contains("write more than 1"));
        assert!(err("[review]\ncount_factor = nan\n").contains("write more than 1"));
        assert!(err("[review]\ncount_margin = nan\n").contains("write 0 or more"));
        assert!(err("[review]\nsilent_share = nan\n").contains("is not a share"));
        assert!(err("[review]\ncount_min_years = 0\n").contains("write 1 or more"));
        assert!(err("[review]\ncount_facter = 5\n").contains("unknown field `count_facter`"));
        assert!(err("[review]\nseverity = { flip = \"error\" }\n").contains("unknown variant `error`"));
    }
}
