//! Sign-in, sessions, the policy at every state-changing server function, the read-only
//! connection of the oversight role and the browser-security headers, on SQLite and PostgreSQL.

use app::server::db::{audit, users};
use http::{Request, StatusCode, header};
use tests::{
    ADMIN, AGENCY, COUNTY_BOARD, MINISTRY, OVERSIGHT, TestApp, form_value, on_both_databases,
};

async fn audit_count(app: &TestApp, entity_type: &str, action: &str) -> i64 {
    let mut conn = app.db.acquire().await.unwrap();
    audit::count(&mut conn, entity_type, action).await.unwrap()
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    let mut conn = app.db.acquire().await.unwrap();
    users::id_of(&mut conn, email).await.unwrap().unwrap()
}

async fn signing_in_goes_on_to_a_page_on_this_site_and_never_to_another(app: &TestApp) {
    let sign_in_going_to = |next: &str| {
        format!(
            "email={}&password={}&next={}",
            form_value(MINISTRY),
            form_value(server::DEMO_PASSWORD),
            form_value(next)
        )
    };
    for (next, goes_to) in [
        (
            "/measures?status=delayed&area=lagforing",
            "/measures?status=delayed&area=lagforing",
        ),
        ("/measures/../funding", "/funding"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("/\t/evil.example", "/"),
        ("/\r\n/evil.example", "/"),
        ("/..//evil.example", "/"),
    ] {
        app.forget_session();
        let response = app.call("sign_in", &sign_in_going_to(next)).await;
        response.assert_status(StatusCode::OK);
        assert_eq!(response.header("location"), Some(goes_to), "next={next:?}");
    }
}

async fn anonymous_visitors_are_sent_to_sign_in_and_refused_data(app: &TestApp) {
    app.forget_session();
    let overview = app.get("/").await;
    overview.assert_status(StatusCode::FOUND);
    assert_eq!(overview.header("location"), Some("/sign-in"));
    let measure = app.get("/measures/1.8").await;
    assert_eq!(
        measure.header("location"),
        Some("/sign-in?next=/measures/1.8")
    );
    app.call("overview", "lang=Sv")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    app.call("measure", "code=1.8")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    app.get("/sign-in")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&["Logga in", "E-postadress", "Lösenord"])
        .assert_lacks(&["Regionkoordinatorer"]);
}

async fn a_signed_in_user_sees_their_name_and_role(app: &TestApp) {
    app.get("/")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&["Departementssekreterare (demo)", "Departement", "Logga ut"]);
}

async fn a_wrong_password_is_refused_without_saying_which_part_was_wrong(app: &TestApp) {
    app.forget_session();
    let wrong = app.try_sign_in(MINISTRY, "not the password").await;
    wrong.assert_status(StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.json(), serde_json::json!("SignInFailed"));
    let unknown = app
        .try_sign_in("nobody@demo.invalid", "not the password")
        .await;
    assert_eq!(unknown.json(), wrong.json());
    assert!(app.session_cookie().is_none());
    assert_eq!(audit_count(app, "sign_in", "sign_in_failed").await, 2);
    app.get("/").await.assert_status(StatusCode::FOUND);
}

async fn five_failures_in_a_row_lock_the_address_even_for_the_right_password(app: &TestApp) {
    app.forget_session();
    for _ in 0..4 {
        app.try_sign_in(AGENCY, "wrong password")
            .await
            .assert_status(StatusCode::UNAUTHORIZED);
    }
    let fifth = app.try_sign_in(AGENCY, "wrong password").await;
    fifth.assert_status(StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        fifth.json(),
        serde_json::json!({"LockedOut": {"minutes": 15}})
    );
    app.try_sign_in(AGENCY, server::DEMO_PASSWORD)
        .await
        .assert_status(StatusCode::TOO_MANY_REQUESTS);
    assert!(app.session_cookie().is_none());
    assert_eq!(audit_count(app, "sign_in", "sign_in_locked").await, 1);
    // Another address is not affected.
    app.sign_in(COUNTY_BOARD).await;
}

async fn thirty_wrong_passwords_at_once_are_checked_no_more_than_five_times(app: &TestApp) {
    app.forget_session();
    let attempts = (0..30).map(|_| app.try_sign_in(AGENCY, "wrong password"));
    let answers = futures::future::join_all(attempts).await;
    let refused = |status| answers.iter().filter(|a| a.status == status).count();
    assert_eq!(
        refused(StatusCode::UNAUTHORIZED) + refused(StatusCode::TOO_MANY_REQUESTS),
        30
    );
    assert_eq!(
        audit_count(app, "sign_in", "sign_in_failed").await,
        5,
        "five passwords were checked, no more"
    );
    assert_eq!(audit_count(app, "sign_in", "sign_in_locked").await, 25);
    app.try_sign_in(AGENCY, server::DEMO_PASSWORD)
        .await
        .assert_status(StatusCode::TOO_MANY_REQUESTS);
}

async fn an_attackers_address_is_locked_out_long_before_the_accounts_owner(app: &TestApp) {
    const OWNER: &str = "198.51.100.7";
    app.forget_session();
    for _ in 0..4 {
        app.try_sign_in_from(ADMIN, "guess", "203.0.113.1")
            .await
            .assert_status(StatusCode::UNAUTHORIZED);
    }
    app.try_sign_in_from(ADMIN, "guess", "203.0.113.1")
        .await
        .assert_status(StatusCode::TOO_MANY_REQUESTS);
    // The attacker's address stays locked out, even with the right password...
    app.try_sign_in_from(ADMIN, server::DEMO_PASSWORD, "203.0.113.1")
        .await
        .assert_status(StatusCode::TOO_MANY_REQUESTS);
    // ...and its refused attempts count for nothing more: the owner signs in from elsewhere.
    for _ in 0..20 {
        app.try_sign_in_from(ADMIN, "guess", "203.0.113.1")
            .await
            .assert_status(StatusCode::TOO_MANY_REQUESTS);
    }
    app.try_sign_in_from(ADMIN, server::DEMO_PASSWORD, OWNER)
        .await
        .assert_status(StatusCode::OK);
    // An attack from four addresses at once locks the account itself, for everyone.
    app.forget_session();
    for attacker in ["203.0.113.2", "203.0.113.3", "203.0.113.4", "203.0.113.5"] {
        for _ in 0..5 {
            app.try_sign_in_from(ADMIN, "guess", attacker).await;
        }
    }
    app.try_sign_in_from(ADMIN, server::DEMO_PASSWORD, OWNER)
        .await
        .assert_status(StatusCode::TOO_MANY_REQUESTS);
}

