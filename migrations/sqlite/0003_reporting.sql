-- Reporting: at most one draft per subject and period (submitted revisions are numbered), and
-- the secret address of each organisation's deadline calendar.

CREATE UNIQUE INDEX progress_report_one_measure_draft
    ON progress_report (measure_id, period) WHERE state = 'draft' AND measure_id IS NOT NULL;
CREATE UNIQUE INDEX progress_report_one_assignment_draft
    ON progress_report (assignment_id, period) WHERE state = 'draft' AND assignment_id IS NOT NULL;

-- A calendar program (Outlook) fetches the feed without signing in, so its address carries a
-- long random token instead. Replacing the token ends every old subscription.
CREATE TABLE calendar_feed (
    organisation_id INTEGER PRIMARY KEY REFERENCES organisation (id),
    token           TEXT NOT NULL UNIQUE CHECK (length(token) >= 32),
    created_at      TEXT NOT NULL
);
