//! Deadlines: assignment reporting deadlines (typed in) and progress reports due (computed from
//! each measure's reporting periods, never typed).

use super::OrganisationRef;
use crate::domain::{DeadlineKind, DiaryNumber, IsoDate, Localized, ReportingPeriod};
use serde::{Deserialize, Serialize};

/// Where an assignment deadline stands on a given day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineView {
    pub kind: DeadlineKind,
    pub due_date: IsoDate,
    pub delivered_date: Option<IsoDate>,
    pub description: Localized,
    /// Days from today to the due date: negative when it has passed.
    pub days_left: i64,
}

impl DeadlineView {
    pub fn is_met(&self) -> bool {
        self.delivered_date.is_some()
    }

    /// Passed without delivery.
    pub fn is_overdue(&self) -> bool {
        !self.is_met() && self.days_left < 0
    }

    /// Delivered after the due date.
    pub fn was_late(&self) -> bool {
        self.delivered_date
            .is_some_and(|delivered| delivered > self.due_date)
    }
}

/// What a deadline in a cross-plan list is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeadlineSubject {
    /// A progress report on a measure for a period.
    MeasureReport {
        code: String,
        period: ReportingPeriod,
    },
    /// An assignment's interim or final report.
    Assignment {
        diary_number: DiaryNumber,
        kind: DeadlineKind,
    },
}

/// One line in a list of deadlines across the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineItem {
    pub subject: DeadlineSubject,
    pub title: Localized,
    pub owner: OrganisationRef,
    pub due_date: IsoDate,
    pub days_left: i64,
}

/// Where one expected progress report stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReportDue {
    /// A report for the period has been submitted.
    Submitted,
    /// The due date has passed with no submitted report.
    Overdue,
    /// The period has ended or is under way; the report is not yet due.
    Upcoming,
}

/// One period a measure is expected to report on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpectedReport {
    pub period: ReportingPeriod,
    pub due_date: IsoDate,
    pub state: ReportDue,
}
