//! Reporting periods: a quarter (`2026-Q1`), a half year (`2026-H2`) or a year (`2026`).

use super::{DomainError, IsoDate, ReportFrequency};
use serde::{Deserialize, Serialize};

/// The period a progress report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum ReportingPeriod {
    Quarter { year: i32, quarter: u8 },
    Half { year: i32, half: u8 },
    Year { year: i32 },
}

impl ReportingPeriod {
    pub fn parse(text: &str) -> Result<ReportingPeriod, DomainError> {
        let invalid = || DomainError::ReportingPeriod(text.to_owned());
        let (year_text, part) = match text.split_once('-') {
            Some((year, part)) => (year, Some(part)),
            None => (text, None),
        };
        if year_text.len() != 4 || !year_text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        let year: i32 = year_text.parse().map_err(|_| invalid())?;
        match part {
            None => Ok(ReportingPeriod::Year { year }),
            Some("Q1") => Ok(ReportingPeriod::Quarter { year, quarter: 1 }),
            Some("Q2") => Ok(ReportingPeriod::Quarter { year, quarter: 2 }),
            Some("Q3") => Ok(ReportingPeriod::Quarter { year, quarter: 3 }),
            Some("Q4") => Ok(ReportingPeriod::Quarter { year, quarter: 4 }),
            Some("H1") => Ok(ReportingPeriod::Half { year, half: 1 }),
            Some("H2") => Ok(ReportingPeriod::Half { year, half: 2 }),
            Some(_) => Err(invalid()),
        }
    }

    /// The period of the given frequency that contains `date`.
    pub fn containing(date: IsoDate, frequency: ReportFrequency) -> ReportingPeriod {
        let year = date.year();
        let month = date.month();
        match frequency {
            ReportFrequency::Quarterly => ReportingPeriod::Quarter {
                year,
                quarter: ((month - 1) / 3 + 1) as u8,
            },
            ReportFrequency::HalfYearly => ReportingPeriod::Half {
                year,
                half: if month <= 6 { 1 } else { 2 },
            },
            ReportFrequency::Yearly => ReportingPeriod::Year { year },
        }
    }

    /// First day of the period.
    pub fn start(self) -> IsoDate {
        let (year, month) = match self {
            ReportingPeriod::Quarter { year, quarter } => (year, u32::from(quarter) * 3 - 2),
            ReportingPeriod::Half { year, half } => (year, u32::from(half) * 6 - 5),
            ReportingPeriod::Year { year } => (year, 1),
        };
        IsoDate::from_ymd(year, month, 1).expect("the first of a month exists")
    }

    /// Last day of the period.
    pub fn end(self) -> IsoDate {
        self.next().start().add_days(-1)
    }

    /// The day a report for this period is due: `due_days` after the period ends.
    pub fn due_date(self, due_days: i64) -> IsoDate {
        self.end().add_days(due_days)
    }

    /// The period right after this one, of the same length.
    pub fn next(self) -> ReportingPeriod {
        match self {
            ReportingPeriod::Quarter { year, quarter: 4 } => ReportingPeriod::Quarter {
                year: year + 1,
                quarter: 1,
            },
            ReportingPeriod::Quarter { year, quarter } => ReportingPeriod::Quarter {
                year,
                quarter: quarter + 1,
            },
            ReportingPeriod::Half { year, half: 2 } => ReportingPeriod::Half {
                year: year + 1,
                half: 1,
            },
            ReportingPeriod::Half { year, half } => ReportingPeriod::Half {
                year,
                half: half + 1,
            },
            ReportingPeriod::Year { year } => ReportingPeriod::Year { year: year + 1 },
        }
    }

    /// Every period of `frequency` that overlaps the days `from..=to`, in order.
    pub fn covering(
        from: IsoDate,
        to: IsoDate,
        frequency: ReportFrequency,
    ) -> Vec<ReportingPeriod> {
        let mut periods = Vec::new();
        let mut period = ReportingPeriod::containing(from, frequency);
        while period.start() <= to {
            periods.push(period);
            period = period.next();
        }
        periods
    }
}

impl std::fmt::Display for ReportingPeriod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReportingPeriod::Quarter { year, quarter } => write!(f, "{year}-Q{quarter}"),
            ReportingPeriod::Half { year, half } => write!(f, "{year}-H{half}"),
            ReportingPeriod::Year { year } => write!(f, "{year}"),
        }
    }
}

impl std::str::FromStr for ReportingPeriod {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ReportingPeriod::parse(s)
    }
}

impl TryFrom<String> for ReportingPeriod {
    type Error = DomainError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        ReportingPeriod::parse(&value)
    }
}

impl From<ReportingPeriod> for String {
    fn from(period: ReportingPeriod) -> String {
        period.to_string()
    }
}

crate::sql_text_type!(ReportingPeriod);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(text: &str) -> IsoDate {
        IsoDate::parse(text).unwrap()
    }

    #[test]
    fn quarters_halves_and_years_parse_and_print_the_same() {
        for text in ["2026-Q1", "2026-Q4", "2026-H1", "2026-H2", "2026"] {
            assert_eq!(ReportingPeriod::parse(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn malformed_periods_are_refused() {
        for text in [
            "2026-Q5", "2026-Q0", "2026-H3", "26-Q1", "2026Q1", "2026-q1", "",
        ] {
            assert_eq!(
                ReportingPeriod::parse(text),
                Err(DomainError::ReportingPeriod(text.into()))
            );
        }
    }

    #[test]
    fn a_quarter_runs_from_its_first_to_its_last_day() {
        let q1 = ReportingPeriod::parse("2026-Q1").unwrap();
        assert_eq!(q1.start(), date("2026-01-01"));
        assert_eq!(q1.end(), date("2026-03-31"));
        let q4 = ReportingPeriod::parse("2026-Q4").unwrap();
        assert_eq!(q4.end(), date("2026-12-31"));
        assert_eq!(q4.next().to_string(), "2027-Q1");
    }

    #[test]
    fn a_report_is_due_a_set_number_of_days_after_its_period() {
        let q3 = ReportingPeriod::parse("2026-Q3").unwrap();
        assert_eq!(q3.due_date(30), date("2026-10-30"));
    }

    #[test]
    fn the_periods_covering_a_span_include_both_ends() {
        let periods = ReportingPeriod::covering(
            date("2025-11-15"),
            date("2026-04-01"),
            ReportFrequency::Quarterly,
        );
        let texts: Vec<String> = periods.iter().map(ToString::to_string).collect();
        assert_eq!(texts, ["2025-Q4", "2026-Q1", "2026-Q2"]);
    }

    proptest! {
        #[test]
        fn the_period_containing_a_day_contains_it(days in 0i64..20_000, frequency in 0usize..3) {
            let frequency = ReportFrequency::ALL[frequency];
            let day = date("2000-01-01").add_days(days);
            let period = ReportingPeriod::containing(day, frequency);
            prop_assert!(period.start() <= day && day <= period.end());
            prop_assert_eq!(period.next().start(), period.end().add_days(1));
        }
    }
}
