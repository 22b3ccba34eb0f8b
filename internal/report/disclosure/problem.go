package disclosure

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// DefaultThreshold is the smallest count that may be published when Problem.Threshold is 0.
const DefaultThreshold = 5

// Kind says how a cell relates to the published report.
type Kind uint8

const (
	// Published cells are shown unless Protect suppresses them. The zero value.
	Published Kind = iota
	// Public cells are known to every reader whatever Protect decides: they were published
	// before (an earlier year's total in an earlier report) or are implied by something that is
	// always shown (a flag that says "every case was sanctioned" makes "not sanctioned" 0).
	// They are never suppressed and never protected, but the attacker uses them.
	Public
	// Hidden cells are never shown, but are counts of people all the same: the part of a total
	// that is not in a published subset (DecisionsTotal − LighterThanGuidance), a count that is
	// only published as a difference. They are unknowns to the attacker and, when below the
	// threshold, they are protected like a suppressed cell. Protect never "suppresses" them
	// (they are not in Result.Suppressed): the report simply has no place for them.
	Hidden
	// Auxiliary cells are unknowns that a relation introduces and that are not counts of
	// anyone in particular: the slack of an inequality (conversations − employees who had
	// one), or the common value of two sums. They are non-negative and unknown to the attacker,
	// never shown, never suppressed and never protected.
	Auxiliary
	// Withheld cells were suppressed in an earlier publication that the reader has (an earlier
	// edition of the report): unknown to the attacker, and protected exactly like a cell
	// suppressed now — never to be recovered exactly, and when below the threshold never
	// narrowed. The reader knows what that publication said of it: below the threshold when
	// its Value is, else (StrictAttacker) at least the threshold. Protect never suppresses
	// them (they are not in Result.Suppressed): they are not shown anyway.
	Withheld
)

