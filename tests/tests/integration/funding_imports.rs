//! A ministry brings the funding lines of its measures in from a file, on SQLite and
//! PostgreSQL: the export's CSV file, changed and with a new row, shows a preview field by
//! field and writes nothing until applied; applying saves every changed and new line or none,
//! through the funding form's rule, audited with the file's name; the same file exported and
//! imported unchanged changes nothing; a line changed in Lägesbild since the export is a
//! conflict, never overwritten; a line of another ministry's measure, a line moved to another
//! measure, an unknown or repeated id and a wrong value are each named by line and column.

use super::imports::{apply, count, exported_table, preview, problems, to_csv, upload};
use http::StatusCode;
use serde_json::{Value, json};
use tests::{ADMIN, MINISTRY, TestApp, lines_of, on_both_databases, scalar};

/// The funding table as the signed-in person downloads it, in Swedish.
async fn exported(app: &TestApp) -> Vec<Vec<String>> {
    exported_table(app, "funding", "sv").await
}

fn column(rows: &[Vec<String>], header: &str) -> usize {
    rows[0].iter().position(|h| h == header).expect(header)
}

/// The line (from 1, the header row is 1) of the first row of measure `code`.
fn line_of(rows: &[Vec<String>], code: &str) -> usize {
    let measure = column(rows, "Åtgärd");
    rows.iter()
        .position(|r| r[measure] == code)
        .unwrap_or_else(|| panic!("a line of {code}"))
        + 1
}

/// Sets column `header` on line `line` (from 1) to `value`.
fn set(rows: &mut [Vec<String>], line: usize, header: &str, value: &str) {
    let at = column(rows, header);
    rows[line - 1][at] = value.to_owned();
}

/// A new row of measure `code` for `allocated` kronor in 2027.
fn new_row(rows: &[Vec<String>], code: &str, allocated: &str) -> Vec<String> {
    rows[0]
        .iter()
        .map(|header| match header.as_str() {
            "Åtgärd" => code,
            "År" => "2027",
            "Utgiftsområde" => "13",
            "Anslag" => "3:1",
            "Tilldelat (kr)" => allocated,
            "Utbetalt (kr)" | "Förbrukat (kr)" => "0",
            "Beslut" => "A2026/00999",
            _ => "",
        })
        .map(str::to_owned)
        .collect()
}

async fn allocated(app: &TestApp, id: &str) -> i64 {
    scalar(
        app,
        &format!("SELECT allocated FROM funding WHERE id = {id}"),
    )
    .await
}

