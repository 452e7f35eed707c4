// A lone UTF-16 surrogate (JSON's "\ud800" without its pair) is text no store takes whole: Prisma's query
// engine refuses the entire query ("unexpected end of hex escape"), node-postgres writes U+FFFD in its
// place. Any JSON a stranger writes can carry one, so it is dealt with where that JSON is read.

/** An escape of one half of a pair: how a JSON text spells a lone surrogate in ASCII. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/**
 * Whether a JSON text may decode to strings with a lone surrogate (false: it cannot): spelled as an
 * escape, or in the text itself — a body declared `charset=utf-16le` decodes to one directly.
 */
export function mayHoldLoneSurrogate(jsonText: string): boolean {
  return SURROGATE_ESCAPE.test(jsonText) || !jsonText.isWellFormed();
}

type Container = Record<string, unknown> | unknown[];

/**
 * Walks a parsed JSON value without recursion (a stranger's nesting cannot exhaust the stack) and calls
 * `visit` with each string, key or value, and where it is (`a.b.0`). Stops when `visit` returns false.
 */
function walkStrings(value: unknown, visit: (text: string, path: string) => boolean): void {
  if (typeof value === 'string') {
    visit(value, '');
    return;
  }
  const stack: Array<{ node: unknown; path: string }> = [{ node: value, path: '' }];
  const at = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    const entries: Array<[string | number, unknown]> = Array.isArray(node)
      ? node.map((item, index) => [index, item])
      : Object.entries(node);
    for (const [key, item] of entries) {
      if (typeof key === 'string' && !visit(key, at(path, key))) return;
      if (typeof item === 'string') {
        if (!visit(item, at(path, key))) return;
      } else if (item !== null && typeof item === 'object') stack.push({ node: item, path: at(path, key) });
    }
  }
}

/** Where a string (a value or a key) with a lone surrogate is (`''` for the value itself; one of them if several), or null. */
export function firstIllFormedText(value: unknown): string | null {
  let found: string | null = null;
  walkStrings(value, (text, path) => {
    if (text.isWellFormed()) return true;
    found = path;
    return false;
  });
  return found;
}

/**
 * The value with every lone surrogate, in values and keys, replaced by U+FFFD — what a UTF-8 decoder does
 * with a broken sequence. For data we must keep (an import, a sync), not input we can refuse. Changes
 * objects and arrays in place; returns the value (a new string when the value itself is one). A key that
 * becomes one the object already has (`"\ud800"` beside `"\ufffd"`) is dropped: the well-formed key wins.
 */
export function wellFormedJsonValue(value: unknown): unknown {
  if (typeof value === 'string') return value.toWellFormed();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    const container = node as Container;
    if (Array.isArray(container)) {
      for (let i = 0; i < container.length; i += 1) {
        const item = container[i];
        if (typeof item === 'string') container[i] = item.toWellFormed();
        else if (item !== null && typeof item === 'object') stack.push(item);
      }
      continue;
    }
    for (const key of Object.keys(container)) {
      const item = container[key];
      const fixed = typeof item === 'string' ? item.toWellFormed() : item;
      if (!key.isWellFormed()) {
        const wellFormedKey = key.toWellFormed();
        delete container[key];
        if (Object.hasOwn(container, wellFormedKey)) continue;
        container[wellFormedKey] = fixed;
      } else if (fixed !== item) container[key] = fixed;
      if (fixed !== null && typeof fixed === 'object') stack.push(fixed);
    }
  }
  return value;
}
