-- The plan's revision: a number every change to the plan's data increases, in the same
-- transaction as the change (by these triggers, whoever writes). Pages computed from the plan
-- (the reporting schedule, roll-ups) are kept in each app server's memory under the revision
-- they were computed at, and computed again once it has moved: correct however many servers
-- share the database, since each reads the revision with the data. Accounts, sessions and the
-- audit log are not the plan's data and do not move it.
CREATE TABLE plan_revision (
    id       BIGINT PRIMARY KEY CHECK (id = 1),
    revision BIGINT NOT NULL
);
INSERT INTO plan_revision (id, revision) VALUES (1, 1);

CREATE FUNCTION plan_revision_moves() RETURNS trigger AS $$
BEGIN
    UPDATE plan_revision SET revision = revision + 1 WHERE id = 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER county_moves_the_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON county
FOR EACH STATEMENT EXECUTE FUNCTION plan_revision_moves();
CREATE TRIGGER municipality_moves_the_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON municipality
FOR EACH STATEMENT EXECUTE FUNCTION plan_revision_moves();
CREATE TRIGGER organisation_moves_the_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organisation
FOR EACH STATEMENT EXECUTE FUNCTION plan_revision_moves();
CREATE TRIGGER plan_moves_the_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON plan
FOR EACH STATEMENT EXECUTE FUNCTION plan_revision_moves();
CREATE TRIGGER area_moves_the_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON area
FOR EACH STATEMENT EXECUTE FUNCTION plan_revision_moves();
CREATE TRIGGER measure_moves_the_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON measure
FOR EACH STATEMENT EXECUTE FUNCTION plan_revision_moves();
CREATE TRIGGER measure_partner_moves_the_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON measure_partner
FOR EACH STATEMENT EXECUTE FUNCTION plan_revision_moves();
CREATE TRIGGER measure_exploitation_form_moves_the_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON measure_exploitation_form
FOR EACH STATEMENT EXECUTE FUNCTION plan_revision_moves();
CREATE TRIGGER measure_target_group_moves_the_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON measure_target_group
FOR EACH STATEMENT EXECUTE FUNCTION plan_revision_moves();
CREATE TRIGGER obligation_moves_the_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON obligation
FOR EACH STATEMENT EXECUTE FUNCTION plan_revision_moves();
CREATE TRIGGER measure_obligation_moves_the_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON measure_obligation
FOR EACH STATEMENT EXECUTE FUNCTION plan_revision_moves();
CREATE TRIGGER assignment_moves_the_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON assignment
FOR EACH STATEMENT EXECUTE FUNCTION plan_revision_moves();
CREATE TRIGGER assignment_measure_moves_the_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON assignment_measure
FOR EACH STATEMENT EXECUTE FUNCTION plan_revision_moves();
CREATE TRIGGER assignment_deadline_moves_the_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON assignment_deadline
FOR EACH STATEMENT EXECUTE FUNCTION plan_revision_moves();
CREATE TRIGGER funding_moves_the_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON funding
FOR EACH STATEMENT EXECUTE FUNCTION plan_revision_moves();
CREATE TRIGGER regional_implementation_moves_the_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON regional_implementation
FOR EACH STATEMENT EXECUTE FUNCTION plan_revision_moves();
CREATE TRIGGER progress_report_moves_the_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON progress_report
FOR EACH STATEMENT EXECUTE FUNCTION plan_revision_moves();
CREATE TRIGGER progress_report_link_moves_the_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON progress_report_link
FOR EACH STATEMENT EXECUTE FUNCTION plan_revision_moves();
CREATE TRIGGER indicator_moves_the_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON indicator
FOR EACH STATEMENT EXECUTE FUNCTION plan_revision_moves();
CREATE TRIGGER indicator_value_moves_the_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON indicator_value
FOR EACH STATEMENT EXECUTE FUNCTION plan_revision_moves();
