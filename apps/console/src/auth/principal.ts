import type { Response } from 'express';
import type { Principal } from '@carrot-bridge/domain';

// Who is calling, as `authenticate` (authenticate.ts) found it: the one place it is kept for a request.
// Routes, the access policy and the audit log read it with principalOf; nothing else writes it.

interface PrincipalLocals {
  principal?: Principal | null;
}

/** The caller of this request: the operator, a signed-in person, an API token, or null (no credentials). */
export function principalOf(res: Response): Principal | null {
  return (res.locals as PrincipalLocals).principal ?? null;
}

export function setPrincipal(res: Response, principal: Principal | null): void {
  (res.locals as PrincipalLocals).principal = principal;
}

/** The operator's principal when the operator's basic-auth credentials were given. */
export const OPERATOR_VIA_BASIC_AUTH: Principal = { kind: 'operator', via: 'basic-auth', label: 'operator' };
