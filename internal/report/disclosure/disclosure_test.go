package disclosure_test

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/utrecht/meldpunt/internal/report/disclosure"
)

// protect runs Protect and checks what must hold for every problem without Public cells: no
// error, nothing unresolved, nothing the attacker recovers, nothing small published.
func protect(t *testing.T, p disclosure.Problem) disclosure.Result {
	t.Helper()
	r := disclosure.Protect(p)
	if r.Err != nil {
		t.Fatalf("Protect: %v", r.Err)
	}
	if len(r.Unresolved) > 0 {
		t.Fatalf("unresolved: %v", r.Unresolved)
	}
	if leaks := disclosure.Audit(p, r); len(leaks) > 0 {
		t.Fatalf("Audit after Protect: %v\nsuppressed: %v", leaks, ids(r))
	}
	threshold := p.Threshold
	if threshold == 0 {
		threshold = disclosure.DefaultThreshold
	}
	for _, c := range p.Cells {
		if c.Kind == disclosure.Published && c.Value < threshold && !r.Suppressed[c.ID] {
			t.Fatalf("%s = %d published", c.ID, c.Value)
		}
	}
	return r
}

func ids(r disclosure.Result) []string {
	var out []string
	for id, s := range r.Suppressed {
		if s {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

func leakIDs(ls []disclosure.Leak) []string {
	var out []string
	for _, l := range ls {
		out = append(out, l.ID)
	}
	return out
}

// table adds a one-way table: cells id.code for the rows, id.total for the total.
func table(p *disclosure.Problem, id string, rows map[string]int) string {
	total := 0
	var parts []string
	for _, code := range slices.Sorted(maps.Keys(rows)) {
		parts = append(parts, p.Count(id+"."+code, rows[code]))
		total += rows[code]
	}
	p.Sum(p.Count(id+".total", total), parts...)
	return id + ".total"
}

func TestSingleSmallCell(t *testing.T) {
	var p disclosure.Problem
	table(&p, "channel", map[string]int{"WEB": 12, "MAIL": 6, "PHONE": 2, "LETTER": 9})
	r := protect(t, p)
	// The smallest other cell goes with it.
	if got, want := ids(r), []string{"channel.MAIL", "channel.PHONE"}; !slices.Equal(got, want) {
		t.Fatalf("suppressed %v, want %v", got, want)
	}
	if r.Primary != 1 || r.Complementary != 1 {
		t.Fatalf("primary %d, complementary %d", r.Primary, r.Complementary)
	}
	// Without the complementary cell the total gives it away.
	leaks := disclosure.Audit(p, disclosure.PrimaryOnly(p))
	if len(leaks) != 1 || leaks[0].ID != "channel.PHONE" || leaks[0].Reason != disclosure.ReasonExact || leaks[0].Interval.Min != 2 {
		t.Fatalf("attack on primary suppression only: %v", leaks)
	}
	// What the attacker still knows: PHONE in [0, 4] (it was suppressed for being small) and
	// MAIL = 8 − PHONE.
	iv, err := disclosure.Attack(p, r)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]disclosure.Interval{"channel.PHONE": {Min: 0, Max: 4, Exact: true}, "channel.MAIL": {Min: 4, Max: 8, Exact: true}}
	if fmt.Sprint(iv) != fmt.Sprint(want) {
		t.Fatalf("Attack = %v, want %v", iv, want)
	}
}

// Two small cells that sum to 2. Zeros are suppressed like any small count, so the attacker
// only learns that each is 0, 1 or 2: no complementary cell is needed. Had zeros been
// published (modelled here by AtLeast 1: the attacker would know every suppressed cell is at
// least 1), both would be 1.
func TestTwoSmallCellsSummingToTwo(t *testing.T) {
	build := func(atLeast int) disclosure.Problem {
		var p disclosure.Problem
		p.Add(disclosure.Cell{ID: "b", Value: 1, AtLeast: atLeast})
		p.Add(disclosure.Cell{ID: "c", Value: 1, AtLeast: atLeast})
		p.Count("a", 15)
		p.Count("t", 17)
		p.Sum("t", "a", "b", "c")
		return p
	}
	p := build(0)
	r := protect(t, p)
	if got := ids(r); !slices.Equal(got, []string{"b", "c"}) || r.Complementary != 0 {
		t.Fatalf("suppressed %v (complementary %d), want only b and c", got, r.Complementary)
	}
	iv, _ := disclosure.Attack(p, r)
	if iv["b"].Min != 0 || iv["b"].Max != 2 {
		t.Fatalf("b: %+v", iv["b"])
	}

	p = build(1)
	if got := leakIDs(disclosure.Audit(p, disclosure.PrimaryOnly(p))); !slices.Equal(got, []string{"b", "c"}) {
		t.Fatalf("with published zeros b and c should be 1: leaks %v", got)
	}
	r = protect(t, p)
	if got := ids(r); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Fatalf("suppressed %v", got)
	}
}

// Two small cells of 3 and 4 with the rest published: the attacker finds each in [3, 4].
func TestTwoSmallCellsNarrowed(t *testing.T) {
	var p disclosure.Problem
	table(&p, "ground", map[string]int{"RACE": 3, "RELIGION": 4, "GENDER": 11, "AGE": 8})
	leaks := disclosure.Audit(p, disclosure.PrimaryOnly(p))
	if len(leaks) != 2 || leaks[0].Reason != disclosure.ReasonNarrow || leaks[0].Interval != (disclosure.Interval{Min: 3, Max: 4, Exact: true}) {
		t.Fatalf("leaks %v", leaks)
	}
	r := protect(t, p)
	if got := ids(r); !slices.Equal(got, []string{"ground.AGE", "ground.RACE", "ground.RELIGION"}) {
		t.Fatalf("suppressed %v", got)
	}
}

// A small total is suppressed; its rows are all small too. In the parent table it is the only
// suppressed cell, so a complementary cell is needed there.
func TestSmallTotal(t *testing.T) {
	var p disclosure.Problem
	sub := table(&p, "unit.U7", map[string]int{"A": 2, "B": 1, "C": 0})
	p.Sum(p.Count("reports", 41), p.Count("unit.U1", 20), p.Count("unit.U2", 18), sub)
	r := protect(t, p)
	want := []string{"unit.U2", "unit.U7.A", "unit.U7.B", "unit.U7.C", "unit.U7.total"}
	if got := ids(r); !slices.Equal(got, want) {
		t.Fatalf("suppressed %v, want %v", got, want)
	}
	if got := leakIDs(disclosure.Audit(p, disclosure.PrimaryOnly(p))); !slices.Contains(got, "unit.U7.total") {
		t.Fatalf("primary only: leaks %v", got)
	}
}

// The same total under two breakdowns, and a cell that is a row in one table and the total of
// another.
func TestCrossTable(t *testing.T) {
	var p disclosure.Problem
	p.Count("reports", 40)
	p.Sum("reports", p.Count("channel.WEB", 30), p.Count("channel.MAIL", 8), p.Count("channel.PHONE", 2))
	p.Sum("reports", p.Count("category.HARASSMENT", 20), p.Count("category.DISCRIMINATION", 7), p.Count("category.OTHER", 13))
	// Discrimination by ground: 4 + 3.
	p.Sum("category.DISCRIMINATION", p.Count("ground.RACE", 4), p.Count("ground.RELIGION", 3))
	r := protect(t, p)
	// The ground table pins both grounds to [3, 4] unless its total goes; then the category
	// table needs a second cell.
	want := []string{"category.DISCRIMINATION", "category.OTHER", "channel.MAIL", "channel.PHONE", "ground.RACE", "ground.RELIGION"}
	if got := ids(r); !slices.Equal(got, want) {
		t.Fatalf("suppressed %v, want %v", got, want)
	}
}

// Three tables that each hide their two small cells, but together solve them: a+b, a+c and
// b+c are all known, so a = (s1 + s2 − s3)/2. Only the joint attacker sees it.
func TestJointRecovery(t *testing.T) {
	var p disclosure.Problem
	p.Count("a", 1)
	p.Count("b", 2)
	p.Count("c", 3)
	p.Sum(p.Count("t1", 13), "a", "b", p.Count("x", 10))
	p.Sum(p.Count("t2", 24), "a", "c", p.Count("y", 20))
	p.Sum(p.Count("t3", 35), "b", "c", p.Count("z", 30))
	leaks := disclosure.Audit(p, disclosure.PrimaryOnly(p))
	if got := leakIDs(leaks); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Fatalf("leaks %v", leaks)
	}
	for _, l := range leaks {
		if l.Reason != disclosure.ReasonExact || l.Interval.Min != l.Value {
			t.Fatalf("leak %v", l)
		}
	}
	r := protect(t, p)
	if r.Complementary != 1 {
		t.Fatalf("suppressed %v", ids(r))
	}
}

