//! What an organisation has to do: its deadlines, its drafts and (for a county board) its rows
//! not updated this quarter; and the deadline list across the plan.

use super::{DeadlineItem, MeasureRef, OrganisationRef};
use crate::domain::{IsoDate, Lang, Localized, ReportingPeriod, sort_key};
use serde::{Deserialize, Serialize};

/// The signed-in person's organisation's work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyWork {
    pub organisation: OrganisationRef,
    pub today: IsoDate,
    /// Oldest first.
    pub overdue: Vec<DeadlineItem>,
    /// Soonest first, within [`MyWork::UPCOMING_DAYS`].
    pub upcoming: Vec<DeadlineItem>,
    pub drafts: Vec<DraftItem>,
    pub stale_rows: Vec<StaleRow>,
    /// The quarter now running (rows not updated in it are stale).
    pub current_period: ReportingPeriod,
    /// Whether the organisation has deadlines a calendar feed could hold.
    pub may_subscribe: bool,
    /// When the organisation's calendar address was made (RFC 3339), if it has one. The
    /// address itself is shown only once, when it is made: only its hash is kept.
    pub calendar_made_at: Option<String>,
}

impl MyWork {
    /// How far ahead "coming up" looks.
    pub const UPCOMING_DAYS: i64 = 90;
}

/// A draft report waiting to be submitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftItem {
    /// The report page for its period.
    pub href: String,
    /// Measure code or diary number.
    pub label: String,
    pub title: Localized,
    pub period: ReportingPeriod,
    pub author_name: String,
}

/// A county board's row not updated this quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaleRow {
    pub href: String,
    pub measure: MeasureRef,
    /// RFC 3339, UTC.
    pub updated_at: String,
}

/// The unmet deadlines of the plan, or of one organisation: how many each organisation has,
/// then the oldest overdue and the soonest coming ([`DeadlineList::SHOWN`] of each, or all of
/// them when asked for).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineList {
    pub today: IsoDate,
    /// Oldest first.
    pub overdue: Vec<DeadlineItem>,
    /// Soonest first.
    pub upcoming: Vec<DeadlineItem>,
    /// Overdue deadlines in all, shown or not.
    pub overdue_total: usize,
    /// Coming deadlines in all, shown or not.
    pub upcoming_total: usize,
    /// Every organisation with unmet deadlines and how many, by name (also the filter's
    /// choices).
    pub organisations: Vec<OrganisationDeadlines>,
    /// The organisation code filtered on, if any.
    pub organisation: Option<String>,
    /// Where this was read (the server only).
    #[serde(skip)]
    pub read_at: super::ReadAt,
}

impl DeadlineList {
    /// Deadlines of each kind listed unless the whole list is asked for: the page stays small
    /// on a large plan (the whole list of the large benchmark plan was 1 MB of HTML).
    pub const SHOWN: usize = 50;

    /// The list of `items` (every unmet deadline of the plan on `today`) for `organisation`
    /// (`None`: all), shortened unless `all`; `None` when no deadline is the organisation's.
    pub fn of(
        items: &[DeadlineItem],
        organisation: Option<String>,
        all: bool,
        today: IsoDate,
    ) -> Option<DeadlineList> {
        let organisations = OrganisationDeadlines::count(items);
        if let Some(code) = &organisation
            && !organisations.iter().any(|o| &o.organisation.code == code)
        {
            return None;
        }
        let items = items
            .iter()
            .filter(|item| {
                organisation
                    .as_ref()
                    .is_none_or(|code| &item.owner.code == code)
            })
            .cloned()
            .collect();
        let (mut overdue, mut upcoming) = split_deadlines(items, None);
        let (overdue_total, upcoming_total) = (overdue.len(), upcoming.len());
        if !all {
            overdue.truncate(DeadlineList::SHOWN);
            upcoming.truncate(DeadlineList::SHOWN);
        }
        Some(DeadlineList {
            read_at: Default::default(),
            today,
            overdue,
            upcoming,
            overdue_total,
            upcoming_total,
            organisations,
            organisation,
        })
    }

    /// Whether some deadlines are left out of the lists.
    pub fn is_shortened(&self) -> bool {
        self.overdue.len() < self.overdue_total || self.upcoming.len() < self.upcoming_total
    }
}

/// How many unmet deadlines an organisation has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationDeadlines {
    pub organisation: OrganisationRef,
    pub overdue: usize,
    pub upcoming: usize,
    /// The due date of its oldest overdue deadline.
    pub oldest_overdue: Option<IsoDate>,
}

