package report

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/utrecht/meldpunt/internal/report/disclosure"
	"github.com/utrecht/meldpunt/internal/taxonomy"
)

// The tests in this file attack the artefact: the JSON that is published, read back as any
// reader would, with the relations it declares (and that the lifecycle makes true).

// genOrg generates one year of an organisation of n reports whose counts follow the lifecycle
// of a case (cases.Service): a weighing other than "reasonable suspicion" closes the case at once
// with its outcome, grounds only on discrimination reports, fact-finding ends proven or not,
// and so on. It returns the year's counts and the comparison with four earlier years.
func genOrg(rng *rand.Rand, n, year int) (Raw, []YearRaw) {
	split := func(total int, codes []string) map[string]int {
		w := make([]float64, len(codes))
		sum := 0.0
		for i := range w {
			w[i] = math.Pow(rng.Float64(), 2) + 0.01
			sum += w[i]
		}
		m := map[string]int{}
		for _, c := range codes {
			m[c] = 0
		}
		for range total {
			x := rng.Float64() * sum
			for i, c := range codes {
				if x -= w[i]; x <= 0 || i == len(codes)-1 {
					m[c]++
					break
				}
			}
		}
		return m
	}
	frac := func(total int, lo, hi float64) int {
		return int(math.Round(float64(total) * (lo + rng.Float64()*(hi-lo))))
	}
	codesOf := func(cls []codeLabel) []string {
		var out []string
		for _, c := range cls {
			out = append(out, c.code)
		}
		return out
	}
	dirs := []string{"Bedrijfsvoering", "Dienstverlening", "Sociaal Domein", "Stadsontwikkeling", "Veiligheid", "Onderwijs",
		"Ruimte", "Publieke Gezondheid", "Wonen", "Werk en Inkomen"}[:3+rng.IntN(8)]
	r := Raw{Year: year, Reports: n, Durations: map[string]Duration{}, Deadlines: map[string]Compliance{}}
	r.ReportsByChannel = split(n, codesOf(channelsNL))
	r.ReportsByCategory = split(n, codesOf(taxonomyLabels(taxonomy.Categories())))
	r.ReportsByAnonymity = split(n, codesOf(anonymityNL))
	r.ReportsByUnit = split(n, append([]string{""}, dirs...))
	// Grounds: every discrimination report names one, some a second one.
	grounds := codesOf(taxonomyLabels(taxonomy.Grounds()))
	r.GroundMentions = map[string]int{}
	for range r.ReportsByCategory["DISCRIMINATION"] {
		a := rng.IntN(len(grounds))
		r.GroundMentions[grounds[a]]++
		if rng.IntN(4) == 0 {
			r.GroundMentions[grounds[(a+1+rng.IntN(len(grounds)-1))%len(grounds)]]++
		}
	}
	// Conversations: every employee who had one had at least one.
	r.ReportersInConversation = map[string]int{"INTERNAL": frac(n, 0.2, 0.6), "EXTERNAL": frac(n, 0, 0.15)}
	r.Conversations = map[string]int{}
	for k, v := range r.ReportersInConversation {
		r.Conversations[k] = v + frac(v, 0, 1.5)
	}
	// Escalation and weighing.
	r.Escalations = frac(n, 0.1, 0.4)
	w := frac(r.Escalations, 0.7, 1.05)
	r.WeighingsByOutcome = split(w, codesOf(weighingNL))
	r.Investigations = frac(r.WeighingsByOutcome["REASONABLE_SUSPICION"], 0.6, 1.1)
	r.InvestigationsByUnit = split(r.Investigations, dirs)
	// Closures: weighings close at once; support closes some cases; fact-finding ends in findings.
	factFinding := frac(r.WeighingsByOutcome["REASONABLE_SUSPICION"], 0.5, 1.0)
	ff := split(factFinding, []string{"NOT_PROVEN", "PROVEN_WITHOUT_SANCTION", "PROVEN_WITH_SANCTION"})
	r.OutcomesByOutcome = map[string]int{
		"NO_REASONABLE_SUSPICION": r.WeighingsByOutcome["NO_REASONABLE_SUSPICION"],
		"REFERRED":                r.WeighingsByOutcome["REFER_ELSEWHERE"] + frac(n, 0, 0.05),
		"RESOLVED_INFORMALLY":     r.WeighingsByOutcome["RESOLVED_INFORMALLY"] + frac(n, 0.05, 0.3),
		"MEDIATED":                frac(n, 0, 0.05), "WITHDRAWN": frac(n, 0, 0.05),
	}
	for k, v := range ff {
		r.OutcomesByOutcome[k] = v
	}
	r.FindingsByResult = map[string]int{}
	for range ff["NOT_PROVEN"] {
		r.FindingsByResult["NOT_PROVEN"] += 1 + rng.IntN(2)
	}
	for range ff["PROVEN_WITHOUT_SANCTION"] + ff["PROVEN_WITH_SANCTION"] {
		r.FindingsByResult[[]string{"PROVEN", "PARTLY_PROVEN"}[rng.IntN(2)]]++
		for range rng.IntN(3) {
			r.FindingsByResult[[]string{"PROVEN", "PARTLY_PROVEN", "NOT_PROVEN"}[rng.IntN(3)]]++
		}
	}
	r.ProvenDiscriminationSanctioned = frac(ff["PROVEN_WITH_SANCTION"], 0, 0.5)
	r.ProvenDiscrimination = r.ProvenDiscriminationSanctioned + rng.IntN(min(2, ff["PROVEN_WITHOUT_SANCTION"])+1)
	r.Decisions = ff["PROVEN_WITH_SANCTION"] + rng.IntN(3)
	r.SanctionsByType = split(r.Decisions, codesOf(sanctionsNL))
	r.Lighter = frac(r.Decisions, 0, 0.3)
	r.Heavier = frac(r.Decisions-r.Lighter, 0, 0.2)
	closed := 0
	for _, v := range r.OutcomesByOutcome {
		closed += v
	}
	dur := func(n int) Duration {
		if n == 0 {
			return Duration{}
		}
		m := 1 + rng.Float64()*40
		return Duration{N: n, Median: m, P90: m * (1 + rng.Float64()*2)}
	}
	r.Durations["acknowledgement"] = dur(n - frac(n, 0, 0.05))
	r.Durations["weighing"] = dur(w)
	r.Durations["fact_finding"] = dur(factFinding)
	r.Durations["closure"] = dur(closed)
	for _, d := range []struct {
		id  string
		due int
	}{{"acknowledgement", n - frac(n, 0, 0.05)}, {"feedback", frac(n, 0.5, 0.9)}, {"weighing", frac(r.Escalations, 0.8, 1)}} {
		r.Deadlines[d.id] = Compliance{Due: d.due, Met: d.due - frac(d.due, 0, 0.2)}
	}
	var years []YearRaw
	for y := year - 4; y < year; y++ {
		years = append(years, YearRaw{Year: y, Reports: frac(n, 0.6, 1.2), Conversations: frac(n, 0.3, 1.2),
			Investigations: frac(n, 0, 0.08), Sanctions: frac(n, 0, 0.04)})
	}
	conv := 0
	for _, v := range r.Conversations {
		conv += v
	}
	years = append(years, YearRaw{Year: year, Reports: n, Conversations: conv, Investigations: r.Investigations, Sanctions: r.Decisions})
	return r, years
}

