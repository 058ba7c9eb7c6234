// bench/search.mjs - the browser half of bench/search.sh (#15): ocop's
// search and Pagefind's, over the same built site, in Debian's Chromium.
//
//   node bench/search.mjs measure SITE RUNS
//     SITE was built by ocop and indexed by Pagefind (SITE/pagefind/).
//     Prints one JSON object: the two indexes' sizes; for each query of
//     LATENCY, RUNS cold first queries per tool (a fresh browser context
//     each: empty cache, no index loaded), alternating the tools, with
//     the time from the query to its answer (LIMIT results, 10 unless
//     set) and the bytes of the tool's files served for it; RUNS warm
//     sequences (each prefix of a
//     phrase, one letter at a time); the header's box, when it shows
//     results under it; top-1/top-5 of known-item queries made from the
//     catalog's own product names.
//   node bench/search.mjs relevance SITE QUERIES [SET]
//     top-1/top-5 of both tools on the queries of file QUERIES (its SET
//     entry, "generated" by default, or the file itself when it is a
//     list): [{"q", "expect": slug | null, "lang"?}].  Prints JSON.
//   node bench/search.mjs report BUILD_JSON...
//     the Markdown report from what bench/search.sh gathered.
//
// The site is served from 127.0.0.1 with gzip, as a web server would
// (nginx's gzip on): HTML, CSS, JavaScript and JSON compressed once and
// kept; Pagefind's files are already gzip streams and go as they are.
// So the bytes counted are the bytes on the wire (bodies, without HTTP
// headers).
import { createServer } from 'node:http';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { launch } from '../tests/browser/lib.mjs';

// The first queries: with and without marks, a prefix being typed, a
// whole product name, a decision number (found in every bench catalog),
// and the issue's example, which names no product of these catalogs.
const LATENCY = [
  'mat ong', 'Mật ong', 'nuoc mam', 'che thai nguyen', 'tra', 'gao st25',
  'cha muc ha long', 'Chả mực Hạ Long', 'banh dau xanh chi linh',
  '338/QĐ-UBND', 'dau xanh duc tho',
];
// Typed one letter at a time for the warm figure, on a cold page; the
// first keystroke's answer is not counted (it starts the loading, though
// for ocop a word of one letter loads little: the second keystroke of a
// word loads every chunk of tokens that begins with its two letters).
const WARM = ['mat ong vu quang', 'cha muc ha long'];
// Pasted into the header's box for the UI figure: it has results.
const UI_QUERY = 'mat ong';
// Known-item queries: this many products' names, spread over the catalog.
const KNOWN = 40, KNOWN_EN = 10;
// Results asked for (ocop's limit; Pagefind: data() of that many, as
// ocop's answer carries that many records): LIMIT=1 for the first alone.
const LIMIT = Number(process.env.LIMIT) || 10;

// ---- serving ---------------------------------------------------------------

const TEXT = { '.html': 'text/html; charset=utf-8', '.css': 'text/css',
               '.js': 'text/javascript', '.mjs': 'text/javascript',
               '.json': 'application/json', '.svg': 'image/svg+xml',
               '.xml': 'application/xml', '.txt': 'text/plain' };
const BINARY = { '.png': 'image/png', '.jpg': 'image/jpeg', '.webp': 'image/webp' };