async fn every_sign_in_and_sign_out_is_recorded(app: &TestApp) {
    // The harness signed in as the ministry user.
    assert_eq!(audit_count(app, "user", "sign_in").await, 1);
    app.call("sign_out", "").await.assert_status(StatusCode::OK);
    assert_eq!(audit_count(app, "user", "sign_out").await, 1);
}

async fn signing_out_ends_the_session_even_for_a_copied_cookie(app: &TestApp) {
    let cookie = app.session_cookie();
    app.call("sign_out", "").await.assert_status(StatusCode::OK);
    assert!(app.session_cookie().is_none(), "the cookie is removed");
    app.use_session_cookie(cookie);
    app.get("/").await.assert_status(StatusCode::FOUND);
    app.call("overview", "lang=Sv")
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
}

async fn a_session_that_has_ended_is_never_saved_back(app: &TestApp) {
    use tower_sessions::SessionStore;
    use tower_sessions::session::{Id, Record};
    let store = app::server::auth::DbSessionStore::new(app.db.clone());
    let mut record = Record {
        id: Id::default(),
        data: Default::default(),
        expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(1),
    };
    store.create(&mut record).await.unwrap();
    record
        .data
        .insert("user_id".to_owned(), serde_json::json!(1));
    store.save(&record).await.unwrap();
    assert!(store.load(&record.id).await.unwrap().is_some());
    // Signed out (or ended by an administrator) while another request still holds it: that
    // request's save at its end must not bring the session back.
    store.delete(&record.id).await.unwrap();
    store.save(&record).await.unwrap();
    assert!(store.load(&record.id).await.unwrap().is_none());
}

async fn signing_in_issues_a_fresh_session_id(app: &TestApp) {
    let before = app.session_cookie().unwrap();
    app.sign_in(AGENCY).await;
    let after = app.session_cookie().unwrap();
    assert_ne!(before, after);
    app.use_session_cookie(Some(before));
    app.get("/").await.assert_status(StatusCode::FOUND);
}

