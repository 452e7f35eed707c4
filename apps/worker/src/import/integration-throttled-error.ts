import { CodedError } from '@carrot-bridge/domain';

export enum IntegrationThrottleCode {
  /** The integration already has its share of CarrotQuest calls in this process: the job comes back later. */
  Busy = 'integration_busy',
  /** CarrotQuest answered the integration 429 a moment ago: nothing of it is called until Retry-After. */
  CoolingDown = 'integration_cooling_down',
}

/** A job not run now because of its integration's share of CarrotQuest (docs/fairness.md): later, as `delayMs` says. */
export class IntegrationThrottledError extends CodedError<IntegrationThrottleCode> {
  constructor(
    code: IntegrationThrottleCode,
    readonly delayMs: number,
    message: string,
  ) {
    super(code, message);
  }
}
