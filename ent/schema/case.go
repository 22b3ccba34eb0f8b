package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
)

// CaseFile is one signal followed up from receipt to closure. It holds the metadata needed to
// route and count it; all content lives sealed in Report, ReporterIdentity and Message.
type CaseFile struct{ ent.Schema }

// Mixin of the CaseFile.
func (CaseFile) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{}, VersionMixin{}}
}

// Annotations of the CaseFile: the table is called "cases".
func (CaseFile) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Table("cases")}
}

// Fields of the CaseFile.
func (CaseFile) Fields() []ent.Field {
	return []ent.Field{
		field.String("reference").Unique().Immutable().
			Comment("Human-quotable reference, MP- and 8 Crockford base32 characters; random, not sequential"),
		field.Enum("status").
			Values("RECEIVED", "IN_SUPPORT", "WEIGHING", "FACT_FINDING", "ASSESSMENT", "SANCTION", "CLOSED").
			Default("RECEIVED"),
		field.String("category").Comment("Taxonomy code, domain.md §9"),
		field.String("channel").Comment("Intake channel, domain.md §4"),
		field.Enum("anonymity").Values("ANONYMOUS", "CONFIDENTIAL", "NAMED").Immutable(),
		field.Time("received_at").Immutable(),
		field.Time("ack_due_at"),
		field.Time("acknowledged_at").Optional().Nillable(),
		field.String("acknowledged_by").Optional().Comment("Staff subject who acknowledged receipt"),
		field.Time("feedback_due_at").Optional().Nillable(),
		field.Bytes("wrapped_key").Sensitive().
			Comment("The case data key, wrapped by the key-encryption key; destroying it destroys the case"),
		field.Bytes("receipt_lookup").Sensitive().Unique().
			Comment("Keyed hash (vault.MAC) of the receipt code; the code itself is never stored"),
		field.Bytes("idempotency_lookup").Sensitive().Optional().Nillable().Unique().
			Comment("Keyed hash of the client's idempotency key"),
		field.Bytes("request_fingerprint").Sensitive().Optional().Nillable().
			Comment("Keyed hash of the filed request, to refuse a reused idempotency key with other content"),
		field.Bytes("replay_sealed").Sensitive().Optional().Nillable().
			Comment("Receipt code sealed under a key derived from the idempotency key, for a retry that lost the answer"),
		field.Time("replay_until").Optional().Nillable(),
		field.UUID("adviser_id", uuid.UUID{}).Optional().Nillable(),
		field.UUID("unit_id", uuid.UUID{}).Optional().Nillable(),
		field.Time("escalated_at").Optional().Nillable().Comment("When the signal reached the employer (WEIGHING)"),
		field.Bool("pseudonymous").Default(false).Comment("Escalated without consent to disclose the identity"),
		field.Time("weighing_due_at").Optional().Nillable(),
		field.Time("weighed_at").Optional().Nillable(),
		field.String("outcome").Optional().Comment("Outcome when closed (domain.md §9)"),
		field.Time("closed_at").Optional().Nillable(),
		field.String("rule_set_version").Optional().
			Comment("The rule set in force when the findings were set; the case is assessed and sanctioned under it"),
		field.Bytes("reporter_notify_sealed").Sensitive().Optional().Nillable().
			Comment("The reporter's e-mail address (and language) for \"there is a reply\", sealed with the case key; destroyed with the case"),
		field.Time("content_destroyed_at").Optional().Nillable().
			Comment("When the retention job destroyed the case key (crypto-shredding): the content is gone, the counts stay"),
	}
}

// Edges of the CaseFile.
func (CaseFile) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("report", Report.Type).Unique(),
		edge.To("identity", ReporterIdentity.Type).Unique(),
		edge.To("messages", Message.Type),
		edge.To("sessions", ReporterSession.Type),
		edge.To("adviser", Adviser.Type).Field("adviser_id").Unique().Comment("The confidential adviser the case is assigned to"),
		edge.To("subjects", CaseSubject.Type),
		edge.To("unit", OrgUnit.Type).Field("unit_id").Unique().Comment("The organisational unit the case concerns"),
		edge.To("consents", Consent.Type),
		edge.To("weighing", Weighing.Type).Unique(),
		edge.To("investigation", Investigation.Type).Unique(),
		edge.To("investigators", InvestigationMember.Type),
		edge.To("allegations", Allegation.Type),
		edge.To("hearing", Hearing.Type).Unique(),
		edge.To("sanction", SanctionDecision.Type).Unique(),
		edge.To("interviews", Interview.Type),
		edge.To("suspensions", Suspension.Type),
		edge.To("evidence", Evidence.Type),
		edge.To("assessment", Assessment.Type).Unique(),
		edge.To("conversations", Conversation.Type),
		edge.To("oral_report_versions", OralReportVersion.Type),
		edge.To("grounds", CaseGround.Type),
	}
}

// Indexes of the CaseFile.
func (CaseFile) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("status", "received_at"),
		index.Fields("adviser_id", "received_at", "id"),
		index.Fields("unit_id", "received_at", "id"),
		// The annual report reads each of its figures from one range of one of these indexes,
		// which hold every column the figure needs (covering): the table's rows, with their
		// sealed keys and lookups, are not read at all. Received in the year: by channel,
		// category, anonymity and unit, acknowledgement time, grounds (by id). Also the
		// case lists' order by receipt.
		index.Fields("received_at", "channel", "category", "anonymity", "unit_id", "acknowledged_at", "id").
			StorageKey("casefile_received_at_report"),
		// Closed in the year: by outcome, closure time, findings, zero tolerance, fact-finding.
		index.Fields("closed_at", "outcome", "received_at", "id").StorageKey("casefile_closed_at_report"),
		// Weighed in the year: weighing time.
		index.Fields("weighed_at", "escalated_at").StorageKey("casefile_weighed_at_report"),
		// Escalated in the year, and each deadline due in the year with whether it was met.
		index.Fields("escalated_at"),
		index.Fields("ack_due_at", "acknowledged_at"),
		index.Fields("feedback_due_at", "closed_at"),
		index.Fields("weighing_due_at", "weighed_at"),
	}
}