// orgSize is a size between 15 and 3,000 reports, spread evenly on a log scale.
func orgSize(rng *rand.Rand) int {
	return int(math.Round(15 * math.Pow(200, rng.Float64())))
}

// published reads a published report's JSON as a reader would: every number that is a count,
// by cell id (nil when suppressed), whether the zero-tolerance flag is raised, and the declared
// relations. unknown lists the numbers (and booleans) it does not know what to make of: a new
// field of the report that the disclosure control would not see.
type published struct {
	counts    map[string]*int
	order     []string
	flagged   bool
	relations []Relation
	threshold int
	small     map[string]bool // suppressed counts the report marks small ("< 5"); the others are at least the threshold
	unknown   []string
}

func readPublished(data []byte) (published, error) {
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		return published{}, err
	}
	pub := published{counts: map[string]*int{}, small: map[string]bool{}}
	put := func(id string, v any) {
		if _, dup := pub.counts[id]; dup {
			pub.unknown = append(pub.unknown, "duplicate "+id)
		}
		pub.order = append(pub.order, id)
		if f, ok := v.(float64); ok {
			n := int(f)
			pub.counts[id] = &n
		} else {
			pub.counts[id] = nil
		}
	}
	str := func(m map[string]any, k string) string { s, _ := m[k].(string); return s }
	// walk visits every leaf; ctx holds the enclosing objects' ids, codes and years.
	var walk func(v any, path []string, ctx map[string]string)
	walk = func(v any, path []string, ctx map[string]string) {
		switch x := v.(type) {
		case map[string]any:
			c := map[string]string{}
			for k, v := range ctx {
				c[k] = v
			}
			if id := str(x, "id"); id != "" {
				c["id"] = id
			}
			if code, ok := x["code"].(string); ok {
				c["code"] = code
			}
			if y, ok := x["year"].(float64); ok && len(path) > 0 {
				c["year"] = strconv.Itoa(int(y))
			}
			for k, v := range x {
				walk(v, append(slices.Clone(path), k), c)
			}
			return
		case []any:
			for _, v := range x {
				walk(v, append(slices.Clone(path), "[]"), ctx)
			}
			return
		case string:
			if p := strings.Join(path, "."); p == "zero_tolerance.small.[]" {
				pub.small["zero_tolerance."+x] = true
			} else if p == "years.[].small.[]" {
				pub.small["years."+ctx["year"]+"."+x] = true
			}
			return
		}
		p := strings.Join(path, ".")
		switch {
		case p == "year" || p == "threshold":
			if p == "threshold" {
				pub.threshold = int(v.(float64))
			}
		case p == "sections.[].tables.[].rows.[].count":
			put(ctx["id"]+"."+ctx["code"], v)
		case p == "sections.[].tables.[].rows.[].small":
			pub.small[ctx["id"]+"."+ctx["code"]] = v.(bool)
		case p == "sections.[].tables.[].total_small":
			pub.small[ctx["id"]+".total"] = v.(bool)
		case p == "sections.[].figures.[].n_small":
			pub.small[ctx["id"]+".n"] = v.(bool)
		case p == "sections.[].tables.[].total":
			put(ctx["id"]+".total", v)
		case p == "sections.[].figures.[].n":
			put(ctx["id"]+".n", v)
		case p == "sections.[].figures.[].value" || p == "sections.[].figures.[].p90":
			// A median or share over N: not a count; published only with N.
		case p == "zero_tolerance.flagged":
			pub.flagged = v.(bool)
		case strings.HasPrefix(p, "zero_tolerance.") && len(path) == 2:
			put(p, v)
		case p == "years.[].year":
		case strings.HasPrefix(p, "years.[].") && len(path) == 3:
			put("years."+ctx["year"]+"."+path[2], v)
		case p == "relations" && v == nil:
		default:
			pub.unknown = append(pub.unknown, fmt.Sprintf("%s = %v", p, v))
		}
	}
	walk(doc, nil, map[string]string{})
	var rels struct {
		Relations []Relation `json:"relations"`
	}
	err := json.Unmarshal(data, &rels)
	pub.relations = rels.Relations
	slices.Sort(pub.order)
	return pub, err
}

