//! The measures list and the measure page.

mod detail;
mod list;

pub use detail::{FundingLines, MeasurePage, ReportList};
pub use list::{FilterSelect, MeasuresPage};
