// Opens one page of every kind of a built site in Debian's Chromium at
// a 360-px phone width, as a consumer on a cheap phone would, and checks:
// nothing scrolls sideways, nothing is fetched from another site, no
// image is broken, and the page needs no JavaScript (the test runs with
// JavaScript disabled).  The site is served from 127.0.0.1 as a web
// server would serve it (its 404.html for a missing page).
// Usage: node tests/browser/pages.mjs SITE_DIR
import { chromium } from 'playwright-core';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, resolve } from 'node:path';

const site = resolve(process.argv[2] || 'build/sample-site');
const pages = [
  '',
  'products/',
  'products/keo-cu-do-ba-huong/',
  'products/cao-che-vang-hong-loc/',
  'products/buoi-phuc-trach/',
  'en/products/buoi-phuc-trach/',
  'producers/',
  'producers/htx-buoi-phuc-trach/',
  'points-of-sale/',
  'points-of-sale/cua-hang-ocop-ha-tinh/',
  'products/buoi-phuc-trach/label/',            // labels: default language only
  'points-of-sale/cua-hang-ocop-ha-tinh/labels/',
  'stars/3/',
  'stars/3/page/2/',
  'groups/thuc-pham/',
  'provinces/ha-tinh/',
  'decisions/1542-qd-ubnd-2024-06-12-ubnd-tinh-ha-tinh/',
  'en/decisions/1542-qd-ubnd-2024-06-12-ubnd-tinh-ha-tinh/',
  'producer-types/htx/',
  'data/',
  'en/data/',
  'gioi-thieu/',
  'no-such-page/',      // served with the 404 page, at a depth
];

const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css',
                '.svg': 'image/svg+xml', '.xml': 'application/xml',
                '.txt': 'text/plain' };
const server = createServer((req, res) => {
  let path = resolve(site, '.' + decodeURIComponent(new URL(req.url, 'http://x').pathname));
  if (path.startsWith(site) && existsSync(path) && statSync(path).isDirectory())
    path = resolve(path, 'index.html');
  if (!path.startsWith(site) || !existsSync(path)) {
    res.writeHead(404, { 'content-type': types['.html'] });
    res.end(readFileSync(resolve(site, '404.html')));
    return;
  }
  res.writeHead(200, { 'content-type': types[extname(path)] || 'application/octet-stream' });
  res.end(readFileSync(path));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;

let passed = 0, failed = 0;
const fail = (what) => { failed++; console.log(`FAIL: ${what}`); };

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update',
         '--disable-sync'],
});
const context = await browser.newContext({
  viewport: { width: 360, height: 740 }, javaScriptEnabled: false,
});
for (const rel of pages) {
  if (!rel.startsWith('no-such') && !existsSync(resolve(site, rel))) {
    fail(`${rel}: not built`);
    continue;
  }
  const page = await context.newPage();
  const foreign = [];
  page.on('request', (r) => { if (!r.url().startsWith(origin)) foreign.push(r.url()); });
  const failedLoads = [];
  page.on('requestfailed', (r) => failedLoads.push(r.url()));
  const response = await page.goto(`${origin}/${rel}`);
  if (rel.startsWith('no-such') ? response.status() !== 404 : !response.ok())
    fail(`${rel}: HTTP ${response.status()}`);
  await page.waitForLoadState('load');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  // lazy images below the fold are not loaded yet: only judge those
  // that finished, and count a load failure as broken
  const broken = await page.evaluate(() =>
    [...document.images].filter((i) => i.complete && i.naturalWidth === 0)
      .map((i) => i.src));
  const styled = await page.evaluate(() => getComputedStyle(document.body).fontFamily !== '');
  if (width > 360) fail(`${rel}: ${width} px wide at a 360 px screen`); else passed++;
  if (foreign.length) fail(`${rel}: loads from another site: ${foreign.join(', ')}`); else passed++;
  if (failedLoads.length) fail(`${rel}: failed to load ${failedLoads.join(', ')}`); else passed++;
  if (broken.length) fail(`${rel}: broken images ${broken.join(', ')}`); else passed++;
  if (!styled) fail(`${rel}: stylesheet not applied`); else passed++;
  await page.close();
}
await browser.close();
server.close();
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
