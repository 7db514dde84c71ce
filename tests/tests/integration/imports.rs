//! A county board brings its regional rows in from a file, on SQLite and PostgreSQL: the
//! export's CSV file or workbook, changed, shows a preview field by field and writes nothing
//! until applied; applying saves all changed rows or none, audited with the file's name; the
//! same file exported and imported unchanged changes nothing; a row changed in Lägesbild
//! since the export is a conflict and never overwritten; bad files are explained by sheet,
//! line and column, with nothing written; a county board imports only its own county's rows
//! (a ministry funding lines, oversight nothing), and each person sees only their own uploads.

use http::StatusCode;
use serde_json::Value;
use tests::scalar;
use tests::vasterbotten;
use tests::{
    ADMIN, COUNTY_BOARD, MINISTRY, OVERSIGHT, TestApp, TestResponse, on_both_databases,
    save_vasterbotten_row,
};

/// The regional rows table as the signed-in person downloads it as CSV, cell by cell.
async fn exported_rows(app: &TestApp, lang: &str) -> Vec<Vec<String>> {
    exported_table(app, "regional_rows", lang).await
}

/// Table `table` as the signed-in person downloads it as CSV, cell by cell.
pub(crate) async fn exported_table(app: &TestApp, table: &str, lang: &str) -> Vec<Vec<String>> {
    let response = app.get(&format!("/data/{table}.csv?lang={lang}")).await;
    response.assert_status(StatusCode::OK);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(response.body.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

pub(crate) fn to_csv(rows: &[Vec<String>]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.write_record(row).unwrap();
    }
    writer.into_inner().unwrap()
}

/// Sets column `header` of the row of measure `code` in county `county` to `value`.
fn set(rows: &mut [Vec<String>], code: &str, county: &str, header: &str, value: &str) {
    let column = rows[0].iter().position(|h| h == header).expect(header);
    let row = rows
        .iter_mut()
        .find(|r| r[0] == code && r[1] == county)
        .unwrap_or_else(|| panic!("a row {code}/{county}"));
    row[column] = value.to_owned();
}

/// Uploads `bytes` as `file_name`: the upload's id, from the preview address it sends to.
pub(crate) async fn upload(app: &TestApp, file_name: &str, bytes: &[u8]) -> i64 {
    let response = app.upload(file_name, bytes).await;
    response.assert_status(StatusCode::SEE_OTHER);
    let location = response.header("location").expect("a preview address");
    location
        .strip_prefix("/data/import/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("a preview address, not {location}"))
}

pub(crate) async fn preview(app: &TestApp, id: i64) -> Value {
    let response = app.call("import_preview", &format!("id={id}")).await;
    response.assert_status(StatusCode::OK);
    response.json()
}

pub(crate) async fn apply(
    app: &TestApp,
    id: i64,
    changed: usize,
    conflicts: usize,
) -> TestResponse {
    app.call(
        "apply_import",
        &format!("id={id}&changed={changed}&conflicts={conflicts}"),
    )
    .await
}

pub(crate) fn count(preview: &Value, outcome: &str) -> usize {
    preview["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|row| row["outcome"] == outcome)
        .count()
}

/// The issues of the preview's problems, as JSON, with their line and column.
pub(crate) fn problems(preview: &Value) -> Vec<(Value, Value, Value)> {
    preview["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["issue"].clone(), p["line"].clone(), p["column"].clone()))
        .collect()
}

async fn a_county_board_imports_its_rows_from_the_exported_csv_file_after_a_preview(app: &TestApp) {
    app.sign_in(COUNTY_BOARD).await;
    let mut rows = exported_rows(app, "sv").await;
    set(&mut rows, "1.8", "24", "Framdrift (%)", "77");
    set(
        &mut rows,
        "1.8",
        "24",
        "Beskrivning",
        "Importerad från Excel.\nAndra stycket.",
    );
    set(&mut rows, "1.8", "24", "Status", "Försenad");
    let (version, narrative) = vasterbotten(app).await;
    let audited = scalar(app, "SELECT COUNT(*) FROM audit_log").await;

    let id = upload(app, "län 24.csv", &to_csv(&rows)).await;
    assert_eq!(
        vasterbotten(app).await,
        (version, narrative),
        "nothing written yet"
    );
    let shown = preview(app, id).await;
    assert_eq!(shown["file_name"], "län 24.csv");
    assert_eq!(problems(&shown), vec![]);
    assert_eq!(
        (count(&shown, "Changed"), count(&shown, "Conflict")),
        (1, 0)
    );
    assert_eq!(
        shown["rows"][0]["values"]["Regional"]["file"]["progress"],
        77
    );
    assert!(shown["unchanged"].as_u64().unwrap() > 0, "its other rows");
    assert!(
        shown["others_unchanged"].as_u64().unwrap() > 0,
        "other counties' rows"
    );
    let page = app.get(&format!("/data/import/{id}")).await;
    page.assert_status(StatusCode::OK).assert_contains(&[
        "Förhandsgranskning: län 24.csv",
        "Rader som ändras: 1",
        "Importerad från Excel.",
        "77 %",
        "Försenad",
        "Spara de ändrade raderna (1)",
    ]);

    apply(app, id, 1, 0).await.assert_status(StatusCode::OK);
    let (saved_version, saved_narrative) = vasterbotten(app).await;
    assert_eq!(saved_version, version + 1);
    assert_eq!(saved_narrative, "Importerad från Excel.\nAndra stycket.");
    assert_eq!(
        scalar(app, "SELECT COUNT(*) FROM audit_log").await,
        audited + 2,
        "the row's change and the import"
    );
    assert_eq!(
        scalar(
            app,
            "SELECT COUNT(*) FROM audit_log WHERE entity_type = 'import' \
             AND after_json LIKE '%län 24.csv%' AND after_json LIKE '%24/1.8%'"
        )
        .await,
        1
    );
    app.get(&format!("/data/import/{id}"))
        .await
        .assert_contains(&["Filen sparades", "Ändrade rader: 1."])
        .assert_lacks(&["Spara de ändrade raderna"]);
    app.get("/data/import")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&["län 24.csv", "Västerbottens län"]);
    apply(app, id, 1, 0)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains(&["AlreadyApplied"]);
    assert_eq!(vasterbotten(app).await.0, version + 1, "applied once");
}

async fn the_same_workbook_or_csv_file_exported_and_imported_unchanged_changes_nothing(
    app: &TestApp,
) {
    app.sign_in(COUNTY_BOARD).await;
    for lang in ["sv", "en"] {
        let workbook = app.get(&format!("/data/lagesbild.xlsx?lang={lang}")).await;
        workbook.assert_status(StatusCode::OK);
        let id = upload(app, "lagesbild.xlsx", &workbook.bytes).await;
        let shown = preview(app, id).await;
        assert_eq!(problems(&shown), vec![], "{lang}");
        assert_eq!(shown["rows"], Value::Array(vec![]), "{lang}");
        assert!(shown["unchanged"].as_u64().unwrap() > 0);
        let csv = app
            .get(&format!("/data/regional_rows.csv?lang={lang}"))
            .await;
        let id_csv = upload(app, "rader.csv", &csv.bytes).await;
        assert_eq!(preview(app, id_csv).await["rows"], Value::Array(vec![]));
    }
    app.get(&format!(
        "/data/import/{}",
        upload(app, "rader.csv", &to_csv(&exported_rows(app, "sv").await)).await
    ))
    .await
    .assert_contains(&["Inga ändringar"])
    .assert_lacks(&["Spara de ändrade raderna"]);
}

async fn a_row_changed_in_lagesbild_since_the_export_is_a_conflict_and_never_overwritten(
    app: &TestApp,
) {
    app.sign_in(COUNTY_BOARD).await;
    let mut rows = exported_rows(app, "sv").await;
    set(&mut rows, "1.8", "24", "Beskrivning", "Från filen");
    let file = to_csv(&rows);

    // Someone saves the row after the export: the file's version is older.
    save_vasterbotten_row(app, 55).await;
    let id = upload(app, "gammal.csv", &file).await;
    let shown = preview(app, id).await;
    assert_eq!(
        (count(&shown, "Changed"), count(&shown, "Conflict")),
        (0, 1)
    );
    app.get(&format!("/data/import/{id}"))
        .await
        .assert_contains(&["Ändrade i Lägesbild sedan filen hämtades", "Från filen"])
        .assert_lacks(&["Spara de ändrade raderna"]);

    // A row changed between the preview and saving it: nothing is written.
    let mut rows = exported_rows(app, "sv").await;
    set(&mut rows, "1.8", "24", "Beskrivning", "Från den nya filen");
    let id = upload(app, "ny.csv", &to_csv(&rows)).await;
    assert_eq!(count(&preview(app, id).await, "Changed"), 1);
    save_vasterbotten_row(app, 60).await;
    let before = vasterbotten(app).await;
    apply(app, id, 1, 0)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains(&["PreviewOutdated"]);
    assert_eq!(vasterbotten(app).await, before, "not overwritten");
    assert_eq!(count(&preview(app, id).await, "Conflict"), 1, "shown again");
}

async fn another_county_s_row_saved_since_the_export_is_left_alone(app: &TestApp) {
    app.sign_in(COUNTY_BOARD).await;
    let mut rows = exported_rows(app, "sv").await;
    set(&mut rows, "1.8", "24", "Framdrift (%)", "66");
    // Stockholm's board saves its row after Västerbotten downloaded the file.
    {
        let mut conn = app.db.acquire().await.unwrap();
        sqlx::query(
            "UPDATE regional_implementation SET narrative = 'Stockholms nya text', \
             version = version + 1 WHERE county_code = '01' AND measure_id = \
             (SELECT id FROM measure WHERE code = '1.8')",
        )
        .execute(&mut *conn)
        .await
        .unwrap();
    }
    let id = upload(app, "län 24.csv", &to_csv(&rows)).await;
    let shown = preview(app, id).await;
    assert_eq!(
        problems(&shown),
        vec![],
        "Stockholm's newer row is not this file's business"
    );
    assert_eq!(count(&shown, "Changed"), 1);
    apply(app, id, 1, 0).await.assert_status(StatusCode::OK);
    let stockholm: String = {
        let mut conn = app.db.acquire().await.unwrap();
        sqlx::query_scalar(
            "SELECT narrative FROM regional_implementation WHERE county_code = '01' \
             AND measure_id = (SELECT id FROM measure WHERE code = '1.8')",
        )
        .fetch_one(&mut *conn)
        .await
        .unwrap()
    };
    assert_eq!(
        stockholm, "Stockholms nya text",
        "left as its board saved it"
    );
}

/// A workbook of one sheet named `sheet` holding `rows`, the cell at `formula` (line, column,
/// from 0) a formula.
pub(crate) fn workbook_of(
    sheet: &str,
    rows: &[Vec<String>],
    formula: Option<(u32, u16)>,
) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet_ = book.add_worksheet();
    sheet_.set_name(sheet).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if Some((r as u32, c as u16)) == formula {
                sheet_.write_formula(r as u32, c as u16, "=40+40").unwrap();
            } else {
                sheet_.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

async fn bad_files_are_explained_by_sheet_line_and_column_and_nothing_is_written(app: &TestApp) {
    app.sign_in(COUNTY_BOARD).await;
    let rows = exported_rows(app, "sv").await;
    let line_of = |code: &str, county: &str| {
        rows.iter()
            .position(|r| r[0] == code && r[1] == county)
            .unwrap() as u64
            + 1
    };
    let audited = scalar(app, "SELECT COUNT(*) FROM audit_log").await;
    let version = vasterbotten(app).await.0;
    let only_problem = async |bytes: &[u8]| {
        let id = upload(app, "fel", bytes).await;
        let shown = preview(app, id).await;
        apply(app, id, 0, 0)
            .await
            .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
            .assert_contains(&["FileHasErrors"]);
        problems(&shown)
    };

    // Not a workbook, nor text.
    assert_eq!(
        only_problem(b"\x89PNG\r\n\x1a\n\x00\x00binary").await,
        vec![(Value::from("NotAWorkbook"), Value::Null, Value::Null)]
    );
    assert_eq!(
        only_problem(b"PK\x03\x04 a broken zip").await[0].0,
        Value::from("NotAWorkbook")
    );
    // A workbook whose sheet was renamed.
    let renamed = only_problem(&workbook_of("Blad1", &rows, None)).await;
    assert_eq!(
        renamed[0].0["NoSheet"]["found"],
        serde_json::json!(["Blad1"])
    );
    // A column missing and one added.
    let mut reshaped: Vec<Vec<String>> = rows.clone();
    for row in &mut reshaped {
        row.remove(8);
        row.push("x".to_owned());
    }
    reshaped[0][13] = "Kommentar".to_owned();
    assert_eq!(
        only_problem(&to_csv(&reshaped)).await,
        vec![
            (
                serde_json::json!({"MissingColumns": ["Beskrivning"]}),
                Value::Null,
                Value::Null
            ),
            (
                serde_json::json!({"ExtraColumns": ["Kommentar"]}),
                Value::Null,
                Value::Null
            ),
        ]
    );
    // 100 000 rows.
    let many = format!("{}\n", rows[0].join(",")) + &"1.8,24\n".repeat(100_000);
    assert_eq!(
        only_problem(many.as_bytes()).await[0].0,
        Value::from("TooManyRows")
    );
    // A formula in a cell, a value out of range, another county's row changed, an unknown row
    // and the same row twice: each named with its line and column.
    let mut wrong = rows.clone();
    set(&mut wrong, "1.8", "24", "Framdrift (%)", "150");
    set(
        &mut wrong,
        "1.8",
        "01",
        "Beskrivning",
        "Stockholms rad, ändrad av Västerbotten",
    );
    let mut unknown = wrong[line_of("1.8", "24") as usize - 1].clone();
    unknown[0] = "9.99".to_owned();
    wrong.push(unknown);
    let duplicate = wrong[line_of("1.8", "24") as usize - 1].clone();
    wrong.push(duplicate);
    let last = wrong.len() as u64;
    let formula_line = line_of("1.8", "24") as u32;
    let found = only_problem(&workbook_of(
        "Regionalt genomförande",
        &wrong,
        Some((formula_line - 1, 9)),
    ))
    .await;
    assert_eq!(
        found,
        vec![
            (
                Value::from("NotYourCounty"),
                Value::from(line_of("1.8", "01")),
                Value::from("Länskod")
            ),
            (
                Value::from("Formula"),
                Value::from(formula_line),
                Value::from("Förbrukat (kr)")
            ),
            (
                Value::from("UnknownRow"),
                Value::from(last - 1),
                Value::from("Åtgärd")
            ),
            (
                serde_json::json!({"Duplicate": {"first": formula_line}}),
                Value::from(last),
                Value::from("Åtgärd")
            ),
        ]
    );
    let mut out_of_range = rows.clone();
    set(&mut out_of_range, "1.8", "24", "Framdrift (%)", "150");
    assert_eq!(
        only_problem(&to_csv(&out_of_range)).await,
        vec![(
            serde_json::json!({"Field": {"OutOfRange": {"min": 0, "max": 100}}}),
            Value::from(line_of("1.8", "24")),
            Value::from("Framdrift (%)")
        )]
    );
    // The page words them.
    let id = upload(app, "fel.csv", &to_csv(&out_of_range)).await;
    app.get(&format!("/data/import/{id}"))
        .await
        .assert_contains(&[
            "Fel i filen",
            "Framdrift (%)",
            "Inget sparas så länge filen har fel",
        ])
        .assert_lacks(&["Spara de ändrade raderna"]);

    // 20 MB: back to the import page, which says so.
    let huge = vec![b'a'; 20 * 1024 * 1024];
    let response = app.upload("stor.csv", &huge).await;
    response.assert_status(StatusCode::SEE_OTHER);
    assert_eq!(
        response.header("location"),
        Some("/data/import?problem=too_large")
    );
    app.get("/data/import?problem=too_large")
        .await
        .assert_contains(&["Filen är större än 10 MB", "aria-invalid=\"true\""]);

    assert_eq!(vasterbotten(app).await.0, version, "nothing written");
    assert_eq!(scalar(app, "SELECT COUNT(*) FROM audit_log").await, audited);
}

async fn who_imports_is_the_policy_s_answer_and_only_their_own_uploads_are_shown(app: &TestApp) {
    app.sign_in(COUNTY_BOARD).await;
    let file = to_csv(&exported_rows(app, "sv").await);
    let own = upload(app, "egen.csv", &file).await;
    let huge = vec![b'a'; 20 * 1024 * 1024];
    // A ministry and an administrator import funding lines (tests/…/funding_imports.rs); a
    // county board's upload is not theirs to see.
    for email in [MINISTRY, ADMIN] {
        app.sign_in(email).await;
        app.call("import_preview", &format!("id={own}"))
            .await
            .assert_status(StatusCode::NOT_FOUND);
    }
    for email in [OVERSIGHT] {
        app.sign_in(email).await;
        app.upload("x.csv", &file)
            .await
            .assert_status(StatusCode::FORBIDDEN);
        // Refused before the body is read, however large.
        app.upload("x.csv", &huge)
            .await
            .assert_status(StatusCode::FORBIDDEN);
        app.call("import_preview", &format!("id={own}"))
            .await
            .assert_status(StatusCode::FORBIDDEN);
        app.get("/data")
            .await
            .assert_lacks(&["href=\"/data/import\""]);
    }
    app.forget_session();
    let anonymous = app.upload("x.csv", &huge).await;
    anonymous.assert_status(StatusCode::SEE_OTHER);
    assert!(
        anonymous
            .header("location")
            .is_some_and(|l| l.starts_with("/sign-in")),
        "to sign in"
    );

    // Someone else's upload is as unknown as one that never was.
    let other = scalar(
        app,
        "SELECT id FROM app_user WHERE email = 'admin@demo.invalid'",
    )
    .await;
    {
        let mut conn = app.db.acquire().await.unwrap();
        sqlx::query(
            "INSERT INTO import_upload (id, user_id, file_name, uploaded_at, content_json) \
             VALUES (9000, $1, 'annans.csv', '2026-11-28T08:00:00Z', '{\"Unreadable\":{\"sheet\":\"\",\"issue\":\"NotAWorkbook\"}}')",
        )
        .bind(other)
        .execute(&mut *conn)
        .await
        .unwrap();
    }
    app.sign_in(COUNTY_BOARD).await;
    app.call("import_preview", "id=9000")
        .await
        .assert_status(StatusCode::NOT_FOUND);
    apply(app, 9000, 0, 0)
        .await
        .assert_status(StatusCode::NOT_FOUND);
    app.get("/data")
        .await
        .assert_contains(&["href=\"/data/import\""]);
    app.get("/data/import")
        .await
        .assert_contains(&["egen.csv"])
        .assert_lacks(&["annans.csv"]);

    // A person's ten latest uploads are kept, no more.
    for n in 0..12 {
        upload(app, &format!("fil {n}.csv"), &file).await;
    }
    assert_eq!(
        scalar(
            app,
            "SELECT COUNT(*) FROM import_upload WHERE user_id = \
             (SELECT id FROM app_user WHERE email = 'rapportor@lst24.demo.invalid')"
        )
        .await,
        10
    );

    // A token that reads imports nothing; one that writes does, as its person.
    let read = app.create_token(COUNTY_BOARD, "read").await;
    let write = app.create_token(COUNTY_BOARD, "read_write").await;
    for (token, status) in [
        (read, StatusCode::FORBIDDEN),
        (write, StatusCode::SEE_OTHER),
    ] {
        app.forget_session();
        let request = http::Request::post("/data/import")
            .header(http::header::AUTHORIZATION, format!("Bearer {token}"))
            .header(
                http::header::CONTENT_TYPE,
                "multipart/form-data; boundary=b",
            )
            .body(axum::body::Body::from(format!(
                "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"t.csv\"\r\n\r\n{}\r\n--b--\r\n",
                String::from_utf8_lossy(&file)
            )))
            .unwrap();
        app.send(request).await.assert_status(status);
    }
}

on_both_databases!(
    a_county_board_imports_its_rows_from_the_exported_csv_file_after_a_preview,
    the_same_workbook_or_csv_file_exported_and_imported_unchanged_changes_nothing,
    a_row_changed_in_lagesbild_since_the_export_is_a_conflict_and_never_overwritten,
    bad_files_are_explained_by_sheet_line_and_column_and_nothing_is_written,
    another_county_s_row_saved_since_the_export_is_left_alone,
    who_imports_is_the_policy_s_answer_and_only_their_own_uploads_are_shown,
);
