//! The translated name of every value of the plan's vocabularies.

use crate::domain::{
    DeadlineKind, Evidence, ExploitationForm, MeasureKind, ObligationSource, ReportFrequency, Role,
    Sex, Status, TableName, TargetGroup,
};
use crate::i18n::{Locale, td_string};

pub fn status_label(status: Status, locale: Locale) -> String {
    match status {
        Status::NotStarted => td_string!(locale, status.not_started),
        Status::OnTrack => td_string!(locale, status.on_track),
        Status::AtRisk => td_string!(locale, status.at_risk),
        Status::Delayed => td_string!(locale, status.delayed),
        Status::Completed => td_string!(locale, status.completed),
        Status::Cancelled => td_string!(locale, status.cancelled),
    }
    .to_string()
}

pub fn role_label(role: Role, locale: Locale) -> String {
    match role {
        Role::Ministry => td_string!(locale, role.ministry),
        Role::Agency => td_string!(locale, role.agency),
        Role::CountyBoard => td_string!(locale, role.county_board),
        Role::Oversight => td_string!(locale, role.oversight),
        Role::Admin => td_string!(locale, role.admin),
    }
    .to_string()
}

pub fn kind_label(kind: MeasureKind, locale: Locale) -> String {
    match kind {
        MeasureKind::Legislation => td_string!(locale, kind.legislation),
        MeasureKind::Assignment => td_string!(locale, kind.assignment),
        MeasureKind::Funding => td_string!(locale, kind.funding),
        MeasureKind::Coordination => td_string!(locale, kind.coordination),
        MeasureKind::Support => td_string!(locale, kind.support),
        MeasureKind::Knowledge => td_string!(locale, kind.knowledge),
        MeasureKind::Monitoring => td_string!(locale, kind.monitoring),
    }
    .to_string()
}

pub fn evidence_label(evidence: Evidence, locale: Locale) -> String {
    match evidence {
        Evidence::Verified => td_string!(locale, evidence.verified),
        Evidence::VerifiedViaResponse => td_string!(locale, evidence.verified_via_response),
        Evidence::Illustrative => td_string!(locale, evidence.illustrative),
    }
    .to_string()
}

/// What an evidence label means, in a sentence.
pub fn evidence_help(evidence: Evidence, locale: Locale) -> String {
    match evidence {
        Evidence::Verified => td_string!(locale, evidence.verified_help),
        Evidence::VerifiedViaResponse => td_string!(locale, evidence.verified_via_response_help),
        Evidence::Illustrative => td_string!(locale, evidence.illustrative_help),
    }
    .to_string()
}

/// A form of exploitation; `None` is all forms together.
pub fn form_label(form: Option<ExploitationForm>, locale: Locale) -> String {
    match form {
        None => td_string!(locale, form.all),
        Some(ExploitationForm::Sexual) => td_string!(locale, form.sexual),
        Some(ExploitationForm::Labour) => td_string!(locale, form.labour),
        Some(ExploitationForm::CriminalActivities) => td_string!(locale, form.criminal_activities),
        Some(ExploitationForm::Begging) => td_string!(locale, form.begging),
        Some(ExploitationForm::ForcedMarriage) => td_string!(locale, form.forced_marriage),
        Some(ExploitationForm::Surrogacy) => td_string!(locale, form.surrogacy),
        Some(ExploitationForm::IllegalAdoption) => td_string!(locale, form.illegal_adoption),
        Some(ExploitationForm::OrganRemoval) => td_string!(locale, form.organ_removal),
    }
    .to_string()
}

pub fn group_label(group: TargetGroup, locale: Locale) -> String {
    match group {
        TargetGroup::Children => td_string!(locale, group.children),
        TargetGroup::Women => td_string!(locale, group.women),
        TargetGroup::Men => td_string!(locale, group.men),
        TargetGroup::MigrantsInsecureStatus => td_string!(locale, group.migrants_insecure_status),
        TargetGroup::PeopleInProstitution => td_string!(locale, group.people_in_prostitution),
        TargetGroup::Professionals => td_string!(locale, group.professionals),
        TargetGroup::Employers => td_string!(locale, group.employers),
        TargetGroup::Public => td_string!(locale, group.public),
    }
    .to_string()
}

