package cases

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/utrecht/meldpunt/internal/apperr"
	"github.com/utrecht/meldpunt/internal/audit"
	"github.com/utrecht/meldpunt/internal/evidence"
)

// EvidenceInfo describes an evidence file without its content.
type EvidenceInfo struct {
	ID         uuid.UUID
	FileName   string
	MediaType  string
	Size       int
	UploadedBy Author
	UploadedAt time.Time
}

// EvidenceRecord is an evidence file as stored: name and content sealed together.
type EvidenceRecord struct {
	ID            uuid.UUID
	CaseID        uuid.UUID
	UploadedBy    Author
	UploaderID    string
	MediaType     string
	Size          int
	ContentSealed []byte
	UploadedAt    time.Time
}

type sealedEvidence struct {
	Name    string `json:"n"`
	Content []byte `json:"c"`
}

// ErrNoSuchEvidence is returned when the file is not in the case.
var ErrNoSuchEvidence = errors.New("no such evidence")

func evidenceField(id uuid.UUID) string { return "evidence/" + id.String() }

// storeEvidence cleans, seals and stores an uploaded file.
func (s *InvestigationService) storeEvidence(ctx context.Context, rec *CaseRecord, by Author, uploader, name string, data []byte, ev audit.Event) (EvidenceInfo, error) {
	clean, mediaType, err := evidence.Sanitize(data)
	if err != nil {
		return EvidenceInfo{}, apperr.Invalid("content", "%s", err.Error())
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return EvidenceInfo{}, apperr.Invalid("file_name", "is empty")
	}
	// The name is kept only as a stem; the extension is the detected type's, so that the file
	// can never be saved under a name that makes a browser run it.
	id := uuid.New()
	name = evidence.DownloadName(name, mediaType, id.String())
	payload, err := json.Marshal(sealedEvidence{Name: name, Content: clean})
	if err != nil {
		return EvidenceInfo{}, err
	}
	ck, err := s.vault.OpenCaseKey(rec.ID.String(), rec.WrappedKey)
	if err != nil {
		return EvidenceInfo{}, err
	}
	sealed, err := ck.Seal(evidenceField(id), payload)
	if err != nil {
		return EvidenceInfo{}, err
	}
	at := ev.At
	er := EvidenceRecord{ID: id, CaseID: rec.ID, UploadedBy: by, UploaderID: uploader, MediaType: mediaType, Size: len(clean), ContentSealed: sealed, UploadedAt: at}
	if err := s.logged(ctx, ev, func(ctx context.Context) error { return s.evidenceRepo.AddEvidence(ctx, er) }); err != nil {
		return EvidenceInfo{}, err
	}
	return EvidenceInfo{ID: id, FileName: name, MediaType: mediaType, Size: len(clean), UploadedBy: by, UploadedAt: at}, nil
}

// UploadMyEvidence adds a photo to the reporter's own case.
func (s *InvestigationService) UploadMyEvidence(ctx context.Context, rs *ReporterSession, name string, data []byte) (EvidenceInfo, error) {
	rec, err := s.reporterCase(ctx, rs)
	if err != nil {
		return EvidenceInfo{}, err
	}
	if rec.Status == StatusClosed {
		return EvidenceInfo{}, apperr.FailedPrecondition("your case is closed").Because(apperr.ReasonCaseClosed)
	}
	ev := audit.New(s.clock(), audit.Reporter, audit.ActionUploadEvidence, rec.ID, requestID(ctx), "evidence")
	return s.storeEvidence(ctx, rec, AuthorReporter, "", name, data, ev)
}

// UploadEvidence adds a photo to the fact-finding (the manager and the team).
func (s *InvestigationService) UploadEvidence(ctx context.Context, a StaffActor, ref, name string, data []byte) (EvidenceInfo, error) {
	rec, err := s.factFinder(ctx, a, ref)
	if err != nil {
		return EvidenceInfo{}, err
	}
	if !may(ActionUploadEvidence).In(rec.Status) {
		return EvidenceInfo{}, apperr.FailedPrecondition("case %s is closed", ref).Because(apperr.ReasonCaseClosed)
	}
	ev := audit.New(s.clock(), audit.Staff(a.Subject), audit.ActionUploadEvidence, rec.ID, requestID(ctx), "evidence")
	return s.storeEvidence(ctx, rec, AuthorStaff, a.Subject, name, data, ev)
}

// ListEvidence lists the evidence of a case (names opened, contents not); audited.
func (s *InvestigationService) ListEvidence(ctx context.Context, a StaffActor, ref string) ([]EvidenceInfo, error) {
	rec, err := s.factFinder(ctx, a, ref)
	if err != nil {
		return nil, err
	}
	ev := audit.New(s.clock(), audit.Staff(a.Subject), audit.ActionListEvidence, rec.ID, requestID(ctx), "evidence.names")
	recs, err := loggedGet(ctx, s.core, ev, func(ctx context.Context) ([]EvidenceRecord, error) {
		return s.evidenceRepo.Evidence(ctx, rec.ID, uuid.Nil)
	})
	if err != nil {
		return nil, err
	}
	out := make([]EvidenceInfo, 0, len(recs))
	for _, r := range recs {
		info, _, err := s.openEvidence(rec, r)
		if err != nil {
			return nil, err
		}
		out = append(out, info)
	}
	return out, nil
}

// DownloadEvidence returns one file; the download is audited.
func (s *InvestigationService) DownloadEvidence(ctx context.Context, a StaffActor, ref string, id uuid.UUID) (EvidenceInfo, []byte, error) {
	rec, err := s.factFinder(ctx, a, ref)
	if err != nil {
		return EvidenceInfo{}, nil, err
	}
	ev := audit.New(s.clock(), audit.Staff(a.Subject), audit.ActionDownloadEvidence, rec.ID, requestID(ctx), "evidence:"+id.String())
	recs, err := loggedGet(ctx, s.core, ev, func(ctx context.Context) ([]EvidenceRecord, error) { return s.evidenceRepo.Evidence(ctx, rec.ID, id) })
	if err != nil {
		return EvidenceInfo{}, nil, err
	}
	if len(recs) != 1 {
		return EvidenceInfo{}, nil, apperr.Invalid("evidence_id", "is not evidence of case %s", ref)
	}
	return s.openEvidence(rec, recs[0])
}

func (s *InvestigationService) openEvidence(rec *CaseRecord, r EvidenceRecord) (EvidenceInfo, []byte, error) {
	ck, err := s.vault.OpenCaseKey(rec.ID.String(), rec.WrappedKey)
	if err != nil {
		return EvidenceInfo{}, nil, err
	}
	pt, err := ck.Open(evidenceField(r.ID), r.ContentSealed)
	if err != nil {
		return EvidenceInfo{}, nil, err
	}
	var se sealedEvidence
	if err := json.Unmarshal(pt, &se); err != nil {
		return EvidenceInfo{}, nil, err
	}
	// Files stored before names were derived from the type get theirs on the way out.
	name := evidence.DownloadName(se.Name, r.MediaType, r.ID.String())
	return EvidenceInfo{ID: r.ID, FileName: name, MediaType: r.MediaType, Size: r.Size, UploadedBy: r.UploadedBy, UploadedAt: r.UploadedAt}, se.Content, nil
}
