//! Signals raised from the plan's own data where it contradicts, or says more than, what each
//! owner reports about itself. Never typed in and never stored: [`Flag::raise`] computes them
//! from the facts the database holds, so a change to the data changes them. Every rule is
//! here, in one function each, and worded on the signals page.

use super::{
    AssignmentRef, CountyRef, DeadlineItem, DeadlineSubject, FundingHorizon, HorizonSignal,
    MeasureRef, ObligationRef, OrganisationRef,
};
use crate::domain::{
    CountyCode, DeadlineKind, DiaryNumber, FlagKind, IsoDate, Money, Progress, ReportFrequency,
    ReportingPeriod, Status,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// One signal: what it is about, why it is raised, who answers for it and since when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    pub subject: FlagSubject,
    pub reason: FlagReason,
    /// The organisations that answer for the subject (a measure's lead, an assignment's
    /// recipient, a county row's owner, the leads of an obligation's measures).
    pub owners: Vec<OrganisationRef>,
    pub county: Option<CountyRef>,
    /// The first day the rule held (for some rules: at least since then, see the reason).
    pub since: IsoDate,
}

/// What a signal is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FlagSubject {
    Measure(MeasureRef),
    Assignment(AssignmentRef),
    /// A county's row of a regional measure.
    CountyRow {
        measure: MeasureRef,
        county: CountyRef,
    },
    Obligation(ObligationRef),
}

impl FlagSubject {
    /// The page the subject has.
    pub fn href(&self) -> String {
        match self {
            FlagSubject::Measure(measure) => format!("/measures/{}", measure.code),
            FlagSubject::Assignment(assignment) => {
                format!("/assignments/{}", assignment.diary_number.slug())
            }
            FlagSubject::CountyRow { county, .. } => format!("/counties/{}", county.code),
            FlagSubject::Obligation(_) => "/oversight".to_owned(),
        }
    }

    /// The measure the subject is, or is a county row of.
    pub fn measure_code(&self) -> Option<&str> {
        match self {
            FlagSubject::Measure(measure) | FlagSubject::CountyRow { measure, .. } => {
                Some(&measure.code)
            }
            _ => None,
        }
    }

    /// The assignment the subject is.
    pub fn diary_number(&self) -> Option<&DiaryNumber> {
        match self {
            FlagSubject::Assignment(assignment) => Some(&assignment.diary_number),
            _ => None,
        }
    }

    /// Orders subjects: measures and their rows by code, then assignments, then obligations.
    fn sort_key(&self) -> (u8, String) {
        match self {
            FlagSubject::Measure(m) => (0, m.code.clone()),
            FlagSubject::CountyRow { measure, county } => {
                (0, format!("{} {}", measure.code, county.code))
            }
            FlagSubject::Assignment(a) => (1, a.diary_number.to_string()),
            FlagSubject::Obligation(o) => (2, o.code.clone()),
        }
    }
}

/// Why a signal is raised: the rule that holds, with the data it rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FlagReason {
    /// Reported on track while `overdue` of its deadlines have passed unmet, the oldest
    /// `oldest` (due on `due`).
    OnTrackPastDeadline {
        oldest: DeadlineSubject,
        due: IsoDate,
        overdue: usize,
    },
    /// Progress went from `from` in the report for `before` to `to` in the next one, for
    /// `after`.
    ProgressFell {
        before: ReportingPeriod,
        from: Progress,
        after: ReportingPeriod,
        to: Progress,
    },
    /// The report for `period`, as last submitted, has no evidence link.
    NoEvidence { period: ReportingPeriod },
    /// `allocated` was decided for `year`, which has ended, and nothing was spent.
    MoneyUnspent { year: i32, allocated: Money },
    /// The row was last updated on `updated`, two quarters or more ago.
    RowStale { updated: IsoDate },
    /// Every measure that answers the obligation is delayed or not started.
    ObligationWeak { measures: Vec<MeasureRef> },
    /// The measure ended on `ended` and is not done.
    PastEndDate { ended: IsoDate, status: Status },
    /// The final report was due on `due` and has not been delivered.
    FinalReportOverdue { due: IsoDate },
    /// The money ends (or ended) while the measure runs on.
    MoneyEnds(HorizonSignal),
}

impl FlagReason {
    pub fn kind(&self) -> FlagKind {
        match self {
            FlagReason::OnTrackPastDeadline { .. } => FlagKind::OnTrackPastDeadline,
            FlagReason::ProgressFell { .. } => FlagKind::ProgressFell,
            FlagReason::NoEvidence { .. } => FlagKind::NoEvidence,
            FlagReason::MoneyUnspent { .. } => FlagKind::MoneyUnspent,
            FlagReason::RowStale { .. } => FlagKind::RowStale,
            FlagReason::ObligationWeak { .. } => FlagKind::ObligationWeak,
            FlagReason::PastEndDate { .. } => FlagKind::PastEndDate,
            FlagReason::FinalReportOverdue { .. } => FlagKind::FinalReportOverdue,
            FlagReason::MoneyEnds(_) => FlagKind::MoneyEnds,
        }
    }
}

