//! Signals raised from the data (`models::flag`) in words: their names, their rules, why each
//! is raised, and the table and section the pages show them in.

use super::{
    deadline_subject_label, fmt_date, fmt_money, horizon_sentence, status_label, use_lang,
    use_locale,
};
use crate::domain::{FlagKind, Lang};
use crate::i18n::{Locale, td, td_string};
use crate::models::{Flag, FlagReason, FlagSubject};
use leptos::prelude::*;
use leptos_router::components::A;

/// The name of a kind of signal.
pub fn flag_kind_label(kind: FlagKind, locale: Locale) -> String {
    match kind {
        FlagKind::OnTrackPastDeadline => td_string!(locale, flags.kind_on_track_past_deadline),
        FlagKind::ProgressFell => td_string!(locale, flags.kind_progress_fell),
        FlagKind::NoEvidence => td_string!(locale, flags.kind_no_evidence),
        FlagKind::MoneyUnspent => td_string!(locale, flags.kind_money_unspent),
        FlagKind::RowStale => td_string!(locale, flags.kind_row_stale),
        FlagKind::ObligationWeak => td_string!(locale, flags.kind_obligation_weak),
        FlagKind::PastEndDate => td_string!(locale, flags.kind_past_end_date),
        FlagKind::FinalReportOverdue => td_string!(locale, flags.kind_final_report_overdue),
        FlagKind::MoneyEnds => td_string!(locale, flags.kind_money_ends),
    }
    .to_string()
}

/// The rule of a kind of signal, in words (`models::flag` holds it in code).
pub fn flag_rule(kind: FlagKind, locale: Locale) -> String {
    match kind {
        FlagKind::OnTrackPastDeadline => td_string!(locale, flags.rule_on_track_past_deadline),
        FlagKind::ProgressFell => td_string!(locale, flags.rule_progress_fell),
        FlagKind::NoEvidence => td_string!(locale, flags.rule_no_evidence),
        FlagKind::MoneyUnspent => td_string!(locale, flags.rule_money_unspent),
        FlagKind::RowStale => td_string!(locale, flags.rule_row_stale),
        FlagKind::ObligationWeak => td_string!(locale, flags.rule_obligation_weak),
        FlagKind::PastEndDate => td_string!(locale, flags.rule_past_end_date),
        FlagKind::FinalReportOverdue => td_string!(locale, flags.rule_final_report_overdue),
        FlagKind::MoneyEnds => td_string!(locale, flags.rule_money_ends),
    }
    .to_string()
}

/// Why one signal is raised: the data behind it, in a sentence.
pub fn flag_reason(reason: &FlagReason, locale: Locale, lang: Lang) -> AnyView {
    match reason {
        FlagReason::OnTrackPastDeadline {
            oldest,
            due,
            overdue,
        } => td!(
            locale,
            flags.why_on_track_past_deadline,
            count = *overdue,
            what = deadline_subject_label(oldest, locale),
            due = fmt_date(*due, lang)
        )
        .into_any(),
        FlagReason::ProgressFell {
            before,
            from,
            after,
            to,
        } => td!(
            locale,
            flags.why_progress_fell,
            from = from.percent(),
            before = before.to_string(),
            to = to.percent(),
            after = after.to_string()
        )
        .into_any(),
        FlagReason::NoEvidence { period } => {
            td!(locale, flags.why_no_evidence, period = period.to_string()).into_any()
        }
        FlagReason::MoneyUnspent { year, allocated } => td!(
            locale,
            flags.why_money_unspent,
            allocated = fmt_money(*allocated, lang),
            year = *year
        )
        .into_any(),
        FlagReason::RowStale { updated } => td!(
            locale,
            flags.why_row_stale,
            updated = fmt_date(*updated, lang)
        )
        .into_any(),
        FlagReason::ObligationWeak { measures } => td!(
            locale,
            flags.why_obligation_weak,
            measures = measures
                .iter()
                .map(|m| format!("{} ({})", m.code, status_label(m.status, locale)))
                .collect::<Vec<_>>()
                .join(", ")
        )
        .into_any(),
        FlagReason::PastEndDate { ended, status } => td!(
            locale,
            flags.why_past_end_date,
            ended = fmt_date(*ended, lang),
            status = status_label(*status, locale)
        )
        .into_any(),
        FlagReason::FinalReportOverdue { due } => td!(
            locale,
            flags.why_final_report_overdue,
            due = fmt_date(*due, lang)
        )
        .into_any(),
        FlagReason::MoneyEnds(signal) => horizon_sentence(*signal, locale, lang),
    }
}

