package e2e

// Independent checkers over the pages the browser tests visit, and the layout measured in the
// browser.
//
// The browser tests that walk through the pages (TestEveryPageIsAccessible for the reporter pages
// in Dutch, English and Arabic; TestOneCaseThroughTheStaffWorkspace, TestAdministratorAndAuditorPages
// and TestStaffWorkspaceInEnglish for the staff pages) keep each page's HTML as the server sent it
// (savedPages). At the end of each test, verify:
//
//   - opens every kept page again in Chromium at 1280 px and at 360 px (a small phone), saves a
//     screenshot of each (<page>-1280.png, <page>-360.png in the artefacts directory) and measures
//     the layout: a page header with the organisation's name, no word broken inside, every control
//     and link that is not part of a sentence at least 24 × 24 px, no two of them overlapping, and
//     nothing wider than the page;
//   - runs the Nu HTML Checker (vnu-jar, one JVM as a local service for the whole run) and pa11y (HTML_CodeSniffer,
//     WCAG2AA, a few pages at a time in one Chromium), pinned in tools/checkers; any error of
//     either fails the test with the checker's own message. The figures per page are logged and
//     written to checkers-<test>.json in the artefacts directory.
//
// The checkers need Node.js (npm installs tools/checkers when its node_modules are missing) and
// Java 17 or later; without them the test fails, or skips when MELDPUNT_ALLOW_MISSING names
// "checkers" (never with CI=true: .ci/run installs them).

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/utrecht/meldpunt/internal/browsertest"
	"github.com/utrecht/meldpunt/internal/testenv"
)

// checkersDir holds the pinned checkers (package.json, package-lock.json, pa11y-pages.js).
const checkersDir = "../../tools/checkers"

// checkersHint is how a Debian machine gets what the checkers need.
const checkersHint = "apt-get install -y default-jre-headless nodejs npm && (cd tools/checkers && PUPPETEER_SKIP_DOWNLOAD=true npm ci)"

// desktopWidth is the width of a laptop screen, the other width every page is measured at.
const desktopWidth = 1280

// savedPages keeps the HTML of the pages a browser test visits, as the server sent it.
type savedPages struct {
	dir   string // the HTML files
	mu    sync.Mutex
	last  network.RequestID // the tab's latest document response
	pages []savedPage
	seen  map[string]bool
}

type savedPage struct {
	Name string `json:"page"` // the page's name in the test ("staff/case-intake")
	File string `json:"-"`    // its HTML, in dir
}

// keepPages makes the tab keep the HTML of the pages the test names with save.
func keepPages(t *testing.T, b *tab) *savedPages {
	t.Helper()
	java, _ := requireCheckers(t)
	startVNU(java) // it warms up while the test walks through the pages
	p := &savedPages{dir: t.TempDir(), seen: map[string]bool{}}
	if err := chromedp.Listen(b.ctx, func(ev any) {
		if e, ok := ev.(*network.EventResponseReceived); ok && e.Type == network.ResourceTypeDocument {
			p.mu.Lock()
			p.last = e.RequestID
			p.mu.Unlock()
		}
	}); err != nil {
		t.Fatalf("listening to the browser: %v", err)
	}
	return p
}

// fileName is the page's name as a file name.
func fileName(page string) string {
	return strings.NewReplacer("/", "-", " ", "-").Replace(page)
}

// save keeps the page the tab shows (once per page name): the body of its document response.
func (p *savedPages) save(b *tab) {
	b.t.Helper()
	if p == nil || p.seen[b.page] {
		return
	}
	p.mu.Lock()
	id := p.last
	p.mu.Unlock()
	res, err := chromedp.Call(b.ctx, network.GetResponseBody, network.GetResponseBodyParams{RequestID: id})
	if err != nil {
		b.t.Fatalf("%s: the page's HTML: %v", b.page, err)
	}
	f := filepath.Join(p.dir, fileName(b.page)+".html")
	if err := os.WriteFile(f, res.Body, 0o644); err != nil {
		b.t.Fatal(err)
	}
	p.seen[b.page] = true
	p.pages = append(p.pages, savedPage{Name: b.page, File: f})
}

// layoutProblem is one thing the layout script found on a page at one width.
type layoutProblem struct {
	Page  string `json:"page"`
	Width int    `json:"width"`
	What  string `json:"what"`
}

