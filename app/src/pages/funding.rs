//! `/funding`: where the money went: allocated, disbursed and spent, added up by year, area,
//! lead organisation, county and measure, each with its execution, and the rule written next
//! to the figures so that anyone can reproduce them.

use super::overview::FundingRowView;
use crate::components::{AwaitData, render_kept, use_lang, use_locale};
use crate::i18n::{Locale, td_string};
use crate::models::{CountyHorizon, FundingBy, FundingLine, FundingRollup};
use crate::server_fns::get_funding;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn FundingPage() -> impl IntoView {
    let locale = use_locale();
    let rollup = Resource::new(|| (), |_| get_funding());
    view! {
        <Title text=td_string!(locale, funding.title)/>
        <AwaitData resource=rollup let:rollup>
            {render_kept(rollup.read_at, move || view! { <RollupView rollup/> })}
        </AwaitData>
    }
}

fn heading(by: FundingBy, locale: Locale) -> String {
    match by {
        FundingBy::Year => td_string!(locale, funding.by_year),
        FundingBy::Area => td_string!(locale, funding.by_area),
        FundingBy::Organisation => td_string!(locale, funding.by_organisation),
        FundingBy::County => td_string!(locale, funding.by_county),
        FundingBy::Measure => td_string!(locale, funding.by_measure),
    }
    .to_string()
}

fn first_column(by: FundingBy, locale: Locale) -> String {
    match by {
        FundingBy::Year => td_string!(locale, common.year),
        FundingBy::Area => td_string!(locale, common.area),
        FundingBy::Organisation => td_string!(locale, common.lead),
        FundingBy::County => td_string!(locale, common.county),
        FundingBy::Measure => td_string!(locale, common.measure),
    }
    .to_string()
}

#[component]
fn RollupView(rollup: FundingRollup) -> impl IntoView {
    let locale = use_locale();
    let total = rollup.total;
    let sections = rollup
        .groups
        .into_iter()
        .map(|(by, lines)| view! { <Group by lines total=total/> })
        .collect_view();
    view! {
        <div class="page-heading">
            <h1>{td_string!(locale, funding.title)}</h1>
        </div>
        <p class="lead">{td_string!(locale, funding.lead)}</p>
        <p class="rule">{td_string!(locale, funding.rule)}</p>
        {sections}
        <Horizons counties=rollup.horizons/>
    }
}

/// Each county's regional rows as far as their money reaches, with the rule.
#[component]
fn Horizons(counties: Vec<CountyHorizon>) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    if counties.is_empty() {
        return view! {
            <section aria-labelledby="horizon-heading">
                <h2 id="horizon-heading">{td_string!(locale, horizon.heading)}</h2>
                <p>{td_string!(locale, horizon.none)}</p>
            </section>
        }
        .into_any();
    }
    let rows = counties
        .into_iter()
        .map(|c| {
            view! {
                <tr>
                    <th scope="row"><A href=format!("/counties/{}", c.county.code)>{c.county.name.get(lang).to_owned()}</A></th>
                    <td class="number">{c.rows}</td>
                    <td class="number">{c.funded}</td>
                    <td class="number">{c.short}</td>
                    <td class="number">{c.flagged}</td>
                    <td class="number">{c.first_gap.map_or_else(|| "–".to_owned(), |year| year.to_string())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="horizon-heading">
            <h2 id="horizon-heading">{td_string!(locale, horizon.heading)}</h2>
            <p class="rule">{td_string!(locale, horizon.rule)}</p>
            <div class="table-scroll">
                <table>
                    <caption>{td_string!(locale, horizon.caption)}</caption>
                    <thead><tr>
                        <th scope="col">{td_string!(locale, common.county)}</th>
                        <th scope="col" class="number">{td_string!(locale, horizon.rows)}</th>
                        <th scope="col" class="number">{td_string!(locale, horizon.funded)}</th>
                        <th scope="col" class="number">{td_string!(locale, horizon.short)}</th>
                        <th scope="col" class="number">{td_string!(locale, horizon.flagged)}</th>
                        <th scope="col" class="number">{td_string!(locale, horizon.first_gap)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn Group(
    by: FundingBy,
    lines: Vec<FundingLine>,
    total: crate::models::FundingTotals,
) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let id = format!("funding-{}", format!("{by:?}").to_lowercase());
    let labelled_by = id.clone();
    let heading_text = heading(by, locale);
    let rows = lines
        .into_iter()
        .map(|line| {
            let name = match by {
                FundingBy::Year => line.key.clone(),
                FundingBy::County if line.key.is_empty() => {
                    td_string!(locale, funding.not_earmarked).to_string()
                }
                FundingBy::Measure => format!("{} {}", line.key, line.label.get(lang)),
                _ => line.label.get(lang).to_owned(),
            };
            let href = match by {
                FundingBy::Measure => Some(format!("/measures/{}", line.key)),
                FundingBy::County if !line.key.is_empty() => {
                    Some(format!("/counties/{}", line.key))
                }
                _ => None,
            };
            match href {
                Some(href) => view! { <LinkedRow href name totals=line.totals/> }.into_any(),
                None => view! { <FundingRowView label=name totals=line.totals/> }.into_any(),
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby=labelled_by>
            <h2 id=id>{heading_text.clone()}</h2>
            <div class="table-scroll">
                <table>
                    <caption>{heading_text}</caption>
                    <thead><tr>
                        <th scope="col">{first_column(by, locale)}</th>
                        <th scope="col" class="number">{td_string!(locale, common.allocated)}</th>
                        <th scope="col" class="number">{td_string!(locale, common.disbursed)}</th>
                        <th scope="col" class="number">{td_string!(locale, common.spent)}</th>
                        <th scope="col" class="number">{td_string!(locale, common.execution)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                    <tfoot><FundingRowView label=td_string!(locale, common.total).to_string() totals=total/></tfoot>
                </table>
            </div>
        </section>
    }
}

/// A roll-up line whose name links to its page.
#[component]
fn LinkedRow(href: String, name: String, totals: crate::models::FundingTotals) -> impl IntoView {
    let lang = use_lang();
    use crate::components::{fmt_money, fmt_percent};
    view! {
        <tr>
            <th scope="row"><A href=href>{name}</A></th>
            <td class="number">{fmt_money(totals.allocated, lang)}</td>
            <td class="number">{fmt_money(totals.disbursed, lang)}</td>
            <td class="number">{fmt_money(totals.spent, lang)}</td>
            <td class="number">{totals.execution_percent().map(|p| fmt_percent(p, lang))}</td>
        </tr>
    }
}