// A unit × category table with its margins published: the classic case where a suppressed
// cell must be covered in its row and in its column, and the covering cells in theirs.
func TestGrid(t *testing.T) {
	units := []string{"U1", "U2", "U3", "U4"}
	cats := []string{"HARASSMENT", "DISCRIMINATION", "INTEGRITY"}
	vals := [][]int{
		{12, 3, 9},
		{7, 8, 6},
		{0, 11, 14},
		{10, 9, 2},
	}
	var p disclosure.Problem
	rowT := make([]string, len(units))
	colT := make([]string, len(cats))
	cells := make([][]string, len(units))
	grand := 0
	for i, u := range units {
		s := 0
		for j, c := range cats {
			cells[i] = append(cells[i], p.Count(u+"."+c, vals[i][j]))
			s += vals[i][j]
		}
		rowT[i] = p.Count("unit."+u, s)
		grand += s
	}
	for j, c := range cats {
		s := 0
		for i := range units {
			s += vals[i][j]
		}
		colT[j] = p.Count("category."+c, s)
	}
	p.Count("reports", grand)
	p.Grid("reports", rowT, colT, cells)
	if leaks := disclosure.Audit(p, disclosure.PrimaryOnly(p)); len(leaks) != 3 {
		t.Fatalf("primary only: %v", leaks)
	}
	r := protect(t, p)
	if r.Primary != 3 {
		t.Fatalf("primary %d", r.Primary)
	}
	t.Logf("suppressed %v", ids(r))
}

