//! The rights body's views: which obligations the plan answers, what is overdue across every
//! owner, and the plan as it stood on a past date.

use super::{DeadlineItem, MeasureRef, ObligationRef, OrganisationRef, StatusCount};
use crate::domain::{IsoDate, Progress, Status};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Compliance {
    pub today: IsoDate,
    /// Every obligation, in the order of its source and article, with the measures that answer
    /// it (none: nothing in the plan answers it).
    pub obligations: Vec<ObligationCoverage>,
    /// Measures of the plan linked to no obligation.
    pub unlinked_measures: Vec<MeasureRef>,
    /// Overdue reports and assignment deadlines of every owner, most overdue first (the page
    /// shows the first [`Compliance::OVERDUE_SHOWN`]; the whole list, and a summary per owner,
    /// is the deadlines page's).
    pub overdue: Vec<DeadlineItem>,
    /// How many are overdue in all.
    pub overdue_total: usize,
    /// Where this was read (the server only).
    #[serde(skip)]
    pub read_at: super::ReadAt,
}

impl Compliance {
    /// The most overdue the page lists; on a plan ten times the demo there are over a thousand.
    pub const OVERDUE_SHOWN: usize = 20;

    /// The most measures the page lists for one obligation; one answered by more shows how
    /// many by status, and the measures list filtered by the obligation has them all (on a
    /// plan ten times the demo, most obligations are answered by dozens).
    pub const MEASURES_SHOWN: usize = 5;

    /// The matrix as the page shows it: an obligation answered by more than
    /// [`Compliance::MEASURES_SHOWN`] measures keeps its count and statuses, not its measures,
    /// and only the [`Compliance::OVERDUE_SHOWN`] most overdue are kept.
    pub fn shortened(mut self) -> Compliance {
        self.overdue.truncate(Self::OVERDUE_SHOWN);
        for coverage in &mut self.obligations {
            if coverage.measures.len() > Self::MEASURES_SHOWN {
                coverage.measures.clear();
            }
        }
        self
    }

    pub fn uncovered_count(&self) -> usize {
        self.obligations
            .iter()
            .filter(|o| o.measure_count == 0)
            .count()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObligationCoverage {
    pub obligation: ObligationRef,
    /// The measures answering it, in code order (left out by [`Compliance::shortened`] when
    /// there are many).
    pub measures: Vec<CoveringMeasure>,
    /// How many measures answer it, and how many of them stand at each status.
    pub measure_count: usize,
    pub statuses: Vec<StatusCount>,
}

impl ObligationCoverage {
    pub fn new(obligation: ObligationRef, measures: Vec<CoveringMeasure>) -> ObligationCoverage {
        let statuses = Status::ALL
            .iter()
            .map(|status| StatusCount {
                status: *status,
                count: measures
                    .iter()
                    .filter(|m| m.measure.status == *status)
                    .count() as i64,
            })
            .collect();
        ObligationCoverage {
            obligation,
            measure_count: measures.len(),
            statuses,
            measures,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoveringMeasure {
    pub measure: MeasureRef,
    pub lead: OrganisationRef,
}

/// The plan's measures on `date`, rebuilt from the change history, beside today's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanAsOf {
    pub date: IsoDate,
    pub today: IsoDate,
    pub measures: Vec<MeasureAsOf>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureAsOf {
    pub now: MeasureRef,
    /// Status and progress on the date; `None` when the measure was not yet in the plan.
    pub then: Option<(Status, Progress)>,
}
