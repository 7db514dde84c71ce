//! `/data/api`: the REST API's reference for the people who write programs against it: how to
//! get a token and ask, then each operation with its parameters and answers, and each type
//! with its fields, all read from the API's own OpenAPI document. Served by the app, so it
//! needs nothing from outside (no CDN), and readable without JavaScript.

use crate::components::{AwaitData, use_locale};
use crate::i18n::td_string;
use crate::models::{ApiField, ApiOperation, ApiReference, ApiType};
use crate::server_fns::get_api_reference;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ApiReferencePage() -> impl IntoView {
    let locale = use_locale();
    let reference = Resource::new(|| (), |_| get_api_reference());
    let title = td_string!(locale, api.title).to_string();
    view! {
        <Title text=title.clone()/>
        <div class="page-heading">
            <h1>{title}</h1>
            <p class="lead">{td_string!(locale, api.lead)}</p>
        </div>
        <section class="panel prose" aria-labelledby="api-start-heading">
            <h2 id="api-start-heading">{td_string!(locale, api.start_heading)}</h2>
            <ol>
                <li>{td_string!(locale, api.start_token)} " "
                    <a href="/account">{td_string!(locale, api.start_token_link)}</a>"."</li>
                <li>{td_string!(locale, api.start_header)} " " <code>"Authorization: Bearer <token>"</code>"."</li>
                <li>{td_string!(locale, api.start_document)} " "
                    <a href="/api/v1/openapi.json" rel="external"><code>"/api/v1/openapi.json"</code></a>"."</li>
            </ol>
            <p>{td_string!(locale, api.conventions)}</p>
            <pre class="command" tabindex="0"><code>"curl -H \"Authorization: Bearer $LAGESBILD_TOKEN\" \\\n  \"https://<server>/api/v1/measures?status=delayed&per_page=50\""</code></pre>
        </section>
        <AwaitData resource=reference let:reference><ReferenceView reference/></AwaitData>
    }
}

#[component]
fn ReferenceView(reference: ApiReference) -> impl IntoView {
    let locale = use_locale();
    let index = reference
        .operations
        .iter()
        .map(|o| {
            view! {
                <tr>
                    <th scope="row"><a href=format!("#{}", o.anchor())><code>{format!("{} {}", o.method, o.path)}</code></a></th>
                    <td>{prose(&o.summary)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="api-operations-heading">
            <h2 id="api-operations-heading">{td_string!(locale, api.operations_heading)}</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="api-operations-heading">
                <table>
                    <caption>{td_string!(locale, api.operations_caption)}</caption>
                    <thead><tr>
                        <th scope="col">{td_string!(locale, api.col_operation)}</th>
                        <th scope="col">{td_string!(locale, api.col_what)}</th>
                    </tr></thead>
                    <tbody>{index}</tbody>
                </table>
            </div>
            {reference.operations.into_iter().map(|o| view! { <Operation operation=o/> }).collect_view()}
        </section>
        <section aria-labelledby="api-types-heading">
            <h2 id="api-types-heading">{td_string!(locale, api.types_heading)}</h2>
            <p>{td_string!(locale, api.types_lead)}</p>
            {reference.types.into_iter().map(|t| view! { <TypeSection api_type=t/> }).collect_view()}
        </section>
    }
}

#[component]
fn Operation(operation: ApiOperation) -> impl IntoView {
    let locale = use_locale();
    let anchor = operation.anchor();
    let heading = format!("{anchor}-heading");
    let labelled_by = heading.clone();
    let answers_caption = format!(
        "{} {} {}",
        td_string!(locale, api.answers_of),
        operation.method,
        operation.path
    );
    let answers_region = answers_caption.clone();
    let answers = operation
        .answers
        .iter()
        .map(|a| {
            view! {
                <tr>
                    <th scope="row">{a.status.clone()}</th>
                    <td>{prose(&a.description)}</td>
                    <td>{a.body.clone().map(|body| type_link(&body))}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel api-operation" id=anchor aria-labelledby=labelled_by>
            <h3 id=heading><code>{format!("{} {}", operation.method, operation.path)}</code></h3>
            <p>{prose(&operation.summary)}</p>
            {(!operation.description.is_empty()).then(|| view! { <p>{prose(&operation.description)}</p> })}
            {(!operation.parameters.is_empty()).then(|| {
                let caption = format!("{} {} {}", td_string!(locale, api.parameters_of), operation.method, operation.path);
                view! { <FieldTable fields=operation.parameters.clone() caption=caption with_place=true/> }
            })}
            {operation.body.clone().map(|body| view! {
                <p>{td_string!(locale, api.body)} " " {type_link(&body)}</p>
            })}
            <div class="table-scroll" tabindex="0" role="region" aria-label=answers_region>
                <table>
                    <caption>{answers_caption}</caption>
                    <thead><tr>
                        <th scope="col">{td_string!(locale, api.col_status)}</th>
                        <th scope="col">{td_string!(locale, api.col_what)}</th>
                        <th scope="col">{td_string!(locale, api.col_body)}</th>
                    </tr></thead>
                    <tbody>{answers}</tbody>
                </table>
            </div>
        </section>
    }
}

/// A description from the document, its `code` (in backticks) shown as code.
fn prose(text: &str) -> AnyView {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                view! { <code>{part.to_owned()}</code> }.into_any()
            } else {
                part.to_owned().into_any()
            }
        })
        .collect_view()
        .into_any()
}

/// A type's name linking to its section, when it is one of the document's types.
fn type_link(kind: &str) -> AnyView {
    let name = kind.trim_start_matches('[').trim_end_matches(']');
    let is_type = name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if is_type {
        view! { <a href=format!("#type-{name}")><code>{kind.to_owned()}</code></a> }.into_any()
    } else {
        view! { <code>{kind.to_owned()}</code> }.into_any()
    }
}

#[component]
fn TypeSection(api_type: ApiType) -> impl IntoView {
    let locale = use_locale();
    let id = format!("type-{}", api_type.name);
    let heading = format!("{id}-heading");
    let labelled_by = heading.clone();
    let caption = format!("{} {}", td_string!(locale, api.fields_of), api_type.name);
    view! {
        <section class="api-type" id=id aria-labelledby=labelled_by>
            <h3 id=heading><code>{api_type.name.clone()}</code></h3>
            {(!api_type.description.is_empty()).then(|| view! { <p>{prose(&api_type.description)}</p> })}
            <FieldTable fields=api_type.fields caption=caption with_place=false/>
        </section>
    }
}

#[component]
fn FieldTable(fields: Vec<ApiField>, caption: String, with_place: bool) -> impl IntoView {
    let locale = use_locale();
    let region = caption.clone();
    let rows = fields
        .into_iter()
        .map(|f| {
            let required = if f.required {
                td_string!(locale, api.required)
            } else {
                td_string!(locale, api.optional)
            };
            view! {
                <tr>
                    <th scope="row"><code>{f.name}</code></th>
                    {with_place.then(|| view! { <td>{f.place}</td> })}
                    <td class="api-kind">{type_link(&f.kind)}</td>
                    <td>{required}</td>
                    <td>{prose(&f.description)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=region>
            <table>
                <caption>{caption}</caption>
                <thead><tr>
                    <th scope="col">{td_string!(locale, api.col_name)}</th>
                    {with_place.then(|| view! { <th scope="col">{td_string!(locale, api.col_place)}</th> })}
                    <th scope="col">{td_string!(locale, api.col_kind)}</th>
                    <th scope="col">{td_string!(locale, api.col_required)}</th>
                    <th scope="col">{td_string!(locale, api.col_about)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
