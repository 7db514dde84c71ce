//! Where a page's data was read: which plan, at which revision.

use serde::{Deserialize, Serialize};

/// The plan a page's data was read from and the plan's revision then (`server::cache`). The
/// server keeps the HTML a page renders from data of one revision until a change moves the
/// revision (`components::render_kept`). The default is no plan: data that says nothing about
/// where it was read is rendered every time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ReadAt {
    pub plan: i64,
    pub revision: i64,
}

impl ReadAt {
    /// Whether this names a plan's revision (data read before any plan existed does not).
    pub fn is_known(self) -> bool {
        self != ReadAt::default()
    }
}
