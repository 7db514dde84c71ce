//! Who changed what and when: the one rule that the history pages and the API go through. The
//! history is for who is signed in (never the public view), and the text of a report draft only
//! for who may write the report.

use super::db::{audit, reference};
use crate::domain::{CountyCode, DiaryNumber};
use crate::error::AppError;
use crate::models::{History, HistoryEntry, HistoryKind, Viewer};
use crate::policy::{self, Access, Action};
use sqlx::AnyConnection;

/// The history of a measure (`code`: its code), an assignment (its diary number slug) or a
/// county (its code) of plan `plan_id`, newest first, as `viewer` may read it; 404 for one that
/// is not there.
pub async fn of(
    conn: &mut AnyConnection,
    plan_id: i64,
    viewer: &Viewer,
    access: Access,
    kind: HistoryKind,
    code: &str,
) -> Result<History, AppError> {
    policy::check(viewer, &Action::ReadHistory, access)?;
    // The key the audit trail uses.
    let key = match kind {
        HistoryKind::Measure => code.to_owned(),
        HistoryKind::Assignment => DiaryNumber::from_slug(code)
            .map_err(|_| AppError::NotFound)?
            .to_string(),
        HistoryKind::County => CountyCode::parse(code)
            .map_err(|_| AppError::NotFound)?
            .to_string(),
    };
    let title = reference::history_title(conn, plan_id, kind, &key)
        .await?
        .ok_or(AppError::NotFound)?;
    let entries = audit::history(conn, kind, &key).await?;
    // The text of a draft is read only by those who may report on its subject.
    let subject = match kind {
        HistoryKind::Measure => Some("measures"),
        HistoryKind::Assignment => Some("assignments"),
        HistoryKind::County => None,
    };
    let may_read_drafts = match subject {
        Some(subject) => policy::allows(
            viewer,
            &super::reports::subject(conn, plan_id, subject, code)
                .await?
                .report_action(),
            access,
        ),
        None => false,
    };
    let entries = if may_read_drafts {
        entries
    } else {
        entries
            .into_iter()
            .map(HistoryEntry::without_draft_text)
            .collect()
    };
    Ok(History {
        kind,
        code: code.to_owned(),
        title,
        entries,
    })
}
