//! The second factor (TOTP, RFC 6238) on SQLite and PostgreSQL: required for administrators and
//! the oversight role, optional for others; recovery codes; no code accepted twice; wrong
//! codes throttled; turning it off and an administrator's removal audited. Codes are computed
//! here with the same standard, independently of the application.

use http::StatusCode;
use tests::scalar;
use tests::{ADMIN, AGENCY, MINISTRY, OVERSIGHT, TestApp, on_both_databases};

use totp_rs::{Builder, Secret, Totp};

const PASSWORD: &str = "lingon traktor moln";

/// A new administrator (not a demo account), invited by the demo admin, with [`PASSWORD`].
async fn new_admin(app: &TestApp, email: &str) {
    invite(app, email, "admin").await;
}

/// A new account in the demo admin's organisation with `role`, invited by the demo admin, with
/// [`PASSWORD`].
async fn invite(app: &TestApp, email: &str, role: &str) {
    app.sign_in(ADMIN).await;
    let organisation = scalar(
        app,
        &format!("SELECT organisation_id FROM app_user WHERE email = '{ADMIN}'"),
    )
    .await;
    let created = app
        .call(
            "create_user",
            &format!(
                "email={}&display_name=Ny+person&organisation_id={organisation}&role={role}",
                tests::form_value(email)
            ),
        )
        .await;
    created.assert_status(StatusCode::OK);
    let link = created.json();
    let token = link["address"]
        .as_str()
        .unwrap()
        .rsplit('=')
        .next()
        .unwrap()
        .to_owned();
    app.forget_session();
    app.call(
        "set_password",
        &format!(
            "token={token}&password={0}&repeat={0}",
            tests::form_value(PASSWORD)
        ),
    )
    .await
    .assert_status(StatusCode::OK);
}

/// The authenticator app for the key in an `otpauth://` address.
fn app_for(uri: &str) -> Totp {
    let key = uri
        .split(['?', '&'])
        .find_map(|part| part.strip_prefix("secret="))
        .expect("a key in the address");
    Builder::new()
        .with_secret(Secret::try_from_base32(key).unwrap())
        .build()
        .unwrap()
}

fn now() -> u64 {
    u64::try_from(chrono::Utc::now().timestamp()).unwrap()
}

/// The app's code `steps` steps of 30 s from now.
fn code(totp: &Totp, steps: i64) -> String {
    let at = now().saturating_add_signed(steps * 30);
    totp.generate(at).to_string()
}

/// The app's code of the step before this one, taken at least three seconds before this step
/// ends, so that it is still one step old (and accepted) when the server checks it; taken
/// just before a step ends, it was two steps old by then about one run in a hundred.
async fn previous_code(totp: &Totp) -> String {
    let into_step = now() % 30;
    if into_step >= 27 {
        tokio::time::sleep(std::time::Duration::from_secs(30 - into_step)).await;
    }
    code(totp, -1)
}

/// A code the app shows at no time near now.
fn wrong_code(totp: &Totp) -> String {
    let near: Vec<String> = (-2..=2).map(|s| code(totp, s)).collect();
    (0..1_000_000)
        .map(|n| format!("{n:06}"))
        .find(|c| !near.contains(c))
        .unwrap()
}

fn verify(code: &str) -> String {
    format!("code={}&next=%2Fmy-work", tests::form_value(code))
}

async fn audited(app: &TestApp, action: &str) -> i64 {
    scalar(
        app,
        &format!("SELECT count(*) FROM audit_log WHERE action = '{action}'"),
    )
    .await
}

/// The field and problem of a refusal's first error.
fn field_problem(response: &tests::TestResponse) -> (String, String) {
    response.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let error = response.json()["Invalid"]["errors"][0].clone();
    (
        error["field"].as_str().unwrap().to_owned(),
        error["problem"].as_str().unwrap().to_owned(),
    )
}

fn problem(response: &tests::TestResponse) -> String {
    response.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let errors = response.json()["Invalid"]["errors"].clone();
    assert_eq!(errors[0]["field"], "code", "{errors}");
    errors[0]["problem"].as_str().unwrap().to_owned()
}

