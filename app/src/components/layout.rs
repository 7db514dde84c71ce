//! The frame around every page: skip link, header with the main menu and language switch, and
//! footer.

use super::{role_label, tracked_visit, use_locale};
use crate::i18n::{Locale, td_string};
use crate::models::{Viewer, Visit};
use crate::server_fns::SignOut;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// The site header: name, the signed-in user with sign-out, main menu and the switch to the
/// other language.
#[component]
pub fn Header() -> impl IntoView {
    let locale = use_locale();
    let location = use_location();
    let other_tag = match locale {
        Locale::sv => "en",
        Locale::en => "sv",
    };
    // Switching language reloads the page through the server, which remembers the choice in a
    // cookie; it works without JavaScript and switches the data texts too.
    let switch_href = move || {
        let here = address(&location.pathname.get(), &location.search.get());
        format!("/language/{other_tag}?next={}", encode_query_value(&here))
    };
    view! {
        <a class="skip-link" href="#main">{td_string!(locale, site.skip_link)}</a>
        <header class="site-header">
            <div class="site-header-inner">
                <A href="/" attr:class="site-name">
                    <span class="site-mark" aria-hidden="true"></span>
                    <span>{td_string!(locale, site.name)}</span>
                </A>
                <p class="site-tagline">{td_string!(locale, site.tagline)}</p>
                <a class="language-switch" href=switch_href rel="external" hreflang=other_tag lang=other_tag
                    title=td_string!(locale, site.switch_language_title)>
                    {td_string!(locale, site.switch_language)}
                </a>
                <Transition fallback=|| ()>
                    {move || account(tracked_visit(), locale)}
                </Transition>
            </div>
            <Transition fallback=|| ()>
                {move || tracked_visit().may_read_plan().then(|| view! {
                    <nav class="site-nav" aria-label=td_string!(locale, site.nav_label)>
                        <ul>
                            <li><A href="/" exact=true>{td_string!(locale, overview.title)}</A></li>
                            <li><A href="/measures">{td_string!(locale, measures.title)}</A></li>
                            <li><A href="/assignments">{td_string!(locale, assignments.title)}</A></li>
                            <li><A href="/counties">{td_string!(locale, counties.title)}</A></li>
                            <li><A href="/compare">{td_string!(locale, compare.nav)}</A></li>
                            <li><A href="/coverage">{td_string!(locale, coverage.nav)}</A></li>
                            <li><A href="/deadlines">{td_string!(locale, deadlines.title)}</A></li>
                            <li><A href="/funding">{td_string!(locale, funding.title)}</A></li>
                            <li><A href="/data">{td_string!(locale, data.nav)}</A></li>
                            {tracked_visit().viewer.user().is_some().then(|| view! {
                                <li><A href="/my-work">{td_string!(locale, work.nav)}</A></li>
                                <li><A href="/oversight">{td_string!(locale, oversight.title)}</A></li>
                            })}
                            {(tracked_visit().viewer.role() == Some(crate::domain::Role::Admin)).then(|| view! {
                                <li><A href="/admin/users">{td_string!(locale, admin.nav)}</A></li>
                            })}
                        </ul>
                    </nav>
                })}
            </Transition>
        </header>
    }
}

/// The signed-in user and the sign-out button (a plain form: it works without JavaScript and
/// reloads the page signed out).
fn account(visit: Visit, locale: Locale) -> impl IntoView {
    match visit.viewer {
        Viewer::Anonymous => None,
        Viewer::User(user) => Some(view! {
            <div class="account" role="group" aria-label=td_string!(locale, auth.account_label)>
                <p class="account-name">
                    <span class="visually-hidden">{td_string!(locale, auth.signed_in_as)} " "</span>
                    <A href="/account" attr:title=td_string!(locale, account.nav)>{user.display_name}</A>
                    <span class="account-role">{role_label(user.role, locale)}</span>
                </p>
                <form method="post" action=SignOut::url()>
                    <button type="submit" class="sign-out">{td_string!(locale, auth.sign_out)}</button>
                </form>
            </div>
        }),
    }
}

/// The address of a page from the router's path and query string (which it keeps without its
/// `?`), so that a page reached with filters is returned to with the same filters.
fn address(path: &str, query: &str) -> String {
    match query.trim_start_matches('?') {
        "" => path.to_owned(),
        query => format!("{path}?{query}"),
    }
}

/// Everything but letters, digits, `-_.~` (unreserved) and `/`, which reads better in a
/// return address and means nothing special in a query value.
const QUERY_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'/');

/// Percent-encodes a path and query for use as one query value.
pub fn encode_query_value(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, QUERY_VALUE).to_string()
}

#[component]
pub fn Footer() -> impl IntoView {
    let locale = use_locale();
    view! {
        <footer class="site-footer">
            <div class="site-footer-inner">
                <p>{td_string!(locale, site.footer_about)}</p>
                <p>{td_string!(locale, site.footer_demo)}</p>
                <p><A href="/accessibility">{td_string!(locale, accessibility.title)}</A></p>
            </div>
        </footer>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_return_address_survives_as_one_query_value() {
        assert_eq!(
            encode_query_value("/measures?status=delayed&q=nrm"),
            "/measures%3Fstatus%3Ddelayed%26q%3Dnrm"
        );
        assert_eq!(encode_query_value("/counties/24"), "/counties/24");
        assert_eq!(encode_query_value("/ö"), "/%C3%B6");
    }

    #[test]
    fn a_pages_address_keeps_its_query_string() {
        assert_eq!(
            address("/measures", "area=samordning"),
            "/measures?area=samordning"
        );
        assert_eq!(
            address("/measures", "?area=samordning"),
            "/measures?area=samordning"
        );
        assert_eq!(address("/measures", ""), "/measures");
    }
}
