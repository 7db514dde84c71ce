//! The one error a domain value gives when the input does not describe a valid value.

/// Why a text or number is not a valid domain value. The message is for logs and developers;
/// pages show their own translated wording next to the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("{value:?} is not a known {kind}")]
    UnknownValue { kind: &'static str, value: String },
    #[error("progress must be a whole number from 0 to 100, got {0}")]
    ProgressOutOfRange(i64),
    #[error("an amount of money must be whole kronor of zero or more, got {0}")]
    NegativeMoney(i64),
    #[error("{0:?} is not a diary number like A2025/00637")]
    DiaryNumber(String),
    #[error("{0:?} is not one of Sweden's 21 county codes")]
    CountyCode(String),
    #[error("{0:?} is not a municipality code (four digits, starting with a county code)")]
    MunicipalityCode(String),
    #[error("{0:?} is not a reporting period like 2026-Q1, 2026-H2 or 2026")]
    ReportingPeriod(String),
    #[error("{0:?} is not a date like 2026-03-04")]
    Date(String),
}
