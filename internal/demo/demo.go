// Package demo generates realistic synthetic cases for demonstrations and benchmarks
// (`meldpunt demo seed`). Each case follows the lifecycle the domain allows (domain.md §5–§6):
// filed through a channel, acknowledged (mostly within 7 days), supported and closed, or escalated
// to a unit, weighed within (mostly) its deadline, and — on a reasonable suspicion — investigated
// with allegations tied to norms, a hearing before the findings, an assessment, a sanction from
// the rule set's allowed set (zero tolerance respected; a lighter one only with a motivation)
// and a closure with feedback to the reporter. Content is sealed with per-case keys exactly as
// the service seals it, so the service reads a demo case like any other.
//
// The cases are written in bulk (Writer), not through the service's calls: a million cases
// through the API would take hours. The store's tests check the bulk output against the rules.
package demo

import (
	"context"
	"crypto/rand"
	"fmt"
	mrand "math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/sanctions"
	"github.com/utrecht/meldpunt/internal/vault"
)

// Options of a seeding.
type Options struct {
	Cases int
	Years int // spread over the last Years calendar years, up to Now
	Seed  uint64
	Now   time.Time
}

// Unit is a unit the cases can be escalated to.
type Unit struct {
	ID             uuid.UUID
	ManagerSubject string
}

// Adviser is a confidential adviser cases can be assigned to.
type Adviser struct {
	ID      uuid.UUID
	Subject string
	Kind    string // INTERNAL or EXTERNAL
}

// Case is one generated case with everything written for it.
type Case struct {
	cases.NewCaseRecord
	WeighedAt     *time.Time
	ClosedAt      *time.Time
	Outcome       string
	RuleSet       string
	Grounds       []string
	Weighing      *cases.WeighingRecord
	Plan          []byte // sealed; nil without fact-finding
	PlanAt        time.Time
	Team          []string
	Allegations   []cases.AllegationRecord
	Hearing       *cases.HearingRecord
	Assessment    []byte
	AssessedAt    time.Time
	Sanction      *cases.SanctionRecord
	Messages      []cases.MessageRecord
	Conversations []cases.ConversationRecord
}

// Writer stores generated cases.
type Writer interface {
	// DemoOrganisation returns the units and advisers to use, creating a demo organisation and
	// demo advisers when there are none.
	DemoOrganisation(ctx context.Context) ([]Unit, []Adviser, error)
	// WriteDemoCases stores a batch in one transaction.
	WriteDemoCases(ctx context.Context, batch []Case) error
}

const batchSize = 500

