import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { SESSION_PROPS } from '@carrot-bridge/domain';
import { IDS, WorkerHarness } from './worker-harness';

// Issue #23: a chat is one question of a CarrotQuest conversation (part_group), on real Redis and
// PostgreSQL against the fake CarrotQuest (4 parts a page, newest first, as the docs page them).

const DAY = 86_400;
const now = () => Math.floor(Date.now() / 1000);
const captured = (sessionId: string, startedAt: number) => ({
  [SESSION_PROPS.sessionId]: sessionId,
  [SESSION_PROPS.sessionStartedAt]: new Date(startedAt * 1000).toISOString(),
});

describe('one chat per question', function () {
  this.timeout(120_000);
  const h = new WorkerHarness();
  let sequence = 0;
  const nextConversation = () => String(960_000_000 + (sequence += 1) * 1000);
  const nextUser = () => String(1_960_000_000 + (sequence += 1));

  before(() => h.start());
  after(() => h.stop());

  /** A tracker session of the account that brought the visitor from `campaignId`, started at `startedAt`. */
  async function adSession(campaignId: string, startedAt: number): Promise<string> {
    const externalId = String(7_000_000_000 + (sequence += 1));
    await h.t.db.visitorSession.create({
      data: { accountId: IDS.account, externalId, siteId: IDS.site, campaignId, startedAt: new Date(startedAt * 1000) },
    });
    return externalId;
  }

  async function campaignIntegration() {
    const key = `key-${randomUUID()}`;
    const integration = await h.createIntegration(key, {
      trafficType: 'campaign',
      defaultCampaignId: IDS.campaignDefault,
      defaultSourceId: null,
      defaultSiteId: null,
    });
    return { key, integration };
  }

  it('three questions over 60 days, each after its own ad session, are three chats with their own start, transcript and campaign', async () => {
    const { key, integration } = await campaignIntegration();
    const google = await h.t.db.campaign.create({
      data: { accountId: IDS.account, siteId: IDS.site, name: 'Google Ads' },
    });
    const conversationId = nextConversation();
    const userId = nextUser();
    const starts = [now() - 60 * DAY, now() - 30 * DAY, now() - 3_600];
    const campaigns = [IDS.campaignYandex, IDS.campaignWhatsapp, google.id];
    const sessions = await Promise.all(starts.map((at, i) => adSession(campaigns[i]!, at - 600)));

    h.fake.addChat(key, {
      conversationId,
      userId,
      questions: [{ startedAt: starts[0]!, texts: ['Первый вопрос', 'Ответ'], closedPart: true }],
      propsCustom: captured(sessions[0]!, starts[0]! - 600),
    });
    await h.run(h.jobData(integration.id, conversationId));
    const first = (await h.chats(integration.id, conversationId))[0]!;
    for (const i of [1, 2]) {
      h.fake.addQuestion(key, conversationId, {
        startedAt: starts[i]!,
        texts: [`Вопрос ${i + 1}`, `Ответ ${i + 1}`],
        closedPart: true,
        propsCustom: captured(sessions[i]!, starts[i]! - 600),
      });
      const job = await h.run(h.jobData(integration.id, conversationId));
      expect(job.returnvalue.questions, `import ${i + 1} writes only the new question`).to.have.length(1);
    }

    const chats = await h.chats(integration.id, conversationId);
    expect(chats.map((c) => c.startedAt.getTime() / 1000)).to.deep.equal(starts);
    expect(chats.map((c) => [c.attributionKind, c.campaignId, c.sessionExternalId])).to.deep.equal(
      campaigns.map((campaign, i) => ['session', campaign, sessions[i]]),
    );
    expect(chats.map((c) => c.messages.filter((m) => m.author === 'visitor').map((m) => m.text))).to.deep.equal([
      ['Первый вопрос'],
      ['Вопрос 2'],
      ['Вопрос 3'],
    ]);
    expect(new Set(chats.map((c) => c.questionId)).size).to.equal(3);
    // Each question's end is its own `closed` part, not the time the job ran.
    for (const chat of chats) expect(chat.resolvedAt!.getTime()).to.equal(chat.messages.at(-1)!.sentAt.getTime());
    // The first question was not touched by the later imports.
    expect(chats[0]).to.deep.include({ id: first.id, updatedAt: first.updatedAt });
  });

  it('a Telegram conversation with a question every month for a year is 12 chats; the 13th is read down to the 12th only', async () => {
    const { key, integration } = await campaignIntegration();
    const conversationId = nextConversation();
    const userId = nextUser();
    const starts = Array.from({ length: 12 }, (_, i) => now() - (365 - i * 30) * DAY);
    h.fake.addChat(key, {
      conversationId,
      userId,
      channel: 'telegram',
      questions: starts.map((startedAt) => ({ startedAt, messages: 4, closedPart: true })),
    });
    const job = await h.run(h.jobData(integration.id, conversationId));
    expect(job.returnvalue.questions).to.have.length(12);
    const chats = await h.chats(integration.id, conversationId);
    expect(chats.map((c) => c.startedAt.getTime() / 1000)).to.deep.equal(starts);
    expect(chats.every((c) => c.channel === 'telegram' && c.messagesCount === 4)).to.equal(true);
    expect(chats).to.have.length(12);

    const partsPath = `/conversations/${conversationId}/parts`;
    const readBefore = h.fake.requestsTo(partsPath).length;
    h.fake.addQuestion(key, conversationId, { startedAt: now() - 600, messages: 4, closedPart: true });
    const again = await h.run(h.jobData(integration.id, conversationId));
    expect(again.returnvalue.questions).to.have.length(1);
    expect(await h.chats(integration.id, conversationId)).to.have.length(13);
    // 13 questions of 5 parts are 17 pages of 4; the new question and the newest stored one fit in 3.
    expect(h.fake.requestsTo(partsPath).length - readBefore).to.be.at.most(3);
  });

  it('the same delivery twice, and a new delivery with nothing new, make no chat and change none', async () => {
    const { key, integration } = await campaignIntegration();
    const conversationId = nextConversation();
    h.fake.addChat(key, {
      conversationId,
      userId: nextUser(),
      questions: [
        { startedAt: now() - 7 * DAY, closedPart: true },
        { startedAt: now() - DAY, closedPart: true },
      ],
    });
    const data = h.jobData(integration.id, conversationId);
    await h.run(data);
    const before = await h.chats(integration.id, conversationId);
    await h.producer.enqueue(data);
    const other = await h.run(h.jobData(integration.id, conversationId));
    expect(other.returnvalue).to.deep.include({ status: 'skipped', code: 'nothing_new' });
    const after = await h.chats(integration.id, conversationId);
    expect(after.map((c) => [c.id, c.updatedAt.getTime()])).to.deep.equal(
      before.map((c) => [c.id, c.updatedAt.getTime()]),
    );
    expect(after).to.have.length(2);
  });

  it("an open conversation's last question waits; it is imported once a later question or the close ends it", async () => {
    const { key, integration } = await campaignIntegration();
    const conversationId = nextConversation();
    h.fake.addChat(key, {
      conversationId,
      userId: nextUser(),
      questions: [{ startedAt: now() - 5 * DAY, closedPart: true }],
    });
    await h.run(h.jobData(integration.id, conversationId));
    h.fake.addQuestion(key, conversationId, { startedAt: now() - 900, texts: ['Ещё вопрос'] });
    const waiting = await h.run(h.jobData(integration.id, conversationId));
    expect(waiting.returnvalue).to.deep.include({ status: 'skipped', code: 'nothing_new' });
    expect(await h.chats(integration.id, conversationId)).to.have.length(1);
    h.fake.apps.get(key)!.conversations.get(conversationId)!.closed = true;
    await h.run(h.jobData(integration.id, conversationId));
    const chats = await h.chats(integration.id, conversationId);
    expect(chats.map((c) => c.firstVisitorMessage)).to.deep.equal([chats[0]!.firstVisitorMessage, 'Ещё вопрос']);
  });

  it('a backfill period takes the questions started in it, including a new question of a conversation opened years before', async () => {
    const { key, integration } = await campaignIntegration();
    const conversationId = nextConversation();
    const starts = [now() - 3 * 365 * DAY, now() - 2 * 365 * DAY, now() - 10 * DAY];
    h.fake.addChat(key, {
      conversationId,
      userId: nextUser(),
      questions: starts.map((startedAt) => ({ startedAt, closedPart: true })),
    });
    const period = { from: new Date((now() - 30 * DAY) * 1000), to: new Date() };
    const job = await h.run(
      h.jobData(integration.id, conversationId, {
        eventId: `backfill-${conversationId}-1`,
        questionsStartedWithin: { from: period.from.toISOString(), to: period.to.toISOString() },
      }),
    );
    expect(job.returnvalue.questions).to.have.length(1);
    const chats = await h.chats(integration.id, conversationId);
    expect(chats.map((c) => c.startedAt.getTime() / 1000)).to.deep.equal([starts[2]]);
    // No webhook asked for it: its freshness is not measured.
    expect(chats[0]!.webhookReceivedAt).to.equal(null);
  });

  it("a question's employee is its mapped operator; every operator met is recorded, each message names its author", async () => {
    const { key, integration } = await campaignIntegration();
    const maria = await h.t.db.employee.create({ data: { accountId: IDS.account, name: 'Мария Петрова' } });
    const conversationId = nextConversation();
    const unmapped = { id: '7701', name: 'Борис' };
    const mapped = { id: '7702', name: 'Мария' };
    h.fake.addChat(key, {
      conversationId,
      userId: nextUser(),
      questions: [{ startedAt: now() - 3 * DAY, operator: unmapped, closedPart: true }],
    });
    await h.run(h.jobData(integration.id, conversationId));
    const operators = await h.t.db.carrotQuestOperator.findMany({
      where: { integrationId: integration.id },
      orderBy: { carrotAdminId: 'asc' },
    });
    expect(operators.map((o) => [o.carrotAdminId, o.name, o.employeeId])).to.deep.equal([['7701', 'Борис', null]]);

    // The user maps Мария in «Сотрудники»; she answers the visitor's next question.
    await h.t.db.carrotQuestOperator.create({
      data: { accountId: IDS.account, integrationId: integration.id, carrotAdminId: mapped.id, employeeId: maria.id },
    });
    h.fake.addQuestion(key, conversationId, { startedAt: now() - 600, operator: mapped, closedPart: true });
    await h.run(h.jobData(integration.id, conversationId));

    const [first, second] = await h.chats(integration.id, conversationId);
    // Борис is unmapped and was the assignee then: the integration's default employee.
    expect(first!.employeeId).to.equal(IDS.employee);
    expect(second!.employeeId).to.equal(maria.id);
    const operatorIds = (chat: typeof first) => [
      ...new Set(chat!.messages.filter((m) => m.author === 'operator').map((m) => m.operatorId)),
    ];
    expect(operatorIds(first)).to.deep.equal(['7701']);
    expect(operatorIds(second)).to.deep.equal(['7702']);
    const named = await h.t.db.carrotQuestOperator.findUniqueOrThrow({
      where: { integrationId_carrotAdminId: { integrationId: integration.id, carrotAdminId: mapped.id } },
    });
    // Met in a part: its name is filled in, the user's mapping kept.
    expect(named).to.deep.include({ name: 'Мария', employeeId: maria.id });
  });
});
