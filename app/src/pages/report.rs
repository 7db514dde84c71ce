//! `/measures/:code/report` and `/assignments/:slug/report`: the owner's progress report for
//! one period: choose the period, save a draft, submit it. A submitted report is final; the
//! next one for the same period is a correction (a new revision), and both stay in the history.

use crate::components::{
    AwaitData, FieldMessage, Form, SaveNotice, TextField, current_visit, field_problem, fmt_date,
    fmt_timestamp_date, form_action, select_options, status_label, use_lang, use_locale,
};
use crate::domain::Status;
use crate::error::AppError;
use crate::i18n::{Locale, td, td_string};
use crate::models::input::FieldRule;
use crate::models::{ReportDue, ReportForm, ReportSubjectKind};
use crate::pages::measures::ReportList;
use crate::server_fns::{DiscardReportDraft, SaveReport, get_report_form};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ReportPage(kind: ReportSubjectKind) -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let save = form_action::<SaveReport>();
    let discard = form_action::<DiscardReportDraft>();
    // Read again after a save that succeeded (never after a refusal: the form keeps the text).
    let saved = RwSignal::new(0_u32);
    Effect::new(move |_| {
        let ok = |v: Option<Result<(), AppError>>| matches!(v, Some(Ok(())));
        if ok(save.value().get()) || ok(discard.value().get()) {
            saved.update(|n| *n += 1);
        }
    });
    let key_param = match kind {
        ReportSubjectKind::Measure => "code",
        ReportSubjectKind::Assignment => "slug",
    };
    let form = Resource::new(
        move || {
            (
                params.with(|p| p.get(key_param).unwrap_or_default()),
                query.with(|q| q.get("period").unwrap_or_default()),
                saved.get(),
            )
        },
        move |(key, period, _)| get_report_form(kind.path_segment().to_owned(), key, period),
    );
    view! {
        <AwaitData resource=form let:form><ReportView form save discard/></AwaitData>
    }
}

#[component]
fn ReportView(
    form: ReportForm,
    save: ServerAction<SaveReport>,
    discard: ServerAction<DiscardReportDraft>,
) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let title = format!("{} {}", form.label, form.title.get(lang));
    let base = format!("{}/report", form.href);
    let chosen = form.period;
    let periods = form
        .periods
        .clone()
        .into_iter()
        .map(|choice| {
            let current = Some(choice.period) == chosen;
            let state = match choice.state {
                ReportDue::Submitted => td_string!(locale, report.state_submitted),
                ReportDue::Overdue => td_string!(locale, report.state_overdue),
                ReportDue::Upcoming => td_string!(locale, report.state_upcoming),
            };
            let draft = choice
                .has_draft
                .then(|| format!(" · {}", td_string!(locale, reporting.draft_badge)));
            view! {
                <li>
                    <A href=format!("{base}?period={}", choice.period)
                        attr:aria-current=current.then_some("page")>
                        {choice.period.to_string()}
                    </A>
                    " · " {td!(locale, reporting.due_on, date = fmt_date(choice.due_date, lang))}
                    " · " {state} {draft}
                </li>
            }
        })
        .collect_view();
    let heading = form.period.map(|period| period.to_string());
    let (href, label) = (form.href.clone(), form.label.clone());
    let owner = form.owner.name.get(lang).to_owned();
    let no_periods = form.periods.is_empty();
    view! {
        <Title text=format!("{}: {title}", td_string!(locale, reporting.title))/>
        <div class="page-heading">
            <p class="eyebrow"><A href=href>{label}</A></p>
            <h1>{td_string!(locale, reporting.title)} ": " {title.clone()}</h1>
            <p class="subtitle">{td!(locale, reporting.owner, owner)}</p>
        </div>
        <p class="lead">{td_string!(locale, reporting.lead)}</p>
        {if no_periods {
            view! { <p>{td_string!(locale, reporting.no_periods)}</p> }.into_any()
        } else {
            view! {
                <nav aria-labelledby="periods-heading" class="panel">
                    <h2 id="periods-heading">{td_string!(locale, reporting.periods_heading)}</h2>
                    <ul class="plain-list">{periods}</ul>
                </nav>
            }.into_any()
        }}
        {heading.map(|period| {
            let form = form.clone();
            view! {
                <section aria-labelledby="report-heading">
                    <h2 id="report-heading">{td!(locale, reporting.period_heading, period)}</h2>
                    <PeriodBody form save discard/>
                </section>
            }
        })}
    }
}

#[component]
fn PeriodBody(
    form: ReportForm,
    save: ServerAction<SaveReport>,
    discard: ServerAction<DiscardReportDraft>,
) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let earlier = form.submitted.first().map(|latest| {
        td!(
            locale,
            reporting.correction,
            date = fmt_timestamp_date(&latest.submitted_at, lang),
            who = latest.author_name.clone(),
            revision = latest.revision,
            next = form.next_revision()
        )
    });
    let draft_note = form.draft.as_ref().map(|draft| {
        td!(
            locale,
            reporting.draft_saved,
            who = draft.author_name.clone()
        )
    });
    let may_report = form.may_report && current_visit().viewer.user().is_some();
    let submitted = form.submitted.clone();
    view! {
        {earlier.map(|text| view! { <p class="note">{text}</p> })}
        {draft_note.map(|text| view! { <p class="note">{text}</p> })}
        {if may_report {
            view! { <ReportFields form=form.clone() save discard/> }.into_any()
        } else {
            view! { <p class="note">{td_string!(locale, reporting.read_only)}</p> }.into_any()
        }}
        {(!submitted.is_empty()).then(|| view! {
            <h3>{td_string!(locale, reporting.earlier_heading)}</h3>
            <ReportList reports=submitted/>
        })}
    }
}

