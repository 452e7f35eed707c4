import type { DeliveryRecord } from './delivery-log';
import { REDACTED } from './redact-delivery-body';
import { findTokenTrace } from './token-traces';

/**
 * A text that came from a delivery (its `type`, event name, a problem quoting a field) with the known
 * secrets replaced; a text holding one in an encoded form is replaced whole (it fails closed).
 */
export function redactSecretsInText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length > 0 && out.includes(secret)) out = out.split(secret).join(REDACTED);
  return findTokenTrace(out, secrets) === null ? out : REDACTED;
}

/** Every text of a delivery record, as redactSecretsInText leaves it: what the entries list and the log line hold. */
export function redactDeliveryRecord(record: DeliveryRecord, secrets: readonly string[]): DeliveryRecord {
  if (secrets.length === 0) return record;
  const text = (value: string | null) => (value === null ? null : redactSecretsInText(value, secrets));
  return {
    ...record,
    status: redactSecretsInText(record.status, secrets),
    kind: text(record.kind),
    eventName: text(record.eventName),
    conversationId: text(record.conversationId),
    problem: text(record.problem),
  };
}
