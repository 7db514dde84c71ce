//! Forms sent before any WebAssembly has run (or with JavaScript off): the browser posts the
//! form to its server function and follows the redirect back to the page, which shows the
//! server's answer and keeps what the person typed, on SQLite and PostgreSQL.

use http::StatusCode;
use tests::vasterbotten;
use tests::{
    ADMIN, COUNTY_BOARD, RETURNED_COOKIE, TestApp, TestResponse, form_value, on_both_databases,
};

const ROW_PAGE: &str = "/counties/24/rows/1.8";

fn row_form(version: i64, progress: &str, narrative: &str) -> String {
    format!(
        "code=1.8&county=24&version={version}&status=delayed&progress={}&contact_name=Anna+Andersson&contact_role=Samordnare&narrative={}&spent=1000",
        form_value(progress),
        form_value(narrative),
    )
}

/// The county board sends Västerbotten's row without JavaScript with `typed` as its text and
/// a progress the row refuses (150 %): the row as saved before, and the redirect back.
async fn refused_row_form(app: &TestApp, typed: &str) -> ((i64, String), TestResponse) {
    app.sign_in(COUNTY_BOARD).await;
    let before = vasterbotten(app).await;
    let answer = app
        .post_plain_form(
            "save_regional_row",
            &row_form(before.0, "150", typed),
            ROW_PAGE,
        )
        .await;
    answer.assert_status(StatusCode::FOUND);
    (before, answer)
}

async fn a_refused_form_returns_to_its_page_with_the_message_next_to_the_field_and_the_typed_text(
    app: &TestApp,
) {
    let typed = "Två nya samordnare <b>anställda</b> i Skellefteå";
    let ((version, saved), answer) = refused_row_form(app, typed).await;
    let location = answer.header("location").unwrap();
    assert!(
        location.starts_with("http://localhost/counties/24/rows/1.8?")
            && location.contains("__path=%2Fapi%2Fsave_regional_row")
            && location.contains("__err="),
        "back to the page with the refusal: {location}"
    );
    assert_eq!(
        vasterbotten(app).await,
        (version, saved),
        "nothing is saved"
    );

    let page = app.follow(&answer).await;
    page.assert_status(StatusCode::OK).assert_contains(&[
        "Skriv ett tal från 0 till 100.",
        r#"value="150""#,
        "Två nya samordnare &lt;b&gt;anställda&lt;/b&gt; i Skellefteå</textarea>",
        r#"<option value="delayed" selected"#,
    ]);
    assert!(
        page.text().contains(r#"id="progress""#) && page.text().contains(r#"aria-invalid="true""#),
        "the field is marked invalid"
    );

    // What was typed is kept for that one page; the refusal stays in the address.
    let again = app.follow(&answer).await;
    again
        .assert_contains(&["Skriv ett tal från 0 till 100."])
        .assert_lacks(&["Två nya samordnare"]);
}

async fn a_page_another_tab_opens_in_between_leaves_a_form_s_return_for_its_own_page(
    app: &TestApp,
) {
    let typed = "Text skriven i den första fliken";
    let (_, answer) = refused_row_form(app, typed).await;
    // Before the browser follows the redirect, another tab opens the measures list, and the
    // county's page.
    app.get("/measures").await.assert_status(StatusCode::OK);
    app.get("/counties/24")
        .await
        .assert_status(StatusCode::OK)
        .assert_lacks(&[typed]);
    app.follow(&answer)
        .await
        .assert_contains(&["Skriv ett tal från 0 till 100.", typed]);
}

async fn an_accepted_form_returns_to_its_page_saying_it_is_saved(app: &TestApp) {
    app.sign_in(COUNTY_BOARD).await;
    let (version, _) = vasterbotten(app).await;
    let answer = app
        .post_plain_form(
            "save_regional_row",
            &row_form(version, "45", "Utbildning klar i fyra kommuner."),
            ROW_PAGE,
        )
        .await;
    answer.assert_status(StatusCode::FOUND);
    let location = answer.header("location").unwrap_or_default();
    assert_eq!(
        location.trim_end_matches('?'),
        "http://localhost/counties/24/rows/1.8",
        "back to the page, without an earlier refusal"
    );
    assert_eq!(
        vasterbotten(app).await,
        (version + 1, "Utbildning klar i fyra kommuner.".to_owned())
    );
    app.follow(&answer)
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&["Raden är sparad.", "Utbildning klar i fyra kommuner."]);
    // The answer is for the page the form returned to, not for every page after it.
    app.get(ROW_PAGE).await.assert_lacks(&["Raden är sparad."]);
}

