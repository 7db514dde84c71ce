//! Charts built from their tables: the ECharts option (with charming) and the CSV download
//! take every number from the table, so what is drawn, what is listed and what is downloaded
//! are the same figures. Only the server links charming; the browser draws the option with
//! the app's own ECharts.

use crate::domain::Lang;
use crate::i18n::Locale;
use crate::models::{Chart, ChartSummary, ChartTable, ChartUnit};
use charming::component::{Axis, Grid, Legend};
use charming::element::{AxisType, Tooltip, Trigger};
use charming::series::Bar;

/// Colours of the series in order: dark blue, orange, teal; each at least 3:1 against white.
/// The legend names them, and the table beside the chart holds every number.
const SERIES_COLOURS: [&str; 3] = ["#1f4e79", "#b35900", "#2b7a78"];

/// A bar chart of `table`: one bar group per row, one bar per column.
pub fn bar_chart(id: &str, title: String, summary: ChartSummary, table: ChartTable) -> Chart {
    let categories: Vec<String> = table.rows.iter().map(|row| row.label.clone()).collect();
    // Long category names (statuses, areas) read best as horizontal bars, in table order.
    let horizontal = categories.iter().any(|c| c.chars().count() > 8);
    let category_axis = Axis::new().type_(AxisType::Category).data(categories);
    let value_axis = Axis::new().type_(AxisType::Value);
    let mut option = charming::Chart::new()
        .animation(false)
        .color(SERIES_COLOURS.to_vec())
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .grid(Grid::new().contain_label(true).left(8).right(24).bottom(8));
    option = if horizontal {
        option
            .x_axis(value_axis)
            .y_axis(category_axis.inverse(true))
    } else {
        option.x_axis(category_axis).y_axis(value_axis)
    };
    if table.columns.len() > 1 {
        option = option.legend(Legend::new().data(table.columns.clone()));
    }
    for (index, column) in table.columns.iter().enumerate() {
        let values: Vec<i64> = table.rows.iter().map(|row| row.values[index]).collect();
        option = option.series(Bar::new().name(column.clone()).data(values));
    }
    Chart {
        id: id.to_owned(),
        title,
        summary,
        csv_href: csv_href(&table),
        option: serde_json::to_string(&option).unwrap_or_default(),
        table,
    }
}

/// The table as CSV (a header row, then one row per category), in a `data:` address.
fn csv_href(table: &ChartTable) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header =
        std::iter::once(table.row_header.as_str()).chain(table.columns.iter().map(String::as_str));
    let mut rows = vec![writer.write_record(header)];
    for row in &table.rows {
        let values = row.values.iter().map(i64::to_string);
        rows.push(writer.write_record(std::iter::once(row.label.clone()).chain(values)));
    }
    let text = rows
        .into_iter()
        .collect::<Result<(), _>>()
        .ok()
        .and_then(|()| writer.into_inner().ok())
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default();
    format!(
        "data:text/csv;charset=utf-8,{}",
        percent_encoding::utf8_percent_encode(&text, percent_encoding::NON_ALPHANUMERIC)
    )
}

/// The overview's charts: measures by status, and money by year and by area.
pub fn overview_charts(overview: &crate::models::Overview, lang: Lang) -> Vec<Chart> {
    use crate::components::status_label;
    use crate::domain::Status;
    use crate::i18n::td_string;
    use crate::models::ChartRow;
    let locale = locale_of(lang);
    let count_of = |status: Status| {
        overview
            .status_counts
            .iter()
            .find(|c| c.status == status)
            .map_or(0, |c| c.count)
    };
    let status = bar_chart(
        "status",
        td_string!(locale, charts.status_title).to_string(),
        ChartSummary::Statuses {
            total: overview.measure_count,
            completed: count_of(Status::Completed),
            delayed: count_of(Status::Delayed),
            not_started: count_of(Status::NotStarted),
        },
        ChartTable {
            row_header: td_string!(locale, common.status).to_string(),
            columns: vec![td_string!(locale, charts.measures).to_string()],
            rows: overview
                .status_counts
                .iter()
                .map(|c| ChartRow {
                    label: status_label(c.status, locale),
                    values: vec![c.count],
                })
                .collect(),
            unit: ChartUnit::Count,
        },
    );
    let money_summary = money_summary(overview.funding);
    let by_year = money_by_year(&overview.funding_by_year, overview.funding, locale);
    let by_area = bar_chart(
        "money-by-area",
        td_string!(locale, charts.money_by_area_title).to_string(),
        money_summary,
        ChartTable {
            row_header: td_string!(locale, common.area).to_string(),
            columns: money_columns(locale),
            rows: overview
                .areas
                .iter()
                .map(|a| ChartRow {
                    label: a.title.get(lang).to_owned(),
                    values: vec![a.funding.allocated.as_kronor(), a.funding.spent.as_kronor()],
                })
                .collect(),
            unit: ChartUnit::Kronor,
        },
    );
    vec![status, by_year, by_area]
}