// attackPublished builds the attacker's integer programme from the published JSON alone — its
// counts, its declared relations, its flag — and solves it exactly (disclosure.Audit: the
// minimum and maximum of every suppressed count over all non-negative integer solutions). The
// true values of the suppressed counts serve only as a known solution to start the search from
// and to tell which suppressed counts are small (which the HTML says: "< 5").
func attackPublished(t testing.TB, data []byte, truth map[string]int) []disclosure.Leak {
	t.Helper()
	pub, err := readPublished(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(pub.unknown) > 0 {
		t.Fatalf("numbers in the published report that are not counts the disclosure control knows: %v", pub.unknown)
	}
	// The report tells a small suppressed count ("< 5") from one suppressed to protect another
	// ("afgeschermd", so at least the threshold): the attacker knows which is which.
	p := disclosure.Problem{Threshold: pub.threshold, StrictAttacker: true}
	res := disclosure.Result{Suppressed: map[string]bool{}}
	for _, id := range pub.order {
		v := pub.counts[id]
		c := disclosure.Cell{ID: id}
		if v != nil {
			c.Value = *v
		} else {
			tv, ok := truth[id]
			if !ok {
				t.Fatalf("no true value for %s", id)
			}
			c.Value = tv
			res.Suppressed[id] = true
			if small := tv < pub.threshold; pub.small[id] != small {
				t.Fatalf("%s is suppressed with value %d, but the report marks it small=%v", id, tv, pub.small[id])
			}
		}
		if id == "zero_tolerance.not_sanctioned" {
			if pub.flagged {
				c.AtLeast = 1
			} else {
				c.Kind, res.Suppressed[id] = disclosure.Public, false // the flag says it is 0
			}
		}
		p.Add(c)
	}
	for k, rel := range pub.relations {
		aux := "attacker." + strconv.Itoa(k)
		switch {
		case rel.Kind == RelEqual && len(rel.Left) > 0 && len(rel.Right) > 0:
			p.Equal(aux, rel.Left, rel.Right)
		case rel.Kind == RelLessEq && rel.Difference != "":
			p.LessEq(rel.Difference, disclosure.Hidden, rel.Left, rel.Right)
		case rel.Kind == RelLessEq && len(rel.Left) > 0:
			p.LessEq(aux, disclosure.Auxiliary, rel.Left, rel.Right)
		}
	}
	return disclosure.Audit(p, res)
}

// truthOf is every count of the unprotected report, by cell id.
func truthOf(raw Raw, years []YearRaw) map[string]int {
	u := build(raw, years, 5, "Gemeente", now)
	truth := map[string]int{}
	cells(&u, func(id string, v **int) { truth[id] = **v })
	return truth
}

// attackOrgs builds and attacks the reports of n generated organisations and counts the cells
// pinned exactly and narrowed below the threshold.
func attackOrgs(t testing.TB, seed uint64, n int, verbose bool) (pinned, narrowed, published, reportsLeaking int) {
	pinned, narrowed, published, reportsLeaking, _, _ = attackOrgsCounting(t, seed, n, verbose)
	return
}

// attackOrgsCounting is attackOrgs that also counts the cells and the suppressed ones.
func attackOrgsCounting(t testing.TB, seed uint64, n int, verbose bool) (pinned, narrowed, published, reportsLeaking, cellCount, suppressed int) {
	rng := rand.New(rand.NewPCG(seed, 18))
	for i := range n {
		size := orgSize(rng)
		raw, years := genOrg(rng, size, 2026)
		r := Build(raw, years, 5, "Gemeente", now)
		data, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		leaks := attackPublished(t, data, truthOf(raw, years))
		cells(&r, func(_ string, v **int) {
			cellCount++
			if *v == nil {
				suppressed++
			}
		})
		for _, l := range leaks {
			switch l.Reason {
			case disclosure.ReasonExact:
				pinned++
			case disclosure.ReasonNarrow:
				narrowed++
			case disclosure.ReasonPublished:
				published++
			default:
				t.Errorf("organisation %d (%d reports): %v", i, size, l)
			}
		}
		if len(leaks) > 0 {
			reportsLeaking++
			if verbose {
				t.Logf("organisation %d (%d reports): %v", i, size, leaks)
			}
		}
	}
	return
}

// An attacker with the published JSON of 200 organisations of 15 to 3,000 reports, its declared
// relations and exact integer programming recovers nothing: no suppressed count exactly, none
// narrowed to one or two values below the threshold.
func TestAttackerOnPublishedJSONRecoversNothing(t *testing.T) {
	pinned, narrowed, published, leaking := attackOrgs(t, 1, 200, true)
	if pinned+narrowed+published > 0 {
		t.Errorf("of 200 reports %d leak: %d counts pinned exactly, %d narrowed below the threshold, %d small published",
			leaking, pinned, narrowed, published)
	}
}

// TestAttackerMeasurement is the larger run: MELDPUNT_ATTACK_ORGS organisations (see
// scripts/report-attack). It prints the figures.
func TestAttackerMeasurement(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("MELDPUNT_ATTACK_ORGS"))
	if n == 0 {
		t.Skip("set MELDPUNT_ATTACK_ORGS to the number of organisations")
	}
	pinned, narrowed, published, leaking, all, suppressed := attackOrgsCounting(t, 2, n, false)
	fmt.Printf("organisations: %d (15-3000 reports)\nreports leaking: %d\ncounts pinned exactly: %d\ncounts narrowed below the threshold: %d\nsmall counts published: %d\ncounts shown: %d, suppressed: %d\n",
		n, leaking, pinned, narrowed, published, all, suppressed)
	if pinned+narrowed+published > 0 {
		t.Fail()
	}
}

