// «Персональные данные» over HTTP (issue #25): erasure on request with its act (JSON and CSV), who may,
// the 422s, and «Срок хранения переписки» — on real PostgreSQL and Redis.
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { upsertChat, type ChatMessageRecord } from '@carrot-bridge/db';
import type { ErasedRowCounts } from '@carrot-bridge/db';
import { PersonalDataMatcher, type Role, type TextMatcher } from '@carrot-bridge/domain';
import { PersonalDataScheduler } from '@carrot-bridge/queue';
import { chatRecordFixture, insertIntegration, type IntegrationFixture } from '@carrot-bridge/test-support';
import { createSession } from '../src/auth/session-store';
import { ConsoleHarness } from './console-harness';

const PHONE = '+79161234567';
const EMAIL = 'anna.smirnova@example.ru';
const NAME = 'Анна Смирнова';
const TEXT = 'Перезвоните мне: 8 (916) 123-45-67, пожалуйста';
const OTHER = { phone: '+79031112233', email: 'boris@example.ru', name: 'Борис Петров', text: 'Есть ли доставка?' };
/** What must never appear in an act, its CSV or the audit log: written out by hand, not by the code under test. */
const PERSONAL = [
  '+79161234567',
  '79161234567',
  '89161234567',
  '9161234567',
  '+7 916 123-45-67',
  '8 (916) 123-45-67',
  '916 123-45-67',
  EMAIL,
  NAME,
  TEXT,
];
/** The same, for any other spelling of the phone. */
const PERSON = new PersonalDataMatcher({ phones: [PHONE], texts: [EMAIL, NAME] });

function messages(conversationId: string, texts: string[]): ChatMessageRecord[] {
  return texts.map((text, i) => ({
    partId: `${conversationId}${String(i).padStart(3, '0')}`,
    sentAt: new Date(Date.UTC(2026, 2, 1, 8, i)),
    author: i % 2 === 0 ? 'visitor' : 'operator',
    partType: 'reply_user',
    operatorName: i % 2 === 0 ? null : 'Алексей',
    text,
  }));
}

