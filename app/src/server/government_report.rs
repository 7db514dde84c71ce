//! The progress report to the Government (lägesrapport) as a Word document: for a chosen
//! reporting period, each area's measures with their status, progress and the narrative of the
//! latest report submitted for that period or before, the money by year, the counties on the
//! regional measures, the assignments' deadlines met and missed, and the obligations that no
//! measure answers; evidence labels as on the pages. Made by the ministry that leads the plan
//! (`policy::Action::ReportToGovernment`); only submitted reports are read, never a draft.

use super::db::export::{self, DeadlineLine, MeasureLine, ReportLine};
use super::db::{areas, funding, reference::CurrentPlan};
use super::word::{self, grid, header_row, heading, row, text};
use crate::components::{
    deadline_kind_label, evidence_label, fmt_money, fmt_percent, locale_of, source_label,
    status_label,
};
use crate::domain::{IsoDate, Lang, ReportingPeriod};
use crate::error::AppError;
use crate::i18n::{Locale, td_string};
use crate::models::{AreaRow, FundingTotals, FundingYear, ObligationRef, ReportSubjectKind};
use docx_rs::{Docx, Table};
use sqlx::AnyConnection;

/// What the report is made of, read from the database.
pub struct ReportData {
    pub areas: Vec<AreaRow>,
    pub measures: Vec<MeasureLine>,
    pub reports: Vec<ReportLine>,
    /// The plan's money by year (the overview's sums).
    pub money: Vec<FundingYear>,
    pub regional: Vec<export::RegionalLine>,
    pub deadlines: Vec<DeadlineLine>,
    pub obligations: Vec<(ObligationRef, Vec<String>)>,
}

/// Reads what the report of plan `plan` is made of.
pub async fn read(conn: &mut AnyConnection, plan: &CurrentPlan) -> Result<ReportData, sqlx::Error> {
    Ok(ReportData {
        areas: areas::list(conn, plan.id).await?,
        measures: export::measures(conn, plan.id).await?,
        reports: export::reports(conn, plan.id).await?,
        money: funding::plan_totals_by_year(conn, plan.id).await?,
        regional: export::regional(conn, plan.id).await?,
        deadlines: export::deadlines(conn, plan.id).await?,
        obligations: export::obligations(conn, plan.id).await?,
    })
}

/// How an assignment's deadline stood at the end of the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    OnTime,
    Late,
    Missed,
}

/// The outcome of a deadline due by `end` (the period's end, or today if that is earlier);
/// `None` for a deadline not yet due then.
pub fn outcome(deadline: &DeadlineLine, end: IsoDate) -> Option<Outcome> {
    if deadline.due > end {
        return None;
    }
    Some(match deadline.delivered {
        Some(delivered) if delivered <= deadline.due => Outcome::OnTime,
        Some(delivered) if delivered <= end => Outcome::Late,
        _ => Outcome::Missed,
    })
}

/// The latest submitted report on measure `code` for `period` or an earlier one.
pub fn latest_report<'a>(
    reports: &'a [ReportLine],
    code: &str,
    period: ReportingPeriod,
) -> Option<&'a ReportLine> {
    reports
        .iter()
        .filter(|r| r.subject == ReportSubjectKind::Measure && r.label == code && r.submitted)
        .filter_map(|r| {
            let covered = ReportingPeriod::parse(&r.period).ok()?;
            (covered.end() <= period.end()).then_some((covered.end(), r))
        })
        // Of reports ending the same day (a year's and its last quarter's), the one submitted
        // last; RFC 3339 timestamps in UTC sort as text.
        .max_by(|(a_end, a), (b_end, b)| {
            a_end
                .cmp(b_end)
                .then_with(|| a.submitted_at.cmp(&b.submitted_at))
                .then_with(|| a.revision.cmp(&b.revision))
        })
        .map(|(_, report)| report)
}

/// The periods the report can be made for on `today`, newest first: each year of the plan
/// that has begun, followed by its quarters that have begun.
pub fn periods(plan: &CurrentPlan, today: IsoDate) -> Vec<String> {
    let first = plan.summary.period_start.year();
    let last = today.min(plan.summary.period_end).year();
    let mut periods = Vec::new();
    for year in (first..=last).rev() {
        periods.push(ReportingPeriod::Year { year }.to_string());
        for quarter in (1..=4).rev() {
            let period = ReportingPeriod::Quarter { year, quarter };
            if period.start() <= today
                && period.end() >= plan.summary.period_start
                && period.start() <= plan.summary.period_end
            {
                periods.push(period.to_string());
            }
        }
    }
    periods
}

