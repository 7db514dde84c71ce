//! What the API answers with and takes: the plan's records as JSON, in both languages at once
//! (`{"sv": …, "en": …}`), closed vocabularies in their stored spelling (`on_track`), dates as
//! `YYYY-MM-DD` and amounts as whole kronor. These types are the API's contract (its OpenAPI
//! schemas); they are made from the same rows as the workbook and the CSV files
//! (`app::server::db::export`), so every door shows the same data.

use app::domain::Count;
use app::domain::{
    DeadlineKind, Evidence, ExploitationForm, Localized, MeasureKind, ObligationSource,
    OrganisationKind, ReportFrequency, Status, TargetGroup,
};
use app::models::report::links_text;
use app::models::{
    CountyRef, HistoryEntry, IndicatorRef, NationalYear, ObligationRef, OrganisationRef,
    PlanSummary, ReportDue, ReportSubjectKind, ReportValues,
};
use app::server::db::export::{
    AssignmentLine, DeadlineLine, FundingLineRow, MeasureLine, RegionalLine, ReportLine,
};
use app::server::reports::{PeriodReports, values_of};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::schema::{ArrayBuilder, Object, ObjectBuilder, Type};

/// A text in Swedish and English (the English may be empty where none was given).
#[derive(Debug, Serialize, ToSchema)]
pub struct Text {
    pub sv: String,
    pub en: String,
}

