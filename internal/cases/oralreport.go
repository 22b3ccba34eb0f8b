package cases

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
)

// An oral report (phone, meeting) is recorded by the staff member who received it, only with the
// reporter's consent; the reporter reviews, corrects and approves the record in their session
// (domain.md §4). The record is a list of versions 1, 2, ...: a correction is a new version,
// nothing is overwritten, and an approval names exactly the version the reporter read.

// OralReportVersion is one opened version of an oral report's record.
type OralReportVersion struct {
	Version       int
	Author        Author
	AuthorSubject string // staff subject of a staff version; "" for the reporter
	Text          string
	CreatedAt     time.Time // for the reporter's versions of an anonymous case, to the hour
	ApprovedAt    *time.Time
}

// OralReport is the record with its history. A case without an oral report has an empty one.
type OralReport struct {
	Latest   *OralReportVersion  // nil when none has been recorded
	Versions []OralReportVersion // oldest first, the latest included
}

// OralReportVersionRecord is a version as stored: the text sealed.
type OralReportVersionRecord struct {
	ID            uuid.UUID
	CaseID        uuid.UUID
	Version       int
	Author        Author
	AuthorSubject string
	ContentSealed []byte
	CreatedAt     time.Time
	ApprovedAt    *time.Time
}

// ErrNoOralReport is returned by the repository when a case has no oral report to approve.
var ErrNoOralReport = errors.New("no oral report")

const (
	fieldOralReport  = "oral_report"
	maxOralReportLen = 20000
)

var (
	errOralReportConsent = apperr.FailedPrecondition("an oral report is recorded only with the reporter's consent")
	errOralReportChanged = apperr.Aborted("the record of the oral report was changed just now; read it again")
)

// oralReportField binds a version's ciphertext to its row, its number and its author, so that
// texts cannot be swapped between versions, renumbered, or turned from staff into reporter text in
// the database.
func oralReportField(id uuid.UUID, version int, author Author) string {
	return fieldOralReport + "/" + id.String() + "/" + strconv.Itoa(version) + "/" + string(author)
}

// sealedOralReport is what a version's ciphertext holds.
type sealedOralReport struct {
	Text string `json:"t"`
}

func checkOralReportText(text string) error {
	if strings.TrimSpace(text) == "" {
		return apperr.Invalid("text", "the record is empty")
	}
	if len(text) > maxOralReportLen {
		return apperr.Invalid("text", "is longer than %d characters", maxOralReportLen)
	}
	return nil
}

// reporterTime is how a reporter's action on an anonymous case is timed in the clear: to the hour,
// like their messages (shownTime).
func reporterTime(rec *CaseRecord, at time.Time) time.Time {
	return shownTime(rec, AuthorReporter, at)
}

// addOralReportVersion seals text as the version after latest and stores it.
func (s *SupportService) addOralReportVersion(ctx context.Context, rec *CaseRecord, latest *OralReportVersionRecord, author Author, subject, text string, now time.Time, ev audit.Event) (OralReportVersion, error) {
	next := 1
	if latest != nil {
		next = latest.Version + 1
	}
	ck, err := s.vault.OpenCaseKey(rec.ID.String(), rec.WrappedKey)
	if err != nil {
		return OralReportVersion{}, err
	}
	payload, err := json.Marshal(sealedOralReport{Text: text})
	if err != nil {
		return OralReportVersion{}, err
	}
	id := uuid.New()
	sealed, err := ck.Seal(oralReportField(id, next, author), payload)
	if err != nil {
		return OralReportVersion{}, err
	}
	at := now
	if author == AuthorReporter {
		at = reporterTime(rec, now)
	}
	v := OralReportVersionRecord{
		ID: id, CaseID: rec.ID, Version: next, Author: author, AuthorSubject: subject,
		ContentSealed: sealed, CreatedAt: at,
	}
	if err := s.logged(ctx, ev, func(ctx context.Context) error { return s.convRepo.AddOralReportVersion(ctx, v) }); err != nil {
		if errors.Is(err, ErrVersionConflict) {
			return OralReportVersion{}, errOralReportChanged
		}
		return OralReportVersion{}, err
	}
	return OralReportVersion{Version: next, Author: author, AuthorSubject: subject, Text: text, CreatedAt: at}, nil
}

