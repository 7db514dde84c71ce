//! The demo plan's change history. A real installation's audit trail grows with every change
//! people make; the demo's is rebuilt from the demo data itself, so that the history tabs and
//! the plan-on-a-past-date view have something true to the data to show: each measure is
//! created at its start, then takes the status and progress of each report as it is submitted,
//! and each county board's row changes when the board last updated it.

use anyhow::Context;
use anyhow::Result;
use app::server::Timestamp;
use app::server::db::audit::{self, Actor, Change};
use serde_json::json;
use sqlx::{AnyConnection, Row};

/// Records the history of the demo data, as of `now` (the morning of the demo's day).
pub async fn record(conn: &mut AnyConnection, now: &Timestamp) -> Result<()> {
    let today_instant = now.as_str();
    measures(conn, today_instant).await?;
    regional_rows(conn).await?;
    Ok(())
}

async fn measures(conn: &mut AnyConnection, today_instant: &str) -> Result<()> {
    let measures = sqlx::query(
        "SELECT m.id, m.code, m.start_date, m.end_date, m.status, m.progress, m.lead_organisation_id, \
                org.kind AS lead_kind, org.name_sv AS lead_name \
         FROM measure m JOIN organisation org ON org.id = m.lead_organisation_id ORDER BY m.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    for measure in &measures {
        let id: i64 = measure.try_get("id")?;
        let code: String = measure.try_get("code")?;
        let lead = Actor {
            user_id: None,
            name: format!("{} (demo)", measure.try_get::<String, _>("lead_name")?),
            role: role_of(&measure.try_get::<String, _>("lead_kind")?),
            organisation_id: Some(measure.try_get("lead_organisation_id")?),
        };
        let start: String = measure.try_get("start_date")?;
        // A measure that starts later was entered into the plan today.
        let created = if start.as_str() > &today_instant[..10] {
            today_instant.to_owned()
        } else {
            format!("{start}T08:00:00Z")
        };
        let mut state = json!({ "status": "not_started", "progress": 0 });
        audit::record(
            conn,
            &stored(&created)?,
            &lead,
            Change {
                entity_type: "measure",
                entity_id: &code,
                action: "create",
                before: None,
                after: Some(state.clone()),
            },
        )
        .await?;
        let reports = sqlx::query(
            "SELECT r.status, r.progress, r.submitted_at, r.author_user_id, r.author_name, \
                    r.organisation_id, org.kind \
             FROM progress_report r JOIN organisation org ON org.id = r.organisation_id \
             WHERE r.measure_id = $1 AND r.state = 'submitted' \
             ORDER BY r.submitted_at, r.revision",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
        let mut last_at = created.clone();
        for report in &reports {
            let next = json!({
                "status": report.try_get::<String, _>("status")?,
                "progress": report.try_get::<i64, _>("progress")?,
            });
            let author = Actor {
                user_id: report.try_get("author_user_id")?,
                name: report.try_get("author_name")?,
                role: role_of(&report.try_get::<String, _>("kind")?),
                organisation_id: Some(report.try_get("organisation_id")?),
            };
            let at: String = report.try_get("submitted_at")?;
            update(conn, &at, &author, &code, &mut state, next).await?;
            last_at = at;
        }
        let current = json!({
            "status": measure.try_get::<String, _>("status")?,
            "progress": measure.try_get::<i64, _>("progress")?,
        });
        // A measure that has ended took its final status when it ended; any other took it
        // today. Never before its last report.
        let status: String = measure.try_get("status")?;
        let end: String = measure.try_get("end_date")?;
        let closed = matches!(status.as_str(), "completed" | "cancelled");
        let final_at = if closed && end.as_str() < &today_instant[..10] {
            format!("{end}T16:00:00Z")
        } else {
            today_instant.to_owned()
        };
        let final_at = final_at.max(last_at);
        update(conn, &final_at, &lead, &code, &mut state, current).await?;
    }
    Ok(())
}

/// Records the fields of `next` that differ from `state`, and moves `state` on.
async fn update(
    conn: &mut AnyConnection,
    at: &str,
    actor: &Actor,
    code: &str,
    state: &mut serde_json::Value,
    next: serde_json::Value,
) -> Result<()> {
    let (mut before, mut after) = (serde_json::Map::new(), serde_json::Map::new());
    for (field, value) in next.as_object().into_iter().flatten() {
        if state.get(field) != Some(value) {
            before.insert(field.clone(), state[field].clone());
            after.insert(field.clone(), value.clone());
        }
    }
    if after.is_empty() {
        return Ok(());
    }
    audit::record(
        conn,
        &stored(at)?,
        actor,
        Change {
            entity_type: "measure",
            entity_id: code,
            action: "update",
            before: Some(before.into()),
            after: Some(after.into()),
        },
    )
    .await?;
    *state = next;
    Ok(())
}

async fn regional_rows(conn: &mut AnyConnection) -> Result<()> {
    let rows = sqlx::query(
        "SELECT m.code, r.county_code, r.status, r.progress, r.contact_name, r.updated_at, \
                r.updated_by_user_id, r.updated_by_name, r.owner_organisation_id \
         FROM regional_implementation r JOIN measure m ON m.id = r.measure_id \
         WHERE r.status <> 'not_started' ORDER BY r.updated_at, r.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    for row in &rows {
        let code: String = row.try_get("code")?;
        let county: String = row.try_get("county_code")?;
        let actor = Actor {
            user_id: row.try_get("updated_by_user_id")?,
            name: row.try_get("updated_by_name")?,
            role: "county_board".to_owned(),
            organisation_id: Some(row.try_get("owner_organisation_id")?),
        };
        let at: String = row.try_get("updated_at")?;
        let mut after = json!({
            "status": row.try_get::<String, _>("status")?,
            "progress": row.try_get::<i64, _>("progress")?,
        });
        let contact: String = row.try_get("contact_name")?;
        if !contact.is_empty() {
            after["contact_name"] = json!(contact);
        }
        audit::record(
            conn,
            &stored(&at)?,
            &actor,
            Change {
                entity_type: "regional_row",
                entity_id: &format!("{county}/{code}"),
                action: "update",
                before: Some(json!({ "status": "not_started", "progress": 0 })),
                after: Some(after),
            },
        )
        .await?;
    }
    Ok(())
}

/// The role an organisation's reporters have.
fn role_of(kind: &str) -> String {
    match kind {
        "ministry" | "government" => "ministry",
        "county_board" => "county_board",
        _ => "agency",
    }
    .to_owned()
}

/// An instant the demo data holds as text.
fn stored(text: &str) -> Result<Timestamp> {
    Timestamp::parse(text).with_context(|| format!("the demo data holds {text:?}, not an instant"))
}
