//! Measures: the filtered, sorted, paged list and everything about one measure.

use super::reference::{
    CurrentPlan, OBLIGATION_COLUMNS, areas, counties, lead_organisations, obligation, obligations,
};
use super::rows::{county, flag, localized, organisation, organisation_columns};
use super::{deadlines, funding};
use crate::domain::{IsoDate, Lang, Money, natural_cmp, sort_key};
use crate::models::{
    AreaRef, AssignmentRef, FundingHorizon, MeasureDetail, MeasureFilter, MeasureFilterOptions,
    MeasureList, MeasureSort, MeasureSummary, PAGE_SIZE, RegionalRow, ReportEntry, ReportLink,
};
use crate::server::schedule::{ReportingTerms, expected_reports};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::cmp::Ordering;
use std::collections::HashMap;

/// One page of the measures that match `filter`, sorted as asked, with the filter choices.
/// Sorting happens here, not in SQL, so that Swedish titles sort the Swedish way on both
/// databases (a plan holds hundreds of measures, not millions).
pub async fn list(
    conn: &mut AnyConnection,
    plan_id: i64,
    filter: &MeasureFilter,
    lang: Lang,
) -> Result<MeasureList, sqlx::Error> {
    let mut items = matching(conn, plan_id, filter).await?;
    sort(&mut items, filter.sort, filter.descending, lang);
    let total = items.len();
    let page_size = PAGE_SIZE as usize;
    let page_count = total.div_ceil(page_size).max(1) as u32;
    let page = filter.page.min(page_count);
    let items = items
        .into_iter()
        .skip((page as usize - 1) * page_size)
        .take(page_size)
        .collect();
    let options = MeasureFilterOptions {
        areas: areas(conn, plan_id)
            .await?
            .into_iter()
            .map(|(_, area)| area)
            .collect(),
        leads: lead_organisations(conn, plan_id).await?,
        counties: counties(conn).await?,
        obligations: obligations(conn).await?,
    };
    Ok(MeasureList {
        read_at: Default::default(),
        items,
        total: total as i64,
        page,
        page_count,
        options,
    })
}

fn summary_columns() -> String {
    format!(
        "m.code, m.title_sv, m.title_en, m.kind, m.status, m.progress, m.start_date, m.end_date, \
         m.evidence, ar.code AS area_code, ar.title_sv AS area_title_sv, \
         ar.title_en AS area_title_en, {}",
        organisation_columns("lead")
    )
}

fn summary(row: &AnyRow) -> Result<MeasureSummary, sqlx::Error> {
    Ok(MeasureSummary {
        code: row.try_get("code")?,
        title: localized(row, "title")?,
        area: AreaRef {
            code: row.try_get("area_code")?,
            title: localized(row, "area_title")?,
        },
        kind: row.try_get("kind")?,
        lead: organisation(row, "lead")?,
        status: row.try_get("status")?,
        progress: row.try_get("progress")?,
        start_date: row.try_get("start_date")?,
        end_date: row.try_get("end_date")?,
        evidence: row.try_get("evidence")?,
        flags: None,
    })
}

/// Every measure of the plan matching the filter, unsorted. An empty parameter matches all.
async fn matching(
    conn: &mut AnyConnection,
    plan_id: i64,
    filter: &MeasureFilter,
) -> Result<Vec<MeasureSummary>, sqlx::Error> {
    let sql = format!(
        "SELECT {} FROM measure m \
         JOIN area ar ON ar.id = m.area_id \
         JOIN organisation lead ON lead.id = m.lead_organisation_id \
         WHERE m.plan_id = $1 \
           AND ($2 = '' OR ar.code = $2) \
           AND ($3 = '' OR lead.code = $3) \
           AND ($4 = '' OR m.status = $4) \
           AND ($5 = '' OR EXISTS (SELECT 1 FROM regional_implementation ri \
                                   WHERE ri.measure_id = m.id AND ri.county_code = $5)) \
           AND ($6 = '' OR EXISTS (SELECT 1 FROM measure_obligation mo \
                                   JOIN obligation ob ON ob.id = mo.obligation_id \
                                   WHERE mo.measure_id = m.id AND ob.code = $6)) \
           AND ($7 = '' OR m.search_text LIKE $7 ESCAPE '\\')",
        summary_columns()
    );
    let search = filter
        .search
        .as_deref()
        .map(|q| super::like_pattern(&q.to_lowercase()))
        .unwrap_or_default();
    let rows = sqlx::query(&sql)
        .bind(plan_id)
        .bind(filter.area.clone().unwrap_or_default())
        .bind(filter.lead.clone().unwrap_or_default())
        .bind(filter.status.map(|s| s.as_str()).unwrap_or_default())
        .bind(filter.county.map(|c| c.as_str()).unwrap_or_default())
        .bind(filter.obligation.clone().unwrap_or_default())
        .bind(search)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(summary).collect()
}

