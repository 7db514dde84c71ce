//! The government assignments list and the assignment page.

mod detail;
mod list;

pub use detail::AssignmentPage;
pub use list::AssignmentsPage;

use crate::components::{fmt_date, use_lang, use_locale};
use crate::i18n::{td, td_string};
use crate::models::DeadlineView;
use leptos::prelude::*;

/// Where a reporting deadline stands, in words with a symbol: delivered (on time or late),
/// overdue, or due in so many days.
#[component]
pub fn DeadlineState(deadline: DeadlineView) -> impl IntoView {
    let locale = use_locale();
    let lang = use_lang();
    let (class, symbol, text) = match deadline.delivered_date {
        Some(date) if deadline.was_late() => (
            "deadline-late",
            "✓",
            td!(locale, deadline.delivered_late, date = fmt_date(date, lang)).into_any(),
        ),
        Some(date) => (
            "deadline-met",
            "✓",
            td!(locale, deadline.delivered, date = fmt_date(date, lang)).into_any(),
        ),
        None if deadline.is_overdue() => (
            "deadline-overdue",
            "■",
            view! {
                {td_string!(locale, deadline.overdue)}", "
                {crate::pages::deadlines::days_text(deadline.days_left, locale)}
            }
            .into_any(),
        ),
        None => (
            "deadline-pending",
            "○",
            view! {
                {td_string!(locale, deadline.pending)}", "
                {crate::pages::deadlines::days_text(deadline.days_left, locale)}
            }
            .into_any(),
        ),
    };
    view! { <span class=format!("deadline-state {class}")><span aria-hidden="true">{symbol}" "</span>{text}</span> }
}
