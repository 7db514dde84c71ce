//! `/oversight`: the compliance matrix (every obligation and the measures that answer it;
//! unanswered ones stand out), measures that answer none, and overdue reports across every
//! owner, and the signals the data raises beside what the owners report (`/oversight/flags`
//! lists them). `/oversight/as-of?date=`: the plan as it stood on a past date.

use crate::components::{
    AwaitData, LanguageSelect, ProgressBar, StatusBadge, fmt_date, render_kept, source_label,
    use_lang, use_locale,
};
use crate::i18n::{td, td_string};
use crate::models::{Compliance, MeasureRef, ObligationCoverage, PlanAsOf};
use crate::pages::deadlines::DeadlineTable;
use crate::server_fns::get_plan_as_of;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::use_query_map;

#[component]
pub fn OversightPage() -> impl IntoView {
    // One resource for the page (see `AwaitData`).
    let oversight = Resource::new(
        || (),
        |()| async {
            let (compliance, mut flags) = crate::server_fns::get_oversight().await?;
            // This page shows the counts and the measures with the most signals; the list
            // itself, and every measure, is the signals page's, so it is not sent with this one.
            flags.flags.clear();
            let signalled = flags.keep_most_signalled(SIGNALLED_SHOWN);
            Ok((compliance, flags, signalled))
        },
    );
    let locale = use_locale();
    view! {
        <Title text=td_string!(locale, oversight.title)/>
        <AwaitData resource=oversight let:data>
            {
                let (compliance, flags, signalled) = data;
                render_kept(compliance.read_at, move || view! {
                    <ComplianceView compliance/>
                    <ReportedAndRaised flags signalled/>
                })
            }
        </AwaitData>
    }
}

/// The most measures with signals the page lists (those with the most kinds of signal); the
/// signals page lists them all.
const SIGNALLED_SHOWN: usize = 20;

