import { z } from 'zod';
import { loadDotEnv } from './dot-env';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates `env` against a schema whose keys are the variable names. Every problem is reported at
 * once, each naming its variable, so a deploy fails with one readable message instead of a crash later.
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  // Blank variables count as unset: `FOO=` in an .env file means "not configured", not "empty string".
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(root)';
    const missing = issue.code === 'invalid_type' && cleaned[name] === undefined;
    return missing ? `${name} is required but not set` : `${name}: ${issue.message}`;
  });
  throw new ConfigError(problems);
}

/**
 * For a process entry point: the loaded config, or a message naming every bad variable on stderr and
 * exit code 1 (a half-configured process must not start). Reading the process's own environment, it
 * first fills it from `.env` (loadDotEnv): every app starts here, so every app reads the file.
 */
export function loadConfigOrExit<T>(
  service: string,
  load: (env: Record<string, string | undefined>) => T,
  env: Record<string, string | undefined> = process.env,
): T {
  try {
    if (env === process.env) loadDotEnv();
    return load(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`${service}: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}
