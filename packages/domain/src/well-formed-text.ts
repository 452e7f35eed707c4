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
 * Calls `visit` with each object and array in a parsed JSON value, and its path from the root (`a.b.0`),
 * without recursion: a stranger's nesting cannot exhaust the stack. A path is built per container, not
 * per string. Stops when `visit` returns false.
 */
function walkContainers(value: unknown, visit: (container: Container, path: string) => boolean): void {
  const stack: Array<{ node: unknown; path: string }> = [{ node: value, path: '' }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    const container = node as Container;
    if (!visit(container, path)) return;
    for (const [key, item] of Object.entries(container))
      if (item !== null && typeof item === 'object') stack.push({ node: item, path: pathTo(path, key) });
  }
}

const pathTo = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/** Where a string (a value or a key) with a lone surrogate is (`''` for the value itself; one of them if several), or null. */
export function firstIllFormedText(value: unknown): string | null {
  if (typeof value === 'string') return value.isWellFormed() ? null : '';
  let found: string | null = null;
  walkContainers(value, (container, path) => {
    for (const [key, item] of Object.entries(container)) {
      if (!key.isWellFormed() || (typeof item === 'string' && !item.isWellFormed())) {
        found = pathTo(path, key);
        return false;
      }
    }
    return true;
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
  walkContainers(value, (container) => {
    if (Array.isArray(container)) {
      container.forEach((item, i) => {
        if (typeof item === 'string') container[i] = item.toWellFormed();
      });
      return true;
    }
    for (const key of Object.keys(container)) {
      const item = container[key];
      const fixed = typeof item === 'string' ? item.toWellFormed() : item;
      if (key.isWellFormed()) {
        if (fixed !== item) container[key] = fixed;
        continue;
      }
      delete container[key];
      if (!Object.hasOwn(container, key.toWellFormed())) container[key.toWellFormed()] = fixed;
    }
    return true;
  });
  return value;
}
