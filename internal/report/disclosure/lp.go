package disclosure

import "math"

// The linear relaxation of the attacker's system: is there a real x with lo ≤ x ≤ hi that
// satisfies every equation? Bounds propagation looks at one equation at a time; the relaxation
// combines them all, which decides at once what the search would otherwise have to enumerate
// (that the grounds named together cannot exceed the discrimination reports of two editions,
// say). It is phase 1 of a bounded-variable primal simplex on a dense tableau: the systems are
// small (a component has at most a few hundred unknowns and equations).

const (
	lpEps     = 1e-9
	lpFeasTol = 1e-6
)

type lpStatus uint8

const (
	lpFeasible lpStatus = iota
	lpInfeasible
	lpUnknown // iteration limit: no conclusion
)

// relax solves the relaxation within lo..hi. With lpFeasible it returns a vertex solution.
func (s *solver) relax(lo, hi []int) ([]float64, lpStatus) {
	m, n := len(s.eqs), s.n
	cols := n + m
	t := make([][]float64, m)
	beta := make([]float64, m)
	basis := make([]int, m)
	row := make([]int, cols) // the row of a basic column, -1 when nonbasic
	up := make([]bool, cols) // nonbasic at its upper bound
	l := make([]float64, cols)
	u := make([]float64, cols)
	for j := range n {
		l[j], u[j] = float64(lo[j]), float64(hi[j])
		row[j] = -1
	}
	for i := range m {
		l[n+i], u[n+i] = 0, math.Inf(1)
	}
	// The tableau and the reduced costs hold the columns of the unknowns only: an artificial
	// column is never read (an artificial that leaves the basis never returns, and a basic
	// one is known by its row), so it is not kept up to date either.
	d := make([]float64, n) // reduced costs of phase 1 (minimise the artificials)
	var nz []int            // the non-zero columns of the pivot row
	for i, eq := range s.eqs {
		r := float64(eq.rhs)
		for _, tm := range eq.terms {
			r -= float64(tm.c) * l[tm.v]
		}
		sign := 1.0
		if r < 0 {
			sign = -1
		}
		t[i] = make([]float64, n)
		for _, tm := range eq.terms {
			t[i][tm.v] += sign * float64(tm.c)
		}
		beta[i] = sign * r
		basis[i] = n + i
		row[n+i] = i
		for _, tm := range eq.terms {
			d[tm.v] -= sign * float64(tm.c)
		}
	}
	value := func(j int) float64 {
		if row[j] >= 0 {
			return beta[row[j]]
		}
		if up[j] {
			return u[j]
		}
		return l[j]
	}
	maxIter := 20 * (m + n)
	stall := 0
	for iter := 0; ; iter++ {
		if iter > maxIter {
			return nil, lpUnknown
		}
		// Entering column: Dantzig's rule, Bland's when the objective stalls (no cycling).
		bland := stall > 50
		e, best := -1, 0.0
		for j := range n {
			if row[j] >= 0 || l[j] == u[j] {
				continue // basic; fixed (an artificial that left never returns)
			}
			var gain float64
			if !up[j] && d[j] < -lpEps {
				gain = -d[j]
			} else if up[j] && d[j] > lpEps {
				gain = d[j]
			} else {
				continue
			}
			if bland {
				e = j
				break
			}
			if gain > best {
				e, best = j, gain
			}
		}
		if e < 0 {
			break
		}
		dir := 1.0
		if up[e] {
			dir = -1
		}
		// Ratio test: the largest step before a basic variable or the entering one hits a bound.
		step, leave, leaveUp := u[e]-l[e], -1, false
		for i := range m {
			a := t[i][e]
			if math.Abs(a) < lpEps {
				continue
			}
			rate := -dir * a
			k := basis[i]
			var lim float64
			var toUp bool
			if rate < 0 {
				lim = (beta[i] - l[k]) / -rate
			} else {
				lim, toUp = (u[k]-beta[i])/rate, true
			}
			if lim < 0 {
				lim = 0
			}
			if lim < step-lpEps || (leave >= 0 && lim < step+lpEps && bland && k < basis[leave]) {
				step, leave, leaveUp = lim, i, toUp
			}
		}
		if math.IsInf(step, 1) {
			return nil, lpUnknown // cannot happen: phase 1 is bounded below
		}
		if step > lpEps {
			stall = 0
		} else {
			stall++
		}
		for i := range m {
			if a := t[i][e]; a != 0 {
				beta[i] -= dir * a * step
			}
		}
		if leave < 0 {
			up[e] = !up[e]
			continue
		}
		k := basis[leave]
		enterValue := l[e] + dir*step
		if up[e] {
			enterValue = u[e] + dir*step
		}
		// Pivot, over the pivot row's non-zero entries only (the rows stay sparse for long).
		pr := t[leave]
		p := pr[e]
		nz = nz[:0]
		for j := range n {
			if pr[j] != 0 {
				pr[j] /= p
				nz = append(nz, j)
			}
		}
		for i := range m {
			if i == leave {
				continue
			}
			if f := t[i][e]; f != 0 {
				ri := t[i]
				for _, j := range nz {
					ri[j] -= f * pr[j]
				}
				ri[e] = 0
			}
		}
		if f := d[e]; f != 0 {
			for _, j := range nz {
				d[j] -= f * pr[j]
			}
			d[e] = 0
		}
		beta[leave] = enterValue
		basis[leave], row[e], row[k] = e, leave, -1
		up[k] = leaveUp
		up[e] = false
	}
	art := 0.0
	for i := range m {
		art += value(n + i)
	}
	if art > lpFeasTol {
		return nil, lpInfeasible
	}
	x := make([]float64, n)
	for j := range n {
		x[j] = value(j)
	}
	return x, lpFeasible
}
