import { CodedError, type FieldError } from '@carrot-bridge/domain';

/** Why a console use case refused; api/api-error.ts maps each code to an HTTP answer in one switch. */
export enum ConsoleExceptionCode {
  /** The thing does not exist in this account. */
  NotFound = 'not_found',
  /** The input breaks a rule; `fieldErrors` names every field at once. */
  InvalidInput = 'invalid',
  /** Another run of the same thing is in progress. */
  Conflict = 'conflict',
  /** A service the use case needs (Redis) is down or slow: try again after `retryAfterSeconds`. */
  Unavailable = 'unavailable',
}

/** Thrown by the console's services (integrations, backfill, reports); never carries HTTP. */
export class ConsoleException extends CodedError<ConsoleExceptionCode> {
  constructor(
    code: ConsoleExceptionCode,
    message: string,
    readonly fieldErrors: FieldError[] = [],
    options: { cause?: unknown; retryAfterSeconds?: number } = {},
  ) {
    super(code, message, options.cause === undefined ? {} : { cause: options.cause });
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
  }

  /** For `Unavailable`: how long the client is asked to wait (Retry-After). */
  readonly retryAfterSeconds: number | null;

  static notFound(what: string): ConsoleException {
    return new ConsoleException(ConsoleExceptionCode.NotFound, `${what} not found`);
  }

  static invalid(fieldErrors: FieldError[]): ConsoleException {
    return new ConsoleException(ConsoleExceptionCode.InvalidInput, 'Validation failed', fieldErrors);
  }
}
