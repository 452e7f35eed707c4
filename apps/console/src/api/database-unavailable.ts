/** Prisma codes for "the database could not be reached or went away" (not a bad query). */
const UNREACHABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** The pg driver adapter's own classification of connection failures. */
const UNREACHABLE_ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'DatabaseDoesNotExist',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'TlsConnectionError',
]);
/** Socket errors, and PostgreSQL's "shutting down / starting up / too many clients". */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

/**
 * Whether `error` means PostgreSQL is unavailable (down, restarting, unreachable) rather than that
 * the request or our code is wrong. The API answers those 503 + Retry-After, the truth about an
 * outage, instead of a 500 that says we are broken.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (
    let current = error as Record<string, any> | undefined, depth = 0;
    current && depth < 5;
    current = current.cause, depth += 1
  ) {
    if (
      typeof current.code === 'string' &&
      (UNREACHABLE_PRISMA_CODES.has(current.code) || UNREACHABLE_CODES.has(current.code))
    )
      return true;
    const kind = current.meta?.driverAdapterError?.cause?.kind ?? current.kind;
    if (typeof kind === 'string' && UNREACHABLE_ADAPTER_KINDS.has(kind)) return true;
    const originalCode = current.meta?.driverAdapterError?.cause?.originalCode;
    if (typeof originalCode === 'string' && UNREACHABLE_CODES.has(originalCode)) return true;
    if (
      typeof current.message === 'string' &&
      /Connection terminated|Can't reach database server/i.test(current.message)
    )
      return true;
  }
  return false;
}
