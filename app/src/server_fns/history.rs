//! Change history.

use crate::error::AppError;
use crate::models::{History, HistoryKind};
use leptos::prelude::*;

/// Who changed what and when, for a measure (`code`: its code), an assignment (its diary
/// number slug) or a county (its code) (`server::history::of`, the rule the API follows too).
#[server(endpoint = "history")]
pub async fn get_history(kind: HistoryKind, code: String) -> Result<History, AppError> {
    use crate::policy::Action;
    use crate::server::db::reference;
    super::respond(
        async {
            let (viewer, state) = super::authorize(&Action::ReadHistory)?;
            let mut conn = super::read_connection(&state, &viewer).await?;
            let plan = reference::current_plan(&mut conn)
                .await?
                .ok_or(AppError::NoPlan)?;
            crate::server::history::of(
                &mut conn,
                plan.id,
                &viewer,
                state.settings.access(),
                kind,
                &code,
            )
            .await
        }
        .await,
    )
}
