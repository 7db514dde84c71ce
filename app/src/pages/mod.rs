//! One module per page (or pair of list and detail pages). A page asks a server function for
//! its data and lays it out; it never builds SQL.

mod accessibility;
mod account;
mod admin;
mod api_reference;
mod areas;
mod assignment_deadlines;
mod assignment_edit;
mod assignments;
mod comparison;
mod counties;
mod coverage;
mod data;
pub(crate) mod deadlines;
mod flags;
mod funding;
mod funding_edit;
mod history;
mod import;
mod indicator_edit;
mod measure_edit;
mod measures;
mod my_work;
mod not_found;
mod oversight;
mod overview;
mod regional;
mod report;
mod second_factor;
mod sign_in;
mod tokens;

pub use accessibility::AccessibilityPage;
pub use account::{AccountPage, PasswordLinkPage};
pub use admin::{UserPage, UsersPage};
pub use api_reference::ApiReferencePage;
pub use areas::AreasPage;
pub use assignment_deadlines::AssignmentDeadlinesPage;
pub use assignment_edit::AssignmentEditPage;
pub use assignments::{AssignmentPage, AssignmentsPage};
pub use comparison::ComparisonPage;
pub use counties::{CountiesPage, CountyPage};
pub use coverage::CoveragePage;
pub use data::DataPage;
pub use deadlines::DeadlinesPage;
pub use flags::{FlagCounts, FlagsPage, flags_href};
pub use funding::FundingPage;
pub use funding_edit::FundingEditPage;
pub use history::{
    DetailTabs, EntryView, HistoryPage, action_label, actor_label, describe_change, minute_of,
    subject_text,
};
pub use import::{ImportPage, ImportPreviewPage};
pub use indicator_edit::IndicatorEditPage;
pub use measure_edit::MeasureEditPage;
pub use measures::{MeasurePage, MeasuresPage};
pub use my_work::MyWorkPage;
pub use not_found::NotFoundPage;
pub use oversight::{ChangesPage, OversightPage, PlanAsOfPage};
pub use overview::OverviewPage;
pub use regional::RegionalRowPage;
pub use report::ReportPage;
pub use second_factor::SecondFactorPage;
pub use sign_in::{SignInPage, sign_in_path};