/// What the rules read: the plan's facts on one day, as the database holds them.
#[derive(Debug, Clone, Default)]
pub struct FlagFacts {
    pub measures: Vec<MeasureFacts>,
    /// Every unmet deadline whose day has passed (reports owed and assignment deadlines).
    pub overdue: Vec<DeadlineItem>,
    /// Which assignments each measure has (measure code, diary number).
    pub assignment_measures: Vec<(String, DiaryNumber)>,
    /// Submitted reports, each period as last submitted (its newest revision).
    pub reports: Vec<SubmittedReport>,
    /// Money per measure, county (or none) and year.
    pub funding: Vec<YearFunding>,
    pub rows: Vec<RowFacts>,
    /// Each obligation with the codes of the measures that answer it.
    pub obligations: Vec<(ObligationRef, Vec<String>)>,
}

#[derive(Debug, Clone)]
pub struct MeasureFacts {
    pub measure: MeasureRef,
    pub lead: OrganisationRef,
    pub end_date: IsoDate,
    /// The day of its last change (its status cannot have changed since).
    pub changed: IsoDate,
    /// How far its money reaches, every line counted.
    pub horizon: FundingHorizon,
}

#[derive(Debug, Clone)]
pub struct SubmittedReport {
    /// A measure or an assignment.
    pub subject: FlagSubject,
    pub owner: OrganisationRef,
    pub period: ReportingPeriod,
    pub progress: Progress,
    pub links: usize,
    pub submitted: IsoDate,
}

#[derive(Debug, Clone)]
pub struct YearFunding {
    pub measure_code: String,
    pub county: Option<CountyRef>,
    pub year: i32,
    pub allocated: Money,
    pub spent: Money,
}

#[derive(Debug, Clone)]
pub struct RowFacts {
    pub measure_code: String,
    pub county: CountyRef,
    pub owner: OrganisationRef,
    pub status: Status,
    pub updated: IsoDate,
    pub horizon: FundingHorizon,
}

impl Flag {
    /// Every signal the facts raise on `today`, by kind, then subject, then since.
    pub fn raise(facts: &FlagFacts, today: IsoDate) -> Vec<Flag> {
        let measures: HashMap<&str, &MeasureFacts> = facts
            .measures
            .iter()
            .map(|m| (m.measure.code.as_str(), m))
            .collect();
        let mut flags = Vec::new();
        flags.extend(on_track_past_deadline(facts));
        flags.extend(progress_fell(&facts.reports));
        flags.extend(no_evidence(&facts.reports));
        flags.extend(money_unspent(&facts.funding, &measures, today));
        flags.extend(rows_stale(&facts.rows, &measures, today));
        flags.extend(obligations_weak(&facts.obligations, &measures));
        flags.extend(past_end_date(&facts.measures, today));
        flags.extend(final_report_overdue(&facts.overdue));
        flags.extend(money_ends(facts, &measures));
        flags.sort_by(|a, b| {
            (a.reason.kind(), a.subject.sort_key(), a.since).cmp(&(
                b.reason.kind(),
                b.subject.sort_key(),
                b.since,
            ))
        });
        flags
    }
}

fn measure_flag(facts: &MeasureFacts, reason: FlagReason, since: IsoDate) -> Flag {
    Flag {
        subject: FlagSubject::Measure(facts.measure.clone()),
        reason,
        owners: vec![facts.lead.clone()],
        county: None,
        since,
    }
}

/// A measure reported on track while one of its deadlines (a report it owes, or a deadline
/// of one of its assignments) has passed unmet. Since the later of the day after the oldest
/// such deadline and the measure's last change (when it may have been set on track).
fn on_track_past_deadline(facts: &FlagFacts) -> Vec<Flag> {
    facts
        .measures
        .iter()
        .filter(|m| m.measure.status == Status::OnTrack)
        .filter_map(|m| {
            let code = &m.measure.code;
            let assignments: Vec<&DiaryNumber> = facts
                .assignment_measures
                .iter()
                .filter(|(measure, _)| measure == code)
                .map(|(_, diary)| diary)
                .collect();
            let overdue: Vec<&DeadlineItem> = facts
                .overdue
                .iter()
                .filter(|item| match &item.subject {
                    DeadlineSubject::MeasureReport { code: of, .. } => of == code,
                    DeadlineSubject::Assignment { diary_number, .. } => {
                        assignments.contains(&diary_number)
                    }
                })
                .collect();
            let oldest = overdue.iter().min_by_key(|item| item.due_date)?;
            let reason = FlagReason::OnTrackPastDeadline {
                oldest: oldest.subject.clone(),
                due: oldest.due_date,
                overdue: overdue.len(),
            };
            Some(measure_flag(
                m,
                reason,
                oldest.due_date.add_days(1).max(m.changed),
            ))
        })
        .collect()
}

