//! Status and evidence shown as text plus colour and symbol, never colour alone.

use super::{evidence_help, evidence_label, status_label, use_locale};
use crate::domain::{Evidence, Status};
use leptos::prelude::*;

/// A status as a coloured badge with a symbol and its name.
#[component]
pub fn StatusBadge(status: Status) -> impl IntoView {
    let symbol = match status {
        Status::NotStarted => "○",
        Status::OnTrack => "●",
        Status::AtRisk => "▲",
        Status::Delayed => "■",
        Status::Completed => "✓",
        Status::Cancelled => "✕",
    };
    view! {
        <span class=format!("status status-{}", status.as_str())>
            <span class="status-symbol" aria-hidden="true">{symbol}</span>
            {status_label(status, use_locale())}
        </span>
    }
}

/// How well a record is backed by a source; illustrative records stand out.
#[component]
pub fn EvidenceBadge(evidence: Evidence) -> impl IntoView {
    let locale = use_locale();
    view! {
        <span class=format!("evidence evidence-{}", evidence.as_str()) title=evidence_help(evidence, locale)>
            {evidence_label(evidence, locale)}
        </span>
    }
}
