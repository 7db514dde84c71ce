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
            let today = super::today()?;
            let comparison = state
                .caches
                .comparison
                .get_or_compute(&plan, (query.clone(), lang), async || {
                    build::comparison(&mut conn, plan.id, &query, lang, threshold).await
                })
                .await?;
            Ok(Comparison {
                read_at: plan.read_at(today),
                ..comparison.as_ref().clone()
            })
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
        MapFigure, TargetRate,
    };
    use crate::server::charts::{MapArea, MapScale, county_map, csv_data_href};
    use crate::server::db::comparison as db;
    use crate::server::db::indicators::{self as db_indicators, CountyCounts, StoredTarget};
    use sqlx::AnyConnection;

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
        let locale = crate::components::locale_of(lang);
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
        let indicators: Vec<_> = db_indicators::indicators(conn)
            .await?
            .into_iter()
            .map(|(_, indicator)| (indicator.code, indicator.name))
            .collect();
        let targets = db_indicators::targets_of_plan(conn, plan_id).await?;
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
            MapFigure::Target { .. } => target_of(&targets, &figure).is_some(),
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
            MapFigure::Indicator(code)
            | MapFigure::Target {
                indicator: code, ..
            } => db_indicators::latest_year_by_county(conn, code).await?,
            _ => None,
        };
        // A target for the whole country, as a rate of the counties' population together.
        let population: i64 = counties.iter().map(|c| c.population).sum();
        let target = target_of(&targets, &figure).and_then(|t| {
            Some(TargetRate {
                measure: t.measure.clone(),
                values: t.values.clone(),
                per_100k: t.values.target_rate(population)?,
            })
        });
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
                    .map_or(CountyFigure::Missing, |(_, counts)| {
                        rate(counts, county, population, threshold)
                    }),
                MapFigure::Target { .. } => match (&indicator_year, &target) {
                    (Some((_, counts)), Some(target)) => {
                        to_target(rate(counts, county, population, threshold), target)
                    }
                    _ => CountyFigure::Missing,
                },
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
        let label = figure_label(&figure, &measures, &indicators, &targets, lang, locale);
        let csv_href = csv(&rows, &label, lang, locale);
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
            .chain(targets.iter().map(|t| {
                let figure = MapFigure::Target {
                    measure: t.measure.code.clone(),
                    indicator: t.indicator.code.clone(),
                };
                FigureChoice {
                    label: figure_label(&figure, &measures, &indicators, &targets, lang, locale),
                    key: figure.key(),
                }
            }))
            .collect();
        Ok(Comparison {
            measures,
            rows,
            choices,
            figure,
            figure_label: label,
            year: indicator_year.map(|(year, _)| year),
            target,
            median: national_median,
            sort,
            status,
            map_option,
            csv_href,
            suppression_threshold: threshold,
            read_at: Default::default(),
        })
    }

    /// The target `figure` names, if the plan has it.
    fn target_of<'a>(targets: &'a [StoredTarget], figure: &MapFigure) -> Option<&'a StoredTarget> {
        let MapFigure::Target { measure, indicator } = figure else {
            return None;
        };
        targets
            .iter()
            .find(|t| &t.measure.code == measure && &t.indicator.code == indicator)
    }

    /// An indicator's count for a county (women and men together, over all ages) and its rate
    /// per 100 000 inhabitants. The count is suppressed when it, or the count of either sex, is
    /// above zero and below `threshold`: the sexes are shown separately on the county page, so
    /// a total shown here could otherwise give a suppressed count away.
    pub fn rate(
        counts: &CountyCounts,
        county: CountyCode,
        population: i64,
        threshold: i64,
    ) -> CountyFigure {
        let sum = |keep: &dyn Fn(Sex) -> bool| -> i64 {
            counts
                .iter()
                .filter(|((c, sex, _), _)| *c == county && keep(*sex))
                .map(|(_, value)| value)
                .sum()
        };
        let parts = [sum(&|sex| sex == Sex::Women), sum(&|sex| sex == Sex::Men)];
        let total = sum(&|_| true);
        let small = |n: i64| n > 0 && n < threshold;
        if small(total) || parts.iter().any(|n| small(*n)) {
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

    /// A county's distance to `target` from its rate ([`rate`]): none where the rate is
    /// suppressed.
    pub fn to_target(rate: CountyFigure, target: &TargetRate) -> CountyFigure {
        match rate {
            CountyFigure::Rate { count, per_100k } => CountyFigure::ToTarget {
                count,
                per_100k,
                to_go: per_100k.map(|r| target.values.to_go(r, target.per_100k)),
            },
            other => other,
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
            CountyFigure::ToTarget {
                count: Count::Shown(_),
                per_100k: Some(rate),
                to_go: Some(to_go),
            } => format!(
                "{} ({})",
                fmt_decimal(*to_go, lang),
                fmt_decimal(*rate, lang)
            ),
            CountyFigure::Rate { .. } | CountyFigure::ToTarget { .. } => "..".to_owned(),
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
            MapFigure::Target { .. } => {
                let max = areas.iter().filter_map(|a| a.value).fold(0.0, f64::max);
                MapScale::Continuous {
                    max,
                    low: td_string!(locale, compare.target_reached).to_string(),
                    high: td_string!(locale, compare.target_far).to_string(),
                }
            }
        };
        county_map(&areas, scale)
    }

    fn figure_label(
        figure: &MapFigure,
        measures: &[crate::models::MeasureRef],
        indicators: &[(String, crate::domain::Localized)],
        targets: &[StoredTarget],
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
            MapFigure::Target { .. } => target_of(targets, figure)
                .map(|t| {
                    format!(
                        "{}: {} ({} {})",
                        td_string!(locale, compare.to_target_of),
                        t.indicator.name.get(lang),
                        td_string!(locale, common.measure),
                        t.measure.code
                    )
                })
                .unwrap_or_default(),
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

        fn counts(women: i64, men: i64) -> CountyCounts {
            let county = CountyCode::parse("09").unwrap();
            CountyCounts::from([
                ((county, Sex::Women, None), women),
                ((county, Sex::Men, None), men),
            ])
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
        fn a_county_split_by_age_is_counted_over_all_ages() {
            use crate::domain::AgeGroup;
            let county = gotland();
            let by_age = CountyCounts::from([
                ((county, Sex::Women, Some(AgeGroup::Children)), 3),
                ((county, Sex::Women, Some(AgeGroup::Adults)), 30),
                ((county, Sex::Men, Some(AgeGroup::Adults)), 27),
            ]);
            assert_eq!(rate(&by_age, county, 60_000, 5).number(), Some(100.0));
        }

        #[test]
        fn a_county_below_a_rising_target_has_the_difference_left_and_one_above_none() {
            let target = TargetRate {
                measure: crate::models::MeasureRef {
                    code: "1.8".into(),
                    title: crate::domain::Localized::new("", ""),
                    status: Status::OnTrack,
                    progress: crate::domain::Progress::try_from(0).unwrap(),
                },
                values: crate::models::TargetInput {
                    indicator: "presumed-victims".into(),
                    baseline_year: "2022".into(),
                    baseline_value: "500".into(),
                    target_year: "2030".into(),
                    target_value: "1000".into(),
                }
                .check()
                .unwrap(),
                per_100k: 60.0,
            };
            // 30 people in 60 000: 50 per 100 000, 10 short of 60.
            let below = to_target(rate(&counts(10, 20), gotland(), 60_000, 5), &target);
            assert!((below.number().unwrap() - 10.0).abs() < 1e-9);
            assert_eq!(figure_text(&below, Lang::Sv, Locale::sv), "10,0 (50,0)");
            let above = to_target(rate(&counts(30, 20), gotland(), 60_000, 5), &target);
            assert_eq!(above.number(), Some(0.0));
            let hidden = to_target(rate(&counts(1, 20), gotland(), 60_000, 5), &target);
            assert_eq!(hidden.number(), None);
            assert_eq!(figure_text(&hidden, Lang::Sv, Locale::sv), "..");
        }

        #[test]
        fn a_suppressed_figure_is_written_as_two_dots() {
            let figure = rate(&counts(1, 9), gotland(), 60_000, 5);
            assert_eq!(figure_text(&figure, Lang::Sv, Locale::sv), "..");
        }
    }
}
