import { expect } from 'chai';
import { REDACTED } from './redact-delivery-body';
import { redactDeliveryRecord, redactSecretsInText } from './redact-delivery-record';

const TOKEN = 'Wq7tok3n/Zx9+Rv2Lp-5c81e';

describe('redactDeliveryRecord', () => {
  it('removes the token from every text of the record, as text or encoded', () => {
    const record = redactDeliveryRecord(
      {
        at: '2026-12-03T10:00:00.000Z',
        httpStatus: 200,
        status: 'ignored',
        kind: TOKEN,
        eventName: encodeURIComponent(TOKEN),
        conversationId: '27364519',
        problem: `not an event webhook (${TOKEN})`,
      },
      [TOKEN],
    );
    expect(record).to.deep.equal({
      at: '2026-12-03T10:00:00.000Z',
      httpStatus: 200,
      status: 'ignored',
      kind: REDACTED,
      eventName: REDACTED,
      conversationId: '27364519',
      problem: `not an event webhook (${REDACTED})`,
    });
  });

  it('leaves text without the token as it is', () => {
    expect(redactSecretsInText('not an event webhook (message_webhook)', [TOKEN])).to.equal(
      'not an event webhook (message_webhook)',
    );
  });
});
