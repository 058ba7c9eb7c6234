// Search (docs/search.md) in Debian's Chromium, on a built site served
// from 127.0.0.1, as a reader uses it.
//
//   node tests/browser/search.mjs sample SITE_DIR
//     the sample catalog: queries typed into the search page (with and
//     without marks, as prefixes, in English, a decision number, junk)
//     and their first results; the URL follows the query, and back and
//     forward restore it; the header's form leads to the page with its
//     results; window.ocop.search answers; without JavaScript the page
//     offers the lists to browse.
//   node tests/browser/search.mjs hostile SITE_DIR QUERY NAME
//     the product named NAME (markup, quotes...) is found by QUERY and
//     shown as text, and nothing in it ran.
//
// Prints "ok: ..." or "FAIL: ..." per check; exits 1 when one failed.
import { checker, launch, serveSite } from './lib.mjs';

const [mode, siteArg, ...rest] = process.argv.slice(2);
const server = await serveSite(siteArg, { notFoundPage: true });
const origin = server.origin;
const { check, failures } = checker();
const browser = await launch();

// Types query into the search page's box and waits for its answer:
// {status, names}.
async function type(page, query) {
  const before = await page.$eval('#search-status', (e) => e.textContent);
  await page.fill('#search-q', query);
  await page.waitForFunction((b) => {
    const s = document.getElementById('search-status').textContent;
    return s !== '' && s !== b;
  }, before, { timeout: 5000 }).catch(() => {});
  // the answer to the last keystroke, once the list has settled
  await page.waitForTimeout(250);
  return page.evaluate(() => ({
    status: document.getElementById('search-status').textContent,
    names: [...document.querySelectorAll('#search-results h3')].map((h) => h.textContent),
  }));
}

