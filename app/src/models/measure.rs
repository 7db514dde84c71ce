//! Measures: the filtered list and everything about one measure.

use super::{AreaRef, AssignmentRef, CountyRef, ExpectedReport, ObligationRef, OrganisationRef};
use crate::domain::{
    CountyCode, DiaryNumber, Evidence, ExploitationForm, IsoDate, Localized, MeasureKind, Money,
    Progress, ReportFrequency, ReportingPeriod, Status, TargetGroup,
};
use serde::{Deserialize, Serialize};

/// Rows per page of the measures list.
pub const PAGE_SIZE: u32 = 25;

/// The measures list as asked for in the address bar: every field is the raw text of a query
/// parameter (empty when absent), checked by the server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureQuery {
    pub area: String,
    pub lead: String,
    pub status: String,
    pub county: String,
    pub obligation: String,
    pub q: String,
    pub sort: String,
    pub dir: String,
    pub page: String,
}

/// The columns the measures list can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum MeasureSort {
    #[default]
    Code,
    Title,
    Status,
    Progress,
    EndDate,
    Lead,
}

impl MeasureSort {
    pub const ALL: [MeasureSort; 6] = [
        MeasureSort::Code,
        MeasureSort::Title,
        MeasureSort::Status,
        MeasureSort::Progress,
        MeasureSort::EndDate,
        MeasureSort::Lead,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            MeasureSort::Code => "code",
            MeasureSort::Title => "title",
            MeasureSort::Status => "status",
            MeasureSort::Progress => "progress",
            MeasureSort::EndDate => "end",
            MeasureSort::Lead => "lead",
        }
    }

    /// Reads a `sort` parameter; an empty one is the default order.
    pub fn parse(text: &str) -> Option<MeasureSort> {
        if text.is_empty() {
            return Some(MeasureSort::default());
        }
        MeasureSort::ALL
            .into_iter()
            .find(|sort| sort.as_str() == text)
    }
}

/// A checked [`MeasureQuery`]: what the list shows and in which order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MeasureFilter {
    pub area: Option<String>,
    pub lead: Option<String>,
    pub status: Option<Status>,
    pub county: Option<CountyCode>,
    pub obligation: Option<String>,
    /// Free text, trimmed; matched against code, titles and descriptions.
    pub search: Option<String>,
    pub sort: MeasureSort,
    pub descending: bool,
    /// 1-based.
    pub page: u32,
}

/// The query parameter that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the measures list cannot be filtered by {parameter}={value:?}")]
pub struct InvalidFilter {
    pub parameter: &'static str,
    pub value: String,
}

impl MeasureQuery {
    /// Checks every parameter; empty ones mean "any".
    pub fn parse(&self) -> Result<MeasureFilter, InvalidFilter> {
        let invalid = |parameter: &'static str, value: &str| InvalidFilter {
            parameter,
            value: value.to_owned(),
        };
        let text = |value: &str| Some(value.trim().to_owned()).filter(|v| !v.is_empty());
        let status = match self.status.as_str() {
            "" => None,
            value => Some(
                value
                    .parse::<Status>()
                    .map_err(|_| invalid("status", value))?,
            ),
        };
        let county = match self.county.as_str() {
            "" => None,
            value => Some(CountyCode::parse(value).map_err(|_| invalid("county", value))?),
        };
        let sort = MeasureSort::parse(&self.sort).ok_or_else(|| invalid("sort", &self.sort))?;
        let descending = match self.dir.as_str() {
            "" | "asc" => false,
            "desc" => true,
            value => return Err(invalid("dir", value)),
        };
        let page = match self.page.as_str() {
            "" => 1,
            value => value
                .parse::<u32>()
                .ok()
                .filter(|p| *p >= 1)
                .ok_or_else(|| invalid("page", value))?,
        };
        let search = text(&self.q).map(|q| q.chars().take(200).collect());
        Ok(MeasureFilter {
            area: text(&self.area),
            lead: text(&self.lead),
            status,
            county,
            obligation: text(&self.obligation),
            search,
            sort,
            descending,
            page,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureSummary {
    pub code: String,
    pub title: Localized,
    pub area: AreaRef,
    pub kind: MeasureKind,
    pub lead: OrganisationRef,
    pub status: Status,
    pub progress: Progress,
    pub start_date: IsoDate,
    pub end_date: IsoDate,
    pub evidence: Evidence,
    /// The kinds of signal the data raises on the measure and its county rows, beside the
    /// status its lead reports (`None` for the public).
    pub flags: Option<Vec<crate::domain::FlagKind>>,
}

/// The choices offered by the filters of the measures list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureFilterOptions {
    pub areas: Vec<AreaRef>,
    pub leads: Vec<OrganisationRef>,
    pub counties: Vec<CountyRef>,
    pub obligations: Vec<ObligationRef>,
}

/// One page of the measures list, with the filter choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureList {
    pub items: Vec<MeasureSummary>,
    /// Measures matching the filters, on all pages.
    pub total: i64,
    /// 1-based.
    pub page: u32,
    pub page_count: u32,
    pub options: MeasureFilterOptions,
    /// Where this was read (the server only).
    #[serde(skip)]
    pub read_at: super::ReadAt,
}

/// Money allocated, disbursed and spent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundingTotals {
    pub allocated: Money,
    pub disbursed: Money,
    pub spent: Money,
}

