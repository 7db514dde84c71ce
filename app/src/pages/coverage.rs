//! `/coverage`: which forms of exploitation and which target groups the plan reaches, with
//! measures, statuses and money beside the presumed victims of each form, women and men; forms
//! and groups that few measures or little money reach are marked in words.

use super::counties::StatusSummaryOf;
use crate::components::{
    AwaitData, ChartSection, fmt_int, fmt_money, form_label, group_label, render_kept, use_lang,
    use_locale,
};
use crate::i18n::{td, td_string};
use crate::models::{Coverage, CoverageLine, FormOverTime};
use crate::server_fns::get_coverage;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn CoveragePage() -> impl IntoView {
    let lang = use_lang();
    let locale = use_locale();
    let coverage = Resource::new(move || lang, get_coverage);
    view! {
        <Title text=td_string!(locale, coverage.title)/>
        <div class="page-heading">
            <h1>{td_string!(locale, coverage.title)}</h1>
            <p class="lead">{td_string!(locale, coverage.intro)}</p>
        </div>
        <AwaitData resource=coverage let:coverage>
            {render_kept(coverage.read_at, move || view! { <CoverageView coverage/> })}
        </AwaitData>
    }
}

/// The cells every coverage row has: measures, of which specific, statuses, money, and what
/// makes it stand out.
#[component]
fn LineCells(line: CoverageLine) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let flags = [
        line.few_measures
            .then(|| td_string!(locale, coverage.few_measures).to_string()),
        line.little_money
            .then(|| td_string!(locale, coverage.little_money).to_string()),
    ]
    .into_iter()
    .flatten()
    .map(|flag| view! { <span class="flag">"⚠ "{flag}</span> })
    .collect_view();
    view! {
        <td class="number">{fmt_int(line.measures, lang)}</td>
        <td class="number">{fmt_int(line.specific, lang)}</td>
        <td><StatusSummaryOf counts=line.statuses/></td>
        <td class="number">{fmt_money(line.allocated, lang)}</td>
        <td class="number">{fmt_money(line.spent, lang)}</td>
        <td>{flags}</td>
    }
}

#[component]
fn LineHeaders() -> impl IntoView {
    let locale = use_locale();
    view! {
        <th scope="col" class="number">{td_string!(locale, coverage.measures)}</th>
        <th scope="col" class="number">{td_string!(locale, coverage.specific)}</th>
        <th scope="col">{td_string!(locale, common.status)}</th>
        <th scope="col" class="number">{td_string!(locale, common.allocated)}</th>
        <th scope="col" class="number">{td_string!(locale, common.spent)}</th>
        <th scope="col">{td_string!(locale, coverage.stands_out)}</th>
    }
}

#[component]
fn CoverageView(coverage: Coverage) -> impl IntoView {
    let locale = use_locale();
    let c = coverage;
    // The victims' columns name the year; the indicator's full name is in the chart above.
    let victims_year = c.indicator.as_ref().map(|(_, year)| *year);
    let has_victims = victims_year.is_some();
    let forms = c
        .forms
        .into_iter()
        .map(|f| {
            view! {
                <tr>
                    <th scope="row">{form_label(Some(f.form), locale)}</th>
                    <LineCells line=f.line/>
                    {has_victims.then(|| view! {
                        <td class="number">{f.women.to_string()}</td>
                        <td class="number">{f.men.to_string()}</td>
                    })}
                </tr>
            }
        })
        .collect_view();
    let groups = c
        .groups
        .into_iter()
        .map(|g| {
            view! {
                <tr>
                    <th scope="row">{group_label(g.group, locale)}</th>
                    <LineCells line=g.line/>
                </tr>
            }
        })
        .collect_view();
    // The tables are wider than a narrow screen and hold no links: their scrolling boxes are
    // focusable, so that they scroll by keyboard too.
    view! {
        <section class="panel" aria-labelledby="rules-heading">
            <h2 id="rules-heading">{td_string!(locale, coverage.rules_heading)}</h2>
            <ul>
                <li>{td_string!(locale, coverage.rule_measures)}</li>
                <li>{td_string!(locale, coverage.rule_money)}</li>
                <li>{td_string!(locale, coverage.rule_flags)}</li>
                <li>{td!(locale, county.suppression, threshold = c.suppression_threshold)}</li>
            </ul>
        </section>
        <ChartSection id="charts-heading" heading=td_string!(locale, coverage.charts_heading).to_string() charts=c.charts/>
        <section aria-labelledby="forms-heading">
            <h2 id="forms-heading">{td_string!(locale, coverage.forms_heading)}</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="forms-heading">
                <table>
                    <caption>{td_string!(locale, coverage.forms_caption)}</caption>
                    <thead><tr>
                        <th scope="col">{td_string!(locale, coverage.form)}</th>
                        <LineHeaders/>
                        {victims_year.map(|year| view! {
                            <th scope="col" class="number">{format!("{} ({year})", td_string!(locale, coverage.victims_women))}</th>
                            <th scope="col" class="number">{format!("{} ({year})", td_string!(locale, coverage.victims_men))}</th>
                        })}
                    </tr></thead>
                    <tbody>{forms}</tbody>
                </table>
            </div>
        </section>
        <OverTime forms=c.over_time/>
        <section aria-labelledby="groups-heading">
            <h2 id="groups-heading">{td_string!(locale, coverage.groups_heading)}</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="groups-heading">
                <table>
                    <caption>{td_string!(locale, coverage.groups_caption)}</caption>
                    <thead><tr>
                        <th scope="col">{td_string!(locale, coverage.group)}</th>
                        <LineHeaders/>
                    </tr></thead>
                    <tbody>{groups}</tbody>
                </table>
            </div>
        </section>
    }
}

