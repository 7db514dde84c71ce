//! A plan ten times the demo, for benchmarks: the demo plan, its period stretched back to 2017,
//! plus generated measures with regional rows, yearly funding and ten years of quarterly
//! reports. Everything generated is labelled illustrative.

use anyhow::Result;
use app::domain::{
    CountyCode, Evidence, ExploitationForm, IsoDate, Localized, MeasureKind, Money, Progress,
    ReportFrequency, ReportState, ReportingPeriod, Status, TargetGroup,
};
use app::server::db::{Db, load};
use sqlx::{AnyConnection, Row};

/// Where the benchmarks keep the large plan unless told otherwise.
pub const DATABASE_URL: &str = "sqlite://target/bench/large-plan.db?mode=rwc";

/// Who the benchmarks sign in as.
pub const USER: &str = crate::MINISTRY;

/// A main page the benchmarks measure: its name in the table, its address and what its heading says.
#[derive(Debug)]
pub struct Page {
    pub name: &'static str,
    pub path: &'static str,
    pub heading: &'static str,
}

pub const PAGES: [Page; 13] = [
    Page {
        name: "overview",
        path: "/",
        heading: "Nationell handlingsplan mot människohandel",
    },
    Page {
        name: "measures list",
        path: "/measures",
        heading: "Åtgärder",
    },
    Page {
        name: "measures filtered + search",
        path: "/measures?status=on_track&q=genererad&sort=title&page=2",
        heading: "Åtgärder",
    },
    Page {
        name: "measure page (regional)",
        path: "/measures/1.8",
        heading: "Regionkoordinatorer mot prostitution och människohandel",
    },
    Page {
        name: "measure page (10 years of reports)",
        path: "/measures/G1.1",
        heading: "Genererad åtgärd G1.1",
    },
    Page {
        name: "county page",
        path: "/counties/01",
        heading: "Stockholms län",
    },
    Page {
        name: "compare counties",
        path: "/compare",
        heading: "Jämför län",
    },
    Page {
        name: "coverage",
        path: "/coverage",
        heading: "Täckning",
    },
    Page {
        name: "funding",
        path: "/funding",
        heading: "Pengar",
    },
    Page {
        name: "deadlines",
        path: "/deadlines",
        heading: "Tidsfrister",
    },
    Page {
        name: "signals from the data",
        path: "/oversight/flags",
        heading: "Signaler från data",
    },
    Page {
        name: "oversight",
        path: "/oversight",
        heading: "Granskning",
    },
    Page {
        name: "data and downloads",
        path: "/data",
        heading: "Data och nedladdning",
    },
];