// The server, in a thread of its own so that the Playwright client's
// work in this one does not delay its answers.  It counts what it sends:
// every response's path and body bytes, in order, so that a query's
// bytes are the bytes of the responses between its start and its answer
// (a fresh context, one page: nothing else asks meanwhile but that
// page's images, which are not counted).
function server(site) {
  const root = resolve(site);
  const kept = new Map();
  const log = [];
  const gz = (path) => {
    if (!kept.has(path))
      kept.set(path, gzipSync(readFileSync(path), { level: 6 }));
    return kept.get(path);
  };
  // compressed before the first query: the server's time is not what is
  // measured (nginx's gzip_static, not gzip on the fly)
  for (const f of [...walk(join(root, 'search')), ...walk(join(root, 'assets'))])
    if (TEXT[extname(f)])
      gz(f);
  const srv = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let path = resolve(root, '.' + decodeURIComponent(url.pathname));
    if (path.startsWith(root) && existsSync(path) && statSync(path).isDirectory())
      path = join(path, 'index.html');
    if (!path.startsWith(root) || !existsSync(path)) {
      res.writeHead(404, { 'content-type': TEXT['.html'] });
      res.end('');
      log.push([url.pathname, 0]);
      return;
    }
    const ext = extname(path);
    let body;
    if (TEXT[ext] && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
      body = gz(path);
      res.writeHead(200, { 'content-type': TEXT[ext], 'content-encoding': 'gzip',
                           vary: 'accept-encoding' });
    } else {
      // Pagefind's files are gzip streams already; images as they are
      body = readFileSync(path);
      res.writeHead(200, { 'content-type': TEXT[ext] || BINARY[ext] || 'application/octet-stream' });
    }
    res.end(body);
    log.push([url.pathname, body.length]);
  });
  srv.listen(0, '127.0.0.1', () =>
    parentPort.postMessage({ origin: `http://127.0.0.1:${srv.address().port}` }));
  // "mark": how many responses so far; a number: the responses since it
  parentPort.on('message', (m) => {
    if (m === 'close')
      srv.close(() => parentPort.close());
    else
      parentPort.postMessage({ log: m === 'mark' ? log.length : log.slice(m) });
  });
}

// Starts the server thread: {origin, mark(), since(n), close()}.
function serve(site) {
  const w = new Worker(new URL(import.meta.url), { workerData: { site } });
  const next = () => new Promise((ok) => w.once('message', ok));
  let queue = Promise.resolve();
  const ask = (m) => (queue = queue.then(() => { const r = next(); w.postMessage(m); return r; }));
  return next().then(({ origin }) => ({
    origin,
    mark: () => ask('mark').then((r) => r.log),
    since: (n) => ask(n).then((r) => r.log),
    close: () => w.postMessage('close'),
  }));
}

// ---- the indexes' sizes ----------------------------------------------------

function walk(dir, out = []) {
  if (!existsSync(dir))
    return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory())
      walk(p, out);
    else
      out.push(p);
  }
  return out;
}

// {files, bytes, gzip}: gzip is what goes on the wire, each file alone
// (a file that is a gzip stream already counts as it is).
function sizes(files) {
  const s = { files: 0, bytes: 0, gzip: 0 };
  for (const f of files) {
    const b = readFileSync(f);
    s.files++;
    s.bytes += b.length;
    s.gzip += b[0] === 0x1f && b[1] === 0x8b ? b.length : gzipSync(b, { level: 6 }).length;
  }
  return s;
}

// ocop: the index is search/ less its pages; its script, loaded with
// the page, assets/search.js.  Pagefind: the index is its fragments, word
// indexes, filters, metadata and entry file; its script pagefind.js,
// which fetches the rest of its code (a worker, WebAssembly) when it
// first searches.  Pagefind's UI bundles are counted by neither.
function indexSizes(site) {
  const ocop = walk(join(site, 'search')).filter((f) => f.endsWith('.json'));
  const dir = join(site, 'pagefind');
  const pf = walk(dir).map((f) => f.slice(dir.length + 1));
  const pfIndex = pf.filter((f) => /^(fragment|index|filter)\//.test(f) || /\.pf_meta$/.test(f) ||
    f === 'pagefind-entry.json');
  return {
    ocop: { index: sizes(ocop), script: sizes([join(site, 'assets/search.js')]) },
    pagefind: { index: sizes(pfIndex.map((f) => join(dir, f))),
                script: sizes(pf.includes('pagefind.js') ? [join(dir, 'pagefind.js')] : []) },
  };
}

// ---- one tool on one page ----------------------------------------------------

