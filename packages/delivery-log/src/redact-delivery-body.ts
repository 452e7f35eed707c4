// A webhook body as it may be shown to an operator: the fields as the ingress understood them (form
// fields, JSON, either after base64), with every secret-like field (by name, the list the logs use:
// isSecretKeyName) and every occurrence of a known secret replaced. It works on parsed keys
// and values, never on raw text: an escaped key ("tok\u0065n"), a percent- or base64-encoded body and
// JSON inside a JSON string are all read as the ingress read them before anything is looked at.
// A stranger controls every byte, so the walk is bounded in depth and in total work; what is past the
// bounds is not kept (never kept unredacted). Last, the redacted text is searched for the known secrets
// in every encoded form (token-traces.ts): a form the walk did not open (percent-encoded or base64
// inside a field, \u-escaped in a string) means the body is not kept at all: it fails closed.

import { isSecretKeyName } from '@carrot-bridge/logging';
import { findTokenTrace } from './token-traces';

export const REDACTED = '[redacted]';

/** JSON inside a JSON string inside...: how many such levels are opened. Deeper strings are not kept. */
export const MAX_NESTED_JSON_LEVELS = 3;
/** Objects and arrays inside each other; a deeper body is not kept at all. */
export const MAX_STRUCTURE_DEPTH = 64;
/** Nodes visited plus characters parsed, for one body: linear in its size whatever its shape. */
export const MAX_REDACTION_WORK = 1_000_000;

export interface RedactionOptions {
  /** Parses nested JSON text; must keep integers past 2^53 exact (the ingress passes parseExactJson). */
  parseJson: (text: string) => unknown;
  /** Exact secrets (the webhook token the delivery was authenticated with) removed wherever they appear. */
  secrets?: readonly string[] | undefined;
}

class OverBudget extends Error {}

function looksLikeJson(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
    return c === 0x7b || c === 0x5b; // { or [
  }
  return false;
}

class Redactor {
  private work = 0;
  private readonly secrets: readonly string[];

  constructor(private readonly options: RedactionOptions) {
    this.secrets = (options.secrets ?? []).filter((s) => s.length > 0);
  }

  private spend(units: number): void {
    this.work += units;
    if (this.work > MAX_REDACTION_WORK) throw new OverBudget();
  }

  private scrub(text: string): string {
    let out = text;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  }

  value(value: unknown, depth: number, jsonLevel: number): unknown {
    this.spend(1);
    if (depth > MAX_STRUCTURE_DEPTH) throw new OverBudget();
    if (typeof value === 'string') return this.string(value, depth, jsonLevel);
    if (Array.isArray(value)) return value.map((item) => this.value(item, depth + 1, jsonLevel));
    if (value !== null && typeof value === 'object') {
      // No prototype: a "__proto__" key stays a plain key of the copy.
      const out = Object.create(null) as Record<string, unknown>;
      for (const key of Object.keys(value)) {
        this.spend(key.length);
        out[this.scrub(key)] = isSecretKeyName(key)
          ? REDACTED
          : this.value((value as Record<string, unknown>)[key], depth + 1, jsonLevel);
      }
      return out;
    }
    if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
    // Nothing else comes out of a form or JSON parser; anything else is not shown.
    return String(typeof value);
  }

  private string(text: string, depth: number, jsonLevel: number): string {
    if (!looksLikeJson(text)) return this.scrub(text);
    // JSON text in a field is opened and redacted by its keys, then written back as JSON text.
    if (jsonLevel >= MAX_NESTED_JSON_LEVELS) return `[JSON nested too deep: ${text.length} characters not kept]`;
    this.spend(text.length);
    let parsed: unknown;
    try {
      parsed = this.options.parseJson(text);
    } catch {
      // Unreadable JSON cannot be redacted by key: it is not kept.
      return `[unreadable JSON: ${text.length} characters not kept]`;
    }
    const serialised = JSON.stringify(this.value(parsed, depth + 1, jsonLevel + 1));
    this.spend(serialised.length);
    return serialised;
  }
}

/**
 * The understood fields, redacted, as JSON text; null when the body is past the bounds or a secret is
 * still in it in some encoded form (then only its size and digest are kept). Integers past 2^53 arrive as exact decimal text from the parser and stay so.
 */
export function redactUnderstoodBody(fields: unknown, options: RedactionOptions): string | null {
  try {
    const redacted = JSON.stringify(new Redactor(options).value(fields, 0, 0));
    return findTokenTrace(redacted, options.secrets ?? []) === null ? redacted : null;
  } catch (error) {
    if (error instanceof OverBudget || error instanceof RangeError) return null;
    throw error;
  }
}
