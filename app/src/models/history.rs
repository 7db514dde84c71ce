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

/// What changed in the plan between two dates (both whole days, UTC), per measure (with its
/// county rows) and assignment, rebuilt from the audit trail: `/oversight/changes`. Drafts are
/// not part of the plan and are left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeLog {
    pub from: crate::domain::IsoDate,
    pub to: crate::domain::IsoDate,
    /// Measures first, then assignments, each in code order.
    pub subjects: Vec<ChangedSubject>,
    /// Changes in all.
    pub total: usize,
    /// Whether there were more than [`ChangeLog::MAX_ENTRIES`] (the first are shown; a shorter
    /// interval shows the rest).
    pub shortened: bool,
}

/// One measure's or assignment's changes in the interval, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangedSubject {
    /// `Measure` or `Assignment`.
    pub kind: HistoryKind,
    /// The measure code or the diary number.
    pub code: String,
    pub title: Localized,
    pub entries: Vec<HistoryEntry>,
}

impl ChangeLog {
    /// At most this many changes are read for one interval.
    pub const MAX_ENTRIES: usize = 2000;

    /// The entries (oldest first, at most one more than [`ChangeLog::MAX_ENTRIES`]) grouped by
    /// what they belong to: a county row to its measure. `title` names a measure or an
    /// assignment (`None`: no longer in the plan, shown by its code).
    pub fn of(
        from: crate::domain::IsoDate,
        to: crate::domain::IsoDate,
        mut entries: Vec<HistoryEntry>,
        title: impl Fn(HistoryKind, &str) -> Option<Localized>,
    ) -> ChangeLog {
        let shortened = entries.len() > Self::MAX_ENTRIES;
        entries.truncate(Self::MAX_ENTRIES);
        let total = entries.len();
        let mut subjects: Vec<ChangedSubject> = Vec::new();
        for entry in entries {
            let Some((kind, code)) = entry.belongs_to() else {
                continue;
            };
            match subjects
                .iter_mut()
                .find(|s| s.kind == kind && s.code == code)
            {
                Some(subject) => subject.entries.push(entry),
                None => subjects.push(ChangedSubject {
                    title: title(kind, &code).unwrap_or_else(|| Localized::new(&code, &code)),
                    kind,
                    code,
                    entries: vec![entry],
                }),
            }
        }
        subjects.sort_by(|a, b| {
            (a.kind == HistoryKind::Assignment)
                .cmp(&(b.kind == HistoryKind::Assignment))
                .then_with(|| crate::domain::natural_cmp(&a.code, &b.code))
        });
        ChangeLog {
            from,
            to,
            subjects,
            total,
            shortened,
        }
    }
}

impl HistoryEntry {
    /// The measure or assignment the entry belongs to: a county row (`24/1.8`) to its
    /// measure. `None` for anything else.
    pub fn belongs_to(&self) -> Option<(HistoryKind, String)> {
        match self.entity_type.as_str() {
            "measure" => Some((HistoryKind::Measure, self.entity_id.clone())),
            "regional_row" => self
                .entity_id
                .split_once('/')
                .map(|(_, code)| (HistoryKind::Measure, code.to_owned())),
            "assignment" => Some((HistoryKind::Assignment, self.entity_id.clone())),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::IsoDate;

    fn entry(entity_type: &str, entity_id: &str, at: &str) -> HistoryEntry {
        HistoryEntry {
            occurred_at: at.into(),
            actor_name: "Test".into(),
            actor_role: "ministry".into(),
            organisation: None,
            entity_type: entity_type.into(),
            entity_id: entity_id.into(),
            action: "update".into(),
            changes: Vec::new(),
        }
    }

    #[test]
    fn county_rows_go_with_their_measure_and_measures_come_before_assignments() {
        let day = IsoDate::parse("2026-11-28").unwrap();
        let log = ChangeLog::of(
            day,
            day,
            vec![
                entry("assignment", "A2025/00637", "2026-11-28T08:00:00Z"),
                entry("regional_row", "24/1.10", "2026-11-28T09:00:00Z"),
                entry("measure", "1.10", "2026-11-28T10:00:00Z"),
                entry("measure", "1.9", "2026-11-28T11:00:00Z"),
                entry("user", "7", "2026-11-28T12:00:00Z"),
            ],
            |_, code| (code == "1.9").then(|| Localized::new("Nio", "Nine")),
        );
        let order: Vec<(&str, usize)> = log
            .subjects
            .iter()
            .map(|s| (s.code.as_str(), s.entries.len()))
            .collect();
        assert_eq!(order, [("1.9", 1), ("1.10", 2), ("A2025/00637", 1)]);
        assert_eq!(log.subjects[0].title.sv, "Nio");
        assert_eq!(
            log.subjects[1].title.sv, "1.10",
            "a code stands in for a lost title"
        );
        assert_eq!(log.total, 5);
        assert!(!log.shortened);
    }
}
