// What an audit event may keep besides who and what: field names, ids, counts and outcomes. A secret
// never: any value under a secret-like name (the same check the logs use) is replaced, whatever it is.
import { isSecretKeyName } from '@carrot-bridge/logging';

/** Stands for a secret's new value: the log says it changed, never what to. */
export const SECRET_CHANGED = 'изменён';

export type AuditDetailValue = string | number | boolean | null | AuditDetailValue[] | AuditDetails;
export interface AuditDetails {
  [key: string]: AuditDetailValue;
}

// Details are short facts: a longer text is not one (a message pasted by mistake is cut, not kept).
const MAX_TEXT = 200;
const MAX_DEPTH = 4;
const MAX_ITEMS = 100;

function cleanValue(value: unknown, depth: number): AuditDetailValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (depth >= MAX_DEPTH) return null;
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((item) => cleanValue(item, depth + 1));
  if (typeof value === 'object') return cleanDetails(value as Record<string, unknown>, depth + 1);
  return null;
}

/**
 * A copy of `details` fit for the audit log: values under secret-like names become «изменён», other
 * values are kept as JSON scalars, arrays and objects (long texts cut, functions and the like dropped).
 */
export function cleanDetails(details: Record<string, unknown>, depth = 0): AuditDetails {
  const out: AuditDetails = {};
  for (const [key, value] of Object.entries(details)) {
    if (value === undefined) continue;
    out[key] = isSecretKeyName(key) ? SECRET_CHANGED : cleanValue(value, depth);
  }
  return out;
}
