package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
)

// Precedent is one published, anonymised earlier case (moresprudentie, domain.md §7). It keeps
// no link to the case it came from, so it outlives that case's destruction. Its texts are in the
// clear on purpose: they were anonymised and approved by HR, and they must be searchable.
//
// Its text is indexed in PrecedentTerm: the lexemes of the Go normaliser (internal/precedents/dutch,
// equal to those of PostgreSQL's dutch or english text search configuration), computed in Go for
// both databases.
type Precedent struct{ ent.Schema }

// Mixin of the Precedent.
func (Precedent) Mixin() []ent.Mixin { return []ent.Mixin{IDMixin{}, TimeMixin{}, VersionMixin{}} }

// Fields of the Precedent.
func (Precedent) Fields() []ent.Field {
	return []ent.Field{
		field.String("external_id").Unique().NotEmpty().
			Comment("Stable id across exports and imports; importing it again updates or skips"),
		field.String("source_organisation"),
		field.Int("year"),
		field.String("language").Default("nl"),
		field.String("category"),
		field.String("grounds").Default("").Comment("Discrimination ground codes, comma-separated, sorted"),
		field.String("norms").Default("").Comment("Norm ids, comma-separated, sorted"),
		field.String("findings"),
		field.Text("qualification").Default(""),
		field.String("aggravating").Default("").Comment("Circumstance ids, comma-separated, sorted"),
		field.String("mitigating").Default("").Comment("Circumstance ids, comma-separated, sorted"),
		field.String("sanction"),
		field.Text("summary"),
		field.Text("considerations").Default(""),
		field.Enum("origin").Values("OWN", "IMPORTED").Comment("Published here from a case, or imported from a file"),
		field.String("published_by").Comment("Staff subject of the HR officer who approved or imported it"),
		field.String("content_hash").Comment("Hash of the normalised record: a re-import of the same record changes nothing"),
	}
}

// Edges of the Precedent.
func (Precedent) Edges() []ent.Edge {
	return []ent.Edge{edge.To("tags", PrecedentTag.Type), edge.To("terms", PrecedentTerm.Type)}
}

// Indexes of the Precedent.
func (Precedent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("category", "year")}
}

// PrecedentTag is one structured feature of a precedent (category, norm, ground, circumstance,
// sanction) with its weight in the similarity. Candidate precedents for a lookup are those that
// share the most weight with the query: one indexed GROUP BY on both databases.
type PrecedentTag struct{ ent.Schema }

// Fields of the PrecedentTag.
func (PrecedentTag) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("precedent_id", uuid.UUID{}),
		field.String("tag").Comment("kind:code, e.g. norm:GC-1.2, ground:RELIGION, cat:DISCRIMINATION"),
		field.Int("weight"),
	}
}

// Edges of the PrecedentTag.
func (PrecedentTag) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("precedent", Precedent.Type).Ref("tags").Field("precedent_id").Unique().Required(),
	}
}

// Indexes of the PrecedentTag.
func (PrecedentTag) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tag", "precedent_id", "weight"), index.Fields("precedent_id", "tag").Unique()}
}

// PrecedentTerm is one posting of the full-text index: a lexeme of a precedent's text with its
// frequency there and the text's length (both in lexemes), and its impact — the BM25 term
// weight without the IDF, for a reference length — by which a lookup reads only the strongest
// postings of each query term (impact-ordered retrieval: the cost of a lookup does not grow with
// the size of the library, where ranking every match of an OR query would).
type PrecedentTerm struct{ ent.Schema }

// Fields of the PrecedentTerm.
func (PrecedentTerm) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("precedent_id", uuid.UUID{}),
		field.String("term"),
		field.Int("tf"),
		field.Int("dl"),
		field.Float("impact"),
	}
}

// Edges of the PrecedentTerm.
func (PrecedentTerm) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("precedent", Precedent.Type).Ref("terms").Field("precedent_id").Unique().Required(),
	}
}

// Indexes of the PrecedentTerm.
func (PrecedentTerm) Indexes() []ent.Index {
	// (term, impact, ...): a term's strongest postings in one index-only range scan.
	return []ent.Index{index.Fields("term", "impact", "precedent_id", "tf", "dl"), index.Fields("precedent_id", "term").Unique()}
}

// PrecedentTermStat holds the collection statistics of the full-text index: per lexeme the number
// of precedents that contain it (document frequency), and under "#docs" and "#len" the number of
// indexed precedents and their total length. Kept in the transactions that change the index.
type PrecedentTermStat struct{ ent.Schema }

// Fields of the PrecedentTermStat.
func (PrecedentTermStat) Fields() []ent.Field {
	return []ent.Field{
		field.String("term").Unique(),
		field.Int64("n"),
	}
}

// PrecedentDraft is a precedent in the making, built from a closed case and anonymised, sealed
// with that case's key (it still derives from case content until HR approves it). The case's
// handler edits and submits it; HR reviews, edits, returns or approves it. Approval writes a
// Precedent without any link to the case and deletes the draft; destroying the case destroys an
// unfinished draft with it.
type PrecedentDraft struct{ ent.Schema }

// Mixin of the PrecedentDraft.
func (PrecedentDraft) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TimeMixin{}, VersionMixin{}}
}

// Fields of the PrecedentDraft.
func (PrecedentDraft) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("case_id", uuid.UUID{}).Unique().Immutable(),
		field.Enum("status").Values("DRAFT", "SUBMITTED").Default("DRAFT"),
		field.Bytes("content_sealed").Comment("The draft record and the anonymisation report, sealed with the case key"),
		field.String("created_by").Immutable(),
	}
}

// Indexes of the PrecedentDraft.
func (PrecedentDraft) Indexes() []ent.Index {
	return []ent.Index{index.Fields("status", "created_at")}
}

// CaseGround is one discrimination ground of a discrimination case (domain.md §9), as the
// reporter gave it and as the assessment confirmed it. It is counted in the annual report, never
// shown with content.
type CaseGround struct{ ent.Schema }

// Fields of the CaseGround.
func (CaseGround) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("case_id", uuid.UUID{}),
		field.String("ground"),
	}
}

// Edges of the CaseGround.
func (CaseGround) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("case", CaseFile.Type).Ref("grounds").Field("case_id").Unique().Required(),
	}
}

// Indexes of the CaseGround.
func (CaseGround) Indexes() []ent.Index {
	return []ent.Index{index.Fields("case_id", "ground").Unique(), index.Fields("ground")}
}