// layoutScript measures the page as it is shown (the width is the viewport's) and returns what
// is wrong with it.
const layoutScript = `(() => {
  const out = [], W = document.documentElement.clientWidth;
  const desc = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
    (typeof e.className === "string" && e.className.trim() ? "." + e.className.trim().split(/\s+/).join(".") : "");
  const path = e => { const p = []; for (let a = e; a && a !== document.body && p.length < 3; a = a.parentElement) p.unshift(desc(a)); return p.join(" > "); };
  // Shown: laid out, visible, not inside a closed <details> (whose content Chromium hides with
  // content-visibility, keeping its boxes).
  const shown = e => { const r = e.getBoundingClientRect();
    return e.checkVisibility({contentVisibilityAuto: true, visibilityProperty: true, opacityProperty: true}) && r.width > 0 && r.height > 0; };

  // Nothing wider than the page.
  if (document.documentElement.scrollWidth > W + 1) out.push("the page scrolls sideways: " + document.documentElement.scrollWidth + " px wide in a " + W + " px window");

  // The page header band, with the organisation's name.
  const header = document.querySelector("body header.utrecht-page-header");
  const org = header && header.querySelector(".meldpunt-organisation");
  if (!header) out.push("no page header (header.utrecht-page-header)");
  else if (!org || !org.textContent.trim() || !shown(org)) out.push("the page header shows no organisation name (.meldpunt-organisation)");

  // No word broken inside: each word (the pieces between spaces, and after hyphens, where a line
  // may end) lies on one line.
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const broken = [];
  for (let n; (n = walk.nextNode());) {
    const el = n.parentElement;
    if (!el || el.closest("script, style, .meldpunt-visually-hidden, .utrecht-skip-link") || !shown(el)) continue;
    for (const m of n.textContent.matchAll(/[^\s\-\u2010\u2013\u2014\/]+[\-\u2010\u2013\u2014\/]?/g)) {
      const r = document.createRange(); r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
      const rects = [...r.getClientRects()].filter(x => x.width > 0);
      if (!(rects.length > 1 && rects.some(x => Math.abs(x.top - rects[0].top) > 2))) continue;
      // A word longer than a whole line (a hash, say) has to break; any other must not.
      const block = (() => { let a = el; while (a.parentElement && getComputedStyle(a).display.startsWith("inline")) a = a.parentElement; return a; })();
      const cs = getComputedStyle(block), line = block.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
      if (rects.reduce((w, x) => w + x.width, 0) > line - 1) continue;
      broken.push(JSON.stringify(m[0]) + " in " + path(el));
    }
  }
  for (const b of broken.slice(0, 8)) out.push("a word broken over two lines: " + b);
  if (broken.length > 8) out.push("... " + broken.length + " words broken in all");

  // Targets of at least 24 × 24 px, except a link inside a sentence (WCAG 2.5.8's inline
  // exception); none overlapping another.
  const targets = [...document.querySelectorAll('a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"])')]
    .filter(e => shown(e) && !e.closest(".utrecht-skip-link") && !e.classList.contains("utrecht-skip-link"));
  const inSentence = e => {
    if (e.tagName !== "A") return false;
    const cs = getComputedStyle(e);
    if (cs.display !== "inline") return false;
    let text = "";
    for (const c of e.parentElement.childNodes) if (c !== e) text += c.textContent;
    return text.replace(/[\s·,:;()|\u00b7\u2022-]/g, "").length > 0;
  };
  const small = [];
  for (const e of targets) {
    if (inSentence(e)) continue;
    const r = e.getBoundingClientRect();
    if (r.width < 23.5 || r.height < 23.5) small.push(path(e) + " " + JSON.stringify((e.textContent || e.value || "").trim().slice(0, 30)) + " " + Math.round(r.width) + "×" + Math.round(r.height) + " px");
  }
  for (const s of small.slice(0, 8)) out.push("a target smaller than 24 × 24 px: " + s);
  if (small.length > 8) out.push("... " + small.length + " small targets in all");
  // (Links within a sentence may touch those of the next line: the same exception.)
  const rects = targets.filter(e => !inSentence(e)).map(e => [e, e.getBoundingClientRect()]);
  let overlaps = 0;
  for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) {
    const [a, ra] = rects[i], [b, rb] = rects[j];
    if (a.contains(b) || b.contains(a) || (a.labels && [...a.labels].includes(b))) continue;
    const x = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left), y = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
    if (x > 2 && y > 2 && overlaps++ < 5) out.push("targets overlap: " + path(a) + " and " + path(b));
  }
  return out;
})()`