async fn an_idle_session_ends(app: &TestApp) {
    let mut conn = app.db.acquire().await.unwrap();
    sqlx::query("UPDATE user_session SET expires_at = 0")
        .execute(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    app.get("/").await.assert_status(StatusCode::FOUND);
}

async fn deactivating_a_user_ends_all_their_sessions(app: &TestApp) {
    let agency = user_id(app, AGENCY).await;
    app.sign_in(AGENCY).await;
    let agency_cookie = app.session_cookie();
    app.sign_in(ADMIN).await;
    app.call("set_user_active", &format!("user_id={agency}&active=false"))
        .await
        .assert_status(StatusCode::OK);
    app.use_session_cookie(agency_cookie);
    app.get("/").await.assert_status(StatusCode::FOUND);
    app.try_sign_in(AGENCY, server::DEMO_PASSWORD)
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    assert_eq!(audit_count(app, "user", "deactivate").await, 1);
    app.sign_in(ADMIN).await;
    app.call("set_user_active", &format!("user_id={agency}&active=true"))
        .await
        .assert_status(StatusCode::OK);
    app.sign_in(AGENCY).await;
}

async fn a_deactivated_account_is_signed_out_at_its_next_request(app: &TestApp) {
    let mut conn = app.db.acquire().await.unwrap();
    let ministry = user_id(app, MINISTRY).await;
    users::set_active(&mut conn, ministry, false).await.unwrap();
    drop(conn);
    app.get("/").await.assert_status(StatusCode::FOUND);
}

/// Every state-changing server function, as every role and as an anonymous visitor: exactly
/// who is allowed and who is refused, and with which status.
async fn every_state_changing_function_answers_each_role_as_the_policy_says(app: &TestApp) {
    let target = user_id(app, COUNTY_BOARD).await;
    let version = {
        let mut conn = app.db.acquire().await.unwrap();
        sqlx::query_scalar::<_, i64>("SELECT version FROM app_user WHERE id = $1")
            .bind(target)
            .fetch_one(&mut *conn)
            .await
            .unwrap()
    };
    let board = {
        let mut conn = app.db.acquire().await.unwrap();
        sqlx::query_scalar::<_, i64>("SELECT organisation_id FROM app_user WHERE id = $1")
            .bind(target)
            .fetch_one(&mut *conn)
            .await
            .unwrap()
    };
    let row_version = {
        let mut conn = app.db.acquire().await.unwrap();
        sqlx::query_scalar::<_, i64>(
            "SELECT ri.version FROM regional_implementation ri JOIN measure m ON m.id = ri.measure_id \
             WHERE m.code = '1.8' AND ri.county_code = '24'",
        )
        .fetch_one(&mut *conn)
        .await
        .unwrap()
    };
    let measure_version = {
        let mut conn = app.db.acquire().await.unwrap();
        sqlx::query_scalar::<_, i64>("SELECT version FROM measure WHERE code = '3.1'")
            .fetch_one(&mut *conn)
            .await
            .unwrap()
    };
    let assignment_version = {
        let mut conn = app.db.acquire().await.unwrap();
        sqlx::query_scalar::<_, i64>(
            "SELECT version FROM assignment WHERE diary_number = 'A2025/00637'",
        )
        .fetch_one(&mut *conn)
        .await
        .unwrap()
    };
    let cases: [(&str, String, [StatusCode; 6]); 30] = [
        (
            // A county board (its rows), a ministry and an administrator (funding lines) apply
            // an import, and only their own upload (this one never was).
            "apply_import",
            "id=999999&changed=0&conflicts=0".to_owned(),
            [401, 404, 403, 404, 403, 404].map(status),
        ),
        (
            "save_regional_row",
            format!(
                "code=1.8&county=24&version={row_version}&status=on_track&progress=50&contact_name=&contact_role=&narrative=&spent=0"
            ),
            // Only Västerbotten's own county board.
            [401, 403, 403, 200, 403, 403].map(status),
        ),
        (
            // Measure 3.1 is Jämställdhetsmyndigheten's, led by Arbetsmarknadsdepartementet.
            // The ministry saves a draft; the agency may too, but it has not seen that draft
            // (409, not 403).
            "save_report",
            "kind=measures&key=3.1&period=2026-Q3&version=0&seen_revision=0&status=on_track&progress=50&spent_to_date=0&narrative=Text&links=&intent=draft".to_owned(),
            [401, 200, 409, 403, 403, 403].map(status),
        ),
        (
            // Measure 3.1's ministry saves it; the admin may too, but over the version the
            // ministry has just replaced (409, not 403).
            "save_measure",
            format!(
                "original=3.1&version={measure_version}&area=skydd&code=3.1&title_sv=Ny+rubrik&title_en=&description_sv=&description_en=&kind=coordination&lead=jam&start_date=2026-01-01&end_date=2026-12-31&report_frequency=quarterly"
            ),
            [401, 200, 403, 403, 403, 409].map(status),
        ),
        (
            // An A-prefixed assignment is Arbetsmarknadsdepartementet's to register; the admin
            // may too, but finds it registered (422, not 403).
            "create_assignment",
            "diary_number=A2026%2F01777&recipient=jam&title_sv=Uppdrag&title_en=&description_sv=&decision_date=2026-11-20&interim_due=&final_due=2027-06-30&measures%5B%5D=3.1".to_owned(),
            [401, 200, 403, 403, 403, 422].map(status),
        ),
        (
            // A2025/00637 is Arbetsmarknadsdepartementet's; the admin may change it too, but
            // over the version the ministry has just replaced (409, not 403).
            "save_assignment",
            format!(
                "diary_number=A2025%2F00637&version={assignment_version}&recipient=jam&title_sv=Ny+rubrik&title_en=&description_sv=&description_en=&decision_date=2025-03-13&measures%5B%5D=3.4&measures%5B%5D=2.3"
            ),
            [401, 200, 403, 403, 403, 409].map(status),
        ),
        (
            // The plan is Arbetsmarknadsdepartementet's; the admin may add areas too, but finds
            // this code taken (422, not 403).
            "save_area",
            "original=&version=0&code=utvardering&title_sv=Utv%C3%A4rdering&title_en=&description_sv=&description_en=&position=6".to_owned(),
            [401, 200, 403, 403, 403, 422].map(status),
        ),
        (
            // Each allowed call adds an interim report to A2025/00637.
            "save_deadline",
            "diary_number=A2025%2F00637&deadline=0&version=0&kind=interim&due_date=2026-12-15&description_sv=&description_en=".to_owned(),
            [401, 200, 403, 403, 403, 200].map(status),
        ),
        (
            // Each allowed call adds a funding decision to measure 3.1.
            "save_funding",
            "code=3.1&line=0&version=0&year=2027&expenditure_area=13&appropriation=3%3A1&appropriation_item=&county=&assignment=&allocated=100&disbursed=0&spent=0&decision_ref=".to_owned(),
            [401, 200, 403, 403, 403, 200].map(status),
        ),
        (
            // Each allowed call ties the support programme to measure 3.1; once it is, a
            // second time is refused by name (422).
            "save_indicator_target",
            "code=3.1&target=0&version=0&indicator=support-programme&baseline_year=2022&baseline_value=10&target_year=2028&target_value=20".to_owned(),
            [401, 200, 403, 403, 403, 422].map(status),
        ),
        (
            // The ministry discards its draft (version 1); then there is none for the agency.
            "discard_report_draft",
            "kind=measures&key=3.1&period=2026-Q3&version=1".to_owned(),
            [401, 200, 404, 403, 403, 403].map(status),
        ),
        (
            "create_user",
            format!(
                "email=ny%40lansstyrelsen.se&display_name=Ny&organisation_id={board}&role=county_board"
            ),
            [401, 403, 403, 403, 403, 200].map(status),
        ),
        (
            "create_password_link",
            format!("user_id={target}"),
            [401, 403, 403, 403, 403, 200].map(status),
        ),
        (
            // Everyone signed in changes their own password, the oversight role too; this
            // current password is nobody's (422, not 403).
            "change_password",
            "current_password=inte-mitt-losenord&password=korrekt+h%C3%A4st+batteri&repeat=korrekt+h%C3%A4st+batteri".to_owned(),
            [401, 422, 422, 422, 422, 422].map(status),
        ),
        (
            // Whoever holds a working link, signed in or not; this link never was.
            "set_password",
            "token=0123&password=korrekt+h%C3%A4st+batteri&repeat=korrekt+h%C3%A4st+batteri".to_owned(),
            [404, 404, 404, 404, 404, 404].map(status),
        ),
        (
            // Organisations with deadlines make their own calendar address.
            "renew_calendar_feed",
            String::new(),
            [401, 200, 200, 200, 403, 403].map(status),
        ),
        (
            "calendar_feeds",
            String::new(),
            [401, 403, 403, 403, 403, 200].map(status),
        ),
        (
            // Jämställdhetsmyndigheten made one above; the admin ends it.
            "revoke_calendar_feed",
            "organisation=jam".to_owned(),
            [401, 403, 403, 403, 403, 200].map(status),
        ),
        (
            // Everyone signed in sets up their own second factor...
            "start_second_factor_setup",
            String::new(),
            [401, 200, 200, 200, 200, 200].map(status),
        ),
        (
            // ...and confirms it with their password and a code from the key (this password is
            // nobody's: 422, not 403).
            "confirm_second_factor",
            "current_password=inte-mitt-losenord&code=000000".to_owned(),
            [401, 422, 422, 422, 422, 422].map(status),
        ),
        (
            // Turning it off takes the password, a right code, and a role that does not
            // require one.
            "turn_off_second_factor",
            "current_password=inte-mitt-losenord&code=000000".to_owned(),
            [401, 422, 422, 422, 403, 403].map(status),
        ),
        (
            // The county board's user has no second factor to remove (404, not 403).
            "reset_second_factor",
            format!("user_id={target}"),
            [401, 403, 403, 403, 403, 404].map(status),
        ),
        (
            // The second step of signing in is only for a session whose password was just
            // right: nobody's here.
            "second_factor_challenge",
            String::new(),
            [401, 401, 401, 401, 401, 401].map(status),
        ),
        (
            "verify_second_factor",
            "code=000000&next=%2F".to_owned(),
            [401, 401, 401, 401, 401, 401].map(status),
        ),
        (
            // Everyone signed in makes their own access tokens (the oversight role: tokens
            // that read)...
            "create_access_token",
            "name=Skript&scope=read&days=30".to_owned(),
            [401, 200, 200, 200, 200, 200].map(status),
        ),
        (
            // ...and revokes their own (an admin anyone's); this one never was.
            "revoke_access_token",
            "id=999999".to_owned(),
            [401, 404, 404, 404, 404, 404].map(status),
        ),
        (
            "update_user",
            format!("user_id={target}&organisation_id={board}&role=county_board&version={version}"),
            [401, 403, 403, 403, 403, 200].map(status),
        ),
        (
            "sign_out",
            String::new(),
            // anonymous, ministry, agency, county board, oversight, admin
            [401, 200, 200, 200, 200, 200].map(status),
        ),
        (
            "set_user_active",
            format!("user_id={target}&active=true"),
            [401, 403, 403, 403, 403, 200].map(status),
        ),
        // Last: once the admin has deactivated the county board's user, it cannot sign in.
        (
            "set_user_active",
            format!("user_id={target}&active=false"),
            [401, 403, 403, 403, 403, 200].map(status),
        ),
    ];
    for (function, form, expected) in &cases {
        for (who, expected) in [
            None,
            Some(MINISTRY),
            Some(AGENCY),
            Some(COUNTY_BOARD),
            Some(OVERSIGHT),
            Some(ADMIN),
        ]
        .into_iter()
        .zip(expected)
        {
            app.forget_session();
            if let Some(email) = who {
                app.sign_in(email).await;
            }
            let response = app.call(function, form).await;
            assert_eq!(
                response.status, *expected,
                "{function}({form}) as {who:?}: {}",
                response.body
            );
        }
    }
}

fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap()
}

