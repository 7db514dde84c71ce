//! The state every request shares.

use super::db::Db;
use crate::policy::Access;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::time::Duration;

/// Settings that change what pages show and who may see them (not where things are: that is
/// the server's config).
#[derive(Debug, Clone)]
pub struct Settings {
    /// Counts of people below this are shown as `..`.
    pub suppression_threshold: i64,
    /// Whether anonymous visitors may read published data (off by default).
    pub public_view: bool,
    /// Whether the site is served over TLS (directly or behind a proxy): the session cookie is
    /// then `Secure` and responses carry HSTS.
    pub behind_tls: bool,
    /// Whether a reverse proxy in front appends each client's address to `X-Forwarded-For`
    /// (see `auth::ClientAddress`).
    pub behind_proxy: bool,
    /// A session ends after this long without a request...
    pub session_idle: Duration,
    /// ...and in any case this long after sign-in.
    pub session_max_age: Duration,
    /// Where visitors report accessibility problems (an e-mail address), shown in the
    /// accessibility statement; empty when the operator has not named one.
    pub accessibility_contact: String,
    /// The licence of the published data (a URI) and where its users reach the publisher (an
    /// e-mail address, possibly empty), for the open-data catalogue.
    pub data_licence: String,
    pub data_contact: String,
    /// The bearer token that opens `/metrics` on the application's own address; without one,
    /// metrics are served only on their own address, if the operator names one.
    pub metrics_token: Option<String>,
    /// The address people reach the site at, without a trailing slash
    /// (`https://lagesbild.example.se`): the links the site gives out start with it.
    pub public_url: String,
}

impl Settings {
    /// `path` on this site (`/calendar/…`) as an address to give out.
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.public_url)
    }

    pub fn access(&self) -> Access {
        Access {
            public_view: self.public_view,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            suppression_threshold: crate::domain::SUPPRESSION_THRESHOLD,
            public_view: false,
            behind_tls: false,
            behind_proxy: false,
            session_idle: Duration::from_secs(60 * 60),
            session_max_age: Duration::from_secs(12 * 60 * 60),
            accessibility_contact: String::new(),
            data_licence: "http://creativecommons.org/publicdomain/zero/1.0/".to_owned(),
            data_contact: String::new(),
            metrics_token: None,
            public_url: "http://localhost:3000".to_owned(),
        }
    }
}

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub settings: Settings,
    /// What day and time it is for everything the application dates.
    pub clock: super::Clock,
    /// What is computed from the plan, kept until the plan changes.
    pub caches: std::sync::Arc<super::cache::Caches>,
    /// The site's files under names that carry their content.
    pub assets: std::sync::Arc<super::assets::Assets>,
    /// The REST API's reference, from its OpenAPI document (the server's router sets it).
    pub api_reference: std::sync::Arc<crate::models::ApiReference>,
}
