import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { config as readDotEnvFile } from 'dotenv';
import { ConfigError } from './load-config';

/** The repository root: `.env` is read from here whatever the current directory (pnpm --filter runs in a package). */
export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

/**
 * Fills process.env from `.env` at the repository root (or the file CARROT_BRIDGE_ENV_FILE names;
 * `none` reads nothing, as the test suites do: a developer's .env must not point tests at real servers).
 * Variables already in the environment win: the shell, compose and CI override the file, never the reverse.
 * Call it first thing in an entry point, before any configuration is read. Returns the file read, if any.
 */
export function loadDotEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const choice = env.CARROT_BRIDGE_ENV_FILE?.trim();
  if (choice === 'none') return undefined;
  const file = resolve(REPO_ROOT, choice || '.env');
  if (!existsSync(file)) {
    if (choice) throw new ConfigError([`CARROT_BRIDGE_ENV_FILE: ${file} does not exist`]);
    return undefined;
  }
  // quiet: dotenv would otherwise print a banner on every start.
  const result = readDotEnvFile({
    path: file,
    processEnv: env as Record<string, string>,
    override: false,
    quiet: true,
  });
  if (result.error) throw new ConfigError([`${file} could not be read: ${result.error.message}`]);
  return file;
}
