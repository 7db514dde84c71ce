//! `/measures/:code/history`, `/assignments/:slug/history`, `/counties/:code/history`: who
//! changed what and when, in plain words ("Status: Enligt plan → Försenad"), from the
//! append-only audit trail. The tabs that lead here sit on each detail page.

use crate::components::{
    AwaitData, current_visit, deadline_kind_label, role_label, status_label, use_lang, use_locale,
};
use crate::domain::{Role, Status};
use crate::i18n::{Locale, td, td_string};
use crate::models::{FieldChange, History, HistoryEntry, HistoryKind};
use crate::server_fns::get_history;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// The two tabs of a detail page: its details and its change history (for signed-in users:
/// the public view shows no history).
#[component]
pub fn DetailTabs(base: String) -> impl IntoView {
    let locale = use_locale();
    let history = format!("{base}/history");
    move || {
        current_visit().viewer.user().is_some().then(|| {
            view! {
                <nav class="tabs" aria-label=td_string!(locale, history.tabs_label)>
                    <A href=base.clone() exact=true>{td_string!(locale, history.details_tab)}</A>
                    <A href=history.clone() exact=true>{td_string!(locale, history.title)}</A>
                </nav>
            }
        })
    }
}

#[component]
pub fn HistoryPage(kind: HistoryKind) -> impl IntoView {
    let params = use_params_map();
    let param = match kind {
        HistoryKind::Assignment => "slug",
        HistoryKind::Measure | HistoryKind::County => "code",
    };
    let history = Resource::new(
        move || params.with(|p| p.get(param).unwrap_or_default()),
        move |code| get_history(kind, code),
    );
    view! {
        <AwaitData resource=history let:history><HistoryView history/></AwaitData>
    }
}

fn base_path(kind: HistoryKind, code: &str) -> String {
    match kind {
        HistoryKind::Measure => format!("/measures/{code}"),
        HistoryKind::Assignment => format!("/assignments/{code}"),
        HistoryKind::County => format!("/counties/{code}"),
    }
}

#[component]
fn HistoryView(history: History) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let title = history.title.get(lang).to_owned();
    let base = base_path(history.kind, &history.code);
    let count = history.entries.len();
    let entries = history
        .entries
        .into_iter()
        .map(|entry| view! { <EntryView entry/> })
        .collect_view();
    view! {
        <Title text=format!("{} – {}", td_string!(locale, history.title), title)/>
        <div class="page-heading">
            <p class="eyebrow"><A href=base.clone()>{title.clone()}</A></p>
            <h1>{td_string!(locale, history.title)}</h1>
        </div>
        <DetailTabs base/>
        <p class="lead">{td_string!(locale, history.lead)}</p>
        {if count == 0 {
            view! { <p>{td_string!(locale, history.empty)}</p> }.into_any()
        } else {
            view! {
                <p class="result-count">{td!(locale, history.count, count)}</p>
                <ol class="history">{entries}</ol>
            }.into_any()
        }}
    }
}

/// What was done, in words: "Skapad", "Lägesrapport lämnad".
pub fn action_label(action: &str, locale: Locale) -> String {
    match action {
        "create" => td_string!(locale, history.action_create).to_string(),
        "update" => td_string!(locale, history.action_update).to_string(),
        "report_submitted" => td_string!(locale, history.action_report_submitted).to_string(),
        "report_draft_saved" => td_string!(locale, history.action_report_draft_saved).to_string(),
        "report_draft_discarded" => {
            td_string!(locale, history.action_report_draft_discarded).to_string()
        }
        "deadline_met" => td_string!(locale, history.action_deadline_met).to_string(),
        "funding_added" => td_string!(locale, history.action_funding_added).to_string(),
        "funding_changed" => td_string!(locale, history.action_funding_changed).to_string(),
        "indicator_linked" => td_string!(locale, history.action_indicator_linked).to_string(),
        "indicator_changed" => td_string!(locale, history.action_indicator_changed).to_string(),
        "indicator_unlinked" => td_string!(locale, history.action_indicator_unlinked).to_string(),
        other => other.replace('_', " "),
    }
}

/// Who made a change, in words: their role then and their organisation.
pub fn actor_label(entry: &HistoryEntry, locale: Locale, lang: crate::domain::Lang) -> String {
    let role = match entry.actor_role.parse::<Role>() {
        Ok(role) => role_label(role, locale),
        Err(_) if entry.actor_role == "anonymous" => td_string!(locale, role.anonymous).to_string(),
        Err(_) => td_string!(locale, role.system).to_string(),
    };
    match &entry.organisation {
        Some(organisation) => format!("{}, {}", role, organisation.get(lang)),
        None => role,
    }
}

/// One recorded change: what, what was done, each field before and after, when and by whom.
#[component]
pub fn EntryView(entry: HistoryEntry) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let when = format!("{} UTC", minute_of(&entry.occurred_at));
    let who = actor_label(&entry, locale, lang);
    let action = action_label(&entry.action, locale);
    let changes = entry
        .changes
        .iter()
        .map(|change| view! { <li>{describe_change(change, locale)}</li> })
        .collect_view();
    view! {
        <li class="history-entry">
            <p class="history-head">
                <strong>{subject(&entry, locale)}</strong> " · " {action}
            </p>
            <ul class="history-changes">{changes}</ul>
            <p class="history-meta">
                <time datetime=entry.occurred_at.clone()>{when}</time>
                " · " {entry.actor_name.clone()} " (" {who} ")"
            </p>
        </li>
    }
}

