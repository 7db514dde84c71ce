//! The overview: how the plan stands today.

use super::deadlines::DeadlineTable;
use crate::components::{
    AwaitData, ChartSection, ProgressBar, StatusBadge, fmt_date, fmt_int, fmt_money, fmt_percent,
    fmt_timestamp_date, render_kept, use_lang, use_locale,
};
use crate::i18n::{td, td_string};
use crate::models::{FundingTotals, Overview};
use crate::server_fns::get_overview;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn OverviewPage() -> impl IntoView {
    let lang = use_lang();
    let locale = use_locale();
    let overview = Resource::new(move || lang, get_overview);
    view! {
        <Title text=td_string!(locale, overview.title)/>
        <AwaitData resource=overview let:overview>
            {render_kept(overview.read_at, move || view! { <OverviewView overview/> })}
        </AwaitData>
    }
}

#[component]
fn OverviewView(overview: Overview) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let plan = &overview.plan;
    let total = overview.measure_count;
    let status_rows = overview
        .status_counts
        .iter()
        .map(|row| {
            let share = if total > 0 {
                (row.count * 100 + total / 2) / total
            } else {
                0
            };
            view! {
                <tr>
                    <th scope="row"><StatusBadge status=row.status/></th>
                    <td class="number">{fmt_int(row.count, lang)}</td>
                    <td class="number">{fmt_percent(share, lang)}</td>
                </tr>
            }
        })
        .collect_view();
    let area_rows = overview
        .areas
        .clone()
        .into_iter()
        .map(|area| {
            view! {
                <tr>
                    <th scope="row"><A href=format!("/measures?area={}", area.code)>{area.title.get(lang).to_owned()}</A></th>
                    <td class="number">{fmt_int(area.measure_count, lang)}</td>
                    <td>{area.mean_progress.map(|p| view! { <ProgressBar progress=p/> })}</td>
                    <td class="number">{fmt_money(area.funding.allocated, lang)}</td>
                    <td class="number">{fmt_money(area.funding.spent, lang)}</td>
                </tr>
            }
        })
        .collect_view();
    let year_rows = overview
        .funding_by_year
        .iter()
        .map(|year| view! { <FundingRowView label=year.year.to_string() totals=year.totals/> })
        .collect_view();
    let report_rows = overview
        .latest_reports
        .clone()
        .into_iter()
        .map(|report| {
            let href = match &report.assignment {
                Some(number) => format!("/assignments/{}", number.slug()),
                None => format!("/measures/{}", report.measure_code),
            };
            let subject = match &report.assignment {
                Some(number) => number.to_string(),
                None => report.measure_code.clone(),
            };
            view! {
                <tr>
                    <td class="nowrap">{fmt_timestamp_date(&report.submitted_at, lang)}</td>
                    <td>
                        <A href=href>{subject}</A>
                        <span class="subtitle">{report.subject_title.get(lang).to_owned()}</span>
                    </td>
                    <td class="nowrap">{report.period.to_string()}</td>
                    <td><StatusBadge status=report.status/></td>
                    <td><ProgressBar progress=report.progress/></td>
                    <td>{report.organisation.name.get(lang).to_owned()}</td>
                </tr>
            }
        })
        .collect_view();
    let overdue_count = overview.overdue_count;
    let shown_overdue = overview.overdue.len();
    view! {
        <div class="page-heading">
            <p class="eyebrow">{td_string!(locale, overview.title)}</p>
            <h1>{plan.title.get(lang).to_owned()}</h1>
            <p class="lead">{plan.description.get(lang).to_owned()}</p>
            <dl class="facts">
                <div><dt>{td_string!(locale, overview.period)}</dt>
                    <dd>{format!("{} – {}", fmt_date(plan.period_start, lang), fmt_date(plan.period_end, lang))}</dd></div>
                <div><dt>{td_string!(locale, overview.lead_ministry)}</dt><dd>{plan.lead_ministry.name.get(lang).to_owned()}</dd></div>
                <div><dt>{td_string!(locale, overview.legal_basis)}</dt><dd>{plan.legal_basis.get(lang).to_owned()}</dd></div>
            </dl>
            <p class="as-of">{td!(locale, overview.today, date = fmt_date(overview.today, lang))}</p>
        </div>

        <div class="grid-2">
            <section aria-labelledby="status-heading" class="panel">
                <h2 id="status-heading">{td_string!(locale, overview.status_heading)}</h2>
                <table>
                    <caption>{td!(locale, overview.status_caption, count = fmt_int(total, lang))}</caption>
                    <thead><tr>
                        <th scope="col">{td_string!(locale, common.status)}</th>
                        <th scope="col" class="number">{td_string!(locale, overview.count)}</th>
                        <th scope="col" class="number">{td_string!(locale, overview.share)}</th>
                    </tr></thead>
                    <tbody>{status_rows}</tbody>
                </table>
            </section>
            <section aria-labelledby="progress-heading" class="panel">
                <h2 id="progress-heading">{td_string!(locale, overview.progress_heading)}</h2>
                <p class="big-figure">
                    <span class="big-figure-label">{td_string!(locale, overview.mean_progress)}</span>
                    {overview.mean_progress.map(|p| view! { <ProgressBar progress=p/> })}
                </p>
                <p class="rule">{td_string!(locale, overview.progress_rule)}</p>
                <p class="big-figure">
                    <span class="big-figure-label">{td_string!(locale, common.spent)}</span>
                    <span>{fmt_money(overview.funding.spent, lang)}</span>
                    <span class="muted">{overview.funding.execution_percent().map(|p| {
                        td!(locale, common.percent_of_allocated, percent = p)
                    })}</span>
                </p>
            </section>
        </div>

        <ChartSection id="charts-heading" heading=td_string!(locale, charts.heading).to_string() charts=overview.charts.clone()/>

        <section aria-labelledby="areas-heading">
            <h2 id="areas-heading">{td_string!(locale, overview.areas_heading)}</h2>
            <p><A href="/areas">{td_string!(locale, areas.about_link)}</A></p>
            <div class="table-scroll">
                <table>
                    <caption>{td_string!(locale, overview.areas_caption)}</caption>
                    <thead><tr>
                        <th scope="col">{td_string!(locale, common.area)}</th>
                        <th scope="col" class="number">{td_string!(locale, overview.measures)}</th>
                        <th scope="col">{td_string!(locale, common.progress)}</th>
                        <th scope="col" class="number">{td_string!(locale, common.allocated)}</th>
                        <th scope="col" class="number">{td_string!(locale, common.spent)}</th>
                    </tr></thead>
                    <tbody>{area_rows}</tbody>
                </table>
            </div>
        </section>

        <section aria-labelledby="funding-heading">
            <h2 id="funding-heading">{td_string!(locale, overview.funding_heading)}</h2>
            <div class="table-scroll">
                <table>
                    <caption>{td_string!(locale, overview.funding_caption)}</caption>
                    <FundingHead/>
                    <tbody>{year_rows}</tbody>
                    <tfoot><FundingRowView label=td_string!(locale, common.total).to_string() totals=overview.funding/></tfoot>
                </table>
            </div>
            <p class="rule">{td_string!(locale, overview.funding_rule)}</p>
        </section>

        <section aria-labelledby="deadlines-heading">
            <h2 id="deadlines-heading">{td_string!(locale, overview.deadlines_heading)}</h2>
            <p class="rule">{td!(locale, overview.deadline_rule, days = plan.report_due_days)}</p>
            {if overview.overdue.is_empty() {
                view! { <p>{td_string!(locale, overview.no_overdue)}</p> }.into_any()
            } else {
                view! {
                    <DeadlineTable items=overview.overdue.clone() caption=td!(locale, overview.overdue_heading, count = overdue_count).into_any()/>
                    {(overview.overdue_count > shown_overdue).then(|| view! {
                        <p class="muted">{td!(locale, overview.overdue_more, shown = shown_overdue, count = overview.overdue_count)}</p>
                    })}
                }.into_any()
            }}
            {if overview.upcoming.is_empty() {
                view! { <p>{td_string!(locale, overview.no_upcoming)}</p> }.into_any()
            } else {
                view! { <DeadlineTable items=overview.upcoming.clone() caption=td_string!(locale, overview.upcoming_heading).into_any()/> }.into_any()
            }}
        </section>

        <section aria-labelledby="reports-heading">
            <h2 id="reports-heading">{td_string!(locale, overview.latest_reports)}</h2>
            {if overview.latest_reports.is_empty() {
                view! { <p>{td_string!(locale, overview.no_reports)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table>
                            <caption>{td_string!(locale, overview.latest_reports)}</caption>
                            <thead><tr>
                                <th scope="col">{td_string!(locale, report.submitted)}</th>
                                <th scope="col">{td_string!(locale, deadline.subject)}</th>
                                <th scope="col">{td_string!(locale, common.period)}</th>
                                <th scope="col">{td_string!(locale, common.status)}</th>
                                <th scope="col">{td_string!(locale, common.progress)}</th>
                                <th scope="col">{td_string!(locale, report.by)}</th>
                            </tr></thead>
                            <tbody>{report_rows}</tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// The column heads of a funding table: year (or label), allocated, disbursed, spent, execution.
#[component]
pub fn FundingHead() -> impl IntoView {
    let locale = use_locale();
    view! {
        <thead><tr>
            <th scope="col">{td_string!(locale, common.year)}</th>
            <th scope="col" class="number">{td_string!(locale, common.allocated)}</th>
            <th scope="col" class="number">{td_string!(locale, common.disbursed)}</th>
            <th scope="col" class="number">{td_string!(locale, common.spent)}</th>
            <th scope="col" class="number">{td_string!(locale, common.execution)}</th>
        </tr></thead>
    }
}

/// One line of a funding table.
#[component]
pub fn FundingRowView(label: String, totals: FundingTotals) -> impl IntoView {
    let lang = use_lang();
    view! {
        <tr>
            <th scope="row">{label}</th>
            <td class="number">{fmt_money(totals.allocated, lang)}</td>
            <td class="number">{fmt_money(totals.disbursed, lang)}</td>
            <td class="number">{fmt_money(totals.spent, lang)}</td>
            <td class="number">{totals.execution_percent().map(|p| fmt_percent(p, lang))}</td>
        </tr>
    }
}
