//! `/data`: the plan to take away. The whole plan as an Excel workbook (a sheet per table) and
//! each table as a CSV file, in the reader's language, with what the reader gets of each:
//! rows, columns, and the rules of what is left out (small counts, others' drafts).

use crate::components::{
    AwaitData, LanguageSelect, fmt_int, table_about, table_label, use_lang, use_locale,
};
use crate::domain::{Lang, TableName};
use crate::i18n::{td, td_string};
use crate::models::DataCatalogue;
use crate::server_fns::get_data_catalogue;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn DataPage() -> impl IntoView {
    let lang = use_lang();
    let locale = use_locale();
    let catalogue = Resource::new(move || lang, get_data_catalogue);
    let title = td_string!(locale, data.title).to_string();
    view! {
        <Title text=title.clone()/>
        <div class="page-heading">
            <h1>{title}</h1>
            <p class="lead">{td_string!(locale, data.lead)}</p>
        </div>
        <AwaitData resource=catalogue let:catalogue><DataView catalogue/></AwaitData>
    }
}

#[component]
fn DataView(catalogue: DataCatalogue) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let other = match lang {
        Lang::Sv => Lang::En,
        Lang::En => Lang::Sv,
    };
    let rows = catalogue
        .tables
        .into_iter()
        .map(|table| {
            let label = table_label(table.name, locale);
            let csv_href = format!("/data/{}.csv?lang={}", table.name, lang.tag());
            let csv_label = format!("{label} {}", td_string!(locale, data.csv_link_label));
            view! {
                <tr>
                    <th scope="row">{label.clone()}</th>
                    <td>
                        <a href=csv_href download="" rel="external"
                            aria-label=csv_label>
                            {td_string!(locale, data.csv_link)}
                        </a>
                    </td>
                    <td class="number">{fmt_int(table.rows as i64, lang)}</td>
                    <td class="table-about">{table_about(table.name, locale)}</td>
                    <td class="column-list">{table.columns.join(", ")}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="workbook-heading">
            <h2 id="workbook-heading">{td_string!(locale, data.workbook_heading)}</h2>
            <p>{td_string!(locale, data.workbook_about)}</p>
            <p class="actions">
                <a class="button" href=format!("/data/lagesbild.xlsx?lang={}", lang.tag()) download="" rel="external">
                    {td_string!(locale, data.workbook_link)}
                </a>
                <a class="button-secondary button" href=format!("/data/lagesbild.xlsx?lang={}", other.tag())
                    download="" rel="external" hreflang=other.tag()>
                    {td_string!(locale, data.workbook_link_other)}
                </a>
            </p>
        </section>
        {catalogue.import.map(|table| {
            let (heading, text) = if table == TableName::Funding {
                (td_string!(locale, import_funding.data_heading), td_string!(locale, import_funding.data_text))
            } else {
                (td_string!(locale, import.data_heading), td_string!(locale, import.data_text))
            };
            view! {
                <section class="panel" aria-labelledby="import-heading">
                    <h2 id="import-heading">{heading}</h2>
                    <p>{text}</p>
                    <p class="actions"><a class="button" href="/data/import">{td_string!(locale, import.nav)}</a></p>
                </section>
            }
        })}
        <section class="panel" aria-labelledby="api-heading">
            <h2 id="api-heading">{td_string!(locale, api.data_heading)}</h2>
            <p>{td_string!(locale, api.data_text)}</p>
            <p class="actions"><a class="button-secondary button" href="/data/api">{td_string!(locale, api.data_link)}</a></p>
        </section>
        {(!catalogue.report_periods.is_empty()).then(|| {
            let periods = catalogue.report_periods.clone();
            view! {
                <section class="panel" aria-labelledby="government-report-heading">
                    <h2 id="government-report-heading">{td_string!(locale, government_report.heading)}</h2>
                    <p>{td_string!(locale, government_report.text)}</p>
                    <form method="get" action="/data/lagesrapport.docx" class="form form-inline">
                        <div class="field">
                            <label for="report-period">{td_string!(locale, government_report.choose_period)}</label>
                            <select id="report-period" name="period">
                                {periods.into_iter().map(|period| view! {
                                    <option value=period.clone()>{period.clone()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <LanguageSelect id="report-lang" label=td_string!(locale, government_report.language)/>
                        <button type="submit" class="button">{td_string!(locale, government_report.make)}</button>
                    </form>
                </section>
            }
        })}
        <section aria-labelledby="rules-heading">
            <h2 id="rules-heading">{td_string!(locale, data.rules_heading)}</h2>
            <ul>
                <li>{td!(locale, data.rule_suppression, threshold = catalogue.suppression_threshold)}</li>
                <li>{td_string!(locale, data.rule_drafts)}</li>
                <li>{td_string!(locale, data.rule_formulas)}</li>
            </ul>
        </section>
        {catalogue.published.then(|| view! {
            <section aria-labelledby="open-data-heading">
                <h2 id="open-data-heading">{td_string!(locale, data.open_data_heading)}</h2>
                <p>{td_string!(locale, data.open_data)} " "
                    <a href="/data/catalog.jsonld" rel="external">{td_string!(locale, data.open_data_link)}</a>
                </p>
            </section>
        })}
        <section aria-labelledby="tables-heading">
            <h2 id="tables-heading">{td_string!(locale, data.tables_heading)}</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="tables-heading">
                <table>
                    <caption>{td_string!(locale, data.tables_caption)}</caption>
                    <thead><tr>
                        <th scope="col">{td_string!(locale, data.col_table)}</th>
                        <th scope="col">{td_string!(locale, data.col_download)}</th>
                        <th scope="col" class="number">{td_string!(locale, data.col_rows)}</th>
                        <th scope="col">{td_string!(locale, data.col_about)}</th>
                        <th scope="col">{td_string!(locale, data.col_columns)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
