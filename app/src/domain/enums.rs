//! The closed vocabularies of the plan: statuses, kinds, forms of exploitation, target groups,
//! roles. Their stored spellings are fixed; the pages translate them.

stored_enum! {
    /// Where a measure, a regional row or a report stands. Always shown as text plus colour.
    pub enum Status {
        NotStarted = "not_started",
        OnTrack = "on_track",
        AtRisk = "at_risk",
        Delayed = "delayed",
        Completed = "completed",
        Cancelled = "cancelled",
    }
}

impl Status {
    /// Whether work is still expected (reports are due only for open measures).
    pub const fn is_open(self) -> bool {
        !matches!(self, Status::Completed | Status::Cancelled)
    }
}

stored_enum! {
    /// What kind of instrument a measure is.
    pub enum MeasureKind {
        Legislation = "legislation",
        Assignment = "assignment",
        Funding = "funding",
        Coordination = "coordination",
        Support = "support",
        Knowledge = "knowledge",
        Monitoring = "monitoring",
    }
}

stored_enum! {
    /// How well a record is backed by a public source. Pages show it so that nobody mistakes
    /// demo material for a real decision.
    pub enum Evidence {
        /// The item exists as described, in a named public source.
        Verified = "verified",
        /// Taken from the county board's consultation response (a proposal, not a decision).
        VerifiedViaResponse = "verified_via_response",
        /// Constructed for the demo: plausible, not real.
        Illustrative = "illustrative",
    }
}

stored_enum! {
    /// Forms of exploitation named by Directive 2011/36/EU as amended by 2024/1712, Art. 2(3).
    pub enum ExploitationForm {
        Sexual = "sexual",
        Labour = "labour",
        CriminalActivities = "criminal_activities",
        Begging = "begging",
        ForcedMarriage = "forced_marriage",
        Surrogacy = "surrogacy",
        IllegalAdoption = "illegal_adoption",
        OrganRemoval = "organ_removal",
    }
}

stored_enum! {
    /// Groups a measure is meant to reach.
    pub enum TargetGroup {
        Children = "children",
        Women = "women",
        Men = "men",
        MigrantsInsecureStatus = "migrants_insecure_status",
        PeopleInProstitution = "people_in_prostitution",
        Professionals = "professionals",
        Employers = "employers",
        Public = "public",
    }
}

stored_enum! {
    /// What an organisation is; decides which role its people may hold.
    pub enum OrganisationKind {
        Government = "government",
        Ministry = "ministry",
        Agency = "agency",
        CountyBoard = "county_board",
        RightsBody = "rights_body",
        Inquiry = "inquiry",
        Parliament = "parliament",
        Ngo = "ngo",
        International = "international",
        Municipality = "municipality",
    }
}

stored_enum! {
    /// A signed-in person's role. The order matters nowhere: rights are decided by the policy,
    /// never by comparing roles.
    pub enum Role {
        Ministry = "ministry",
        Agency = "agency",
        CountyBoard = "county_board",
        Oversight = "oversight",
        Admin = "admin",
    }
}

impl Role {
    /// Whether a user with this role may belong to an organisation of `kind`: ministry desk
    /// officers to a ministry, reporters to an agency or an inquiry, county board reporters to
    /// a county board, oversight to the rights body; administrators to any organisation.
    pub fn fits(self, kind: OrganisationKind) -> bool {
        match self {
            Role::Ministry => kind == OrganisationKind::Ministry,
            Role::Agency => matches!(kind, OrganisationKind::Agency | OrganisationKind::Inquiry),
            Role::CountyBoard => kind == OrganisationKind::CountyBoard,
            Role::Oversight => kind == OrganisationKind::RightsBody,
            Role::Admin => true,
        }
    }
}

stored_enum! {
    /// Where an obligation comes from.
    pub enum ObligationSource {
        /// Directive 2011/36/EU as amended by Directive (EU) 2024/1712.
        Directive = "directive",
        /// Council of Europe Convention on Action against Trafficking in Human Beings (CETS 197).
        Convention = "convention",
        /// A recommendation by GRETA, the Convention's expert group.
        Greta = "greta",
    }
}

stored_enum! {
    /// An assignment's reporting deadline: interim (delredovisning) or final (slutredovisning).
    pub enum DeadlineKind {
        Interim = "interim",
        Final = "final",
    }
}

