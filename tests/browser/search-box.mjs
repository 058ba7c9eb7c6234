// The search box of every page's header (assets/search-box.js,
// docs/search.md "The search box") in Debian's Chromium, on a built site
// served from 127.0.0.1, as a reader uses it with keys and a mouse.
//
//   node tests/browser/search-box.mjs sample SITE_DIR
//     the sample catalog, on a 360 x 740 phone: nothing of the index is
//     fetched before the first keystroke; "mat ong" typed on a product
//     page lists the honeys (stars, producer, commune, status in words,
//     a thumbnail or its placeholder) in a listbox; the arrows, Enter,
//     Escape and a click outside work as the ARIA combobox pattern says;
//     the live region says the count once typing pauses; "See all"
//     leads to /search/?q=mat+ong; a later keystroke wins over a late
//     answer; junk says none; the header stays as tall as without
//     JavaScript and the list as wide as the screen; the English pages
//     speak English; the search page's header stays a plain form; and
//     without JavaScript the form still leads to the search page.
//   node tests/browser/search-box.mjs hostile SITE_DIR QUERY NAME
//     the product named NAME (markup, quotes...) is found by QUERY in
//     the box and shown as text, and nothing in it ran.
//
// Prints "ok: ..." or "FAIL: ..." per check; exits 1 when one failed.
import { checker, launch, serveSite } from './lib.mjs';

const [mode, siteArg, ...rest] = process.argv.slice(2);
const server = await serveSite(siteArg, { notFoundPage: true });
const origin = server.origin;
const { check, failures } = checker();
const browser = await launch();
const PHONE = { width: 360, height: 740 };
// The header of the sample at 360 px: the title on two lines, the menu
// (four items, two free pages) on four, the search row, the languages:
// 320 px before the box existed.  The box may add nothing to it (its
// list lies over the page), so the bound is that height with a little
// room for fonts, and the same height as without JavaScript.
const HEADER_MAX = 330;

// What the box shows: {expanded, active, options: [{id, selected, name,
// text, href, stars, status, meta, thumb}], none, live, open}.
function state(page) {
  return page.evaluate(() => {
    const q = document.getElementById('site-q');
    const list = document.getElementById(q.getAttribute('aria-controls') || '-');
    const popup = document.querySelector('.sb-popup');
    const none = document.querySelector('.sb-none');
    const live = document.querySelector('.site-search [role=status]');
    return {
      role: q.getAttribute('role'),
      autocomplete: q.getAttribute('aria-autocomplete'),
      listRole: list && list.getAttribute('role'),
      listName: list && list.getAttribute('aria-label'),
      expanded: q.getAttribute('aria-expanded'),
      active: q.getAttribute('aria-activedescendant'),
      open: !!popup && !popup.hidden && popup.getBoundingClientRect().height > 0,
      none: none && !none.hidden ? none.textContent : null,
      live: live ? live.textContent : null,
      liveKind: live ? [live.getAttribute('aria-live'), live.getBoundingClientRect().width <= 1] : null,
      value: q.value,
      options: list ? [...list.querySelectorAll('[role=option]')].map((o) => {
        const thumb = o.querySelector('.sb-thumb');
        const box = thumb && thumb.getBoundingClientRect();
        return {
          id: o.id, selected: o.getAttribute('aria-selected'), href: o.href,
          text: o.textContent,
          name: o.querySelector('.sb-name')?.textContent ?? null,
          nameLang: o.querySelector('.sb-name')?.getAttribute('lang') ?? null,
          stars: o.querySelector('.stars-icons[role=img]')?.getAttribute('aria-label') ?? null,
          starIcons: o.querySelector('.stars-icons')?.firstChild?.textContent ?? null,
          status: o.querySelector('.badge')?.textContent ?? null,
          meta: o.querySelector('.sb-meta')?.textContent ?? null,
          thumb: thumb ? { tag: thumb.tagName, w: Math.round(box.width), h: Math.round(box.height),
                           src: thumb.getAttribute('src'), loading: thumb.getAttribute('loading'),
                           alt: thumb.getAttribute('alt') } : null,
        };
      }) : [],
    };
  });
}

