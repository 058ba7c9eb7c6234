// What the browser tests share: Debian's Chromium started the same way,
// a built site served from 127.0.0.1 as a web server would serve it,
// and the "ok: ..." / "FAIL: ..." lines the shell tests count.
import { chromium } from 'playwright-core';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, resolve } from 'node:path';

const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css',
                '.js': 'text/javascript', '.json': 'application/json',
                '.svg': 'image/svg+xml', '.xml': 'application/xml',
                '.txt': 'text/plain', '.png': 'image/png', '.jpg': 'image/jpeg',
                '.webp': 'image/webp' };

function listen(handler) {
  const server = createServer(handler);
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => server.close(),
  })));
}

// Serves the files of folder site: a folder's index.html for the folder,
// and for anything missing a 404 with the site's 404.html when
// notFoundPage is true, an empty one otherwise.  Resolves to
// {origin, close}.
export function serveSite(site, { notFoundPage = false } = {}) {
  const root = resolve(site);
  return listen((req, res) => {
    let path = resolve(root, '.' + decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (path.startsWith(root) && existsSync(path) && statSync(path).isDirectory())
      path = resolve(path, 'index.html');
    if (!path.startsWith(root) || !existsSync(path)) {
      res.writeHead(404, { 'content-type': types['.html'] });
      res.end(notFoundPage ? readFileSync(resolve(root, '404.html')) : '');
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(path)] || 'application/octet-stream' });
    res.end(readFileSync(path));
  });
}

// Serves one HTML page at every path.
export function servePage(html) {
  return listen((req, res) => {
    res.writeHead(200, { 'content-type': types['.html'] });
    res.end(html);
  });
}

export function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update',
           '--disable-sync'],
  });
}

// check(what, cond, detail) prints "ok: what" or "FAIL: what: detail";
// failures() is how many failed.
export function checker() {
  let failed = 0;
  return {
    check(what, cond, detail) {
      if (cond) console.log(`ok: ${what}`);
      else { failed++; console.log(`FAIL: ${what}${detail !== undefined ? `: ${detail}` : ''}`); }
    },
    failures: () => failed,
  };
}
