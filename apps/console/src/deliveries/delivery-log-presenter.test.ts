import { expect } from 'chai';
import type { DeliveryBody, DeliveryRecord } from '@carrot-bridge/delivery-log';
import { presentDeliveryLog } from './delivery-log-presenter';

const entry = (at: string, conversationId: string | null, over: Partial<DeliveryRecord> = {}): DeliveryRecord => ({
  at,
  httpStatus: 200,
  status: 'queued',
  kind: 'event',
  eventName: '$conversation_part_group_closed',
  conversationId,
  problem: null,
  ...over,
});
const body = (at: string, over: Partial<DeliveryBody> = {}): DeliveryBody => ({
  at,
  contentType: 'application/x-www-form-urlencoded',
  encoding: 'form',
  body: '{}',
  truncated: false,
  bytes: 2,
  sha256: null,
  ...over,
});
const unauthenticated = { count: 0, lastAt: null, byAnswer: {} };

describe('the delivery log as the page gets it', () => {
  it('adds the answer and the reason in Russian, keeping the English problem', () => {
    const refused = entry('2026-12-03T08:07:53.000Z', null, {
      httpStatus: 400,
      status: 'invalid_webhook',
      problem: 'The body is not valid JSON',
    });
    const { deliveries } = presentDeliveryLog({ deliveries: [refused], bodies: [], unauthenticated });
    expect(deliveries[0]).to.deep.include({
      answer: 'не разобрана',
      reason: 'Тело — некорректный JSON',
      problem: 'The body is not valid JSON',
    });
  });

  it("names each body's conversation: its own, else the one entry of its moment, else none", () => {
    const log = presentDeliveryLog({
      deliveries: [
        entry('2026-12-03T08:00:02.000Z', '22'),
        entry('2026-12-03T08:00:01.000Z', '11'),
        entry('2026-12-03T08:00:01.000Z', '12'),
      ],
      bodies: [
        body('2026-12-03T08:00:03.000Z', { kind: 'conversation', eventName: null, conversationId: '33' }),
        body('2026-12-03T08:00:02.000Z'),
        body('2026-12-03T08:00:01.000Z'),
      ],
      unauthenticated,
    });
    expect(log.bodies.map((b) => [b.kind, b.conversationId])).to.deep.equal([
      ['conversation', '33'],
      ['event', '22'],
      // Two entries of that moment: which one the body was is not known, so none is named.
      [null, null],
    ]);
  });
});
