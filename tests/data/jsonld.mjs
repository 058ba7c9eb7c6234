// jsonld.mjs - reads the JSON-LD of built pages as a browser does:
// Chromium parses each page (HTML5's tokenizer decides where a script
// element ends, which no regular expression can), then JSON.parse reads
// every <script type="application/ld+json">.  Prints, per page, the
// number of script elements (but the theme's search scripts,
// assets/search.js, search-box.js and status.js) and the parsed blocks as JSON,
// one line each: "path<TAB>scripts<TAB>[...]"; a block that does not
// parse is printed as {"unparsed": text}.
// usage: node tests/data/jsonld.mjs SITE_DIR PAGE.html...
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const [site, ...pages] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run',
         '--disable-background-networking', '--disable-component-update'],
});
// JavaScript off: the page's own scripts never run, only ours below
const context = await browser.newContext({ javaScriptEnabled: false });
for (const rel of pages) {
  const page = await context.newPage();
  await page.goto(pathToFileURL(resolve(site, rel)).href);
  const found = await page.evaluate(() => {
    const out = [];
    for (const s of document.querySelectorAll('script[type="application/ld+json"]')) {
      try { out.push(JSON.parse(s.textContent)); }
      catch { out.push({ unparsed: s.textContent }); }
    }
    const theme = /^(\.\/)?(\.\.\/)*assets\/(search(-box)?|status)\.js$/;
    const scripts = [...document.querySelectorAll('script')]
      .filter((s) => !(theme.test(s.getAttribute('src') || '') && s.defer && !s.text));
    return { scripts: scripts.length, blocks: out };
  });
  console.log(`${rel}\t${found.scripts}\t${JSON.stringify(found.blocks)}`);
  await page.close();
}
await browser.close();