async fn an_administrator_sets_up_the_app_at_first_sign_in_and_then_needs_a_code_every_time(
    app: &TestApp,
) {
    let email = "chef@regeringskansliet.se";
    new_admin(app, email).await;
    let signed_in = app.try_sign_in(email, PASSWORD).await;
    signed_in.assert_status(StatusCode::OK);
    assert_eq!(
        signed_in.header("location"),
        Some("/sign-in/code?next=/"),
        "the password is only the first step"
    );
    // Between the steps the session is nobody's.
    app.get("/my-work").await.assert_status(StatusCode::FOUND);
    app.call("account", "")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    app.get("/sign-in/code")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&[
            "Din roll kräver tvåstegsverifiering",
            "<svg",
            "Skanna QR-koden",
        ]);
    let challenge = app.call("second_factor_challenge", "").await.json();
    let uri = challenge["Setup"]["uri"].as_str().unwrap().to_owned();
    assert!(uri.starts_with("otpauth://totp/L%C3%A4gesbild:"), "{uri}");
    // Reloading the page shows the same key, so a QR code already scanned stays good.
    let again = app.call("second_factor_challenge", "").await.json();
    assert_eq!(again["Setup"]["uri"], uri.as_str());
    let phone = app_for(&uri);
    let refused = app
        .call("verify_second_factor", &verify(&wrong_code(&phone)))
        .await;
    assert_eq!(problem(&refused), "WrongCode");
    let first = previous_code(&phone).await;
    let confirmed = app.call("verify_second_factor", &verify(&first)).await;
    confirmed.assert_status(StatusCode::OK);
    let codes: Vec<String> = serde_json::from_value(confirmed.json()).unwrap();
    assert_eq!(codes.len(), 10, "recovery codes, shown once");
    assert_eq!(
        scalar(app, "SELECT count(*) FROM recovery_code").await,
        10,
        "kept only as hashes"
    );
    assert!(
        scalar(
            app,
            &format!(
                "SELECT count(*) FROM recovery_code WHERE code_hash LIKE '%{}%'",
                codes[0].replace('-', "")
            )
        )
        .await
            == 0
    );
    app.get("/account")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&[
            "Tvåstegsverifiering",
            "På sedan",
            "Oanvända reservkoder: 10",
        ]);
    assert_eq!(audited(app, "second_factor_on").await, 1);

    // Next time: the password, then a code. The code just used is refused (each works once);
    // the app's next code, within the allowed drift, is accepted.
    app.forget_session();
    app.try_sign_in(email, PASSWORD)
        .await
        .assert_status(StatusCode::OK);
    assert_eq!(
        app.call("second_factor_challenge", "").await.json(),
        serde_json::json!("Code")
    );
    let replayed = app.call("verify_second_factor", &verify(&first)).await;
    assert_eq!(problem(&replayed), "WrongCode", "a code works once");
    let next = app
        .call("verify_second_factor", &verify(&code(&phone, 0)))
        .await;
    next.assert_status(StatusCode::OK);
    assert_eq!(next.header("location"), Some("/my-work"));
    app.get("/my-work").await.assert_status(StatusCode::OK);

    // Without the phone: a recovery code, typed in capitals and without its hyphens, works
    // once.
    for (attempt, expected) in [(1, StatusCode::OK), (2, StatusCode::UNPROCESSABLE_ENTITY)] {
        app.forget_session();
        app.try_sign_in(email, PASSWORD)
            .await
            .assert_status(StatusCode::OK);
        let typed = codes[0].replace('-', " ").to_uppercase();
        app.call("verify_second_factor", &verify(&typed))
            .await
            .assert_status(expected);
        assert_eq!(
            audited(app, "recovery_code_used").await,
            1,
            "attempt {attempt}"
        );
    }
    assert_eq!(scalar(app, "SELECT count(*) FROM recovery_code").await, 9);
}

