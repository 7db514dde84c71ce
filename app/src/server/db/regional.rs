//! A county board's row for one measure: reading it for its edit page, and saving it only
//! over the version the person saw.

use super::assignments::measure_ref;
use super::rows::localized;
use crate::domain::{CountyCode, IsoDate, ReportFrequency, ReportingPeriod};
use crate::models::{CountyRef, RegionalRowEdit, RegionalValues, SignedInUser};
use crate::server::Timestamp;
use sqlx::{AnyConnection, Row};

/// The stored row: its id (for saving) and what its edit page shows.
pub struct StoredRow {
    pub id: i64,
    pub row: RegionalRowEdit,
}

/// Whether a row last updated at `updated_at` (RFC 3339) is stale in the quarter of `today`.
pub fn is_stale(updated_at: &str, today: IsoDate) -> (ReportingPeriod, bool) {
    let period = ReportingPeriod::containing(today, ReportFrequency::Quarterly);
    let start = period.start().to_string();
    (
        period,
        updated_at.get(..10).is_none_or(|day| day < start.as_str()),
    )
}

/// The row of county `county` for measure `code` of the plan.
pub async fn get(
    conn: &mut AnyConnection,
    plan_id: i64,
    code: &str,
    county: CountyCode,
    today: IsoDate,
) -> Result<Option<StoredRow>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT ri.id, m.code, m.title_sv, m.title_en, m.status, m.progress, \
                c.code AS county_code, c.name_sv AS county_sv, c.name_en AS county_en, \
                ri.status AS ri_status, ri.progress AS ri_progress, ri.contact_name, \
                ri.contact_role, ri.narrative, ri.spent, ri.version, ri.updated_by_name, \
                ri.updated_at \
         FROM regional_implementation ri \
         JOIN measure m ON m.id = ri.measure_id \
         JOIN county c ON c.code = ri.county_code \
         WHERE m.plan_id = $1 AND m.code = $2 AND ri.county_code = $3",
    )
    .bind(plan_id)
    .bind(code)
    .bind(county.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let updated_at: String = row.try_get("updated_at")?;
    let (current_period, stale) = is_stale(&updated_at, today);
    Ok(Some(StoredRow {
        id: row.try_get("id")?,
        row: RegionalRowEdit {
            measure: measure_ref(&row)?,
            county: CountyRef {
                code: row.try_get("county_code")?,
                name: localized(&row, "county")?,
            },
            values: RegionalValues {
                status: row.try_get("ri_status")?,
                progress: row.try_get("ri_progress")?,
                contact_name: row.try_get("contact_name")?,
                contact_role: row.try_get("contact_role")?,
                narrative: row.try_get("narrative")?,
                spent: row.try_get("spent")?,
            },
            version: row.try_get("version")?,
            updated_by: row.try_get("updated_by_name")?,
            updated_at,
            current_period,
            stale,
        },
    }))
}

/// Saves `values` over the row if it is still at `version`; `false` (and nothing saved) when
/// someone else saved first.
pub async fn save(
    conn: &mut AnyConnection,
    id: i64,
    values: &RegionalValues,
    version: i64,
    by: &SignedInUser,
    at: &Timestamp,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE regional_implementation SET status = $3, progress = $4, contact_name = $5, \
                contact_role = $6, narrative = $7, spent = $8, updated_by_user_id = $9, \
                updated_by_name = $10, updated_at = $11, version = version + 1 \
         WHERE id = $1 AND version = $2",
    )
    .bind(id)
    .bind(version)
    .bind(values.status.as_str())
    .bind(i64::from(values.progress.percent()))
    .bind(&values.contact_name)
    .bind(&values.contact_role)
    .bind(&values.narrative)
    .bind(values.spent.as_kronor())
    .bind(by.id)
    .bind(&by.display_name)
    .bind(at.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_not_updated_this_quarter_is_stale() {
        let today = IsoDate::parse("2026-11-28").unwrap();
        assert!(!is_stale("2026-10-01T08:00:00Z", today).1);
        assert!(is_stale("2026-09-30T23:59:59Z", today).1);
        assert_eq!(
            is_stale("2026-11-01T00:00:00Z", today).0.to_string(),
            "2026-Q4"
        );
    }
}
