import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import { SecretBox } from '@carrot-bridge/secrets';
import { createTestDatabase, integrationRow, seedAccountCatalog, type TestDatabase } from '@carrot-bridge/test-support';

// The invariants the schema promises, proven against a database built by the committed migrations.
describe('schema invariants (PostgreSQL)', function () {
  this.timeout(60_000);
  let t: TestDatabase;
  const a = { account: randomUUID(), site: randomUUID(), campaign: randomUUID(), tag: randomUUID() };
  const b = { account: randomUUID(), site: randomUUID(), campaign: randomUUID(), tag: randomUUID() };
  let integrationId: string;
  const secretBox = new SecretBox(randomBytes(32).toString('base64'));

  before(async () => {
    t = await createTestDatabase('db_invariants');
    for (const acc of [a, b]) {
      await seedAccountCatalog(t.db, {
        id: acc.account,
        sites: [{ id: acc.site, domain: 'shop.example.ru', systemCampaignId: acc.campaign }],
        tags: [{ id: acc.tag, name: 'CarrotQuest' }],
      });
    }
    const integration = await t.db.carrotQuestIntegration.create({
      data: integrationRow(
        secretBox,
        { accountId: a.account, apiKey: 'app.1.abcd' },
        { name: 'i', trafficType: 'campaign', defaultCampaignId: a.campaign },
      ).data,
    });
    integrationId = integration.id;
  });
  after(async () => t?.drop());

  const chat = (over: Record<string, unknown> = {}) => ({
    accountId: a.account,
    integrationId,
    conversationId: randomUUID(),
    carrotUserId: '1',
    channel: 'widget' as const,
    startedAt: new Date(),
    attributionKind: 'default' as const,
    ...over,
  });

  it('refuses an integration whose default campaign belongs to another account', async () => {
    const error = await t.db.carrotQuestIntegration
      .create({
        data: integrationRow(
          secretBox,
          { accountId: a.account, apiKey: 'app.1.wxyz' },
          { name: 'i2', defaultCampaignId: b.campaign },
        ).data,
      })
      .catch((e: unknown) => e);
    expect(error).to.have.property('code', 'P2003');
  });

  it('refuses a messenger mapping to another account’s campaign', async () => {
    const error = await t.db.messengerMapping
      .create({ data: { integrationId, accountId: a.account, messenger: 'telegram', campaignId: b.campaign } })
      .catch((e: unknown) => e);
    expect(error).to.have.property('code', 'P2003');
  });

  it('allows one mapping per messenger per integration', async () => {
    await t.db.messengerMapping.create({
      data: { integrationId, accountId: a.account, messenger: 'vk', campaignId: a.campaign },
    });
    const error = await t.db.messengerMapping
      .create({ data: { integrationId, accountId: a.account, messenger: 'vk', campaignId: a.campaign } })
      .catch((e: unknown) => e);
    expect(error).to.have.property('code', 'P2002');
  });

  it('keeps one chat per question of a conversation per integration', async () => {
    await t.db.chat.create({ data: chat({ conversationId: '27364519', questionId: '1' }) });
    const error = await t.db.chat
      .create({ data: chat({ conversationId: '27364519', questionId: '1' }) })
      .catch((e: unknown) => e);
    expect(error).to.have.property('code', 'P2002');
    // Another question of the same conversation is a chat of its own.
    await t.db.chat.create({ data: chat({ conversationId: '27364519', questionId: '2' }) });
  });

  it('refuses a chat that claims another account’s integration', async () => {
    const error = await t.db.chat.create({ data: chat({ accountId: b.account }) }).catch((e: unknown) => e);
    expect(error).to.have.property('code', 'P2003');
  });

  it('keeps one message per CarrotQuest part in a chat, and one row per chat tag', async () => {
    const created = await t.db.chat.create({ data: chat() });
    const message = {
      chatId: created.id,
      partId: '880012401',
      sentAt: new Date(),
      author: 'visitor' as const,
      partType: 'reply_user',
    };
    await t.db.chatMessage.create({ data: message });
    expect(await t.db.chatMessage.create({ data: message }).catch((e: unknown) => e)).to.have.property('code', 'P2002');
    await t.db.chatTag.create({ data: { accountId: a.account, chatId: created.id, tagId: a.tag } });
    expect(
      await t.db.chatTag
        .create({ data: { accountId: a.account, chatId: created.id, tagId: a.tag } })
        .catch((e: unknown) => e),
    ).to.have.property('code', 'P2002');
  });

  it('refuses to tag a chat with another account’s tag', async () => {
    const created = await t.db.chat.create({ data: chat() });
    const error = await t.db.chatTag
      .create({ data: { accountId: a.account, chatId: created.id, tagId: b.tag } })
      .catch((e: unknown) => e);
    expect(error).to.have.property('code', 'P2003');
  });
});