// Types query into the header's box, a key at a time, and waits until
// the live region has spoken after it (the list has answered then).
async function type(page, query, { clear = true, wait = true, delay = 40 } = {}) {
  if (clear)
    await page.fill('#site-q', '');
  await page.evaluate(() => {
    window.__spoke = 0;
    const live = document.querySelector('.site-search [role=status]');
    if (live && !window.__listening) {
      window.__listening = true;
      new MutationObserver(() => { if (live.textContent) window.__spoke++; })
        .observe(live, { childList: true, characterData: true, subtree: true });
    }
  });
  await page.focus('#site-q');
  await page.keyboard.type(query, { delay });
  if (wait) {
    await page.waitForFunction(() => window.__spoke > 0, null, { timeout: 5000 }).catch(() => {});
    await page.waitForTimeout(100);
  }
  return state(page);
}

function searchRequests(urls) {
  return urls.filter((u) => /\/search\/(meta\.json|t\/|d\/)/.test(u));
}

async function sample() {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  const errors = [];
  const urls = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => urls.push(r.url()));

  // --- the page as loaded: scripts fetched, no index --------------------
  await page.goto(`${origin}/products/mat-ong-vu-quang/`, { waitUntil: 'networkidle' });
  check('the product page fetches search.js and search-box.js',
    urls.includes(`${origin}/assets/search.js`) && urls.includes(`${origin}/assets/search-box.js`),
    urls.join(' '));
  check('nothing of the index is fetched with the page', searchRequests(urls).length === 0,
    searchRequests(urls).join(' '));
  await page.click('#site-q');
  await page.waitForTimeout(300);
  // the list of chunks came with search.js: focus has nothing to fetch
  check('on focus, nothing of the index is fetched (search.js has the list of chunks)',
    searchRequests(urls).length === 0 && await page.evaluate(() => window.ocop.index.chunks.length > 0),
    searchRequests(urls).join(' '));
  let s = await state(page);
  check('the box is a combobox of a listbox, closed', s.role === 'combobox' && s.autocomplete === 'list' &&
    s.listRole === 'listbox' && s.listName === 'Sản phẩm gợi ý' && s.expanded === 'false' && !s.open &&
    s.active === null, JSON.stringify(s));
  check('its live region is polite and hidden from view', s.liveKind && s.liveKind[0] === 'polite' && s.liveKind[1],
    JSON.stringify(s.liveKind));

  // --- the header at 360 px --------------------------------------------
  const header = await page.$eval('.site-header', (e) => e.getBoundingClientRect().height);
  const row = await page.$eval('.site-search', (e) => [e.getBoundingClientRect().height,
    e.querySelector('input').getBoundingClientRect().top, e.querySelector('button').getBoundingClientRect().top]);
  check(`the header at 360 px: ${Math.round(header)} px (at most ${HEADER_MAX})`, header <= HEADER_MAX, header);
  check('the search row is one line', row[0] <= 48 && Math.abs(row[1] - row[2]) < 8, JSON.stringify(row));

  // --- "mat ong": the honeys --------------------------------------------
  const expected = await page.evaluate(() => window.ocop.search('mat ong', { limit: 6 }));
  s = await type(page, 'mat ong');
  check('typing fetched the index', searchRequests(urls).length > 0);
  const products = s.options.filter((o) => o.name !== null);
  const names = products.map((o) => o.name);
  check('"mat ong": the list opens with the honeys', s.open && s.expanded === 'true' &&
    names.includes('Mật ong Vũ Quang') && names.includes('Mật ong Hương Sơn') &&
    names.length === expected.results.length && names.every((n, i) => n === expected.results[i].name),
    JSON.stringify(s));
  const vq = products.find((o) => o.name === 'Mật ong Vũ Quang') || {};
  const vqr = expected.results.find((r) => r.name === 'Mật ong Vũ Quang') || {};
  check('a row: stars with their label, as the cards have them', vq.stars === `${vqr.stars} sao` &&
    vq.starIcons === '★'.repeat(vqr.stars), JSON.stringify(vq));
  check('a row: the status in words', vq.status === 'Còn hiệu lực' && vqr.status === 'valid', JSON.stringify(vq));
  check('a row: producer · commune', vq.meta === `${vqr.producer} · ${vqr.commune}` && vqr.producer.length > 0,
    JSON.stringify([vq.meta, vqr.producer, vqr.commune]));
  check('a row: links to the product', vq.href === `${origin}/products/mat-ong-vu-quang/`, vq.href);
  check('every row: a 48 px thumbnail or its placeholder', products.every((o) => o.thumb && o.thumb.w === 48 && o.thumb.h === 48),
    JSON.stringify(products.map((o) => o.thumb)));
  check('the last option: "See all 2 results", to the search page', s.options.length === products.length + 1 &&
    s.options.at(-1).text === `Xem tất cả ${expected.total} kết quả` &&
    s.options.at(-1).href === `${origin}/search/?q=mat+ong`, JSON.stringify(s.options.at(-1)));
  check('the live region says the count', s.live === `${expected.total} kết quả`, s.live);
  check('no option is active yet', s.active === null && s.options.every((o) => o.selected === 'false'));

  // --- the list on the phone --------------------------------------------
  const fit = await page.evaluate(() => {
    const r = document.querySelector('.sb-popup').getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom,
             scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth };
  });
  check('the list is as wide as the phone and no wider', fit.left >= 0 && fit.right <= PHONE.width &&
    fit.right - fit.left >= PHONE.width - 1 && fit.scroll <= fit.width, JSON.stringify(fit));
  check('the list lies over the page: the header is as tall as before', Math.abs(
    await page.$eval('.site-header', (e) => e.getBoundingClientRect().height) - header) < 1);
  check('the list ends within the screen', fit.bottom <= PHONE.height, JSON.stringify(fit));

  // --- thumbnails: a cover where there is one ---------------------------
  s = await type(page, 'buoi phuc trach');
  const bpt = s.options.find((o) => o.name === 'Bưởi Phúc Trạch') || {};
  check('a product with photos: its cover, small and lazy', bpt.thumb && bpt.thumb.tag === 'IMG' &&
    bpt.thumb.loading === 'lazy' && bpt.thumb.alt === '' && /\/products\/buoi-phuc-trach\/[^/]+$/.test(bpt.thumb.src),
    JSON.stringify(bpt));
  check('a product without: a placeholder of the same size', s.options.some((o) => o.thumb && o.thumb.tag === 'SPAN' &&
    o.thumb.w === 48), JSON.stringify(s.options.map((o) => o.thumb)));

  // --- the keys -----------------------------------------------------------
  s = await type(page, 'mat ong');
  await page.keyboard.press('ArrowDown');
  s = await state(page);
  check('ArrowDown: the first option active (aria-activedescendant, aria-selected)',
    s.active === s.options[0].id && s.options[0].selected === 'true' &&
    s.options.slice(1).every((o) => o.selected === 'false'), JSON.stringify(s));
  await page.keyboard.press('ArrowDown');
  s = await state(page);
  check('ArrowDown again: the second', s.active === s.options[1].id && s.options[1].selected === 'true' &&
    s.options[0].selected === 'false', JSON.stringify(s));
  await page.keyboard.press('ArrowUp');
  s = await state(page);
  check('ArrowUp: back to the first', s.active === s.options[0].id && s.options[0].selected === 'true',
    JSON.stringify(s));
  check('focus stays in the box', await page.evaluate(() => document.activeElement.id) === 'site-q');
  const target = s.options[0].href;
  // the product may be this very page: wait for the load, not the URL
  await Promise.all([page.waitForEvent('load', { timeout: 5000 }).catch(() => {}), page.keyboard.press('Enter')]);
  check('Enter opens the active product', page.url() === target, `${page.url()} ≠ ${target}`);

  // Escape: closes, then empties
  await page.goto(`${origin}/products/mat-ong-vu-quang/`);
  await type(page, 'mat ong');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Escape');
  s = await state(page);
  check('Escape closes the list, the words stay', !s.open && s.expanded === 'false' && s.active === null &&
    s.value === 'mat ong', JSON.stringify(s));
  await page.keyboard.press('ArrowDown');
  s = await state(page);
  check('ArrowDown opens it again', s.open && s.expanded === 'true' && s.active === s.options[0]?.id,
    JSON.stringify(s));
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  s = await state(page);
  check('a second Escape empties the box', !s.open && s.value === '', JSON.stringify(s));

  // a click outside closes
  await type(page, 'mat ong');
  await page.mouse.click(180, 700);
  s = await state(page);
  check('a click outside closes the list', !s.open && s.expanded === 'false', JSON.stringify(s));

  // "See all": the last option, from the keys
  await type(page, 'mat ong');
  await page.keyboard.press('ArrowUp');
  s = await state(page);
  check('ArrowUp from the box: the last option, "See all"', s.active === s.options.at(-1).id, JSON.stringify(s));
  await Promise.all([page.waitForURL(/\/search\//, { timeout: 5000 }).catch(() => {}), page.keyboard.press('Enter')]);
  await page.waitForFunction(() => document.querySelector('#search-results h3') !== null, null, { timeout: 5000 }).catch(() => {});
  check('"See all" leads to /search/?q=mat+ong and its results', page.url() === `${origin}/search/?q=mat+ong` &&
    (await page.$$eval('#search-results h3', (v) => v.length)) === expected.total, page.url());

  // the search page: its header stays a plain form
  const own = await page.evaluate(() => [document.getElementById('site-q').getAttribute('role'),
    document.querySelectorAll('script[src$="search.js"]').length, !!document.querySelector('.sb-popup')]);
  check('the search page: the header box is a plain form there, search.js loaded once',
    own[0] === null && own[1] === 1 && !own[2], JSON.stringify(own));

  // Enter with no option active: the form, to the search page
  await page.goto(`${origin}/products/mat-ong-vu-quang/`);
  await type(page, 'mat ong');
  await Promise.all([page.waitForURL(/\/search\//, { timeout: 5000 }).catch(() => {}), page.keyboard.press('Enter')]);
  check('Enter with no option active submits the form to /search/', page.url() === `${origin}/search/?q=mat+ong`,
    page.url());

  // junk
  await page.goto(`${origin}/products/mat-ong-vu-quang/`);
  s = await type(page, 'zqxwv kkkjj');
  check('junk: the box says none, with no option', s.open && s.options.length === 0 && s.expanded === 'false' &&
    s.none === 'Không tìm thấy sản phẩm nào', JSON.stringify(s));
  check('junk: the live region too', s.live === 'Không tìm thấy sản phẩm nào', s.live);

  // expired and revoked certificates: left out, counted, and led to
  await page.goto(`${origin}/products/mat-ong-vu-quang/`);
  const hid = await page.evaluate(() => window.ocop.search('banh da nem', { limit: 6 }));
  s = await type(page, 'banh da nem');
  const last = s.options.at(-1) || {};
  const to = last.href ? new URL(last.href) : null;
  check('only an expired product matches: the box says so and leads to it, not "none"',
    hid.total === 0 && hid.hidden === 1 && s.none === null && s.options.length === 1 &&
    /1 sản phẩm khác/.test(last.text) && to && to.pathname === '/search/' &&
    to.searchParams.get('q') === 'banh da nem' && to.searchParams.getAll('status').includes('expired'),
    JSON.stringify([hid, s]));
  check('the live region says it too', /1 sản phẩm khác/.test(s.live), s.live);
  await Promise.all([page.waitForURL(/\/search\//, { timeout: 5000 }).catch(() => {}),
    page.click('.sb-hidden')]);
  await page.waitForFunction(() => document.querySelector('#search-results h3') !== null, null, { timeout: 5000 }).catch(() => {});
  check('and the search page shows it', (await page.$$eval('#search-results h3', (v) => v.map((h) => h.textContent)))
    .includes('Bánh đa nem Hà Tĩnh'), page.url());

  // --- a later keystroke wins; the live region does not chatter ----------
  await page.goto(`${origin}/products/mat-ong-vu-quang/`);
  await page.evaluate(() => {
    // "buoi" is answered late, after "mat ong vu quang"
    const search = window.ocop.search;
    window.ocop.search = (q, o) => search(q, o).then((r) =>
      new Promise((ok) => setTimeout(() => ok(r), /^buoi/.test(q) ? 3500 : 0)));
    window.__said = [];
    const live = document.querySelector('.site-search [role=status]');
    new MutationObserver(() => { if (live.textContent) window.__said.push(live.textContent); })
      .observe(live, { childList: true, characterData: true, subtree: true });
  });
  await type(page, 'buoi', { wait: false });
  await page.waitForTimeout(250);          // "buoi" asked, not yet answered
  await page.fill('#site-q', '');
  // slower than the box waits for typing: each word is asked and answered
  await type(page, 'mat ong vu quang', { clear: false, wait: false, delay: 150 });
  await page.waitForTimeout(3000);         // the late answer has come
  s = await state(page);
  const said = await page.evaluate(() => window.__said);
  check('a late answer to an earlier query is not shown', s.options.length === 2 &&
    s.options[0].name === 'Mật ong Vũ Quang', JSON.stringify(s.options.map((o) => o.name)));
  check('the live region spoke once, when typing paused', said.length === 1 && said[0] === '1 kết quả',
    JSON.stringify(said));
  check('no script error', errors.length === 0, errors.join(' | '));
  await context.close();

  // --- English ------------------------------------------------------------
  const en = await browser.newContext({ viewport: PHONE });
  const ep = await en.newPage();
  await ep.goto(`${origin}/en/products/buoi-phuc-trach/`);
  s = await type(ep, 'pomelo');
  const pom = s.options[0] || {};
  check('English: the list and its rows in English', s.listName === 'Suggested products' &&
    pom.name === 'Phuc Trach pomelo' && pom.stars === '4 stars' && pom.status === 'Valid' &&
    pom.href === `${origin}/en/products/buoi-phuc-trach/`, JSON.stringify(s));
  check('English: "See 1 result", to the English search page', s.options.at(-1).text === 'See 1 result' &&
    s.options.at(-1).href === `${origin}/en/search/?q=pomelo`, JSON.stringify(s.options.at(-1)));
  check('English: the count said', s.live === '1 result', s.live);
  s = await type(ep, 'mat ong');
  check('English: a name with no translation says its language', s.options.length > 1 &&
    s.options.filter((o) => o.name).every((o) => o.nameLang === 'vi') && s.live === '2 results' &&
    s.options.at(-1).text === 'See all 2 results', JSON.stringify(s));
  s = await type(ep, 'zqxwv kkkjj');
  check('English: none', s.none === 'No product found' && s.live === 'No product found', JSON.stringify(s));
  await en.close();

  // --- without JavaScript ------------------------------------------------
  const nojs = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
  const np = await nojs.newPage();
  await np.goto(`${origin}/products/mat-ong-vu-quang/`);
  const plain = await np.$eval('.site-header', (e) => e.getBoundingClientRect().height);
  check(`without JavaScript the header is as tall (${Math.round(plain)} px)`, Math.abs(plain - header) < 1,
    `${plain} vs ${header}`);
  await np.fill('#site-q', 'mat ong');
  await Promise.all([np.waitForURL(/\/search\//, { timeout: 5000 }).catch(() => {}), np.press('#site-q', 'Enter')]);
  check('without JavaScript the form leads to /search/?q=mat+ong', np.url() === `${origin}/search/?q=mat+ong`,
    np.url());
  await nojs.close();
}

async function hostile(query, name) {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => { errors.push(`dialog: ${d.message()}`); d.dismiss(); });
  await page.goto(`${origin}/`);
  const s = await type(page, query);
  check('hostile name: found in the box and shown as text', s.options.some((o) => o.name === name),
    JSON.stringify(s.options.map((o) => o.name)));
  const injected = await page.evaluate(() => [...document.querySelectorAll('.sb-popup *')]
    .filter((e) => !['DIV', 'A', 'SPAN', 'IMG', 'P'].includes(e.tagName) ||
                   (e.tagName === 'IMG' && !e.classList.contains('sb-thumb')) ||
                   [...e.attributes].some((a) => a.name.startsWith('on')))
    .map((e) => e.outerHTML.slice(0, 80)));
  check('hostile name: no element or handler from it', injected.length === 0, injected.join(' '));
  await page.waitForTimeout(300);
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
