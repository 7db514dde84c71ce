//! Change history.

use crate::error::AppError;
use crate::models::{History, HistoryKind};
use leptos::prelude::*;

/// Who changed what and when, for a measure (`code`: its code), an assignment (its diary
/// number slug) or a county (its code). Signed-in users only, never the public view.
#[server(endpoint = "history")]
pub async fn get_history(kind: HistoryKind, code: String) -> Result<History, AppError> {
    use crate::domain::{CountyCode, DiaryNumber};
    use crate::policy::Action;
    use crate::server::db::{audit, reference};
    super::respond(
        async {
            let (viewer, state) = super::authorize(&Action::ReadHistory)?;
            // The key the audit trail uses.
            let key = match kind {
                HistoryKind::Measure => code.clone(),
                HistoryKind::Assignment => DiaryNumber::from_slug(&code)
                    .map_err(|_| AppError::NotFound)?
                    .to_string(),
                HistoryKind::County => CountyCode::parse(&code)
                    .map_err(|_| AppError::NotFound)?
                    .to_string(),
            };
            let mut conn = super::read_connection(&state, &viewer).await?;
            let plan = reference::current_plan(&mut conn)
                .await?
                .ok_or(AppError::NoPlan)?;
            let title = reference::history_title(&mut conn, plan.id, kind, &key)
                .await?
                .ok_or(AppError::NotFound)?;
            let entries = audit::history(&mut conn, kind, &key).await?;
            // The text of a draft is read only by those who may report on its subject.
            let subject = match kind {
                HistoryKind::Measure => Some("measures"),
                HistoryKind::Assignment => Some("assignments"),
                HistoryKind::County => None,
            };
            let may_read_drafts = match subject {
                Some(subject) => super::allows(
                    &crate::server::reports::subject(&mut conn, plan.id, subject, &code)
                        .await?
                        .report_action(),
                )?,
                None => false,
            };
            let entries = if may_read_drafts {
                entries
            } else {
                entries
                    .into_iter()
                    .map(crate::models::HistoryEntry::without_draft_text)
                    .collect()
            };
            Ok(History {
                kind,
                code,
                title,
                entries,
            })
        }
        .await,
    )
}
