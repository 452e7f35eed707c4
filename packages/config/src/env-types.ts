import { z } from 'zod';

/** `true/false/1/0/yes/no`, any case. */
export const envBoolean = z
  .string()
  .transform((value) => value.trim().toLowerCase())
  .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no']))
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

export const envPort = z.coerce.number().int().min(1).max(65535);
export const envPositiveInt = z.coerce.number().int().positive();
export const envNonNegativeInt = z.coerce.number().int().min(0);

export const envUrl = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`,
  );

/**
 * CarrotQuest's API base: the current, unversioned Web API. `/v1` is the deprecated generation, which pages
 * differently (https://developers.dashly.io/webapi/versioning/), so a base ending in it is refused here
 * rather than read one page at a time.
 */
export const envCarrotQuestBaseUrl = envUrl(['https', 'http'])
  .refine(
    (value) => !/\/v\d+\/?$/.test(new URL(value).pathname),
    'must be the unversioned Web API (https://api.carrotquest.io), not a /v1 path',
  )
  .default('https://api.carrotquest.io');

/** A comma-separated list, blanks dropped. */
export const envList = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

/** 32 bytes, base64: the AES-256-GCM key that protects stored secrets. */
export const envSecretsKey = z
  .string()
  .refine(
    (value) => Buffer.from(value, 'base64').length === 32,
    'must be 32 random bytes in base64 (openssl rand -base64 32)',
  );

export const envLogLevel = z.enum(['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly']);
export const envNodeEnv = z.enum(['development', 'production', 'test']);
