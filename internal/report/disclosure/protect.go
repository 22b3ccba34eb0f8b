package disclosure

import (
	"slices"
	"strconv"
	"strings"
)

// Result is the decision of Protect.
type Result struct {
	// Suppressed holds the ids of the Published cells that must not be shown (value true).
	// Public cells are never in it; Hidden cells are never shown anyway and are not in it.
	Suppressed map[string]bool
	// Primary counts the cells suppressed because they are below the threshold, Complementary
	// the cells suppressed so that those cannot be recovered.
	Primary, Complementary int
	// Unresolved lists the leaks that no suppression can prevent: they come from Public cells
	// (or Hidden cells pinned by them), or from a StrictAttacker with a threshold of 3 or less
	// (see the package documentation); otherwise it is empty. When it is not, the report must
	// not be published as modelled: leave out the table or figure that makes the leak possible.
	Unresolved []Leak
	// Err is set when the problem is malformed (see Problem.Validate). Protect then fails
	// safe: every cell that is not Public or Hidden is suppressed (and counted in neither
	// Primary nor Complementary).
	Err error
}

// Protect decides which cells to suppress:
//
//  1. primary suppression: every Published cell below the threshold, zero included;
//  2. complementary suppression, repeated to a fixed point: first per constraint — while the
//     unpublished cells of a constraint, taken on their own, would leak, suppress its smallest
//     published cell (ties by id); then per connected group of constraints, with the exact
//     attacker of Audit — while a cell leaks, suppress the smallest published cell in a
//     constraint with a leaking cell (ties: the cell in most such constraints, then by id).
//
// The outcome is deterministic. Audit(p, Protect(p)) returns Result.Unresolved: nothing, for a
// problem without Public cells (and without StrictAttacker at a threshold of 3 or less).
func Protect(p Problem) Result {
	c, err := compile(p)
	if err != nil {
		r := Result{Suppressed: map[string]bool{}, Err: err}
		for _, cell := range p.Cells {
			if cell.Kind == Published {
				r.Suppressed[cell.ID] = true
			}
		}
		return r
	}
	sup := c.primarySet()
	unresolved := c.complement(sup)
	r := c.result(sup)
	r.Unresolved = unresolved
	return r
}

// PrimaryOnly is primary suppression alone, without the complementary cells: what a naive
// report would publish. For tests and to show what complementary suppression adds; never
// publish it. A malformed problem gives a Result with Err set, as in Protect.
func PrimaryOnly(p Problem) Result {
	c, err := compile(p)
	if err != nil {
		return Result{Err: err}
	}
	return c.result(c.primarySet())
}

func (c *compiled) primarySet() []bool {
	sup := make([]bool, len(c.ids))
	for i := range sup {
		sup[i] = c.primary(i)
	}
	return sup
}

func (c *compiled) result(sup []bool) Result {
	r := Result{Suppressed: map[string]bool{}}
	for i, s := range sup {
		if !s {
			continue
		}
		r.Suppressed[c.ids[i]] = true
		if c.primary(i) {
			r.Primary++
		} else {
			r.Complementary++
		}
	}
	return r
}

// complement adds complementary suppressions to sup until nothing leaks or nothing more can be
// suppressed, and returns what still leaks.
func (c *compiled) complement(sup []bool) []Leak {
	safe := map[string]bool{}  // components (by their cells) found not to leak
	stuck := map[string]bool{} // components that leak with nothing left to suppress
	// Cells found not to leak. A suppression only takes knowledge away from the attacker (a
	// known value becomes unknown, at most known to be at least the threshold), so every
	// solution found before is still one, an interval only widens, and a cell that did not
	// leak never will: it is not asked about again.
	cleared := make([]bool, len(c.ids))
	for {
		c.localFixpoint(sup)
		progress := false
		for _, comp := range c.components(sup) {
			key := compKey(comp)
			if safe[key] || stuck[key] {
				continue
			}
			leaking := c.decide(comp, sup, cleared)
			if len(leaking) == 0 {
				safe[key] = true
				continue
			}
			i := c.candidate(comp, leaking, sup)
			if i < 0 {
				stuck[key] = true
				continue
			}
			sup[i] = true
			progress = true
			break // one at a time: the next choice sees the effect of this one
		}
		if !progress {
			break
		}
	}
	var leaks []Leak
	for _, comp := range c.components(sup) {
		if stuck[compKey(comp)] {
			leaks = append(leaks, c.attack(comp, sup)...)
		}
	}
	slices.SortFunc(leaks, func(a, b Leak) int { return strings.Compare(a.ID, b.ID) })
	return leaks
}

