import winston from 'winston';
import { redact, maskText } from './redact';

export type Logger = winston.Logger;

export interface LoggerOptions {
  service: string;
  level?: string;
  /** Human-readable lines (development) instead of JSON (production). */
  pretty?: boolean;
  /** Extra transports (tests capture lines with one). */
  transports?: winston.transport[];
  silent?: boolean;
}

// winston keeps level/message/splat under symbols; only the enumerable fields are user data.
const redactFormat = winston.format((info) => {
  const cleaned = redact({ ...info }) as Record<string, unknown>;
  for (const key of Object.keys(info)) delete (info as Record<string, unknown>)[key];
  Object.assign(info, cleaned);
  if (typeof info.message === 'string') info.message = maskText(info.message);
  return info;
});

// winston's level methods build and format every line, and drop it below the level only in the transports.
// The worker logs each job at info: at LOG_LEVEL=error its redaction and JSON were 1.8% of the worker's
// CPU in the pipeline bench's profile. isLevelEnabled also counts a transport's own, lower level.
const LEVEL = Symbol.for('level');

export function createLogger(options: LoggerOptions): Logger {
  const pretty = options.pretty ?? false;
  let logger: winston.Logger | undefined;
  const enabled = winston.format((info) =>
    logger?.isLevelEnabled(String((info as Record<symbol, unknown>)[LEVEL] ?? info.level)) === false ? false : info,
  );
  const format = winston.format.combine(
    enabled(),
    winston.format.errors({ stack: true }),
    redactFormat(),
    winston.format.timestamp(),
    pretty
      ? winston.format.printf(({ timestamp, level, message, service, ...rest }) => {
          const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
          return `${timestamp} ${level.padEnd(5)} [${service}] ${message}${extra}`;
        })
      : winston.format.json(),
  );
  logger = winston.createLogger({
    level: options.level ?? 'info',
    defaultMeta: { service: options.service },
    format,
    silent: options.silent ?? false,
    transports: options.transports ?? [new winston.transports.Console()],
  });
  return logger;
}
