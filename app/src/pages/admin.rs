//! `/admin/users` and `/admin/users/:id`: user administration for admins, and the
//! organisations' calendar addresses. The server refuses everyone else
//! (`policy::Action::ManageUsers`, `Action::RevokeCalendarFeeds`); these pages only lay out the
//! forms.

use crate::components::{
    AwaitData, FailureNotice, FieldMessage, Form, current_visit, field_problem, fmt_timestamp_date,
    form_action, role_label, select_options, typed_or, use_lang, use_locale,
};
use crate::domain::Role;
use crate::error::AppError;
use crate::i18n::{td, td_string};
use crate::models::{IssuedLink, LinkPurpose, OrganisationOption, UserRow};
use crate::server_fns::{
    CreatePasswordLink, CreateUser, ResetSecondFactor, RevokeCalendarFeed, SetUserActive,
    UpdateUser, get_calendar_feeds, get_user, list_users,
};
use leptos::html;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn UsersPage() -> impl IntoView {
    let locale = use_locale();
    let create = form_action::<CreateUser>();
    let toggle = form_action::<SetUserActive>();
    // The list is fetched again after each change that succeeded; the form is not re-rendered,
    // so what was typed stays after a refusal.
    let changes = RwSignal::new(0_u32);
    Effect::new(move |_| {
        let created = matches!(create.value().get(), Some(Ok(_)));
        let toggled = matches!(toggle.value().get(), Some(Ok(_)));
        if created || toggled {
            changes.update(|n| *n += 1);
        }
    });
    let users = Resource::new(move || changes.get(), |_| list_users());
    let options = Resource::new(|| (), |()| list_users());
    view! {
        <Title text=td_string!(locale, admin.title)/>
        <div class="page-heading">
            <h1>{td_string!(locale, admin.title)}</h1>
            <p class="lead">{td_string!(locale, admin.lead)}</p>
        </div>
        <AwaitData resource=users let:admin>
            <UserTable users=admin.users toggle/>
        </AwaitData>
        <section class="panel" aria-labelledby="create-heading">
            <h2 id="create-heading">{td_string!(locale, admin.create_heading)}</h2>
            <AwaitData resource=options let:admin>
                <CreateUserForm organisations=admin.organisations create/>
            </AwaitData>
        </section>
        <CalendarFeeds/>
    }
}

/// The organisations' calendar addresses (never the addresses themselves, which only their
/// organisation saw, once), each with a button that ends it.
#[component]
fn CalendarFeeds() -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let revoke = form_action::<RevokeCalendarFeed>();
    let feeds = Resource::new(move || revoke.version().get(), |_| get_calendar_feeds());
    view! {
        <section class="panel" aria-labelledby="calendars-heading">
            <h2 id="calendars-heading">{td_string!(locale, admin.calendars_heading)}</h2>
            <p>{td_string!(locale, admin.calendars_lead)}</p>
            <div role="status">
                {move || matches!(revoke.value().get(), Some(Ok(()))).then(|| view! {
                    <p class="form-status">{td_string!(locale, admin.calendar_revoked)}</p>
                })}
            </div>
            <FailureNotice result=revoke.value().into()/>
            <AwaitData resource=feeds let:feeds>
                {if feeds.is_empty() {
                    view! { <p>{td_string!(locale, admin.calendars_none)}</p> }.into_any()
                } else {
                    let rows = feeds.into_iter().map(|feed| {
                        let name = feed.organisation.name.get(lang).to_owned();
                        let hidden = format!(" {name}");
                        view! {
                            <tr>
                                <th scope="row">{name}</th>
                                <td>{fmt_timestamp_date(&feed.created_at, lang)}</td>
                                <td class="row-actions">
                                    <Form action=revoke>
                                        <input type="hidden" name="organisation" value=feed.organisation.code.clone()/>
                                        <button type="submit" class="link-button">
                                            {td_string!(locale, admin.calendar_revoke)}
                                            <span class="visually-hidden">{hidden}</span>
                                        </button>
                                    </Form>
                                </td>
                            </tr>
                        }
                    }).collect_view();
                    view! {
                        <div class="table-scroll">
                            <table>
                                <caption class="visually-hidden">{td_string!(locale, admin.calendars_heading)}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{td_string!(locale, admin.organisation)}</th>
                                        <th scope="col">{td_string!(locale, admin.calendar_made)}</th>
                                        <th scope="col">{td_string!(locale, admin.actions)}</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    }.into_any()
                }}
            </AwaitData>
        </section>
    }
}

