// How the fake writes ids. It stores every id as exact decimal text; CarrotQuest answers ids as JSON
// numbers unless the request says `id_as_string=true` ("ids can exceed 2^53",
// https://developers.carrotquest.io/webapi/, parameter id_as_string). So without the parameter the fake
// writes them as bare numbers into the JSON text, and a client that forgets the parameter really loses
// the digits of an id past 2^53, as it would against CarrotQuest.

/** Fields of CarrotQuest objects that hold an id of CarrotQuest's (not `user_id`: that is the customer's own text). */
const ID_FIELDS = new Set(['id', 'conversation', 'part_group', 'app', 'from']);
const MARK = '\u0000id:';
// JSON.stringify writes the NUL of the mark as the six characters `\u0000`: match that text.
const MARKED = /"\\u0000id:(\d{1,30})\\u0000"/g;

export function renderJson(value: unknown, idsAsStrings: boolean): string {
  if (idsAsStrings) return JSON.stringify(value);
  const text = JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
    const inPosition = Array.isArray(this) && (this as unknown[]).length > 0;
    if (typeof v === 'string' && /^\d{1,30}$/.test(v) && (ID_FIELDS.has(key) || inPosition)) return `${MARK}${v}\u0000`;
    return v;
  });
  return text.replace(MARKED, '$1');
}

/** A copy with every id field (at any depth) turned into decimal text: how fixtures and scenarios are stored. */
export function withStringIds<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) => (ID_FIELDS.has(key) && typeof v === 'number' ? String(v) : v)),
  ) as T;
}
