//! Charts built from their tables: the ECharts option (with charming) and the CSV download
//! take every number from the table, so what is drawn, what is listed and what is downloaded
//! are the same figures. Only the server links charming; the browser draws the option with
//! the app's own ECharts.

use crate::components::locale_of;
use crate::domain::Lang;
use crate::i18n::Locale;
use crate::models::{Chart, ChartSummary, ChartTable, ChartUnit};
use charming::component::{Axis, Grid, Legend};
use charming::element::MarkLine;
use charming::element::{AxisType, Tooltip, Trigger};
use charming::series::Bar;

/// Colours of the series in order: dark blue, orange, teal; each at least 3:1 against white.
/// The legend names them, and the table beside the chart holds every number.
const SERIES_COLOURS: [&str; 3] = ["#1f4e79", "#b35900", "#2b7a78"];

/// A bar chart of `table`: one bar group per row, one bar per column.
pub fn bar_chart(id: &str, title: String, summary: ChartSummary, table: ChartTable) -> Chart {
    let option = bar_option(&table, table.columns.len(), None);
    chart(id, title, summary, table, &option)
}

fn chart(
    id: &str,
    title: String,
    summary: ChartSummary,
    table: ChartTable,
    option: &charming::Chart,
) -> Chart {
    Chart {
        id: id.to_owned(),
        title,
        summary,
        csv_href: csv_href(&table),
        option: serde_json::to_string(option).unwrap_or_default(),
        table,
    }
}

/// The bars of the first `drawn` columns of `table` (the others are in the table only), with
/// `marks` (horizontal lines at given values) over the first.
fn bar_option(table: &ChartTable, drawn: usize, marks: Option<MarkLine>) -> charming::Chart {
    let categories: Vec<String> = table.rows.iter().map(|row| row.label.clone()).collect();
    // Long category names (statuses, areas) read best as horizontal bars, in table order.
    let horizontal = categories.iter().any(|c| c.chars().count() > 8);
    let category_axis = Axis::new().type_(AxisType::Category).data(categories);
    let mut value_axis = Axis::new().type_(AxisType::Value);
    if table.unit == ChartUnit::Count {
        // Counts of measures or people: no ticks between whole numbers.
        value_axis = value_axis.min_interval(1);
    }
    if table.unit == ChartUnit::Percent {
        value_axis = value_axis.min(0).max(100);
    }
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
    let columns = &table.columns[..drawn.min(table.columns.len())];
    if columns.len() > 1 {
        option = option.legend(Legend::new().data(columns.to_vec()));
    }
    let mut marks = marks;
    for (index, column) in columns.iter().enumerate() {
        // A suppressed count is a gap in the drawing (ECharts leaves `null` out).
        let values: Vec<Option<i64>> = table.rows.iter().map(|row| row.values[index]).collect();
        let mut bar = Bar::new().name(column.clone()).data(values);
        if let Some(marks) = marks.take() {
            bar = bar.mark_line(marks);
        }
        option = option.series(bar);
    }
    option
}

