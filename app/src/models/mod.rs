//! What the server sends to the pages: plain data, serialisable, valid on both targets.
//! Rows as the database holds them stay on the server (`server::db`); secrets never come here.

mod api_reference;
pub mod area_edit;
mod assignment;
pub mod assignment_edit;
mod chart;
pub mod comparison;
mod county;
pub mod coverage;
mod data;
mod deadline;
mod flag;
pub mod form_return;
mod history;
mod horizon;
pub mod import;
pub mod indicator;
pub mod input;
mod measure;
mod oversight;
pub mod overview;
pub mod plan_edit;
mod read_at;
mod reference;
pub mod regional;
pub mod report;
pub mod token;
pub mod users;
mod viewer;
mod work;

pub use api_reference::{ApiAnswer, ApiField, ApiOperation, ApiReference, ApiType};
pub use area_edit::{AreaInput, AreaList, AreaRow, AreaValues};
pub use assignment::{AssignmentDetail, AssignmentList, AssignmentSummary};
pub use assignment_edit::{
    AssignmentEdit, AssignmentInput, AssignmentValues, DeadlineInput, DeadlineRow, DeadlineValues,
    FirstDeadlines,
};
pub use chart::{Chart, ChartRow, ChartSummary, ChartTable, ChartUnit};
pub use comparison::{
    Comparison, ComparisonQuery, ComparisonRow, ComparisonSort, CountyFigure, FigureChoice,
    MapFigure, TargetRate,
};
pub use county::{
    CountyDetail, CountyRow, CountySummary, IndicatorRow, IndicatorSeries, MunicipalityEntry,
};
pub use coverage::{
    Coverage, CoverageLine, FormCoverage, FormOverTime, FormYear, GroupCoverage, LostGround,
};
pub use data::{DataCatalogue, TableSummary};
pub use deadline::{DeadlineItem, DeadlineSubject, DeadlineView, ExpectedReport, ReportDue};
pub use flag::{
    Flag, FlagFacts, FlagFilter, FlagList, FlagReason, FlagSubject, MeasureFacts, RowFacts,
    SubmittedReport, YearFunding, flags_in_county, flags_on_assignment, flags_on_measure,
    kinds_by_measure, stale_from,
};
pub use form_return::{Claim, FormReturn};
pub use history::{ChangeLog, ChangedSubject, FieldChange, History, HistoryEntry, HistoryKind};
pub use horizon::{CountyHorizon, FundingHorizon, HorizonSignal, RowHorizon};
pub use indicator::{MeasureIndicator, NationalYear, TargetEdit, TargetInput, TargetValues};
pub use measure::{
    FundingBy, FundingLine, FundingRollup, FundingRow, FundingTotals, FundingYear, InvalidFilter,
    MeasureDetail, MeasureFilter, MeasureFilterOptions, MeasureList, MeasureQuery, MeasureSort,
    MeasureSummary, PAGE_SIZE, RegionalRow, ReportEntry, ReportLink,
};
pub use oversight::{Compliance, CoveringMeasure, MeasureAsOf, ObligationCoverage, PlanAsOf};
pub use overview::{
    AreaProgress, MonthDeadlines, Overview, PeriodProgress, ReportSummary, StatusCount,
};
pub use plan_edit::{
    FundingEdit, FundingInput, FundingValues, MeasureEdit, MeasureInput, MeasureValues,
};
pub use read_at::ReadAt;
pub use reference::{
    AreaRef, AssignmentRef, CountyRef, IndicatorRef, MeasureRef, ObligationRef, OrganisationRef,
    PlanSummary,
};
pub use regional::{RegionalInput, RegionalRowEdit, RegionalValues};
pub use report::{
    DraftInfo, PeriodChoice, ReportForm, ReportInput, ReportSubjectKind, ReportValues,
};
pub use token::{AccessTokenRow, AccessTokens, NewToken, TokenGrant, TokenScope};
pub use users::{
    Account, IssuedLink, LinkHolder, LinkPurpose, OrganisationOption, SecondFactorChallenge,
    SecondFactorStatus, SetupKey, UserAdmin, UserRow,
};
pub use viewer::{DEMO_PASSWORD, DemoAccount};
pub use viewer::{SignedInUser, Viewer, Visit};
pub use work::{
    CalendarFeedRow, DeadlineList, DraftItem, MyWork, OrganisationDeadlines, StaleRow,
    split_deadlines,
};
