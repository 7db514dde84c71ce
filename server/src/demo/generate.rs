//! The parts of the demo data that are generated rather than written out: a row per county for
//! the regional measures, quarterly progress reports up to today, and indicator series. All
//! deterministic (the same every time for the same day) and labelled illustrative.

use super::plan_file::PlanFile;
use super::{CountyRecord, Ids, LoadedMeasure, id, parse};
use anyhow::{Result, anyhow};
use app::domain::{
    AgeGroup, CountyCode, Evidence, ExploitationForm, IsoDate, Money, Progress, ReportState,
    ReportingPeriod, Sex, Status,
};
use app::server::db::load;
use sqlx::AnyConnection;

#[derive(Clone, Copy)]
pub struct Context {
    pub today: IsoDate,
    pub plan_start: IsoDate,
    pub due_days: i64,
}

/// A number in `0.0..1.0` that depends only on `key`: demo data without a random generator,
/// the same on every load. FNV-1a, then a 64-bit finaliser so that keys differing only in
/// their last character still land far apart.
fn noise(key: &str) -> f64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in key.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^= hash >> 33;
    (hash >> 11) as f64 / (1u64 << 53) as f64
}

fn pick<'a, T>(items: &'a [T], key: &str) -> &'a T {
    &items[(noise(key) * items.len() as f64) as usize % items.len()]
}

/// Disbursed and spent for a year's allocation: past years fully disbursed and mostly spent,
/// the current year partly, future years not at all.
pub fn execution(allocated: i64, year: i32, current_year: i32, key: &str) -> (i64, i64) {
    let round = |x: f64| ((x / 1000.0).round() * 1000.0) as i64;
    let allocated_f = allocated as f64;
    match year.cmp(&current_year) {
        std::cmp::Ordering::Less => (allocated, round(allocated_f * (0.82 + 0.18 * noise(key)))),
        std::cmp::Ordering::Equal => {
            let disbursed = round(allocated_f * (0.6 + 0.4 * noise(&format!("{key}/d"))));
            (
                disbursed,
                round(disbursed as f64 * (0.4 + 0.45 * noise(&format!("{key}/s")))),
            )
        }
        std::cmp::Ordering::Greater => (0, 0),
    }
}

/// The regional coordinators' regions (the police regions; only "Nord" is confirmed in the
/// domain material).
fn coordinator_region(county: &str) -> &'static str {
    match county {
        "22" | "23" | "24" | "25" => "region Nord",
        "03" | "19" | "21" => "region Mitt",
        "01" | "09" => "region Stockholm",
        "04" | "05" | "06" => "region Öst",
        "13" | "14" => "region Väst",
        "07" | "08" | "10" | "12" => "region Syd",
        _ => "region Bergslagen",
    }
}

const ACTIVITIES: [&str; 6] = [
    "samverkansmöten med kommunerna och Polisen har hållits",
    "en regional lägesbild har sammanställts med könsuppdelad statistik",
    "två utbildningstillfällen för socialtjänsten har genomförts",
    "rutiner för hänvisning enligt manualen har förankrats i länet",
    "en kartläggning av stödinsatser i kommunerna har påbörjats",
    "ett nätverk med civilsamhällets organisationer har startats",
];

const PROBLEMS: [&str; 5] = [
    "rekryteringen av samordnare har dragit ut på tiden",
    "flera kommuner har låg mottagarkapacitet",
    "finansieringen för nästa år är ännu inte beslutad",
    "samråd med andra myndigheter tar längre tid än planerat",
    "lagändringarna som arbetet bygger på är ännu inte beslutade",
];

fn narrative(status: Status, key: &str) -> String {
    let activity = pick(&ACTIVITIES, &format!("{key}/a"));
    let problem = pick(&PROBLEMS, &format!("{key}/p"));
    match status {
        Status::NotStarted => format!("Arbetet har inte påbörjats eftersom {problem}."),
        Status::OnTrack => format!("Arbetet följer planen. Under perioden har {activity}."),
        Status::AtRisk => {
            format!("Under perioden har {activity}, men tidsplanen är pressad: {problem}.")
        }
        Status::Delayed => {
            format!("Arbetet är försenat eftersom {problem}. En ny tidsplan tas fram.")
        }
        Status::Completed => "Åtgärden är genomförd och redovisad.".to_owned(),
        Status::Cancelled => "Åtgärden har avbrutits.".to_owned(),
    }
}

