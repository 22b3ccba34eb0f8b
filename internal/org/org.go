package org

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/apperr"
)

// Unit is an organisational unit as HR knows it.
type Unit struct {
	Code          string
	Name          string
	ParentCode    string // "" for a unit at the top
	ManagerNumber string // personnel number of the accountable manager; "" for none
	Pos           Pos    // where the row came from, for problems; zero when not from a file
}

// Employee is a member of staff as HR knows them.
type Employee struct {
	Number       string
	Name         string
	Email        string // "" for none
	UnitCode     string
	StaffSubject string // subject of their staff sign-in; "" for none
	Pos          Pos
}

// Pos is the place of a row in an import file.
type Pos struct {
	File string
	Line int
}

// EmployeeRef is an employee as stored, for look-ups.
type EmployeeRef struct {
	ID           uuid.UUID
	Number       string
	Name         string
	StaffSubject string     // "" when they have no staff sign-in
	UnitID       *uuid.UUID // nil when not in a unit
}

// ActionImport is the audit action of an import that changed organisation data.
const ActionImport = "org.import"

// ErrNotFound is returned for an employee that does not exist.
var ErrNotFound = errors.New("no such employee")

// Counts says what an import did (or would do) to one kind of row.
type Counts struct {
	Created   int
	Updated   int
	Unchanged int
	NotInFile int // in the database but not in the import; kept
}

// ImportResult is the outcome of an import.
type ImportResult struct {
	Units     Counts
	Employees Counts
}

// Changed reports whether the import wrote anything.
func (r ImportResult) Changed() bool {
	return r.Units.Created+r.Units.Updated+r.Employees.Created+r.Employees.Updated > 0
}

// Problem is one thing wrong with the import: a row, or the file as a whole (Line 0 or the
// header's line, Column empty when no one column is at fault).
type Problem struct {
	File    string
	Line    int
	Column  string
	Message string        // in English
	Reason  apperr.Reason // stable, for the reader's own sentence
	Value   string        // what that sentence names (apperr.Violation.Value)
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ", line %d", p.Line)
	}
	if p.Column != "" {
		fmt.Fprintf(&b, ", column %s", p.Column)
	}
	b.WriteString(": ")
	b.WriteString(p.Message)
	return b.String()
}

// MaxListed is how many problems a ValidationError lists; the rest are counted.
const MaxListed = 50

// ValidationError is the refusal of an import with problems. Nothing was written.
type ValidationError struct {
	Problems []Problem // sorted by file and line
}

// NewValidationError returns nil for no problems, else the error listing them in file and line
// order.
func NewValidationError(ps []Problem) error {
	if len(ps) == 0 {
		return nil
	}
	ps = append([]Problem(nil), ps...)
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		return ps[i].Line < ps[j].Line
	})
	return &ValidationError{Problems: ps}
}

// Violations names each problem as a field of the import request: the file (units_csv or
// employees_csv), the line and the column.
func (e *ValidationError) Violations() []apperr.Violation {
	out := make([]apperr.Violation, len(e.Problems))
	for i, p := range e.Problems {
		field := p.File
		if p.Line > 0 {
			field += fmt.Sprintf(".line[%d]", p.Line)
		}
		if p.Column != "" {
			field += "." + p.Column
		}
		out[i] = apperr.Violation{Field: field, Message: p.Message, Reason: p.Reason, Value: p.Value}
	}
	return out
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	n := len(e.Problems)
	if n == 1 {
		b.WriteString("1 problem in the organisation data; nothing was imported:")
	} else {
		fmt.Fprintf(&b, "%d problems in the organisation data; nothing was imported:", n)
	}
	for i, p := range e.Problems {
		if i == MaxListed {
			fmt.Fprintf(&b, "\n  ... and %d more", n-MaxListed)
			break
		}
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Problems returns the problems of err if it is (or wraps) a ValidationError.
func Problems(err error) []Problem {
	var v *ValidationError
	if errors.As(err, &v) {
		return v.Problems
	}
	return nil
}
