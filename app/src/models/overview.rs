//! The overview: how the plan stands today.

use super::{DeadlineItem, FundingTotals, FundingYear, OrganisationRef, PlanSummary};
use crate::domain::{DiaryNumber, IsoDate, Localized, Progress, ReportingPeriod, Status};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCount {
    pub status: Status,
    pub count: i64,
}

/// One area (insatsområde) of the plan: its measures, their progress and money.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaProgress {
    pub code: String,
    pub title: Localized,
    pub measure_count: i64,
    /// Mean progress of the area's measures that are not cancelled; `None` if it has none.
    pub mean_progress: Option<Progress>,
    pub funding: FundingTotals,
}

/// A submitted report in the list of latest reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportSummary {
    /// The measure the report is about, or empty for an assignment report.
    pub measure_code: String,
    /// The assignment the report is about, for an assignment report.
    pub assignment: Option<DiaryNumber>,
    pub subject_title: Localized,
    pub period: ReportingPeriod,
    pub revision: i64,
    pub status: Status,
    pub progress: Progress,
    pub organisation: OrganisationRef,
    /// RFC 3339, UTC.
    pub submitted_at: String,
}

/// The plan's progress at the end of one quarter: the mean of each measure's latest reported
/// progress by then (over the measures that had reported).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodProgress {
    pub period: ReportingPeriod,
    pub mean: Progress,
    pub reports: i64,
}

/// How many unmet deadlines fall in one calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthDeadlines {
    pub year: i32,
    pub month: u32,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub plan: PlanSummary,
    pub today: IsoDate,
    pub measure_count: i64,
    /// Every status in order, including those no measure has.
    pub status_counts: Vec<StatusCount>,
    /// Mean progress of all measures that are not cancelled.
    pub mean_progress: Option<Progress>,
    pub areas: Vec<AreaProgress>,
    pub funding: FundingTotals,
    pub funding_by_year: Vec<FundingYear>,
    /// How many deadlines have passed unmet; `overdue` lists the most recent of them.
    pub overdue_count: usize,
    pub overdue: Vec<DeadlineItem>,
    /// Deadlines in the coming `UPCOMING_DAYS` days, soonest first.
    pub upcoming: Vec<DeadlineItem>,
    /// Unmet deadlines in this month and the `MONTHS_AHEAD` after it, every month listed.
    pub deadlines_by_month: Vec<MonthDeadlines>,
    /// Every reporting period with a submitted measure report, oldest first.
    pub progress_by_period: Vec<PeriodProgress>,
    pub latest_reports: Vec<ReportSummary>,
    /// The charts of these figures, each with its table, worded in the reader's language.
    pub charts: Vec<super::Chart>,
    /// Where this was read (the server only).
    #[serde(skip)]
    pub read_at: super::ReadAt,
}

impl Overview {
    /// How far ahead the overview looks for upcoming deadlines.
    pub const UPCOMING_DAYS: i64 = 90;
    /// How many overdue and upcoming deadlines and latest reports it lists.
    pub const LIST_LENGTH: usize = 10;
    /// How many months after this one the deadlines chart shows.
    pub const MONTHS_AHEAD: u32 = 5;
}

/// The plan's progress quarter by quarter from its report history. `reports` holds each
/// measure's report for each period (the newest revision) as `(measure, period, progress)`;
/// periods of any length count from the quarter they end in, so that quarterly, half-yearly
/// and yearly reports make one series.
pub fn progress_by_quarter(reports: &[(i64, ReportingPeriod, i64)]) -> Vec<PeriodProgress> {
    use crate::domain::ReportFrequency;
    let (Some(first), Some(last)) = (
        reports.iter().map(|r| r.1.end()).min(),
        reports.iter().map(|r| r.1.end()).max(),
    ) else {
        return Vec::new();
    };
    let mut quarters = Vec::new();
    let mut quarter = ReportingPeriod::containing(first, ReportFrequency::Quarterly);
    while quarter.end() <= last {
        let mut latest: std::collections::BTreeMap<i64, (IsoDate, i64)> = Default::default();
        for (measure, period, progress) in reports.iter().filter(|r| r.1.end() <= quarter.end()) {
            let entry = latest.entry(*measure).or_insert((period.end(), *progress));
            if period.end() > entry.0 {
                *entry = (period.end(), *progress);
            }
        }
        let count = latest.len() as i64;
        // Rounded half up, as the overview's mean progress.
        let mean = (latest.values().map(|(_, p)| p).sum::<i64>() * 2 + count) / (count * 2);
        if let Ok(mean) = Progress::try_from(mean) {
            quarters.push(PeriodProgress {
                period: quarter,
                mean,
                reports: count,
            });
        }
        quarter = quarter.next();
    }
    quarters
}

/// Unmet deadlines (`due` dates) counted by month, from the month of `today` and
/// [`Overview::MONTHS_AHEAD`] months on; months without one count zero.
pub fn deadlines_by_month(today: IsoDate, due: &[IsoDate]) -> Vec<MonthDeadlines> {
    (0..=Overview::MONTHS_AHEAD)
        .map(|ahead| {
            let index = today.year() * 12 + today.month() as i32 - 1 + ahead as i32;
            let (year, month) = (index / 12, index as u32 % 12 + 1);
            MonthDeadlines {
                year,
                month,
                count: due
                    .iter()
                    .filter(|d| d.year() == year && d.month() == month)
                    .count() as i64,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_by_quarter_carries_each_measures_latest_report_forward() {
        let period = |text: &str| ReportingPeriod::parse(text).unwrap();
        let quarters = progress_by_quarter(&[
            (1, period("2025-Q1"), 10),
            (1, period("2025-Q2"), 30),
            (2, period("2025-H1"), 50),
            (3, period("2025"), 90),
        ]);
        let listed: Vec<(String, u8, i64)> = quarters
            .iter()
            .map(|q| (q.period.to_string(), q.mean.percent(), q.reports))
            .collect();
        assert_eq!(
            listed,
            [
                ("2025-Q1".to_owned(), 10, 1),
                ("2025-Q2".to_owned(), 40, 2),
                ("2025-Q3".to_owned(), 40, 2),
                ("2025-Q4".to_owned(), 57, 3),
            ]
        );
    }

    #[test]
    fn deadlines_are_counted_by_month_across_the_new_year_with_empty_months_listed() {
        let day = |text: &str| IsoDate::parse(text).unwrap();
        let months = deadlines_by_month(
            day("2026-11-28"),
            &[
                day("2026-11-30"),
                day("2027-01-31"),
                day("2027-01-01"),
                day("2027-06-01"),
            ],
        );
        let listed: Vec<(i32, u32, i64)> =
            months.iter().map(|m| (m.year, m.month, m.count)).collect();
        assert_eq!(
            listed,
            [
                (2026, 11, 1),
                (2026, 12, 0),
                (2027, 1, 2),
                (2027, 2, 0),
                (2027, 3, 0),
                (2027, 4, 0)
            ]
        );
    }
}