async fn the_oversight_role_reads_everything_on_a_connection_that_cannot_write(app: &TestApp) {
    app.sign_in(OVERSIGHT).await;
    app.get("/measures/1.8")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&["Regionkoordinatorer"]);
    let viewer = app::models::Viewer::User({
        let mut conn = app.db.acquire().await.unwrap();
        let id = user_id(app, OVERSIGHT).await;
        users::active_user(&mut conn, id).await.unwrap().unwrap()
    });
    let mut conn = app
        .db
        .for_viewer(&viewer, &Default::default())
        .await
        .unwrap();
    let write = sqlx::query("UPDATE measure SET progress = 0 WHERE code = '1.8'")
        .execute(&mut *conn)
        .await;
    assert!(write.is_err(), "the oversight connection refused a write");
    let insert = sqlx::query(
        "INSERT INTO audit_log (occurred_at, user_name, user_role, entity_type, entity_id, action) \
         VALUES ('2026-01-01T00:00:00Z', 'x', 'oversight', 'measure', '1.8', 'update')",
    )
    .execute(&mut *conn)
    .await;
    assert!(
        insert.is_err(),
        "the oversight connection refused an insert"
    );
    let read: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM measure")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(read, 30);
}

async fn writes_from_another_site_are_refused(app: &TestApp) {
    for (name, value) in [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let request = Request::post("/api/sign_out")
            .header(header::HOST, "localhost:3000")
            .header(name, value)
            .header(header::ACCEPT, "application/json")
            .body(axum::body::Body::empty())
            .unwrap();
        app.send(request).await.assert_status(StatusCode::FORBIDDEN);
    }
    // Still signed in: the forged sign-out did nothing.
    app.get("/").await.assert_status(StatusCode::OK);
    let same_site = Request::post("/api/sign_out")
        .header(header::HOST, "localhost:3000")
        .header(header::ORIGIN, "http://localhost:3000")
        .header(header::ACCEPT, "application/json")
        .body(axum::body::Body::empty())
        .unwrap();
    app.send(same_site).await.assert_status(StatusCode::OK);
}

