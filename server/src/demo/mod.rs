//! The demo data: a realistic Swedish action plan against human trafficking, loaded into an
//! empty database on first start in demo mode, or by `server load-demo`. The facts come from
//! the files in `server/demo/` (see `SOURCE.md` there); what is generated is labelled
//! illustrative.

mod generate;
mod history;
mod plan_file;

use anyhow::{Context, Result, anyhow, bail};
use app::domain::{
    CountyCode, DeadlineKind, DiaryNumber, Evidence, ExploitationForm, IsoDate, Localized,
    MeasureKind, Money, MunicipalityCode, ObligationSource, OrganisationKind, Progress,
    ReportFrequency, Role, Status, TargetGroup,
};
use app::server::Timestamp;
use app::server::db::{self, Db, load};
use plan_file::PlanFile;
use serde::Deserialize;
use sqlx::AnyConnection;
use std::collections::HashMap;
use std::str::FromStr;

const COUNTIES_CSV: &str = include_str!("../../demo/counties.csv");
const MUNICIPALITIES_CSV: &str = include_str!("../../demo/municipalities.csv");
const PLAN_TOML: &str = include_str!("../../demo/plan.toml");

/// The day the demo plan was made for: its reports, deadlines and history are dated from it,
/// and the demo server's clock starts on it.
pub fn demo_day() -> IsoDate {
    IsoDate::from_ymd(2026, 11, 28).expect("a valid date")
}

/// Loads the demo data if the database holds no plan yet. Returns whether it loaded.
/// Safe when several servers start at once: only one of them loads.
/// The password of every demo account (listed in the README). Demo data only.
pub use app::models::DEMO_PASSWORD;

/// Hashed once per process: Argon2id is slow on purpose, and the tests load the demo often.
fn demo_password_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| app::server::auth::password::hash(DEMO_PASSWORD))
}

pub async fn load_if_empty(db: &Db, today: IsoDate) -> Result<bool> {
    let mut tx = db.begin().await?;
    if !db::is_empty(&mut tx).await? {
        return Ok(false);
    }
    if let Err(error) = load::mark_demo_loaded(&mut tx, &loaded_at(today)).await {
        if is_unique_violation(&error) {
            return Ok(false);
        }
        return Err(error.into());
    }
    load_all(&mut tx, today).await?;
    tx.commit().await.context("committing the demo data")?;
    Ok(true)
}

/// Loads the demo data into an empty database, or refuses.
pub async fn load_into_empty(db: &Db, today: IsoDate) -> Result<()> {
    if !load_if_empty(db, today).await? {
        bail!(
            "the database already holds a plan; the demo data is only loaded into an empty database"
        );
    }
    Ok(())
}

fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.is_unique_violation())
}

/// Ids of what has been loaded, by code.
#[derive(Default)]
struct Ids {
    organisations: HashMap<String, i64>,
    areas: HashMap<String, i64>,
    obligations: HashMap<String, i64>,
    measures: HashMap<String, i64>,
    assignments: HashMap<String, i64>,
    users: HashMap<String, (i64, String)>,
}

fn id(map: &HashMap<String, i64>, kind: &str, code: &str) -> Result<i64> {
    map.get(code)
        .copied()
        .ok_or_else(|| anyhow!("plan.toml names an unknown {kind} {code:?}"))
}

fn parse<T: FromStr>(text: &str, what: &str) -> Result<T>
where
    T::Err: std::fmt::Display,
{
    text.parse::<T>()
        .map_err(|e| anyhow!("plan.toml: {what} {text:?}: {e}"))
}

fn date(text: &str) -> Result<IsoDate> {
    IsoDate::parse(text).map_err(|e| anyhow!("plan.toml: {e}"))
}

fn money(amount: i64) -> Result<Money> {
    Money::kronor(amount).map_err(|e| anyhow!("plan.toml: {e}"))
}

/// The counties file, as the loader and the generator need it.
#[derive(Deserialize)]
pub(crate) struct CountyRecord {
    county_code: String,
    iso_3166_2: String,
    nuts3: String,
    name_sv: String,
    name_sv_short: String,
    name_en: String,
    county_board_name: String,
    seat: String,
    population: i64,
    population_ref_date: String,
    population_source: String,
}

#[derive(Deserialize)]
struct MunicipalityRecord {
    kommunkod: String,
    name_sv: String,
    name_sv_full: String,
}

fn read_csv<T: for<'de> Deserialize<'de>>(text: &str, name: &str) -> Result<Vec<T>> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .collect::<Result<Vec<T>, _>>()
        .with_context(|| format!("reading {name}"))
}