impl From<Localized> for Text {
    fn from(text: Localized) -> Self {
        Text {
            sv: text.sv,
            en: text.en,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Organisation {
    /// The organisation's code in Lägesbild, e.g. `JAM` or `LST24`.
    pub code: String,
    #[schema(schema_with = organisation_kinds)]
    pub kind: &'static str,
    pub name: Text,
    /// A common abbreviation such as `JäM`, or empty.
    pub short_name: String,
}

impl From<OrganisationRef> for Organisation {
    fn from(o: OrganisationRef) -> Self {
        Organisation {
            code: o.code,
            kind: o.kind.as_str(),
            name: o.name.into(),
            short_name: o.short_name,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct County {
    /// The county's two-digit code (SCB), e.g. `24`.
    #[schema(example = "24")]
    pub code: String,
    pub name: Text,
}

impl From<CountyRef> for County {
    fn from(c: CountyRef) -> Self {
        County {
            code: c.code.to_string(),
            name: c.name.into(),
        }
    }
}

/// The action plan.
#[derive(Debug, Serialize, ToSchema)]
pub struct Plan {
    pub code: String,
    pub title: Text,
    pub description: Text,
    pub legal_basis: Text,
    #[schema(format = Date)]
    pub period_start: String,
    #[schema(format = Date)]
    pub period_end: String,
    pub lead_ministry: Organisation,
    /// Days after the end of a period by which its progress report is due.
    pub report_due_days: i64,
}

impl From<PlanSummary> for Plan {
    fn from(p: PlanSummary) -> Self {
        Plan {
            code: p.code,
            title: p.title.into(),
            description: p.description.into(),
            legal_basis: p.legal_basis.into(),
            period_start: p.period_start.to_string(),
            period_end: p.period_end.to_string(),
            lead_ministry: p.lead_ministry.into(),
            report_due_days: p.report_due_days,
        }
    }
}

/// An area of the plan, which groups its measures.
#[derive(Debug, Serialize, ToSchema)]
pub struct Area {
    pub code: String,
    pub title: Text,
    pub description: Text,
    pub measure_count: i64,
}

/// A measure of the plan.
#[derive(Debug, Serialize, ToSchema)]
pub struct Measure {
    #[schema(example = "1.8")]
    pub code: String,
    /// The code of the measure's area.
    pub area: String,
    pub title: Text,
    pub description: Text,
    #[schema(schema_with = measure_kinds)]
    pub kind: &'static str,
    pub lead: Organisation,
    pub partners: Vec<Organisation>,
    #[schema(format = Date)]
    pub start: String,
    #[schema(format = Date)]
    pub end: String,
    #[schema(schema_with = statuses)]
    pub status: &'static str,
    /// Per cent done, 0 to 100.
    #[schema(minimum = 0, maximum = 100)]
    pub progress: u8,
    /// How often its owner reports progress.
    #[schema(schema_with = frequencies)]
    pub reports: &'static str,
    /// Whether the county boards each report a row on it.
    pub regional: bool,
    #[schema(schema_with = forms)]
    pub forms_of_trafficking: Vec<&'static str>,
    #[schema(schema_with = groups)]
    pub target_groups: Vec<&'static str>,
    /// The directive's obligations the measure answers, e.g. `Art. 18(4)`.
    pub obligations: Vec<String>,
    #[schema(schema_with = evidences)]
    pub evidence: &'static str,
    pub evidence_note: String,
    /// Moves on every change; the `ETag` of the measure.
    pub version: i64,
}

impl From<MeasureLine> for Measure {
    fn from(m: MeasureLine) -> Self {
        Measure {
            code: m.code,
            area: m.area_code,
            title: m.title.into(),
            description: m.description.into(),
            kind: m.kind.as_str(),
            lead: m.lead.into(),
            partners: m.partners.into_iter().map(Organisation::from).collect(),
            start: m.start.to_string(),
            end: m.end.to_string(),
            status: m.status.as_str(),
            progress: m.progress.percent(),
            reports: m.frequency.as_str(),
            regional: m.regional,
            forms_of_trafficking: m.forms.iter().map(|f| f.as_str()).collect(),
            target_groups: m.groups.iter().map(|g| g.as_str()).collect(),
            obligations: m.obligations,
            evidence: m.evidence.as_str(),
            evidence_note: m.evidence_note,
            version: m.version,
        }
    }
}

/// A government assignment (regeringsuppdrag) that carries out measures, with its reporting
/// deadlines.
#[derive(Debug, Serialize, ToSchema)]
pub struct Assignment {
    #[schema(example = "A2025/00637")]
    pub diary_number: String,
    pub ministry: Organisation,
    pub recipient: Organisation,
    pub title: Text,
    pub description: Text,
    #[schema(format = Date)]
    pub decided: String,
    /// The codes of the measures it carries out.
    pub measures: Vec<String>,
    pub deadlines: Vec<Deadline>,
    #[schema(schema_with = evidences)]
    pub evidence: &'static str,
    pub version: i64,
}

impl Assignment {
    pub fn new(a: AssignmentLine, deadlines: Vec<Deadline>) -> Self {
        Assignment {
            diary_number: a.diary_number,
            ministry: a.ministry.into(),
            recipient: a.recipient.into(),
            title: a.title.into(),
            description: a.description.into(),
            decided: a.decision_date.to_string(),
            measures: a.measures,
            deadlines,
            evidence: a.evidence.as_str(),
            version: a.version,
        }
    }
}

/// A report an assignment owes the Government, and when it was delivered.
#[derive(Debug, Serialize, ToSchema)]
pub struct Deadline {
    /// The deadline's number in Lägesbild: its address is
    /// `/api/v1/assignments/<diary number>/deadlines/<id>`.
    pub id: i64,
    #[schema(schema_with = deadline_kinds)]
    pub kind: &'static str,
    #[schema(format = Date)]
    pub due: String,
    /// When it was delivered; absent while it is not.
    #[schema(format = Date)]
    pub delivered: Option<String>,
    pub description: Text,
    pub version: i64,
}

impl From<DeadlineLine> for Deadline {
    fn from(d: DeadlineLine) -> Self {
        Deadline {
            id: d.id,
            kind: d.kind.as_str(),
            due: d.due.to_string(),
            delivered: d.delivered.map(|date| date.to_string()),
            description: d.description.into(),
            version: d.version,
        }
    }
}

/// Money for a measure in one year, from one appropriation (anslag).
#[derive(Debug, Serialize, ToSchema)]
pub struct FundingLine {
    /// The line's number in Lägesbild: its address is `/api/v1/funding-lines/<id>`.
    pub id: i64,
    /// The code of the measure.
    pub measure: String,
    /// The diary number of the assignment the money goes through, if any.
    pub assignment: Option<String>,
    /// The county the money is for, if it is for one.
    pub county: Option<County>,
    pub year: i64,
    pub expenditure_area: i64,
    #[schema(example = "3:1")]
    pub appropriation: String,
    pub appropriation_item: String,
    /// Kronor.
    pub allocated: i64,
    /// Kronor.
    pub disbursed: i64,
    /// Kronor.
    pub spent: i64,
    pub decision: String,
    #[schema(schema_with = evidences)]
    pub evidence: &'static str,
    pub version: i64,
}

impl From<FundingLineRow> for FundingLine {
    fn from(f: FundingLineRow) -> Self {
        FundingLine {
            id: f.id,
            measure: f.measure_code,
            assignment: f.diary_number,
            county: f.county.map(County::from),
            year: f.year,
            expenditure_area: f.expenditure_area,
            appropriation: f.appropriation,
            appropriation_item: f.appropriation_item,
            allocated: f.allocated,
            disbursed: f.disbursed,
            spent: f.spent,
            decision: f.decision_ref,
            evidence: f.evidence.as_str(),
            version: f.version,
        }
    }
}

/// A county board's row on a regional measure: how the measure goes in its county.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegionalRow {
    /// The code of the measure.
    pub measure: String,
    pub county: County,
    /// The county board that reports the row.
    pub owner: Organisation,
    #[schema(schema_with = statuses)]
    pub status: &'static str,
    #[schema(minimum = 0, maximum = 100)]
    pub progress: u8,
    pub contact_name: String,
    pub contact_role: String,
    pub narrative: String,
    /// Kronor spent so far.
    pub spent: i64,
    #[schema(schema_with = evidences)]
    pub evidence: &'static str,
    /// Who saved the row last.
    pub updated_by: String,
    /// When, in UTC (RFC 3339).
    #[schema(format = DateTime)]
    pub updated_at: String,
    /// Moves on every save; the row's `ETag`, to send as `If-Match` when changing it.
    pub version: i64,
}

impl From<RegionalLine> for RegionalRow {
    fn from(line: RegionalLine) -> Self {
        let r = line.row;
        RegionalRow {
            measure: line.measure_code,
            county: r.county.into(),
            owner: r.owner.into(),
            status: r.status.as_str(),
            progress: r.progress.percent(),
            contact_name: r.contact_name,
            contact_role: r.contact_role,
            narrative: r.narrative,
            spent: r.spent.as_kronor(),
            evidence: r.evidence.as_str(),
            updated_by: r.updated_by,
            updated_at: r.updated_at,
            version: line.version,
        }
    }
}

/// A progress report on a measure or an assignment: each submitted revision, and a draft for
/// who may write it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Report {
    /// What it is about: a measure or a government assignment.
    #[schema(schema_with = report_subjects)]
    pub subject: &'static str,
    /// The measure's code or the assignment's diary number.
    pub about: String,
    /// The period reported on, e.g. `2026-Q3`, `2026-H2` or `2026`.
    pub period: String,
    /// The revision of the period's report, from 1; a correction is a new revision.
    pub revision: i64,
    #[schema(schema_with = report_states)]
    pub state: &'static str,
    #[schema(schema_with = statuses)]
    pub status: &'static str,
    #[schema(minimum = 0, maximum = 100)]
    pub progress: u8,
    /// Kronor spent so far.
    pub spent_to_date: i64,
    pub narrative: String,
    pub organisation: Organisation,
    /// Who wrote it.
    pub author: String,
    #[schema(schema_with = evidences)]
    pub evidence: &'static str,
    /// When it was begun, in UTC (RFC 3339).
    #[schema(format = DateTime)]
    pub created_at: String,
    /// When it was submitted; absent for a draft.
    #[schema(format = DateTime)]
    pub submitted_at: Option<String>,
}

impl From<ReportLine> for Report {
    fn from(r: ReportLine) -> Self {
        Report {
            subject: subject_word(r.subject),
            about: r.label,
            period: r.period,
            revision: r.revision,
            state: state_word(r.submitted),
            status: r.status.as_str(),
            progress: r.progress.percent(),
            spent_to_date: r.spent_to_date,
            narrative: r.narrative,
            organisation: r.organisation.into(),
            author: r.author,
            evidence: r.evidence.as_str(),
            created_at: r.created_at,
            submitted_at: r.submitted_at,
        }
    }
}

/// One period of a measure's or an assignment's reports: when it is due, the draft (only for
/// who may write the report) and every submitted revision. Its `ETag` names both, to send as
/// `If-Match` when saving.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportPeriod {
    #[schema(schema_with = report_subjects)]
    pub subject: &'static str,
    /// The measure's code or the assignment's diary number.
    pub about: String,
    /// E.g. `2026-Q3`, `2026-H2` or `2026`.
    pub period: String,
    /// When the period's report is due.
    #[schema(format = Date)]
    pub due_date: String,
    /// Whether a report is submitted, overdue or not yet due.
    #[schema(schema_with = report_dues)]
    pub due: &'static str,
    /// The draft being written; absent when there is none or the caller may not read it.
    pub draft: Option<ReportDraft>,
    /// The submitted revisions, newest first: a correction is a new revision.
    pub revisions: Vec<ReportRevision>,
}

/// What a report says, as saved.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportText {
    #[schema(schema_with = statuses)]
    pub status: &'static str,
    #[schema(minimum = 0, maximum = 100)]
    pub progress: u8,
    /// Kronor spent so far.
    pub spent_to_date: i64,
    pub narrative: String,
    /// Links to evidence, one per line: the address, then optionally a label.
    pub links: String,
}

impl From<&ReportValues> for ReportText {
    fn from(v: &ReportValues) -> Self {
        ReportText {
            status: v.status.as_str(),
            progress: v.progress.percent(),
            spent_to_date: v.spent_to_date.as_kronor(),
            narrative: v.narrative.clone(),
            links: links_text(&v.links),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportDraft {
    /// The draft's version: it changes with every save.
    pub version: i64,
    #[serde(flatten)]
    pub text: ReportText,
    /// Who saved it last.
    pub author: String,
    /// When it was begun, in UTC (RFC 3339).
    #[schema(format = DateTime)]
    pub created_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportRevision {
    /// From 1.
    pub revision: i64,
    #[serde(flatten)]
    pub text: ReportText,
    pub organisation: Organisation,
    pub author: String,
    #[schema(schema_with = evidences)]
    pub evidence: &'static str,
    #[schema(format = DateTime)]
    pub submitted_at: String,
}

impl From<&PeriodReports> for ReportPeriod {
    fn from(p: &PeriodReports) -> Self {
        ReportPeriod {
            subject: subject_word(p.subject.kind),
            about: p.subject.label.clone(),
            period: p.choice.period.to_string(),
            due_date: p.choice.due_date.to_string(),
            due: match p.choice.state {
                ReportDue::Submitted => REPORT_DUES[0],
                ReportDue::Overdue => REPORT_DUES[1],
                ReportDue::Upcoming => REPORT_DUES[2],
            },
            draft: p.draft.as_ref().map(|d| ReportDraft {
                version: d.version,
                text: (&d.values).into(),
                author: d.author_name.clone(),
                created_at: d.created_at.clone(),
            }),
            revisions: p
                .submitted
                .iter()
                .map(|r| ReportRevision {
                    revision: r.revision,
                    text: (&values_of(r)).into(),
                    organisation: r.organisation.clone().into(),
                    author: r.author_name.clone(),
                    evidence: r.evidence.as_str(),
                    submitted_at: r.submitted_at.clone(),
                })
                .collect(),
        }
    }
}

/// What a report says, to save as a draft (`intent`: `draft`, a narrative may be left empty)
/// or to submit (`submit`: the period's next revision, final; submitting over a submitted
/// period corrects it).
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)] // The API reads the body field by field (api::reports) to name each wrong one.
pub struct ReportChange {
    #[schema(schema_with = report_intents)]
    pub intent: String,
    #[schema(schema_with = statuses)]
    pub status: String,
    #[schema(minimum = 0, maximum = 100)]
    pub progress: i64,
    /// Kronor spent so far.
    #[schema(minimum = 0)]
    pub spent_to_date: i64,
    #[schema(max_length = 8000)]
    pub narrative: String,
    /// Links to evidence, one per line: the address, then optionally a label. May be left out.
    pub links: Option<String>,
}

/// A report's subject as the API spells it.
pub fn subject_word(subject: ReportSubjectKind) -> &'static str {
    match subject {
        ReportSubjectKind::Measure => REPORT_SUBJECTS[0],
        ReportSubjectKind::Assignment => REPORT_SUBJECTS[1],
    }
}

/// A report's state as the API spells it.
pub fn state_word(submitted: bool) -> &'static str {
    if submitted {
        REPORT_STATES[0]
    } else {
        REPORT_STATES[1]
    }
}

/// An obligation of the directive, the Convention or GRETA, with the plan's measures that answer
/// it: a row of the compliance matrix.
#[derive(Debug, Serialize, ToSchema)]
pub struct Obligation {
    pub code: String,
    #[schema(schema_with = obligation_sources)]
    pub source: &'static str,
    /// As cited, e.g. `Art. 11(4)`.
    pub article: String,
    pub title: Text,
    /// Whether Directive (EU) 2024/1712 brought or changed it.
    pub amended_2024: bool,
    /// The codes of the plan's measures that answer it; empty where nothing does.
    pub answered_by: Vec<String>,
}

impl Obligation {
    pub fn new(o: ObligationRef, answered_by: Vec<String>) -> Self {
        Obligation {
            code: o.code,
            source: o.source.as_str(),
            article: o.reference,
            title: o.title.into(),
            amended_2024: o.amended_2024,
            answered_by,
        }
    }
}

/// An indicator of the plan with its counts for the whole country, year by year. A small count
/// is hidden as on the pages: its value is `null` and its name is in the year's `hidden`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Indicator {
    pub code: String,
    pub name: Text,
    pub unit: Text,
    pub description: Text,
    /// Where the figures come from.
    pub source: String,
    #[schema(schema_with = evidences)]
    pub evidence: &'static str,
    pub years: Vec<IndicatorYear>,
}

impl Indicator {
    pub fn new(i: IndicatorRef, years: Vec<NationalYear>) -> Self {
        Indicator {
            code: i.code,
            name: i.name.into(),
            unit: i.unit.into(),
            description: i.description.into(),
            source: i.source,
            evidence: i.evidence.as_str(),
            years: years.into_iter().map(IndicatorYear::from).collect(),
        }
    }
}

/// An indicator's counts for the whole country in one year. `children` and `adults` are
/// `null` (and not in `hidden`) where the year's figures are not split by age.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorYear {
    pub year: i32,
    pub total: Option<i64>,
    pub women: Option<i64>,
    pub men: Option<i64>,
    pub children: Option<i64>,
    pub adults: Option<i64>,
    /// The counts hidden because they are small (or would give a small one away).
    pub hidden: Vec<&'static str>,
}

