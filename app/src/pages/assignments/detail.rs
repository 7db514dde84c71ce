//! The assignment page: diary number with its ministry, deadlines, measures, money, reports.

use super::DeadlineState;
use crate::components::{
    AwaitData, EvidenceBadge, ProgressBar, StatusBadge, deadline_kind_label, evidence_help,
    fmt_date, fmt_money, use_lang, use_locale,
};
use crate::i18n::td_string;
use crate::models::AssignmentDetail;
use crate::pages::DetailTabs;
use crate::pages::measures::{FundingLines, ReportList};
use crate::server_fns::get_assignment;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn AssignmentPage() -> impl IntoView {
    let params = use_params_map();
    let assignment = Resource::new(
        move || params.with(|p| p.get("slug").unwrap_or_default()),
        get_assignment,
    );
    view! {
        <AwaitData resource=assignment let:assignment><AssignmentView assignment/></AwaitData>
    }
}

#[component]
fn AssignmentView(assignment: AssignmentDetail) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let a = assignment;
    let deadline_rows = a
        .deadlines
        .clone()
        .into_iter()
        .map(|d| {
            let overdue = d.is_overdue();
            view! {
                <tr class:overdue=overdue>
                    <th scope="row">{deadline_kind_label(d.kind, locale)}</th>
                    <td class="nowrap">{fmt_date(d.due_date, lang)}</td>
                    <td>{d.description.get(lang).to_owned()}</td>
                    <td><DeadlineState deadline=d/></td>
                </tr>
            }
        })
        .collect_view();
    let measure_rows = a
        .measures
        .clone()
        .into_iter()
        .map(|m| {
            view! {
                <tr>
                    <td class="nowrap">{m.code.clone()}</td>
                    <td><A href=format!("/measures/{}", m.code)>{m.title.get(lang).to_owned()}</A></td>
                    <td><StatusBadge status=m.status/></td>
                    <td><ProgressBar progress=m.progress/></td>
                </tr>
            }
        })
        .collect_view();
    let ministry = a.ministry.name.get(lang).to_owned();
    view! {
        <Title text=format!("{} {}", a.diary_number, a.title.get(lang))/>
        <div class="page-heading">
            <p class="eyebrow"><A href="/assignments">{td_string!(locale, assignments.title)}</A>
                " › " {a.diary_number.to_string()}</p>
            <h1>{a.title.get(lang).to_owned()}</h1>
            <p class="diary-number"><strong>{a.diary_number.to_string()}</strong>" · "{ministry.clone()}</p>
            <div class="headline-status"><EvidenceBadge evidence=a.evidence/></div>
        </div>
        <DetailTabs base=format!("/assignments/{}", a.diary_number.slug())/>
        <div class="grid-2">
            <section class="panel" aria-labelledby="facts-heading">
                <h2 id="facts-heading">{td_string!(locale, assignment.facts)}</h2>
                <dl class="facts facts-stacked">
                    <div><dt>{td_string!(locale, assignments.diary_number)}</dt><dd>{a.diary_number.to_string()}</dd></div>
                    <div><dt>{td_string!(locale, assignments.ministry)}</dt><dd>{ministry}</dd></div>
                    <div><dt>{td_string!(locale, assignments.recipient)}</dt><dd>{a.recipient.name.get(lang).to_owned()}</dd></div>
                    <div><dt>{td_string!(locale, assignments.decided)}</dt><dd>{fmt_date(a.decision_date, lang)}</dd></div>
                    <div><dt>{td_string!(locale, common.allocated)}</dt><dd>{fmt_money(a.funding_totals.allocated, lang)}</dd></div>
                    <div><dt>{td_string!(locale, common.evidence)}</dt>
                        <dd><EvidenceBadge evidence=a.evidence/> " " {evidence_help(a.evidence, locale)}
                            {(!a.evidence_note.is_empty()).then(|| view! { <span class="subtitle">{a.evidence_note.clone()}</span> })}</dd></div>
                </dl>
            </section>
            <section class="panel" aria-labelledby="description-heading">
                <h2 id="description-heading">{td_string!(locale, assignment.description)}</h2>
                <p lang=a.description.falls_back(lang).then_some("sv")>{a.description.get(lang).to_owned()}</p>
            </section>
        </div>

        {(a.may_report || a.may_edit).then(|| view! {
            <p class="actions">
                {a.may_report.then(|| view! {
                    <A href=format!("/assignments/{}/report", a.diary_number.slug()) attr:class="button">{td_string!(locale, reporting.report_link)}</A>
                })}
                " "
                {a.may_edit.then(|| view! {
                    <A href=format!("/assignments/{}/edit", a.diary_number.slug()) attr:class="button button-secondary">{td_string!(locale, assignment_edit.edit_link)}</A>
                    " "
                    <A href=format!("/assignments/{}/deadlines", a.diary_number.slug()) attr:class="button button-secondary">{td_string!(locale, assignment_edit.deadlines_link)}</A>
                })}
            </p>
        })}
        <crate::components::FlagsSection flags=a.flags.clone() caption=td_string!(locale, flags.caption).to_string()/>
        <section aria-labelledby="deadlines-heading">
            <h2 id="deadlines-heading">{td_string!(locale, assignment.deadlines_heading)}</h2>
            {if a.deadlines.is_empty() {
                view! { <p>{td_string!(locale, assignment.no_deadlines)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table>
                            <caption>{td_string!(locale, assignment.deadlines_caption)}</caption>
                            <thead><tr>
                                <th scope="col">{td_string!(locale, assignment.kind)}</th>
                                <th scope="col">{td_string!(locale, deadline.due)}</th>
                                <th scope="col">{td_string!(locale, assignment.description)}</th>
                                <th scope="col">{td_string!(locale, assignment.state)}</th>
                            </tr></thead>
                            <tbody>{deadline_rows}</tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>

        <section aria-labelledby="measures-heading">
            <h2 id="measures-heading">{td_string!(locale, assignment.measures_heading)}</h2>
            <div class="table-scroll">
                <table>
                    <caption>{td_string!(locale, assignment.measures_heading)}</caption>
                    <thead><tr>
                        <th scope="col">{td_string!(locale, common.code)}</th>
                        <th scope="col">{td_string!(locale, common.measure)}</th>
                        <th scope="col">{td_string!(locale, common.status)}</th>
                        <th scope="col">{td_string!(locale, common.progress)}</th>
                    </tr></thead>
                    <tbody>{measure_rows}</tbody>
                </table>
            </div>
        </section>

        <section aria-labelledby="funding-heading">
            <h2 id="funding-heading">{td_string!(locale, assignment.funding_heading)}</h2>
            {if a.funding.is_empty() {
                view! { <p>{td_string!(locale, measure.no_funding)}</p> }.into_any()
            } else {
                view! { <FundingLines lines=a.funding.clone()/> }.into_any()
            }}
        </section>

        <section aria-labelledby="reports-heading">
            <h2 id="reports-heading">{td_string!(locale, assignment.reports_heading)}</h2>
            <ReportList reports=a.reports.clone()/>
        </section>
    }
}
