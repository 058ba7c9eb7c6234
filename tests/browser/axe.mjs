// Accessibility of a built site by axe-core (npm axe-core, its
// axe.min.js injected from node_modules) in Debian's Chromium: one page
// of each kind a consumer meets, at a 360x640 phone and a 1280x800
// desktop, against WCAG 2.1 A and AA and axe's best practices.  Every
// violation is printed with its rule id, impact and the elements it
// found; those tests/browser/known-issues.txt names are shown as
// "known: ..." and not counted, and a known one no longer found fails.
// First, a self-test: a planted image without alt must be
// found, so that a broken injection or run cannot pass by finding
// nothing.
// Usage: node tests/browser/axe.mjs SITE_DIR
// Prints "ok: ..." or "FAIL: ..." per page and width, then
// "axe: N passed, N failed"; exits 1 when one failed.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { knownIssues } from './known.mjs';
import { checker, launch, servePage, serveSite } from './lib.mjs';

const site = resolve(process.argv[2] || 'build/sample-site');
const axePath = resolve(dirname(createRequire(import.meta.url).resolve('axe-core')), 'axe.min.js');
const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const widths = [{ width: 360, height: 640 }, { width: 1280, height: 800 }];
// [path, what]: the revoked product is cao-che-vang-hong-loc, the
// expired one cam-bu-huong-son (the sample is built --as-of 2026-11-22)
const pages = [
  ['', 'home'],
  ['products/buoi-phuc-trach/', 'a product with images'],
  ['products/cao-che-vang-hong-loc/', 'a revoked product'],
  ['products/cam-bu-huong-son/', 'an expired product'],
  ['products/', 'the product list'],
  ['stars/3/', 'a list by stars'],
  ['producers/htx-buoi-phuc-trach/', 'a producer'],
  ['points-of-sale/cua-hang-ocop-ha-tinh/', 'a point of sale'],
  ['search/', 'search'],
  ['verify/', 'the certificate lookup'],
  ['en/', 'the English home'],
  ['no-such-page/', 'the 404 page'],
];

const { check, failures } = checker();
let passed = 0;
const ok = (what, cond, detail) => { check(what, cond, detail); if (cond) passed++; };

const issues = knownIssues('axe');
let nKnown = 0;
const show = (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`;

// axe's violations on the page open in `page`, as axe gives them.
async function violations(page) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate((runTags) =>
    window.axe.run(document, { runOnly: { type: 'tag', values: runTags }, resultTypes: ['violations'] }),
  tags);
  return result.violations;
}

const browser = await launch();

// The self-test: a page axe must fault.
{
  const planted = await servePage('<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<title>planted</title></head><body><main><h1>Planted</h1>' +
    '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10">' +
    '</main></body></html>');
  const page = await browser.newPage();
  await page.goto(planted.origin + '/');
  const found = await violations(page);
  ok('self-test: axe finds a planted <img> without alt', found.some((v) => v.id === 'image-alt'),
    found.length ? found.map(show).join('; ') : 'no violation found');
  await page.close();
  planted.close();
}

const server = await serveSite(site, { notFoundPage: true });
for (const viewport of widths) {
  const context = await browser.newContext({ viewport });
  for (const [rel, what] of pages) {
    const name = `${what} (/${rel}) at ${viewport.width}x${viewport.height}`;
    if (!rel.startsWith('no-such') && !existsSync(resolve(site, rel, 'index.html'))) {
      ok(name, false, 'not built');
      continue;
    }
    const page = await context.newPage();
    const foreign = [];
    page.on('request', (r) => { if (!r.url().startsWith(server.origin)) foreign.push(r.url()); });
    await page.goto(`${server.origin}/${rel}`, { waitUntil: 'load' });
    const bad = [];
    for (const v of await violations(page)) {
      if (issues.known(`/${rel}`, v.id)) { nKnown++; console.log(`known: ${name}: ${show(v)}`); }
      else bad.push(show(v));
    }
    if (foreign.length) bad.push(`loads from another site: ${foreign.join(', ')}`);
    ok(name, bad.length === 0, bad.join('; '));
    await page.close();
  }
  await context.close();
}
await browser.close();
server.close();
for (const key of issues.unseen())
  ok(`known issue "axe ${key}" still found`, false,
    'no longer found: remove its line from tests/browser/known-issues.txt');
console.log(`axe: ${passed} passed, ${failures()} failed${nKnown ? `, ${nKnown} known` : ''}`);
process.exit(failures() ? 1 : 0);
