package staffweb

import (
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"
)

func TestDaysLeftCountsCalendarDaysInAmsterdam(t *testing.T) {
	ams := amsterdam
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, ams)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	now := at("2026-03-28 17:00") // the day before summer time starts
	for _, c := range []struct{ due, want string }{
		{"2026-03-29 09:00", "morgen"},
		{"2026-03-28 23:00", "vandaag"},
		{"2026-03-28 09:00", "sinds vandaag verlopen"},
		{"2026-03-27 18:00", "1 dag te laat"},
		{"2026-03-25 09:00", "3 dagen te laat"},
		{"2026-04-02 08:00", "over 5 dagen"},
	} {
		if got := daysLeft("nl", now, timestamppb.New(at(c.due))); got != c.want {
			t.Errorf("due %s seen %s: %q, want %q", c.due, now.Format("2006-01-02 15:04"), got, c.want)
		}
	}
}

func TestRowsOfAnUploadedFileAreNamedForPeople(t *testing.T) {
	for f, want := range map[string]string{
		"employees_csv.line[3].unit_code": "Medewerkers, regel 3 (unit_code)",
		"units_csv.line[12]":              "Onderdelen, regel 12",
		"rationale":                       "Onderbouwing",
		"something.else":                  "something.else",
	} {
		if got := fieldLabel("nl", f); got != want {
			t.Errorf("fieldLabel(%q) = %q, want %q", f, got, want)
		}
	}
}
