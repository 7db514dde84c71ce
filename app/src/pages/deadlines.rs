//! A table of deadlines across the plan, as on the overview.

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
