// Embeds (docs/embedding.md) in Debian's Chromium, as a tourism site
// would use them.  The built site is served from one origin
// (127.0.0.1, a port) and a host page from another (127.0.0.1, another
// port), so every frame is cross-origin as on the web.
//
//   node tests/browser/embed.mjs host SITE_DIR HOST_PAGE BASE_URL
//     serves HOST_PAGE (docs/examples/embed.html) with BASE_URL replaced
//     by the site's origin, and checks that its three views render,
//     resize to their content, link out in a new tab, take no height
//     from another origin, set no cookie and load nothing from a third
//     site; that they fit 280 px; that without JavaScript each view's
//     link is there; and that the view of every oembed.json of the site
//     loads without an error and shows its products.
//   node tests/browser/embed.mjs hostile SITE_DIR SLUG NAME
//     checks that product SLUG, named NAME (markup, quotes...), shows
//     its name as text in its own view and in the list of all products,
//     and that nothing in it ran.
//
// Prints "ok: ..." or "FAIL: ..." per check; exits 1 when one failed.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checker, launch, servePage, serveSite } from './lib.mjs';

const [mode, siteArg, ...rest] = process.argv.slice(2);
const site = resolve(siteArg);
const siteServer = await serveSite(site);
const origin = siteServer.origin;
const { check, failures } = checker();
const browser = await launch();

// The frame of the element #id on the host page, once its view is drawn.
async function viewFrame(page, id) {
  const handle = await page.waitForSelector(`#${id} iframe`, { timeout: 10000 });
  const frame = await handle.contentFrame();
  await frame.waitForSelector('.ocop-view', { timeout: 10000 });
  return { handle, frame };
}

const json = (rel) => JSON.parse(readFileSync(join(site, rel), 'utf8'));