/// Sorts by the chosen column, then by code, so that the order is total and stable.
fn sort(items: &mut [MeasureSummary], by: MeasureSort, descending: bool, lang: Lang) {
    let primary = |a: &MeasureSummary, b: &MeasureSummary| -> Ordering {
        match by {
            MeasureSort::Code => Ordering::Equal,
            MeasureSort::Title => {
                sort_key(a.title.get(lang), lang).cmp(&sort_key(b.title.get(lang), lang))
            }
            MeasureSort::Status => a.status.cmp(&b.status),
            MeasureSort::Progress => a.progress.cmp(&b.progress),
            MeasureSort::EndDate => a.end_date.cmp(&b.end_date),
            MeasureSort::Lead => {
                sort_key(a.lead.name.get(lang), lang).cmp(&sort_key(b.lead.name.get(lang), lang))
            }
        }
    };
    items.sort_by(|a, b| {
        let order = primary(a, b).then_with(|| natural_cmp(&a.code, &b.code));
        if descending { order.reverse() } else { order }
    });
}

/// Everything about the measure with `code` in the plan, or `None`.
pub async fn detail(
    conn: &mut AnyConnection,
    plan: &CurrentPlan,
    code: &str,
    today: IsoDate,
) -> Result<Option<MeasureDetail>, sqlx::Error> {
    let sql = format!(
        "SELECT m.id, m.description_sv, m.description_en, m.report_frequency, m.is_regional, \
                m.evidence_note, {} \
         FROM measure m \
         JOIN area ar ON ar.id = m.area_id \
         JOIN organisation lead ON lead.id = m.lead_organisation_id \
         WHERE m.plan_id = $1 AND m.code = $2",
        summary_columns()
    );
    let Some(row) = sqlx::query(&sql)
        .bind(plan.id)
        .bind(code)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let id: i64 = row.try_get("id")?;
    let head = summary(&row)?;
    let report_frequency = row.try_get("report_frequency")?;
    let funding = funding::lines_of_measure(conn, id).await?;
    let submitted = deadlines::submitted_periods_of_measure(conn, id).await?;
    let context = plan.schedule(today);
    let terms = ReportingTerms {
        start: head.start_date,
        end: head.end_date,
        status: head.status,
        frequency: report_frequency,
    };
    Ok(Some(MeasureDetail {
        read_at: Default::default(),
        may_report: false,
        may_edit: false,
        indicators: Vec::new(),
        description: localized(&row, "description")?,
        report_frequency,
        is_regional: flag(&row, "is_regional")?,
        evidence_note: row.try_get("evidence_note")?,
        partners: partners(conn, id).await?,
        exploitation_forms: labels(
            conn,
            "SELECT form AS label FROM measure_exploitation_form WHERE measure_id = $1",
            id,
        )
        .await?,
        target_groups: labels(
            conn,
            "SELECT target_group AS label FROM measure_target_group WHERE measure_id = $1",
            id,
        )
        .await?,
        obligations: obligations_of(conn, id).await?,
        assignments: assignments_of(conn, id).await?,
        horizon: FundingHorizon::of(
            None,
            funding::by_year(&funding)
                .iter()
                .filter(|year| year.totals.allocated > Money::ZERO)
                .map(|year| year.year)
                .max(),
            head.end_date,
            today,
        ),
        funding_by_year: funding::by_year(&funding),
        funding_totals: funding::sum(&funding),
        funding,
        regional: regional_rows(conn, id).await?,
        reports: reports_of_measure(conn, id).await?,
        expected_reports: expected_reports(terms, context, &submitted),
        code: head.code,
        title: head.title,
        area: head.area,
        kind: head.kind,
        lead: head.lead,
        start_date: head.start_date,
        end_date: head.end_date,
        status: head.status,
        progress: head.progress,
        evidence: head.evidence,
        flags: None,
    }))
}

