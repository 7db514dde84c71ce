//! A person's access tokens: on their own account page they make, see and revoke them; on a
//! user's page an administrator sees and revokes them (a token that reached the wrong hands).

use crate::components::{
    FailureNotice, FieldMessage, Form, TextField, field_problem, fmt_date, fmt_timestamp_date,
    form_action, select_options, use_lang, use_locale,
};
use crate::error::AppError;
use crate::i18n::{Locale, td_string};
use crate::models::token::{MAX_TOKEN_NAME, TOKEN_DAYS};
use crate::models::{AccessTokenRow, AccessTokens, TokenScope};
use crate::server_fns::{CreateAccessToken, RevokeAccessToken};
use leptos::prelude::*;

/// The section: what a token is, the form that makes one (`own`: on one's own account page),
/// the token just made, shown this once, and the tokens there are.
#[component]
pub fn AccessTokensSection(tokens: AccessTokens, own: bool) -> impl IntoView {
    let locale = use_locale();
    let revoke = form_action::<RevokeAccessToken>();
    let create = form_action::<CreateAccessToken>();
    let today = tokens.today;
    let list = tokens.tokens;
    let any = !list.is_empty();
    view! {
        <section class="panel" aria-labelledby="tokens-heading">
            <h2 id="tokens-heading">{td_string!(locale, tokens.heading)}</h2>
            <p>{if own { td_string!(locale, tokens.lead) } else { td_string!(locale, tokens.admin_lead) }}</p>
            {own.then(|| view! { <CreatedToken create address=tokens.workbook_address/> })}
            <p class="form-status" role="status">
                {move || matches!(revoke.value().get(), Some(Ok(()))).then(|| td_string!(locale, tokens.revoked_done))}
            </p>
            <FailureNotice result=revoke.value().into()/>
            {if any {
                view! { <TokenTable tokens=list today revoke/> }.into_any()
            } else {
                view! { <p>{td_string!(locale, tokens.none)}</p> }.into_any()
            }}
            {own.then(|| view! { <CreateTokenForm create may_write=tokens.may_write/> })}
        </section>
    }
}

/// The token just made, shown this once, with how a script uses it.
#[component]
fn CreatedToken(create: ServerAction<CreateAccessToken>, address: String) -> impl IntoView {
    let locale = use_locale();
    let made = move || match create.value().get() {
        Some(Ok(token)) => Some(token),
        _ => None,
    };
    view! {
        // Only the sentence is announced; the secret and the command are there to copy.
        <p class="form-status" role="status">
            {move || made().map(|_| td_string!(locale, tokens.created))}
        </p>
        {move || made().map(|token| view! {
            <p>
                <label for="new-token">{td_string!(locale, tokens.token_label)}</label>
                <input id="new-token" type="text" readonly class="wide-input" spellcheck="false"
                    autocomplete="off" value=token/>
            </p>
            <p id="token-example">{td_string!(locale, tokens.example)}</p>
            <pre class="command" tabindex="0" aria-labelledby="token-example"><code>{format!("read -rs LAGESBILD_TOKEN\ncurl -H \"Authorization: Bearer $LAGESBILD_TOKEN\" \\\n  -o lagesbild.xlsx {address}")}</code></pre>
        })}
    }
}

#[component]
fn CreateTokenForm(create: ServerAction<CreateAccessToken>, may_write: bool) -> impl IntoView {
    let locale = use_locale();
    let result: Signal<Option<Result<String, AppError>>> = create.value().into();
    let problem = move |field| field_problem(result, field);
    let scopes: Vec<(String, String)> = TokenScope::ALL
        .into_iter()
        .filter(|scope| may_write || *scope == TokenScope::Read)
        .map(|scope| {
            (
                scope.as_str().to_owned(),
                scope_label(scope, locale).to_owned(),
            )
        })
        .collect();
    let invalid = move |field: &'static str| move || problem(field).get().is_some().to_string();
    view! {
        <h3>{td_string!(locale, tokens.create)}</h3>
        <Form action=create attr:class="form">
            <FailureNotice result/>
            <TextField name="name" label=td_string!(locale, tokens.name).to_owned()
                value=String::new() problem=problem("name")
                hint=td_string!(locale, tokens.name_hint).to_owned()
                required=true maxlength=MAX_TOKEN_NAME/>
            <div class="field">
                <label for="scope">{td_string!(locale, tokens.scope)}</label>
                <select id="scope" name="scope" aria-invalid=invalid("scope") aria-describedby="scope-error">
                    {select_options("scope", scopes, TokenScope::Read.as_str())}
                </select>
                <FieldMessage id="scope-error" problem=problem("scope")/>
            </div>
            <TextField name="days" label=td_string!(locale, tokens.days).to_owned()
                value="90".to_owned() problem=problem("days")
                hint=format!("{}–{} {}.", TOKEN_DAYS.start(), TOKEN_DAYS.end(), td_string!(locale, tokens.days_hint))
                numeric=true required=true maxlength=3/>
            <button type="submit" class="button" disabled=move || create.pending().get()>
                {td_string!(locale, tokens.create)}
            </button>
        </Form>
    }
}

#[component]
fn TokenTable(
    tokens: Vec<AccessTokenRow>,
    today: crate::domain::IsoDate,
    revoke: ServerAction<RevokeAccessToken>,
) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let rows = tokens
        .into_iter()
        .map(|token| {
            let works = token.works(today);
            let state = if token.revoked_at.is_some() {
                td_string!(locale, tokens.state_revoked)
            } else if works {
                td_string!(locale, tokens.state_working)
            } else {
                td_string!(locale, tokens.state_expired)
            };
            let last_used = token
                .last_used_on
                .map(|day| fmt_date(day, lang))
                .unwrap_or_else(|| td_string!(locale, tokens.never_used).to_owned());
            let name = token.name.clone();
            view! {
                <tr>
                    <th scope="row">{token.name}</th>
                    <td>{scope_label(token.scope, locale)}</td>
                    <td>{fmt_timestamp_date(&token.created_at, lang)}</td>
                    <td>{fmt_date(token.expires_on, lang)}</td>
                    <td>{last_used}</td>
                    <td>{state}</td>
                    <td>
                        {works.then(|| view! {
                            <Form action=revoke>
                                <input type="hidden" name="id" value=token.id/>
                                <button type="submit" class="button button-secondary">
                                    {td_string!(locale, tokens.revoke)}
                                    <span class="visually-hidden">" " {name}</span>
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
                <caption>{td_string!(locale, tokens.caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{td_string!(locale, tokens.col_name)}</th>
                        <th scope="col">{td_string!(locale, tokens.scope)}</th>
                        <th scope="col">{td_string!(locale, tokens.col_created)}</th>
                        <th scope="col">{td_string!(locale, tokens.col_expires)}</th>
                        <th scope="col">{td_string!(locale, tokens.col_last_used)}</th>
                        <th scope="col">{td_string!(locale, tokens.col_state)}</th>
                        <th scope="col"><span class="visually-hidden">{td_string!(locale, tokens.revoke)}</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

fn scope_label(scope: TokenScope, locale: Locale) -> &'static str {
    match scope {
        TokenScope::Read => td_string!(locale, tokens.scope_read),
        TokenScope::ReadWrite => td_string!(locale, tokens.scope_read_write),
    }
}