func (k Kind) String() string {
	switch k {
	case Published:
		return "published"
	case Public:
		return "public"
	case Hidden:
		return "hidden"
	case Auxiliary:
		return "auxiliary"
	case Withheld:
		return "withheld"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Cell is one count, with a stable id such as "reports.by_channel.WEB_FORM". The same count
// shown in several places (the total of reports under every breakdown of reports, this year's
// total in the comparison with earlier years) must be one cell: that is how the attacker's
// cross-table knowledge is described.
type Cell struct {
	ID    string
	Value int // the true count; never negative
	Kind  Kind
	// AtLeast is a lower bound every reader knows without the count (e.g. 1 when the report
	// says that something happened at all). 0 when nothing is known.
	AtLeast int
}

// Constraint is a linear relation between counts that a reader knows: Total = sum(Parts).
// A table is one constraint (its total and its rows); a two-way table is one constraint per
// row and per column plus the grand total (see Grid); "A is a subset of B" is B = A + (B−A)
// with B−A a Hidden cell (see Subset). All ids must be cells of the problem, a cell may appear
// in any number of constraints, but only once in each.
type Constraint struct {
	Total string
	Parts []string
}

// Problem is the input of Protect and Audit: the true counts, what a reader knows about how
// they relate, and the threshold.
type Problem struct {
	Cells       []Cell
	Constraints []Constraint
	// Threshold: counts below it are sensitive. 0 means DefaultThreshold; otherwise at least 2.
	Threshold int
	// StrictAttacker also gives the attacker the fact that a complementary cell (suppressed
	// but not sensitive) is at least Threshold — the attacker who knows both the algorithm and
	// which cells were suppressed first. Protection against it costs more suppression.
	StrictAttacker bool

	idx map[string]int // position in Cells, for the builder methods
	err error          // first error of a builder method
}

// Add adds a cell. Adding a cell with an id that is already there is allowed when value and
// kind are the same (the shared total of several tables); otherwise the problem is invalid.
func (p *Problem) Add(c Cell) {
	if i, ok := p.lookup(c.ID); ok {
		if old := p.Cells[i]; old != c {
			p.fail(fmt.Errorf("cell %q added twice with different contents (%+v, %+v)", c.ID, old, c))
		}
		return
	}
	p.Cells = append(p.Cells, c)
	p.idx[c.ID] = len(p.Cells) - 1
}

// Count adds a Published cell (see Add) and returns its id.
func (p *Problem) Count(id string, value int) string {
	p.Add(Cell{ID: id, Value: value})
	return id
}

// Sum adds the constraint total = sum(parts).
func (p *Problem) Sum(total string, parts ...string) {
	p.Constraints = append(p.Constraints, Constraint{Total: total, Parts: append([]string(nil), parts...)})
}

// Subset records that the count sub is a subset of the count super (both already added): it
// adds the Hidden cell super−sub, with id super+`\`+sub, and the constraint
// super = sub + (super−sub). It returns the id of the hidden cell.
func (p *Problem) Subset(sub, super string) string {
	id := super + `\` + sub
	i, ok1 := p.lookup(sub)
	j, ok2 := p.lookup(super)
	switch {
	case !ok1 || !ok2:
		p.fail(fmt.Errorf("subset %q of %q: add both cells first", sub, super))
		return id
	case p.Cells[i].Value > p.Cells[j].Value:
		p.fail(fmt.Errorf("subset %q (%d) larger than %q (%d)", sub, p.Cells[i].Value, super, p.Cells[j].Value))
		return id
	}
	p.Add(Cell{ID: id, Value: p.Cells[j].Value - p.Cells[i].Value, Kind: Hidden})
	p.Sum(super, sub, id)
	return id
}

// Grid adds the constraints of a two-way table whose margins are published: row i sums to
// rowTotals[i], column j to colTotals[j], and both the row and the column totals sum to grand
// (left out when grand is ""). cells[i][j] is the id of the cell in row i, column j; the cells
// must have been added.
func (p *Problem) Grid(grand string, rowTotals, colTotals []string, cells [][]string) {
	if len(cells) != len(rowTotals) {
		p.fail(fmt.Errorf("grid %q: %d rows but %d row totals", grand, len(cells), len(rowTotals)))
		return
	}
	for i, row := range cells {
		if len(row) != len(colTotals) {
			p.fail(fmt.Errorf("grid %q: row %d has %d cells but there are %d column totals", grand, i, len(row), len(colTotals)))
			return
		}
		p.Sum(rowTotals[i], row...)
	}
	for j, t := range colTotals {
		col := make([]string, len(cells))
		for i := range cells {
			col[i] = cells[i][j]
		}
		p.Sum(t, col...)
	}
	if grand != "" {
		p.Sum(grand, rowTotals...)
		p.Sum(grand, colTotals...)
	}
}

// Equal records sum(left) = sum(right) for cells already added. With one cell on one side it
// is one constraint; otherwise an Auxiliary cell id (which must not exist yet) carries the
// common value: id = sum(left), id = sum(right).
func (p *Problem) Equal(id string, left, right []string) {
	switch {
	case len(right) == 1:
		p.Sum(right[0], left...)
	case len(left) == 1:
		p.Sum(left[0], right...)
	default:
		v, ok := p.sumOf(left)
		if !ok {
			p.fail(fmt.Errorf("relation %q: add every cell first", id))
			return
		}
		p.Add(Cell{ID: id, Value: v, Kind: Auxiliary})
		p.Sum(id, left...)
		p.Sum(id, right...)
	}
}

// LessEq records the inequality sum(left) ≤ sum(right) for cells already added, as an equation
// with a slack: it adds the cell id = sum(right) − sum(left), non-negative, of the given kind —
// Hidden when the difference is a count of people that must be protected like the others
// (decisions in line with the guidance), Auxiliary when it is not (conversations beyond the
// first with each employee) — and sum(right) = sum(left) + id. An inequality that the values
// do not satisfy makes the problem invalid.
func (p *Problem) LessEq(id string, kind Kind, left, right []string) {
	l, ok1 := p.sumOf(left)
	r, ok2 := p.sumOf(right)
	switch {
	case !ok1 || !ok2:
		p.fail(fmt.Errorf("relation %q: add every cell first", id))
		return
	case l > r:
		p.fail(fmt.Errorf("relation %q: %d > %d", id, l, r))
		return
	}
	p.Add(Cell{ID: id, Value: r - l, Kind: kind})
	p.Equal(id+"=", append(slices.Clone(left), id), right)
}

// sumOf returns the sum of the values of cells already added.
func (p *Problem) sumOf(ids []string) (int, bool) {
	s := 0
	for _, id := range ids {
		i, ok := p.lookup(id)
		if !ok {
			return 0, false
		}
		s += p.Cells[i].Value
	}
	return s, true
}

// Validate reports whether the problem is well formed: ids unique and known, values
// non-negative and consistent with every constraint, threshold valid.
func (p Problem) Validate() error {
	_, err := compile(p)
	return err
}

func (p *Problem) lookup(id string) (int, bool) {
	if p.idx == nil || len(p.idx) != len(p.Cells) { // a literal, or cells appended directly
		p.idx = make(map[string]int, len(p.Cells))
		for i, c := range p.Cells {
			if _, dup := p.idx[c.ID]; !dup {
				p.idx[c.ID] = i
			}
		}
	}
	i, ok := p.idx[id]
	if ok && (i >= len(p.Cells) || p.Cells[i].ID != id) { // the map of a copy of this problem
		p.idx = nil
		return p.lookup(id)
	}
	return i, ok
}

func (p *Problem) fail(err error) {
	if p.err == nil {
		p.err = err
	}
}

// compiled is a validated problem with cells by index.
type compiled struct {
	T        int
	strict   bool
	ids      []string
	index    map[string]int
	val      []int
	kind     []Kind
	atLeast  []int
	cons     []cons
	cellCons [][]int // constraints each cell is in
	cap      int     // how far above its value an unbounded unknown is searched
}

type cons struct {
	total int
	parts []int
}

func compile(p Problem) (*compiled, error) {
	if p.err != nil {
		return nil, p.err
	}
	t := p.Threshold
	if t == 0 {
		t = DefaultThreshold
	}
	if t < 2 {
		return nil, fmt.Errorf("threshold %d: must be 0 (default %d) or at least 2", p.Threshold, DefaultThreshold)
	}
	// Canonical order, so that the result does not depend on the order of cells and constraints.
	p.Cells = slices.Clone(p.Cells)
	slices.SortStableFunc(p.Cells, func(a, b Cell) int { return strings.Compare(a.ID, b.ID) })
	p.Constraints = slices.Clone(p.Constraints)
	for k := range p.Constraints {
		p.Constraints[k].Parts = slices.Sorted(slices.Values(p.Constraints[k].Parts))
	}
	slices.SortStableFunc(p.Constraints, func(a, b Constraint) int {
		return cmp.Or(strings.Compare(a.Total, b.Total), slices.Compare(a.Parts, b.Parts))
	})
	n := len(p.Cells)
	c := &compiled{
		T: t, strict: p.StrictAttacker,
		ids: make([]string, n), index: make(map[string]int, n),
		val: make([]int, n), kind: make([]Kind, n), atLeast: make([]int, n),
		cellCons: make([][]int, n),
	}
	sum := 0
	for i, cell := range p.Cells {
		switch {
		case cell.ID == "":
			return nil, fmt.Errorf("a cell has no id (value %d)", cell.Value)
		case cell.Value < 0:
			return nil, fmt.Errorf("cell %q: negative value %d", cell.ID, cell.Value)
		case cell.AtLeast < 0 || cell.AtLeast > cell.Value:
			return nil, fmt.Errorf("cell %q: AtLeast %d not in [0, value %d]", cell.ID, cell.AtLeast, cell.Value)
		case cell.Kind > Withheld:
			return nil, fmt.Errorf("cell %q: unknown kind %d", cell.ID, cell.Kind)
		}
		if _, dup := c.index[cell.ID]; dup {
			return nil, fmt.Errorf("cell %q appears twice", cell.ID)
		}
		c.index[cell.ID] = i
		c.ids[i], c.val[i], c.kind[i], c.atLeast[i] = cell.ID, cell.Value, cell.Kind, cell.AtLeast
		sum += cell.Value
	}
	for _, con := range p.Constraints {
		name := con.Total + " = " + strings.Join(con.Parts, " + ")
		if len(con.Parts) == 0 {
			return nil, fmt.Errorf("constraint %q: no parts", con.Total)
		}
		seen := map[int]bool{}
		get := func(id string) (int, error) {
			i, ok := c.index[id]
			if !ok {
				return 0, fmt.Errorf("constraint %s: unknown cell %q", name, id)
			}
			if seen[i] {
				return 0, fmt.Errorf("constraint %s: cell %q appears twice", name, id)
			}
			seen[i] = true
			c.cellCons[i] = append(c.cellCons[i], len(c.cons))
			return i, nil
		}
		var cc cons
		var err error
		if cc.total, err = get(con.Total); err != nil {
			return nil, err
		}
		s := 0
		for _, id := range con.Parts {
			i, err := get(id)
			if err != nil {
				return nil, err
			}
			cc.parts = append(cc.parts, i)
			s += c.val[i]
		}
		if s != c.val[cc.total] {
			return nil, fmt.Errorf("constraint %s: %q is %d but its parts sum to %d", name, con.Total, c.val[cc.total], s)
		}
		c.cons = append(c.cons, cc)
	}
	// Far enough that an alternative solution needing more room than this does not matter in
	// practice; any bound this introduces only narrows the attacker's intervals (conservative).
	c.cap = 2*sum + t*(n+1)
	return c, nil
}

// sensitive: a count of people below the threshold that nobody knows anyway.
func (c *compiled) sensitive(i int) bool { return c.kind[i] != Public && c.val[i] < c.T }

// primary: a cell suppressed by the threshold rule.
func (c *compiled) primary(i int) bool { return c.kind[i] == Published && c.val[i] < c.T }

// unknown: not published (suppressed or hidden).
func (c *compiled) unknown(i int, sup []bool) bool {
	return c.kind[i] == Hidden || c.kind[i] == Auxiliary || c.kind[i] == Withheld || sup[i]
}

// relevant: an unknown whose interval must not leak. Suppressed cells must not be recoverable
// exactly; sensitive ones (including hidden ones) must not be narrowed down either.
func (c *compiled) relevant(i int, sup []bool) bool {
	return (c.kind[i] == Published && sup[i]) || c.kind[i] == Withheld || (c.kind[i] == Hidden && c.val[i] < c.T)
}

// leaky applies the leak definition to an interval of cell i.
func (c *compiled) leaky(i, lo, hi int) bool {
	if lo == hi {
		return true
	}
	return c.sensitive(i) && lo >= 1 && hi <= c.T-1 && hi-lo < 2
}

// bounds are what the attacker knows about unknown i before using any constraint; capped
// reports that hi is the search cap, not knowledge.
func (c *compiled) bounds(i int, sup []bool) (lo, hi int, capped bool) {
	lo, hi, capped = c.atLeast[i], c.val[i]+c.cap, true
	if c.kind[i] == Published && sup[i] || c.kind[i] == Withheld {
		if c.val[i] < c.T {
			hi, capped = c.T-1, false
		} else if c.strict {
			lo = max(lo, c.T)
		}
	}
	return lo, hi, capped
}

// SumOf returns the sum of the values of cells already added, and whether all of them are.
func (p *Problem) SumOf(ids []string) (int, bool) { return p.sumOf(ids) }
