package org

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/utrecht/meldpunt/internal/apperr"
)

// Current is what the database holds before an import, keyed by unit code and personnel number.
type Current struct {
	Units     map[string]Unit
	Employees map[string]Employee
}

// Changes are the writes an import needs.
type Changes struct {
	CreateUnits     []Unit
	UpdateUnits     []Unit
	CreateEmployees []Employee
	UpdateEmployees []Employee
	Result          ImportResult
}

// Plan checks the rows against each other and against cur and works out what to create and to
// update. With any problem it returns a *ValidationError and no changes.
func Plan(units []Unit, employees []Employee, cur Current) (*Changes, error) {
	if err := NewValidationError(Check(units, employees, cur)); err != nil {
		return nil, err
	}
	ch := &Changes{}
	inFile := make(map[string]bool, len(units))
	for _, u := range units {
		inFile[u.Code] = true
		old, ok := cur.Units[u.Code]
		switch {
		case !ok:
			ch.CreateUnits = append(ch.CreateUnits, u)
		case old.Name != u.Name || old.ParentCode != u.ParentCode || old.ManagerNumber != u.ManagerNumber:
			ch.UpdateUnits = append(ch.UpdateUnits, u)
		default:
			ch.Result.Units.Unchanged++
		}
	}
	for code := range cur.Units {
		if !inFile[code] {
			ch.Result.Units.NotInFile++
		}
	}
	inFile = make(map[string]bool, len(employees))
	for _, e := range employees {
		inFile[e.Number] = true
		old, ok := cur.Employees[e.Number]
		switch {
		case !ok:
			ch.CreateEmployees = append(ch.CreateEmployees, e)
		case old.Name != e.Name || old.Email != e.Email || old.UnitCode != e.UnitCode || old.StaffSubject != e.StaffSubject:
			ch.UpdateEmployees = append(ch.UpdateEmployees, e)
		default:
			ch.Result.Employees.Unchanged++
		}
	}
	for number := range cur.Employees {
		if !inFile[number] {
			ch.Result.Employees.NotInFile++
		}
	}
	ch.Result.Units.Created, ch.Result.Units.Updated = len(ch.CreateUnits), len(ch.UpdateUnits)
	ch.Result.Employees.Created, ch.Result.Employees.Updated = len(ch.CreateEmployees), len(ch.UpdateEmployees)
	return ch, nil
}

// Check returns every problem of the rows, in themselves and against cur. A row not read from
// a file (zero Pos) is named by its kind and its 1-based place in the slice.
func Check(units []Unit, employees []Employee, cur Current) []Problem {
	units, employees = slices.Clone(units), slices.Clone(employees) // Pos is filled in below
	c := checker{cur: cur, units: map[string]Unit{}, employees: map[string]Employee{}, heldBy: map[string]string{}}
	for number, e := range cur.Employees {
		if e.StaffSubject != "" {
			c.heldBy[e.StaffSubject] = number
		}
	}
	// Keys first, so that references can point forwards in a file and across files.
	for i := range units {
		u := &units[i]
		u.Pos = posOf(u.Pos, "units", i)
		if u.Code == "" {
			c.add(u.Pos, ColUnitCode, apperr.ReasonValueRequired, "", "unit_code is empty; every unit needs its code")
			continue
		}
		if first, dup := c.units[u.Code]; dup {
			c.add(u.Pos, ColUnitCode, apperr.ReasonRepeatsLine, strconv.Itoa(first.Pos.Line), "unit_code %q is also on %s; give each unit once", u.Code, lineOf(first.Pos))
			continue
		}
		c.units[u.Code] = *u
	}
	for i := range employees {
		e := &employees[i]
		e.Pos = posOf(e.Pos, "employees", i)
		if e.Number == "" {
			c.add(e.Pos, ColNumber, apperr.ReasonValueRequired, "", "number is empty; every employee needs their personnel number")
			continue
		}
		if first, dup := c.employees[e.Number]; dup {
			c.add(e.Pos, ColNumber, apperr.ReasonRepeatsLine, strconv.Itoa(first.Pos.Line), "number %q is also on %s; give each employee once", e.Number, lineOf(first.Pos))
			continue
		}
		c.employees[e.Number] = *e
	}
	for _, u := range units {
		if u.Code != "" && c.units[u.Code].Pos == u.Pos {
			c.unit(u)
		}
	}
	c.cycles(units)
	subjects := map[string]Pos{}
	for _, e := range employees {
		if e.Number != "" && c.employees[e.Number].Pos == e.Pos {
			c.employee(e, subjects)
		}
	}
	return c.probs
}

type checker struct {
	cur       Current
	units     map[string]Unit     // of the file, by code (first occurrence)
	employees map[string]Employee // of the file, by number (first occurrence)
	heldBy    map[string]string   // staff subject -> number of the employee in the database
	probs     []Problem
}

func (c *checker) add(p Pos, col string, r apperr.Reason, value, format string, args ...any) {
	c.probs = append(c.probs, Problem{File: p.File, Line: p.Line, Column: col, Message: fmt.Sprintf(format, args...), Reason: r, Value: value})
}

func (c *checker) unitKnown(code string) bool {
	_, inFile := c.units[code]
	_, inDB := c.cur.Units[code]
	return inFile || inDB
}

