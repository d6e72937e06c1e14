//! **What the stages hand on and the renderers draw.** Our own models, free of polars and of any
//! output format: the question an aggregation asks and its answer ([`aggregate`]), a [`table`] of
//! typed cells, a [`chart`] of series over categories, and a published [`document`]. Built by
//! [`crate::frame`] and [`crate::report`], written by [`crate::render`]. Must never read exports,
//! compute statistics or write bytes.

pub(crate) mod aggregate;
pub(crate) mod chart;
pub(crate) mod document;
pub(crate) mod table;