impl From<NationalYear> for IndicatorYear {
    fn from(y: NationalYear) -> Self {
        let mut hidden = Vec::new();
        let mut count = |name: &'static str, count: Option<Count>| {
            let shown = count.and_then(Count::shown);
            if count.is_some() && shown.is_none() {
                hidden.push(name);
            }
            shown
        };
        IndicatorYear {
            year: y.year,
            total: count("total", Some(y.total)),
            women: count("women", Some(y.women)),
            men: count("men", Some(y.men)),
            children: count("children", y.children),
            adults: count("adults", y.adults),
            hidden,
        }
    }
}

/// What a county board reports on its row: every field, as the row's form takes them.
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)] // The API reads the body field by field (api::regional_rows) to name each wrong one.
pub struct RegionalRowChange {
    #[schema(schema_with = statuses)]
    pub status: String,
    #[schema(minimum = 0, maximum = 100)]
    pub progress: i64,
    #[schema(max_length = 200)]
    pub contact_name: String,
    #[schema(max_length = 200)]
    pub contact_role: String,
    #[schema(max_length = 4000)]
    pub narrative: String,
    /// Kronor spent so far.
    #[schema(minimum = 0)]
    pub spent: i64,
}

/// A measure as a ministry writes it: the measure form's fields by the form's names. Status
/// and progress come from reports, not from here.
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)] // The API reads the body field by field (api::measures) to name each wrong one.
pub struct MeasureChange {
    /// The code of the measure's area.
    #[schema(example = "1")]
    pub area: String,
    /// The measure's code (only when adding one: a measure's code never changes).
    #[schema(example = "1.12")]
    pub code: Option<String>,
    pub title_sv: String,
    pub title_en: Option<String>,
    pub description_sv: Option<String>,
    pub description_en: Option<String>,
    #[schema(schema_with = measure_kinds)]
    pub kind: String,
    /// The lead organisation's code, e.g. `jam`.
    pub lead: String,
    /// The partner organisations' codes.
    pub partners: Option<Vec<String>>,
    #[schema(format = Date)]
    pub start_date: String,
    #[schema(format = Date)]
    pub end_date: String,
    #[schema(schema_with = frequencies)]
    pub report_frequency: String,
    /// Whether the county boards each report a row on it.
    pub is_regional: Option<bool>,
    /// The codes of the obligations it answers.
    pub obligations: Option<Vec<String>>,
    #[schema(schema_with = forms)]
    pub forms: Option<Vec<String>>,
    #[schema(schema_with = groups)]
    pub groups: Option<Vec<String>>,
}

