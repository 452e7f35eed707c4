import { expect } from 'chai';
import { CarrotQuestError, CarrotQuestErrorCode } from '@carrot-bridge/carrotquest';
import { MissingReferenceError } from '@carrot-bridge/db';
import { decideFailure } from './decide-failure';
import { IntegrationThrottleCode, IntegrationThrottledError } from './integration-throttled-error';

describe('decideFailure', () => {
  it('gives up on a chat pointing at a deleted campaign, source, site, employee or tag: no retry can succeed before the settings are fixed', () => {
    const decision = decideFailure(
      new MissingReferenceError('insert or update on table "ChatTag" violates foreign key constraint'),
    );
    expect(decision).to.include({ action: 'give-up', code: 'missing_reference' });
  });

  it('retries what it does not know (a database that went away)', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(decideFailure(refused)).to.include({ action: 'retry', code: 'unexpected' });
  });
});

describe('decideFailure: an integration at its share of CarrotQuest', () => {
  it('defers a job turned away for its integration being busy, spending neither attempt nor wait', () => {
    const busy = new IntegrationThrottledError(IntegrationThrottleCode.Busy, 700, 'busy');
    expect(decideFailure(busy)).to.deep.include({ action: 'defer', code: 'integration_busy', delayMs: 700 });
  });

  it('defers a job turned away while its integration cools down after another job’s 429: no wait of its own spent', () => {
    const cooling = new IntegrationThrottledError(IntegrationThrottleCode.CoolingDown, 3_000, 'cooling');
    expect(decideFailure(cooling)).to.deep.include({
      action: 'defer',
      code: 'integration_cooling_down',
      delayMs: 3_000,
    });
  });

  it('waits out a 429 answered to the job itself, as one of its waits', () => {
    const limited = new CarrotQuestError(CarrotQuestErrorCode.RateLimited, '429', { retryAfterMs: 1_000 });
    expect(decideFailure(limited)).to.deep.include({
      action: 'wait',
      code: 'carrotquest_rate_limited',
      delayMs: 1_000,
    });
  });
});
