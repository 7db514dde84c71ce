//! The accessibility statement's one setting: where to report problems. Public, like the
//! statement itself: a visitor who cannot sign in must still be able to report that.

use crate::error::AppError;
use leptos::prelude::*;

/// The e-mail address for reporting accessibility problems, or empty if none is configured.
#[server(endpoint = "accessibility_contact")]
pub async fn get_accessibility_contact() -> Result<String, AppError> {
    super::respond(crate::server::state().map(|state| state.settings.accessibility_contact.clone()))
}