// Seed generates and writes o.Cases cases; progress is called after each batch.
func Seed(ctx context.Context, w Writer, v *vault.Vault, o Options, progress func(done, total int)) error {
	if o.Cases <= 0 || o.Years <= 0 {
		return fmt.Errorf("demo: give a positive number of cases and years")
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	units, advisers, err := w.DemoOrganisation(ctx)
	if err != nil {
		return err
	}
	if len(units) == 0 || len(advisers) == 0 {
		return fmt.Errorf("demo: the organisation has no units or advisers")
	}
	g := &gen{rng: mrand.New(mrand.NewPCG(o.Seed, 0x6d656c64)), v: v, o: o, units: units, advisers: advisers,
		rules: sanctions.Default(), policy: cases.DefaultPolicy(), refBase: uint64(o.Seed)*2654435761 + 1}
	start := time.Date(o.Now.Year()-o.Years+1, 1, 1, 0, 0, 0, 0, time.UTC)
	span := o.Now.Sub(start)
	for done := 0; done < o.Cases; {
		n := min(batchSize, o.Cases-done)
		batch := make([]Case, 0, n)
		for i := 0; i < n; i++ {
			at := start.Add(time.Duration(g.rng.Int64N(int64(span))))
			c, err := g.newCase(done+i, at)
			if err != nil {
				return err
			}
			batch = append(batch, c)
		}
		if err := w.WriteDemoCases(ctx, batch); err != nil {
			return err
		}
		done += n
		if progress != nil {
			progress(done, o.Cases)
		}
	}
	return nil
}

type gen struct {
	rng      *mrand.Rand
	v        *vault.Vault
	o        Options
	units    []Unit
	advisers []Adviser
	rules    *sanctions.RuleSet
	policy   cases.Policy
	refBase  uint64
}

func (g *gen) pick(weights map[string]int) string {
	keys := make([]string, 0, len(weights))
	total := 0
	for k, w := range weights {
		keys = append(keys, k)
		total += w
	}
	slices.Sort(keys)
	n := g.rng.IntN(total)
	for _, k := range keys {
		if n -= weights[k]; n < 0 {
			return k
		}
	}
	return keys[len(keys)-1]
}

func (g *gen) days(lo, hi float64) time.Duration {
	return time.Duration((lo + g.rng.Float64()*(hi-lo)) * 24 * float64(time.Hour))
}

// reference is unique per seeding index: an odd multiplier is a bijection modulo 2^40.
func (g *gen) reference(i int) string {
	const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	x := (uint64(i)*0x9E3779B97F + g.refBase) & (1<<40 - 1)
	b := make([]byte, 8)
	for k := 7; k >= 0; k-- {
		b[k] = alphabet[x&31]
		x >>= 5
	}
	return "MP-" + string(b)
}

var (
	channelWeights  = map[string]int{"WEB_FORM": 50, "INTERNAL_ADVISER": 25, "EXTERNAL_ADVISER": 8, "MANAGER": 10, "HR": 5, "EMPLOYEE_NETWORK": 2}
	categoryWeights = map[string]int{"DISCRIMINATION": 22, "SEXUAL_HARASSMENT": 12, "AGGRESSION_VIOLENCE": 8, "BULLYING": 18, "INTIMIDATION": 10,
		"UNWANTED_BEHAVIOUR_OTHER": 6, "CORRUPTION": 1, "FRAUD_THEFT_EMBEZZLEMENT": 5, "GIFTS": 3, "CONFLICT_OF_INTEREST": 4,
		"MISUSE_OF_INFORMATION": 5, "ABUSE_OF_AUTHORITY": 3, "WASTE_POOR_PERFORMANCE": 1, "OFF_DUTY_MISCONDUCT": 1, "WRONGDOING": 1, "OTHER": 0}
	groundWeights = map[string]int{"ORIGIN_ETHNICITY": 35, "SKIN_COLOUR": 8, "NATIONALITY": 5, "RELIGION": 15, "BELIEF": 2, "POLITICAL_OPINION": 1,
		"SEX": 12, "SEXUAL_ORIENTATION": 8, "GENDER_IDENTITY": 4, "DISABILITY_CHRONIC_ILLNESS": 6, "AGE": 4, "CIVIL_STATUS": 0, "WORKING_HOURS_CONTRACT": 1}
	supportOutcomes = map[string]int{"RESOLVED_INFORMALLY": 45, "MEDIATED": 15, "REFERRED": 20, "WITHDRAWN": 20}
	descriptions    = []string{
		"Een collega maakt in het teamoverleg steeds opmerkingen over %s. Anderen lachen mee en niemand grijpt in.",
		"Mijn leidinggevende stuurde mij berichten over %s die ik intimiderend vond. Ik durf het niet meer aan te kaarten.",
		"Tijdens de pauze werd ik buitengesloten en uitgescholden vanwege %s. Dit gebeurt al een paar maanden.",
		"Ik zag dat een medewerker aan het loket een bezoeker anders behandelde vanwege %s.",
	}
	topics = []string{"mijn afkomst", "mijn geloof", "mijn uiterlijk", "mijn werkwijze", "mijn gezondheid", "mijn leeftijd", "mijn privéleven"}
)

func (g *gen) newCase(i int, received time.Time) (Case, error) {
	id := uuid.New()
	wrapped, ck, err := g.v.NewCaseKey(id.String())
	if err != nil {
		return Case{}, err
	}
	seal := cases.NewSealer(ck)
	channel := cases.Channel(g.pick(channelWeights))
	category := cases.Category(g.pick(categoryWeights))
	anonymity := cases.Anonymity(g.pick(map[string]int{"ANONYMOUS": 40, "CONFIDENTIAL": 48, "NAMED": 12}))
	direct := channel == cases.ChannelManager || channel == cases.ChannelHR
	if anonymity == cases.Anonymous {
		received = received.Truncate(time.Hour)
	}
	content := cases.ReportContent{Description: fmt.Sprintf(descriptions[g.rng.IntN(len(descriptions))], topics[g.rng.IntN(len(topics))]),
		OccurredWhere: "Op het werk"}
	reportSealed, err := seal.Report(content)
	if err != nil {
		return Case{}, err
	}
	var identitySealed []byte
	if anonymity != cases.Anonymous {
		if identitySealed, err = seal.Identity(cases.Identity{Name: fmt.Sprintf("Medewerker %d", i+1), Contact: "via de vertrouwenspersoon"}); err != nil {
			return Case{}, err
		}
	}
	lookup := make([]byte, 16)
	_, _ = rand.Read(lookup)
	c := Case{NewCaseRecord: cases.NewCaseRecord{
		Summary: cases.Summary{ID: id, Reference: g.reference(i), Status: cases.StatusReceived, Category: category,
			Anonymity: anonymity, Channel: channel, ReceivedAt: received, AckDueAt: g.policy.AckDue(received), Version: 1},
		WrappedKey: wrapped, ReceiptLookup: g.v.MAC("demo-receipt", lookup), ReportSealed: reportSealed, IdentitySealed: identitySealed,
	}}
	if category == "DISCRIMINATION" && g.rng.IntN(10) < 8 {
		c.Grounds = []string{g.pick(groundWeights)}
		if g.rng.IntN(8) == 0 {
			if other := g.pick(groundWeights); other != c.Grounds[0] {
				c.Grounds = append(c.Grounds, other)
				slices.Sort(c.Grounds)
			}
		}
	}
	now := g.o.Now
	happened := func(t time.Time) bool { return !t.After(now) }
	staff := "demo-intake"
	var adviser *Adviser
	if channel == cases.ChannelInternalAdviser || channel == cases.ChannelExternalAdviser || (channel == cases.ChannelWebForm && g.rng.IntN(10) < 4) {
		kind := "INTERNAL"
		if channel == cases.ChannelExternalAdviser {
			kind = "EXTERNAL"
		}
		for tries := 0; tries < 20; tries++ {
			a := g.advisers[g.rng.IntN(len(g.advisers))]
			if a.Kind == kind {
				adviser = &a
				break
			}
		}
		if adviser != nil {
			c.AdviserID = &adviser.ID
			staff = adviser.Subject
		}
	}
	unit := g.units[g.rng.IntN(len(g.units))]
	t := received
	if direct { // told to the employer in person: acknowledged and escalated at once
		c.UnitID, c.EscalatedAt, c.AcknowledgedAt = &unit.ID, &received, &received
		fb, wd := g.policy.FeedbackDue(received), received.Add(g.policy.WeighWithin)
		c.FeedbackDueAt, c.WeighingDueAt = &fb, &wd
		c.Status = cases.StatusWeighing
		c.Pseudonymous = channel == cases.ChannelHR && anonymity != cases.Named
	} else {
		ackAt := t.Add(g.days(0.05, 4))
		if g.rng.IntN(20) == 0 {
			ackAt = t.Add(g.days(7.5, 14)) // late
		}
		if !happened(ackAt) {
			return c, nil // not yet acknowledged
		}
		c.AcknowledgedAt = &ackAt
		fb := g.policy.FeedbackDue(ackAt)
		c.FeedbackDueAt = &fb
		c.Status = cases.StatusInSupport
		t = ackAt
		if m, err := g.message(seal, id, cases.AuthorStaff, staff, "Wij hebben uw melding ontvangen.", ackAt); err == nil {
			c.Messages = append(c.Messages, m)
		} else {
			return Case{}, err
		}
	}
	if adviser != nil {
		for k := 0; k < 1+g.rng.IntN(3); k++ {
			held := t.Add(g.days(0.5, 20))
			if !happened(held) {
				break
			}
			cid := uuid.New()
			notes, err := seal.Conversation(cid, cases.ConversationContent{Notes: "Gesprek over de situatie en de mogelijkheden.", NextStep: "Vervolggesprek"})
			if err != nil {
				return Case{}, err
			}
			c.Conversations = append(c.Conversations, cases.ConversationRecord{ID: cid, CaseID: id, AdviserSubject: adviser.Subject,
				HeldOn: held, Form: "PHONE", DurationMinutes: 20 + g.rng.IntN(60), ContentSealed: notes, CreatedAt: held})
		}
	}
	closeWith := func(outcome string, at time.Time, feedback string) error {
		if !happened(at) {
			return nil
		}
		c.Status, c.Outcome, c.ClosedAt = cases.StatusClosed, outcome, &at
		m, err := g.message(seal, id, cases.AuthorStaff, staff, feedback, at)
		c.Messages = append(c.Messages, m)
		return err
	}
	if !direct {
		if g.rng.IntN(100) < 55 || category == "OTHER" {
			return c, closeWith(g.pick(supportOutcomes), t.Add(g.days(5, 80)), "Uw melding is afgerond. Dank voor uw vertrouwen.")
		}
		escAt := t.Add(g.days(2, 45))
		if !happened(escAt) {
			return c, nil
		}
		wd := escAt.Add(g.policy.WeighWithin)
		c.UnitID, c.EscalatedAt, c.WeighingDueAt, c.Status = &unit.ID, &escAt, &wd, cases.StatusWeighing
		c.Pseudonymous = anonymity != cases.Named && g.rng.IntN(2) == 0
		t = escAt
	}
	weighedAt := t.Add(g.days(1, 25))
	if g.rng.IntN(15) == 0 {
		weighedAt = t.Add(g.days(29, 45)) // late
	}
	if !happened(weighedAt) {
		return c, nil
	}
	outcome := cases.WeighingOutcome(g.pick(map[string]int{"REASONABLE_SUSPICION": 40, "NO_REASONABLE_SUSPICION": 40, "REFER_ELSEWHERE": 10, "RESOLVED_INFORMALLY": 10}))
	ws, err := seal.Weighing("Afgewogen op basis van de melding en de gesprekken.", cases.Checklist{ConcreteFacts: outcome == cases.ReasonableSuspicion, Severity: "MEDIUM"})
	if err != nil {
		return Case{}, err
	}
	c.Weighing = &cases.WeighingRecord{CaseID: id, Outcome: outcome, DecidedBy: unit.ManagerSubject, DecidedAt: weighedAt, ContentSealed: ws}
	c.WeighedAt = &weighedAt
	t = weighedAt
	staff = unit.ManagerSubject
	if closing, closes := cases.ClosingOutcome(outcome); closes {
		// As cases.Service.Weigh does: a weighing other than a reasonable suspicion closes the
		// case at once, with the outcome it stands for (no reasonable suspicion, referred,
		// resolved informally).
		return c, closeWith(closing, weighedAt, "De werkgever heeft uw melding gewogen en afgerond.")
	}
	// Fact-finding: the weighing puts the case in fact-finding; the plan follows.
	c.Status = cases.StatusFactFinding
	c.PlanAt = t.Add(g.days(0.5, 7))
	if !happened(c.PlanAt) {
		return c, nil
	}
	if c.Plan, err = seal.Plan(cases.Plan{Scope: "Wat is er gebeurd, wanneer en met wie."}); err != nil {
		return Case{}, err
	}
	c.Team = []string{fmt.Sprintf("demo-ita-%d", 1+g.rng.IntN(6)), fmt.Sprintf("demo-ita-%d", 7+g.rng.IntN(6))}
	t = c.PlanAt
	norms := []string{"CAT-" + string(category)}
	if category == "DISCRIMINATION" {
		norms = []string{"GC-1.2"}
	}
	if g.rng.IntN(3) == 0 {
		norms = append(norms, "GC-1.1")
	}
	for _, n := range norms {
		aid := uuid.New()
		d, err := seal.AllegationText(aid, "description", "Gedrag in strijd met "+n+".")
		if err != nil {
			return Case{}, err
		}
		c.Allegations = append(c.Allegations, cases.AllegationRecord{ID: aid, CaseID: id, NormID: n, Severity: g.pick(map[string]int{"LOW": 3, "MEDIUM": 5, "HIGH": 2}),
			DescriptionSealed: d, AddedBy: c.Team[0], AddedAt: t.Add(time.Hour)})
	}
	heardAt := t.Add(g.days(10, 45))
	if !happened(heardAt) {
		return c, nil
	}
	c.Hearing = &cases.HearingRecord{CaseID: id, HeldOn: heardAt, Declined: true, RecordedBy: c.Team[0]}
	findingsAt := heardAt.Add(g.days(1, 10))
	if !happened(findingsAt) {
		return c, nil
	}
	var facts sanctions.Facts
	for k := range c.Allegations {
		a := &c.Allegations[k]
		a.Finding = cases.Finding(g.pick(map[string]int{"PROVEN": 50, "PARTLY_PROVEN": 15, "NOT_PROVEN": 35}))
		if a.ReasoningSealed, err = seal.AllegationText(a.ID, "reasoning", "Op grond van de verklaringen."); err != nil {
			return Case{}, err
		}
		facts.Findings = append(facts.Findings, sanctions.Finding{NormID: a.NormID, Outcome: sanctions.Outcome(a.Finding), Severity: sanctions.Severity(a.Severity)})
	}
	c.RuleSet = g.rules.Version()
	c.Status = cases.StatusAssessment
	c.AssessedAt = findingsAt.Add(g.days(0.5, 5))
	if !happened(c.AssessedAt) {
		return c, nil
	}
	if c.Assessment, err = seal.Assessment("De bewezen feiten zijn gekwalificeerd aan de hand van de gedragscode."); err != nil {
		return Case{}, err
	}
	if g.rng.IntN(3) == 0 {
		facts.Mitigating = []string{"REMORSE_AND_REPAIR"}
	}
	res, err := g.rules.Evaluate(facts)
	if err != nil {
		return Case{}, err
	}
	decideAt := c.AssessedAt.Add(g.days(0.5, 10))
	if res.NoSanctionAllowed || !happened(decideAt) {
		if res.NoSanctionAllowed {
			return c, closeWith("NOT_PROVEN", decideAt, "Het onderzoek is afgerond; de feiten zijn niet bewezen.")
		}
		return c, nil
	}
	if !res.ZeroTolerance && g.rng.IntN(10) == 0 { // proven, but no sanction where the rules allow it
		return c, closeWith("PROVEN_WITHOUT_SANCTION", decideAt, "Het onderzoek is afgerond.")
	}
	chosen := *res.Recommended
	lighter := false
	if g.rng.IntN(5) == 0 && res.Allowed[0] != chosen { // a lighter allowed one, motivated
		chosen, lighter = res.Allowed[0], true
	}
	sr := &cases.SanctionRecord{CaseID: id, Sanction: string(chosen), Recommended: string(*res.Recommended), RuleSetVersion: res.RuleSetVersion,
		Lighter: lighter, FactsKnownAt: findingsAt, DecidedAt: decideAt, DecidedBy: unit.ManagerSubject,
		Circumstances: `{"Aggravating":null,"Mitigating":` + jsonList(facts.Mitigating) + `,"PriorViolations":0}`, FiredRules: "[]"}
	if lighter {
		if sr.MotivationSealed, err = seal.Motivation("Eerste overtreding; betrokkene heeft spijt betuigd en volgt een training."); err != nil {
			return Case{}, err
		}
	}
	sr.Late = chosen == sanctions.SummaryDismissal && decideAt.Sub(sr.FactsKnownAt) > g.policy.DismissPromptly
	c.Sanction = sr
	c.Status = cases.StatusSanction
	return c, closeWith("PROVEN_WITH_SANCTION", decideAt.Add(g.days(0.5, 5)), "Het onderzoek is afgerond en er zijn maatregelen genomen.")
}

func jsonList(xs []string) string {
	if len(xs) == 0 {
		return "null"
	}
	return `["` + strings.Join(xs, `","`) + `"]`
}

func (g *gen) message(seal cases.Sealer, caseID uuid.UUID, author cases.Author, subject, body string, at time.Time) (cases.MessageRecord, error) {
	id := uuid.New()
	sealed, err := seal.Message(id, author, cases.Message{Body: body, SentAt: at})
	return cases.MessageRecord{ID: id, CaseID: caseID, Author: author, AuthorSubject: subject, BodySealed: sealed, SentAt: at}, err
}
