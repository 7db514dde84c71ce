//! The plan's records as flat lines, one query per table of the published tables
//! (`server::tables`): every measure, assignment, deadline, funding line, regional row and
//! report of the plan, with the names of what they refer to. Which lines a reader gets is not
//! decided here (see `tables`).

use super::rows::{county, lead_ministry_column, localized, organisation, organisation_columns};
use crate::domain::{
    DeadlineKind, Evidence, ExploitationForm, IsoDate, Localized, MeasureKind, Progress,
    ReportFrequency, Status, TargetGroup, natural_cmp,
};
use crate::models::{CountyRef, ObligationRef, OrganisationRef, RegionalRow, ReportSubjectKind};
use crate::policy::{self, Access, Action};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;

/// A measure with what it is linked to.
pub struct MeasureLine {
    pub id: i64,
    pub code: String,
    pub area_code: String,
    pub title: Localized,
    pub description: Localized,
    pub kind: MeasureKind,
    pub lead: OrganisationRef,
    pub start: IsoDate,
    pub end: IsoDate,
    pub status: Status,
    pub progress: Progress,
    pub frequency: ReportFrequency,
    pub regional: bool,
    pub evidence: Evidence,
    pub evidence_note: String,
    pub version: i64,
    pub partners: Vec<OrganisationRef>,
    pub forms: Vec<ExploitationForm>,
    pub groups: Vec<TargetGroup>,
    /// Codes of the obligations it answers.
    pub obligations: Vec<String>,
}

