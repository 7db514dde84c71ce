//! The one clock the application reads the date and time from: the real one in production, a
//! fixed one in tests (so that a test gives the same answer on any day) and one that starts on
//! the demo's day in the demo (so that the demo plan always looks as it was made to).
//!
//! What it dates: today's date (deadlines, overdue reports, stale rows, the overview's months)
//! and the instants stored with changes (the audit trail, `updated_at`, `submitted_at`). What it
//! does not: how long a session or a lockout lasts, which always run on the real clock.

use crate::domain::IsoDate;
use chrono::{DateTime, SecondsFormat, Utc};

/// Where the application's "now" comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Clock {
    /// The machine's clock.
    #[default]
    System,
    /// Always the same instant.
    Fixed(DateTime<Utc>),
    /// The machine's clock moved by a fixed amount: time runs, from another day.
    Shifted(chrono::TimeDelta),
}

impl Clock {
    /// A clock that stands still at noon (UTC) of `day`.
    pub fn fixed_on(day: IsoDate) -> Clock {
        Clock::Fixed(noon(day))
    }

    /// A clock that says it is `day` now and runs from there, keeping the time of day.
    pub fn starting_on(day: IsoDate) -> Clock {
        let real = Utc::now();
        Clock::Shifted(day.naive() - real.date_naive())
    }

    /// This instant.
    pub fn now(&self) -> DateTime<Utc> {
        match *self {
            Clock::System => Utc::now(),
            Clock::Fixed(instant) => instant,
            Clock::Shifted(by) => Utc::now() + by,
        }
    }

    /// Today's date. (UTC: Sweden's date differs only in the two hours around midnight, which
    /// matters only for a deadline on that very day.)
    pub fn today(&self) -> IsoDate {
        IsoDate::from_naive(self.now().date_naive())
    }

    /// This instant as it is stored: RFC 3339 in UTC with whole seconds.
    pub fn timestamp(&self) -> Timestamp {
        Timestamp::of(self.now())
    }
}

fn noon(day: IsoDate) -> DateTime<Utc> {
    day.naive()
        .and_hms_opt(12, 0, 0)
        .expect("noon exists on every day")
        .and_utc()
}

/// An instant as the database stores it: `2026-11-28T12:00:00Z` (RFC 3339, UTC, whole
/// seconds), so that stored instants sort as text in the order they happened.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(String);

impl Timestamp {
    pub fn of(instant: DateTime<Utc>) -> Timestamp {
        Timestamp(instant.to_rfc3339_opts(SecondsFormat::Secs, true))
    }

    /// `hour` o'clock (UTC) on `day`.
    pub fn at_hour(day: IsoDate, hour: u32) -> Timestamp {
        let instant = day
            .naive()
            .and_hms_opt(hour.min(23), 0, 0)
            .expect("an hour of the day")
            .and_utc();
        Timestamp::of(instant)
    }

    /// A stored instant read back (any RFC 3339 text), or `None` when it is not one.
    pub fn parse(text: &str) -> Option<Timestamp> {
        DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|instant| Timestamp::of(instant.with_timezone(&Utc)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> IsoDate {
        IsoDate::parse(text).unwrap()
    }

    #[test]
    fn a_fixed_clock_says_the_same_day_and_instant_every_time() {
        let clock = Clock::fixed_on(day("2026-11-28"));
        assert_eq!(clock.today(), day("2026-11-28"));
        assert_eq!(clock.timestamp().as_str(), "2026-11-28T12:00:00Z");
        assert_eq!(clock.now(), clock.now());
    }

    #[test]
    fn a_clock_starting_on_a_day_says_that_day_and_runs() {
        let clock = Clock::starting_on(day("2030-02-01"));
        assert_eq!(clock.today(), day("2030-02-01"));
        let first = clock.now();
        std::thread::sleep(std::time::Duration::from_millis(5));
        assert!(clock.now() > first);
    }

    #[test]
    fn timestamps_are_whole_seconds_in_utc() {
        let instant = DateTime::parse_from_rfc3339("2026-03-04T05:06:07.891+01:00")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(Timestamp::of(instant).as_str(), "2026-03-04T04:06:07Z");
        assert_eq!(
            Timestamp::parse("2026-03-04T05:06:07+01:00")
                .unwrap()
                .as_str(),
            "2026-03-04T04:06:07Z"
        );
        assert_eq!(Timestamp::parse("2026-03-04"), None);
        assert_eq!(
            Timestamp::at_hour(day("2026-11-28"), 7).as_str(),
            "2026-11-28T07:00:00Z"
        );
    }
}
