package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
)

// filing is the outcome of one attempt to file a report through the load balancer.
type filing struct {
	at         time.Time // when the answer came
	page       bool      // through the reporter pages, not the API
	status     int       // 0: no HTTP answer
	err        string    // the transport error, or what was wrong with the answer
	retryAfter string
	backend    string // the replica that answered ("" for HAProxy itself)
	code       string // the receipt code of a report filed (status 200); never logged
}

// failed reports whether the client would have seen something other than success or a
// retryable refusal (503 with Retry-After).
func (f filing) failed() bool {
	switch {
	case f.err != "":
		return true
	case f.status == http.StatusOK:
		return false
	case f.status == http.StatusServiceUnavailable:
		return f.retryAfter == ""
	}
	return true
}

func (f filing) String() string {
	via := "API"
	if f.page {
		via = "pages"
	}
	by := f.backend
	if by == "" {
		by = "haproxy"
	}
	s := fmt.Sprintf("%s %s via %s: HTTP %d", f.at.Format("15:04:05.000"), via, by, f.status)
	if f.status == http.StatusServiceUnavailable {
		s += fmt.Sprintf(" (Retry-After %q)", f.retryAfter)
	}
	if f.err != "" {
		s += ": " + f.err
	}
	return s
}

// filers are reporters filing reports through the load balancer, one after the other, until
// halted: API clients over REST, page clients through the report form (the form, then sending
// it).
type filers struct {
	lb    *haproxy
	pause time.Duration
	stop  chan struct{}
	wg    sync.WaitGroup

	mu      sync.Mutex
	results []filing
}

func startFilers(lb *haproxy, api, pages int, pause time.Duration) *filers {
	f := &filers{lb: lb, pause: pause, stop: make(chan struct{})}
	for range api {
		c := lb.client(2, nil)
		f.wg.Go(func() { f.loop(func() filing { return f.viaAPI(c) }) })
	}
	for range pages {
		c := lb.client(2, nil)
		f.wg.Go(func() { f.loop(func() filing { return f.viaPages(c) }) })
	}
	return f
}

func (f *filers) loop(file func() filing) {
	for {
		select {
		case <-f.stop:
			return
		default:
		}
		r := file()
		f.mu.Lock()
		f.results = append(f.results, r)
		f.mu.Unlock()
		select {
		case <-f.stop:
			return
		case <-time.After(f.pause):
		}
	}
}

// halt stops the filers, waits for their last answers and returns every outcome, in order.
func (f *filers) halt() []filing {
	close(f.stop)
	f.wg.Wait()
	return f.snapshot()
}

// snapshot returns the outcomes so far, in order.
func (f *filers) snapshot() []filing {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := append([]filing(nil), f.results...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].at.Before(out[j].at) })
	return out
}

// viaAPI files one report over REST.
func (f *filers) viaAPI(c *http.Client) filing {
	body, _ := json.Marshal(map[string]any{
		"idempotencyKey": newKey(), "category": "CATEGORY_BULLYING", "anonymity": "ANONYMITY_ANONYMOUS",
		"description": "Een collega scheldt mij uit waar anderen bij zijn, bijna elke week.",
	})
	req, _ := http.NewRequest("POST", f.lb.baseURL+"/v1/reports", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", userAgent)
	r, b := doFiling(c, req)
	if r.status == http.StatusOK {
		var out struct {
			ReceiptCode string `json:"receiptCode"`
		}
		if json.Unmarshal(b, &out) != nil || out.ReceiptCode == "" {
			r.err = "answered 200 without a receipt code"
		}
		r.code = out.ReceiptCode
	}
	return r
}

// viaPages files one report through the report form: it fetches the form, then sends it.
func (f *filers) viaPages(c *http.Client) filing {
	req, _ := http.NewRequest("GET", f.lb.baseURL+"/nl/melden", nil)
	req.Header.Set("User-Agent", userAgent)
	r, b := doFiling(c, req)
	r.page = true
	if r.status != http.StatusOK {
		return r
	}
	csrf, key := csrfField.FindStringSubmatch(string(b)), formKeyRe.FindStringSubmatch(string(b))
	if csrf == nil || key == nil {
		r.err = "the report form lacks its form token or key"
		return r
	}
	form := url.Values{"csrf": {csrf[1]}, "key": {key[1]}, "category": {"BULLYING"}, "anonymity": {"ANONYMOUS"},
		"description": {"Mijn teamleider spreekt mij steeds kleinerend aan in het bijzijn van anderen."}, "step": {"send"}}
	req, _ = http.NewRequest("POST", f.lb.baseURL+"/nl/melden", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", userAgent)
	r, b = doFiling(c, req)
	r.page = true
	if r.status == http.StatusOK {
		if r.code = receiptCodeRe.FindString(string(b)); r.code == "" {
			r.err = fmt.Sprintf("answered 200 without a receipt code (%q)", title(string(b)))
		}
	}
	return r
}

func doFiling(c *http.Client, req *http.Request) (filing, []byte) {
	res, err := c.Do(req)
	if err != nil {
		return filing{at: time.Now(), err: err.Error()}, nil
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	r := filing{at: time.Now(), status: res.StatusCode, retryAfter: res.Header.Get("Retry-After"), backend: res.Header.Get("X-Backend")}
	if err != nil {
		r.err = "reading the answer: " + err.Error()
	}
	return r, b
}

// countBy counts filings by a key.
func countBy(fs []filing, key func(filing) string) map[string]int {
	out := map[string]int{}
	for _, f := range fs {
		out[key(f)]++
	}
	return out
}

// firstLines joins at most n of lines, and says how many more there are.
func firstLines(lines []string, n int) string {
	if len(lines) <= n {
		return strings.Join(lines, "\n")
	}
	return strings.Join(lines[:n], "\n") + fmt.Sprintf("\n... and %d more", len(lines)-n)
}
