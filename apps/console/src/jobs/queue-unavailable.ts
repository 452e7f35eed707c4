import { ConsoleException, ConsoleExceptionCode } from '../console-exception';

/** Redis down: the list and the retries are unknown, never "nothing failed". */
function queueUnavailable(cause: unknown): ConsoleException {
  return new ConsoleException(
    ConsoleExceptionCode.Unavailable,
    'Очередь недоступна (Redis не отвечает): повторите позже',
    [],
    { cause, retryAfterSeconds: 10 },
  );
}

/** Runs a Redis read or write; its failure is a 503 in Russian. */
export async function fromQueue<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw queueUnavailable(error);
  }
}
