//! Who is looking: a signed-in user or an anonymous visitor. Sent to the page so that it can
//! show the right controls; the server never trusts it back (see `policy`).

use super::OrganisationRef;
use crate::domain::{CountyCode, Role};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedInUser {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub organisation_id: i64,
    pub organisation: OrganisationRef,
    /// The county of a county board's user.
    pub county_code: Option<CountyCode>,
    /// The access token the request came with (`None`: a session in a browser); the policy
    /// narrows what it may do.
    #[serde(default)]
    pub token: Option<super::TokenGrant>,
}

// One viewer per request, made once: boxing the user would cost an allocation for nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Viewer {
    #[default]
    Anonymous,
    User(SignedInUser),
}

impl Viewer {
    pub fn user(&self) -> Option<&SignedInUser> {
        match self {
            Viewer::Anonymous => None,
            Viewer::User(user) => Some(user),
        }
    }

    pub fn role(&self) -> Option<Role> {
        self.user().map(|user| user.role)
    }
}

/// The password of every account of the demo plan (in the README too; demo data only).
pub const DEMO_PASSWORD: &str = "lagesbild-demo";

/// An account of the demo plan, listed on the sign-in page while the demo plan is loaded so
/// that a newcomer can sign in as each role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoAccount {
    pub email: String,
    pub role: Role,
    pub organisation: OrganisationRef,
}

/// What the page frame needs to know about the visit: who is looking, whether anonymous
/// visitors may read the plan, and what a form sent without JavaScript brought back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Visit {
    pub viewer: Viewer,
    pub public_view: bool,
    /// Only on the page a form sent without JavaScript returned to.
    pub returned: Option<super::FormReturn>,
}

impl Visit {
    /// Whether the main menu leads anywhere for this visitor.
    pub fn may_read_plan(&self) -> bool {
        self.public_view || self.viewer.user().is_some()
    }
}
