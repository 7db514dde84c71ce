//! What is computed from the plan and only changes when the plan does (the reporting schedule's
//! unmet deadlines, the overview's roll-ups), kept in this server's memory under the plan's
//! revision: a number the database moves, by trigger, in the same transaction as every change
//! to the plan's data (migration `0008_plan_revision`). A request reads the revision with the
//! plan (`db::reference::current_plan`) and uses what was kept for that revision, or computes
//! it and keeps it. A change made through any app server moves the revision for all of them,
//! so none serves what was computed before it.

use crate::domain::{CountyCode, IsoDate, Lang};
use crate::models::{
    Comparison, ComparisonQuery, CountyDetail, Coverage, DeadlineItem, DeadlineList, Flag,
    FundingRollup, MeasureDetail, MeasureFilter, MeasureList, Overview, ReadAt,
};
use crate::server::db::deadlines;
use crate::server::db::reference::CurrentPlan;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

/// Whose drafts a reader of the data catalogue counts: their role, organisation and token
/// scope (a token that only reads counts none).
pub type CatalogueReader = (crate::domain::Role, i64, Option<crate::models::TokenScope>);

/// Whose page, and which: what a page's HTML depends on besides the data it was rendered from
/// (`components::render_kept`). The address carries the page and its choices (filters, sort,
/// page number); the day, what the data was computed for; the role, organisation and token
/// scope, all the policy looks at to decide which links and controls a page shows.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PageKey {
    pub address: String,
    pub lang: Lang,
    pub day: IsoDate,
    pub role: Option<crate::domain::Role>,
    pub organisation: Option<i64>,
    /// The scope of the access token a request came with (none: a browser's session).
    pub token: Option<crate::models::TokenScope>,
}

/// A measure's page without what the viewer may do, and who reports on the measure (from which
/// the policy decides that).
pub type KeptMeasure = (MeasureDetail, Option<crate::server::db::reports::Subject>);

/// At most this many results are kept per kind (plans, days, languages, filters and pages
/// asked for at one revision); the next one pushes out one of them.
const MAX_ENTRIES: usize = 128;

/// Results of one kind, by plan and key, all computed at one revision.
pub struct PlanCache<K, V> {
    entries: Mutex<Entries<K, V>>,
}

struct Entries<K, V> {
    revision: i64,
    values: HashMap<(i64, K), Arc<V>>,
}

impl<K: Eq + Hash, V> Default for PlanCache<K, V> {
    fn default() -> Self {
        PlanCache {
            entries: Mutex::new(Entries {
                revision: i64::MIN,
                values: HashMap::new(),
            }),
        }
    }
}

impl<K: Eq + Hash + Clone, V> PlanCache<K, V> {
    /// What was kept for `key` of a plan at the revision `at` names, if anything.
    pub fn get(&self, at: impl Into<ReadAt>, key: K) -> Option<Arc<V>> {
        let at = at.into();
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        (entries.revision == at.revision)
            .then(|| entries.values.get(&(at.plan, key)).cloned())
            .flatten()
    }

    /// Keeps `value`, computed for `key` of a plan at the revision `at` names (what was kept
    /// for an earlier revision is dropped; a value of an earlier revision than what is kept is
    /// not kept).
    pub fn put(&self, at: impl Into<ReadAt>, key: K, value: V) -> Arc<V> {
        let at = at.into();
        let value = Arc::new(value);
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if at.revision > entries.revision {
            entries.revision = at.revision;
            entries.values.clear();
        }
        if at.revision == entries.revision {
            if entries.values.len() >= MAX_ENTRIES {
                // Any one of them: HashMap's order is as good as random.
                if let Some(any) = entries.values.keys().next().cloned() {
                    entries.values.remove(&any);
                }
            }
            entries.values.insert((at.plan, key), Arc::clone(&value));
        }
        value
    }

    /// What was kept for `key` of `plan` at its revision, or `compute`'s answer, kept.
    pub async fn get_or_compute<E>(
        &self,
        plan: &CurrentPlan,
        key: K,
        compute: impl AsyncFnOnce() -> Result<V, E>,
    ) -> Result<Arc<V>, E> {
        if let Some(kept) = self.get(plan, key.clone()) {
            return Ok(kept);
        }
        let value = compute().await?;
        Ok(self.put(plan, key, value))
    }
}