// The two tools behind one interface: load(page) makes the tool ready
// without loading any index (what a page does when it opens); ask(page,
// q, limit) runs one query in the page and resolves to {ms, total, urls}
// once the first results could be shown: ocop's answer carries its
// records; Pagefind's needs data() of each result shown (its URL, title,
// excerpt).  kind(path) tells the tool's files: "index", "code" or null.
const TOOLS = {
  ocop: {
    kind: (p) => (p.startsWith('/search/') && p.endsWith('.json') ? 'index'
      : p === '/assets/search.js' ? 'code' : null),
    async load(page, origin) {
      // Today only the search page loads search.js; on any other page
      // the script is added as the page would add it.
      if (!await page.evaluate(() => !!(window.ocop && window.ocop.search)))
        await page.addScriptTag({ url: `${origin}/assets/search.js` });
    },
    ask: (page, q, limit, lang) => page.evaluate(async ([q, limit, lang]) => {
      const t0 = performance.now();
      const r = await window.ocop.search(q, lang ? { limit, lang } : { limit });
      const t1 = performance.now();
      return { ms: t1 - t0, total: r.total, urls: r.results.map((x) => x.url),
               top: r.results[0] ? r.results[0].name : null };
    }, [q, limit, lang]),
  },
  pagefind: {
    kind: (p) => (!p.startsWith('/pagefind/') ? null
      : /^\/pagefind\/(pagefind\.js|pagefind-worker\.js|wasm\..*)$/.test(p) ? 'code' : 'index'),
    async load(page, origin) {
      await page.evaluate(async (o) => { window.pf = await import(`${o}/pagefind/pagefind.js`); }, origin);
    },
    ask: (page, q, limit) => page.evaluate(async ([q, limit]) => {
      const t0 = performance.now();
      const s = await window.pf.search(q);
      const data = await Promise.all(s.results.slice(0, limit).map((r) => r.data()));
      const t1 = performance.now();
      return { ms: t1 - t0, total: s.results.length, urls: data.map((d) => d.url),
               top: data[0] ? data[0].meta.title : null };
    }, [q, limit]),
  },
};

