//! The REST API, version 1 (`/api/v1/`): the plan's data as JSON for programs, with a personal
//! access token (`Authorization: Bearer …`; README, "Getting data in and out"). Each handler
//! asks the same policy and calls the same functions as the pages and the forms, and answers
//! an error as problem details (RFC 9457). The OpenAPI document at `/api/v1/openapi.json` is
//! generated from the handlers and types here.

// A problem is the error of a request that ends with it: moved once into the response, never
// kept, so its size (a few vectors and strings) costs nothing worth boxing.
#![allow(clippy::result_large_err)]

mod assignments;
mod body;
mod funding;
mod history;
mod measures;
mod not_modified;
mod problem;
mod reads;
mod reference_page;
mod regional_rows;
mod reports;
mod resources;

use app::error::AppError;
use app::models::Viewer;
use app::policy::{self, Action};
use app::server::AppState;
use app::server::db::{Freshness, reference::CurrentPlan};
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use not_modified::ConditionalReads;
use problem::Problem;
pub use reference_page::reference;
use resources::Page;
use serde::Deserialize;
use sqlx::{Any, pool::PoolConnection};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{IntoParams, Modify, OpenApi};

/// Where the API lives.
pub const PREFIX: &str = "/api/v1";

/// The API's routes, under [`PREFIX`]; any other address or method there is a problem too.
pub fn routes() -> Router<AppState> {
    let api = Router::new()
        .route("/openapi.json", get(openapi_json))
        .route("/plan", get(reads::plan))
        .route("/areas", get(reads::areas))
        .route("/measures", get(reads::measures).post(measures::add))
        .route(
            "/measures/{code}",
            get(reads::measure).put(measures::change),
        )
        .route(
            "/assignments",
            get(reads::assignments).post(assignments::register),
        )
        .route(
            "/assignments/{number}",
            get(assignments::one).put(assignments::change),
        )
        .route(
            "/assignments/{number}/deadlines",
            axum::routing::post(assignments::add_deadline),
        )
        .route(
            "/assignments/{number}/deadlines/{id}",
            get(assignments::deadline).put(assignments::change_deadline),
        )
        .route(
            "/funding-lines",
            get(reads::funding_lines).post(funding::add),
        )
        .route(
            "/funding-lines/{id}",
            get(funding::one).put(funding::change),
        )
        .route("/obligations", get(reads::obligations))
        .route("/indicators", get(reads::indicators))
        .route("/history/{of}/{key}", get(history::history))
        .route("/plan-as-of", get(history::plan_as_of))
        .route("/reports", get(reports::list))
        .route(
            "/reports/{subject}/{about}/{period}",
            get(reports::period).put(reports::save),
        )
        .route(
            "/reports/{subject}/{about}/{period}/draft",
            axum::routing::delete(reports::discard_draft),
        )
        .route("/regional-rows", get(regional_rows::list))
        .route(
            "/regional-rows/{measure}/{county}",
            get(regional_rows::one).put(regional_rows::change),
        )
        .fallback(problem::not_found)
        .method_not_allowed_fallback(problem::method_not_allowed)
        .layer(axum::middleware::from_fn(not_modified::answer));
    Router::new().nest(PREFIX, api)
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Lägesbild API",
        version = "1",
        description = "The action plan's data for programs: measures, assignments, \
                       funding, the counties' rows, progress reports and obligations. \
                       Authenticate with a personal access token made on your account page: \
                       `Authorization: Bearer <token>`. A token does what its person may, and a \
                       token that reads changes nothing. Errors are problem details (RFC 9457)."
    ),
    paths(
        reads::plan,
        reads::areas,
        reads::measures,
        reads::measure,
        measures::add,
        measures::change,
        reads::assignments,
        assignments::one,
        assignments::register,
        assignments::change,
        assignments::deadline,
        assignments::add_deadline,
        assignments::change_deadline,
        reads::funding_lines,
        funding::one,
        funding::add,
        funding::change,
        reads::obligations,
        reads::indicators,
        history::history,
        history::plan_as_of,
        reports::list,
        reports::period,
        reports::save,
        reports::discard_draft,
        regional_rows::list,
        regional_rows::one,
        regional_rows::change,
    ),
    components(schemas(Problem)),
    modifiers(&BearerToken, &PathParametersRequired, &ConditionalReads),
    security(("token" = [])),
    tags(
        (name = "plan", description = "The plan, its areas, measures and assignments"),
        (name = "funding", description = "Money for the measures"),
        (name = "reports", description = "Progress reports on the measures and assignments"),
        (name = "regional", description = "The county boards' rows on the regional measures"),
        (name = "history", description = "Who changed what and when, and the plan as it stood on a day"),
    )
)]
struct ApiDoc;

/// The API's one security scheme: a personal access token as a bearer token.
struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

