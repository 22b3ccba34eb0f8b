// Runs pa11y (HTML_CodeSniffer, WCAG2AA) over many pages in one Chromium, a few at a time, and
// prints one JSON object: {"<url>": [{code, type, message, selector, context}, ...], ...} with the
// errors of each page (pa11y's default level; warnings and notices are not asked for).
//
//   node pa11y-pages.js CHROMIUM CONCURRENCY URL...
//
// Used by internal/e2e (checkers_test.go); the browser is Debian's Chromium, not puppeteer's own.
'use strict';
const pa11y = require('pa11y');
const puppeteer = require('puppeteer');

async function main() {
  const [chromium, concurrency, ...urls] = process.argv.slice(2);
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-extensions'],
  });
  const out = {};
  let next = 0;
  async function worker() {
    while (next < urls.length) {
      const url = urls[next++];
      try {
        const r = await pa11y(url, {
          browser,
          standard: 'WCAG2AA',
          runners: ['htmlcs'],
          timeout: 60000,
          viewport: {width: 1280, height: 1000},
          log: {debug() {}, info() {}, error: m => process.stderr.write(m + '\n')},
        });
        out[url] = r.issues.map(i => ({code: i.code, type: i.type, message: i.message, selector: i.selector, context: i.context}));
      } catch (e) {
        out[url] = [{code: 'pa11y-failed', type: 'error', message: String(e && e.message || e), selector: '', context: ''}];
      }
    }
  }
  try {
    await Promise.all(Array.from({length: Math.max(1, Number(concurrency) || 1)}, worker));
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch(e => { process.stderr.write(String(e && e.stack || e) + '\n'); process.exit(2); });
