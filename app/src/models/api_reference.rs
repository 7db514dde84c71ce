//! The REST API's reference as its page shows it: each operation with its parameters and
//! answers, and each type with its fields. Built by the server from the API's OpenAPI document
//! (`server/src/api/reference.rs`), so the page and the document never disagree.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiReference {
    pub operations: Vec<ApiOperation>,
    pub types: Vec<ApiType>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiOperation {
    /// `GET`, `PUT`.
    pub method: String,
    /// `/api/v1/measures/{code}`.
    pub path: String,
    /// The first line of its description.
    pub summary: String,
    /// The rest of it, possibly empty.
    pub description: String,
    pub parameters: Vec<ApiField>,
    /// The type of the request's body, if it takes one.
    pub body: Option<String>,
    pub answers: Vec<ApiAnswer>,
}

/// A parameter of an operation or a field of a type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiField {
    pub name: String,
    /// For a parameter: `path`, `query` or `header`; empty for a field.
    pub place: String,
    /// What it holds, as the document says: `string`, `integer`, `Text`, `[Measure]`, or the
    /// values it may take.
    pub kind: String,
    pub required: bool,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiAnswer {
    /// `200`, `412`.
    pub status: String,
    pub description: String,
    /// The type of its body, if it has one.
    pub body: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiType {
    pub name: String,
    pub description: String,
    pub fields: Vec<ApiField>,
}

impl ApiOperation {
    /// The operation's anchor on the reference page: `get-api-v1-measures-code`.
    pub fn anchor(&self) -> String {
        let mut anchor = self.method.to_lowercase();
        for part in self.path.split(|c: char| !c.is_ascii_alphanumeric()) {
            if !part.is_empty() {
                anchor.push('-');
                anchor.push_str(part);
            }
        }
        anchor
    }
}
