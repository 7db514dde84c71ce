//! The overview: how the plan stands today.

use super::{DeadlineItem, FundingTotals, FundingYear, OrganisationRef, PlanSummary};
use crate::domain::{DiaryNumber, IsoDate, Localized, Progress, ReportingPeriod, Status};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCount {
    pub status: Status,
    pub count: i64,
}

/// One area (insatsområde) of the plan: its measures, their progress and money.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaProgress {
    pub code: String,
    pub title: Localized,
    pub measure_count: i64,
    /// Mean progress of the area's measures that are not cancelled; `None` if it has none.
    pub mean_progress: Option<Progress>,
    pub funding: FundingTotals,
}

/// A submitted report in the list of latest reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportSummary {
    /// The measure the report is about, or empty for an assignment report.
    pub measure_code: String,
    /// The assignment the report is about, for an assignment report.
    pub assignment: Option<DiaryNumber>,
    pub subject_title: Localized,
    pub period: ReportingPeriod,
    pub revision: i64,
    pub status: Status,
    pub progress: Progress,
    pub organisation: OrganisationRef,
    /// RFC 3339, UTC.
    pub submitted_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub plan: PlanSummary,
    pub today: IsoDate,
    pub measure_count: i64,
    /// Every status in order, including those no measure has.
    pub status_counts: Vec<StatusCount>,
    /// Mean progress of all measures that are not cancelled.
    pub mean_progress: Option<Progress>,
    pub areas: Vec<AreaProgress>,
    pub funding: FundingTotals,
    pub funding_by_year: Vec<FundingYear>,
    /// How many deadlines have passed unmet; `overdue` lists the most recent of them.
    pub overdue_count: usize,
    pub overdue: Vec<DeadlineItem>,
    /// Deadlines in the coming `UPCOMING_DAYS` days, soonest first.
    pub upcoming: Vec<DeadlineItem>,
    pub latest_reports: Vec<ReportSummary>,
}

impl Overview {
    /// How far ahead the overview looks for upcoming deadlines.
    pub const UPCOMING_DAYS: i64 = 90;
    /// How many overdue and upcoming deadlines and latest reports it lists.
    pub const LIST_LENGTH: usize = 10;
}
