//! Small counts in statistics are suppressed, as official Swedish statistics do, because a
//! count of one or two people in a county can identify a victim.

use serde::{Deserialize, Serialize};

/// Counts below this are shown as `..` in every view and export.
pub const SUPPRESSION_THRESHOLD: i64 = 5;

/// A count as it may be shown: either the number, or suppressed. Built only through
/// [`Count::suppressing`], so an unsuppressed small count cannot reach a page by mistake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Count {
    Shown(i64),
    Suppressed,
}

impl Count {
    /// Hides `value` when it is above zero and below `threshold`. Zero is shown: it identifies
    /// nobody.
    pub fn suppressing(value: i64, threshold: i64) -> Count {
        if value > 0 && value < threshold {
            Count::Suppressed
        } else {
            Count::Shown(value)
        }
    }

    /// A total shown beside its `parts` (the counts it adds up, each suppressed on its own
    /// where small): hidden when it is small itself, and also when exactly one part is hidden,
    /// as that part would be the total minus the parts shown.
    pub fn total_of_parts(total: i64, parts: &[i64], threshold: i64) -> Count {
        let hidden = parts
            .iter()
            .filter(|part| Count::suppressing(**part, threshold) == Count::Suppressed)
            .count();
        if hidden == 1 {
            Count::Suppressed
        } else {
            Count::suppressing(total, threshold)
        }
    }

    /// A total shown beside several splits of it (by sex, by age group, by form), each split's
    /// counts adding up to the total: the total is hidden as [`Count::total_of_parts`] says for
    /// any split, and then a split whose counts are all shown is hidden too, as they would add
    /// up to the hidden total. Returns the total and each split's counts, in order.
    pub fn total_and_splits(
        total: i64,
        splits: &[&[i64]],
        threshold: i64,
    ) -> (Count, Vec<Vec<Count>>) {
        let hidden = splits
            .iter()
            .any(|parts| Count::total_of_parts(total, parts, threshold) == Count::Suppressed)
            || Count::suppressing(total, threshold) == Count::Suppressed;
        let total = if hidden {
            Count::Suppressed
        } else {
            Count::Shown(total)
        };
        let splits = splits
            .iter()
            .map(|parts| {
                let counts: Vec<Count> = parts
                    .iter()
                    .map(|part| Count::suppressing(*part, threshold))
                    .collect();
                let adds_up = counts.iter().all(|c| c.shown().is_some());
                if hidden && adds_up && parts.iter().any(|p| *p > 0) {
                    vec![Count::Suppressed; counts.len()]
                } else {
                    counts
                }
            })
            .collect();
        (total, splits)
    }

    pub fn shown(self) -> Option<i64> {
        match self {
            Count::Shown(value) => Some(value),
            Count::Suppressed => None,
        }
    }
}

impl std::fmt::Display for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Count::Shown(value) => f.write_str(&super::money::group_digits(*value, '\u{a0}')),
            Count::Suppressed => f.write_str(".."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_below_the_threshold_are_suppressed_and_the_threshold_itself_is_shown() {
        assert_eq!(Count::suppressing(4, 5), Count::Suppressed);
        assert_eq!(Count::suppressing(5, 5), Count::Shown(5));
        assert_eq!(Count::suppressing(1, 5).to_string(), "..");
    }

    #[test]
    fn a_total_is_hidden_when_exactly_one_of_its_parts_is() {
        // 12 = 10 + 2: the 2 is hidden, and 12 - 10 would give it away.
        assert_eq!(Count::total_of_parts(12, &[10, 2], 5), Count::Suppressed);
        // Two hidden parts: the total gives only their sum.
        assert_eq!(Count::total_of_parts(13, &[10, 2, 1], 5), Count::Shown(13));
        // At the threshold nothing is hidden; zero identifies nobody.
        assert_eq!(Count::total_of_parts(15, &[10, 5, 0], 5), Count::Shown(15));
        // A small total is hidden whatever its parts.
        assert_eq!(Count::total_of_parts(3, &[3], 5), Count::Suppressed);
    }

    #[test]
    fn a_split_that_adds_up_to_a_hidden_total_is_hidden_with_it() {
        // Men (3) are hidden, so the total is; children and adults would add up to it.
        let (total, splits) = Count::total_and_splits(53, &[&[50, 3], &[10, 43]], 5);
        assert_eq!(total, Count::Suppressed);
        assert_eq!(splits[0], vec![Count::Shown(50), Count::Suppressed]);
        assert_eq!(splits[1], vec![Count::Suppressed, Count::Suppressed]);
        // Nothing small: everything shown.
        let (total, splits) = Count::total_and_splits(60, &[&[50, 10], &[10, 50]], 5);
        assert_eq!(total, Count::Shown(60));
        assert_eq!(splits[1], vec![Count::Shown(10), Count::Shown(50)]);
        // A small total with nothing else small.
        let (total, _) = Count::total_and_splits(3, &[&[3, 0]], 5);
        assert_eq!(total, Count::Suppressed);
    }

    #[test]
    fn zero_is_shown_because_it_identifies_nobody() {
        assert_eq!(Count::suppressing(0, 5), Count::Shown(0));
    }
}