// A subset: 7 sanction decisions of which 5 lighter than the guidance tells that 2 were not.
// The difference is a Hidden cell, protected like a suppressed one.
func TestSubset(t *testing.T) {
	var p disclosure.Problem
	p.Count("decisions", 7)
	p.Count("lighter", 5)
	rest := p.Subset("lighter", "decisions")
	if rest != `decisions\lighter` {
		t.Fatalf("hidden id %q", rest)
	}
	if got := leakIDs(disclosure.Audit(p, disclosure.PrimaryOnly(p))); !slices.Equal(got, []string{rest}) {
		t.Fatalf("primary only: %v", got)
	}
	r := protect(t, p)
	if got := ids(r); !slices.Equal(got, []string{"lighter"}) {
		t.Fatalf("suppressed %v", got)
	}
	// Zero tolerance: proven = sanctioned + not sanctioned, and the report always says whether
	// every case was sanctioned. Here it was not: the reader knows "not sanctioned" ≥ 1.
	p = disclosure.Problem{}
	p.Count("proven", 9)
	p.Count("sanctioned", 7)
	p.Add(disclosure.Cell{ID: "not_sanctioned", Value: 2, AtLeast: 1})
	p.Sum("proven", "sanctioned", "not_sanctioned")
	r = protect(t, p)
	if got := ids(r); !slices.Equal(got, []string{"not_sanctioned", "sanctioned"}) {
		t.Fatalf("suppressed %v", got)
	}
	if iv, _ := disclosure.Attack(p, r); iv["not_sanctioned"] != (disclosure.Interval{Min: 1, Max: 4, Exact: true}) {
		t.Fatalf("not sanctioned: %+v", iv["not_sanctioned"])
	}
}

// Complementary suppression cascades up and down a hierarchy: Y's rows (4, 3) pin each other
// to [3, 4] until Y goes; Y in the top table needs a partner (X, the smallest); X is the total
// of its own breakdown, which then needs one of its rows.
func TestCascade(t *testing.T) {
	var p disclosure.Problem
	p.Sum(p.Count("top", 56), p.Count("X", 20), p.Count("Y", 7), p.Count("Z", 29))
	p.Sum("Y", p.Count("Y1", 4), p.Count("Y2", 3))
	p.Sum("X", p.Count("X1", 12), p.Count("X2", 8))
	r := protect(t, p)
	want := []string{"X", "X2", "Y", "Y1", "Y2"}
	if got := ids(r); !slices.Equal(got, want) {
		t.Fatalf("suppressed %v, want %v", got, want)
	}
	if r.Primary != 2 || r.Complementary != 3 {
		t.Fatalf("primary %d, complementary %d", r.Primary, r.Complementary)
	}
}

