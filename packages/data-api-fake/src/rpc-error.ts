// The Data API's errors as its index page documents them: https://comagic.github.io/data_api/
// ("Обработка ошибок"): {error: {code, message, data: {mnemonic, field, value, params, extended_helper, metadata}}};
// `field` names nested parameters with dots ("Вложенные параметры отображаются через разделитель точка").

/** message and code of each mnemonic the fake uses, copied from the docs' tables. */
export const DOCUMENTED_ERRORS = {
  // "Список ошибок общих для всех методов"
  invalid_request: { code: -32600, message: 'Invalid Request The JSON sent is not a valid Request object' },
  access_token_invalid: { code: -32001, message: 'Access token is invalid' },
  access_token_expired: { code: -32001, message: 'Access token has been expired' },
  limit_exceeded: {
    code: -32029,
    message: 'Limit per minute has been exceeded. Value of current limit per minute is 1000',
  },
  method_component_disabled: {
    code: -32008,
    message:
      'You need at least on of the following components to access this method: Загрузка офлайн-заявок из внешней системы',
  },
  ip_not_whitelisted: { code: -32003, message: 'Your IP 127.0.0.1 is not whitelisted' },
  forbidden: { code: -32003, message: 'Permission denied' },
  account_inactive: { code: -32009, message: 'Your account has been disabled, contact the support service' },
  internal_error: { code: -32603, message: 'Internal error, contact the support service' },
  data_type_error: { code: -32602, message: 'Data supplied is of wrong type' },
  method_not_found: { code: -32601, message: 'The method does not exist / is not available' },
  parse_error: { code: -32700, message: 'Invalid JSON was received by the server.' },
  batch_opreations_not_supported: { code: -32099, message: 'Batch operations not supported' },
  notifications_not_supported: { code: -32099, message: 'Notifications not supported' },
  required_parameter_missed: { code: -32602, message: 'The required parameter has been missed' },
  invalid_parameter_value: { code: -32602, message: 'Invalid parameter value' },
  unexpected_parameters: { code: -32602, message: 'Unexpected method parameter(s)' },
  invalid_parameters_combination: { code: -32602, message: 'The combination of parameters is not permitted' },
  // "Список ошибок общих для методов с глаголом create и update, set, unset" (upload.chats points to a
  // list "для методов с глаголом upload" that the docs do not have; these are the nearest).
  // "Список ошибок общих для методов с глаголом get" (#get).
  sort_prohibited: { code: -32602, message: 'Sort by parameter is prohibited' },
  filter_prohibited: { code: -32602, message: 'Filter by parameter is prohibited' },
  date_interval_limit_reached: { code: -32602, message: 'Max value of requested date interval is 3 months' },
  entity_not_found: { code: -32602, message: 'Entity not found' },
  invalid_date_time: { code: -32602, message: 'Invalid date time' },
} as const;

export type DocumentedMnemonic = keyof typeof DOCUMENTED_ERRORS;

/**
 * How the fake writes a field path. The docs show only a nested object ("employee.phone_number"), not
 * an array element: `dotted` (chats.3.phone) is our reading, `bracketed` (chats[3].phone) the other
 * plausible one, `unindexed` (phone) an answer that names no chat. The client must handle all three.
 */
export type FieldStyle = 'dotted' | 'bracketed' | 'unindexed';

/** A path inside params, e.g. ['chats', 3, 'messages', 0, 'date_time']. */
export type FieldPath = ReadonlyArray<string | number>;

export function formatField(path: FieldPath, style: FieldStyle): string {
  if (style === 'unindexed') return String([...path].reverse().find((p) => typeof p === 'string') ?? '');
  return path.reduce<string>((out, part) => {
    if (typeof part === 'number') return style === 'bracketed' ? `${out}[${part}]` : `${out}.${part}`;
    return out ? `${out}.${part}` : part;
  }, '');
}

export class RpcError extends Error {
  constructor(
    readonly mnemonic: DocumentedMnemonic,
    readonly path?: FieldPath,
    readonly value?: unknown,
    readonly metadata?: Record<string, unknown>,
  ) {
    super(mnemonic);
  }

  get code(): number {
    return DOCUMENTED_ERRORS[this.mnemonic].code;
  }

  toJson(style: FieldStyle) {
    return {
      code: this.code,
      message: DOCUMENTED_ERRORS[this.mnemonic].message,
      data: {
        mnemonic: this.mnemonic,
        ...(this.path ? { field: formatField(this.path, style) } : {}),
        ...(this.value !== undefined
          ? { value: typeof this.value === 'string' ? this.value : JSON.stringify(this.value) }
          : {}),
        ...(this.metadata ? { metadata: this.metadata } : {}),
      },
    };
  }
}