/// Each subject's reports, oldest period first.
fn by_subject(reports: &[SubmittedReport]) -> BTreeMap<(u8, String), Vec<&SubmittedReport>> {
    let mut by_subject: BTreeMap<(u8, String), Vec<&SubmittedReport>> = BTreeMap::new();
    for report in reports {
        by_subject
            .entry(report.subject.sort_key())
            .or_default()
            .push(report);
    }
    for reports in by_subject.values_mut() {
        reports.sort_by_key(|report| report.period);
    }
    by_subject
}

fn report_flag(report: &SubmittedReport, reason: FlagReason) -> Flag {
    Flag {
        subject: report.subject.clone(),
        reason,
        owners: vec![report.owner.clone()],
        county: None,
        since: report.submitted,
    }
}

/// Progress lower in a submitted report than in the one before it (each period as last
/// submitted). Since the later report was submitted.
fn progress_fell(reports: &[SubmittedReport]) -> Vec<Flag> {
    by_subject(reports)
        .values()
        .flat_map(|reports| {
            reports.windows(2).filter_map(|pair| {
                let (before, after) = (pair[0], pair[1]);
                (after.progress < before.progress).then(|| {
                    report_flag(
                        after,
                        FlagReason::ProgressFell {
                            before: before.period,
                            from: before.progress,
                            after: after.period,
                            to: after.progress,
                        },
                    )
                })
            })
        })
        .collect()
}

/// A report submitted without any evidence link (as last submitted: a correction that adds
/// one ends the signal). Since it was submitted.
fn no_evidence(reports: &[SubmittedReport]) -> Vec<Flag> {
    reports
        .iter()
        .filter(|report| report.links == 0)
        .map(|report| {
            report_flag(
                report,
                FlagReason::NoEvidence {
                    period: report.period,
                },
            )
        })
        .collect()
}

/// Money allocated for a year that has ended, with nothing spent (per measure, county and
/// year). Since the first day after that year.
fn money_unspent(
    funding: &[YearFunding],
    measures: &HashMap<&str, &MeasureFacts>,
    today: IsoDate,
) -> Vec<Flag> {
    funding
        .iter()
        .filter(|line| line.year < today.year() && line.allocated > Money::ZERO)
        .filter(|line| line.spent == Money::ZERO)
        .filter_map(|line| {
            let measure = measures.get(line.measure_code.as_str())?;
            let since = IsoDate::from_ymd(line.year + 1, 1, 1)?;
            let reason = FlagReason::MoneyUnspent {
                year: line.year,
                allocated: line.allocated,
            };
            let mut flag = measure_flag(measure, reason, since);
            flag.county = line.county.clone();
            Some(flag)
        })
        .collect()
}

/// The first day a row last updated on `updated` counts as not updated for two quarters: two
/// whole calendar quarters have passed since the quarter of the update.
pub fn stale_from(updated: IsoDate) -> IsoDate {
    ReportingPeriod::containing(updated, ReportFrequency::Quarterly)
        .next()
        .next()
        .next()
        .start()
}

fn row_flag(row: &RowFacts, measure: &MeasureFacts, reason: FlagReason, since: IsoDate) -> Flag {
    Flag {
        subject: FlagSubject::CountyRow {
            measure: measure.measure.clone(),
            county: row.county.clone(),
        },
        reason,
        owners: vec![row.owner.clone()],
        county: Some(row.county.clone()),
        since,
    }
}

/// A county row of an open measure, itself not done, not updated for two quarters or more.
fn rows_stale(
    rows: &[RowFacts],
    measures: &HashMap<&str, &MeasureFacts>,
    today: IsoDate,
) -> Vec<Flag> {
    rows.iter()
        .filter(|row| row.status.is_open() && stale_from(row.updated) <= today)
        .filter_map(|row| {
            let measure = measures.get(row.measure_code.as_str())?;
            measure.measure.status.is_open().then(|| {
                let reason = FlagReason::RowStale {
                    updated: row.updated,
                };
                row_flag(row, measure, reason, stale_from(row.updated))
            })
        })
        .collect()
}

/// An obligation answered only by measures that are delayed or not started. At least since
/// the last change to any of them (none of their statuses has changed since).
fn obligations_weak(
    obligations: &[(ObligationRef, Vec<String>)],
    measures: &HashMap<&str, &MeasureFacts>,
) -> Vec<Flag> {
    obligations
        .iter()
        .filter_map(|(obligation, codes)| {
            let answering: Vec<&MeasureFacts> = codes
                .iter()
                .filter_map(|code| measures.get(code.as_str()).copied())
                .collect();
            let weak = !answering.is_empty()
                && answering
                    .iter()
                    .all(|m| matches!(m.measure.status, Status::Delayed | Status::NotStarted));
            if !weak {
                return None;
            }
            let since = answering.iter().map(|m| m.changed).max()?;
            let mut owners: Vec<OrganisationRef> = Vec::new();
            for m in &answering {
                if !owners.iter().any(|o| o.code == m.lead.code) {
                    owners.push(m.lead.clone());
                }
            }
            Some(Flag {
                subject: FlagSubject::Obligation(obligation.clone()),
                reason: FlagReason::ObligationWeak {
                    measures: answering.iter().map(|m| m.measure.clone()).collect(),
                },
                owners,
                county: None,
                since,
            })
        })
        .collect()
}

