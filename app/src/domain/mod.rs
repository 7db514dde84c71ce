//! Domain values that are valid on both targets (server and browser). Parse, don't validate:
//! a value of one of these types that exists is valid, so the rest of the code never re-checks.

#[macro_use]
mod macros;

mod collation;
mod county_code;
mod date;
mod diary_number;
mod enums;
mod error;
mod local_path;
mod localized;
mod money;
mod progress;
mod reporting_period;
mod suppression;

pub use collation::{natural_cmp, sort_key};
pub use county_code::{COUNTY_CODES, CountyCode, MunicipalityCode};
pub use date::IsoDate;
pub use diary_number::{DiaryNumber, MinistryPrefix};
pub use enums::{
    AgeGroup, DeadlineKind, Evidence, ExploitationForm, FlagKind, MeasureKind, ObligationSource,
    OrganisationKind, ReportFrequency, ReportState, Role, Sex, Status, TableName, TargetGroup,
};
pub use error::DomainError;
pub use local_path::LocalPath;
pub use localized::{Lang, Localized};
pub use money::{Money, group_digits};
pub use progress::Progress;
pub use reporting_period::ReportingPeriod;
pub use suppression::{Count, SUPPRESSION_THRESHOLD};
