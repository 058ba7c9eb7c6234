// The relevance set of issue #15 (docs/search.md, "Relevance"): runs the
// queries of one set of tests/data/search-queries.json through the
// browser's search (window.ocop.search of the built site's
// assets/search.js) in Node, without a browser, and says how often the
// expected product comes first.
//
//   node tests/data/relevance.mjs SET SITE_DIR [--json] [--bare]
//     SET: a set of search-queries.json ("sample", "generated");
//     SITE_DIR: a site built from that set's catalog.  --json prints,
//     after the lines below, one JSON line {"set", "queries": [{q,
//     lang, expect, top: [slug...]}]} for other tools (the benchmark).
//     --bare runs the search without what the build adds for speed, as
//     a theme's own search.js or an index without them would: the list
//     of chunks at the start of search.js is cut, so search/meta.json is
//     fetched, and the records the chunks carry are left out, so every
//     result's record comes from search/d/; it says whether both were
//     fetched.  Without --bare, it says that meta.json never was.
//
// search.js runs in a node:vm context with a minimal shim: the script's
// own address (http://site.test/assets/search.js, so the site's root is
// http://site.test/), the page's language, no element of the search page
// (getElementById gives null: the page's part returns early), and fetch
// reading the site's files.  Each query runs as
// window.ocop.search(q, {limit: 5, lang, ...options}), the entry's
// options passed through unchanged (filters the search does not know
// yet are its business).
//
// Output, one line per query:
//   ok: SET "q" → SLUG first
//   miss: SET "q" → want SLUG, got [top 5 slugs]
//   ok: SET "junk q" → nothing
//   FAIL: SET "junk q" → want nothing, got [...]
// then "SET: top-1 X/Y (Z%), top-5 X/Y (Z%), junk J/K empty" and the
// verdict, "ok: SET top-1 ≥ 95% ..." or "FAIL: SET top-1 ...".
//
// A product query that misses prints "miss:", not "FAIL:": the issue's
// bar is 95% of the set with the expected product first, so a miss
// alone fails nothing and the threshold's line is the check that fails
// (tests/e2e/relevance.sh counts the "ok:" and "FAIL:" lines, a hit
// being one "ok:"); the misses stay listed, as what ranking has to fix.
// Junk that finds anything is always a FAIL, and so is an expected
// product the site does not have (a wrong set, not a miss).
// Exits 1 when a FAIL was printed.
import { readFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

const THRESHOLD = 0.95;
const ORIGIN = 'http://site.test';

const [set, siteDir, ...flags] = process.argv.slice(2);
if (!set || !siteDir) {
  console.error('usage: node tests/data/relevance.mjs SET SITE_DIR [--json]');
  process.exit(2);
}
const sets = JSON.parse(readFileSync(new URL('search-queries.json', import.meta.url), 'utf8'));
const entries = sets[set];
if (!Array.isArray(entries)) {
  console.log(`FAIL: no set "${set}" in tests/data/search-queries.json`);
  process.exit(1);
}
const site = path.resolve(siteDir);
const script = path.join(site, 'assets', 'search.js');
if (!existsSync(script)) {
  console.log(`FAIL: ${script}: absent (build the site first)`);
  process.exit(1);
}

const bare = flags.includes('--bare');
let fetched;           // the index's files one query asked for: "meta", "d"

// fetch over the site's folder: the URL's path is the file's
function siteFetch(url) {
  const u = new URL(url);
  if (u.origin !== ORIGIN)
    return Promise.reject(new Error(`${url}: not on the site`));
  const file = path.join(site, decodeURIComponent(u.pathname));
  const ok = file.startsWith(site + path.sep) && existsSync(file) && statSync(file).isFile();
  if (u.pathname === '/search/meta.json')
    fetched.add('meta');
  if (u.pathname.startsWith('/search/d/'))
    fetched.add('d');
  const read = () => {
    const d = JSON.parse(readFileSync(file, 'utf8'));
    if (bare && u.pathname.startsWith('/search/t/'))
      delete d.docs;
    return d;
  };
  return Promise.resolve({
    ok, status: ok ? 200 : 404,
    json: () => (ok ? Promise.resolve(read()) : Promise.reject(new Error(`${url}: 404`))),
  });
}

let code = readFileSync(script, 'utf8');
if (bare)
  code = code.replace(/^(window\.ocop = window\.ocop \|\| \{\};\n)window\.ocop\.index = .*;\n/, '$1');

// A page of its own for each query, as a reader's first query is: the
// script run afresh in a new context, nothing of the index loaded.
function freshPage(lang) {
  const documentShim = {
    currentScript: { src: `${ORIGIN}/assets/search.js` },
    documentElement: { lang },
    getElementById: () => null,
  };
  const context = { document: documentShim, fetch: siteFetch, URL, URLSearchParams, console };
  context.window = context;
  vm.createContext(context);
  vm.runInContext(code, context, { filename: script });
  return context;
}
if (typeof freshPage('vi').ocop?.search !== 'function') {
  console.log(`FAIL: ${script} defines no window.ocop.search`);
  process.exit(1);
}

// a result's product: the last segment of /products/SLUG/
function slug(url) {
  const m = /\/products\/([^/]+)\/?$/.exec(new URL(url).pathname);
  return m ? m[1] : url;
}

let products = 0, top1 = 0, top5 = 0, junk = 0, junkEmpty = 0, failed = 0;
let answered = 0, withMeta = 0, withRecords = 0;   // of the queries with results
const report = [];
for (const e of entries) {
  const lang = e.lang || 'vi';
  const q = JSON.stringify(e.q);
  let got;
  try {
    fetched = new Set();
    got = await freshPage(lang).ocop.search(e.q, { limit: 5, lang, ...(e.options || {}) });
    if (got.results.length) {
      answered++;
      withMeta += fetched.has('meta');
      withRecords += fetched.has('d');
    }
  } catch (err) {
    failed++;
    console.log(`FAIL: ${set} ${q} → the search threw: ${err && err.message}`);
    report.push({ q: e.q, lang, expect: e.expect, top: null });
    continue;
  }
  const top = got.results.map((r) => slug(r.url));
  report.push({ q: e.q, lang, expect: e.expect, top });
  if (e.expect === null) {
    junk++;
    if (got.total === 0 && top.length === 0) {
      junkEmpty++;
      console.log(`ok: ${set} ${q} → nothing`);
    } else {
      failed++;
      console.log(`FAIL: ${set} ${q} (${e.why}) → want nothing, got ${got.total}: [${top.join(', ')}]`);
    }
    continue;
  }
  products++;
  if (!existsSync(path.join(site, 'products', e.expect, 'index.html'))) {
    // the set is wrong, or was run against another catalog: not a miss
    failed++;
    console.log(`FAIL: ${set} ${q} → expects ${e.expect}, a product the site does not have`);
    continue;
  }
  if (top[0] === e.expect) {
    top1++;
    top5++;
    console.log(`ok: ${set} ${q} → ${e.expect} first`);
  } else {
    if (top.includes(e.expect))
      top5++;
    console.log(`miss: ${set} ${q} (${e.why}) → want ${e.expect}, got [${top.join(', ')}]`);
  }
}

const pct = (n, d) => (d ? (100 * n / d).toFixed(1) : '0.0');
const summary = `top-1 ${top1}/${products} (${pct(top1, products)}%), ` +
  `top-5 ${top5}/${products} (${pct(top5, products)}%), junk ${junkEmpty}/${junk} empty`;
console.log(`${set}: ${summary}`);
if (products > 0 && top1 / products >= THRESHOLD) {
  console.log(`ok: ${set} top-1 ≥ 95% (${pct(top1, products)}%)`);
} else {
  failed++;
  console.log(`FAIL: ${set} top-1 ${pct(top1, products)}% < 95% (${top1}/${products})`);
}
// what the build adds for speed, used (or, --bare, done without)
const ways = bare
  ? [withMeta === answered && withRecords === answered,
     `every answer from search/meta.json and search/d/ (${withMeta}, ${withRecords} of ${answered})`]
  : [withMeta === 0 && withRecords <= answered / 5,
     `search.js's list of chunks for every answer, the chunks' records for ${answered - withRecords} of ${answered} (at least 80%)`];
if (!ways[0])
  failed++;
console.log(`${ways[0] ? 'ok' : 'FAIL'}: ${set}${bare ? ' bare' : ''}: ${ways[1]}`);
if (flags.includes('--json'))
  console.log(JSON.stringify({ set, queries: report }));
process.exit(failed ? 1 : 0);
