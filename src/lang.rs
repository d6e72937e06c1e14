//! The language people read: Norwegian bokmål (the default, as the directorate publishes) or English.
//! A [`Lang`] picks the words of headings and notes ([`Lang::pick`]) and the style of numbers
//! ([`crate::model::table::people`]); the schema's labels come in both through [`crate::schema::Schema`]'s
//! `label_en`. Machine formats (CSV, JSON, Parquet) never depend on it.

use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Norwegian bokmål: `1 385`, `12,5`, `66,7 %`.
    #[default]
    Nb,
    /// English: `1,385`, `12.5`, `66.7%`.
    En,
}

impl Lang {
    /// The Norwegian or the English of a fixed word or phrase.
    pub(crate) fn pick(self, nb: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Nb => nb,
            Lang::En => en,
        }
    }

    /// The language's code, as HTML's `lang` attribute wants it.
    pub(crate) fn code(self) -> &'static str {
        self.pick("nb", "en")
    }

    /// The separator between groups of three digits: a non-breaking space, or a comma.
    pub(crate) fn thousands(self) -> char {
        self.pick("\u{a0}", ",").chars().next().expect("one character")
    }

    pub(crate) fn decimal(self) -> char {
        self.pick(",", ".").chars().next().expect("one character")
    }

    /// What stands between a number and its percent sign: a non-breaking space in Norwegian
    /// (`66,7 %`), nothing in English (`66.7%`).
    pub(crate) fn before_percent(self) -> &'static str {
        self.pick("\u{a0}", "")
    }
}
