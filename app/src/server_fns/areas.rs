//! The plan's areas: everyone who reads the plan reads them; the ministry that leads the plan
//! (or an admin) adds or changes one, over the version they saw, audited in the same
//! transaction.

// The save takes each field of the form as its own argument, as the form posts them.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::models::AreaList;
use leptos::prelude::*;

/// The plan's areas in their order, and whether the viewer may change them.
#[server(endpoint = "areas")]
pub async fn get_areas() -> Result<AreaList, AppError> {
    use crate::policy::Action;
    use crate::server::db::areas;
    super::respond(
        async {
            let (mut conn, plan) = super::connect_to_plan().await?;
            let plan_ministry = areas::plan_ministry(&mut conn, plan.id).await?;
            Ok(AreaList {
                areas: areas::list(&mut conn, plan.id).await?,
                may_edit: super::allows(&Action::EditAreas { plan_ministry })?,
            })
        }
        .await,
    )
}

/// Adds an area (`original` empty) or saves area `original` over `version`. Its code never
/// changes once saved.
#[server(endpoint = "save_area")]
pub async fn save_area(
    original: String,
    version: i64,
    code: String,
    title_sv: String,
    title_en: String,
    description_sv: String,
    description_en: String,
    position: String,
) -> Result<(), AppError> {
    use crate::error::{FieldError, Problem};
    use crate::models::{AreaInput, AreaValues};
    use crate::policy::Action;
    use crate::server::changes;
    use crate::server::db::audit::{self, Actor, Change};
    use crate::server::db::{areas, reference};
    use serde_json::json;
    let fields = |v: &AreaValues| -> changes::Fields {
        vec![
            ("title_sv", json!(v.title.sv)),
            ("title_en", json!(v.title.en)),
            ("description_sv", json!(v.description.sv)),
            ("description_en", json!(v.description.en)),
            ("position", json!(v.position)),
        ]
    };
    super::respond(
        async {
            let state = crate::server::state()?;
            let mut tx = super::begin_change(&state).await?;
            let at = super::timestamp()?;
            let plan = reference::current_plan(&mut tx)
                .await?
                .ok_or(AppError::NoPlan)?;
            let plan_ministry = areas::plan_ministry(&mut tx, plan.id).await?;
            let (viewer, _) = super::authorize(&Action::EditAreas { plan_ministry })?;
            let user = viewer.user().ok_or(AppError::NotSignedIn)?;
            let creating = original.is_empty();
            let input = AreaInput {
                code: if creating { code } else { original.clone() },
                title_sv,
                title_en,
                description_sv,
                description_en,
                position,
            };
            let values = input
                .check()
                .map_err(|errors| AppError::Invalid { errors })?;
            let saved = areas::list(&mut tx, plan.id).await?;
            let stored = saved.iter().find(|a| a.values.code == values.code);
            let taken = || AppError::Invalid {
                errors: vec![FieldError::new("code", Problem::CodeTaken)],
            };
            let (action, before) = match (creating, stored) {
                (true, Some(_)) => return Err(taken()),
                (false, None) => return Err(AppError::NotFound),
                (true, None) => {
                    match areas::insert(&mut tx, plan.id, &values).await {
                        // Someone added an area with the same code at the same moment.
                        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                            return Err(taken());
                        }
                        inserted => inserted?,
                    };
                    ("create", None)
                }
                (false, Some(stored)) => {
                    if !areas::update(&mut tx, plan.id, version, &values).await? {
                        return Err(AppError::Conflict {
                            current: changes::saved_where_different(
                                &fields(&stored.values),
                                &fields(&values),
                            ),
                            version: stored.version,
                            revision: 0,
                        });
                    }
                    ("update", Some(changes::object(&fields(&stored.values))))
                }
            };
            audit::record(
                &mut tx,
                &at,
                &Actor::user(user),
                Change {
                    entity_type: "area",
                    entity_id: &values.code,
                    action,
                    before,
                    after: Some(changes::object(&fields(&values))),
                },
            )
            .await?;
            tx.commit().await?;
            Ok(())
        }
        .await,
    )
    .inspect(|()| super::go_on_without_javascript("/areas"))
}
