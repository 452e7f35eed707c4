import { expect } from 'chai';
import { auditLine, auditLines } from './audit-lines';

describe('pnpm cq audit lines', () => {
  const event = {
    at: '2026-12-03T13:30:35.123Z',
    actor: { kind: 'person', label: 'anna@shop.example' },
    action: 'integration.updated',
    targetId: '0b5e1c3a-1f2d-4c1e-9a7b-2d4f6e8a0c1b',
    details: { changed: ['name'] },
  };

  it('prints one line per event: time in UTC, who, the Russian label and the action, target, details', () => {
    expect(auditLine(event)).to.equal(
      '2026-12-03 13:30:35 UTC  anna@shop.example  Изменены настройки (integration.updated)  0b5e1c3a-1f2d-4c1e-9a7b-2d4f6e8a0c1b  {"changed":["name"]}',
    );
    expect(auditLine({ ...event, action: 'something.new', targetId: null, details: null })).to.equal(
      '2026-12-03 13:30:35 UTC  anna@shop.example  something.new (something.new)',
    );
  });

  it('ends with how to read older events, or says there are none', () => {
    expect(auditLines('acc', { events: [event], next: 'CUR' }).at(-1)).to.equal(
      'older events: pnpm cq audit --account acc --before CUR',
    );
    expect(auditLines('acc', { events: [event], next: null }).at(-1)).to.equal('1 event(s), no older ones');
    expect(auditLines('acc', { events: [], next: null })).to.deep.equal(['no audit events']);
  });
});
