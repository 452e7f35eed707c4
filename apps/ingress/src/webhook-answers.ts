import type { Response } from 'express';

/** Every answer ingress gives, with its HTTP status: the contract CarrotQuest (and README) rely on. */
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

export function answer(res: Response, status: AnswerStatus, extra: Record<string, unknown> = {}): void {
  res.status(ANSWERS[status]).json({ status, ...extra });
}
