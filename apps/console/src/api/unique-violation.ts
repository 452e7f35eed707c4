/** Columns that scope a unique key rather than name what the client chose (the account is the URL's). */
const SCOPE_COLUMNS = new Set(['accountId', 'integrationId']);

function unquoted(column: string): string {
  return column.startsWith('"') && column.endsWith('"') ? column.slice(1, -1) : column;
}

/**
 * The input field behind a unique-key violation (Prisma's P2002, PostgreSQL's 23505), or null when
 * `error` is not one. A site key or a name that is already taken is the client's conflict, a 409 that
 * names the field, not a 500. The driver adapter reports the key's columns quoted or not
 * (`["\"accountId\"", "domain"]`); the field is the last column that is not a scope.
 */
export function uniqueViolationField(error: unknown): string | null {
  const e = error as {
    code?: unknown;
    meta?: {
      target?: unknown;
      driverAdapterError?: { cause?: { originalCode?: unknown; constraint?: { fields?: unknown } } };
    };
  } | null;
  const cause = e?.meta?.driverAdapterError?.cause;
  if (e?.code !== 'P2002' && e?.code !== '23505' && cause?.originalCode !== '23505') return null;
  const columns = cause?.constraint?.fields ?? e?.meta?.target;
  const fields = Array.isArray(columns)
    ? columns
        .filter((c): c is string => typeof c === 'string')
        .map(unquoted)
        .filter((c) => !SCOPE_COLUMNS.has(c))
    : [];
  return fields.at(-1) ?? '(body)';
}
