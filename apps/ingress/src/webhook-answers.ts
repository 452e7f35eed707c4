import type { Response } from 'express';

/** Every answer ingress gives, with its HTTP status: the contract CarrotQuest (and docs/pipeline.md) rely on. */
export const ANSWERS = {
  queued: 200,
  duplicate: 200,
  ignored: 200,
  invalid_webhook: 400,
  invalid_token: 401,
  unknown_webhook_key: 404,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  queue_unavailable: 503,
  internal_error: 500,
} as const;
export type AnswerStatus = keyof typeof ANSWERS;

/** Written directly (what res.json writes, without its content negotiation, ETag and freshness checks). */
export function answer(res: Response, status: AnswerStatus, extra: Record<string, unknown> = {}): void {
  const body = JSON.stringify({ status, ...extra });
  res.statusCode = ANSWERS[status];
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}
