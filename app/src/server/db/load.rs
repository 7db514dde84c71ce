//! Loading plan data in bulk: the demo data, the large generated plan and (later) imports.
//! Each function inserts one record with what belongs to it and returns its id. Callers wrap
//! a whole load in one transaction.

use crate::domain::{
    AgeGroup, CountyCode, DeadlineKind, DiaryNumber, Evidence, ExploitationForm, IsoDate,
    Localized, MeasureKind, Money, MunicipalityCode, ObligationSource, OrganisationKind, Progress,
    ReportFrequency, ReportState, ReportingPeriod, Role, Sex, Status, TargetGroup,
};
use crate::server::Timestamp;
use sqlx::AnyConnection;

pub struct NewCounty {
    pub code: CountyCode,
    pub iso_3166_2: String,
    pub nuts3: String,
    pub name: Localized,
    pub name_sv_short: String,
    pub seat: String,
    pub population: i64,
    pub population_ref_date: String,
    pub population_source: String,
}

pub async fn county(conn: &mut AnyConnection, c: &NewCounty) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO county (code, iso_3166_2, nuts3, name_sv, name_sv_short, name_en, seat, \
                             population, population_ref_date, population_source) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(c.code.as_str())
    .bind(&c.iso_3166_2)
    .bind(&c.nuts3)
    .bind(&c.name.sv)
    .bind(&c.name_sv_short)
    .bind(&c.name.en)
    .bind(&c.seat)
    .bind(c.population)
    .bind(&c.population_ref_date)
    .bind(&c.population_source)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub struct NewMunicipality {
    pub code: MunicipalityCode,
    pub name_sv: String,
    pub name_sv_full: String,
    pub population: Option<i64>,
}

pub async fn municipality(
    conn: &mut AnyConnection,
    m: &NewMunicipality,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO municipality (code, county_code, name_sv, name_sv_full, population) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(m.code.as_str())
    .bind(m.code.county().as_str())
    .bind(&m.name_sv)
    .bind(&m.name_sv_full)
    .bind(m.population)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub struct NewOrganisation {
    pub code: String,
    pub kind: OrganisationKind,
    pub name: Localized,
    pub short_name: String,
    pub diary_prefix: Option<String>,
    pub parent_ministry_id: Option<i64>,
    pub county_code: Option<CountyCode>,
}

pub async fn organisation(
    conn: &mut AnyConnection,
    o: &NewOrganisation,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO organisation (code, kind, name_sv, name_en, short_name, diary_prefix, \
                                   parent_ministry_id, county_code) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(&o.code)
    .bind(o.kind.as_str())
    .bind(&o.name.sv)
    .bind(&o.name.en)
    .bind(&o.short_name)
    .bind(o.diary_prefix.clone())
    .bind(o.parent_ministry_id)
    .bind(o.county_code.map(|c| c.as_str().to_owned()))
    .fetch_one(&mut *conn)
    .await
}

pub struct NewPlan {
    pub code: String,
    pub title: Localized,
    pub description: Localized,
    pub legal_basis: Localized,
    pub period_start: IsoDate,
    pub period_end: IsoDate,
    pub lead_ministry_id: i64,
    pub report_due_days: i64,
}

pub async fn plan(conn: &mut AnyConnection, p: &NewPlan) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO plan (code, title_sv, title_en, description_sv, description_en, legal_basis_sv, \
                           legal_basis_en, period_start, period_end, lead_ministry_id, report_due_days) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(&p.code)
    .bind(&p.title.sv)
    .bind(&p.title.en)
    .bind(&p.description.sv)
    .bind(&p.description.en)
    .bind(&p.legal_basis.sv)
    .bind(&p.legal_basis.en)
    .bind(p.period_start.to_string())
    .bind(p.period_end.to_string())
    .bind(p.lead_ministry_id)
    .bind(p.report_due_days)
    .fetch_one(&mut *conn)
    .await
}

pub struct NewArea {
    pub plan_id: i64,
    pub code: String,
    pub title: Localized,
    pub description: Localized,
    pub sort_order: i64,
}

pub async fn area(conn: &mut AnyConnection, a: &NewArea) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO area (plan_id, code, title_sv, title_en, description_sv, description_en, sort_order) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(a.plan_id)
    .bind(&a.code)
    .bind(&a.title.sv)
    .bind(&a.title.en)
    .bind(&a.description.sv)
    .bind(&a.description.en)
    .bind(a.sort_order)
    .fetch_one(&mut *conn)
    .await
}

