//! Indicators tied to measures: the ministry that leads a measure names the indicators it should
//! move, each from a baseline (a year and the count for the whole country) to a target (a later
//! year and another count). Here are the rules: what a valid target is, which way it points, how
//! far the country has come, and how far each county is from it per 100 000 inhabitants.

use super::IndicatorRef;
use crate::domain::{AgeGroup, Count, Localized, Sex};
use crate::error::{FieldError, Problem};
use crate::models::input;
use serde::{Deserialize, Serialize};

/// The largest baseline or target a ministry may type: more people than live in Sweden a
/// hundred times over, and well inside every integer the database and the browser hold.
pub const MAX_VALUE: i64 = 1_000_000_000;

/// A year and the indicator's count for the whole country that year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearValue {
    pub year: i32,
    pub value: i64,
}

/// Which way a target points: more (victims identified, people supported) or fewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    Up,
    Down,
}

/// A measure's target on one indicator, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetInput {
    /// The indicator's code.
    pub indicator: String,
    pub baseline_year: String,
    pub baseline_value: String,
    pub target_year: String,
    pub target_value: String,
}

/// A measure's target on one indicator, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetValues {
    pub indicator: String,
    pub baseline: YearValue,
    pub target: YearValue,
}

impl TargetInput {
    /// The values, or every field that is wrong and why. A target comes after its baseline and
    /// differs from it (a target equal to the baseline says nothing about which way to go).
    pub fn check(&self) -> Result<TargetValues, Vec<FieldError>> {
        let mut errors = Vec::new();
        let baseline_year = input::whole_number_in(
            "baseline_year",
            &self.baseline_year,
            2000..=2100,
            &mut errors,
        );
        let baseline_value = input::whole_number_in(
            "baseline_value",
            &self.baseline_value,
            0..=MAX_VALUE,
            &mut errors,
        );
        let target_year =
            input::whole_number_in("target_year", &self.target_year, 2000..=2100, &mut errors);
        let target_value = input::whole_number_in(
            "target_value",
            &self.target_value,
            0..=MAX_VALUE,
            &mut errors,
        );
        let indicator = self.indicator.trim().to_owned();
        if indicator.is_empty() {
            errors.push(FieldError::new("indicator", Problem::Required));
        }
        if let (Some(from), Some(to)) = (baseline_year, target_year)
            && to <= from
        {
            errors.push(FieldError::new(
                "target_year",
                Problem::TargetNotAfterBaseline,
            ));
        }
        if let (Some(from), Some(to)) = (baseline_value, target_value)
            && from == to
        {
            errors.push(FieldError::new("target_value", Problem::TargetIsBaseline));
        }
        match (baseline_year, baseline_value, target_year, target_value) {
            (Some(by), Some(bv), Some(ty), Some(tv)) if errors.is_empty() => Ok(TargetValues {
                indicator,
                baseline: YearValue {
                    year: by as i32,
                    value: bv,
                },
                target: YearValue {
                    year: ty as i32,
                    value: tv,
                },
            }),
            _ => Err(errors),
        }
    }

    pub fn from_values(values: &TargetValues) -> TargetInput {
        TargetInput {
            indicator: values.indicator.clone(),
            baseline_year: values.baseline.year.to_string(),
            baseline_value: values.baseline.value.to_string(),
            target_year: values.target.year.to_string(),
            target_value: values.target.value.to_string(),
        }
    }
}

impl TargetValues {
    pub fn direction(&self) -> Direction {
        if self.target.value > self.baseline.value {
            Direction::Up
        } else {
            Direction::Down
        }
    }

    /// How much of the way from the baseline to the target `value` has come, in whole percent:
    /// 0 at the baseline, 100 at the target, below 0 when it went the other way.
    pub fn share_of_the_way(&self, value: i64) -> i64 {
        let whole = (self.target.value - self.baseline.value) as f64;
        let come = (value - self.baseline.value) as f64;
        (come * 100.0 / whole).round() as i64
    }

    /// The target as a rate per 100 000 inhabitants of a country of `population`.
    pub fn target_rate(&self, population: i64) -> Option<f64> {
        (population > 0).then(|| self.target.value as f64 * 100_000.0 / population as f64)
    }

    /// How far a county with `rate` per 100 000 inhabitants is from the target rate, in the
    /// target's direction: 0 once it has reached it (or gone past it).
    pub fn to_go(&self, rate: f64, target_rate: f64) -> f64 {
        let gap = match self.direction() {
            Direction::Up => target_rate - rate,
            Direction::Down => rate - target_rate,
        };
        gap.max(0.0)
    }
}

