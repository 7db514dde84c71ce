//! One module per page (or pair of list and detail pages). A page asks a server function for
//! its data and lays it out; it never builds SQL.

mod assignments;
mod counties;
pub(crate) mod deadlines;
mod history;
mod measures;
mod not_found;
mod overview;
mod oversight;
mod sign_in;

pub use assignments::{AssignmentPage, AssignmentsPage};
pub use counties::{CountiesPage, CountyPage};
pub use measures::{MeasurePage, MeasuresPage};
pub use not_found::NotFoundPage;
pub use overview::OverviewPage;
pub use sign_in::{SignInPage, local_path, sign_in_path};
pub use history::{DetailTabs, HistoryPage};
pub use oversight::{OversightPage, PlanAsOfPage};
