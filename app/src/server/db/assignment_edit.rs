//! Editing government assignments: registering one with its first deadlines, reading one as
//! its form shows it, saving it over the version the editor saw, and its deadlines one by one
//! (a report's delivery date is never touched here).

use super::load;
use crate::domain::{DeadlineKind, DiaryNumber, Evidence, Localized};
use crate::models::{AssignmentValues, DeadlineRow, DeadlineValues, FirstDeadlines};
use crate::server::Timestamp;
use sqlx::{AnyConnection, Row};

/// The ministry whose diary numbers carry `prefix` (`A`).
pub async fn ministry_by_prefix(
    conn: &mut AnyConnection,
    prefix: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM organisation WHERE kind = 'ministry' AND diary_prefix = $1")
        .bind(prefix)
        .fetch_optional(&mut *conn)
        .await
}

/// Whether an assignment with this diary number is registered.
pub async fn exists(
    conn: &mut AnyConnection,
    diary_number: &DiaryNumber,
) -> Result<bool, sqlx::Error> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM assignment WHERE diary_number = $1")
        .bind(diary_number.to_string())
        .fetch_one(&mut *conn)
        .await?;
    Ok(count > 0)
}

/// Registers a new assignment with its measures and its first deadlines.
pub async fn insert(
    conn: &mut AnyConnection,
    values: &AssignmentValues,
    first: FirstDeadlines,
    ministry_id: i64,
    recipient_id: i64,
    measure_ids: Vec<i64>,
    at: &Timestamp,
) -> Result<i64, sqlx::Error> {
    let deadline = |kind, due_date| load::NewDeadline {
        kind,
        due_date,
        delivered_date: None,
        description: Localized::default(),
    };
    let mut deadlines = Vec::new();
    if let Some(interim) = first.interim_due {
        deadlines.push(deadline(DeadlineKind::Interim, interim));
    }
    deadlines.push(deadline(DeadlineKind::Final, first.final_due));
    load::assignment(
        conn,
        &load::NewAssignment {
            diary_number: values.diary_number.clone(),
            ministry_id,
            recipient_id,
            title: values.title.clone(),
            description: values.description.clone(),
            decision_date: values.decision_date,
            evidence: Evidence::Verified,
            evidence_note: String::new(),
            measure_ids,
            deadlines,
        },
        at,
    )
    .await
}

/// A registered assignment: its id, version, ministry and editable fields.
pub struct StoredAssignment {
    pub id: i64,
    pub version: i64,
    pub ministry_id: i64,
    pub values: AssignmentValues,
}

pub async fn assignment(
    conn: &mut AnyConnection,
    diary_number: &DiaryNumber,
) -> Result<Option<StoredAssignment>, sqlx::Error> {
    let Some(row) = sqlx::query(
        "SELECT a.id, a.version, a.ministry_id, a.diary_number, a.title_sv, a.title_en, \
                a.description_sv, a.description_en, a.decision_date, r.code AS recipient_code \
         FROM assignment a JOIN organisation r ON r.id = a.recipient_id \
         WHERE a.diary_number = $1",
    )
    .bind(diary_number.to_string())
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let id: i64 = row.try_get("id")?;
    let measures = sqlx::query_scalar(
        "SELECT m.code FROM assignment_measure am JOIN measure m ON m.id = am.measure_id \
         WHERE am.assignment_id = $1 ORDER BY m.id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Some(StoredAssignment {
        id,
        version: row.try_get("version")?,
        ministry_id: row.try_get("ministry_id")?,
        values: AssignmentValues {
            diary_number: row.try_get("diary_number")?,
            recipient: row.try_get("recipient_code")?,
            title: super::rows::localized(&row, "title")?,
            description: super::rows::localized(&row, "description")?,
            decision_date: row.try_get("decision_date")?,
            measures,
        },
    }))
}

/// Saves `values` over assignment `id` if it is still at `version`; `false` (and nothing
/// saved) when someone else saved first. The diary number never changes.
pub async fn update(
    conn: &mut AnyConnection,
    id: i64,
    version: i64,
    values: &AssignmentValues,
    recipient_id: i64,
    measure_ids: &[i64],
    at: &Timestamp,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE assignment SET recipient_id = $3, title_sv = $4, title_en = $5, \
                description_sv = $6, description_en = $7, decision_date = $8, updated_at = $9, \
                version = version + 1 \
         WHERE id = $1 AND version = $2",
    )
    .bind(id)
    .bind(version)
    .bind(recipient_id)
    .bind(&values.title.sv)
    .bind(&values.title.en)
    .bind(&values.description.sv)
    .bind(&values.description.en)
    .bind(values.decision_date.to_string())
    .bind(at.as_str())
    .execute(&mut *conn)
    .await?;
    if result.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM assignment_measure WHERE assignment_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for measure_id in measure_ids {
        sqlx::query("INSERT INTO assignment_measure (assignment_id, measure_id) VALUES ($1, $2)")
            .bind(id)
            .bind(measure_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(true)
}

/// The codes of the measures that money goes to through assignment `id`.
pub async fn funded_measures(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT DISTINCT m.code FROM funding f JOIN measure m ON m.id = f.measure_id \
         WHERE f.assignment_id = $1",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await
}

/// Assignment `id`'s deadlines, by due date.
pub async fn deadlines(conn: &mut AnyConnection, id: i64) -> Result<Vec<DeadlineRow>, sqlx::Error> {
    sqlx::query(
        "SELECT id, version, kind, due_date, delivered_date, description_sv, description_en \
         FROM assignment_deadline WHERE assignment_id = $1 ORDER BY due_date, id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|row| {
        Ok(DeadlineRow {
            id: row.try_get("id")?,
            version: row.try_get("version")?,
            values: DeadlineValues {
                kind: row.try_get("kind")?,
                due_date: row.try_get("due_date")?,
                description: super::rows::localized(row, "description")?,
            },
            delivered_date: row.try_get("delivered_date")?,
        })
    })
    .collect()
}

/// Adds a deadline to assignment `id`; answers the deadline's id.
pub async fn insert_deadline(
    conn: &mut AnyConnection,
    id: i64,
    values: &DeadlineValues,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO assignment_deadline (assignment_id, kind, due_date, description_sv, description_en) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(id)
    .bind(values.kind.as_str())
    .bind(values.due_date.to_string())
    .bind(&values.description.sv)
    .bind(&values.description.en)
    .fetch_one(&mut *conn)
    .await
}

/// Saves deadline `deadline` of assignment `id` if it is still at `version`; `false` when
/// someone else saved first. Its delivery date stays as the reports set it.
pub async fn update_deadline(
    conn: &mut AnyConnection,
    id: i64,
    deadline: i64,
    version: i64,
    values: &DeadlineValues,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE assignment_deadline SET kind = $4, due_date = $5, description_sv = $6, \
                description_en = $7, version = version + 1 \
         WHERE assignment_id = $1 AND id = $2 AND version = $3",
    )
    .bind(id)
    .bind(deadline)
    .bind(version)
    .bind(values.kind.as_str())
    .bind(values.due_date.to_string())
    .bind(&values.description.sv)
    .bind(&values.description.en)
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected() == 1)
}
