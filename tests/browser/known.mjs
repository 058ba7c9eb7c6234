// The known issues of tests/browser/known-issues.txt, for one tool:
// known(page, id) tells whether an issue is known, and marks it seen;
// unseen() lists "page id" of those never seen since, but for those
// marked "sometimes" (an issue that depends on timing), which
// unseenSometimes() lists.
import { readFileSync } from 'node:fs';

export function knownIssues(tool, file = new URL('./known-issues.txt', import.meta.url)) {
  const entries = new Map();
  const sometimes = new Set();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [t, page, id, flag] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (t === tool && page && id) {
      entries.set(`${page} ${id}`, false);
      if (flag === 'sometimes') sometimes.add(`${page} ${id}`);
    }
  }
  return {
    known(page, id) {
      const key = `${page} ${id}`;
      if (!entries.has(key)) return false;
      entries.set(key, true);
      return true;
    },
    unseen: () => [...entries].filter(([key, seen]) => !seen && !sometimes.has(key)).map(([key]) => key),
    unseenSometimes: () => [...entries].filter(([key, seen]) => !seen && sometimes.has(key)).map(([key]) => key),
  };
}
