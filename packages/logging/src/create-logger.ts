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

export function createLogger(options: LoggerOptions): Logger {
  const pretty = options.pretty ?? false;
  const format = winston.format.combine(
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
  return winston.createLogger({
    level: options.level ?? 'info',
    defaultMeta: { service: options.service },
    format,
    silent: options.silent ?? false,
    transports: options.transports ?? [new winston.transports.Console()],
  });
}