/// Every kind of result kept, shared by the requests of one app server. Nothing here depends
/// on who asks, unless its key names who: the server function checks that the viewer may read
/// the plan before it asks, and adds what the viewer may do afterwards.
#[derive(Default)]
pub struct Caches {
    /// The HTML of a page's data, rendered once (by page, language, day and the viewer's
    /// role, organisation and token scope).
    pub pages: PlanCache<PageKey, String>,
    /// Every unmet deadline (by day).
    pub unmet_deadlines: PlanCache<IsoDate, Vec<DeadlineItem>>,
    /// The deadline list (by day, organisation and whether it is whole).
    pub deadlines: PlanCache<(IsoDate, Option<String>, bool), DeadlineList>,
    /// The overview with its charts (by day and language).
    pub overview: PlanCache<(IsoDate, Lang), Overview>,
    /// A page of the measures list (by filter, language, day and whether with each measure's
    /// signals).
    pub measures: PlanCache<(MeasureFilter, Lang, IsoDate, bool), MeasureList>,
    /// A list of signals (by day, filter and whether whole).
    pub flag_lists: PlanCache<(IsoDate, crate::models::FlagFilter, bool), crate::models::FlagList>,
    /// A measure's page, without what the viewer may do (by code, day and whether with its
    /// signals).
    pub measure: PlanCache<(String, IsoDate, bool), KeptMeasure>,
    /// A measure's charts (by code, day and language).
    pub measure_charts: PlanCache<(String, IsoDate, Lang), Vec<crate::models::Chart>>,
    /// A county's page (by county, day and whether with its signals).
    pub county: PlanCache<(CountyCode, IsoDate, bool), CountyDetail>,
    /// A county's charts (by county, day and language).
    pub county_charts: PlanCache<(CountyCode, IsoDate, Lang), Vec<crate::models::Chart>>,
    /// The comparison of the counties (by query and language).
    pub comparison: PlanCache<(ComparisonQuery, Lang), Comparison>,
    /// The coverage of forms of exploitation and target groups (by language and day).
    pub coverage: PlanCache<(Lang, IsoDate), Coverage>,
    /// The money added up five ways, and how far it reaches (by day).
    pub funding: PlanCache<IsoDate, FundingRollup>,
    /// Every signal the plan's data raises (by day).
    pub flags: PlanCache<IsoDate, Vec<Flag>>,
    /// Obligations against measures, and the most overdue, as the page shows them (by day).
    pub compliance: PlanCache<IsoDate, crate::models::Compliance>,
    /// The published tables' rows and columns (by language and the viewer's role,
    /// organisation and token scope, which are all the policy looks at to decide whose drafts
    /// they include).
    pub data_catalogue: PlanCache<(Lang, Option<CatalogueReader>), crate::models::DataCatalogue>,
    /// The downloads as anonymous visitors of a public installation get them (by language,
    /// file and day): anyone may ask for them, as often as they like, and each takes building
    /// its tables.
    pub public_downloads: PlanCache<
        (Lang, Option<crate::domain::TableName>, IsoDate),
        crate::server::tables::Download,
    >,
}

impl Caches {
    /// Every unmet deadline of `plan` on `today` (`db::deadlines::unmet_deadlines`), unsorted.
    pub async fn unmet_deadlines(
        &self,
        conn: &mut sqlx::AnyConnection,
        plan: &CurrentPlan,
        today: IsoDate,
    ) -> Result<Arc<Vec<DeadlineItem>>, sqlx::Error> {
        self.unmet_deadlines
            .get_or_compute(plan, today, async || {
                deadlines::unmet_deadlines(conn, plan.id, plan.schedule(today)).await
            })
            .await
    }

    /// Every signal the data of `plan` raises on `today` (`models::Flag::raise`).
    pub async fn flags(
        &self,
        conn: &mut sqlx::AnyConnection,
        plan: &CurrentPlan,
        today: IsoDate,
    ) -> Result<Arc<Vec<Flag>>, sqlx::Error> {
        if let Some(kept) = self.flags.get(plan, today) {
            return Ok(kept);
        }
        let overdue = self
            .unmet_deadlines(conn, plan, today)
            .await?
            .iter()
            .filter(|item| item.days_left < 0)
            .cloned()
            .collect();
        let facts = crate::server::db::flags::facts(conn, plan.id, today, overdue).await?;
        Ok(self.flags.put(plan, today, Flag::raise(&facts, today)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::domain::{Localized, OrganisationKind};
    use crate::models::{OrganisationRef, PlanSummary};

    /// Plan `id` at `revision`.
    fn at(id: i64, revision: i64) -> CurrentPlan {
        let day = IsoDate::from_ymd(2025, 1, 1).expect("a date");
        CurrentPlan {
            id,
            revision,
            summary: PlanSummary {
                code: format!("plan-{id}"),
                title: Localized::default(),
                description: Localized::default(),
                legal_basis: Localized::default(),
                period_start: day,
                period_end: day,
                lead_ministry: OrganisationRef {
                    code: "a".into(),
                    kind: OrganisationKind::Ministry,
                    name: Localized::default(),
                    short_name: String::new(),
                },
                report_due_days: 30,
            },
        }
    }

    #[test]
    fn a_value_is_kept_until_the_revision_moves() {
        let cache: PlanCache<&str, i32> = PlanCache::default();
        let (first, second) = (at(1, 1), at(1, 2));
        assert_eq!(cache.get(&first, "a"), None);
        cache.put(&first, "a", 10);
        assert_eq!(cache.get(&first, "a").as_deref(), Some(&10));
        assert_eq!(cache.get(&at(2, 1), "a"), None, "another plan's is its own");
        assert_eq!(
            cache.get(&second, "a"),
            None,
            "a later revision computes again"
        );
        cache.put(&second, "a", 20);
        assert_eq!(cache.get(&first, "a"), None);
        // A slow request that computed at an earlier revision does not replace a later one.
        cache.put(&first, "a", 10);
        assert_eq!(cache.get(&second, "a").as_deref(), Some(&20));
    }

    #[test]
    fn a_full_cache_makes_room_for_one_more_by_dropping_one() {
        let cache: PlanCache<usize, usize> = PlanCache::default();
        let plan = at(1, 1);
        for n in 0..=MAX_ENTRIES {
            cache.put(&plan, n, n);
        }
        let kept = (0..=MAX_ENTRIES)
            .filter(|n| cache.get(&plan, *n).is_some())
            .count();
        assert_eq!(kept, MAX_ENTRIES);
        assert_eq!(cache.get(&plan, MAX_ENTRIES).as_deref(), Some(&MAX_ENTRIES));
    }
}
