// Paging of CarrotQuest's current Web API, as documented at https://developers.carrotquest.io/webapi/pagination
// ("Пагинация версии 2 (актуальная)"): `paginate_position` is a JSON array, `paginate_count` an integer
// from 1 to 50 (default 20), `paginate_direction` one of `before` (default), `after`, `around`. The answer
// carries `meta.next_before_position`, an array to send back as `paginate_position`.
// The parameters of the old `/v1` paging (`after`, `count`) are not the current API's: the fake refuses
// them with the API's ValidationError, so a client regressing to them fails its tests instead of silently
// reading only the first page.

export class FakeValidationError extends Error {}

export type PageKey = readonly (string | number)[];

export interface PageRequest {
  /** The cursor, or null for the first (newest) page. */
  position: PageKey | null;
  count: number;
}

const DEFAULT_COUNT = 20;
const MAX_COUNT = 50;
const OLD_PAGING_PARAMETERS = ['after', 'before', 'count'];

export function readPageRequest(query: Record<string, unknown>): PageRequest {
  for (const name of OLD_PAGING_PARAMETERS) {
    if (query[name] !== undefined) {
      throw new FakeValidationError(
        `Unknown parameter "${name}": this API pages with paginate_position / paginate_count / paginate_direction`,
      );
    }
  }
  const direction = query.paginate_direction ?? 'before';
  if (direction === 'after' || direction === 'around') {
    // Documented, but "not every direction is available for every request"; what we use is `before`,
    // so the fake implements that one and says so rather than answering something invented.
    throw new FakeValidationError(
      `paginate_direction=${String(direction)} is not implemented by the fake (the client pages with "before")`,
    );
  }
  if (direction !== 'before') throw new FakeValidationError('paginate_direction must be one of before, after, around');

  let count = DEFAULT_COUNT;
  if (query.paginate_count !== undefined) {
    const text = String(query.paginate_count);
    count = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(count >= 1 && count <= MAX_COUNT))
      throw new FakeValidationError(`paginate_count must be an integer from 1 to ${MAX_COUNT}`);
  }

  let position: PageKey | null = null;
  if (query.paginate_position !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(String(query.paginate_position));
    } catch {
      throw new FakeValidationError('paginate_position must be a JSON array');
    }
    if (
      !Array.isArray(parsed) ||
      parsed.length === 0 ||
      !parsed.every((v) => typeof v === 'string' || typeof v === 'number')
    ) {
      throw new FakeValidationError('paginate_position must be a non-empty JSON array of numbers or strings');
    }
    position = parsed as PageKey;
  }
  return { position, count };
}

/** Decimal ids (no leading zeros) compared as numbers, whatever their length: by length, then by digits. */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** An id from a position element: a string or an exact number (a number past 2^53 is refused). */
export function positionId(value: string | number | undefined, what: string): string {
  if (typeof value === 'string' && /^\d{1,30}$/.test(value)) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  throw new FakeValidationError(`${what} must be an id`);
}
