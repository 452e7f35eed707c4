/** Every way a Data API call can fail, as the export's failure decision needs to tell them apart. */
export enum DataApiErrorCode {
  /** -32029: the account's points per minute / day are spent; wait, then send the same call again. */
  LimitExceeded = 'limit_exceeded',
  /** -32001 (token), -32003 (method forbidden), -32008 (component missing): nothing of this account can go through. */
  AccessDenied = 'access_denied',
  /** -32602 and other call errors that name a field: this chat (or call) is wrong; repeating it will not help. */
  InvalidParams = 'invalid_params',
  /** No answer, a timeout, a 5xx or a JSON-RPC internal error: try again later. */
  Unavailable = 'unavailable',
}

const ACCESS_DENIED = new Set([-32001, -32003, -32008]);

export interface DataApiErrorDetails {
  rpcCode?: number;
  mnemonic?: string;
  /** The offending field, e.g. `chats[3].phone`. */
  field?: string;
}

export class DataApiError extends Error {
  constructor(
    readonly code: DataApiErrorCode,
    message: string,
    readonly details: DataApiErrorDetails = {},
  ) {
    super(message);
    this.name = 'DataApiError';
  }

  /** The index of the chat in the call that the error names (`chats[3].phone` -> 3), if any. */
  get chatIndex(): number | null {
    const match = /^chats\[(\d+)\]/.exec(this.details.field ?? '');
    return match ? Number(match[1]) : null;
  }

  static fromRpcError(error: { code: number; message: string; data?: { mnemonic?: string; field?: string } }): DataApiError {
    const details = { rpcCode: error.code, ...(error.data?.mnemonic ? { mnemonic: error.data.mnemonic } : {}), ...(error.data?.field ? { field: error.data.field } : {}) };
    const text = `${error.data?.mnemonic ?? error.message} (${error.code})${error.data?.field ? ` in ${error.data.field}` : ''}`;
    if (error.code === -32029) return new DataApiError(DataApiErrorCode.LimitExceeded, text, details);
    if (ACCESS_DENIED.has(error.code)) return new DataApiError(DataApiErrorCode.AccessDenied, text, details);
    if (error.code === -32603 || error.code === -32000) return new DataApiError(DataApiErrorCode.Unavailable, text, details);
    return new DataApiError(DataApiErrorCode.InvalidParams, text, details);
  }
}
