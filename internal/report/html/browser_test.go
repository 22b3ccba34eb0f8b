package html_test

import (
	"bytes"
	"context"
	"errors"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/utrecht/meldpunt/internal/browsertest"
	reporthtml "github.com/utrecht/meldpunt/internal/report/html"
)

// TestBrowser opens the rendered report from disk in headless Chromium, checks what a reader
// gets, and saves a full-page screenshot and an A4 print (PDF) as artefacts.
func TestBrowser(t *testing.T) {
	exe := browsertest.Require(t)

	s := newSample(flagged)
	var buf bytes.Buffer
	if err := reporthtml.Render(&buf, s.Report); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(t.TempDir(), "jaarverslag-2025.html")
	if err := os.WriteFile(page, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	pageURL := (&url.URL{Scheme: "file", Path: page}).String()

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var browserLog browsertest.SyncBuffer
	// No UserDataDir option: the allocator then starts Chromium with a fresh profile in a new
	// temporary directory (--user-data-dir), and when the browser stops it kills any helper
	// process still using that profile and removes the directory.
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.WindowSize(1280, 1000),
		chromedp.CombinedOutput(&browserLog),
	)
	// cancelAlloc kills the browser if it is still running and waits until it has exited.
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	defer func() {
		if t.Failed() && browserLog.Len() > 0 {
			t.Logf("browser output:\n%s", browserLog.String())
		}
	}()

	start := time.Now()
	// Start the browser and its tab first: they live as long as bctx. (Started from the console
	// subscription below, they would end with it.)
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting %s: %v", exe, err)
	}
	// Subscribe to the console before the page loads, so that no message is lost.
	consoleCtx, stopConsole := context.WithCancel(bctx)
	defer stopConsole()
	messages := chromedp.Console(consoleCtx)
	if err := chromedp.Do(bctx, chromedp.Navigate(pageURL)); err != nil {
		t.Fatalf("navigate to %s: %v", pageURL, err)
	}

	title, err := chromedp.Run(bctx, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	if want := "Jaarverslag integriteit en ongewenst gedrag 2025 – Gemeente Utrecht"; title != want {
		t.Errorf("document title %q, want %q", title, want)
	}
	h1, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.querySelector("h1").innerText.trim()`))
	if err != nil {
		t.Fatal(err)
	}
	if want := "Jaarverslag integriteit en ongewenst gedrag 2025"; h1 != want {
		t.Errorf("h1 %q, want %q", h1, want)
	}
	svgs, err := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll("svg").length`))
	if err != nil {
		t.Fatal(err)
	}
	if want := tableCount(s.Report) + 1; svgs != want {
		t.Errorf("%d SVG charts in the browser, want %d (one per table and the years chart)", svgs, want)
	}
	// Every chart is laid out with a real size (the CSS scales it to the page width).
	small, err := chromedp.Run(bctx, chromedp.Evaluate[int](
		`[...document.querySelectorAll("svg")].filter(s => { const r = s.getBoundingClientRect(); return r.width < 300 || r.height < 30 }).length`))
	if err != nil {
		t.Fatal(err)
	}
	if small != 0 {
		t.Errorf("%d charts are laid out smaller than 300×30 px", small)
	}
	// Nothing was fetched: the page is one file.
	resources, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](
		`performance.getEntriesByType("resource").map(e => e.name)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(resources) != 0 {
		t.Errorf("the page loaded resources: %v", resources)
	}
	// The text the reader sees (not only the source) has "< 5" and the warning.
	bodyText, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.body.innerText`))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"< 5", "Niet elke bewezen discriminatie is gesanctioneerd.", "87,5%", "1.234"} {
		if !strings.Contains(bodyText, want) {
			t.Errorf("the page does not show %q", want)
		}
	}

	// Console: no errors, warnings or exceptions. A marker message ends the collection.
	const marker = "meldpunt-test-einde"
	if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`console.log("`+marker+`"), true`)); err != nil {
		t.Fatal(err)
	}
	for m, err := range messages {
		if err != nil {
			t.Fatalf("console: %v", err)
		}
		if m.Type == chromedp.ConsoleLog && m.Text == marker {
			break
		}
		switch m.Type {
		case chromedp.ConsoleError, chromedp.ConsoleException, chromedp.ConsoleWarning:
			t.Errorf("console %s", m)
		default:
			t.Logf("console %s", m)
		}
	}
	stopConsole()

	dir := browsertest.ArtefactDir(t)
	shot, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(shot, []byte("\x89PNG")) {
		t.Fatal("the screenshot is not a PNG")
	}
	shotPath := filepath.Join(dir, "jaarverslag-2025.png")
	if err := os.WriteFile(shotPath, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d KiB)", shotPath, len(shot)/1024)

	// Print: the @page rule gives A4, and the report spans several pages.
	pdf, err := chromedp.Run(bctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
	if err != nil {
		t.Fatal(err)
	}
	pdfPath := filepath.Join(dir, "jaarverslag-2025.pdf")
	if err := os.WriteFile(pdfPath, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	checkA4(t, pdf)
	t.Logf("print: %s (%d KiB)", pdfPath, len(pdf)/1024)

	// Close the browser gracefully; cancelAlloc (deferred) makes sure the process is gone.
	if err := chromedp.Cancel(bctx); err != nil && !errors.Is(err, context.Canceled) {
		t.Logf("closing the browser: %v", err)
	}
	t.Logf("browser test took %v", time.Since(start).Round(time.Millisecond))
}

var pdfcpuInit sync.Once

func checkA4(t *testing.T, pdf []byte) {
	t.Helper()
	pdfcpuInit.Do(api.DisableConfigDir)
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	conf.Offline = true
	dims, err := api.PageDims(bytes.NewReader(pdf), conf)
	if err != nil {
		t.Fatalf("reading the printed PDF: %v", err)
	}
	if len(dims) < 3 {
		t.Errorf("printed on %d pages, want a title page and chapters on their own pages", len(dims))
	}
	// A4 is 595.28 × 841.89 points.
	for i, d := range dims {
		if math.Abs(d.Width-595.28) > 2 || math.Abs(d.Height-841.89) > 2 {
			t.Errorf("page %d is %.1f × %.1f pt, not A4 portrait", i+1, d.Width, d.Height)
			break
		}
	}
	t.Logf("printed on %d A4 pages", len(dims))
}