/// A status drawn so that most rows are on track and some are not.
fn regional_status(key: &str) -> (Status, i64) {
    let roll = noise(key);
    let spread = noise(&format!("{key}/progress"));
    if roll < 0.10 {
        (Status::NotStarted, 0)
    } else if roll < 0.55 {
        (Status::OnTrack, 35 + (spread * 45.0) as i64)
    } else if roll < 0.75 {
        (Status::AtRisk, 20 + (spread * 35.0) as i64)
    } else if roll < 0.90 {
        (Status::Delayed, 10 + (spread * 30.0) as i64)
    } else {
        (Status::Completed, 100)
    }
}

fn instant(date: IsoDate, key: &str) -> String {
    let hour = 8 + (noise(key) * 8.0) as u32;
    let minute = (noise(&format!("{key}/m")) * 60.0) as u32;
    format!("{date}T{hour:02}:{minute:02}:00Z")
}

/// Who reports for an organisation: its demo user where there is one, else a role.
fn author(ids: &Ids, organisation: &str, display: &str) -> (Option<i64>, String) {
    match ids.users.get(organisation) {
        Some((user_id, name)) => (Some(*user_id), name.clone()),
        None => (None, format!("Handläggare, {display}")),
    }
}

pub async fn regional_rows(
    conn: &mut AnyConnection,
    file: &PlanFile,
    counties: &[CountyRecord],
    ids: &Ids,
    context: Context,
) -> Result<()> {
    for measure in file.measures.iter().filter(|m| m.regional) {
        let measure_id = id(&ids.measures, "measure", &measure.code)?;
        for county in counties {
            let board = format!("lst-{}", county.county_code);
            let key = format!("{}/{}", measure.code, county.county_code);
            let fixed = file
                .regional_rows
                .iter()
                .find(|r| r.measure == measure.code && r.county == county.county_code);
            let (status, progress, contact_role, text, evidence) = match fixed {
                Some(row) => (
                    parse::<Status>(&row.status, "status")?,
                    row.progress,
                    row.contact_role.clone(),
                    row.narrative.clone(),
                    parse::<Evidence>(&row.evidence, "evidence")?,
                ),
                None => {
                    let (status, progress) = regional_status(&key);
                    let role = match measure.code.as_str() {
                        "1.8" => format!(
                            "Regionkoordinator mot prostitution och människohandel, {}",
                            coordinator_region(&county.county_code)
                        ),
                        "1.7" => "Samordnare mot mäns våld mot kvinnor".to_owned(),
                        _ => "Utbildningsansvarig".to_owned(),
                    };
                    (
                        status,
                        progress,
                        role,
                        narrative(status, &key),
                        Evidence::Illustrative,
                    )
                }
            };
            let spent = (county.population as f64
                * (progress as f64 / 100.0)
                * (1.5 + noise(&format!("{key}/spent"))))
            .round() as i64
                / 1000
                * 1000;
            let updated = context
                .today
                .add_days(-(3 + (noise(&format!("{key}/updated")) * 110.0) as i64));
            let (user_id, name) = author(ids, &board, &county.county_board_name);
            load::regional(
                conn,
                &load::NewRegional {
                    measure_id,
                    county_code: CountyCode::parse(&county.county_code)
                        .map_err(|e| anyhow!("{e}"))?,
                    owner_organisation_id: id(&ids.organisations, "organisation", &board)?,
                    status,
                    progress: Progress::try_from(progress.min(100)).map_err(|e| anyhow!("{e}"))?,
                    contact_name: String::new(),
                    contact_role,
                    narrative: text,
                    spent: Money::kronor(spent).map_err(|e| anyhow!("{e}"))?,
                    evidence,
                    updated_by_user_id: user_id,
                    updated_by_name: name,
                    updated_at: instant(updated, &format!("{key}/time")),
                },
            )
            .await?;
        }
    }
    Ok(())
}

