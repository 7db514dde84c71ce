//! The state every request shares.

use super::db::Db;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;

/// Settings that change what pages show (not where things are: that is the server's config).
#[derive(Debug, Clone)]
pub struct Settings {
    /// Counts of people below this are shown as `..`.
    pub suppression_threshold: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            suppression_threshold: crate::domain::SUPPRESSION_THRESHOLD,
        }
    }
}

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub settings: Settings,
}
