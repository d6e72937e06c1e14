//! Our own figure model, beside [`crate::model::table`]'s: a [`Chart`] of series over categories (years,
//! periods), each category with its n. Reports build charts ([`crate::report::figure`]);
//! [`crate::render::svg`] draws them.

use crate::lang::Lang;
use serde::Deserialize;

/// How a chart draws its series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ChartKind {
    /// Grouped bars: a bar per series in each category.
    Bars,
    /// One bar per category, the series stacked in it.
    Stacked,
    /// A line per series across the categories.
    Lines,
}

/// How a report's table is drawn: as what, and under which caption (numbered by the spec).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FigurePlan {
    pub(crate) kind: ChartKind,
    pub(crate) caption: String,
}

/// What the values are, and so how the y axis reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    /// Shares 0–1, drawn as percent on a 0–100 % axis.
    Share,
    /// Counts and sums.
    Number,
}

/// One value of the x axis: its label and the responses behind it (shown as «2017 (n=10)»).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Category {
    pub(crate) label: String,
    pub(crate) n: Option<u64>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Series {
    pub(crate) label: String,
    /// One value per category; `None` where the category has none (the form did not ask).
    pub(crate) values: Vec<Option<f64>>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Chart {
    /// A short file-safe name: the SVG's file name and the prefix of its element ids.
    pub(crate) name: String,
    /// The caption, numbered («Figur 1: …»).
    pub(crate) title: String,
    pub(crate) kind: ChartKind,
    pub(crate) unit: Unit,
    /// What the y axis measures («Prosentandel utviklingssentraler»).
    pub(crate) axis: String,
    pub(crate) categories: Vec<Category>,
    pub(crate) series: Vec<Series>,
    /// The line under the figure that names where the numbers come from.
    pub(crate) source: String,
    pub(crate) lang: Lang,
}

impl Chart {
    /// The lowest value the axis must reach: 0, or the lowest negative value.
    pub(crate) fn trough(&self) -> f64 {
        self.series.iter().flat_map(|s| s.values.iter().flatten()).fold(0.0, |m, &v| m.min(v))
    }

    /// The largest value the axis must reach: the tallest stack of a stacked chart, else the largest
    /// value.
    pub(crate) fn peak(&self) -> f64 {
        let column = |c: usize| self.series.iter().filter_map(move |s| s.values[c]).map(|v| v.max(0.0));
        (0..self.categories.len())
            .map(|c| match self.kind {
                ChartKind::Stacked => column(c).sum::<f64>(),
                ChartKind::Bars | ChartKind::Lines => column(c).fold(0.0, f64::max),
            })
            .fold(0.0, f64::max)
    }
}
