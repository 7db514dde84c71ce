//! Money in whole Swedish kronor.

use super::{DomainError, Lang};
use serde::{Deserialize, Serialize};

/// An amount in whole kronor, zero or more. Money is never a float: sums are exact.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(try_from = "i64", into = "i64")]
pub struct Money(i64);

impl Money {
    pub const ZERO: Money = Money(0);

    /// The most one funding line may hold: 100 billion kronor, more than any appropriation
    /// for this work and a tenth of the state's whole budget. Every amount people enter is
    /// at most this, so that no sum of them comes near overflowing (and no mistyped digit
    /// skews a total).
    pub const MAX_LINE: Money = Money(100_000_000_000);

    /// An amount of whole kronor; refuses negative amounts.
    pub fn kronor(amount: i64) -> Result<Money, DomainError> {
        if amount < 0 {
            Err(DomainError::NegativeMoney(amount))
        } else {
            Ok(Money(amount))
        }
    }

    pub const fn as_kronor(self) -> i64 {
        self.0
    }

    /// The sum, saturating rather than overflowing (no plan holds 9.2 × 10¹⁸ kronor).
    pub fn saturating_add(self, other: Money) -> Money {
        Money(self.0.saturating_add(other.0))
    }

    /// `self` as a whole percentage of `whole`, rounded half up; `None` when `whole` is zero.
    pub fn percent_of(self, whole: Money) -> Option<i64> {
        (whole.0 > 0).then(|| {
            let scaled = i128::from(self.0) * 100 * 2 + i128::from(whole.0);
            i64::try_from(scaled / (i128::from(whole.0) * 2)).unwrap_or(i64::MAX)
        })
    }

    /// Formatted the way readers of each language expect: `1 234 567 kr` or `SEK 1,234,567`.
    pub fn format(self, lang: Lang) -> String {
        match lang {
            Lang::Sv => format!("{}\u{a0}kr", group_digits(self.0, '\u{a0}')),
            Lang::En => format!("SEK\u{a0}{}", group_digits(self.0, ',')),
        }
    }
}

impl TryFrom<i64> for Money {
    type Error = DomainError;
    fn try_from(value: i64) -> Result<Self, Self::Error> {
        Money::kronor(value)
    }
}

impl From<Money> for i64 {
    fn from(money: Money) -> i64 {
        money.0
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Money::saturating_add)
    }
}

crate::sql_int_type!(Money);

/// `1234567` with separator `' '` gives `1 234 567`. Used for every whole number shown.
pub fn group_digits(number: i64, separator: char) -> String {
    let digits = number.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if number < 0 {
        out.push('\u{2212}');
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn swedish_amounts_group_thousands_with_a_space_and_end_in_kr() {
        let amount = Money::kronor(1_234_567).unwrap();
        assert_eq!(amount.format(Lang::Sv), "1\u{a0}234\u{a0}567\u{a0}kr");
    }

    #[test]
    fn english_amounts_lead_with_sek_and_group_with_commas() {
        let amount = Money::kronor(1_234_567).unwrap();
        assert_eq!(amount.format(Lang::En), "SEK\u{a0}1,234,567");
    }

    #[test]
    fn small_amounts_have_no_separator() {
        assert_eq!(Money::kronor(950).unwrap().format(Lang::Sv), "950\u{a0}kr");
        assert_eq!(Money::ZERO.format(Lang::Sv), "0\u{a0}kr");
    }

    #[test]
    fn negative_amounts_are_refused() {
        assert_eq!(Money::kronor(-1), Err(DomainError::NegativeMoney(-1)));
    }

    #[test]
    fn percent_of_rounds_half_up_and_is_none_for_nothing() {
        let spent = Money::kronor(1).unwrap();
        assert_eq!(spent.percent_of(Money::kronor(3).unwrap()), Some(33));
        assert_eq!(
            Money::kronor(2)
                .unwrap()
                .percent_of(Money::kronor(3).unwrap()),
            Some(67)
        );
        assert_eq!(
            Money::kronor(1)
                .unwrap()
                .percent_of(Money::kronor(200).unwrap()),
            Some(1)
        );
        assert_eq!(spent.percent_of(Money::ZERO), None);
    }

    proptest! {
        #[test]
        fn grouping_never_changes_the_digits(n in 0i64..i64::MAX) {
            let grouped = group_digits(n, ' ');
            prop_assert_eq!(grouped.replace(' ', ""), n.to_string());
            prop_assert!(grouped.split(' ').skip(1).all(|group| group.len() == 3));
        }

        #[test]
        fn money_accepts_exactly_the_non_negative_amounts(n in any::<i64>()) {
            prop_assert_eq!(Money::kronor(n).is_ok(), n >= 0);
        }
    }
}
