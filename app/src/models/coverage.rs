//! Coverage: which forms of exploitation and which target groups the plan's measures and money
//! reach, beside how many presumed victims of each form there are, women and men. It answers
//! the consultation's warning that the rules may mostly reach the forms that are easy to detect
//! while forms that mainly affect women stay hidden.

use super::{Chart, StatusCount};
use crate::domain::{Count, ExploitationForm, Money, Status, TargetGroup};
use serde::{Deserialize, Serialize};

/// How the measures and money of the plan reach one form or one group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverageLine {
    /// Measures that name it.
    pub measures: i64,
    /// Of those, measures that name nothing else (aimed at it alone).
    pub specific: i64,
    /// Their statuses, every status in order.
    pub statuses: Vec<StatusCount>,
    /// Money of the measures that name it, each measure's money shared equally among the
    /// forms (or groups) it names, so that the lines add up to the plan's money.
    pub allocated: Money,
    pub spent: Money,
    /// Named by fewer than half as many measures as the median form (or group).
    pub few_measures: bool,
    /// Given less than half the money of the median form (or group).
    pub little_money: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormCoverage {
    pub form: ExploitationForm,
    pub line: CoverageLine,
    /// Presumed victims of this form in the indicator's latest year, all counties together.
    pub women: Count,
    pub men: Count,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupCoverage {
    pub group: TargetGroup,
    pub line: CoverageLine,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    pub forms: Vec<FormCoverage>,
    pub groups: Vec<GroupCoverage>,
    /// The indicator split by form whose counts stand beside the forms, and its latest year.
    pub indicator: Option<(crate::domain::Localized, i32)>,
    pub suppression_threshold: i64,
    /// Money by form, and presumed victims by form and sex.
    pub charts: Vec<Chart>,
    /// Each form year by year, from the plan's first year to this one.
    pub over_time: Vec<FormOverTime>,
    /// Where this was read (the server only).
    #[serde(skip)]
    pub read_at: super::ReadAt,
}

/// One form of exploitation in one year: the money decided for that year (shared among the
/// forms each measure names, as above), the measures running that year, and the presumed
/// victims counted that year (`None`: not counted that year).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormYear {
    pub year: i32,
    pub allocated: Money,
    pub measures: i64,
    pub women: Option<Count>,
    pub men: Option<Count>,
}

/// One form year by year, and where a form that mainly affects women loses ground.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormOverTime {
    pub form: ExploitationForm,
    /// More of its presumed victims are women than men, over the years shown (counts shown
    /// only: a suppressed count adds nothing).
    pub mainly_women: bool,
    /// Oldest first.
    pub years: Vec<FormYear>,
    /// For a form that mainly affects women: each year with less money or fewer measures than
    /// the year before.
    pub losing_ground: Vec<LostGround>,
}

/// A year in which a form had less money or fewer measures than the year before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LostGround {
    pub year: i32,
    pub money_before: Money,
    pub money: Money,
    pub measures_before: i64,
    pub measures: i64,
}

/// One measure as the year-by-year view counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureOverTime {
    pub status: Status,
    pub start_year: i32,
    pub end_year: i32,
    /// Money allocated per year.
    pub money: Vec<(i32, Money)>,
    pub forms: Vec<ExploitationForm>,
}

