//! A chart on a page: its title, a sentence with its main figures, the drawing (by the app's
//! own ECharts, see `public/charts.js`), the table of the same numbers, and a CSV download.
//! The drawing is hidden from screen readers: the sentence and the table say all it shows.

use super::{fmt_int, fmt_money, fmt_percent, use_lang, use_locale};
use crate::domain::Money;
use crate::i18n::{td, td_string};
use crate::models::{Chart, ChartSummary, ChartUnit};
use leptos::prelude::*;

#[component]
pub fn ChartFigure(chart: Chart) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let title_id = format!("chart-{}", chart.id);
    let labelled_by = title_id.clone();
    let unit = chart.table.unit;
    let cell = move |value: Option<i64>| match (unit, value) {
        (_, None) => "..".to_owned(),
        (ChartUnit::Count, Some(value)) => fmt_int(value, lang),
        (ChartUnit::Kronor, Some(value)) => Money::kronor(value)
            .map(|m| fmt_money(m, lang))
            .unwrap_or_else(|_| fmt_int(value, lang)),
        (ChartUnit::Percent, Some(value)) => fmt_percent(value, lang),
    };
    let summary = match chart.summary {
        ChartSummary::Statuses {
            total,
            completed,
            delayed,
            not_started,
        } => td!(locale, charts.status_summary, total, completed, delayed, not_started).into_any(),
        ChartSummary::Progress { periods, latest } => {
            td!(locale, charts.progress_summary, periods, latest = fmt_percent(latest, lang))
                .into_any()
        }
        ChartSummary::PlanProgress {
            periods,
            latest,
            reports,
        } => td!(locale, charts.plan_progress_summary, periods, latest = fmt_percent(latest, lang), reports)
            .into_any(),
        ChartSummary::Deadlines {
            coming,
            months,
            overdue,
        } => td!(locale, charts.deadlines_summary, coming, months, overdue).into_any(),
        ChartSummary::BySex {
            year,
            women,
            men,
            threshold,
        } => view! {
            {td!(locale, charts.by_sex_summary, year, women = cell(women), men = cell(men))}
            {(women.is_none() || men.is_none()).then(|| view! { " " {td!(locale, county.suppression, threshold)} })}
        }
        .into_any(),
        ChartSummary::Target {
            baseline,
            target,
            latest,
            suppressed,
        } => view! {
            {td!(locale, indicators.target_summary,
                baseline_year = baseline.year, baseline = fmt_int(baseline.value, lang),
                target_year = target.year, target = fmt_int(target.value, lang))}
            {latest.map(|(year, value, share)| {
                let value = fmt_int(value, lang);
                let words = if share < 0 {
                    td!(locale, indicators.latest_away, year, value).into_any()
                } else if share >= 100 {
                    td!(locale, indicators.latest_reached, year, value).into_any()
                } else {
                    td!(locale, indicators.latest_summary, year, value, share = fmt_percent(share, lang)).into_any()
                };
                view! { " " {words} }
            })}
            {suppressed.then(|| view! { " " {td!(locale, indicators.suppression)} })}
        }
        .into_any(),
        ChartSummary::Money {
            allocated,
            spent,
            execution,
        } => view! {
            {td!(locale, charts.money_summary, allocated = fmt_money(allocated, lang), spent = fmt_money(spent, lang))}
            {execution.map(|p| view! { " " {td!(locale, charts.execution, percent = fmt_percent(p, lang))} })}
        }
        .into_any(),
    };
    let header = chart.table.columns.clone();
    let rows = chart
        .table
        .rows
        .iter()
        .map(|row| {
            view! {
                <tr>
                    <th scope="row">{row.label.clone()}</th>
                    {row.values.iter().map(|v| view! { <td class="number">{cell(*v)}</td> }).collect_view()}
                </tr>
            }
        })
        .collect_view();
    view! {
        <figure class="chart" aria-labelledby=labelled_by>
            <h3 id=title_id>{chart.title.clone()}</h3>
            <p class="chart-summary">{summary}</p>
            <div class="chart-drawing" data-chart=chart.option aria-hidden="true"></div>
            <div class="table-scroll">
                <table>
                    <caption>{chart.title.clone()}</caption>
                    <thead><tr>
                        <th scope="col">{chart.table.row_header.clone()}</th>
                        {header.into_iter().map(|c| view! { <th scope="col" class="number">{c}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p><a href=chart.csv_href download=format!("{}.csv", chart.id)>{td_string!(locale, charts.download)}</a></p>
        </figure>
    }
}

/// A page's charts under one heading; nothing when there are none.
#[component]
pub fn ChartSection(id: &'static str, heading: String, charts: Vec<Chart>) -> impl IntoView {
    (!charts.is_empty()).then(|| {
        view! {
            <section aria-labelledby=id>
                <h2 id=id>{heading}</h2>
                <div class="chart-grid">
                    {charts.into_iter().map(|chart| view! { <ChartFigure chart/> }).collect_view()}
                </div>
            </section>
        }
    })
}
