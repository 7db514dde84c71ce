//! Where a page's data was read: which plan, at which revision, for which day.

use crate::domain::IsoDate;
use serde::{Deserialize, Serialize};

/// The plan a page's data was read from, the plan's revision then (`server::cache`) and the day
/// it was computed for. The server keeps the HTML a page renders from data of one revision and
/// day until a change moves the revision (`components::render_kept`). The default is no plan:
/// data that says nothing about where it was read is rendered every time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ReadAt {
    pub plan: i64,
    pub revision: i64,
    pub day: Option<IsoDate>,
}