#[component]
fn UserTable(users: Vec<UserRow>, toggle: ServerAction<SetUserActive>) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let me = current_visit().viewer.user().map(|u| u.id);
    let rows = users
        .into_iter()
        .map(|user| {
            let is_me = me == Some(user.id);
            let hidden_name = format!(" {}", user.display_name);
            let hidden_name_2 = hidden_name.clone();
            let (label, next) = if user.active {
                (td_string!(locale, admin.deactivate), "false")
            } else {
                (td_string!(locale, admin.reactivate), "true")
            };
            view! {
                <tr class:inactive=!user.active>
                    <th scope="row">
                        {user.display_name.clone()}
                        {is_me.then(|| view! { " " <span class="note">{td_string!(locale, admin.you)}</span> })}
                        <span class="subtitle">{user.email.clone()}</span>
                    </th>
                    <td>{user.organisation.name.get(lang).to_owned()}</td>
                    <td>{role_label(user.role, locale)}</td>
                    <td>{if user.active { td_string!(locale, admin.active) } else { td_string!(locale, admin.inactive) }}</td>
                    <td class="row-actions">
                        <A href=format!("/admin/users/{}", user.id)>
                            {td_string!(locale, admin.edit)}
                            <span class="visually-hidden">{hidden_name}</span>
                        </A>
                        {(!is_me).then(|| view! {
                            <Form action=toggle>
                                <input type="hidden" name="user_id" value=user.id/>
                                <input type="hidden" name="active" value=next/>
                                <button type="submit" class="link-button">
                                    {label}
                                    <span class="visually-hidden">{hidden_name_2}</span>
                                </button>
                            </Form>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table>
                <caption>{td_string!(locale, admin.list_caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{td_string!(locale, admin.name)}</th>
                        <th scope="col">{td_string!(locale, admin.organisation)}</th>
                        <th scope="col">{td_string!(locale, admin.role)}</th>
                        <th scope="col">{td_string!(locale, admin.status)}</th>
                        <th scope="col">{td_string!(locale, admin.actions)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// `<option>`s of the organisations, the chosen one selected.
fn organisation_options(
    organisations: &[OrganisationOption],
    selected: Option<i64>,
    lang: crate::domain::Lang,
) -> impl IntoView + use<> {
    let choices = organisations
        .iter()
        .map(|o| (o.id.to_string(), o.organisation.name.get(lang).to_owned()))
        .collect();
    let selected = selected.map(|id| id.to_string()).unwrap_or_default();
    select_options("organisation_id", choices, &selected)
}

fn role_options(selected: Option<Role>, locale: crate::i18n::Locale) -> impl IntoView + use<> {
    let choices = Role::ALL
        .iter()
        .map(|role| (role.as_str().to_owned(), role_label(*role, locale)))
        .collect();
    select_options("role", choices, selected.map_or("", |role| role.as_str()))
}

#[component]
fn CreateUserForm(
    organisations: Vec<OrganisationOption>,
    create: ServerAction<CreateUser>,
) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let result: Signal<Option<Result<IssuedLink, AppError>>> = create.value().into();
    let form = NodeRef::<html::Form>::new();
    // A created account clears the form for the next one; a refusal keeps everything typed.
    Effect::new(move |_| {
        if matches!(create.value().get(), Some(Ok(_)))
            && let Some(form) = form.get()
        {
            form.reset();
        }
    });
    let problem = move |field| field_problem(result, field);
    let invalid = move |field| move || problem(field).get().is_some().to_string();
    view! {
        <Form action=create node_ref=form attr:class="form">
            <div role="status">
                {move || match result.get() {
                    Some(Ok(link)) => Some(view! { <IssuedLinkNotice link/> }),
                    _ => None,
                }}
            </div>
            <div class="field">
                <label for="new-email">{td_string!(locale, auth.email)}</label>
                <input id="new-email" name="email" type="email" autocomplete="off" required maxlength="254"
                    value=typed_or("email", String::new())
                    aria-invalid=invalid("email") aria-describedby="new-email-error"/>
                <FieldMessage id="new-email-error" problem=problem("email")/>
            </div>
            <div class="field">
                <label for="new-name">{td_string!(locale, admin.name)}</label>
                <input id="new-name" name="display_name" type="text" autocomplete="off" required maxlength="200"
                    value=typed_or("display_name", String::new())
                    aria-invalid=invalid("display_name") aria-describedby="new-name-error"/>
                <FieldMessage id="new-name-error" problem=problem("display_name")/>
            </div>
            <div class="field">
                <label for="new-organisation">{td_string!(locale, admin.organisation)}</label>
                <select id="new-organisation" name="organisation_id" required
                    aria-invalid=invalid("organisation_id") aria-describedby="new-organisation-error">
                    <option value="">{td_string!(locale, admin.choose)}</option>
                    {organisation_options(&organisations, None, lang)}
                </select>
                <FieldMessage id="new-organisation-error" problem=problem("organisation_id")/>
            </div>
            <div class="field">
                <label for="new-role">{td_string!(locale, admin.role)}</label>
                <select id="new-role" name="role" required
                    aria-invalid=invalid("role") aria-describedby="new-role-error">
                    <option value="">{td_string!(locale, admin.choose)}</option>
                    {role_options(None, locale)}
                </select>
                <FieldMessage id="new-role-error" problem=problem("role")/>
            </div>
            <button type="submit" class="button" disabled=move || create.pending().get()>
                {td_string!(locale, admin.create)}
            </button>
        </Form>
    }
}

#[component]
pub fn UserPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let update = form_action::<UpdateUser>();
    let saved = RwSignal::new(0_u32);
    Effect::new(move |_| {
        if matches!(update.value().get(), Some(Ok(()))) {
            saved.update(|n| *n += 1);
        }
    });
    let user = Resource::new(
        move || {
            let id = params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
            (id.unwrap_or(-1), saved.get())
        },
        |(id, _)| get_user(id),
    );
    view! {
        <Title text=td_string!(locale, admin.edit_heading)/>
        <div class="page-heading">
            <p class="eyebrow"><A href="/admin/users">{td_string!(locale, admin.back)}</A></p>
            <h1>{td_string!(locale, admin.edit_heading)}</h1>
        </div>
        <AwaitData resource=user let:loaded>
            {let user_id = loaded.0.id;
            let active = loaded.0.active;
            let has_second_factor = loaded.2;
            view! {
                <EditUserForm user=loaded.0 organisations=loaded.1 update/>
                {active.then(|| view! { <PasswordLinkForm user_id/> })}
                {has_second_factor.then(|| view! { <SecondFactorResetForm user_id/> })}
                <super::tokens::AccessTokensSection tokens=loaded.3 own=false/>
            }}
        </AwaitData>
    }
}

#[component]
fn EditUserForm(
    user: UserRow,
    organisations: Vec<OrganisationOption>,
    update: ServerAction<UpdateUser>,
) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let result: Signal<Option<Result<(), AppError>>> = update.value().into();
    let problem = move |field| field_problem(result, field);
    let invalid = move |field| move || problem(field).get().is_some().to_string();
    let conflict = move || matches!(result.get(), Some(Err(AppError::Conflict { .. })));
    view! {
        <section class="panel" aria-labelledby="account-heading">
            <h2 id="account-heading">{user.display_name.clone()}</h2>
            <p>{user.email.clone()}</p>
            <Form action=update attr:class="form">
                <p class="form-status" role="status">
                    {move || matches!(result.get(), Some(Ok(()))).then(|| td_string!(locale, admin.saved))}
                </p>
                <p class="form-error" role="alert">
                    {move || conflict().then(|| td_string!(locale, error.conflict_text))}
                </p>
                <input type="hidden" name="user_id" value=user.id/>
                <input type="hidden" name="version" value=user.version/>
                <div class="field">
                    <label for="edit-organisation">{td_string!(locale, admin.organisation)}</label>
                    <select id="edit-organisation" name="organisation_id"
                        aria-invalid=invalid("organisation_id") aria-describedby="edit-organisation-error">
                        {organisation_options(&organisations, Some(user.organisation_id), lang)}
                    </select>
                    <FieldMessage id="edit-organisation-error" problem=problem("organisation_id")/>
                </div>
                <div class="field">
                    <label for="edit-role">{td_string!(locale, admin.role)}</label>
                    <select id="edit-role" name="role"
                        aria-invalid=invalid("role") aria-describedby="edit-role-error">
                        {role_options(Some(user.role), locale)}
                    </select>
                    <FieldMessage id="edit-role-error" problem=problem("role")/>
                </div>
                <button type="submit" class="button" disabled=move || update.pending().get()>
                    {td_string!(locale, admin.save)}
                </button>
            </Form>
        </section>
    }
}

/// A one-time link just made, with what to do with it. The link is shown only here, once.
#[component]
fn IssuedLinkNotice(link: IssuedLink) -> impl IntoView {
    let locale = use_locale();
    let name = link.display_name.clone();
    let time = link
        .expires_at
        .get(..16)
        .unwrap_or(&link.expires_at)
        .replace('T', " ");
    let id = format!("password-link-{}", link.user_id);
    view! {
        <div class="issued-link">
            <p class="form-status">
                {match link.purpose {
                    LinkPurpose::Invitation => td!(locale, admin.invited, name).into_any(),
                    LinkPurpose::Reset => td!(locale, admin.link_made, name).into_any(),
                }}
            </p>
            <div class="field">
                <label for=id.clone()>{td_string!(locale, admin.link_label)}</label>
                <input id=id type="text" readonly value=link.address.clone()/>
            </div>
            <p class="hint">{td!(locale, admin.link_expires, time)}</p>
        </div>
    }
}

/// Makes a one-time link with which the user chooses a new password.
#[component]
fn PasswordLinkForm(user_id: i64) -> impl IntoView {
    let locale = use_locale();
    let make = form_action::<CreatePasswordLink>();
    view! {
        <section class="panel" aria-labelledby="password-heading">
            <h2 id="password-heading">{td_string!(locale, admin.password_heading)}</h2>
            <p>{td_string!(locale, admin.password_lead)}</p>
            <Form action=make attr:class="form">
                <input type="hidden" name="user_id" value=user_id/>
                <div role="status">
                    {move || match make.value().get() {
                        Some(Ok(link)) => Some(view! { <IssuedLinkNotice link/> }),
                        _ => None,
                    }}
                </div>
                <FailureNotice result=make.value().into()/>
                <button type="submit" class="button" disabled=move || make.pending().get()>
                    {td_string!(locale, admin.make_link)}
                </button>
            </Form>
        </section>
    }
}

/// Removes a user's second factor (a lost phone and lost recovery codes).
#[component]
fn SecondFactorResetForm(user_id: i64) -> impl IntoView {
    let locale = use_locale();
    let reset = form_action::<ResetSecondFactor>();
    view! {
        <section class="panel" aria-labelledby="second-factor-heading">
            <h2 id="second-factor-heading">{td_string!(locale, admin.second_factor_heading)}</h2>
            <p>{td_string!(locale, admin.second_factor_lead)}</p>
            <Form action=reset attr:class="form">
                <input type="hidden" name="user_id" value=user_id/>
                <p class="form-status" role="status">
                    {move || matches!(reset.value().get(), Some(Ok(()))).then(|| td_string!(locale, admin.second_factor_removed))}
                </p>
                <FailureNotice result=reset.value().into()/>
                <button type="submit" class="button button-secondary" disabled=move || reset.pending().get()>
                    {td_string!(locale, admin.second_factor_remove)}
                </button>
            </Form>
        </section>
    }
}
