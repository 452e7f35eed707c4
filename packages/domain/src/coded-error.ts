/**
 * The one base of the error families (CarrotQuest, Data API, import, console): a stable code the one
 * deciding switch of each family reads, a message for people, and the cause it wraps. Subclasses add
 * only what is theirs (details, field errors) and never anything of the request itself.
 */
export abstract class CodedError<Code extends string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
  }
}

/**
 * A family whose errors carry what its decision and its explanation read besides the code (an HTTP
 * status, an RPC code, a wait). Every detail is optional: an error says what it knows.
 */
export abstract class DetailedCodedError<Code extends string, Details extends object> extends CodedError<Code> {
  constructor(
    code: Code,
    message: string,
    readonly details: Partial<Details> = {},
    options: { cause?: unknown } = {},
  ) {
    super(code, message, options);
  }
}

/** The compiler proves every case of a union is handled; reaching it at run time is a bug. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
