import type { NextFunction, Request, Response } from 'express';
import type { ZodError } from 'zod';
import { assertNever, type FieldError } from '@carrot-bridge/domain';
import type { Logger } from '@carrot-bridge/logging';
import { ConsoleException, ConsoleExceptionCode } from '../console-exception';
import { isDatabaseUnavailable } from './database-unavailable';
import { russianInputMessages } from './russian-input-messages';
import { uniqueViolationField } from './unique-violation';

/** What a client is asked to wait while PostgreSQL is down (a restart or failover takes seconds). */
const DATABASE_RETRY_AFTER_SECONDS = 10;

export function fieldErrorsFromZod(error: ZodError): FieldError[] {
  return error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', message: issue.message }));
}

/** Parses `value` with `schema`, or throws a 422 with the form's `{field, message}` list. */
export function parseInput<T>(
  schema: {
    safeParse(
      value: unknown,
      params?: { error?: typeof russianInputMessages },
    ): { success: true; data: T } | { success: false; error: ZodError };
  },
  value: unknown,
): T {
  // The page shows these messages as they are. Per parse, not zod's global config: other zod users in the
  // process (configuration errors, for the operator) keep English.
  const result = schema.safeParse(value, { error: russianInputMessages });
  if (!result.success) throw ConsoleException.invalid(fieldErrorsFromZod(result.error));
  return result.data;
}

/** body-parser's limit (bytes) as people read it: «1 МБ», «100 КБ». */
function sizeText(bytes: number | undefined): string {
  if (bytes === undefined) return 'допустимого';
  return bytes >= 1024 * 1024 ? `${Math.floor(bytes / (1024 * 1024))} МБ` : `${Math.ceil(bytes / 1024)} КБ`;
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
    const bodyError = error as { type?: string; limit?: number };
    if (bodyError?.type === 'entity.parse.failed') {
      res
        .status(400)
        .json({ status: 'bad_json', message: 'Тело запроса — не JSON: проверьте кавычки, скобки и запятые' });
      return;
    }
    if (bodyError?.type === 'entity.too.large') {
      res
        .status(413)
        .json({ status: 'payload_too_large', message: `Тело запроса больше ${sizeText(bodyError.limit)}` });
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
    res.status(500).json({ status: 'internal_error', message: 'Внутренняя ошибка консоли: подробности в её журнале' });
  };
}