func (s *SupportService) openOralReportVersion(rec *CaseRecord, v OralReportVersionRecord) (OralReportVersion, error) {
	ck, err := s.vault.OpenCaseKey(rec.ID.String(), rec.WrappedKey)
	if err != nil {
		return OralReportVersion{}, err
	}
	pt, err := ck.Open(oralReportField(v.ID, v.Version, v.Author), v.ContentSealed)
	if err != nil {
		return OralReportVersion{}, err
	}
	var c sealedOralReport
	if err := json.Unmarshal(pt, &c); err != nil {
		return OralReportVersion{}, err
	}
	return OralReportVersion{
		Version: v.Version, Author: v.Author, AuthorSubject: v.AuthorSubject, Text: c.Text,
		CreatedAt: v.CreatedAt, ApprovedAt: v.ApprovedAt,
	}, nil
}

// RecordOralReport records an oral report the actor received, as the next version of the case's
// record (a first record, or a staff revision of it). The adviser or intake handling the case
// records it, and only when the reporter consented: reporterConsented is the staff member's
// statement that they did, and it is kept in the audit trail.
func (s *SupportService) RecordOralReport(ctx context.Context, a StaffActor, ref, text string, reporterConsented bool) (OralReportVersion, error) {
	rec, err := s.staffCase(ctx, a, ref)
	if err != nil {
		return OralReportVersion{}, err
	}
	if !reporterConsented {
		return OralReportVersion{}, errOralReportConsent
	}
	if err := checkOralReportText(text); err != nil {
		return OralReportVersion{}, err
	}
	if !may(ActionRecordOralReport).In(rec.Status) {
		return OralReportVersion{}, apperr.FailedPrecondition("case %s is closed; no oral report can be recorded", ref)
	}
	latest, err := s.convRepo.LatestOralReportVersion(ctx, rec.ID)
	if err != nil {
		return OralReportVersion{}, err
	}
	now := s.clock()
	ev := audit.New(now, audit.Staff(a.Subject), audit.ActionRecordOralReport, rec.ID, requestID(ctx), "oral_report", "reporter_consent")
	return s.addOralReportVersion(ctx, rec, latest, AuthorStaff, a.Subject, text, now, ev)
}

// CaseOralReport shows staff who may read the case (intake, its adviser, the manager it was
// escalated to) the oral report with every version; the read is audited.
func (s *SupportService) CaseOralReport(ctx context.Context, a StaffActor, ref string) (OralReport, error) {
	rec, _, err := s.staffCaseRel(ctx, a, ref)
	if err != nil {
		return OralReport{}, err
	}
	ev := audit.New(s.clock(), audit.Staff(a.Subject), audit.ActionReadOralReport, rec.ID, requestID(ctx), "oral_report")
	return s.oralReport(ctx, rec, ev, true)
}

// GetOralReport shows the reporter the record of their oral report with every version; when none
// has been recorded, an empty record (the reporter's own case exists, so this is no NotFound).
func (s *SupportService) GetOralReport(ctx context.Context, rs *ReporterSession) (OralReport, error) {
	rec, err := s.reporterCase(ctx, rs)
	if err != nil {
		return OralReport{}, err
	}
	ev := audit.New(s.clock(), audit.Reporter, audit.ActionReporterReadOralReport, rec.ID, requestID(ctx), "oral_report")
	return s.oralReport(ctx, rec, ev, false)
}

func (s *SupportService) oralReport(ctx context.Context, rec *CaseRecord, ev audit.Event, staff bool) (OralReport, error) {
	recs, err := loggedGet(ctx, s.core, ev, func(ctx context.Context) ([]OralReportVersionRecord, error) {
		return s.convRepo.OralReportVersions(ctx, rec.ID)
	})
	if err != nil {
		return OralReport{}, err
	}
	out := OralReport{Versions: make([]OralReportVersion, 0, len(recs))}
	for _, r := range recs {
		v, err := s.openOralReportVersion(rec, r)
		if err != nil {
			return OralReport{}, err
		}
		if !staff {
			v.AuthorSubject = "" // the reporter does not learn staff sign-ins
		}
		out.Versions = append(out.Versions, v)
	}
	if n := len(out.Versions); n > 0 {
		out.Latest = &out.Versions[n-1]
	}
	return out, nil
}

