-- Files a person uploaded to bring rows in (a county board's regional rows, as the export
-- wrote them), kept as read (the sheet's cells as text, or why the file could not be read)
-- until the person has looked at the preview and applied it. The preview is computed from
-- this and the plan as it is when it is looked at, so several app servers show the same.
-- Applying writes the rows and the audit trail in one transaction and notes it here; a
-- person's uploads older than a week are forgotten when they upload again.
CREATE TABLE import_upload (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    file_name    TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
    uploaded_at  TEXT NOT NULL,
    content_json TEXT NOT NULL,
    applied_at   TEXT,
    applied_rows INTEGER
);
CREATE INDEX import_upload_user ON import_upload (user_id, uploaded_at);