/// Every path parameter is required (OpenAPI demands it; utoipa leaves it out for a parameter
/// whose schema is written by hand, such as a closed list).
struct PathParametersRequired;

impl Modify for PathParametersRequired {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::Required;
        use utoipa::openapi::path::ParameterIn;
        for item in openapi.paths.paths.values_mut() {
            for operation in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ]
            .into_iter()
            .flatten()
            {
                for parameter in operation.parameters.iter_mut().flatten() {
                    if parameter.parameter_in == ParameterIn::Path {
                        parameter.required = Required::True;
                    }
                }
            }
        }
    }
}

/// Whether `request` is for the API (its refusals are problem details too).
pub fn is_api<B>(request: &axum::http::Request<B>) -> bool {
    request.uri().path().starts_with(PREFIX)
}

/// A request for the API refused before it reached the API (a token that does not work).
pub fn refusal(status: axum::http::StatusCode, detail: &str) -> Response {
    Problem::new(status, detail).into_response()
}

/// The OpenAPI document (3.1) of the API.
pub fn openapi() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// `GET /api/v1/openapi.json`: for anyone, like the README.
async fn openapi_json() -> Response {
    axum::Json(openapi()).into_response()
}

/// Who asks, and what the request knows of their recent writes: every handler's first
/// argument. (The router's middleware has found the viewer from the token or the session.)
pub struct Caller {
    pub viewer: Viewer,
    pub freshness: Freshness,
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Caller {
            viewer: parts
                .extensions
                .get::<Viewer>()
                .cloned()
                .unwrap_or_default(),
            freshness: parts
                .extensions
                .get::<Freshness>()
                .cloned()
                .unwrap_or_default(),
        })
    }
}

impl Caller {
    /// A connection to read the plan on (read-only for oversight), once the policy has let the
    /// caller read it, and the current plan.
    async fn read_plan(
        &self,
        state: &AppState,
    ) -> Result<(PoolConnection<Any>, CurrentPlan), Problem> {
        policy::check(&self.viewer, &Action::ReadPlan, state.settings.access())
            .map_err(AppError::from)?;
        Ok(crate::exports::plan_connection(state, &self.viewer, &self.freshness).await?)
    }

    /// The first gate of every change to the plan (a measure, a line, an assignment), passed
    /// before the body is read: whose role edits no part of the plan learns nothing more.
    fn may_edit_plan(&self, state: &AppState) -> Result<(), Problem> {
        policy::check(
            &self.viewer,
            &Action::CreateMeasure,
            state.settings.access(),
        )
        .map_err(|error| AppError::from(error).into())
    }

    /// Whether the caller may edit measure `code` (its money too), asked before the body is
    /// read: who may not learns nothing more. (The save asks again in its transaction.)
    async fn may_edit_measure(&self, state: &AppState, code: &str) -> Result<(), Problem> {
        let (mut conn, plan) = self.read_plan(state).await?;
        app::server::measures::editable_measure(
            &mut conn,
            plan.id,
            &self.viewer,
            state.settings.access(),
            code,
        )
        .await?;
        Ok(())
    }
}

/// A list's query parameters that pick the page.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Paging {
    /// The page, from 1 (default 1).
    #[param(minimum = 1)]
    page: Option<u32>,
    /// Items per page, 1 to 500 (default 100).
    #[param(minimum = 1, maximum = 500)]
    per_page: Option<u32>,
}

/// The most items a page holds.
const MAX_PER_PAGE: u32 = 500;

impl Paging {
    /// Page `page` of `items` (all that match), or why the page asked for cannot be.
    fn page<T>(&self, items: impl Iterator<Item = T>) -> Result<Page<T>, Problem> {
        let page = self.page.unwrap_or(1);
        let per_page = self.per_page.unwrap_or(100);
        if page == 0 {
            return Err(Problem::bad_parameter("page counts from 1"));
        }
        if per_page == 0 || per_page > MAX_PER_PAGE {
            return Err(Problem::bad_parameter(format!(
                "per_page is from 1 to {MAX_PER_PAGE}"
            )));
        }
        let items: Vec<T> = items.collect();
        let total = items.len();
        let skip = usize::try_from(u64::from(page - 1) * u64::from(per_page)).unwrap_or(usize::MAX);
        Ok(Page {
            items: items
                .into_iter()
                .skip(skip)
                .take(per_page as usize)
                .collect(),
            page,
            per_page,
            total,
        })
    }
}

/// A query string read into `T`, or a problem naming what could not be read.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(query)) => Ok(ApiQuery(query)),
            Err(rejection) => Err(bad_query(&rejection)),
        }
    }
}

fn bad_query(rejection: &QueryRejection) -> Problem {
    Problem::bad_parameter(rejection.body_text())
}