// CorrectOralReport stores the reporter's corrected text as the next version. basedOn, when not
// 0, is the version the reporter corrected: if a newer one exists meanwhile, the correction is
// refused (Aborted) rather than passing the newer version by unseen. Sending the same correction
// twice (a retry) stores it once.
func (s *SupportService) CorrectOralReport(ctx context.Context, rs *ReporterSession, text string, basedOn int) (OralReportVersion, error) {
	if err := checkOralReportText(text); err != nil {
		return OralReportVersion{}, err
	}
	rec, err := s.reporterCase(ctx, rs)
	if err != nil {
		return OralReportVersion{}, err
	}
	if rec.Status == StatusClosed {
		return OralReportVersion{}, apperr.FailedPrecondition("your case is closed; the record can no longer be corrected")
	}
	latest, err := s.convRepo.LatestOralReportVersion(ctx, rec.ID)
	if err != nil {
		return OralReportVersion{}, err
	}
	if latest == nil {
		return OralReportVersion{}, apperr.FailedPrecondition("no oral report has been recorded on your case, so there is nothing to correct")
	}
	now := s.clock()
	if latest.Author == AuthorReporter {
		// A retry of the correction just made (its answer lost) is not a new version.
		cur, err := s.openOralReportVersion(rec, *latest)
		if err != nil {
			return OralReportVersion{}, err
		}
		if cur.Text == text && (basedOn == 0 || basedOn == latest.Version || basedOn == latest.Version-1) {
			ev := audit.New(now, audit.Reporter, audit.ActionCorrectOralReport, rec.ID, requestID(ctx), "oral_report")
			if err := s.record(ctx, ev); err != nil {
				return OralReportVersion{}, err
			}
			cur.AuthorSubject = ""
			return cur, nil
		}
	}
	if basedOn != 0 && basedOn != latest.Version {
		return OralReportVersion{}, apperr.Aborted("version %d is no longer the latest version of the record; read it again", basedOn)
	}
	ev := audit.New(now, audit.Reporter, audit.ActionCorrectOralReport, rec.ID, requestID(ctx), "oral_report")
	return s.addOralReportVersion(ctx, rec, latest, AuthorReporter, "", text, now, ev)
}

// ApproveOralReport approves exactly the latest version of the record, which the reporter names:
// an older version gets Aborted (the reporter has not read what they would approve). Approving an
// approved version again changes nothing.
func (s *SupportService) ApproveOralReport(ctx context.Context, rs *ReporterSession, version int) (OralReportVersion, error) {
	if version < 1 {
		return OralReportVersion{}, apperr.Invalid("version", "name the version you approve")
	}
	rec, err := s.reporterCase(ctx, rs)
	if err != nil {
		return OralReportVersion{}, err
	}
	now := s.clock()
	ev := audit.New(now, audit.Reporter, audit.ActionApproveOralReport, rec.ID, requestID(ctx), "oral_report.approved_at")
	v, err := loggedGet(ctx, s.core, ev, func(ctx context.Context) (*OralReportVersionRecord, error) {
		return s.convRepo.ApproveOralReportVersion(ctx, rec.ID, version, reporterTime(rec, now))
	})
	switch {
	case errors.Is(err, ErrNoOralReport):
		return OralReportVersion{}, apperr.FailedPrecondition("no oral report has been recorded on your case, so there is nothing to approve")
	case errors.Is(err, ErrVersionConflict):
		return OralReportVersion{}, apperr.Aborted("version %d is not the latest version of the record; read it again and approve the latest", version)
	case err != nil:
		return OralReportVersion{}, err
	}
	out, err := s.openOralReportVersion(rec, *v)
	if err != nil {
		return OralReportVersion{}, err
	}
	out.AuthorSubject = ""
	return out, nil
}
