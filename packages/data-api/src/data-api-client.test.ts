import { expect } from 'chai';
import { buildDataApiChat, type DataApiChat } from '@carrot-bridge/domain';
import { FakeDataApi } from '@carrot-bridge/data-api-fake';
import { DataApiClient } from './data-api-client';
import { DataApiError, DataApiErrorCode } from './data-api-error';

function chat(extId: string, over: Partial<DataApiChat> = {}): DataApiChat {
  const built = buildDataApiChat(
    {
      id: extId,
      startedAt: new Date(Date.now() - 3_600_000),
      contactName: 'Ирина',
      contactPhone: '+79123456789',
      contactEmail: null,
      attributionKind: 'default',
      sessionExternalId: null,
      sessionStartedAt: null,
      trafficType: 'source',
      campaignComagicId: null,
      sourceComagicId: 101,
      siteComagicId: 7,
      employeeComagicId: 55,
      messages: [{ sentAt: new Date(Date.now() - 3_500_000), author: 'operator', text: 'Добрый день' }],
    },
    new Date(),
  );
  if (!built.exportable) throw new Error(built.reason);
  return { ...built.chat, ...over };
}

async function failure(promise: Promise<unknown>): Promise<DataApiError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!(error instanceof DataApiError)) throw new Error(`expected a DataApiError, got ${String(error)}`);
  return error;
}

describe('DataApiClient against the fake Data API (real HTTP, JSON-RPC 2.0)', () => {
  const fake = new FakeDataApi();
  let client: DataApiClient;
  before(async () => {
    await fake.start();
    fake.addToken('token-1');
    client = new DataApiClient({ url: fake.url, accessToken: 'token-1' });
  });
  after(() => fake.stop());

  it('uploads chats and gets their ids; the same ext_id again updates, never duplicates', async () => {
    const first = await client.uploadChats([chat('c-1'), chat('c-2')]);
    const again = await client.uploadChats([chat('c-1', { name: 'Ирина С.' })]);
    expect(again[0]!.id).to.equal(first[0]!.id);
    expect(fake.chats.size).to.equal(2);
    expect(fake.chats.get('c-1')!.chat.name).to.equal('Ирина С.');
    await client.tagChat('c-1', 12);
    expect(fake.chats.get('c-1')!.tags).to.deep.equal([12]);
  });

  it('names the chat and field of an invalid chat (the rest can be sent again)', async () => {
    const error = await failure(client.uploadChats([chat('c-3'), chat('c-4', { phone: '8 912 345', email: undefined })]));
    expect(error.code).to.equal(DataApiErrorCode.InvalidParams);
    expect(error.chatIndex).to.equal(1);
    expect(error.details).to.deep.include({ mnemonic: 'invalid_phone', field: 'chats[1].phone' });
  });

  it('refuses two attribution keys at once, a future start, more than 50 chats', async () => {
    expect((await failure(client.uploadChats([chat('c-5', { visitor_session_id: 1, source_id: 101, site_id: 7 })]))).details.mnemonic).to.equal('invalid_attribution');
    expect((await failure(client.uploadChats([chat('c-6', { start_date_time: '2999-01-01 00:00:00' })]))).details.field).to.equal('chats[0].start_date_time');
    const tooMany = await client.uploadChats(Array.from({ length: 51 }, (_, i) => chat(`x-${i}`))).then(() => null, (e: unknown) => e);
    expect(tooMany).to.be.instanceOf(RangeError);
  });

  it('maps limits (-32029), a bad token (-32001) and a missing component (-32008)', async () => {
    fake.exhaustLimits(1);
    expect((await failure(client.uploadChats([chat('c-7')]))).code).to.equal(DataApiErrorCode.LimitExceeded);
    expect((await failure(new DataApiClient({ url: fake.url, accessToken: 'wrong' }).uploadChats([chat('c-8')]))).details).to.deep.include({ rpcCode: -32001 });
    fake.addToken('no-chats', { componentMissing: true });
    const missing = await failure(new DataApiClient({ url: fake.url, accessToken: 'no-chats' }).uploadChats([chat('c-9')]));
    expect(missing.code).to.equal(DataApiErrorCode.AccessDenied);
    expect(missing.message).to.contain('component_is_disabled');
    expect(missing.message).not.to.contain('no-chats');
  });
});