/// The allocated and spent columns of a money table.
fn money_columns(locale: Locale) -> Vec<String> {
    use crate::i18n::td_string;
    vec![
        td_string!(locale, common.allocated).to_string(),
        td_string!(locale, common.spent).to_string(),
    ]
}

fn money_summary(total: crate::models::FundingTotals) -> ChartSummary {
    ChartSummary::Money {
        allocated: total.allocated,
        spent: total.spent,
        execution: total.execution_percent(),
    }
}

/// Allocated and spent by year.
fn money_by_year(
    years: &[crate::models::FundingYear],
    total: crate::models::FundingTotals,
    locale: Locale,
) -> Chart {
    use crate::i18n::td_string;
    use crate::models::ChartRow;
    bar_chart(
        "money-by-year",
        td_string!(locale, charts.money_by_year_title).to_string(),
        money_summary(total),
        ChartTable {
            row_header: td_string!(locale, common.year).to_string(),
            columns: money_columns(locale),
            rows: years
                .iter()
                .map(|y| ChartRow {
                    label: y.year.to_string(),
                    values: vec![y.totals.allocated.as_kronor(), y.totals.spent.as_kronor()],
                })
                .collect(),
            unit: ChartUnit::Kronor,
        },
    )
}

/// A measure's charts: its progress by reporting period (the newest revision of each period's
/// report) and its money by year; each only when there is something to draw.
pub fn measure_charts(measure: &crate::models::MeasureDetail, lang: Lang) -> Vec<Chart> {
    use crate::i18n::td_string;
    use crate::models::ChartRow;
    let locale = locale_of(lang);
    let mut periods: Vec<_> = Vec::new();
    // Reports come newest first; the first seen of each period is its latest revision.
    for report in &measure.reports {
        if !periods.iter().any(|(period, _)| *period == report.period) {
            periods.push((report.period, i64::from(report.progress.percent())));
        }
    }
    periods.sort();
    let mut charts = Vec::new();
    if let Some((_, latest)) = periods.last() {
        charts.push(bar_chart(
            "progress-over-time",
            td_string!(locale, charts.progress_title).to_string(),
            ChartSummary::Progress {
                periods: periods.len() as i64,
                latest: *latest,
            },
            ChartTable {
                row_header: td_string!(locale, common.period).to_string(),
                columns: vec![td_string!(locale, common.progress).to_string()],
                rows: periods
                    .iter()
                    .map(|(period, progress)| ChartRow {
                        label: period.to_string(),
                        values: vec![*progress],
                    })
                    .collect(),
                unit: ChartUnit::Percent,
            },
        ));
    }
    if !measure.funding_by_year.is_empty() {
        charts.push(money_by_year(
            &measure.funding_by_year,
            measure.funding_totals,
            locale,
        ));
    }
    charts
}

fn locale_of(lang: Lang) -> Locale {
    match lang {
        Lang::Sv => Locale::sv,
        Lang::En => Locale::en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::ChartRow;

    fn summary() -> ChartSummary {
        ChartSummary::Money {
            allocated: crate::domain::Money::kronor(22_500_000).unwrap(),
            spent: crate::domain::Money::kronor(7_350_000).unwrap(),
            execution: Some(33),
        }
    }

    fn table() -> ChartTable {
        ChartTable {
            row_header: "År".into(),
            columns: vec!["Beviljat".into(), "Förbrukat".into()],
            rows: vec![
                ChartRow {
                    label: "2025".into(),
                    values: vec![10_000_000, 7_350_000],
                },
                ChartRow {
                    label: "2026".into(),
                    values: vec![12_500_000, 0],
                },
            ],
            unit: ChartUnit::Kronor,
        }
    }

    #[test]
    fn the_chart_draws_exactly_the_numbers_of_its_table() {
        let chart = bar_chart("money", "Pengar".into(), summary(), table());
        let option: serde_json::Value = serde_json::from_str(&chart.option).unwrap();
        assert_eq!(option["xAxis"]["data"], serde_json::json!(["2025", "2026"]));
        let series = option["series"].as_array().unwrap();
        assert_eq!(series.len(), 2);
        for (index, series) in series.iter().enumerate() {
            assert_eq!(series["name"], chart.table.columns[index].as_str());
            let drawn: Vec<i64> = series["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_i64().unwrap())
                .collect();
            let listed: Vec<i64> = chart.table.rows.iter().map(|r| r.values[index]).collect();
            assert_eq!(drawn, listed);
        }
    }

    #[test]
    fn the_download_holds_the_same_numbers_as_the_table() {
        let chart = bar_chart("money", "Pengar".into(), summary(), table());
        let encoded = chart
            .csv_href
            .strip_prefix("data:text/csv;charset=utf-8,")
            .unwrap();
        let text = percent_encoding::percent_decode_str(encoded)
            .decode_utf8()
            .unwrap();
        assert_eq!(
            text,
            "År,Beviljat,Förbrukat\n2025,10000000,7350000\n2026,12500000,0\n"
        );
    }
}