/// When the demo plan says it was entered: the morning of its day.
fn loaded_at(today: IsoDate) -> Timestamp {
    Timestamp::at_hour(today, 7)
}

async fn load_all(conn: &mut AnyConnection, today: IsoDate) -> Result<()> {
    let at = loaded_at(today);
    let file: PlanFile = toml::from_str(PLAN_TOML).context("reading demo/plan.toml")?;
    let counties: Vec<CountyRecord> = read_csv(COUNTIES_CSV, "counties.csv")?;
    let mut ids = Ids::default();
    load_geography(conn, &counties).await?;
    load_organisations(conn, &file, &counties, &mut ids).await?;
    let plan_start = date(&file.plan.period_start)?;
    let plan_id = load::plan(
        conn,
        &load::NewPlan {
            code: file.plan.code.clone(),
            title: Localized::new(&file.plan.title_sv, &file.plan.title_en),
            description: Localized::new(&file.plan.description_sv, &file.plan.description_en),
            legal_basis: Localized::new(&file.plan.legal_basis_sv, &file.plan.legal_basis_en),
            period_start: plan_start,
            period_end: date(&file.plan.period_end)?,
            lead_ministry_id: id(&ids.organisations, "organisation", &file.plan.lead_ministry)?,
            report_due_days: file.plan.report_due_days,
        },
    )
    .await?;
    for (order, area) in file.areas.iter().enumerate() {
        let area_id = load::area(
            conn,
            &load::NewArea {
                plan_id,
                code: area.code.clone(),
                title: Localized::new(&area.title_sv, &area.title_en),
                description: Localized::new(&area.description_sv, &area.description_en),
                sort_order: order as i64,
            },
        )
        .await?;
        ids.areas.insert(area.code.clone(), area_id);
    }
    for (order, o) in file.obligations.iter().enumerate() {
        let obligation_id = load::obligation(
            conn,
            &load::NewObligation {
                code: o.code.clone(),
                source: parse::<ObligationSource>(&o.source, "obligation source")?,
                reference: o.reference.clone(),
                title: Localized::new(&o.title_sv, &o.title_en),
                amended_2024: o.amended_2024,
                reference_verified: o.reference_verified,
                sort_order: order as i64,
            },
        )
        .await?;
        ids.obligations.insert(o.code.clone(), obligation_id);
    }
    let measures = load_measures(conn, &file, plan_id, &mut ids, &at).await?;
    load_assignments(conn, &file, &mut ids, &at).await?;
    load_funding(conn, &file, &counties, &ids, today).await?;
    for user in &file.users {
        let organisation_id = id(&ids.organisations, "organisation", &user.organisation)?;
        let user_id = load::user(
            conn,
            &load::NewUser {
                email: user.email.clone(),
                display_name: user.display_name.clone(),
                organisation_id,
                role: parse::<Role>(&user.role, "role")?,
            },
            &at,
        )
        .await?;
        app::server::db::users::set_password_hash(conn, user_id, demo_password_hash()).await?;
        ids.users.insert(
            user.organisation.clone(),
            (user_id, user.display_name.clone()),
        );
    }
    let context = generate::Context {
        today,
        plan_start,
        due_days: file.plan.report_due_days,
    };
    generate::regional_rows(conn, &file, &counties, &ids, context).await?;
    generate::reports(conn, &file, &measures, &ids, context).await?;
    generate::indicators(conn, &file, &counties, today).await?;
    generate::measure_indicators(conn, &file, &measures).await?;
    history::record(conn, &at).await?;
    Ok(())
}

async fn load_geography(conn: &mut AnyConnection, counties: &[CountyRecord]) -> Result<()> {
    for c in counties {
        load::county(
            conn,
            &load::NewCounty {
                code: CountyCode::parse(&c.county_code)
                    .map_err(|e| anyhow!("counties.csv: {e}"))?,
                iso_3166_2: c.iso_3166_2.clone(),
                nuts3: c.nuts3.clone(),
                name: Localized::new(&c.name_sv, &c.name_en),
                name_sv_short: c.name_sv_short.clone(),
                seat: c.seat.clone(),
                population: c.population,
                population_ref_date: c.population_ref_date.clone(),
                population_source: c.population_source.clone(),
            },
        )
        .await?;
    }
    let municipalities: Vec<MunicipalityRecord> =
        read_csv(MUNICIPALITIES_CSV, "municipalities.csv")?;
    for m in &municipalities {
        load::municipality(
            conn,
            &load::NewMunicipality {
                code: MunicipalityCode::parse(&m.kommunkod)
                    .map_err(|e| anyhow!("municipalities.csv: {e}"))?,
                name_sv: m.name_sv.clone(),
                name_sv_full: m.name_sv_full.clone(),
                population: None,
            },
        )
        .await?;
    }
    Ok(())
}