/// The report as a .docx file, in `lang`, for `period`, made on `today`.
pub fn document(
    plan: &CurrentPlan,
    data: &ReportData,
    period: ReportingPeriod,
    lang: Lang,
    today: IsoDate,
) -> Result<Vec<u8>, AppError> {
    let locale = locale_of(lang);
    let end = period.end().min(today);
    let title = format!(
        "{}: {}",
        td_string!(locale, government_report.title),
        plan.summary.title.get(lang)
    );
    let mut docx = word::new_document()
        .add_paragraph(heading(&title, 1))
        .add_paragraph(text(&format!(
            "{} {period} ({} {}). {} {today}.",
            td_string!(locale, government_report.period),
            td_string!(locale, government_report.until),
            period.end(),
            td_string!(locale, government_report.made),
        )))
        .add_paragraph(text(td_string!(locale, government_report.lead)));

    docx = docx.add_paragraph(heading(td_string!(locale, government_report.measures), 2));
    for area in &data.areas {
        docx = docx.add_paragraph(heading(area.values.title.get(lang), 3));
        for measure in data
            .measures
            .iter()
            .filter(|m| m.area_code == area.values.code)
        {
            docx = measure_section(docx, measure, &data.reports, period, lang, locale);
        }
    }

    docx = docx
        .add_paragraph(heading(td_string!(locale, government_report.money), 2))
        .add_table(money_table(&data.money, lang, locale));

    docx = docx.add_paragraph(heading(td_string!(locale, government_report.counties), 2));
    for measure in data.measures.iter().filter(|m| m.regional) {
        let rows: Vec<_> = data
            .regional
            .iter()
            .filter(|r| r.measure_code == measure.code)
            .collect();
        docx = docx.add_paragraph(heading(
            &format!("{} {}", measure.code, measure.title.get(lang)),
            3,
        ));
        if rows.is_empty() {
            docx = docx.add_paragraph(text(td_string!(locale, government_report.no_rows)));
            continue;
        }
        let mut table = vec![header_row(&[
            td_string!(locale, government_report.county),
            td_string!(locale, government_report.status),
            td_string!(locale, government_report.progress),
            td_string!(locale, government_report.evidence),
        ])];
        for line in rows {
            table.push(row(&[
                line.row.county.name.get(lang),
                &status_label(line.row.status, locale),
                &fmt_percent(i64::from(line.row.progress.percent()), lang),
                &evidence_label(line.row.evidence, locale),
            ]));
        }
        docx = docx.add_table(grid(table));
    }

    docx = docx.add_paragraph(heading(td_string!(locale, government_report.deadlines), 2));
    let due: Vec<_> = data
        .deadlines
        .iter()
        .filter_map(|d| outcome(d, end).map(|o| (d, o)))
        .collect();
    let count = |wanted: Outcome| due.iter().filter(|(_, o)| *o == wanted).count();
    docx = docx.add_paragraph(text(&format!(
        "{}: {}. {}: {}. {}: {}.",
        td_string!(locale, government_report.on_time),
        count(Outcome::OnTime),
        td_string!(locale, government_report.late),
        count(Outcome::Late),
        td_string!(locale, government_report.missed),
        count(Outcome::Missed),
    )));
    if !due.is_empty() {
        let mut table = vec![header_row(&[
            td_string!(locale, government_report.diary_number),
            td_string!(locale, government_report.kind),
            td_string!(locale, government_report.due),
            td_string!(locale, government_report.delivered),
            td_string!(locale, government_report.outcome),
        ])];
        for (deadline, outcome) in due {
            let delivered = deadline
                .delivered
                .map(|d| d.to_string())
                .unwrap_or_default();
            table.push(row(&[
                &deadline.diary_number,
                &deadline_kind_label(deadline.kind, locale),
                &deadline.due.to_string(),
                &delivered,
                outcome_label(outcome, locale),
            ]));
        }
        docx = docx.add_table(grid(table));
    }

    docx = docx.add_paragraph(heading(td_string!(locale, government_report.unanswered), 2));
    let unanswered: Vec<_> = data
        .obligations
        .iter()
        .filter(|(_, measures)| measures.is_empty())
        .collect();
    if unanswered.is_empty() {
        docx = docx.add_paragraph(text(td_string!(locale, government_report.all_answered)));
    }
    for (obligation, _) in unanswered {
        docx = docx.add_paragraph(text(&format!(
            "{} {}: {}",
            source_label(obligation.source, locale),
            obligation.reference,
            obligation.title.get(lang)
        )));
    }

    word::pack(docx, "writing the progress report")
}

