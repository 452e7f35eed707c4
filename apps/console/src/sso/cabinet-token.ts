// The cabinet's signed sign-in token (issue #24, docs/access.md «Cabinet sign-in»): a JWT (RFC 7519)
// signed with the cabinet's private key, checked with jose against the configured public key: the
// signature with the key's one algorithm, `iss`, `aud`, `exp` when present, `iat` no older than
// CABINET_SSO_MAX_AGE_SECONDS, and our claims — `jti`, `account`, `email`, `role`.
import { errors, jwtVerify } from 'jose';
import { z } from 'zod';
import { CodedError, ROLES, type Role } from '@carrot-bridge/domain';
import type { CabinetSsoSettings } from './cabinet-sso-settings';

export interface CabinetClaims {
  jti: string;
  /** The cabinet's id of the account (Account.cabinetAccountId). */
  cabinetAccountId: string;
  /** Lower-cased. */
  email: string;
  role: Role;
  /** After this moment the token is refused whatever happens: its jti need not be kept longer. */
  usableUntil: Date;
}

/** Why a sign-in from the cabinet was refused: logged as it is, shown to the person in Russian. */
export type CabinetSignInRefusalCode =
  | 'malformed'
  | 'bad_signature'
  | 'algorithm_not_allowed'
  | 'expired'
  | 'claims_invalid'
  | 'replayed'
  | 'unknown_account'
  | 'person_disabled';

export class CabinetSignInRefusal extends CodedError<CabinetSignInRefusalCode> {}

/** Clocks of two servers disagree by a few seconds; more than this is a token from the wrong moment. */
const CLOCK_TOLERANCE_SECONDS = 5;
/** Far above any JWT the cabinet sends: a longer query string is not worth parsing. */
const MAX_TOKEN_LENGTH = 8_192;

const claimsSchema = z.object({
  // Well-formed: a lone surrogate would make Prisma refuse the query that records the jti (a 500).
  jti: z
    .string()
    .min(1)
    .max(200)
    .refine((jti) => jti.isWellFormed()),
  iat: z.number(),
  exp: z.number().optional(),
  // The cabinet's ids may be numbers in JSON; ours keep them as text.
  account: z.union([z.string().trim().min(1).max(200), z.number().int().nonnegative()]).transform(String),
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
  role: z.enum(ROLES),
});

function refusalOf(error: unknown): CabinetSignInRefusal {
  if (error instanceof errors.JWTExpired)
    return new CabinetSignInRefusal('expired', `token too old (${error.claim} ${error.reason})`);
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return new CabinetSignInRefusal('bad_signature', 'signature does not verify with the configured key');
  if (error instanceof errors.JOSEAlgNotAllowed)
    return new CabinetSignInRefusal('algorithm_not_allowed', 'algorithm other than the key’s');
  if (error instanceof errors.JWTClaimValidationFailed)
    return new CabinetSignInRefusal('claims_invalid', `claim ${error.claim}: ${error.reason}`);
  const code = (error as { code?: unknown } | null)?.code;
  return new CabinetSignInRefusal('malformed', typeof code === 'string' ? code : 'unreadable token');
}

/** The token's claims when it is the cabinet's, unexpired and for us; a CabinetSignInRefusal otherwise. */
export async function verifyCabinetToken(
  token: string,
  settings: CabinetSsoSettings,
  now: Date,
): Promise<CabinetClaims> {
  if (!token || token.length > MAX_TOKEN_LENGTH) throw new CabinetSignInRefusal('malformed', 'no token or too long');
  const verified = await jwtVerify(token, settings.key, {
    algorithms: [settings.algorithm],
    issuer: settings.issuer,
    audience: settings.audience,
    maxTokenAge: settings.maxAgeSeconds,
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    requiredClaims: ['jti', 'iat'],
    currentDate: now,
  }).catch((error: unknown) => {
    throw refusalOf(error);
  });
  const claims = claimsSchema.safeParse(verified.payload);
  if (!claims.success) {
    const fields = [...new Set(claims.error.issues.map((issue) => issue.path.join('.')))].join(', ');
    throw new CabinetSignInRefusal('claims_invalid', `claims ${fields} missing or invalid`);
  }
  const { jti, iat, exp, account, email, role } = claims.data;
  // The last moment jose would still take it, plus a margin: a replay after that is refused as expired.
  const lastSecond = Math.min(exp ?? Infinity, iat + settings.maxAgeSeconds) + CLOCK_TOLERANCE_SECONDS + 60;
  return { jti, cabinetAccountId: account, email, role, usableUntil: new Date(lastSecond * 1000) };
}