/// A measure whose end date has passed and that is not done (neither completed nor
/// cancelled). Since the day after its end date.
fn past_end_date(measures: &[MeasureFacts], today: IsoDate) -> Vec<Flag> {
    measures
        .iter()
        .filter(|m| m.end_date < today && m.measure.status.is_open())
        .map(|m| {
            let reason = FlagReason::PastEndDate {
                ended: m.end_date,
                status: m.measure.status,
            };
            measure_flag(m, reason, m.end_date.add_days(1))
        })
        .collect()
}

/// An assignment's final report, due and not delivered. Since the day after it was due.
fn final_report_overdue(overdue: &[DeadlineItem]) -> Vec<Flag> {
    overdue
        .iter()
        .filter_map(|item| match &item.subject {
            DeadlineSubject::Assignment {
                diary_number,
                kind: DeadlineKind::Final,
            } => Some(Flag {
                subject: FlagSubject::Assignment(AssignmentRef {
                    diary_number: diary_number.clone(),
                    title: item.title.clone(),
                    recipient: item.owner.clone(),
                }),
                reason: FlagReason::FinalReportOverdue { due: item.due_date },
                owners: vec![item.owner.clone()],
                county: None,
                since: item.due_date.add_days(1),
            }),
            _ => None,
        })
        .collect()
}

/// The first day of the year the money's last year: the signal is raised twelve months
/// before the money ends ([`FundingHorizon::of`]: the rule).
fn horizon_since(signal: &HorizonSignal) -> IsoDate {
    match signal {
        HorizonSignal::EndsSoon { since, .. } => *since,
        HorizonSignal::Ended { ended, .. } => {
            IsoDate::from_ymd(ended.year(), 1, 1).unwrap_or(*ended)
        }
    }
}

/// Money that ends within twelve months, or has ended, while the measure runs on: for each
/// county row of a regional measure, and for a measure without county rows.
fn money_ends(facts: &FlagFacts, measures: &HashMap<&str, &MeasureFacts>) -> Vec<Flag> {
    let rows = facts.rows.iter().filter_map(|row| {
        let signal = row.horizon.signal?;
        let measure = measures.get(row.measure_code.as_str())?;
        Some(row_flag(
            row,
            measure,
            FlagReason::MoneyEnds(signal),
            horizon_since(&signal),
        ))
    });
    let with_rows: HashSet<&str> = facts.rows.iter().map(|r| r.measure_code.as_str()).collect();
    let whole = facts
        .measures
        .iter()
        .filter(|m| !with_rows.contains(&m.measure.code.as_str()))
        .filter_map(|m| {
            let signal = m.horizon.signal?;
            Some(measure_flag(
                m,
                FlagReason::MoneyEnds(signal),
                horizon_since(&signal),
            ))
        });
    rows.chain(whole).collect()
}

/// Which signals a list shows: any combination of one organisation (among the owners), one
/// kind and one county.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FlagFilter {
    /// An organisation's code.
    pub organisation: Option<String>,
    pub kind: Option<FlagKind>,
    pub county: Option<CountyCode>,
}

impl FlagFilter {
    pub fn matches(&self, flag: &Flag) -> bool {
        self.kind.is_none_or(|kind| flag.reason.kind() == kind) && self.matches_place(flag)
    }

    /// The filter's organisation and county (every kind).
    fn matches_place(&self, flag: &Flag) -> bool {
        self.organisation
            .as_ref()
            .is_none_or(|code| flag.owners.iter().any(|o| &o.code == code))
            && self
                .county
                .as_ref()
                .is_none_or(|code| flag.county.as_ref().is_some_and(|c| &c.code == code))
    }
}

/// The signals page: the signals matching a filter, how many of each kind, and the filter's
/// choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagList {
    pub today: IsoDate,
    pub filter: FlagFilter,
    /// The first [`FlagList::SHOWN`] matching signals, or all of them when asked for.
    pub flags: Vec<Flag>,
    /// Signals matching the filter, shown or not.
    pub matching: usize,
    /// Every signal raised.
    pub total: usize,
    /// Each kind with how many signals of it match the filter's organisation and county.
    pub counts: Vec<(FlagKind, usize)>,
    /// Every organisation and county that has a signal (the filter's choices).
    pub organisations: Vec<OrganisationRef>,
    pub counties: Vec<CountyRef>,
    /// Every measure with matching signals (its own or its county rows'), in code order, with
    /// the status its lead reports (in the reference) and the kinds the data raises.
    pub measures: Vec<(MeasureRef, Vec<FlagKind>)>,
    /// Where this was read (the server only).
    #[serde(skip)]
    pub read_at: super::ReadAt,
}

