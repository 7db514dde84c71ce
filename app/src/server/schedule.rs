//! Which progress reports are due, computed from each measure's dates and reporting frequency
//! (never typed in), and where each stands on a given day.
//!
//! The rule, also written on the pages: an open measure (not completed or cancelled) reports
//! for every period from its start (or the plan's start, if later) until its end; a report is
//! due a set number of days after its period ends.

use crate::domain::{IsoDate, ReportFrequency, ReportingPeriod, Status};
use crate::models::{ExpectedReport, ReportDue};
use std::collections::HashSet;

/// What the schedule needs to know about a measure.
#[derive(Debug, Clone, Copy)]
pub struct ReportingTerms {
    pub start: IsoDate,
    pub end: IsoDate,
    pub status: Status,
    pub frequency: ReportFrequency,
}

/// What the schedule needs to know about the plan and the day.
#[derive(Debug, Clone, Copy)]
pub struct ScheduleContext {
    pub plan_start: IsoDate,
    pub today: IsoDate,
    pub due_days: i64,
}

/// The reports a measure owes, oldest first: every period that has begun by `today`, marked
/// submitted, overdue or upcoming. A closed measure owes nothing more, so only the periods it
/// did report on are listed.
pub fn expected_reports(
    terms: ReportingTerms,
    context: ScheduleContext,
    submitted: &HashSet<ReportingPeriod>,
) -> Vec<ExpectedReport> {
    let from = terms.start.max(context.plan_start);
    let to = terms.end.min(context.today);
    if from > to {
        return Vec::new();
    }
    ReportingPeriod::covering(from, to, terms.frequency)
        .into_iter()
        .filter_map(|period| {
            let due_date = period.due_date(context.due_days);
            let state = if submitted.contains(&period) {
                ReportDue::Submitted
            } else if !terms.status.is_open() {
                return None;
            } else if due_date < context.today {
                ReportDue::Overdue
            } else {
                ReportDue::Upcoming
            };
            Some(ExpectedReport {
                period,
                due_date,
                state,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> IsoDate {
        IsoDate::parse(text).unwrap()
    }

    fn period(text: &str) -> ReportingPeriod {
        ReportingPeriod::parse(text).unwrap()
    }

    fn context() -> ScheduleContext {
        ScheduleContext {
            plan_start: date("2025-01-01"),
            today: date("2026-11-28"),
            due_days: 30,
        }
    }

    fn terms(start: &str, end: &str, status: Status) -> ReportingTerms {
        ReportingTerms {
            start: date(start),
            end: date(end),
            status,
            frequency: ReportFrequency::Quarterly,
        }
    }

    fn states(reports: &[ExpectedReport]) -> Vec<(String, ReportDue)> {
        reports
            .iter()
            .map(|r| (r.period.to_string(), r.state))
            .collect()
    }

    #[test]
    fn an_open_measure_owes_a_report_for_each_period_since_it_started() {
        let submitted = HashSet::from([period("2026-Q1"), period("2026-Q2")]);
        let reports = expected_reports(
            terms("2026-01-15", "2027-12-31", Status::OnTrack),
            context(),
            &submitted,
        );
        assert_eq!(
            states(&reports),
            [
                ("2026-Q1".into(), ReportDue::Submitted),
                ("2026-Q2".into(), ReportDue::Submitted),
                ("2026-Q3".into(), ReportDue::Overdue),
                ("2026-Q4".into(), ReportDue::Upcoming),
            ]
        );
        assert_eq!(reports[2].due_date, date("2026-10-30"));
    }

    #[test]
    fn periods_before_the_plan_started_are_not_owed() {
        let reports = expected_reports(
            terms("2018-01-01", "2025-03-31", Status::Delayed),
            context(),
            &HashSet::new(),
        );
        assert_eq!(states(&reports), [("2025-Q1".into(), ReportDue::Overdue)]);
    }

    #[test]
    fn a_completed_measure_owes_nothing_more() {
        let submitted = HashSet::from([period("2025-Q1")]);
        let reports = expected_reports(
            terms("2025-01-01", "2027-12-31", Status::Completed),
            context(),
            &submitted,
        );
        assert_eq!(states(&reports), [("2025-Q1".into(), ReportDue::Submitted)]);
    }

    #[test]
    fn a_measure_that_has_not_started_owes_nothing() {
        let reports = expected_reports(
            terms("2027-01-01", "2028-12-31", Status::NotStarted),
            context(),
            &HashSet::new(),
        );
        assert!(reports.is_empty());
    }

    #[test]
    fn a_report_due_today_is_not_yet_overdue() {
        let context = ScheduleContext {
            today: date("2026-10-30"),
            ..context()
        };
        let reports = expected_reports(
            terms("2026-07-01", "2026-09-30", Status::OnTrack),
            context,
            &HashSet::new(),
        );
        assert_eq!(states(&reports), [("2026-Q3".into(), ReportDue::Upcoming)]);
    }
}
