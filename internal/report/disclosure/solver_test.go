package disclosure

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// The attacker's intervals are exact: on small problems with arbitrary suppression patterns
// they equal the minimum and maximum over all solutions found by brute force.
func TestAttackExactAgainstBruteForce(t *testing.T) {
	exactAgainstBruteForce(t, 11, false)
}

// So are they when every question goes straight to branch and bound on the linear relaxation
// (which the search otherwise uses only when propagation alone runs out of its budget).
func TestBranchAndBoundExactAgainstBruteForce(t *testing.T) {
	exactAgainstBruteForce(t, 13, true)
}

func exactAgainstBruteForce(t *testing.T, seed uint64, lpOnly bool) {
	rng := rand.New(rand.NewPCG(seed, 12))
	compared := 0
	for round := 0; round < 3000; round++ {
		p := Problem{Threshold: 3 + rng.IntN(3), StrictAttacker: rng.IntN(3) == 0}
		n := 3 + rng.IntN(5)
		vals := make([]int, n)
		for i := range vals {
			vals[i] = rng.IntN(9)
		}
		// A few constraints, each a fresh total over a random subset of the cells before it
		// (earlier totals included: hierarchies).
		var cells []Cell
		for i, v := range vals {
			cells = append(cells, Cell{ID: fmt.Sprintf("c%d", i), Value: v, AtLeast: min(v, rng.IntN(4)/3)})
		}
		var cons []Constraint
		for k := range 1 + rng.IntN(3) {
			var parts []string
			sum := 0
			for _, c := range cells {
				if rng.IntN(2) == 0 {
					parts = append(parts, c.ID)
					sum += c.Value
				}
			}
			if len(parts) == 0 {
				continue
			}
			id := fmt.Sprintf("t%d", k)
			kind := Published
			if rng.IntN(5) == 0 {
				kind = Hidden
			}
			cells = append(cells, Cell{ID: id, Value: sum, Kind: kind})
			cons = append(cons, Constraint{Total: id, Parts: parts})
		}
		p.Cells, p.Constraints = cells, cons
		c, err := compile(p)
		if err != nil {
			t.Fatal(err)
		}
		c.cap = 3
		sup := make([]bool, len(c.ids))
		for i := range sup {
			sup[i] = c.kind[i] == Published && (c.primary(i) || rng.IntN(3) == 0)
		}
		for _, comp := range c.components(sup) {
			if len(comp) > 4 {
				continue
			}
			s, vars := c.solver(comp, sup)
			if lpOnly {
				s.quick = 0
			}
			order := make([]int, len(vars))
			for v := range order {
				order[v] = v
			}
			got := s.analyse(order, nil)
			want := bruteForce(s)
			for v := range vars {
				g, w := got[v], want[v]
				if !g.exact || g.lo != w.lo || g.hi != w.hi || g.unbounded != w.unbounded {
					t.Fatalf("round %d, %s: got %+v, brute force %+v", round, c.ids[vars[v]], g, w)
				}
			}
			compared++
		}
	}
	if compared < 2000 {
		t.Fatalf("only %d components compared", compared)
	}
}

func bruteForce(s *solver) []interval {
	res := make([]interval, s.n)
	for v := range res {
		res[v] = interval{lo: 1 << 30, hi: -1, exact: true}
	}
	x := make([]int, s.n)
	var rec func(v int)
	rec = func(v int) {
		if v == s.n {
			for _, eq := range s.eqs {
				sum := 0
				for _, t := range eq.terms {
					sum += t.c * x[t.v]
				}
				if sum != eq.rhs {
					return
				}
			}
			for v, xv := range x {
				res[v].lo = min(res[v].lo, xv)
				res[v].hi = max(res[v].hi, xv)
			}
			return
		}
		for x[v] = s.lo0[v]; x[v] <= s.hi0[v]; x[v]++ {
			rec(v + 1)
		}
	}
	rec(0)
	for v := range res {
		res[v].unbounded = s.capped[v] && res[v].hi >= s.hi0[v]
	}
	return res
}

// The per-constraint rules alone are not enough: three tables that each leave two small cells
// unpublished still give them away together (a+b, a+c and b+c known). Protect's second stage,
// with the exact attacker, catches it.
func TestLocalRulesAreNotEnough(t *testing.T) {
	var p Problem
	p.Count("a", 1)
	p.Count("b", 2)
	p.Count("c", 3)
	p.Sum(p.Count("t1", 13), "a", "b", p.Count("x", 10))
	p.Sum(p.Count("t2", 24), "a", "c", p.Count("y", 20))
	p.Sum(p.Count("t3", 35), "b", "c", p.Count("z", 30))
	c, err := compile(p)
	if err != nil {
		t.Fatal(err)
	}
	sup := c.primarySet()
	c.localFixpoint(sup)
	if n := len(c.result(sup).Suppressed); n != 3 {
		t.Fatalf("local rules suppressed %d cells, want only the 3 primary ones", n)
	}
	var leaks []Leak
	for _, comp := range c.components(sup) {
		leaks = append(leaks, c.attack(comp, sup)...)
	}
	if len(leaks) != 3 {
		t.Fatalf("leaks after the local rules: %v", leaks)
	}
	if r := Protect(p); len(Audit(p, r)) != 0 || r.Complementary == 0 {
		t.Fatalf("Protect: %+v", r)
	}
}
