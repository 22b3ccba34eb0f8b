package disclosure

import "math"

// The attacker's engine: integer feasibility of a system of equations with coefficients ±1 over
// bounded non-negative integers, by bounds propagation (each equation tightens the bounds of
// its unknowns from the bounds of the others, repeated to a fixed point — the one-variable
// case of Fourier–Motzkin elimination) inside a depth-first search that splits domains. A
// question that propagation alone does not settle within a small budget is asked again of a
// branch and bound on the linear relaxation (lp.go), which combines all the equations at once.
// The search is complete within its budgets, so the intervals it finds are exact.

const (
	// Budgets of one feasibility search. When one is exhausted the answer is "don't know",
	// which every caller treats conservatively (as a leak).
	maxNodes = 20000
	maxSteps = 2000000
	// quickNodes is the budget of the first search, on propagation alone.
	quickNodes = 500
	// lpNodes is the budget of the branch and bound: each node solves a linear programme.
	lpNodes = 200
)

type term struct {
	v int // variable
	c int // coefficient: +1 or -1
}

// equation: sum of c·x over its terms = rhs.
type equation struct {
	terms []term
	rhs   int
}

type status uint8

const (
	found status = iota
	infeasible
	exhausted
)

// solver holds the equations of one connected component of unknowns.
type solver struct {
	n        int
	eqs      []equation
	varEqs   [][]int
	truth    []int // the true values: always a solution
	lo0, hi0 []int // the attacker's knowledge before the equations
	capped   []bool

	nodes, steps int
	exhausted    bool
	budget       int  // nodes
	quick        int  // budget of the search on propagation alone (quickNodes)
	useLP        bool // branch and bound on the linear relaxation (see relax)
	queue        []int
	inq          []bool
}

func newSolver(n int, eqs []equation, truth, lo0, hi0 []int, capped []bool) *solver {
	s := &solver{quick: quickNodes, n: n, eqs: eqs, varEqs: make([][]int, n), truth: truth, lo0: lo0, hi0: hi0, capped: capped, inq: make([]bool, len(eqs))}
	for e, eq := range eqs {
		for _, t := range eq.terms {
			s.varEqs[t.v] = append(s.varEqs[t.v], e)
		}
	}
	return s
}

func (s *solver) push(e int) {
	if !s.inq[e] {
		s.inq[e] = true
		s.queue = append(s.queue, e)
	}
}

func (s *solver) clearQueue() {
	for _, e := range s.queue {
		s.inq[e] = false
	}
	s.queue = s.queue[:0]
}

// propagate tightens lo and hi in place to a fixed point, starting from the equations of the
// given variables (all equations when vars is nil). It returns false when the bounds admit no
// solution or when the step budget ran out (then s.exhausted is set).
func (s *solver) propagate(lo, hi []int, vars []int) bool {
	defer s.clearQueue()
	if vars == nil {
		for e := range s.eqs {
			s.push(e)
		}
	} else {
		for _, v := range vars {
			for _, e := range s.varEqs[v] {
				s.push(e)
			}
		}
	}
	for head := 0; head < len(s.queue); head++ {
		e := s.queue[head]
		s.inq[e] = false
		if s.steps++; s.steps > maxSteps {
			s.exhausted = true
			return false
		}
		eq := &s.eqs[e]
		sumLo, sumHi := 0, 0 // range of the sum of the terms
		for _, t := range eq.terms {
			if t.c > 0 {
				sumLo += lo[t.v]
				sumHi += hi[t.v]
			} else {
				sumLo -= hi[t.v]
				sumHi -= lo[t.v]
			}
		}
		if sumLo > eq.rhs || sumHi < eq.rhs {
			return false
		}
		for _, t := range eq.terms {
			v := t.v
			// c·x = rhs − (the others), and the others lie in [sumLo − own lo, sumHi − own hi].
			var tlo, thi int
			if t.c > 0 {
				tlo, thi = lo[v], hi[v]
			} else {
				tlo, thi = -hi[v], -lo[v]
			}
			nlo, nhi := eq.rhs-(sumHi-thi), eq.rhs-(sumLo-tlo)
			if t.c < 0 {
				nlo, nhi = -nhi, -nlo
			}
			changed := false
			if nlo > lo[v] {
				lo[v], changed = nlo, true
			}
			if nhi < hi[v] {
				hi[v], changed = nhi, true
			}
			if lo[v] > hi[v] {
				return false
			}
			if changed {
				for _, f := range s.varEqs[v] {
					s.push(f)
				}
			}
		}
	}
	return true
}

// find looks for a solution within lo..hi, which must already be a propagated fixed point
// except for the equations of variable v. It does not modify lo and hi.
//
// It first searches on bounds propagation alone, which settles most questions within a few
// dozen nodes; when that runs out of its small budget, it searches again with the linear
// relaxation at every node (branch and bound), which proves in a few nodes what propagation
// alone would have to enumerate.
func (s *solver) find(lo, hi []int, v int) ([]int, status) {
	s.nodes, s.steps, s.exhausted, s.useLP, s.budget = 0, 0, false, false, s.quick
	sol, st := s.search(append([]int(nil), lo...), append([]int(nil), hi...), []int{v})
	if st != exhausted {
		return sol, st
	}
	s.nodes, s.steps, s.exhausted, s.useLP, s.budget = 0, 0, false, true, lpNodes
	return s.search(append([]int(nil), lo...), append([]int(nil), hi...), []int{v})
}

