package e2e

// Browser tests of the reporter pages: the real server, driven in real headless Chromium.
//
//   - TestFileAReportWithTheKeyboardOnly: a report filed, followed up and answered with key
//     events only (no clicks, no values set from outside), with a visible focus on every control.
//   - TestEveryPageIsAccessible: axe-core (vendored in testdata/axe by scripts/fetch-axe) on every
//     page in every language of the language switch, with a screenshot of each at 360 px wide and
//     no horizontal scrolling there.
//   - TestArabicIsRightToLeft: the Arabic pages read right to left; the receipt code does not.
//   - TestQuickExitLeavesAtOnce: the quick exit leaves and replaces the history entry.
//
// Without Chromium the tests skip, except with CI=true, where they fail (CI installs it).

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	pb "github.com/utrecht/meldpunt/api/meldpunt/v1"
	"github.com/utrecht/meldpunt/internal/browsertest"
)

// The width of a small phone: every page must fit it without horizontal scrolling.
const (
	phoneWidth  = 360
	phoneHeight = 740
)

// axeTags are the WCAG 2.1 A and AA rules of axe-core.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

var (
	receiptCodePattern = regexp.MustCompile(`^[0-9A-Z]{5}-?[0-9A-Z]{5}-?[0-9A-Z]{5}-?[0-9A-Z]{5}$`)
	referencePattern   = regexp.MustCompile(`MP-[0-9A-Z]{8}`)
)

// tab is one browser tab on the site of s.
type tab struct {
	t   *testing.T
	s   *server
	ctx context.Context
	// page names the page in messages ("nl/start").
	page string
}

// startBrowser starts headless Chromium with one tab, for at most timeout (the whole test's
// budget: every action fails once it has passed). The browser is killed at cleanup, also when the
// test fails or times out. Without Chromium the test skips, or fails with CI=true.
func startBrowser(t *testing.T, s *server, timeout time.Duration) *tab {
	t.Helper()
	exe := browsertest.Require(t)
	budget, cancelBudget := context.WithTimeout(context.Background(), timeout)
	out := &browsertest.SyncBuffer{}
	// No UserDataDir option: the allocator starts Chromium with a fresh profile in a new temporary
	// directory, and when the browser stops it kills any helper process still using that profile
	// and removes the directory.
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(budget,
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.WindowSize(1280, 1000),
		chromedp.CombinedOutput(out),
	)
	bctx, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		// Close gracefully first; cancelAlloc kills the browser if it still runs and waits until
		// it has exited.
		if err := chromedp.Cancel(bctx); err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
			t.Logf("closing the browser: %v", err)
		}
		cancelBrowser()
		cancelAlloc()
		cancelBudget()
		if t.Failed() && out.String() != "" {
			t.Logf("browser output:\n%s", out.String())
		}
	})
	// Start the browser and its tab now: they live as long as bctx.
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting %s: %v", exe, err)
	}
	b := &tab{t: t, s: s, ctx: bctx}
	// Headless, the page never has the window's focus; emulate it, so that focus and
	// :focus-visible behave as in a window in front.
	if _, err := chromedp.Call(bctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatalf("focus emulation: %v", err)
	}
	return b
}

// with returns the tab for another test (a subtest), on the same browser tab.
func (b *tab) with(t *testing.T) *tab {
	c := *b
	c.t = t
	return &c
}

// do runs actions; an error ends the test.
func (b *tab) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("%s: %s: %v", b.page, what, err)
	}
}

// eval evaluates a script in the page and decodes its result.
func eval[T any](b *tab, script string, opts ...chromedp.EvaluateOption) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](script, opts...))
	if err != nil {
		b.t.Fatalf("%s: evaluating %.120q: %v", b.page, script, err)
	}
	return v
}

// jsString is s as a JavaScript string literal.
func jsString(s string) string {
	j, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return string(j)
}

// open navigates to path on the site, waits for the page to load and asserts the HTTP status.
func (b *tab) open(name, path string, status int64) *network.Response {
	b.t.Helper()
	b.page = name
	res, err := chromedp.Run(b.ctx, chromedp.NavigateResponse(b.s.baseURL+path))
	if err != nil {
		b.t.Fatalf("%s: opening %s: %v", name, path, err)
	}
	if res.Status != status {
		b.t.Fatalf("%s: %s answered %d, want %d", name, path, res.Status, status)
	}
	return res
}

