//! `/compare`: the counties side by side. A matrix of every county's status on every measure
//! carried out county by county, and a map of Sweden of one chosen figure with the table of the
//! same numbers, each county against the national median. Sorting and the status filter are
//! an ordinary GET form, so the page works before (and without) the WebAssembly.

use super::measures::FilterSelect;
use crate::components::{
    AwaitData, StatusBadge, fmt_decimal, fmt_difference, fmt_int, fmt_percent, render_kept,
    status_label, use_lang, use_locale,
};
use crate::domain::Status;
use crate::i18n::{td, td_string};
use crate::models::{Comparison, ComparisonQuery, ComparisonSort, CountyFigure, MapFigure};
use crate::server_fns::get_comparison;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::use_query_map;

#[component]
pub fn ComparisonPage() -> impl IntoView {
    let params = use_query_map();
    let lang = use_lang();
    let locale = use_locale();
    let query = move || {
        params.with(|p| {
            let get = |key: &str| p.get(key).unwrap_or_default();
            ComparisonQuery {
                show: get("show"),
                sort: get("sort"),
                status: get("status"),
            }
        })
    };
    let comparison = Resource::new(query, move |query| get_comparison(query, lang));
    view! {
        <Title text=td_string!(locale, compare.title)/>
        <div class="page-heading">
            <h1>{td_string!(locale, compare.title)}</h1>
            <p class="lead">{td_string!(locale, compare.intro)}</p>
        </div>
        <AwaitData resource=comparison let:comparison>
            {render_kept(comparison.read_at, move || view! { <ComparisonView comparison/> })}
        </AwaitData>
    }
}

#[component]
fn ComparisonView(comparison: Comparison) -> impl IntoView {
    let c = comparison;
    view! {
        <ChoiceForm comparison=c.clone()/>
        <MapFigureView comparison=c.clone()/>
        <StatusMatrix comparison=c/>
    }
}

