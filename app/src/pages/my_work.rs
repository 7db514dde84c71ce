//! `/my-work`: what the signed-in person's organisation has to do: overdue and coming
//! deadlines, drafts waiting to be submitted, a county board's rows not updated this quarter,
//! and the address of the organisation's deadline calendar.

use super::deadlines::DeadlineTable;
use crate::components::{
    AwaitData, FailureNotice, Form, fmt_timestamp_date, form_action, use_lang, use_locale,
};
use crate::i18n::{td, td_string};
use crate::models::MyWork;
use crate::server_fns::{RenewCalendarFeed, get_my_work};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn MyWorkPage() -> impl IntoView {
    let renew = form_action::<RenewCalendarFeed>();
    let work = Resource::new(move || renew.version().get(), |_| get_my_work());
    view! {
        <AwaitData resource=work let:work><WorkView work renew/></AwaitData>
    }
}

#[component]
fn WorkView(work: MyWork, renew: ServerAction<RenewCalendarFeed>) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let organisation = work.organisation.name.get(lang).to_owned();
    let drafts = work
        .drafts
        .iter()
        .map(|d| {
            view! {
                <li>
                    <A href=d.href.clone()>{format!("{} {}", d.label, d.period)}</A>
                    " – " {d.title.get(lang).to_owned()}
                    <span class="subtitle">{td!(locale, work.draft_by, who = d.author_name.clone())}</span>
                </li>
            }
        })
        .collect_view();
    let stale = work
        .stale_rows
        .iter()
        .map(|row| {
            view! {
                <li>
                    <A href=row.href.clone()>{format!("{} {}", row.measure.code, row.measure.title.get(lang))}</A>
                    <span class="subtitle">{td!(locale, work.last_updated, date = fmt_timestamp_date(&row.updated_at, lang))}</span>
                </li>
            }
        })
        .collect_view();
    let period = work.current_period.to_string();
    let has_stale = !work.stale_rows.is_empty();
    let is_board = work.organisation.kind == crate::domain::OrganisationKind::CountyBoard;
    view! {
        <Title text=td_string!(locale, work.title)/>
        <div class="page-heading">
            <h1>{td_string!(locale, work.title)}</h1>
            <p class="subtitle">{organisation}</p>
        </div>
        <p class="lead">{td_string!(locale, work.lead)}</p>
        <section aria-labelledby="overdue-heading">
            <h2 id="overdue-heading">{td!(locale, work.overdue_heading, count = work.overdue.len())}</h2>
            {if work.overdue.is_empty() {
                view! { <p>{td_string!(locale, work.none_overdue)}</p> }.into_any()
            } else {
                view! { <DeadlineTable items=work.overdue.clone() caption=td_string!(locale, work.overdue_caption).into_any()/> }.into_any()
            }}
        </section>
        <section aria-labelledby="upcoming-heading">
            <h2 id="upcoming-heading">{td!(locale, work.upcoming_heading, days = MyWork::UPCOMING_DAYS)}</h2>
            {if work.upcoming.is_empty() {
                view! { <p>{td_string!(locale, work.none_upcoming)}</p> }.into_any()
            } else {
                view! { <DeadlineTable items=work.upcoming.clone() caption=td_string!(locale, work.upcoming_caption).into_any()/> }.into_any()
            }}
        </section>
        <section aria-labelledby="drafts-heading">
            <h2 id="drafts-heading">{td!(locale, work.drafts_heading, count = work.drafts.len())}</h2>
            {if work.drafts.is_empty() {
                view! { <p>{td_string!(locale, work.no_drafts)}</p> }.into_any()
            } else {
                view! { <ul class="plain-list">{drafts}</ul> }.into_any()
            }}
        </section>
        {is_board.then(|| view! {
            <section aria-labelledby="stale-heading">
                <h2 id="stale-heading">{td!(locale, work.stale_heading, period = period.clone())}</h2>
                {if has_stale {
                    view! { <ul class="plain-list">{stale}</ul> }.into_any()
                } else {
                    view! { <p>{td!(locale, work.none_stale, period = period.clone())}</p> }.into_any()
                }}
            </section>
        })}
        {work.may_subscribe.then(|| view! { <CalendarFeed made_at=work.calendar_made_at.clone() renew/> })}
    }
}

/// The organisation's calendar address: made (or made anew) here and shown only then, once;
/// afterwards the page says since when there is one.
#[component]
fn CalendarFeed(made_at: Option<String>, renew: ServerAction<RenewCalendarFeed>) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let has_feed = made_at.is_some();
    view! {
        <section aria-labelledby="calendar-heading" class="panel">
            <h2 id="calendar-heading">{td_string!(locale, work.calendar_heading)}</h2>
            <p>{td_string!(locale, work.calendar_text)}</p>
            {made_at.map(|at| {
                let date = fmt_timestamp_date(&at, lang);
                view! { <p>{td!(locale, work.calendar_made_at, date)}</p> }
            })}
            <Form action=renew>
                <div role="status">
                    {move || match renew.value().get() {
                        Some(Ok(address)) => Some(view! {
                            <p class="form-status">{td_string!(locale, work.calendar_renewed)}</p>
                            <p>
                                <label for="calendar-address">{td_string!(locale, work.calendar_address)}</label>
                                <input id="calendar-address" type="text" readonly class="wide-input"
                                    value=address.clone()/>
                            </p>
                            <p><a href=address download="lagesbild.ics">{td_string!(locale, work.calendar_download)}</a></p>
                        }),
                        _ => None,
                    }}
                </div>
                <FailureNotice result=renew.value().into()/>
                <button type="submit" class="button button-secondary">
                    {if has_feed {
                        td_string!(locale, work.calendar_renew).into_any()
                    } else {
                        td_string!(locale, work.calendar_create).into_any()
                    }}
                </button>
            </Form>
        </section>
    }
}