async function sample() {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${origin}/search/`);
  const cases = [
    ['mat ong vu quang', 'Mật ong Vũ Quang', 'without marks'],
    ['Mật ong Vũ Quang', 'Mật ong Vũ Quang', 'with marks'],
    ['MẬT ONG VŨ', 'Mật ong Vũ Quang', 'in capitals, the last word cut short'],
    ['buoi phuc trach', 'Bưởi Phúc Trạch', 'a name'],
    ['bưở', 'Bưởi Phúc Trạch', 'a prefix with marks'],
    ['nhung huo', 'Nhung hươu Hương Sơn', 'a prefix as the last word'],
    ['nuoc mam ky ninh', 'Nước mắm Kỳ Ninh', 'by name and commune'],
    ['keo cu do', 'Kẹo cu đơ Bà Hường', 'đ typed as d'],
    ['buoi phuc trahc', 'Bưởi Phúc Trạch', 'two letters swapped in a long word'],
    ['nhung huou huongg', 'Nhung hươu Hương Sơn', 'a letter too many'],
    ['nuocmam ky ninh', 'Nước mắm Kỳ Ninh', 'two words typed as one'],
  ];
  for (const [q, first, what] of cases) {
    const r = await type(page, q);
    check(`"${q}" (${what}): ${first} first`, r.names[0] === first, JSON.stringify(r));
  }
  let r = await type(page, 'mat ongg');
  check('no typo is tolerated in a word under five letters ("ongg")', r.names.length === 0,
    JSON.stringify(r));
  r = await type(page, 'iphone 15 pro max');
  check('"iphone 15 pro max": nothing, and the page says so', r.names.length === 0 && r.status.length > 0,
    JSON.stringify(r));
  r = await type(page, '1542/QĐ-UBND');
  check('a decision number finds the products it recognised', r.names.length >= 2 &&
    r.names.includes('Bưởi Phúc Trạch'), JSON.stringify(r));
  r = await type(page, 'mat ong');
  check('"mat ong": every honey, the count said', r.names.length >= 2 && /\d/.test(r.status),
    JSON.stringify(r));
  check('the address holds the query', new URL(page.url()).searchParams.get('q') === 'mat ong', page.url());

  // a submitted query is a step of the history: back and forward
  await page.fill('#search-q', 'buoi');
  await page.press('#search-q', 'Enter');
  await page.waitForTimeout(400);
  await page.fill('#search-q', 'che');
  await page.press('#search-q', 'Enter');
  await page.waitForTimeout(400);
  await page.goBack();
  await page.waitForTimeout(400);
  const back = await page.evaluate(() => [document.getElementById('search-q').value,
    document.querySelector('#search-results h3')?.textContent]);
  check('back restores the previous query and its results', back[0] === 'buoi' && /Bưởi/.test(back[1] || ''),
    JSON.stringify(back));
  await page.goForward();
  await page.waitForTimeout(400);
  check('forward too', (await page.inputValue('#search-q')) === 'che');

  // a link in the results opens the product's page
  await type(page, 'mat ong vu quang');
  await Promise.all([page.waitForNavigation(), page.click('#search-results h3 a')]);
  check('a result links to its page', page.url() === `${origin}/products/mat-ong-vu-quang/`, page.url());

  // the header's form, from another page, in English
  await page.goto(`${origin}/en/products/`);
  await page.fill('#site-q', 'pomelo');
  await Promise.all([page.waitForNavigation(), page.press('#site-q', 'Enter')]);
  await page.waitForFunction(() => document.querySelector('#search-results h3') !== null, null, { timeout: 5000 }).catch(() => {});
  const en = await page.evaluate(() => [document.getElementById('search-q').value,
    document.querySelector('#search-results h3')?.textContent, document.querySelector('#search-results a')?.href]);
  check('the header form leads to the search page with its results, in English',
    page.url().startsWith(`${origin}/en/search/?q=pomelo`) && en[0] === 'pomelo' &&
    en[1] === 'Phuc Trach pomelo' && en[2] === `${origin}/en/products/buoi-phuc-trach/`, JSON.stringify([page.url(), en]));

  // a product's kind in English, from the theme's names of subgroups
  const kinds = await page.evaluate(() => window.ocop.search('honey', { limit: 10, lang: 'en' }));
  check('"honey" (English, the theme\'s name of a subgroup): the honeys',
    kinds.total >= 2 && kinds.results.every((x) => /^Mật ong/.test(x.name)), JSON.stringify(kinds.results.map((x) => x.name)));

  // the API
  const api = await page.evaluate(() => window.ocop.search('mat ong vu quang', { limit: 3 }));
  const top = api.results[0] || {};
  check('window.ocop.search: ranked results with their fields',
    api.total === 1 && top.name === 'Mật ong Vũ Quang' && top.stars >= 3 && top.url.endsWith('/products/mat-ong-vu-quang/') &&
    typeof top.producer === 'string' && top.province === 'Hà Tĩnh' && typeof top.status === 'string',
    JSON.stringify(api));
  check('no script error', errors.length === 0, errors.join(' | '));
  await context.close();

  // the index loaded for a first query, on a fresh page
  const fresh = await browser.newContext();
  const fp = await fresh.newPage();
  let bytes = 0;
  fp.on('response', async (res) => {
    if (res.url().includes('/search/') && res.url().endsWith('.json'))
      bytes += (await res.body()).length;
  });
  await fp.goto(`${origin}/search/?q=mat%20ong%20vu%20quang`);
  await fp.waitForFunction(() => document.querySelector('#search-results h3') !== null, null, { timeout: 5000 }).catch(() => {});
  check(`a first query loads ${bytes} bytes of index (under 100 kB)`, bytes > 0 && bytes < 100000, bytes);
  await fresh.close();

  // without JavaScript: the lists to browse
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  const np = await nojs.newPage();
  await np.goto(`${origin}/search/?q=mat+ong`);
  const links = await np.$$eval('.search-browse a', (v) => v.map((a) => a.getAttribute('href')));
  check('without JavaScript: links to every product and the lists', links.includes('../products/') &&
    links.some((h) => h.includes('stars/')) && links.some((h) => h.includes('provinces/')), links.join(' '));
  check('without JavaScript: the page says why', (await np.$eval('noscript', (e) => e.textContent)).length > 10);
  await nojs.close();
}

async function hostile(query, name) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${origin}/search/?q=${encodeURIComponent(query)}`);
  await page.waitForFunction(() => document.getElementById('search-status').textContent !== '', null, { timeout: 5000 }).catch(() => {});
  const names = await page.$$eval('#search-results h3', (v) => v.map((e) => e.textContent));
  check('hostile name: found and shown as text', names.includes(name), names.join(' | '));
  const injected = await page.evaluate(() => [...document.querySelectorAll('#search-results *')]
    .filter((e) => !['LI', 'H3', 'A', 'P', 'SPAN', 'IMG', 'BR'].includes(e.tagName) ||
                   [...e.attributes].some((a) => a.name.startsWith('on')))
    .map((e) => e.outerHTML.slice(0, 80)));
  check('hostile name: no element or handler from it', injected.length === 0, injected.join(' '));
  check('hostile name: nothing ran', (await page.evaluate(() => window.__pwned)) === undefined);
  check('no script error', errors.length === 0, errors.join(' | '));
  await context.close();
}

try {
  if (mode === 'sample') await sample();
  else if (mode === 'hostile') await hostile(rest[0], rest[1]);
  else check(`a known mode (${mode})`, false);
} catch (e) {
  check('no exception', false, e.stack || e);
} finally {
  await browser.close();
  server.close();
}
process.exit(failures() ? 1 : 0);