// A table whose only non-zero row is large: publishing the row and the total would give the
// (suppressed) zeros away by subtraction, so the row goes too.
func TestOneNonZeroRow(t *testing.T) {
	var p disclosure.Problem
	table(&p, "anonymity", map[string]int{"NAMED": 12, "ANONYMOUS": 0, "CONFIDENTIAL": 0})
	if got := leakIDs(disclosure.Audit(p, disclosure.PrimaryOnly(p))); !slices.Equal(got, []string{"anonymity.ANONYMOUS", "anonymity.CONFIDENTIAL"}) {
		t.Fatalf("primary only: %v", got)
	}
	r := protect(t, p)
	if got := ids(r); !slices.Equal(got, []string{"anonymity.ANONYMOUS", "anonymity.CONFIDENTIAL", "anonymity.NAMED"}) {
		t.Fatalf("suppressed %v", got)
	}
}

// The strict attacker knows a complementary cell is at least the threshold. Zero tolerance with
// the flag "not every case was sanctioned" (not sanctioned ≥ 1): proven 6 = 5 + 1. Suppressing
// "sanctioned" suffices against the default attacker (not sanctioned in [1, 4]); the strict one
// knows sanctioned ≥ 5, so not sanctioned ≤ 1: exactly 1, unless proven goes too.
func TestStrictAttacker(t *testing.T) {
	build := func(strict bool) disclosure.Problem {
		p := disclosure.Problem{StrictAttacker: strict}
		p.Count("proven", 6)
		p.Count("sanctioned", 5)
		p.Add(disclosure.Cell{ID: "not_sanctioned", Value: 1, AtLeast: 1})
		p.Sum("proven", "sanctioned", "not_sanctioned")
		return p
	}
	r := protect(t, build(false))
	if got := ids(r); !slices.Equal(got, []string{"not_sanctioned", "sanctioned"}) {
		t.Fatalf("suppressed %v", got)
	}
	strict := build(true)
	if got := leakIDs(disclosure.Audit(strict, r)); !slices.Equal(got, []string{"not_sanctioned", "sanctioned"}) {
		t.Fatalf("strict attacker on the default result: %v", got)
	}
	r = protect(t, strict)
	if got := ids(r); !slices.Equal(got, []string{"not_sanctioned", "proven", "sanctioned"}) {
		t.Fatalf("suppressed %v", got)
	}
}

// The same problem, with its cells and constraints in another order, gives the same result.
func TestDeterministic(t *testing.T) {
	p := realistic(3, 1600)
	want := ids(disclosure.Protect(p))
	rng := rand.New(rand.NewPCG(5, 6))
	for range 3 {
		q := p
		q.Cells = slices.Clone(p.Cells)
		rng.Shuffle(len(q.Cells), func(i, j int) { q.Cells[i], q.Cells[j] = q.Cells[j], q.Cells[i] })
		q.Constraints = slices.Clone(p.Constraints)
		rng.Shuffle(len(q.Constraints), func(i, j int) { q.Constraints[i], q.Constraints[j] = q.Constraints[j], q.Constraints[i] })
		for k := range q.Constraints {
			parts := slices.Clone(q.Constraints[k].Parts)
			rng.Shuffle(len(parts), func(i, j int) { parts[i], parts[j] = parts[j], parts[i] })
			q.Constraints[k].Parts = parts
		}
		if got := ids(disclosure.Protect(q)); !slices.Equal(got, want) {
			t.Fatal("different result for the same problem")
		}
	}
}

// Public cells are known anyway; when they pin a small count nothing can be done, and Protect
// says so.
func TestPublicUnresolved(t *testing.T) {
	var p disclosure.Problem
	p.Add(disclosure.Cell{ID: "last_year.reports", Value: 7, Kind: disclosure.Public})
	p.Count("last_year.web", 3)
	p.Count("last_year.mail", 4)
	p.Sum("last_year.reports", "last_year.web", "last_year.mail")
	r := disclosure.Protect(p)
	if got := leakIDs(r.Unresolved); !slices.Equal(got, []string{"last_year.mail", "last_year.web"}) {
		t.Fatalf("unresolved %v", r.Unresolved)
	}
	if got := leakIDs(disclosure.Audit(p, r)); !slices.Equal(got, leakIDs(r.Unresolved)) {
		t.Fatalf("audit %v", got)
	}
}

