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
  const robots = () => page.$$eval('meta[name="robots"]', (ms) => ms.map((m) => m.content).join());
  check('the search page itself may be indexed', (await robots()) === '', await robots());
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
    ['mat ong vu qu ang', 'Mật ong Vũ Quang', 'one word typed as two'],
    ['mat ong vu quanh', 'Mật ong Vũ Quang', 'a typo that is a word too'],
    ['buoi phuc trahc', 'Bưởi Phúc Trạch', 'a typo'],
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
  await filters();

  // the index loaded for a first query, on a fresh page
  const fresh = await browser.newContext();
  const fp = await fresh.newPage();
  // the files that came before the results showed (the filters' counts
  // come after them, from facets.json)
  const loads = [];
  fp.on('response', (res) => {
    if (res.url().includes('/search/') && res.url().endsWith('.json'))
      loads.push(res.body().then((b) => [res.url().replace(/.*\/search\//, ''), b.length]));
  });
  await fp.goto(`${origin}/search/?q=mat%20ong%20vu%20quang`);
  await fp.waitForFunction(() => document.querySelector('#search-results h3') !== null, null, { timeout: 5000 }).catch(() => {});
  const first = await Promise.all(loads.slice());
  const bytes = first.reduce((n, [, len]) => n + len, 0);
  // the list of chunks comes with search.js; the chunks carry the
  // records of the results shown first
  check(`a first query loads ${bytes} bytes of index (under 100 kB): chunks, no list of chunks, no file of records`,
    bytes > 0 && bytes < 100000 && !first.some(([u]) => u === 'meta.json') &&
    first.some(([u]) => u.startsWith('t/')) && !first.some(([u]) => u.startsWith('d/')), JSON.stringify(first));
  check('a page of results is not indexed', (await fp.$$eval('meta[name="robots"]',
    (ms) => ms.map((m) => m.content).join())) === 'noindex');
  await fp.waitForLoadState('networkidle');
  await Promise.all(loads);
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

// The filters of the search page: counts per value that follow the
// query, the address that follows the filters, expired and revoked
// certificates only on request, and "4 sao" as the stars filter.
async function filters() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // what the catalog says, to compare with
  await page.goto(`${origin}/search/`);
  const cat = await page.evaluate(() => fetch('../api/v1/catalog.json').then((r) => r.json()));
  const current = (p) => !['expired', 'revoked'].includes(p.certificate.status);
  const state = () => page.evaluate(() => ({
    url: location.search,
    status: document.getElementById('search-status').textContent,
    names: [...document.querySelectorAll('#search-results h3')].map((h) => h.textContent),
    stars: [...document.querySelectorAll('#search-results [aria-label]')].map((e) => e.getAttribute('aria-label')),
    badges: [...document.querySelectorAll('#search-results .badge')].map((e) => e.className),
    more: document.getElementById('search-more').hidden ? null : document.getElementById('search-more').textContent,
    counts: Object.fromEntries([...document.querySelectorAll('#search-filters input')].map((i) =>
      [`${i.name}=${i.value}`, { on: i.checked, shown: !i.parentElement.hidden,
        count: i.parentElement.querySelector('.count').textContent }])),
  }));
  const settle = () => page.waitForTimeout(400);

  await page.goto(`${origin}/search/?q=banh`);
  await settle();
  let st = await state();
  const api = await page.evaluate(() => window.ocop.search('banh', { counts: true }));
  const count = (name, key) => api.facets.find((f) => f.name === name).values.find((v) => v.key === key).count;
  check('filters: shown once the index answers', !(await page.$eval('#search-filters', (e) => e.hidden)));
  check('filters: each star count is the API\'s, and they add up to the results',
    st.counts['stars=3'].count === `(${count('stars', '3')})` && st.counts['stars=4'].count === `(${count('stars', '4')})` &&
    count('stars', '3') + count('stars', '4') + count('stars', '5') === api.total && api.total === st.names.length,
    JSON.stringify([st.counts, api.total]));
  check('filters: statuses count every match, shown or hidden',
    api.facets.find((f) => f.name === 'status').values.reduce((n, v) => n + v.count, 0) === api.total + api.hidden &&
    api.hidden > 0, JSON.stringify(api.facets.find((f) => f.name === 'status')));
  check('filters: current certificates by default, the others counted apart',
    st.counts['status=valid'].on && !st.counts['status=expired'].on && !st.counts['status=revoked'].on &&
    st.badges.every((b) => /status-valid/.test(b)) && st.more && st.more.includes(String(api.hidden)),
    JSON.stringify(st));

  // ticking 4 stars: the results, the counts and the address follow
  await page.check('#search-filters input[name=stars][value="4"]');
  await settle();
  st = await state();
  check('filters: 4 stars ticked, only 4-star results', st.names.length === count('stars', '4') &&
    st.stars.every((l) => /4/.test(l)) && /[?&]stars=4/.test(st.url), JSON.stringify(st));
  check('filters: the other star counts stay (a facet ignores its own filter)',
    st.counts['stars=3'].count === `(${count('stars', '3')})`, JSON.stringify(st.counts));
  await page.goBack();
  await settle();
  st = await state();
  check('filters: back undoes the filter', !/stars=/.test(st.url) && st.names.length === api.total &&
    !st.counts['stars=4'].on, JSON.stringify(st));
  await page.goForward();
  await settle();
  st = await state();
  check('filters: forward redoes it', /stars=4/.test(st.url) && st.counts['stars=4'].on &&
    st.names.length === count('stars', '4'), JSON.stringify(st));

  // the expired and revoked ones, on request
  await page.goto(`${origin}/search/?q=banh`);
  await settle();
  await page.click('#search-more button');
  await settle();
  st = await state();
  check('filters: "show them too" adds the expired and revoked, in the address too',
    st.names.length === api.total + api.hidden && st.badges.some((b) => /status-(expired|revoked)/.test(b)) &&
    /status=expired/.test(st.url) && /status=revoked/.test(st.url) && st.more === null, JSON.stringify(st));

  // a menu: the platform
  const shops = await page.$$eval('#search-filters select[name=platform] option',
    (v) => v.filter((o) => !o.hidden && o.value).map((o) => [o.value, o.textContent]));
  const [key, label] = shops[0] || [];
  await page.selectOption('#search-filters select[name=platform]', key);
  await settle();
  st = await state();
  const n = Number((/\((\d+)\)$/.exec(label) || [])[1]);
  check(`filters: a platform chosen (${label}): as many results as its count said`,
    n > 0 && st.names.length === n && new URLSearchParams(st.url).get('platform') === key, JSON.stringify([shops, st]));

  // the communes' menu comes with a province
  await page.goto(`${origin}/search/?q=banh`);
  await settle();
  const before = await page.$$('#search-filters select[name=commune]');
  await page.selectOption('#search-filters select[name=province]', 'ha-tinh');
  await settle();
  const communes = await page.$$eval('#search-filters select[name=commune] option',
    (v) => v.filter((o) => !o.hidden && o.value).map((o) => [o.value, o.textContent]));
  check('filters: the communes\' menu comes once a province is chosen', before.length === 0 &&
    communes.length >= 2 && communes.every(([k]) => k.startsWith('ha-tinh/')), JSON.stringify(communes));
  const [ck, clabel] = communes[0] || [];
  await page.selectOption('#search-filters select[name=commune]', ck);
  await settle();
  st = await state();
  const cn = Number((/\((\d+)\)$/.exec(clabel) || [])[1]);
  const cname = (clabel || '').replace(/ \(\d+\)$/, '');
  check(`filters: a commune chosen (${clabel}): as many results as its count, all there`,
    cn > 0 && st.names.length === cn && new URLSearchParams(st.url).get('commune') === ck &&
    (await page.$$eval('#search-results .card-meta', (v) => v.map((e) => e.textContent)))
      .every((m) => m.includes(cname)), JSON.stringify([communes, st]));

  // "4 sao" alone, and a filter without words
  for (const [q, stars] of [['4 sao', 4], ['5 stars', 5], ['3sao', 3]]) {
    await page.goto(`${origin}/search/?q=${encodeURIComponent(q)}`);
    await settle();
    st = await state();
    const want = cat.products.filter((p) => p.stars === stars && current(p)).length;
    check(`"${q}" alone: every current ${stars}-star product (${want})`, want > 0 &&
      st.status.includes(String(want)) && st.names.length === Math.min(want, 24) &&
      st.stars.every((l) => l.includes(String(stars))), JSON.stringify(st));
  }
  await page.goto(`${origin}/search/?stars=5&status=valid&status=expired`);
  await settle();
  st = await state();
  const want5 = cat.products.filter((p) => p.stars === 5 && ['valid', 'expired'].includes(p.certificate.status)).length;
  check('a filter without words lists what it lets through', st.names.length === want5 && want5 > 0,
    JSON.stringify(st));
  const any = await page.evaluate(() => window.ocop.search('mat ong', { filters: { status: ['expired'] } }));
  check('the API: filters by status on request', api.total > 0 && any.results.every((r) => r.status === 'expired'),
    JSON.stringify(any));

  // in English
  await page.goto(`${origin}/en/search/?q=honey`);
  await settle();
  const legends = await page.$$eval('#search-filters legend', (v) => v.map((e) => e.textContent));
  check('filters: in English on the English page', legends.includes('Stars') &&
    legends.includes('Certificate status'), legends.join('|'));
  check('filters: no script error', errors.length === 0, errors.join(' | '));
  await context.close();
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