impl OrganisationDeadlines {
    /// Every organisation that owns one of `items`, with its counts, by Swedish name.
    pub fn count(items: &[DeadlineItem]) -> Vec<OrganisationDeadlines> {
        let mut counts: Vec<OrganisationDeadlines> = Vec::new();
        for item in items {
            let index = match counts
                .iter()
                .position(|o| o.organisation.code == item.owner.code)
            {
                Some(index) => index,
                None => {
                    counts.push(OrganisationDeadlines {
                        organisation: item.owner.clone(),
                        overdue: 0,
                        upcoming: 0,
                        oldest_overdue: None,
                    });
                    counts.len() - 1
                }
            };
            let entry = &mut counts[index];
            if item.days_left < 0 {
                entry.overdue += 1;
                entry.oldest_overdue = Some(
                    entry
                        .oldest_overdue
                        .map_or(item.due_date, |oldest| oldest.min(item.due_date)),
                );
            } else {
                entry.upcoming += 1;
            }
        }
        counts.sort_by_cached_key(|o| sort_key(&o.organisation.name.sv, Lang::Sv));
        counts
    }
}

/// `items` split into overdue (oldest first) and coming (soonest first, within `within_days`
/// if given).
pub fn split_deadlines(
    items: Vec<DeadlineItem>,
    within_days: Option<i64>,
) -> (Vec<DeadlineItem>, Vec<DeadlineItem>) {
    let (mut overdue, mut upcoming): (Vec<_>, Vec<_>) =
        items.into_iter().partition(|item| item.days_left < 0);
    overdue.sort_by_key(|item| item.due_date);
    if let Some(days) = within_days {
        upcoming.retain(|item| item.days_left <= days);
    }
    upcoming.sort_by_key(|item| item.due_date);
    (overdue, upcoming)
}

/// An organisation's calendar address, as the administrators see it (never the address).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarFeedRow {
    pub organisation: OrganisationRef,
    /// When it was made (RFC 3339).
    pub created_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{OrganisationKind, ReportingPeriod};
    use crate::models::DeadlineSubject;

    fn organisation(code: &str, name: &str) -> OrganisationRef {
        OrganisationRef {
            code: code.into(),
            kind: OrganisationKind::Agency,
            name: Localized::new(name, name),
            short_name: String::new(),
        }
    }

    /// A report deadline of `owner`, `days_left` days from `today`.
    fn deadline(owner: &OrganisationRef, today: IsoDate, days_left: i64) -> DeadlineItem {
        let due_date = today.add_days(days_left);
        DeadlineItem {
            subject: DeadlineSubject::MeasureReport {
                code: "1.1".into(),
                period: ReportingPeriod::containing(
                    due_date,
                    crate::domain::ReportFrequency::Quarterly,
                ),
            },
            title: Localized::new("Åtgärd", "Measure"),
            owner: owner.clone(),
            due_date,
            days_left,
        }
    }

    #[test]
    fn a_long_list_shows_the_oldest_overdue_and_soonest_coming_and_counts_them_all() {
        let today = IsoDate::from_ymd(2026, 11, 28).expect("a date");
        let (police, board) = (
            organisation("pm", "Polismyndigheten"),
            organisation("lst24", "Länsstyrelsen i Västerbotten"),
        );
        let mut items: Vec<_> = (1..=120).map(|n| deadline(&police, today, -n)).collect();
        items.extend((0..70).map(|n| deadline(&board, today, n)));
        items.push(deadline(&board, today, -400));

        let list = DeadlineList::of(&items, None, false, today).expect("a list");
        assert_eq!((list.overdue_total, list.upcoming_total), (121, 70));
        assert_eq!(
            (list.overdue.len(), list.upcoming.len()),
            (DeadlineList::SHOWN, DeadlineList::SHOWN)
        );
        assert!(list.is_shortened());
        assert_eq!(list.overdue[0].days_left, -400, "the oldest first");
        assert_eq!(list.upcoming[0].days_left, 0, "the soonest first");
        let counts: Vec<_> = list
            .organisations
            .iter()
            .map(|o| {
                (
                    o.organisation.code.as_str(),
                    o.overdue,
                    o.upcoming,
                    o.oldest_overdue,
                )
            })
            .collect();
        assert_eq!(
            counts,
            [
                ("lst24", 1, 70, Some(today.add_days(-400))),
                ("pm", 120, 0, Some(today.add_days(-120))),
            ],
            "every organisation with its counts, by name"
        );

        let whole = DeadlineList::of(&items, None, true, today).expect("a list");
        assert_eq!((whole.overdue.len(), whole.upcoming.len()), (121, 70));
        assert!(!whole.is_shortened());

        let one = DeadlineList::of(&items, Some("lst24".into()), false, today).expect("a list");
        assert_eq!((one.overdue_total, one.upcoming_total), (1, 70));
        assert!(
            one.overdue
                .iter()
                .chain(&one.upcoming)
                .all(|item| item.owner.code == "lst24")
        );
        assert_eq!(
            one.organisations.len(),
            2,
            "the filter still offers every organisation"
        );

        assert_eq!(
            DeadlineList::of(&items, Some("nobody".into()), false, today),
            None
        );
    }
}
