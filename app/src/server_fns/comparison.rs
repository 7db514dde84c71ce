//! The regional comparison.

use crate::domain::Lang;
use crate::error::AppError;
use crate::models::{Comparison, ComparisonQuery};
use leptos::prelude::*;

/// Every county's status on every regional measure, and the figure `query` chooses for the map
/// (worded in `lang`), each county against the national median.
#[server(endpoint = "comparison")]
pub async fn get_comparison(query: ComparisonQuery, lang: Lang) -> Result<Comparison, AppError> {
    super::respond(
        async {
            let (mut conn, plan) = super::connect_to_plan().await?;
            let state = crate::server::state()?;
            let threshold = state.settings.suppression_threshold;
            let comparison = state
                .caches
                .comparison
                .get_or_compute(&plan, (query.clone(), lang), async || {
                    build::comparison(&mut conn, plan.id, &query, lang, threshold).await
                })
                .await?;
            Ok(comparison.as_ref().clone())
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
mod build {
    use crate::components::{fmt_decimal, fmt_difference, fmt_int, fmt_percent, status_label};
    use crate::domain::{Count, CountyCode, Lang, Sex, Status, sort_key};
    use crate::error::AppError;
    use crate::i18n::{Locale, td_string};
    use crate::models::comparison::median;
    use crate::models::{
        Comparison, ComparisonQuery, ComparisonRow, ComparisonSort, CountyFigure, FigureChoice,
        MapFigure,
    };
    use crate::server::charts::{MapArea, MapScale, county_map, csv_data_href};
    use crate::server::db::comparison as db;
    use sqlx::AnyConnection;
    use std::collections::HashMap;

    fn invalid(parameter: &str, value: &str) -> AppError {
        AppError::InvalidParameter {
            parameter: parameter.to_owned(),
            value: value.to_owned(),
        }
    }

    pub async fn comparison(
        conn: &mut AnyConnection,
        plan_id: i64,
        query: &ComparisonQuery,
        lang: Lang,
        threshold: i64,
    ) -> Result<Comparison, AppError> {
        let locale = match lang {
            Lang::Sv => Locale::sv,
            Lang::En => Locale::en,
        };
        let sort =
            ComparisonSort::parse(&query.sort).ok_or_else(|| invalid("sort", &query.sort))?;
        let status = match query.status.as_str() {
            "" => None,
            text => Some(
                text.parse::<Status>()
                    .map_err(|_| invalid("status", text))?,
            ),
        };
        let measures = db::regional_measures(conn, plan_id).await?;
        let indicators = db::indicators(conn).await?;
        let figure = match query.show.as_str() {
            "" => measures
                .first()
                .map(|m| MapFigure::Progress(m.code.clone()))
                .or_else(|| {
                    indicators
                        .first()
                        .map(|(code, _)| MapFigure::Indicator(code.clone()))
                })
                .ok_or(AppError::NotFound)?,
            text => MapFigure::parse(text).ok_or_else(|| invalid("show", text))?,
        };
        let figure_exists = match &figure {
            MapFigure::Progress(code) | MapFigure::Status(code) => {
                measures.iter().any(|m| &m.code == code)
            }
            MapFigure::Indicator(code) => indicators.iter().any(|(c, _)| c == code),
        };
        if !figure_exists {
            return Err(invalid("show", &query.show));
        }
        let counties = db::counties(conn).await?;
        let cells = db::regional_cells(conn, plan_id).await?;
        let cell = |county: CountyCode, measure: &str| {
            cells
                .iter()
                .find(|c| c.county == county && c.measure == measure)
        };
        let indicator_year = match &figure {
            MapFigure::Indicator(code) => db::indicator_latest_year(conn, code).await?,
            _ => None,
        };
        let figure_of = |county: CountyCode, population: i64| -> CountyFigure {
            match &figure {
                MapFigure::Progress(code) => cell(county, code)
                    .map_or(CountyFigure::Missing, |c| {
                        CountyFigure::Progress(c.progress)
                    }),
                MapFigure::Status(code) => cell(county, code)
                    .map_or(CountyFigure::Missing, |c| CountyFigure::Status(c.status)),
                MapFigure::Indicator(_) => indicator_year
                    .as_ref()
                    .map_or(CountyFigure::Missing, |year| {
                        rate(&year.counts, county, population, threshold)
                    }),
            }
        };
        let mut rows: Vec<ComparisonRow> = counties
            .iter()
            .map(|c| ComparisonRow {
                county: c.county.clone(),
                population: c.population,
                statuses: measures
                    .iter()
                    .map(|m| cell(c.county.code, &m.code).map(|cell| cell.status))
                    .collect(),
                figure: figure_of(c.county.code, c.population),
                figure_text: String::new(),
                from_median: None,
            })
            .collect();
        // The median of all 21 counties, whatever the filter shows.
        let numbers: Vec<f64> = rows.iter().filter_map(|r| r.figure.number()).collect();
        let national_median = median(&numbers);
        for row in &mut rows {
            row.figure_text = figure_text(&row.figure, lang, locale);
            row.from_median = row
                .figure
                .number()
                .zip(national_median)
                .map(|(value, median)| value - median);
        }
        let map_option = map_option(&rows, &figure, lang, locale);
        if let Some(status) = status {
            rows.retain(|r| r.statuses.contains(&Some(status)));
        }
        match sort {
            ComparisonSort::Code => {}
            ComparisonSort::Name => {
                rows.sort_by_cached_key(|r| sort_key(r.county.name.get(lang), lang))
            }
            ComparisonSort::Value => rows.sort_by(|a, b| {
                let key = |r: &ComparisonRow| match &r.figure {
                    CountyFigure::Status(status) => Status::ALL
                        .iter()
                        .position(|s| s == status)
                        .map(|p| p as f64),
                    other => other.number(),
                };
                // Highest first; counties without a figure last.
                match (key(a), key(b)) {
                    (Some(x), Some(y)) => y.total_cmp(&x),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                }
            }),
        }
        let figure_label = figure_label(&figure, &measures, &indicators, lang, locale);
        let csv_href = csv(&rows, &figure_label, lang, locale);
        let choices = measures
            .iter()
            .flat_map(|m| {
                let title = format!("{} {}", m.code, m.title.get(lang));
                [
                    FigureChoice {
                        key: MapFigure::Progress(m.code.clone()).key(),
                        label: format!("{}: {title}", td_string!(locale, compare.progress_of)),
                    },
                    FigureChoice {
                        key: MapFigure::Status(m.code.clone()).key(),
                        label: format!("{}: {title}", td_string!(locale, compare.status_of)),
                    },
                ]
            })
            .chain(indicators.iter().map(|(code, name)| FigureChoice {
                key: MapFigure::Indicator(code.clone()).key(),
                label: format!(
                    "{}: {}",
                    td_string!(locale, compare.indicator_of),
                    name.get(lang)
                ),
            }))
            .collect();
        Ok(Comparison {
            measures,
            rows,
            choices,
            figure,
            figure_label,
            year: indicator_year.map(|y| y.year),
            median: national_median,
            sort,
            status,
            map_option,
            csv_href,
            suppression_threshold: threshold,
        })
    }

    /// An indicator's count for a county (women and men together) and its rate per 100 000
    /// inhabitants. The count is suppressed when it, or the count of either sex, is above zero
    /// and below `threshold`: the sexes are shown separately on the county page, so a total
    /// shown here could otherwise give a suppressed count away.
    pub fn rate(
        counts: &HashMap<(CountyCode, Sex), i64>,
        county: CountyCode,
        population: i64,
        threshold: i64,
    ) -> CountyFigure {
        let by_sex: Vec<i64> = Sex::ALL
            .iter()
            .map(|sex| counts.get(&(county, *sex)).copied().unwrap_or(0))
            .collect();
        let total: i64 = by_sex.iter().sum();
        let small = |n: i64| n > 0 && n < threshold;
        if small(total) || by_sex.iter().any(|n| small(*n)) {
            return CountyFigure::Rate {
                count: Count::Suppressed,
                per_100k: None,
            };
        }
        CountyFigure::Rate {
            count: Count::Shown(total),
            per_100k: (population > 0).then(|| total as f64 * 100_000.0 / population as f64),
        }
    }

    /// A figure as the table, the tooltip and the download write it.
    pub fn figure_text(figure: &CountyFigure, lang: Lang, locale: Locale) -> String {
        match figure {
            CountyFigure::Missing => td_string!(locale, compare.no_row).to_string(),
            CountyFigure::Status(status) => status_label(*status, locale),
            CountyFigure::Progress(progress) => fmt_percent(i64::from(progress.percent()), lang),
            CountyFigure::Rate {
                count: Count::Shown(count),
                per_100k: Some(rate),
            } => format!("{} ({})", fmt_decimal(*rate, lang), fmt_int(*count, lang)),
            CountyFigure::Rate { .. } => "..".to_owned(),
        }
    }

    fn map_option(
        rows: &[ComparisonRow],
        figure: &MapFigure,
        lang: Lang,
        locale: Locale,
    ) -> String {
        let areas: Vec<MapArea> = rows
            .iter()
            .map(|r| MapArea {
                code: r.county.code,
                name: r.county.name.get(lang).to_owned(),
                value: match &r.figure {
                    CountyFigure::Status(status) => Status::ALL
                        .iter()
                        .position(|s| s == status)
                        .map(|p| p as f64),
                    other => other.number(),
                },
                text: r.figure_text.clone(),
            })
            .collect();
        let scale = match figure {
            MapFigure::Status(_) => MapScale::Statuses(
                Status::ALL
                    .iter()
                    .map(|s| status_label(*s, locale))
                    .collect(),
            ),
            MapFigure::Progress(_) => MapScale::Continuous {
                max: 100.0,
                low: fmt_percent(0, lang),
                high: fmt_percent(100, lang),
            },
            MapFigure::Indicator(_) => {
                let max = areas.iter().filter_map(|a| a.value).fold(0.0, f64::max);
                MapScale::Continuous {
                    max,
                    low: td_string!(locale, compare.low).to_string(),
                    high: td_string!(locale, compare.high).to_string(),
                }
            }
        };
        county_map(&areas, scale)
    }

    fn figure_label(
        figure: &MapFigure,
        measures: &[crate::models::MeasureRef],
        indicators: &[(String, crate::domain::Localized)],
        lang: Lang,
        locale: Locale,
    ) -> String {
        let measure = |code: &str| {
            measures
                .iter()
                .find(|m| m.code == code)
                .map(|m| format!("{} {}", m.code, m.title.get(lang)))
                .unwrap_or_default()
        };
        match figure {
            MapFigure::Progress(code) => {
                format!(
                    "{}: {}",
                    td_string!(locale, compare.progress_of),
                    measure(code)
                )
            }
            MapFigure::Status(code) => {
                format!(
                    "{}: {}",
                    td_string!(locale, compare.status_of),
                    measure(code)
                )
            }
            MapFigure::Indicator(code) => format!(
                "{}: {}",
                td_string!(locale, compare.indicator_of),
                indicators
                    .iter()
                    .find(|(c, _)| c == code)
                    .map(|(_, name)| name.get(lang).to_owned())
                    .unwrap_or_default()
            ),
        }
    }

    /// The table as CSV: county code and name, population, the figure and its distance from
    /// the median, written as the table writes them (suppressed counts as `..`).
    fn csv(rows: &[ComparisonRow], figure_label: &str, lang: Lang, locale: Locale) -> String {
        let header = vec![
            td_string!(locale, counties.code).to_string(),
            td_string!(locale, counties.name).to_string(),
            td_string!(locale, counties.population).to_string(),
            figure_label.to_owned(),
            td_string!(locale, compare.from_median).to_string(),
        ];
        let records = rows.iter().map(|r| {
            vec![
                r.county.code.to_string(),
                r.county.name.get(lang).to_owned(),
                r.population.to_string(),
                r.figure_text.clone(),
                r.from_median
                    .map(|d| fmt_difference(d, lang))
                    .unwrap_or_default(),
            ]
        });
        csv_data_href(std::iter::once(header).chain(records))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn counts(women: i64, men: i64) -> HashMap<(CountyCode, Sex), i64> {
            let county = CountyCode::parse("09").unwrap();
            HashMap::from([((county, Sex::Women), women), ((county, Sex::Men), men)])
        }

        fn gotland() -> CountyCode {
            CountyCode::parse("09").unwrap()
        }

        #[test]
        fn a_rate_is_per_100_000_inhabitants() {
            let figure = rate(&counts(10, 20), gotland(), 60_000, 5);
            assert_eq!(
                figure,
                CountyFigure::Rate {
                    count: Count::Shown(30),
                    per_100k: Some(50.0)
                }
            );
        }

        #[test]
        fn a_total_is_suppressed_when_either_sex_is_below_the_threshold() {
            for (women, men) in [(4, 20), (20, 4), (2, 1)] {
                assert_eq!(
                    rate(&counts(women, men), gotland(), 60_000, 5),
                    CountyFigure::Rate {
                        count: Count::Suppressed,
                        per_100k: None
                    },
                    "{women} women, {men} men"
                );
            }
            // At the threshold, and zero, are shown.
            assert_eq!(
                rate(&counts(5, 0), gotland(), 100_000, 5).number(),
                Some(5.0)
            );
        }

        #[test]
        fn a_suppressed_figure_is_written_as_two_dots() {
            let figure = rate(&counts(1, 9), gotland(), 60_000, 5);
            assert_eq!(figure_text(&figure, Lang::Sv, Locale::sv), "..");
        }
    }
}