/// What each owner reports beside what the data raises, apart: the signals by kind, and the
/// measures with the most signals, each with its reported status on one side and the signals
/// on the other; `signalled` measures have any.
#[component]
fn ReportedAndRaised(flags: crate::models::FlagList, signalled: usize) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let measures = flags
        .measures
        .into_iter()
        .map(|(measure, kinds)| {
            view! {
                <tr>
                    <th scope="row">
                        <A href=format!("/measures/{}", measure.code)>{format!("{} {}", measure.code, measure.title.get(lang))}</A>
                    </th>
                    <td class="reported"><StatusBadge status=measure.status/>" "{format!("{} %", measure.progress.percent())}</td>
                    <td class="signals">
                        {kinds.into_iter().map(|kind| view! { <crate::components::FlagBadge kind/> }).collect_view()}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="flags-heading">
            <h2 id="flags-heading">{td_string!(locale, flags.title)}</h2>
            <p>{td_string!(locale, flags.section_lead)}" "
                <A href="/oversight/flags">{td_string!(locale, flags.page_link)}</A></p>
            <crate::pages::FlagCounts counts=flags.counts.clone() filter=Default::default()/>
            <h3 id="reported-heading">{td_string!(locale, flags.reported_heading)}</h3>
            <p>{td_string!(locale, flags.reported_lead)}</p>
            {(signalled > SIGNALLED_SHOWN).then(|| view! {
                <p>
                    {td!(locale, oversight.signalled_shortened, shown = SIGNALLED_SHOWN, total = signalled)}
                    " "
                    <A href="/oversight/flags">{td_string!(locale, oversight.signalled_all_link)}</A>
                </p>
            })}
            <div class="table-scroll">
                <table class="reported-and-raised">
                    <caption>{td_string!(locale, flags.reported_caption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{td_string!(locale, common.measure)}</th>
                            <th scope="col" class="reported">{td_string!(locale, flags.reported_by_owner)}</th>
                            <th scope="col" class="signals">{td_string!(locale, flags.raised_by_data)}</th>
                        </tr>
                    </thead>
                    <tbody>{measures}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn ComplianceView(compliance: Compliance) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let total = compliance.obligations.len();
    let uncovered = compliance.uncovered_count();
    let any_uncovered = uncovered > 0;
    let rows = compliance
        .obligations
        .into_iter()
        .map(|coverage| view! { <ObligationRow coverage/> })
        .collect_view();
    let unlinked = compliance.unlinked_measures;
    let overdue = compliance.overdue;
    let overdue_total = compliance.overdue_total;
    let shortened = overdue.len() < overdue_total;
    let csv_href = format!("/oversight/compliance.csv?lang={}", lang.tag());
    // The review's changes by default: those of the last 90 days, as on the changes page.
    let review_since = compliance.today.add_days(-90).to_string();
    view! {
        <div class="page-heading">
            <h1>{td_string!(locale, oversight.title)}</h1>
            <p class="lead">{td_string!(locale, oversight.lead)}</p>
            <p><A href="/oversight/as-of">{td_string!(locale, oversight.as_of_link)}</A></p>
            <p><A href="/oversight/changes">{td_string!(locale, changes.link)}</A></p>
        </div>

        <section class="panel" aria-labelledby="review-heading">
            <h2 id="review-heading">{td_string!(locale, review.heading)}</h2>
            <p>{td_string!(locale, review.text)}</p>
            <form method="get" action="/oversight/granskning.docx" class="form form-inline">
                <div class="field">
                    <label for="review-since">{td_string!(locale, review.choose_since)}</label>
                    <input id="review-since" name="since" type="date" required
                        value=review_since max=compliance.today.to_string()/>
                </div>
                <LanguageSelect id="review-lang" label=td_string!(locale, review.language)/>
                <button type="submit" class="button">{td_string!(locale, review.make)}</button>
            </form>
        </section>

        <section aria-labelledby="matrix-heading">
            <h2 id="matrix-heading">{td_string!(locale, oversight.matrix_heading)}</h2>
            <p class:uncovered-summary=any_uncovered>
                {any_uncovered.then(|| view! { <span class="symbol" aria-hidden="true">"■ "</span> })}
                {td!(locale, oversight.uncovered_summary, uncovered, total)}
            </p>
            <p><a href=csv_href download="">{td_string!(locale, oversight.download_csv)}</a></p>
            <div class="table-scroll">
                <table class="matrix">
                    <caption>{td_string!(locale, oversight.matrix_caption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{td_string!(locale, oversight.obligation)}</th>
                            <th scope="col">{td_string!(locale, oversight.answered_by)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>

        <section aria-labelledby="unlinked-heading">
            <h2 id="unlinked-heading">{td_string!(locale, oversight.unlinked_heading)}</h2>
            {if unlinked.is_empty() {
                view! { <p>{td_string!(locale, oversight.unlinked_none)}</p> }.into_any()
            } else {
                view! { <ul class="plain-list">{unlinked.into_iter().map(|m| view! { <li><MeasureLink measure=m/></li> }).collect_view()}</ul> }.into_any()
            }}
        </section>

        <section aria-labelledby="overdue-heading">
            <h2 id="overdue-heading">{td_string!(locale, oversight.overdue_heading)}</h2>
            {if overdue.is_empty() {
                view! { <p>{td_string!(locale, oversight.overdue_none)}</p> }.into_any()
            } else {
                view! {
                    <p>
                        {if shortened {
                            td!(locale, oversight.overdue_shortened, shown = overdue.len(), total = overdue_total).into_any()
                        } else {
                            td!(locale, oversight.overdue_count, total = overdue_total).into_any()
                        }}
                        " "
                        <A href="/deadlines">{td_string!(locale, oversight.overdue_all_link)}</A>
                    </p>
                    <DeadlineTable items=overdue caption=td_string!(locale, oversight.overdue_caption).into_any()/>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn ObligationRow(coverage: ObligationCoverage) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let o = coverage.obligation;
    let count = coverage.measure_count;
    let uncovered = count == 0;
    // Many measures: how many at each status, and all of them in the filtered measures list.
    let summarised = coverage.measures.len() < count;
    let all_href = format!(
        "/measures?obligation={}",
        crate::components::encode_query_value(&o.code)
    );
    let measures = coverage
        .measures
        .into_iter()
        .map(|m| view! { <li><MeasureLink measure=m.measure/></li> })
        .collect_view();
    let statuses = coverage.statuses;
    view! {
        <tr class:uncovered=uncovered>
            <th scope="row">
                <span class="obligation-ref">{format!("{} {}", source_label(o.source, locale), o.reference)}</span>
                <span class="subtitle">{o.title.get(lang).to_owned()}</span>
            </th>
            <td>
                {if uncovered {
                    view! { <p class="uncovered-note"><span class="symbol" aria-hidden="true">"■ "</span>{td_string!(locale, oversight.uncovered)}</p> }.into_any()
                } else if summarised {
                    view! {
                        <p>
                            <A href=all_href>{td!(locale, oversight.measure_count, count)}</A>
                        </p>
                        <crate::pages::counties::StatusSummaryOf counts=statuses/>
                    }.into_any()
                } else {
                    view! { <ul class="measure-chips">{measures}</ul> }.into_any()
                }}
            </td>
        </tr>
    }
}

#[component]
fn MeasureLink(measure: MeasureRef) -> impl IntoView {
    let lang = use_lang();
    view! {
        <A href=format!("/measures/{}", measure.code)>{format!("{} {}", measure.code, measure.title.get(lang))}</A>
        " " <StatusBadge status=measure.status/>
    }
}

#[component]
pub fn PlanAsOfPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let date = move || query.read().get("date").unwrap_or_default();
    let plan = Resource::new(date, get_plan_as_of);
    view! {
        <Title text=td_string!(locale, oversight.as_of_title)/>
        <div class="page-heading">
            <p class="eyebrow"><A href="/oversight">{td_string!(locale, oversight.title)}</A></p>
            <h1>{td_string!(locale, oversight.as_of_title)}</h1>
            <p class="lead">{td_string!(locale, oversight.as_of_lead)}</p>
        </div>
        <AwaitData resource=plan let:plan><AsOfTable plan/></AwaitData>
    }
}

#[component]
fn AsOfTable(plan: PlanAsOf) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let total = plan.measures.len();
    let changed = plan
        .measures
        .iter()
        .filter(|m| m.then.is_none_or(|(status, _)| status != m.now.status))
        .count();
    let date = fmt_date(plan.date, lang);
    let chosen = plan.date.to_string();
    let rows = plan
        .measures
        .into_iter()
        .map(|m| {
            let then = match m.then {
                Some((status, progress)) => view! {
                    <td><StatusBadge status/></td>
                    <td><ProgressBar progress/></td>
                }
                .into_any(),
                None => view! { <td colspan="2">{td_string!(locale, oversight.not_yet)}</td> }.into_any(),
            };
            view! {
                <tr>
                    <th scope="row"><A href=format!("/measures/{}", m.now.code)>{m.now.code.clone()}</A></th>
                    <td>{m.now.title.get(lang).to_owned()}</td>
                    {then}
                    <td><StatusBadge status=m.now.status/></td>
                    <td><ProgressBar progress=m.now.progress/></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Form method="GET" action="" attr:class="as-of-form">
            <div class="field">
                <label for="date">{td_string!(locale, oversight.as_of_date)}</label>
                <input id="date" name="date" type="date" value=chosen required/>
            </div>
            <button type="submit" class="button">{td_string!(locale, oversight.as_of_show)}</button>
        </Form>
        <p class="result-count" role="status">{td!(locale, oversight.changed_count, changed, total)}</p>
        <div class="table-scroll">
            <table>
                <caption>{td!(locale, oversight.as_of_caption, date)}</caption>
                <thead>
                    <tr>
                        <th scope="col" rowspan="2">{td_string!(locale, oversight.code)}</th>
                        <th scope="col" rowspan="2">{td_string!(locale, oversight.measure)}</th>
                        <th scope="colgroup" colspan="2">{td_string!(locale, oversight.then)}</th>
                        <th scope="colgroup" colspan="2">{td_string!(locale, oversight.now)}</th>
                    </tr>
                    <tr>
                        <th scope="col">{td_string!(locale, oversight.status)}</th>
                        <th scope="col">{td_string!(locale, oversight.progress)}</th>
                        <th scope="col">{td_string!(locale, oversight.status)}</th>
                        <th scope="col">{td_string!(locale, oversight.progress)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// `/oversight/changes?from=&to=`: what changed in the plan between two dates, per measure and
/// assignment, with who and when, and the same as CSV.
#[component]
pub fn ChangesPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let interval = move || {
        query.with(|q| {
            (
                q.get("from").unwrap_or_default(),
                q.get("to").unwrap_or_default(),
            )
        })
    };
    let changes = Resource::new(interval, |(from, to)| {
        crate::server_fns::get_changes(from, to)
    });
    view! {
        <Title text=td_string!(locale, changes.title)/>
        <div class="page-heading">
            <p class="eyebrow"><A href="/oversight">{td_string!(locale, oversight.title)}</A></p>
            <h1>{td_string!(locale, changes.title)}</h1>
            <p class="lead">{td_string!(locale, changes.lead)}</p>
        </div>
        <AwaitData resource=changes let:changes><ChangeList changes/></AwaitData>
    }
}

#[component]
fn ChangeList(changes: crate::models::ChangeLog) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let (from, to) = (changes.from.to_string(), changes.to.to_string());
    let csv_href = format!(
        "/oversight/changes.csv?from={from}&to={to}&lang={}",
        lang.tag()
    );
    let subjects = changes
        .subjects
        .into_iter()
        .map(|subject| {
            let href = match subject.kind {
                crate::models::HistoryKind::Assignment => {
                    format!("/assignments/{}", subject.code.replace('/', "-"))
                }
                _ => format!("/measures/{}", subject.code),
            };
            let count = subject.entries.len();
            let entries = subject
                .entries
                .into_iter()
                .map(|entry| view! { <crate::pages::EntryView entry/> })
                .collect_view();
            view! {
                <section class="changed-subject">
                    <h2>
                        <A href=href>{format!("{} {}", subject.code, subject.title.get(lang))}</A>
                    </h2>
                    <p class="subtitle">{td!(locale, changes.subject_count, count)}</p>
                    <ol class="history">{entries}</ol>
                </section>
            }
        })
        .collect_view();
    view! {
        <Form method="GET" action="" attr:class="as-of-form">
            <div class="field">
                <label for="from">{td_string!(locale, changes.from)}</label>
                <input id="from" name="from" type="date" value=from.clone() required/>
            </div>
            <div class="field">
                <label for="to">{td_string!(locale, changes.to)}</label>
                <input id="to" name="to" type="date" value=to.clone() required/>
            </div>
            <button type="submit" class="button">{td_string!(locale, oversight.as_of_show)}</button>
        </Form>
        <p class="result-count" role="status">
            {td!(locale, changes.count, count = changes.total, from = fmt_date(changes.from, lang), to = fmt_date(changes.to, lang))}
        </p>
        {changes.shortened.then(|| view! {
            <p>{td!(locale, changes.shortened, shown = crate::models::ChangeLog::MAX_ENTRIES)}</p>
        })}
        <p><a href=csv_href download="">{td_string!(locale, changes.download_csv)}</a></p>
        {subjects}
    }
}
