import { expect } from 'chai';
import type { DeliveryBody } from '@carrot-bridge/delivery-log';
import { deliveryLines } from './delivery-lines';
import { terminalSafe } from './terminal-safe';

describe('deliveryLines', () => {
  const body: DeliveryBody = {
    at: '2026-11-28T10:00:01.000Z',
    contentType: 'application/x-www-form-urlencoded',
    encoding: 'form',
    body: '{"type":"event","token":"[redacted]"}',
    truncated: false,
    bytes: 31,
    sha256: null,
  };
  const log = {
    deliveries: [
      {
        at: '2026-11-28T10:00:01.000Z',
        httpStatus: 200,
        status: 'queued',
        kind: 'event',
        eventName: '$conversation_part_group_closed',
        conversationId: '27364519',
        problem: null,
      },
      {
        at: '2026-11-28T10:00:00.000Z',
        httpStatus: 400,
        status: 'invalid_webhook',
        kind: 'event',
        eventName: null,
        conversationId: null,
        problem: 'field "event" is missing',
      },
    ],
    bodies: [body],
  };

  it('prints one line per delivery with its answer and problem', () => {
    expect(deliveryLines(log, false)).to.deep.equal([
      '2026-11-28T10:00:01.000Z  200  queued  $conversation_part_group_closed  27364519',
      '2026-11-28T10:00:00.000Z  400  invalid_webhook  event  -  field "event" is missing',
    ]);
  });

  it('adds the redacted bodies when asked, a body not kept by its digest, and says when there is nothing', () => {
    expect(deliveryLines(log, true).slice(-2)).to.deep.equal([
      '--- body of 2026-11-28T10:00:01.000Z (application/x-www-form-urlencoded, form, 31 bytes)',
      '{"type":"event","token":"[redacted]"}',
    ]);
    const unparsed: DeliveryBody = {
      ...body,
      contentType: 'application/json',
      encoding: 'unparsed',
      body: '',
      bytes: 12,
      sha256: 'ab'.repeat(32),
    };
    expect(deliveryLines({ ...log, bodies: [unparsed] }, true).slice(-1)).to.deep.equal([
      `not understood, so not kept: SHA-256 ${'ab'.repeat(32)}`,
    ]);
    expect(deliveryLines({ deliveries: [], bodies: [] }, true)).to.deep.equal(['no deliveries yet']);
  });

  it('says how many deliveries without the right token were counted', () => {
    const lines = deliveryLines(
      {
        ...log,
        unauthenticated: {
          count: 3,
          lastAt: '2026-11-28T10:00:02.000Z',
          byAnswer: { invalid_token: 2, rate_limited: 1 },
        },
      },
      false,
    );
    expect(lines.at(-1)).to.equal(
      '3 deliveries without the right token counted, not listed (last 2026-11-28T10:00:02.000Z): invalid_token 2, rate_limited 1',
    );
  });

  it('prints received control characters and bidi overrides as visible escapes, never as themselves', () => {
    const hostile = 'a\x1b]52;c;cHduZWQ=\x07b\x1b[2J\r\nc\x7f\x9b\u202eevil\u2066\u2069\x00';
    const lines = deliveryLines(
      {
        deliveries: [{ ...log.deliveries[0]!, eventName: hostile, problem: hostile }],
        bodies: [{ ...body, contentType: hostile, body: hostile }],
      },
      true,
    );
    const printed = lines.join('\n');
    for (const bad of ['\x1b', '\x07', '\r', '\x7f', '\x9b', '\u202e', '\u2066', '\u2069', '\x00'])
      expect(printed, JSON.stringify(bad)).not.to.contain(bad);
    expect(lines.length).to.equal(4);
    expect(lines[3]).to.equal('a\\x1b]52;c;cHduZWQ=\\x07b\\x1b[2J\\x0d\\x0ac\\x7f\\x9b\\u202eevil\\u2066\\u2069\\x00');
  });

  it('leaves other text, Cyrillic and emoji included, as it is', () => {
    expect(terminalSafe('Здравствуйте 👋 \u202f tab-free')).to.equal('Здравствуйте 👋 \u202f tab-free');
  });
});
