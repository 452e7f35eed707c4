import { expect } from 'chai';
import sinon from 'sinon';
import type { Database } from '@carrot-bridge/db';
import { IntegrationCache } from './integration-cache';

/** A Database double that answers findUnique with what `rows` holds now. */
type Row = { id: string; active: boolean; deletedAt?: Date | null; keyStatus?: string };
function fakeDb(rows: Map<string, Row>) {
  const findUnique = sinon.spy(async ({ where }: { where: { id: string } }) => rows.get(where.id) ?? null);
  return { db: { carrotQuestIntegration: { findUnique } } as unknown as Database, findUnique };
}

describe('IntegrationCache', () => {
  it('reads the settings once per TTL and again after it expires', async () => {
    let now = 0;
    const rows = new Map<string, Row>([['i1', { id: 'i1', active: true }]]);
    const { db, findUnique } = fakeDb(rows);
    const cache = new IntegrationCache(db, 5_000, 100, () => now);
    for (let i = 0; i < 10; i += 1) expect(await cache.get('i1')).to.deep.include({ active: true });
    expect(findUnique.callCount).to.equal(1);
    rows.set('i1', { id: 'i1', active: false });
    now = 5_001;
    expect(await cache.get('i1')).to.deep.include({ active: false });
    expect(findUnique.callCount).to.equal(2);
  });

  it('forgets an integration on demand (this worker found its key rejected)', async () => {
    const { db, findUnique } = fakeDb(new Map([['i1', { id: 'i1', active: true }]]));
    const cache = new IntegrationCache(db, 60_000);
    await cache.get('i1');
    cache.forget('i1');
    await cache.get('i1');
    expect(findUnique.callCount).to.equal(2);
  });

  it('never keeps settings that would skip or fail a job (inactive, deleted, key rejected)', async () => {
    const rows = new Map<string, Row>([
      ['off', { id: 'off', active: false }],
      ['gone', { id: 'gone', active: true, deletedAt: new Date() }],
      ['bad-key', { id: 'bad-key', active: true, keyStatus: 'invalid' }],
    ]);
    const { db, findUnique } = fakeDb(rows);
    const cache = new IntegrationCache(db, 60_000);
    for (const id of ['off', 'gone', 'bad-key', 'missing']) {
      await cache.get(id);
      await cache.get(id);
    }
    expect(findUnique.callCount).to.equal(8);
  });

  it('with TTL 0 reads every time', async () => {
    const { db, findUnique } = fakeDb(new Map());
    const cache = new IntegrationCache(db, 0);
    await cache.get('x');
    await cache.get('x');
    expect(findUnique.callCount).to.equal(2);
  });
});
