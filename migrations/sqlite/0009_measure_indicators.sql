-- Indicators tied to measures, and indicator values split by age group.
--
-- A ministry names, on a measure it leads, the indicators the measure should move: each with a
-- baseline (a year and the count for the whole country that year) and a target (a later year
-- and a different count). `version` guards against two people saving over each other.
CREATE TABLE measure_indicator (
    id             INTEGER PRIMARY KEY,
    measure_id     INTEGER NOT NULL REFERENCES measure (id) ON DELETE CASCADE,
    indicator_id   INTEGER NOT NULL REFERENCES indicator (id) ON DELETE CASCADE,
    baseline_year  INTEGER NOT NULL CHECK (baseline_year BETWEEN 2000 AND 2100),
    baseline_value INTEGER NOT NULL CHECK (baseline_value BETWEEN 0 AND 1000000000),
    target_year    INTEGER NOT NULL CHECK (target_year BETWEEN 2000 AND 2100),
    target_value   INTEGER NOT NULL CHECK (target_value BETWEEN 0 AND 1000000000),
    version        INTEGER NOT NULL DEFAULT 1,
    CHECK (target_year > baseline_year),
    CHECK (target_value <> baseline_value),
    UNIQUE (measure_id, indicator_id)
);
CREATE INDEX measure_indicator_indicator ON measure_indicator (indicator_id);
CREATE TRIGGER measure_indicator_insert_moves_the_revision AFTER INSERT ON measure_indicator
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER measure_indicator_update_moves_the_revision AFTER UPDATE ON measure_indicator
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER measure_indicator_delete_moves_the_revision AFTER DELETE ON measure_indicator
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;

-- Each value is for children (under 18), adults, or 'all' when the source does not split by
-- age. Totals add every row of a cell, so a source that splits a cell (indicator, county, year,
-- sex, form) by age writes no 'all' row for it.
-- SQLite cannot change a primary key in place: the table is made again with the column in it.
CREATE TABLE indicator_value_by_age (
    indicator_id      INTEGER NOT NULL REFERENCES indicator (id) ON DELETE CASCADE,
    county_code       TEXT NOT NULL REFERENCES county (code),
    year              INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    sex               TEXT NOT NULL CHECK (sex IN ('women', 'men')),
    exploitation_form TEXT NOT NULL DEFAULT 'all' CHECK (exploitation_form IN ('all', 'sexual', 'labour',
                          'criminal_activities', 'begging', 'forced_marriage', 'surrogacy',
                          'illegal_adoption', 'organ_removal')),
    age_group         TEXT NOT NULL DEFAULT 'all' CHECK (age_group IN ('all', 'children', 'adults')),
    value             INTEGER NOT NULL CHECK (value >= 0),
    PRIMARY KEY (indicator_id, county_code, year, sex, exploitation_form, age_group)
);
INSERT INTO indicator_value_by_age (indicator_id, county_code, year, sex, exploitation_form, age_group, value)
SELECT indicator_id, county_code, year, sex, exploitation_form, 'all', value FROM indicator_value;
DROP TABLE indicator_value;
ALTER TABLE indicator_value_by_age RENAME TO indicator_value;
CREATE INDEX indicator_value_county ON indicator_value (county_code, indicator_id, year);
CREATE INDEX indicator_value_indicator ON indicator_value (indicator_id, year);
CREATE TRIGGER indicator_value_insert_moves_the_revision AFTER INSERT ON indicator_value
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER indicator_value_update_moves_the_revision AFTER UPDATE ON indicator_value
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER indicator_value_delete_moves_the_revision AFTER DELETE ON indicator_value
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
