//! Sessions and signed-in users on the way into the application: the session layer (cookie and
//! store), the middleware that turns a session into a [`Viewer`] for the policy, and the
//! command that creates an administrator.

use anyhow::{Result, bail};
use app::domain::{Localized, OrganisationKind, Role};
use app::error::{AppError, Problem};
use app::models::Viewer;
use app::server::AppState;
use app::server::auth::{self, ClientAddress, DbSessionStore};
use app::server::db::audit::{self, Actor, Change};
use app::server::db::{Db, load, users};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, Session, SessionManagerLayer};

/// The session cookie: HttpOnly, SameSite=Lax, Secure behind TLS, ending after the configured
/// idle time. Sessions live in the database, so every app server shares them.
pub fn session_layer(state: &AppState) -> SessionManagerLayer<DbSessionStore> {
    let idle = time::Duration::seconds(
        i64::try_from(state.settings.session_idle.as_secs()).unwrap_or(i64::MAX),
    );
    SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name("lagesbild_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.settings.behind_tls)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(idle))
}

/// Puts the request's [`Viewer`] and [`ClientAddress`] into its extensions, where server
/// functions find them. A request with an `Authorization` header is its access token's person
/// (and refused with 401 when the token does not work), never its session's; each such use is
/// logged.
pub async fn resolve_viewer(
    State(state): State<AppState>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    let authorization = request
        .headers()
        .get(header::AUTHORIZATION)
        .map(|value| value.to_str().unwrap_or_default().to_owned())
        .filter(|value| auth::tokens::is_bearer(value));
    let viewer = match authorization {
        Some(authorization) => {
            match auth::tokens::viewer(&authorization, &state.db, state.clock.today()).await {
                Ok(viewer) => {
                    if let Some(user) = viewer.user() {
                        tracing::info!(
                            token = user.token.map(|grant| grant.id),
                            user = user.id,
                            method = %request.method(),
                            route = crate::operations::route_of(&request),
                            "access token used"
                        );
                    }
                    viewer
                }
                Err(AppError::NotSignedIn) => {
                    // A revoked or expired token still in use shows here (never the secret).
                    tracing::warn!(
                        method = %request.method(),
                        route = crate::operations::route_of(&request),
                        "access token refused"
                    );
                    let what = "the access token does not work: unknown, revoked or expired";
                    if crate::api::is_api(&request) {
                        return crate::api::refusal(StatusCode::UNAUTHORIZED, what);
                    }
                    return (
                        StatusCode::UNAUTHORIZED,
                        [(header::WWW_AUTHENTICATE, r#"Bearer error="invalid_token""#)],
                        what,
                    )
                        .into_response();
                }
                Err(error) => {
                    return refusal(&request, &error, "the access token could not be read");
                }
            }
        }
        None => match auth::viewer(&session, &state.db, &state.settings).await {
            Ok(viewer) => viewer,
            Err(error) => return refusal(&request, &error, "the session could not be read"),
        },
    };
    let forwarded_for: Vec<&str> = request
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|line| line.to_str().ok())
        .collect();
    let client = ClientAddress::of(
        request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(peer)| peer.ip()),
        &forwarded_for,
        state.settings.behind_proxy,
    );
    request.extensions_mut().insert::<Viewer>(viewer);
    request.extensions_mut().insert::<ClientAddress>(client);
    next.run(request).await
}

/// The status of `error`, with what could not be done (as problem details for the API).
fn refusal(request: &Request, error: &AppError, what: &'static str) -> Response {
    let status =
        StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if crate::api::is_api(request) {
        return crate::api::refusal(status, what);
    }
    (status, what).into_response()
}

/// Deletes expired sessions and stale sign-in counts once an hour (they are refused or start
/// again anyway; this keeps the tables small). Runs until the server stops.
pub async fn remove_expired_sessions(db: Db) {
    use app::server::db::sessions;
    let mut hourly = tokio::time::interval(std::time::Duration::from_secs(60 * 60));
    loop {
        hourly.tick().await;
        let now = auth::unix_now();
        let removed = match db.acquire().await {
            Ok(mut conn) => match sessions::delete_expired(&mut conn, now).await {
                Ok(sessions) => sessions::delete_stale_attempts(&mut conn, now, auth::LOCK_SECONDS)
                    .await
                    .map(|counts| sessions + counts),
                Err(error) => Err(error),
            },
            Err(error) => Err(error),
        };
        match removed {
            Ok(count) if count > 0 => {
                tracing::info!(count, "removed expired sessions and stale sign-in counts")
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "could not remove expired sessions"),
        }
    }
}

/// Creates an administrator, or makes an existing account an active administrator with a new
/// password. On a new installation, where no organisation exists yet, `organisation_name`
/// creates the administrator's organisation (of kind `government`).
pub async fn create_admin(
    db: &Db,
    email: &str,
    display_name: &str,
    organisation: &str,
    organisation_name: Option<&str>,
    password: &str,
    at: &app::server::Timestamp,
) -> Result<()> {
    if let Some(refused) =
        auth::password::check_new(password, password, &[email, display_name]).first()
    {
        match refused.problem {
            Problem::TooShort { min } => bail!("the password must be at least {min} characters"),
            Problem::TooLong { max } => bail!("the password must be at most {max} characters"),
            _ => bail!(
                "the password is too easy to guess (common, found in breaches or a known \
                 pattern); a few unrelated words are easy to remember and hard to guess"
            ),
        }
    }
    let email = email.trim().to_lowercase();
    if !email.contains('@') {
        bail!("{email:?} is not an e-mail address");
    }
    let hash = auth::password::hash(password);
    let mut tx = db.begin().await?;
    let organisation_id = match (
        users::organisation_id(&mut tx, organisation).await?,
        organisation_name,
    ) {
        (Some(id), _) => id,
        (None, Some(name)) => {
            load::organisation(
                &mut tx,
                &load::NewOrganisation {
                    code: organisation.to_owned(),
                    kind: OrganisationKind::Government,
                    name: Localized::new(name, name),
                    short_name: String::new(),
                    diary_prefix: None,
                    parent_ministry_id: None,
                    county_code: None,
                },
            )
            .await?
        }
        (None, None) => bail!(
            "no organisation has the code {organisation:?}; give --organisation-name to create it"
        ),
    };
    let id = match users::credentials(&mut tx, &email).await? {
        Some(existing) => {
            users::make_active_admin(&mut tx, existing.id, organisation_id).await?;
            existing.id
        }
        None => {
            load::user(
                &mut tx,
                &load::NewUser {
                    email: email.clone(),
                    display_name: display_name.to_owned(),
                    organisation_id,
                    role: Role::Admin,
                },
                at,
            )
            .await?
        }
    };
    users::set_password_hash(&mut tx, id, &hash).await?;
    let actor = Actor {
        user_id: None,
        name: "command line (server create-admin)".to_owned(),
        role: "system".to_owned(),
        organisation_id: None,
    };
    let after = serde_json::json!({ "email": email, "role": "admin", "organisation": organisation, "active": true });
    audit::record(
        &mut tx,
        at,
        &actor,
        Change {
            entity_type: "user",
            entity_id: &id.to_string(),
            action: "create_admin",
            before: None,
            after: Some(after),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
