package disclosure

import (
	"fmt"
	"slices"
	"strings"
)

// Interval is what the attacker can establish about a count that is not published: every
// integer solution of the published constraints has it in [Min, Max].
type Interval struct {
	Min, Max int
	// Unbounded: no upper bound (Max is then only how far the search looked).
	Unbounded bool
	// Exact: Min and Max are the true minimum and maximum over all solutions. When the search
	// ran out of budget (never in the tests) the interval is the range of the solutions that
	// were found: possibly narrower than the truth, so a leak may be reported that is not one,
	// never the other way round.
	Exact bool
}

// Reason says why a Leak is one.
type Reason string

const (
	// ReasonPublished: a count below the threshold is published.
	ReasonPublished Reason = "published below threshold"
	// ReasonExact: an unpublished count can be computed exactly from the published ones.
	ReasonExact Reason = "determined exactly"
	// ReasonNarrow: a count below the threshold is pinned to at most two values, both in
	// [1, threshold−1]: at least one person, fewer than the threshold, nearly exact.
	ReasonNarrow Reason = "narrowed below threshold"
	// ReasonInvalid: the problem is malformed (Detail says how); nothing can be vouched for.
	ReasonInvalid Reason = "invalid problem"
)

// Leak is a cell the published report gives away.
type Leak struct {
	ID       string
	Value    int      // the true count
	Interval Interval // what the attacker establishes
	Reason   Reason
	Detail   string // for ReasonInvalid
}

func (l Leak) String() string {
	if l.Reason == ReasonInvalid {
		return fmt.Sprintf("%s: %s", l.Reason, l.Detail)
	}
	return fmt.Sprintf("%s = %d: %s, attacker finds [%d, %d]", l.ID, l.Value, l.Reason, l.Interval.Min, l.Interval.Max)
}

// Attack computes, for every cell that the result leaves unpublished (suppressed and hidden
// cells), the interval the attacker establishes: the minimum and maximum over all non-negative
// integer solutions of the constraints, given the published counts, the public cells, every
// AtLeast, and — for the cells suppressed because they are below the threshold — the range
// [0, threshold−1] (the attacker is assumed to know which cells those are). See the package
// documentation for the attacker model.
func Attack(p Problem, r Result) (map[string]Interval, error) {
	c, sup, err := prepare(p, r)
	if err != nil {
		return nil, err
	}
	out := map[string]Interval{}
	for _, comp := range c.components(sup) {
		s, vars := c.solver(comp, sup)
		order := make([]int, len(vars))
		for v := range order {
			order[v] = v
		}
		for v, iv := range s.analyse(order, nil) {
			out[c.ids[vars[v]]] = Interval{Min: iv.lo, Max: iv.hi, Unbounded: iv.unbounded, Exact: iv.exact}
		}
	}
	return out, nil
}

// Audit attacks the published report (the cells of p not in r.Suppressed) and returns the
// leaks, sorted by id; none when the result protects the problem. A leak is:
//   - a Published cell below the threshold that is not suppressed;
//   - a suppressed cell, or a Hidden cell below the threshold, whose interval is one value;
//   - a suppressed or Hidden cell below the threshold whose interval lies within
//     [1, threshold−1] and holds at most two values (Max − Min ≤ 1).
//
// A malformed problem or result gives one leak with ReasonInvalid.
func Audit(p Problem, r Result) []Leak {
	c, sup, err := prepare(p, r)
	if err != nil {
		return []Leak{{Reason: ReasonInvalid, Detail: err.Error()}}
	}
	var leaks []Leak
	for i := range c.ids {
		if c.primary(i) && !sup[i] {
			leaks = append(leaks, Leak{ID: c.ids[i], Value: c.val[i], Interval: Interval{Min: c.val[i], Max: c.val[i], Exact: true}, Reason: ReasonPublished})
		}
	}
	for _, comp := range c.components(sup) {
		leaks = append(leaks, c.attack(comp, sup)...)
	}
	slices.SortFunc(leaks, func(a, b Leak) int { return strings.Compare(a.ID, b.ID) })
	return leaks
}