func TestInvalid(t *testing.T) {
	for name, p := range map[string]disclosure.Problem{
		"sum":       {Cells: []disclosure.Cell{{ID: "t", Value: 5}, {ID: "a", Value: 2}}, Constraints: []disclosure.Constraint{{Total: "t", Parts: []string{"a"}}}},
		"unknown":   {Cells: []disclosure.Cell{{ID: "t", Value: 5}}, Constraints: []disclosure.Constraint{{Total: "t", Parts: []string{"a"}}}},
		"duplicate": {Cells: []disclosure.Cell{{ID: "t", Value: 5}, {ID: "t", Value: 5}}},
		"negative":  {Cells: []disclosure.Cell{{ID: "t", Value: -1}}},
		"threshold": {Cells: []disclosure.Cell{{ID: "t", Value: 1}}, Threshold: 1},
	} {
		if p.Validate() == nil {
			t.Errorf("%s: valid", name)
		}
		r := disclosure.Protect(p)
		if r.Err == nil || len(r.Suppressed) == 0 {
			t.Errorf("%s: %+v", name, r)
		}
		if l := disclosure.Audit(p, r); len(l) != 1 || l[0].Reason != disclosure.ReasonInvalid {
			t.Errorf("%s: audit %v", name, l)
		}
	}
	var p disclosure.Problem
	p.Count("a", 3)
	p.Count("a", 4)
	if p.Validate() == nil {
		t.Error("same id, different values: valid")
	}
}

// gen describes random problems: size scales the number of tables, the grid and the
// drill-downs; small is the share of counts below the threshold.
type gen struct {
	size   int
	small  float64
	strict bool
}

// randomProblem builds a report-like problem: shared totals under several breakdowns,
// drill-downs (a row that is the total of another table), a two-way table whose margins are
// breakdowns of a shared total, and subsets. Counts are a mix of small ones and larger ones.
func randomProblem(rng *rand.Rand, g gen) disclosure.Problem {
	size := g.size
	p := disclosure.Problem{Threshold: []int{5, 5, 5, 3, 10}[rng.IntN(5)], StrictAttacker: g.strict}
	if g.strict && p.Threshold < 5 {
		// A strict attacker knows that a suppressed total of two small cells is at least 3 and
		// each cell at most 2: both are 1 or 2, whatever is suppressed (see the package doc).
		p.Threshold = 5
	}
	n := 0
	newID := func(prefix string) string { n++; return fmt.Sprintf("%s%d", prefix, n) }
	count := func() int {
		if rng.Float64() < g.small {
			return rng.IntN(p.Threshold)
		}
		return p.Threshold + rng.IntN(25)
	}
	// split t into k parts, biased towards small parts.
	split := func(t, k int) []int {
		parts := make([]int, k)
		rem := t
		for i := 0; i < k-1; i++ {
			var x int
			if rng.Float64() < g.small {
				x = rng.IntN(min(p.Threshold, rem+1))
			} else {
				x = rng.IntN(rem + 1)
			}
			parts[i] = x
			rem -= x
		}
		parts[k-1] = rem
		rng.Shuffle(k, func(i, j int) { parts[i], parts[j] = parts[j], parts[i] })
		return parts
	}
	var leaves []string // cells that may be broken down further
	values := map[string]int{}
	add := func(id string, v int) string {
		values[id] = v
		return p.Count(id, v)
	}
	breakdown := func(total string, k int) {
		var parts []string
		for _, v := range split(values[total], k) {
			id := add(newID("c"), v)
			parts = append(parts, id)
			leaves = append(leaves, id)
		}
		p.Sum(total, parts...)
	}
	var roots []string
	for range 1 + rng.IntN(1+size) {
		k := 2 + rng.IntN(4)
		var parts []string
		total := 0
		for range k {
			v := count()
			parts = append(parts, add(newID("c"), v))
			total += v
		}
		root := add(newID("t"), total)
		p.Sum(root, parts...)
		leaves = append(leaves, parts...)
		roots = append(roots, root)
		for range rng.IntN(3) { // the same total under other breakdowns
			breakdown(root, 2+rng.IntN(4))
		}
	}
	if rng.IntN(2) == 0 { // a two-way table whose grand total is a root
		rows, cols := 2+rng.IntN(2+size), 2+rng.IntN(2+size)
		cells := make([][]string, rows)
		rowSum, colSum := make([]int, rows), make([]int, cols)
		grand := 0
		for i := range cells {
			for j := range cols {
				v := count()
				cells[i] = append(cells[i], add(newID("g"), v))
				rowSum[i] += v
				colSum[j] += v
				grand += v
			}
		}
		var rowT, colT []string
		for _, s := range rowSum {
			rowT = append(rowT, add(newID("r"), s))
		}
		for _, s := range colSum {
			colT = append(colT, add(newID("k"), s))
		}
		g := add(newID("G"), grand)
		p.Grid(g, rowT, colT, cells)
		if rng.IntN(2) == 0 {
			breakdown(g, 2+rng.IntN(3))
		}
		leaves = append(leaves, rowT...)
	}
	for range rng.IntN(3 * size) { // drill-downs
		if len(leaves) == 0 {
			break
		}
		i := rng.IntN(len(leaves))
		id := leaves[i]
		leaves = slices.Delete(leaves, i, i+1)
		breakdown(id, 2+rng.IntN(3))
	}
	for range rng.IntN(1 + size) { // a subset of a breakdown total: a new cell below it
		super := roots[rng.IntN(len(roots))]
		add(newID("s"), rng.IntN(values[super]+1))
		p.Subset(fmt.Sprintf("s%d", n), super)
	}
	return p
}

