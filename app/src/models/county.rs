//! Counties (län): the list, and one county with its rows across all measures.

use super::{MeasureRef, OrganisationRef, StatusCount};
use crate::domain::{
    Count, CountyCode, Evidence, ExploitationForm, Localized, Money, MunicipalityCode, Progress,
    Sex, Status,
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountySummary {
    pub code: CountyCode,
    pub name: Localized,
    pub seat: String,
    pub population: i64,
    pub municipality_count: i64,
    pub county_board: OrganisationRef,
    /// Statuses of the county's regional rows, every status in order.
    pub status_counts: Vec<StatusCount>,
    pub row_count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MunicipalityEntry {
    pub code: MunicipalityCode,
    pub name: String,
    pub full_name: String,
}

/// The county's implementation of one measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountyRow {
    pub measure: MeasureRef,
    pub status: Status,
    pub progress: Progress,
    pub contact_name: String,
    pub contact_role: String,
    pub narrative: String,
    pub spent: Money,
    pub evidence: Evidence,
    pub updated_by: String,
    pub updated_at: String,
    /// Not updated in the quarter now running.
    pub stale: bool,
    /// How far the row's money reaches.
    pub horizon: super::FundingHorizon,
}

/// One line of an indicator table: women or men, for all forms or one form of exploitation
/// (over all ages: a split by age in a county would leave most of its counts too small to show;
/// the measure page shows it for the whole country).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorRow {
    pub sex: Sex,
    /// `None` for the total over all forms.
    pub form: Option<ExploitationForm>,
    /// One value per year of the series, already suppressed where small.
    pub values: Vec<Count>,
}

/// An indicator's yearly series for one county, split by sex (and by form where recorded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorSeries {
    pub indicator: super::IndicatorRef,
    pub years: Vec<i32>,
    pub rows: Vec<IndicatorRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountyDetail {
    pub summary: CountySummary,
    pub iso_3166_2: String,
    pub nuts3: String,
    pub population_ref_date: String,
    pub population_source: String,
    pub municipalities: Vec<MunicipalityEntry>,
    pub rows: Vec<CountyRow>,
    /// The quarter now running (rows not updated in it are stale).
    pub current_period: crate::domain::ReportingPeriod,
    pub regional_spent: Money,
    /// Money earmarked for the county, by year and measure.
    pub funding: Vec<super::FundingRow>,
    pub indicators: Vec<IndicatorSeries>,
    /// Counts below this are shown as `..`.
    pub suppression_threshold: i64,
    /// The signals the data raises in the county (`None` for the public, who may not
    /// read them).
    pub flags: Option<Vec<super::Flag>>,
    /// Where this was read (the server only).
    #[serde(skip)]
    pub read_at: super::ReadAt,
}
