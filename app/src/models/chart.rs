//! A chart as a page shows it: a title, a sentence saying what it shows, the table of its
//! numbers, and the ECharts option that draws the same numbers. The server builds the option
//! and the CSV download from the table (`server::charts`), so the three can never disagree.

use serde::{Deserialize, Serialize};

/// What the numbers of a chart's table count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChartUnit {
    Count,
    Kronor,
    Percent,
}

/// The numbers behind a chart: one row per category (a bar group), one column per series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChartTable {
    /// The header of the row labels' column ("Status", "År").
    pub row_header: String,
    /// One per series.
    pub columns: Vec<String>,
    pub rows: Vec<ChartRow>,
    pub unit: ChartUnit,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChartRow {
    pub label: String,
    /// One per column; `None` is a count too small to show (suppressed), written `..`.
    pub values: Vec<Option<i64>>,
}

/// The main figures of a chart, which the page words in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChartSummary {
    Statuses {
        total: i64,
        completed: i64,
        delayed: i64,
        not_started: i64,
    },
    Progress {
        /// Periods with a submitted report.
        periods: i64,
        /// The newest period's progress, in percent.
        latest: i64,
    },
    /// The plan's mean progress by reporting period.
    PlanProgress {
        periods: i64,
        /// The newest period's mean, in percent, and how many reports it is the mean of.
        latest: i64,
        reports: i64,
    },
    /// Unmet deadlines by month.
    Deadlines {
        /// In the months charted.
        coming: i64,
        months: i64,
        /// Already passed without a report.
        overdue: i64,
    },
    /// A count of people by year, for women and for men; `None` where suppressed.
    BySex {
        year: i32,
        women: Option<i64>,
        men: Option<i64>,
        /// Counts below this are shown as `..`.
        threshold: i64,
    },
    /// An indicator a measure should move: its baseline and target, and the newest year shown
    /// (year, count, how much of the way to the target in percent).
    Target {
        baseline: super::indicator::YearValue,
        target: super::indicator::YearValue,
        latest: Option<(i32, i64, i64)>,
        /// Whether any count of the table is suppressed.
        suppressed: bool,
    },
    Money {
        allocated: crate::domain::Money,
        spent: crate::domain::Money,
        /// Spent as a share of allocated, in whole percent.
        execution: Option<i64>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chart {
    /// Unique on its page; also the CSV file's name.
    pub id: String,
    pub title: String,
    /// What the chart shows, in a sentence with its main figures.
    pub summary: ChartSummary,
    pub table: ChartTable,
    /// The ECharts option, as JSON.
    pub option: String,
    /// The table as a CSV `data:` address, for the download link.
    pub csv_href: String,
}