/// An indicator a measure should move: the whole country's count year by year as bars, with
/// the baseline and the target as lines across, and the split by sex (and by age group, when
/// every year has it) in the table.
pub fn target_chart(indicator: &crate::models::MeasureIndicator, lang: Lang) -> Chart {
    use crate::components::{age_label, fmt_int, sex_label};
    use crate::domain::{AgeGroup, Count, Sex};
    use crate::i18n::td_string;
    use crate::models::ChartRow;
    use charming::element::{
        Label, LabelPosition, LineStyle, LineStyleType, MarkLineData, MarkLineVariant,
    };
    let locale = locale_of(lang);
    let by_age = indicator.years.iter().all(|y| y.children.is_some());
    let mut columns = vec![
        td_string!(locale, indicators.whole_country).to_string(),
        sex_label(Sex::Women, locale),
        sex_label(Sex::Men, locale),
    ];
    if by_age {
        columns.push(age_label(AgeGroup::Children, locale));
        columns.push(age_label(AgeGroup::Adults, locale));
    }
    let rows = indicator
        .years
        .iter()
        .map(|y| {
            let mut values = vec![y.total.shown(), y.women.shown(), y.men.shown()];
            if by_age {
                values.push(y.children.and_then(Count::shown));
                values.push(y.adults.and_then(Count::shown));
            }
            ChartRow {
                label: y.year.to_string(),
                values,
            }
        })
        .collect();
    let table = ChartTable {
        row_header: td_string!(locale, common.year).to_string(),
        columns,
        rows,
        unit: ChartUnit::Count,
    };
    let target = &indicator.target;
    let line = |name: String, value: i64| {
        MarkLineVariant::Simple(
            MarkLineData::new()
                .name(name.clone())
                .y_axis(value as f64)
                .label(
                    Label::new()
                        .position(LabelPosition::InsideStartTop)
                        .formatter(format!("{name}: {}", fmt_int(value, lang)).as_str()),
                ),
        )
    };
    let marks = MarkLine::new()
        .symbol(vec![
            charming::element::Symbol::None,
            charming::element::Symbol::None,
        ])
        .line_style(
            LineStyle::new()
                .type_(LineStyleType::Dashed)
                .color("#1a1a1a"),
        )
        .data(vec![
            line(
                format!(
                    "{} {}",
                    td_string!(locale, indicators.baseline),
                    target.baseline.year
                ),
                target.baseline.value,
            ),
            line(
                format!(
                    "{} {}",
                    td_string!(locale, indicators.target),
                    target.target.year
                ),
                target.target.value,
            ),
        ]);
    let option = bar_option(&table, 1, Some(marks));
    let summary = ChartSummary::Target {
        baseline: target.baseline,
        target: target.target,
        latest: indicator.latest(),
        suppressed: indicator.years.iter().any(|y| {
            [
                Some(y.total),
                Some(y.women),
                Some(y.men),
                y.children,
                y.adults,
            ]
            .contains(&Some(Count::Suppressed))
        }),
    };
    chart(
        &format!("indicator-{}", indicator.indicator.code),
        indicator.indicator.name.get(lang).to_owned(),
        summary,
        table,
        &option,
    )
}

/// The table as CSV (a header row, then one row per category), in a `data:` address.
fn csv_href(table: &ChartTable) -> String {
    let header = std::iter::once(table.row_header.clone()).chain(table.columns.iter().cloned());
    let rows = table.rows.iter().map(|row| {
        std::iter::once(row.label.clone())
            .chain(
                row.values
                    .iter()
                    .map(|value| value.map_or_else(|| "..".to_owned(), |v| v.to_string())),
            )
            .collect::<Vec<_>>()
    });
    csv_data_href(std::iter::once(header.collect()).chain(rows))
}