async fn partners(
    conn: &mut AnyConnection,
    measure_id: i64,
) -> Result<Vec<crate::models::OrganisationRef>, sqlx::Error> {
    let sql = format!(
        "SELECT {} FROM measure_partner mp JOIN organisation o ON o.id = mp.organisation_id \
         WHERE mp.measure_id = $1 ORDER BY o.name_sv",
        organisation_columns("o")
    );
    let rows = sqlx::query(&sql)
        .bind(measure_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|row| organisation(row, "o")).collect()
}

/// Values of a stored vocabulary attached to a measure, in the vocabulary's own order.
async fn labels<T>(
    conn: &mut AnyConnection,
    sql: &str,
    measure_id: i64,
) -> Result<Vec<T>, sqlx::Error>
where
    T: Ord + for<'r> sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    let rows = sqlx::query(sql)
        .bind(measure_id)
        .fetch_all(&mut *conn)
        .await?;
    let mut values = rows
        .iter()
        .map(|row| row.try_get::<T, _>("label"))
        .collect::<Result<Vec<_>, _>>()?;
    values.sort();
    Ok(values)
}

async fn obligations_of(
    conn: &mut AnyConnection,
    measure_id: i64,
) -> Result<Vec<crate::models::ObligationRef>, sqlx::Error> {
    let sql = format!(
        "SELECT {OBLIGATION_COLUMNS} FROM measure_obligation mo \
         JOIN obligation ob ON ob.id = mo.obligation_id \
         WHERE mo.measure_id = $1 ORDER BY ob.sort_order, ob.code"
    );
    let rows = sqlx::query(&sql)
        .bind(measure_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(obligation).collect()
}

async fn assignments_of(
    conn: &mut AnyConnection,
    measure_id: i64,
) -> Result<Vec<AssignmentRef>, sqlx::Error> {
    let sql = format!(
        "SELECT a.diary_number, a.title_sv, a.title_en, {} \
         FROM assignment_measure am \
         JOIN assignment a ON a.id = am.assignment_id \
         JOIN organisation rec ON rec.id = a.recipient_id \
         WHERE am.measure_id = $1 ORDER BY a.decision_date, a.diary_number",
        organisation_columns("rec")
    );
    let rows = sqlx::query(&sql)
        .bind(measure_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|row| {
            Ok(AssignmentRef {
                diary_number: row.try_get("diary_number")?,
                title: localized(row, "title")?,
                recipient: organisation(row, "rec")?,
            })
        })
        .collect()
}

/// The measure's row for each county it is implemented in, in county-code order.
async fn regional_rows(
    conn: &mut AnyConnection,
    measure_id: i64,
) -> Result<Vec<RegionalRow>, sqlx::Error> {
    let sql = format!(
        "SELECT ri.status, ri.progress, ri.contact_name, ri.contact_role, ri.narrative, ri.spent, \
                ri.evidence, ri.updated_by_name, ri.updated_at, \
                c.code AS c_code, c.name_sv AS c_name_sv, c.name_en AS c_name_en, {} \
         FROM regional_implementation ri \
         JOIN county c ON c.code = ri.county_code \
         JOIN organisation owner ON owner.id = ri.owner_organisation_id \
         WHERE ri.measure_id = $1 ORDER BY c.code",
        organisation_columns("owner")
    );
    let rows = sqlx::query(&sql)
        .bind(measure_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(regional_row).collect()
}

/// A regional row from a row selecting `ri.*`'s status to updated_at under their own names,
/// the county as `c` and the owner as `owner`.
pub(super) fn regional_row(row: &AnyRow) -> Result<RegionalRow, sqlx::Error> {
    Ok(RegionalRow {
        county: county(row, "c")?,
        owner: organisation(row, "owner")?,
        status: row.try_get("status")?,
        progress: row.try_get("progress")?,
        contact_name: row.try_get("contact_name")?,
        contact_role: row.try_get("contact_role")?,
        narrative: row.try_get("narrative")?,
        spent: row.try_get("spent")?,
        evidence: row.try_get("evidence")?,
        updated_by: row.try_get("updated_by_name")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// Submitted reports on a measure, newest period first, newest revision first.
pub async fn reports_of_measure(
    conn: &mut AnyConnection,
    measure_id: i64,
) -> Result<Vec<ReportEntry>, sqlx::Error> {
    reports(conn, "r.measure_id = $1", measure_id).await
}

/// Submitted reports on an assignment, newest first.
pub async fn reports_of_assignment(
    conn: &mut AnyConnection,
    assignment_id: i64,
) -> Result<Vec<ReportEntry>, sqlx::Error> {
    reports(conn, "r.assignment_id = $1", assignment_id).await
}

async fn reports(
    conn: &mut AnyConnection,
    subject: &'static str,
    id: i64,
) -> Result<Vec<ReportEntry>, sqlx::Error> {
    let sql = format!(
        "SELECT r.id, r.period, r.revision, r.status, r.progress, r.spent_to_date, r.narrative, \
                r.author_name, r.submitted_at, r.evidence, {} \
         FROM progress_report r JOIN organisation org ON org.id = r.organisation_id \
         WHERE {subject} AND r.state = 'submitted'",
        organisation_columns("org")
    );
    let rows = sqlx::query(&sql).bind(id).fetch_all(&mut *conn).await?;
    let link_sql = format!(
        "SELECT l.report_id, l.url, l.label FROM progress_report_link l \
         JOIN progress_report r ON r.id = l.report_id \
         WHERE {subject} AND r.state = 'submitted' ORDER BY l.id"
    );
    let mut links: HashMap<i64, Vec<ReportLink>> = HashMap::new();
    for row in sqlx::query(&link_sql)
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
    {
        links
            .entry(row.try_get("report_id")?)
            .or_default()
            .push(ReportLink {
                url: row.try_get("url")?,
                label: row.try_get("label")?,
            });
    }
    let mut reports = rows
        .iter()
        .map(|row| {
            let id: i64 = row.try_get("id")?;
            Ok(ReportEntry {
                period: row.try_get("period")?,
                revision: row.try_get("revision")?,
                status: row.try_get("status")?,
                progress: row.try_get("progress")?,
                spent_to_date: row.try_get("spent_to_date")?,
                narrative: row.try_get("narrative")?,
                organisation: organisation(row, "org")?,
                author_name: row.try_get("author_name")?,
                submitted_at: row
                    .try_get::<Option<String>, _>("submitted_at")?
                    .unwrap_or_default(),
                evidence: row.try_get("evidence")?,
                links: links.remove(&id).unwrap_or_default(),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    reports.sort_by(|a, b| {
        (b.period.start(), b.period.end(), b.revision).cmp(&(
            a.period.start(),
            a.period.end(),
            a.revision,
        ))
    });
    Ok(reports)
}

/// The plan's measures by code, for choosing among them.
pub async fn refs(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<crate::models::MeasureRef>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT m.code, m.title_sv, m.title_en, m.status, m.progress FROM measure m WHERE m.plan_id = $1",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut refs = rows
        .iter()
        .map(super::assignments::measure_ref)
        .collect::<Result<Vec<_>, _>>()?;
    refs.sort_by(|a, b| crate::domain::natural_cmp(&a.code, &b.code));
    Ok(refs)
}
