// The body of `POST .../personal-data/erasures` (and `pnpm cq erase`): exactly one criterion — a phone in
// any format, an e-mail or a CarrotQuest user id — and who asked. Every problem is named at once (422).
import {
  ERASURE_REQUESTERS,
  isPhoneRegion,
  readErasureCriterion,
  type ErasureCriterion,
  type ErasureRequester,
  type FieldError,
} from '@carrot-bridge/domain';
import { ConsoleException } from '../console-exception';

export interface ErasureRequest {
  criterion: ErasureCriterion;
  requestedBy: ErasureRequester;
}

function isRequester(value: unknown): value is ErasureRequester {
  return (ERASURE_REQUESTERS as readonly unknown[]).includes(value);
}

/**
 * The request, or a 422 naming each field: `criterion` when none is given, each given one when there
 * are two, the field itself when it is not what it says, `requestedBy` when it is neither `subject` nor
 * `operator` (absent: `subject`, the usual case under 152-FZ art. 21).
 */
export function readErasureRequest(body: unknown, regions: readonly string[]): ErasureRequest {
  const input =
    typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const problems: FieldError[] = [];
  const read = readErasureCriterion(
    { phone: input.phone, email: input.email, carrotUserId: input.carrotUserId },
    // The account's integrations' regions (each stored checked); none: the domain's default.
    regions.filter(isPhoneRegion),
  );
  if ('problems' in read) problems.push(...read.problems);
  const requestedBy = input.requestedBy ?? 'subject';
  if (!isRequester(requestedBy))
    problems.push({
      field: 'requestedBy',
      message: 'Кто попросил: subject (сам человек) или operator (решение оператора)',
    });
  if ('problems' in read || !isRequester(requestedBy)) throw ConsoleException.invalid(problems);
  return { criterion: read.criterion, requestedBy };
}