async fn a_form_on_an_old_version_is_refused_as_a_conflict_and_keeps_the_typed_text(app: &TestApp) {
    app.sign_in(COUNTY_BOARD).await;
    let (version, _) = vasterbotten(app).await;
    app.call(
        "save_regional_row",
        &row_form(version, "30", "Sparat av en kollega."),
    )
    .await
    .assert_status(StatusCode::OK);
    let answer = app
        .post_plain_form(
            "save_regional_row",
            &row_form(version, "35", "Mitt eget utkast."),
            ROW_PAGE,
        )
        .await;
    answer.assert_status(StatusCode::FOUND);
    assert_eq!(
        vasterbotten(app).await.1,
        "Sparat av en kollega.",
        "nothing overwritten"
    );
    app.follow(&answer).await.assert_contains(&[
        "Någon annan har sparat raden medan du arbetade",
        "Sparat av en kollega.",
        "Mitt eget utkast.",
        // Sent again, the form saves over the colleague's version on purpose.
        &format!(r#"name="version" value="{}""#, version + 1),
    ]);
}

async fn a_refused_sign_in_returns_to_the_sign_in_page_with_its_message(app: &TestApp) {
    app.forget_session();
    let answer = app
        .post_plain_form(
            "sign_in",
            &tests::sign_in_form(COUNTY_BOARD, "not the password"),
            "/sign-in",
        )
        .await;
    answer.assert_status(StatusCode::FOUND);
    app.follow(&answer)
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&[
            "E-postadressen eller lösenordet stämmer inte.",
            &format!(r#"value="{COUNTY_BOARD}""#),
        ])
        .assert_lacks(&["not the password"]);
    assert_eq!(
        app.session_cookie(),
        None,
        "no session row for a refused sign-in"
    );
    assert_eq!(
        answer
            .returned_cookie()
            .map(|c| c.contains("not the password")),
        Some(false),
        "the e-mail address travels in a cookie of that browser, never the password"
    );
}

/// What the sessions table holds, every row's data together.
async fn sessions_text(app: &TestApp) -> String {
    let mut conn = app.db.acquire().await.unwrap();
    let rows: Vec<String> = sqlx::query_scalar("SELECT data FROM user_session")
        .fetch_all(&mut *conn)
        .await
        .unwrap();
    rows.concat()
}

async fn an_invitation_link_is_shown_once_on_the_page_and_never_rests_in_a_session_row(
    app: &TestApp,
) {
    app.sign_in(ADMIN).await;
    let agency = {
        let mut conn = app.db.acquire().await.unwrap();
        sqlx::query_scalar::<_, i64>(
            "SELECT organisation_id FROM app_user WHERE email = 'rapportor@jam.demo.invalid'",
        )
        .fetch_one(&mut *conn)
        .await
        .unwrap()
    };
    let form = format!(
        "email=per.persson%40jamstalldhetsmyndigheten.se&display_name=Per+Persson&organisation_id={agency}&role=agency"
    );
    let answer = app
        .post_plain_form("create_user", &form, "/admin/users")
        .await;
    answer.assert_status(StatusCode::FOUND);
    let page = app.follow(&answer).await;
    page.assert_status(StatusCode::OK)
        .assert_contains(&["Kontot är skapat.", "/password?token="]);
    let token = page.text().split("/password?token=").nth(1).unwrap()[..64].to_owned();
    assert!(
        !sessions_text(app).await.contains(&token),
        "the link's secret is in no session row"
    );
    // The page took it: the cookie is deleted, and the link is not shown again.
    let removal = page.header("set-cookie").unwrap_or_default();
    assert!(
        removal.starts_with(&format!("{RETURNED_COOKIE}=;")) && removal.contains("Max-Age=0"),
        "{removal}"
    );
    app.get("/admin/users").await.assert_lacks(&[&token]);
}

async fn a_refused_new_password_rests_nowhere(app: &TestApp) {
    app.sign_in(tests::AGENCY).await;
    let form =
        "current_password=inte+det+gamla&password=lingon+traktor+moln&repeat=lingon+traktor+moln";
    let answer = app
        .post_plain_form("change_password", form, "/account")
        .await;
    answer.assert_status(StatusCode::FOUND);
    assert!(
        !sessions_text(app).await.contains("lingon"),
        "no part of a password form is kept in a session row"
    );
    app.follow(&answer)
        .await
        .assert_status(StatusCode::OK)
        .assert_lacks(&["lingon"]);
}

async fn a_refused_confirmation_of_a_second_factor_shows_the_key_again_with_why(app: &TestApp) {
    app.sign_in(tests::AGENCY).await;
    let started = app
        .post_plain_form("start_second_factor_setup", "", "/account")
        .await;
    let key = app.follow(&started).await;
    let secret = key.text().split(r#"class="secret-key">"#).nth(1).unwrap()[..20].to_owned();
    let form = format!(
        "current_password={}&code=000000",
        tests::form_value(server::DEMO_PASSWORD)
    );
    let refused = app
        .post_plain_form("confirm_second_factor", &form, "/account")
        .await;
    refused.assert_status(StatusCode::FOUND);
    app.follow(&refused)
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&["<svg", &secret, "Koden stämmer inte"]);
}

async fn a_second_factor_being_set_up_shows_its_qr_code_after_the_form(app: &TestApp) {
    app.sign_in(tests::AGENCY).await;
    let answer = app
        .post_plain_form("start_second_factor_setup", "", "/account")
        .await;
    answer.assert_status(StatusCode::FOUND);
    let page = app.follow(&answer).await;
    page.assert_status(StatusCode::OK)
        .assert_contains(&["<svg", r#"class="secret-key""#]);
}

on_both_databases!(
    a_page_another_tab_opens_in_between_leaves_a_form_s_return_for_its_own_page,
    a_refused_form_returns_to_its_page_with_the_message_next_to_the_field_and_the_typed_text,
    an_accepted_form_returns_to_its_page_saying_it_is_saved,
    a_form_on_an_old_version_is_refused_as_a_conflict_and_keeps_the_typed_text,
    a_refused_sign_in_returns_to_the_sign_in_page_with_its_message,
    an_invitation_link_is_shown_once_on_the_page_and_never_rests_in_a_session_row,
    a_second_factor_being_set_up_shows_its_qr_code_after_the_form,
    a_refused_new_password_rests_nowhere,
    a_refused_confirmation_of_a_second_factor_shows_the_key_again_with_why,
);
