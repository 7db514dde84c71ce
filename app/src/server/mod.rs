//! What only the server holds: the database, the application state and the rules that need
//! them. Compiled only with the `ssr` feature, so none of it reaches the WebAssembly bundle.

pub mod assets;
pub mod assignments;
pub mod auth;
pub mod cache;
pub mod changes;
pub mod charts;
mod clock;
pub mod db;
pub mod funding;
pub mod government_report;
pub mod history;
pub mod import;
pub mod measures;
pub mod plain_forms;
pub mod regional_rows;
pub mod reports;
pub mod review;
pub mod schedule;
pub mod spreadsheet;
mod state;
pub mod tables;
pub mod telemetry;
pub mod word;
pub mod workbook;

pub use clock::{Clock, Timestamp};
pub use state::{AppState, Settings};

use crate::error::AppError;

/// The application state of the current request, provided to pages and server functions as
/// context by the router.
pub fn state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        telemetry::failure(
            "reading the application state",
            &"missing from the request context",
        );
        AppError::Internal
    })
}