impl FlagList {
    /// Signals listed unless the whole list is asked for (the page stays small on a large
    /// plan).
    pub const SHOWN: usize = 100;

    /// Keeps the `n` measures with the most kinds of signal (in code order among equals) and
    /// answers how many measures had signals.
    pub fn keep_most_signalled(&mut self, n: usize) -> usize {
        let signalled = self.measures.len();
        self.measures
            .sort_by_key(|(_, kinds)| std::cmp::Reverse(kinds.len()));
        self.measures.truncate(n);
        signalled
    }

    pub fn of(flags: &[Flag], filter: FlagFilter, all: bool, today: IsoDate) -> FlagList {
        let matching: Vec<&Flag> = flags.iter().filter(|f| filter.matches(f)).collect();
        let counts = FlagKind::ALL
            .iter()
            .map(|kind| {
                let count = flags
                    .iter()
                    .filter(|f| f.reason.kind() == *kind && filter.matches_place(f))
                    .count();
                (*kind, count)
            })
            .collect();
        let mut organisations: Vec<OrganisationRef> = Vec::new();
        let mut counties: Vec<CountyRef> = Vec::new();
        for flag in flags {
            for owner in &flag.owners {
                if !organisations.iter().any(|o| o.code == owner.code) {
                    organisations.push(owner.clone());
                }
            }
            if let Some(county) = &flag.county
                && !counties.iter().any(|c| c.code == county.code)
            {
                counties.push(county.clone());
            }
        }
        organisations.sort_by(|a, b| crate::domain::natural_cmp(&a.name.sv, &b.name.sv));
        counties.sort_by_key(|c| c.code);
        let measures = kinds_by_measure(matching.iter().copied());
        FlagList {
            read_at: Default::default(),
            today,
            filter,
            matching: matching.len(),
            flags: matching
                .into_iter()
                .take(if all { usize::MAX } else { Self::SHOWN })
                .cloned()
                .collect(),
            total: flags.len(),
            counts,
            organisations,
            counties,
            measures,
        }
    }

    pub fn is_shortened(&self) -> bool {
        self.flags.len() < self.matching
    }
}

/// The signals about measure `code` and its county rows.
pub fn flags_on_measure(flags: &[Flag], code: &str) -> Vec<Flag> {
    flags
        .iter()
        .filter(|f| f.subject.measure_code() == Some(code))
        .cloned()
        .collect()
}

/// The signals about assignment `diary_number`.
pub fn flags_on_assignment(flags: &[Flag], diary_number: &DiaryNumber) -> Vec<Flag> {
    flags
        .iter()
        .filter(|f| f.subject.diary_number() == Some(diary_number))
        .cloned()
        .collect()
}

/// The signals in county `code`.
pub fn flags_in_county(flags: &[Flag], code: &CountyCode) -> Vec<Flag> {
    flags
        .iter()
        .filter(|f| f.county.as_ref().is_some_and(|c| &c.code == code))
        .cloned()
        .collect()
}