async fn wrong_codes_lock_the_second_step_and_the_password_alone_never_signs_in(app: &TestApp) {
    let email = "chef2@regeringskansliet.se";
    new_admin(app, email).await;
    app.try_sign_in(email, PASSWORD)
        .await
        .assert_status(StatusCode::OK);
    let uri = app.call("second_factor_challenge", "").await.json()["Setup"]["uri"]
        .as_str()
        .unwrap()
        .to_owned();
    let phone = app_for(&uri);
    let wrong = wrong_code(&phone);
    for _ in 0..4 {
        app.call("verify_second_factor", &verify(&wrong))
            .await
            .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    }
    app.call("verify_second_factor", &verify(&wrong))
        .await
        .assert_status(StatusCode::TOO_MANY_REQUESTS);
    // Locked: even the right code waits.
    app.call("verify_second_factor", &verify(&code(&phone, 0)))
        .await
        .assert_status(StatusCode::TOO_MANY_REQUESTS);
    app.get("/my-work").await.assert_status(StatusCode::FOUND);
    assert_eq!(audited(app, "second_factor_on").await, 0);
    assert!(audited(app, "second_factor_locked").await >= 1);
}

async fn others_may_turn_a_second_factor_on_and_off_and_an_admin_can_remove_one(app: &TestApp) {
    // The agency's reporter turns it on under Mitt konto (codes are taken one step apart, so
    // that each is later than the last accepted)...
    app.sign_in(AGENCY).await;
    let key = app.call("start_second_factor_setup", "").await.json();
    let phone = app_for(key["uri"].as_str().unwrap());
    assert!(key["uri"].as_str().unwrap().starts_with("otpauth://totp/"));
    // Only with the account's password: a session someone else took over cannot add their app.
    let confirm = |password: &str, code: &str| {
        format!(
            "current_password={}&code={code}",
            tests::form_value(password)
        )
    };
    let without = app
        .call("confirm_second_factor", &confirm("", &code(&phone, -1)))
        .await;
    assert_eq!(
        field_problem(&without),
        ("current_password".into(), "Required".into())
    );
    let wrong = app
        .call(
            "confirm_second_factor",
            &confirm("gissning", &code(&phone, -1)),
        )
        .await;
    assert_eq!(
        field_problem(&wrong),
        ("current_password".into(), "WrongPassword".into())
    );
    let accepted = previous_code(&phone).await;
    app.call(
        "confirm_second_factor",
        &confirm(server::DEMO_PASSWORD, &accepted),
    )
    .await
    .assert_status(StatusCode::OK);
    // ...and from then on signs in with a code, demo account or not.
    app.forget_session();
    let signed_in = app.try_sign_in(AGENCY, server::DEMO_PASSWORD).await;
    let location = signed_in.header("location").unwrap_or_default().to_owned();
    assert!(location.starts_with("/sign-in/code"), "{location}");
    app.call("verify_second_factor", &verify(&code(&phone, 0)))
        .await
        .assert_status(StatusCode::OK);
    let agency_session = app.session_cookie();
    // Turning it off takes a current code not used before.
    let wrong = app
        .call(
            "turn_off_second_factor",
            &confirm(server::DEMO_PASSWORD, &wrong_code(&phone)),
        )
        .await;
    assert_eq!(problem(&wrong), "WrongCode");
    let used = app
        .call(
            "turn_off_second_factor",
            &confirm(server::DEMO_PASSWORD, &code(&phone, -1)),
        )
        .await;
    assert_eq!(problem(&used), "WrongCode", "older than the last accepted");
    let account = app.call("account", "").await.json();
    assert!(account["second_factor"]["since"].is_string(), "{account}");
    assert_eq!(account["second_factor"]["required"], false);

    // The oversight role may not turn its own off: its role requires one. (Signing in from a
    // new browser: signing in within a session replaces it.)
    app.forget_session();
    app.sign_in(OVERSIGHT).await;
    app.call(
        "turn_off_second_factor",
        &confirm(server::DEMO_PASSWORD, "123456"),
    )
    .await
    .assert_status(StatusCode::FORBIDDEN);

    // An administrator removes the ministry's; the ministry's sessions end.
    app.sign_in(MINISTRY).await;
    let key = app.call("start_second_factor_setup", "").await.json();
    let ministry_phone = app_for(key["uri"].as_str().unwrap());
    app.call(
        "confirm_second_factor",
        &confirm(server::DEMO_PASSWORD, &code(&ministry_phone, 0)),
    )
    .await
    .assert_status(StatusCode::OK);
    let ministry_session = app.session_cookie();
    // A session that has given the ministry's password and waits for its code, elsewhere.
    app.forget_session();
    app.try_sign_in(MINISTRY, server::DEMO_PASSWORD).await;
    let ministry_waiting = app.session_cookie();
    app.forget_session();
    let ministry_id = scalar(
        app,
        &format!("SELECT id FROM app_user WHERE email = '{MINISTRY}'"),
    )
    .await;
    app.sign_in(ADMIN).await;
    app.get(&format!("/admin/users/{ministry_id}"))
        .await
        .assert_contains(&["Ta bort tvåstegsverifieringen"]);
    app.call("reset_second_factor", &format!("user_id={ministry_id}"))
        .await
        .assert_status(StatusCode::OK);
    app.call("reset_second_factor", &format!("user_id={ministry_id}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    assert_eq!(audited(app, "second_factor_reset").await, 1);
    app.use_session_cookie(ministry_session);
    app.get("/my-work").await.assert_status(StatusCode::FOUND);
    app.use_session_cookie(ministry_waiting);
    app.call("second_factor_challenge", "")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    app.forget_session();
    // Without one, the ministry (whose role does not require it) signs in with its password.
    app.sign_in(MINISTRY).await;

    // The agency turns its own off with its app's next code; it is audited.
    app.use_session_cookie(agency_session);
    app.call(
        "turn_off_second_factor",
        &confirm(server::DEMO_PASSWORD, &code(&phone, 1)),
    )
    .await
    .assert_status(StatusCode::OK);
    assert_eq!(audited(app, "second_factor_off").await, 1);
    app.sign_in(AGENCY).await;
}

async fn a_session_that_gave_only_a_password_ends_when_its_account_comes_to_need_a_code(
    app: &TestApp,
) {
    // An agency's new reporter signs in with a password alone (no code is needed)...
    let email = "ny@jamstalldhetsmyndigheten.se";
    invite(app, email, "admin").await;
    set_role(app, email, "agency", "jam").await;
    app.try_sign_in(email, PASSWORD)
        .await
        .assert_status(StatusCode::OK);
    app.get("/my-work").await.assert_status(StatusCode::OK);
    // ...and is moved to the rights body's oversight role, which needs one: the session that
    // gave only a password is anonymous from the next request (as every session from before
    // the rule is), and signing in again asks for the app.
    set_role(app, email, "oversight", "imr").await;
    app.get("/my-work").await.assert_status(StatusCode::FOUND);
    app.forget_session();
    let signed_in = app.try_sign_in(email, PASSWORD).await;
    assert_eq!(signed_in.header("location"), Some("/sign-in/code?next=/"));
}

async fn set_role(app: &TestApp, email: &str, role: &str, organisation: &str) {
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query(
        "UPDATE app_user SET role = $2, \
         organisation_id = (SELECT id FROM organisation WHERE code = $3) WHERE email = $1",
    )
    .bind(email)
    .bind(role)
    .bind(organisation)
    .execute(&mut *conn)
    .await
    .unwrap();
}

on_both_databases!(
    an_administrator_sets_up_the_app_at_first_sign_in_and_then_needs_a_code_every_time,
    wrong_codes_lock_the_second_step_and_the_password_alone_never_signs_in,
    others_may_turn_a_second_factor_on_and_off_and_an_admin_can_remove_one,
    a_session_that_gave_only_a_password_ends_when_its_account_comes_to_need_a_code,
);
