//! Pieces of pages used on more than one page.

mod await_data;
mod badges;
mod chart;
mod error_view;
mod fields;
mod flags;
mod form;
mod format;
mod horizon;
mod kept;
mod labels;
mod layout;
mod locale;
mod progress;
mod visit;

pub use await_data::AwaitData;
pub use badges::{EvidenceBadge, StatusBadge};
pub use chart::{ChartFigure, ChartSection};
pub use error_view::{ErrorView, error_words};
#[cfg(feature = "ssr")]
pub use fields::problem_words;
pub use fields::{
    Checkboxes, FailureNotice, FieldMessage, SaveNotice, TextField, field_problem, problem_text,
    saves_of_list_form, select_options, version_after_conflict,
};
pub use flags::{FlagBadge, FlagTable, FlagsSection, flag_kind_label, flag_reason, flag_rule};
pub use form::{Form, form_action, typed_all_or, typed_checked, typed_or};
pub use format::{
    fmt_date, fmt_decimal, fmt_difference, fmt_int, fmt_money, fmt_percent, fmt_timestamp_date,
};
pub use horizon::{HorizonCell, horizon_sentence};
pub use kept::render_kept;
pub use labels::{
    age_label, deadline_kind_label, deadline_subject_label, evidence_help, evidence_label,
    form_label, frequency_label, group_label, kind_label, role_label, sex_label, source_label,
    status_label, table_about, table_label,
};
pub use layout::{Footer, Header, encode_query_value};
pub use locale::{LanguageSelect, lang_of, locale_of, use_lang, use_locale};
pub use progress::ProgressBar;
pub use visit::{ProvideVisit, current_visit, tracked_visit};