/// Every measure of plan `plan_id`, in code order.
pub async fn measures(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<MeasureLine>, sqlx::Error> {
    let sql = format!(
        "SELECT m.id, m.code, a.code AS area_code, m.title_sv, m.title_en, m.description_sv, \
                m.description_en, m.kind, m.start_date, m.end_date, m.status, m.progress, \
                m.report_frequency, m.is_regional, m.evidence, m.evidence_note, m.version, {} \
         FROM measure m JOIN area a ON a.id = m.area_id \
              JOIN organisation lead ON lead.id = m.lead_organisation_id \
         WHERE m.plan_id = $1",
        organisation_columns("lead")
    );
    let rows = sqlx::query(&sql)
        .bind(plan_id)
        .fetch_all(&mut *conn)
        .await?;
    let mut partners = links(
        conn,
        &format!(
            "SELECT mp.measure_id AS owner, {} FROM measure_partner mp \
             JOIN organisation o ON o.id = mp.organisation_id \
             JOIN measure m ON m.id = mp.measure_id WHERE m.plan_id = $1 ORDER BY o.name_sv",
            organisation_columns("o")
        ),
        plan_id,
        |row| organisation(row, "o"),
    )
    .await?;
    let mut forms = links(
        conn,
        "SELECT f.measure_id AS owner, f.form FROM measure_exploitation_form f \
         JOIN measure m ON m.id = f.measure_id WHERE m.plan_id = $1",
        plan_id,
        |row| row.try_get("form"),
    )
    .await?;
    let mut groups = links(
        conn,
        "SELECT g.measure_id AS owner, g.target_group FROM measure_target_group g \
         JOIN measure m ON m.id = g.measure_id WHERE m.plan_id = $1",
        plan_id,
        |row| row.try_get("target_group"),
    )
    .await?;
    let mut obligations = links(
        conn,
        "SELECT mo.measure_id AS owner, o.code FROM measure_obligation mo \
         JOIN obligation o ON o.id = mo.obligation_id \
         JOIN measure m ON m.id = mo.measure_id WHERE m.plan_id = $1 ORDER BY o.sort_order",
        plan_id,
        |row| row.try_get("code"),
    )
    .await?;
    let mut lines = rows
        .iter()
        .map(|row| {
            let id: i64 = row.try_get("id")?;
            let mut forms: Vec<ExploitationForm> = forms.remove(&id).unwrap_or_default();
            forms.sort();
            let mut groups: Vec<TargetGroup> = groups.remove(&id).unwrap_or_default();
            groups.sort();
            Ok(MeasureLine {
                id,
                code: row.try_get("code")?,
                area_code: row.try_get("area_code")?,
                title: localized(row, "title")?,
                description: localized(row, "description")?,
                kind: row.try_get("kind")?,
                lead: organisation(row, "lead")?,
                start: row.try_get("start_date")?,
                end: row.try_get("end_date")?,
                status: row.try_get("status")?,
                progress: row.try_get("progress")?,
                frequency: row.try_get("report_frequency")?,
                regional: super::rows::flag(row, "is_regional")?,
                evidence: row.try_get("evidence")?,
                evidence_note: row.try_get("evidence_note")?,
                version: row.try_get("version")?,
                partners: partners.remove(&id).unwrap_or_default(),
                forms,
                groups,
                obligations: obligations.remove(&id).unwrap_or_default(),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    lines.sort_by(|a, b| natural_cmp(&a.code, &b.code));
    Ok(lines)
}

/// The rows of `sql` (selecting `owner` and what `read` reads, bound to `plan_id`) grouped by
/// owner, in the query's order.
async fn links<T>(
    conn: &mut AnyConnection,
    sql: &str,
    plan_id: i64,
    read: impl Fn(&AnyRow) -> Result<T, sqlx::Error>,
) -> Result<HashMap<i64, Vec<T>>, sqlx::Error> {
    let mut grouped: HashMap<i64, Vec<T>> = HashMap::new();
    for row in sqlx::query(sql).bind(plan_id).fetch_all(&mut *conn).await? {
        grouped
            .entry(row.try_get("owner")?)
            .or_default()
            .push(read(&row)?);
    }
    Ok(grouped)
}

/// A government assignment of the plan.
pub struct AssignmentLine {
    pub diary_number: String,
    pub ministry: OrganisationRef,
    pub recipient: OrganisationRef,
    pub title: Localized,
    pub description: Localized,
    pub decision_date: IsoDate,
    pub evidence: Evidence,
    pub version: i64,
    /// Codes of the measures it carries out, in code order.
    pub measures: Vec<String>,
}

/// The condition that an assignment aliased `a` belongs to plan `$1`: it carries out one of
/// the plan's measures.
const ASSIGNMENT_OF_PLAN: &str = "EXISTS (SELECT 1 FROM assignment_measure am \
     JOIN measure pm ON pm.id = am.measure_id WHERE am.assignment_id = a.id AND pm.plan_id = $1)";

/// Every assignment of plan `plan_id`, by diary number (its numbers compared as numbers).
pub async fn assignments(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<AssignmentLine>, sqlx::Error> {
    let sql = format!(
        "SELECT a.id, a.diary_number, a.title_sv, a.title_en, a.description_sv, \
                a.description_en, a.decision_date, a.evidence, a.version, {}, {} \
         FROM assignment a JOIN organisation min ON min.id = a.ministry_id \
              JOIN organisation rec ON rec.id = a.recipient_id \
         WHERE {ASSIGNMENT_OF_PLAN} ORDER BY a.diary_number",
        organisation_columns("min"),
        organisation_columns("rec")
    );
    let rows = sqlx::query(&sql)
        .bind(plan_id)
        .fetch_all(&mut *conn)
        .await?;
    let mut measures: HashMap<i64, Vec<String>> = links(
        conn,
        "SELECT am.assignment_id AS owner, m.code FROM assignment_measure am \
         JOIN measure m ON m.id = am.measure_id WHERE m.plan_id = $1",
        plan_id,
        |row| row.try_get("code"),
    )
    .await?;
    let mut lines = rows
        .iter()
        .map(|row| {
            let mut codes = measures
                .remove(&row.try_get::<i64, _>("id")?)
                .unwrap_or_default();
            codes.sort_by(|a, b| natural_cmp(a, b));
            Ok(AssignmentLine {
                diary_number: row.try_get("diary_number")?,
                ministry: organisation(row, "min")?,
                recipient: organisation(row, "rec")?,
                title: localized(row, "title")?,
                description: localized(row, "description")?,
                decision_date: row.try_get("decision_date")?,
                evidence: row.try_get("evidence")?,
                version: row.try_get("version")?,
                measures: codes,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    lines.sort_by(|a, b| natural_cmp(&a.diary_number, &b.diary_number));
    Ok(lines)
}

/// A deadline of an assignment.
pub struct DeadlineLine {
    pub id: i64,
    pub diary_number: String,
    pub kind: DeadlineKind,
    pub due: IsoDate,
    pub delivered: Option<IsoDate>,
    pub description: Localized,
    pub version: i64,
}

/// Every deadline of the plan's assignments, by assignment and date.
pub async fn deadlines(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<DeadlineLine>, sqlx::Error> {
    let sql = format!(
        "SELECT d.id, a.diary_number, d.kind, d.due_date, d.delivered_date, d.description_sv, \
                d.description_en, d.version \
         FROM assignment_deadline d JOIN assignment a ON a.id = d.assignment_id \
         WHERE {ASSIGNMENT_OF_PLAN} ORDER BY a.diary_number, d.due_date, d.id"
    );
    let mut lines = sqlx::query(&sql)
        .bind(plan_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|row| {
            Ok(DeadlineLine {
                id: row.try_get("id")?,
                diary_number: row.try_get("diary_number")?,
                kind: row.try_get("kind")?,
                due: row.try_get("due_date")?,
                delivered: row.try_get("delivered_date")?,
                description: localized(row, "description")?,
                version: row.try_get("version")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    // Stable: within an assignment, the deadlines stay by date.
    lines.sort_by(|a, b| natural_cmp(&a.diary_number, &b.diary_number));
    Ok(lines)
}

/// A funding line as stored.
pub struct FundingLineRow {
    pub id: i64,
    pub measure_code: String,
    pub diary_number: Option<String>,
    pub county: Option<CountyRef>,
    pub year: i64,
    pub expenditure_area: i64,
    pub appropriation: String,
    pub appropriation_item: String,
    pub allocated: i64,
    pub disbursed: i64,
    pub spent: i64,
    pub decision_ref: String,
    pub evidence: Evidence,
    pub version: i64,
}

/// Every funding line of the plan's measures, by measure and year.
pub async fn funding(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<FundingLineRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT f.id, m.code AS measure_code, a.diary_number, f.county_code AS c_code, \
                c.name_sv AS c_name_sv, c.name_en AS c_name_en, f.year, f.expenditure_area, \
                f.appropriation, f.appropriation_item, f.allocated, f.disbursed, f.spent, \
                f.decision_ref, f.evidence, f.version \
         FROM funding f JOIN measure m ON m.id = f.measure_id \
              LEFT JOIN assignment a ON a.id = f.assignment_id \
              LEFT JOIN county c ON c.code = f.county_code \
         WHERE m.plan_id = $1 ORDER BY f.year, f.id",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut lines = rows
        .iter()
        .map(|row| {
            let has_county = row.try_get::<Option<String>, _>("c_code")?.is_some();
            Ok(FundingLineRow {
                id: row.try_get("id")?,
                measure_code: row.try_get("measure_code")?,
                diary_number: row.try_get("diary_number")?,
                county: has_county.then(|| county(row, "c")).transpose()?,
                year: row.try_get("year")?,
                expenditure_area: row.try_get("expenditure_area")?,
                appropriation: row.try_get("appropriation")?,
                appropriation_item: row.try_get("appropriation_item")?,
                allocated: row.try_get("allocated")?,
                disbursed: row.try_get("disbursed")?,
                spent: row.try_get("spent")?,
                decision_ref: row.try_get("decision_ref")?,
                evidence: row.try_get("evidence")?,
                version: row.try_get("version")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    // Stable: within a measure, the lines stay by year.
    lines.sort_by(|a, b| natural_cmp(&a.measure_code, &b.measure_code));
    Ok(lines)
}

/// A regional implementation row as stored, with its measure and version.
pub struct RegionalLine {
    pub measure_code: String,
    pub row: RegionalRow,
    pub version: i64,
}

/// Every regional row of the plan's measures, by measure and county.
pub async fn regional(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<RegionalLine>, sqlx::Error> {
    let sql = format!(
        "SELECT m.code AS measure_code, ri.county_code AS c_code, c.name_sv AS c_name_sv, \
                c.name_en AS c_name_en, ri.status, ri.progress, ri.contact_name, \
                ri.contact_role, ri.narrative, ri.spent, ri.evidence, ri.updated_by_name, \
                ri.updated_at, ri.version, {} \
         FROM regional_implementation ri JOIN measure m ON m.id = ri.measure_id \
              JOIN county c ON c.code = ri.county_code \
              JOIN organisation owner ON owner.id = ri.owner_organisation_id \
         WHERE m.plan_id = $1 ORDER BY ri.county_code",
        organisation_columns("owner")
    );
    let mut lines = sqlx::query(&sql)
        .bind(plan_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|row| {
            Ok(RegionalLine {
                measure_code: row.try_get("measure_code")?,
                row: super::measures::regional_row(row)?,
                version: row.try_get("version")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    lines.sort_by(|a, b| natural_cmp(&a.measure_code, &b.measure_code));
    Ok(lines)
}

/// A progress report (a submitted revision or a draft), with what the policy needs to decide
/// who may read a draft.
pub struct ReportLine {
    pub subject: ReportSubjectKind,
    /// Measure code or diary number.
    pub label: String,
    pub period: String,
    pub revision: i64,
    pub submitted: bool,
    pub status: Status,
    pub progress: Progress,
    pub spent_to_date: i64,
    pub narrative: String,
    pub organisation: OrganisationRef,
    pub author: String,
    pub evidence: Evidence,
    pub created_at: String,
    pub submitted_at: Option<String>,
    /// The subject's owner and leading ministry (`policy::Action::Report`).
    pub owner_id: i64,
    pub lead_ministry: Option<i64>,
}

impl ReportLine {
    /// Whether `viewer` may read this report: a submitted one, whoever may read the plan; a
    /// draft, only who may write the report (`Action::Report`, the rule of the report form).
    /// Every door that lists reports (the tables, the API) asks this.
    pub fn may_be_read_by(&self, viewer: &crate::models::Viewer, access: Access) -> bool {
        self.submitted
            || policy::allows(
                viewer,
                &Action::Report {
                    owner_organisation: self.owner_id,
                    lead_ministry: self.lead_ministry,
                },
                access,
            )
    }
}

/// Every report on the plan's measures and assignments, drafts included, by subject, period
/// and revision.
pub async fn reports(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<ReportLine>, sqlx::Error> {
    const COLUMNS: &str = "r.period, r.revision, r.state, r.status, r.progress, \
         r.spent_to_date, r.narrative, r.author_name, r.evidence, r.created_at, r.submitted_at";
    let on_measures = format!(
        "SELECT m.code AS label, {COLUMNS}, lead.id AS owner_id, {} AS lead_ministry, {} \
         FROM progress_report r JOIN measure m ON m.id = r.measure_id \
              JOIN organisation lead ON lead.id = m.lead_organisation_id \
              JOIN organisation ro ON ro.id = r.organisation_id \
         WHERE m.plan_id = $1",
        lead_ministry_column("lead"),
        organisation_columns("ro")
    );
    let on_assignments = format!(
        "SELECT a.diary_number AS label, {COLUMNS}, a.recipient_id AS owner_id, \
                a.ministry_id AS lead_ministry, {} \
         FROM progress_report r JOIN assignment a ON a.id = r.assignment_id \
              JOIN organisation ro ON ro.id = r.organisation_id \
         WHERE {ASSIGNMENT_OF_PLAN}",
        organisation_columns("ro")
    );
    let mut lines = Vec::new();
    for (subject, sql) in [
        (ReportSubjectKind::Measure, on_measures),
        (ReportSubjectKind::Assignment, on_assignments),
    ] {
        for row in sqlx::query(&sql)
            .bind(plan_id)
            .fetch_all(&mut *conn)
            .await?
        {
            let state: String = row.try_get("state")?;
            lines.push(ReportLine {
                subject,
                label: row.try_get("label")?,
                period: row.try_get("period")?,
                revision: row.try_get("revision")?,
                submitted: state == "submitted",
                status: row.try_get("status")?,
                progress: row.try_get("progress")?,
                spent_to_date: row.try_get("spent_to_date")?,
                narrative: row.try_get("narrative")?,
                organisation: organisation(&row, "ro")?,
                author: row.try_get("author_name")?,
                evidence: row.try_get("evidence")?,
                created_at: row.try_get("created_at")?,
                submitted_at: row.try_get("submitted_at")?,
                owner_id: row.try_get("owner_id")?,
                lead_ministry: row.try_get("lead_ministry")?,
            });
        }
    }
    lines.sort_by(|a, b| {
        (a.subject == ReportSubjectKind::Assignment)
            .cmp(&(b.subject == ReportSubjectKind::Assignment))
            .then_with(|| natural_cmp(&a.label, &b.label))
            .then_with(|| a.period.cmp(&b.period))
            .then_with(|| a.revision.cmp(&b.revision))
    });
    Ok(lines)
}

/// Every obligation with the codes of the plan's measures that answer it, in the
/// obligations' order.
pub async fn obligations(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<(ObligationRef, Vec<String>)>, sqlx::Error> {
    let obligations = super::reference::obligations(conn).await?;
    let mut answered: HashMap<String, Vec<String>> = HashMap::new();
    for row in sqlx::query(
        "SELECT o.code AS obligation, m.code AS measure FROM measure_obligation mo \
         JOIN obligation o ON o.id = mo.obligation_id JOIN measure m ON m.id = mo.measure_id \
         WHERE m.plan_id = $1",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?
    {
        answered
            .entry(row.try_get("obligation")?)
            .or_default()
            .push(row.try_get("measure")?);
    }
    Ok(obligations
        .into_iter()
        .map(|o| {
            let mut codes = answered.remove(&o.code).unwrap_or_default();
            codes.sort_by(|a, b| natural_cmp(a, b));
            (o, codes)
        })
        .collect())
}
