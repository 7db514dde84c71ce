//! Editing the plan's measures: reading one as its form shows it, the choices the form offers,
//! and saving (a new measure, or an existing one only over the version the editor saw).

use super::load::{self, NewMeasure};
use super::rows::{lead_ministry_column, organisation, organisation_columns};
use crate::domain::{Evidence, Progress, Status};
use crate::models::{MeasureValues, OrganisationRef};
use crate::server::Timestamp;
use sqlx::{AnyConnection, Row};

/// An organisation as the measure form needs it.
pub struct OrganisationChoice {
    pub id: i64,
    pub lead_ministry: Option<i64>,
    pub organisation: OrganisationRef,
}

/// Every organisation, by Swedish name.
pub async fn organisations(
    conn: &mut AnyConnection,
) -> Result<Vec<OrganisationChoice>, sqlx::Error> {
    let sql = format!(
        "SELECT o.id, {} AS lead_ministry, {} FROM organisation o ORDER BY o.name_sv",
        lead_ministry_column("o"),
        organisation_columns("o")
    );
    sqlx::query(&sql)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|row| {
            Ok(OrganisationChoice {
                id: row.try_get("id")?,
                lead_ministry: row.try_get("lead_ministry")?,
                organisation: organisation(row, "o")?,
            })
        })
        .collect()
}

/// A stored measure: its id, version, lead ministry and editable fields.
pub struct StoredMeasure {
    pub id: i64,
    pub version: i64,
    pub lead_ministry: Option<i64>,
    pub status: Status,
    pub progress: Progress,
    pub values: MeasureValues,
}

pub async fn measure(
    conn: &mut AnyConnection,
    plan_id: i64,
    code: &str,
) -> Result<Option<StoredMeasure>, sqlx::Error> {
    let sql = format!(
        "SELECT m.id, m.version, m.code, m.title_sv, m.title_en, m.description_sv, \
                m.description_en, m.kind, m.start_date, m.end_date, m.report_frequency, \
                m.is_regional, m.status, m.progress, a.code AS area_code, o.code AS lead_code, \
                {} AS lead_ministry \
         FROM measure m JOIN area a ON a.id = m.area_id \
         JOIN organisation o ON o.id = m.lead_organisation_id \
         WHERE m.plan_id = $1 AND m.code = $2",
        lead_ministry_column("o")
    );
    let Some(row) = sqlx::query(&sql)
        .bind(plan_id)
        .bind(code)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let id: i64 = row.try_get("id")?;
    let partners = codes(
        conn,
        id,
        "SELECT o.code FROM measure_partner p JOIN organisation o ON o.id = p.organisation_id \
         WHERE p.measure_id = $1 ORDER BY o.name_sv",
    )
    .await?;
    let obligations = codes(
        conn,
        id,
        "SELECT ob.code FROM measure_obligation mo JOIN obligation ob ON ob.id = mo.obligation_id \
         WHERE mo.measure_id = $1 ORDER BY ob.sort_order",
    )
    .await?;
    let forms = codes(
        conn,
        id,
        "SELECT form FROM measure_exploitation_form WHERE measure_id = $1 ORDER BY form",
    )
    .await?;
    let groups = codes(
        conn,
        id,
        "SELECT target_group FROM measure_target_group WHERE measure_id = $1 ORDER BY target_group",
    )
    .await?;
    Ok(Some(StoredMeasure {
        id,
        version: row.try_get("version")?,
        lead_ministry: row.try_get("lead_ministry")?,
        status: row.try_get("status")?,
        progress: row.try_get("progress")?,
        values: MeasureValues {
            area: row.try_get("area_code")?,
            code: row.try_get("code")?,
            title: super::rows::localized(&row, "title")?,
            description: super::rows::localized(&row, "description")?,
            kind: row.try_get("kind")?,
            lead: row.try_get("lead_code")?,
            partners,
            start_date: row.try_get("start_date")?,
            end_date: row.try_get("end_date")?,
            report_frequency: row.try_get("report_frequency")?,
            is_regional: super::rows::flag(&row, "is_regional")?,
            obligations,
            forms: forms.iter().filter_map(|v| v.parse().ok()).collect(),
            groups: groups.iter().filter_map(|v| v.parse().ok()).collect(),
        },
    }))
}

