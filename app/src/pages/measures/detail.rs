//! The measure page: everything about one measure.

use crate::components::{
    AwaitData, ChartFigure, ChartSection, EvidenceBadge, ProgressBar, StatusBadge, evidence_help,
    fmt_date, fmt_int, fmt_money, fmt_timestamp_date, form_label, frequency_label, group_label,
    kind_label, render_kept, source_label, use_lang, use_locale,
};
use crate::i18n::{td, td_string};
use crate::models::{Chart, FundingRow, MeasureDetail, MeasureIndicator, ReportDue, ReportEntry};
use crate::pages::DetailTabs;
use crate::pages::overview::{FundingHead, FundingRowView};
use crate::server_fns::get_measure_page;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn MeasurePage() -> impl IntoView {
    let params = use_params_map();
    let lang = use_lang();
    // One resource for the page and its charts (see `AwaitData`).
    let page = Resource::new(
        move || (params.with(|p| p.get("code").unwrap_or_default()), lang),
        |(code, lang)| get_measure_page(code, lang),
    );
    view! {
        <AwaitData resource=page let:page>
            {
                let (measure, charts) = page;
                view! {
                    <Title text=format!("{} {}", measure.code, measure.title.get(lang))/>
                    {render_kept(measure.read_at, move || view! { <MeasureView measure charts/> })}
                }
            }
        </AwaitData>
    }
}