async function hostChecks(hostFile, baseURL) {
  const hostServer = await servePage(readFileSync(hostFile, 'utf8').split(baseURL).join(`${origin}/`));
  const host = hostServer.origin;
  check('the host page and the catalog are two origins', host !== origin);

  // --- the three views, at a desktop width ----------------------------
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${host}/`);

  const list = await viewFrame(page, 'list');
  const listData = json('embed/data/provinces/ha-tinh/communes/phuc-trach.json');
  const listCards = await list.frame.$$eval('.ocop-card', (v) => v.length);
  check('list: one card per product of the commune', listCards === Math.min(12, listData.products.length),
    `${listCards} cards, ${listData.products.length} products`);
  const listTitle = await list.frame.$eval('.ocop-title', (e) => e.textContent);
  check('list: titled in English', listTitle === listData.title.en, listTitle);
  const cardNames = await list.frame.$$eval('.ocop-card-title', (v) => v.map((e) => e.textContent));
  check('list: an English name where the product has one', cardNames.includes('Phuc Trach pomelo'), cardNames.join(' | '));
  const fallbackLang = await list.frame.$$eval('.ocop-card-title a[lang]', (v) => v.map((e) => e.lang));
  check('list: a name without translation is marked as Vietnamese',
    fallbackLang.length > 0 && fallbackLang.every((l) => l === 'vi'), fallbackLang.join(','));

  const product = await viewFrame(page, 'product');
  const productData = json('api/v1/products/buoi-phuc-trach.json');
  const pname = await product.frame.$eval('.ocop-card-title', (e) => e.textContent);
  check('product: its English name', pname === 'Phuc Trach pomelo', pname);
  const where = await product.frame.$$eval('.ocop-where li', (v) => v.length);
  check('product: every point of sale under "Where to buy"', where === productData.points_of_sale.length,
    `${where} of ${productData.points_of_sale.length}`);
  const img = await product.frame.$eval('.ocop-card-img', (e) => e.complete && e.naturalWidth > 0 && e.src);
  check('product: its photo loads from the catalog', typeof img === 'string' && img.startsWith(origin), img);

  const pos = await viewFrame(page, 'pos');
  const posData = json('embed/data/points-of-sale/cua-hang-ocop-ha-tinh.json');
  const posTitle = await pos.frame.$eval('.ocop-title', (e) => e.textContent);
  check('point of sale: its name', posTitle === posData.title.vi, posTitle);
  const posCards = await pos.frame.$$eval('.ocop-card', (v) => v.length);
  check('point of sale: its products', posCards === Math.min(12, posData.products.length),
    `${posCards} of ${posData.products.length}`);
  const posInfo = await pos.frame.$eval('.ocop-pos', (e) => e.textContent);
  check('point of sale: its address', posInfo.includes(posData.pos.address), posInfo);

  // each frame as tall as its view (embed.js takes the viewer's height)
  for (const [id, v] of [['list', list], ['product', product], ['pos', pos]]) {
    let fits = false, detail = '';
    for (let i = 0; i < 50 && !fits; i++) {
      const inner = await v.frame.evaluate(() => Math.ceil(document.getElementById('ocop').getBoundingClientRect().height));
      const outer = await v.handle.evaluate((f) => f.getBoundingClientRect().height);
      detail = `frame ${outer} px, view ${inner} px`;
      fits = Math.abs(inner - outer) <= 1 && outer !== 320;
      if (!fits) await page.waitForTimeout(100);
    }
    check(`${id}: the frame resizes to its view`, fits, detail);
  }

  // links open the catalog in a new tab
  for (const [id, v] of [['list', list], ['product', product], ['pos', pos]]) {
    const links = await v.frame.$$eval('a', (v) => v.map((a) => [a.href, a.target, a.rel]));
    check(`${id}: every link opens the catalog in a new tab`, links.length > 0 &&
      links.every(([h, t, r]) => h.startsWith(`${origin}/`) && t === '_blank' && r.includes('noopener')),
      JSON.stringify(links.filter(([h, t]) => !h.startsWith(origin) || t !== '_blank')));
  }
  const [tab] = await Promise.all([
    context.waitForEvent('page'),
    list.frame.click('.ocop-card-title a'),
  ]);
  await tab.waitForLoadState();
  check('a card opens the product page in a new tab',
    tab.url().startsWith(`${origin}/en/products/`) && (await tab.$('h1')) !== null, tab.url());
  await tab.close();

  const sandbox = await list.handle.getAttribute('sandbox');
  check('the frame is sandboxed: no navigating the host page',
    sandbox && !sandbox.includes('allow-top-navigation'), sandbox);

  // a height from any other origin is ignored
  const before = await list.handle.evaluate((f) => f.style.height);
  await page.evaluate(() => window.postMessage({ ocop: 'height', height: 7 }, '*'));
  await page.waitForTimeout(300);
  const after = await list.handle.evaluate((f) => f.style.height);
  check('a height message from the host page itself is ignored', before === after && after !== '7px', `${before} → ${after}`);

  const cookies = await context.cookies();
  check('no cookie is set', cookies.length === 0, JSON.stringify(cookies));
  const elsewhere = requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith(`${host}/`));
  check('nothing is requested from a third site', elsewhere.length === 0, elsewhere.join(' '));
  check('no script error', errors.length === 0, errors.join(' | '));
  await context.close();

  // --- 280 px wide -----------------------------------------------------
  const narrow = await browser.newContext({ viewport: { width: 312, height: 700 } });
  const np = await narrow.newPage();
  await np.goto(`${host}/`);
  for (const id of ['list', 'product', 'pos']) {
    const v = await viewFrame(np, id);
    const box = await v.handle.evaluate((f) => f.getBoundingClientRect().width);
    const over = await v.frame.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    check(`${id}: at ${Math.round(box)} px wide, nothing overflows`, box <= 290 && over <= 0, `overflow ${over} px`);
  }
  await narrow.close();

  // --- without JavaScript: the host's links ----------------------------
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  const nj = await nojs.newPage();
  await nj.goto(`${host}/`);
  for (const id of ['list', 'product', 'pos']) {
    const href = await nj.$eval(`#${id} a`, (a) => a.href).catch(() => null);
    check(`${id}: without JavaScript, the link to the catalog`, href && href.startsWith(`${origin}/`), href);
    check(`${id}: without JavaScript, no frame`, (await nj.$(`#${id} iframe`)) === null);
  }
  await nojs.close();
  hostServer.close();

  // --- the view of every oEmbed response -------------------------------
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name === 'oembed.json') files.push(p);
    }
  };
  walk(site);
  check('the site has oEmbed responses', files.length > 0, files.length);
  const sweep = await browser.newContext();
  const sp = await sweep.newPage();
  const sweepErrors = [];
  sp.on('pageerror', (e) => sweepErrors.push(e.message));
  let bad = [];
  for (const f of files) {
    const o = JSON.parse(readFileSync(f, 'utf8'));
    const src = /<iframe src="([^"]+)"/.exec(o.html)[1].replaceAll('&amp;', '&').replace(baseURL, `${origin}/`);
    await sp.goto(src);
    await sp.waitForSelector('.ocop-view', { timeout: 10000 });
    const r = await sp.evaluate(async () => {
      const error = document.querySelector('.ocop-error') !== null;
      const cards = document.querySelectorAll('.ocop-card').length;
      const data = performance.getEntriesByType('resource').map((e) => e.name).find((u) => u.endsWith('.json'));
      const n = data ? (await (await fetch(data)).json()) : null;
      return { error, cards, count: n && n.products ? n.products.length : (n && n.product ? 1 : -1) };
    });
    if (r.error || r.cards !== Math.min(12, r.count) || o.type !== 'rich' || o.version !== '1.0')
      bad.push(`${f.slice(site.length)}: ${JSON.stringify(r)}`);
  }
  check(`the view of each of ${files.length} oEmbed responses loads with its products`, bad.length === 0, bad.slice(0, 5).join('; '));
  check('no script error in those views', sweepErrors.length === 0, sweepErrors.slice(0, 3).join(' | '));
  await sweep.close();
}