impl FundingTotals {
    /// Spent as a share of allocated (budget execution), in whole percent.
    pub fn execution_percent(&self) -> Option<i64> {
        self.spent.percent_of(self.allocated)
    }
}

impl std::ops::Add for FundingTotals {
    type Output = FundingTotals;
    fn add(self, other: FundingTotals) -> FundingTotals {
        FundingTotals {
            allocated: self.allocated.saturating_add(other.allocated),
            disbursed: self.disbursed.saturating_add(other.disbursed),
            spent: self.spent.saturating_add(other.spent),
        }
    }
}

impl std::iter::Sum for FundingTotals {
    fn sum<I: Iterator<Item = FundingTotals>>(iter: I) -> FundingTotals {
        iter.fold(FundingTotals::default(), |acc, totals| acc + totals)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundingYear {
    pub year: i32,
    pub totals: FundingTotals,
}

/// One funding decision line: a year's money for a measure, maybe through an assignment and
/// maybe earmarked for one county.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundingRow {
    pub measure_code: String,
    pub year: i32,
    pub county: Option<CountyRef>,
    pub assignment: Option<DiaryNumber>,
    pub expenditure_area: i64,
    /// E.g. `3:1`.
    pub appropriation: String,
    /// E.g. `ap.12`, or empty.
    pub appropriation_item: String,
    pub totals: FundingTotals,
    pub decision_ref: String,
    pub evidence: Evidence,
}

/// A measure's implementation in one county.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionalRow {
    pub county: CountyRef,
    pub owner: OrganisationRef,
    pub status: Status,
    pub progress: Progress,
    pub contact_name: String,
    pub contact_role: String,
    pub narrative: String,
    pub spent: Money,
    pub evidence: Evidence,
    pub updated_by: String,
    /// RFC 3339, UTC.
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportLink {
    pub url: String,
    pub label: String,
}

/// A submitted progress report (one revision).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportEntry {
    pub period: ReportingPeriod,
    pub revision: i64,
    pub status: Status,
    pub progress: Progress,
    pub spent_to_date: Money,
    pub narrative: String,
    pub organisation: OrganisationRef,
    pub author_name: String,
    /// RFC 3339, UTC.
    pub submitted_at: String,
    pub evidence: Evidence,
    pub links: Vec<ReportLink>,
}

