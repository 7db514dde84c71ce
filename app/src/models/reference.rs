//! Short references to things, as shown inside other things: a measure's lead organisation, an
//! assignment's measures.

use crate::domain::{
    CountyCode, DiaryNumber, Evidence, IsoDate, Localized, ObligationSource, OrganisationKind,
    Progress, Status,
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationRef {
    pub code: String,
    pub kind: OrganisationKind,
    pub name: Localized,
    /// A common abbreviation such as `JäM`, or empty.
    pub short_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaRef {
    pub code: String,
    pub title: Localized,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountyRef {
    pub code: CountyCode,
    pub name: Localized,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureRef {
    pub code: String,
    pub title: Localized,
    pub status: Status,
    pub progress: Progress,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentRef {
    pub diary_number: DiaryNumber,
    pub title: Localized,
    pub recipient: OrganisationRef,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObligationRef {
    pub code: String,
    pub source: ObligationSource,
    /// As cited, e.g. `Art. 11(4)`.
    pub reference: String,
    pub title: Localized,
    pub amended_2024: bool,
    /// False where the article number of a 2024 insertion has not been checked against the
    /// consolidated text (the domain brief marks these).
    pub reference_verified: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorRef {
    pub code: String,
    pub name: Localized,
    pub unit: Localized,
    pub description: Localized,
    pub source: String,
    pub evidence: Evidence,
}

/// The plan as a whole, shown at the top of the overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanSummary {
    pub code: String,
    pub title: Localized,
    pub description: Localized,
    pub legal_basis: Localized,
    pub period_start: IsoDate,
    pub period_end: IsoDate,
    pub lead_ministry: OrganisationRef,
    /// Days after a period's end by which its progress report is due.
    pub report_due_days: i64,
}
