//! Calendar dates, written the Swedish (and ISO 8601) way: 2026-03-04.

use super::DomainError;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A calendar date without time or zone, stored and sent as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IsoDate(NaiveDate);

impl IsoDate {
    pub fn parse(text: &str) -> Result<IsoDate, DomainError> {
        let well_formed =
            text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
        well_formed
            .then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
            .flatten()
            .map(IsoDate)
            .ok_or_else(|| DomainError::Date(text.to_owned()))
    }

    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<IsoDate> {
        NaiveDate::from_ymd_opt(year, month, day).map(IsoDate)
    }

    pub fn from_naive(date: NaiveDate) -> IsoDate {
        IsoDate(date)
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }

    pub fn month(self) -> u32 {
        self.0.month()
    }

    pub fn add_days(self, days: i64) -> IsoDate {
        IsoDate(self.0 + chrono::Duration::days(days))
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: IsoDate) -> i64 {
        (later.0 - self.0).num_days()
    }

    pub fn naive(self) -> NaiveDate {
        self.0
    }

    /// As readers of each language write dates: `2026-03-04` in Swedish, `4 Mar 2026` in
    /// English.
    pub fn format(self, lang: super::Lang) -> String {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        match lang {
            super::Lang::Sv => self.to_string(),
            super::Lang::En => {
                format!(
                    "{} {} {}",
                    self.0.day(),
                    MONTHS[self.0.month0() as usize],
                    self.0.year()
                )
            }
        }
    }
}

impl std::fmt::Display for IsoDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl std::str::FromStr for IsoDate {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        IsoDate::parse(s)
    }
}

impl TryFrom<String> for IsoDate {
    type Error = DomainError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        IsoDate::parse(&value)
    }
}

impl From<IsoDate> for String {
    fn from(date: IsoDate) -> String {
        date.to_string()
    }
}

crate::sql_text_type!(IsoDate);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_and_written_as_year_month_day() {
        let date = IsoDate::parse("2026-07-15").unwrap();
        assert_eq!(date.to_string(), "2026-07-15");
        assert_eq!((date.year(), date.month()), (2026, 7));
    }

    #[test]
    fn impossible_and_loosely_written_dates_are_refused() {
        for text in [
            "2026-02-30",
            "2026-7-15",
            "15/07/2026",
            "2026-07-15T00:00",
            "",
        ] {
            assert_eq!(IsoDate::parse(text), Err(DomainError::Date(text.into())));
        }
    }

    #[test]
    fn swedish_dates_are_iso_and_english_ones_spell_the_month() {
        let date = IsoDate::parse("2026-03-04").unwrap();
        assert_eq!(date.format(crate::domain::Lang::Sv), "2026-03-04");
        assert_eq!(date.format(crate::domain::Lang::En), "4 Mar 2026");
    }

    #[test]
    fn day_arithmetic_crosses_months_and_years() {
        let date = IsoDate::parse("2026-12-31").unwrap();
        assert_eq!(date.add_days(1).to_string(), "2027-01-01");
        assert_eq!(date.days_until(IsoDate::parse("2027-01-30").unwrap()), 30);
    }
}
