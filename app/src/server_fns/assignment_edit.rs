//! Registering and editing government assignments: the forms' doors to
//! `server::assignments`, where the rule lives (only the ministry whose prefix the diary number
//! carries, or an admin, registers or changes one; over the version the editor saw; audited).

// The saves take each field of the form as its own argument, as the form posts them.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::models::AssignmentEdit;
use leptos::prelude::*;

/// The form of assignment `slug` (`A2025-00637`) with its deadlines, or of a new assignment
/// when `slug` is empty.
#[server(endpoint = "assignment_edit")]
pub async fn get_assignment_edit(slug: String) -> Result<AssignmentEdit, AppError> {
    use crate::models::{AssignmentInput, DeadlineRow};
    use crate::policy::Action;
    use crate::server::db::{assignment_edit as db, measures, plan as db_plan, reference};
    super::respond(
        async {
            let (_, state) = super::authorize(&Action::CreateMeasure)?;
            let mut conn = state.db.acquire().await?;
            let plan = reference::current_plan(&mut conn)
                .await?
                .ok_or(AppError::NoPlan)?;
            let (diary_number, version, values, deadlines) = if slug.is_empty() {
                (
                    None,
                    0,
                    AssignmentInput::default(),
                    Vec::<DeadlineRow>::new(),
                )
            } else {
                let access = state.settings.access();
                let stored = crate::server::assignments::editable(
                    &mut conn,
                    &super::current_viewer(),
                    access,
                    &slug,
                )
                .await?;
                let deadlines = db::deadlines(&mut conn, stored.id).await?;
                (
                    Some(stored.values.diary_number.clone()),
                    stored.version,
                    AssignmentInput::from_values(&stored.values),
                    deadlines,
                )
            };
            Ok(AssignmentEdit {
                diary_number,
                version,
                values,
                deadlines,
                organisations: db_plan::organisations(&mut conn)
                    .await?
                    .into_iter()
                    .map(|o| o.organisation)
                    .collect(),
                measures: measures::refs(&mut conn, plan.id).await?,
            })
        }
        .await,
    )
}

/// Registers a government assignment (`server::assignments::register`, the rule the API
/// follows too). Answers its address slug.
#[server(endpoint = "create_assignment")]
pub async fn create_assignment(
    diary_number: String,
    recipient: String,
    title_sv: String,
    title_en: String,
    description_sv: String,
    #[server(default)] description_en: String,
    decision_date: String,
    interim_due: String,
    final_due: String,
    #[server(default)] measures: Vec<String>,
) -> Result<String, AppError> {
    use crate::models::AssignmentInput;
    super::respond(
        async {
            let input = AssignmentInput {
                diary_number,
                recipient,
                title_sv,
                title_en,
                description_sv,
                description_en,
                decision_date,
                measures,
            };
            crate::server::assignments::register(
                &crate::server::state()?,
                &super::current_viewer(),
                &super::freshness(),
                &input,
                &interim_due,
                &final_due,
            )
            .await
        }
        .await,
    )
    .inspect(|slug| super::go_on_without_javascript(&format!("/assignments/{slug}")))
}

/// Saves a registered assignment's own fields over `version` (`server::assignments::save`, the
/// rule the API follows too). Its diary number never changes. Answers its address slug.
#[server(endpoint = "save_assignment")]
pub async fn save_assignment(
    diary_number: String,
    version: i64,
    recipient: String,
    title_sv: String,
    title_en: String,
    description_sv: String,
    description_en: String,
    decision_date: String,
    #[server(default)] measures: Vec<String>,
) -> Result<String, AppError> {
    use crate::models::AssignmentInput;
    super::respond(
        async {
            let input = AssignmentInput {
                diary_number: diary_number.clone(),
                recipient,
                title_sv,
                title_en,
                description_sv,
                description_en,
                decision_date,
                measures,
            };
            crate::server::assignments::save(
                &crate::server::state()?,
                &super::current_viewer(),
                &super::freshness(),
                &diary_number.replace('/', "-"),
                version,
                &input,
            )
            .await
        }
        .await,
    )
    .inspect(|slug| super::go_on_without_javascript(&format!("/assignments/{slug}")))
}

/// Adds a reporting deadline to assignment `diary_number` (`deadline` = 0) or saves deadline
/// `deadline` over `version` (`server::assignments::save_deadline`, the rule the API follows
/// too).
#[server(endpoint = "save_deadline")]
pub async fn save_deadline(
    diary_number: String,
    deadline: i64,
    version: i64,
    kind: String,
    due_date: String,
    description_sv: String,
    description_en: String,
) -> Result<(), AppError> {
    use crate::models::DeadlineInput;
    use crate::server::assignments::{self, Deadline};
    let slug = diary_number.replace('/', "-");
    super::respond(
        async {
            let input = DeadlineInput {
                kind,
                due_date,
                description_sv,
                description_en,
            };
            let deadline = match deadline {
                0 => Deadline::New,
                id => Deadline::Saved { id, version },
            };
            assignments::save_deadline(
                &crate::server::state()?,
                &super::current_viewer(),
                &super::freshness(),
                &slug,
                deadline,
                &input,
            )
            .await
            .map(|_| ())
        }
        .await,
    )
    .inspect(|()| super::go_on_without_javascript(&format!("/assignments/{slug}/deadlines")))
}
