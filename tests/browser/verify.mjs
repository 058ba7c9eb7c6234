// The certificate lookup (docs/verify.md) in Debian's Chromium, on the
// catalog tests/e2e/verify.sh writes and builds with --as-of 2026-11-22:
//
//   node tests/browser/verify.mjs SITE_DIR HOSTILE_NAME
//
// A decision number typed in several ways finds its batch (with the
// same number's decision from another issuer apart), a product code
// and a GTIN find their product, junk finds nothing and says so; the
// statuses and their days; the hostile name is text and nothing ran;
// a clock after the build date moves an about-to-expire certificate to
// expired, never a certificate back; the English page; without
// JavaScript, the sorted list.
// Prints "ok: ..." or "FAIL: ..." per check; exits 1 when one failed.
import { checker, launch, serveSite } from './lib.mjs';

const [siteArg, hostile] = process.argv.slice(2);
const server = await serveSite(siteArg, { notFoundPage: true });
const origin = server.origin;
const { check, failures } = checker();
const browser = await launch();

// Types q into the lookup, submits it, and waits for the answer:
// {status, groups: [{title, meta, items: [{name, href, state, match}]}]}.
async function lookup(page, q) {
  await page.fill('#verify-q', q);
  await page.evaluate(() => { document.getElementById('verify-status').textContent = ''; });
  await page.press('#verify-q', 'Enter');
  await page.waitForFunction(() => document.getElementById('verify-status').textContent !== '',
    null, { timeout: 5000 }).catch(() => {});
  return page.evaluate(() => ({
    status: document.getElementById('verify-status').textContent,
    asOf: (document.querySelector('#verify-results .verify-as-of') || {}).textContent,
    hint: (document.querySelector('#verify-results .verify-hint') || {}).textContent,
    groups: [...document.querySelectorAll('#verify-results .verify-group')].map((g) => ({
      title: g.querySelector('h2').textContent,
      meta: g.querySelector('.verify-meta').textContent,
      decision: (g.querySelector('.verify-meta a') || {}).href,
      items: [...g.querySelectorAll('.verify-item')].map((li) => ({
        name: li.querySelector('.verify-name a').textContent,
        href: li.querySelector('.verify-name a').href,
        lang: li.querySelector('.verify-name a').lang,
        state: li.querySelector('.verify-state').textContent,
        match: (li.querySelector('.verify-match') || {}).textContent,
      })),
    })),
  }));
}

const names = (r) => r.groups.map((g) => g.items.map((i) => i.name));

