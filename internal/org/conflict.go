package org

import "sort"

// Conflict of interest is defined here once. A member of staff is conflicted in a matter about an
// employee when they are that employee, or when they manage the employee's unit or any unit
// above it. Both questions the system asks are answered from that one rule:
//
//   - "who may not handle a case about these people?" (Chart.ConflictedAbout), and
//   - "which people's cases may this member of staff not see?" (Chart.UnitsConflictedFor),
//
// the second by testing every unit with the first, so that a list of cases and a read of one case
// can never disagree about a conflict, however deep the organisation.

// ChartUnit is a unit as the conflict rule needs it.
type ChartUnit struct {
	Code           string
	ParentCode     string // "" at the top
	ManagerSubject string // staff subject of the unit's manager; "" for none or no sign-in
}

// Chart is the organisation's tree of units, for the conflict rule.
type Chart struct {
	units map[string]ChartUnit
}

// NewChart builds a chart from every unit of the organisation.
func NewChart(units []ChartUnit) Chart {
	c := Chart{units: make(map[string]ChartUnit, len(units))}
	for _, u := range units {
		c.units[u.Code] = u
	}
	return c
}

// ManagersAbove returns the staff subjects of the managers of the unit and of every unit above
// it, nearest first, each once. A parent that does not exist ends the walk; so does a loop in the
// stored tree (an import refuses loops, but the walk never trusts that).
func (c Chart) ManagersAbove(unitCode string) []string {
	var out []string
	seenUnit := map[string]bool{}
	seenSubject := map[string]bool{}
	for code := unitCode; code != "" && !seenUnit[code]; {
		seenUnit[code] = true
		u, ok := c.units[code]
		if !ok {
			break
		}
		if s := u.ManagerSubject; s != "" && !seenSubject[s] {
			seenSubject[s] = true
			out = append(out, s)
		}
		code = u.ParentCode
	}
	return out
}

// ConflictedAbout returns the staff subjects conflicted in a matter about an employee who signs
// in as staffSubject ("" for none) and belongs to unitCode ("" for no unit): the employee and the
// managers of their unit and of every unit above it.
func (c Chart) ConflictedAbout(staffSubject, unitCode string) []string {
	var out []string
	if staffSubject != "" {
		out = append(out, staffSubject)
	}
	for _, m := range c.ManagersAbove(unitCode) {
		if m != staffSubject {
			out = append(out, m)
		}
	}
	return out
}

// UnitsConflictedFor returns the codes of the units about whose members staffSubject is
// conflicted: exactly the units u for which ManagersAbove(u) names them. (Their own cases, as the
// employee concerned, the caller adds by the employee, not by the unit.)
//
// It is ManagersAbove's walk, taken from every unit, with what each walk learned remembered so that
// no unit is walked twice: a walk from u follows the same parents as the walk from any unit it
// passes, so it shares that unit's answer.
func (c Chart) UnitsConflictedFor(staffSubject string) []string {
	if staffSubject == "" {
		return nil
	}
	known := make(map[string]bool, len(c.units))
	for start := range c.units {
		var path []string
		onPath := map[string]bool{}
		answer := false
		for code := start; ; {
			if a, ok := known[code]; ok {
				answer = a
				break
			}
			u, ok := c.units[code]
			if !ok || onPath[code] { // a missing parent or a loop ends the walk
				break
			}
			path = append(path, code)
			onPath[code] = true
			if u.ManagerSubject == staffSubject {
				answer = true
				break
			}
			if u.ParentCode == "" {
				break
			}
			code = u.ParentCode
		}
		for _, code := range path {
			known[code] = answer
		}
	}
	var out []string
	for code, in := range known {
		if in {
			out = append(out, code)
		}
	}
	sort.Strings(out)
	return out
}