/// CSV `records` in a `data:` address, for a download link.
pub fn csv_data_href(mut records: impl Iterator<Item = Vec<String>>) -> String {
    let mut writer = super::spreadsheet::CsvWriter::new(Vec::new());
    let written = records.try_for_each(|record| writer.write_record(record));
    let text = written
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
    use crate::i18n::td_string;
    use crate::models::ChartRow;
    let locale = locale_of(lang);
    let status = status_chart(
        "status",
        td_string!(locale, charts.status_title).to_string(),
        &overview.status_counts,
        locale,
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
                    values: vec![
                        Some(a.funding.allocated.as_kronor()),
                        Some(a.funding.spent.as_kronor()),
                    ],
                })
                .collect(),
            unit: ChartUnit::Kronor,
        },
    );
    let mut charts = vec![status];
    if let Some(latest) = overview.progress_by_period.last() {
        charts.push(bar_chart(
            "plan-progress",
            td_string!(locale, charts.plan_progress_title).to_string(),
            ChartSummary::PlanProgress {
                periods: overview.progress_by_period.len() as i64,
                latest: i64::from(latest.mean.percent()),
                reports: latest.reports,
            },
            ChartTable {
                row_header: td_string!(locale, charts.quarter).to_string(),
                columns: vec![td_string!(locale, charts.mean_progress).to_string()],
                rows: overview
                    .progress_by_period
                    .iter()
                    .map(|p| ChartRow {
                        label: p.period.to_string(),
                        values: vec![Some(i64::from(p.mean.percent()))],
                    })
                    .collect(),
                unit: ChartUnit::Percent,
            },
        ));
    }
    charts.push(bar_chart(
        "deadlines-by-month",
        td_string!(locale, charts.deadlines_title).to_string(),
        ChartSummary::Deadlines {
            coming: overview.deadlines_by_month.iter().map(|m| m.count).sum(),
            months: overview.deadlines_by_month.len() as i64,
            overdue: overview.overdue_count as i64,
        },
        ChartTable {
            row_header: td_string!(locale, charts.month).to_string(),
            columns: vec![td_string!(locale, charts.deadlines).to_string()],
            rows: overview
                .deadlines_by_month
                .iter()
                .map(|m| ChartRow {
                    label: format!("{}-{:02}", m.year, m.month),
                    values: vec![Some(m.count)],
                })
                .collect(),
            unit: ChartUnit::Count,
        },
    ));
    charts.extend([by_year, by_area]);
    charts
}

/// Measures (or rows) by status, every status in order, with the sentence on how many are
/// completed, delayed and not started.
fn status_chart(
    id: &str,
    title: String,
    counts: &[crate::models::StatusCount],
    locale: Locale,
) -> Chart {
    use crate::components::status_label;
    use crate::domain::Status;
    use crate::i18n::td_string;
    use crate::models::ChartRow;
    let count_of = |status: Status| {
        counts
            .iter()
            .find(|c| c.status == status)
            .map_or(0, |c| c.count)
    };
    bar_chart(
        id,
        title,
        ChartSummary::Statuses {
            total: counts.iter().map(|c| c.count).sum(),
            completed: count_of(Status::Completed),
            delayed: count_of(Status::Delayed),
            not_started: count_of(Status::NotStarted),
        },
        ChartTable {
            row_header: td_string!(locale, common.status).to_string(),
            columns: vec![td_string!(locale, charts.measures).to_string()],
            rows: counts
                .iter()
                .map(|c| ChartRow {
                    label: status_label(c.status, locale),
                    values: vec![Some(c.count)],
                })
                .collect(),
            unit: ChartUnit::Count,
        },
    )
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
                    values: vec![
                        Some(y.totals.allocated.as_kronor()),
                        Some(y.totals.spent.as_kronor()),
                    ],
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
                        values: vec![Some(*progress)],
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
    charts.extend(
        measure
            .indicators
            .iter()
            .filter(|i| !i.years.is_empty())
            .map(|i| target_chart(i, lang)),
    );
    charts
}

