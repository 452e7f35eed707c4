import { expect } from 'chai';
import type { PersonalDataErasure } from '@carrot-bridge/db';
import { erasureActCsv, erasureActFileName, presentErasureAct, remoteCopyRemark } from './erasure-act-presenter';

const chat = {
  chatId: '11111111-1111-4111-8111-111111111111',
  integrationId: '22222222-2222-4222-8222-222222222222',
  conversationId: '27364519',
  questionId: '2736451901',
  startedAt: '2026-03-01T08:00:00.000Z',
  exportStatus: 'exported',
  exportBrand: 'uis' as const,
  exportRemoteId: '9001',
  exportedAt: '2026-03-01T08:05:00.000Z',
};

function act(overrides: Partial<PersonalDataErasure> = {}): PersonalDataErasure {
  return {
    id: '33333333-3333-4333-8333-333333333333',
    accountId: '44444444-4444-4444-8444-444444444444',
    requestedAt: new Date('2026-04-01T10:00:00.000Z'),
    completedAt: new Date('2026-04-01T10:00:02.000Z'),
    requestedBy: 'subject',
    actorKind: 'person',
    actorId: null,
    actorLabel: '=HYPERLINK("http://evil")',
    criterionKind: 'phone',
    criterionDigest: 'ab'.repeat(32),
    counts: { chats: 2, messages: 7, deliveryLogEntries: 1, compaction: 'requested' },
    chats: [chat],
    auditExtract: [
      {
        at: '2026-04-01T10:00:01.000Z',
        actor: { kind: 'person', label: '@owner' },
        action: 'personal_data.erased',
        label: 'Удаление персональных данных',
        targetId: '33333333-3333-4333-8333-333333333333',
        details: { criterionKind: 'phone', chats: 2 },
      },
    ],
    ...overrides,
  } as PersonalDataErasure;
}

describe('the erasure act, as JSON and CSV', () => {
  it('says CoMagic / UIS keep their copy only when a chat was exported', () => {
    expect(remoteCopyRemark([chat])).to.match(/^UIS хранит свою копию 1 чат\(ов\).*запросите удаление у них$/);
    expect(remoteCopyRemark([{ ...chat, exportRemoteId: null }])).to.equal(null);
    expect(presentErasureAct(act()).remoteCopy).to.be.a('string');
  });

  it('writes the header, counts, chats, extract and remark, every cell that could be a formula neutralised', () => {
    const csv = erasureActCsv(act());
    expect(csv.startsWith('\uFEFFАкт об уничтожении персональных данных\r\n')).to.equal(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).to.include('Кто выполнил;"\'=HYPERLINK(""http://evil"")"');
    expect(lines).to.include('Кто попросил;Сам человек');
    expect(lines).to.include('"Чаты (PostgreSQL): контакты, первое сообщение, ошибка выгрузки";2');
    expect(lines).to.include('Сообщения чатов (PostgreSQL): тексты;7');
    expect(lines).to.include('Сессии посетителя (PostgreSQL);0');
    expect(
      lines.some((l) =>
        l.startsWith(
          `${chat.chatId};${chat.integrationId};27364519;2736451901;2026-03-01 08:00:00 UTC;exported;UIS;9001;`,
        ),
      ),
    ).to.equal(true);
    expect(lines.some((l) => l.startsWith("2026-04-01 10:00:01 UTC;'@owner;Удаление персональных данных;"))).to.equal(
      true,
    );
    // No cell starts with a formula character.
    const cells = lines.flatMap((l) => l.split(';')).map((c) => c.replace(/^"/, ''));
    expect(cells.filter((c) => /^[=+\-@]/.test(c))).to.deep.equal([]);
    expect(erasureActFileName(act())).to.equal('erasure-act-33333333-3333-4333-8333-333333333333.csv');
  });

  it('says an act that never completed is not completed', () => {
    expect(erasureActCsv(act({ completedAt: null }))).to.include('Завершено;не завершено');
  });
});
