//! The plan as tables, the one description of what is published and to whom: the workbook
//! (a sheet per table), the CSV file per table and the data page's list all come from
//! [`table`]. The reader's permissions decide what a table holds (a report's draft only for
//! who may write it, as on the report form), small counts are hidden by the pages' rule, and
//! texts, labels and headers are in the reader's language.

use super::db::{self, reference::CurrentPlan};
use crate::components::{
    deadline_kind_label, evidence_label, form_label, frequency_label, group_label, kind_label,
    source_label, status_label, table_label,
};
use crate::domain::Count;
use crate::domain::{IsoDate, Lang, TableName};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::models::{NationalYear, ReportSubjectKind, Viewer, indicator::national_years};
use crate::policy::Access;
use sqlx::AnyConnection;

/// One cell, typed so that a spreadsheet gets numbers as numbers and dates as dates.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(i64),
    /// An amount in Swedish kronor.
    Kronor(i64),
    Date(IsoDate),
    /// A moment in UTC as stored (`YYYY-MM-DDTHH:MM:SSZ`).
    Time(String),
    /// A count hidden because it is small (shown as `..`, as in official statistics).
    Hidden,
    Empty,
}

/// The text a hidden count is written as.
pub const HIDDEN: &str = "..";

impl Cell {
    /// The cell as a CSV file writes it: numbers without grouping, dates as `YYYY-MM-DD`.
    pub fn text(&self) -> String {
        match self {
            Cell::Text(text) | Cell::Time(text) => text.clone(),
            Cell::Number(n) | Cell::Kronor(n) => n.to_string(),
            Cell::Date(date) => date.to_string(),
            Cell::Hidden => HIDDEN.to_owned(),
            Cell::Empty => String::new(),
        }
    }
}

/// A table as a reader gets it.
#[derive(Debug, Clone)]
pub struct Table {
    pub name: TableName,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// Who reads, in which language, and the threshold under which counts are hidden.
#[derive(Clone, Copy)]
pub struct Reader<'a> {
    pub viewer: &'a Viewer,
    pub access: Access,
    pub lang: Lang,
    pub suppression_threshold: i64,
}

impl Reader<'_> {
    fn locale(&self) -> Locale {
        crate::components::locale_of(self.lang)
    }

    fn headers(&self, pairs: &[(&str, &str)]) -> Vec<String> {
        pairs
            .iter()
            .map(|(sv, en)| match self.lang {
                Lang::Sv => (*sv).to_owned(),
                Lang::En => (*en).to_owned(),
            })
            .collect()
    }

    fn yes_no(&self, yes: bool) -> Cell {
        Cell::Text(
            match (yes, self.lang) {
                (true, Lang::Sv) => "ja",
                (false, Lang::Sv) => "nej",
                (true, Lang::En) => "yes",
                (false, Lang::En) => "no",
            }
            .to_owned(),
        )
    }
}

fn text(text: impl Into<String>) -> Cell {
    Cell::Text(text.into())
}

/// Texts joined with `; ` into one cell.
fn list<I: IntoIterator<Item = String>>(items: I) -> Cell {
    Cell::Text(items.into_iter().collect::<Vec<_>>().join("; "))
}

/// A file to download.
#[derive(Debug, Clone)]
pub struct Download {
    pub bytes: Vec<u8>,
    pub file_name: String,
    pub content_type: &'static str,
}

