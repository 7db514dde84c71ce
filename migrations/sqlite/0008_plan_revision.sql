-- The plan's revision: a number every change to the plan's data increases, in the same
-- transaction as the change (by these triggers, whoever writes). Pages computed from the plan
-- (the reporting schedule, roll-ups) are kept in each app server's memory under the revision
-- they were computed at, and computed again once it has moved: correct however many servers
-- share the database, since each reads the revision with the data. Accounts, sessions and the
-- audit log are not the plan's data and do not move it.
CREATE TABLE plan_revision (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    revision INTEGER NOT NULL
);
INSERT INTO plan_revision (id, revision) VALUES (1, 1);
CREATE TRIGGER county_insert_moves_the_revision AFTER INSERT ON county
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER county_update_moves_the_revision AFTER UPDATE ON county
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER county_delete_moves_the_revision AFTER DELETE ON county
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER municipality_insert_moves_the_revision AFTER INSERT ON municipality
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER municipality_update_moves_the_revision AFTER UPDATE ON municipality
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER municipality_delete_moves_the_revision AFTER DELETE ON municipality
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER organisation_insert_moves_the_revision AFTER INSERT ON organisation
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER organisation_update_moves_the_revision AFTER UPDATE ON organisation
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER organisation_delete_moves_the_revision AFTER DELETE ON organisation
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER plan_insert_moves_the_revision AFTER INSERT ON plan
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER plan_update_moves_the_revision AFTER UPDATE ON plan
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER plan_delete_moves_the_revision AFTER DELETE ON plan
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER area_insert_moves_the_revision AFTER INSERT ON area
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER area_update_moves_the_revision AFTER UPDATE ON area
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER area_delete_moves_the_revision AFTER DELETE ON area
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER measure_insert_moves_the_revision AFTER INSERT ON measure
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER measure_update_moves_the_revision AFTER UPDATE ON measure
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER measure_delete_moves_the_revision AFTER DELETE ON measure
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER measure_partner_insert_moves_the_revision AFTER INSERT ON measure_partner
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER measure_partner_update_moves_the_revision AFTER UPDATE ON measure_partner
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER measure_partner_delete_moves_the_revision AFTER DELETE ON measure_partner
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER measure_exploitation_form_insert_moves_the_revision AFTER INSERT ON measure_exploitation_form
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER measure_exploitation_form_update_moves_the_revision AFTER UPDATE ON measure_exploitation_form
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER measure_exploitation_form_delete_moves_the_revision AFTER DELETE ON measure_exploitation_form
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER measure_target_group_insert_moves_the_revision AFTER INSERT ON measure_target_group
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER measure_target_group_update_moves_the_revision AFTER UPDATE ON measure_target_group
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER measure_target_group_delete_moves_the_revision AFTER DELETE ON measure_target_group
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER obligation_insert_moves_the_revision AFTER INSERT ON obligation
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER obligation_update_moves_the_revision AFTER UPDATE ON obligation
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER obligation_delete_moves_the_revision AFTER DELETE ON obligation
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER measure_obligation_insert_moves_the_revision AFTER INSERT ON measure_obligation
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER measure_obligation_update_moves_the_revision AFTER UPDATE ON measure_obligation
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER measure_obligation_delete_moves_the_revision AFTER DELETE ON measure_obligation
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER assignment_insert_moves_the_revision AFTER INSERT ON assignment
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER assignment_update_moves_the_revision AFTER UPDATE ON assignment
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER assignment_delete_moves_the_revision AFTER DELETE ON assignment
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER assignment_measure_insert_moves_the_revision AFTER INSERT ON assignment_measure
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER assignment_measure_update_moves_the_revision AFTER UPDATE ON assignment_measure
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER assignment_measure_delete_moves_the_revision AFTER DELETE ON assignment_measure
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER assignment_deadline_insert_moves_the_revision AFTER INSERT ON assignment_deadline
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER assignment_deadline_update_moves_the_revision AFTER UPDATE ON assignment_deadline
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER assignment_deadline_delete_moves_the_revision AFTER DELETE ON assignment_deadline
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER funding_insert_moves_the_revision AFTER INSERT ON funding
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER funding_update_moves_the_revision AFTER UPDATE ON funding
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER funding_delete_moves_the_revision AFTER DELETE ON funding
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER regional_implementation_insert_moves_the_revision AFTER INSERT ON regional_implementation
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER regional_implementation_update_moves_the_revision AFTER UPDATE ON regional_implementation
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER regional_implementation_delete_moves_the_revision AFTER DELETE ON regional_implementation
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER progress_report_insert_moves_the_revision AFTER INSERT ON progress_report
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER progress_report_update_moves_the_revision AFTER UPDATE ON progress_report
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER progress_report_delete_moves_the_revision AFTER DELETE ON progress_report
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER progress_report_link_insert_moves_the_revision AFTER INSERT ON progress_report_link
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER progress_report_link_update_moves_the_revision AFTER UPDATE ON progress_report_link
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER progress_report_link_delete_moves_the_revision AFTER DELETE ON progress_report_link
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER indicator_insert_moves_the_revision AFTER INSERT ON indicator
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER indicator_update_moves_the_revision AFTER UPDATE ON indicator
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER indicator_delete_moves_the_revision AFTER DELETE ON indicator
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER indicator_value_insert_moves_the_revision AFTER INSERT ON indicator_value
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER indicator_value_update_moves_the_revision AFTER UPDATE ON indicator_value
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER indicator_value_delete_moves_the_revision AFTER DELETE ON indicator_value
BEGIN UPDATE plan_revision SET revision = revision + 1 WHERE id = 1; END;
