// Who may do what in the console (issue #24, docs/access.md): the operator (the vendor's staff), a
// person with a role in an account, or an account's API token with scopes. Every route declares an
// AccessPolicy; decideAccess is the one place that reads it.
import { assertNever } from './coded-error';

/** Roles of a person in an account, weakest first: each role may do what the ones before it may. */
export const ROLES = ['viewer', 'editor', 'owner'] as const;
export type Role = (typeof ROLES)[number];

/** What an API token may do; a token carries scopes, never a role. */
export const API_SCOPES = ['sessions:write', 'chats:read', 'report:read', 'settings:write'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export type Principal =
  /** The vendor's staff: basic auth (scripts, `pnpm demo`) or `pnpm cq` on the server. */
  | { kind: 'operator'; via: 'basic-auth' | 'cli'; label: string }
  /** A signed-in person: their role in each account they belong to. */
  | { kind: 'person'; personId: string; email: string; sessionId: string; roles: ReadonlyMap<string, Role> }
  /** An account's API token (`Authorization: Bearer ...`). */
  | { kind: 'token'; tokenId: string; accountId: string; name: string; scopes: readonly ApiScope[] };

export type AccessPolicy =
  /** No credentials needed (health, the sign-in page and its API, the cabinet's sign-in link). */
  | { kind: 'public' }
  /** The operator only (Bull Board, creating accounts). */
  | { kind: 'operator' }
  /** Anyone signed in; what they see is narrowed by the handler (the accounts list). */
  | { kind: 'signed-in' }
  /**
   * A route of one account (`:accountId`): a person needs at least `role` there, a token of that account
   * needs `scope` (a route without one is closed to tokens), the operator may always.
   */
  | { kind: 'account'; role: Role; scope?: ApiScope };

export type AccessDecision = 'allow' | 'unauthenticated' | 'not-found' | 'forbidden';

export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/**
 * Whether `principal` may use a route with `policy` in `accountId` (null outside an account). An account
 * the principal does not belong to is `not-found`, never `forbidden`: its ids must not be confirmed to
 * exist. A known account the principal may not change is `forbidden`.
 */
export function decideAccess(
  principal: Principal | null,
  policy: AccessPolicy,
  accountId: string | null,
): AccessDecision {
  if (policy.kind === 'public') return 'allow';
  if (!principal) return 'unauthenticated';
  if (principal.kind === 'operator') return 'allow';
  switch (policy.kind) {
    case 'operator':
      return principal.kind === 'person' ? 'forbidden' : 'not-found';
    case 'signed-in':
      return 'allow';
    case 'account': {
      if (accountId === null) return 'not-found';
      if (principal.kind === 'token') {
        if (principal.accountId !== accountId) return 'not-found';
        return policy.scope !== undefined && principal.scopes.includes(policy.scope) ? 'allow' : 'forbidden';
      }
      const role = principal.roles.get(accountId);
      if (role === undefined) return 'not-found';
      return roleAtLeast(role, policy.role) ? 'allow' : 'forbidden';
    }
    default:
      return assertNever(policy);
  }
}

/** Who did something, as the audit log keeps it: never a secret, always a label a person can read. */
export interface Actor {
  kind: 'operator' | 'person' | 'token' | 'system';
  /** The person's or token's id; null for the operator and the system. */
  id: string | null;
  /** «operator», «operator (CLI, deploy)», the person's e-mail, «token "BI"». */
  label: string;
}

export function actorOf(principal: Principal): Actor {
  switch (principal.kind) {
    case 'operator':
      return { kind: 'operator', id: null, label: principal.label };
    case 'person':
      return { kind: 'person', id: principal.personId, label: principal.email };
    case 'token':
      return { kind: 'token', id: principal.tokenId, label: `token "${principal.name}"` };
    default:
      return assertNever(principal);
  }
}
