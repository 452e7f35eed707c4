/** `code` is short and from a fixed set (metrics label); `reason` is the sentence for people. */
export type FailureDecision =
  /** Try again after the job's backoff; consumes an attempt. */
  | { action: 'retry'; code: string; reason: string }
  /** Try again after `delayMs` without consuming an attempt (the remote side asked us to slow down). */
  | { action: 'wait'; code: string; delayMs: number; reason: string }
  /**
   * Not run now, its integration at its share of the worker (docs/fairness.md): later, after `delayMs`,
   * spending neither an attempt nor one of the job's waits (it is not the remote side asking).
   */
  | { action: 'defer'; code: string; delayMs: number; reason: string }
  /** No later attempt can succeed: fail now, keep the job in the failed set with the reason. */
  | { action: 'give-up'; code: string; reason: string; keyInvalid: boolean };

export type GiveUpDecision = Extract<FailureDecision, { action: 'give-up' }>;