// Every number of the published JSON is a count the disclosure control protects (or a year,
// the threshold, or a figure's value that goes with its N): a field added to the report without
// a cell fails here.
func TestEveryPublishedNumberIsACell(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 18))
	for range 20 {
		raw, years := genOrg(rng, orgSize(rng), 2026)
		r := build(raw, years, 5, "Gemeente", now)
		problemOf(&r, 5) // declares the relations
		data, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		pub, err := readPublished(data)
		if err != nil {
			t.Fatal(err)
		}
		if len(pub.unknown) > 0 {
			t.Fatalf("published numbers without a cell: %v", pub.unknown)
		}
		var ids []string
		cells(&r, func(id string, _ **int) { ids = append(ids, id) })
		slices.Sort(ids)
		if !slices.Equal(ids, pub.order) {
			t.Fatalf("cells %v\npublished %v", ids, pub.order)
		}
		for _, id := range ids {
			if pub.counts[id] == nil {
				t.Fatalf("%s is not in the JSON", id)
			}
		}
	}
}

// Every table and figure declares its relations (possibly none beyond its rows), every declared
// relation names counts of the report, and on data that follow the lifecycle every relation
// holds.
func TestEveryTableAndFigureIsDeclared(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 18))
	for i := range 50 {
		raw, years := genOrg(rng, orgSize(rng), 2026)
		r := build(raw, years, 5, "Gemeente", now)
		for _, s := range r.Sections {
			for _, tb := range s.Tables {
				if _, ok := tableRelations[tb.ID]; !ok {
					t.Errorf("table %s has no declaration in tableRelations", tb.ID)
				}
			}
			for _, f := range s.Figures {
				if _, ok := figureRelations[f.ID]; !ok {
					t.Errorf("figure %s has no declaration in figureRelations", f.ID)
				}
			}
		}
		p, _, broken := problemOf(&r, 5)
		if len(broken) > 0 {
			t.Errorf("organisation %d: relations that lifecycle data break: %+v", i, broken)
		}
		if err := p.Validate(); err != nil {
			t.Fatal(err)
		}
		if len(r.Relations) < 30 {
			t.Fatalf("only %d relations declared", len(r.Relations))
		}
	}
	if t.Failed() {
		return
	}
	// The lifecycle relations of a reader are among them.
	r := build(sampleRaw(), sampleYears(), 5, "Gemeente", now)
	want := []string{
		"duration.fact_finding.n = outcomes.NOT_PROVEN + outcomes.PROVEN_WITHOUT_SANCTION + outcomes.PROVEN_WITH_SANCTION",
		"duration.closure.n = outcomes.total",
		"outcomes.NO_REASONABLE_SUSPICION = weighings.outcome.NO_REASONABLE_SUSPICION",
		"weighings.outcome.REFER_ELSEWHERE <= outcomes.REFERRED",
		"reports.grounds.AGE <= reports.category.DISCRIMINATION",
		"reporters.kind.INTERNAL <= conversations.kind.INTERNAL",
		"years.2026.reports = reports.channel.total",
	}
	var got []string
	for _, rel := range relationsOf(&r) {
		op := map[string]string{RelEqual: "=", RelLessEq: "<="}[rel.Kind]
		got = append(got, strings.Join(rel.Left, " + ")+" "+op+" "+strings.Join(rel.Right, " + "))
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("relation %q not declared", w)
		}
	}
}

// BenchmarkBuildLarge builds and protects the report of a year of 1,000,000 reports (the counts
// only: the database's grouped queries are measured by internal/bench, scripts/bench-report).
func BenchmarkBuildLarge(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 18))
	raw, years := genOrg(rng, 1_000_000, 2026)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		Build(raw, years, 5, "Gemeente", now)
	}
}

// Data that break the lifecycle (three fact-finding closures timed, 25 closed as proven or not)
// do not break the report: the relation is left out of the protection and of what is published.
func TestABrokenRelationIsLeftOut(t *testing.T) {
	r := build(sampleRaw(), sampleYears(), 5, "Gemeente", now)
	_, _, broken := problemOf(&r, 5)
	if len(broken) != 1 || broken[0].Left[0] != "duration.fact_finding.n" {
		t.Fatalf("broken: %+v", broken)
	}
	res := protect(&r, 5)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	for _, rel := range r.Relations {
		if slices.Contains(rel.Left, "duration.fact_finding.n") {
			t.Fatalf("published a relation the data break: %+v", rel)
		}
	}
}