// attack returns the leaks of one component, with exact intervals.
func (c *compiled) attack(comp []int, sup []bool) []Leak {
	s, vars := c.solver(comp, sup)
	var order []int
	for v, i := range vars {
		if c.relevant(i, sup) {
			order = append(order, v)
		}
	}
	ivs := s.analyse(order, nil)
	var leaks []Leak
	for _, v := range order {
		i, iv := vars[v], ivs[v]
		if !c.leaky(i, iv.lo, iv.hi) {
			continue
		}
		l := Leak{ID: c.ids[i], Value: c.val[i], Interval: Interval{Min: iv.lo, Max: iv.hi, Unbounded: iv.unbounded, Exact: iv.exact}, Reason: ReasonExact}
		if iv.lo != iv.hi {
			l.Reason = ReasonNarrow
		}
		leaks = append(leaks, l)
	}
	return leaks
}

// prepare compiles the problem and turns the result into a suppression vector.
func prepare(p Problem, r Result) (*compiled, []bool, error) {
	if r.Err != nil {
		return nil, nil, fmt.Errorf("result: %w", r.Err)
	}
	c, err := compile(p)
	if err != nil {
		return nil, nil, err
	}
	sup := make([]bool, len(c.ids))
	for id, s := range r.Suppressed {
		if !s {
			continue
		}
		i, ok := c.index[id]
		switch {
		case !ok:
			return nil, nil, fmt.Errorf("suppressed cell %q is not in the problem", id)
		case c.kind[i] == Public:
			return nil, nil, fmt.Errorf("suppressed cell %q is public: everyone knows it", id)
		}
		sup[i] = c.kind[i] == Published
	}
	return c, sup, nil
}

// components groups the unknowns (suppressed and hidden cells) that share a constraint,
// directly or through other unknowns. Each component lists cell indices in increasing order;
// the components are ordered by their first cell.
func (c *compiled) components(sup []bool) [][]int {
	n := len(c.ids)
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for _, k := range c.cons {
		first := -1
		for _, i := range k.cells() {
			if !c.unknown(i, sup) {
				continue
			}
			if first < 0 {
				first = i
			} else if a, b := find(first), find(i); a != b {
				parent[max(a, b)] = min(a, b)
			}
		}
	}
	byRoot := map[int]int{}
	var comps [][]int
	for i := 0; i < n; i++ {
		if !c.unknown(i, sup) {
			continue
		}
		r := find(i)
		k, ok := byRoot[r]
		if !ok {
			k = len(comps)
			byRoot[r] = k
			comps = append(comps, nil)
		}
		comps[k] = append(comps[k], i)
	}
	return comps
}

// cells returns the total followed by the parts.
func (k cons) cells() []int { return append([]int{k.total}, k.parts...) }

// solver builds the equations of a component: every constraint with an unknown in it, with
// the published values moved to the right-hand side. vars maps variables to cells.
func (c *compiled) solver(comp []int, sup []bool) (*solver, []int) {
	vars := comp
	varOf := make(map[int]int, len(comp))
	n := len(comp)
	truth, lo, hi, capped := make([]int, n), make([]int, n), make([]int, n), make([]bool, n)
	for v, i := range comp {
		varOf[i] = v
		truth[v] = c.val[i]
		lo[v], hi[v], capped[v] = c.bounds(i, sup)
	}
	seen := map[int]bool{}
	var eqs []equation
	for _, i := range comp {
		for _, k := range c.cellCons[i] {
			if seen[k] {
				continue
			}
			seen[k] = true
			eqs = append(eqs, c.equation(c.cons[k], sup, varOf))
		}
	}
	return newSolver(n, eqs, truth, lo, hi, capped), vars
}

// equation writes parts − total = 0 over the unknowns of a constraint.
func (c *compiled) equation(k cons, sup []bool, varOf map[int]int) equation {
	var eq equation
	for _, i := range k.parts {
		if c.unknown(i, sup) {
			eq.terms = append(eq.terms, term{v: varOf[i], c: 1})
		} else {
			eq.rhs -= c.val[i]
		}
	}
	if c.unknown(k.total, sup) {
		eq.terms = append(eq.terms, term{v: varOf[k.total], c: -1})
	} else {
		eq.rhs += c.val[k.total]
	}
	return eq
}
