// Why an HTTP request of `pnpm demo` failed, in words: undici says only "fetch failed" and keeps the
// reason (refused, unresolvable, reset, timed out) in `cause`.
const REASONS: Record<string, string> = {
  ECONNREFUSED: 'nothing is listening there (connection refused)',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name does not resolve (DNS not answering)',
  ECONNRESET: 'the connection was reset',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no answer in time',
  UND_ERR_SOCKET: 'the connection was closed before an answer',
};

export class FetchFailure extends Error {
  constructor(method: string, url: string, error: unknown, hint: string) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = (cause?.code && REASONS[cause.code]) ?? cause?.message ?? (error as Error).message;
    super(`${method} ${url} failed: ${reason}${hint ? `. ${hint}` : ''}`);
    this.name = 'FetchFailure';
  }
}

/** fetch, whose failure names the URL, the reason and what to check. */
export async function fetchOrExplain(url: string, init: RequestInit, hint: string): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    throw new FetchFailure(init.method ?? 'GET', url, error, hint);
  }
}
