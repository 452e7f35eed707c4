import { expect } from 'chai';
import { deliveryLines } from './delivery-lines';

describe('deliveryLines', () => {
  const log = {
    deliveries: [
      { at: '2026-11-28T10:00:01.000Z', httpStatus: 200, status: 'queued', kind: 'event', eventName: '$conversation_part_group_closed', conversationId: '27364519', problem: null },
      { at: '2026-11-28T10:00:00.000Z', httpStatus: 401, status: 'invalid_token', kind: 'event', eventName: null, conversationId: null, problem: 'The webhook token does not match' },
    ],
    bodies: [{ at: '2026-11-28T10:00:01.000Z', contentType: 'application/x-www-form-urlencoded', body: 'type=event&token=%5Bredacted%5D', truncated: false }],
  };

  it('prints one line per delivery with its answer and problem', () => {
    expect(deliveryLines(log, false)).to.deep.equal([
      '2026-11-28T10:00:01.000Z  200  queued  $conversation_part_group_closed  27364519',
      '2026-11-28T10:00:00.000Z  401  invalid_token  event  -  The webhook token does not match',
    ]);
  });

  it('adds the redacted bodies when asked, and says when there is nothing', () => {
    expect(deliveryLines(log, true).slice(-2)).to.deep.equal(['--- body of 2026-11-28T10:00:01.000Z (application/x-www-form-urlencoded)', 'type=event&token=%5Bredacted%5D']);
    expect(deliveryLines({ deliveries: [], bodies: [] }, true)).to.deep.equal(['no deliveries yet']);
  });
});
