//! The HTML a page renders from the plan's data, kept until the plan changes
//! (`components::render_kept`): served again, it is the page rendered afresh; it is never shown
//! to a viewer whose role or organisation, language or day differs; a change shows at once.

use http::StatusCode;
use tests::{AGENCY, COUNTY_BOARD, MINISTRY, TestApp, on_both_databases, save_vasterbotten_row};

on_both_databases!(
    a_page_served_from_kept_html_is_the_page_rendered_afresh,
    a_kept_page_shows_only_what_the_viewers_role_and_organisation_may_do,
    each_language_has_its_own_kept_page,
    a_change_to_the_plan_shows_at_once_on_a_page_kept_before_it,
    a_pages_one_server_function_answers_what_its_parts_answer_to_whom_they_answer,
);

/// Every page whose data is rendered once per revision of the plan.
const KEPT: [&str; 13] = [
    "/",
    "/measures",
    "/measures?status=on_track&sort=title",
    "/measures/1.8",
    "/measures/3.1",
    "/counties/24",
    "/compare",
    "/compare?show=progress:1.8&sort=value",
    "/coverage",
    "/funding",
    "/deadlines",
    "/oversight",
    "/oversight/flags",
];

/// `html` without what differs on every response: its nonce (on its scripts and elsewhere).
fn without_nonces(html: &str) -> String {
    let nonce = html
        .split_once("nonce=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(nonce, _)| nonce)
        .expect("a page with a nonce");
    html.replace(nonce, "NONCE")
}

/// `path`'s page, checked to be one.
async fn page(app: &TestApp, path: &str) -> String {
    let response = app.get(path).await;
    response.assert_status(StatusCode::OK);
    assert!(response.body.contains("<h1"), "{path} is a page");
    response.body
}

async fn a_page_served_from_kept_html_is_the_page_rendered_afresh(app: &TestApp) {
    for path in KEPT {
        let first = page(app, path).await;
        let again = page(app, path).await;
        assert_eq!(
            without_nonces(&first),
            without_nonces(&again),
            "{path}, served again, is the page rendered afresh (its title too)"
        );
        assert!(
            first.contains("<title>") && !first.contains("<title></title>"),
            "{path} has a title"
        );
    }
}

async fn a_kept_page_shows_only_what_the_viewers_role_and_organisation_may_do(app: &TestApp) {
    // Measure 3.1 is led by the ministry signed in: its page offers to edit it...
    let edit = "/measures/3.1/edit";
    for _ in 0..2 {
        assert!(page(app, "/measures/3.1").await.contains(edit));
    }
    // ...and never to an agency, which may not, after the ministry's page was kept...
    app.sign_in(AGENCY).await;
    for _ in 0..2 {
        assert!(!page(app, "/measures/3.1").await.contains(edit));
    }
    // ...nor to a county board, whose county's rows the county page offers to update instead...
    app.sign_in(COUNTY_BOARD).await;
    let update = "class=\"row-link\">Uppdatera";
    for _ in 0..2 {
        assert!(!page(app, "/measures/3.1").await.contains(edit));
        assert!(page(app, "/counties/24").await.contains(update));
    }
    // ...which the ministry may not, after the county board's page was kept.
    app.sign_in(MINISTRY).await;
    for _ in 0..2 {
        assert!(page(app, "/measures/3.1").await.contains(edit));
        assert!(!page(app, "/counties/24").await.contains(update));
    }
    // A token that only reads may not edit what its ministry may...
    let token = app.create_token(MINISTRY, "read").await;
    for _ in 0..2 {
        let response = app.get_with_token(&token, "/measures/3.1").await;
        response.assert_status(StatusCode::OK);
        assert!(response.body.contains("<h1") && !response.body.contains(edit));
    }
    // ...and the ministry's session, after the token's page was kept, still may.
    app.sign_in(MINISTRY).await;
    assert!(page(app, "/measures/3.1").await.contains(edit));
}

async fn each_language_has_its_own_kept_page(app: &TestApp) {
    for path in ["/", "/funding", "/measures/1.8"] {
        for _ in 0..2 {
            app.get(path).await.assert_contains(&["lang=\"sv\""]);
        }
        for _ in 0..2 {
            app.get_with(path, &[("cookie", "i18n_pref_locale=en")])
                .await
                .assert_status(StatusCode::OK)
                .assert_contains(&["lang=\"en\"", "SEK\u{a0}"])
                .assert_lacks(&["\u{a0}kr<"]);
        }
        app.get(path).await.assert_contains(&["\u{a0}kr"]);
    }
}

async fn a_change_to_the_plan_shows_at_once_on_a_page_kept_before_it(app: &TestApp) {
    // Progress as the pages write it ("93 %"; a bare "93" may be in a hash).
    let progress = "93\u{a0}%";
    let pages = [
        "/counties/24",
        "/measures/1.8",
        "/compare?show=progress:1.8",
    ];
    app.sign_in(COUNTY_BOARD).await;
    for path in pages {
        page(app, path).await;
        assert!(!page(app, path).await.contains(progress), "{path}");
    }
    save_vasterbotten_row(app, 93).await;
    for path in pages {
        assert!(
            page(app, path).await.contains(progress),
            "{path} shows the change"
        );
    }
}

async fn a_pages_one_server_function_answers_what_its_parts_answer_to_whom_they_answer(
    app: &TestApp,
) {
    // The measure's and the county's pages, and the oversight page, each read their data at
    // one revision of the plan through one server function, which answers what the server
    // functions of its parts answer.
    let measure = app.call("measure_page", "code=1.8&lang=Sv").await.json();
    assert_eq!(measure[0], app.call("measure", "code=1.8").await.json());
    assert_eq!(
        measure[1],
        app.call("measure_charts", "code=1.8&lang=Sv").await.json()
    );
    let county = app.call("county_page", "code=24&lang=En").await.json();
    assert_eq!(county[0], app.call("county", "code=24").await.json());
    assert_eq!(
        county[1],
        app.call("county_charts", "code=24&lang=En").await.json()
    );
    let oversight = app.call("oversight", "").await.json();
    assert_eq!(oversight[0], app.call("compliance", "").await.json());
    assert_eq!(
        oversight[1],
        app.call("flags", "organisation=&kind=&county=")
            .await
            .json()
    );
    for (name, form) in [
        ("measure_page", "code=9.9&lang=Sv"),
        ("county_page", "code=99&lang=Sv"),
    ] {
        app.call(name, form)
            .await
            .assert_status(StatusCode::NOT_FOUND);
    }
    // Nothing for anyone not signed in (the installation's public view is off).
    app.forget_session();
    for (name, form) in [
        ("measure_page", "code=1.8&lang=Sv"),
        ("county_page", "code=24&lang=Sv"),
        ("oversight", ""),
    ] {
        app.call(name, form)
            .await
            .assert_status(StatusCode::UNAUTHORIZED);
    }
}