/// The codes one query lists for measure `id`.
async fn codes(
    conn: &mut AnyConnection,
    id: i64,
    sql: &'static str,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(sql).bind(id).fetch_all(&mut *conn).await
}

/// The database ids a measure's values refer to, once each is known to exist.
pub struct Resolved {
    pub area_id: i64,
    pub lead_id: i64,
    pub partner_ids: Vec<i64>,
    pub obligation_ids: Vec<i64>,
}

/// The id of the plan's area `code`.
pub async fn area_id(
    conn: &mut AnyConnection,
    plan_id: i64,
    code: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM area WHERE plan_id = $1 AND code = $2")
        .bind(plan_id)
        .bind(code)
        .fetch_optional(&mut *conn)
        .await
}

/// The id of obligation `code`.
pub async fn obligation_id(
    conn: &mut AnyConnection,
    code: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM obligation WHERE code = $1")
        .bind(code)
        .fetch_optional(&mut *conn)
        .await
}

fn new_measure(plan_id: i64, values: &MeasureValues, ids: &Resolved) -> NewMeasure {
    NewMeasure {
        plan_id,
        area_id: ids.area_id,
        code: values.code.clone(),
        title: values.title.clone(),
        description: values.description.clone(),
        kind: values.kind,
        lead_organisation_id: ids.lead_id,
        partner_ids: ids.partner_ids.clone(),
        start_date: values.start_date,
        end_date: values.end_date,
        status: Status::NotStarted,
        progress: Progress::ZERO,
        report_frequency: values.report_frequency,
        is_regional: values.is_regional,
        evidence: Evidence::Verified,
        evidence_note: String::new(),
        exploitation_forms: values.forms.clone(),
        target_groups: values.groups.clone(),
        obligation_ids: ids.obligation_ids.clone(),
    }
}

/// Adds a new measure (not started, 0 %); returns its id.
pub async fn insert(
    conn: &mut AnyConnection,
    plan_id: i64,
    values: &MeasureValues,
    ids: &Resolved,
    at: &Timestamp,
) -> Result<i64, sqlx::Error> {
    load::measure(conn, &new_measure(plan_id, values, ids), at).await
}

/// Saves `values` over measure `id` if it is still at `version`; `false` (and nothing saved)
/// when someone else saved first. The code never changes.
pub async fn update(
    conn: &mut AnyConnection,
    plan_id: i64,
    id: i64,
    version: i64,
    values: &MeasureValues,
    ids: &Resolved,
    at: &Timestamp,
) -> Result<bool, sqlx::Error> {
    let search = super::search_text(&[
        &values.code,
        &values.title.sv,
        &values.title.en,
        &values.description.sv,
        &values.description.en,
    ]);
    let result = sqlx::query(
        "UPDATE measure SET area_id = $3, title_sv = $4, title_en = $5, description_sv = $6, \
                description_en = $7, kind = $8, lead_organisation_id = $9, start_date = $10, \
                end_date = $11, report_frequency = $12, is_regional = $13, search_text = $14, \
                updated_at = $15, version = version + 1 \
         WHERE id = $1 AND version = $2",
    )
    .bind(id)
    .bind(version)
    .bind(ids.area_id)
    .bind(&values.title.sv)
    .bind(&values.title.en)
    .bind(&values.description.sv)
    .bind(&values.description.en)
    .bind(values.kind.as_str())
    .bind(ids.lead_id)
    .bind(values.start_date.to_string())
    .bind(values.end_date.to_string())
    .bind(values.report_frequency.as_str())
    .bind(i64::from(values.is_regional))
    .bind(search)
    .bind(at.as_str())
    .execute(&mut *conn)
    .await?;
    if result.rows_affected() != 1 {
        return Ok(false);
    }
    for table in [
        "measure_partner",
        "measure_obligation",
        "measure_exploitation_form",
        "measure_target_group",
    ] {
        sqlx::query(&format!("DELETE FROM {table} WHERE measure_id = $1"))
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    load::measure_links(conn, id, &new_measure(plan_id, values, ids)).await?;
    Ok(true)
}

/// The id of the plan's measure `code` and the ministry that leads it (see
/// [`StoredMeasure::lead_ministry`]).
pub async fn measure_lead(
    conn: &mut AnyConnection,
    plan_id: i64,
    code: &str,
) -> Result<Option<(i64, Option<i64>)>, sqlx::Error> {
    let sql = format!(
        "SELECT m.id, {} AS lead_ministry FROM measure m \
         JOIN organisation o ON o.id = m.lead_organisation_id \
         WHERE m.plan_id = $1 AND m.code = $2",
        lead_ministry_column("o")
    );
    sqlx::query_as(&sql)
        .bind(plan_id)
        .bind(code)
        .fetch_optional(&mut *conn)
        .await
}

/// A measure's funding decision lines for editing: (id, version, values), by year.
pub async fn funding_lines(
    conn: &mut AnyConnection,
    measure_id: i64,
) -> Result<Vec<(i64, i64, crate::models::FundingValues)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT f.id, f.version, f.year, f.expenditure_area, f.appropriation, f.appropriation_item, \
                f.county_code, a.diary_number, f.allocated, f.disbursed, f.spent, f.decision_ref \
         FROM funding f LEFT JOIN assignment a ON a.id = f.assignment_id \
         WHERE f.measure_id = $1 ORDER BY f.year, f.id",
    )
    .bind(measure_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok((
                row.try_get("id")?,
                row.try_get("version")?,
                crate::models::FundingValues {
                    year: row.try_get("year")?,
                    expenditure_area: row.try_get("expenditure_area")?,
                    appropriation: row.try_get("appropriation")?,
                    appropriation_item: row.try_get("appropriation_item")?,
                    county: row.try_get("county_code")?,
                    assignment: row.try_get("diary_number")?,
                    allocated: row.try_get("allocated")?,
                    disbursed: row.try_get("disbursed")?,
                    spent: row.try_get("spent")?,
                    decision_ref: row.try_get("decision_ref")?,
                },
            ))
        })
        .collect()
}

