package web

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
)

// fakeReporter stands in for the reporter service behind the pages. Like a gRPC client, it
// refuses a request it cannot marshal (a string that is not UTF-8) with Internal; it records
// what reached it.
type fakeReporter struct {
	pb.ReporterServiceClient
	mu      sync.Mutex
	filed   []*pb.FileReportRequest
	uploads []*pb.UploadMyEvidenceRequest
}

func marshal(m proto.Message) error {
	if _, err := proto.Marshal(m); err != nil {
		return status.Errorf(codes.Internal, "grpc: error while marshaling: %v", err)
	}
	return nil
}

func (f *fakeReporter) ListCategories(context.Context, *pb.ListCategoriesRequest, ...grpc.CallOption) (*pb.ListCategoriesResponse, error) {
	return &pb.ListCategoriesResponse{Categories: []*pb.CategoryInfo{
		{Category: pb.Category_CATEGORY_BULLYING, LabelNl: "Pesten", LabelEn: "Bullying"},
		{Category: pb.Category_CATEGORY_DISCRIMINATION, LabelNl: "Discriminatie", LabelEn: "Discrimination"},
	}}, nil
}

func (f *fakeReporter) FileReport(_ context.Context, in *pb.FileReportRequest, _ ...grpc.CallOption) (*pb.FileReportResponse, error) {
	if err := marshal(in); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.filed = append(f.filed, in)
	return &pb.FileReportResponse{ReceiptCode: "ABCDE-FGHJK-MNPQR-STVWX", CaseReference: "M-2026-0001"}, nil
}

func (f *fakeReporter) OpenSession(context.Context, *pb.OpenSessionRequest, ...grpc.CallOption) (*pb.OpenSessionResponse, error) {
	return &pb.OpenSessionResponse{SessionToken: "sessie"}, nil
}

func (f *fakeReporter) CloseSession(context.Context, *pb.CloseSessionRequest, ...grpc.CallOption) (*pb.CloseSessionResponse, error) {
	return &pb.CloseSessionResponse{}, nil
}

func (f *fakeReporter) GetMyCase(context.Context, *pb.GetMyCaseRequest, ...grpc.CallOption) (*pb.GetMyCaseResponse, error) {
	return &pb.GetMyCaseResponse{Case: &pb.ReporterCaseView{CaseReference: "M-2026-0001", Category: pb.Category_CATEGORY_BULLYING}}, nil
}

func (f *fakeReporter) ListMyMessages(context.Context, *pb.ListMyMessagesRequest, ...grpc.CallOption) (*pb.ListMyMessagesResponse, error) {
	return &pb.ListMyMessagesResponse{}, nil
}

func (f *fakeReporter) UploadMyEvidence(_ context.Context, in *pb.UploadMyEvidenceRequest, _ ...grpc.CallOption) (*pb.UploadMyEvidenceResponse, error) {
	if err := marshal(in); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.uploads = append(f.uploads, in)
	return &pb.UploadMyEvidenceResponse{}, nil
}

func fuzzServer(tb testing.TB) (*Server, *fakeReporter) {
	tb.Helper()
	fr := &fakeReporter{}
	s, err := New(Config{
		Reporter: fr,
		Outgoing: func(r *http.Request, _ string) context.Context { return r.Context() },
		Now:      func() time.Time { return time.Date(2026, 3, 12, 23, 0, 0, 0, time.UTC) },
		FormKey:  bytes.Repeat([]byte{7}, 32),
	})
	if err != nil {
		tb.Fatal(err)
	}
	return s, fr
}

// FuzzReportForm posts the report form with any values. The page never fails (5xx): it shows
// the form again with what is wrong (400) or goes on; and a report that reaches the service
// passed the form's checks, with its lists trimmed and free of empty lines.
func FuzzReportForm(f *testing.F) {
	f.Add("BULLYING", "Mijn leidinggevende schreeuwt elke week tegen mij.", "ANONYMOUS", "", "", "J. de Vries\n\n  P. Jansen ", "send", "3")
	f.Add("DISCRIMINATION", "Opmerkingen over mijn afkomst bij de koffieautomaat.", "NAMED", "Fatma Yılmaz", "06-12345678", "", "next", "1")
	f.Add("UNSPECIFIED", "kort", "CONFIDENTIAL", " ", "", "", "review", "9")
	f.Add("BULLYING", "\xff\xfe ongeldige tekst \xc3", "ANONYMOUS", "", "", "", "send", "-1")
	s, fr := fuzzServer(f)
	h := s.Handler()
	f.Fuzz(func(t *testing.T, category, description, anonymity, name, contact, subjects, step, at string) {
		form := url.Values{
			"csrf": {s.csrf.token("report", "")}, "key": {"0b7d2c0e-6a8f-4a44-9a43-3f1f6a8f2c11"},
			"category": {category}, "description": {description}, "anonymity": {anonymity}, "name": {name},
			"contact": {contact}, "subjects": {subjects}, "step": {step}, "at": {at},
		}
		req := httptest.NewRequest(http.MethodPost, "/nl/melden", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		fr.filed = nil
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK && rec.Code != http.StatusBadRequest {
			t.Fatalf("status %d", rec.Code)
		}
		for _, r := range fr.filed {
			if r.Category == pb.Category_CATEGORY_UNSPECIFIED || utf8.RuneCountInString(strings.TrimSpace(r.Description)) < 10 ||
				r.Anonymity == pb.Anonymity_ANONYMITY_UNSPECIFIED || (r.Anonymity != pb.Anonymity_ANONYMITY_ANONYMOUS) != (r.Identity != nil) {
				t.Fatalf("a report that fails the form's checks was filed: %v", r)
			}
			for _, s := range r.Subjects {
				if s == "" || s != strings.TrimSpace(s) {
					t.Fatalf("subject %q filed", s)
				}
			}
		}
	})
}

// FuzzEvidenceUpload adds a file of any name to the reporter's case. The page never fails
// (5xx); the name that reaches the service is not empty, at most 200 bytes and UTF-8, whatever
// bytes were given.
func FuzzEvidenceUpload(f *testing.F) {
	f.Add("foto.jpg", []byte("\xff\xd8\xff"))
	f.Add(strings.Repeat("a", 199)+"é.pdf", []byte("%PDF-1.7"))
	f.Add(strings.Repeat("😀", 60)+".png", []byte("x"))
	f.Add("", []byte("x"))
	s, fr := fuzzServer(f)
	h := s.Handler()
	f.Fuzz(func(t *testing.T, filename string, content []byte) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		_ = mw.WriteField("csrf", s.csrf.token("mycase", "sessie"))
		fw, err := mw.CreateFormFile("file", filename)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = fw.Write(content)
		_ = mw.Close()
		req := httptest.NewRequest(http.MethodPost, "/nl/mijn-melding/bestand", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.AddCookie(&http.Cookie{Name: s.sessionCookie(), Value: "sessie"})
		rec := httptest.NewRecorder()
		fr.uploads = nil
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("status %d for the file name %q", rec.Code, filename)
		}
		for _, u := range fr.uploads {
			n := u.GetFileName()
			if n == "" || len(n) > 200 {
				t.Fatalf("file name %q (%d bytes) sent", n, len(n))
			}
			if !utf8.ValidString(n) {
				t.Fatalf("the name %q was sent as %q, which is not UTF-8", filename, n)
			}
		}
	})
}
