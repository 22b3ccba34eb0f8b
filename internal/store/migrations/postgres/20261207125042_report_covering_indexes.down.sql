-- reverse: drop index "casefile_weighed_at" from table: "cases"
CREATE INDEX "casefile_weighed_at" ON "cases" ("weighed_at");
-- reverse: drop index "casefile_closed_at" from table: "cases"
CREATE INDEX "casefile_closed_at" ON "cases" ("closed_at");
-- reverse: drop index "casefile_received_at" from table: "cases"
CREATE INDEX "casefile_received_at" ON "cases" ("received_at");
-- reverse: create index "weighing_decided_at_outcome" to table: "weighings"
DROP INDEX "weighing_decided_at_outcome";
-- reverse: create index "sanctiondecision_decided_at_report" to table: "sanction_decisions"
DROP INDEX "sanctiondecision_decided_at_report";
-- reverse: create index "investigation_started_at_case_id" to table: "investigations"
DROP INDEX "investigation_started_at_case_id";
-- reverse: create index "conversation_held_on_adviser_subject_case_id" to table: "conversations"
DROP INDEX "conversation_held_on_adviser_subject_case_id";
-- reverse: create index "casefile_weighing_due_at_weighed_at" to table: "cases"
DROP INDEX "casefile_weighing_due_at_weighed_at";
-- reverse: create index "casefile_weighed_at_report" to table: "cases"
DROP INDEX "casefile_weighed_at_report";
-- reverse: create index "casefile_received_at_report" to table: "cases"
DROP INDEX "casefile_received_at_report";
-- reverse: create index "casefile_feedback_due_at_closed_at" to table: "cases"
DROP INDEX "casefile_feedback_due_at_closed_at";
-- reverse: create index "casefile_escalated_at" to table: "cases"
DROP INDEX "casefile_escalated_at";
-- reverse: create index "casefile_closed_at_report" to table: "cases"
DROP INDEX "casefile_closed_at_report";
-- reverse: create index "casefile_ack_due_at_acknowledged_at" to table: "cases"
DROP INDEX "casefile_ack_due_at_acknowledged_at";
-- reverse: create index "allegation_case_id_finding_norm_id" to table: "allegations"
DROP INDEX "allegation_case_id_finding_norm_id";
