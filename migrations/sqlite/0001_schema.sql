-- The whole data model of Lägesbild (SQLite dialect). See migrations/README.md.

CREATE TABLE county (
    code                TEXT PRIMARY KEY CHECK (length(code) = 2),
    iso_3166_2          TEXT NOT NULL UNIQUE,
    nuts3               TEXT NOT NULL,
    name_sv             TEXT NOT NULL,
    name_sv_short       TEXT NOT NULL,
    name_en             TEXT NOT NULL,
    seat                TEXT NOT NULL,
    population          INTEGER NOT NULL CHECK (population >= 0),
    population_ref_date TEXT NOT NULL,
    population_source   TEXT NOT NULL
);

CREATE TABLE municipality (
    code         TEXT PRIMARY KEY CHECK (length(code) = 4),
    county_code  TEXT NOT NULL REFERENCES county (code),
    name_sv      TEXT NOT NULL,
    name_sv_full TEXT NOT NULL,
    population   INTEGER CHECK (population IS NULL OR population >= 0)
);
CREATE INDEX municipality_county ON municipality (county_code);

CREATE TABLE organisation (
    id                 INTEGER PRIMARY KEY,
    code               TEXT NOT NULL UNIQUE,
    kind               TEXT NOT NULL CHECK (kind IN ('government', 'ministry', 'agency', 'county_board',
                           'rights_body', 'inquiry', 'parliament', 'ngo', 'international', 'municipality')),
    name_sv            TEXT NOT NULL CHECK (length(name_sv) BETWEEN 1 AND 200),
    name_en            TEXT NOT NULL,
    short_name         TEXT NOT NULL DEFAULT '',
    diary_prefix       TEXT UNIQUE,
    parent_ministry_id INTEGER REFERENCES organisation (id),
    county_code        TEXT REFERENCES county (code),
    CHECK ((kind = 'ministry') = (diary_prefix IS NOT NULL)),
    CHECK ((kind = 'county_board') = (county_code IS NOT NULL))
);

CREATE TABLE plan (
    id               INTEGER PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE,
    title_sv         TEXT NOT NULL,
    title_en         TEXT NOT NULL,
    description_sv   TEXT NOT NULL DEFAULT '',
    description_en   TEXT NOT NULL DEFAULT '',
    legal_basis_sv   TEXT NOT NULL,
    legal_basis_en   TEXT NOT NULL,
    period_start     TEXT NOT NULL,
    period_end       TEXT NOT NULL,
    lead_ministry_id INTEGER NOT NULL REFERENCES organisation (id),
    report_due_days  INTEGER NOT NULL DEFAULT 30 CHECK (report_due_days BETWEEN 0 AND 365),
    version          INTEGER NOT NULL DEFAULT 1,
    CHECK (period_end >= period_start)
);

CREATE TABLE area (
    id             INTEGER PRIMARY KEY,
    plan_id        INTEGER NOT NULL REFERENCES plan (id),
    code           TEXT NOT NULL,
    title_sv       TEXT NOT NULL,
    title_en       TEXT NOT NULL,
    description_sv TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    sort_order     INTEGER NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    UNIQUE (plan_id, code)
);

