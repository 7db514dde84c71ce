//! Coverage by form of exploitation and by target group.

use crate::domain::Lang;
use crate::error::AppError;
use crate::models::Coverage;
use leptos::prelude::*;

/// The measures, statuses and money reaching each form of exploitation and each target group,
/// beside the presumed victims of each form by sex (small counts suppressed), worded in `lang`.
#[server(endpoint = "coverage")]
pub async fn get_coverage(lang: Lang) -> Result<Coverage, AppError> {
    super::respond(
        async {
            let (mut conn, plan) = super::connect_to_plan().await?;
            let state = crate::server::state()?;
            let threshold = state.settings.suppression_threshold;
            let today = super::today()?;
            let coverage = state
                .caches
                .coverage
                .get_or_compute(&plan, (lang, today), async || {
                    coverage(&mut conn, &plan, today, threshold, lang).await
                })
                .await?;
            Ok(Coverage {
                read_at: plan.read_at(today),
                ..coverage.as_ref().clone()
            })
        }
        .await,
    )
}

/// [`get_coverage`] of `plan` on `today`, counts under `threshold` suppressed.
#[cfg(feature = "ssr")]
async fn coverage(
    conn: &mut sqlx::AnyConnection,
    plan: &crate::server::db::reference::CurrentPlan,
    today: crate::domain::IsoDate,
    threshold: i64,
    lang: Lang,
) -> Result<Coverage, AppError> {
    use crate::domain::{Count, ExploitationForm, Sex, TargetGroup};
    use crate::models::coverage::{coverage_lines, forms_over_time};
    use crate::models::{FormCoverage, GroupCoverage};
    use crate::server::{charts, db};
    let (by_form, by_group) = db::coverage::measures(conn, plan.id).await?;
    let victims = db::coverage::victims_by_form(conn).await?;
    // The nation's count of a form and sex in a year, from the counties' counts each county
    // page shows (hidden when exactly one county's is).
    let count_in = |year: i32, form: ExploitationForm, sex: Sex| {
        victims.as_ref().map_or(Count::Shown(0), |(_, _, counts)| {
            let by_county = counts.get(&(year, form, sex)).cloned().unwrap_or_default();
            Count::total_of_parts(by_county.iter().sum(), &by_county, threshold)
        })
    };
    let latest = victims.as_ref().map_or(0, |(_, year, _)| *year);
    let count = |form: ExploitationForm, sex: Sex| count_in(latest, form, sex);
    // From the plan's first year to this one (or the plan's last, if it has ended).
    let years: Vec<i32> = (plan.summary.period_start.year()
        ..=plan.summary.period_end.year().min(today.year()))
        .collect();
    let counted = |year: i32| {
        victims
            .as_ref()
            .is_some_and(|(_, _, counts)| counts.keys().any(|(of, _, _)| *of == year))
    };
    let over_time = forms_over_time(
        &years,
        &db::coverage::measures_over_time(conn, plan.id).await?,
        |year, form, sex| counted(year).then(|| count_in(year, form, sex)),
    );
    let mut coverage = Coverage {
        read_at: Default::default(),
        forms: coverage_lines(ExploitationForm::ALL, &by_form)
            .into_iter()
            .map(|(form, line)| FormCoverage {
                form,
                line,
                women: count(form, Sex::Women),
                men: count(form, Sex::Men),
            })
            .collect(),
        groups: coverage_lines(TargetGroup::ALL, &by_group)
            .into_iter()
            .map(|(group, line)| GroupCoverage { group, line })
            .collect(),
        indicator: victims.map(|(name, year, _)| (name, year)),
        suppression_threshold: threshold,
        charts: Vec::new(),
        over_time,
    };
    coverage.charts = charts::coverage_charts(&coverage, lang);
    Ok(coverage)
}
