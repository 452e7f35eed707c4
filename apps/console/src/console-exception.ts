import { CodedError, type FieldError } from '@carrot-bridge/domain';

/**
 * Why a console use case refused; api/api-error.ts maps each code to an HTTP answer in one switch. The
 * code is the answer's `status`: a stable English word for scripts; the message beside it is Russian, for people.
 */
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

/**
 * Each thing a 404 can be about, and how it is said: the one list of «не найден» texts. An account the
 * caller is not in is said word for word as an unknown one (docs/access.md): both use `account`.
 */
export const NOT_FOUND_MESSAGES = {
  account: 'Аккаунт не найден',
  integration: 'Интеграция не найдена',
  chat: 'Чат не найден',
  job: 'Задача не найдена',
  site: 'Сайт не найден',
  campaign: 'Рекламная кампания не найдена',
  source: 'Источник не найден',
  employee: 'Сотрудник не найден',
  tag: 'Тег не найден',
  operator: 'Оператор CarrotQuest не найден',
  visitorSession: 'Сессия посетителя не найдена',
  erasure: 'Запрос на удаление персональных данных не найден',
  apiToken: 'Токен API не найден',
  person: 'Человек не найден в этом аккаунте',
  invitation: 'Приглашение не найдено',
  cabinet: 'Кабинет CoMagic / UIS не подключён',
  endpoint: 'Такого адреса в API нет',
} as const;
export type MissingThing = keyof typeof NOT_FOUND_MESSAGES;

/** The top message of a 422: the fields' own messages (`fieldErrors`) say what is wrong. */
export const INVALID_INPUT_MESSAGE = 'Данные не приняты: исправьте ошибки в полях';

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

  /** `id`: only where the asker gave it and may see it back (the CLI); the API's 404s never echo one. */
  static notFound(thing: MissingThing, id?: string): ConsoleException {
    const message = NOT_FOUND_MESSAGES[thing];
    return new ConsoleException(ConsoleExceptionCode.NotFound, id === undefined ? message : `${message}: ${id}`);
  }

  static invalid(fieldErrors: FieldError[]): ConsoleException {
    return new ConsoleException(ConsoleExceptionCode.InvalidInput, INVALID_INPUT_MESSAGE, fieldErrors);
  }
}
