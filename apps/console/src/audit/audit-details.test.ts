import { expect } from 'chai';
import { cleanDetails, SECRET_CHANGED } from './audit-details';
import { decodeAuditCursor, encodeAuditCursor } from './audit-page';

describe('audit details: what an event may keep', () => {
  it('stores a value under a secret-like name as «изменён», at any depth, whatever the value', () => {
    const cleaned = cleanDetails({
      changed: ['apiKey', 'exportToken'],
      apiKey: 'cq-live-key',
      new: { webhookToken: 'wh', password: 'hunter2', name: 'Сайт', nested: { access_key: { raw: 'k' } } },
      authorization: 'Bearer cbt_x',
      author: 'anna@shop.example',
      token: true,
    });
    expect(cleaned).to.deep.equal({
      changed: ['apiKey', 'exportToken'],
      apiKey: SECRET_CHANGED,
      new: {
        webhookToken: SECRET_CHANGED,
        password: SECRET_CHANGED,
        name: 'Сайт',
        nested: { access_key: SECRET_CHANGED },
      },
      authorization: SECRET_CHANGED,
      // `author` is not `auth`: the shared key-name check reads words.
      author: 'anna@shop.example',
      token: SECRET_CHANGED,
    });
    expect(SECRET_CHANGED).to.equal('изменён');
  });

  it('keeps short facts only: a long text is cut, what is not JSON is dropped', () => {
    const cleaned = cleanDetails({
      note: 'x'.repeat(500),
      when: new Date('2026-01-02T03:04:05Z'),
      count: Number.NaN,
      skipped: undefined,
      call: () => 1,
    });
    expect((cleaned.note as string).length).to.equal(201);
    expect(cleaned).to.deep.include({ when: '2026-01-02T03:04:05.000Z', count: null, call: null });
    expect(cleaned).not.to.have.property('skipped');
  });

  it('reads back only the cursors it gives out', () => {
    const cursor = { at: new Date('2026-12-03T10:00:00.123Z'), id: '0b5e1c3a-1f2d-4c1e-9a7b-2d4f6e8a0c1b' };
    expect(decodeAuditCursor(encodeAuditCursor(cursor))).to.deep.equal(cursor);
    for (const bad of ['', 'not-a-cursor', Buffer.from('2026-12-03|x').toString('base64url')]) {
      expect(decodeAuditCursor(bad), bad).to.equal(null);
    }
    const extra = Buffer.from(`${cursor.at.toISOString()}|${cursor.id}|more`).toString('base64url');
    expect(decodeAuditCursor(extra)).to.equal(null);
  });
});