/// A measure: its heading, its lead, and its state as its latest report for the period gave
/// it, with that report's narrative (nothing of later reports, for a past period).
fn measure_section(
    docx: Docx,
    measure: &MeasureLine,
    reports: &[ReportLine],
    period: ReportingPeriod,
    lang: Lang,
    locale: Locale,
) -> Docx {
    let docx = docx
        .add_paragraph(heading(
            &format!("{} {}", measure.code, measure.title.get(lang)),
            4,
        ))
        .add_paragraph(text(&format!(
            "{}: {}. {}: {}.",
            td_string!(locale, government_report.lead_organisation),
            measure.lead.name.get(lang),
            td_string!(locale, government_report.evidence),
            evidence_label(measure.evidence, locale),
        )));
    match latest_report(reports, &measure.code, period) {
        Some(report) => docx
            .add_paragraph(text(&format!(
                "{}: {}. {}: {}.",
                td_string!(locale, government_report.status),
                status_label(report.status, locale),
                td_string!(locale, government_report.progress),
                fmt_percent(i64::from(report.progress.percent()), lang),
            )))
            .add_paragraph(text(&format!(
                "{} {} ({}, {}: {}):",
                td_string!(locale, government_report.latest_report),
                report.period,
                report.organisation.name.get(lang),
                td_string!(locale, government_report.evidence),
                evidence_label(report.evidence, locale),
            )))
            .add_paragraph(text(&report.narrative)),
        None => docx.add_paragraph(text(td_string!(locale, government_report.no_report))),
    }
}

fn money_table(years: &[FundingYear], lang: Lang, locale: Locale) -> Table {
    let sums = |label: &str, totals: FundingTotals| {
        row(&[
            label,
            &fmt_money(totals.allocated, lang),
            &fmt_money(totals.disbursed, lang),
            &fmt_money(totals.spent, lang),
        ])
    };
    let mut rows = vec![header_row(&[
        td_string!(locale, government_report.year),
        td_string!(locale, government_report.allocated),
        td_string!(locale, government_report.disbursed),
        td_string!(locale, government_report.spent),
    ])];
    rows.extend(years.iter().map(|y| sums(&y.year.to_string(), y.totals)));
    rows.push(sums(
        td_string!(locale, government_report.total),
        years.iter().map(|y| y.totals).sum(),
    ));
    grid(rows)
}

fn outcome_label(outcome: Outcome, locale: Locale) -> &'static str {
    match outcome {
        Outcome::OnTime => td_string!(locale, government_report.on_time),
        Outcome::Late => td_string!(locale, government_report.late),
        Outcome::Missed => td_string!(locale, government_report.missed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::DeadlineKind;
    use crate::domain::Localized;

    fn deadline(due: &str, delivered: Option<&str>) -> DeadlineLine {
        DeadlineLine {
            id: 1,
            diary_number: "A2025/00637".into(),
            kind: DeadlineKind::Final,
            due: due.parse().unwrap(),
            delivered: delivered.map(|d| d.parse().unwrap()),
            description: Localized::default(),
            version: 1,
        }
    }

    #[test]
    fn a_deadline_is_met_late_or_missed_by_the_end_of_the_period() {
        let end: IsoDate = "2026-09-30".parse().unwrap();
        assert_eq!(
            outcome(&deadline("2026-06-30", Some("2026-06-15")), end),
            Some(Outcome::OnTime)
        );
        assert_eq!(
            outcome(&deadline("2026-06-30", Some("2026-08-01")), end),
            Some(Outcome::Late)
        );
        assert_eq!(
            outcome(&deadline("2026-06-30", None), end),
            Some(Outcome::Missed)
        );
        // Delivered only after the period: missed, as the report tells it.
        assert_eq!(
            outcome(&deadline("2026-06-30", Some("2026-10-02")), end),
            Some(Outcome::Missed)
        );
        assert_eq!(outcome(&deadline("2026-12-31", None), end), None);
    }
}
