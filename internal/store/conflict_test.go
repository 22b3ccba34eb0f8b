package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/org"
	"github.com/utrecht/meldpunt/internal/store"
)

// TestCaseListsAndReadsAgreeAboutConflictsOnADeepOrganisation: on an organisation of four
// levels — with a unit without a manager, a manager without a sign-in, a manager of their own unit
// and a case about two people in different branches — every member of staff's case list holds
// exactly the cases they may read, and the conflicts are the ones the policy names.
func TestCaseListsAndReadsAgreeAboutConflictsOnADeepOrganisation(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		units := []org.Unit{
			{Code: "TOP", Name: "Gemeente", ManagerNumber: "1"},
			{Code: "A", Name: "Sociaal Domein", ParentCode: "TOP", ManagerNumber: "2"},
			{Code: "A1", Name: "Wijkteams", ParentCode: "A", ManagerNumber: "3"},
			{Code: "A1X", Name: "Wijkteam Oost", ParentCode: "A1", ManagerNumber: "4"}, // no sign-in
			{Code: "DEEP", Name: "Jeugd Oost", ParentCode: "A1X", ManagerNumber: "5"},
			{Code: "B", Name: "Bedrijfsvoering", ParentCode: "TOP"}, // no manager
			{Code: "B1", Name: "ICT", ParentCode: "B", ManagerNumber: "6"},
		}
		employees := []org.Employee{
			{Number: "1", Name: "Top", UnitCode: "TOP", StaffSubject: "m-top"},
			{Number: "2", Name: "Anna", UnitCode: "TOP", StaffSubject: "m-a"},
			{Number: "3", Name: "Aart", UnitCode: "A", StaffSubject: "m-a1"},
			{Number: "4", Name: "Xander", UnitCode: "A1"},
			{Number: "5", Name: "Dirk", UnitCode: "DEEP", StaffSubject: "m-deep"}, // manages his own unit
			{Number: "6", Name: "Bea", UnitCode: "B1", StaffSubject: "m-b1"},
			{Number: "11", Name: "Ed", UnitCode: "DEEP", StaffSubject: "e-deep"},
			{Number: "12", Name: "Eva", UnitCode: "A1X", StaffSubject: "e-a1x"},
			{Number: "13", Name: "Erik", UnitCode: "B", StaffSubject: "e-b"},
			{Number: "14", Name: "Els", UnitCode: "B1", StaffSubject: "e-b1"},
		}
		if _, err := st.ImportOrg(ctx, units, employees, nil); err != nil {
			t.Fatal(err)
		}
		svc := newService(t, st)
		// One case about each person, one about two people in different branches, one about nobody.
		about := map[string][]string{
			"top": {"1"}, "a": {"2"}, "a1": {"3"}, "x": {"4"}, "deep-mgr": {"5"}, "b1-mgr": {"6"},
			"deep": {"11"}, "a1x": {"12"}, "b": {"13"}, "b1": {"14"},
			"two": {"11", "14"}, "nobody": nil,
		}
		refs := map[string]string{}
		for name, numbers := range about {
			f, err := svc.FileReport(ctx, anonymousReport("Case "+name))
			if err != nil {
				t.Fatal(err)
			}
			refs[name] = f.Summary.Reference
			for _, n := range numbers {
				if _, err := svc.LinkSubject(ctx, intake, f.Summary.Reference, n); err != nil {
					t.Fatalf("link %s to %s: %v", n, name, err)
				}
			}
		}
		// Who may not see which case, by the policy: the person and all their managers above.
		want := map[string][]string{
			"m-top":  {"a", "a1", "x", "deep-mgr", "b1-mgr", "deep", "a1x", "b", "b1", "two", "top"},
			"m-a":    {"a", "a1", "x", "deep-mgr", "deep", "a1x", "two"},
			"m-a1":   {"a1", "x", "deep-mgr", "deep", "a1x", "two"},
			"m-deep": {"deep-mgr", "deep", "two"},
			"m-b1":   {"b1-mgr", "b1", "two"},
			"e-deep": {"deep", "two"},
			"e-a1x":  {"a1x"},
			"e-b":    {"b"},
			"e-b1":   {"b1", "two"},
			"alice":  nil,
		}
		for subject, conflicted := range want {
			actor := cases.StaffActor{Subject: subject, Intake: true}
			p, err := svc.ListCases(ctx, actor, cases.ListFilter{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			listed := map[string]bool{}
			for _, c := range p.Cases {
				listed[c.Reference] = true
			}
			for name, ref := range refs {
				_, err := svc.GetCase(ctx, actor, ref)
				readable := err == nil
				if !readable && kindOf(err) != apperr.KindNotFound {
					t.Fatalf("%s reads %s: %v", subject, name, err)
				}
				if readable != listed[ref] {
					t.Errorf("%s and the case about %s: listed %v, readable %v", subject, name, listed[ref], readable)
				}
				if readable == slices.Contains(conflicted, name) {
					t.Errorf("%s and the case about %s: readable %v, but the policy says conflicted %v",
						subject, name, readable, !readable)
				}
			}
		}
	})
}