/// Opens the database at `url` (SQLite or PostgreSQL), first generating the plan `scale` times
/// the demo into it when it is empty.
pub async fn open(url: &str, scale: usize) -> Result<Db> {
    if url.starts_with("sqlite://target/bench/") {
        std::fs::create_dir_all("target/bench")?;
    }
    let db = server::open_database(url).await?;
    let mut conn = db.acquire().await?;
    if app::server::db::is_empty(&mut conn).await? {
        drop(conn);
        let started = std::time::Instant::now();
        let plan = generate(&db, scale, crate::demo_day()).await?;
        println!(
            "generated a plan of {} measures, {} progress reports, {} regional rows and {} funding lines in {:.1} s",
            plan.measures,
            plan.reports,
            plan.regional_rows,
            plan.funding_lines,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(db)
}

/// What was generated.
pub struct LargePlan {
    pub measures: i64,
    pub reports: i64,
    pub regional_rows: i64,
    pub funding_lines: i64,
}

/// Fills an empty database with the demo plan and `scale - 1` times as many generated measures.
pub async fn generate(db: &Db, scale: usize, today: IsoDate) -> Result<LargePlan> {
    server::load_demo_into(db, today).await?;
    let mut tx = db.begin().await?;
    let plan_start = IsoDate::parse("2017-01-01").expect("a date");
    sqlx::query("UPDATE plan SET period_start = $1")
        .bind(plan_start.to_string())
        .execute(&mut *tx)
        .await?;
    let plan_id: i64 = sqlx::query_scalar("SELECT MIN(id) FROM plan")
        .fetch_one(&mut *tx)
        .await?;
    let areas = ids(&mut tx, "SELECT id FROM area ORDER BY sort_order").await?;
    let leads = ids(
        &mut tx,
        "SELECT id FROM organisation WHERE kind IN ('agency', 'ministry') ORDER BY id",
    )
    .await?;
    let obligations = ids(&mut tx, "SELECT id FROM obligation ORDER BY id").await?;
    let boards = sqlx::query(
        "SELECT id, county_code FROM organisation WHERE kind = 'county_board' ORDER BY county_code",
    )
    .fetch_all(&mut *tx)
    .await?
    .iter()
    .map(|row| {
        Ok((
            row.try_get::<i64, _>("id")?,
            row.try_get::<CountyCode, _>("county_code")?,
        ))
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let pools = Pools {
        plan_id,
        plan_start,
        today,
        areas,
        leads,
        obligations,
        boards,
    };
    for n in 0..30 * scale.saturating_sub(1) {
        generate_measure(&mut tx, n, &pools).await?;
    }
    tx.commit().await?;
    let mut conn = db.acquire().await?;
    let count = |table: &'static str| format!("SELECT COUNT(*) FROM {table}");
    Ok(LargePlan {
        measures: sqlx::query_scalar(&count("measure"))
            .fetch_one(&mut *conn)
            .await?,
        reports: sqlx::query_scalar(&count("progress_report"))
            .fetch_one(&mut *conn)
            .await?,
        regional_rows: sqlx::query_scalar(&count("regional_implementation"))
            .fetch_one(&mut *conn)
            .await?,
        funding_lines: sqlx::query_scalar(&count("funding"))
            .fetch_one(&mut *conn)
            .await?,
    })
}

async fn ids(conn: &mut AnyConnection, sql: &str) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(sql).fetch_all(&mut *conn).await?)
}

const STATUSES: [Status; 6] = [
    Status::OnTrack,
    Status::OnTrack,
    Status::AtRisk,
    Status::Delayed,
    Status::NotStarted,
    Status::Completed,
];

/// What generated measures are built from: the plan and the ids they pick among.
struct Pools {
    plan_id: i64,
    plan_start: IsoDate,
    today: IsoDate,
    areas: Vec<i64>,
    leads: Vec<i64>,
    obligations: Vec<i64>,
    boards: Vec<(i64, CountyCode)>,
}

/// The `n`th generated measure, with its funding, regional rows and reports.
async fn generate_measure(conn: &mut AnyConnection, n: usize, pools: &Pools) -> Result<()> {
    let Pools {
        plan_id,
        plan_start,
        today,
        areas,
        leads,
        obligations,
        boards,
    } = pools;
    let (plan_id, plan_start, today) = (*plan_id, *plan_start, *today);
    let start = plan_start.add_days((n % 12) as i64 * 30);
    let end = IsoDate::parse("2030-12-31").expect("a date");
    let status = STATUSES[n % STATUSES.len()];
    let progress = if status == Status::Completed {
        100
    } else {
        (n * 37 % 95) as i64
    };
    let lead = leads[n % leads.len()];
    let regional = n.is_multiple_of(5);
    let code = format!("G{}.{}", n % 5 + 1, n / 5 + 1);
    let measure_id = load::measure(
        conn,
        &load::NewMeasure {
            plan_id,
            area_id: areas[n % areas.len()],
            code: code.clone(),
            title: Localized::new(
                format!("Genererad åtgärd {code}: stöd och samverkan i län och kommuner"),
                format!("Generated measure {code}: support and cooperation in counties and municipalities"),
            ),
            description: Localized::new(
                "Genererad för prestandamätning; innehållet är påhittat.",
                "Generated for benchmarking; the content is invented.",
            ),
            kind: MeasureKind::ALL[n % MeasureKind::ALL.len()],
            lead_organisation_id: lead,
            partner_ids: vec![leads[(n + 3) % leads.len()]].into_iter().filter(|p| *p != lead).collect(),
            start_date: start,
            end_date: end,
            status,
            progress: Progress::try_from(progress)?,
            report_frequency: ReportFrequency::Quarterly,
            is_regional: regional,
            evidence: Evidence::Illustrative,
            evidence_note: String::new(),
            exploitation_forms: vec![ExploitationForm::ALL[n % 8], ExploitationForm::ALL[(n + 3) % 8]]
                .into_iter()
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect(),
            target_groups: vec![TargetGroup::ALL[n % TargetGroup::ALL.len()]],
            obligation_ids: vec![obligations[n % obligations.len()], obligations[(n * 7 + 1) % obligations.len()]]
                .into_iter()
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect(),
        },
        &app::server::Timestamp::at_hour(today, 7),
    )
    .await?;
    for year in 2017..=2030 {
        let allocated = 500_000 + (n as i64 * 7919 % 40) * 50_000;
        let (disbursed, spent) = match year.cmp(&today.year()) {
            std::cmp::Ordering::Less => (allocated, allocated * 9 / 10),
            std::cmp::Ordering::Equal => (allocated / 2, allocated / 3),
            std::cmp::Ordering::Greater => (0, 0),
        };
        load::funding(
            conn,
            &load::NewFunding {
                measure_id,
                assignment_id: None,
                county_code: None,
                year,
                expenditure_area: 13,
                appropriation: "3:1".into(),
                appropriation_item: "ap.12".into(),
                allocated: Money::kronor(allocated)?,
                disbursed: Money::kronor(disbursed)?,
                spent: Money::kronor(spent)?,
                decision_ref: String::new(),
                evidence: Evidence::Illustrative,
            },
        )
        .await?;
    }
    if regional {
        for (i, (board, county)) in boards.iter().enumerate() {
            load::regional(
                conn,
                &load::NewRegional {
                    measure_id,
                    county_code: *county,
                    owner_organisation_id: *board,
                    status: STATUSES[(n + i) % STATUSES.len()],
                    progress: Progress::try_from(((n + i * 13) % 100) as i64)?,
                    contact_name: String::new(),
                    contact_role: "Samordnare".into(),
                    narrative: "Genererad rad för prestandamätning.".into(),
                    spent: Money::kronor(((n + i) % 50) as i64 * 10_000)?,
                    evidence: Evidence::Illustrative,
                    updated_by_user_id: None,
                    updated_by_name: "Generator".into(),
                    updated_at: format!("{today}T12:00:00Z"),
                },
            )
            .await?;
        }
    }
    let periods = ReportingPeriod::covering(start, today, ReportFrequency::Quarterly);
    let count = periods.len().max(1);
    for (i, period) in periods.into_iter().enumerate() {
        let due = period.due_date(30);
        if due >= today || (n + i).is_multiple_of(9) {
            continue;
        }
        let submitted = format!("{}T10:00:00Z", due.add_days(-5));
        load::report(
            conn,
            &load::NewReport {
                subject: load::ReportSubject::Measure(measure_id),
                period,
                revision: 1,
                state: ReportState::Submitted,
                status: if i + 1 == count {
                    status
                } else {
                    Status::OnTrack
                },
                progress: Progress::try_from(progress * (i as i64 + 1) / count as i64)?,
                spent_to_date: Money::kronor(i as i64 * 100_000)?,
                narrative: "Genererad lägesrapport för prestandamätning.".into(),
                organisation_id: lead,
                author_user_id: None,
                author_name: "Generator".into(),
                evidence: Evidence::Illustrative,
                created_at: submitted.clone(),
                submitted_at: Some(submitted),
                links: Vec::new(),
            },
        )
        .await?;
    }
    Ok(())
}