async fn anonymous_and_oversight_changes_are_refused_before_anything_is_looked_up(app: &TestApp) {
    // Each names something that does not exist: the refusal must not tell (404 would).
    let calls = [
        (
            "save_report",
            "kind=measures&key=99.9&period=2026-Q3&version=0&seen_revision=0&status=on_track&progress=50&spent_to_date=0&narrative=Text&links=&intent=draft",
        ),
        (
            "discard_report_draft",
            "kind=measures&key=99.9&period=2026-Q3&version=1",
        ),
        (
            "save_funding",
            "code=99.9&line=0&version=0&year=2027&expenditure_area=13&appropriation=3%3A1&appropriation_item=&county=&assignment=&allocated=100&disbursed=0&spent=0&decision_ref=",
        ),
        (
            "save_deadline",
            "diary_number=A2099%2F99999&deadline=0&version=0&kind=interim&due_date=2026-12-15&description_sv=&description_en=",
        ),
        (
            "save_indicator_target",
            "code=99.9&target=0&version=0&indicator=support-programme&baseline_year=2022&baseline_value=10&target_year=2028&target_value=20",
        ),
        ("remove_indicator_target", "code=99.9&target=1&version=1"),
        (
            "save_area",
            "original=nowhere&version=1&code=nowhere&title_sv=X&title_en=&description_sv=&description_en=&position=6",
        ),
        (
            "save_assignment",
            "diary_number=A2099%2F99999&version=1&recipient=jam&title_sv=X&title_en=&description_sv=&description_en=&decision_date=2025-03-13&measures%5B%5D=3.4",
        ),
        (
            "save_regional_row",
            "code=99.9&county=24&version=1&status=on_track&progress=50&contact_name=&contact_role=&narrative=&spent=0",
        ),
        ("apply_import", "id=999999&changed=0&conflicts=0"),
    ];
    // Another writer holds the write lock throughout (on SQLite, where beginning a change
    // takes it): a call that waited for the lock would fail when the wait times out.
    app.forget_session();
    let writer = app.db.begin().await.unwrap();
    for (function, form) in calls {
        let response = app.call(function, form).await;
        assert_eq!(
            response.status,
            StatusCode::UNAUTHORIZED,
            "{function} as anonymous: {}",
            response.body
        );
    }
    writer.rollback().await.unwrap();
    app.sign_in(OVERSIGHT).await;
    for (function, form) in calls {
        let response = app.call(function, form).await;
        assert_eq!(
            response.status,
            StatusCode::FORBIDDEN,
            "{function} as the oversight role: {}",
            response.body
        );
    }
    // A token that only reads, of any role that changes things, changes nothing either.
    for who in [MINISTRY, AGENCY, COUNTY_BOARD, ADMIN] {
        let token = app.create_token(who, "read").await;
        for (function, form) in calls {
            let response = app.call_with_token(&token, function, form).await;
            assert_eq!(
                response.status,
                StatusCode::FORBIDDEN,
                "{function} with {who}'s token that reads: {}",
                response.body
            );
        }
    }
}

async fn no_cache_keeps_pages_answers_or_downloads(app: &TestApp) {
    app.sign_in(ADMIN).await;
    for response in [
        app.get("/measures/1.8").await,
        app.get("/my-work").await,
        app.call("overview", "lang=Sv").await,
        app.get("/oversight/compliance.csv").await,
        app.get("/language/en?next=%2F").await,
    ] {
        response.assert_status_in(&[StatusCode::OK, StatusCode::SEE_OTHER]);
        assert_eq!(response.header("cache-control"), Some("no-store"));
    }
    app.forget_session();
    let sign_in = app.get("/sign-in").await;
    assert_eq!(sign_in.header("cache-control"), Some("no-store"));
}

async fn pages_forbid_inline_scripts_without_the_nonce_framing_and_sniffing(app: &TestApp) {
    let page = app.get("/measures/1.8").await;
    page.assert_status(StatusCode::OK);
    let policy = page.header("content-security-policy").unwrap();
    let scripts = policy
        .split(';')
        .find(|d| d.trim().starts_with("script-src"))
        .unwrap();
    assert!(scripts.contains("'nonce-"), "{policy}");
    assert!(!scripts.contains("unsafe-inline"), "{policy}");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    let nonce = scripts
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap();
    assert!(
        page.body.contains(&format!("nonce=\"{nonce}\"")),
        "the page's scripts carry the nonce"
    );
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(page.header("referrer-policy"), Some("same-origin"));
    assert_eq!(page.header("x-frame-options"), Some("DENY"));
    assert_eq!(page.header("strict-transport-security"), None);
    let api = app.call("overview", "lang=Sv").await;
    assert_eq!(
        api.header("content-security-policy"),
        Some("default-src 'none'; frame-ancestors 'none'")
    );
}

/// The site's files are served beside pages being rendered on the same worker thread. A file
/// must leave such a page's response headers alone: the framework's file handler moved them
/// onto the file, and the page then went out without its Content-Security-Policy, so the
/// browser ran none of its scripts.
async fn a_file_served_while_a_page_renders_leaves_the_pages_headers_alone(app: &TestApp) {
    use leptos::prelude::{Owner, provide_context};
    let page_policy = "script-src 'nonce-page-being-rendered'";
    let page = leptos_axum::ResponseOptions::default();
    page.insert_header(
        header::CONTENT_SECURITY_POLICY,
        http::HeaderValue::from_static(page_policy),
    );
    let rendering = Owner::new_root(None);
    rendering.with(|| provide_context(page.clone()));
    // The page's owner is the current one on this thread while the file is answered.
    rendering.set();
    let file = app.get("/favicon.svg").await;
    rendering.unset();
    file.assert_status(StatusCode::OK);
    assert!(file.body.contains("<svg"), "{}", file.body);
    assert_eq!(
        file.header("content-security-policy"),
        Some("default-src 'none'; frame-ancestors 'none'")
    );
    assert_eq!(
        page.0
            .read()
            .unwrap()
            .headers
            .get(header::CONTENT_SECURITY_POLICY),
        Some(&http::HeaderValue::from_static(page_policy)),
        "the page keeps its policy"
    );
    // Files may be kept by the browser, which asks again before using them.
    assert_eq!(file.header("cache-control"), Some("no-cache"));
    let modified = file.header("last-modified").unwrap();
    app.get_with("/favicon.svg", &[("if-modified-since", modified)])
        .await
        .assert_status(StatusCode::NOT_MODIFIED);
    // An address that is neither a page nor a file is the application's own 404 page, with
    // the page policy.
    let missing = app.get("/favicon.png").await;
    missing.assert_status(StatusCode::NOT_FOUND);
    assert!(
        missing
            .header("content-security-policy")
            .unwrap()
            .contains("'nonce-"),
        "{:?}",
        missing.headers
    );
}

async fn the_sign_in_page_lists_the_demo_accounts_while_the_demo_plan_is_loaded(app: &TestApp) {
    app.forget_session();
    let page = app.get("/sign-in").await;
    page.assert_status(StatusCode::OK).assert_contains(&[
        "Demokonton",
        "lagesbild-demo",
        MINISTRY,
        AGENCY,
        COUNTY_BOARD,
        OVERSIGHT,
        ADMIN,
        "Länsstyrelsen i Västerbottens län",
    ]);
    // One per role, in the order of the roles.
    let accounts = app.call("demo_accounts", "").await.json();
    let roles: Vec<&str> = accounts
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["role"].as_str().unwrap())
        .collect();
    assert_eq!(
        roles,
        ["ministry", "agency", "county_board", "oversight", "admin"]
    );
}

