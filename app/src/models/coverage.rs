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
