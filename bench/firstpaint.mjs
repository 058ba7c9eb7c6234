// First paint of consumer pages on a slow phone network (#17): each page
// loaded RUNS times in Debian's Chromium (npm playwright-core) at
// 360x640 with a phone's user agent, the cache disabled and the network
// held to DevTools' "Slow 3G" preset through the DevTools protocol
// (Network.emulateNetworkConditions): 2,000 ms latency (400 ms x 5),
// 50,000 bytes/s down and up (500 kbit/s x 0.8).  The site is served
// from 127.0.0.1 by tests/browser/lib.mjs, uncompressed.  Reports first
// paint and first contentful paint (the page's own
// performance.getEntriesByType('paint')), min / median / max, as a
// markdown table.  Not part of make test.
//
//   node bench/firstpaint.mjs [SITE_DIR] [PAGE...]
//   RUNS=5 (default)
// Defaults: build/sample-site; the home, a product and the product list.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { launch, serveSite } from '../tests/browser/lib.mjs';

export const SLOW_3G = {
  offline: false,
  latency: 400 * 5,                   // ms
  downloadThroughput: 500 * 1000 / 8 * 0.8,   // bytes/s
  uploadThroughput: 500 * 1000 / 8 * 0.8,
  connectionType: 'cellular3g',
};
const UA = 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'Chrome/120.0.0.0 Mobile Safari/537.36';
const RUNS = Number(process.env.RUNS || 5);
const [siteArg = 'build/sample-site', ...rest] = process.argv.slice(2);
const site = resolve(siteArg);
const pages = rest.length ? rest : ['', 'products/buoi-phuc-trach/', 'products/'];
for (const rel of pages)
  if (!existsSync(resolve(site, rel, 'index.html'))) {
    console.error(`firstpaint: ${site}/${rel} is not built (make, then sh tests/e2e/sample.sh)`);
    process.exit(2);
  }

// One cold load of url: {fp, fcp, load, bytes} in ms (bytes: what came
// over the wire, as the browser counted it).
async function once(browser, url) {
  const context = await browser.newContext({
    viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true,
    hasTouch: true, userAgent: UA,
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
  await page.goto(url, { waitUntil: 'load', timeout: 120000 });
  const t = await page.evaluate(() => {
    const paint = Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, e.startTime]));
    const nav = performance.getEntriesByType('navigation')[0];
    return { fp: paint['first-paint'], fcp: paint['first-contentful-paint'], load: nav.loadEventStart };
  });
  await context.close();
  return { ...t, bytes };
}

const stats = (xs) => {
  const s = xs.filter((x) => x !== undefined).sort((a, b) => a - b);
  if (!s.length) return 'n/a';
  const med = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  const f = (x) => Math.round(x).toLocaleString('en');
  return `${f(s[0])} / ${f(med)} / ${f(s[s.length - 1])}`;
};

const server = await serveSite(site, { notFoundPage: true });
const browser = await launch();
const rows = [];
try {
  for (const rel of pages) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await once(browser, `${server.origin}/${rel}`));
    rows.push(`| \`/${rel}\` | ${stats(runs.map((r) => r.fp))} | ${stats(runs.map((r) => r.fcp))} | ` +
      `${stats(runs.map((r) => r.load))} | ${stats([runs[0].bytes / 1000]).split(' ')[0]} |`);
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`Slow 3G (latency ${SLOW_3G.latency} ms, ${SLOW_3G.downloadThroughput} B/s down, ` +
  `${SLOW_3G.uploadThroughput} B/s up), cache disabled, 360x640 phone, ${RUNS} runs; ms, min / median / max\n`);
console.log('| page | first paint | first contentful paint | load event | kB transferred |');
console.log('|---|---|---|---|---|');
for (const row of rows) console.log(row);
