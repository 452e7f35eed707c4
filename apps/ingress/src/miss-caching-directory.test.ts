import { expect } from 'chai';
import sinon from 'sinon';
import type { WebhookDirectoryEntry } from '@carrot-bridge/webhook-directory';
import { MissCachingDirectory } from './miss-caching-directory';

const entry: WebhookDirectoryEntry = {
  integrationId: '00000000-0000-4000-8000-000000000001',
  accountId: '00000000-0000-4000-8000-000000000002',
  active: true,
  tokenHash: null,
};

describe('MissCachingDirectory', () => {
  it('asks Redis once per unknown key within the TTL, and again after it', async () => {
    let now = 0;
    const lookup = sinon.stub().resolves(null);
    const directory = new MissCachingDirectory({ lookup }, 5_000, 100, () => now);
    for (let i = 0; i < 100; i += 1) expect(await directory.lookup('wrong')).to.equal(null);
    expect(lookup.callCount).to.equal(1);
    now = 5_001;
    lookup.resolves(entry);
    expect(await directory.lookup('wrong')).to.deep.equal(entry);
    expect(lookup.callCount).to.equal(2);
  });

  it('never caches a known key: a deactivation is seen on the next request', async () => {
    const lookup = sinon.stub().resolves(entry);
    const directory = new MissCachingDirectory({ lookup }, 5_000, 100);
    await directory.lookup('known');
    lookup.resolves({ ...entry, active: false });
    expect(await directory.lookup('known')).to.deep.include({ active: false });
    expect(lookup.callCount).to.equal(2);
  });

  it('stays bounded under random keys, dropping the oldest misses first', async () => {
    const lookup = sinon.stub().resolves(null);
    const directory = new MissCachingDirectory({ lookup }, 60_000, 3);
    for (const key of ['a', 'b', 'c', 'd']) await directory.lookup(key);
    await directory.lookup('a');
    await directory.lookup('d');
    expect(lookup.args.map((a) => a[0])).to.deep.equal(['a', 'b', 'c', 'd', 'a']);
  });
});
