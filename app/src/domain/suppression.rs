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

    /// A total shown beside several splits of it (by sex, by age group), each split's counts
    /// adding up to the total. The total is shown unless it is small itself: it is a sum of
    /// figures shown elsewhere (the counties'), so hiding it would protect nothing. Within each
    /// split, small counts are hidden, and then more while the hidden ones could still be
    /// worked out: when exactly one is hidden (it would be the total minus the rest), or when
    /// the hidden ones add up to less than twice the threshold (small counts could then only be
    /// one way), the smallest shown count above zero is hidden too. Should no count be left to
    /// hide, the total is hidden, and with it every split whose counts are all shown.
    pub fn total_and_splits(
        total: i64,
        splits: &[&[i64]],
        threshold: i64,
    ) -> (Count, Vec<Vec<Count>>) {
        let small = |n: i64| Count::suppressing(n, threshold) == Count::Suppressed;
        let mut total_hidden = small(total);
        let mut hidden: Vec<Vec<bool>> = splits
            .iter()
            .map(|parts| parts.iter().map(|p| small(*p)).collect())
            .collect();
        for (parts, hidden) in splits.iter().zip(&mut hidden) {
            loop {
                let count = hidden.iter().filter(|h| **h).count();
                let sum: i64 = parts
                    .iter()
                    .zip(hidden.iter())
                    .filter(|(_, h)| **h)
                    .map(|(p, _)| p)
                    .sum();
                if count == 0 || (count > 1 && sum >= 2 * threshold - 1) {
                    break;
                }
                let next = parts
                    .iter()
                    .enumerate()
                    .filter(|(i, p)| !hidden[*i] && **p > 0)
                    .min_by_key(|(_, p)| **p)
                    .map(|(i, _)| i);
                match next {
                    Some(i) => hidden[i] = true,
                    None => {
                        total_hidden = true;
                        break;
                    }
                }
            }
        }
        if total_hidden {
            for (parts, hidden) in splits.iter().zip(&mut hidden) {
                if hidden.iter().all(|h| !h) {
                    for (part, hidden) in parts.iter().zip(hidden.iter_mut()) {
                        *hidden = *part > 0;
                    }
                }
            }
        }
        let counts = splits
            .iter()
            .zip(&hidden)
            .map(|(parts, hidden)| {
                parts
                    .iter()
                    .zip(hidden)
                    .map(|(part, hidden)| {
                        if *hidden {
                            Count::Suppressed
                        } else {
                            Count::Shown(*part)
                        }
                    })
                    .collect()
            })
            .collect();
        let total = if total_hidden {
            Count::Suppressed
        } else {
            Count::Shown(total)
        };
        (total, counts)
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
    fn a_hidden_count_beside_a_total_takes_the_next_smallest_with_it() {
        // Men (3) are hidden: women (50) too, or men would be 53 - 50.
        let (total, splits) = Count::total_and_splits(53, &[&[50, 3], &[10, 43]], 5);
        assert_eq!(total, Count::Shown(53));
        assert_eq!(splits[0], vec![Count::Suppressed, Count::Suppressed]);
        assert_eq!(splits[1], vec![Count::Shown(10), Count::Shown(43)]);
        // Of three, the smallest shown goes with the hidden one.
        let (_, splits) = Count::total_and_splits(60, &[&[2, 8, 50]], 5);
        assert_eq!(
            splits[0],
            vec![Count::Suppressed, Count::Suppressed, Count::Shown(50)]
        );
        // Nothing small: everything shown.
        let (total, splits) = Count::total_and_splits(60, &[&[50, 10], &[10, 50]], 5);
        assert_eq!(total, Count::Shown(60));
        assert_eq!(splits[1], vec![Count::Shown(10), Count::Shown(50)]);
    }

    #[test]
    fn hidden_counts_that_add_up_to_little_could_be_worked_out_and_take_more_with_them() {
        // 4 and 4 hidden beside 30: their sum, 8, could only be 4 + 4.
        let (total, splits) = Count::total_and_splits(38, &[&[4, 4, 30]], 5);
        assert_eq!(total, Count::Shown(38));
        assert_eq!(splits[0], vec![Count::Suppressed; 3]);
        // Two small counts making the whole total: nothing is left to hide but the total.
        let (total, splits) = Count::total_and_splits(8, &[&[4, 4], &[2, 6]], 5);
        assert_eq!(total, Count::Suppressed);
        assert_eq!(splits[0], vec![Count::Suppressed, Count::Suppressed]);
        assert_eq!(splits[1], vec![Count::Suppressed, Count::Suppressed]);
        // A small total with nothing else small.
        let (total, _) = Count::total_and_splits(3, &[&[3, 0]], 5);
        assert_eq!(total, Count::Suppressed);
    }

    #[test]
    fn zero_is_shown_because_it_identifies_nobody() {
        assert_eq!(Count::suppressing(0, 5), Count::Shown(0));
    }
}