/// One year of an indicator for the whole country: the total, women and men, and children and
/// adults when every value of the year is split by age. Small counts are suppressed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NationalYear {
    pub year: i32,
    pub total: Count,
    pub women: Count,
    pub men: Count,
    /// `None` when the year's data is not (or not wholly) split by age.
    pub children: Option<Count>,
    pub adults: Option<Count>,
}

/// The indicator's counts for the whole country, year by year: `cells` are (year, sex, age
/// group or `None` for a value not split by age, count), already added over counties and forms.
/// Small counts are hidden by [`Count::total_and_splits`], the sexes and the age groups being
/// two splits of the total.
pub fn national_years(
    cells: &[(i32, Sex, Option<AgeGroup>, i64)],
    threshold: i64,
) -> Vec<NationalYear> {
    let mut years: Vec<i32> = cells.iter().map(|c| c.0).collect();
    years.sort_unstable();
    years.dedup();
    years
        .into_iter()
        .map(|year| {
            let sum = |keep: &dyn Fn(Sex, Option<AgeGroup>) -> bool| -> i64 {
                cells
                    .iter()
                    .filter(|(y, sex, age, _)| *y == year && keep(*sex, *age))
                    .map(|c| c.3)
                    .sum()
            };
            let total = sum(&|_, _| true);
            let women = sum(&|sex, _| sex == Sex::Women);
            let men = sum(&|sex, _| sex == Sex::Men);
            let by_age = !cells
                .iter()
                .any(|(y, _, age, _)| *y == year && age.is_none());
            let children = sum(&|_, age| age == Some(AgeGroup::Children));
            let adults = sum(&|_, age| age == Some(AgeGroup::Adults));
            let (sexes, ages) = ([women, men], [children, adults]);
            let splits: Vec<&[i64]> = if by_age {
                vec![&sexes, &ages]
            } else {
                vec![&sexes]
            };
            let (total, splits) = Count::total_and_splits(total, &splits, threshold);
            let (women, men) = (splits[0][0], splits[0][1]);
            let (children, adults) = splits
                .get(1)
                .map_or((Count::Shown(0), Count::Shown(0)), |ages| {
                    (ages[0], ages[1])
                });
            NationalYear {
                year,
                total,
                women,
                men,
                children: by_age.then_some(children),
                adults: by_age.then_some(adults),
            }
        })
        .collect()
}

/// An indicator a measure should move, with its series for the whole country, as the measure
/// page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureIndicator {
    pub indicator: IndicatorRef,
    pub target: TargetValues,
    /// Oldest first.
    pub years: Vec<NationalYear>,
}

impl MeasureIndicator {
    /// The newest year with a total shown, and how much of the way to the target it has come.
    pub fn latest(&self) -> Option<(i32, i64, i64)> {
        self.years.iter().rev().find_map(|y| {
            y.total
                .shown()
                .map(|value| (y.year, value, self.target.share_of_the_way(value)))
        })
    }
}

