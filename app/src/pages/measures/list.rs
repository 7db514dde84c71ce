//! The measures list: filters, free-text search, sorting and pagination, all held in the
//! address (a plain GET form, so it works without JavaScript and a selection can be shared).

use crate::components::{
    AwaitData, FlagBadge, ProgressBar, StatusBadge, fmt_date, fmt_int, render_kept, source_label,
    status_label, use_lang, use_locale,
};
use crate::domain::Status;
use crate::i18n::{Locale, td, td_string};
use crate::models::{MeasureList, MeasureQuery, MeasureSort};
use crate::server_fns::list_measures;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::use_query_map;

#[component]
pub fn MeasuresPage() -> impl IntoView {
    let params = use_query_map();
    let lang = use_lang();
    let query = move || {
        params.with(|p| {
            let get = |key: &str| p.get(key).unwrap_or_default();
            MeasureQuery {
                area: get("area"),
                lead: get("lead"),
                status: get("status"),
                county: get("county"),
                obligation: get("obligation"),
                q: get("q"),
                sort: get("sort"),
                dir: get("dir"),
                page: get("page"),
            }
        })
    };
    let list = Resource::new(query, move |query| list_measures(query, lang));
    let locale = use_locale();
    view! {
        <Title text=td_string!(locale, measures.title)/>
        <div class="page-heading">
            <h1>{td_string!(locale, measures.title)}</h1>
            <p class="lead">{td_string!(locale, measures.intro)}</p>
        </div>
        {crate::policy::allows(
            &crate::components::current_visit().viewer,
            &crate::policy::Action::CreateMeasure,
            crate::policy::Access::default(),
        ).then(|| view! {
            <p class="actions"><A href="/measures/new" attr:class="button">{td_string!(locale, plan_edit.new_link)}</A></p>
        })}
        <AwaitData resource=list let:list>
            {render_kept(list.read_at, move || view! { <MeasureListView list query=query()/> })}
        </AwaitData>
    }
}

/// The address of the list with `query`, leaving out empty parameters.
fn href(query: &MeasureQuery) -> String {
    let pairs = [
        ("area", &query.area),
        ("lead", &query.lead),
        ("status", &query.status),
        ("county", &query.county),
        ("obligation", &query.obligation),
        ("q", &query.q),
        ("sort", &query.sort),
        ("dir", &query.dir),
        ("page", &query.page),
    ];
    let encoded: Vec<String> = pairs
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(key, value)| format!("{key}={}", encode(value)))
        .collect();
    if encoded.is_empty() {
        "/measures".into()
    } else {
        format!("/measures?{}", encoded.join("&"))
    }
}

