//! An organisation's work: its draft reports, and the secret address of its deadline calendar.

use super::rows::{localized, organisation, organisation_columns};
use crate::domain::DiaryNumber;
use crate::models::{CalendarFeedRow, DraftItem};
use crate::server::Timestamp;
use sqlx::{AnyConnection, Row};

/// Draft reports on the measures and assignments `organisation_id` owns, by subject and period.
pub async fn drafts(
    conn: &mut AnyConnection,
    plan_id: i64,
    organisation_id: i64,
) -> Result<Vec<DraftItem>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT r.period, r.author_name, m.code, a.diary_number, \
                COALESCE(m.title_sv, a.title_sv) AS title_sv, \
                COALESCE(m.title_en, a.title_en) AS title_en \
         FROM progress_report r \
         LEFT JOIN measure m ON m.id = r.measure_id \
         LEFT JOIN assignment a ON a.id = r.assignment_id \
         WHERE r.state = 'draft' \
           AND ((m.plan_id = $1 AND m.lead_organisation_id = $2) OR a.recipient_id = $2) \
         ORDER BY r.period, r.id",
    )
    .bind(plan_id)
    .bind(organisation_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let code: Option<String> = row.try_get("code")?;
            let diary_number: Option<DiaryNumber> = row.try_get("diary_number")?;
            let period: crate::domain::ReportingPeriod = row.try_get("period")?;
            let (label, base) = match (code, diary_number) {
                (Some(code), _) => (code.clone(), format!("/measures/{code}")),
                (None, Some(number)) => (
                    number.to_string(),
                    format!("/assignments/{}", number.slug()),
                ),
                (None, None) => (String::new(), String::new()),
            };
            Ok(DraftItem {
                href: format!("{base}/report?period={period}"),
                label,
                title: localized(row, "title")?,
                period,
                author_name: row.try_get("author_name")?,
            })
        })
        .collect()
}

/// When the organisation's calendar address was made, if it has one.
pub async fn calendar_made_at(
    conn: &mut AnyConnection,
    organisation_id: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT created_at FROM calendar_feed WHERE organisation_id = $1")
        .bind(organisation_id)
        .fetch_optional(&mut *conn)
        .await
}

/// Gives the organisation a new calendar address, kept as the hash of its secret (the old
/// address stops working).
pub async fn renew_calendar_feed(
    conn: &mut AnyConnection,
    organisation_id: i64,
    token_hash: &str,
    at: &Timestamp,
) -> Result<(), sqlx::Error> {
    end_calendar_feed(conn, organisation_id).await?;
    sqlx::query(
        "INSERT INTO calendar_feed (organisation_id, token_hash, created_at) VALUES ($1, $2, $3)",
    )
    .bind(organisation_id)
    .bind(token_hash)
    .bind(at.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Ends the organisation's calendar address; whether it had one.
pub async fn end_calendar_feed(
    conn: &mut AnyConnection,
    organisation_id: i64,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query("DELETE FROM calendar_feed WHERE organisation_id = $1")
        .bind(organisation_id)
        .execute(&mut *conn)
        .await?;
    Ok(result.rows_affected() > 0)
}

/// The organisation whose calendar the secret with `token_hash` opens: (id, code).
pub async fn calendar_owner(
    conn: &mut AnyConnection,
    token_hash: &str,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.id, o.code FROM calendar_feed f JOIN organisation o ON o.id = f.organisation_id \
         WHERE f.token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(&mut *conn)
    .await
}

/// Every calendar address there is, by organisation name: for the administrators.
pub async fn calendar_feeds(conn: &mut AnyConnection) -> Result<Vec<CalendarFeedRow>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {}, f.created_at \
         FROM calendar_feed f JOIN organisation o ON o.id = f.organisation_id \
         ORDER BY o.name_sv",
        organisation_columns("o")
    ))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(CalendarFeedRow {
                organisation: organisation(row, "o")?,
                created_at: row.try_get("created_at")?,
            })
        })
        .collect()
}
