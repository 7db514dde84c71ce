//! `GET /data/catalog.jsonld`: the published tables described for Sweden's national data portal
//! (dataportal.se), which harvests DCAT-AP-SE catalogues in JSON-LD. Served only while anonymous
//! visitors may read the plan (the public view): it describes the CSV files they can download,
//! each in Swedish and English, under the configured licence and contact.

use app::components::{table_about, table_label};
use app::domain::{Lang, Localized, TableName};
use app::i18n::Locale;
use app::models::Viewer;
use app::policy::{self, Action};
use app::server::AppState;
use app::server::db::reference::{self, CurrentPlan};
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// The catalogue's fixed address.
pub const PATH: &str = "/data/catalog.jsonld";

/// The EU vocabularies DCAT-AP names values from.
const EU: &str = "http://publications.europa.eu/resource/authority";

pub async fn catalogue(State(state): State<AppState>) -> Response {
    // What anonymous visitors may read is what is published.
    if policy::check(
        &Viewer::Anonymous,
        &Action::ReadPlan,
        state.settings.access(),
    )
    .is_err()
    {
        return StatusCode::NOT_FOUND.into_response();
    }
    let plan = async {
        let mut conn = state
            .db
            .for_viewer(&Viewer::Anonymous, &Default::default())
            .await?;
        reference::current_plan(&mut conn).await
    };
    match plan.await {
        Ok(Some(plan)) => (
            [(header::CONTENT_TYPE, "application/ld+json")],
            describe(&plan, &state.settings).to_string(),
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            app::server::telemetry::failure("reading the plan for the data catalogue", &error);
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// A text in both languages, as JSON-LD language-tagged values.
fn both(text: &Localized) -> Value {
    json!([
        { "@value": text.sv, "@language": "sv" },
        { "@value": text.en, "@language": "en" },
    ])
}

fn in_both(text: impl Fn(Locale) -> String) -> Localized {
    Localized::new(text(Locale::sv), text(Locale::en))
}

fn language(lang: Lang) -> Value {
    json!({ "@id": format!("{EU}/language/{}", match lang {
        Lang::Sv => "SWE",
        Lang::En => "ENG",
    }) })
}

/// The DCAT-AP-SE catalogue of `plan`'s published tables.
fn describe(plan: &CurrentPlan, settings: &app::server::Settings) -> Value {
    let p = &plan.summary;
    let publisher_id = settings.link("/#publisher");
    let licence = json!({ "@id": settings.data_licence });
    let mut contact = json!({
        "@type": "vcard:Organization",
        "vcard:fn": p.lead_ministry.name.sv,
    });
    if !settings.data_contact.is_empty() {
        contact["vcard:hasEmail"] = json!({ "@id": format!("mailto:{}", settings.data_contact) });
    }
    let datasets: Vec<Value> = TableName::ALL
        .iter()
        .map(|name| {
            let label = in_both(|locale| table_label(*name, locale));
            let title = Localized::new(
                format!("{}: {}", p.title.sv, label.sv),
                format!("{}: {}", p.title.en, label.en),
            );
            let distributions: Vec<Value> = [Lang::Sv, Lang::En]
                .into_iter()
                .map(|lang| {
                    let url = settings.link(&format!("/data/{name}.csv?lang={}", lang.tag()));
                    let written_in = match lang {
                        Lang::Sv => "svenska",
                        Lang::En => "English",
                    };
                    json!({
                        "@id": url,
                        "@type": "dcat:Distribution",
                        "dct:title": format!("{} (CSV, {written_in})", label.get(lang)),
                        "dcat:accessURL": { "@id": url },
                        "dcat:downloadURL": { "@id": url },
                        "dcat:mediaType": { "@id": "http://www.iana.org/assignments/media-types/text/csv" },
                        "dct:format": { "@id": format!("{EU}/file-type/CSV") },
                        "dct:language": language(lang),
                        "dct:license": licence,
                    })
                })
                .collect();
            json!({
                "@id": settings.link(&format!("/data#{name}")),
                "@type": "dcat:Dataset",
                "dct:identifier": settings.link(&format!("/data#{name}")),
                "dct:title": both(&title),
                "dct:description": both(&in_both(|locale| table_about(*name, locale))),
                "dct:publisher": { "@id": publisher_id },
                "dcat:contactPoint": contact,
                "dcat:theme": { "@id": format!("{EU}/data-theme/GOVE") },
                "dcat:keyword": [
                    { "@value": "människohandel", "@language": "sv" },
                    { "@value": "human trafficking", "@language": "en" },
                ],
                "dct:spatial": { "@id": format!("{EU}/country/SWE") },
                "dct:temporal": {
                    "@type": "dct:PeriodOfTime",
                    "dcat:startDate": { "@value": p.period_start.to_string(), "@type": "xsd:date" },
                    "dcat:endDate": { "@value": p.period_end.to_string(), "@type": "xsd:date" },
                },
                "dcat:landingPage": { "@id": settings.link("/data") },
                "dcat:distribution": distributions,
            })
        })
        .collect();
    json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": settings.link(PATH),
        "@type": "dcat:Catalog",
        "dct:title": both(&Localized::new(
            format!("Lägesbild: {}", p.title.sv),
            format!("Lägesbild: {}", p.title.en),
        )),
        "dct:description": both(if p.description.sv.is_empty() { &p.title } else { &p.description }),
        "dct:publisher": {
            "@id": publisher_id,
            "@type": "foaf:Agent",
            "foaf:name": both(&p.lead_ministry.name),
        },
        "dct:license": licence,
        "dct:language": [language(Lang::Sv), language(Lang::En)],
        "foaf:homepage": { "@id": settings.link("/") },
        "dcat:dataset": datasets,
    })
}