async function hostileChecks(slug, name) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  for (const [what, url] of [['its own view', `${origin}/embed/?product=${slug}`],
                             ['the list of all products', `${origin}/embed/?limit=60`]]) {
    await page.goto(url);
    await page.waitForSelector('.ocop-view', { timeout: 10000 });
    const names = await page.$$eval('.ocop-card-title', (v) => v.map((e) => e.textContent));
    check(`hostile name: shown as text in ${what}`, names.includes(name), names.join(' | '));
    const injected = await page.evaluate(() => [...document.querySelectorAll('.ocop-view *')]
      .filter((e) => !['DIV', 'H1', 'H2', 'H3', 'P', 'A', 'UL', 'LI', 'SPAN', 'IMG', 'BR', 'FOOTER'].includes(e.tagName) ||
                     [...e.attributes].some((a) => a.name.startsWith('on')))
      .map((e) => e.outerHTML.slice(0, 80)));
    check(`hostile name: no element or handler from it in ${what}`, injected.length === 0, injected.join(' '));
    check(`hostile name: nothing ran in ${what}`, (await page.evaluate(() => window.__pwned)) === undefined);
  }
  // a view asked for with a path instead of a slug reads nothing
  await page.goto(`${origin}/embed/?product=..%2F..%2Fcatalog`);
  await page.waitForSelector('.ocop-view', { timeout: 10000 });
  check('a parameter that is not a slug gives the error, not another file',
    (await page.$('.ocop-error')) !== null);
  check('no script error', errors.length === 0, errors.join(' | '));
  await context.close();
}

try {
  if (mode === 'host') await hostChecks(resolve(rest[0]), rest[1]);
  else if (mode === 'hostile') await hostileChecks(rest[0], rest[1]);
  else check(`a known mode (${mode})`, false);
} catch (e) {
  check('no exception', false, e.stack || e);
} finally {
  await browser.close();
  siteServer.close();
}
process.exit(failures() ? 1 : 0);