/// The whole plan as a workbook (`wanted` is `None`: a sheet per table, named in the reader's
/// language) or table `wanted` as CSV, as `reader` may read them, named with `today`. The
/// caller has checked that the reader may read the plan.
pub async fn download(
    conn: &mut AnyConnection,
    plan: &CurrentPlan,
    reader: Reader<'_>,
    wanted: Option<TableName>,
    today: IsoDate,
) -> Result<Download, AppError> {
    let failed = |what: &str, error: &dyn std::fmt::Display| {
        super::telemetry::failure(what, error);
        AppError::Internal
    };
    match wanted {
        None => {
            let tables = tables(conn, plan, reader).await?;
            let locale = reader.locale();
            let bytes = super::workbook::workbook(
                &tables,
                |t| table_label(t.name, locale),
                plan.summary.title.get(reader.lang),
            )
            .map_err(|e| failed("writing the plan's workbook", &e))?;
            Ok(Download {
                bytes,
                file_name: format!("lagesbild-{today}.xlsx"),
                content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            })
        }
        Some(name) => {
            let table = table(conn, plan, reader, name).await?;
            let bytes = super::spreadsheet::table_csv(&table)
                .map_err(|e| failed("writing a table as CSV", &e))?;
            Ok(Download {
                bytes,
                file_name: format!("lagesbild-{name}.csv"),
                content_type: "text/csv; charset=utf-8",
            })
        }
    }
}

/// Every table of the plan, in [`TableName::ALL`]'s order. The caller has checked that the
/// reader may read the plan (`Action::ReadPlan`).
pub async fn tables(
    conn: &mut AnyConnection,
    plan: &CurrentPlan,
    reader: Reader<'_>,
) -> Result<Vec<Table>, sqlx::Error> {
    let mut tables = Vec::with_capacity(TableName::ALL.len());
    for name in TableName::ALL {
        tables.push(table(conn, plan, reader, *name).await?);
    }
    Ok(tables)
}

/// Table `name` of the plan. The caller has checked that the reader may read the plan.
pub async fn table(
    conn: &mut AnyConnection,
    plan: &CurrentPlan,
    reader: Reader<'_>,
    name: TableName,
) -> Result<Table, sqlx::Error> {
    let (headers, rows) = match name {
        TableName::Plan => plan_table(plan, reader),
        TableName::Areas => areas(conn, plan, reader).await?,
        TableName::Measures => measures(conn, plan, reader).await?,
        TableName::Assignments => assignments(conn, plan, reader).await?,
        TableName::Deadlines => deadlines(conn, plan, reader).await?,
        TableName::Funding => funding(conn, plan, reader).await?,
        TableName::RegionalRows => regional(conn, plan, reader).await?,
        TableName::Reports => reports(conn, plan, reader).await?,
        TableName::Obligations => obligations(conn, plan, reader).await?,
        TableName::Indicators => indicators(conn, reader).await?,
        TableName::IndicatorValues => indicator_values(conn, reader).await?,
        TableName::IndicatorTargets => indicator_targets(conn, plan, reader).await?,
    };
    Ok(Table {
        name,
        headers,
        rows,
    })
}

type Parts = (Vec<String>, Vec<Vec<Cell>>);

fn plan_table(plan: &CurrentPlan, reader: Reader<'_>) -> Parts {
    let lang = reader.lang;
    let p = &plan.summary;
    let headers = reader.headers(&[
        ("Kod", "Code"),
        ("Titel", "Title"),
        ("Beskrivning", "Description"),
        ("Rättslig grund", "Legal basis"),
        ("Från", "From"),
        ("Till", "To"),
        ("Ansvarigt departement", "Leading ministry"),
        (
            "Rapport senast (dagar efter perioden)",
            "Report due (days after the period)",
        ),
    ]);
    let row = vec![
        text(&p.code),
        text(p.title.get(lang)),
        text(p.description.get(lang)),
        text(p.legal_basis.get(lang)),
        Cell::Date(p.period_start),
        Cell::Date(p.period_end),
        text(p.lead_ministry.name.get(lang)),
        Cell::Number(p.report_due_days),
    ];
    (headers, vec![row])
}

