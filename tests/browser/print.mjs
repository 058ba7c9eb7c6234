// Prints label pages (docs/labels.md) to PDF in Debian's Chromium, as
// a DARD officer's "Print" would, with the sizes the stylesheet asks
// for (preferCSSPageSize), and reads the page sizes back from the PDF's
// /MediaBox entries: a product's label page prints an A6 label
// (105 x 148 mm) then its 50 x 30 mm shelf tag, and a point of sale's
// page of shelf tags prints on A4 sheets, three 50 x 30 mm tags to a
// row.  With the print stylesheet on, the site's header, footer and the
// printing hint are hidden.  The site is served from 127.0.0.1, with
// JavaScript off.
// Usage: node tests/browser/print.mjs SITE_DIR LABEL_PAGE POS_LABELS_PAGE
// (pages as paths from the site's root, "products/x/label/").  Prints
// "ok: ..." or "FAIL: ..." per check; exits 1 when one failed.
import { checker, launch, serveSite } from './lib.mjs';

const [siteArg, labelRel, posRel] = process.argv.slice(2);
const server = await serveSite(siteArg);
const origin = server.origin;
const { check, failures } = checker();

// The size of each page of a PDF, in points, in the order of the file
// (Chromium writes the pages in order).
const pageSizes = (pdf) => [...pdf.toString('latin1')
  .matchAll(/\/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]/g)]
  .map((m) => [m[3] - m[1], m[4] - m[2]]);
const mm = (x) => x * 72 / 25.4;
// Chromium rounds a page to whole CSS pixels: within 1.5 pt
const near = ([w, h], [ww, wh]) => Math.abs(w - mm(ww)) < 1.5 && Math.abs(h - mm(wh)) < 1.5;
const fmt = (sizes) => sizes.map(([w, h]) => `${w.toFixed(1)}x${h.toFixed(1)} pt`).join(', ');

const browser = await launch();
const context = await browser.newContext({
  viewport: { width: 360, height: 740 }, javaScriptEnabled: false,
});
const page = await context.newPage();

// --- a product's label ------------------------------------------------
let r = await page.goto(`${origin}/${labelRel}`);
check(`${labelRel}: served`, r.ok(), `HTTP ${r.status()}`);
check(`${labelRel}: on screen, the printing hint shows`,
  await page.evaluate(() => getComputedStyle(document.querySelector('.print-hint')).display !== 'none'));
let sizes = pageSizes(await page.pdf({ preferCSSPageSize: true }));
check(`${labelRel}: prints two pages`, sizes.length === 2, fmt(sizes));
check(`${labelRel}: page 1 is A6 (105 x 148 mm)`, sizes[0] && near(sizes[0], [105, 148]), fmt(sizes));
check(`${labelRel}: page 2 is the 50 x 30 mm shelf tag`, sizes[1] && near(sizes[1], [50, 30]), fmt(sizes));
await page.emulateMedia({ media: 'print' });
const shown = await page.evaluate(() => {
  const vis = (sel) => { const e = document.querySelector(sel); return !!e && getComputedStyle(e).display !== 'none'; };
  const box = (sel) => { const b = document.querySelector(sel).getBoundingClientRect(); return [b.width, b.height]; };
  return { header: vis('.site-header'), footer: vis('.site-footer'), hint: vis('.print-hint'),
           label: vis('.label'), tag: vis('.tag'), labelBox: box('.label'), tagBox: box('.tag'),
           qr: [...document.images].filter((i) => /qr\.svg$/.test(i.src) && i.naturalWidth > 0).length };
});
check(`${labelRel}: printed, the site's header, footer and hint are hidden`,
  !shown.header && !shown.footer && !shown.hint, JSON.stringify(shown));
check(`${labelRel}: printed, the label and the tag show`, shown.label && shown.tag);
const px = (x) => x * 96 / 25.4;
check(`${labelRel}: printed, the label is 105 x 148 mm`,
  Math.abs(shown.labelBox[0] - px(105)) < 1 && Math.abs(shown.labelBox[1] - px(148)) < 1,
  JSON.stringify(shown.labelBox));
check(`${labelRel}: printed, the tag is 50 x 30 mm`,
  Math.abs(shown.tagBox[0] - px(50)) < 1 && Math.abs(shown.tagBox[1] - px(30)) < 1,
  JSON.stringify(shown.tagBox));
check(`${labelRel}: both QR codes load`, shown.qr === 2, `${shown.qr} loaded`);
// back to no emulation: page.pdf() prints with the print stylesheet
// unless the screen's is emulated
await page.emulateMedia({ media: null });

// --- a point of sale's shelf tags ---------------------------------------
r = await page.goto(`${origin}/${posRel}`);
check(`${posRel}: served`, r.ok(), `HTTP ${r.status()}`);
sizes = pageSizes(await page.pdf({ preferCSSPageSize: true }));
check(`${posRel}: prints A4 pages (210 x 297 mm)`,
  sizes.length >= 1 && sizes.every((s) => near(s, [210, 297])), fmt(sizes));
await page.emulateMedia({ media: 'print' });
const sheet = await page.evaluate(() => {
  const tags = [...document.querySelectorAll('.tag-sheet .tag')].map((t) => t.getBoundingClientRect());
  const header = getComputedStyle(document.querySelector('.site-header')).display;
  return { n: tags.length, header, sizes: tags.map((b) => [b.width, b.height]),
           firstRow: tags.filter((b) => Math.abs(b.top - tags[0].top) < 1).length };
});
check(`${posRel}: printed, the site's header is hidden`, sheet.header === 'none');
check(`${posRel}: printed, every tag is 50 x 30 mm`, sheet.n > 0 &&
  sheet.sizes.every(([w, h]) => Math.abs(w - px(50)) < 1 && Math.abs(h - px(30)) < 1),
  JSON.stringify(sheet.sizes));
check(`${posRel}: printed, three tags to a row`, sheet.firstRow === Math.min(3, sheet.n),
  `${sheet.firstRow} in the first row of ${sheet.n}`);

await browser.close();
server.close();
process.exit(failures() ? 1 : 0);