async fn load_organisations(
    conn: &mut AnyConnection,
    file: &PlanFile,
    counties: &[CountyRecord],
    ids: &mut Ids,
) -> Result<()> {
    // Parents first: organisations without a parent (ministries among them), then the rest.
    let (roots, children): (Vec<_>, Vec<_>) =
        file.organisations.iter().partition(|o| o.parent.is_none());
    for o in roots.into_iter().chain(children) {
        let parent_ministry_id = match &o.parent {
            Some(parent) => Some(id(&ids.organisations, "organisation", parent)?),
            None => None,
        };
        let organisation_id = load::organisation(
            conn,
            &load::NewOrganisation {
                code: o.code.clone(),
                kind: parse::<OrganisationKind>(&o.kind, "organisation kind")?,
                name: Localized::new(&o.name_sv, &o.name_en),
                short_name: o.short_name.clone(),
                diary_prefix: o.diary_prefix.clone(),
                parent_ministry_id,
                county_code: None,
            },
        )
        .await?;
        ids.organisations.insert(o.code.clone(), organisation_id);
    }
    // The county boards sort under the Ministry of Finance (domain brief: unverified).
    let finance = id(&ids.organisations, "organisation", "fi")?;
    for c in counties {
        let code = format!("lst-{}", c.county_code);
        let organisation_id = load::organisation(
            conn,
            &load::NewOrganisation {
                code: code.clone(),
                kind: OrganisationKind::CountyBoard,
                name: Localized::new(
                    &c.county_board_name,
                    format!("{} Administrative Board", c.name_en),
                ),
                short_name: format!("Länsstyrelsen {}", c.name_sv_short),
                diary_prefix: None,
                parent_ministry_id: Some(finance),
                county_code: Some(CountyCode::parse(&c.county_code).map_err(|e| anyhow!("{e}"))?),
            },
        )
        .await?;
        ids.organisations.insert(code, organisation_id);
    }
    Ok(())
}

/// What the generator needs to know about each measure.
pub(crate) struct LoadedMeasure {
    pub id: i64,
    pub code: String,
    pub lead: String,
    pub start: IsoDate,
    pub end: IsoDate,
    pub status: Status,
    pub progress: Progress,
    pub frequency: ReportFrequency,
    pub spent: Money,
}

async fn load_measures(
    conn: &mut AnyConnection,
    file: &PlanFile,
    plan_id: i64,
    ids: &mut Ids,
    at: &Timestamp,
) -> Result<Vec<LoadedMeasure>> {
    let mut loaded = Vec::new();
    for m in &file.measures {
        let status = parse::<Status>(&m.status, "status")?;
        let progress =
            Progress::try_from(m.progress).map_err(|e| anyhow!("measure {}: {e}", m.code))?;
        let frequency = parse::<ReportFrequency>(&m.frequency, "report frequency")?;
        let start = date(&m.start)?;
        let end = date(&m.end)?;
        let measure_id = load::measure(
            conn,
            &load::NewMeasure {
                plan_id,
                area_id: id(&ids.areas, "area", &m.area)?,
                code: m.code.clone(),
                title: Localized::new(&m.title_sv, &m.title_en),
                description: Localized::new(&m.description_sv, &m.description_en),
                kind: parse::<MeasureKind>(&m.kind, "measure kind")?,
                lead_organisation_id: id(&ids.organisations, "organisation", &m.lead)?,
                partner_ids: m
                    .partners
                    .iter()
                    .map(|p| id(&ids.organisations, "organisation", p))
                    .collect::<Result<_>>()?,
                start_date: start,
                end_date: end,
                status,
                progress,
                report_frequency: frequency,
                is_regional: m.regional,
                evidence: parse::<Evidence>(&m.evidence, "evidence")?,
                evidence_note: m.evidence_note.clone(),
                exploitation_forms: m
                    .forms
                    .iter()
                    .map(|f| parse::<ExploitationForm>(f, "form of exploitation"))
                    .collect::<Result<_>>()?,
                target_groups: m
                    .groups
                    .iter()
                    .map(|g| parse::<TargetGroup>(g, "target group"))
                    .collect::<Result<_>>()?,
                obligation_ids: m
                    .obligations
                    .iter()
                    .map(|o| id(&ids.obligations, "obligation", o))
                    .collect::<Result<_>>()?,
            },
            at,
        )
        .await?;
        ids.measures.insert(m.code.clone(), measure_id);
        let spent = file
            .funding
            .iter()
            .filter(|f| f.measure == m.code)
            .map(|f| f.spent)
            .sum::<i64>();
        loaded.push(LoadedMeasure {
            id: measure_id,
            code: m.code.clone(),
            lead: m.lead.clone(),
            start,
            end,
            status,
            progress,
            frequency,
            spent: money(spent)?,
        });
    }
    Ok(loaded)
}