async function vietnamese() {
  const context = await browser.newContext();
  // the viewer's day: the build's
  await context.addInitScript(() => {
    const fixed = new Date('2026-11-22T09:00:00+07:00').getTime();
    const Real = Date;
    globalThis.Date = class extends Real {
      constructor(...a) { super(...(a.length ? a : [fixed])); }
      static now() { return fixed; }
    };
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${origin}/verify/`);
  const batch = ['Bưởi Phúc Trạch', 'Cam bù Hương Sơn', hostile];
  for (const q of ['1234/qd-ubnd', '1234 QĐ UBND', '1234/QĐ-UBND', '  1234-qđ-ubnd ']) {
    const r = await lookup(page, q);
    check(`"${q}": the batch of three, then Nghệ An's decision of the same number`,
      JSON.stringify(names(r)) === JSON.stringify([batch, ['Nhút Thanh Chương']]), JSON.stringify(names(r)));
  }
  let r = await lookup(page, '1234/qd-ubnd');
  check('the batch: its number, issuer, date, count and page', r.groups[0] &&
    r.groups[0].title === 'Quyết định 1234/QĐ-UBND' &&
    r.groups[0].meta === 'UBND tỉnh Hà Tĩnh, ngày 10/03/2025 · 3 sản phẩm · Trang của quyết định' &&
    r.groups[0].decision === `${origin}/decisions/1234-qd-ubnd-2025-03-10-ubnd-tinh-ha-tinh/`,
    JSON.stringify(r.groups[0]));
  check('the other issuer\'s decision apart, with its own issuer and date', r.groups[1] &&
    r.groups[1].meta === 'UBND tỉnh Nghệ An, ngày 02/05/2024 · 1 sản phẩm', JSON.stringify(r.groups[1]));
  check('a valid certificate: until when', r.groups[0] &&
    r.groups[0].items[0].state === 'Còn hiệu lực Còn hiệu lực đến 10/03/2028' &&
    r.groups[0].items[0].href === `${origin}/products/buoi-a/`, JSON.stringify(r.groups[0]));
  check('the status as of the build date', r.asOf === 'Tình trạng tính đến 22/11/2026', r.asOf);
  check('the count', r.status === '4 sản phẩm', r.status);
  check('the hostile name is text, and nothing ran', r.groups[0] && r.groups[0].items[2].name === hostile &&
    await page.evaluate(() => window.__pwned === undefined) &&
    await page.evaluate(() => !document.querySelector('#verify-results img, #verify-results script')));
  check('the address holds the query', new URL(page.url()).searchParams.get('q') === '1234/qd-ubnd', page.url());

  r = await lookup(page, '42-436-18541-4-2025');
  check('a product code', JSON.stringify(names(r)) === '[["Bưởi Phúc Trạch"]]' &&
    r.groups[0].items[0].match === 'Khớp với mã sản phẩm 42-436-18541-4-2025', JSON.stringify(r));
  r = await lookup(page, '893 6012 345678');
  check('a GTIN, with spaces', JSON.stringify(names(r)) === '[["Bưởi Phúc Trạch"]]' &&
    r.groups[0].items[0].match === 'Khớp với mã vạch 8936012345678', JSON.stringify(r));
  r = await lookup(page, '08936012345678');
  check('a GTIN-13 typed as its GTIN-14 (a leading 0)', JSON.stringify(names(r)) === '[["Bưởi Phúc Trạch"]]' &&
    r.groups[0].items[0].match === 'Khớp với mã vạch 8936012345678', JSON.stringify(r));
  r = await lookup(page, '0893601234567');
  check('a GTIN cut short by a leading 0: not found', r.groups.length === 0, JSON.stringify(r));
  for (const q of ['1234/QĐ-UBND Hà Tĩnh', '1234/qd-ubnd tinh ha tinh', '1234 Hà Tĩnh']) {
    r = await lookup(page, q);
    check(`"${q}": the number with its issuer, that issuer's batch alone`,
      JSON.stringify(names(r)) === JSON.stringify([batch]), JSON.stringify(names(r)));
  }
  r = await lookup(page, '1234/QĐ-UBND Nghệ An');
  check('the same number with the other issuer: its decision alone',
    JSON.stringify(names(r)) === '[["Nhút Thanh Chương"]]', JSON.stringify(names(r)));
  r = await lookup(page, '1234/QĐ-UBND Lào Cai');
  check('the number with an issuer that has none so numbered: not found', r.groups.length === 0, JSON.stringify(r));
  r = await lookup(page, '1234');
  check('a decision\'s number alone: every decision so numbered', r.status === 'Các quyết định số 1234' &&
    JSON.stringify(names(r)) === JSON.stringify([batch, ['Nhút Thanh Chương']]), JSON.stringify(r));
  r = await lookup(page, '88/QĐ-UBND');
  check('an expired certificate: since when', r.groups[0] &&
    r.groups[0].items[0].state === 'Hết hiệu lực Hết hiệu lực: hết hạn ngày 05/01/2026', JSON.stringify(r));
  r = await lookup(page, '500/qd-ubnd');
  check('a revoked certificate: when and by which decision', r.groups[0] &&
    r.groups[0].items[0].state === 'Đã thu hồi Đã bị thu hồi ngày 01/09/2025 theo Quyết định 612/QĐ-UBND',
    JSON.stringify(r));
  r = await lookup(page, '612/QĐ-UBND');
  check('the revocation decision finds it too', r.groups[0] &&
    r.groups[0].items[0].match === 'Khớp với quyết định thu hồi 612/QĐ-UBND', JSON.stringify(r));
  r = await lookup(page, '900/QĐ-UBND');
  check('about to expire: said, with the days left', r.groups[0] &&
    r.groups[0].items[0].state === 'Còn hiệu lực Còn hiệu lực đến 01/12/2026, sắp hết hạn (còn 9 ngày)',
    JSON.stringify(r));
  for (const q of ['9999/QĐ-UBND', 'iphone 15', '1234/QĐ-UBND Hà Nội']) {
    r = await lookup(page, q);
    check(`junk "${q}": not found, and the page says so`, r.groups.length === 0 &&
      r.status === `Không tìm thấy chứng nhận nào khớp với “${q}”.` && !!r.hint, JSON.stringify(r));
  }
  r = await lookup(page, '!!!');
  check('nothing to look up: the page asks for a number', r.groups.length === 0 &&
    r.status === 'Nhập số quyết định, mã sản phẩm hoặc mã vạch.', JSON.stringify(r));
  await page.goto(`${origin}/verify/?q=${encodeURIComponent('1234 qđ ubnd')}`);
  await page.waitForFunction(() => document.getElementById('verify-status').textContent !== '',
    null, { timeout: 5000 }).catch(() => {});
  check('a shared address answers at once', await page.$$eval('#verify-results .verify-item', (l) => l.length) === 4 &&
    await page.inputValue('#verify-q') === '1234 qđ ubnd');
  await page.goto(`${origin}/products/cam-b/`);
  await page.click('a[href*="verify/?q="]');
  await page.waitForFunction(() => (document.getElementById('verify-status') || {}).textContent,
    null, { timeout: 5000 }).catch(() => {});
  check('a product page\'s certificate box leads to its decision\'s answer',
    await page.$$eval('#verify-results .verify-item', (l) => l.length) === 4 &&
    await page.inputValue('#verify-q') === '1234/QĐ-UBND', page.url());
  check('no script error', errors.length === 0, errors.join('; '));
  await context.close();
}