/// A government assignment as its ministry writes it: the assignment form's fields by the
/// form's names. Its deadlines are written one at a time, but for the first two when it is
/// registered.
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)] // The API reads the body field by field (api::assignments) to name each wrong one.
pub struct AssignmentChange {
    /// The diary number, whose prefix names the ministry (only when registering one: a diary
    /// number never changes).
    #[schema(example = "A2026/01234")]
    pub diary_number: Option<String>,
    /// The code of the organisation given the assignment, e.g. `jam`.
    pub recipient: String,
    pub title_sv: String,
    pub title_en: Option<String>,
    pub description_sv: Option<String>,
    pub description_en: Option<String>,
    #[schema(format = Date)]
    pub decision_date: String,
    /// The codes of the measures it carries out.
    pub measures: Option<Vec<String>>,
    /// The interim report's due date, if one is asked for (only when registering).
    #[schema(format = Date)]
    pub interim_due: Option<String>,
    /// The final report's due date (required when registering, absent when changing).
    #[schema(format = Date)]
    pub final_due: Option<String>,
}

/// A reporting deadline as its assignment's ministry writes it: the deadline form's fields.
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)] // The API reads the body field by field (api::assignments) to name each wrong one.
pub struct DeadlineChange {
    #[schema(schema_with = deadline_kinds)]
    pub kind: String,
    #[schema(format = Date)]
    pub due_date: String,
    pub description_sv: Option<String>,
    pub description_en: Option<String>,
}