/// What the map shows, the order and the status filter.
#[component]
fn ChoiceForm(comparison: Comparison) -> impl IntoView {
    let locale = use_locale();
    let current_show = comparison.figure.key();
    let current_sort = comparison.sort;
    let statuses = Status::ALL
        .iter()
        .map(|s| (s.as_str().to_owned(), status_label(*s, locale)))
        .collect();
    let sorts = [
        (ComparisonSort::Code, td_string!(locale, counties.code)),
        (ComparisonSort::Name, td_string!(locale, counties.name)),
        (
            ComparisonSort::Value,
            td_string!(locale, compare.sort_value),
        ),
    ];
    view! {
        <Form method="GET" action="/compare" attr:class="filters">
            <fieldset>
                <legend>{td_string!(locale, compare.choose)}</legend>
                <div class="field field-wide">
                    <label for="show">{td_string!(locale, compare.show)}</label>
                    <select id="show" name="show">
                        {comparison.choices.into_iter().map(|choice| {
                            let selected = choice.key == current_show;
                            view! { <option value=choice.key selected=selected>{choice.label}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="sort">{td_string!(locale, compare.sort)}</label>
                    <select id="sort" name="sort">
                        {sorts.into_iter().map(|(sort, text)| {
                            view! { <option value=sort.as_str() selected=sort == current_sort>{text}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <FilterSelect
                    id="status"
                    label=td_string!(locale, compare.status_filter).to_string()
                    current=comparison.status.map(|s| s.as_str().to_owned()).unwrap_or_default()
                    choices=statuses
                />
                <div class="actions">
                    <button type="submit" class="button">{td_string!(locale, measures.apply)}</button>
                    <A href="/compare">{td_string!(locale, measures.clear)}</A>
                </div>
            </fieldset>
        </Form>
    }
}

/// The map of the chosen figure, the sentence with the median, and the table of the same
/// numbers with each county's distance from the median.
#[component]
fn MapFigureView(comparison: Comparison) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let c = comparison;
    let is_rate = matches!(c.figure, MapFigure::Indicator(_) | MapFigure::Target { .. });
    // A status has no median: its table has no distance column.
    let is_status = matches!(c.figure, MapFigure::Status(_));
    let heading = match c.year {
        Some(year) => format!("{} ({year})", c.figure_label),
        None => c.figure_label.clone(),
    };
    let in_status = |status: Status| {
        c.rows
            .iter()
            .filter(|r| r.figure == CountyFigure::Status(status))
            .count()
    };
    let status_text = matches!(c.figure, MapFigure::Status(_)).then(|| {
        td!(
            locale,
            compare.status_summary,
            delayed = in_status(Status::Delayed),
            not_started = in_status(Status::NotStarted)
        )
    });
    let median_text = c.median.map(|median| {
        let median = if is_rate {
            fmt_decimal(median, lang)
        } else {
            fmt_percent(median.round() as i64, lang)
        };
        td!(locale, compare.median, median)
    });
    let rows = c
        .rows
        .clone()
        .into_iter()
        .map(|r| {
            let status = match &r.figure {
                CountyFigure::Status(status) => Some(*status),
                _ => None,
            };
            view! {
                <tr>
                    <th scope="row"><A href=format!("/counties/{}", r.county.code)>{r.county.name.get(lang).to_owned()}</A></th>
                    <td class="number">{fmt_int(r.population, lang)}</td>
                    {match status {
                        Some(status) => view! { <td><StatusBadge status/></td> }.into_any(),
                        None => view! {
                            <td class="number">{r.figure_text}</td>
                            <td class="number">{r.from_median.map(|d| fmt_difference(d, lang))}</td>
                        }.into_any(),
                    }}
                </tr>
            }
        })
        .collect_view();
    let figure_header = match c.figure {
        MapFigure::Progress(_) => td_string!(locale, common.progress),
        MapFigure::Status(_) => td_string!(locale, common.status),
        MapFigure::Indicator(_) => td_string!(locale, compare.rate_header),
        MapFigure::Target { .. } => td_string!(locale, compare.target_header),
    };
    // For a target, the rule in words with the target's figures; else the rate's rule.
    let rule = match &c.target {
        Some(target) => Some(
            td!(
                locale,
                compare.target_rule,
                value = fmt_int(target.values.target.value, lang),
                year = target.values.target.year,
                rate = fmt_decimal(target.per_100k, lang),
                latest = c.year.map(|y| y.to_string()).unwrap_or_default(),
                threshold = c.suppression_threshold
            )
            .into_any(),
        ),
        None => is_rate.then(|| {
            td!(
                locale,
                compare.rate_rule,
                threshold = c.suppression_threshold
            )
            .into_any()
        }),
    };
    let target_link = c.target.clone().map(|t| {
        let href = format!("/measures/{}#indicators-heading", t.measure.code);
        view! {
            " " <A href=href>{td!(locale, compare.target_measure, measure = t.measure.code)}</A>
        }
    });
    view! {
        <section aria-labelledby="map-heading">
            <h2 id="map-heading">{td_string!(locale, compare.map_heading)}</h2>
            <figure class="chart map" aria-labelledby="map-title">
                <h3 id="map-title">{heading.clone()}</h3>
                <p class="chart-summary">
                    {status_text}
                    {median_text}
                    {rule.map(|rule| view! { " " {rule} })}
                    {target_link}
                </p>
                <div class="chart-drawing map-drawing" data-chart=c.map_option.clone() aria-hidden="true"></div>
                <div class="table-scroll">
                    <table>
                        <caption>{heading}</caption>
                        <thead><tr>
                            <th scope="col">{td_string!(locale, counties.name)}</th>
                            <th scope="col" class="number">{td_string!(locale, counties.population)}</th>
                            <th scope="col" class=(!is_status).then_some("number")>{figure_header}</th>
                            {(!is_status).then(|| view! { <th scope="col" class="number">{td_string!(locale, compare.from_median)}</th> })}
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <p><a href=c.csv_href.clone() download="jamforelse-lan.csv">{td_string!(locale, charts.download)}</a></p>
            </figure>
        </section>
    }
}

/// Every county's status on every regional measure: colour, symbol and text, with a legend.
#[component]
fn StatusMatrix(comparison: Comparison) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let c = comparison;
    let legend = Status::ALL
        .iter()
        .map(|status| view! { <li><StatusBadge status=*status/></li> })
        .collect_view();
    let headers = c
        .measures
        .into_iter()
        .map(|m| {
            view! {
                <th scope="col">
                    <A href=format!("/measures/{}", m.code)>{m.code.clone()}</A>
                    <span class="subtitle">{m.title.get(lang).to_owned()}</span>
                </th>
            }
        })
        .collect_view();
    let shown = c.rows.len();
    let rows = c
        .rows
        .into_iter()
        .map(|r| {
            let cells = r
                .statuses
                .iter()
                .map(|status| match status {
                    Some(status) => view! { <td><StatusBadge status=*status/></td> }.into_any(),
                    None => view! { <td>{td_string!(locale, compare.no_row)}</td> }.into_any(),
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row"><A href=format!("/counties/{}", r.county.code)>{r.county.name.get(lang).to_owned()}</A></th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="matrix-heading">
            <h2 id="matrix-heading">{td_string!(locale, compare.matrix_heading)}</h2>
            <p>{td_string!(locale, compare.legend)}</p>
            <ul class="status-summary legend">{legend}</ul>
            <p class="result-count" role="status">{td!(locale, compare.count, count = shown)}</p>
            <div class="table-scroll">
                <table class="matrix">
                    <caption>{td_string!(locale, compare.matrix_caption)}</caption>
                    <thead><tr>
                        <th scope="col">{td_string!(locale, counties.name)}</th>
                        {headers}
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
