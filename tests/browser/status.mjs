// A certificate read after its expiry day (assets/status.js,
// docs/history.md): node tests/browser/status.mjs SITE PRODUCT EXPIRES
// EXPIRED_PRODUCT opens PRODUCT's page (valid when the site was built,
// valid through EXPIRES) in Chromium with the device's clock set on
// EXPIRES, then on the day after: on the first it still says valid, on
// the second both badges say expired and the banner shows, with the
// words of the page's language; with JavaScript off it says what the
// build said.  EXPIRED_PRODUCT, expired when built, is never told
// otherwise, even on a clock set years before.
import { launch, serveSite, checker } from './lib.mjs';

const [site, product, expires, expiredProduct] = process.argv.slice(2);
const { check, failures } = checker();
const server = await serveSite(site);
const browser = await launch();

function dayAfter(iso) {
  const d = new Date(iso + 'T12:00:00');
  d.setDate(d.getDate() + 1);
  return d;
}

// What the page shows: its badges' classes and texts, and whether the
// expiry banner is visible.
async function look(path, clock, js = true) {
  const context = await browser.newContext({ javaScriptEnabled: js });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (clock) await page.clock.setFixedTime(clock);
  await page.goto(`${server.origin}/${path}`);
  await page.waitForLoadState('load');
  const seen = await page.evaluate(() => ({
    badges: [...document.querySelectorAll('.status-line .badge, .fields dd .badge')]
      .map((b) => `${b.className}|${b.textContent.trim()}`),
    banner: [...document.querySelectorAll('.alert-expired')]
      .some((s) => !s.hidden && s.offsetHeight > 0),
    // the verification box at the top: its kind, and whether its
    // stars are muted
    box: (document.querySelector('.verdict') || {}).className,
    muted: !!document.querySelector('.verdict-stars.is-muted'),
  }));
  await context.close();
  return { ...seen, errors };
}

const onDay = await look(product, new Date(expires + 'T12:00:00'));
check('on its last valid day: still valid',
      onDay.badges.length === 2 && onDay.badges.every((b) => b.startsWith('badge status-valid|')) && !onDay.banner,
      JSON.stringify(onDay));
const after = await look(product, dayAfter(expires));
check('the day after: both badges say expired',
      after.badges.length === 2 && after.badges.every((b) => b.startsWith('badge status-expired|')),
      JSON.stringify(after.badges));
check('in the page\'s words', after.badges[0] === 'badge status-expired|! Chứng nhận OCOP: Hết hiệu lực' && after.badges[1] === 'badge status-expired|! Hết hiệu lực',
      JSON.stringify(after.badges));
check('and the banner shows', after.banner);
check('the verification box turns to expired, its stars muted',
      after.box === 'verdict verdict-expired' && after.muted, JSON.stringify(after));
check('no script error', after.errors.length === 0, after.errors.join('; '));
const en = await look(`en/${product}`, dayAfter(expires));
check('in English too', en.badges.length === 2 && en.badges[1] === 'badge status-expired|! Expired' && en.banner,
      JSON.stringify(en));
const noJs = await look(product, dayAfter(expires), false);
check('without JavaScript: what the build said',
      noJs.badges.every((b) => b.startsWith('badge status-valid|')) && !noJs.banner &&
      noJs.box === 'verdict verdict-valid' && !noJs.muted, JSON.stringify(noJs));
const before = await look(expiredProduct, new Date('2001-01-01T12:00:00'));
check('an expired certificate never shows valid, whatever the clock',
      before.badges.length === 2 && before.badges.every((b) => b.startsWith('badge status-expired|')) &&
      before.box === 'verdict verdict-expired' && before.muted, JSON.stringify(before));

await browser.close();
server.close();
process.exit(failures() ? 1 : 0);
