// The weight of a product page with a large photo on a phone
// (docs/photos.md, "Budget"): node tests/browser/photos.mjs SITE PATH
// opens PATH (a product page whose photo is a 4 MB one) in Chromium at
// 360 x 640 CSS pixels (device pixel ratio 1), lets it load, and checks
// that everything it fetched weighs at most 150 kB (bodies and headers
// as they crossed the network), and that the photo the browser chose is
// a WebP of 640 pixels or less, drawn at its width and height.
import { launch, serveSite, checker } from './lib.mjs';

const [site, path] = process.argv.slice(2);
const { check, failures } = checker();
const server = await serveSite(site);
const browser = await launch();
const BUDGET = 150 * 1000;

const context = await browser.newContext({ viewport: { width: 360, height: 640 },
                                           deviceScaleFactor: 1 });
const page = await context.newPage();
const fetched = [];
page.on('requestfinished', async (req) => {
  const sizes = await req.sizes().catch(() => null);
  fetched.push({ url: req.url(),
                 bytes: sizes ? sizes.responseBodySize + sizes.responseHeadersSize : 0 });
});
await page.goto(`${server.origin}/${path}`);
await page.waitForLoadState('networkidle');
const img = await page.evaluate(() => {
  const i = document.querySelector('.gallery img');
  return i && { src: i.currentSrc, complete: i.complete, natural: i.naturalWidth,
                width: i.getAttribute('width'), height: i.getAttribute('height') };
});
const total = fetched.reduce((s, f) => s + f.bytes, 0);
const list = fetched.map((f) => `${f.url.replace(server.origin, '')} ${f.bytes}`).join(', ');
check('the page loaded its photo', img && img.complete && img.natural > 0, JSON.stringify(img));
check(`at most ${BUDGET} bytes in all (${total})`, total > 0 && total <= BUDGET, `${total} bytes: ${list}`);
check('the photo chosen is a WebP of 640 px or less',
      img && /-(\d+)\.webp$/.test(img.src) && Number(img.src.match(/-(\d+)\.webp$/)[1]) <= 640,
      img && img.src);
check('the committed photo was never fetched',
      !fetched.some((f) => /\/cover\.jpg$/.test(f.url)), list);
check('the <img> has width and height', img && img.width && img.height, JSON.stringify(img));
await context.close();
await browser.close();
server.close();
process.exit(failures() ? 1 : 0);