/// A funding decision line as a ministry writes it: every field, as the funding form takes them.
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)] // The API reads the body field by field (api::funding) to name each wrong one.
pub struct FundingLineChange {
    /// The measure's code (only when adding a line; a line stays with its measure).
    #[schema(example = "1.8")]
    pub measure: Option<String>,
    #[schema(minimum = 2000, maximum = 2100)]
    pub year: i64,
    /// The expenditure area (utgiftsområde) of the state budget, 1 to 27.
    #[schema(minimum = 1, maximum = 27)]
    pub expenditure_area: i64,
    #[schema(example = "3:1")]
    pub appropriation: String,
    #[schema(max_length = 40)]
    pub appropriation_item: String,
    /// The county the money is for (its two-digit code), or absent.
    pub county: Option<String>,
    /// The diary number of an assignment of the measure the money goes through, or absent.
    pub assignment: Option<String>,
    /// Kronor.
    #[schema(minimum = 0)]
    pub allocated: i64,
    /// Kronor.
    #[schema(minimum = 0)]
    pub disbursed: i64,
    /// Kronor.
    #[schema(minimum = 0)]
    pub spent: i64,
    /// The decision's reference, e.g. a diary number.
    pub decision: Option<String>,
}

/// One recorded change, as the history pages show it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Change {
    /// When, in UTC (RFC 3339).
    #[schema(format = DateTime)]
    pub occurred_at: String,
    /// Who: a person's name, or the system.
    pub actor: String,
    /// Their role then: `ministry`, `agency`, `county_board`, `oversight`, `admin`, `system`.
    pub actor_role: String,
    pub organisation: Option<Text>,
    /// What changed: `measure`, `regional_row`, `assignment`, …
    pub entity_type: String,
    /// Which one: a measure code, `24/1.8` for a county's row, a diary number.
    pub entity_id: String,
    /// `create`, `update`, `report_submitted`, …
    pub action: String,
    /// Each field's value before and after (a report draft's text only for who may write it).
    pub changes: Vec<FieldChange>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl From<HistoryEntry> for Change {
    fn from(e: HistoryEntry) -> Self {
        Change {
            occurred_at: e.occurred_at,
            actor: e.actor_name,
            actor_role: e.actor_role,
            organisation: e.organisation.map(Text::from),
            entity_type: e.entity_type,
            entity_id: e.entity_id,
            action: e.action,
            changes: e
                .changes
                .into_iter()
                .map(|c| FieldChange {
                    field: c.field,
                    before: c.before,
                    after: c.after,
                })
                .collect(),
        }
    }
}