// A fresh context (empty cache) on a product list page, the tool loaded.
async function coldPage(browser, origin, tool, lang) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${origin}/${lang === 'en' ? 'en/' : ''}products/`, { waitUntil: 'load' });
  await TOOLS[tool].load(page, origin);
  return { context, page, errors };
}

// The first query on a cold page: its time, and the bytes of the tool's
// files served for it (index, and code such as Pagefind's worker and
// WebAssembly), counted from the page's opening so that an index loaded
// ahead (a box that preloads on focus) is not missed: "preload" says how
// much of the index came before the query.  What is served after the
// answer is counted apart.
async function firstQuery(browser, srv, tool, q) {
  const opened = await srv.mark();
  const s = await coldPage(browser, srv.origin, tool);
  const from = await srv.mark();
  const a = await TOOLS[tool].ask(s.page, q, LIMIT);
  const upto = await srv.mark();
  await s.page.waitForTimeout(50);     // anything the tool asks for after answering
  const log = await srv.since(opened);
  await s.context.close();
  if (s.errors.length)
    throw new Error(`${tool} "${q}": ${s.errors.join(' | ')}`);
  const r = { ms: a.ms, index: 0, code: 0, preload: 0, after: 0, requests: 0, total: a.total, top: a.top };
  log.forEach(([path, n], i) => {
    const k = TOOLS[tool].kind(path);
    const at = opened + i;
    if (!k || (k === 'code' && at < from))
      return;               // the page, and the script it loads before the query
    if (at >= upto)
      r.after += n;
    else {
      r[k] += n;
      r.requests++;
      if (at < from)
        r.preload += n;
    }
  });
  return r;
}

// Each prefix of phrase, one letter at a time, as keystrokes: ms of each
// but the first (the cold start).
async function warm(browser, origin, tool, phrase) {
  const s = await coldPage(browser, origin, tool);
  const ms = [];
  for (let i = 1; i <= phrase.length; i++) {
    const a = await TOOLS[tool].ask(s.page, phrase.slice(0, i), LIMIT);
    if (i > 1)
      ms.push(a.ms);
  }
  await s.context.close();
  return ms;
}

// The header's box as a reader uses it: the query pasted into #site-q
// (one input event) to the first role="option" shown in a role="listbox".
// null when there is no box, or no listbox shows within 3 s (the box is
// a plain form).
async function headerBox(browser, origin, q) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/products/`, { waitUntil: 'load' });
  if (!await page.$('#site-q')) {
    await context.close();
    return null;
  }
  await page.evaluate(() => {
    const ui = window.__ui = { t0: null, t1: null };
    const box = document.getElementById('site-q');
    box.addEventListener('input', () => { if (ui.t0 === null) ui.t0 = performance.now(); }, true);
    const shown = () => [...document.querySelectorAll('[role="listbox"] [role="option"]')]
      .some((e) => e.getClientRects().length > 0);
    new MutationObserver(() => {
      if (ui.t0 !== null && ui.t1 === null && shown())
        ui.t1 = performance.now();
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await page.focus('#site-q');
  await page.keyboard.insertText(q);
  const ok = await page.waitForFunction(() => window.__ui.t1 !== null, null, { timeout: 3000 })
    .then(() => true, () => false);
  const ui = await page.evaluate(() => window.__ui);
  await context.close();
  return ok ? ui.t1 - ui.t0 : null;
}

// ---- relevance ---------------------------------------------------------------

function fold(s) {
  return s.normalize('NFD').replace(/\p{Mn}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase()
    .replace(/\s+/g, ' ').trim();
}

const slugOf = (url) => (/\/products\/([^/]+)\/?$/.exec(new URL(url, 'http://x').pathname) || [])[1] || null;

// Known-item queries from the catalog's records (search/d/): KNOWN
// products spread evenly, each by its Vietnamese name without marks and
// as written, and KNOWN_EN products with an English name by that name.
// Any product of the same name (folded) is a right answer.
function knownItems(site) {
  const docs = [];
  const dir = join(site, 'search/d');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'))
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
  for (const f of files)
    docs.push(...Object.values(JSON.parse(readFileSync(join(dir, f), 'utf8')).docs));
  // in slug order: the products chosen do not depend on their numbers;
  // only current certificates, which a search shows unless asked for
  // the expired and revoked ones (docs/search.md, "Filters")
  docs.sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  for (let i = docs.length - 1; i >= 0; i--)
    if (['expired', 'revoked'].includes(docs[i].status))
      docs.splice(i, 1);
  const lang = JSON.parse(readFileSync(join(site, 'search/meta.json'), 'utf8')).language;
  const same = (l, name) => docs.filter((d) => d.name[l] && fold(d.name[l]) === fold(name)).map((d) => d.slug);
  const spread = (v, k) => Array.from({ length: Math.min(k, v.length) }, (_, i) => v[Math.floor(i * v.length / Math.min(k, v.length))]);
  const out = [];
  for (const d of spread(docs.filter((x) => x.name[lang]), KNOWN)) {
    out.push({ q: fold(d.name[lang]), expect: same(lang, d.name[lang]), kind: 'name, no marks' });
    out.push({ q: d.name[lang], expect: same(lang, d.name[lang]), kind: 'name, with marks' });
  }
  for (const d of spread(docs.filter((x) => x.name.en && x.name.en !== x.name[lang]), KNOWN_EN))
    out.push({ q: d.name.en, expect: same('en', d.name.en), lang: 'en', kind: 'English name' });
  return out;
}

// Top-1 and top-5 of both tools on queries [{q, expect: slug | [slugs]
// | null, lang?}]: expect null is right when nothing is found.  One warm
// page per tool and language.
async function topK(browser, origin, queries, tools) {
  const res = {};
  for (const tool of tools) {
    res[tool] = [];
    const pages = {};
    for (const q of queries) {
      const lang = q.lang || 'vi';
      if (!pages[lang])
        pages[lang] = await coldPage(browser, origin, tool, lang);
      const a = await TOOLS[tool].ask(pages[lang].page, q.q, 5, q.lang);
      const slugs = a.urls.map(slugOf);
      const want = q.expect === null ? null : [].concat(q.expect);
      const rank = want === null ? (a.total === 0 ? 1 : 0) : slugs.findIndex((s) => want.includes(s)) + 1;
      res[tool].push({ q: q.q, lang, kind: q.kind, expect: q.expect, rank, got: slugs[0] || null, total: a.total });
    }
    for (const p of Object.values(pages))
      await p.context.close();
  }
  return res;
}

// ---- the commands ---------------------------------------------------------------

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length === 0 ? null : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function measure(site, runs) {
  const server = await serve(site);
  const browser = await launch();
  const log = (m) => process.stderr.write(`  ${m}\n`);
  // Pagefind when it indexed the site (it may have failed, or been left out)
  const tools = existsSync(join(site, 'pagefind/pagefind.js')) ? ['ocop', 'pagefind'] : ['ocop'];
  const order = (r) => (r % 2 ? [...tools].reverse() : tools);
  const out = { index: indexSizes(site), runs, limit: LIMIT, tools, first: {}, warm: {}, ui: null, known: null };
  const med = (v) => (v ? `${median(v.map((x) => x.ms)).toFixed(0)} ms ${v[0].index} + ${v[0].code} B` : '–');
  try {
    // one run of each, thrown away: the server's gzip cache, Chromium's
    // processes
    for (const tool of tools)
      await firstQuery(browser, server, tool, LATENCY[0]);
    for (const q of LATENCY) {
      const f = out.first[q] = Object.fromEntries(tools.map((t) => [t, []]));
      for (let r = 0; r < runs; r++)
        for (const tool of order(r))
          f[tool].push(await firstQuery(browser, server, tool, q));
      log(`"${q}": ocop ${med(f.ocop)}, Pagefind ${med(f.pagefind)}`);
    }
    for (const phrase of WARM) {
      out.warm[phrase] = Object.fromEntries(tools.map((t) => [t, []]));
      for (let r = 0; r < runs; r++)
        for (const tool of order(r))
          out.warm[phrase][tool].push(await warm(browser, server.origin, tool, phrase));
      log(`warm "${phrase}": done`);
    }
    const ui = [];
    for (let r = 0; r < runs; r++) {
      const ms = await headerBox(browser, server.origin, UI_QUERY);
      if (ms === null)
        break;
      ui.push(ms);
    }
    out.ui = { query: UI_QUERY, ms: ui };
    log(ui.length ? `header box: ${median(ui).toFixed(0)} ms` : 'header box: no listbox under #site-q: skipped');
    const known = knownItems(site);
    out.known = await topK(browser, server.origin, known, tools);
    log(`known items: ${known.length} queries`);
  } finally {
    await browser.close();
    server.close();
  }
  return out;
}

async function relevance(site, file, set) {
  const data = JSON.parse(readFileSync(file, 'utf8'));
  const queries = Array.isArray(data) ? data : data[set];
  if (!Array.isArray(queries))
    throw new Error(`${file}: no list "${set}"`);
  const server = await serve(site);
  const browser = await launch();
  try {
    return { file, set, queries: queries.length, top: await topK(browser, server.origin, queries, Object.keys(TOOLS)) };
  } finally {
    await browser.close();
    server.close();
  }
}

// ---- the report -------------------------------------------------------------------

const kB = (b) => (b === 0 ? '0' : (b / 1000).toFixed(b < 10000 ? 1 : 0));
const MB = (b) => (b / 1e6).toFixed(1);
const ms = (v) => (v === null || v === undefined ? '–' : v < 10 ? v.toFixed(1) : v.toFixed(0));
const range = (v, f) => {
  if (!v || !v.length)
    return '–';
  const s = [...v].sort((a, b) => a - b);
  return s.length === 1 ? f(s[0]) : `${f(s[0])} / ${f(median(s))} / ${f(s[s.length - 1])}`;
};
// "top-1 %, top-5 %" of a list of {rank}
function hits(list) {
  if (!list || !list.length)
    return '–';
  const n = list.length, one = list.filter((x) => x.rank === 1).length,
        five = list.filter((x) => x.rank >= 1 && x.rank <= 5).length;
  return `${one}/${n} (${Math.round(100 * one / n)}%), ${five}/${n} (${Math.round(100 * five / n)}%)`;
}

function report(files) {
  const runs = files.map((f) => JSON.parse(readFileSync(f, 'utf8')));
  const sized = runs.filter((r) => r.products).sort((a, b) => a.products - b.products);
  const lines = [];
  const say = (s = '') => lines.push(s);
  if (!sized.length && !runs.some((r) => r.relevance))
    return 'nothing was measured\n';
  if (sized.length)
    say('| products | tool | first query: index, kB on the wire (median / largest of the queries) | + code fetched by the query, kB | first query, ms (median / slowest query) | warm keystroke, ms (median / slowest keystroke, what was typed) | index build, s (min / median / max) | index: files, MB, MB gzip | top-1, top-5 (known items) |');
  if (sized.length)
    say('|---|---|---|---|---|---|---|---|---|');
  for (const r of sized) {
    const m = r.measure;
    for (const tool of ['ocop', 'pagefind']) {
      if (m.tools && !m.tools.includes(tool)) {
        say(`| ${r.products} | Pagefind${r.pagefind_version ? ` ${r.pagefind_version}` : ""} | ${r.pagefind_failed || 'left out'} | | | | | | |`);
        continue;
      }
      const qs = Object.values(m.first).map((f) => f[tool]);
      const b = qs.map((v) => median(v.map((x) => x.index)));
      const c = qs.map((v) => median(v.map((x) => x.code)));
      const t = qs.map((v) => median(v.map((x) => x.ms)));
      // warm: every keystroke's time, and the slowest keystroke (its
      // median over the runs) with what had been typed
      const all = [];
      let slow = { ms: -1, typed: '' };
      for (const [phrase, w] of Object.entries(m.warm)) {
        const seq = w[tool];
        all.push(...seq.flat());
        for (let k = 0; k < seq[0].length; k++) {
          const v = median(seq.map((x) => x[k]));
          if (v > slow.ms)
            slow = { ms: v, typed: phrase.slice(0, k + 2) };
        }
      }
      const ix = m.index[tool];
      const bt = r.build[tool];
      say(`| ${r.products} | ${tool === 'ocop' ? 'ocop' : `Pagefind ${r.pagefind_version}`} | ` +
          `${kB(median(b))} / ${kB(Math.max(...b))} | ${kB(median(c))} | ${ms(median(t))} / ${ms(Math.max(...t))} | ` +
          `${ms(median(all))} / ${ms(slow.ms)} (\`${slow.typed}\`); ${all.filter((x) => x > 16).length} of ${all.length} over 16 | ` +
          `${range(bt.index, (x) => x.toFixed(2))}${tool === 'ocop' ? ` (plan stage; whole build ${range(bt.wall, (x) => x.toFixed(2))}` : ` (CPU ${median(bt.cpu).toFixed(1)}`}` +
          `${bt.peak_kb ? `; peak ${(median(bt.peak_kb) / 1024).toFixed(0)} MB` : ''}) | ` +
          `${ix.index.files}, ${MB(ix.index.bytes)}, ${MB(ix.index.gzip)} | ${hits(m.known[tool])} |`);
    }
  }
  const m0 = sized.length ? sized[0].measure : null;
  if (m0) {
    say();
    say(`A query's answer is its first ${m0.limit} results, ready to show: ocop's answer carries their records; ` +
        `for Pagefind, search() and data() of each of the first ${m0.limit}. ` +
        `First queries: ${Object.keys(m0.first).length} queries, ${m0.runs} cold runs of each per tool (a fresh browser context each), alternating; ` +
        `warm: ${Object.keys(m0.warm).map((x) => `\`${x}\``).join(' and ')} typed one letter at a time after a cold start, ${m0.runs} runs, the first keystroke left out. ` +
        `Scripts loaded with the page, before the query and not counted: ocop's assets/search.js ` +
        `${kB(m0.index.ocop.script.gzip)} kB gzip, Pagefind's pagefind.js ${kB(m0.index.pagefind.script.gzip)} kB gzip; ` +
        `the code column is what the tool fetches when it first searches (Pagefind: its worker and WebAssembly).`);
    say();
    say("Against #15's targets (ocop):");
    say();
    for (const r of sized) {
      const m = r.measure;
      const idx = Object.values(m.first).map((f) => median(f.ocop.map((x) => x.index)));
      const t = Object.values(m.first).map((f) => median(f.ocop.map((x) => x.ms)));
      const w = Object.values(m.warm).flatMap((x) => x.ocop.flat());
      const share = median(r.build.ocop.index) / median(r.build.ocop.wall);
      say(`- ${r.products} products: largest first query ${kB(Math.max(...idx))} kB of index (at most 100), ` +
          `${t.filter((x) => x <= 100).length} of ${t.length} queries answered within 100 ms (median of each), ` +
          `warm keystroke median ${ms(median(w))} ms (at most 16), ${w.filter((x) => x > 16).length} of ${w.length} keystrokes over 16 ms; ` +
          `plan stage ${Math.round(100 * share)}% of the build (the index is part of it; at most 10% for the index).`);
    }
  }
  for (const r of sized) {
    const m = r.measure;
    say();
    say(`${r.products} products, each query on a cold page, ${m.runs} runs per tool (kB on the wire, medians; results: how many, and the first)` +
        `${r.load ? `; load average ${r.load[0]} before, ${r.load[1]} after` : ''}:`);
    say();
    say('| query | ocop kB (index + code) | ocop ms (min / median / max) | ocop results | Pagefind kB (index + code) | Pagefind ms (min / median / max) | Pagefind results |');
    say('|---|---|---|---|---|---|---|');
    for (const [q, f] of Object.entries(m.first)) {
      const cell = (v) => !v ? '– | – | –' : `${kB(median(v.map((x) => x.index)))} + ${kB(median(v.map((x) => x.code)))}${v.some((x) => x.preload) ? ` (${kB(median(v.map((x) => x.preload)))} of it before the query)` : ''}${v.some((x) => x.after) ? ` (+${kB(median(v.map((x) => x.after)))} after the answer)` : ''} | ` +
        `${range(v.map((x) => x.ms), ms)} | ${v[0].total}${v[0].top ? `: ${v[0].top}` : ''}`;
      say(`| \`${q}\` | ${cell(f.ocop)} | ${cell(f.pagefind)} |`);
    }
    const ui = m.ui && m.ui.ms.length ? `${range(m.ui.ms, ms)} ms (min / median / max of ${m.ui.ms.length})`
      : 'not measured: no listbox of options appeared under the header\'s box (#site-q) within 3 s';
    say();
    say(`The header's box (ocop), \`${m.ui.query}\` pasted on a cold product list page to the first option shown: ${ui}.`);
    say();
    say('Known items (top-1, top-5), by kind of query:');
    say();
    say('| kind | queries | ocop | Pagefind |');
    say('|---|---|---|---|');
    const kinds = [...new Set(m.known.ocop.map((x) => x.kind))];
    for (const k of kinds)
      say(`| ${k} | ${m.known.ocop.filter((x) => x.kind === k).length} | ${hits(m.known.ocop.filter((x) => x.kind === k))} | ${hits((m.known.pagefind || []).filter((x) => x.kind === k))} |`);
    const missed = (tool) => (m.known[tool] || []).filter((x) => x.rank !== 1).slice(0, 6)
      .map((x) => `\`${x.q}\` (${x.rank ? `rank ${x.rank}` : x.total ? `not in the top 5 of ${x.total}` : 'nothing found'})`).join(', ');
    say();
    say(`Not first with ocop: ${missed('ocop') || 'none'}.`);
    if (m.known.pagefind)
      say(`Not first with Pagefind: ${missed('pagefind') || 'none'}.`);
  }
  for (const r of runs.filter((x) => x.relevance)) {
    const v = r.relevance;
    say();
    say(`Relevance set \`${v.file}\` ("${v.set}", ${v.queries} queries) on ${r.catalog}: ` +
        `top-1, top-5: ocop ${hits(v.top.ocop)}; Pagefind ${hits(v.top.pagefind)}.`);
    const langs = [...new Set(v.top.ocop.map((x) => x.lang))];
    if (langs.length > 1)
      for (const l of langs)
        say(`- ${l}: ocop ${hits(v.top.ocop.filter((x) => x.lang === l))}; Pagefind ${hits(v.top.pagefind.filter((x) => x.lang === l))}`);
    const missed = (tool) => v.top[tool].filter((x) => x.rank !== 1).slice(0, 8)
      .map((x) => `\`${x.q}\``).join(', ');
    say(`- not first with ocop: ${missed('ocop') || 'none'}`);
    say(`- not first with Pagefind: ${missed('pagefind') || 'none'}`);
  }
  return lines.join('\n') + '\n';
}

const [cmd, ...args] = process.argv.slice(2);
if (!isMainThread)
  server(workerData.site);
else if (cmd === 'measure' && args.length === 2)
  process.stdout.write(JSON.stringify(await measure(args[0], Number(args[1]))) + '\n');
else if (cmd === 'relevance' && (args.length === 2 || args.length === 3))
  process.stdout.write(JSON.stringify(await relevance(args[0], args[1], args[2] || 'generated')) + '\n');
else if (cmd === 'report' && args.length)
  process.stdout.write(report(args));
else {
  process.stderr.write('usage: node bench/search.mjs measure SITE RUNS | relevance SITE QUERIES [SET] | report FILE...\n');
  process.exit(2);
}