// The property: over thousands of random problems, the attacker recovers nothing from what
// Protect publishes; and the attacker is shown to work on primary suppression alone.
func TestRandomProblems(t *testing.T) {
	runs := []struct {
		gen
		rounds int
	}{
		// Small: one or two tables, a small grid; half the counts small, or a few.
		{gen{1, 0.5, false}, 2000}, {gen{1, 0.2, false}, 1000}, {gen{1, 0.5, true}, 1000},
		// Larger: more shared totals, grids up to 6 × 6, deeper drill-downs.
		{gen{3, 0.5, false}, 300}, {gen{3, 0.2, false}, 300}, {gen{3, 0.3, true}, 100},
	}
	for _, run := range runs {
		rounds := run.rounds
		if testing.Short() {
			rounds /= 10
		}
		rng := rand.New(rand.NewPCG(uint64(run.size), uint64(run.small*100)+map[bool]uint64{false: 0, true: 1000}[run.strict]))
		naiveLeaks, cells, sup, comp := 0, 0, 0, 0
		for i := range rounds {
			p := randomProblem(rng, run.gen)
			if err := p.Validate(); err != nil {
				t.Fatalf("problem %d: %v", i, err)
			}
			r := disclosure.Protect(p)
			if r.Err != nil || len(r.Unresolved) > 0 {
				t.Fatalf("problem %d: %v %v\n%s", i, r.Err, r.Unresolved, dump(p))
			}
			if leaks := disclosure.Audit(p, r); len(leaks) > 0 {
				t.Fatalf("problem %d: leaks %v\nsuppressed %v\n%s", i, leaks, ids(r), dump(p))
			}
			for _, c := range p.Cells {
				if c.Kind == disclosure.Published && c.Value < p.Threshold && !r.Suppressed[c.ID] {
					t.Fatalf("problem %d: %s = %d published", i, c.ID, c.Value)
				}
			}
			// The attacker is sound (the truth is always inside) and exact (the search completes).
			iv, err := disclosure.Attack(p, r)
			if err != nil {
				t.Fatal(err)
			}
			values := map[string]int{}
			for _, c := range p.Cells {
				values[c.ID] = c.Value
			}
			for id, in := range iv {
				if !in.Exact {
					t.Errorf("problem %d: %s: search incomplete", i, id)
				}
				if v := values[id]; v < in.Min || v > in.Max {
					t.Fatalf("problem %d: %s = %d outside attacker's %+v", i, id, v, in)
				}
			}
			// Complementary suppression switched off: the attacker finds leaks, and what it
			// claims is true.
			naive := disclosure.Audit(p, disclosure.PrimaryOnly(p))
			if len(naive) > 0 {
				naiveLeaks++
			}
			for _, l := range naive {
				if l.Value < l.Interval.Min || l.Value > l.Interval.Max || !l.Interval.Exact {
					t.Fatalf("problem %d: wrong leak %v", i, l)
				}
			}
			cells += len(p.Cells)
			sup += r.Primary
			comp += r.Complementary
		}
		t.Logf("size %d, small %.1f, strict %v: %d problems, %d cells, %d primary and %d complementary suppressions; primary suppression alone leaks in %d",
			run.size, run.small, run.strict, rounds, cells, sup, comp, naiveLeaks)
		if naiveLeaks < rounds/2 {
			t.Errorf("the attacker found leaks in only %d of %d problems with primary suppression alone", naiveLeaks, rounds)
		}
	}
}

