//! Ad hoc SQL (polars SQL) over the normalised table (`responses`) and the wide view (`wide`).

use super::to_table;
use crate::render::Table;
use anyhow::Result;
use polars::prelude::{DataFrame, IntoLazy};
use polars::sql::SQLContext;

/// Why a query failed, as polars says it: a usage error (exit 2), with the tables to query.
#[derive(Debug, thiserror::Error)]
#[error("the query failed: {0}; query the tables `responses` (the normalised table) and `wide` (a row per response)")]
pub struct QueryError(String);

pub fn sql(query: &str, responses: DataFrame, wide: DataFrame) -> Result<Table> {
    let mut ctx = SQLContext::new();
    ctx.register("responses", responses.lazy());
    ctx.register("wide", wide.lazy());
    let df = ctx.execute(query).and_then(|lf| lf.collect()).map_err(|e| QueryError(e.to_string()))?;
    to_table(&df, "sql")
}

#[cfg(test)]
mod tests {
    use super::super::tests::observation;
    use super::super::{normalised, wide};
    use super::*;
    use crate::render::Cell;
    use crate::schema::Schema;

    #[test]
    fn queries_run_over_both_tables_and_bad_ones_say_so() {
        let obs = [
            observation(2017, "Modum", "hospitants", None, Some(4.0)),
            observation(2017, "Bergen", "hospitants", None, Some(2.0)),
        ];
        let frames = || (normalised(&obs).unwrap(), wide(&obs, &Schema::builtin()).unwrap());
        let (r, w) = frames();
        let t = sql("SELECT SUM(value) AS total FROM responses WHERE measure = 'hospitants'", r, w).unwrap();
        assert_eq!(t.rows, vec![vec![Cell::Float(6.0)]]);
        let (r, w) = frames();
        let t = sql("SELECT centre FROM wide WHERE hospitants > 3", r, w).unwrap();
        assert_eq!(t.rows, vec![vec![Cell::text("Modum")]]);
        let (r, w) = frames();
        let err = sql("SELEC nonsense", r, w).unwrap_err();
        assert!(err.to_string().starts_with("the query failed"), "{err}");
    }
}