async fn load_assignments(
    conn: &mut AnyConnection,
    file: &PlanFile,
    ids: &mut Ids,
    at: &Timestamp,
) -> Result<()> {
    for a in &file.assignments {
        let diary_number =
            DiaryNumber::parse(&a.diary_number).map_err(|e| anyhow!("plan.toml: {e}"))?;
        // The ministry is read from the diary number's prefix, never typed separately.
        let ministry_code = match diary_number.prefix().as_str() {
            "Fö" => "fo".to_owned(),
            prefix => prefix.to_lowercase(),
        };
        let deadlines = a
            .deadlines
            .iter()
            .map(|d| {
                Ok(load::NewDeadline {
                    kind: parse::<DeadlineKind>(&d.kind, "deadline kind")?,
                    due_date: date(&d.due)?,
                    delivered_date: d.delivered.as_deref().map(date).transpose()?,
                    description: Localized::new(&d.description_sv, &d.description_en),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let assignment_id = load::assignment(
            conn,
            &load::NewAssignment {
                ministry_id: id(&ids.organisations, "ministry", &ministry_code)?,
                recipient_id: id(&ids.organisations, "organisation", &a.recipient)?,
                title: Localized::new(&a.title_sv, &a.title_en),
                description: Localized::new(&a.description_sv, &a.description_en),
                decision_date: date(&a.decided)?,
                evidence: parse::<Evidence>(&a.evidence, "evidence")?,
                evidence_note: a.evidence_note.clone(),
                measure_ids: a
                    .measures
                    .iter()
                    .map(|m| id(&ids.measures, "measure", m))
                    .collect::<Result<_>>()?,
                deadlines,
                diary_number,
            },
            at,
        )
        .await?;
        ids.assignments
            .insert(a.diary_number.clone(), assignment_id);
    }
    Ok(())
}

async fn load_funding(
    conn: &mut AnyConnection,
    file: &PlanFile,
    counties: &[CountyRecord],
    ids: &Ids,
    today: IsoDate,
) -> Result<()> {
    for f in &file.funding {
        load::funding(
            conn,
            &load::NewFunding {
                measure_id: id(&ids.measures, "measure", &f.measure)?,
                assignment_id: f
                    .assignment
                    .as_deref()
                    .map(|a| id(&ids.assignments, "assignment", a))
                    .transpose()?,
                county_code: None,
                year: f.year,
                expenditure_area: f.expenditure_area,
                appropriation: f.appropriation.clone(),
                appropriation_item: f.item.clone(),
                allocated: money(f.allocated)?,
                disbursed: money(f.disbursed)?,
                spent: money(f.spent)?,
                decision_ref: f.decision_ref.clone(),
                evidence: parse::<Evidence>(&f.evidence, "evidence")?,
            },
        )
        .await?;
    }
    for r in &file.regional_funding {
        for c in counties {
            for year in &r.years {
                let allocated =
                    (r.base + r.per_100k_inhabitants * c.population / 100_000) / 1000 * 1000;
                let (disbursed, spent) = generate::execution(
                    allocated,
                    *year,
                    today.year(),
                    &format!("{}/{}", r.measure, c.county_code),
                );
                load::funding(
                    conn,
                    &load::NewFunding {
                        measure_id: id(&ids.measures, "measure", &r.measure)?,
                        assignment_id: r
                            .assignment
                            .as_deref()
                            .map(|a| id(&ids.assignments, "assignment", a))
                            .transpose()?,
                        county_code: Some(
                            CountyCode::parse(&c.county_code).map_err(|e| anyhow!("{e}"))?,
                        ),
                        year: *year,
                        expenditure_area: r.expenditure_area,
                        appropriation: r.appropriation.clone(),
                        appropriation_item: r.item.clone(),
                        allocated: money(allocated)?,
                        disbursed: money(disbursed)?,
                        spent: money(spent)?,
                        decision_ref: String::new(),
                        evidence: Evidence::Illustrative,
                    },
                )
                .await?;
            }
        }
    }
    Ok(())
}
