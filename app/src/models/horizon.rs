//! How far the money reaches: the last year with money decided for a measure's work in a
//! county, against when the measure ends. A regional coordinator funded to 2026 in a plan that
//! runs to 2030 is flagged a year before the money ends, so that the next decision can be made
//! in time. Computed from the funding decisions on every read, never typed in.

use super::CountyRef;
use crate::domain::IsoDate;
use serde::{Deserialize, Serialize};

/// The last year with money decided for one county's row of a regional measure, and what that
/// means today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct FundingHorizon {
    /// The last year with money allocated (`None`: no money decided at all).
    pub last_year: Option<i32>,
    pub signal: Option<HorizonSignal>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HorizonSignal {
    /// The money ends on `ends` (the last day of its last year), within twelve months, while
    /// the measure runs on to `measure_ends`; raised since `since`, twelve months before.
    EndsSoon {
        ends: IsoDate,
        measure_ends: IsoDate,
        since: IsoDate,
    },
    /// The money ended on `ended` and the measure runs on to `measure_ends`.
    Ended {
        ended: IsoDate,
        measure_ends: IsoDate,
    },
}

impl FundingHorizon {
    /// The rule. A row's money is what is earmarked for its county (`earmarked`, the last
    /// year), or, when nothing is, what the measure has without a county (`measure_wide`). It
    /// ends on the last day of its last year. A signal is raised from twelve months before
    /// that day while the measure runs on past it, and stays once the day has passed, until the
    /// measure ends or money is decided for a later year.
    pub fn of(
        earmarked: Option<i32>,
        measure_wide: Option<i32>,
        measure_ends: IsoDate,
        today: IsoDate,
    ) -> FundingHorizon {
        let last_year = earmarked.or(measure_wide);
        let signal = last_year.and_then(|year| {
            let ends = IsoDate::from_ymd(year, 12, 31)?;
            let since = IsoDate::from_ymd(year - 1, 12, 31)?.add_days(1);
            if measure_ends <= ends || today > measure_ends || today < since {
                None
            } else if today > ends {
                Some(HorizonSignal::Ended {
                    ended: ends,
                    measure_ends,
                })
            } else {
                Some(HorizonSignal::EndsSoon {
                    ends,
                    measure_ends,
                    since,
                })
            }
        });
        FundingHorizon { last_year, signal }
    }

    /// Whether the money ends before the measure does (whether or not that is near yet).
    pub fn ends_before(last_year: Option<i32>, measure_ends: IsoDate) -> bool {
        last_year.is_some_and(|year| year < measure_ends.year())
    }
}

/// One county's regional rows, as far as their money reaches: for the money page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountyHorizon {
    pub county: CountyRef,
    pub rows: usize,
    /// Rows with any money decided.
    pub funded: usize,
    /// Rows whose money ends before their measure does.
    pub short: usize,
    /// Rows flagged today (the money ends within twelve months, or has ended, while the
    /// measure runs on).
    pub flagged: usize,
    /// The earliest last year of money among the rows whose money ends before their measure:
    /// where the money runs out first.
    pub first_gap: Option<i32>,
}

/// One regional row's horizon, as read for the money page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowHorizon {
    pub county: CountyRef,
    pub measure_ends: IsoDate,
    pub horizon: FundingHorizon,
}

impl CountyHorizon {
    /// Each county's rows added up, in the order the counties first appear.
    pub fn per_county(rows: &[RowHorizon]) -> Vec<CountyHorizon> {
        let mut counties: Vec<CountyHorizon> = Vec::new();
        for row in rows {
            let at = match counties
                .iter()
                .position(|c| c.county.code == row.county.code)
            {
                Some(at) => at,
                None => {
                    counties.push(CountyHorizon {
                        county: row.county.clone(),
                        rows: 0,
                        funded: 0,
                        short: 0,
                        flagged: 0,
                        first_gap: None,
                    });
                    counties.len() - 1
                }
            };
            let county = &mut counties[at];
            let last_year = row.horizon.last_year;
            county.rows += 1;
            county.funded += usize::from(last_year.is_some());
            county.flagged += usize::from(row.horizon.signal.is_some());
            if FundingHorizon::ends_before(last_year, row.measure_ends) {
                county.short += 1;
                county.first_gap = county.first_gap.min(last_year).or(last_year);
            }
        }
        counties
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CountyCode, Localized};