CREATE TABLE measure (
    id                   INTEGER PRIMARY KEY,
    plan_id              INTEGER NOT NULL REFERENCES plan (id),
    area_id              INTEGER NOT NULL REFERENCES area (id),
    code                 TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 20),
    title_sv             TEXT NOT NULL CHECK (length(title_sv) BETWEEN 1 AND 300),
    title_en             TEXT NOT NULL CHECK (length(title_en) <= 300),
    description_sv       TEXT NOT NULL DEFAULT '',
    description_en       TEXT NOT NULL DEFAULT '',
    kind                 TEXT NOT NULL CHECK (kind IN ('legislation', 'assignment', 'funding',
                             'coordination', 'support', 'knowledge', 'monitoring')),
    lead_organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    start_date           TEXT NOT NULL,
    end_date             TEXT NOT NULL,
    status               TEXT NOT NULL CHECK (status IN ('not_started', 'on_track', 'at_risk',
                             'delayed', 'completed', 'cancelled')),
    progress             INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
    report_frequency     TEXT NOT NULL DEFAULT 'quarterly'
                             CHECK (report_frequency IN ('quarterly', 'half_yearly', 'yearly')),
    is_regional          INTEGER NOT NULL DEFAULT 0 CHECK (is_regional IN (0, 1)),
    evidence             TEXT NOT NULL CHECK (evidence IN ('verified', 'verified_via_response', 'illustrative')),
    evidence_note        TEXT NOT NULL DEFAULT '',
    search_text          TEXT NOT NULL,
    version              INTEGER NOT NULL DEFAULT 1,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    UNIQUE (plan_id, code),
    CHECK (end_date >= start_date)
);
CREATE INDEX measure_area ON measure (area_id);
CREATE INDEX measure_lead ON measure (lead_organisation_id);
CREATE INDEX measure_status ON measure (plan_id, status);

