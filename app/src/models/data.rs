//! The data page: the plan's published tables as the reader gets them.

use crate::domain::TableName;
use serde::{Deserialize, Serialize};

/// Every published table with how many rows the reader gets and its columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataCatalogue {
    pub tables: Vec<TableSummary>,
    /// Counts above zero and below this are hidden.
    pub suppression_threshold: i64,
    /// Whether the tables are open data (anonymous visitors may read the plan), described for
    /// the national data portal at `/data/catalog.jsonld`.
    pub published: bool,
    /// The periods the reader may make the progress report to the Government for, newest
    /// first (each year, then its quarters); empty unless they lead the plan.
    #[serde(default)]
    pub report_periods: Vec<String>,
    /// What the reader may bring in from a file (`/data/import`): a county board its county's
    /// regional rows, a ministry funding lines; `None` for anyone else.
    #[serde(default)]
    pub import: Option<crate::domain::TableName>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableSummary {
    pub name: TableName,
    pub rows: usize,
    /// The column headers, in the reader's language.
    pub columns: Vec<String>,
}