/// Each form year by year: money, measures running and presumed victims, with the forms that
/// mainly affect women and lose ground from one year to the next named in words.
#[component]
fn OverTime(forms: Vec<FormOverTime>) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let losing = forms
        .iter()
        .flat_map(|f| {
            f.losing_ground
                .iter()
                .map(move |lost| (f.form, lost.clone()))
        })
        .map(|(form, lost)| {
            view! {
                <li>
                    <span class="symbol" aria-hidden="true">"▼ "</span>
                    {td!(
                        locale,
                        coverage.loses_ground,
                        form = form_label(Some(form), locale),
                        year = lost.year,
                        money_before = fmt_money(lost.money_before, lang),
                        money = fmt_money(lost.money, lang),
                        measures_before = lost.measures_before,
                        measures = lost.measures
                    )}
                </li>
            }
        })
        .collect::<Vec<_>>();
    // A year the indicator has no counts for shows a dash, not a zero.
    let counted = |count: Option<crate::domain::Count>| {
        count.map_or_else(|| "–".to_owned(), |count| count.to_string())
    };
    let rows = forms
        .into_iter()
        .flat_map(|f| {
            let span = f.years.len();
            let lost_years: Vec<i32> = f.losing_ground.iter().map(|l| l.year).collect();
            let mainly_women = f.mainly_women;
            f.years.into_iter().enumerate().map(move |(at, y)| {
                let head = (at == 0).then(|| view! {
                    <th scope="rowgroup" rowspan=span>
                        {form_label(Some(f.form), locale)}
                        {mainly_women.then(|| view! {
                            <span class="subtitle">{td_string!(locale, coverage.mainly_women)}</span>
                        })}
                    </th>
                });
                let lost = lost_years.contains(&y.year);
                view! {
                    <tr>
                        {head}
                        <th scope="row">{y.year}</th>
                        <td class="number">{fmt_money(y.allocated, lang)}</td>
                        <td class="number">{fmt_int(y.measures, lang)}</td>
                        <td class="number">{counted(y.women)}</td>
                        <td class="number">{counted(y.men)}</td>
                        <td>{lost.then(|| view! {
                            <span class="flag">"▼ "{td_string!(locale, coverage.lost_ground)}</span>
                        })}</td>
                    </tr>
                }
            })
        })
        .collect_view();
    view! {
        <section aria-labelledby="years-heading">
            <h2 id="years-heading">{td_string!(locale, coverage.years_heading)}</h2>
            <p>{td_string!(locale, coverage.years_rule)}</p>
            {if losing.is_empty() {
                view! { <p>{td_string!(locale, coverage.none_losing)}</p> }.into_any()
            } else {
                view! { <ul class="plain-list">{losing}</ul> }.into_any()
            }}
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="years-heading">
                <table>
                    <caption>{td_string!(locale, coverage.years_caption)}</caption>
                    <thead><tr>
                        <th scope="col">{td_string!(locale, coverage.form)}</th>
                        <th scope="col">{td_string!(locale, common.year)}</th>
                        <th scope="col" class="number">{td_string!(locale, common.allocated)}</th>
                        <th scope="col" class="number">{td_string!(locale, coverage.measures)}</th>
                        <th scope="col" class="number">{td_string!(locale, coverage.victims_women)}</th>
                        <th scope="col" class="number">{td_string!(locale, coverage.victims_men)}</th>
                        <th scope="col">{td_string!(locale, coverage.stands_out)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
