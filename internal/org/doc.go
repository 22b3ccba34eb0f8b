// Package org is Meldpunt's organisation data: the organisational units (organisatieonderdelen)
// with their accountable manager, and the employees in them, as the HR system knows them. It is
// what routes escalations to the right manager and what conflict-of-interest checks read: the
// subject of a case, and whoever manages the subject (up the chain of units), never get access.
//
// The data comes from HR as CSV (`meldpunt org import`). This package reads and checks those
// files and works out what an import changes; it knows nothing of the database (internal/store
// loads the current data and applies the changes in one transaction).
//
// # The CSV files
//
// Two files, each with a header row; give either or both:
//
//	meldpunt org import --units units.csv --employees employees.csv
//
// units.csv, one row per organisational unit:
//
//	unit_code       required  the HR system's code of the unit; the key of the import
//	unit_name       required
//	parent_code     optional  unit_code of the unit it is part of; empty for the top
//	manager_number  optional  personnel number of the unit's accountable manager (IRM)
//
// employees.csv, one row per employee:
//
//	number          required  personnel number; the key of the import
//	name            required
//	email           optional
//	unit_code       required  the unit the employee works in
//	staff_subject   optional  the subject (sub) of the employee's staff sign-in, if any; unique
//
// Rules of the format:
//
//   - The header names the columns; their order is free and names are matched without regard to
//     case or surrounding spaces. Every column of the file's kind must be present (an optional
//     one may be left empty in every row); a column the format does not know is an error, so a
//     misspelt header is caught rather than silently ignored.
//   - An empty cell means "none": an empty email or staff_subject clears what was stored.
//   - UTF-8 ("CSV UTF-8" in Excel); a byte-order mark is skipped. The separator is a comma or a
//     semicolon (what Dutch Excel writes), detected from the header line. Values holding the
//     separator, quotes or line breaks are quoted the usual CSV way. Spaces around values are
//     trimmed; rows with only empty cells are skipped.
//   - References may point into the other file or at what the database already holds: a manager
//     need not be in this import if they were imported before, and likewise units.
//   - Keep personnel numbers as text: Excel turns 001234 into 1234, which then refers to nobody.
//
// # What an import does
//
// Every row is checked first: required values, email format (loosely), duplicate keys within a
// file, staff_subject unique, unit codes, manager numbers and parent codes that refer to nothing,
// and parent_code chains that loop back on themselves. Each problem names the file, the line and
// the column and says what to do; it quotes codes and numbers, never names or email addresses. If
// any row has a problem nothing is written.
//
// Otherwise the rows are upserted by unit code and personnel number, in one transaction: new ones
// are created, changed ones updated, identical ones left alone — importing the same files twice
// changes nothing the second time. Employees (and units) in the database but not in the file are
// kept and only counted: removing people who may be linked to cases as subjects is a decision for
// later, to be taken with the retention rules, not a side effect of an import.
package org