stored_enum! {
    /// A progress report is a draft until it is submitted; a submitted one is never changed.
    pub enum ReportState {
        Draft = "draft",
        Submitted = "submitted",
    }
}

stored_enum! {
    /// How often a measure's owner reports progress.
    pub enum ReportFrequency {
        Quarterly = "quarterly",
        HalfYearly = "half_yearly",
        Yearly = "yearly",
    }
}

stored_enum! {
    /// Sex, for the sex-disaggregated statistics the consultation response asks for.
    pub enum Sex {
        Women = "women",
        Men = "men",
    }
}

stored_enum! {
    /// Age groups of indicator values, where the source splits by age (the plan's data
    /// collection, measure 5.4, asks for victims by sex, age and form): under 18, and 18 or over.
    pub enum AgeGroup {
        Children = "children",
        Adults = "adults",
    }
}

stored_enum! {
    /// What a signal raised from the plan's data is about (`models::flag`: the rules). Never
    /// typed in: each is computed from the data on every change.
    pub enum FlagKind {
        OnTrackPastDeadline = "on_track_past_deadline",
        ProgressFell = "progress_fell",
        NoEvidence = "no_evidence",
        MoneyUnspent = "money_unspent",
        RowStale = "row_stale",
        ObligationWeak = "obligation_weak",
        PastEndDate = "past_end_date",
        FinalReportOverdue = "final_report_overdue",
        MoneyEnds = "money_ends",
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_role_fits_only_the_kind_of_organisation_it_is_for() {
        assert!(Role::CountyBoard.fits(OrganisationKind::CountyBoard));
        assert!(!Role::CountyBoard.fits(OrganisationKind::Agency));
        assert!(Role::Ministry.fits(OrganisationKind::Ministry));
        assert!(!Role::Ministry.fits(OrganisationKind::Government));
        assert!(Role::Oversight.fits(OrganisationKind::RightsBody));
        assert!(!Role::Oversight.fits(OrganisationKind::Ministry));
        assert!(Role::Agency.fits(OrganisationKind::Inquiry));
        for kind in OrganisationKind::ALL {
            assert!(Role::Admin.fits(*kind));
        }
    }

    use super::*;

    #[test]
    fn every_status_round_trips_through_its_stored_spelling() {
        for status in Status::ALL {
            assert_eq!(status.as_str().parse::<Status>(), Ok(*status));
        }
    }

    #[test]
    fn an_unknown_spelling_is_refused_with_the_kind_named() {
        let err = "finished".parse::<Status>().unwrap_err();
        assert_eq!(
            err,
            crate::domain::DomainError::UnknownValue {
                kind: "Status",
                value: "finished".into()
            }
        );
    }

    #[test]
    fn only_completed_and_cancelled_measures_are_closed() {
        let open: Vec<_> = Status::ALL.iter().filter(|s| s.is_open()).collect();
        assert_eq!(
            open,
            [
                &Status::NotStarted,
                &Status::OnTrack,
                &Status::AtRisk,
                &Status::Delayed
            ]
        );
    }

    #[test]
    fn the_directive_names_eight_forms_of_exploitation() {
        assert_eq!(ExploitationForm::ALL.len(), 8);
    }

    #[test]
    fn enums_serialise_as_their_stored_spelling() {
        assert_eq!(
            serde_json::to_string(&Status::AtRisk).unwrap(),
            "\"at_risk\""
        );
        assert_eq!(
            serde_json::from_str::<Status>("\"delayed\"").unwrap(),
            Status::Delayed
        );
        assert!(serde_json::from_str::<Status>("\"late\"").is_err());
    }
}

stored_enum! {
    /// The tables the plan is published as: a sheet each in the workbook, a CSV file each
    /// (`/data/<name>.csv`).
    pub enum TableName {
        Plan = "plan",
        Areas = "areas",
        Measures = "measures",
        Assignments = "assignments",
        Deadlines = "deadlines",
        Funding = "funding",
        RegionalRows = "regional_rows",
        Reports = "reports",
        Obligations = "obligations",
        Indicators = "indicators",
        IndicatorValues = "indicator_values",
        IndicatorTargets = "indicator_targets",
    }
}
