//! The API's reference page's content (`/data/api`), read from the OpenAPI document that the
//! API serves: each operation with its parameters and answers, and each type with its fields.
//! One source, so the page says what the document says.

use app::models::{ApiAnswer, ApiField, ApiOperation, ApiReference, ApiType};
use serde_json::Value;
use std::sync::{Arc, OnceLock};

/// The reference, made once per process (the document never changes while it runs).
pub fn reference() -> Arc<ApiReference> {
    static REFERENCE: OnceLock<Arc<ApiReference>> = OnceLock::new();
    REFERENCE
        .get_or_init(|| {
            let document = serde_json::to_value(super::openapi()).unwrap_or_default();
            Arc::new(of_document(&document))
        })
        .clone()
}

/// The reference of an OpenAPI 3.1 `document`.
fn of_document(document: &Value) -> ApiReference {
    let schemas: Vec<(&str, &Value)> = document["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, schema)| (name.as_str(), schema))
        .collect();
    let names = Names(&schemas);
    let mut operations = Vec::new();
    for (path, item) in document["paths"].as_object().into_iter().flatten() {
        for (method, operation) in item.as_object().into_iter().flatten() {
            operations.push(operation_of(method, path, operation, names));
        }
    }
    let types = schemas
        .iter()
        .map(|(name, schema)| type_of(name, schema, names))
        .collect();
    ApiReference { operations, types }
}

/// The document's named types: a type written out in place (the items of a page are) is named
/// by the type it equals.
#[derive(Clone, Copy)]
struct Names<'a>(&'a [(&'a str, &'a Value)]);

impl Names<'_> {
    fn of(&self, schema: &Value) -> Option<String> {
        self.0
            .iter()
            .find(|(_, named)| *named == schema)
            .map(|(name, _)| (*name).to_owned())
    }
}

fn operation_of(method: &str, path: &str, operation: &Value, names: Names) -> ApiOperation {
    let text = |key: &str| operation[key].as_str().unwrap_or_default().to_owned();
    let parameters = operation["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| ApiField {
            name: text_of(&p["name"]),
            place: text_of(&p["in"]),
            kind: kind_of(&p["schema"], names),
            required: p["required"].as_bool().unwrap_or(false),
            description: text_of(&p["description"]),
        })
        .collect();
    let answers = operation["responses"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(status, answer)| ApiAnswer {
            status: status.clone(),
            description: text_of(&answer["description"]),
            body: body_of(&answer["content"], names),
        })
        .collect();
    ApiOperation {
        method: method.to_uppercase(),
        path: path.to_owned(),
        summary: text("summary"),
        description: text("description"),
        parameters,
        body: body_of(&operation["requestBody"]["content"], names),
        answers,
    }
}

fn type_of(name: &str, schema: &Value, names: Names) -> ApiType {
    let required: Vec<&str> = schema["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    ApiType {
        name: name.to_owned(),
        description: text_of(&schema["description"]),
        fields: schema["properties"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(field, property)| ApiField {
                name: field.clone(),
                place: String::new(),
                kind: kind_of(property, names),
                required: required.contains(&field.as_str()),
                description: text_of(&property["description"]),
            })
            .collect(),
    }
}

fn text_of(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

/// The type of the first content of a body (`{"application/json": {"schema": …}}`).
fn body_of(content: &Value, names: Names) -> Option<String> {
    let (_, media) = content.as_object()?.iter().next()?;
    Some(kind_of(&media["schema"], names))
}

/// What a schema holds, in a few words: a type's name, `[Measure]` for a list, the values of a
/// closed vocabulary, `string (date)`, or the kinds it may be joined by `or`.
fn kind_of(schema: &Value, names: Names) -> String {
    if let Some(reference) = schema["$ref"].as_str() {
        return reference.rsplit('/').next().unwrap_or(reference).to_owned();
    }
    if let Some(name) = names.of(schema) {
        return name;
    }
    if let Some(values) = schema["enum"].as_array() {
        let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
        return values.join(" | ");
    }
    if let Some(choices) = schema["oneOf"].as_array() {
        let kinds: Vec<String> = choices.iter().map(|c| kind_of(c, names)).collect();
        return kinds.join(" or ");
    }
    let kinds: Vec<String> = match &schema["type"] {
        Value::String(kind) => vec![single_kind(kind, schema, names)],
        Value::Array(kinds) => kinds
            .iter()
            .filter_map(Value::as_str)
            .map(|kind| single_kind(kind, schema, names))
            .collect(),
        _ => vec!["any".to_owned()],
    };
    kinds.join(" or ")
}

fn single_kind(kind: &str, schema: &Value, names: Names) -> String {
    match (kind, schema["format"].as_str()) {
        ("array", _) => format!("[{}]", kind_of(&schema["items"], names)),
        ("integer", _) | (_, None) => kind.to_owned(),
        (_, Some(format)) => format!("{kind} ({format})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_holds_every_operation_and_type_of_the_document() {
        let document = serde_json::to_value(super::super::openapi()).unwrap();
        let reference = of_document(&document);
        let operations: usize = document["paths"]
            .as_object()
            .unwrap()
            .values()
            .map(|item| item.as_object().unwrap().len())
            .sum();
        assert_eq!(reference.operations.len(), operations);
        let change = reference
            .operations
            .iter()
            .find(|o| o.method == "PUT" && o.path.contains("regional-rows"))
            .expect("the row's change");
        assert_eq!(change.body.as_deref(), Some("RegionalRowChange"));
        assert!(
            change
                .parameters
                .iter()
                .any(|p| p.name == "If-Match" && p.place == "header" && p.required)
        );
        assert!(
            change
                .answers
                .iter()
                .any(|a| a.status == "412" && a.body.as_deref() == Some("Problem"))
        );
        let row = reference
            .types
            .iter()
            .find(|t| t.name == "RegionalRow")
            .expect("the row's type");
        let status = row.fields.iter().find(|f| f.name == "status").unwrap();
        assert!(status.kind.contains("\"on_track\""), "{}", status.kind);
        let updated = row.fields.iter().find(|f| f.name == "updated_at").unwrap();
        assert_eq!(updated.kind, "string (date-time)");
        let page = reference
            .types
            .iter()
            .find(|t| t.name == "Page_Measure")
            .expect("a page of measures");
        let items = page.fields.iter().find(|f| f.name == "items").unwrap();
        assert_eq!(items.kind, "[Measure]");
    }

    #[test]
    fn an_operation_s_anchor_is_its_method_and_path() {
        let reference = reference();
        let one = reference
            .operations
            .iter()
            .find(|o| o.path == "/api/v1/measures/{code}")
            .unwrap();
        assert_eq!(one.anchor(), "get-api-v1-measures-code");
    }
}