describe('personal data API: erasure with its act, retention (real PostgreSQL and Redis)', function () {
  this.timeout(60_000);
  const h = new ConsoleHarness();
  let fx: IntegrationFixture;
  let scheduler: PersonalDataScheduler;
  const cookieOf = new Map<Role, Record<string, string>>();
  const base = () => `/accounts/${fx.accountId}/personal-data`;

  /** A call as a person of the account with `role` (a session cookie), or as the operator (basic auth). */
  async function call(as: Role | 'operator', method: string, path: string, body?: unknown) {
    if (as === 'operator') return h.api(method, path, body);
    const response = await fetch(`${h.base}/api${path}`, {
      method,
      headers: { ...cookieOf.get(as), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    const json = response.headers.get('content-type')?.startsWith('application/json');
    return { status: response.status, body: text && json ? JSON.parse(text) : text, headers: response.headers };
  }

  /** Runs while the erasure sweeps Redis: after the first read of the chats, before PostgreSQL is erased. */
  let duringSweep: (() => Promise<void>) | null = null;

  before(async () => {
    scheduler = new PersonalDataScheduler(h.redis, { prefix: h.prefix });
    const deliveries = {
      eraseMentioning: async (integrationIds: string[], person: TextMatcher) => {
        await duringSweep?.();
        return h.deliveries.eraseMentioning(integrationIds, person);
      },
    };
    await h.start('personal-data-api', {
      secretsKey: h.secretsKey,
      queues: h.queues.boardQueues(),
      personalData: { deliveries, compaction: scheduler },
    });
    fx = await insertIntegration(h.t.db, h.secretBox, 'key-pd');
    const a = { contactName: NAME, contactPhone: PHONE, contactEmail: EMAIL, carrotUserId: '5001' };
    await upsertChat(
      h.t.db,
      chatRecordFixture(fx, '7001', { ...a, questionId: '700101', firstVisitorMessage: TEXT }),
      messages('7001', [TEXT, 'Перезвоним']),
      null,
    );
    await upsertChat(
      h.t.db,
      chatRecordFixture(fx, '7001', {
        ...a,
        questionId: '700102',
        contactPhone: null,
        firstVisitorMessage: 'Ещё вопрос',
      }),
      messages('700102', ['Ещё вопрос']),
      null,
    );
    await upsertChat(
      h.t.db,
      chatRecordFixture(fx, '7002', {
        contactName: OTHER.name,
        contactPhone: OTHER.phone,
        contactEmail: OTHER.email,
        carrotUserId: '5002',
        firstVisitorMessage: OTHER.text,
      }),
      messages('7002', [OTHER.text]),
      null,
    );
    // A webhook about A in the delivery log: the erasure finds it by the conversation and the phone.
    await h.deliveries.record(
      fx.integrationId,
      {
        at: new Date().toISOString(),
        httpStatus: 200,
        status: 'queued',
        kind: 'event',
        eventName: 'x',
        conversationId: '7001',
        problem: null,
      },
      {
        body: 'x',
        contentType: 'application/x-www-form-urlencoded',
        understood: { encoding: 'form', fields: { conversation: '7001', note: TEXT } },
      },
    );
    // An owner whose e-mail a spreadsheet would read as a formula, then an editor and a viewer.
    for (const [role, email] of [
      ['owner', '=1+2@evil.example'],
      ['editor', 'editor@a.example'],
      ['viewer', 'viewer@a.example'],
    ] as const) {
      const person = await h.t.db.person.create({ data: { email } });
      await h.t.db.membership.create({ data: { personId: person.id, accountId: fx.accountId, role } });
      const { token } = await createSession(h.t.db, { personId: person.id, method: 'password' });
      cookieOf.set(role, { cookie: `cb_session=${token}` });
    }
  });
  after(async () => {
    await scheduler.close();
    await h.stop();
  });

  it('refuses a request without exactly one valid criterion or with a bad requestedBy: 422 naming the field, no act', async () => {
    const refusals: Array<[unknown, string[]]> = [
      [{}, ['criterion']],
      [{ phone: PHONE, email: EMAIL }, ['phone', 'email']],
      [{ phone: '12-34' }, ['phone']],
      [{ email: 'not-an-email' }, ['email']],
      [{ carrotUserId: 'abc' }, ['carrotUserId']],
      [{ email: EMAIL, requestedBy: 'police' }, ['requestedBy']],
      [[], ['criterion']],
      [[{ phone: PHONE }], ['criterion']],
      [{ phone: [PHONE] }, ['phone']],
      [{ phone: 79161234567 }, ['phone']],
      [{ carrotUserId: 5001 }, ['carrotUserId']],
      [{ email: { value: EMAIL } }, ['email']],
      [{ email: EMAIL, requestedBy: ['subject'] }, ['requestedBy']],
      [{ phone: '8'.repeat(10_000) }, ['phone']],
      [{ email: `${'я'.repeat(10_000)}@example.ru` }, ['email']],
      [{ phone: '📞 позвоните 🙂' }, ['phone']],
      [{ email: 'анна@@пример.рф' }, ['email']],
      [{ carrotUserId: '٥٠٠١' }, ['carrotUserId']],
    ];
    for (const [body, fields] of refusals) {
      const answer = await call('owner', 'POST', `${base()}/erasures`, body);
      const said = JSON.stringify(body).slice(0, 80);
      expect(answer.status, said).to.equal(422);
      expect(
        answer.body.errors.map((e: { field: string }) => e.field),
        said,
      ).to.deep.equal(fields);
    }
    const notText = await call('owner', 'POST', `${base()}/erasures`, { carrotUserId: 5001 });
    expect(notText.body.errors).to.deep.equal([{ field: 'carrotUserId', message: 'Ожидается строка' }]);
    expect((await call('editor', 'GET', `${base()}/erasures`)).body.acts).to.deep.equal([]);
    expect(await h.t.db.chat.count({ where: { contactPhone: PHONE } })).to.equal(1);
  });

  it('lets only an owner (or the operator) erase: a viewer and an editor get 403, and nothing is erased', async () => {
    for (const role of ['viewer', 'editor'] as const)
      expect((await call(role, 'POST', `${base()}/erasures`, { phone: PHONE })).status, role).to.equal(403);
    expect((await call('viewer', 'GET', `${base()}/erasures`)).status).to.equal(403);
    expect(await h.t.db.chat.count({ where: { contactPhone: PHONE } })).to.equal(1);
  });

  let actId = '';
  it('erases by a phone in any format: 201 with the act, the person’s chats emptied, the other visitor intact', async () => {
    const answer = await call('owner', 'POST', `${base()}/erasures`, { phone: '8 (916) 123-45-67' });
    expect(answer.status).to.equal(201);
    const act = answer.body;
    actId = act.id;
    expect(act).to.deep.include({ requestedBy: 'subject', chatsCount: 2, remoteCopy: null });
    expect(act.performedBy).to.deep.equal({ kind: 'person', label: '=1+2@evil.example' });
    expect(act.criterion.kind).to.equal('phone');
    expect(act.criterion.digest).to.match(/^[0-9a-f]{64}$/);
    expect(act.counts).to.deep.include({ chats: 2, messages: 3, compaction: 'requested' });
    expect(act.counts.deliveryLogEntries).to.equal(1);
    expect(act.counts.deliveryLogBodies).to.equal(1);
    // Phone, e-mail and user id: the identifiers of the one step are remembered too.
    expect(act.counts.erasedSubjects).to.equal(3);
    expect(act.completedAt).to.be.a('string');
    expect(act.chats.map((c: { conversationId: string; questionId: string }) => c.questionId)).to.deep.equal([
      '700101',
      '700102',
    ]);
    expect(Object.keys(act.chats[0]).sort()).to.deep.equal([
      'chatId',
      'conversationId',
      'exportBrand',
      'exportRemoteId',
      'exportStatus',
      'exportedAt',
      'integrationId',
      'questionId',
      'startedAt',
    ]);
    expect(act.auditExtract.map((e: { action: string }) => e.action)).to.deep.equal(['personal_data.erased']);
    const text = JSON.stringify(act);
    for (const value of PERSONAL) expect(text, value).to.not.include(value);
    expect(PERSON.matches(text), 'the act names the person').to.equal(false);

    const chats = await h.t.db.chat.findMany({
      where: { accountId: fx.accountId },
      include: { messages: true },
      orderBy: { questionId: 'asc' },
    });
    const [a1, a2, b] = [
      chats.find((c) => c.questionId === '700101')!,
      chats.find((c) => c.questionId === '700102')!,
      chats.find((c) => c.conversationId === '7002')!,
    ];
    for (const chat of [a1, a2]) {
      expect(chat).to.include({
        contactName: null,
        contactPhone: null,
        contactEmail: null,
        firstVisitorMessage: null,
        personalDataErasure: 'request',
      });
      expect(chat.messages.map((m) => m.text)).to.deep.equal(chat.messages.map(() => null));
      expect(chat.messages).to.not.be.empty;
    }
    expect(b).to.include({
      contactName: OTHER.name,
      contactPhone: OTHER.phone,
      contactEmail: OTHER.email,
      firstVisitorMessage: OTHER.text,
      personalDataErasedAt: null,
    });
    expect(b.messages.map((m) => m.text)).to.deep.equal([OTHER.text]);
    expect(await h.deliveries.read(fx.integrationId)).to.deep.include({ deliveries: [], bodies: [] });
    // The compaction waits in the worker's queue for the end of its window.
    const compactions = await h.queues
      .boardQueues()
      .find((q) => q.name === 'personal-data')!
      .getDelayed();
    expect(compactions.map((job) => job.name)).to.deep.equal(['compaction']);
  });

  it('writes an act with 0 everywhere for an erasure that matches nobody, asked by the operator', async () => {
    const answer = await call('operator', 'POST', `${base()}/erasures`, {
      email: 'Nobody@Example.ru',
      requestedBy: 'operator',
    });
    expect(answer.status).to.equal(201);
    expect(answer.body).to.deep.include({ requestedBy: 'operator', chatsCount: 0, chats: [] });
    expect(answer.body.counts).to.deep.equal({
      chats: 0,
      messages: 0,
      visitorSessions: 0,
      sessionLookups: 0,
      deliveryLogEntries: 0,
      deliveryLogBodies: 0,
      jobsRemoved: 0,
      jobsRequeued: 0,
      jobLogsCleared: 0,
      jobsActiveLeft: 0,
      jobsKeptInPlace: 0,
      jobEventsRemoved: 0,
      erasedSubjects: 1,
      compaction: 'requested',
    });
  });

  it('lists the acts newest first a page at a time, shows one, and 404s another id', async () => {
    const all = await call('editor', 'GET', `${base()}/erasures`);
    expect(all.status).to.equal(200);
    expect(all.body.acts.map((a: { criterion: { kind: string } }) => a.criterion.kind)).to.deep.equal([
      'email',
      'phone',
    ]);
    expect(all.body.next).to.equal(null);
    const first = await call('editor', 'GET', `${base()}/erasures?limit=1`);
    expect(first.body.acts).to.have.length(1);
    const second = await call('editor', 'GET', `${base()}/erasures?limit=1&before=${first.body.next}`);
    expect(second.body.acts.map((a: { id: string }) => a.id)).to.deep.equal([actId]);
    expect((await call('editor', 'GET', `${base()}/erasures?before=nonsense`)).status).to.equal(422);
    const one = await call('editor', 'GET', `${base()}/erasures/${actId}`);
    expect(one.body).to.deep.include({ id: actId, chatsCount: 2 });
    expect(one.body.chats).to.have.length(2);
    expect((await call('editor', 'GET', `${base()}/erasures/${randomUUID()}`)).status).to.equal(404);
  });

  it('downloads the act as CSV: an attachment, no personal data, the formula-looking author neutralised', async () => {
    const answer = await call('editor', 'GET', `${base()}/erasures/${actId}/act.csv`);
    expect(answer.status).to.equal(200);
    expect(answer.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
    expect(answer.headers.get('content-disposition')).to.equal(`attachment; filename="erasure-act-${actId}.csv"`);
    const csv = answer.body as string;
    expect(csv).to.include('Акт об уничтожении персональных данных');
    expect(csv).to.include("Кто выполнил;'=1+2@evil.example");
    expect(csv).to.include('Кто попросил;Сам человек');
    for (const value of PERSONAL) expect(csv, value).to.not.include(value);
    expect(PERSON.matches(csv), 'the CSV names the person').to.equal(false);
  });

  it('records the erasure in the audit log by kind and counts, never the criterion’s value', async () => {
    const audit = await call('owner', 'GET', `/accounts/${fx.accountId}/audit?action=personal_data`);
    const erased = audit.body.events.filter((e: { action: string }) => e.action === 'personal_data.erased');
    expect(erased).to.have.length(2);
    expect(erased[1]).to.deep.include({ targetId: actId, label: 'Удаление персональных данных' });
    expect(erased[1].details).to.deep.include({ criterionKind: 'phone', requestedBy: 'subject', chats: 2 });
    for (const value of [...PERSONAL, 'nobody@example.ru'])
      expect(JSON.stringify(audit.body), value).to.not.include(value);
  });

  it('reads «Срок хранения переписки» for anyone, lets an owner set it (1..3650 or null), audited', async () => {
    expect((await call('viewer', 'GET', `${base()}/retention`)).body).to.deep.equal({ days: null, lastRun: null });
    expect((await call('editor', 'PUT', `${base()}/retention`, { days: 30 })).status).to.equal(403);
    for (const days of [0, 3651, 1.5, '30', undefined]) {
      const answer = await call('owner', 'PUT', `${base()}/retention`, { days });
      expect(answer.status, String(days)).to.equal(422);
      expect(answer.body.errors.map((e: { field: string }) => e.field)).to.deep.equal(['days']);
    }
    expect((await call('owner', 'PUT', `${base()}/retention`, { days: 3650 })).body).to.deep.equal({
      days: 3650,
      lastRun: null,
    });
    expect((await call('owner', 'PUT', `${base()}/retention`, { days: 30 })).body.days).to.equal(30);
    await h.t.db.retentionState.create({
      data: {
        accountId: fx.accountId,
        lastStartedAt: new Date('2026-04-02T03:00:00Z'),
        lastFinishedAt: new Date('2026-04-02T03:00:05Z'),
        lastErased: 4,
      },
    });
    expect((await call('viewer', 'GET', `${base()}/retention`)).body).to.deep.equal({
      days: 30,
      lastRun: {
        startedAt: '2026-04-02T03:00:00.000Z',
        finishedAt: '2026-04-02T03:00:05.000Z',
        erased: 4,
        error: null,
      },
    });
    expect((await call('owner', 'PUT', `${base()}/retention`, { days: null })).body.days).to.equal(null);
    const audit = await call('owner', 'GET', `/accounts/${fx.accountId}/audit?action=personal_data.retention_changed`);
    expect(audit.body.events.map((e: { details: unknown }) => e.details)).to.deep.equal([
      { from: 30, to: null },
      { from: 3650, to: 30 },
      { from: null, to: 3650 },
    ]);
  });
  it('remembers the person before erasing, and erases a chat an import wrote meanwhile', async () => {
    const C = { phone: '+79035556677', email: 'c.orlova@example.ru', name: 'Светлана Орлова', userId: '5003' };
    await upsertChat(
      h.t.db,
      chatRecordFixture(fx, '7005', {
        contactName: C.name,
        contactPhone: C.phone,
        contactEmail: C.email,
        carrotUserId: C.userId,
        firstVisitorMessage: 'Первый вопрос',
      }),
      messages('7005', ['Первый вопрос']),
      null,
    );
    const subjectsBefore = await h.t.db.erasedSubject.count({ where: { accountId: fx.accountId } });
    let rememberedBySweep = -1;
    // An import that checked the erased subjects before they were remembered writes its chats now: one
    // of the same user (no phone), one with the phone under another user id and e-mail.
    duringSweep = async () => {
      duringSweep = null;
      rememberedBySweep = (await h.t.db.erasedSubject.count({ where: { accountId: fx.accountId } })) - subjectsBefore;
      await upsertChat(
        h.t.db,
        chatRecordFixture(fx, '7006', {
          contactName: C.name,
          contactEmail: C.email,
          carrotUserId: C.userId,
          firstVisitorMessage: 'Второй вопрос',
        }),
        messages('7006', ['Второй вопрос']),
        null,
      );
      await upsertChat(
        h.t.db,
        chatRecordFixture(fx, '7007', {
          contactPhone: C.phone,
          contactEmail: 'orlova.work@example.ru',
          carrotUserId: '5004',
          firstVisitorMessage: 'Третий вопрос',
        }),
        messages('7007', ['Третий вопрос']),
        null,
      );
    };
    const answer = await call('owner', 'POST', `${base()}/erasures`, { phone: C.phone });
    expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
    expect(rememberedBySweep, 'subjects remembered before the sweep').to.equal(3);
    expect(answer.body.chats.map((c: { conversationId: string }) => c.conversationId)).to.have.members([
      '7005',
      '7006',
      '7007',
    ]);
    const counts: ErasedRowCounts & { erasedSubjects: number } = answer.body.counts;
    expect(counts).to.deep.include({ chats: 3, messages: 3, erasedSubjects: 5 });
    const left = await h.t.db.chat.findMany({
      where: { accountId: fx.accountId, conversationId: { in: ['7005', '7006', '7007'] } },
      include: { messages: true },
    });
    expect(left).to.have.length(3);
    for (const chat of left) {
      expect(chat, chat.conversationId).to.include({
        contactName: null,
        contactPhone: null,
        contactEmail: null,
        firstVisitorMessage: null,
        personalDataErasure: 'request',
      });
      expect(chat.messages.map((m) => m.text)).to.deep.equal([null]);
    }
  });
});