/// A kind of signal as a badge: a symbol and its name, never colour alone.
#[component]
pub fn FlagBadge(kind: FlagKind) -> impl IntoView {
    view! {
        <span class="flag-badge">
            <span class="symbol" aria-hidden="true">"⚑ "</span>
            {flag_kind_label(kind, use_locale())}
        </span>
    }
}

/// What a signal is about, as a link and its title.
fn subject_view(subject: &FlagSubject, locale: Locale, lang: Lang) -> AnyView {
    let href = subject.href();
    let (label, title) = match subject {
        FlagSubject::Measure(measure) => (
            format!("{} {}", td_string!(locale, common.measure), measure.code).into_any(),
            measure.title.get(lang).to_owned(),
        ),
        FlagSubject::Assignment(assignment) => (
            assignment.diary_number.to_string().into_any(),
            assignment.title.get(lang).to_owned(),
        ),
        FlagSubject::CountyRow { measure, county } => (
            td!(
                locale,
                flags.county_row,
                county = county.name.get(lang).to_owned(),
                code = measure.code.clone()
            )
            .into_any(),
            measure.title.get(lang).to_owned(),
        ),
        FlagSubject::Obligation(obligation) => (
            td!(
                locale,
                flags.obligation,
                reference = obligation.reference.clone()
            )
            .into_any(),
            obligation.title.get(lang).to_owned(),
        ),
    };
    view! {
        <A href=href>{label}</A>
        <span class="subtitle">{title}</span>
    }
    .into_any()
}

/// Signals as a table: kind, subject, who answers for it, why, since when.
#[component]
pub fn FlagTable(flags: Vec<Flag>, caption: String) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let rows = flags
        .into_iter()
        .map(|flag| {
            let owners = flag
                .owners
                .iter()
                .map(|o| o.name.get(lang).to_owned())
                .collect::<Vec<_>>()
                .join(", ");
            view! {
                <tr>
                    <td><FlagBadge kind=flag.reason.kind()/></td>
                    <td>{subject_view(&flag.subject, locale, lang)}</td>
                    <td>{owners}</td>
                    <td>{flag_reason(&flag.reason, locale, lang)}</td>
                    <td class="nowrap">{fmt_date(flag.since, lang)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="flags">
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{td_string!(locale, flags.signal)}</th>
                        <th scope="col">{td_string!(locale, flags.about)}</th>
                        <th scope="col">{td_string!(locale, flags.owner)}</th>
                        <th scope="col">{td_string!(locale, flags.why)}</th>
                        <th scope="col">{td_string!(locale, flags.since)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The signals of one measure, assignment or county on its page, apart from what its owner
/// reports, with the way to the rules.
#[component]
pub fn FlagsSection(flags: Option<Vec<Flag>>, caption: String) -> impl IntoView {
    let locale = use_locale();
    flags.map(|flags| view! {
        <section aria-labelledby="flags-heading" class="flags-section">
            <h2 id="flags-heading">{td_string!(locale, flags.section_heading)}</h2>
            <p class="subtitle">{td_string!(locale, flags.section_lead)}</p>
            {if flags.is_empty() {
                view! { <p>{td_string!(locale, flags.none)}</p> }.into_any()
            } else {
                view! { <FlagTable flags caption/> }.into_any()
            }}
            <p><A href="/oversight/flags#rules-heading">{td_string!(locale, flags.rules_link)}</A></p>
        </section>
    })
}
