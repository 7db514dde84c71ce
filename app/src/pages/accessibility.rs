//! `/accessibility`: the accessibility statement (tillgänglighetsredogörelse) the law on
//! accessible digital public services asks of every public-sector site: how far the site meets
//! WCAG 2.1 AA, what is known not to, how it is tested, how to report a problem and where to
//! complain. Readable without signing in.

use crate::components::{AwaitData, use_locale};
use crate::i18n::{td, td_string};
use crate::server_fns::get_accessibility_contact;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AccessibilityPage() -> impl IntoView {
    let locale = use_locale();
    let contact = Resource::new(|| (), |_| get_accessibility_contact());
    let title = td_string!(locale, accessibility.title).to_string();
    view! {
        <Title text=title.clone()/>
        <div class="page-heading"><h1>{title}</h1></div>
        <div class="prose">
            <p class="lead">{td_string!(locale, accessibility.lead)}</p>
            <h2>{td_string!(locale, accessibility.status_heading)}</h2>
            <p>{td_string!(locale, accessibility.status)}</p>
            <h2>{td_string!(locale, accessibility.known_heading)}</h2>
            <ul>
                <li>{td_string!(locale, accessibility.known_charts)}</li>
                <li>{td_string!(locale, accessibility.known_map)}</li>
                <li>{td_string!(locale, accessibility.known_pdf)}</li>
            </ul>
            <h2>{td_string!(locale, accessibility.report_heading)}</h2>
            <AwaitData resource=contact let:contact>
                {if contact.is_empty() {
                    view! { <p>{td_string!(locale, accessibility.report_no_address)}</p> }.into_any()
                } else {
                    let href = format!("mailto:{contact}");
                    view! {
                        <p>{td_string!(locale, accessibility.report)} " "
                            <a href=href>{contact}</a> "."</p>
                    }.into_any()
                }}
            </AwaitData>
            <p>{td_string!(locale, accessibility.report_answer)}</p>
            <h2>{td_string!(locale, accessibility.supervision_heading)}</h2>
            <p>{td!(locale, accessibility.supervision, <a> = <a href="https://www.digg.se/tdosanmalan" />)}</p>
            <h2>{td_string!(locale, accessibility.testing_heading)}</h2>
            <p>{td_string!(locale, accessibility.testing)}</p>
        </div>
    }
}
