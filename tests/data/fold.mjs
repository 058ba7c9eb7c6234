// Runs the browser's word cutting and folding (window.ocop.words of
// themes/default/static/assets/search.js) over tests/data/fold-vectors.json,
// which src/util/fold.c must also give (tests/unit/test_search.c): the
// index is written by one and read by the other.
// Prints "ok: ..." or "FAIL: ..." per vector; exits 1 when one failed.
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const src = readFileSync(new URL('../../themes/default/static/assets/search.js', import.meta.url), 'utf8');
const fetch = () => Promise.reject(new Error('no network here'));
const window = { fetch };
vm.runInNewContext(src, {
  window, fetch, URL,
  document: { currentScript: { src: 'http://x/assets/search.js' }, getElementById: () => null },
});
const { vectors } = JSON.parse(readFileSync(new URL('fold-vectors.json', import.meta.url), 'utf8'));
let failed = 0;
for (const v of vectors) {
  const got = window.ocop.words(v.input).map((w) => [w.folded, w.spelling]);
  const same = JSON.stringify(got) === JSON.stringify(v.words);
  if (!same) failed++;
  console.log(`${same ? 'ok' : 'FAIL'}: ${JSON.stringify(v.input)}${same ? '' : `: got ${JSON.stringify(got)}, want ${JSON.stringify(v.words)}`}`);
}
process.exit(failed ? 1 : 0);
