// What "the message is Russian" means for the console's API answers (issue #26): a person reads Russian
// words; what is left in Latin letters is only what a person copies or recognises as a name.

/** Names and technical terms a Russian message may carry as they are (products, protocols, formats). */
const LATIN_TERMS = [
  'CarrotQuest',
  'CoMagic',
  'UIS',
  'Data API',
  'API',
  'JSON',
  'Content-Type',
  'Redis',
  'PostgreSQL',
  'Bull Board',
  'ISO',
  'UTC',
  'CSV',
  'URL',
  'HTTPS',
  'HTTP',
  'e-mail',
  'id',
  'app_id',
];

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const TERMS = new RegExp(`(?<![A-Za-z])(?:${LATIN_TERMS.map(escaped).join('|')})(?![A-Za-z])`, 'g');

/** `text` without its `open`…`close` parts (a loop: linear, whatever the text). */
function withoutQuoted(text: string, open: string, close: string): string {
  let rest = '';
  let at = 0;
  for (;;) {
    const start = text.indexOf(open, at);
    const end = start < 0 ? -1 : text.indexOf(close, start + 1);
    if (end < 0) return rest + text.slice(at);
    rest += `${text.slice(at, start)} `;
    at = end + 1;
  }
}

/**
 * The Latin words of `message` that are not a value, an id, a field name or a known term: empty for a
 * Russian message. Removed first: "values as sent" and «names» (quoted: what the caller typed or
 * chooses), UUIDs, and `fields` (the field names of the answer and of the request).
 */
export function englishWordsIn(message: string, fields: readonly string[] = []): string[] {
  let rest = withoutQuoted(withoutQuoted(message, '"', '"'), '«', '»').replace(UUID, ' ');
  for (const field of [...fields].sort((a, b) => b.length - a.length)) if (field) rest = rest.split(field).join(' ');
  rest = rest.replace(TERMS, ' ');
  return rest.match(/[A-Za-z]+/g) ?? [];
}

/** A stable code: one lower-case ASCII word (`not_found`, `invalid`), never a sentence. */
export const STABLE_CODE = /^[a-z][a-z0-9_]*$/;

/**
 * What is wrong with a 4xx/5xx answer's body, in words for the test's failure list (empty: nothing).
 * `requestFields`: the names the request sent (its body's keys, its query's keys), which a message may name.
 */
export function problemsOfErrorAnswer(body: unknown, requestFields: readonly string[] = []): string[] {
  if (typeof body !== 'object' || body === null) return [`not a JSON object: ${String(body).slice(0, 80)}`];
  const { status, message, errors } = body as { status?: unknown; message?: unknown; errors?: unknown };
  const problems: string[] = [];
  if (typeof status !== 'string' || !STABLE_CODE.test(status)) problems.push(`status is not a code: ${String(status)}`);
  const fieldErrors = Array.isArray(errors) ? (errors as { field?: unknown; message?: unknown }[]) : [];
  if (errors !== undefined && !Array.isArray(errors)) problems.push('errors is not a list');
  const named = [...requestFields, ...fieldErrors.flatMap((e) => (typeof e.field === 'string' ? [e.field] : []))];
  // `mappings.0.messenger`: the path and each of its names.
  const fields = named.flatMap((field) => [field, ...field.split('.')]);
  const texts: [string, unknown][] = [
    ['message', message],
    ...fieldErrors.map((e, i): [string, unknown] => [`errors[${i}].message (${String(e.field)})`, e.message]),
  ];
  for (const [where, text] of texts) {
    if (typeof text !== 'string' || !/[А-Яа-яЁё]/.test(text)) {
      problems.push(`${where} is not Russian: ${JSON.stringify(text)}`);
      continue;
    }
    const english = englishWordsIn(text, fields);
    if (english.length) problems.push(`${where} has English (${english.join(' ')}): ${text}`);
  }
  for (const e of fieldErrors)
    if (typeof e.field !== 'string' || !/^[\x21-\x7e]+$/.test(e.field))
      problems.push(`field is not a name: ${String(e.field)}`);
  return problems;
}