async fn a_ministry_imports_its_funding_lines_after_a_preview(app: &TestApp) {
    app.sign_in(MINISTRY).await;
    app.get("/data")
        .await
        .assert_contains(&["Läs in finansiering", "href=\"/data/import\""]);
    app.get("/data/import")
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&["Läs in finansiering från en fil", "bladet Finansiering"]);
    let mut rows = exported(app).await;
    assert_eq!(&rows[0][0], "Id");
    let own = line_of(&rows, "1.8");
    let id = rows[own - 1][0].clone();
    set(&mut rows, own, "Tilldelat (kr)", "1234567");
    rows.push(new_row(&rows, "3.1", "250000"));
    let before = (allocated(app, &id).await, lines_of(app, "3.1").await);

    let upload_id = upload(app, "finansiering.csv", &to_csv(&rows)).await;
    assert_eq!(
        (allocated(app, &id).await, lines_of(app, "3.1").await),
        before,
        "nothing written yet"
    );
    let shown = preview(app, upload_id).await;
    assert_eq!(problems(&shown), vec![]);
    assert_eq!(
        (
            count(&shown, "Changed"),
            count(&shown, "New"),
            count(&shown, "Conflict")
        ),
        (1, 1, 0)
    );
    assert!(shown["unchanged"].as_u64().unwrap() > 0, "its other lines");
    assert!(
        shown["others_unchanged"].as_u64().unwrap() > 0,
        "other ministries' lines"
    );
    app.get(&format!("/data/import/{upload_id}"))
        .await
        .assert_status(StatusCode::OK)
        .assert_contains(&[
            "Rader som ändras: 1",
            "Nya rader som läggs till: 1",
            &format!("1.8 · {id}"),
            "3.1 · (ny rad)",
            "1\u{a0}234\u{a0}567\u{a0}kr",
            "A2026/00999",
            "Spara de ändrade raderna (2)",
        ]);

    let line_changes = || {
        scalar(
            app,
            "SELECT COUNT(*) FROM audit_log WHERE entity_type = 'measure' \
             AND action IN ('funding_added', 'funding_changed')",
        )
    };
    let changes_before = line_changes().await;
    apply(app, upload_id, 2, 0)
        .await
        .assert_status(StatusCode::OK);
    assert_eq!(allocated(app, &id).await, 1_234_567);
    assert_eq!(lines_of(app, "3.1").await, before.1 + 1);
    assert_eq!(
        scalar(
            app,
            "SELECT COUNT(*) FROM audit_log WHERE entity_type = 'import' \
             AND after_json LIKE '%finansiering.csv%' AND after_json LIKE '%\"funding\"%'"
        )
        .await,
        1
    );
    assert_eq!(
        line_changes().await,
        changes_before + 2,
        "each line through the funding form's rule"
    );

    // Exported again and imported unchanged, as CSV and as the workbook: no changes.
    let again = upload(app, "igen.csv", &to_csv(&exported(app).await)).await;
    let shown = preview(app, again).await;
    assert_eq!((problems(&shown), &shown["rows"]), (vec![], &json!([])));
    app.get(&format!("/data/import/{again}"))
        .await
        .assert_contains(&["Inga ändringar"]);
    for lang in ["sv", "en"] {
        let workbook = app.get(&format!("/data/lagesbild.xlsx?lang={lang}")).await;
        let id = upload(app, "lagesbild.xlsx", &workbook.bytes).await;
        let shown = preview(app, id).await;
        assert_eq!(problems(&shown), vec![], "{lang}");
        assert_eq!(shown["rows"], json!([]), "{lang}");
    }
}