/// The minute of an RFC 3339 instant in UTC, as people read it (`2026-11-28 10:15`).
pub fn minute_of(occurred_at: &str) -> String {
    occurred_at
        .get(..16)
        .map_or_else(|| occurred_at.to_owned(), |t| t.replace('T', " "))
}

/// What the entry is about, in words.
pub fn subject(entry: &HistoryEntry, locale: Locale) -> AnyView {
    subject_text(entry, locale).into_any()
}

/// What the entry is about, in words, as text ("Regional rad, län 24, åtgärd 1.8").
pub fn subject_text(entry: &HistoryEntry, locale: Locale) -> String {
    let id = entry.entity_id.as_str();
    match entry.entity_type.as_str() {
        "measure" => format!("{} {id}", td_string!(locale, history.measure_subject)),
        "assignment" => format!("{} {id}", td_string!(locale, history.assignment_subject)),
        "regional_row" => {
            let (county, code) = id.split_once('/').unwrap_or(("", ""));
            format!(
                "{} {county}, {} {code}",
                td_string!(locale, history.regional_subject),
                td_string!(locale, history.regional_subject_measure)
            )
        }
        other => format!("{other} {id}"),
    }
}

/// One change in plain words: "Status: Enligt plan → Försenad".
pub fn describe_change(change: &FieldChange, locale: Locale) -> String {
    let field = match change.field.as_str() {
        "status" => td_string!(locale, history.field_status).to_string(),
        "progress" => td_string!(locale, history.field_progress).to_string(),
        "contact_name" => td_string!(locale, history.field_contact_name).to_string(),
        "contact_role" => td_string!(locale, history.field_contact_role).to_string(),
        "spent" => td_string!(locale, history.field_spent).to_string(),
        "narrative" => td_string!(locale, history.field_narrative).to_string(),
        "active" => td_string!(locale, history.field_active).to_string(),
        "period" => td_string!(locale, history.field_period).to_string(),
        "revision" => td_string!(locale, history.field_revision).to_string(),
        "spent_to_date" => td_string!(locale, history.field_spent_to_date).to_string(),
        "links" => td_string!(locale, history.field_links).to_string(),
        "deadline" => td_string!(locale, history.field_deadline).to_string(),
        "due_date" => td_string!(locale, history.field_due_date).to_string(),
        "delivered_date" => td_string!(locale, history.field_delivered_date).to_string(),
        "allocated" => td_string!(locale, common.allocated).to_string(),
        "disbursed" => td_string!(locale, common.disbursed).to_string(),
        "year" => td_string!(locale, common.year).to_string(),
        "title_sv" => td_string!(locale, plan_edit.title_sv).to_string(),
        "title_en" => td_string!(locale, plan_edit.title_en).to_string(),
        "description_sv" => td_string!(locale, plan_edit.description_sv).to_string(),
        "description_en" => td_string!(locale, plan_edit.description_en).to_string(),
        "start_date" => td_string!(locale, plan_edit.start_date).to_string(),
        "end_date" => td_string!(locale, plan_edit.end_date).to_string(),
        "lead" => td_string!(locale, common.lead).to_string(),
        "partners" => td_string!(locale, measure.partners).to_string(),
        "obligations" => td_string!(locale, measure.obligations_heading).to_string(),
        "appropriation" => td_string!(locale, funding_edit.appropriation).to_string(),
        "county" => td_string!(locale, common.county).to_string(),
        "indicator" => td_string!(locale, indicators.indicator).to_string(),
        "baseline_year" => td_string!(locale, indicators.baseline_year).to_string(),
        "baseline_value" => td_string!(locale, indicators.baseline_value).to_string(),
        "target_year" => td_string!(locale, indicators.target_year).to_string(),
        "target_value" => td_string!(locale, indicators.target_value).to_string(),
        other => other.replace('_', " "),
    };
    let value = |value: &Option<String>| match value.as_deref() {
        None | Some("") => td_string!(locale, history.empty_value).to_string(),
        Some(text) => match change.field.as_str() {
            "status" => text
                .parse::<Status>()
                .map_or_else(|_| text.to_owned(), |s| status_label(s, locale)),
            "progress" => format!("{text} %"),
            "spent" | "spent_to_date" | "allocated" | "disbursed" => format!("{text} kr"),
            "deadline" => text
                .parse::<crate::domain::DeadlineKind>()
                .map_or_else(|_| text.to_owned(), |k| deadline_kind_label(k, locale)),
            "active" if text == "true" => td_string!(locale, history.yes).to_string(),
            "active" if text == "false" => td_string!(locale, history.no).to_string(),
            _ => text.to_owned(),
        },
    };
    match &change.before {
        None => format!("{field}: {}", value(&change.after)),
        Some(_) => format!(
            "{field}: {} → {}",
            value(&change.before),
            value(&change.after)
        ),
    }
}
