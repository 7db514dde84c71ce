//! What is computed from the plan and only changes when the plan does (the reporting schedule's
//! unmet deadlines, the overview's roll-ups), kept in this server's memory under the plan's
//! revision: a number the database moves, by trigger, in the same transaction as every change
//! to the plan's data (migration `0008_plan_revision`). A request reads the revision with the
//! plan (`db::reference::current_plan`) and uses what was kept for that revision, or computes
//! it and keeps it. A change made through any app server moves the revision for all of them,
//! so none serves what was computed before it.

use crate::domain::{IsoDate, Lang};
use crate::models::{DeadlineItem, Overview};
use crate::server::db::deadlines;
use crate::server::db::reference::CurrentPlan;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

/// At most this many results are kept per kind (days and languages asked for at one revision).
const MAX_ENTRIES: usize = 64;

/// Results of one kind, by key, all computed at one revision of the plan.
pub struct PlanCache<K, V> {
    entries: Mutex<Entries<K, V>>,
}

struct Entries<K, V> {
    revision: i64,
    values: HashMap<K, Arc<V>>,
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

impl<K: Eq + Hash, V> PlanCache<K, V> {
    /// What was kept for `key` at `revision`, if anything.
    pub fn get(&self, revision: i64, key: &K) -> Option<Arc<V>> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        (entries.revision == revision)
            .then(|| entries.values.get(key).cloned())
            .flatten()
    }

    /// Keeps `value`, computed for `key` at `revision` (what was kept for an earlier revision
    /// is dropped; a value of an earlier revision than what is kept is not kept).
    pub fn put(&self, revision: i64, key: K, value: V) -> Arc<V> {
        let value = Arc::new(value);
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if revision > entries.revision {
            entries.revision = revision;
            entries.values.clear();
        }
        if revision == entries.revision {
            if entries.values.len() >= MAX_ENTRIES {
                entries.values.clear();
            }
            entries.values.insert(key, Arc::clone(&value));
        }
        value
    }

    /// What was kept for `key` at `revision`, or `compute`'s answer, kept.
    pub async fn get_or_compute<E>(
        &self,
        revision: i64,
        key: K,
        compute: impl AsyncFnOnce() -> Result<V, E>,
    ) -> Result<Arc<V>, E> {
        if let Some(kept) = self.get(revision, &key) {
            return Ok(kept);
        }
        let value = compute().await?;
        Ok(self.put(revision, key, value))
    }
}

/// Every kind of result kept, shared by the requests of one app server.
#[derive(Default)]
pub struct Caches {
    /// Every unmet deadline of a plan (by plan id and day).
    pub unmet_deadlines: PlanCache<(i64, IsoDate), Vec<DeadlineItem>>,
    /// The overview with its charts (by plan id, day and language).
    pub overview: PlanCache<(i64, IsoDate, Lang), Overview>,
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
            .get_or_compute(plan.revision, (plan.id, today), async || {
                deadlines::unmet_deadlines(conn, plan.id, plan.schedule(today)).await
            })
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_kept_until_the_revision_moves() {
        let cache: PlanCache<&str, i32> = PlanCache::default();
        assert_eq!(cache.get(1, &"a"), None);
        cache.put(1, "a", 10);
        assert_eq!(cache.get(1, &"a").as_deref(), Some(&10));
        assert_eq!(cache.get(2, &"a"), None, "a later revision computes again");
        cache.put(2, "a", 20);
        assert_eq!(cache.get(1, &"a"), None);
        // A slow request that computed at an earlier revision does not replace a later one.
        cache.put(1, "a", 10);
        assert_eq!(cache.get(2, &"a").as_deref(), Some(&20));
    }
}
