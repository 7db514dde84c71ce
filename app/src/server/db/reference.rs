//! The plan itself and the lists other pages choose from: areas, organisations, counties,
//! obligations.

use super::rows::{flag, localized, organisation, organisation_columns};
use crate::domain::{IsoDate, Localized};
use crate::models::{AreaRef, CountyRef, ObligationRef, OrganisationRef, PlanSummary};
use sqlx::{AnyConnection, Row};

/// The plan Lägesbild shows, with its database id. (One plan today; the model allows more.)
pub struct CurrentPlan {
    pub id: i64,
    pub summary: PlanSummary,
    /// The revision of the plan's data when it was read (see `server::cache`).
    pub revision: i64,
}

impl CurrentPlan {
    /// This plan at the revision it was read at, for data computed for `day`.
    pub fn read_at(&self, day: crate::domain::IsoDate) -> crate::models::ReadAt {
        crate::models::ReadAt {
            plan: self.id,
            revision: self.revision,
            day: Some(day),
        }
    }

    /// What the reporting schedule needs to know about the plan on `today`.
    pub fn schedule(
        &self,
        today: crate::domain::IsoDate,
    ) -> crate::server::schedule::ScheduleContext {
        crate::server::schedule::ScheduleContext {
            plan_start: self.summary.period_start,
            today,
            due_days: self.summary.report_due_days,
        }
    }
}

impl From<&CurrentPlan> for crate::models::ReadAt {
    fn from(plan: &CurrentPlan) -> Self {
        crate::models::ReadAt {
            plan: plan.id,
            revision: plan.revision,
            day: None,
        }
    }
}

/// The current plan: the first one loaded. `None` in an empty installation.
pub async fn current_plan(conn: &mut AnyConnection) -> Result<Option<CurrentPlan>, sqlx::Error> {
    let sql = format!(
        "SELECT p.id, p.code, p.title_sv, p.title_en, p.description_sv, p.description_en, \
                p.legal_basis_sv, p.legal_basis_en, p.period_start, p.period_end, \
                p.report_due_days, {}, \
                (SELECT r.revision FROM plan_revision r WHERE r.id = 1) AS revision \
         FROM plan p JOIN organisation lead ON lead.id = p.lead_ministry_id \
         ORDER BY p.id LIMIT 1",
        organisation_columns("lead")
    );
    let Some(row) = sqlx::query(&sql).fetch_optional(&mut *conn).await? else {
        return Ok(None);
    };
    Ok(Some(CurrentPlan {
        id: row.try_get("id")?,
        revision: row.try_get("revision")?,
        summary: PlanSummary {
            code: row.try_get("code")?,
            title: localized(&row, "title")?,
            description: localized(&row, "description")?,
            legal_basis: localized(&row, "legal_basis")?,
            period_start: row.try_get::<IsoDate, _>("period_start")?,
            period_end: row.try_get::<IsoDate, _>("period_end")?,
            lead_ministry: organisation(&row, "lead")?,
            report_due_days: row.try_get("report_due_days")?,
        },
    }))
}

/// The plan's areas in their order, with database ids.
pub async fn areas(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<(i64, AreaRef)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, code, title_sv, title_en FROM area WHERE plan_id = $1 ORDER BY sort_order, code",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok((
                row.try_get("id")?,
                AreaRef {
                    code: row.try_get("code")?,
                    title: localized(row, "title")?,
                },
            ))
        })
        .collect()
}

/// Organisations that lead at least one measure of the plan, by Swedish name.
pub async fn lead_organisations(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<OrganisationRef>, sqlx::Error> {
    let sql = format!(
        "SELECT {} FROM organisation o \
         WHERE EXISTS (SELECT 1 FROM measure m WHERE m.lead_organisation_id = o.id AND m.plan_id = $1) \
         ORDER BY o.name_sv",
        organisation_columns("o")
    );
    let rows = sqlx::query(&sql)
        .bind(plan_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|row| organisation(row, "o")).collect()
}

/// All 21 counties in code order.
pub async fn counties(conn: &mut AnyConnection) -> Result<Vec<CountyRef>, sqlx::Error> {
    let rows = sqlx::query("SELECT code AS c_code, name_sv AS c_name_sv, name_en AS c_name_en FROM county ORDER BY code")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|row| super::rows::county(row, "c"))
        .collect()
}

/// The select list for an obligation aliased `ob`.
pub const OBLIGATION_COLUMNS: &str = "ob.code AS ob_code, ob.source AS ob_source, \
     ob.reference AS ob_reference, ob.title_sv AS ob_title_sv, ob.title_en AS ob_title_en, \
     ob.amended_2024 AS ob_amended_2024, ob.reference_verified AS ob_reference_verified";

pub fn obligation(row: &sqlx::any::AnyRow) -> Result<ObligationRef, sqlx::Error> {
    Ok(ObligationRef {
        code: row.try_get("ob_code")?,
        source: row.try_get("ob_source")?,
        reference: row.try_get("ob_reference")?,
        title: localized(row, "ob_title")?,
        amended_2024: flag(row, "ob_amended_2024")?,
        reference_verified: flag(row, "ob_reference_verified")?,
    })
}

/// Every obligation in its order (directive, convention, GRETA).
pub async fn obligations(conn: &mut AnyConnection) -> Result<Vec<ObligationRef>, sqlx::Error> {
    let sql =
        format!("SELECT {OBLIGATION_COLUMNS} FROM obligation ob ORDER BY ob.sort_order, ob.code");
    let rows = sqlx::query(&sql).fetch_all(&mut *conn).await?;
    rows.iter().map(obligation).collect()
}

/// The title of what a history is of: a measure of the plan, an assignment (by its stored
/// diary number) or a county; `None` when there is no such thing.
pub async fn history_title(
    conn: &mut AnyConnection,
    plan_id: i64,
    kind: crate::models::HistoryKind,
    key: &str,
) -> Result<Option<Localized>, sqlx::Error> {
    use crate::models::HistoryKind;
    let (sql, with_plan) = match kind {
        HistoryKind::Measure => (
            "SELECT title_sv, title_en FROM measure WHERE code = $1 AND plan_id = $2",
            true,
        ),
        HistoryKind::Assignment => (
            "SELECT title_sv, title_en FROM assignment WHERE diary_number = $1",
            false,
        ),
        HistoryKind::County => (
            "SELECT name_sv AS title_sv, name_en AS title_en FROM county WHERE code = $1",
            false,
        ),
    };
    let mut query = sqlx::query(sql).bind(key);
    if with_plan {
        query = query.bind(plan_id);
    }
    let row = query.fetch_optional(&mut *conn).await?;
    row.map(|row| localized(&row, "title")).transpose()
}