/// A county's charts: its rows by status, what it has spent per measure, and each indicator's
/// yearly counts for women and men (over all forms; small counts already suppressed).
pub fn county_charts(county: &crate::models::CountyDetail, lang: Lang) -> Vec<Chart> {
    use crate::components::sex_label;
    use crate::domain::{Count, Money, Sex};
    use crate::i18n::td_string;
    use crate::models::ChartRow;
    let locale = locale_of(lang);
    let mut charts = Vec::new();
    if !county.rows.is_empty() {
        charts.push(status_chart(
            "county-status",
            td_string!(locale, charts.county_status_title).to_string(),
            &county.summary.status_counts,
            locale,
        ));
        let earmarked = |code: &str| -> i64 {
            county
                .funding
                .iter()
                .filter(|f| f.measure_code == code)
                .map(|f| f.totals.allocated.as_kronor())
                .sum()
        };
        let earmarked_total: Money = county.funding.iter().map(|f| f.totals.allocated).sum();
        charts.push(bar_chart(
            "county-money",
            td_string!(locale, charts.county_money_title).to_string(),
            money_summary(crate::models::FundingTotals {
                allocated: earmarked_total,
                spent: county.regional_spent,
                ..Default::default()
            }),
            ChartTable {
                row_header: td_string!(locale, common.measure).to_string(),
                columns: vec![
                    td_string!(locale, charts.earmarked).to_string(),
                    td_string!(locale, common.spent).to_string(),
                ],
                rows: county
                    .rows
                    .iter()
                    .map(|r| ChartRow {
                        label: r.measure.code.clone(),
                        values: vec![Some(earmarked(&r.measure.code)), Some(r.spent.as_kronor())],
                    })
                    .collect(),
                unit: ChartUnit::Kronor,
            },
        ));
    }
    for series in county.indicators.iter().filter(|s| !s.years.is_empty()) {
        let totals = |sex: Sex| -> Vec<Option<i64>> {
            series
                .rows
                .iter()
                .find(|r| r.sex == sex && r.form.is_none())
                .map(|r| r.values.iter().map(|v| Count::shown(*v)).collect())
                .unwrap_or_default()
        };
        let (women, men) = (totals(Sex::Women), totals(Sex::Men));
        let last = series.years.len() - 1;
        charts.push(bar_chart(
            &format!("indicator-{}", series.indicator.code),
            series.indicator.name.get(lang).to_owned(),
            ChartSummary::BySex {
                year: series.years[last],
                women: women.get(last).copied().flatten(),
                men: men.get(last).copied().flatten(),
                threshold: county.suppression_threshold,
            },
            ChartTable {
                row_header: td_string!(locale, common.year).to_string(),
                columns: vec![sex_label(Sex::Women, locale), sex_label(Sex::Men, locale)],
                rows: series
                    .years
                    .iter()
                    .enumerate()
                    .map(|(i, year)| ChartRow {
                        label: year.to_string(),
                        values: vec![
                            women.get(i).copied().flatten(),
                            men.get(i).copied().flatten(),
                        ],
                    })
                    .collect(),
                unit: ChartUnit::Count,
            },
        ));
    }
    charts
}

/// The coverage page's charts: the plan's money by form of exploitation (each measure's money
/// shared among the forms it names), and the presumed victims of each form, women and men.
pub fn coverage_charts(coverage: &crate::models::Coverage, lang: Lang) -> Vec<Chart> {
    use crate::components::{form_label, sex_label};
    use crate::domain::{Count, Sex};
    use crate::i18n::td_string;
    use crate::models::ChartRow;
    let locale = locale_of(lang);
    let total: crate::models::FundingTotals = coverage
        .forms
        .iter()
        .map(|f| crate::models::FundingTotals {
            allocated: f.line.allocated,
            spent: f.line.spent,
            ..Default::default()
        })
        .sum();
    let mut charts = vec![bar_chart(
        "money-by-form",
        td_string!(locale, coverage.money_chart).to_string(),
        money_summary(total),
        ChartTable {
            row_header: td_string!(locale, coverage.form).to_string(),
            columns: money_columns(locale),
            rows: coverage
                .forms
                .iter()
                .map(|f| ChartRow {
                    label: form_label(Some(f.form), locale),
                    values: vec![
                        Some(f.line.allocated.as_kronor()),
                        Some(f.line.spent.as_kronor()),
                    ],
                })
                .collect(),
            unit: ChartUnit::Kronor,
        },
    )];
    if let Some((name, year)) = &coverage.indicator {
        let sum = |sex: Sex| -> Option<i64> {
            coverage
                .forms
                .iter()
                .map(|f| match sex {
                    Sex::Women => f.women,
                    Sex::Men => f.men,
                })
                .map(Count::shown)
                .sum()
        };
        charts.push(bar_chart(
            "victims-by-form",
            format!("{} ({year})", name.get(lang)),
            ChartSummary::BySex {
                year: *year,
                women: sum(Sex::Women),
                men: sum(Sex::Men),
                threshold: coverage.suppression_threshold,
            },
            ChartTable {
                row_header: td_string!(locale, coverage.form).to_string(),
                columns: vec![sex_label(Sex::Women, locale), sex_label(Sex::Men, locale)],
                rows: coverage
                    .forms
                    .iter()
                    .map(|f| ChartRow {
                        label: form_label(Some(f.form), locale),
                        values: vec![f.women.shown(), f.men.shown()],
                    })
                    .collect(),
                unit: ChartUnit::Count,
            },
        ));
    }
    charts
}

