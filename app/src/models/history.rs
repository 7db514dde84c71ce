//! The change history of a measure, an assignment or a county, from the audit trail.

use crate::domain::Localized;
use serde::{Deserialize, Serialize};

/// Whose history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HistoryKind {
    /// A measure and its regional rows, by measure code.
    Measure,
    /// A government assignment, by diary number slug (`A2025-00637`).
    Assignment,
    /// A county's regional rows, by county code.
    County,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    pub kind: HistoryKind,
    /// The code as it appears in the address.
    pub code: String,
    /// What the history is of: the measure's or assignment's title, the county's name.
    pub title: Localized,
    /// Newest first.
    pub entries: Vec<HistoryEntry>,
}

/// One recorded change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// RFC 3339, UTC.
    pub occurred_at: String,
    pub actor_name: String,
    /// The actor's role then (`ministry`, ..., or `anonymous` / `system`).
    pub actor_role: String,
    pub organisation: Option<Localized>,
    /// What changed: `measure`, `regional_row`, `assignment`, ...
    pub entity_type: String,
    /// Which one: a measure code, `24/1.8` for a regional row, a diary number.
    pub entity_id: String,
    /// `create`, `update`, ...
    pub action: String,
    pub changes: Vec<FieldChange>,
}

impl HistoryEntry {
    /// Whether this records a report draft (saved or discarded), whose text only those who
    /// may report on its subject read.
    pub fn is_draft(&self) -> bool {
        self.action.starts_with("report_draft_")
    }

    /// The entry as someone who may not read the draft sees it: that a draft of the period
    /// was saved or discarded, when and by whom, but nothing of what it says.
    pub fn without_draft_text(mut self) -> HistoryEntry {
        if self.is_draft() {
            self.changes.retain(|change| change.field == "period");
        }
        self
    }
}

/// One field's value before and after (as stored: status codes, whole numbers, text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}
