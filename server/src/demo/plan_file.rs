//! The shape of `demo/plan.toml`.

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanFile {
    pub plan: PlanEntry,
    pub areas: Vec<AreaEntry>,
    pub organisations: Vec<OrganisationEntry>,
    pub obligations: Vec<ObligationEntry>,
    pub measures: Vec<MeasureEntry>,
    pub assignments: Vec<AssignmentEntry>,
    pub funding: Vec<FundingEntry>,
    pub regional_funding: Vec<RegionalFundingEntry>,
    pub regional_rows: Vec<RegionalRowEntry>,
    pub indicators: Vec<IndicatorEntry>,
    pub measure_indicators: Vec<MeasureIndicatorEntry>,
    pub users: Vec<UserEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanEntry {
    pub code: String,
    pub title_sv: String,
    pub title_en: String,
    pub description_sv: String,
    pub description_en: String,
    pub legal_basis_sv: String,
    pub legal_basis_en: String,
    pub period_start: String,
    pub period_end: String,
    pub lead_ministry: String,
    pub report_due_days: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaEntry {
    pub code: String,
    pub title_sv: String,
    pub title_en: String,
    pub description_sv: String,
    pub description_en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganisationEntry {
    pub code: String,
    pub kind: String,
    pub name_sv: String,
    pub name_en: String,
    #[serde(default)]
    pub short_name: String,
    pub diary_prefix: Option<String>,
    pub parent: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObligationEntry {
    pub code: String,
    pub source: String,
    pub reference: String,
    pub title_sv: String,
    pub title_en: String,
    #[serde(default)]
    pub amended_2024: bool,
    #[serde(default = "yes")]
    pub reference_verified: bool,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureEntry {
    pub code: String,
    pub area: String,
    pub title_sv: String,
    pub title_en: String,
    pub description_sv: String,
    pub description_en: String,
    pub kind: String,
    pub lead: String,
    #[serde(default)]
    pub partners: Vec<String>,
    pub start: String,
    pub end: String,
    pub status: String,
    pub progress: i64,
    #[serde(default = "quarterly")]
    pub frequency: String,
    #[serde(default)]
    pub regional: bool,
    pub evidence: String,
    #[serde(default)]
    pub evidence_note: String,
    pub forms: Vec<String>,
    pub groups: Vec<String>,
    pub obligations: Vec<String>,
}

fn quarterly() -> String {
    "quarterly".into()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssignmentEntry {
    pub diary_number: String,
    pub recipient: String,
    pub title_sv: String,
    pub title_en: String,
    pub description_sv: String,
    pub description_en: String,
    pub decided: String,
    pub evidence: String,
    #[serde(default)]
    pub evidence_note: String,
    pub measures: Vec<String>,
    #[serde(default)]
    pub deadlines: Vec<DeadlineEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineEntry {
    pub kind: String,
    pub due: String,
    pub delivered: Option<String>,
    pub description_sv: String,
    pub description_en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundingEntry {
    pub measure: String,
    pub assignment: Option<String>,
    pub year: i32,
    pub expenditure_area: i64,
    pub appropriation: String,
    #[serde(default)]
    pub item: String,
    pub allocated: i64,
    #[serde(default)]
    pub disbursed: i64,
    #[serde(default)]
    pub spent: i64,
    #[serde(default)]
    pub decision_ref: String,
    pub evidence: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionalFundingEntry {
    pub measure: String,
    pub assignment: Option<String>,
    pub years: Vec<i32>,
    pub expenditure_area: i64,
    pub appropriation: String,
    #[serde(default)]
    pub item: String,
    pub base: i64,
    pub per_100k_inhabitants: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionalRowEntry {
    pub measure: String,
    pub county: String,
    pub status: String,
    pub progress: i64,
    pub contact_role: String,
    pub narrative: String,
    pub evidence: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorEntry {
    pub code: String,
    pub name_sv: String,
    pub name_en: String,
    pub unit_sv: String,
    pub unit_en: String,
    pub description_sv: String,
    pub description_en: String,
    pub source: String,
    pub split_by_form: bool,
    /// Split into children and adults as well.
    pub split_by_age: bool,
}

/// An indicator a measure should move: the baseline is the generated series' count for the
/// whole country in `baseline_year`, the target that count changed by `target_change_percent`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureIndicatorEntry {
    pub measure: String,
    pub indicator: String,
    pub baseline_year: i32,
    pub target_year: i32,
    pub target_change_percent: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserEntry {
    pub email: String,
    pub display_name: String,
    pub organisation: String,
    pub role: String,
}
