//! Progress as a bar with its number beside it.

use super::{fmt_percent, use_lang};
use crate::domain::Progress;
use leptos::prelude::*;

/// A horizontal bar for a percentage, with the number as text (the bar itself is decoration).
/// Drawn in SVG so that no inline style is needed.
#[component]
pub fn ProgressBar(progress: Progress) -> impl IntoView {
    let percent = progress.percent();
    view! {
        <span class="progress">
            <svg class="progress-bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                <rect class="progress-track" x="0" y="0" width="100" height="8"></rect>
                <rect class="progress-fill" x="0" y="0" width=percent.to_string() height="8"></rect>
            </svg>
            <span class="progress-text">{fmt_percent(i64::from(percent), use_lang())}</span>
        </span>
    }
}