/// The plan as it stood at the end of a day, rebuilt from the history.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanAsOf {
    #[schema(format = Date)]
    pub date: String,
    /// Every measure of the plan now, in code order, with where it stood on the date.
    pub measures: Vec<MeasureAsOf>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeasureAsOf {
    pub code: String,
    pub title: Text,
    #[schema(schema_with = statuses)]
    pub status: &'static str,
    #[schema(minimum = 0, maximum = 100)]
    pub progress: u8,
    /// The status on the date; absent when the measure was not yet in the plan.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = statuses)]
    pub status_then: Option<&'static str>,
    /// The progress on the date; absent when the measure was not yet in the plan.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 0, maximum = 100)]
    pub progress_then: Option<u8>,
}

impl From<app::models::PlanAsOf> for PlanAsOf {
    fn from(p: app::models::PlanAsOf) -> Self {
        PlanAsOf {
            date: p.date.to_string(),
            measures: p
                .measures
                .into_iter()
                .map(|m| MeasureAsOf {
                    code: m.now.code,
                    title: m.now.title.into(),
                    status: m.now.status.as_str(),
                    progress: m.now.progress.percent(),
                    status_then: m.then.map(|(status, _)| status.as_str()),
                    progress_then: m.then.map(|(_, progress)| progress.percent()),
                })
                .collect(),
        }
    }
}

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// This page's number, from 1.
    pub page: u32,
    pub per_page: u32,
    /// How many items match, on all pages.
    pub total: usize,
}