/// The kinds of signal on each measure with any (its own and its county rows'), with the
/// measure as the signals name it, in code order.
pub fn kinds_by_measure<'a>(
    flags: impl IntoIterator<Item = &'a Flag>,
) -> Vec<(MeasureRef, Vec<FlagKind>)> {
    let mut measures: Vec<(MeasureRef, Vec<FlagKind>)> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for flag in flags {
        let (FlagSubject::Measure(measure) | FlagSubject::CountyRow { measure, .. }) =
            &flag.subject
        else {
            continue;
        };
        let kind = flag.reason.kind();
        match at.get(measure.code.as_str()) {
            Some(&index) => {
                let kinds = &mut measures[index].1;
                if !kinds.contains(&kind) {
                    kinds.push(kind);
                }
            }
            None => {
                at.insert(&measure.code, measures.len());
                measures.push((measure.clone(), vec![kind]));
            }
        }
    }
    measures.sort_by(|(a, _), (b, _)| crate::domain::natural_cmp(&a.code, &b.code));
    for (_, kinds) in &mut measures {
        kinds.sort();
    }
    measures
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Localized, ObligationSource, OrganisationKind};

    fn day(text: &str) -> IsoDate {
        IsoDate::parse(text).unwrap()
    }

    const TODAY: &str = "2026-11-28";

    fn kinds(facts: &FlagFacts) -> Vec<FlagKind> {
        Flag::raise(facts, day(TODAY))
            .iter()
            .map(|f| f.reason.kind())
            .collect()
    }

    fn organisation(code: &str) -> OrganisationRef {
        OrganisationRef {
            code: code.into(),
            kind: OrganisationKind::Agency,
            name: Localized::new(code, code),
            short_name: String::new(),
        }
    }

    fn county() -> CountyRef {
        CountyRef {
            code: CountyCode::parse("24").unwrap(),
            name: Localized::new("Västerbottens län", "Västerbotten County"),
        }
    }

    fn measure_ref(code: &str, status: Status) -> MeasureRef {
        MeasureRef {
            code: code.into(),
            title: Localized::new(code, code),
            status,
            progress: Progress::try_from(40).unwrap(),
        }
    }

    /// A measure running from before to 2030, changed in January 2026, with no money.
    fn measure(code: &str, status: Status) -> MeasureFacts {
        MeasureFacts {
            measure: measure_ref(code, status),
            lead: organisation("lead"),
            end_date: day("2030-12-31"),
            changed: day("2026-01-15"),
            horizon: FundingHorizon::default(),
        }
    }

    fn overdue_report(code: &str, due: &str) -> DeadlineItem {
        DeadlineItem {
            subject: DeadlineSubject::MeasureReport {
                code: code.into(),
                period: ReportingPeriod::parse("2026-Q2").unwrap(),
            },
            title: Localized::new(code, code),
            owner: organisation("lead"),
            due_date: day(due),
            days_left: day(TODAY).days_until(day(due)),
        }
    }

    fn report(period: &str, progress: i64, links: usize) -> SubmittedReport {
        SubmittedReport {
            subject: FlagSubject::Measure(measure_ref("1.1", Status::OnTrack)),
            owner: organisation("lead"),
            period: ReportingPeriod::parse(period).unwrap(),
            progress: Progress::try_from(progress).unwrap(),
            links,
            submitted: ReportingPeriod::parse(period).unwrap().end().add_days(10),
        }
    }

    fn row(updated: &str, status: Status) -> RowFacts {
        RowFacts {
            measure_code: "1.8".into(),
            county: county(),
            owner: organisation("lst-ac"),
            status,
            updated: day(updated),
            horizon: FundingHorizon::default(),
        }
    }

    #[test]
    fn a_measure_reported_on_track_with_a_report_overdue_is_flagged() {
        let facts = FlagFacts {
            measures: vec![measure("1.1", Status::OnTrack)],
            overdue: vec![overdue_report("1.1", "2026-10-30")],
            ..FlagFacts::default()
        };
        let flags = Flag::raise(&facts, day(TODAY));
        assert_eq!(kinds(&facts), [FlagKind::OnTrackPastDeadline]);
        assert_eq!(flags[0].since, day("2026-10-31"));
    }

    #[test]
    fn a_late_measure_that_says_so_or_has_nothing_overdue_is_not_flagged_as_on_track() {
        let facts = FlagFacts {
            measures: vec![
                measure("1.1", Status::AtRisk),
                measure("1.2", Status::OnTrack),
            ],
            overdue: vec![overdue_report("1.1", "2026-10-30")],
            ..FlagFacts::default()
        };
        assert_eq!(kinds(&facts), []);
    }

    #[test]
    fn an_overdue_deadline_of_its_assignment_counts_against_an_on_track_measure() {
        let diary = DiaryNumber::parse("A2025/00637").unwrap();
        let mut item = overdue_report("1.1", "2026-09-30");
        item.subject = DeadlineSubject::Assignment {
            diary_number: diary.clone(),
            kind: DeadlineKind::Interim,
        };
        let facts = FlagFacts {
            measures: vec![measure("1.1", Status::OnTrack)],
            overdue: vec![item],
            assignment_measures: vec![("1.1".into(), diary)],
            ..FlagFacts::default()
        };
        assert_eq!(kinds(&facts), [FlagKind::OnTrackPastDeadline]);
    }

    #[test]
    fn progress_lower_than_in_the_report_before_is_flagged() {
        let facts = FlagFacts {
            reports: vec![report("2026-Q2", 40, 1), report("2026-Q1", 50, 1)],
            ..FlagFacts::default()
        };
        let flags = Flag::raise(&facts, day(TODAY));
        assert_eq!(kinds(&facts), [FlagKind::ProgressFell]);
        assert_eq!(flags[0].since, day("2026-07-10"));
    }

    #[test]
    fn progress_that_holds_or_rises_is_not_flagged() {
        let facts = FlagFacts {
            reports: vec![
                report("2026-Q1", 40, 1),
                report("2026-Q2", 40, 1),
                report("2026-Q3", 60, 1),
            ],
            ..FlagFacts::default()
        };
        assert_eq!(kinds(&facts), []);
    }

    #[test]
    fn a_report_without_an_evidence_link_is_flagged_and_one_with_a_link_is_not() {
        let facts = FlagFacts {
            reports: vec![report("2026-Q1", 40, 0), report("2026-Q2", 50, 2)],
            ..FlagFacts::default()
        };
        let flags = Flag::raise(&facts, day(TODAY));
        assert_eq!(kinds(&facts), [FlagKind::NoEvidence]);
        assert_eq!(
            flags[0].reason,
            FlagReason::NoEvidence {
                period: ReportingPeriod::parse("2026-Q1").unwrap()
            }
        );
    }

    fn money(year: i32, allocated: i64, spent: i64) -> YearFunding {
        YearFunding {
            measure_code: "1.1".into(),
            county: Some(county()),
            year,
            allocated: Money::kronor(allocated).unwrap(),
            spent: Money::kronor(spent).unwrap(),
        }
    }

    #[test]
    fn money_of_an_ended_year_with_nothing_spent_is_flagged_in_its_county() {
        let facts = FlagFacts {
            measures: vec![measure("1.1", Status::OnTrack)],
            funding: vec![money(2025, 1_000_000, 0)],
            ..FlagFacts::default()
        };
        let flags = Flag::raise(&facts, day(TODAY));
        assert_eq!(kinds(&facts), [FlagKind::MoneyUnspent]);
        assert_eq!(flags[0].since, day("2026-01-01"));
        assert_eq!(flags[0].county, Some(county()));
    }

    #[test]
    fn money_spent_or_of_the_running_year_is_not_flagged() {
        let facts = FlagFacts {
            measures: vec![measure("1.1", Status::OnTrack)],
            funding: vec![
                money(2025, 1_000_000, 1),
                money(2026, 1_000_000, 0),
                money(2024, 0, 0),
            ],
            ..FlagFacts::default()
        };
        assert_eq!(kinds(&facts), []);
    }

    #[test]
    fn a_row_is_stale_once_two_whole_quarters_have_passed_without_an_update() {
        assert_eq!(stale_from(day("2026-03-31")), day("2026-10-01"));
        assert_eq!(stale_from(day("2026-01-01")), day("2026-10-01"));
        assert_eq!(stale_from(day("2026-11-28")), day("2027-07-01"));
        let facts = FlagFacts {
            measures: vec![measure("1.8", Status::OnTrack)],
            rows: vec![row("2026-03-31", Status::OnTrack)],
            ..FlagFacts::default()
        };
        let flags = Flag::raise(&facts, day(TODAY));
        assert_eq!(kinds(&facts), [FlagKind::RowStale]);
        assert_eq!(flags[0].owners, [organisation("lst-ac")]);
    }

    #[test]
    fn a_row_updated_last_quarter_or_done_is_not_stale() {
        let facts = FlagFacts {
            measures: vec![measure("1.8", Status::OnTrack)],
            rows: vec![
                row("2026-04-01", Status::OnTrack),
                row("2025-01-01", Status::Completed),
            ],
            ..FlagFacts::default()
        };
        assert_eq!(kinds(&facts), []);
    }

    fn obligation(codes: &[&str]) -> (ObligationRef, Vec<String>) {
        (
            ObligationRef {
                code: "dir-19".into(),
                source: ObligationSource::Directive,
                reference: "Art. 19".into(),
                title: Localized::new("Samordnare", "Coordinators"),
                amended_2024: true,
                reference_verified: true,
            },
            codes.iter().map(|c| (*c).to_owned()).collect(),
        )
    }

    #[test]
    fn an_obligation_answered_only_by_delayed_or_unstarted_measures_is_flagged() {
        let mut later = measure("1.2", Status::NotStarted);
        later.changed = day("2026-05-01");
        let facts = FlagFacts {
            measures: vec![measure("1.1", Status::Delayed), later],
            obligations: vec![obligation(&["1.1", "1.2"])],
            ..FlagFacts::default()
        };
        let flags = Flag::raise(&facts, day(TODAY));
        assert_eq!(kinds(&facts), [FlagKind::ObligationWeak]);
        assert_eq!(flags[0].since, day("2026-05-01"));
    }

    #[test]
    fn an_obligation_with_one_measure_under_way_or_none_at_all_is_not_flagged_as_weak() {
        let facts = FlagFacts {
            measures: vec![
                measure("1.1", Status::Delayed),
                measure("1.2", Status::AtRisk),
            ],
            obligations: vec![obligation(&["1.1", "1.2"]), obligation(&[])],
            ..FlagFacts::default()
        };
        assert_eq!(kinds(&facts), []);
    }

    #[test]
    fn a_measure_past_its_end_date_and_not_done_is_flagged() {
        let mut ended = measure("1.1", Status::AtRisk);
        ended.end_date = day("2026-06-30");
        let facts = FlagFacts {
            measures: vec![ended],
            ..FlagFacts::default()
        };
        let flags = Flag::raise(&facts, day(TODAY));
        assert_eq!(kinds(&facts), [FlagKind::PastEndDate]);
        assert_eq!(flags[0].since, day("2026-07-01"));
    }

    #[test]
    fn a_measure_done_by_its_end_date_or_still_running_is_not_flagged_as_past_it() {
        let mut done = measure("1.1", Status::Completed);
        done.end_date = day("2026-06-30");
        let mut ends_today = measure("1.2", Status::OnTrack);
        ends_today.end_date = day(TODAY);
        let facts = FlagFacts {
            measures: vec![done, ends_today],
            ..FlagFacts::default()
        };
        assert_eq!(kinds(&facts), []);
    }

    fn assignment_deadline(kind: DeadlineKind) -> DeadlineItem {
        let mut item = overdue_report("1.1", "2026-09-30");
        item.subject = DeadlineSubject::Assignment {
            diary_number: DiaryNumber::parse("A2025/00637").unwrap(),
            kind,
        };
        item
    }

    #[test]
    fn an_overdue_final_report_of_an_assignment_is_flagged() {
        let facts = FlagFacts {
            overdue: vec![assignment_deadline(DeadlineKind::Final)],
            ..FlagFacts::default()
        };
        let flags = Flag::raise(&facts, day(TODAY));
        assert_eq!(kinds(&facts), [FlagKind::FinalReportOverdue]);
        assert_eq!(flags[0].subject.href(), "/assignments/A2025-00637");
    }

    #[test]
    fn an_overdue_interim_report_is_not_flagged_as_a_final_one() {
        let facts = FlagFacts {
            overdue: vec![assignment_deadline(DeadlineKind::Interim)],
            ..FlagFacts::default()
        };
        assert_eq!(kinds(&facts), []);
    }

    #[test]
    fn money_ending_before_the_measure_is_flagged_on_the_county_row() {
        let mut funded_to_2026 = row("2026-10-01", Status::OnTrack);
        funded_to_2026.horizon =
            FundingHorizon::of(Some(2026), None, day("2030-12-31"), day(TODAY));
        let facts = FlagFacts {
            measures: vec![measure("1.8", Status::OnTrack)],
            rows: vec![funded_to_2026],
            ..FlagFacts::default()
        };
        let flags = Flag::raise(&facts, day(TODAY));
        assert_eq!(kinds(&facts), [FlagKind::MoneyEnds]);
        assert_eq!(flags[0].since, day("2026-01-01"));
        assert_eq!(flags[0].county, Some(county()));
    }

    #[test]
    fn money_to_the_measures_end_is_not_flagged() {
        let mut funded = row("2026-10-01", Status::OnTrack);
        funded.horizon = FundingHorizon::of(Some(2030), None, day("2030-12-31"), day(TODAY));
        let mut whole = measure("1.1", Status::OnTrack);
        whole.horizon = FundingHorizon::of(None, Some(2030), day("2030-12-31"), day(TODAY));
        let facts = FlagFacts {
            measures: vec![measure("1.8", Status::OnTrack), whole],
            rows: vec![funded],
            ..FlagFacts::default()
        };
        assert_eq!(kinds(&facts), []);
    }

    #[test]
    fn a_list_filters_by_organisation_kind_and_county_and_counts_each_kind() {
        let mut ended = measure("1.1", Status::AtRisk);
        ended.end_date = day("2026-06-30");
        let facts = FlagFacts {
            measures: vec![ended, measure("1.8", Status::OnTrack)],
            rows: vec![row("2026-03-31", Status::OnTrack)],
            ..FlagFacts::default()
        };
        let flags = Flag::raise(&facts, day(TODAY));
        let in_county = FlagFilter {
            county: Some(county().code),
            ..FlagFilter::default()
        };
        let list = FlagList::of(&flags, in_county, false, day(TODAY));
        assert_eq!(list.total, 2);
        assert_eq!(list.matching, 1);
        assert_eq!(list.flags[0].reason.kind(), FlagKind::RowStale);
        let count = |kind| list.counts.iter().find(|(k, _)| *k == kind).unwrap().1;
        assert_eq!(count(FlagKind::RowStale), 1);
        assert_eq!(count(FlagKind::PastEndDate), 0, "not in the county");
        let by_lead = FlagFilter {
            organisation: Some("lead".into()),
            kind: Some(FlagKind::PastEndDate),
            county: None,
        };
        assert_eq!(FlagList::of(&flags, by_lead, false, day(TODAY)).matching, 1);
        assert_eq!(flags_on_measure(&flags, "1.8").len(), 1);
        assert_eq!(flags_in_county(&flags, &county().code).len(), 1);
    }

    #[test]
    fn the_oversight_page_keeps_the_measures_with_the_most_kinds_of_signal() {
        let mut list = FlagList::of(&[], FlagFilter::default(), false, day(TODAY));
        list.measures = vec![
            (measure_ref("1.1", Status::OnTrack), vec![FlagKind::ALL[0]]),
            (
                measure_ref("1.2", Status::OnTrack),
                FlagKind::ALL[..3].to_vec(),
            ),
            (measure_ref("1.3", Status::OnTrack), vec![FlagKind::ALL[1]]),
            (
                measure_ref("1.4", Status::OnTrack),
                FlagKind::ALL[..2].to_vec(),
            ),
        ];
        assert_eq!(list.keep_most_signalled(3), 4, "four had signals");
        let kept: Vec<&str> = list.measures.iter().map(|(m, _)| m.code.as_str()).collect();
        assert_eq!(
            kept,
            ["1.2", "1.4", "1.1"],
            "most kinds first, then code order"
        );
    }
}