/// Each form over `years`: money and measures by the same sharing rule as the coverage lines
/// ([`coverage_lines`] over the measures running each year, with that year's money), and the
/// presumed victims `victims(year, form, sex)` (`None` for a year not counted).
pub fn forms_over_time(
    years: &[i32],
    measures: &[MeasureOverTime],
    victims: impl Fn(i32, ExploitationForm, crate::domain::Sex) -> Option<Count>,
) -> Vec<FormOverTime> {
    use crate::domain::Sex;
    let by_year: Vec<(i32, Vec<(ExploitationForm, CoverageLine)>)> = years
        .iter()
        .map(|&year| {
            let running: Vec<MeasureReach<ExploitationForm>> = measures
                .iter()
                .filter(|m| m.start_year <= year && year <= m.end_year)
                .map(|m| MeasureReach {
                    status: m.status,
                    allocated: m
                        .money
                        .iter()
                        .filter(|(y, _)| *y == year)
                        .map(|(_, money)| *money)
                        .sum(),
                    spent: Money::ZERO,
                    keys: m.forms.clone(),
                })
                .collect();
            (year, coverage_lines(ExploitationForm::ALL, &running))
        })
        .collect();
    ExploitationForm::ALL
        .iter()
        .map(|&form| {
            let years: Vec<FormYear> = by_year
                .iter()
                .map(|(year, lines)| {
                    let line = lines.iter().find(|(f, _)| *f == form).map(|(_, line)| line);
                    FormYear {
                        year: *year,
                        allocated: line.map_or(Money::ZERO, |l| l.allocated),
                        measures: line.map_or(0, |l| l.measures),
                        women: victims(*year, form, Sex::Women),
                        men: victims(*year, form, Sex::Men),
                    }
                })
                .collect();
            let shown = |sex: fn(&FormYear) -> Option<Count>| -> i64 {
                years.iter().filter_map(|y| sex(y)?.shown()).sum()
            };
            let mainly_women = shown(|y| y.women) > shown(|y| y.men);
            let losing_ground = if mainly_women {
                years
                    .windows(2)
                    .filter(|pair| {
                        pair[1].allocated < pair[0].allocated || pair[1].measures < pair[0].measures
                    })
                    .map(|pair| LostGround {
                        year: pair[1].year,
                        money_before: pair[0].allocated,
                        money: pair[1].allocated,
                        measures_before: pair[0].measures,
                        measures: pair[1].measures,
                    })
                    .collect()
            } else {
                Vec::new()
            };
            FormOverTime {
                form,
                mainly_women,
                years,
                losing_ground,
            }
        })
        .collect()
}

/// One measure as coverage counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureReach<K> {
    pub status: Status,
    pub allocated: Money,
    pub spent: Money,
    /// The forms (or groups) it names.
    pub keys: Vec<K>,
}