// navigateBy runs action, which must make the page navigate (a key press, a submitted form), waits
// until the new page has loaded and asserts its HTTP status; name names the new page.
func (b *tab) navigateBy(name string, status int64, action chromedp.Action[chromedp.Void]) *network.Response {
	b.t.Helper()
	from := b.page
	res, err := chromedp.RunResponse(b.ctx, action)
	if err != nil {
		b.t.Fatalf("%s: navigating to %s: %v", from, name, err)
	}
	b.page = name
	if res == nil {
		b.t.Fatalf("%s: no response for the navigation to %s", from, name)
	}
	if res.Status != status {
		text, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector("main") ? document.querySelector("main").innerText : document.body.innerText`))
		b.t.Fatalf("%s: %s answered %d, want %d; the page says:\n%s", name, res.URL, res.Status, status, text)
	}
	return res
}

// path is the path of the page the tab shows.
func (b *tab) path() string {
	b.t.Helper()
	loc := eval[string](b, `location.href`)
	u, err := url.Parse(loc)
	if err != nil {
		b.t.Fatalf("%s: location %q: %v", b.page, loc, err)
	}
	return u.Path
}

// text is the visible text of the page's main content.
func (b *tab) text() string {
	b.t.Helper()
	return eval[string](b, `(document.querySelector("main") || document.body).innerText`)
}

// languages are the language codes of the language switch on the start page, in its order.
func (b *tab) languages() []string {
	b.t.Helper()
	b.open("nl/start", "/nl/", 200)
	langs := eval[[]string](b, `[...document.querySelectorAll("nav.language-switch a[hreflang]")].map(a => a.getAttribute("hreflang"))`)
	var out []string
	for _, l := range langs {
		if l != "" && !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	if !slices.Contains(out, "nl") || !slices.Contains(out, "en") {
		b.t.Fatalf("the language switch (nav.language-switch a[hreflang]) lists %q; want at least nl and en", langs)
	}
	return out
}

// ---------------------------------------------------------------- the keyboard

// focused describes the element that has the focus.
type focused struct {
	Desc     string `json:"desc"`
	Index    int    `json:"index"` // position in document order; -1 for none (the body)
	Matches  bool   `json:"matches"`
	Outline  string `json:"outline"`
	Shadow   string `json:"shadow"`
	Visible  bool   `json:"visible"`  // a focus indicator is drawn: outline or box-shadow
	InView   bool   `json:"inView"`   // laid out and (at least partly) in the viewport
	FocusVis bool   `json:"focusVis"` // matches :focus-visible
}

const focusedScript = `((sel) => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) {
    return {desc: "(nothing: the body)", index: -1, matches: false, outline: "", shadow: "", visible: false, inView: false, focusVis: false};
  }
  let desc = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "");
  for (const a of ["name", "type", "href"]) {
    const v = el.getAttribute(a);
    if (v !== null) desc += "[" + a + "=" + JSON.stringify(v) + "]";
  }
  if (el.tagName === "BUTTON" && el.getAttribute("value") !== null) desc += "[value=" + JSON.stringify(el.getAttribute("value")) + "]";
  const label = (el.innerText || el.getAttribute("aria-label") || "").trim().slice(0, 40);
  if (label) desc += " " + JSON.stringify(label);
  const cs = getComputedStyle(el);
  const outline = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0;
  const shadow = cs.boxShadow !== "" && cs.boxShadow !== "none";
  const r = el.getBoundingClientRect();
  return {
    desc, index: [...document.querySelectorAll("*")].indexOf(el), matches: el.matches(sel),
    outline: cs.outlineStyle + " " + cs.outlineWidth + " " + cs.outlineColor, shadow: cs.boxShadow,
    visible: outline || shadow,
    inView: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
    focusVis: el.matches(":focus-visible"),
  };
})`

// keyboard drives a tab with key events only, and checks the focus on the way.
type keyboard struct {
	*tab
	// reported are the focus problems already reported, by page and element.
	reported map[string]bool
}

// focus describes the focused element; sel is matched against it.
func (k *keyboard) focus(sel string) focused {
	k.t.Helper()
	return eval[focused](k.tab, focusedScript+"("+jsString(sel)+")")
}

// press sends keys (kb constants or text) as key events.
func (k *keyboard) press(keys string, opts ...chromedp.KeyOption) {
	k.t.Helper()
	k.do(fmt.Sprintf("pressing %q", keys), chromedp.KeyEvent(keys, opts...))
}

// pressTo presses keys, which must navigate (Enter on a link or button), and waits for the page.
func (k *keyboard) pressTo(name string, status int64, keys string) *network.Response {
	k.t.Helper()
	return k.navigateBy(name, status, chromedp.KeyEvent(keys))
}

// checkFocus reports a focused control without a visible focus indicator, or not in view.
func (k *keyboard) checkFocus(f focused) {
	k.t.Helper()
	if f.Index < 0 {
		return
	}
	key := k.page + " " + f.Desc
	if k.reported[key] {
		return
	}
	if !f.Visible {
		k.reported[key] = true
		k.t.Errorf("%s: no visible focus on %s: computed outline %q and box-shadow %q (:focus-visible %v); "+
			"it needs a focus style (an outline, e.g. the Utrecht focus tokens, on :focus-visible)", k.page, f.Desc, f.Outline, f.Shadow, f.FocusVis)
	}
	if !f.InView {
		k.reported[key] = true
		k.t.Errorf("%s: the focused %s is not laid out in the viewport", k.page, f.Desc)
	}
}

// tabTo presses Tab until the focus is on an element matching sel, at most max times, checking
// each focused control on the way: it is visibly focused, and each Tab moves the focus (no trap).
func (k *keyboard) tabTo(sel string, max int) focused {
	k.t.Helper()
	prev := k.focus(sel)
	var seen []string
	for range max {
		k.press(kb.Tab)
		f := k.focus(sel)
		seen = append(seen, f.Desc)
		if f.Index >= 0 && f.Index == prev.Index {
			k.t.Fatalf("%s: keyboard trap: Tab leaves the focus on %s", k.page, f.Desc)
		}
		k.checkFocus(f)
		if f.Matches {
			return f
		}
		prev = f
	}
	k.t.Fatalf("%s: %d times Tab did not reach %s; the focus went to:\n  %s", k.page, max, sel, strings.Join(seen, "\n  "))
	return focused{}
}

// shiftTabBack asserts that Shift+Tab from the focused element returns to the element focused
// before it, and Tab comes back: the focus order can be walked both ways.
func (k *keyboard) shiftTabBack(before focused) {
	k.t.Helper()
	now := k.focus("*")
	k.press(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift))
	if f := k.focus("*"); f.Index != before.Index {
		k.t.Errorf("%s: Shift+Tab from %s went to %s, want %s", k.page, now.Desc, f.Desc, before.Desc)
	} else {
		k.checkFocus(f)
	}
	k.press(kb.Tab)
	if f := k.focus("*"); f.Index != now.Index {
		k.t.Fatalf("%s: Tab after Shift+Tab went to %s, want %s", k.page, f.Desc, now.Desc)
	}
}

// skipToContent asserts that the first Tab on a freshly loaded page focuses the skip link, that it
// is visible then, and that Enter on it moves the focus to the main content.
func (k *keyboard) skipToContent() {
	k.t.Helper()
	k.press(kb.Tab)
	f := k.focus(`a[href="#inhoud"]`)
	if !f.Matches {
		k.t.Fatalf("%s: the first Tab focused %s, want the skip link (a[href=\"#inhoud\"])", k.page, f.Desc)
	}
	k.checkFocus(f)
	k.press(kb.Enter)
	if f := k.focus("main"); !f.Matches {
		k.t.Fatalf("%s: Enter on the skip link left the focus on %s, want the main content", k.page, f.Desc)
	}
}

// TestFileAReportWithTheKeyboardOnly: an employee who uses no mouse files a report, keeps the
// receipt code, logs in with it, reads a message from staff and replies. Every step is a key
// event (Tab, Shift+Tab, Enter, Space, arrow keys, typing); the test reads the page but never clicks nor
// sets a value. Every focused control shows a visible focus indicator.
func TestFileAReportWithTheKeyboardOnly(t *testing.T) {
	start := time.Now()
	s := startServer(t, "sqlite")
	k := &keyboard{tab: startBrowser(t, s, 60*time.Second), reported: map[string]bool{}}

	// The start page: the first Tab reaches the skip link, Enter skips to the content, and the
	// first link there is the call to report.
	k.open("nl/start", "/nl/", 200)
	k.skipToContent()
	k.tabTo(`a[href="/nl/melden"]`, 3)
	k.pressTo("nl/report", 200, kb.Enter)

	// The form: category with the arrow keys, a description typed, "anonymous" kept.
	k.skipToContent()
	k.tabTo("#category", 3)
	k.press(kb.ArrowDown)
	category := eval[string](k.tab, `document.getElementById("category").value`)
	if category == "" {
		t.Fatalf("%s: ArrowDown on the category select chose nothing", k.page)
	}
	k.press(kb.ArrowDown)
	if c := eval[string](k.tab, `document.getElementById("category").value`); c == category || c == "" {
		t.Errorf("%s: a second ArrowDown on the category select did not move to the next category (%q, then %q)", k.page, category, c)
	} else {
		category = c
	}
	k.tabTo("#description", 1)
	const description = "Mijn leidinggevende maakt in het teamoverleg steeds opmerkingen over mijn hoofddoek."
	k.press(description)
	if got := eval[string](k.tab, `document.getElementById("description").value`); got != description {
		t.Fatalf("%s: the description reads %q after typing, want %q", k.page, got, description)
	}
	// Step 1 done: Next. Step 2 (when, where, who) is optional: straight on to Next. Step 3: how.
	k.tabTo(`button[name="step"][value="next"]`, 3)
	k.pressTo("nl/report-step-2", 200, kb.Enter)
	k.skipToContent()
	k.tabTo(`button[name="step"][value="next"]`, 10)
	k.pressTo("nl/report-step-3", 200, kb.Enter)
	if got := eval[string](k.tab, `document.querySelector('input[name="description"]').value`); got != description {
		t.Fatalf("%s: the description did not travel with the steps: %q", k.page, got)
	}
	k.skipToContent()
	// The anonymity radios: one Tab stop, on the checked "anonymous"; the arrow keys move the
	// choice, and back.
	k.tabTo("#anonymity-anonymous", 8)
	checked := func() string {
		return eval[string](k.tab, `(document.querySelector('input[name="anonymity"]:checked') || {}).value || ""`)
	}
	if c := checked(); c != "ANONYMOUS" {
		t.Fatalf("%s: the form starts with anonymity %q, want ANONYMOUS", k.page, c)
	}
	k.press(kb.ArrowDown)
	if c := checked(); c != "CONFIDENTIAL" {
		t.Errorf("%s: ArrowDown on \"anonymous\" chose %q, want CONFIDENTIAL", k.page, c)
	}
	k.press(kb.ArrowUp)
	if c := checked(); c != "ANONYMOUS" {
		t.Fatalf("%s: ArrowUp chose %q, want ANONYMOUS back", k.page, c)
	}
	adviser := k.tabTo("#adviser", 4)
	if c := checked(); c != "ANONYMOUS" {
		t.Errorf("%s: anonymity is %q after tabbing through the form, want ANONYMOUS", k.page, c)
	}
	k.tabTo(`button[name="step"][value="review"]`, 2)
	k.shiftTabBack(adviser)
	k.pressTo("nl/review", 200, kb.Enter)

	// The review step shows what was typed; send.
	if txt := k.text(); !strings.Contains(txt, description) {
		t.Fatalf("%s: the review step does not show the description:\n%s", k.page, txt)
	}
	if f := k.tabTo(`button[name="step"][value="send"]`, 20); !strings.Contains(f.Desc, "send") {
		t.Fatalf("%s: focused %s", k.page, f.Desc)
	}
	k.pressTo("nl/receipt", 200, " ") // Space presses a button, as Enter does

	// The receipt: read the code from the page.
	code := strings.Join(strings.Fields(eval[string](k.tab, `document.getElementById("receipt-code").textContent`)), "")
	if !receiptCodePattern.MatchString(code) {
		t.Fatalf("%s: the receipt code reads %q", k.page, code)
	}
	ref := referencePattern.FindString(k.text())
	if ref == "" {
		t.Fatalf("%s: no case reference (MP-...) on the receipt page:\n%s", k.page, k.text())
	}
	t.Logf("filed %s (category %s) with the keyboard; receipt code %s", ref, category, code)

	// Follow-up: the link to log in, the code typed, Enter in the field submits.
	k.skipToContent()
	k.tabTo(`a[href="/nl/opvolgen"]`, 12)
	k.pressTo("nl/follow-up", 200, kb.Enter)
	k.skipToContent()
	k.tabTo("#code", 3)
	k.press(code)
	k.pressTo("nl/my-report", 200, kb.Enter)
	if p := k.path(); p != "/nl/mijn-melding" {
		t.Fatalf("after logging in the page is %s, want /nl/mijn-melding", p)
	}
	if txt := k.text(); !strings.Contains(txt, ref) {
		t.Fatalf("%s: the report %s is not shown:\n%s", k.page, ref, txt)
	}

	// Staff writes; after a reload the reporter reads it.
	intake := s.tokenFor(t, "ivo", "intake")
	const fromStaff = "Wij hebben uw melding ontvangen. Een vertrouwenspersoon neemt deze week contact met u op."
	if _, err := s.cases.AcknowledgeCase(ctx(t, intake), &pb.AcknowledgeCaseRequest{CaseReference: ref, Message: fromStaff}); err != nil {
		t.Fatalf("AcknowledgeCase: %v", err)
	}
	k.do("reloading", chromedp.Reload())
	if txt := k.text(); !strings.Contains(txt, fromStaff) {
		t.Fatalf("%s: after a reload the message from staff is not shown:\n%s", k.page, txt)
	}

	// The reply, typed and sent with the keyboard.
	k.skipToContent()
	k.tabTo("#message", 10)
	const reply = "Dank u. Ik ben bereikbaar via deze berichten, liefst na 17 uur."
	k.press(reply)
	k.tabTo(`form[action$="/mijn-melding/bericht"] button[type="submit"]`, 2)
	k.pressTo("nl/my-report", 200, kb.Enter)
	if txt := k.text(); !strings.Contains(txt, reply) {
		t.Errorf("%s: the reply is not shown after sending:\n%s", k.page, txt)
	}
	msgs, err := s.cases.ListCaseMessages(ctx(t, intake), &pb.ListCaseMessagesRequest{CaseReference: ref})
	if err != nil {
		t.Fatalf("ListCaseMessages: %v", err)
	}
	var bodies []string
	for _, m := range msgs.GetMessages() {
		bodies = append(bodies, m.GetAuthor().String()+": "+m.GetBody())
	}
	if n := len(msgs.GetMessages()); n != 2 || msgs.GetMessages()[1].GetBody() != reply ||
		msgs.GetMessages()[1].GetAuthor() != pb.MessageAuthor_MESSAGE_AUTHOR_REPORTER {
		t.Fatalf("staff sees %d messages, want the acknowledgement and the reporter's reply:\n  %s", n, strings.Join(bodies, "\n  "))
	}
	// Evidence: a photo chosen in the file field (a file picker is the operating system's, so the
	// test sets the file the way a picker would), then added with the keyboard.
	photo := filepath.Join(t.TempDir(), "screenshot.png")
	var pic bytes.Buffer
	if err := pngEncode(&pic); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(photo, pic.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(k.tab.ctx, chromedp.SetUploadFiles("#file", []string{photo})); err != nil {
		t.Fatalf("%s: choose the file: %v", k.page, err)
	}
	k.tabTo(`form[action$="/mijn-melding/bestand"] button[type="submit"]`, 30)
	k.pressTo("nl/my-report-evidence", 200, kb.Enter)
	if txt := k.text(); !strings.Contains(txt, "Uw bestand is toegevoegd") {
		t.Fatalf("%s: no confirmation that the photo was added:\n%s", k.page, txt)
	}
	t.Logf("keyboard-only flow took %v", time.Since(start).Round(time.Millisecond))
}

// pngEncode writes a small PNG picture.
func pngEncode(w io.Writer) error {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for i := 0; i < 8; i++ {
		img.Set(i, i, color.RGBA{R: 200, A: 255})
	}
	return png.Encode(w, img)
}

// ---------------------------------------------------------------- axe-core

// axeResult is what axeScript returns.
type axeResult struct {
	Violations []axeViolation `json:"violations"`
	Incomplete []string       `json:"incomplete"` // the ids of rules that need a person to decide
	Passed     int            `json:"passed"`     // rules that passed
}

type axeViolation struct {
	ID      string    `json:"id"`
	Impact  string    `json:"impact"`
	Help    string    `json:"help"`
	HelpURL string    `json:"helpUrl"`
	Nodes   []axeNode `json:"nodes"`
}

type axeNode struct {
	Target  []string `json:"target"`
	HTML    string   `json:"html"`
	Summary string   `json:"summary"`
}

// axeFinding is one violation on one page, for the findings file.
type axeFinding struct {
	Page string `json:"page"`
	axeViolation
}

var axeScript = `axe.run(document, {runOnly: {type: "tag", values: ` + mustJSON(axeTags) + `}, resultTypes: ["violations"]})
  .then(r => JSON.stringify({
    violations: r.violations.map(v => ({
      id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map(n => ({target: n.target.map(String), html: n.html.slice(0, 300), summary: n.failureSummary || ""})),
    })),
    incomplete: r.incomplete.map(v => v.id),
    passed: r.passes.length,
  }))`

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// overflowScript explains a page that is wider than the phone: the outermost elements that reach
// past its right edge; the innermost elements whose narrowest possible width (min-content), with
// the paddings and borders around them, does not fit the phone (a long word, a row that cannot
// wrap); and the widest words.
var overflowScript = `(() => {
  const W = ` + fmt.Sprint(phoneWidth) + `, out = [];
  const desc = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (typeof e.className === "string" && e.className.trim() ? "." + e.className.trim().split(/\s+/).join(".") : "");
  const px = (cs, ...props) => props.reduce((n, p) => n + (parseFloat(cs[p]) || 0), 0);
  const over = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > W + 0.5; };
  for (const e of document.querySelectorAll("body *")) {
    if (over(e) && !(e.parentElement && e.parentElement !== document.body && over(e.parentElement))) {
      const r = e.getBoundingClientRect();
      out.push("too wide: " + desc(e) + " (" + Math.round(r.left) + " to " + Math.round(r.right) + " px)");
    }
  }
  // The width an element needs: its min-content width, its margins, and the paddings and
  // borders of its ancestors. (Set through the CSSOM, which the CSP allows, and restored.)
  const need = new Map();
  for (const e of document.querySelectorAll("body *")) {
    const cs = getComputedStyle(e);
    // (An element with a percentage max-width, like the form controls, shrinks with its box.)
    if (cs.display === "inline" || cs.display === "none" || cs.display === "contents" || cs.maxWidth.endsWith("%")) continue;
    const old = e.style.getPropertyValue("width"), prio = e.style.getPropertyPriority("width");
    e.style.setProperty("width", "min-content", "important");
    const w = e.getBoundingClientRect().width;
    e.style.setProperty("width", old, prio);
    let around = px(cs, "marginLeft", "marginRight");
    for (let a = e.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      around += px(getComputedStyle(a), "paddingLeft", "paddingRight", "borderLeftWidth", "borderRightWidth");
    }
    if (w + around > W + 0.5) need.set(e, [w, around]);
  }
  for (const [e, [w, around]] of need) {
    if ([...need.keys()].some(d => d !== e && e.contains(d))) continue;
    out.push("cannot shrink to fit: " + desc(e) + " (min-content " + Math.round(w) + " px + " + Math.round(around) + " px of margins, paddings and borders around it)");
  }
  const words = [], walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n; (n = walk.nextNode());) {
    for (const m of n.textContent.matchAll(/[^\s-]+-?|-/g)) { // the pieces between spaces and after hyphens
      const r = document.createRange(); r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
      if (r.getClientRects().length === 1) words.push([r.getBoundingClientRect().width, m[0], desc(n.parentElement)]);
    }
  }
  words.sort((a, b) => b[0] - a[0]);
  for (const [w, word, el] of words.slice(0, 2)) out.push("widest word: " + JSON.stringify(word) + " " + Math.round(w) + " px in " + el);
  return out;
})()`

// checker checks pages with axe-core and at phone width.
type checker struct {
	*tab
	axe string // the source of axe.min.js
	dir string // the artefacts
	// found collects the findings and screenshots of every page (the subtests run one by one).
	found *axeFound
	// saved, when not nil, keeps each checked page's HTML for the other checkers (see verify).
	saved *savedPages
}

type axeFound struct {
	findings   []axeFinding
	shots      []string
	incomplete map[string][]string // pages by the rules axe could not decide on them
}

// check runs axe-core on the page (failing on serious and critical violations, logging the
// others), saves a full-page screenshot at phone width as <page>-360.png (the page name is
// "<lang>/<page>") and asserts that nothing scrolls sideways there.
func (c *checker) check() {
	c.t.Helper()
	c.axeCheck()
	c.phoneCheck()
	c.wantPageBasics()
	c.saved.save(c.tab)
}

// axeCheck runs axe-core on the page: serious and critical violations fail the test, the others
// are logged.
func (c *checker) axeCheck() {
	t := c.t
	t.Helper()
	// The page's CSP allows scripts from the site only (no inline script, no eval); DevTools
	// evaluation is not subject to it, so axe is injected as an evaluated expression.
	if !eval[bool](c.tab, c.axe+"\n;typeof window.axe === \"object\" && typeof window.axe.run === \"function\"") {
		t.Fatalf("%s: axe-core did not load into the page", c.page)
	}
	var res axeResult
	raw := eval[string](c.tab, axeScript, chromedp.EvalAwaitPromise)
	if err := json.Unmarshal([]byte(raw), &res); err != nil {
		t.Fatalf("%s: axe result: %v\n%.500s", c.page, err, raw)
	}
	for _, v := range res.Violations {
		c.found.findings = append(c.found.findings, axeFinding{Page: c.page, axeViolation: v})
		var targets []string
		for i, n := range v.Nodes {
			if i == 3 {
				targets = append(targets, fmt.Sprintf("... (%d elements in all)", len(v.Nodes)))
				break
			}
			targets = append(targets, strings.Join(n.Target, " ")+"  "+n.HTML)
		}
		msg := fmt.Sprintf("%s: axe %s (%s): %s\n    %s\n    %s", c.page, v.ID, v.Impact, v.Help, strings.Join(targets, "\n    "), v.HelpURL)
		if len(v.Nodes) > 0 && v.Nodes[0].Summary != "" {
			msg += "\n    " + strings.ReplaceAll(v.Nodes[0].Summary, "\n", "\n    ")
		}
		switch v.Impact {
		case "serious", "critical":
			t.Error(msg)
		default:
			t.Log(msg)
		}
	}
	if res.Passed < 10 {
		t.Errorf("%s: axe: only %d rules passed: did it check the page at all?", c.page, res.Passed)
	}
	if len(res.Incomplete) > 0 {
		c.found.incomplete[strings.Join(res.Incomplete, ", ")] = append(c.found.incomplete[strings.Join(res.Incomplete, ", ")], c.page)
	}

}

// phoneCheck asserts that nothing scrolls sideways at phone width and saves a screenshot.
func (c *checker) phoneCheck() {
	t := c.t
	t.Helper()
	// Nothing wider than the phone.
	if w := eval[int](c.tab, `document.documentElement.scrollWidth`); w > phoneWidth {
		t.Errorf("%s: the page scrolls sideways at %d px wide: scrollWidth %d\n    %s", c.page, phoneWidth, w,
			strings.Join(eval[[]string](c.tab, overflowScript), "\n    "))
	}
	shot, err := chromedp.Run(c.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("%s: screenshot: %v", c.page, err)
	}
	name := strings.ReplaceAll(c.page, "/", "-") + fmt.Sprintf("-%d.png", phoneWidth)
	p := filepath.Join(c.dir, name)
	if err := os.WriteFile(p, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	c.found.shots = append(c.found.shots, p)
}

// TestEveryPageIsAccessible runs axe-core (WCAG 2.1 A and AA) on every page of the reporter site
// in every language of the language switch: start, advisers, rules, the report form (empty and
// with validation errors), the review step, the receipt, the follow-up login and my report. A
// serious or critical violation fails the test; moderate and minor ones are logged. Each page is
// shown at 360 × 740 px (a small phone), must not scroll sideways there, and is saved as
// <lang>-<page>-360.png in the artefacts directory, with every finding in axe-findings.json.
func TestEveryPageIsAccessible(t *testing.T) {
	start := time.Now()
	axe, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	if err != nil {
		t.Fatalf("the vendored axe-core is missing (run scripts/fetch-axe): %v", err)
	}
	s := startServer(t, "sqlite")
	b := startBrowser(t, s, 240*time.Second)
	found := &axeFound{findings: []axeFinding{}, incomplete: map[string][]string{}}
	saved := keepPages(t, b)
	dir := browsertest.ArtefactDir(t)
	intake := s.tokenFor(t, "ivo", "intake")

	langs := b.languages()
	t.Logf("languages in the switch: %s", strings.Join(langs, ", "))

	// The CSP forbids inline scripts: a script element added to the page does not run; the
	// evaluation that injects axe-core is not subject to the CSP.
	res := b.open("nl/start", "/nl/", 200)
	if csp, _ := res.Headers["Content-Security-Policy"].(string); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("the start page's Content-Security-Policy is %q, want script-src 'self'", csp)
	}
	if eval[bool](b, `(() => { window.__meldpuntInline = false; const s = document.createElement("script");
	    s.textContent = "window.__meldpuntInline = true"; document.head.appendChild(s); return window.__meldpuntInline; })()`) {
		t.Errorf("an inline script ran in the page: the CSP does not hold")
	}

	b.wantFaviconICO()

	b.do("phone viewport", chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulatePortrait))
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			c := &checker{tab: b.with(t), axe: string(axe), dir: dir, found: found}
			if lang == "nl" || lang == "en" || lang == "ar" {
				c.saved = saved // the other checkers: Dutch, English and a right-to-left language
			}
			p := func(name string) string { return lang + "/" + name }

			c.open(p("start"), "/"+lang+"/", 200)
			if got := eval[string](c.tab, `document.documentElement.lang`); got != lang {
				t.Errorf("%s: <html lang=%q>, want %q", c.page, got, lang)
			}
			c.check()
			c.open(p("advisers"), "/"+lang+"/vertrouwenspersonen", 200)
			c.check()
			c.open(p("rules"), "/"+lang+"/regels", 200)
			c.check()
			c.open(p("report"), "/"+lang+"/melden", 200)
			c.check()

			// Submitted empty: the form again, with the errors.
			c.navigateBy(p("report-errors"), 400, chromedp.Evaluate[chromedp.Void](
				`document.querySelector('button[name="step"][value="review"]').click()`))
			if n := eval[int](c.tab, `document.querySelectorAll('[aria-invalid="true"]').length`); n == 0 {
				t.Errorf("%s: no field is marked aria-invalid", c.page)
			}
			// The summary has the focus and links each error to its field.
			fields := c.wantErrorSummary()
			if !slices.Contains(fields, "category") || !slices.Contains(fields, "description") {
				t.Errorf("%s: the error summary links to %q, want the category and the description", c.page, fields)
			}
			c.check()
			if len(fields) > 0 {
				c.followSummaryLink(fields[len(fields)-1])
			}

			// Filled in: the review step, then the receipt.
			c.navigateBy(p("review"), 200, chromedp.Evaluate[chromedp.Void](`(() => {
			  const c = document.getElementById("category"); c.value = c.options[c.options.length - 1].value;
			  document.getElementById("description").value = "Een collega scheldt mij uit tijdens de pauze, al drie weken lang.";
			  const w = document.getElementById("when"); if (w) { w.value = "sinds maart"; } // on step 2 of the form
			  document.querySelector('button[name="step"][value="review"]').click();
			})()`))
			c.check()
			c.navigateBy(p("receipt"), 200, chromedp.Evaluate[chromedp.Void](
				`document.querySelector('button[name="step"][value="send"]').click()`))
			code := strings.Join(strings.Fields(eval[string](c.tab, `document.getElementById("receipt-code").textContent`)), "")
			ref := referencePattern.FindString(c.text())
			if !receiptCodePattern.MatchString(code) || ref == "" {
				t.Fatalf("%s: receipt code %q, reference %q", c.page, code, ref)
			}
			c.check()

			// Log in with the code: my report before the acknowledgement says something after
			// each deadline's name (the feedback has no date yet).
			c.open(p("follow-up"), "/"+lang+"/opvolgen", 200)
			c.check()
			c.navigateBy(p("my-report-new"), 200, chromedp.Evaluate[chromedp.Void](`(() => {
			  document.getElementById("code").value = `+jsString(code)+`;
			  document.querySelector('form[action$="/opvolgen"] button[type="submit"]').click();
			})()`))
			if path := c.path(); path != "/"+lang+"/mijn-melding" {
				t.Fatalf("%s: after logging in the page is %s", c.page, path)
			}
			if !strings.Contains(c.text(), ref) {
				t.Fatalf("%s: the report %s is not shown", c.page, ref)
			}
			if bare := eval[[]string](c.tab, `[...document.querySelectorAll("main li")].map(li => li.textContent.trim()).filter(s => /:$/.test(s))`); len(bare) > 0 {
				t.Errorf("%s: lines that end at their colon: %q", c.page, bare)
			}
			c.check()
			// Staff writes, so that my report shows a message.
			if _, err := s.cases.AcknowledgeCase(ctx(t, intake), &pb.AcknowledgeCaseRequest{CaseReference: ref, Message: "Wij hebben uw melding ontvangen."}); err != nil {
				t.Fatalf("AcknowledgeCase: %v", err)
			}
			c.open(p("my-report"), "/"+lang+"/mijn-melding", 200)
			c.check()
		})
	}

	// The summary: every rule that failed, with its pages.
	type rule struct {
		impact string
		pages  []string
	}
	rules := map[string]*rule{}
	for _, f := range found.findings {
		r := rules[f.ID]
		if r == nil {
			r = &rule{impact: f.Impact}
			rules[f.ID] = r
		}
		r.pages = append(r.pages, f.Page)
	}
	ids := make([]string, 0, len(rules))
	for id := range rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var sum []string
	for _, id := range ids {
		sum = append(sum, fmt.Sprintf("%s (%s) on %d page(s): %s", id, rules[id].impact, len(rules[id].pages), strings.Join(rules[id].pages, ", ")))
	}
	if len(sum) == 0 {
		sum = append(sum, "no violations")
	}
	findings, err := json.MarshalIndent(found.findings, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	fp := filepath.Join(dir, "axe-findings.json")
	if err := os.WriteFile(fp, append(findings, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("axe-core (%s) summary:\n  %s", strings.Join(axeTags, ", "), strings.Join(sum, "\n  "))
	for rules, pages := range found.incomplete {
		t.Logf("axe-core needs a person to review %s on %d page(s): %s", rules, len(pages), strings.Join(pages, ", "))
	}
	t.Logf("artefacts in %s: %d screenshots at %d px wide, axe-findings.json", dir, len(found.shots), phoneWidth)
	t.Logf("accessibility check of %d languages took %v", len(langs), time.Since(start).Round(time.Millisecond))
	saved.verify(t, b, "reporter")
}

// ---------------------------------------------------------------- right to left

// TestArabicIsRightToLeft: the Arabic pages are laid out right to left (dir="rtl" on <html>, and
// the main heading's computed direction), and the receipt code stays left to right. Until Arabic
// is in the language switch, the test skips.
func TestArabicIsRightToLeft(t *testing.T) {
	s := startServer(t, "sqlite")
	b := startBrowser(t, s, 45*time.Second)
	if !slices.Contains(b.languages(), "ar") {
		t.Skip("no Arabic (hreflang=\"ar\") in the language switch yet")
	}
	b.open("ar/start", "/ar/", 200)
	if dir := eval[string](b, `document.documentElement.getAttribute("dir") || ""`); dir != "rtl" {
		t.Errorf("%s: <html dir=%q>, want rtl", b.page, dir)
	}
	if lang := eval[string](b, `document.documentElement.lang`); lang != "ar" {
		t.Errorf("%s: <html lang=%q>, want ar", b.page, lang)
	}
	if d := eval[string](b, `getComputedStyle(document.querySelector("main h1")).direction`); d != "rtl" {
		t.Errorf("%s: the main heading's computed direction is %q, want rtl", b.page, d)
	}

	// File a report in Arabic to see the receipt code.
	b.open("ar/report", "/ar/melden", 200)
	b.navigateBy("ar/review", 200, chromedp.Evaluate[chromedp.Void](`(() => {
	  const c = document.getElementById("category"); c.value = c.options[1].value;
	  document.getElementById("description").value = "زميلي يهينني أمام الفريق كل أسبوع منذ شهرين.";
	  document.querySelector('button[name="step"][value="review"]').click();
	})()`))
	b.navigateBy("ar/receipt", 200, chromedp.Evaluate[chromedp.Void](
		`document.querySelector('button[name="step"][value="send"]').click()`))
	if d := eval[string](b, `getComputedStyle(document.querySelector("main h1")).direction`); d != "rtl" {
		t.Errorf("%s: the main heading's computed direction is %q, want rtl", b.page, d)
	}
	if d := eval[string](b, `getComputedStyle(document.getElementById("receipt-code")).direction`); d != "ltr" {
		t.Errorf("%s: the receipt code's computed direction is %q, want ltr", b.page, d)
	}
	// Read in order on screen, the code's characters (or groups) run left to right.
	if !eval[bool](b, `(() => {
	  const el = document.getElementById("receipt-code");
	  const r = document.createRange(); const text = el.firstChild && el.firstChild.nodeType === 3 ? el.firstChild : null;
	  const parts = el.children.length > 1 ? [...el.children].map(e => e.getBoundingClientRect())
	    : text ? [0, text.length - 1].map(i => { r.setStart(text, i); r.setEnd(text, i + 1); return r.getBoundingClientRect(); }) : [];
	  return parts.length > 1 && parts[0].left < parts[parts.length - 1].left;
	})()`) {
		t.Errorf("%s: the receipt code is not laid out left to right: %q", b.page,
			eval[string](b, `document.getElementById("receipt-code").outerHTML`))
	}
}

// ---------------------------------------------------------------- quick exit

// TestQuickExitLeavesAtOnce: the quick exit, pressed with the keyboard, leaves the site at once
// and replaces the page in the history (with JavaScript): history.length does not grow, and Back
// goes to the page before the site, not to the site. The exit's host (and the page before) are
// answered by the browser's request interception with a tiny local page: nothing goes out.
func TestQuickExitLeavesAtOnce(t *testing.T) {
	s := startServer(t, "sqlite")
	b := startBrowser(t, s, 45*time.Second)
	k := &keyboard{tab: b, reported: map[string]bool{}}

	// Answer intercepted requests with a tiny page that says where it is.
	const before = "https://voorheen.example.test/nieuws"
	var (
		mu          sync.Mutex
		intercepted []string
	)
	paused := chromedp.Events(b.ctx, fetch.RequestPaused)
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			mu.Lock()
			intercepted = append(intercepted, ev.Request.URL)
			mu.Unlock()
			body := "<!doctype html><html lang=\"nl\"><title>elders</title><p id=\"elders\">" + ev.Request.URL + "</p></html>"
			_, _ = chromedp.Call(b.ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{
				RequestID: ev.RequestID, ResponseCode: 200, Body: []byte(body),
				ResponseHeaders: []*fetch.HeaderEntry{{Name: "Content-Type", Value: "text/html; charset=utf-8"}},
			})
		}
	}()
	intercept := func(patterns ...string) {
		t.Helper()
		var ps []*fetch.RequestPattern
		for _, p := range patterns {
			ps = append(ps, &fetch.RequestPattern{URLPattern: p, RequestStage: fetch.RequestStageRequest})
		}
		if _, err := chromedp.Call(b.ctx, fetch.Enable, fetch.EnableParams{Patterns: ps}); err != nil {
			t.Fatalf("fetch.Enable: %v", err)
		}
	}
	intercept("https://voorheen.example.test/*")

	// Another site first, then the start page of ours.
	if err := chromedp.Do(b.ctx, chromedp.Navigate(before)); err != nil {
		t.Fatalf("opening the page before: %v", err)
	}
	b.open("nl/start", "/nl/", 200)
	exit := eval[string](b, `document.getElementById("quick-exit").href`)
	u, err := url.Parse(exit)
	if err != nil || u.Scheme != "https" || u.Host == "" || strings.HasPrefix(exit, s.baseURL) {
		t.Fatalf("the quick exit goes to %q, want another site over https", exit)
	}
	intercept("https://voorheen.example.test/*", u.Scheme+"://"+u.Host+"/*")
	historyBefore := eval[int](b, `history.length`)

	// Tab to the quick exit (the skip link comes first) and press Enter.
	k.tabTo("#quick-exit", 3)
	k.navigateBy("exit", 200, chromedp.KeyEvent(kb.Enter))
	if loc := eval[string](b, `location.href`); loc != exit {
		t.Fatalf("after the quick exit the page is %q, want %q", loc, exit)
	}
	if got := eval[string](b, `(document.getElementById("elders") || {}).textContent || ""`); got != exit {
		t.Fatalf("the page after the quick exit is not the intercepted one (%q): did the request go out?", got)
	}
	if n := eval[int](b, `history.length`); n != historyBefore {
		t.Errorf("history.length went from %d to %d: the quick exit added a history entry instead of replacing the page", historyBefore, n)
	}
	hist, err := chromedp.Run(b.ctx, chromedp.NavigationEntries())
	if err != nil {
		t.Fatal(err)
	}
	var entries []string
	for _, e := range hist.Entries {
		entries = append(entries, e.URL)
		if strings.HasPrefix(e.URL, s.baseURL) {
			t.Errorf("the history still holds the site's page %s", e.URL)
		}
	}
	t.Logf("history after the quick exit: %s", strings.Join(entries, " → "))

	// Back goes to the page before the site. (That page may come from the back/forward cache,
	// without a load event: wait for the location instead.)
	if hist.CurrentIndex < 1 {
		t.Fatalf("no history entry before the exit page: %s", strings.Join(entries, " → "))
	}
	if _, err := chromedp.Call(b.ctx, page.NavigateToHistoryEntry, page.NavigateToHistoryEntryParams{EntryID: hist.Entries[hist.CurrentIndex-1].ID}); err != nil {
		t.Fatalf("going back: %v", err)
	}
	var loc string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		// While the page changes, the evaluation can fail; try again.
		if l, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.readyState === "complete" ? location.href : ""`)); err == nil && l != "" && l != exit {
			loc = l
			break
		}
	}
	if loc == "" || strings.HasPrefix(loc, s.baseURL) || loc != before {
		t.Errorf("Back after the quick exit went to %q, want the page before the site (%s)", loc, before)
	}
	mu.Lock()
	defer mu.Unlock()
	t.Logf("intercepted: %s", strings.Join(intercepted, ", "))
}
