// Opens one page of every kind of a built site in Debian's Chromium at
// a 360-px phone width, as a consumer on a cheap phone would, and checks:
// nothing scrolls sideways, nothing is fetched from another site, no
// image is broken, and the page needs no JavaScript (the test runs with
// JavaScript disabled).  The site is served from 127.0.0.1 as a web
// server would serve it (its 404.html for a missing page).
// Usage: node tests/browser/pages.mjs SITE_DIR
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { launch, serveSite } from './lib.mjs';

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

const server = await serveSite(site, { notFoundPage: true });
const origin = server.origin;

let passed = 0, failed = 0;
const fail = (what) => { failed++; console.log(`FAIL: ${what}`); };

const browser = await launch();
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