#[component]
fn ReportFields(
    form: ReportForm,
    save: ServerAction<SaveReport>,
    discard: ServerAction<DiscardReportDraft>,
) -> impl IntoView {
    let locale = use_locale();
    let result: Signal<Option<Result<(), AppError>>> = save.value().into();
    let problem = move |field| field_problem(result, field);
    // After a conflict the next save goes over the version saved now: the person has seen it.
    let version = RwSignal::new(form.draft.as_ref().map_or(0, |d| d.version));
    let seen_revision = RwSignal::new(form.next_revision() - 1);
    Effect::new(move |_| {
        if let Some(Err(AppError::Conflict {
            version: newer,
            revision,
            ..
        })) = save.value().get()
        {
            version.set(newer);
            seen_revision.set(revision);
        }
    });
    let values = form.values.clone();
    let statuses: Vec<_> = Status::ALL
        .iter()
        .map(|status| (status.as_str().to_owned(), status_label(*status, locale)))
        .collect();
    let chosen = values.status.clone();
    let period = form.period.map(|p| p.to_string()).unwrap_or_default();
    let kind = form.kind.path_segment();
    let key = form.href.rsplit('/').next().unwrap_or_default().to_owned();
    let draft_version = form.draft.as_ref().map(|d| d.version);
    let (period_d, key_d) = (period.clone(), key.clone());
    view! {
        <Form action=save attr:class="form form-wide">
            <p class="form-status" role="status">
                {move || matches!(result.get(), Some(Ok(()))).then(|| td_string!(locale, reporting.saved))}
            </p>
            <div role="alert">
                <SaveNotice result
                    heading=td_string!(locale, reporting.conflict_heading).to_string()
                    text=td_string!(locale, reporting.conflict_text).to_string()
                    describe=saved_value/>
            </div>
            <input type="hidden" name="kind" value=kind/>
            <input type="hidden" name="key" value=key/>
            <input type="hidden" name="period" value=period/>
            <input type="hidden" name="version" value=move || version.get().to_string()/>
            <input type="hidden" name="seen_revision" value=move || seen_revision.get().to_string()/>
            <FieldMessage id="period-error" problem=problem("period")/>
            <div class="field">
                <label for="status">{td_string!(locale, common.status)}</label>
                <select id="status" name="status" aria-describedby="status-error"
                    aria-invalid=move || problem("status").get().is_some().to_string()>
                    {select_options("status", statuses, &chosen)}
                </select>
                <FieldMessage id="status-error" problem=problem("status")/>
            </div>
            <TextField name="progress" label=td_string!(locale, regional.progress_label).to_string()
                value=values.progress.clone() problem=problem("progress") numeric=true required=true
                check=FieldRule::Progress/>
            <TextField name="spent_to_date" label=td_string!(locale, reporting.spent_label).to_string()
                value=values.spent_to_date.clone() problem=problem("spent_to_date") numeric=true
                required=true check=FieldRule::Money/>
            <TextField name="narrative" label=td_string!(locale, reporting.narrative_label).to_string()
                hint=td_string!(locale, reporting.narrative_hint).to_string()
                value=values.narrative.clone() problem=problem("narrative") rows=8
                maxlength=crate::models::report::MAX_NARRATIVE/>
            <TextField name="links" label=td_string!(locale, reporting.links_label).to_string()
                hint=td_string!(locale, reporting.links_hint).to_string()
                value=values.links.clone() problem=problem("links") rows=3/>
            <div class="form-actions">
                <button type="submit" name="intent" value="draft" class="button button-secondary"
                    disabled=move || save.pending().get()>
                    {td_string!(locale, reporting.save_draft)}
                </button>
                <button type="submit" name="intent" value="submit" class="button"
                    disabled=move || save.pending().get()>
                    {td_string!(locale, reporting.submit)}
                </button>
            </div>
        </Form>
        {draft_version.map(|draft_version| view! {
            <Form action=discard attr:class="form-inline">
                <input type="hidden" name="kind" value=kind/>
                <input type="hidden" name="key" value=key_d/>
                <input type="hidden" name="period" value=period_d/>
                <input type="hidden" name="version" value=draft_version.to_string()/>
                <button type="submit" class="button button-secondary">{td_string!(locale, reporting.discard_draft)}</button>
            </Form>
        })}
    }
}

/// "Status: Försenad" for a value saved by someone else.
fn saved_value(field: &str, value: &str, locale: Locale) -> String {
    let label = match field {
        "status" => td_string!(locale, common.status).to_string(),
        "progress" => td_string!(locale, common.progress).to_string(),
        "spent_to_date" => td_string!(locale, report.spent_to_date).to_string(),
        "narrative" => td_string!(locale, reporting.narrative_label).to_string(),
        "links" => td_string!(locale, report.links).to_string(),
        other => other.to_owned(),
    };
    let shown = match field {
        "status" => value
            .parse::<Status>()
            .map_or_else(|_| value.to_owned(), |s| status_label(s, locale)),
        "progress" => format!("{value} %"),
        "spent_to_date" => format!("{value} kr"),
        _ if value.is_empty() => td_string!(locale, history.empty_value).to_string(),
        _ => value.to_owned(),
    };
    format!("{label}: {shown}")
}