/// The coverage line of each of `keys` over `measures`, with the ones that stand out marked.
pub fn coverage_lines<K: PartialEq + Copy>(
    keys: &[K],
    measures: &[MeasureReach<K>],
) -> Vec<(K, CoverageLine)> {
    let lines: Vec<(K, CoverageLine)> = keys
        .iter()
        .map(|key| {
            let naming: Vec<&MeasureReach<K>> =
                measures.iter().filter(|m| m.keys.contains(key)).collect();
            let share = |money: fn(&MeasureReach<K>) -> Money| -> Money {
                naming
                    .iter()
                    .map(|m| {
                        Money::kronor(money(m).as_kronor() / m.keys.len() as i64)
                            .unwrap_or_default()
                    })
                    .sum()
            };
            let line = CoverageLine {
                measures: naming.len() as i64,
                specific: naming.iter().filter(|m| m.keys.len() == 1).count() as i64,
                statuses: Status::ALL
                    .iter()
                    .map(|status| StatusCount {
                        status: *status,
                        count: naming.iter().filter(|m| m.status == *status).count() as i64,
                    })
                    .collect(),
                allocated: share(|m| m.allocated),
                spent: share(|m| m.spent),
                few_measures: false,
                little_money: false,
            };
            (*key, line)
        })
        .collect();
    let median_of = |values: Vec<f64>| super::comparison::median(&values).unwrap_or(0.0);
    let measures_median = median_of(lines.iter().map(|(_, l)| l.measures as f64).collect());
    let money_median = median_of(
        lines
            .iter()
            .map(|(_, l)| l.allocated.as_kronor() as f64)
            .collect(),
    );
    lines
        .into_iter()
        .map(|(key, mut line)| {
            line.few_measures = (line.measures as f64) < measures_median / 2.0;
            line.little_money = (line.allocated.as_kronor() as f64) < money_median / 2.0;
            (key, line)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ExploitationForm::{Begging, Labour, Sexual};

    fn running(
        start: i32,
        end: i32,
        money: &[(i32, i64)],
        forms: Vec<ExploitationForm>,
    ) -> MeasureOverTime {
        MeasureOverTime {
            status: Status::OnTrack,
            start_year: start,
            end_year: end,
            money: money
                .iter()
                .map(|(year, kronor)| (*year, Money::kronor(*kronor).unwrap()))
                .collect(),
            forms,
        }
    }

    /// Sexual exploitation: 8 women and 1 man each year; labour: 2 women and 9 men.
    fn victims(_: i32, form: ExploitationForm, sex: crate::domain::Sex) -> Option<Count> {
        use crate::domain::Sex::{Men, Women};
        Some(Count::Shown(match (form, sex) {
            (Sexual, Women) => 8,
            (Sexual, Men) => 1,
            (Labour, Women) => 2,
            (Labour, Men) => 9,
            _ => 0,
        }))
    }

    #[test]
    fn a_form_that_mainly_affects_women_and_gets_less_money_the_next_year_loses_ground() {
        let forms = forms_over_time(
            &[2025, 2026],
            &[
                running(
                    2025,
                    2030,
                    &[(2025, 1000), (2026, 400)],
                    vec![Sexual, Labour],
                ),
                running(2026, 2030, &[(2026, 1000)], vec![Labour]),
            ],
            victims,
        );
        let sexual = &forms[0];
        assert_eq!(sexual.form, Sexual);
        assert!(sexual.mainly_women);
        let money: Vec<i64> = sexual
            .years
            .iter()
            .map(|y| y.allocated.as_kronor())
            .collect();
        assert_eq!(money, [500, 200], "shared equally with labour");
        assert_eq!(
            sexual.losing_ground,
            [LostGround {
                year: 2026,
                money_before: Money::kronor(500).unwrap(),
                money: Money::kronor(200).unwrap(),
                measures_before: 1,
                measures: 1,
            }]
        );
        let labour = forms.iter().find(|f| f.form == Labour).unwrap();
        assert!(!labour.mainly_women);
        assert!(
            labour.losing_ground.is_empty(),
            "marked only for forms that mainly affect women"
        );
    }

    #[test]
    fn a_year_not_yet_counted_has_no_victims_and_leaves_who_is_mainly_affected_to_the_rest() {
        let forms = forms_over_time(
            &[2025, 2026],
            &[running(2025, 2026, &[(2025, 1000)], vec![Sexual])],
            |year, form, sex| (year == 2025).then(|| victims(year, form, sex)).flatten(),
        );
        assert_eq!(forms[0].years[1].women, None);
        assert_eq!(forms[0].years[0].women, Some(Count::Shown(8)));
        assert!(forms[0].mainly_women);
    }

    #[test]
    fn a_form_that_mainly_affects_women_and_keeps_its_money_and_measures_does_not_lose_ground() {
        let forms = forms_over_time(
            &[2025, 2026],
            &[
                running(2025, 2026, &[(2025, 1000), (2026, 1000)], vec![Sexual]),
                running(2020, 2024, &[(2024, 5000)], vec![Sexual]),
            ],
            victims,
        );
        assert!(forms[0].mainly_women);
        assert_eq!(
            forms[0].years[0].measures, 1,
            "a measure ended in 2024 runs in neither year"
        );
        assert!(forms[0].losing_ground.is_empty());
    }

    fn measure(kronor: i64, keys: Vec<ExploitationForm>) -> MeasureReach<ExploitationForm> {
        MeasureReach {
            status: Status::OnTrack,
            allocated: Money::kronor(kronor).unwrap(),
            spent: Money::ZERO,
            keys,
        }
    }

    #[test]
    fn a_measure_naming_several_forms_shares_its_money_equally_among_them() {
        let lines = coverage_lines(
            &[Sexual, Labour, Begging],
            &[
                measure(900, vec![Sexual, Labour, Begging]),
                measure(100, vec![Sexual]),
            ],
        );
        let allocated: Vec<i64> = lines.iter().map(|(_, l)| l.allocated.as_kronor()).collect();
        assert_eq!(allocated, [400, 300, 300]);
        assert_eq!(
            allocated.iter().sum::<i64>(),
            1000,
            "the lines add up to the plan"
        );
        assert_eq!(lines[0].1.measures, 2);
        assert_eq!(lines[0].1.specific, 1);
        assert_eq!(lines[1].1.specific, 0);
    }

    #[test]
    fn forms_with_under_half_the_median_measures_or_money_stand_out() {
        let lines = coverage_lines(
            &[Sexual, Labour, Begging],
            &[
                measure(1000, vec![Sexual]),
                measure(1000, vec![Sexual]),
                measure(1000, vec![Labour]),
                measure(1000, vec![Labour]),
                measure(100, vec![Begging]),
            ],
        );
        // Median: 2 measures and 2000 kronor; begging has 1 measure (not under 1) and 100 kr.
        assert!(!lines[2].1.few_measures);
        assert!(lines[2].1.little_money);
        assert!(!lines[0].1.little_money && !lines[1].1.little_money);
        let none = coverage_lines(
            &[Sexual, Labour, Begging],
            &[measure(10, vec![Sexual, Labour])],
        );
        assert!(none[2].1.few_measures, "a form no measure names stands out");
    }
}