on_both_databases!(
    the_sign_in_page_lists_the_demo_accounts_while_the_demo_plan_is_loaded,
    anonymous_visitors_are_sent_to_sign_in_and_refused_data,
    a_signed_in_user_sees_their_name_and_role,
    signing_in_goes_on_to_a_page_on_this_site_and_never_to_another,
    a_wrong_password_is_refused_without_saying_which_part_was_wrong,
    five_failures_in_a_row_lock_the_address_even_for_the_right_password,
    thirty_wrong_passwords_at_once_are_checked_no_more_than_five_times,
    every_sign_in_and_sign_out_is_recorded,
    signing_out_ends_the_session_even_for_a_copied_cookie,
    signing_in_issues_a_fresh_session_id,
    a_session_that_has_ended_is_never_saved_back,
    an_idle_session_ends,
    deactivating_a_user_ends_all_their_sessions,
    a_deactivated_account_is_signed_out_at_its_next_request,
    every_state_changing_function_answers_each_role_as_the_policy_says,
    anonymous_and_oversight_changes_are_refused_before_anything_is_looked_up,
    the_oversight_role_reads_everything_on_a_connection_that_cannot_write,
    writes_from_another_site_are_refused,
    pages_forbid_inline_scripts_without_the_nonce_framing_and_sniffing,
    a_file_served_while_a_page_renders_leaves_the_pages_headers_alone,
    no_cache_keeps_pages_answers_or_downloads,
);

mod configured {
    use super::*;
    use app::server::Settings;

    fn public() -> Settings {
        Settings {
            public_view: true,
            ..Settings::default()
        }
    }

    fn short_sessions() -> Settings {
        Settings {
            session_max_age: std::time::Duration::ZERO,
            ..Settings::default()
        }
    }

    fn behind_proxy() -> Settings {
        Settings {
            behind_proxy: true,
            ..Settings::default()
        }
    }

    fn behind_tls() -> Settings {
        Settings {
            behind_tls: true,
            ..Settings::default()
        }
    }

    mod behind_proxy {
        use super::*;

        on_both_databases!(settings = super::behind_proxy(); an_attackers_address_is_locked_out_long_before_the_accounts_owner);
    }

    mod public_view {
        use super::*;

        async fn anonymous_visitors_read_the_plan_but_change_nothing(app: &TestApp) {
            app.forget_session();
            app.get("/measures/1.8")
                .await
                .assert_status(StatusCode::OK)
                .assert_contains(&["Regionkoordinatorer"])
                .assert_lacks(&["Logga ut"]);
            app.call("sign_out", "")
                .await
                .assert_status(StatusCode::UNAUTHORIZED);
            app.call("set_user_active", "user_id=1&active=false")
                .await
                .assert_status(StatusCode::UNAUTHORIZED);
            // The public view has no change history and no oversight views.
            app.get("/measures/1.8/history")
                .await
                .assert_status(StatusCode::FOUND);
            app.call("history", "kind=Measure&code=1.8")
                .await
                .assert_status(StatusCode::UNAUTHORIZED);
            app.get("/oversight/compliance.csv")
                .await
                .assert_status(StatusCode::UNAUTHORIZED);
            app.get("/oversight/granskning.docx")
                .await
                .assert_status(StatusCode::UNAUTHORIZED);
            app.get("/measures/1.8")
                .await
                .assert_lacks(&["/measures/1.8/history"]);
        }

        on_both_databases!(settings = super::public(); anonymous_visitors_read_the_plan_but_change_nothing);
    }

    mod maximum_age {
        use super::*;

        async fn a_session_ends_at_its_maximum_age_however_active(app: &TestApp) {
            // Signed in by the harness, but a session may last zero seconds here.
            app.get("/").await.assert_status(StatusCode::FOUND);
        }

        on_both_databases!(settings = super::short_sessions(); a_session_ends_at_its_maximum_age_however_active);
    }

    mod tls {
        use super::*;

        async fn behind_tls_the_cookie_is_secure_and_hsts_is_sent(app: &TestApp) {
            app.forget_session();
            let response = app.try_sign_in(MINISTRY, server::DEMO_PASSWORD).await;
            let cookie = response.header("set-cookie").unwrap();
            assert!(cookie.contains("Secure"), "{cookie}");
            assert!(cookie.contains("HttpOnly"), "{cookie}");
            assert!(cookie.contains("SameSite=Lax"), "{cookie}");
            assert!(
                response
                    .header("strict-transport-security")
                    .is_some_and(|h| h.starts_with("max-age="))
            );
        }

        on_both_databases!(settings = super::behind_tls(); behind_tls_the_cookie_is_secure_and_hsts_is_sent);
    }
}

mod administration {
    use super::*;

    async fn admin_form(app: &TestApp, form: &str) -> tests::TestResponse {
        app.sign_in(ADMIN).await;
        app.call("create_user", form).await
    }

    /// The secret of a link, from its address on the configured site
    /// (`http://localhost:3000/password?token=…`).
    fn secret(link: &serde_json::Value) -> String {
        let address = link["address"].as_str().unwrap();
        let path = address.strip_prefix("http://localhost:3000").unwrap();
        path.strip_prefix("/password?token=").unwrap().to_owned()
    }

    fn password_form(secret: &str, password: &str, repeat: &str) -> String {
        format!(
            "token={secret}&password={}&repeat={}",
            tests::form_value(password),
            tests::form_value(repeat)
        )
    }