async fn areas(
    conn: &mut AnyConnection,
    plan: &CurrentPlan,
    reader: Reader<'_>,
) -> Result<Parts, sqlx::Error> {
    let lang = reader.lang;
    let headers = reader.headers(&[
        ("Kod", "Code"),
        ("Titel", "Title"),
        ("Beskrivning", "Description"),
        ("Antal åtgärder", "Measures"),
    ]);
    let rows = db::areas::list(conn, plan.id)
        .await?
        .into_iter()
        .map(|a| {
            vec![
                text(a.values.code),
                text(a.values.title.get(lang)),
                text(a.values.description.get(lang)),
                Cell::Number(a.measure_count),
            ]
        })
        .collect();
    Ok((headers, rows))
}

async fn measures(
    conn: &mut AnyConnection,
    plan: &CurrentPlan,
    reader: Reader<'_>,
) -> Result<Parts, sqlx::Error> {
    let (lang, locale) = (reader.lang, reader.locale());
    let headers = reader.headers(&[
        ("Kod", "Code"),
        ("Område", "Area"),
        ("Titel", "Title"),
        ("Beskrivning", "Description"),
        ("Typ", "Kind"),
        ("Ansvarig", "Lead"),
        ("Samverkan med", "Partners"),
        ("Start", "Start"),
        ("Slut", "End"),
        ("Status", "Status"),
        ("Framdrift (%)", "Progress (%)"),
        ("Rapporterar", "Reports"),
        ("Regional", "Regional"),
        ("Former av människohandel", "Forms of trafficking"),
        ("Målgrupper", "Target groups"),
        ("Åtaganden", "Obligations"),
        ("Underlag", "Evidence"),
        ("Om underlaget", "About the evidence"),
        ("Version", "Version"),
    ]);
    let rows = db::export::measures(conn, plan.id)
        .await?
        .into_iter()
        .map(|m| {
            vec![
                text(m.code),
                text(m.area_code),
                text(m.title.get(lang)),
                text(m.description.get(lang)),
                text(kind_label(m.kind, locale)),
                text(m.lead.name.get(lang)),
                list(m.partners.iter().map(|o| o.name.get(lang).to_owned())),
                Cell::Date(m.start),
                Cell::Date(m.end),
                text(status_label(m.status, locale)),
                Cell::Number(i64::from(m.progress.percent())),
                text(frequency_label(m.frequency, locale)),
                reader.yes_no(m.regional),
                list(m.forms.iter().map(|f| form_label(Some(*f), locale))),
                list(m.groups.iter().map(|g| group_label(*g, locale))),
                list(m.obligations),
                text(evidence_label(m.evidence, locale)),
                text(m.evidence_note),
                Cell::Number(m.version),
            ]
        })
        .collect();
    Ok((headers, rows))
}

async fn assignments(
    conn: &mut AnyConnection,
    plan: &CurrentPlan,
    reader: Reader<'_>,
) -> Result<Parts, sqlx::Error> {
    let (lang, locale) = (reader.lang, reader.locale());
    let headers = reader.headers(&[
        ("Diarienummer", "Diary number"),
        ("Departement", "Ministry"),
        ("Mottagare", "Recipient"),
        ("Titel", "Title"),
        ("Beskrivning", "Description"),
        ("Beslutsdatum", "Decided"),
        ("Åtgärder", "Measures"),
        ("Underlag", "Evidence"),
        ("Version", "Version"),
    ]);
    let rows = db::export::assignments(conn, plan.id)
        .await?
        .into_iter()
        .map(|a| {
            vec![
                text(a.diary_number),
                text(a.ministry.name.get(lang)),
                text(a.recipient.name.get(lang)),
                text(a.title.get(lang)),
                text(a.description.get(lang)),
                Cell::Date(a.decision_date),
                list(a.measures),
                text(evidence_label(a.evidence, locale)),
                Cell::Number(a.version),
            ]
        })
        .collect();
    Ok((headers, rows))
}

