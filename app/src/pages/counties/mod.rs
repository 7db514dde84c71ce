//! The counties list and the county page.

mod detail;
mod list;

pub use detail::CountyPage;
pub use list::{CountiesPage, StatusSummaryOf};