CREATE TABLE measure_partner (
    measure_id      INTEGER NOT NULL REFERENCES measure (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    PRIMARY KEY (measure_id, organisation_id)
);

CREATE TABLE measure_exploitation_form (
    measure_id INTEGER NOT NULL REFERENCES measure (id) ON DELETE CASCADE,
    form       TEXT NOT NULL CHECK (form IN ('sexual', 'labour', 'criminal_activities', 'begging',
                   'forced_marriage', 'surrogacy', 'illegal_adoption', 'organ_removal')),
    PRIMARY KEY (measure_id, form)
);

CREATE TABLE measure_target_group (
    measure_id   INTEGER NOT NULL REFERENCES measure (id) ON DELETE CASCADE,
    target_group TEXT NOT NULL CHECK (target_group IN ('children', 'women', 'men', 'migrants_insecure_status',
                     'people_in_prostitution', 'professionals', 'employers', 'public')),
    PRIMARY KEY (measure_id, target_group)
);

CREATE TABLE obligation (
    id                 INTEGER PRIMARY KEY,
    code               TEXT NOT NULL UNIQUE,
    source             TEXT NOT NULL CHECK (source IN ('directive', 'convention', 'greta')),
    reference          TEXT NOT NULL,
    title_sv           TEXT NOT NULL,
    title_en           TEXT NOT NULL,
    amended_2024       INTEGER NOT NULL DEFAULT 0 CHECK (amended_2024 IN (0, 1)),
    reference_verified INTEGER NOT NULL DEFAULT 1 CHECK (reference_verified IN (0, 1)),
    sort_order         INTEGER NOT NULL
);

CREATE TABLE measure_obligation (
    measure_id    INTEGER NOT NULL REFERENCES measure (id) ON DELETE CASCADE,
    obligation_id INTEGER NOT NULL REFERENCES obligation (id),
    PRIMARY KEY (measure_id, obligation_id)
);
CREATE INDEX measure_obligation_obligation ON measure_obligation (obligation_id);

CREATE TABLE assignment (
    id             INTEGER PRIMARY KEY,
    diary_number   TEXT NOT NULL UNIQUE,
    ministry_id    INTEGER NOT NULL REFERENCES organisation (id),
    recipient_id   INTEGER NOT NULL REFERENCES organisation (id),
    title_sv       TEXT NOT NULL CHECK (length(title_sv) BETWEEN 1 AND 300),
    title_en       TEXT NOT NULL,
    description_sv TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    decision_date  TEXT NOT NULL,
    evidence       TEXT NOT NULL CHECK (evidence IN ('verified', 'verified_via_response', 'illustrative')),
    evidence_note  TEXT NOT NULL DEFAULT '',
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX assignment_recipient ON assignment (recipient_id);

CREATE TABLE assignment_measure (
    assignment_id INTEGER NOT NULL REFERENCES assignment (id) ON DELETE CASCADE,
    measure_id    INTEGER NOT NULL REFERENCES measure (id) ON DELETE CASCADE,
    PRIMARY KEY (assignment_id, measure_id)
);
CREATE INDEX assignment_measure_measure ON assignment_measure (measure_id);

CREATE TABLE assignment_deadline (
    id             INTEGER PRIMARY KEY,
    assignment_id  INTEGER NOT NULL REFERENCES assignment (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('interim', 'final')),
    due_date       TEXT NOT NULL,
    delivered_date TEXT,
    description_sv TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX assignment_deadline_assignment ON assignment_deadline (assignment_id);
CREATE INDEX assignment_deadline_due ON assignment_deadline (due_date);

CREATE TABLE funding (
    id                 INTEGER PRIMARY KEY,
    measure_id         INTEGER NOT NULL REFERENCES measure (id) ON DELETE CASCADE,
    assignment_id      INTEGER REFERENCES assignment (id),
    county_code        TEXT REFERENCES county (code),
    year               INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    expenditure_area   INTEGER NOT NULL CHECK (expenditure_area BETWEEN 1 AND 30),
    appropriation      TEXT NOT NULL,
    appropriation_item TEXT NOT NULL DEFAULT '',
    allocated          INTEGER NOT NULL CHECK (allocated >= 0),
    disbursed          INTEGER NOT NULL DEFAULT 0 CHECK (disbursed >= 0),
    spent              INTEGER NOT NULL DEFAULT 0 CHECK (spent >= 0),
    decision_ref       TEXT NOT NULL DEFAULT '',
    evidence           TEXT NOT NULL CHECK (evidence IN ('verified', 'verified_via_response', 'illustrative')),
    version            INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX funding_measure ON funding (measure_id, year);
CREATE INDEX funding_assignment ON funding (assignment_id);
CREATE INDEX funding_county ON funding (county_code);

CREATE TABLE app_user (
    id              INTEGER PRIMARY KEY,
    email           TEXT NOT NULL UNIQUE CHECK (length(email) BETWEEN 3 AND 254),
    display_name    TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    role            TEXT NOT NULL CHECK (role IN ('ministry', 'agency', 'county_board', 'oversight', 'admin')),
    password_hash   TEXT,
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE regional_implementation (
    id                    INTEGER PRIMARY KEY,
    measure_id            INTEGER NOT NULL REFERENCES measure (id) ON DELETE CASCADE,
    county_code           TEXT NOT NULL REFERENCES county (code),
    owner_organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    status                TEXT NOT NULL CHECK (status IN ('not_started', 'on_track', 'at_risk',
                              'delayed', 'completed', 'cancelled')),
    progress              INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
    contact_name          TEXT NOT NULL DEFAULT '',
    contact_role          TEXT NOT NULL DEFAULT '',
    narrative             TEXT NOT NULL DEFAULT '',
    spent                 INTEGER NOT NULL DEFAULT 0 CHECK (spent >= 0),
    evidence              TEXT NOT NULL CHECK (evidence IN ('verified', 'verified_via_response', 'illustrative')),
    updated_by_user_id    INTEGER REFERENCES app_user (id),
    updated_by_name       TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    version               INTEGER NOT NULL DEFAULT 1,
    UNIQUE (measure_id, county_code)
);
CREATE INDEX regional_implementation_county ON regional_implementation (county_code);

CREATE TABLE progress_report (
    id              INTEGER PRIMARY KEY,
    measure_id      INTEGER REFERENCES measure (id) ON DELETE CASCADE,
    assignment_id   INTEGER REFERENCES assignment (id) ON DELETE CASCADE,
    period          TEXT NOT NULL,
    revision        INTEGER NOT NULL CHECK (revision >= 1),
    state           TEXT NOT NULL CHECK (state IN ('draft', 'submitted')),
    status          TEXT NOT NULL CHECK (status IN ('not_started', 'on_track', 'at_risk',
                        'delayed', 'completed', 'cancelled')),
    progress        INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
    spent_to_date   INTEGER NOT NULL DEFAULT 0 CHECK (spent_to_date >= 0),
    narrative       TEXT NOT NULL DEFAULT '',
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    author_user_id  INTEGER REFERENCES app_user (id),
    author_name     TEXT NOT NULL,
    evidence        TEXT NOT NULL CHECK (evidence IN ('verified', 'verified_via_response', 'illustrative')),
    created_at      TEXT NOT NULL,
    submitted_at    TEXT,
    version         INTEGER NOT NULL DEFAULT 1,
    CHECK ((measure_id IS NULL) <> (assignment_id IS NULL)),
    CHECK ((state = 'submitted') = (submitted_at IS NOT NULL)),
    UNIQUE (measure_id, period, revision),
    UNIQUE (assignment_id, period, revision)
);
CREATE INDEX progress_report_submitted ON progress_report (state, submitted_at);
CREATE INDEX progress_report_assignment ON progress_report (assignment_id, period);

-- A submitted report is never edited or deleted: a correction is a new revision.
CREATE TRIGGER progress_report_submitted_is_final_on_update
BEFORE UPDATE ON progress_report WHEN OLD.state = 'submitted'
BEGIN
    SELECT RAISE(ABORT, 'progress_report_submitted_is_final');
END;
CREATE TRIGGER progress_report_submitted_is_final_on_delete
BEFORE DELETE ON progress_report WHEN OLD.state = 'submitted'
BEGIN
    SELECT RAISE(ABORT, 'progress_report_submitted_is_final');
END;

CREATE TABLE progress_report_link (
    id        INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES progress_report (id) ON DELETE CASCADE,
    url       TEXT NOT NULL CHECK (url LIKE 'http://%' OR url LIKE 'https://%'),
    label     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX progress_report_link_report ON progress_report_link (report_id);

CREATE TABLE indicator (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,
    name_sv        TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    unit_sv        TEXT NOT NULL,
    unit_en        TEXT NOT NULL,
    description_sv TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    source         TEXT NOT NULL DEFAULT '',
    evidence       TEXT NOT NULL CHECK (evidence IN ('verified', 'verified_via_response', 'illustrative')),
    sort_order     INTEGER NOT NULL
);

-- One count per indicator, county, year, sex and form of exploitation ('all' when not split).
CREATE TABLE indicator_value (
    indicator_id      INTEGER NOT NULL REFERENCES indicator (id) ON DELETE CASCADE,
    county_code       TEXT NOT NULL REFERENCES county (code),
    year              INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    sex               TEXT NOT NULL CHECK (sex IN ('women', 'men')),
    exploitation_form TEXT NOT NULL DEFAULT 'all' CHECK (exploitation_form IN ('all', 'sexual', 'labour',
                          'criminal_activities', 'begging', 'forced_marriage', 'surrogacy',
                          'illegal_adoption', 'organ_removal')),
    value             INTEGER NOT NULL CHECK (value >= 0),
    PRIMARY KEY (indicator_id, county_code, year, sex, exploitation_form)
);
CREATE INDEX indicator_value_county ON indicator_value (county_code, indicator_id, year);

-- Every change: who, as what, when, to what, before and after. Append-only.
CREATE TABLE audit_log (
    id              INTEGER PRIMARY KEY,
    occurred_at     TEXT NOT NULL,
    user_id         INTEGER REFERENCES app_user (id),
    user_name       TEXT NOT NULL,
    user_role       TEXT NOT NULL,
    organisation_id INTEGER REFERENCES organisation (id),
    entity_type     TEXT NOT NULL,
    entity_id       TEXT NOT NULL,
    action          TEXT NOT NULL,
    before_json     TEXT,
    after_json      TEXT
);
CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, occurred_at);

CREATE TRIGGER audit_log_is_append_only_on_update
BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log_is_append_only');
END;
CREATE TRIGGER audit_log_is_append_only_on_delete
BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log_is_append_only');
END;

-- Set once when the demo data was loaded, so that two servers starting at once load it once.
CREATE TABLE demo_seed (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    loaded_at TEXT NOT NULL
);