async fn a_funding_file_is_refused_line_by_line_where_it_is_wrong_or_not_the_ministry_s(
    app: &TestApp,
) {
    app.sign_in(MINISTRY).await;
    let mut rows = exported(app).await;
    let own = line_of(&rows, "1.8");
    let others = line_of(&rows, "3.3");
    let (own_id, others_id) = (rows[own - 1][0].clone(), rows[others - 1][0].clone());
    // Another ministry's line changed, and a new line for its measure.
    set(&mut rows, others, "Tilldelat (kr)", "1");
    rows.push(new_row(&rows, "3.3", "5"));
    // A line moved to another measure, an id Lägesbild does not have, the same id twice, and
    // a year that is no year.
    let moved = rows[own - 1].clone();
    set(&mut rows, own, "Åtgärd", "3.1");
    let mut unknown = new_row(&rows, "1.8", "5");
    unknown[0] = "999999".into();
    rows.push(unknown);
    rows.push(moved);
    let mut bad_year = new_row(&rows, "1.8", "5");
    bad_year[column(&rows, "År")] = "tjugo".into();
    rows.push(bad_year);
    let n = rows.len();
    let before = scalar(app, "SELECT COUNT(*) FROM funding").await;

    let id = upload(app, "fel.csv", &to_csv(&rows)).await;
    let shown = preview(app, id).await;
    let mut found: Vec<(Value, Value, Value)> = problems(&shown);
    found.sort_by_key(|(_, line, _)| line.as_u64());
    let mut expected = vec![
        (
            json!({"OtherMeasure": {"measure": "1.8"}}),
            json!(own),
            json!("Åtgärd"),
        ),
        (json!("NotYourMeasure"), json!(others), json!("Åtgärd")),
        (json!("NotYourMeasure"), json!(n - 3), json!("Åtgärd")),
        (json!("UnknownRow"), json!(n - 2), json!("Id")),
        (
            json!({"Duplicate": {"first": own}}),
            json!(n - 1),
            json!("Id"),
        ),
        (json!({"Field": "NotAWholeNumber"}), json!(n), json!("År")),
    ];
    expected.sort_by_key(|(_, line, _)| line.as_u64());
    assert_eq!(found, expected, "{shown}");
    app.get(&format!("/data/import/{id}"))
        .await
        .assert_contains(&[
            "Raden hör till åtgärd 1.8",
            "ett annat departement leder",
            "Lägesbild har ingen finansieringsrad med det här id:t",
        ])
        .assert_lacks(&["Spara de ändrade raderna"]);
    apply(app, id, 0, 0)
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY)
        .assert_contains(&["FileHasErrors"]);
    assert_eq!(scalar(app, "SELECT COUNT(*) FROM funding").await, before);
    assert_eq!(
        (
            allocated(app, &own_id).await > 0,
            allocated(app, &others_id).await > 1
        ),
        (true, true),
        "nothing written"
    );

    // An administrator edits any measure's money: the other ministry's line is theirs to change.
    app.sign_in(ADMIN).await;
    let mut rows = exported(app).await;
    let others = line_of(&rows, "3.3");
    set(&mut rows, others, "Tilldelat (kr)", "4000000");
    let id = upload(app, "admin.csv", &to_csv(&rows)).await;
    let shown = preview(app, id).await;
    assert_eq!(problems(&shown), vec![]);
    assert_eq!(count(&shown, "Changed"), 1);
}

async fn a_line_changed_since_the_export_is_a_conflict_and_never_overwritten(app: &TestApp) {
    app.sign_in(MINISTRY).await;
    let mut rows = exported(app).await;
    let first = line_of(&rows, "1.8");
    let id = rows[first - 1][0].clone();
    set(&mut rows, first, "Tilldelat (kr)", "111");
    // The second line of 1.8 changed in the file too, and stays applicable.
    let measure = column(&rows, "Åtgärd");
    let second = rows
        .iter()
        .enumerate()
        .skip(first)
        .find(|(_, r)| r[measure] == "1.8")
        .map(|(at, _)| at + 1)
        .expect("a second line of 1.8");
    let second_id = rows[second - 1][0].clone();
    set(&mut rows, second, "Tilldelat (kr)", "222");
    // Someone saves the first line in Lägesbild after the export.
    {
        let mut conn = app.db.acquire().await.unwrap();
        sqlx::query("UPDATE funding SET allocated = 999, version = version + 1 WHERE id = $1")
            .bind(id.parse::<i64>().unwrap())
            .execute(&mut *conn)
            .await
            .unwrap();
    }
    let upload_id = upload(app, "gammal.csv", &to_csv(&rows)).await;
    let shown = preview(app, upload_id).await;
    assert_eq!(
        (count(&shown, "Changed"), count(&shown, "Conflict")),
        (1, 1)
    );
    app.get(&format!("/data/import/{upload_id}"))
        .await
        .assert_contains(&[
            "Ändrade i Lägesbild sedan filen hämtades",
            "999\u{a0}kr",
            "111\u{a0}kr",
        ]);
    apply(app, upload_id, 1, 1)
        .await
        .assert_status(StatusCode::OK);
    assert_eq!(allocated(app, &id).await, 999, "never overwritten");
    assert_eq!(allocated(app, &second_id).await, 222);
}

on_both_databases!(
    a_ministry_imports_its_funding_lines_after_a_preview,
    a_funding_file_is_refused_line_by_line_where_it_is_wrong_or_not_the_ministry_s,
    a_line_changed_since_the_export_is_a_conflict_and_never_overwritten,
);
