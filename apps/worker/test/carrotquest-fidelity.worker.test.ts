import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { WorkerHarness } from './worker-harness';

// What the documented CarrotQuest API means for an imported chat (issue #11): long chats arrive whole,
// messengers are known by the conversation's channel, and ids past 2^53 survive end to end.
describe('import against the documented CarrotQuest API (real Redis, PostgreSQL, fake over HTTP)', function () {
  this.timeout(30_000);
  const h = new WorkerHarness();
  before(() => h.start());
  after(() => h.stop());

  it('reads every page of a long chat: the first message, and the phone only it holds, arrive', async () => {
    const key = `key-${randomUUID()}`;
    const integration = await h.createIntegration(key);
    const texts = [
      'Здравствуйте, мой телефон +7 912 000-11-22, перезвоните',
      ...Array.from({ length: 26 }, (_, i) => `Сообщение ${i + 2}`),
    ];
    h.fake.addChat(key, { conversationId: '41000001', userId: '1041000001', texts });
    const job = await h.run(h.jobData(integration.id, '41000001'));
    expect(await job.getState(), job.failedReason).to.equal('completed');
    const chat = await h.chat(integration.id, '41000001');
    expect(chat!.messages).to.have.length(27);
    expect(chat!.messages[0]!.text).to.equal(texts[0]);
    expect(chat).to.deep.include({ contactPhone: '+79120001122', firstVisitorMessage: texts[0], messagesCount: 27 });
    // 27 parts, 4 per page: seven pages read, newest first, each from the position the previous answer gave.
    const pages = h.fake.requestsTo('/conversations/41000001/parts');
    expect(pages).to.have.length(7);
    expect(pages.every((r) => r.status === 200 && r.query.id_as_string === 'true')).to.equal(true);
  });

  it('files a messenger chat known only by its channel under that messenger, keeping the raw value', async () => {
    const key = `key-${randomUUID()}`;
    const integration = await h.createIntegration(key);
    // No external_service, no sent_via=integrations: only the documented `channel` says it is WhatsApp.
    const built = h.fake.addChat(key, { conversationId: '41000002', userId: '1041000002', channel: 'whatsapp' });
    expect(built.conversation).not.to.have.property('external_service');
    expect(built.parts).to.have.length.above(0);
    expect(built.parts.some((p) => p.sent_via === 'integrations')).to.equal(false);
    const job = await h.run(h.jobData(integration.id, '41000002'));
    expect(await job.getState(), job.failedReason).to.equal('completed');
    expect(await h.chat(integration.id, '41000002')).to.deep.include({ channel: 'whatsapp', channelRaw: 'whatsapp' });
  });

  it('stores conversation, user and part ids past 2^53 exactly', async () => {
    const key = `key-${randomUUID()}`;
    const integration = await h.createIntegration(key);
    const conversationId = '9223372036854775001';
    const userId = '18446744073709551001';
    h.fake.addChat(key, { conversationId, userId, messages: 3 });
    const job = await h.run(h.jobData(integration.id, conversationId, { carrotUserId: userId }));
    expect(await job.getState(), job.failedReason).to.equal('completed');
    const chat = await h.chat(integration.id, conversationId);
    expect(chat).to.deep.include({ conversationId, carrotUserId: userId });
    expect(chat!.messages.map((m) => m.partId)).to.deep.equal([
      `${conversationId}000`,
      `${conversationId}001`,
      `${conversationId}002`,
    ]);
  });

  it("records the conversation's last_update on the chat", async () => {
    const key = `key-${randomUUID()}`;
    const integration = await h.createIntegration(key);
    h.fake.addChat(key, {
      conversationId: '41000004',
      userId: '1041000004',
      createdAt: 1_764_000_000,
      lastUpdate: 1_764_000_777,
    });
    const job = await h.run(h.jobData(integration.id, '41000004'));
    expect(await job.getState(), job.failedReason).to.equal('completed');
    expect((await h.chat(integration.id, '41000004'))!.carrotUpdatedAt!.toISOString()).to.equal(
      new Date(1_764_000_777_000).toISOString(),
    );
  });
});
