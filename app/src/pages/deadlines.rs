//! Deadlines: the table used on the overview and elsewhere, and `/deadlines`, every unmet
//! deadline of the plan, filtered by organisation.

use crate::components::{deadline_kind_label, fmt_date, use_lang, use_locale};
use crate::i18n::{Locale, td, td_string};
use crate::models::{DeadlineItem, DeadlineSubject};
use leptos::prelude::*;
use leptos_router::components::A;

/// "3 days late", "today" or "in 12 days".
pub fn days_text(days_left: i64, locale: Locale) -> AnyView {
    match days_left {
        0 => td_string!(locale, common.due_today).into_any(),
        -1 => td_string!(locale, common.day_late).into_any(),
        1 => td_string!(locale, common.day_left).into_any(),
        d if d < 0 => td!(locale, common.days_late, days = -d).into_any(),
        d => td!(locale, common.days_left, days = d).into_any(),
    }
}

#[component]
pub fn DeadlineTable(items: Vec<DeadlineItem>, caption: AnyView) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let rows = items
        .into_iter()
        .map(|item| {
            let (href, what) = match &item.subject {
                DeadlineSubject::MeasureReport { code, period } => (
                    format!("/measures/{code}"),
                    td!(locale, deadline.report_for, period = period.to_string()).into_any(),
                ),
                DeadlineSubject::Assignment { diary_number, kind } => (
                    format!("/assignments/{}", diary_number.slug()),
                    format!("{} {}", deadline_kind_label(*kind, locale), diary_number).into_any(),
                ),
            };
            let overdue = item.days_left < 0;
            view! {
                <tr class:overdue=overdue>
                    <td class="nowrap">{fmt_date(item.due_date, lang)}</td>
                    <td>
                        <A href=href>{what}</A>
                        <span class="subtitle">{item.title.get(lang).to_owned()}</span>
                    </td>
                    <td>{item.owner.name.get(lang).to_owned()}</td>
                    <td class="nowrap">
                        {overdue.then(|| view! { <span class="symbol" aria-hidden="true">"■ "</span> })}
                        {days_text(item.days_left, locale)}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table>
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{td_string!(locale, deadline.due)}</th>
                        <th scope="col">{td_string!(locale, deadline.subject)}</th>
                        <th scope="col">{td_string!(locale, deadline.owner)}</th>
                        <th scope="col">{td_string!(locale, deadline.when)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn DeadlinesPage() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let list = Resource::new(
        move || {
            query.with(|q| {
                (
                    q.get("organisation").unwrap_or_default(),
                    q.get("all").is_some_and(|all| all == "1"),
                )
            })
        },
        |(organisation, all)| crate::server_fns::get_deadlines(organisation, all),
    );
    let locale = crate::components::use_locale();
    view! {
        <leptos_meta::Title text=td_string!(locale, deadlines.title)/>
        <crate::components::AwaitData resource=list let:list>
            {crate::components::render_kept(list.read_at, move || view! { <DeadlineListView list/> })}
        </crate::components::AwaitData>
    }
}

/// The address of the deadline list of `organisation` (empty: every organisation's), whole or
/// shortened.
fn list_href(organisation: &str, all: bool) -> String {
    let mut query = Vec::new();
    if !organisation.is_empty() {
        query.push(format!(
            "organisation={}",
            crate::components::encode_query_value(organisation)
        ));
    }
    if all {
        query.push("all=1".to_owned());
    }
    if query.is_empty() {
        "/deadlines".to_owned()
    } else {
        format!("/deadlines?{}", query.join("&"))
    }
}

#[component]
fn DeadlineListView(list: crate::models::DeadlineList) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let chosen = list.organisation.clone().unwrap_or_default();
    let options = list
        .organisations
        .iter()
        .map(|o| {
            let o = &o.organisation;
            view! {
                <option value=o.code.clone() selected=o.code == chosen>{o.name.get(lang).to_owned()}</option>
            }
        })
        .collect_view();
    let shortened = list.is_shortened();
    let whole_list = shortened.then(|| {
        let href = list_href(&chosen, true);
        let total = list.overdue_total + list.upcoming_total;
        view! {
            <p>
                {td!(locale, deadlines.shortened, shown = crate::models::DeadlineList::SHOWN)}" "
                <A href=href>{td!(locale, deadlines.show_all, count = total)}</A>
            </p>
        }
    });
    let summary = list.organisation.is_none().then(|| {
        let rows = list
            .organisations
            .clone()
            .into_iter()
            .map(|o| {
                view! {
                    <tr>
                        <th scope="row">
                            <A href=list_href(&o.organisation.code, false)>{o.organisation.name.get(lang).to_owned()}</A>
                        </th>
                        <td class="number">{o.overdue}</td>
                        <td class="number">{o.upcoming}</td>
                        <td class="nowrap">{o.oldest_overdue.map(|day| fmt_date(day, lang))}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="summary-heading">
                <h2 id="summary-heading">{td_string!(locale, deadlines.summary_heading)}</h2>
                <div class="table-scroll">
                    <table>
                        <caption>{td_string!(locale, deadlines.summary_caption)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{td_string!(locale, deadline.owner)}</th>
                                <th scope="col" class="number">{td_string!(locale, deadlines.overdue_count)}</th>
                                <th scope="col" class="number">{td_string!(locale, deadlines.upcoming_count)}</th>
                                <th scope="col">{td_string!(locale, deadlines.oldest_overdue)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
        }
    });
    let overdue_total = list.overdue_total;
    let upcoming_total = list.upcoming_total;
    view! {
        <div class="page-heading">
            <h1>{td_string!(locale, deadlines.title)}</h1>
        </div>
        <p class="lead">{td_string!(locale, deadlines.lead)}</p>
        <form method="get" action="/deadlines" class="filters">
            <div class="field">
                <label for="organisation">{td_string!(locale, deadline.owner)}</label>
                <select id="organisation" name="organisation">
                    <option value="">{td_string!(locale, deadlines.all_organisations)}</option>
                    {options}
                </select>
            </div>
            <button type="submit" class="button">{td_string!(locale, deadlines.show)}</button>
        </form>
        {summary}
        {whole_list}
        <section aria-labelledby="overdue-heading">
            <h2 id="overdue-heading">{td!(locale, deadlines.overdue_heading, count = overdue_total)}</h2>
            {if list.overdue.is_empty() {
                view! { <p>{td_string!(locale, deadlines.none_overdue)}</p> }.into_any()
            } else {
                view! { <DeadlineTable items=list.overdue.clone() caption=td_string!(locale, deadlines.overdue_caption).into_any()/> }.into_any()
            }}
        </section>
        <section aria-labelledby="upcoming-heading">
            <h2 id="upcoming-heading">{td!(locale, deadlines.upcoming_heading, count = upcoming_total)}</h2>
            {if list.upcoming.is_empty() {
                view! { <p>{td_string!(locale, deadlines.none_upcoming)}</p> }.into_any()
            } else {
                view! { <DeadlineTable items=list.upcoming.clone() caption=td_string!(locale, deadlines.upcoming_caption).into_any()/> }.into_any()
            }}
        </section>
    }
}