/// Everything about one measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureDetail {
    pub code: String,
    /// Whether the viewer may report on the measure (the server checks again on saving).
    pub may_report: bool,
    /// Whether the viewer may edit the measure (the server checks again on saving).
    pub may_edit: bool,
    pub title: Localized,
    pub description: Localized,
    pub area: AreaRef,
    pub kind: MeasureKind,
    pub lead: OrganisationRef,
    pub partners: Vec<OrganisationRef>,
    pub start_date: IsoDate,
    pub end_date: IsoDate,
    pub status: Status,
    pub progress: Progress,
    pub report_frequency: ReportFrequency,
    pub is_regional: bool,
    pub evidence: Evidence,
    pub evidence_note: String,
    pub exploitation_forms: Vec<ExploitationForm>,
    pub target_groups: Vec<TargetGroup>,
    pub obligations: Vec<ObligationRef>,
    pub assignments: Vec<AssignmentRef>,
    pub funding: Vec<FundingRow>,
    pub funding_by_year: Vec<FundingYear>,
    pub funding_totals: FundingTotals,
    /// How far the measure's money reaches (every line, with or without a county).
    pub horizon: super::FundingHorizon,
    pub regional: Vec<RegionalRow>,
    /// Newest first.
    pub reports: Vec<ReportEntry>,
    /// Oldest first.
    pub expected_reports: Vec<ExpectedReport>,
    /// The indicators the measure should move, with their baselines, targets and series.
    pub indicators: Vec<super::MeasureIndicator>,
    /// The signals the data raises on the measure and its county rows (`None` for the public, who may not
    /// read them).
    pub flags: Option<Vec<super::Flag>>,
    /// Where this was read (the server only).
    #[serde(skip)]
    pub read_at: super::ReadAt,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> MeasureQuery {
        let mut query = MeasureQuery::default();
        for (key, value) in pairs {
            let field = match *key {
                "area" => &mut query.area,
                "status" => &mut query.status,
                "county" => &mut query.county,
                "q" => &mut query.q,
                "sort" => &mut query.sort,
                "dir" => &mut query.dir,
                "page" => &mut query.page,
                other => panic!("no parameter {other}"),
            };
            *field = value.to_string();
        }
        query
    }

    #[test]
    fn an_empty_query_shows_the_first_page_in_code_order() {
        let filter = MeasureQuery::default().parse().unwrap();
        assert_eq!(
            filter,
            MeasureFilter {
                page: 1,
                ..MeasureFilter::default()
            }
        );
    }

    #[test]
    fn each_parameter_is_read_into_its_type() {
        let filter = query(&[
            ("area", "skydd"),
            ("status", "delayed"),
            ("county", "24"),
            ("q", "  NRM "),
            ("sort", "end"),
            ("dir", "desc"),
            ("page", "3"),
        ])
        .parse()
        .unwrap();
        assert_eq!(filter.area.as_deref(), Some("skydd"));
        assert_eq!(filter.status, Some(Status::Delayed));
        assert_eq!(filter.county, Some(CountyCode::parse("24").unwrap()));
        assert_eq!(filter.search.as_deref(), Some("NRM"));
        assert_eq!(
            (filter.sort, filter.descending, filter.page),
            (MeasureSort::EndDate, true, 3)
        );
    }

    #[test]
    fn unknown_values_are_refused_with_the_parameter_named() {
        for (key, value) in [
            ("status", "late"),
            ("county", "02"),
            ("sort", "colour"),
            ("dir", "up"),
            ("page", "0"),
            ("page", "x"),
        ] {
            let err = query(&[(key, value)]).parse().unwrap_err();
            assert_eq!((err.parameter, err.value.as_str()), (key, value));
        }
    }
}

/// What money is added up by on the funding page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FundingBy {
    Year,
    Area,
    Organisation,
    County,
    Measure,
}

impl FundingBy {
    pub const ALL: [FundingBy; 5] = [
        FundingBy::Year,
        FundingBy::Area,
        FundingBy::Organisation,
        FundingBy::County,
        FundingBy::Measure,
    ];
}

/// One line of a roll-up: a year, area, lead organisation, county or measure and its money.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundingLine {
    /// The year, area code, organisation code, county code (empty: not earmarked for a
    /// county) or measure code.
    pub key: String,
    pub label: Localized,
    pub totals: FundingTotals,
}

/// The plan's money added up each way; every grouping sums to `total`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundingRollup {
    pub total: FundingTotals,
    pub groups: Vec<(FundingBy, Vec<FundingLine>)>,
    /// How far the money of each county's regional rows reaches.
    pub horizons: Vec<super::CountyHorizon>,
    /// Where this was read (the server only).
    #[serde(skip)]
    pub read_at: super::ReadAt,
}