func dump(p disclosure.Problem) string {
	var b strings.Builder
	fmt.Fprintf(&b, "threshold %d strict %v\n", p.Threshold, p.StrictAttacker)
	for _, c := range p.Cells {
		fmt.Fprintf(&b, "  %s = %d %v\n", c.ID, c.Value, c.Kind)
	}
	for _, c := range p.Constraints {
		fmt.Fprintf(&b, "  %s = %s\n", c.Total, strings.Join(c.Parts, " + "))
	}
	return b.String()
}

// realistic is a year's report: 40 tables of 5 to 20 rows (a few breakdowns of the number of
// reports, the others each their own total), and a 10 × 6 unit × category table whose margins
// are the breakdowns of reports by unit and by category. With 160 reports (an organisation the
// size of Utrecht's) most cells are small; with 1600 fewer are, and more complementary cells
// have to be found.
func realistic(seed uint64, reports int) disclosure.Problem {
	rng := rand.New(rand.NewPCG(seed, 7))
	var p disclosure.Problem
	// Skewed shares: a few big categories, a long tail of small ones.
	multinomial := func(n, k int) []int {
		w := make([]float64, k)
		sum := 0.0
		for i := range w {
			w[i] = 1 / float64(1+i) * (0.5 + rng.Float64())
			sum += w[i]
		}
		out := make([]int, k)
		for range n {
			x := rng.Float64() * sum
			i := 0
			for ; i < k-1 && x > w[i]; i++ {
				x -= w[i]
			}
			out[i]++
		}
		return out
	}
	p.Count("reports", reports)
	units, cats := 10, 6
	grid := multinomial(reports, units*cats)
	cells := make([][]string, units)
	rowT, colT := make([]string, units), make([]string, cats)
	colSum := make([]int, cats)
	for i := range units {
		s := 0
		for j := range cats {
			v := grid[i*cats+j]
			cells[i] = append(cells[i], p.Count(fmt.Sprintf("unit_category.U%d.C%d", i, j), v))
			s += v
			colSum[j] += v
		}
		rowT[i] = p.Count(fmt.Sprintf("reports.unit.U%d", i), s)
	}
	for j := range cats {
		colT[j] = p.Count(fmt.Sprintf("reports.category.C%d", j), colSum[j])
	}
	p.Grid("reports", rowT, colT, cells)
	for t := range 40 {
		rows := 5 + rng.IntN(16)
		total := "reports"
		if t >= 5 {
			total = p.Count(fmt.Sprintf("t%d.total", t), (10+rng.IntN(150))*reports/160)
		}
		var tv int
		for _, c := range p.Cells {
			if c.ID == total {
				tv = c.Value
			}
		}
		var parts []string
		for r, v := range multinomial(tv, rows) {
			parts = append(parts, p.Count(fmt.Sprintf("t%d.R%d", t, r), v))
		}
		p.Sum(total, parts...)
	}
	return p
}

func TestRealistic(t *testing.T) {
	for _, reports := range []int{160, 1600} {
		for seed := range uint64(5) {
			p := realistic(seed, reports)
			r := protect(t, p)
			t.Logf("%d reports, seed %d: %d cells, %d constraints: %d primary, %d complementary",
				reports, seed, len(p.Cells), len(p.Constraints), r.Primary, r.Complementary)
		}
	}
}

func BenchmarkProtect(b *testing.B) {
	for _, reports := range []int{160, 1600} {
		p := realistic(1, reports)
		b.Run(fmt.Sprintf("reports=%d", reports), func(b *testing.B) {
			for b.Loop() {
				disclosure.Protect(p)
			}
		})
	}
}