// checkerFinding is one error of pa11y or the Nu HTML Checker on one page.
type checkerFinding struct {
	Page    string `json:"page"`
	Checker string `json:"checker"`
	Message string `json:"message"`
	Where   string `json:"where,omitempty"`
}

// verify opens the kept pages in the browser at both widths (screenshots, layout), then runs
// the Nu HTML Checker and pa11y over them. Each finding fails the test.
func (p *savedPages) verify(t *testing.T, b *tab, name string) {
	t.Helper()
	if len(p.pages) == 0 {
		t.Fatal("no pages kept to check")
	}
	start := time.Now()
	_, node := requireCheckers(t)
	dir := browsertest.ArtefactDir(t)

	// The kept pages under /__pages/ of a site that answers everything else (the stylesheets,
	// the icon) from the server.
	target, err := url.Parse(b.s.baseURL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if f, ok := strings.CutPrefix(r.URL.Path, "/__pages/"); ok {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			http.ServeFile(w, r, filepath.Join(p.dir, filepath.Base(f)))
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	defer site.Close()
	pageURL := func(sp savedPage) string { return site.URL + "/__pages/" + filepath.Base(sp.File) }

	// The layout, at both widths, with a screenshot of each page.
	var layout []layoutProblem
	for _, w := range []int{desktopWidth, phoneWidth} {
		if w == phoneWidth {
			b.do("phone viewport", chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulatePortrait))
		} else {
			b.do("desktop viewport", chromedp.EmulateViewport(desktopWidth, 900))
		}
		for _, sp := range p.pages {
			b.page = sp.Name
			b.do("open the kept page", chromedp.Navigate(pageURL(sp)))
			for _, what := range eval[[]string](b, layoutScript) {
				layout = append(layout, layoutProblem{Page: sp.Name, Width: w, What: what})
			}
			shot, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatalf("%s: screenshot: %v", sp.Name, err)
			}
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", fileName(sp.Name), w)), shot, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	layoutTime := time.Since(start)

	// pa11y, a few pages at a time, while the Nu HTML Checker checks them too.
	paStart := time.Now()
	paArgs := []string{filepath.Join(checkersDir, "pa11y-pages.js"), browsertest.Require(t), "3"}
	byURL := map[string]string{}
	for _, sp := range p.pages {
		paArgs = append(paArgs, pageURL(sp))
		byURL[pageURL(sp)] = sp.Name
	}
	cmd := exec.Command(node, paArgs...)
	var paOut, paErr strings.Builder
	cmd.Stdout, cmd.Stderr = &paOut, &paErr
	setProcAttr(cmd)
	if err := cmd.Start(); err != nil {
		t.Fatalf("pa11y: %v", err)
	}
	defer func() {
		if cmd.ProcessState == nil { // the test ended before pa11y did
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	}()
	// The Nu HTML Checker: one JVM for the whole test run, started by keepPages.
	vnuStart := time.Now()
	var findings []checkerFinding
	for _, sp := range p.pages {
		msgs, err := checkVNU(sp.File)
		if err != nil {
			t.Fatalf("%s: the Nu HTML Checker: %v", sp.Name, err)
		}
		for _, m := range msgs {
			findings = append(findings, checkerFinding{Page: sp.Name, Checker: "vnu", Message: m.Message, Where: fmt.Sprintf("line %d: %s", m.LastLine, strings.TrimSpace(m.Extract))})
		}
	}
	vnuTime := time.Since(vnuStart)

	if err := cmd.Wait(); err != nil {
		t.Fatalf("pa11y: %v\n%s", err, paErr.String())
	}
	paTime := time.Since(paStart)
	var pa map[string][]struct{ Code, Type, Message, Selector, Context string }
	if err := json.Unmarshal([]byte(paOut.String()), &pa); err != nil {
		t.Fatalf("pa11y's report: %v\n%.2000s\n%s", err, paOut.String(), paErr.String())
	}
	if len(pa) != len(p.pages) {
		t.Errorf("pa11y reported on %d pages of %d", len(pa), len(p.pages))
	}
	for u, issues := range pa {
		for _, i := range issues {
			if i.Type != "error" {
				continue
			}
			findings = append(findings, checkerFinding{Page: byURL[u], Checker: "pa11y", Message: i.Code + ": " + i.Message, Where: i.Selector + "  " + i.Context})
		}
	}

	// The figures: errors per checker per page.
	count := map[string]map[string]int{}
	for _, sp := range p.pages {
		count[sp.Name] = map[string]int{}
	}
	for _, f := range findings {
		if count[f.Page] == nil {
			count[f.Page] = map[string]int{}
		}
		count[f.Page][f.Checker]++
	}
	for _, l := range layout {
		count[l.Page][fmt.Sprintf("layout-%d", l.Width)]++
	}
	names := make([]string, 0, len(count))
	for n := range count {
		names = append(names, n)
	}
	sort.Strings(names)
	var table []string
	tot := map[string]int{}
	for _, n := range names {
		c := count[n]
		table = append(table, fmt.Sprintf("%-40s vnu %3d  pa11y %3d  layout@1280 %3d  layout@360 %3d", n, c["vnu"], c["pa11y"], c["layout-1280"], c["layout-360"]))
		for k, v := range c {
			tot[k] += v
		}
	}
	t.Logf("checkers over %d pages (errors per page):\n  %s\n  %-40s vnu %3d  pa11y %3d  layout@1280 %3d  layout@360 %3d",
		len(p.pages), strings.Join(table, "\n  "), "total", tot["vnu"], tot["pa11y"], tot["layout-1280"], tot["layout-360"])
	t.Logf("layout and screenshots %v, then at once the Nu HTML Checker %v and pa11y %v", layoutTime.Round(time.Millisecond), vnuTime.Round(time.Millisecond), paTime.Round(time.Millisecond))
	report, err := json.MarshalIndent(map[string]any{"pages": p.pages, "findings": findings, "layout": layout}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "checkers-"+name+".json"), append(report, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}

	// Every finding fails the test, in the checker's words.
	for _, f := range findings {
		t.Errorf("%s: %s: %s\n    %s", f.Page, f.Checker, f.Message, f.Where)
	}
	for _, l := range layout {
		t.Errorf("%s at %d px: %s", l.Page, l.Width, l.What)
	}
}

// vnuMessage is one message of the Nu HTML Checker.
type vnuMessage struct {
	Type, Message, Extract string
	LastLine               int
}

// The Nu HTML Checker as a web service on the loopback interface: one JVM for every test of the
// run (its start takes seconds), stopped by TestMain.
var vnu struct {
	once sync.Once
	url  string
	cmd  *exec.Cmd
	err  error
}

// startVNU starts the checker's service once.
func startVNU(java string) {
	vnu.once.Do(func() {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			vnu.err = err
			return
		}
		port := l.Addr().(*net.TCPAddr).Port
		l.Close()
		cmd := exec.Command(java, "-Xss1024k", "-Dnu.validator.servlet.bind-address=127.0.0.1",
			"-cp", filepath.Join(checkersDir, "node_modules/vnu-jar/build/dist/vnu.jar"), "nu.validator.servlet.Main", strconv.Itoa(port))
		setProcAttr(cmd)
		if err := cmd.Start(); err != nil {
			vnu.err = err
			return
		}
		vnu.cmd, vnu.url = cmd, fmt.Sprintf("http://127.0.0.1:%d/", port)
	})
}

// stopVNU stops the checker's service, if it runs.
func stopVNU() {
	if vnu.cmd != nil && vnu.cmd.Process != nil {
		_ = vnu.cmd.Process.Kill()
		_ = vnu.cmd.Wait()
	}
}

// checkVNU returns the errors of the Nu HTML Checker on an HTML file (waiting for the service to
// be up, at most a minute).
func checkVNU(file string) ([]vnuMessage, error) {
	if vnu.err != nil || vnu.url == "" {
		return nil, fmt.Errorf("not started: %v", vnu.err)
	}
	body, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	c := &http.Client{Timeout: 60 * time.Second}
	deadline := time.Now().Add(time.Minute)
	for {
		res, err := c.Post(vnu.url+"?out=json&level=error", "text/html; charset=utf-8", bytes.NewReader(body))
		if err != nil {
			if time.Now().Before(deadline) {
				time.Sleep(250 * time.Millisecond)
				continue
			}
			return nil, err
		}
		var out struct{ Messages []vnuMessage }
		err = json.NewDecoder(res.Body).Decode(&out)
		res.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("its answer (%s): %v", res.Status, err)
		}
		var errs []vnuMessage
		for _, m := range out.Messages {
			if m.Type == "error" || m.Type == "non-document-error" {
				errs = append(errs, m)
			}
		}
		return errs, nil
	}
}

var javaVersion = regexp.MustCompile(`version "(\d+)`)

// requireCheckers returns the java and node executables, installing the pinned npm packages
// when they are missing; without Java or Node.js the test fails (or skips, see testenv).
func requireCheckers(t *testing.T) (java, node string) {
	t.Helper()
	java, err := exec.LookPath("java")
	if err != nil {
		testenv.Missing(t, "checkers", "no java on PATH (the Nu HTML Checker needs Java 17 or later)", checkersHint)
	}
	out, _ := exec.Command(java, "-version").CombinedOutput()
	if m := javaVersion.FindSubmatch(out); m == nil || len(m[1]) < 2 || string(m[1]) < "17" {
		testenv.Missing(t, "checkers", "the Nu HTML Checker needs Java 17 or later; "+strings.SplitN(string(out), "\n", 2)[0], checkersHint)
	}
	node, err = exec.LookPath("node")
	if err != nil {
		testenv.Missing(t, "checkers", "no node on PATH (pa11y runs in Node.js)", checkersHint)
	}
	if _, err := os.Stat(filepath.Join(checkersDir, "node_modules/pa11y/package.json")); err != nil {
		npm, err := exec.LookPath("npm")
		if err != nil {
			testenv.Missing(t, "checkers", "tools/checkers/node_modules is missing and there is no npm to install it", checkersHint)
		}
		cmd := exec.Command(npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts")
		cmd.Dir = checkersDir
		cmd.Env = append(os.Environ(), "PUPPETEER_SKIP_DOWNLOAD=true")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("installing the checkers (npm ci in tools/checkers): %v\n%s", err, out)
		}
	}
	return java, node
}

// TestCheckersFindErrors: the checkers the page tests rely on report what they should, so that
// their "0 errors" means something: a page with an image without text, a select without a
// label and an empty option gets errors from both.
func TestCheckersFindErrors(t *testing.T) {
	java, node := requireCheckers(t)
	startVNU(java)
	page := filepath.Join(t.TempDir(), "broken.html")
	if err := os.WriteFile(page, []byte(`<!DOCTYPE html><html lang="nl"><head><title>Kapot</title></head>
<body><main><img src="x.png"><select><option></option></select><p><div>blok in alinea</div></main></body></html>`), 0o644); err != nil {
		t.Fatal(err)
	}
	msgs, err := checkVNU(page)
	if err != nil {
		t.Fatalf("the Nu HTML Checker: %v", err)
	}
	if len(msgs) < 2 {
		t.Errorf("the Nu HTML Checker found %d errors, want at least 2: %+v", len(msgs), msgs)
	}
	out, err := exec.Command(node, filepath.Join(checkersDir, "pa11y-pages.js"), browsertest.Require(t), "1", "file://"+page).Output()
	if err != nil {
		t.Fatalf("pa11y: %v", err)
	}
	var pa map[string][]struct{ Code, Type string }
	if err := json.Unmarshal(out, &pa); err != nil {
		t.Fatalf("pa11y's report: %v\n%s", err, out)
	}
	codes := []string{}
	for _, i := range pa["file://"+page] {
		if i.Type == "error" {
			codes = append(codes, i.Code)
		}
	}
	if !slices.ContainsFunc(codes, func(c string) bool { return strings.Contains(c, "H37") }) {
		t.Errorf("pa11y did not find the image without alt text (H37): %q", codes)
	}
	t.Logf("Nu HTML Checker: %d errors; pa11y: %q", len(msgs), codes)
}