/// A closed vocabulary: a string that is one of `values`.
pub fn one_of(values: impl IntoIterator<Item = &'static str>) -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values))
        .build()
}

pub fn statuses() -> Object {
    one_of(Status::ALL.iter().map(|s| s.as_str()))
}

fn measure_kinds() -> Object {
    one_of(MeasureKind::ALL.iter().map(|k| k.as_str()))
}

fn evidences() -> Object {
    one_of(Evidence::ALL.iter().map(|e| e.as_str()))
}

fn frequencies() -> Object {
    one_of(ReportFrequency::ALL.iter().map(|f| f.as_str()))
}

fn organisation_kinds() -> Object {
    one_of(OrganisationKind::ALL.iter().map(|k| k.as_str()))
}

fn deadline_kinds() -> Object {
    one_of(DeadlineKind::ALL.iter().map(|k| k.as_str()))
}

fn obligation_sources() -> Object {
    one_of(ObligationSource::ALL.iter().map(|o| o.as_str()))
}

/// What a report may be about, as the API spells it (see [`subject_word`]).
pub const REPORT_SUBJECTS: [&str; 2] = ["measure", "assignment"];

/// Where a report stands, as the API spells it.
pub const REPORT_STATES: [&str; 2] = ["submitted", "draft"];

/// Where a period's report stands, as the API spells it.
pub const REPORT_DUES: [&str; 3] = ["submitted", "overdue", "upcoming"];

fn report_dues() -> Object {
    one_of(REPORT_DUES)
}

fn report_intents() -> Object {
    one_of(["draft", "submit"])
}

pub fn report_subjects() -> Object {
    one_of(REPORT_SUBJECTS)
}

pub fn report_states() -> Object {
    one_of(REPORT_STATES)
}

fn forms() -> utoipa::openapi::schema::Array {
    ArrayBuilder::new()
        .items(one_of(ExploitationForm::ALL.iter().map(|f| f.as_str())))
        .build()
}

fn groups() -> utoipa::openapi::schema::Array {
    ArrayBuilder::new()
        .items(one_of(TargetGroup::ALL.iter().map(|g| g.as_str())))
        .build()
}
