import { assertNever, CodedError } from '@carrot-bridge/domain';

/**
 * Why a people or invitation request was refused where the console's common answers (404, 409, 422)
 * do not fit: an invitation link's state, a weak password, a reset the requester may not make.
 */
export type PeopleRefusalCode = 'link_unknown' | 'link_used' | 'link_expired' | 'weak_password' | 'forbidden';

export class PeopleRefusal extends CodedError<PeopleRefusalCode> {}

/** The HTTP status of each refusal; the message (Russian) is the refusal's own. */
export function httpStatusOfPeopleRefusal(code: PeopleRefusalCode): number {
  switch (code) {
    case 'link_unknown':
      return 404;
    case 'link_used':
    case 'link_expired':
      return 410;
    case 'weak_password':
      return 400;
    case 'forbidden':
      return 403;
    default:
      return assertNever(code);
  }
}
