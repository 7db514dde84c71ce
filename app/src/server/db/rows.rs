//! Reading the shared pieces of rows: texts held in both languages and organisation
//! references, selected under a common naming convention (`<alias>_code`, `<alias>_name_sv`...).

use crate::domain::{CountyCode, Localized};
use crate::models::{CountyRef, OrganisationRef};
use sqlx::Row;
use sqlx::any::AnyRow;

/// The select list for an organisation joined as `alias`.
pub fn organisation_columns(alias: &str) -> String {
    format!(
        "{alias}.code AS {alias}_code, {alias}.kind AS {alias}_kind, \
         {alias}.name_sv AS {alias}_name_sv, {alias}.name_en AS {alias}_name_en, \
         {alias}.short_name AS {alias}_short_name"
    )
}

/// The ministry that leads the work of an organisation joined as `alias`: the organisation
/// itself when it is a ministry, otherwise its ministry (what `policy::Action::EditMeasure` and
/// `Action::Report` compare with).
pub fn lead_ministry_column(alias: &str) -> String {
    format!(
        "CASE WHEN {alias}.kind = 'ministry' THEN {alias}.id ELSE {alias}.parent_ministry_id END"
    )
}

/// Reads an organisation selected with [`organisation_columns`].
pub fn organisation(row: &AnyRow, alias: &str) -> Result<OrganisationRef, sqlx::Error> {
    Ok(OrganisationRef {
        code: row.try_get(format!("{alias}_code").as_str())?,
        kind: row.try_get(format!("{alias}_kind").as_str())?,
        name: localized(row, &format!("{alias}_name"))?,
        short_name: row.try_get(format!("{alias}_short_name").as_str())?,
    })
}

/// Reads `<column>_sv` and `<column>_en`.
pub fn localized(row: &AnyRow, column: &str) -> Result<Localized, sqlx::Error> {
    Ok(Localized {
        sv: row.try_get(format!("{column}_sv").as_str())?,
        en: row.try_get(format!("{column}_en").as_str())?,
    })
}

/// Reads a county selected as `<alias>_code`, `<alias>_name_sv`, `<alias>_name_en`.
pub fn county(row: &AnyRow, alias: &str) -> Result<CountyRef, sqlx::Error> {
    Ok(CountyRef {
        code: row.try_get::<CountyCode, _>(format!("{alias}_code").as_str())?,
        name: localized(row, &format!("{alias}_name"))?,
    })
}

/// Reads a 0/1 flag.
pub fn flag(row: &AnyRow, column: &str) -> Result<bool, sqlx::Error> {
    Ok(row.try_get::<i64, _>(column)? != 0)
}
