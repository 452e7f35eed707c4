// The cabinet's sign-in settings, read once at start-up (config.ts): its public key (SPKI PEM, in
// CABINET_SSO_PUBLIC_KEY or the file CABINET_SSO_PUBLIC_KEY_FILE), the issuer and audience its tokens
// carry, and how old a token may be. No key: sign-in from the cabinet is off (GET /sso answers 404).
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError } from '@carrot-bridge/config';

export interface CabinetSsoSettings {
  key: KeyObject;
  /** The one algorithm accepted: the key's own (ES256 for a P-256 key, RS256 for RSA), never one the token names. */
  algorithm: 'ES256' | 'RS256';
  issuer: string;
  audience: string;
  maxAgeSeconds: number;
}

export interface CabinetSsoEnv {
  CABINET_SSO_PUBLIC_KEY?: string | undefined;
  CABINET_SSO_PUBLIC_KEY_FILE?: string | undefined;
  CABINET_SSO_ISSUER?: string | undefined;
  CABINET_SSO_AUDIENCE?: string | undefined;
  CABINET_SSO_MAX_AGE_SECONDS: number;
}

const SPKI_HEADER = '-----BEGIN PUBLIC KEY-----';
const MIN_RSA_BITS = 2048;

function readPem(env: CabinetSsoEnv): { pem: string; variable: string } | null {
  if (env.CABINET_SSO_PUBLIC_KEY && env.CABINET_SSO_PUBLIC_KEY_FILE)
    throw new ConfigError(['CABINET_SSO_PUBLIC_KEY and CABINET_SSO_PUBLIC_KEY_FILE: set one of them, not both']);
  // A one-line variable (.env, a container's environment) may spell the PEM's line breaks as \n.
  if (env.CABINET_SSO_PUBLIC_KEY)
    return { pem: env.CABINET_SSO_PUBLIC_KEY.replaceAll('\\n', '\n'), variable: 'CABINET_SSO_PUBLIC_KEY' };
  if (!env.CABINET_SSO_PUBLIC_KEY_FILE) return null;
  try {
    return { pem: readFileSync(env.CABINET_SSO_PUBLIC_KEY_FILE, 'utf8'), variable: 'CABINET_SSO_PUBLIC_KEY_FILE' };
  } catch (error) {
    throw new ConfigError([`CABINET_SSO_PUBLIC_KEY_FILE: cannot read it (${(error as NodeJS.ErrnoException).code})`]);
  }
}

function algorithmOf(key: KeyObject): CabinetSsoSettings['algorithm'] | null {
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  if (key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) >= MIN_RSA_BITS) return 'RS256';
  return null;
}

/** The settings, or null when no key is configured; a ConfigError naming the variable when they are wrong. */
export function cabinetSsoSettingsFrom(env: CabinetSsoEnv): CabinetSsoSettings | null {
  const source = readPem(env);
  if (!source) return null;
  const problems: string[] = [];
  let key: KeyObject | null = null;
  // A private key or a certificate would also yield a public key: only the public key itself is taken.
  if (!source.pem.trimStart().startsWith(SPKI_HEADER))
    problems.push(`${source.variable}: must be a public key in PEM (SPKI, "${SPKI_HEADER}")`);
  else
    try {
      key = createPublicKey({ key: source.pem, format: 'pem' });
    } catch {
      problems.push(`${source.variable}: not a readable PEM public key`);
    }
  const algorithm = key ? algorithmOf(key) : null;
  if (key && !algorithm)
    problems.push(`${source.variable}: must be an EC P-256 (ES256) or RSA ≥ ${MIN_RSA_BITS}-bit (RS256) key`);
  if (!env.CABINET_SSO_ISSUER) problems.push('CABINET_SSO_ISSUER is required with a cabinet public key');
  if (!env.CABINET_SSO_AUDIENCE) problems.push('CABINET_SSO_AUDIENCE is required with a cabinet public key');
  if (problems.length || !key || !algorithm || !env.CABINET_SSO_ISSUER || !env.CABINET_SSO_AUDIENCE)
    throw new ConfigError(problems);
  return {
    key,
    algorithm,
    issuer: env.CABINET_SSO_ISSUER,
    audience: env.CABINET_SSO_AUDIENCE,
    maxAgeSeconds: env.CABINET_SSO_MAX_AGE_SECONDS,
  };
}