/// Progress reports for every period each measure has owed so far: most submitted near their
/// due date, some missing (so that the overview has overdue reports to show), some corrected
/// by a second revision.
pub async fn reports(
    conn: &mut AnyConnection,
    file: &PlanFile,
    measures: &[LoadedMeasure],
    ids: &Ids,
    context: Context,
) -> Result<()> {
    for m in measures {
        let from = m.start.max(context.plan_start);
        let to = m.end.min(context.today);
        if from > to {
            continue;
        }
        let periods: Vec<ReportingPeriod> = ReportingPeriod::covering(from, to, m.frequency)
            .into_iter()
            .filter(|p| p.due_date(context.due_days) < context.today)
            .collect();
        let lead = file.organisations.iter().find(|o| o.code == m.lead);
        let display = lead.map_or_else(
            || format!("Länsstyrelsen ({})", m.lead),
            |o| {
                if o.short_name.is_empty() {
                    o.name_sv.clone()
                } else {
                    o.short_name.clone()
                }
            },
        );
        let (author_id, author_name) = author(ids, &m.lead, &display);
        let organisation_id = id(&ids.organisations, "organisation", &m.lead)?;
        let count = periods.len();
        for (index, period) in periods.into_iter().enumerate() {
            let key = format!("{}/{}", m.code, period);
            let last = index + 1 == count;
            let closed = !m.status.is_open();
            // Open measures miss about one report in eight, a delayed one its latest.
            let missing = !closed
                && (noise(&format!("{key}/missing")) < 0.12
                    || (last && m.status == Status::Delayed));
            if missing {
                continue;
            }
            let share = (index + 1) as f64 / count as f64;
            let status = if last {
                m.status
            } else if closed {
                Status::OnTrack
            } else {
                *pick(
                    &[Status::OnTrack, Status::OnTrack, Status::AtRisk, m.status],
                    &format!("{key}/status"),
                )
            };
            let progress = if last {
                i64::from(m.progress.percent())
            } else {
                (f64::from(m.progress.percent()) * share).round() as i64
            };
            let spent = (m.spent.as_kronor() as f64 * share).round() as i64;
            let due = period.due_date(context.due_days);
            let submitted = due
                .add_days(-(noise(&format!("{key}/early")) * 18.0) as i64)
                .min(context.today);
            let links = if noise(&format!("{key}/link")) < 0.3 {
                vec![(
                    "https://www.regeringen.se/".to_owned(),
                    "Regeringens beslut och rapporter".to_owned(),
                )]
            } else {
                Vec::new()
            };
            let report = |revision: i64, progress: i64, narrative: String, submitted_at: String| {
                load::NewReport {
                    subject: load::ReportSubject::Measure(m.id),
                    period,
                    revision,
                    state: ReportState::Submitted,
                    status,
                    progress: Progress::try_from(progress.clamp(0, 100)).unwrap_or(Progress::ZERO),
                    spent_to_date: Money::kronor(spent).unwrap_or(Money::ZERO),
                    narrative,
                    organisation_id,
                    author_user_id: author_id,
                    author_name: author_name.clone(),
                    evidence: Evidence::Illustrative,
                    created_at: submitted_at.clone(),
                    submitted_at: Some(submitted_at),
                    links: links.clone(),
                }
            };
            let text = narrative(status, &key);
            let corrected = noise(&format!("{key}/revision")) < 0.08;
            let first_progress = if corrected { progress + 10 } else { progress };
            load::report(
                conn,
                &report(1, first_progress, text.clone(), instant(submitted, &key)),
            )
            .await?;
            if corrected {
                let fixed_on = submitted.add_days(3).min(context.today);
                let correction =
                    format!("{text} Rättelse: framdriften var för högt angiven i version 1.");
                load::report(
                    conn,
                    &report(
                        2,
                        progress,
                        correction,
                        instant(fixed_on, &format!("{key}/2")),
                    ),
                )
                .await?;
            }
        }
    }
    Ok(())
}

/// Yearly rate per 100 000 inhabitants and the share of women, by form of exploitation
/// (illustrative: shaped after the consultation response's point that sexual exploitation and
/// forced marriage mostly affect women, labour and forced criminality mostly men).
const FORM_RATES: [(ExploitationForm, f64, f64); 6] = [
    (ExploitationForm::Sexual, 2.4, 0.92),
    (ExploitationForm::Labour, 1.8, 0.22),
    (ExploitationForm::CriminalActivities, 1.1, 0.3),
    (ExploitationForm::Begging, 0.6, 0.55),
    (ExploitationForm::ForcedMarriage, 0.4, 0.95),
    (ExploitationForm::Surrogacy, 0.05, 1.0),
];

/// The share of children among the presumed victims of a form (illustrative: higher where
/// children are often exploited, as in begging and criminal activities).
fn child_share(form: Option<ExploitationForm>) -> f64 {
    match form {
        Some(ExploitationForm::Sexual) => 0.22,
        Some(ExploitationForm::Labour) => 0.06,
        Some(ExploitationForm::CriminalActivities) => 0.38,
        Some(ExploitationForm::Begging) => 0.3,
        Some(ExploitationForm::ForcedMarriage) => 0.35,
        _ => 0.15,
    }
}

