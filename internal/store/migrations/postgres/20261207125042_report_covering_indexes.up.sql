-- create index "allegation_case_id_finding_norm_id" to table: "allegations"
CREATE INDEX "allegation_case_id_finding_norm_id" ON "allegations" ("case_id", "finding", "norm_id");
-- create index "casefile_ack_due_at_acknowledged_at" to table: "cases"
CREATE INDEX "casefile_ack_due_at_acknowledged_at" ON "cases" ("ack_due_at", "acknowledged_at");
-- create index "casefile_closed_at_report" to table: "cases"
CREATE INDEX "casefile_closed_at_report" ON "cases" ("closed_at", "outcome", "received_at", "id");
-- create index "casefile_escalated_at" to table: "cases"
CREATE INDEX "casefile_escalated_at" ON "cases" ("escalated_at");
-- create index "casefile_feedback_due_at_closed_at" to table: "cases"
CREATE INDEX "casefile_feedback_due_at_closed_at" ON "cases" ("feedback_due_at", "closed_at");
-- create index "casefile_received_at_report" to table: "cases"
CREATE INDEX "casefile_received_at_report" ON "cases" ("received_at", "channel", "category", "anonymity", "unit_id", "acknowledged_at", "id");
-- create index "casefile_weighed_at_report" to table: "cases"
CREATE INDEX "casefile_weighed_at_report" ON "cases" ("weighed_at", "escalated_at");
-- create index "casefile_weighing_due_at_weighed_at" to table: "cases"
CREATE INDEX "casefile_weighing_due_at_weighed_at" ON "cases" ("weighing_due_at", "weighed_at");
-- create index "conversation_held_on_adviser_subject_case_id" to table: "conversations"
CREATE INDEX "conversation_held_on_adviser_subject_case_id" ON "conversations" ("held_on", "adviser_subject", "case_id");
-- create index "investigation_started_at_case_id" to table: "investigations"
CREATE INDEX "investigation_started_at_case_id" ON "investigations" ("started_at", "case_id");
-- create index "sanctiondecision_decided_at_report" to table: "sanction_decisions"
CREATE INDEX "sanctiondecision_decided_at_report" ON "sanction_decisions" ("decided_at", "sanction", "recommended", "lighter_than_recommended");
-- create index "weighing_decided_at_outcome" to table: "weighings"
CREATE INDEX "weighing_decided_at_outcome" ON "weighings" ("decided_at", "outcome");
-- drop index "casefile_received_at" from table: "cases" (casefile_received_at_report covers it)
DROP INDEX "casefile_received_at";
-- drop index "casefile_closed_at" from table: "cases" (casefile_closed_at_report covers it)
DROP INDEX "casefile_closed_at";
-- drop index "casefile_weighed_at" from table: "cases" (casefile_weighed_at_report covers it)
DROP INDEX "casefile_weighed_at";
