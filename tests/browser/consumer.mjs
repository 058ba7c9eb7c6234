// The first screen a consumer sees (#17), in Debian's Chromium: at a
// 360 x 640 phone, the header is at most 120 px tall, nothing scrolls
// sideways, and on a product page the verification box and the first
// way to buy (a shop button, or a point of sale) end within the screen;
// the menu is a <details> that opens without JavaScript.  At 1280 px
// the header shows its links, and a product's picture sits beside the
// verification box.
// Usage: node tests/browser/consumer.mjs SITE_DIR PAGE... (a product
// page is one whose path starts with products/ or en/products/)
import { resolve } from 'node:path';
import { checker, launch, serveSite } from './lib.mjs';

const [siteArg, ...pages] = process.argv.slice(2);
const site = resolve(siteArg);
const server = await serveSite(site, { notFoundPage: true });
const { check, failures } = checker();
const browser = await launch();
const isProduct = (rel) => /^(en\/)?products\/[^/]+\/$/.test(rel);

for (const [width, height] of [[360, 640], [1280, 800]]) {
  const context = await browser.newContext({ viewport: { width, height }, javaScriptEnabled: false });
  for (const rel of pages) {
    const page = await context.newPage();
    const res = await page.goto(`${server.origin}/${rel}`);
    await page.waitForLoadState('load');
    const at = `${rel || 'home'} at ${width} px`;
    check(`${at}: served`, res.ok(), res.status());
    const m = await page.evaluate(() => {
      const box = (sel) => { const e = document.querySelector(sel); if (!e) return null;
        const r = e.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height }; };
      const visible = (sel) => { const e = document.querySelector(sel); return !!e && e.getClientRects().length > 0; };
      const firstBuy = document.querySelector('.buy .shop-buttons a, .buy .pos-list a, .buy p');
      const fb = firstBuy && firstBuy.getBoundingClientRect();
      return {
        scroll: document.documentElement.scrollWidth,
        header: box('.site-header'), verdict: box('.verdict'), media: box('.product-media'),
        buy: fb && { bottom: fb.bottom, text: firstBuy.textContent.trim().slice(0, 40) },
        menu: visible('.site-menu summary'), nav: visible('.site-nav'),
      };
    });
    check(`${at}: nothing scrolls sideways`, m.scroll <= width, `${m.scroll} px`);
    if (width === 360) {
      check(`${at}: header at most 120 px`, m.header && m.header.height <= 120, m.header && m.header.height);
      check(`${at}: a menu button, not the links`, m.menu && !m.nav);
    } else {
      check(`${at}: the links, not a menu button`, !m.menu && m.nav);
    }
    if (isProduct(rel)) {
      check(`${at}: verification box within the first screen`, m.verdict && m.verdict.bottom <= height,
            m.verdict && m.verdict.bottom);
      check(`${at}: the first way to buy within the first screen`, m.buy && m.buy.bottom <= height,
            m.buy && `${m.buy.text}: ${m.buy.bottom}`);
      if (width === 1280)
        check(`${at}: picture beside the verification box`,
              m.media && m.verdict && m.media.right <= m.verdict.left && m.media.top < m.verdict.bottom,
              JSON.stringify({ media: m.media, verdict: m.verdict }));
    }
    if (width === 360 && rel === pages[0]) {
      await page.click('.site-menu summary');
      const links = await page.evaluate(() =>
        [...document.querySelectorAll('.site-menu nav a')].filter((a) => a.getClientRects().length).length);
      check(`${at}: the menu opens without JavaScript`, links >= 4, links);
    }
    await page.close();
  }
  await context.close();
}
await browser.close();
server.close();
process.exit(failures() ? 1 : 0);