async fn deadlines(
    conn: &mut AnyConnection,
    plan: &CurrentPlan,
    reader: Reader<'_>,
) -> Result<Parts, sqlx::Error> {
    let (lang, locale) = (reader.lang, reader.locale());
    let headers = reader.headers(&[
        ("Diarienummer", "Diary number"),
        ("Redovisning", "Report"),
        ("Senast", "Due"),
        ("Redovisad", "Delivered"),
        ("Beskrivning", "Description"),
        ("Version", "Version"),
    ]);
    let rows = db::export::deadlines(conn, plan.id)
        .await?
        .into_iter()
        .map(|d| {
            vec![
                text(d.diary_number),
                text(deadline_kind_label(d.kind, locale)),
                Cell::Date(d.due),
                d.delivered.map_or(Cell::Empty, Cell::Date),
                text(d.description.get(lang)),
                Cell::Number(d.version),
            ]
        })
        .collect();
    Ok((headers, rows))
}

/// The funding table's columns in Swedish and English; an import reads them back
/// (`server::import::funding`). A line's id names it in Lägesbild: a row without one is a new
/// line.
pub const FUNDING_COLUMNS: [(&str, &str); 15] = [
    ("Id", "Id"),
    ("Åtgärd", "Measure"),
    ("Regeringsuppdrag", "Government assignment"),
    ("Länskod", "County code"),
    ("Län", "County"),
    ("År", "Year"),
    ("Utgiftsområde", "Expenditure area"),
    ("Anslag", "Appropriation"),
    ("Anslagspost", "Appropriation item"),
    ("Tilldelat (kr)", "Allocated (SEK)"),
    ("Utbetalt (kr)", "Disbursed (SEK)"),
    ("Förbrukat (kr)", "Spent (SEK)"),
    ("Beslut", "Decision"),
    ("Underlag", "Evidence"),
    ("Version", "Version"),
];

async fn funding(
    conn: &mut AnyConnection,
    plan: &CurrentPlan,
    reader: Reader<'_>,
) -> Result<Parts, sqlx::Error> {
    let (lang, locale) = (reader.lang, reader.locale());
    let headers = reader.headers(&FUNDING_COLUMNS);
    let rows = db::export::funding(conn, plan.id)
        .await?
        .into_iter()
        .map(|f| {
            let (county_code, county_name) = match &f.county {
                Some(c) => (text(c.code.to_string()), text(c.name.get(lang))),
                None => (Cell::Empty, Cell::Empty),
            };
            vec![
                Cell::Number(f.id),
                text(f.measure_code),
                f.diary_number.map_or(Cell::Empty, Cell::Text),
                county_code,
                county_name,
                Cell::Number(f.year),
                Cell::Number(f.expenditure_area),
                text(f.appropriation),
                text(f.appropriation_item),
                Cell::Kronor(f.allocated),
                Cell::Kronor(f.disbursed),
                Cell::Kronor(f.spent),
                text(f.decision_ref),
                text(evidence_label(f.evidence, locale)),
                Cell::Number(f.version),
            ]
        })
        .collect();
    Ok((headers, rows))
}

/// The regional rows table's columns in Swedish and English; an import reads them back
/// (`server::import::regional`).
pub const REGIONAL_COLUMNS: [(&str, &str); 14] = [
    ("Åtgärd", "Measure"),
    ("Länskod", "County code"),
    ("Län", "County"),
    ("Ansvarig", "Responsible"),
    ("Status", "Status"),
    ("Framdrift (%)", "Progress (%)"),
    ("Kontaktperson", "Contact"),
    ("Kontaktpersonens roll", "Contact's role"),
    ("Beskrivning", "Narrative"),
    ("Förbrukat (kr)", "Spent (SEK)"),
    ("Underlag", "Evidence"),
    ("Uppdaterad av", "Updated by"),
    ("Uppdaterad (UTC)", "Updated (UTC)"),
    ("Version", "Version"),
];

