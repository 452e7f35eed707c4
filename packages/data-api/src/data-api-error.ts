// The Data API's errors, typed for the export's failure decision. Codes and their groups:
// https://comagic.github.io/data_api/ ("Обработка ошибок": Группы кодов ошибок).

import { DetailedCodedError } from '@carrot-bridge/domain';

/** Every way a Data API call can fail, as the export's failure decision needs to tell them apart. */
export enum DataApiErrorCode {
  /** -32029 "Ошибки связанные с лимитами": wait (metadata.limits says how long), then send the same call again. */
  LimitExceeded = 'limit_exceeded',
  /**
   * -32001 (token), -32003 (IP not whitelisted, no permission), -32008 (component), -32009 (account
   * disabled): nothing of this account goes through until someone changes the settings.
   */
  AccessDenied = 'access_denied',
  /** -32602 "Ошибки связанные с валидацией параметров в вызываемом методе": this chat (or call) is wrong; repeating it will not help. */
  InvalidParams = 'invalid_params',
  /** No answer, a timeout, a 5xx, or -32603 (internal error of the server): try again later. */
  Unavailable = 'unavailable',
  /**
   * An answer this client cannot read (not JSON-RPC, a result of another shape) or a protocol error
   * (-32700, -32600, -32601, -32099, ...): the client and the API disagree; repeating will not help.
   */
  UnexpectedAnswer = 'unexpected_answer',
}

const ACCESS_DENIED = new Set([-32001, -32003, -32008, -32009]);

/** The error object of a JSON-RPC answer, as the docs show it ("JSON структура ошибки"). */
export interface DataApiRpcError {
  code: number;
  message: string;
  data?: { mnemonic?: string; field?: string; value?: unknown; metadata?: { limits?: Record<string, unknown> } };
}

export interface DataApiErrorDetails {
  rpcCode?: number;
  mnemonic?: string;
  /** The offending parameter: "Вложенные параметры отображаются через разделитель точка" (chats.3.phone); chats[3].phone is read too. */
  field?: string;
  /** -32029: how long until the spent limit resets, from `metadata.limits`. */
  retryAfterMs?: number;
}

/** chats.3.phone, chats[3].phone, chats.3, chats[3] -> 3. */
const CHAT_FIELD = /^chats(?:\.(\d+)|\[(\d+)\])(?:[.[]|$)/;

/**
 * -32029: "day_reset / minute_reset — Время в секундах через которое ... лимит будет сброшен"
 * (https://comagic.github.io/data_api/, "Лимиты и ограничения"); the spent one decides the wait.
 */
function limitResetMs(limits: Record<string, unknown> | undefined): number | undefined {
  if (!limits) return undefined;
  const n = (key: string) =>
    typeof limits[key] === 'number' && Number.isFinite(limits[key]) ? (limits[key] as number) : undefined;
  const spent = [
    n('day_remaining') !== undefined && n('day_remaining')! <= 0 ? n('day_reset') : undefined,
    n('minute_remaining') !== undefined && n('minute_remaining')! <= 0 ? n('minute_reset') : undefined,
  ].filter((s): s is number => s !== undefined && s >= 0);
  const seconds = spent.length ? Math.max(...spent) : n('minute_reset');
  return seconds === undefined ? undefined : seconds * 1000;
}

export class DataApiError extends DetailedCodedError<DataApiErrorCode, DataApiErrorDetails> {
  /** The position in the call's `chats` of the chat the error names, or null when it names none. */
  get chatIndex(): number | null {
    const match = CHAT_FIELD.exec(this.details.field ?? '');
    return match ? Number(match[1] ?? match[2]) : null;
  }

  static fromRpcError(method: string, error: DataApiRpcError): DataApiError {
    const data = error.data ?? {};
    const retryAfterMs = error.code === -32029 ? limitResetMs(data.metadata?.limits) : undefined;
    const details: DataApiErrorDetails = {
      rpcCode: error.code,
      ...(typeof data.mnemonic === 'string' ? { mnemonic: data.mnemonic } : {}),
      ...(typeof data.field === 'string' && data.field ? { field: data.field } : {}),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
    // The value the user passed is left out of the message: it may be a phone or an email.
    const text = `${method}: ${details.mnemonic ?? error.message} (${error.code})${details.field ? ` in ${details.field}` : ''}`;
    if (error.code === -32029) return new DataApiError(DataApiErrorCode.LimitExceeded, text, details);
    if (ACCESS_DENIED.has(error.code)) return new DataApiError(DataApiErrorCode.AccessDenied, text, details);
    if (error.code === -32602) return new DataApiError(DataApiErrorCode.InvalidParams, text, details);
    if (error.code === -32603) return new DataApiError(DataApiErrorCode.Unavailable, text, details);
    // Protocol errors (-32700, -32600, -32601, -32099), -32004 (order of calls), -32007 (virtual
    // numbers) and codes the docs do not list: about how we call, not about our chats.
    return new DataApiError(DataApiErrorCode.UnexpectedAnswer, text, details);
  }
}