#[component]
fn MeasureView(measure: MeasureDetail, charts: Vec<Chart>) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    // Each indicator's chart stands in the indicators' section, with the indicator.
    let (indicator_charts, charts): (Vec<Chart>, Vec<Chart>) = charts
        .into_iter()
        .partition(|c| c.id.starts_with("indicator-"));
    let m = measure;
    let none = || td_string!(locale, common.none).to_string();
    let join = |items: Vec<String>| {
        if items.is_empty() {
            none()
        } else {
            items.join(", ")
        }
    };
    let partners = join(
        m.partners
            .iter()
            .map(|p| p.name.get(lang).to_owned())
            .collect(),
    );
    let forms = join(
        m.exploitation_forms
            .iter()
            .map(|f| form_label(Some(*f), locale))
            .collect(),
    );
    let groups = join(
        m.target_groups
            .iter()
            .map(|g| group_label(*g, locale))
            .collect(),
    );
    let obligations = m
        .obligations
        .clone()
        .into_iter()
        .map(|o| {
            view! {
                <li>
                    <span class="obligation-ref">{format!("{} {}", source_label(o.source, locale), o.reference)}</span>
                    " – " {o.title.get(lang).to_owned()}
                    {o.amended_2024.then(|| view! { <span class="note">{format!(" ({})", td_string!(locale, measure.obligation_amended))}</span> })}
                    {(!o.reference_verified).then(|| view! { <span class="note">{format!(" ({})", td_string!(locale, measure.obligation_unverified))}</span> })}
                </li>
            }
        })
        .collect_view();
    let assignments = m
        .assignments
        .clone()
        .into_iter()
        .map(|a| {
            view! {
                <li>
                    <A href=format!("/assignments/{}", a.diary_number.slug())>{a.diary_number.to_string()}</A>
                    " – " {a.title.get(lang).to_owned()}
                    <span class="subtitle">{a.recipient.name.get(lang).to_owned()}</span>
                </li>
            }
        })
        .collect_view();
    let year_rows = m
        .funding_by_year
        .clone()
        .into_iter()
        .map(|y| view! { <FundingRowView label=y.year.to_string() totals=y.totals/> })
        .collect_view();
    let regional_rows = m
        .regional
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
                    <th scope="row"><A href=format!("/counties/{}", r.county.code)>{r.county.name.get(lang).to_owned()}</A>
                        <span class="subtitle">{contact}</span></th>
                    <td><StatusBadge status=r.status/></td>
                    <td><ProgressBar progress=r.progress/></td>
                    <td class="number">{fmt_money(r.spent, lang)}</td>
                    <td class="narrative">{r.narrative.clone()}</td>
                    <td><span class="nowrap">{fmt_timestamp_date(&r.updated_at, lang)}</span><span class="subtitle">{r.updated_by.clone()}</span></td>
                </tr>
            }
        })
        .collect_view();
    let may_report = m.may_report;
    let report_href = format!("/measures/{}/report", m.code);
    let schedule_rows = m
        .expected_reports
        .clone()
        .into_iter()
        .map(|e| {
            let (class, text) = match e.state {
                ReportDue::Submitted => (
                    "due-submitted",
                    td_string!(locale, report.state_submitted).to_string(),
                ),
                ReportDue::Overdue => (
                    "due-overdue",
                    td_string!(locale, report.state_overdue).to_string(),
                ),
                ReportDue::Upcoming => (
                    "due-upcoming",
                    td_string!(locale, report.state_upcoming).to_string(),
                ),
            };
            let symbol = match e.state {
                ReportDue::Submitted => "✓ ",
                ReportDue::Overdue => "■ ",
                ReportDue::Upcoming => "○ ",
            };
            view! {
                <tr class=class>
                    <th scope="row">{e.period.to_string()}</th>
                    <td class="nowrap">{fmt_date(e.due_date, lang)}</td>
                    <td><span aria-hidden="true">{symbol}</span>{text}
                        {(may_report && e.state != ReportDue::Submitted).then(|| view! {
                            " · " <A href=format!("{report_href}?period={}", e.period)>{td_string!(locale, reporting.report_link)}</A>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let has_regional = !m.regional.is_empty();
    let has_schedule = !m.expected_reports.is_empty();
    view! {
        <div class="page-heading">
            <p class="eyebrow">
                <A href="/measures">{td_string!(locale, measures.title)}</A>
                " › " {td!(locale, measure.heading_code, code = m.code.clone())}
            </p>
            <h1>{m.title.get(lang).to_owned()}</h1>
            <div class="headline-status">
                <StatusBadge status=m.status/>
                <ProgressBar progress=m.progress/>
                <EvidenceBadge evidence=m.evidence/>
            </div>
        </div>
        <DetailTabs base=format!("/measures/{}", m.code)/>
        {(may_report || m.may_edit).then(|| view! {
            <p class="actions">
                {may_report.then(|| view! {
                    <A href=format!("/measures/{}/report", m.code) attr:class="button">{td_string!(locale, reporting.report_link)}</A>
                })}
                " "
                {m.may_edit.then(|| view! {
                    <A href=format!("/measures/{}/edit", m.code) attr:class="button button-secondary">{td_string!(locale, plan_edit.edit_link)}</A>
                    " "
                    <A href=format!("/measures/{}/funding", m.code) attr:class="button button-secondary">{td_string!(locale, funding_edit.link)}</A>
                    " "
                    <A href=format!("/measures/{}/indicators", m.code) attr:class="button button-secondary">{td_string!(locale, indicators.link)}</A>
                })}
            </p>
        })}

        <p class="lead" lang=m.description.falls_back(lang).then_some("sv")>{m.description.get(lang).to_owned()}</p>
        <section aria-labelledby="facts-heading" class="panel">
            <h2 id="facts-heading">{td_string!(locale, measure.facts)}</h2>
            <dl class="facts">
                <div><dt>{td_string!(locale, common.area)}</dt><dd>{m.area.title.get(lang).to_owned()}</dd></div>
                <div><dt>{td_string!(locale, measure.kind)}</dt><dd>{kind_label(m.kind, locale)}</dd></div>
                <div><dt>{td_string!(locale, common.lead)}</dt><dd>{m.lead.name.get(lang).to_owned()}</dd></div>
                <div><dt>{td_string!(locale, measure.partners)}</dt><dd>{partners}</dd></div>
                <div><dt>{td_string!(locale, measure.dates)}</dt>
                    <dd>{format!("{} – {}", fmt_date(m.start_date, lang), fmt_date(m.end_date, lang))}</dd></div>
                <div><dt>{td_string!(locale, measure.frequency)}</dt><dd>{frequency_label(m.report_frequency, locale)}</dd></div>
                <div><dt>{td_string!(locale, measure.forms)}</dt><dd>{forms}</dd></div>
                <div><dt>{td_string!(locale, measure.groups)}</dt><dd>{groups}</dd></div>
                <div class="facts-wide"><dt>{td_string!(locale, common.evidence)}</dt>
                    <dd><EvidenceBadge evidence=m.evidence/> " " {evidence_help(m.evidence, locale)}
                        {(!m.evidence_note.is_empty()).then(|| view! { <span class="subtitle">{m.evidence_note.clone()}</span> })}
                    </dd></div>
            </dl>
        </section>
        <crate::components::FlagsSection flags=m.flags.clone() caption=td_string!(locale, flags.caption).to_string()/>

        <section aria-labelledby="obligations-heading">
            <h2 id="obligations-heading">{td_string!(locale, measure.obligations_heading)}</h2>
            {if m.obligations.is_empty() {
                view! { <p>{td_string!(locale, measure.no_obligations)}</p> }.into_any()
            } else {
                view! { <ul class="plain-list">{obligations}</ul> }.into_any()
            }}
        </section>

        <section aria-labelledby="assignments-heading">
            <h2 id="assignments-heading">{td_string!(locale, measure.assignments_heading)}</h2>
            {if m.assignments.is_empty() {
                view! { <p>{td_string!(locale, measure.no_assignments)}</p> }.into_any()
            } else {
                view! { <ul class="plain-list">{assignments}</ul> }.into_any()
            }}
        </section>

        <ChartSection id="charts-heading" heading=td_string!(locale, charts.measure_heading).to_string() charts/>
        <IndicatorsSection indicators=m.indicators.clone() charts=indicator_charts/>
        <section aria-labelledby="funding-heading">
            <h2 id="funding-heading">{td_string!(locale, measure.funding_heading)}</h2>
            {if m.funding.is_empty() {
                view! { <p>{td_string!(locale, measure.no_funding)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table>
                            <caption>{td_string!(locale, measure.funding_caption)}</caption>
                            <FundingHead/>
                            <tbody>{year_rows}</tbody>
                            <tfoot><FundingRowView label=td_string!(locale, common.total).to_string() totals=m.funding_totals/></tfoot>
                        </table>
                    </div>
                    <FundingLines lines=m.funding.clone()/>
                }.into_any()
            }}
            <MeasureHorizon horizon=m.horizon/>
        </section>

        <section aria-labelledby="regional-heading">
            <h2 id="regional-heading">{td_string!(locale, measure.regional_heading)}</h2>
            {if has_regional {
                view! {
                    <div class="table-scroll">
                        <table class="regional">
                            <caption>{td_string!(locale, measure.regional_caption)}</caption>
                            <thead><tr>
                                <th scope="col">{td_string!(locale, common.county)}</th>
                                <th scope="col">{td_string!(locale, common.status)}</th>
                                <th scope="col">{td_string!(locale, common.progress)}</th>
                                <th scope="col" class="number">{td_string!(locale, common.spent)}</th>
                                <th scope="col">{td_string!(locale, measure.narrative)}</th>
                                <th scope="col">{td_string!(locale, measure.updated)}</th>
                            </tr></thead>
                            <tbody>{regional_rows}</tbody>
                        </table>
                    </div>
                }.into_any()
            } else {
                view! { <p>{td_string!(locale, measure.not_regional)}</p> }.into_any()
            }}
        </section>

        <section aria-labelledby="schedule-heading">
            <h2 id="schedule-heading">{td_string!(locale, measure.schedule_heading)}</h2>
            {if has_schedule {
                view! {
                    <div class="table-scroll">
                        <table>
                            <caption>{td_string!(locale, measure.schedule_caption)}</caption>
                            <thead><tr>
                                <th scope="col">{td_string!(locale, common.period)}</th>
                                <th scope="col">{td_string!(locale, deadline.due)}</th>
                                <th scope="col">{td_string!(locale, assignment.state)}</th>
                            </tr></thead>
                            <tbody>{schedule_rows}</tbody>
                        </table>
                    </div>
                }.into_any()
            } else {
                view! { <p>{td_string!(locale, measure.no_schedule)}</p> }.into_any()
            }}
        </section>

        <section aria-labelledby="reports-heading">
            <h2 id="reports-heading">{td_string!(locale, measure.reports_heading)}</h2>
            <ReportList reports=m.reports.clone()/>
        </section>
    }
}

/// Funding decision lines: year, appropriation, county, assignment and amounts.
#[component]
pub fn FundingLines(lines: Vec<FundingRow>) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let rows = lines
        .into_iter()
        .map(|line| {
            let appropriation = format!(
                "UO {} {} {}",
                line.expenditure_area, line.appropriation, line.appropriation_item
            );
            view! {
                <tr>
                    <th scope="row">{line.year}</th>
                    <td><A href=format!("/measures/{}", line.measure_code)>{line.measure_code.clone()}</A></td>
                    <td class="nowrap">{appropriation.trim().to_owned()}</td>
                    <td>{line.county.map(|c| c.name.get(lang).to_owned())}</td>
                    <td>{line.assignment.map(|a| view! { <A href=format!("/assignments/{}", a.slug())>{a.to_string()}</A> })}</td>
                    <td class="number">{fmt_money(line.totals.allocated, lang)}</td>
                    <td class="number">{fmt_money(line.totals.disbursed, lang)}</td>
                    <td class="number">{fmt_money(line.totals.spent, lang)}</td>
                    <td><EvidenceBadge evidence=line.evidence/>
                        {(!line.decision_ref.is_empty()).then(|| view! { <span class="subtitle">{line.decision_ref.clone()}</span> })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <details class="funding-lines">
            <summary>{td_string!(locale, measure.funding_lines_caption)}</summary>
            <div class="table-scroll">
                <table>
                    <caption>{td_string!(locale, measure.funding_lines_caption)}</caption>
                    <thead><tr>
                        <th scope="col">{td_string!(locale, common.year)}</th>
                        <th scope="col">{td_string!(locale, common.measure)}</th>
                        <th scope="col">{td_string!(locale, measure.appropriation)}</th>
                        <th scope="col">{td_string!(locale, common.county)}</th>
                        <th scope="col">{td_string!(locale, assignments.assignment)}</th>
                        <th scope="col" class="number">{td_string!(locale, common.allocated)}</th>
                        <th scope="col" class="number">{td_string!(locale, common.disbursed)}</th>
                        <th scope="col" class="number">{td_string!(locale, common.spent)}</th>
                        <th scope="col">{td_string!(locale, measure.decision)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
    }
}

/// Submitted progress reports, newest first, each revision on its own.
#[component]
pub fn ReportList(reports: Vec<ReportEntry>) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    if reports.is_empty() {
        return view! { <p>{td_string!(locale, report.none)}</p> }.into_any();
    }
    let items = reports
        .into_iter()
        .map(|r| {
            let links = r
                .links
                .iter()
                .map(|link| {
                    let text = if link.label.is_empty() { link.url.clone() } else { link.label.clone() };
                    view! { <li><a href=link.url.clone() rel="noopener noreferrer">{text}</a></li> }
                })
                .collect_view();
            let has_links = !r.links.is_empty();
            view! {
                <li class="report">
                    <div class="report-head">
                        <strong>{r.period.to_string()}</strong>
                        <span class="muted">{td!(locale, report.revision, revision = r.revision)}</span>
                        <StatusBadge status=r.status/>
                        <ProgressBar progress=r.progress/>
                        <EvidenceBadge evidence=r.evidence/>
                    </div>
                    <p class="narrative">{r.narrative.clone()}</p>
                    <p class="muted">
                        {td_string!(locale, report.submitted)}": "{fmt_timestamp_date(&r.submitted_at, lang)}" · "
                        {td_string!(locale, report.by)}": "{format!("{}, {}", r.author_name, r.organisation.name.get(lang))}" · "
                        {td_string!(locale, report.spent_to_date)}": "{fmt_money(r.spent_to_date, lang)}
                    </p>
                    {has_links.then(|| view! {
                        <div class="report-links"><span>{td_string!(locale, report.links)}":"</span><ul>{links}</ul></div>
                    })}
                </li>
            }
        })
        .collect_view();
    view! { <ol class="report-list">{items}</ol> }.into_any()
}

/// How far the measure's money reaches, and the signal when it ends before the measure does.
#[component]
fn MeasureHorizon(horizon: crate::models::FundingHorizon) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    view! {
        <p>
            {match horizon.last_year {
                Some(year) => td!(locale, horizon.measure_line, year).into_any(),
                None => td_string!(locale, horizon.no_money).into_any(),
            }}
        </p>
        {horizon.signal.map(|signal| view! {
            <p class="stale-note">
                <span class="symbol" aria-hidden="true">"▲ "</span>
                {crate::components::horizon_sentence(signal, locale, lang)}
            </p>
        })}
    }
}

/// The indicators the measure should move: for each its baseline and target, and its series for
/// the whole country in a chart with the table of the same numbers (small counts suppressed).
#[component]
fn IndicatorsSection(indicators: Vec<MeasureIndicator>, charts: Vec<Chart>) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let intro = if indicators.is_empty() {
        td_string!(locale, indicators.none)
    } else {
        td_string!(locale, indicators.intro)
    };
    let items = indicators
        .into_iter()
        .map(|i| {
            let id = format!("indicator-{}", i.indicator.code);
            let chart = charts.iter().find(|c| c.id == id).cloned();
            let t = &i.target;
            let target = td!(locale, indicators.target_summary,
                baseline_year = t.baseline.year, baseline = fmt_int(t.baseline.value, lang),
                target_year = t.target.year, target = fmt_int(t.target.value, lang));
            view! {
                <div class="indicator">
                    <p>
                        <strong>{i.indicator.name.get(lang).to_owned()}</strong> " "
                        <EvidenceBadge evidence=i.indicator.evidence/>
                        " (" {i.indicator.unit.get(lang).to_owned()} ")"
                    </p>
                    <p class="muted">{i.indicator.description.get(lang).to_owned()}</p>
                    {match chart {
                        // The chart's sentence says the baseline and the target, and how far.
                        Some(chart) => view! { <div class="chart-grid"><ChartFigure chart/></div> }.into_any(),
                        None => view! { <p>{target} " " {td_string!(locale, indicators.no_values)}</p> }.into_any(),
                    }}
                </div>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="indicators-heading">
            <h2 id="indicators-heading">{td_string!(locale, indicators.heading)}</h2>
            <p>{intro}</p>
            {items}
        </section>
    }
}