func (s *solver) search(lo, hi []int, changed []int) ([]int, status) {
	if s.nodes++; s.nodes > s.budget {
		return nil, exhausted
	}
	if !s.propagate(lo, hi, changed) {
		if s.exhausted {
			return nil, exhausted
		}
		return nil, infeasible
	}
	// Branch on the variable with the smallest open domain.
	b := -1
	for v := range lo {
		if lo[v] < hi[v] && (b < 0 || hi[v]-lo[v] < hi[b]-lo[b]) {
			b = v
		}
	}
	if b < 0 {
		return lo, found
	}
	if s.useLP {
		// Branch and bound: no real solution, no integer one; an integral vertex is a solution;
		// otherwise split the most fractional variable, the side nearer its value first.
		x, st := s.relax(lo, hi)
		switch st {
		case lpInfeasible:
			return nil, infeasible
		case lpFeasible:
			sol, frac, fv := make([]int, len(x)), -1, 0.0
			for v, xv := range x {
				r := math.Round(xv)
				sol[v] = int(r)
				if f := math.Abs(xv - r); f > lpFeasTol && (frac < 0 || f > math.Abs(fv-math.Round(fv))) {
					frac, fv = v, xv
				}
			}
			if frac < 0 && s.satisfies(sol, lo, hi) {
				return sol, found
			}
			if frac >= 0 {
				fl := int(math.Floor(fv))
				parts := [2][2]int{{lo[frac], fl}, {fl + 1, hi[frac]}}
				if fv-float64(fl) > 0.5 {
					parts[0], parts[1] = parts[1], parts[0]
				}
				for _, p := range parts {
					l2 := append([]int(nil), lo...)
					h2 := append([]int(nil), hi...)
					l2[frac], h2[frac] = p[0], p[1]
					sol, st := s.search(l2, h2, []int{frac})
					if st != infeasible {
						return sol, st
					}
				}
				return nil, infeasible
			}
		}
	}
	// Towards the true value first: alternative solutions tend to be close to it.
	var parts [3][2]int
	np := 0
	add := func(a, z int) {
		if a <= z {
			parts[np] = [2]int{a, z}
			np++
		}
	}
	l, h, t := lo[b], hi[b], s.truth[b]
	switch {
	case t >= l && t <= h:
		add(t, t)
		add(l, t-1)
		add(t+1, h)
	case t < l:
		m := l + (h-l)/2
		add(l, m)
		add(m+1, h)
	default:
		m := l + (h-l+1)/2
		add(m, h)
		add(l, m-1)
	}
	for _, p := range parts[:np] {
		l2 := append([]int(nil), lo...)
		h2 := append([]int(nil), hi...)
		l2[b], h2[b] = p[0], p[1]
		sol, st := s.search(l2, h2, []int{b})
		if st != infeasible {
			return sol, st
		}
	}
	return nil, infeasible
}

// interval is the attacker's result for one unknown.
type interval struct {
	lo, hi    int
	exact     bool // the search completed: lo and hi are the minimum and maximum
	unbounded bool // the search reached its cap: no upper bound as far as the attacker can tell
}

// analyse computes the intervals of the variables in order. With stop set, it stops working
// on a variable as soon as stop(v, lo, hi) holds for the interval found so far (then exact is
// false); the others are left zero.
func (s *solver) analyse(order []int, stop func(v, lo, hi int) bool) []interval {
	res := make([]interval, s.n)
	lo := append([]int(nil), s.lo0...)
	hi := append([]int(nil), s.hi0...)
	s.steps, s.exhausted = 0, false
	outerExact := true
	if !s.propagate(lo, hi, nil) { // only by running out of steps: the truth is a solution
		lo = append(lo[:0], s.lo0...)
		hi = append(hi[:0], s.hi0...)
		outerExact = false
	}
	// Witnesses: the range of values seen in solutions found so far (inner bounds).
	wlo := append([]int(nil), s.truth...)
	whi := append([]int(nil), s.truth...)
	absorb := func(sol []int) {
		for v, x := range sol {
			wlo[v] = min(wlo[v], x)
			whi[v] = max(whi[v], x)
		}
	}
	for _, v := range order {
		done := func() bool { return stop != nil && stop(v, wlo[v], whi[v]) }
		exactLo, exactHi := outerExact, outerExact
		// Minimum: the smallest m with a solution x_v ≤ m. Try the outer bound first.
		for L, first := lo[v], true; L < wlo[v] && exactLo && !done(); first = false {
			m := L
			if !first {
				m = L + (wlo[v]-1-L)/2
			}
			h2 := append([]int(nil), hi...)
			h2[v] = m
			sol, st := s.find(lo, h2, v)
			switch st {
			case found:
				absorb(sol)
			case infeasible:
				L = m + 1
			default:
				exactLo = false
			}
		}
		// Maximum: the largest m with a solution x_v ≥ m.
		for H, first := hi[v], true; whi[v] < H && exactHi && !done(); first = false {
			m := H
			if !first {
				m = H - (H-whi[v]-1)/2
			}
			l2 := append([]int(nil), lo...)
			l2[v] = m
			sol, st := s.find(l2, hi, v)
			switch st {
			case found:
				absorb(sol)
			case infeasible:
				H = m - 1
			default:
				exactHi = false
			}
		}
		exact := exactLo && exactHi && !done()
		res[v] = interval{lo: wlo[v], hi: whi[v], exact: exact, unbounded: s.capped[v] && whi[v] >= s.hi0[v]}
	}
	return res
}

// satisfies reports whether x is an integer solution within lo..hi.
func (s *solver) satisfies(x, lo, hi []int) bool {
	for v, xv := range x {
		if xv < lo[v] || xv > hi[v] {
			return false
		}
	}
	for _, eq := range s.eqs {
		sum := 0
		for _, t := range eq.terms {
			sum += t.c * x[t.v]
		}
		if sum != eq.rhs {
			return false
		}
	}
	return true
}