func (c *checker) employeeKnown(number string) bool {
	_, inFile := c.employees[number]
	_, inDB := c.cur.Employees[number]
	return inFile || inDB
}

func (c *checker) unit(u Unit) {
	if u.Name == "" {
		c.add(u.Pos, ColUnitName, apperr.ReasonValueRequired, "", "unit_name is empty; give the unit's name")
	}
	switch {
	case u.ParentCode == "":
	case u.ParentCode == u.Code:
		c.add(u.Pos, ColParentCode, apperr.ReasonOwnParent, "", "a unit cannot be its own parent; leave parent_code empty for a unit at the top")
	case !c.unitKnown(u.ParentCode):
		c.add(u.Pos, ColParentCode, apperr.ReasonUnknownUnit, u.ParentCode, "no unit with code %q in the units file or the database; correct the code, add that unit, or leave parent_code empty for a unit at the top", u.ParentCode)
	}
	if u.ManagerNumber != "" && !c.employeeKnown(u.ManagerNumber) {
		c.add(u.Pos, ColManagerNumber, apperr.ReasonUnknownEmployee, u.ManagerNumber, "no employee with number %q in the employees file or the database; correct the number, add the employee, or leave manager_number empty", u.ManagerNumber)
	}
}

func (c *checker) employee(e Employee, subjects map[string]Pos) {
	if e.Name == "" {
		c.add(e.Pos, ColName, apperr.ReasonValueRequired, "", "name is empty; give the employee's name")
	}
	if e.Email != "" && !looksLikeEmail(e.Email) {
		// The value is not repeated: it is personal data, and the line says where to look.
		c.add(e.Pos, ColEmail, apperr.ReasonNotAnEmail, "", "not an email address (like name@utrecht.nl); correct it or leave it empty")
	}
	switch {
	case e.UnitCode == "":
		c.add(e.Pos, ColUnitCode, apperr.ReasonValueRequired, "", "unit_code is empty; give the unit the employee works in")
	case !c.unitKnown(e.UnitCode):
		c.add(e.Pos, ColUnitCode, apperr.ReasonUnknownUnit, e.UnitCode, "no unit with code %q in the units file or the database; correct the code or add the unit to the units file", e.UnitCode)
	}
	if e.StaffSubject == "" {
		return
	}
	if first, dup := subjects[e.StaffSubject]; dup {
		c.add(e.Pos, ColStaffSubject, apperr.ReasonRepeatsLine, strconv.Itoa(first.Line), "the same staff_subject as on %s; a staff sign-in belongs to one employee", lineOf(first))
		return
	}
	subjects[e.StaffSubject] = e.Pos
	// Employees in the file give up their old subject; those not in it keep theirs.
	if number, held := c.heldBy[e.StaffSubject]; held && number != e.Number {
		if _, inFile := c.employees[number]; !inFile {
			c.add(e.Pos, ColStaffSubject, apperr.ReasonSubjectHeld, number, "this staff_subject belongs to employee %q in the database, who is not in this file; correct it, or add employee %q to the file with their own staff_subject (or none)", number, number)
		}
	}
}

// cycles reports parent_code chains that come back to where they started. The chain of a unit
// runs through the file's units and, where the file does not have a unit, the database's.
func (c *checker) cycles(units []Unit) {
	parent := make(map[string]string, len(c.cur.Units)+len(c.units))
	for code, u := range c.cur.Units {
		parent[code] = u.ParentCode
	}
	for code, u := range c.units {
		parent[code] = u.ParentCode
		if u.ParentCode == code {
			parent[code] = "" // reported on its own
		}
	}
	const (
		walking = 1
		done    = 2
	)
	state := make(map[string]int, len(parent))
	for _, u := range units {
		if u.Code == "" || c.units[u.Code].Pos != u.Pos {
			continue
		}
		var path []string
		code := u.Code
		for code != "" && state[code] == 0 {
			state[code] = walking
			path = append(path, code)
			code = parent[code]
		}
		if code != "" && state[code] == walking {
			start := 0
			for path[start] != code {
				start++
			}
			loop := path[start:]
			// Report it once, on the loop's unit that comes first in the file.
			at := u
			for _, lc := range loop {
				if fu, ok := c.units[lc]; ok && fu.Pos.File == at.Pos.File && fu.Pos.Line < at.Pos.Line {
					at = fu
				}
			}
			c.add(at.Pos, ColParentCode, apperr.ReasonUnitLoop, strings.Join(loop, " → ")+" → "+loop[0], "parent_code makes a loop: %s → %s; a unit cannot be part of itself, so correct one of these parent codes",
				strings.Join(loop, " → "), loop[0])
		}
		for _, p := range path {
			state[p] = done
		}
	}
}

// looksLikeEmail is a loose check that catches what goes wrong in a spreadsheet (a name, a
// phone number, two addresses in one cell), not a validation of RFC 5322.
func looksLikeEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || strings.Contains(domain, "@") || strings.ContainsAny(s, " \t\r\n,;<>()[]\"") {
		return false
	}
	dot := strings.LastIndex(domain, ".")
	return dot > 0 && dot < len(domain)-1 && !strings.Contains(domain, "..")
}

func posOf(p Pos, kind string, i int) Pos {
	if p.File == "" && p.Line == 0 {
		return Pos{File: kind, Line: i + 1}
	}
	return p
}

func lineOf(p Pos) string { return fmt.Sprintf("line %d", p.Line) }
