//! The county page: the county, its municipalities, its rows across all measures, money
//! earmarked for it and its indicators (small counts suppressed).

use super::list::StatusSummary;
use crate::components::{
    AwaitData, ChartSection, EvidenceBadge, HorizonCell, ProgressBar, StatusBadge, fmt_int,
    fmt_money, fmt_timestamp_date, form_label, render_kept, sex_label, use_lang, use_locale,
};
use crate::i18n::{td, td_string};
use crate::models::{Chart, CountyDetail, IndicatorSeries};
use crate::pages::DetailTabs;
use crate::pages::measures::FundingLines;
use crate::server_fns::get_county_page;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CountyPage() -> impl IntoView {
    let params = use_params_map();
    let lang = use_lang();
    // One resource for the page and its charts (see the measure page).
    let page = Resource::new(
        move || (params.with(|p| p.get("code").unwrap_or_default()), lang),
        |(code, lang)| get_county_page(code, lang),
    );
    view! {
        <AwaitData resource=page let:page>
            {
                let (county, charts) = page;
                view! {
                    <Title text=county.summary.name.get(lang).to_owned()/>
                    {render_kept(county.read_at, move || view! { <CountyView county charts/> })}
                }
            }
        </AwaitData>
    }
}

#[component]
fn CountyView(county: CountyDetail, charts: Vec<Chart>) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let c = county;
    let name = c.summary.name.get(lang).to_owned();
    let county_code = c.summary.code;
    // A courtesy: the server decides who may save.
    let may_edit = crate::policy::allows(
        &crate::components::current_visit().viewer,
        &crate::policy::Action::EditRegionalRow {
            county: county_code,
        },
        crate::policy::Access::default(),
    );
    let stale = c.rows.iter().filter(|r| r.stale).count();
    let any_stale = stale > 0;
    let total = c.rows.len();
    let period = c.current_period.to_string();
    let row_views = c
        .rows
        .clone()
        .into_iter()
        .map(|r| {
            let contact = [r.contact_name.as_str(), r.contact_role.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(", ");
            view! {
                <tr>
                    <td class="nowrap">{r.measure.code.clone()}</td>
                    <td><A href=format!("/measures/{}", r.measure.code)>{r.measure.title.get(lang).to_owned()}</A></td>
                    <td><StatusBadge status=r.status/></td>
                    <td><ProgressBar progress=r.progress/></td>
                    <td>{contact}</td>
                    <td class="number">{fmt_money(r.spent, lang)}</td>
                    <td><HorizonCell horizon=r.horizon/></td>
                    <td class="narrative">{r.narrative.clone()} " " <EvidenceBadge evidence=r.evidence/></td>
                    <td>
                        <span class="nowrap">{fmt_timestamp_date(&r.updated_at, lang)}</span>
                        <span class="subtitle">{r.updated_by.clone()}</span>
                        {r.stale.then(|| view! { <span class="stale-badge">{td_string!(locale, regional.stale_badge)}</span> })}
                        <A href=format!("/counties/{}/rows/{}", county_code, r.measure.code) attr:class="row-link">
                            {if may_edit { td_string!(locale, regional.edit_link) } else { td_string!(locale, regional.title) }}
                            <span class="visually-hidden">{format!(" {}", r.measure.code)}</span>
                        </A>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let municipalities = c
        .municipalities
        .clone()
        .into_iter()
        .map(|m| view! { <li><span class="code">{m.code.to_string()}</span>" "{m.full_name.clone()}</li> })
        .collect_view();
    let indicators = c
        .indicators
        .clone()
        .into_iter()
        .map(|series| view! { <IndicatorTable series/> })
        .collect_view();
    let has_rows = !c.rows.is_empty();
    let has_indicators = c.indicators.iter().any(|s| !s.years.is_empty());
    view! {
        <div class="page-heading">
            <p class="eyebrow"><A href="/counties">{td_string!(locale, counties.title)}</A>" › "{c.summary.code.to_string()}</p>
            <h1>{name.clone()}</h1>
            <StatusSummary county=c.summary.clone()/>
        </div>
        <DetailTabs base=format!("/counties/{}", c.summary.code)/>
        <section class="panel" aria-labelledby="facts-heading">
            <h2 id="facts-heading">{td_string!(locale, county.facts)}</h2>
            <dl class="facts">
                <div><dt>{td_string!(locale, county.board)}</dt><dd>{c.summary.county_board.name.get(lang).to_owned()}</dd></div>
                <div><dt>{td_string!(locale, counties.seat)}</dt><dd>{c.summary.seat.clone()}</dd></div>
                <div><dt>{td_string!(locale, counties.population)}</dt>
                    <dd>{fmt_int(c.summary.population, lang)}
                        <span class="subtitle">{td!(locale, county.population_source, date = c.population_ref_date.clone(), source = c.population_source.clone())}</span></dd></div>
                <div><dt>{td_string!(locale, county.codes)}</dt>
                    <dd>{format!("{} · {} · {}", c.summary.code, c.iso_3166_2, c.nuts3)}</dd></div>
            </dl>
        </section>
        <crate::components::FlagsSection flags=c.flags.clone() caption=td_string!(locale, flags.caption).to_string()/>

        <section aria-labelledby="rows-heading">
            <h2 id="rows-heading">{td_string!(locale, county.rows_heading)}</h2>
            {if has_rows {
                view! {
                    <div class="table-scroll">
                        <table class="regional">
                            <caption>{td!(locale, county.rows_caption, county = name.clone())}</caption>
                            <thead><tr>
                                <th scope="col">{td_string!(locale, common.code)}</th>
                                <th scope="col">{td_string!(locale, common.measure)}</th>
                                <th scope="col">{td_string!(locale, common.status)}</th>
                                <th scope="col">{td_string!(locale, common.progress)}</th>
                                <th scope="col">{td_string!(locale, measure.contact)}</th>
                                <th scope="col" class="number">{td_string!(locale, common.spent)}</th>
                                <th scope="col">{td_string!(locale, horizon.column)}</th>
                                <th scope="col">{td_string!(locale, measure.narrative)}</th>
                                <th scope="col">{td_string!(locale, measure.updated)}</th>
                            </tr></thead>
                            <tbody>{row_views}</tbody>
                        </table>
                    </div>
                    <p>{td!(locale, county.regional_spent, amount = fmt_money(c.regional_spent, lang))}</p>
                    <p class:stale-note=any_stale>{td!(locale, regional.stale_count, stale, total, period)}</p>
                    <p class="rule">{td_string!(locale, horizon.rule)}</p>
                }.into_any()
            } else {
                view! { <p>{td_string!(locale, county.no_rows)}</p> }.into_any()
            }}
        </section>

        <ChartSection id="charts-heading" heading=td_string!(locale, charts.county_heading).to_string() charts/>
        <section aria-labelledby="funding-heading">
            <h2 id="funding-heading">{td_string!(locale, county.funding_heading)}</h2>
            {if c.funding.is_empty() {
                view! { <p>{td_string!(locale, county.no_funding)}</p> }.into_any()
            } else {
                view! { <FundingLines lines=c.funding.clone()/> }.into_any()
            }}
        </section>

        <section aria-labelledby="indicators-heading">
            <h2 id="indicators-heading">{td_string!(locale, county.indicators_heading)}</h2>
            <p class="rule">{td!(locale, county.suppression, threshold = c.suppression_threshold)}</p>
            {if has_indicators {
                indicators.into_any()
            } else {
                view! { <p>{td_string!(locale, county.no_indicators)}</p> }.into_any()
            }}
        </section>

        <section aria-labelledby="municipalities-heading">
            <h2 id="municipalities-heading">{td!(locale, county.municipalities_heading, count = c.municipalities.len())}</h2>
            <ul class="columns">{municipalities}</ul>
            <p class="muted">{td_string!(locale, county.population_unknown)}</p>
        </section>
    }
}

/// One indicator for one county: a row per sex (and per form and sex), a column per year.
#[component]
fn IndicatorTable(series: IndicatorSeries) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let indicator = &series.indicator;
    let heads = series
        .years
        .iter()
        .map(|year| view! { <th scope="col" class="number">{*year}</th> })
        .collect_view();
    let rows = series
        .rows
        .iter()
        .map(|row| {
            let cells = row
                .values
                .iter()
                .map(|count| {
                    let text = match count.shown() {
                        Some(value) => fmt_int(value, lang),
                        None => "..".to_owned(),
                    };
                    view! { <td class="number">{text}</td> }
                })
                .collect_view();
            view! {
                <tr class:total=row.form.is_none()>
                    <th scope="row">{form_label(row.form, locale)}</th>
                    <th scope="row">{sex_label(row.sex, locale)}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="indicator">
            <h3>{indicator.name.get(lang).to_owned()} " " <EvidenceBadge evidence=indicator.evidence/></h3>
            <p class="muted">{indicator.description.get(lang).to_owned()}</p>
            <div class="table-scroll">
                <table class="indicator-table">
                    <caption>{td!(locale, county.indicator_caption, name = indicator.name.get(lang).to_owned(), unit = indicator.unit.get(lang).to_owned())}</caption>
                    <thead><tr>
                        <th scope="col">{td_string!(locale, county.form)}</th>
                        <th scope="col">{td_string!(locale, county.sex)}</th>
                        {heads}
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p class="muted">{indicator.source.clone()}</p>
        </div>
    }
}