    fn refused_fields(response: &tests::TestResponse) -> Vec<(String, String)> {
        response.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        response.json()["Invalid"]["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let problem = match &e["problem"] {
                    serde_json::Value::String(name) => name.clone(),
                    other => other.as_object().unwrap().keys().next().unwrap().clone(),
                };
                (e["field"].as_str().unwrap().to_owned(), problem)
            })
            .collect()
    }

    fn refused(field: &str, problem: &str) -> Vec<(String, String)> {
        vec![(field.to_owned(), problem.to_owned())]
    }

    async fn an_admin_invites_a_person_who_chooses_their_own_password_with_a_one_time_link(
        app: &TestApp,
    ) {
        let organisation = scalar(app, "SELECT id FROM organisation WHERE code = 'lst-01'").await;
        let form = format!(
            "email=Anna.Andersson%40lansstyrelsen.se&display_name=Anna+Andersson&organisation_id={organisation}&role=county_board"
        );
        let created = admin_form(app, &form).await;
        created.assert_status(StatusCode::OK);
        let link = created.json();
        assert_eq!(link["purpose"], "Invitation");
        assert_eq!(link["display_name"], "Anna Andersson");
        let secret = secret(&link);
        assert_eq!(secret.len(), 64, "256 random bits");
        // Only the secret's hash is kept, and no password exists yet.
        assert_eq!(
            scalar(
                app,
                &format!("SELECT count(*) FROM password_link WHERE token_hash = '{secret}'")
            )
            .await,
            0
        );
        assert_eq!(scalar(app, "SELECT count(*) FROM password_link").await, 1);
        app.forget_session();
        app.try_sign_in("anna.andersson@lansstyrelsen.se", "")
            .await
            .assert_status(StatusCode::UNAUTHORIZED);
        // The link's page greets its holder, who is not signed in.
        app.get(&format!("/password?token={secret}"))
            .await
            .assert_status(StatusCode::OK)
            .assert_contains(&[
                "Välj lösenord",
                "Välkommen till Lägesbild, Anna Andersson",
                "anna.andersson@lansstyrelsen.se",
            ]);
        // Passwords that are common, breached or patterned are refused, and so is a repeat
        // that differs; the link still works after a refusal.
        for common in [
            "Password123!",
            "qwertyuiop",
            "AnnaAndersson1",
            "lagesbild2026",
        ] {
            let response = app
                .call("set_password", &password_form(&secret, common, common))
                .await;
            assert_eq!(
                refused_fields(&response),
                refused("password", "EasyToGuess"),
                "{common}"
            );
        }
        let differs = app
            .call(
                "set_password",
                &password_form(&secret, "lingon traktor moln", "lingon traktor mol"),
            )
            .await;
        assert_eq!(refused_fields(&differs), refused("repeat", "NotTheSame"));
        let chosen = app
            .call(
                "set_password",
                &password_form(&secret, "lingon traktor moln", "lingon traktor moln"),
            )
            .await;
        chosen.assert_status(StatusCode::OK);
        assert_eq!(chosen.header("location"), Some("/sign-in?password=set"));
        // Once only.
        app.call(
            "set_password",
            &password_form(&secret, "en helt annan fras", "en helt annan fras"),
        )
        .await
        .assert_status(StatusCode::NOT_FOUND);
        app.get(&format!("/password?token={secret}"))
            .await
            .assert_contains(&["Länken gäller inte längre"]);
        app.try_sign_in("anna.andersson@lansstyrelsen.se", "lingon traktor moln")
            .await
            .assert_status(StatusCode::OK);
        app.get("/")
            .await
            .assert_contains(&["Anna Andersson", "Länsstyrelse"]);
        assert_eq!(audit_count(app, "user", "create").await, 1);
        assert_eq!(audit_count(app, "user", "password_link_issued").await, 1);
        assert_eq!(audit_count(app, "user", "password_set_with_link").await, 1);
        assert_eq!(
            scalar(
                app,
                &format!(
                    "SELECT count(*) FROM audit_log WHERE after_json LIKE '%{secret}%' \
                     OR after_json LIKE '%lingon%'"
                )
            )
            .await,
            0,
            "neither the secret nor the password is in the audit trail"
        );
        // The same address again is refused next to the field.
        let again = admin_form(app, &form).await;
        again.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            again.json(),
            serde_json::json!({"Invalid": {"errors": [{"field": "email", "problem": "Taken"}]}})
        );
    }

    async fn a_reset_link_works_once_until_it_expires_or_is_replaced_and_signs_the_user_out_everywhere(
        app: &TestApp,
    ) {
        let agency = user_id(app, AGENCY).await;
        app.sign_in(AGENCY).await;
        let agency_session = app.session_cookie();
        app.sign_in(ADMIN).await;
        let make_link = || {
            let form = format!("user_id={agency}");
            async move { app.call("create_password_link", &form).await }
        };
        let first = secret(&make_link().await.json());
        let second = make_link().await.json();
        assert_eq!(second["purpose"], "Reset");
        let second = secret(&second);
        let good = "blåbär cykel kompass";
        app.forget_session();
        app.call("set_password", &password_form(&first, good, good))
            .await
            .assert_status(StatusCode::NOT_FOUND);
        // An expired link sets nothing (a reset lasts a day).
        let mut conn = app.db.acquire().await.unwrap();
        sqlx::query("UPDATE password_link SET expires_at = 0")
            .execute(&mut *conn)
            .await
            .unwrap();
        drop(conn);
        app.call("set_password", &password_form(&second, good, good))
            .await
            .assert_status(StatusCode::NOT_FOUND);
        app.sign_in(ADMIN).await;
        let third = secret(&make_link().await.json());
        // Until it is used, the old password still works.
        app.forget_session();
        app.try_sign_in(AGENCY, server::DEMO_PASSWORD)
            .await
            .assert_status(StatusCode::OK);
        app.forget_session();
        app.call("set_password", &password_form(&third, good, good))
            .await
            .assert_status(StatusCode::OK);
        app.use_session_cookie(agency_session);
        app.get("/").await.assert_status(StatusCode::FOUND);
        app.forget_session();
        app.try_sign_in(AGENCY, server::DEMO_PASSWORD)
            .await
            .assert_status(StatusCode::UNAUTHORIZED);
        app.forget_session();
        app.try_sign_in(AGENCY, good)
            .await
            .assert_status(StatusCode::OK);
        // No link for an account that is not active, and none for one that does not exist.
        app.sign_in(ADMIN).await;
        app.call("set_user_active", &format!("user_id={agency}&active=false"))
            .await
            .assert_status(StatusCode::OK);
        make_link().await.assert_status(StatusCode::NOT_FOUND);
        app.call("create_password_link", "user_id=999999")
            .await
            .assert_status(StatusCode::NOT_FOUND);
        assert_eq!(audit_count(app, "user", "password_link_issued").await, 3);
    }

    async fn people_change_their_own_password_and_are_signed_out_everywhere_else(app: &TestApp) {
        app.sign_in(AGENCY).await;
        let other_device = app.session_cookie();
        app.forget_session();
        app.sign_in(AGENCY).await;
        let change = |current: &str, new: &str, repeat: &str| {
            let form = format!(
                "current_password={}&password={}&repeat={}",
                tests::form_value(current),
                tests::form_value(new),
                tests::form_value(repeat)
            );
            async move { app.call("change_password", &form).await }
        };
        let good = "molnig tisdag i juni";
        let wrong = change("fel", good, good).await;
        assert_eq!(
            refused_fields(&wrong),
            refused("current_password", "WrongPassword")
        );
        let common = change(server::DEMO_PASSWORD, "iloveyou2", "iloveyou2").await;
        assert_eq!(refused_fields(&common), refused("password", "EasyToGuess"));
        let short = change(server::DEMO_PASSWORD, "kort", "kort").await;
        assert_eq!(refused_fields(&short), refused("password", "TooShort"));
        change(server::DEMO_PASSWORD, good, good)
            .await
            .assert_status(StatusCode::OK);
        // This session goes on; the one on the other device has ended.
        app.get("/").await.assert_status(StatusCode::OK);
        app.get("/account")
            .await
            .assert_contains(&["Mitt konto", "Byt lösenord", AGENCY]);
        app.use_session_cookie(other_device);
        app.get("/").await.assert_status(StatusCode::FOUND);
        app.forget_session();
        app.try_sign_in(AGENCY, server::DEMO_PASSWORD)
            .await
            .assert_status(StatusCode::UNAUTHORIZED);
        app.forget_session();
        app.try_sign_in(AGENCY, good)
            .await
            .assert_status(StatusCode::OK);
        assert_eq!(audit_count(app, "user", "password_change").await, 1);
        // The read-only oversight role keeps its own account safe too.
        app.sign_in(OVERSIGHT).await;
        change(server::DEMO_PASSWORD, good, good)
            .await
            .assert_status(StatusCode::OK);
        // An anonymous visitor is sent to sign in.
        app.forget_session();
        app.get("/account").await.assert_status(StatusCode::FOUND);
    }

    async fn every_wrong_field_of_a_new_account_is_named(app: &TestApp) {
        let agency = scalar(app, "SELECT id FROM organisation WHERE code = 'jam'").await;
        let response = admin_form(
            app,
            &format!("email=anna&display_name=&organisation_id={agency}&role=county_board"),
        )
        .await;
        response.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<_> = response.json()["Invalid"]["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(fields, ["email", "display_name", "role"]);
        let nothing_chosen =
            admin_form(app, "email=a%40b.se&display_name=A&organisation_id=&role=").await;
        nothing_chosen.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(audit_count(app, "user", "create").await, 0);
    }

    async fn saving_over_a_newer_version_of_a_user_is_refused(app: &TestApp) {
        app.sign_in(ADMIN).await;
        let user = user_id(app, AGENCY).await;
        let socialstyrelsen = scalar(
            app,
            "SELECT id FROM organisation WHERE code = 'socialstyrelsen'",
        )
        .await;
        let version = scalar(
            app,
            &format!("SELECT version FROM app_user WHERE id = {user}"),
        )
        .await;
        let form = |organisation: i64| {
            format!("user_id={user}&organisation_id={organisation}&role=agency&version={version}")
        };
        app.call("update_user", &form(socialstyrelsen))
            .await
            .assert_status(StatusCode::OK);
        // A second admin who loaded the same version saves later: refused, nothing changed.
        let jam = scalar(app, "SELECT id FROM organisation WHERE code = 'jam'").await;
        app.call("update_user", &form(jam))
            .await
            .assert_status(StatusCode::CONFLICT);
        let organisation = scalar(
            app,
            &format!("SELECT organisation_id FROM app_user WHERE id = {user}"),
        )
        .await;
        assert_eq!(organisation, socialstyrelsen);
        assert_eq!(audit_count(app, "user", "update").await, 1);
    }

    async fn the_user_pages_are_for_admins_only(app: &TestApp) {
        app.get("/admin/users")
            .await
            .assert_status(StatusCode::FORBIDDEN)
            .assert_contains(&["Du har inte behörighet"]);
        app.sign_in(ADMIN).await;
        app.get("/admin/users")
            .await
            .assert_status(StatusCode::OK)
            .assert_contains(&[
                "Användare",
                "Alla konton",
                "Granskare, Institutet",
                "Nytt konto",
            ]);
        let id = user_id(app, OVERSIGHT).await;
        app.get(&format!("/admin/users/{id}"))
            .await
            .assert_status(StatusCode::OK)
            .assert_contains(&["Ändra organisation och roll", "granskare@imr.demo.invalid"]);
    }

    async fn scalar(app: &TestApp, sql: &str) -> i64 {
        let mut conn = app.db.acquire().await.unwrap();
        sqlx::query_scalar(sql).fetch_one(&mut *conn).await.unwrap()
    }

    on_both_databases!(
        an_admin_invites_a_person_who_chooses_their_own_password_with_a_one_time_link,
        a_reset_link_works_once_until_it_expires_or_is_replaced_and_signs_the_user_out_everywhere,
        people_change_their_own_password_and_are_signed_out_everywhere_else,
        every_wrong_field_of_a_new_account_is_named,
        saving_over_a_newer_version_of_a_user_is_refused,
        the_user_pages_are_for_admins_only,
    );
}