pub struct NewObligation {
    pub code: String,
    pub source: ObligationSource,
    pub reference: String,
    pub title: Localized,
    pub amended_2024: bool,
    pub reference_verified: bool,
    pub sort_order: i64,
}

pub async fn obligation(conn: &mut AnyConnection, o: &NewObligation) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO obligation (code, source, reference, title_sv, title_en, amended_2024, \
                                 reference_verified, sort_order) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(&o.code)
    .bind(o.source.as_str())
    .bind(&o.reference)
    .bind(&o.title.sv)
    .bind(&o.title.en)
    .bind(i64::from(o.amended_2024))
    .bind(i64::from(o.reference_verified))
    .bind(o.sort_order)
    .fetch_one(&mut *conn)
    .await
}

pub struct NewMeasure {
    pub plan_id: i64,
    pub area_id: i64,
    pub code: String,
    pub title: Localized,
    pub description: Localized,
    pub kind: MeasureKind,
    pub lead_organisation_id: i64,
    pub partner_ids: Vec<i64>,
    pub start_date: IsoDate,
    pub end_date: IsoDate,
    pub status: Status,
    pub progress: Progress,
    pub report_frequency: ReportFrequency,
    pub is_regional: bool,
    pub evidence: Evidence,
    pub evidence_note: String,
    pub exploitation_forms: Vec<ExploitationForm>,
    pub target_groups: Vec<TargetGroup>,
    pub obligation_ids: Vec<i64>,
}

/// Inserts a measure with its partners, forms, target groups and obligations.
pub async fn measure(
    conn: &mut AnyConnection,
    m: &NewMeasure,
    at: &Timestamp,
) -> Result<i64, sqlx::Error> {
    let now = at.as_str();
    let search = super::search_text(&[
        &m.code,
        &m.title.sv,
        &m.title.en,
        &m.description.sv,
        &m.description.en,
    ]);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO measure (plan_id, area_id, code, title_sv, title_en, description_sv, description_en, \
                              kind, lead_organisation_id, start_date, end_date, status, progress, \
                              report_frequency, is_regional, evidence, evidence_note, search_text, \
                              created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19) \
         RETURNING id",
    )
    .bind(m.plan_id)
    .bind(m.area_id)
    .bind(&m.code)
    .bind(&m.title.sv)
    .bind(&m.title.en)
    .bind(&m.description.sv)
    .bind(&m.description.en)
    .bind(m.kind.as_str())
    .bind(m.lead_organisation_id)
    .bind(m.start_date.to_string())
    .bind(m.end_date.to_string())
    .bind(m.status.as_str())
    .bind(i64::from(m.progress))
    .bind(m.report_frequency.as_str())
    .bind(i64::from(m.is_regional))
    .bind(m.evidence.as_str())
    .bind(&m.evidence_note)
    .bind(search)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    measure_links(conn, id, m).await?;
    Ok(id)
}

/// Inserts a measure's partners, obligations, forms and target groups.
pub async fn measure_links(
    conn: &mut AnyConnection,
    id: i64,
    m: &NewMeasure,
) -> Result<(), sqlx::Error> {
    for partner in &m.partner_ids {
        link(
            conn,
            "INSERT INTO measure_partner (measure_id, organisation_id) VALUES ($1, $2)",
            id,
            *partner,
        )
        .await?;
    }
    for obligation in &m.obligation_ids {
        link(
            conn,
            "INSERT INTO measure_obligation (measure_id, obligation_id) VALUES ($1, $2)",
            id,
            *obligation,
        )
        .await?;
    }
    for form in &m.exploitation_forms {
        label(
            conn,
            "INSERT INTO measure_exploitation_form (measure_id, form) VALUES ($1, $2)",
            id,
            form.as_str(),
        )
        .await?;
    }
    for group in &m.target_groups {
        label(
            conn,
            "INSERT INTO measure_target_group (measure_id, target_group) VALUES ($1, $2)",
            id,
            group.as_str(),
        )
        .await?;
    }
    Ok(())
}

async fn link(conn: &mut AnyConnection, sql: &str, a: i64, b: i64) -> Result<(), sqlx::Error> {
    sqlx::query(sql).bind(a).bind(b).execute(&mut *conn).await?;
    Ok(())
}

