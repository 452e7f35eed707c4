import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import { SecretBox } from '@carrot-bridge/secrets';
import {
  chatRecordFixture,
  createTestDatabase,
  insertIntegration,
  type IntegrationFixture,
  type TestDatabase,
} from '@carrot-bridge/test-support';
import { recordExportOutcome, upsertChat } from '../src/index';

const PHONE = '+79161234567';
/** What the Data API answers for a refused phone: the value echoed (the refusal the export records). */
const REFUSED = `visitor_phone: value ${PHONE} is not valid`;

// The export's outcome on real PostgreSQL, and an erasure that landed while the chat was being sent
// (docs/personal-data.md): the echoed phone must not be written back onto the erased chat.
describe('recordExportOutcome (PostgreSQL)', function () {
  this.timeout(60_000);
  let t: TestDatabase;
  let fx: IntegrationFixture;

  before(async () => {
    t = await createTestDatabase('db_chat_export_queries');
    fx = await insertIntegration(t.db, new SecretBox(randomBytes(32).toString('base64')), 'app.32.key');
  });
  after(async () => t?.drop());

  /** A chat the export picked up (pending), erased meanwhile when `erasedAt` is given. */
  async function chatBeingSent(conversationId: string, erasedAt: Date | null = null): Promise<string> {
    const { chatId } = await upsertChat(t.db, chatRecordFixture(fx, conversationId), [], null, true);
    if (erasedAt)
      await t.db.chat.update({
        where: { id: chatId },
        data: { contactPhone: null, contactName: null, personalDataErasedAt: erasedAt, personalDataErasure: 'request' },
      });
    return chatId;
  }
  const exportColumns = (chatId: string) =>
    t.db.chat.findUniqueOrThrow({
      where: { id: chatId },
      select: { exportStatus: true, exportRemoteId: true, exportError: true, exportedAt: true, updatedAt: true },
    });

  it('records a failure, a delivery with its note and one without, on a chat not erased', async () => {
    const chatId = await chatBeingSent('100');
    const before = await exportColumns(chatId);
    await recordExportOutcome(t.db, chatId, { status: 'failed', reason: `${REFUSED} ${'x'.repeat(600)}` });
    const failed = await exportColumns(chatId);
    expect(failed).to.deep.include({ exportStatus: 'failed', exportRemoteId: null, exportedAt: null });
    expect(failed.exportError)
      .to.have.length(500)
      .and.satisfy((e: string) => e.startsWith(REFUSED));
    expect(failed.updatedAt.getTime()).to.be.greaterThan(before.updatedAt.getTime());

    const sentFrom = Date.now();
    await recordExportOutcome(t.db, chatId, { status: 'exported', remoteId: '9001', note: 'тег не поставлен' });
    const sentTo = Date.now();
    const delivered = await exportColumns(chatId);
    expect(delivered).to.deep.include({
      exportStatus: 'exported',
      exportRemoteId: '9001',
      exportError: 'тег не поставлен',
    });
    // Stored as Prisma stores a DateTime (UTC), the time of the call.
    expect(delivered.exportedAt!.getTime()).to.be.within(sentFrom, sentTo);
    expect(delivered.updatedAt.getTime()).to.be.within(sentFrom, sentTo);

    await recordExportOutcome(t.db, chatId, { status: 'exported', remoteId: '9002' });
    expect(await exportColumns(chatId)).to.deep.include({ exportRemoteId: '9002', exportError: null });
  });

  it('an erasure landing while the chat is sent: the status and remote id are written, the echoed error is not', async () => {
    const erasedAt = new Date('2026-12-01T10:00:00.000Z');
    const failing = await chatBeingSent('200', erasedAt);
    await recordExportOutcome(t.db, failing, { status: 'failed', reason: REFUSED });
    expect(await exportColumns(failing)).to.deep.include({ exportStatus: 'failed', exportError: null });

    const refusedNotExportable = await chatBeingSent('201', erasedAt);
    await recordExportOutcome(t.db, refusedNotExportable, { status: 'not_exportable', reason: REFUSED });
    expect(await exportColumns(refusedNotExportable)).to.deep.include({
      exportStatus: 'not_exportable',
      exportError: null,
    });

    const delivered = await chatBeingSent('202', erasedAt);
    await recordExportOutcome(t.db, delivered, { status: 'exported', remoteId: '9003', note: REFUSED });
    const row = await exportColumns(delivered);
    expect(row).to.deep.include({ exportStatus: 'exported', exportRemoteId: '9003', exportError: null });
    expect(row.exportedAt).to.be.instanceOf(Date);
    expect((await t.db.chat.findUniqueOrThrow({ where: { id: delivered } })).personalDataErasedAt).to.deep.equal(
      erasedAt,
    );
  });

  it('refuses an unknown chat, as an update of a missing row does', async () => {
    let refused: unknown;
    await recordExportOutcome(t.db, randomUUID(), { status: 'failed', reason: 'x' }).catch(
      (e: unknown) => (refused = e),
    );
    expect(refused).to.be.instanceOf(Error);
  });
});