/// The assignments linked to a measure: (id, diary number).
pub async fn assignments_of_measure(
    conn: &mut AnyConnection,
    measure_id: i64,
) -> Result<Vec<(i64, crate::domain::DiaryNumber)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT a.id, a.diary_number FROM assignment_measure am \
         JOIN assignment a ON a.id = am.assignment_id WHERE am.measure_id = $1 \
         ORDER BY a.diary_number",
    )
    .bind(measure_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("id")?, row.try_get("diary_number")?)))
        .collect()
}

/// Adds a funding decision line to a measure.
pub async fn insert_funding(
    conn: &mut AnyConnection,
    measure_id: i64,
    values: &crate::models::FundingValues,
    assignment_id: Option<i64>,
) -> Result<i64, sqlx::Error> {
    load::funding(
        conn,
        &load::NewFunding {
            measure_id,
            assignment_id,
            county_code: values.county,
            year: i32::try_from(values.year).unwrap_or(i32::MAX),
            expenditure_area: values.expenditure_area,
            appropriation: values.appropriation.clone(),
            appropriation_item: values.appropriation_item.clone(),
            allocated: values.allocated,
            disbursed: values.disbursed,
            spent: values.spent,
            decision_ref: values.decision_ref.clone(),
            evidence: Evidence::Verified,
        },
    )
    .await
}

/// Saves `values` over funding line `id` of the measure if it is still at `version`.
pub async fn update_funding(
    conn: &mut AnyConnection,
    measure_id: i64,
    id: i64,
    version: i64,
    values: &crate::models::FundingValues,
    assignment_id: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE funding SET year = $4, expenditure_area = $5, appropriation = $6, \
                appropriation_item = $7, county_code = $8, assignment_id = $9, allocated = $10, \
                disbursed = $11, spent = $12, decision_ref = $13, version = version + 1 \
         WHERE id = $1 AND measure_id = $2 AND version = $3",
    )
    .bind(id)
    .bind(measure_id)
    .bind(version)
    .bind(values.year)
    .bind(values.expenditure_area)
    .bind(&values.appropriation)
    .bind(&values.appropriation_item)
    .bind(values.county.map(|c| c.as_str().to_owned()))
    .bind(assignment_id)
    .bind(values.allocated.as_kronor())
    .bind(values.disbursed.as_kronor())
    .bind(values.spent.as_kronor())
    .bind(&values.decision_ref)
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected() == 1)
}