func compKey(comp []int) string {
	var b strings.Builder
	for _, i := range comp {
		b.WriteString(strconv.Itoa(i))
		b.WriteByte(',')
	}
	return b.String()
}

// localFixpoint: while some constraint, on its own, lets an unpublished cell leak, suppress
// the constraint's smallest published cell. Exact for one constraint: the range of a sum of
// integer intervals is the interval of the sums.
func (c *compiled) localFixpoint(sup []bool) {
	for changed := true; changed; {
		changed = false
		for k := range c.cons {
			if !c.locallyLeaky(k, sup) {
				continue
			}
			if i := c.pick([]int{k}, sup); i >= 0 {
				sup[i] = true
				changed = true
			}
		}
	}
}

func (c *compiled) locallyLeaky(k int, sup []bool) bool {
	type unk struct{ i, c, lo, hi int }
	var us []unk
	rhs := 0
	add := func(i, coef int) {
		if c.unknown(i, sup) {
			lo, hi, _ := c.bounds(i, sup)
			us = append(us, unk{i, coef, lo, hi})
		} else {
			rhs -= coef * c.val[i]
		}
	}
	for _, i := range c.cons[k].parts {
		add(i, 1)
	}
	add(c.cons[k].total, -1)
	sumLo, sumHi := 0, 0
	for _, u := range us {
		if u.c > 0 {
			sumLo, sumHi = sumLo+u.lo, sumHi+u.hi
		} else {
			sumLo, sumHi = sumLo-u.hi, sumHi-u.lo
		}
	}
	for _, u := range us {
		if !c.relevant(u.i, sup) {
			continue
		}
		var tlo, thi int
		if u.c > 0 {
			tlo, thi = u.lo, u.hi
		} else {
			tlo, thi = -u.hi, -u.lo
		}
		nlo, nhi := rhs-(sumHi-thi), rhs-(sumLo-tlo)
		if u.c < 0 {
			nlo, nhi = -nhi, -nlo
		}
		if c.leaky(u.i, max(u.lo, nlo), min(u.hi, nhi)) {
			return true
		}
	}
	return false
}

// decide returns the cells of a component that leak (or that the search could not clear),
// leaving out the cells already clear and marking those it clears. It stops working on a cell
// as soon as solutions are found that clear it.
func (c *compiled) decide(comp []int, sup, cleared []bool) []int {
	s, vars := c.solver(comp, sup)
	var order []int
	for v, i := range vars {
		if c.relevant(i, sup) && !cleared[i] {
			order = append(order, v)
		}
	}
	ivs := s.analyse(order, func(v, lo, hi int) bool { return !c.leaky(vars[v], lo, hi) })
	var leaking []int
	for _, v := range order {
		if c.leaky(vars[v], ivs[v].lo, ivs[v].hi) {
			leaking = append(leaking, vars[v])
		} else {
			cleared[vars[v]] = true
		}
	}
	return leaking
}

// candidate chooses the next complementary cell for a leaking component: a published cell in a
// constraint with a leaking cell, else in any constraint of the component; -1 if there is none.
func (c *compiled) candidate(comp, leaking []int, sup []bool) int {
	var near, all []int
	seen := map[int]bool{}
	for _, i := range leaking {
		for _, k := range c.cellCons[i] {
			if !seen[k] {
				seen[k] = true
				near = append(near, k)
			}
		}
	}
	if i := c.pick(near, sup); i >= 0 {
		return i
	}
	seen = map[int]bool{}
	for _, i := range comp {
		for _, k := range c.cellCons[i] {
			if !seen[k] {
				seen[k] = true
				all = append(all, k)
			}
		}
	}
	return c.pick(all, sup)
}

// pick returns the published (not yet suppressed) cell of the given constraints with the
// smallest value; ties go to the cell in most of the constraints, then to the smallest id.
func (c *compiled) pick(ks []int, sup []bool) int {
	count := map[int]int{}
	for _, k := range ks {
		for _, i := range c.cons[k].cells() {
			if c.kind[i] == Published && !sup[i] {
				count[i]++
			}
		}
	}
	best := -1
	for i, n := range count {
		if best < 0 {
			best = i
			continue
		}
		switch {
		case c.val[i] != c.val[best]:
			if c.val[i] < c.val[best] {
				best = i
			}
		case n != count[best]:
			if n > count[best] {
				best = i
			}
		case c.ids[i] < c.ids[best]:
			best = i
		}
	}
	return best
}
