// Lighthouse (npm lighthouse) on a built site, as a phone sees it: its
// default config (mobile emulation, simulated throttling), Debian's
// Chromium started by chrome-launcher (CHROME_PATH, /usr/bin/chromium
// unless set), the site served from 127.0.0.1.  Four pages, one after
// the other; each of the categories performance, accessibility,
// best-practices and seo must score at least MIN (0.95).  Below it, the
// audits that cost points are named: id, title and what they show.
// The audits tests/browser/known-issues.txt names count as passed when
// the score is judged (shown as "known: ..."), and one that no longer
// costs points fails.  Performance on a shared 2-core machine is noisy
// (other work lengthens the main thread's tasks, and so the Total
// Blocking Time): a page below MIN on performance is run again, up to
// RUNS times in all (LIGHTHOUSE_RUNS, 5), and its best run judged; each
// run's CPU benchmark index is shown.
// Usage: node tests/browser/lighthouse.mjs SITE_DIR
// Prints "ok: ..." or "FAIL: ..." per page and category, then
// "lighthouse: N passed, N failed"; exits 1 when one failed.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { knownIssues } from './known.mjs';
import { checker, serveSite } from './lib.mjs';

const MIN = 0.95;
const RUNS = Number(process.env.LIGHTHOUSE_RUNS || 5);
const site = resolve(process.argv[2] || 'build/sample-site');
const categories = ['performance', 'accessibility', 'best-practices', 'seo'];
const pages = [
  ['', 'home'],
  ['products/buoi-phuc-trach/', 'a product'],
  ['products/', 'the product list'],
  ['search/', 'search'],
];

process.env.CHROME_PATH ||= '/usr/bin/chromium';
const { check, failures } = checker();
let passed = 0;
const ok = (what, cond, detail) => { check(what, cond, detail); if (cond) passed++; };

const issues = knownIssues('lighthouse');
let nKnown = 0;

// The audits of category cat that cost it points.
function losses(lhr, cat) {
  return lhr.categories[cat].auditRefs
    .filter((ref) => ref.weight > 0)
    .map((ref) => lhr.audits[ref.id])
    .filter((a) => a && a.score !== null && a.score < 1);
}
const show = (a) => `${a.id} (${a.title})${a.displayValue ? `: ${a.displayValue}` : ''} score ${a.score}`;

// Category cat's score with the audits known on page counted as passed:
// Lighthouse's weighted mean of its audits' scores.
function judged(lhr, cat, page) {
  let sum = 0, weights = 0;
  for (const ref of lhr.categories[cat].auditRefs) {
    const a = lhr.audits[ref.id];
    if (ref.weight <= 0 || !a || a.score === null) continue;
    const known = a.score < 1 && issues.known(page, a.id);
    sum += ref.weight * (known ? 1 : a.score);
    weights += ref.weight;
  }
  return weights ? sum / weights : null;
}

// One Lighthouse run of url: its lhr.
async function run(url) {
  const result = await lighthouse(url, {
    port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: categories,
  });
  return result.lhr;
}

const server = await serveSite(site, { notFoundPage: true });
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
});
try {
  for (const [rel, what] of pages) {
    if (!existsSync(resolve(site, rel, 'index.html'))) {
      for (const cat of categories) ok(`${what} (/${rel}) ${cat}`, false, 'not built');
      continue;
    }
    const started = Date.now();
    const page = `/${rel}`;
    let lhr, runs = 0, benchmarks = [];
    for (let best = -1; runs < RUNS; ) {
      const one = await run(`${server.origin}/${rel}`);
      runs++;
      benchmarks.push(Math.round(one.environment.benchmarkIndex));
      if (one.runtimeError) { lhr = one; break; }
      const perf = judged(one, 'performance', page) ?? 0;
      if (perf > best) { best = perf; lhr = one; }
      if (best >= MIN) break;
    }
    if (lhr.runtimeError) {
      for (const cat of categories)
        ok(`${what} (${page}) ${cat}`, false, `${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
      continue;
    }
    for (const cat of categories) {
      const score = lhr.categories[cat].score;
      const counted = judged(lhr, cat, page);
      const known = losses(lhr, cat).filter((a) => issues.known(page, a.id));
      for (const a of known) { nKnown++; console.log(`known: ${what} (${page}) ${cat}: ${show(a)}`); }
      const name = `${what} (${page}) ${cat} ${score === null ? 'no score' : score.toFixed(2)}` +
        (known.length && counted !== null ? ` (${counted.toFixed(2)} without the known)` : '') +
        (runs > 1 && cat === 'performance' ? ` (best of ${runs} runs)` : '');
      ok(name, counted !== null && counted >= MIN,
        `below ${MIN}: ${losses(lhr, cat).filter((a) => !known.includes(a)).map(show).join('; ') || 'no audit named'}`);
    }
    console.log(`# ${what}: ${runs} run(s), CPU benchmark index ${benchmarks.join(', ')}, ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
} finally {
  await chrome.kill();
  server.close();
}
for (const key of issues.unseen())
  ok(`known issue "lighthouse ${key}" still costs points`, false,
    'it no longer does: remove its line from tests/browser/known-issues.txt');
for (const key of issues.unseenSometimes())
  console.log(`note: known issue "lighthouse ${key}" did not cost points this time`);
console.log(`lighthouse: ${passed} passed, ${failures()} failed${nKnown ? `, ${nKnown} known` : ''}`);
process.exit(failures() ? 1 : 0);
