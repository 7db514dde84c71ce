//! The 21 counties with their regional rows' statuses.

use crate::components::{AwaitData, StatusBadge, fmt_int, use_lang, use_locale};
use crate::i18n::td_string;
use crate::models::{CountySummary, StatusCount};
use crate::server_fns::list_counties;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn CountiesPage() -> impl IntoView {
    let counties = Resource::new(|| (), |_| list_counties());
    let locale = use_locale();
    view! {
        <Title text=td_string!(locale, counties.title)/>
        <div class="page-heading">
            <h1>{td_string!(locale, counties.title)}</h1>
            <p class="lead">{td_string!(locale, counties.intro)}</p>
        </div>
        <AwaitData resource=counties let:counties><CountyTable counties/></AwaitData>
    }
}

/// A county's rows by status, e.g. "3 Enligt plan, 1 Försenad", leaving out empty statuses.
#[component]
pub fn StatusSummary(county: CountySummary) -> impl IntoView {
    view! { <StatusSummaryOf counts=county.status_counts/> }
}

/// Counts by status, e.g. "3 Enligt plan, 1 Försenad", leaving out empty statuses.
#[component]
pub fn StatusSummaryOf(counts: Vec<StatusCount>) -> impl IntoView {
    let lang = use_lang();
    let parts = counts
        .into_iter()
        .filter(|s| s.count > 0)
        .map(|s| view! { <li><span class="count">{fmt_int(s.count, lang)}</span>" "<StatusBadge status=s.status/></li> })
        .collect_view();
    view! { <ul class="status-summary">{parts}</ul> }
}

#[component]
fn CountyTable(counties: Vec<CountySummary>) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let rows = counties
        .into_iter()
        .map(|c| {
            let name = c.name.get(lang).to_owned();
            view! {
                <tr>
                    <td>{c.code.to_string()}</td>
                    <th scope="row"><A href=format!("/counties/{}", c.code)>{name}</A></th>
                    <td>{c.seat.clone()}</td>
                    <td class="number">{fmt_int(c.population, lang)}</td>
                    <td class="number">{fmt_int(c.municipality_count, lang)}</td>
                    <td class="number">{fmt_int(c.row_count, lang)}</td>
                    <td><StatusSummary county=c/></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table>
                <caption>{td_string!(locale, counties.caption)}</caption>
                <thead><tr>
                    <th scope="col">{td_string!(locale, counties.code)}</th>
                    <th scope="col">{td_string!(locale, counties.name)}</th>
                    <th scope="col">{td_string!(locale, counties.seat)}</th>
                    <th scope="col" class="number">{td_string!(locale, counties.population)}</th>
                    <th scope="col" class="number">{td_string!(locale, counties.municipalities)}</th>
                    <th scope="col" class="number">{td_string!(locale, counties.rows)}</th>
                    <th scope="col">{td_string!(locale, counties.statuses)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