func BenchmarkAudit(b *testing.B) {
	for _, reports := range []int{160, 1600} {
		p := realistic(1, reports)
		r := disclosure.Protect(p)
		b.Run(fmt.Sprintf("reports=%d", reports), func(b *testing.B) {
			for b.Loop() {
				disclosure.Audit(p, r)
			}
		})
	}
}

// Inequalities (employees who had a conversation ≤ conversations) are equations with a slack
// that the attacker does not know: they narrow intervals all the same. Sums on both sides
// (a figure's N = the sum of three outcomes) go through an auxiliary cell.
func TestInequalityAndEqualSums(t *testing.T) {
	var p disclosure.Problem
	p.Sum(p.Count("R", 9), p.Count("r", 3), p.Count("s", 6))
	p.Count("m", 6)
	sup := disclosure.Result{Suppressed: map[string]bool{"r": true, "s": true}}
	if leaks := disclosure.Audit(p, sup); len(leaks) > 0 {
		t.Fatalf("without the inequality: %v", leaks)
	}
	p.LessEq("m-s", disclosure.Auxiliary, []string{"s"}, []string{"m"}) // s ≤ m: s in [5, 6], r in [3, 4]
	leaks := disclosure.Audit(p, sup)
	if len(leaks) != 1 || leaks[0].ID != "r" || leaks[0].Reason != disclosure.ReasonNarrow || leaks[0].Interval.Min != 3 || leaks[0].Interval.Max != 4 {
		t.Fatalf("with s ≤ m: %v", leaks)
	}
	r := protect(t, p)
	if r.Suppressed["m-s"] {
		t.Fatal("an auxiliary cell is never suppressed")
	}
	if err := (func() error {
		q := p
		q.LessEq("bad", disclosure.Auxiliary, []string{"R"}, []string{"m"})
		return q.Validate()
	})(); err == nil {
		t.Fatal("an inequality the values break must make the problem invalid")
	}

	p = disclosure.Problem{}
	p.Count("a", 2)
	p.Count("b", 10)
	p.Count("c", 5)
	p.Count("d", 7)
	p.Equal("a+b", []string{"a", "b"}, []string{"c", "d"})
	if got := leakIDs(disclosure.Audit(p, disclosure.PrimaryOnly(p))); !slices.Equal(got, []string{"a"}) {
		t.Fatalf("a + b = c + d with a suppressed: %v", got)
	}
	protect(t, p)
}

// A count an earlier publication suppressed (Withheld) stays protected: when this publication's
// counts would give it back (the earlier total less a count now published as before), Protect
// suppresses them, and Audit counts the withheld cell like a suppressed one: old.a, known
// small, would lie in [3, 4].
func TestWithheldStaysProtected(t *testing.T) {
	var p disclosure.Problem
	p.Add(disclosure.Cell{ID: "old.total", Value: 20, Kind: disclosure.Public})
	p.Add(disclosure.Cell{ID: "old.a", Value: 3, Kind: disclosure.Withheld})
	p.Add(disclosure.Cell{ID: "old.b", Value: 17, Kind: disclosure.Withheld})
	p.Sum("old.total", "old.a", "old.b")
	p.Count("new.b", 17) // the same count, now published: old.b ≤ new.b and old.a ≥ 3
	p.LessEq("slack", disclosure.Auxiliary, []string{"old.b"}, []string{"new.b"})
	p.Count("new.a", 8) // not small: published unless it must protect
	p.Count("new.total", 25)
	p.Sum("new.total", "new.a", "new.b")
	p.LessEq("slack.a", disclosure.Auxiliary, []string{"old.a"}, []string{"new.a"})
	if leaks := disclosure.Audit(p, disclosure.PrimaryOnly(p)); len(leaks) == 0 {
		t.Fatal("publishing new.b gives old.a back, but Audit finds nothing")
	}
	res := disclosure.Protect(p)
	if !res.Suppressed["new.b"] {
		t.Errorf("new.b published: %v", res.Suppressed)
	}
	if leaks := disclosure.Audit(p, res); len(leaks) > 0 || len(res.Unresolved) > 0 {
		t.Errorf("leaks %v, unresolved %v", leaks, res.Unresolved)
	}
}
