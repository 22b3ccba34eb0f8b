package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/cases"
	"github.com/utrecht/meldpunt/internal/notify"
	"github.com/utrecht/meldpunt/internal/store"
	"github.com/utrecht/meldpunt/internal/vault"
)

// TestAReporterIsToldOfAReplyUntilTheCaseIsDestroyed: the acknowledgement of a case whose
// reporter left an address queues one "there is a reply", whose address is opened from the sealed
// field when claimed; one queued and not yet sent when the address is removed, or when the case is
// destroyed, is never claimed.
func TestAReporterIsToldOfAReplyUntilTheCaseIsDestroyed(t *testing.T) {
	forEach(t, func(t *testing.T, st *store.Store, _ string) {
		ctx := context.Background()
		v, err := vault.NewEphemeral()
		if err != nil {
			t.Fatal(err)
		}
		st.SetNotifications("meldpunt.test")
		st.SetReporterAddressOpener(func(id uuid.UUID, wrapped, sealed []byte) (string, string, bool, error) {
			a, ok, err := cases.OpenNotifyAddress(v, id, wrapped, sealed)
			return a.Email, a.Lang, ok, err
		})
		svc := newServiceWith(t, st, v, time.Now)
		file := func() cases.Filed {
			r := anonymousReport("a reporter who wants to hear of a reply")
			r.Anonymity, r.Identity = cases.Confidential, &cases.Identity{Name: "R."}
			r.Notify = &cases.NotifyAddress{Email: "r@reporter.example", Lang: "en"}
			f, err := svc.FileReport(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := svc.Acknowledge(ctx, intake, f.Summary.Reference, ""); err != nil {
				t.Fatal(err)
			}
			return f
		}
		claim := func() []notify.Outgoing {
			t.Helper()
			got, err := st.ClaimNotifications(ctx, time.Now().Add(time.Second), time.Minute, 10)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}

		file()
		if got := claim(); len(got) != 1 || got[0].Kind != notify.KindReporterReply || got[0].To != "r@reporter.example" ||
			got[0].Lang != "en" || got[0].CaseReference != "" {
			t.Fatalf("claimed %+v, want one REPORTER_REPLY to the sealed address", got)
		}

		f := file()
		code, _, err := svc.OpenSession(ctx, "src", f.ReceiptCode)
		if err != nil {
			t.Fatal(err)
		}
		rs, err := svc.AuthenticateReporter(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.SetMyNotifyAddress(ctx, rs, nil); err != nil {
			t.Fatal(err)
		}
		if got := claim(); len(got) != 0 {
			t.Fatalf("after the address was removed: claimed %+v", got)
		}

		f = file()
		cur, _ := svc.GetCase(ctx, intake, f.Summary.Reference)
		if _, err := svc.CloseCase(ctx, intake, f.Summary.Reference, "RESOLVED_INFORMALLY", cur.Version); err != nil {
			t.Fatal(err)
		}
		if n, err := st.DestroyExpiredCases(ctx, time.Now().Add(time.Hour), time.Now()); err != nil || n != 1 {
			t.Fatalf("destroyed %d, %v", n, err)
		}
		if got := claim(); len(got) != 0 {
			t.Fatalf("after the case was destroyed: claimed %+v", got)
		}
	})
}