fn encode(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn sort_label(sort: MeasureSort, locale: Locale) -> String {
    match sort {
        MeasureSort::Code => td_string!(locale, measures.sort_code),
        MeasureSort::Title => td_string!(locale, measures.title_column),
        MeasureSort::Status => td_string!(locale, common.status),
        MeasureSort::Progress => td_string!(locale, common.progress),
        MeasureSort::EndDate => td_string!(locale, measures.end),
        MeasureSort::Lead => td_string!(locale, common.lead),
    }
    .to_string()
}

/// A `<select>` of filter choices with "all" first; the current value stays selected.
#[component]
pub fn FilterSelect(
    id: &'static str,
    label: String,
    current: String,
    choices: Vec<(String, String)>,
) -> impl IntoView {
    let locale = use_locale();
    let options = choices
        .into_iter()
        .map(|(value, text)| {
            let selected = value == current;
            view! { <option value=value selected=selected>{text}</option> }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id name=id>
                <option value="">{td_string!(locale, measures.any)}</option>
                {options}
            </select>
        </div>
    }
}

#[component]
fn MeasureListView(list: MeasureList, query: MeasureQuery) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let options = &list.options;
    let areas = options
        .areas
        .iter()
        .map(|a| (a.code.clone(), a.title.get(lang).to_owned()))
        .collect();
    let leads = options
        .leads
        .iter()
        .map(|o| (o.code.clone(), o.name.get(lang).to_owned()))
        .collect();
    let statuses = Status::ALL
        .iter()
        .map(|s| (s.as_str().to_owned(), status_label(*s, locale)))
        .collect();
    let counties = options
        .counties
        .iter()
        .map(|c| (c.code.to_string(), c.name.get(lang).to_owned()))
        .collect();
    let obligations = options
        .obligations
        .iter()
        .map(|o| {
            (
                o.code.clone(),
                format!(
                    "{} {} – {}",
                    source_label(o.source, locale),
                    o.reference,
                    o.title.get(lang)
                ),
            )
        })
        .collect();
    let sorts = MeasureSort::ALL
        .iter()
        .map(|s| (s.as_str().to_owned(), sort_label(*s, locale)))
        .collect::<Vec<_>>();
    let current_sort = MeasureSort::parse(&query.sort).unwrap_or_default();
    let descending = query.dir == "desc";
    let sort_header = |sort: MeasureSort| {
        let active = sort == current_sort;
        let next = MeasureQuery {
            sort: sort.as_str().into(),
            dir: if active && !descending {
                "desc".into()
            } else {
                String::new()
            },
            page: String::new(),
            ..query.clone()
        };
        let aria_sort = match (active, descending) {
            (false, _) => None,
            (true, false) => Some("ascending"),
            (true, true) => Some("descending"),
        };
        let arrow = match aria_sort {
            Some("ascending") => " ▲",
            Some(_) => " ▼",
            None => "",
        };
        view! {
            <th scope="col" aria-sort=aria_sort>
                <A href=href(&next)>{sort_label(sort, locale)}<span aria-hidden="true">{arrow}</span></A>
            </th>
        }
    };
    let no_items = list.items.is_empty();
    // Signals are for those who may read the oversight views; the public sees none.
    let shows_flags = list.items.iter().any(|m| m.flags.is_some());
    let rows = list
        .items
        .into_iter()
        .map(|m| {
            let flags = m.flags.map(|kinds| {
                let badges = if kinds.is_empty() {
                    view! { <span class="subtitle">{td_string!(locale, flags.column_none)}</span> }
                        .into_any()
                } else {
                    kinds
                        .into_iter()
                        .map(|kind| view! { <FlagBadge kind/> })
                        .collect_view()
                        .into_any()
                };
                view! { <td class="signals">{badges}</td> }
            });
            view! {
                <tr>
                    <td class="nowrap">{m.code.clone()}</td>
                    <td><A href=format!("/measures/{}", m.code)>{m.title.get(lang).to_owned()}</A>
                        <span class="subtitle">{m.area.title.get(lang).to_owned()}</span></td>
                    <td>{m.lead.name.get(lang).to_owned()}</td>
                    <td><StatusBadge status=m.status/></td>
                    <td><ProgressBar progress=m.progress/></td>
                    <td class="nowrap">{fmt_date(m.end_date, lang)}</td>
                    {flags}
                </tr>
            }
        })
        .collect_view();
    let page = list.page;
    let pages = list.page_count;
    let page_href = |page: u32| {
        href(&MeasureQuery {
            page: page.to_string(),
            ..query.clone()
        })
    };
    let previous_href = (page > 1).then(|| page_href(page - 1));
    let next_href = (page < pages).then(|| page_href(page + 1));
    let headers = [
        MeasureSort::Code,
        MeasureSort::Title,
        MeasureSort::Lead,
        MeasureSort::Status,
        MeasureSort::Progress,
        MeasureSort::EndDate,
    ]
    .into_iter()
    .map(sort_header)
    .collect_view();
    let MeasureQuery {
        area,
        lead,
        status,
        county,
        obligation,
        q,
        ..
    } = query;
    view! {
        <Form method="GET" action="/measures" attr:class="filters" attr:role="search">
            <fieldset>
                <legend>{td_string!(locale, measures.filter_heading)}</legend>
                <div class="field field-wide">
                    <label for="q">{td_string!(locale, measures.search)}</label>
                    <input id="q" name="q" type="search" value=q maxlength="200"/>
                </div>
                <FilterSelect id="area" label=td_string!(locale, common.area).to_string() current=area choices=areas/>
                <FilterSelect id="lead" label=td_string!(locale, common.lead).to_string() current=lead choices=leads/>
                <FilterSelect id="status" label=td_string!(locale, common.status).to_string() current=status choices=statuses/>
                <FilterSelect id="county" label=td_string!(locale, common.county).to_string() current=county choices=counties/>
                <FilterSelect id="obligation" label=td_string!(locale, measures.obligation).to_string() current=obligation choices=obligations/>
                <div class="field">
                    <label for="sort">{td_string!(locale, measures.sort)}</label>
                    <select id="sort" name="sort">
                        {sorts.into_iter().map(|(value, text)| {
                            let selected = value == current_sort.as_str();
                            view! { <option value=value selected=selected>{text}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="dir">{td_string!(locale, measures.direction)}</label>
                    <select id="dir" name="dir">
                        <option value="" selected=!descending>{td_string!(locale, measures.ascending)}</option>
                        <option value="desc" selected=descending>{td_string!(locale, measures.descending)}</option>
                    </select>
                </div>
                <div class="actions">
                    <button type="submit" class="button">{td_string!(locale, measures.apply)}</button>
                    <A href="/measures">{td_string!(locale, measures.clear)}</A>
                </div>
            </fieldset>
        </Form>
        <p class="result-count" role="status">{td!(locale, measures.result_count, count = fmt_int(list.total, lang))}</p>
        {if no_items {
            view! { <p>{td_string!(locale, measures.none)}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll">
                    <table class="measures">
                        <caption>{td!(locale, measures.caption, page = page, pages = pages)}</caption>
                        <thead><tr>{headers}
                            {shows_flags.then(|| view! {
                                <th scope="col" class="signals">
                                    <A href="/oversight/flags">{td_string!(locale, flags.column)}</A>
                                </th>
                            })}
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                {shows_flags.then(|| view! { <p class="subtitle">{td_string!(locale, flags.reported_lead)}</p> })}
            }.into_any()
        }}
        {(pages > 1).then(|| view! {
            <nav class="pagination" aria-label=td_string!(locale, pagination.label)>
                {previous_href.map(|href| view! { <A href=href attr:rel="prev">{td_string!(locale, pagination.previous)}</A> })}
                <span>{td!(locale, pagination.page_of, page = page, pages = pages)}</span>
                {next_href.map(|href| view! { <A href=href attr:rel="next">{td_string!(locale, pagination.next)}</A> })}
            </nav>
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_keeps_only_the_parameters_that_are_set() {
        assert_eq!(href(&MeasureQuery::default()), "/measures");
        let query = MeasureQuery {
            status: "delayed".into(),
            q: "skyddat boende".into(),
            ..MeasureQuery::default()
        };
        assert_eq!(href(&query), "/measures?status=delayed&q=skyddat+boende");
    }

    #[test]
    fn non_ascii_search_text_is_percent_encoded() {
        let query = MeasureQuery {
            q: "Ö&".into(),
            ..MeasureQuery::default()
        };
        assert_eq!(href(&query), "/measures?q=%C3%96%26");
    }
}
