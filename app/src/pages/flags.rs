//! `/oversight/flags`: every signal the plan's data raises, filtered by organisation, kind and
//! county, with how many of each kind and the rules in words.

use crate::components::{
    AwaitData, FlagTable, encode_query_value, flag_kind_label, flag_rule, render_kept, use_lang,
    use_locale,
};
use crate::domain::FlagKind;
use crate::i18n::{td, td_string};
use crate::models::{FlagFilter, FlagList};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn FlagsPage() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let list = Resource::new(
        move || {
            query.with(|q| {
                (
                    q.get("organisation").unwrap_or_default(),
                    q.get("kind").unwrap_or_default(),
                    q.get("county").unwrap_or_default(),
                    q.get("all").is_some_and(|all| all == "1"),
                )
            })
        },
        |(organisation, kind, county, all)| {
            crate::server_fns::get_flags(organisation, kind, county, all)
        },
    );
    let locale = use_locale();
    view! {
        <leptos_meta::Title text=td_string!(locale, flags.title)/>
        <AwaitData resource=list let:list>
            {render_kept(list.read_at, move || view! { <FlagListView list/> })}
        </AwaitData>
    }
}

/// The address of the signals page for `filter`, whole or shortened.
pub fn flags_href(filter: &FlagFilter, all: bool) -> String {
    let mut query = Vec::new();
    if let Some(organisation) = &filter.organisation {
        query.push(format!("organisation={}", encode_query_value(organisation)));
    }
    if let Some(kind) = filter.kind {
        query.push(format!("kind={kind}"));
    }
    if let Some(county) = &filter.county {
        query.push(format!("county={}", county.as_str()));
    }
    if all {
        query.push("all=1".to_owned());
    }
    if query.is_empty() {
        "/oversight/flags".to_owned()
    } else {
        format!("/oversight/flags?{}", query.join("&"))
    }
}

#[component]
fn FlagListView(list: FlagList) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let filter = list.filter.clone();
    let organisations = list
        .organisations
        .iter()
        .map(|o| {
            let selected = filter.organisation.as_deref() == Some(o.code.as_str());
            view! { <option value=o.code.clone() selected=selected>{o.name.get(lang).to_owned()}</option> }
        })
        .collect_view();
    let kinds = FlagKind::ALL
        .iter()
        .map(|kind| {
            view! {
                <option value=kind.as_str() selected=filter.kind == Some(*kind)>{flag_kind_label(*kind, locale)}</option>
            }
        })
        .collect_view();
    let counties = list
        .counties
        .iter()
        .map(|c| {
            let selected = filter.county == Some(c.code);
            view! { <option value=c.code.as_str().to_owned() selected=selected>{c.name.get(lang).to_owned()}</option> }
        })
        .collect_view();
    let rules = FlagKind::ALL
        .iter()
        .map(|kind| {
            view! {
                <dt>{flag_kind_label(*kind, locale)}</dt>
                <dd>{flag_rule(*kind, locale)}</dd>
            }
        })
        .collect_view();
    let whole_list = list.is_shortened().then(|| {
        let href = flags_href(&filter, true);
        view! {
            <p>
                {td!(locale, flags.shortened, shown = FlagList::SHOWN)}" "
                <A href=href>{td!(locale, flags.show_all, count = list.matching)}</A>
            </p>
        }
    });
    let matching = list.matching;
    view! {
        <div class="page-heading">
            <h1>{td_string!(locale, flags.title)}</h1>
        </div>
        <p class="lead">{td_string!(locale, flags.lead)}</p>
        <form method="get" action="/oversight/flags" class="filters">
            <div class="field">
                <label for="organisation">{td_string!(locale, flags.organisation)}</label>
                <select id="organisation" name="organisation">
                    <option value="">{td_string!(locale, flags.all_organisations)}</option>
                    {organisations}
                </select>
            </div>
            <div class="field">
                <label for="kind">{td_string!(locale, flags.kind)}</label>
                <select id="kind" name="kind">
                    <option value="">{td_string!(locale, flags.all_kinds)}</option>
                    {kinds}
                </select>
            </div>
            <div class="field">
                <label for="county">{td_string!(locale, flags.county)}</label>
                <select id="county" name="county">
                    <option value="">{td_string!(locale, flags.all_counties)}</option>
                    {counties}
                </select>
            </div>
            <button type="submit" class="button">{td_string!(locale, flags.show)}</button>
        </form>
        <section aria-labelledby="counts-heading">
            <h2 id="counts-heading">{td_string!(locale, flags.counts_heading)}</h2>
            <FlagCounts counts=list.counts.clone() filter=filter.clone()/>
        </section>
        <section aria-labelledby="matching-heading">
            <h2 id="matching-heading">{td!(locale, flags.matching_heading, count = matching)}</h2>
            {whole_list}
            {if list.flags.is_empty() {
                view! { <p>{td_string!(locale, flags.none_matching)}</p> }.into_any()
            } else {
                view! { <FlagTable flags=list.flags.clone() caption=td_string!(locale, flags.caption).to_string()/> }.into_any()
            }}
        </section>
        <section aria-labelledby="rules-heading">
            <h2 id="rules-heading">{td_string!(locale, flags.rules_heading)}</h2>
            <dl class="rules">{rules}</dl>
        </section>
    }
}

/// How many signals of each kind match `filter`'s organisation and county, each kind a link to
/// its list.
#[component]
pub fn FlagCounts(counts: Vec<(FlagKind, usize)>, filter: FlagFilter) -> impl IntoView {
    let locale = use_locale();
    let rows = counts
        .into_iter()
        .map(|(kind, count)| {
            let href = flags_href(
                &FlagFilter {
                    kind: Some(kind),
                    ..filter.clone()
                },
                false,
            );
            view! {
                <tr>
                    <th scope="row"><A href=href>{flag_kind_label(kind, locale)}</A></th>
                    <td class="number">{count}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table>
                <caption>{td_string!(locale, flags.counts_caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{td_string!(locale, flags.kind)}</th>
                        <th scope="col" class="number">{td_string!(locale, flags.count)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
