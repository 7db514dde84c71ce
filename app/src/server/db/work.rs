//! An organisation's work: its draft reports, and the secret address of its deadline calendar.

use super::rows::localized;
use crate::domain::DiaryNumber;
use crate::models::DraftItem;
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

/// The token of the organisation's calendar feed, if one has been made.
pub async fn calendar_token(
    conn: &mut AnyConnection,
    organisation_id: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT token FROM calendar_feed WHERE organisation_id = $1")
        .bind(organisation_id)
        .fetch_optional(&mut *conn)
        .await
}

/// Gives the organisation a new calendar token (the old address stops working).
pub async fn renew_calendar_token(
    conn: &mut AnyConnection,
    organisation_id: i64,
    token: &str,
    at: &Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM calendar_feed WHERE organisation_id = $1")
        .bind(organisation_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO calendar_feed (organisation_id, token, created_at) VALUES ($1, $2, $3)",
    )
    .bind(organisation_id)
    .bind(token)
    .bind(at.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The organisation whose calendar `token` opens: (id, code).
pub async fn calendar_owner(
    conn: &mut AnyConnection,
    token: &str,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.id, o.code FROM calendar_feed f JOIN organisation o ON o.id = f.organisation_id \
         WHERE f.token = $1",
    )
    .bind(token)
    .fetch_optional(&mut *conn)
    .await
}
