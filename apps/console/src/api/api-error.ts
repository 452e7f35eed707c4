import type { NextFunction, Request, Response } from 'express';
import { ZodError, locales } from 'zod';
import { assertNever, type FieldError } from '@carrot-bridge/domain';
import type { Logger } from '@carrot-bridge/logging';
import { ConsoleException, ConsoleExceptionCode } from '../console-exception';
import { isDatabaseUnavailable } from './database-unavailable';
import { uniqueViolationField } from './unique-violation';

/** What a client is asked to wait while PostgreSQL is down (a restart or failover takes seconds). */
const DATABASE_RETRY_AFTER_SECONDS = 10;
/** Per parse, not zod's global config: other zod users in the process (config errors) keep English. */
const RUSSIAN_ZOD_MESSAGES = locales.ru().localeError;

export function fieldErrorsFromZod(error: ZodError): FieldError[] {
  return error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', message: issue.message }));
}

/** Parses `value` with `schema`, or throws a 422 with the form's `{field, message}` list. */
export function parseInput<T>(
  schema: {
    safeParse(
      value: unknown,
      params?: { error?: typeof RUSSIAN_ZOD_MESSAGES },
    ): { success: true; data: T } | { success: false; error: ZodError };
  },
  value: unknown,
): T {
  // The page shows these messages as they are: zod's defaults in Russian (a schema's own message still wins).
  const result = schema.safeParse(value, { error: RUSSIAN_ZOD_MESSAGES });
  if (!result.success) throw ConsoleException.invalid(fieldErrorsFromZod(result.error));
  return result.data;
}

/**
 * The HTTP status of each service refusal: the one place the console's use cases meet HTTP. The
 * answer's `status` is the refusal's code itself.
 */
function httpStatusOf(code: ConsoleExceptionCode): number {
  switch (code) {
    case ConsoleExceptionCode.NotFound:
      return 404;
    case ConsoleExceptionCode.InvalidInput:
      return 422;
    case ConsoleExceptionCode.Conflict:
      return 409;
    case ConsoleExceptionCode.Unavailable:
      return 503;
    default:
      return assertNever(code);
  }
}

/** The one translation of failures into API answers; internals never reach the client. */
export function apiErrorHandler(logger: Logger) {
  return (thrown: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const error = thrown;
    if (error instanceof ConsoleException) {
      if (error.retryAfterSeconds !== null) res.setHeader('Retry-After', String(error.retryAfterSeconds));
      res.status(httpStatusOf(error.code)).json({
        status: error.code,
        message: error.message,
        ...(error.fieldErrors.length ? { errors: error.fieldErrors } : {}),
      });
      return;
    }
    const bodyError = error as { type?: string };
    if (bodyError?.type === 'entity.parse.failed') {
      res.status(400).json({ status: 'bad_json', message: 'The body is not valid JSON' });
      return;
    }
    if (bodyError?.type === 'entity.too.large') {
      res.status(413).json({ status: 'payload_too_large', message: 'The body is too large' });
      return;
    }
    // Express answers a path whose percent-encoding is not UTF-8 with a URIError of status 400
    // ("Failed to decode param"): a stranger's bad address, not our failure.
    if (error instanceof URIError) {
      res.status(400).json({ status: 'bad_url', message: 'Адрес запроса не удаётся прочитать: неверная кодировка' });
      return;
    }
    const takenField = uniqueViolationField(error);
    if (takenField !== null) {
      res.status(httpStatusOf(ConsoleExceptionCode.Conflict)).json({
        status: ConsoleExceptionCode.Conflict,
        message: 'Такое значение уже есть',
        errors: [{ field: takenField, message: 'Уже занято: укажите другое значение' }],
      });
      return;
    }
    if (isDatabaseUnavailable(error)) {
      logger.warn('console API: PostgreSQL unavailable', {
        error: error instanceof Error ? error.message : String(error),
      });
      res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      res
        .status(503)
        .json({ status: 'database_unavailable', message: 'База данных временно недоступна, повторите позже' });
      return;
    }
    logger.error('console API failure', { error: error instanceof Error ? error.message : String(error) });
    res.status(500).json({ status: 'internal_error', message: 'Internal error' });
  };
}