/// A measure's targets as their form shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetEdit {
    pub code: String,
    pub title: Localized,
    /// Each target with its id and version, and the indicator's name.
    pub targets: Vec<(i64, i64, Localized, TargetInput)>,
    /// Every indicator, by code, with its name and unit, in their order.
    pub indicators: Vec<(String, Localized, Localized)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(by: &str, bv: &str, ty: &str, tv: &str) -> TargetInput {
        TargetInput {
            indicator: "presumed-victims".into(),
            baseline_year: by.into(),
            baseline_value: bv.into(),
            target_year: ty.into(),
            target_value: tv.into(),
        }
    }

    fn problems(input: TargetInput) -> Vec<(String, Problem)> {
        input
            .check()
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn a_target_is_read_as_people_type_it() {
        let values = typed("2022", "1 250", "2030", "1 600").check().unwrap();
        assert_eq!(
            values.baseline,
            YearValue {
                year: 2022,
                value: 1250
            }
        );
        assert_eq!(
            values.target,
            YearValue {
                year: 2030,
                value: 1600
            }
        );
        assert_eq!(values.direction(), Direction::Up);
        assert_eq!(TargetInput::from_values(&values).check(), Ok(values));
    }

    #[test]
    fn a_target_before_its_baseline_or_equal_to_it_is_refused_by_field() {
        assert_eq!(
            problems(typed("2030", "10", "2030", "10")),
            vec![
                ("target_year".into(), Problem::TargetNotAfterBaseline),
                ("target_value".into(), Problem::TargetIsBaseline),
            ]
        );
    }

    #[test]
    fn huge_negative_and_missing_numbers_are_refused_by_field() {
        assert_eq!(
            problems(TargetInput {
                indicator: String::new(),
                ..typed("1999", "-1", "", "99999999999999999999")
            }),
            vec![
                (
                    "baseline_year".into(),
                    Problem::OutOfRange {
                        min: 2000,
                        max: 2100
                    }
                ),
                (
                    "baseline_value".into(),
                    Problem::OutOfRange {
                        min: 0,
                        max: MAX_VALUE
                    }
                ),
                ("target_year".into(), Problem::Required),
                (
                    "target_value".into(),
                    Problem::OutOfRange {
                        min: 0,
                        max: MAX_VALUE
                    }
                ),
                ("indicator".into(), Problem::Required),
            ]
        );
    }

    #[test]
    fn the_share_of_the_way_counts_from_the_baseline_in_either_direction() {
        let up = typed("2022", "100", "2030", "200").check().unwrap();
        assert_eq!(up.share_of_the_way(150), 50);
        assert_eq!(up.share_of_the_way(90), -10);
        let down = typed("2022", "200", "2030", "100").check().unwrap();
        assert_eq!(down.direction(), Direction::Down);
        assert_eq!(down.share_of_the_way(150), 50);
        assert_eq!(down.share_of_the_way(100), 100);
    }

    #[test]
    fn a_county_past_the_target_rate_has_nothing_left_to_go() {
        // 1 000 people in a country of 10 million: 10 per 100 000.
        let up = typed("2022", "500", "2030", "1000").check().unwrap();
        let rate = up.target_rate(10_000_000).unwrap();
        assert!((rate - 10.0).abs() < 1e-9);
        assert!((up.to_go(7.5, rate) - 2.5).abs() < 1e-9);
        assert_eq!(up.to_go(12.0, rate), 0.0);
        let down = typed("2022", "2000", "2030", "1000").check().unwrap();
        assert!((down.to_go(12.0, rate) - 2.0).abs() < 1e-9);
        assert_eq!(down.to_go(7.5, rate), 0.0);
        assert_eq!(up.target_rate(0), None);
    }

    #[test]
    fn a_small_count_of_one_sex_or_age_group_is_hidden_with_the_other() {
        let threshold = 5;
        let cell = |year, sex, age, value| (year, sex, age, value);
        let years = national_years(
            &[
                // 2024: not split by age; both sexes large.
                cell(2024, Sex::Women, None, 40),
                cell(2024, Sex::Men, None, 30),
                // 2025: split by age; children 3 (small), adults large.
                cell(2025, Sex::Women, Some(AgeGroup::Children), 2),
                cell(2025, Sex::Women, Some(AgeGroup::Adults), 40),
                cell(2025, Sex::Men, Some(AgeGroup::Children), 1),
                cell(2025, Sex::Men, Some(AgeGroup::Adults), 30),
                // 2026: split by age, every group large but men small.
                cell(2026, Sex::Women, Some(AgeGroup::Children), 10),
                cell(2026, Sex::Women, Some(AgeGroup::Adults), 40),
                cell(2026, Sex::Men, Some(AgeGroup::Children), 0),
                cell(2026, Sex::Men, Some(AgeGroup::Adults), 3),
            ],
            threshold,
        );
        assert_eq!(years[0].total, Count::Shown(70));
        assert_eq!(years[0].children, None);
        // Children (3) are hidden, and adults with them (else children = 73 - 70).
        assert_eq!(years[1].total, Count::Shown(73));
        assert_eq!(years[1].children, Some(Count::Suppressed));
        assert_eq!(years[1].adults, Some(Count::Suppressed));
        assert_eq!(
            (years[1].women, years[1].men),
            (Count::Shown(42), Count::Shown(31))
        );
        // Men (3) are hidden, and women with them; the age groups stay.
        assert_eq!(years[2].total, Count::Shown(53));
        assert_eq!(
            (years[2].women, years[2].men),
            (Count::Suppressed, Count::Suppressed)
        );
        assert_eq!(years[2].children, Some(Count::Shown(10)));
        assert_eq!(years[2].adults, Some(Count::Shown(43)));
    }

    #[test]
    fn a_year_only_partly_split_by_age_shows_no_age_groups() {
        let years = national_years(
            &[
                (2025, Sex::Women, Some(AgeGroup::Children), 10),
                (2025, Sex::Women, Some(AgeGroup::Adults), 40),
                (2025, Sex::Men, None, 30),
            ],
            5,
        );
        assert_eq!(years[0].children, None);
        assert_eq!(years[0].total, Count::Shown(80));
    }
}
