//! Progress in whole percent, 0 to 100.

use super::DomainError;
use serde::{Deserialize, Serialize};

/// How far a measure, a regional row or a report has come, in whole percent from 0 to 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct Progress(u8);

impl Progress {
    pub const ZERO: Progress = Progress(0);
    pub const DONE: Progress = Progress(100);

    /// The percentage, 0 to 100.
    pub const fn percent(self) -> u8 {
        self.0
    }
}

impl TryFrom<i64> for Progress {
    type Error = DomainError;
    fn try_from(value: i64) -> Result<Self, Self::Error> {
        match u8::try_from(value) {
            Ok(percent) if percent <= 100 => Ok(Progress(percent)),
            _ => Err(DomainError::ProgressOutOfRange(value)),
        }
    }
}

impl From<Progress> for i64 {
    fn from(progress: Progress) -> i64 {
        i64::from(progress.0)
    }
}

impl std::fmt::Display for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} %", self.0)
    }
}

crate::sql_int_type!(Progress);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn zero_and_one_hundred_are_the_bounds() {
        assert_eq!(Progress::try_from(0).unwrap(), Progress::ZERO);
        assert_eq!(Progress::try_from(100).unwrap(), Progress::DONE);
        assert_eq!(
            Progress::try_from(101),
            Err(DomainError::ProgressOutOfRange(101))
        );
        assert_eq!(
            Progress::try_from(-1),
            Err(DomainError::ProgressOutOfRange(-1))
        );
    }

    #[test]
    fn progress_is_shown_with_a_percent_sign() {
        assert_eq!(Progress::try_from(45).unwrap().to_string(), "45 %");
    }

    proptest! {
        #[test]
        fn a_number_is_accepted_exactly_when_it_lies_in_0_to_100(n in -1000i64..1000) {
            prop_assert_eq!(Progress::try_from(n).is_ok(), (0..=100).contains(&n));
        }
    }
}
