//! The government assignments with their next deadline.

use super::DeadlineState;
use crate::components::{
    AwaitData, EvidenceBadge, deadline_kind_label, fmt_date, use_lang, use_locale,
};
use crate::i18n::td_string;
use crate::models::AssignmentList;
use crate::server_fns::list_assignments;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn AssignmentsPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| list_assignments());
    let locale = use_locale();
    view! {
        <Title text=td_string!(locale, assignments.title)/>
        <div class="page-heading">
            <h1>{td_string!(locale, assignments.title)}</h1>
            <p class="lead">{td_string!(locale, assignments.intro)}</p>
        </div>
        {crate::policy::allows(
            &crate::components::current_visit().viewer,
            &crate::policy::Action::CreateMeasure,
            crate::policy::Access::default(),
        ).then(|| view! {
            <p class="actions"><A href="/assignments/new" attr:class="button">{td_string!(locale, assignment_edit.new_link)}</A></p>
        })}
        <AwaitData resource=list let:list><AssignmentTable list/></AwaitData>
    }
}

#[component]
fn AssignmentTable(list: AssignmentList) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    if list.items.is_empty() {
        return view! { <p>{td_string!(locale, assignments.none)}</p> }.into_any();
    }
    let rows = list
        .items
        .into_iter()
        .map(|a| {
            let next = match a.next_deadline {
                Some(deadline) => view! {
                    <span class="nowrap">{format!("{} {}", deadline_kind_label(deadline.kind, locale), fmt_date(deadline.due_date, lang))}</span>
                    <DeadlineState deadline/>
                }
                .into_any(),
                None => view! { <span>{td_string!(locale, assignments.all_delivered)}</span> }.into_any(),
            };
            view! {
                <tr>
                    <th scope="row" class="nowrap"><A href=format!("/assignments/{}", a.diary_number.slug())>{a.diary_number.to_string()}</A></th>
                    <td>{a.title.get(lang).to_owned()} <EvidenceBadge evidence=a.evidence/></td>
                    <td>{a.ministry.name.get(lang).to_owned()}</td>
                    <td>{a.recipient.name.get(lang).to_owned()}</td>
                    <td class="nowrap">{fmt_date(a.decision_date, lang)}</td>
                    <td>{next}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table>
                <caption>{td_string!(locale, assignments.caption)}</caption>
                <thead><tr>
                    <th scope="col">{td_string!(locale, assignments.diary_number)}</th>
                    <th scope="col">{td_string!(locale, assignments.assignment)}</th>
                    <th scope="col">{td_string!(locale, assignments.ministry)}</th>
                    <th scope="col">{td_string!(locale, assignments.recipient)}</th>
                    <th scope="col">{td_string!(locale, assignments.decided)}</th>
                    <th scope="col">{td_string!(locale, assignments.next_deadline)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
