//! Government assignments.

use crate::error::AppError;
use crate::models::{AssignmentDetail, AssignmentList};
use leptos::prelude::*;

/// The plan's assignments with their next deadline.
#[server(endpoint = "assignments")]
pub async fn list_assignments() -> Result<AssignmentList, AppError> {
    use crate::server::db;
    super::respond(
        async {
            let (mut conn, plan) = super::connect_to_plan().await?;
            let today = super::today()?;
            let items = db::assignments::list(&mut conn, plan.id, today).await?;
            Ok(AssignmentList { today, items })
        }
        .await,
    )
}

/// Everything about one assignment; `slug` is its diary number in address form
/// (`A2025-00637`).
#[server(endpoint = "assignment")]
pub async fn get_assignment(slug: String) -> Result<AssignmentDetail, AppError> {
    use crate::domain::DiaryNumber;
    use crate::server::db;
    super::respond(
        async {
            // A malformed diary number names no assignment: that is a 404, like an unknown one.
            let diary_number = DiaryNumber::from_slug(&slug).map_err(|_| AppError::NotFound)?;
            let (mut conn, plan) = super::connect_to_plan().await?;
            let today = super::today()?;
            let mut detail = db::assignments::detail(&mut conn, &plan, &diary_number, today)
                .await?
                .ok_or(AppError::NotFound)?;
            if let Some(flags) = super::flags::visible(&mut conn, &plan, today).await? {
                detail.flags = Some(crate::models::flags_on_assignment(&flags, &diary_number));
            }
            if let Some(subject) =
                db::reports::assignment(&mut conn, plan.id, &diary_number).await?
            {
                detail.may_report = super::allows(&subject.report_action())?;
            }
            if let Some(stored) = db::assignment_edit::assignment(&mut conn, &diary_number).await? {
                detail.may_edit = super::allows(&crate::policy::Action::EditMeasure {
                    lead_ministry: Some(stored.ministry_id),
                })?;
            }
            Ok(detail)
        }
        .await,
    )
}