pub fn source_label(source: ObligationSource, locale: Locale) -> String {
    match source {
        ObligationSource::Directive => td_string!(locale, source.directive),
        ObligationSource::Convention => td_string!(locale, source.convention),
        ObligationSource::Greta => td_string!(locale, source.greta),
    }
    .to_string()
}

pub fn deadline_kind_label(kind: DeadlineKind, locale: Locale) -> String {
    match kind {
        DeadlineKind::Interim => td_string!(locale, deadline_kind.interim_report),
        DeadlineKind::Final => td_string!(locale, deadline_kind.final_report),
    }
    .to_string()
}

pub fn frequency_label(frequency: ReportFrequency, locale: Locale) -> String {
    match frequency {
        ReportFrequency::Quarterly => td_string!(locale, frequency.quarterly),
        ReportFrequency::HalfYearly => td_string!(locale, frequency.half_yearly),
        ReportFrequency::Yearly => td_string!(locale, frequency.yearly),
    }
    .to_string()
}

pub fn sex_label(sex: Sex, locale: Locale) -> String {
    match sex {
        Sex::Women => td_string!(locale, sex.women),
        Sex::Men => td_string!(locale, sex.men),
    }
    .to_string()
}

pub fn age_label(age: crate::domain::AgeGroup, locale: Locale) -> String {
    match age {
        crate::domain::AgeGroup::Children => td_string!(locale, age.children),
        crate::domain::AgeGroup::Adults => td_string!(locale, age.adults),
    }
    .to_string()
}

/// What a deadline is for, in words: "Lägesrapport 2026-Q3, åtgärd 3.1" or
/// "Delredovisning A2026/00412".
pub fn deadline_subject_label(subject: &crate::models::DeadlineSubject, locale: Locale) -> String {
    match subject {
        crate::models::DeadlineSubject::MeasureReport { code, period } => format!(
            "{} {period}, {} {code}",
            td_string!(locale, reporting.title),
            td_string!(locale, common.measure)
                .to_string()
                .to_lowercase()
        ),
        crate::models::DeadlineSubject::Assignment { diary_number, kind } => {
            format!("{} {diary_number}", deadline_kind_label(*kind, locale))
        }
    }
}

/// A published table's name: the workbook's sheet name (at most 31 characters) and the data
/// page's heading.
pub fn table_label(name: TableName, locale: Locale) -> String {
    match name {
        TableName::Plan => td_string!(locale, data.table_plan),
        TableName::Areas => td_string!(locale, data.table_areas),
        TableName::Measures => td_string!(locale, data.table_measures),
        TableName::Assignments => td_string!(locale, data.table_assignments),
        TableName::Deadlines => td_string!(locale, data.table_deadlines),
        TableName::Funding => td_string!(locale, data.table_funding),
        TableName::RegionalRows => td_string!(locale, data.table_regional_rows),
        TableName::Reports => td_string!(locale, data.table_reports),
        TableName::Obligations => td_string!(locale, data.table_obligations),
        TableName::Indicators => td_string!(locale, data.table_indicators),
        TableName::IndicatorValues => td_string!(locale, data.table_indicator_values),
        TableName::IndicatorTargets => td_string!(locale, data.table_indicator_targets),
    }
    .to_string()
}

/// What a published table holds, in a sentence.
pub fn table_about(name: TableName, locale: Locale) -> String {
    match name {
        TableName::Plan => td_string!(locale, data.about_plan),
        TableName::Areas => td_string!(locale, data.about_areas),
        TableName::Measures => td_string!(locale, data.about_measures),
        TableName::Assignments => td_string!(locale, data.about_assignments),
        TableName::Deadlines => td_string!(locale, data.about_deadlines),
        TableName::Funding => td_string!(locale, data.about_funding),
        TableName::RegionalRows => td_string!(locale, data.about_regional_rows),
        TableName::Reports => td_string!(locale, data.about_reports),
        TableName::Obligations => td_string!(locale, data.about_obligations),
        TableName::Indicators => td_string!(locale, data.about_indicators),
        TableName::IndicatorValues => td_string!(locale, data.about_indicator_values),
        TableName::IndicatorTargets => td_string!(locale, data.about_indicator_targets),
    }
    .to_string()
}
