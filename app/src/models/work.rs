//! What an organisation has to do: its deadlines, its drafts and (for a county board) its rows
//! not updated this quarter; and the deadline list across the plan.

use super::{DeadlineItem, MeasureRef, OrganisationRef};
use crate::domain::{IsoDate, Localized, ReportingPeriod};
use serde::{Deserialize, Serialize};

/// The signed-in person's organisation's work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyWork {
    pub organisation: OrganisationRef,
    pub today: IsoDate,
    /// Oldest first.
    pub overdue: Vec<DeadlineItem>,
    /// Soonest first, within [`MyWork::UPCOMING_DAYS`].
    pub upcoming: Vec<DeadlineItem>,
    pub drafts: Vec<DraftItem>,
    pub stale_rows: Vec<StaleRow>,
    /// The quarter now running (rows not updated in it are stale).
    pub current_period: ReportingPeriod,
    /// Whether the organisation has deadlines a calendar feed could hold.
    pub may_subscribe: bool,
    /// When the organisation's calendar address was made (RFC 3339), if it has one. The
    /// address itself is shown only once, when it is made: only its hash is kept.
    pub calendar_made_at: Option<String>,
}

impl MyWork {
    /// How far ahead "coming up" looks.
    pub const UPCOMING_DAYS: i64 = 90;
}

/// A draft report waiting to be submitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftItem {
    /// The report page for its period.
    pub href: String,
    /// Measure code or diary number.
    pub label: String,
    pub title: Localized,
    pub period: ReportingPeriod,
    pub author_name: String,
}

/// A county board's row not updated this quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaleRow {
    pub href: String,
    pub measure: MeasureRef,
    /// RFC 3339, UTC.
    pub updated_at: String,
}

/// Every unmet deadline of the plan, or of one organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineList {
    pub today: IsoDate,
    /// Oldest first.
    pub overdue: Vec<DeadlineItem>,
    /// Soonest first.
    pub upcoming: Vec<DeadlineItem>,
    /// Organisations with unmet deadlines, for the filter.
    pub organisations: Vec<OrganisationRef>,
    /// The organisation code filtered on, if any.
    pub organisation: Option<String>,
}

/// An organisation's calendar address, as the administrators see it (never the address).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarFeedRow {
    pub organisation: OrganisationRef,
    /// When it was made (RFC 3339).
    pub created_at: String,
}
