import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import sinon from 'sinon';
import { FakeCarrotQuest } from '@carrot-bridge/carrotquest-fake';
import { apiKeyColumns, SecretBox } from '@carrot-bridge/secrets';
import { IntegrationCarrotQuestAccess } from './integration-carrotquest-access';

describe('IntegrationCarrotQuestAccess.clientFor', () => {
  const fake = new FakeCarrotQuest();
  let baseUrl: string;
  before(async () => {
    baseUrl = await fake.start();
    fake.addApp('app.1.old');
    fake.addApp('app.1.new');
    // Each key sees its own app's conversation only: which one a client reads says which key it sends.
    fake.addChat('app.1.old', { conversationId: '501', userId: '601', channel: 'widget', messages: 2 });
    fake.addChat('app.1.new', { conversationId: '502', userId: '602', channel: 'widget', messages: 2 });
  });
  after(() => fake.stop());

  it('opens the key once per integration while its sealed key stays the same, and uses a newly saved key at once', async () => {
    const box = new SecretBox(randomBytes(32).toString('base64'));
    const decrypt = sinon.spy(box, 'decrypt');
    const access = new IntegrationCarrotQuestAccess({
      secretBox: box,
      carrotQuestBaseUrl: baseUrl,
      carrotQuestTimeoutMs: 2_000,
    });
    const row = { id: 'i-1', apiBaseUrl: null, ...apiKeyColumns(box, 'i-1', null, 'app.1.old') };

    const first = access.clientFor(row);
    expect(access.clientFor({ ...row })).to.equal(first);
    expect(decrypt.callCount).to.equal(1);
    expect((await first.getConversation('501')).id).to.equal('501');

    // Saving a key seals it again: another ciphertext, so a fresh client with the new key.
    const saved = { ...row, ...apiKeyColumns(box, 'i-1', null, 'app.1.new') };
    const second = access.clientFor(saved);
    expect(second).to.not.equal(first);
    expect(decrypt.callCount).to.equal(2);
    expect((await second.getConversation('502')).id).to.equal('502');
    await second.getConversation('501').then(
      () => expect.fail('the old key was used'),
      (error: Error) => expect(error.message).to.match(/not found|404|LookupError/i),
    );
  });

  it('keeps at most maxClients clients, forgetting the least recently built', () => {
    const box = new SecretBox(randomBytes(32).toString('base64'));
    const access = new IntegrationCarrotQuestAccess(
      { secretBox: box, carrotQuestBaseUrl: baseUrl, carrotQuestTimeoutMs: 2_000 },
      2,
    );
    const rows = ['a', 'b', 'c'].map((id) => ({
      id,
      apiBaseUrl: null,
      ...apiKeyColumns(box, id, null, `app.1.${id}`),
    }));
    const [a, b] = [access.clientFor(rows[0]!), access.clientFor(rows[1]!)];
    access.clientFor(rows[2]!);
    expect(access.clientFor(rows[1]!)).to.equal(b);
    expect(access.clientFor(rows[0]!)).to.not.equal(a);
  });
});