/// Ties each indicator of `file.measure_indicators` to its measure, with the baseline read
/// from the generated series and the target changed from it by the given percentage.
pub async fn measure_indicators(
    conn: &mut AnyConnection,
    file: &PlanFile,
    measures: &[LoadedMeasure],
) -> Result<()> {
    use app::models::indicator::{TargetValues, YearValue};
    use app::server::db::indicators as db;
    let indicators = db::indicators(conn).await?;
    for entry in &file.measure_indicators {
        let measure = measures
            .iter()
            .find(|m| m.code == entry.measure)
            .ok_or_else(|| anyhow!("plan.toml names an unknown measure {:?}", entry.measure))?;
        let (indicator_id, _) = indicators
            .iter()
            .find(|(_, i)| i.code == entry.indicator)
            .ok_or_else(|| anyhow!("plan.toml names an unknown indicator {:?}", entry.indicator))?;
        let baseline: i64 = db::national_cells(conn, *indicator_id)
            .await?
            .iter()
            .filter(|(year, ..)| *year == entry.baseline_year)
            .map(|cell| cell.3)
            .sum();
        let target = (baseline as f64 * (100 + entry.target_change_percent) as f64 / 100.0).round();
        db::insert_target(
            conn,
            measure.id,
            *indicator_id,
            &TargetValues {
                indicator: entry.indicator.clone(),
                baseline: YearValue {
                    year: entry.baseline_year,
                    value: baseline,
                },
                target: YearValue {
                    year: entry.target_year,
                    value: target as i64,
                },
            },
        )
        .await?;
    }
    Ok(())
}

pub async fn indicators(
    conn: &mut AnyConnection,
    file: &PlanFile,
    counties: &[CountyRecord],
    today: IsoDate,
) -> Result<()> {
    let years = (today.year() - 5)..today.year();
    for (order, indicator) in file.indicators.iter().enumerate() {
        let indicator_id = load::indicator(
            conn,
            &load::NewIndicator {
                code: indicator.code.clone(),
                name: app::domain::Localized::new(&indicator.name_sv, &indicator.name_en),
                unit: app::domain::Localized::new(&indicator.unit_sv, &indicator.unit_en),
                description: app::domain::Localized::new(
                    &indicator.description_sv,
                    &indicator.description_en,
                ),
                source: indicator.source.clone(),
                evidence: Evidence::Illustrative,
                sort_order: order as i64,
            },
        )
        .await?;
        for county in counties {
            let code = CountyCode::parse(&county.county_code).map_err(|e| anyhow!("{e}"))?;
            let per_100k = county.population as f64 / 100_000.0;
            for year in years.clone() {
                let trend = 1.0 + 0.08 * f64::from(year - years.start);
                let values: Vec<(Option<ExploitationForm>, f64, f64)> = if indicator.split_by_form {
                    FORM_RATES
                        .iter()
                        .map(|(form, rate, women)| (Some(*form), *rate, *women))
                        .collect()
                } else {
                    vec![(None, 3.0, 0.85)]
                };
                for (form, rate, women_share) in values {
                    let key = format!("{}/{}/{year}/{form:?}", indicator.code, county.county_code);
                    let total = rate * per_100k * trend * (0.6 + 0.8 * noise(&key));
                    for sex in Sex::ALL {
                        let share = if *sex == Sex::Women {
                            women_share
                        } else {
                            1.0 - women_share
                        };
                        let value = total * share;
                        let ages: Vec<(Option<AgeGroup>, f64)> = if indicator.split_by_age {
                            let children = child_share(form);
                            vec![
                                (Some(AgeGroup::Children), value * children),
                                (Some(AgeGroup::Adults), value * (1.0 - children)),
                            ]
                        } else {
                            vec![(None, value)]
                        };
                        for (age, value) in ages {
                            load::indicator_value(
                                conn,
                                &load::NewIndicatorValue {
                                    indicator_id,
                                    county_code: code,
                                    year,
                                    sex: *sex,
                                    form,
                                    age,
                                    value: value.round() as i64,
                                },
                            )
                            .await?;
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_is_deterministic_and_in_range() {
        assert_eq!(noise("1.8/24"), noise("1.8/24"));
        assert_ne!(noise("1.8/24"), noise("1.8/25"));
        for i in 0..1000 {
            let n = noise(&i.to_string());
            assert!((0.0..1.0).contains(&n));
        }
    }

    #[test]
    fn keys_that_differ_in_their_last_character_spread_over_the_range() {
        let statuses: std::collections::HashSet<_> = app::domain::COUNTY_CODES
            .iter()
            .map(|c| regional_status(&format!("1.8/{c}")).0)
            .collect();
        assert!(
            statuses.len() >= 3,
            "21 counties get varied statuses: {statuses:?}"
        );
    }

    #[test]
    fn past_years_are_disbursed_in_full_and_future_years_not_at_all() {
        assert_eq!(execution(1_000_000, 2025, 2026, "k").0, 1_000_000);
        assert_eq!(execution(1_000_000, 2027, 2026, "k"), (0, 0));
        let (disbursed, spent) = execution(1_000_000, 2026, 2026, "k");
        assert!(disbursed <= 1_000_000 && spent <= disbursed);
    }
}
