//! Conditional reads (RFC 9110, 13.1.2): a caller that holds a record at some version sends its
//! `ETag` as `If-None-Match`, and when that is still the saved version the answer is
//! `304 Not Modified` without the record. One rule for every read that answers an `ETag`, and
//! the OpenAPI document says so for each of them.

use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use utoipa::Modify;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::{Required, ResponseBuilder, schema::Object};

/// The middleware: a read's `200` whose `ETag` the caller named in `If-None-Match` becomes a
/// `304` with that `ETag` and no body.
pub async fn answer(request: Request, next: Next) -> Response {
    let held = matches!(*request.method(), Method::GET | Method::HEAD)
        .then(|| request.headers().get(header::IF_NONE_MATCH).cloned())
        .flatten();
    let response = next.run(request).await;
    let Some(held) = held else {
        return response;
    };
    match response.headers().get(header::ETAG) {
        Some(etag) if response.status() == StatusCode::OK && names(&held, etag) => {
            let mut not_modified = StatusCode::NOT_MODIFIED.into_response();
            not_modified
                .headers_mut()
                .insert(header::ETAG, etag.clone());
            not_modified
        }
        _ => response,
    }
}

/// Whether `If-None-Match: held` names `etag` (`*`, or one of its tags compared weakly: a
/// `W/` in front does not count).
fn names(held: &HeaderValue, etag: &HeaderValue) -> bool {
    let (Ok(held), Ok(etag)) = (held.to_str(), etag.to_str()) else {
        return false;
    };
    let opaque = |tag: &str| tag.trim().trim_start_matches("W/").to_owned();
    held.trim() == "*" || held.split(',').any(|tag| opaque(tag) == opaque(etag))
}

/// Every read whose `200` has an `ETag` takes `If-None-Match` and may answer `304`.
pub struct ConditionalReads;

impl Modify for ConditionalReads {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let Some(read) = item.get.as_mut() else {
                continue;
            };
            let has_etag = read
                .responses
                .responses
                .get("200")
                .and_then(|response| match response {
                    utoipa::openapi::RefOr::T(response) => Some(response),
                    utoipa::openapi::RefOr::Ref(_) => None,
                })
                .is_some_and(|response| response.headers.contains_key("ETag"));
            if !has_etag {
                continue;
            }
            read.parameters
                .get_or_insert_with(Vec::new)
                .push(if_none_match());
            read.responses.responses.insert(
                "304".to_owned(),
                ResponseBuilder::new()
                    .description(
                        "Not modified: the version named in `If-None-Match` is the one saved",
                    )
                    .build()
                    .into(),
            );
        }
    }
}

fn if_none_match() -> Parameter {
    ParameterBuilder::new()
        .name("If-None-Match")
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "The `ETag` you hold, e.g. `\"2\"`: while it is the saved version the answer is \
             `304` without a body",
        ))
        .schema(Some(Object::with_type(utoipa::openapi::Type::String)))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_it(held: &str, etag: &str) -> bool {
        names(
            &HeaderValue::from_str(held).unwrap(),
            &HeaderValue::from_str(etag).unwrap(),
        )
    }

    #[test]
    fn if_none_match_names_an_etag_by_any_of_its_tags_weakly_or_by_a_star() {
        assert!(names_it("\"3\"", "\"3\""));
        assert!(names_it("\"1\", W/\"3\"", "\"3\""));
        assert!(names_it("*", "\"0.2\""));
        assert!(!names_it("\"2\"", "\"3\""));
        assert!(!names_it("3", "\"3\""));
    }
}
