package store_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/admin"
	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/org"
	"github.com/utrecht/meldpunt/internal/store"
	"github.com/utrecht/meldpunt/internal/vault"
)

var theAdmin = admin.Actor{Subject: "admin-1", Admin: true, RequestID: "req-1"}

func newAdminService(t *testing.T, st *store.Store) *admin.Service {
	t.Helper()
	svc, err := admin.New(admin.Config{Repo: st.Admin()})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// signIn records a staff sign-in as the staff pages do and returns the session's token hash.
func signIn(t *testing.T, st *store.Store, subject, name string, roles ...string) []byte {
	t.Helper()
	h := sha256.Sum256([]byte(subject + uuid.NewString()))
	now := time.Now()
	if err := st.StaffSignIn(context.Background(), store.StaffSession{
		Subject: subject, Name: name, Roles: roles, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(8 * time.Hour),
	}, h[:]); err != nil {
		t.Fatalf("sign in %s: %v", subject, err)
	}
	return h[:]
}

// caselessEvents returns the audit events without a case, as stored.
func caselessEvents(t *testing.T, db *sql.DB) []audit.Record {
	t.Helper()
	rows, err := db.Query(`SELECT id, at, actor_kind, actor_id, action, fields, request_id, prev_mac, mac FROM audit_events WHERE case_id IS NULL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []audit.Record
	for rows.Next() {
		var (
			r                              audit.Record
			id, kind, actor, fields, reqID string
		)
		if err := rows.Scan(&id, &r.At, &kind, &actor, &r.Action, &fields, &reqID, &r.PrevMAC, &r.MAC); err != nil {
			t.Fatal(err)
		}
		r.ID = uuid.MustParse(id)
		r.Actor = audit.Actor{Kind: audit.ActorKind(kind), ID: actor}
		r.RequestID = reqID
		if fields != "" {
			r.Fields = strings.Split(fields, ",")
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestTheAdministratorListsAndBlocksAccounts: accounts are listed by name, filtered by name or
// subject and by role, a page at a time; blocking ends the account's sessions and refuses its
// sign-in until unblocked, and each block and unblock is a sealed audit event that names no one
// but the administrator.
func TestTheAdministratorListsAndBlocksAccounts(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, url string) {
		ctx := context.Background()
		v, err := vault.NewEphemeral()
		if err != nil {
			t.Fatal(err)
		}
		seal := audit.SealerFrom(v)
		st.SetAuditSealer(seal)
		svc := newAdminService(t, st)

		anna := signIn(t, st, "anna", "Anna de Vries", "adviser")
		signIn(t, st, "bas", "Bas Jansen", "adviser", "intake")
		signIn(t, st, "ivo", "Ivo Intake", "intake")
		signIn(t, st, "hanna", "Hanna HR", "hr")
		signIn(t, st, "admin-1", "Ada Admin", "admin")

		subjects := func(accs []admin.Account) []string {
			var out []string
			for _, a := range accs {
				out = append(out, a.Subject)
			}
			return out
		}
		for _, tc := range []struct {
			query, role string
			want        []string
		}{
			{"", "", []string{"admin-1", "anna", "bas", "hanna", "ivo"}}, // by name: Ada, Anna, Bas, Hanna, Ivo
			{"", "adviser", []string{"anna", "bas"}},
			{"", "intake", []string{"bas", "ivo"}},
			{"JANS", "", []string{"bas"}},
			{"an", "", []string{"anna", "bas", "hanna"}}, // Anna, Bas Jansen, Hanna
			{"an", "hr", []string{"hanna"}},
			{"", "auditor", nil},
		} {
			p, err := svc.ListAccounts(ctx, theAdmin, tc.query, tc.role, 0, "")
			if err != nil {
				t.Fatal(err)
			}
			if got := subjects(p.Accounts); !slices.Equal(got, tc.want) || p.Total != len(tc.want) || p.NextPageToken != "" {
				t.Errorf("query %q role %q: %v (total %d, next %q), want %v", tc.query, tc.role, got, p.Total, p.NextPageToken, tc.want)
			}
		}
		var paged []string
		for token, n := "", 0; ; n++ {
			p, err := svc.ListAccounts(ctx, theAdmin, "", "", 2, token)
			if err != nil {
				t.Fatal(err)
			}
			if p.Total != 5 || len(p.Accounts) > 2 {
				t.Fatalf("page %d: %d accounts of total %d", n, len(p.Accounts), p.Total)
			}
			paged = append(paged, subjects(p.Accounts)...)
			if token = p.NextPageToken; token == "" {
				break
			}
		}
		if !slices.Equal(paged, []string{"admin-1", "anna", "bas", "hanna", "ivo"}) {
			t.Errorf("paged: %v", paged)
		}

		// Anna has a session; blocking her ends it and refuses her next sign-in.
		if s, err := st.StaffSessionFor(ctx, anna, time.Now(), time.Hour); err != nil || s == nil {
			t.Fatalf("Anna's session before the block: %v %v", s, err)
		}
		acc, err := svc.SetBlocked(ctx, theAdmin, "anna", true)
		if err != nil || !acc.Blocked || acc.Subject != "anna" {
			t.Fatalf("block: %+v %v", acc, err)
		}
		if s, err := st.StaffSessionFor(ctx, anna, time.Now(), time.Hour); err != nil || s != nil {
			t.Fatalf("Anna's session after the block: %+v %v, want none", s, err)
		}
		now := time.Now()
		if err := st.StaffSignIn(ctx, store.StaffSession{Subject: "anna", Name: "Anna", Roles: []string{"adviser"}, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}, []byte("another token hash")); !errors.Is(err, store.ErrAccountBlocked) {
			t.Fatalf("a blocked account signs in: %v", err)
		}
		p, err := svc.ListAccounts(ctx, theAdmin, "de vries", "", 0, "")
		if err != nil || len(p.Accounts) != 1 || !p.Accounts[0].Blocked {
			t.Fatalf("listed after the block: %+v %v", p, err)
		}
		if _, err := svc.SetBlocked(ctx, theAdmin, "anna", false); err != nil {
			t.Fatal(err)
		}
		signIn(t, st, "anna", "Anna de Vries", "adviser")

		// Refusals: not an administrator, oneself, unblocking someone who never signed in.
		_, err = svc.SetBlocked(ctx, admin.Actor{Subject: "ivo"}, "anna", true)
		wantKind(t, "a non-administrator blocks", err, apperr.KindForbidden)
		_, err = svc.ListAccounts(ctx, admin.Actor{Subject: "ivo"}, "", "", 0, "")
		wantKind(t, "a non-administrator lists", err, apperr.KindForbidden)
		_, err = svc.SetBlocked(ctx, theAdmin, "admin-1", true)
		wantKind(t, "the administrator blocks themselves", err, apperr.KindFailedPrecondition)
		_, err = svc.SetBlocked(ctx, theAdmin, "nobody", false)
		wantKind(t, "unblocking an account that never signed in", err, apperr.KindNotFound)

		// Two events, sealed, by the administrator, naming the field and never the account.
		evs := caselessEvents(t, rawDB(t, url))
		var got []string
		for _, e := range evs {
			got = append(got, e.Action)
			if e.Actor != audit.Staff("admin-1") || !slices.Equal(e.Fields, []string{"account"}) || e.RequestID != "req-1" {
				t.Errorf("event %+v", e)
			}
			if strings.Contains(e.Action+e.RequestID+strings.Join(e.Fields, ","), "anna") {
				t.Errorf("the event names the account: %+v", e)
			}
		}
		if !slices.Equal(got, []string{audit.ActionBlockAccount, audit.ActionUnblockAccount}) && !slices.Equal(got, []string{audit.ActionUnblockAccount, audit.ActionBlockAccount}) {
			t.Errorf("events without a case: %v, want a block and an unblock", got)
		}
		// Events without a case are sealed one by one (they form no case's line).
		for _, e := range evs {
			if res := audit.Verify([]audit.Record{e}, nil, seal); !res.Intact() {
				t.Errorf("the account event %s does not verify: %+v", e.Action, res)
			}
		}
	})
}

// TestTheAdministratorImportsTheOrganisation: the CSV files as bytes, checked before anything is
// written; a bad row is named by file, line and column and nothing is written; a dry run writes
// nothing; the import is audited as the administrator's.
func TestTheAdministratorImportsTheOrganisation(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, url string) {
		ctx := context.Background()
		svc := newAdminService(t, st)
		units := []byte("unit_code;unit_name;parent_code;manager_number\nSO;Sociaal Domein;;1001\nSO-WIJ;Wijkteams;SO;1002\n")
		employees := []byte("number;name;email;unit_code;staff_subject\n1001;Marieke;;SO;mgr-so\n1002;Wim;wim@example.org;SO-WIJ;mgr-wij\n")
		badEmployees := []byte("number;name;email;unit_code;staff_subject\n1001;Marieke;;SO;mgr-so\n1002;Wim;wim@example.org;NOPE;mgr-wij\n")

		_, err := svc.ImportOrganisation(ctx, theAdmin, units, badEmployees, false)
		probs := org.Problems(err)
		if len(probs) != 1 || probs[0].File != admin.EmployeesFile || probs[0].Line != 3 || probs[0].Column != "unit_code" {
			t.Fatalf("a bad unit code: %v (problems %+v)", err, probs)
		}
		if u, e := stored(t, st); u != 0 || e != 0 {
			t.Fatalf("after a refused import: %d units, %d employees stored", u, e)
		}
		res, err := svc.ImportOrganisation(ctx, theAdmin, units, employees, true)
		if err != nil || !res.DryRun || res.Units.Created != 2 || res.Employees.Created != 2 {
			t.Fatalf("dry run: %+v %v", res, err)
		}
		if u, e := stored(t, st); u != 0 || e != 0 {
			t.Fatalf("after a dry run: %d units, %d employees stored", u, e)
		}
		res, err = svc.ImportOrganisation(ctx, theAdmin, units, employees, false)
		if err != nil || res.DryRun || res.Units.Created != 2 || res.Employees.Created != 2 {
			t.Fatalf("import: %+v %v", res, err)
		}
		if u, e := stored(t, st); u != 2 || e != 2 {
			t.Fatalf("after the import: %d units, %d employees stored", u, e)
		}
		res, err = svc.ImportOrganisation(ctx, theAdmin, nil, employees, false)
		if err != nil || res.Employees.Unchanged != 2 || res.Employees.Created+res.Employees.Updated != 0 {
			t.Fatalf("the same employees again: %+v %v", res, err)
		}
		_, err = svc.ImportOrganisation(ctx, theAdmin, nil, nil, false)
		wantKind(t, "no files", err, apperr.KindInvalid)
		_, err = svc.ImportOrganisation(ctx, admin.Actor{Subject: "hanna"}, units, employees, false)
		wantKind(t, "a non-administrator imports", err, apperr.KindForbidden)
		_, err = svc.ImportOrganisation(ctx, theAdmin, []byte("code;name\nX;Y\n"), nil, false)
		if probs := org.Problems(err); len(probs) == 0 || probs[0].File != admin.UnitsFile {
			t.Fatalf("a units file with a wrong header: %v", err)
		}

		var imports []audit.Record
		for _, e := range caselessEvents(t, rawDB(t, url)) {
			if e.Action == org.ActionImport {
				imports = append(imports, e)
			}
		}
		if len(imports) != 1 || imports[0].Actor != audit.Staff("admin-1") || imports[0].RequestID != "req-1" {
			t.Errorf("import events: %+v, want one by the administrator", imports)
		}
	})
}
