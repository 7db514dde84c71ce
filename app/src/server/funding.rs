//! A measure's money: the one rule that the funding form and the API go through. Who may edit
//! a measure (a ministry the measures its ministry leads, an administrator any) adds funding
//! decision lines to it and changes them, each over the version they saw; money goes through an
//! assignment only if that assignment serves the measure. Audited in the same transaction.

use super::changes::{self, Fields};
use super::db::audit::{self, Actor, Change};
use super::db::plan as db_plan;
use super::db::{Freshness, reference};
use super::{AppState, Timestamp};
use crate::error::{AppError, FieldError, Problem};
use crate::models::{FundingInput, FundingValues, SignedInUser, Viewer};
use crate::policy::Access;
use serde_json::json;
use sqlx::AnyConnection;

/// Which line a save is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// A new line.
    New,
    /// Line `id` as the person saw it, at `version`.
    Saved { id: i64, version: i64 },
}

/// Saves `input` as a new funding line of measure `code` or over line `line` as the person saw
/// it, for `viewer`: refused unless they may edit the measure, with every wrong field named
/// (an assignment that does not serve the measure too), and with what is saved now when someone
/// saved the line first. Answers the line's id.
pub async fn save(
    state: &AppState,
    viewer: &Viewer,
    freshness: &Freshness,
    code: &str,
    line: Line,
    input: &FundingInput,
) -> Result<i64, AppError> {
    let mut tx = changes::begin(state, viewer, freshness).await?;
    let at = state.clock.timestamp();
    let plan = reference::current_plan(&mut tx)
        .await?
        .ok_or(AppError::NoPlan)?;
    let id = save_in(
        &mut tx,
        plan.id,
        viewer,
        state.settings.access(),
        code,
        line,
        input,
        &at,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// [`save`] in the transaction `conn` of plan `plan_id`, at `at`: an import saves each of its
/// lines so, all in one transaction.
#[allow(clippy::too_many_arguments)]
pub async fn save_in(
    conn: &mut AnyConnection,
    plan_id: i64,
    viewer: &Viewer,
    access: Access,
    code: &str,
    line: Line,
    input: &FundingInput,
    at: &Timestamp,
) -> Result<i64, AppError> {
    let stored = super::measures::editable_measure(conn, plan_id, viewer, access, code).await?;
    let user: &SignedInUser = viewer.user().ok_or(AppError::NotSignedIn)?;
    let values = input
        .check()
        .map_err(|errors| AppError::Invalid { errors })?;
    let assignment_id = match &values.assignment {
        None => None,
        Some(number) => Some(
            db_plan::assignments_of_measure(conn, stored.id)
                .await?
                .into_iter()
                .find(|(_, n)| n == number)
                .map(|(id, _)| id)
                .ok_or_else(|| AppError::Invalid {
                    errors: vec![FieldError::new("assignment", Problem::NotAChoice)],
                })?,
        ),
    };
    let (id, action, before) = match line {
        Line::New => {
            let id = db_plan::insert_funding(conn, stored.id, &values, assignment_id).await?;
            (id, "funding_added", None)
        }
        Line::Saved { id, version } => {
            let old = saved_line(conn, stored.id, id).await?.1;
            let saved =
                db_plan::update_funding(conn, stored.id, id, version, &values, assignment_id)
                    .await?;
            if !saved {
                let (newer, current) = saved_line(conn, stored.id, id).await?;
                return Err(AppError::Conflict {
                    current: changes::saved_where_different(&fields(&current), &fields(&values)),
                    version: newer,
                    revision: 0,
                });
            }
            (id, "funding_changed", Some(changes::object(&fields(&old))))
        }
    };
    audit::record(
        conn,
        at,
        &Actor::user(user),
        Change {
            entity_type: "measure",
            entity_id: code,
            action,
            before,
            after: Some(changes::object(&fields(&values))),
        },
    )
    .await?;
    Ok(id)
}

/// Line `id` of measure `measure_id` as saved now: its version and values, or 404.
async fn saved_line(
    conn: &mut AnyConnection,
    measure_id: i64,
    id: i64,
) -> Result<(i64, FundingValues), AppError> {
    db_plan::funding_lines(conn, measure_id)
        .await?
        .into_iter()
        .find(|(line, _, _)| *line == id)
        .map(|(_, version, values)| (version, values))
        .ok_or(AppError::NotFound)
}

/// A line's fields as the audit trail and a conflict name them.
fn fields(v: &FundingValues) -> Fields {
    vec![
        ("year", json!(v.year)),
        ("expenditure_area", json!(v.expenditure_area)),
        ("appropriation", json!(v.appropriation)),
        ("appropriation_item", json!(v.appropriation_item)),
        (
            "county",
            json!(v.county.map(|c| c.to_string()).unwrap_or_default()),
        ),
        (
            "assignment",
            json!(
                v.assignment
                    .as_ref()
                    .map(|a| a.to_string())
                    .unwrap_or_default()
            ),
        ),
        ("allocated", json!(v.allocated.as_kronor())),
        ("disbursed", json!(v.disbursed.as_kronor())),
        ("spent", json!(v.spent.as_kronor())),
        ("decision_ref", json!(v.decision_ref)),
    ]
}