// The viewer's clock three weeks after the build: 900/QĐ-UBND expired
// on 1 December; a revoked one stays revoked, a valid one valid; and a
// clock before the build changes nothing.
async function later() {
  for (const [when, state900, asOf] of [
    ['2026-12-15T10:00:00+07:00', 'Hết hiệu lực Hết hiệu lực: hết hạn ngày 01/12/2026', 'Tình trạng tính đến 15/12/2026'],
    ['2025-06-01T10:00:00+07:00', 'Còn hiệu lực Còn hiệu lực đến 01/12/2026, sắp hết hạn (còn 9 ngày)', 'Tình trạng tính đến 22/11/2026'],
  ]) {
    const context = await browser.newContext();
    await context.addInitScript((iso) => {
      const fixed = new Date(iso).getTime();
      const Real = Date;
      globalThis.Date = class extends Real {
        constructor(...a) { super(...(a.length ? a : [fixed])); }
        static now() { return fixed; }
      };
    }, when);
    const page = await context.newPage();
    await page.goto(`${origin}/verify/`);
    let r = await lookup(page, '900/QĐ-UBND');
    check(`clock at ${when}: 900/QĐ-UBND "${state900}"`, r.groups[0] && r.groups[0].items[0].state === state900 &&
      r.asOf === asOf, JSON.stringify(r));
    r = await lookup(page, '500/QĐ-UBND');
    check(`clock at ${when}: the revoked one stays revoked`, r.groups[0] &&
      r.groups[0].items[0].state.startsWith('Đã thu hồi'), JSON.stringify(r));
    r = await lookup(page, '88/QĐ-UBND');
    check(`clock at ${when}: the expired one stays expired`, r.groups[0] &&
      r.groups[0].items[0].state.startsWith('Hết hiệu lực'), JSON.stringify(r));
    await context.close();
  }
}

async function english() {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/en/verify/`);
  const r = await lookup(page, '1234 QĐ UBND');
  check('English: the translated name, its English page, the other names marked Vietnamese', r.groups[0] &&
    r.groups[0].items[0].name === 'Phuc Trach pomelo' && r.groups[0].items[0].href === `${origin}/en/products/buoi-a/` &&
    r.groups[0].items[0].lang === '' && r.groups[0].items[1].lang === 'vi' &&
    r.groups[0].title === 'Decision 1234/QĐ-UBND' &&
    r.groups[0].meta === 'UBND tỉnh Hà Tĩnh, 10 March 2025 · 3 products · The decision\'s page', JSON.stringify(r));
  await context.close();
}

async function noscript() {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${origin}/verify/`);
  const rows = await page.$$eval('table.verify-list tbody tr', (l) => l.map((tr) => [...tr.cells].map((c) => c.textContent)));
  check('without JavaScript: the list, sorted, 24 to a page (of 77)', rows.length === 24 &&
    rows[0][1] === '88/QĐ-UBND' && rows[1][1] === '500/QĐ-UBND' && rows[2][1] === '900/QĐ-UBND' &&
    rows[3][1] === '1234/QĐ-UBND', JSON.stringify(rows.slice(0, 4)));
  check('without JavaScript: statuses and days', rows[0][5] === 'Hết hiệu lực hết hạn 05/01/2026' &&
    rows[1][5] === 'Đã thu hồi ngày 01/09/2025', JSON.stringify(rows.slice(0, 2)));
  check('without JavaScript: the next page', await page.$$eval('a[rel="next"]', (l) => l.length) > 0);
  check('without JavaScript: the page says the lookup needs it',
    (await page.textContent('noscript')).includes('JavaScript'));
  await context.close();
}

try {
  await vietnamese();
  await later();
  await english();
  await noscript();
} finally {
  await browser.close();
  server.close();
}
process.exit(failures() ? 1 : 0);
