import { expect } from 'chai';
import sinon from 'sinon';
import { randomUUID } from 'node:crypto';
import { SESSION_PROPS } from '@carrot-bridge/domain';
import { chatImportJobId } from '@carrot-bridge/queue';
import { IDS, OLD_SESSION_EXTERNAL_ID, SESSION_EXTERNAL_ID, WorkerHarness } from './worker-harness';

async function redisValue(h: WorkerHarness, key: string): Promise<string> {
  const type = await h.redis.type(key);
  if (type === 'hash') return JSON.stringify(await h.redis.hgetall(key));
  if (type === 'list') return JSON.stringify(await h.redis.lrange(key, 0, -1));
  if (type === 'zset') return JSON.stringify(await h.redis.zrange(key, 0, -1));
  if (type === 'set') return JSON.stringify(await h.redis.smembers(key));
  if (type === 'string') return (await h.redis.get(key)) ?? '';
  return '';
}

let seq = 30_000_000;
const nextConversation = () => String((seq += 1));
const nextUser = () => String(1_038_000_000 + (seq += 1));

describe('chat import on real Redis, PostgreSQL and the fake CarrotQuest', function () {
  this.timeout(30_000);
  const h = new WorkerHarness();
  before(() => h.start());
  after(() => h.stop());
  afterEach(() => {
    h.fake.clearFaults();
    sinon.restore();
  });

  it('imports a widget chat with a known session: contact, channel, session attribution, messages', async () => {
    const key = `key-${randomUUID()}`;
    const integration = await h.createIntegration(key);
    const conversationId = nextConversation();
    const userId = nextUser();
    h.fake.addChat(key, {
      conversationId,
      userId,
      name: 'Ирина Соколова',
      phone: '8 (912) 345-67-89',
      email: 'Irina.Sokolova@Example.ru',
      propsCustom: { [SESSION_PROPS.sessionId]: SESSION_EXTERNAL_ID, [SESSION_PROPS.utmTerm]: 'доставка' },
      messages: 6,
    });
    const job = await h.run(h.jobData(integration.id, conversationId, { carrotUserId: userId }));
    expect(await job.getState()).to.equal('completed');

    const chat = await h.chat(integration.id, conversationId);
    expect(chat).to.deep.include({
      accountId: IDS.account,
      channel: 'widget',
      contactName: 'Ирина Соколова',
      contactPhone: '+79123456789',
      contactEmail: 'irina.sokolova@example.ru',
      attributionKind: 'session',
      visitorSessionId: IDS.session,
      campaignId: IDS.campaignYandex,
      sourceId: IDS.sourceYandex,
      siteId: IDS.site,
      utmSource: 'yandex',
      utmTerm: 'доставка',
      sessionExternalId: SESSION_EXTERNAL_ID,
      employeeId: IDS.employee,
      operatorName: 'Алексей',
      messagesCount: 6,
      firstVisitorMessage: 'Вопрос посетителя №1',
    });
    expect(chat!.messages.map((m) => m.author)).to.deep.equal([
      'visitor',
      'operator',
      'visitor',
      'operator',
      'visitor',
      'operator',
    ]);
    // 6 parts with 4 per page: the worker had to follow the paging.
    expect(h.fake.requestsTo(`/conversations/${conversationId}/parts`)).to.have.length(2);
    const line = h.logLines.find((l) => l.message === 'chat imported' && l.conversationId === conversationId);
    expect(line).to.include({ attributionKind: 'session', integrationId: integration.id, attempt: 1 });
    expect(line).to.have.property('durationMs').that.is.a('number');
  });

  it('maps a Telegram chat without a session to the mapped source + site', async () => {
    const key = `key-${randomUUID()}`;
    const integration = await h.createIntegration(key, {}, [
      { messenger: 'telegram', sourceId: IDS.sourceTelegram, siteId: IDS.site },
    ]);
    const conversationId = nextConversation();
    h.fake.addChat(key, {
      conversationId,
      userId: nextUser(),
      channel: 'telegram',
      name: 'Pavel',
      texts: ['Здравствуйте', 'Добрый день', 'мой номер +7 912 000-11-22'],
    });
    await h.run(h.jobData(integration.id, conversationId));
    const chat = await h.chat(integration.id, conversationId);
    expect(chat).to.deep.include({
      channel: 'telegram',
      channelRaw: 'telegram',
      attributionKind: 'mapping',
      sourceId: IDS.sourceTelegram,
      siteId: IDS.site,
      contactPhone: '+79120001122',
    });
  });

  it('puts a chat without a session into the default (campaign traffic type)', async () => {
    const key = `key-${randomUUID()}`;
    const integration = await h.createIntegration(key, {
      trafficType: 'campaign',
      defaultCampaignId: IDS.campaignDefault,
      defaultSourceId: null,
      defaultSiteId: null,
    });
    const conversationId = nextConversation();
    h.fake.addChat(key, {
      conversationId,
      userId: nextUser(),
      propsCustom: { [SESSION_PROPS.sessionId]: OLD_SESSION_EXTERNAL_ID, [SESSION_PROPS.utmSource]: 'google' },
    });
    await h.run(h.jobData(integration.id, conversationId));
    // The captured session is 200 days old: not used, but what the script captured stays on the chat.
    expect(await h.chat(integration.id, conversationId)).to.deep.include({
      attributionKind: 'default',
      campaignId: IDS.campaignDefault,
      sourceId: null,
      visitorSessionId: null,
      utmSource: 'google',
      sessionExternalId: OLD_SESSION_EXTERNAL_ID,
    });
  });

  it('puts every chat into the configured target in forced mode, even with a valid session', async () => {
    const key = `key-${randomUUID()}`;
    const integration = await h.createIntegration(key, { forcedMode: true });
    const conversationId = nextConversation();
    h.fake.addChat(key, {
      conversationId,
      userId: nextUser(),
      propsCustom: { [SESSION_PROPS.sessionId]: SESSION_EXTERNAL_ID },
    });
    await h.run(h.jobData(integration.id, conversationId));
    expect(await h.chat(integration.id, conversationId)).to.deep.include({
      attributionKind: 'forced',
      sourceId: IDS.sourceDefault,
      siteId: IDS.site,
      visitorSessionId: null,
    });
  });

  it('tags the chat when tagging is on', async () => {
    const key = `key-${randomUUID()}`;
    const integration = await h.createIntegration(key, { taggingEnabled: true, tagId: IDS.tag });
    const conversationId = nextConversation();
    h.fake.addChat(key, { conversationId, userId: nextUser() });
    await h.run(h.jobData(integration.id, conversationId));
    await h.run(h.jobData(integration.id, conversationId));
    expect((await h.chat(integration.id, conversationId))!.tags.map((t) => t.tagId)).to.deep.equal([IDS.tag]);
  });

  it('retries after a 5xx and then imports', async () => {
    const key = `key-${randomUUID()}`;
    const integration = await h.createIntegration(key);
    const conversationId = nextConversation();
    h.fake.addChat(key, { conversationId, userId: nextUser() });
    h.fake.injectFault({ path: `/conversations/${conversationId}`, status: 502, times: 2 });
    const job = await h.run(h.jobData(integration.id, conversationId));
    expect(await job.getState()).to.equal('completed');
    expect(job.attemptsMade).to.be.at.least(2);
    expect(await h.chat(integration.id, conversationId)).to.not.equal(null);
  });

  it('honours 429 Retry-After for this job without spending an attempt', async () => {
    const key = `key-${randomUUID()}`;
    const integration = await h.createIntegration(key);
    const conversationId = nextConversation();
    h.fake.addChat(key, { conversationId, userId: nextUser() });
    h.fake.injectFault({ path: `/conversations/${conversationId}`, status: 429, retryAfterSeconds: 1, times: 1 });
    const started = Date.now();
    const job = await h.run(h.jobData(integration.id, conversationId));
    expect(await job.getState()).to.equal('completed');
    // BullMQ counts the successful attempt too: 1 is what a job that never failed shows.
    expect(job.attemptsMade, 'attempts spent').to.equal(1);
    expect(job.attemptsStarted).to.equal(2);
    const calls = h.fake.requestsTo(`/conversations/${conversationId}`).filter((r) => !r.path.endsWith('/parts'));
    expect(calls.map((c) => c.status)).to.deep.equal([429, 200]);
    expect(calls[1]!.at - calls[0]!.at).to.be.at.least(900);
    expect(Date.now() - started).to.be.at.least(900);
  });

  it('does not hold other integrations while one waits for its 429', async () => {
    const slowKey = `key-${randomUUID()}`;
    const fastKey = `key-${randomUUID()}`;
    const slow = await h.createIntegration(slowKey);
    const fast = await h.createIntegration(fastKey);
    const slowConversation = nextConversation();
    const fastConversation = nextConversation();
    h.fake.addChat(slowKey, { conversationId: slowConversation, userId: nextUser() });
    h.fake.addChat(fastKey, { conversationId: fastConversation, userId: nextUser() });
    h.fake.injectFault({ path: `/conversations/${slowConversation}`, status: 429, retryAfterSeconds: 3, times: 1 });
    const started = Date.now();
    await h.producer.enqueue(h.jobData(slow.id, slowConversation));
    await new Promise((r) => setTimeout(r, 100));
    await h.run(h.jobData(fast.id, fastConversation));
    expect(Date.now() - started, 'the other integration was not paused').to.be.lessThan(2_500);
  });

  it('marks the integration invalid on 401 and fails the job once, without retries', async () => {
    const key = `key-${randomUUID()}`;
    const integration = await h.createIntegration(key);
    const conversationId = nextConversation();
    h.fake.addChat(key, { conversationId, userId: nextUser() });
    h.fake.injectFault({ path: `/conversations/${conversationId}`, status: 401, times: 10 });
    const job = await h.run(h.jobData(integration.id, conversationId));
    expect(await job.getState()).to.equal('failed');
    expect(job.attemptsMade).to.equal(1);
    expect(job.failedReason).to.match(/rejected the API key/);
    const stored = await h.t.db.carrotQuestIntegration.findUniqueOrThrow({ where: { id: integration.id } });
    expect(stored.keyStatus).to.equal('invalid');
    expect(stored.keyError).to.match(/NotAuthenticated/);
    expect(
      h.fake.requestsTo(`/conversations/${conversationId}`).filter((r) => !r.path.endsWith('/parts')).length,
    ).to.equal(1);

    // Later jobs of that integration fail at once with a clear reason and do not call CarrotQuest.
    const before = h.fake.requests.length;
    const next = await h.run(h.jobData(integration.id, conversationId));
    expect(next.failedReason).to.match(/save a valid key/);
    expect(h.fake.requests.length).to.equal(before);
  });

  it('fails for good, with the reason, when the conversation no longer exists', async () => {
    const key = `key-${randomUUID()}`;
    const integration = await h.createIntegration(key);
    const job = await h.run(h.jobData(integration.id, '99999999'));
    expect(await job.getState()).to.equal('failed');
    expect(job.attemptsMade).to.equal(1);
    expect(job.failedReason).to.match(/no longer exists in CarrotQuest.*LookupError/);
  });

  it('skips, without failing, a job of an inactive or deleted integration', async () => {
    const inactive = await h.createIntegration(`key-${randomUUID()}`, { active: false });
    const deleted = await h.createIntegration(`key-${randomUUID()}`, { deletedAt: new Date() });
    const a = await h.run(h.jobData(inactive.id, nextConversation()));
    const b = await h.run(h.jobData(deleted.id, nextConversation()));
    expect([await a.getState(), a.returnvalue]).to.deep.equal([
      'completed',
      { status: 'skipped', code: 'integration_inactive', reason: 'integration inactive' },
    ]);
    expect(b.returnvalue).to.deep.equal({
      status: 'skipped',
      code: 'integration_deleted',
      reason: 'integration deleted',
    });
  });

  it('makes one chat from the same event delivered three times', async () => {
    const key = `key-${randomUUID()}`;
    const integration = await h.createIntegration(key);
    const conversationId = nextConversation();
    h.fake.addChat(key, { conversationId, userId: nextUser() });
    const data = h.jobData(integration.id, conversationId);
    expect([
      await h.producer.enqueue(data),
      await h.producer.enqueue(data),
      await h.producer.enqueue(data),
    ]).to.deep.equal(['queued', 'duplicate', 'duplicate']);
    await h.waitForJob(chatImportJobId(data));
    expect(await h.t.db.chat.count({ where: { integrationId: integration.id } })).to.equal(1);
  });

  it('updates one chat when the conversation is resolved twice, adding only the new messages', async () => {
    const key = `key-${randomUUID()}`;
    const integration = await h.createIntegration(key);
    const conversationId = nextConversation();
    const userId = nextUser();
    h.fake.addChat(key, { conversationId, userId, messages: 4 });
    await h.run(h.jobData(integration.id, conversationId));
    const first = await h.chat(integration.id, conversationId);
    h.fake.addChat(key, { conversationId, userId, messages: 6, phone: '+79120000000' });
    await h.run(h.jobData(integration.id, conversationId));
    const second = await h.chat(integration.id, conversationId);
    expect(second!.id).to.equal(first!.id);
    expect(second!.messages).to.have.length(6);
    expect(new Set(second!.messages.map((m) => m.partId)).size).to.equal(6);
    expect(second).to.deep.include({ messagesCount: 6, contactPhone: '+79120000000' });
    expect(await h.t.db.chat.count({ where: { integrationId: integration.id } })).to.equal(1);
  });

  it('keeps the first non-default attribution when a chat is imported again', async () => {
    const key = `key-${randomUUID()}`;
    const integration = await h.createIntegration(key, {}, [
      { messenger: 'telegram', sourceId: IDS.sourceTelegram, siteId: IDS.site },
    ]);
    const conversationId = nextConversation();
    const userId = nextUser();
    h.fake.addChat(key, { conversationId, userId, channel: 'telegram' });
    await h.run(h.jobData(integration.id, conversationId));
    // The visitor later got a session on the site; the chat stays attributed to its mapping.
    h.fake.addChat(key, {
      conversationId,
      userId,
      channel: 'telegram',
      propsCustom: { [SESSION_PROPS.sessionId]: SESSION_EXTERNAL_ID },
    });
    await h.run(h.jobData(integration.id, conversationId));
    expect(await h.chat(integration.id, conversationId)).to.deep.include({
      attributionKind: 'mapping',
      sourceId: IDS.sourceTelegram,
    });
  });

  it('a question imported again unchanged is left as it is, though the visitor has a session by then', async () => {
    const key = `key-${randomUUID()}`;
    const integration = await h.createIntegration(key);
    const conversationId = nextConversation();
    const userId = nextUser();
    h.fake.addChat(key, { conversationId, userId });
    await h.run(h.jobData(integration.id, conversationId));
    expect((await h.chat(integration.id, conversationId))!.attributionKind).to.equal('default');
    const before = await h.chat(integration.id, conversationId);
    // The session the script stores now is the visitor's next visit: it says nothing of this question.
    h.fake.addChat(key, { conversationId, userId, propsCustom: { [SESSION_PROPS.sessionId]: SESSION_EXTERNAL_ID } });
    const again = await h.run(h.jobData(integration.id, conversationId));
    expect(again.returnvalue).to.deep.include({ status: 'skipped', code: 'nothing_new' });
    const after = await h.chat(integration.id, conversationId);
    expect(after).to.deep.include({ attributionKind: 'default', visitorSessionId: null, updatedAt: before!.updatedAt });
  });

  it('makes one chat from 20 concurrent jobs for one conversation', async () => {
    const key = `key-${randomUUID()}`;
    const integration = await h.createIntegration(key, { taggingEnabled: true, tagId: IDS.tag });
    const conversationId = nextConversation();
    h.fake.addChat(key, { conversationId, userId: nextUser(), messages: 8 });
    const jobs = Array.from({ length: 20 }, () => h.jobData(integration.id, conversationId));
    await Promise.all(jobs.map((j) => h.producer.enqueue(j)));
    const done = await Promise.all(jobs.map((j) => h.waitForJob(chatImportJobId(j), 20_000)));
    expect(await Promise.all(done.map((j) => j.getState()))).to.satisfy((states: string[]) =>
      states.every((s) => s === 'completed'),
    );
    expect(await h.t.db.chat.count({ where: { integrationId: integration.id } })).to.equal(1);
    const chat = await h.chat(integration.id, conversationId);
    expect(chat!.messages).to.have.length(8);
    expect(chat!.tags).to.have.length(1);
  });

  it('retries when the database is unavailable, and imports once it is back', async () => {
    const key = `key-${randomUUID()}`;
    const integration = await h.createIntegration(key);
    const conversationId = nextConversation();
    h.fake.addChat(key, { conversationId, userId: nextUser() });
    const real = h.useCase.execute.bind(h.useCase);
    const outage = sinon.stub(h.useCase, 'execute');
    outage.onFirstCall().rejects(new Error("Can't reach database server at 127.0.0.1:5432"));
    outage.callsFake(real);
    const job = await h.run(h.jobData(integration.id, conversationId));
    expect(await job.getState()).to.equal('completed');
    expect(job.attemptsMade, 'one failed attempt + the successful one').to.equal(2);
    expect(
      h.logLines.some(
        (l) => l.message === 'chat import failed, will retry' && String(l.reason).includes('database unavailable'),
      ),
    ).to.equal(true);
  });

  it('never writes the API key into job data, Redis or logs', async () => {
    const key = `key-secret-${randomUUID()}`;
    const integration = await h.createIntegration(key);
    const conversationId = nextConversation();
    h.fake.addChat(key, { conversationId, userId: nextUser(), phone: '+79123456789' });
    h.fake.injectFault({ path: `/conversations/${conversationId}`, status: 401, times: 1 });
    const job = await h.run(h.jobData(integration.id, conversationId));
    const dump = JSON.stringify({ data: job.data, reason: job.failedReason, stack: job.stacktrace, logs: h.logLines });
    expect(dump).not.to.contain(key);
    for (const k of await h.redis.keys(`${h.prefix}:*`)) {
      expect(await redisValue(h, k), `redis key ${k}`).not.to.contain(key);
    }
  });

  it('imports a chat whose name, texts and operator carry lone UTF-16 surrogates, each read as U+FFFD', async () => {
    // JSON may escape half a surrogate pair ("\ud800"); Prisma's engine refuses a whole query holding one
    // and node-postgres writes U+FFFD: parseExactJson makes CarrotQuest's answers well-formed as read.
    const key = `key-${randomUUID()}`;
    const integration = await h.createIntegration(key);
    const conversationId = nextConversation();
    const userId = nextUser();
    h.fake.addChat(key, {
      conversationId,
      userId,
      name: 'Ирина \ud800',
      texts: ['Здравствуйте \udfff', 'Добрый день'],
      operator: { id: '7711', name: 'Алексей \udc00' },
    });
    const job = await h.run(h.jobData(integration.id, conversationId, { carrotUserId: userId }));
    expect(await job.getState()).to.equal('completed');
    const chat = await h.chat(integration.id, conversationId);
    expect(chat).to.deep.include({ contactName: 'Ирина \ufffd', firstVisitorMessage: 'Здравствуйте \ufffd' });
    expect(chat!.messages.map((m) => m.text)).to.deep.equal(['Здравствуйте \ufffd', 'Добрый день']);
    const operator = await h.t.db.carrotQuestOperator.findUniqueOrThrow({
      where: { integrationId_carrotAdminId: { integrationId: integration.id, carrotAdminId: '7711' } },
    });
    expect(operator.name).to.equal('Алексей \ufffd');
  });
});