async fn regional(
    conn: &mut AnyConnection,
    plan: &CurrentPlan,
    reader: Reader<'_>,
) -> Result<Parts, sqlx::Error> {
    let (lang, locale) = (reader.lang, reader.locale());
    let headers = reader.headers(&REGIONAL_COLUMNS);
    let rows = db::export::regional(conn, plan.id)
        .await?
        .into_iter()
        .map(|line| {
            let r = line.row;
            vec![
                text(line.measure_code),
                text(r.county.code.to_string()),
                text(r.county.name.get(lang)),
                text(r.owner.name.get(lang)),
                text(status_label(r.status, locale)),
                Cell::Number(i64::from(r.progress.percent())),
                text(r.contact_name),
                text(r.contact_role),
                text(r.narrative),
                Cell::Kronor(r.spent.as_kronor()),
                text(evidence_label(r.evidence, locale)),
                text(r.updated_by),
                Cell::Time(r.updated_at),
                Cell::Number(line.version),
            ]
        })
        .collect();
    Ok((headers, rows))
}

/// Submitted reports, every revision; a draft only where the reader may write the report
/// (`Action::Report`, the rule of the report form).
async fn reports(
    conn: &mut AnyConnection,
    plan: &CurrentPlan,
    reader: Reader<'_>,
) -> Result<Parts, sqlx::Error> {
    let (lang, locale) = (reader.lang, reader.locale());
    let headers = reader.headers(&[
        ("Gäller", "About"),
        ("Åtgärd eller diarienummer", "Measure or diary number"),
        ("Period", "Period"),
        ("Revision", "Revision"),
        ("Läge", "State"),
        ("Status", "Status"),
        ("Framdrift (%)", "Progress (%)"),
        ("Förbrukat hittills (kr)", "Spent to date (SEK)"),
        ("Beskrivning", "Narrative"),
        ("Organisation", "Organisation"),
        ("Skriven av", "Written by"),
        ("Underlag", "Evidence"),
        ("Påbörjad (UTC)", "Started (UTC)"),
        ("Inskickad (UTC)", "Submitted (UTC)"),
    ]);
    let rows = db::export::reports(conn, plan.id)
        .await?
        .into_iter()
        .filter(|r| r.may_be_read_by(reader.viewer, reader.access))
        .map(|r| {
            let about = match (r.subject, lang) {
                (ReportSubjectKind::Measure, Lang::Sv) => "Åtgärd",
                (ReportSubjectKind::Measure, Lang::En) => "Measure",
                (ReportSubjectKind::Assignment, Lang::Sv) => "Regeringsuppdrag",
                (ReportSubjectKind::Assignment, Lang::En) => "Government assignment",
            };
            let state = match (r.submitted, lang) {
                (true, Lang::Sv) => "inskickad",
                (true, Lang::En) => "submitted",
                (false, Lang::Sv) => "utkast",
                (false, Lang::En) => "draft",
            };
            vec![
                text(about),
                text(r.label),
                text(r.period),
                Cell::Number(r.revision),
                text(state),
                text(status_label(r.status, locale)),
                Cell::Number(i64::from(r.progress.percent())),
                Cell::Kronor(r.spent_to_date),
                text(r.narrative),
                text(r.organisation.name.get(lang)),
                text(r.author),
                text(evidence_label(r.evidence, locale)),
                Cell::Time(r.created_at),
                r.submitted_at.map_or(Cell::Empty, Cell::Time),
            ]
        })
        .collect();
    Ok((headers, rows))
}

async fn obligations(
    conn: &mut AnyConnection,
    plan: &CurrentPlan,
    reader: Reader<'_>,
) -> Result<Parts, sqlx::Error> {
    let (lang, locale) = (reader.lang, reader.locale());
    let headers = reader.headers(&[
        ("Kod", "Code"),
        ("Källa", "Source"),
        ("Artikel", "Article"),
        ("Åtagande", "Obligation"),
        ("Ändrat 2024", "Amended 2024"),
        ("Besvaras", "Answered"),
        ("Åtgärder som besvarar det", "Measures answering it"),
    ]);
    let rows = db::export::obligations(conn, plan.id)
        .await?
        .into_iter()
        .map(|(o, measures)| {
            vec![
                text(o.code),
                text(source_label(o.source, locale)),
                text(o.reference),
                text(o.title.get(lang)),
                reader.yes_no(o.amended_2024),
                reader.yes_no(!measures.is_empty()),
                list(measures),
            ]
        })
        .collect();
    Ok((headers, rows))
}

