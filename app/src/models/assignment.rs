//! Government assignments (regeringsuppdrag).

use super::{DeadlineView, FundingRow, FundingTotals, MeasureRef, OrganisationRef, ReportEntry};
use crate::domain::{DiaryNumber, Evidence, IsoDate, Localized};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentSummary {
    pub diary_number: DiaryNumber,
    pub ministry: OrganisationRef,
    pub title: Localized,
    pub recipient: OrganisationRef,
    pub decision_date: IsoDate,
    /// The earliest deadline not yet met, if any.
    pub next_deadline: Option<DeadlineView>,
    pub overdue_count: i64,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentList {
    pub today: IsoDate,
    pub items: Vec<AssignmentSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentDetail {
    pub diary_number: DiaryNumber,
    /// Whether the viewer may report on the assignment (the server checks again on saving).
    pub may_report: bool,
    /// Whether the viewer may change it and its deadlines (its ministry, or an admin).
    pub may_edit: bool,
    pub ministry: OrganisationRef,
    pub title: Localized,
    pub description: Localized,
    pub recipient: OrganisationRef,
    pub decision_date: IsoDate,
    pub evidence: Evidence,
    pub evidence_note: String,
    pub today: IsoDate,
    /// In due-date order.
    pub deadlines: Vec<DeadlineView>,
    pub measures: Vec<MeasureRef>,
    pub funding: Vec<FundingRow>,
    pub funding_totals: FundingTotals,
    /// Newest first.
    pub reports: Vec<ReportEntry>,
    /// The signals the data raises on the assignment (`None` for the public, who may not
    /// read them).
    pub flags: Option<Vec<super::Flag>>,
}