async fn label(
    conn: &mut AnyConnection,
    sql: &str,
    id: i64,
    value: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(sql)
        .bind(id)
        .bind(value)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub struct NewDeadline {
    pub kind: DeadlineKind,
    pub due_date: IsoDate,
    pub delivered_date: Option<IsoDate>,
    pub description: Localized,
}

pub struct NewAssignment {
    pub diary_number: DiaryNumber,
    pub ministry_id: i64,
    pub recipient_id: i64,
    pub title: Localized,
    pub description: Localized,
    pub decision_date: IsoDate,
    pub evidence: Evidence,
    pub evidence_note: String,
    pub measure_ids: Vec<i64>,
    pub deadlines: Vec<NewDeadline>,
}

/// Inserts an assignment with its linked measures and deadlines.
pub async fn assignment(
    conn: &mut AnyConnection,
    a: &NewAssignment,
    at: &Timestamp,
) -> Result<i64, sqlx::Error> {
    let now = at.as_str();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO assignment (diary_number, ministry_id, recipient_id, title_sv, title_en, description_sv, \
                                 description_en, decision_date, evidence, evidence_note, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    )
    .bind(a.diary_number.to_string())
    .bind(a.ministry_id)
    .bind(a.recipient_id)
    .bind(&a.title.sv)
    .bind(&a.title.en)
    .bind(&a.description.sv)
    .bind(&a.description.en)
    .bind(a.decision_date.to_string())
    .bind(a.evidence.as_str())
    .bind(&a.evidence_note)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    for measure in &a.measure_ids {
        link(
            conn,
            "INSERT INTO assignment_measure (assignment_id, measure_id) VALUES ($1, $2)",
            id,
            *measure,
        )
        .await?;
    }
    for d in &a.deadlines {
        sqlx::query(
            "INSERT INTO assignment_deadline (assignment_id, kind, due_date, delivered_date, description_sv, description_en) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(d.kind.as_str())
        .bind(d.due_date.to_string())
        .bind(d.delivered_date.map(|date| date.to_string()))
        .bind(&d.description.sv)
        .bind(&d.description.en)
        .execute(&mut *conn)
        .await?;
    }
    Ok(id)
}

pub struct NewFunding {
    pub measure_id: i64,
    pub assignment_id: Option<i64>,
    pub county_code: Option<CountyCode>,
    pub year: i32,
    pub expenditure_area: i64,
    pub appropriation: String,
    pub appropriation_item: String,
    pub allocated: Money,
    pub disbursed: Money,
    pub spent: Money,
    pub decision_ref: String,
    pub evidence: Evidence,
}

/// Adds a funding line; answers its id.
pub async fn funding(conn: &mut AnyConnection, f: &NewFunding) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO funding (measure_id, assignment_id, county_code, year, expenditure_area, appropriation, \
                              appropriation_item, allocated, disbursed, spent, decision_ref, evidence) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(f.measure_id)
    .bind(f.assignment_id)
    .bind(f.county_code.map(|c| c.as_str().to_owned()))
    .bind(i64::from(f.year))
    .bind(f.expenditure_area)
    .bind(&f.appropriation)
    .bind(&f.appropriation_item)
    .bind(f.allocated.as_kronor())
    .bind(f.disbursed.as_kronor())
    .bind(f.spent.as_kronor())
    .bind(&f.decision_ref)
    .bind(f.evidence.as_str())
    .fetch_one(&mut *conn)
    .await
}

pub struct NewUser {
    pub email: String,
    pub display_name: String,
    pub organisation_id: i64,
    pub role: Role,
}

pub async fn user(
    conn: &mut AnyConnection,
    u: &NewUser,
    at: &Timestamp,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO app_user (email, display_name, organisation_id, role, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(&u.email)
    .bind(&u.display_name)
    .bind(u.organisation_id)
    .bind(u.role.as_str())
    .bind(at.as_str())
    .fetch_one(&mut *conn)
    .await
}

pub struct NewRegional {
    pub measure_id: i64,
    pub county_code: CountyCode,
    pub owner_organisation_id: i64,
    pub status: Status,
    pub progress: Progress,
    pub contact_name: String,
    pub contact_role: String,
    pub narrative: String,
    pub spent: Money,
    pub evidence: Evidence,
    pub updated_by_user_id: Option<i64>,
    pub updated_by_name: String,
    pub updated_at: String,
}

pub async fn regional(conn: &mut AnyConnection, r: &NewRegional) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO regional_implementation (measure_id, county_code, owner_organisation_id, status, progress, \
                contact_name, contact_role, narrative, spent, evidence, updated_by_user_id, updated_by_name, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(r.measure_id)
    .bind(r.county_code.as_str())
    .bind(r.owner_organisation_id)
    .bind(r.status.as_str())
    .bind(i64::from(r.progress))
    .bind(&r.contact_name)
    .bind(&r.contact_role)
    .bind(&r.narrative)
    .bind(r.spent.as_kronor())
    .bind(r.evidence.as_str())
    .bind(r.updated_by_user_id)
    .bind(&r.updated_by_name)
    .bind(&r.updated_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// What a report is about: a measure or an assignment.
#[derive(Clone, Copy)]
pub enum ReportSubject {
    Measure(i64),
    Assignment(i64),
}

pub struct NewReport {
    pub subject: ReportSubject,
    pub period: ReportingPeriod,
    pub revision: i64,
    pub state: ReportState,
    pub status: Status,
    pub progress: Progress,
    pub spent_to_date: Money,
    pub narrative: String,
    pub organisation_id: i64,
    pub author_user_id: Option<i64>,
    pub author_name: String,
    pub evidence: Evidence,
    pub created_at: String,
    pub submitted_at: Option<String>,
    pub links: Vec<(String, String)>,
}

pub async fn report(conn: &mut AnyConnection, r: &NewReport) -> Result<i64, sqlx::Error> {
    let (measure_id, assignment_id) = match r.subject {
        ReportSubject::Measure(id) => (Some(id), None),
        ReportSubject::Assignment(id) => (None, Some(id)),
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO progress_report (measure_id, assignment_id, period, revision, state, status, progress, \
                spent_to_date, narrative, organisation_id, author_user_id, author_name, evidence, created_at, submitted_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
    )
    .bind(measure_id)
    .bind(assignment_id)
    .bind(r.period.to_string())
    .bind(r.revision)
    .bind(r.state.as_str())
    .bind(r.status.as_str())
    .bind(i64::from(r.progress))
    .bind(r.spent_to_date.as_kronor())
    .bind(&r.narrative)
    .bind(r.organisation_id)
    .bind(r.author_user_id)
    .bind(&r.author_name)
    .bind(r.evidence.as_str())
    .bind(&r.created_at)
    .bind(r.submitted_at.clone())
    .fetch_one(&mut *conn)
    .await?;
    for (url, label) in &r.links {
        sqlx::query("INSERT INTO progress_report_link (report_id, url, label) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(url)
            .bind(label)
            .execute(&mut *conn)
            .await?;
    }
    Ok(id)
}

pub struct NewIndicator {
    pub code: String,
    pub name: Localized,
    pub unit: Localized,
    pub description: Localized,
    pub source: String,
    pub evidence: Evidence,
    pub sort_order: i64,
}

pub async fn indicator(conn: &mut AnyConnection, i: &NewIndicator) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO indicator (code, name_sv, name_en, unit_sv, unit_en, description_sv, description_en, \
                                source, evidence, sort_order) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(&i.code)
    .bind(&i.name.sv)
    .bind(&i.name.en)
    .bind(&i.unit.sv)
    .bind(&i.unit.en)
    .bind(&i.description.sv)
    .bind(&i.description.en)
    .bind(&i.source)
    .bind(i.evidence.as_str())
    .bind(i.sort_order)
    .fetch_one(&mut *conn)
    .await
}

pub struct NewIndicatorValue {
    pub indicator_id: i64,
    pub county_code: CountyCode,
    pub year: i32,
    pub sex: Sex,
    pub form: Option<ExploitationForm>,
    /// `None` where the source does not split by age.
    pub age: Option<AgeGroup>,
    pub value: i64,
}

pub async fn indicator_value(
    conn: &mut AnyConnection,
    v: &NewIndicatorValue,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO indicator_value (indicator_id, county_code, year, sex, exploitation_form, age_group, value) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(v.indicator_id)
    .bind(v.county_code.as_str())
    .bind(i64::from(v.year))
    .bind(v.sex.as_str())
    .bind(v.form.map_or("all", |f| f.as_str()))
    .bind(v.age.map_or("all", |a| a.as_str()))
    .bind(v.value)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Records that the demo data was loaded. Fails with a unique violation if it already was,
/// which is how two servers starting at once on one empty database load it only once.
pub async fn mark_demo_loaded(conn: &mut AnyConnection, at: &Timestamp) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO demo_seed (id, loaded_at) VALUES (1, $1)")
        .bind(at.as_str())
        .execute(&mut *conn)
        .await?;
    Ok(())
}
