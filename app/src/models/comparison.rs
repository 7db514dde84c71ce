//! The regional comparison: every county's status on every regional measure, and one chosen
//! figure per county on a map of Sweden, each county set against the national median.

use super::{CountyRef, MeasureRef};
use crate::domain::{Count, Progress, Status};
use serde::{Deserialize, Serialize};

/// The comparison page's address query, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ComparisonQuery {
    /// What the map shows: `progress:<measure>`, `status:<measure>` or
    /// `indicator:<indicator>`; empty for the first regional measure's progress.
    pub show: String,
    /// `code` (the default), `name` or `value` (the shown figure, highest first).
    pub sort: String,
    /// Only counties with at least one row in this status; empty for all.
    pub status: String,
}

/// What the map shows, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MapFigure {
    /// A regional measure's progress in each county, in percent.
    Progress(String),
    /// A regional measure's status in each county.
    Status(String),
    /// An indicator's count in its latest year, per 100 000 inhabitants.
    Indicator(String),
    /// How far each county is from a measure's target on an indicator, per 100 000
    /// inhabitants (`models::indicator::TargetValues::to_go`).
    Target { measure: String, indicator: String },
}

impl MapFigure {
    /// Reads `progress:1.8`, `status:1.8`, `indicator:presumed-victims` or
    /// `target:1.8:presumed-victims`.
    pub fn parse(text: &str) -> Option<MapFigure> {
        let (kind, code) = text.split_once(':')?;
        let code = code.trim();
        if code.is_empty() {
            return None;
        }
        match kind {
            "progress" => Some(MapFigure::Progress(code.to_owned())),
            "status" => Some(MapFigure::Status(code.to_owned())),
            "indicator" => Some(MapFigure::Indicator(code.to_owned())),
            "target" => {
                let (measure, indicator) = code.split_once(':')?;
                (!measure.is_empty() && !indicator.is_empty()).then(|| MapFigure::Target {
                    measure: measure.to_owned(),
                    indicator: indicator.to_owned(),
                })
            }
            _ => None,
        }
    }

    /// The form of [`MapFigure::parse`].
    pub fn key(&self) -> String {
        match self {
            MapFigure::Progress(code) => format!("progress:{code}"),
            MapFigure::Status(code) => format!("status:{code}"),
            MapFigure::Indicator(code) => format!("indicator:{code}"),
            MapFigure::Target { measure, indicator } => format!("target:{measure}:{indicator}"),
        }
    }
}

/// How the counties are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ComparisonSort {
    #[default]
    Code,
    Name,
    /// The shown figure, highest first; counties without one last.
    Value,
}

impl ComparisonSort {
    pub fn parse(text: &str) -> Option<ComparisonSort> {
        match text {
            "" | "code" => Some(ComparisonSort::Code),
            "name" => Some(ComparisonSort::Name),
            "value" => Some(ComparisonSort::Value),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ComparisonSort::Code => "code",
            ComparisonSort::Name => "name",
            ComparisonSort::Value => "value",
        }
    }
}

/// One county's figure on the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum CountyFigure {
    /// The county has no row for the measure.
    Missing,
    Status(Status),
    Progress(Progress),
    /// An indicator: the count (suppressed when small) and the rate per 100 000 inhabitants
    /// (none when the count is suppressed, as the rate would give the count away).
    Rate {
        count: Count,
        per_100k: Option<f64>,
    },
    /// A measure's target: the county's rate as for [`CountyFigure::Rate`], and what is left
    /// to the target rate (none when the rate is suppressed).
    ToTarget {
        count: Count,
        per_100k: Option<f64>,
        to_go: Option<f64>,
    },
}

impl CountyFigure {
    /// The number the map colours and the median is taken over.
    pub fn number(&self) -> Option<f64> {
        match self {
            CountyFigure::Progress(progress) => Some(f64::from(progress.percent())),
            CountyFigure::Rate { per_100k, .. } => *per_100k,
            CountyFigure::ToTarget { to_go, .. } => *to_go,
            CountyFigure::Missing | CountyFigure::Status(_) => None,
        }
    }
}

/// One county's line of the comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComparisonRow {
    pub county: CountyRef,
    pub population: i64,
    /// One per regional measure, in the order of [`Comparison::measures`]; `None` where the
    /// county has no row for it.
    pub statuses: Vec<Option<Status>>,
    pub figure: CountyFigure,
    /// The figure as the table, the map's tooltip and the download write it ("42 %", "3,4
    /// (12)", "..").
    pub figure_text: String,
    /// The figure minus the national median, when both are numbers.
    pub from_median: Option<f64>,
}

/// A choice of what the map shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FigureChoice {
    pub key: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// The plan's measures carried out county by county (the matrix's columns).
    pub measures: Vec<MeasureRef>,
    /// The counties after the filter, in the chosen order.
    pub rows: Vec<ComparisonRow>,
    /// Every figure the map can show, worded in the reader's language.
    pub choices: Vec<FigureChoice>,
    pub figure: MapFigure,
    /// What the figure is, e.g. "Framdrift i åtgärd 1.8 (procent)".
    pub figure_label: String,
    /// The latest year of an indicator figure.
    pub year: Option<i32>,
    /// For a target: the target for the whole country as a count and a rate per 100 000.
    pub target: Option<TargetRate>,
    /// The median of the counties' figures (over all 21 counties, whatever the filter);
    /// none for statuses.
    pub median: Option<f64>,
    pub sort: ComparisonSort,
    pub status: Option<Status>,
    /// The map's ECharts option, from the same figures as the table.
    pub map_option: String,
    /// The table as a CSV `data:` address.
    pub csv_href: String,
    pub suppression_threshold: i64,
    /// Where this was read (the server only).
    #[serde(skip)]
    pub read_at: super::ReadAt,
}

/// A measure's target on an indicator, for the whole country.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetRate {
    pub measure: MeasureRef,
    pub values: super::TargetValues,
    /// Per 100 000 inhabitants of the counties' population together.
    pub per_100k: f64,
}

/// The median of `values` (the mean of the middle two when their number is even).
pub fn median(values: &[f64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_is_the_middle_value_or_the_mean_of_the_middle_two() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
    }

    #[test]
    fn a_map_figure_is_read_back_from_its_key() {
        for figure in [
            MapFigure::Progress("1.8".into()),
            MapFigure::Status("2.1".into()),
            MapFigure::Indicator("presumed-victims".into()),
            MapFigure::Target {
                measure: "1.8".into(),
                indicator: "presumed-victims".into(),
            },
        ] {
            assert_eq!(MapFigure::parse(&figure.key()), Some(figure));
        }
        assert_eq!(MapFigure::parse("colour:1.8"), None);
        assert_eq!(MapFigure::parse("progress:"), None);
        assert_eq!(MapFigure::parse("target:1.8"), None);
        assert_eq!(MapFigure::parse("target::presumed-victims"), None);
    }
}