/// One county on a map: its name in the reader's language, the number that colours it (none
/// leaves it grey) and the text its tooltip shows (the same as the table's cell).
pub struct MapArea {
    pub code: crate::domain::CountyCode,
    pub name: String,
    pub value: Option<f64>,
    pub text: String,
}

/// How a map's numbers become colours.
pub enum MapScale {
    /// Light to dark from 0 to `max`, with the ends named.
    Continuous { max: f64, low: String, high: String },
    /// One colour per status (the value is the status's place in [`Status::ALL`]), each
    /// named in the legend.
    Statuses(Vec<String>),
}

/// Fill colours of the statuses, in the order of `Status::ALL`: the badges' colours.
const STATUS_COLOURS: [&str; 6] = [
    "#8d96a0", "#1e7b3b", "#f2c14e", "#b42318", "#1d5fb4", "#3d3d3d",
];

/// The ECharts option of a map of the 21 counties, drawn on the app's own outline of Sweden
/// (`public/sweden-counties.geojson`, registered as `sweden` by `public/charts.js`).
/// charming has no map series, so this option is written as JSON here.
pub fn county_map(areas: &[MapArea], scale: MapScale) -> String {
    use serde_json::json;
    let visual_map = match scale {
        MapScale::Continuous { max, low, high } => json!({
            "type": "continuous",
            "min": 0,
            "max": if max > 0.0 { max } else { 1.0 },
            "text": [high, low],
            "inRange": { "color": ["#dce6f2", "#1f4e79"] },
            "calculable": false,
            "left": 0,
            "top": 0,
        }),
        MapScale::Statuses(labels) => json!({
            "type": "piecewise",
            "pieces": labels.iter().enumerate().map(|(index, label)| json!({
                "value": index,
                "label": label,
                "color": STATUS_COLOURS.get(index).copied().unwrap_or("#999999"),
            })).collect::<Vec<_>>(),
            "left": 0,
            "top": 0,
        }),
    };
    let names: serde_json::Map<String, serde_json::Value> = areas
        .iter()
        .map(|a| (a.code.to_string(), json!(a.name)))
        .collect();
    let option = json!({
        "animation": false,
        "tooltip": { "trigger": "item" },
        "visualMap": visual_map,
        "series": [{
            "type": "map",
            "map": "sweden",
            "nameProperty": "county_code",
            "nameMap": names,
            // Sweden's own proportions at its latitude; the map fills the height of its box.
            "aspectScale": 0.5,
            "top": 8,
            "bottom": 8,
            "left": "center",
            "selectedMode": false,
            "itemStyle": { "areaColor": "#e0e0e0", "borderColor": "#ffffff", "borderWidth": 0.6 },
            // Hovering keeps the colour, which carries the figure.
            "emphasis": { "disabled": true },
            "data": areas.iter().map(|a| json!({
                "name": a.name,
                "value": a.value,
                "text": a.text,
            })).collect::<Vec<_>>(),
        }],
    });
    option.to_string()
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
                    values: vec![Some(10_000_000), Some(7_350_000)],
                },
                ChartRow {
                    label: "2026".into(),
                    values: vec![Some(12_500_000), None],
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
            let drawn: Vec<Option<i64>> = series["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(serde_json::Value::as_i64)
                .collect();
            let listed: Vec<Option<i64>> =
                chart.table.rows.iter().map(|r| r.values[index]).collect();
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
            "År,Beviljat,Förbrukat\n2025,10000000,7350000\n2026,12500000,..\n"
        );
    }
}