    fn day(text: &str) -> IsoDate {
        IsoDate::parse(text).unwrap()
    }

    #[test]
    fn money_to_2026_for_a_measure_to_2030_is_flagged_from_the_start_of_2026() {
        let ends = day("2030-12-31");
        assert_eq!(
            FundingHorizon::of(Some(2026), None, ends, day("2026-11-28")).signal,
            Some(HorizonSignal::EndsSoon {
                ends: day("2026-12-31"),
                measure_ends: ends,
                since: day("2026-01-01"),
            })
        );
        assert_eq!(
            FundingHorizon::of(Some(2026), None, ends, day("2025-12-31")).signal,
            None,
            "more than twelve months before the money ends"
        );
        assert_eq!(
            FundingHorizon::of(Some(2026), None, ends, day("2027-01-01")).signal,
            Some(HorizonSignal::Ended {
                ended: day("2026-12-31"),
                measure_ends: ends,
            })
        );
    }

    #[test]
    fn money_that_lasts_as_long_as_the_measure_raises_nothing() {
        let signal =
            |last, ends, today| FundingHorizon::of(Some(last), None, day(ends), day(today)).signal;
        assert_eq!(signal(2030, "2030-12-31", "2030-06-01"), None);
        assert_eq!(
            signal(2026, "2026-06-30", "2026-05-01"),
            None,
            "the measure ends first"
        );
        assert_eq!(
            signal(2025, "2026-06-30", "2026-11-28"),
            None,
            "the measure has ended"
        );
        assert_eq!(
            FundingHorizon::of(None, None, day("2030-12-31"), day("2026-11-28")).signal,
            None
        );
    }

    #[test]
    fn money_earmarked_for_the_county_counts_before_the_measures_own() {
        let horizon =
            FundingHorizon::of(Some(2026), Some(2030), day("2030-12-31"), day("2026-11-28"));
        assert_eq!(horizon.last_year, Some(2026));
        assert!(horizon.signal.is_some());
        let horizon = FundingHorizon::of(None, Some(2030), day("2030-12-31"), day("2026-11-28"));
        assert_eq!(horizon.last_year, Some(2030));
        assert_eq!(horizon.signal, None);
    }

    #[test]
    fn each_county_counts_its_short_and_flagged_rows_and_where_money_runs_out_first() {
        let county = |code: &str| CountyRef {
            code: CountyCode::parse(code).unwrap(),
            name: Localized::new(code, code),
        };
        let today = day("2026-11-28");
        let row = |code: &str, last: Option<i32>, ends: &str| RowHorizon {
            county: county(code),
            measure_ends: day(ends),
            horizon: FundingHorizon::of(last, None, day(ends), today),
        };
        let counties = CountyHorizon::per_county(&[
            row("24", Some(2026), "2030-12-31"),
            row("01", Some(2030), "2030-12-31"),
            row("24", Some(2028), "2030-12-31"),
            row("24", None, "2030-12-31"),
        ]);
        assert_eq!(counties.len(), 2);
        let vasterbotten = &counties[0];
        assert_eq!(
            (
                vasterbotten.rows,
                vasterbotten.funded,
                vasterbotten.short,
                vasterbotten.flagged
            ),
            (3, 2, 2, 1)
        );
        assert_eq!(vasterbotten.first_gap, Some(2026));
        let stockholm = &counties[1];
        assert_eq!(
            (stockholm.short, stockholm.flagged, stockholm.first_gap),
            (0, 0, None)
        );
    }
}