async fn indicators(conn: &mut AnyConnection, reader: Reader<'_>) -> Result<Parts, sqlx::Error> {
    let (lang, locale) = (reader.lang, reader.locale());
    let headers = reader.headers(&[
        ("Kod", "Code"),
        ("Namn", "Name"),
        ("Enhet", "Unit"),
        ("Beskrivning", "Description"),
        ("Källa", "Source"),
        ("Underlag", "Evidence"),
    ]);
    let rows = db::indicators::indicators(conn)
        .await?
        .into_iter()
        .map(|(_, i)| {
            vec![
                text(i.code),
                text(i.name.get(lang)),
                text(i.unit.get(lang)),
                text(i.description.get(lang)),
                text(i.source),
                text(evidence_label(i.evidence, locale)),
            ]
        })
        .collect();
    Ok((headers, rows))
}

/// Each indicator's counts for the whole country year by year, split as the measure page's
/// table splits them and with the same counts hidden ([`national_years`]).
async fn indicator_values(
    conn: &mut AnyConnection,
    reader: Reader<'_>,
) -> Result<Parts, sqlx::Error> {
    let headers = reader.headers(&[
        ("Indikator", "Indicator"),
        ("Namn", "Name"),
        ("År", "Year"),
        ("Hela landet", "Whole country"),
        ("Kvinnor", "Women"),
        ("Män", "Men"),
        ("Barn", "Children"),
        ("Vuxna", "Adults"),
    ]);
    let count = |count: Count| match count.shown() {
        Some(n) => Cell::Number(n),
        None => Cell::Hidden,
    };
    let mut rows = Vec::new();
    for (id, indicator) in db::indicators::indicators(conn).await? {
        let cells = db::indicators::national_cells(conn, id).await?;
        for NationalYear {
            year,
            total,
            women,
            men,
            children,
            adults,
        } in national_years(&cells, reader.suppression_threshold)
        {
            rows.push(vec![
                text(&indicator.code),
                text(indicator.name.get(reader.lang)),
                Cell::Number(i64::from(year)),
                count(total),
                count(women),
                count(men),
                children.map_or(Cell::Empty, count),
                adults.map_or(Cell::Empty, count),
            ]);
        }
    }
    Ok((headers, rows))
}

async fn indicator_targets(
    conn: &mut AnyConnection,
    plan: &CurrentPlan,
    reader: Reader<'_>,
) -> Result<Parts, sqlx::Error> {
    let lang = reader.lang;
    let headers = reader.headers(&[
        ("Åtgärd", "Measure"),
        ("Indikator", "Indicator"),
        ("Namn", "Name"),
        ("Utgångsår", "Baseline year"),
        ("Utgångsvärde", "Baseline"),
        ("Målår", "Target year"),
        ("Målvärde", "Target"),
        ("Version", "Version"),
    ]);
    let rows = db::indicators::targets_of_plan(conn, plan.id)
        .await?
        .into_iter()
        .map(|t| {
            vec![
                text(t.measure.code),
                text(t.indicator.code),
                text(t.indicator.name.get(lang)),
                Cell::Number(i64::from(t.values.baseline.year)),
                Cell::Number(t.values.baseline.value),
                Cell::Number(i64::from(t.values.target.year)),
                Cell::Number(t.values.target.value),
                Cell::Number(t.version),
            ]
        })
        .collect();
    Ok((headers, rows))
}
