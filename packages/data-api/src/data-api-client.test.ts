import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildDataApiChat, type DataApiChat } from '@carrot-bridge/domain';
import { FAKE_DEFAULT_APP_ID, FAKE_DEFAULT_TIME_ZONE, FakeDataApi } from '@carrot-bridge/data-api-fake';
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
    { now: new Date(), timeZone: FAKE_DEFAULT_TIME_ZONE },
  );
  if (!built.exportable) throw new Error(built.reason);
  return { ...built.chat, ...over };
}

async function failure(promise: Promise<unknown>): Promise<DataApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
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
  beforeEach(() => (fake.fieldStyle = 'dotted'));

  it('takes the remote ids from result.data in the order of the chats; the same ext_id again gets the same id', async () => {
    const first = await client.uploadChats([chat('c-1'), chat('c-2')]);
    expect(first).to.deep.equal([{ id: fake.chats.get('c-1')!.id }, { id: fake.chats.get('c-2')!.id }]);
    expect(first[0]!.id).not.to.equal(first[1]!.id);
    const again = await client.uploadChats([chat('c-2', { name: 'Ирина С.' }), chat('c-1')]);
    expect(again.map((u) => u.id)).to.deep.equal([first[1]!.id, first[0]!.id]);
    expect(fake.chats.size).to.equal(2);
    expect(fake.chats.get('c-2')!.chat.name).to.equal('Ирина С.');
    await client.tagChat('c-1', 12);
    expect(fake.chats.get('c-1')!.tags).to.deep.equal([12]);
  });

  it("reads the account's id, name and time zone with get.account", async () => {
    expect(await client.getAccount()).to.deep.equal({
      appId: FAKE_DEFAULT_APP_ID,
      name: 'Фейковый аккаунт',
      timeZone: FAKE_DEFAULT_TIME_ZONE,
    });
    fake.addToken('token-vladivostok', { timeZone: 'Asia/Vladivostok', appId: 77, name: 'Магазин' });
    expect(await new DataApiClient({ url: fake.url, accessToken: 'token-vladivostok' }).getAccount()).to.deep.equal({
      appId: 77,
      name: 'Магазин',
      timeZone: 'Asia/Vladivostok',
    });
  });

  it('names the chat of a refusal whether the field is dotted, bracketed, or not indexed at all', async () => {
    const dotted = await failure(client.uploadChats([chat('c-3'), chat('c-4', { phone: '+79123456789' })]));
    expect(dotted.code).to.equal(DataApiErrorCode.InvalidParams);
    expect(dotted.details).to.deep.include({
      rpcCode: -32602,
      mnemonic: 'invalid_parameter_value',
      field: 'chats.1.phone',
    });
    expect(dotted.chatIndex).to.equal(1);
    expect(dotted.message).not.to.contain('79123456789');

    fake.fieldStyle = 'bracketed';
    const bracketed = await failure(
      client.uploadChats([
        chat('c-3'),
        chat('c-4'),
        chat('c-5', { messages: [{ date_time: '2000-01-01 00:00:00', source: 'visitor', message: 'x' }] }),
      ]),
    );
    expect(bracketed.details.field).to.equal('chats[2].messages[0].date_time');
    expect(bracketed.chatIndex).to.equal(2);

    fake.fieldStyle = 'unindexed';
    const unindexed = await failure(client.uploadChats([chat('c-3'), chat('c-4', { email: 'not an email' })]));
    expect(unindexed.details.field).to.equal('email');
    expect(unindexed.chatIndex).to.equal(null);
    expect(fake.chats.has('c-3')).to.equal(false);
  });

  it('refuses more than 50 chats before calling', async () => {
    const tooMany = await client.uploadChats(Array.from({ length: 51 }, (_, i) => chat(`x-${i}`))).then(
      () => null,
      (e: unknown) => e,
    );
    expect(tooMany).to.be.instanceOf(RangeError);
  });

  it('maps spent limits (-32029, with the reset from metadata.limits), a bad token (-32001) and a missing component (-32008)', async () => {
    fake.exhaustLimits(1, 42);
    const limited = await failure(client.uploadChats([chat('c-7')]));
    expect(limited.code).to.equal(DataApiErrorCode.LimitExceeded);
    expect(limited.details.retryAfterMs).to.equal(42_000);

    const badToken = await failure(
      new DataApiClient({ url: fake.url, accessToken: 'wrong' }).uploadChats([chat('c-8')]),
    );
    expect(badToken).to.deep.include({ code: DataApiErrorCode.AccessDenied });
    expect(badToken.details).to.deep.include({ rpcCode: -32001, mnemonic: 'access_token_invalid' });

    fake.addToken('no-chats', { componentMissing: true });
    const missing = await failure(
      new DataApiClient({ url: fake.url, accessToken: 'no-chats' }).uploadChats([chat('c-9')]),
    );
    expect(missing.code).to.equal(DataApiErrorCode.AccessDenied);
    expect(missing.message).to.contain('method_component_disabled');
    expect(missing.message).not.to.contain('no-chats');
  });

  describe('an answer of another shape', () => {
    let server: Server;
    let answer: unknown;
    let url = '';
    before(async () => {
      server = createServer((req, res) => {
        req.resume();
        req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer)));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2.0`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('is UnexpectedAnswer: no id per chat, or no time zone', async () => {
      const other = new DataApiClient({ url, accessToken: 't' });
      answer = { jsonrpc: '2.0', id: 1, result: { data: [{ ext_id: 'c-1' }] } };
      expect((await failure(other.uploadChats([chat('c-1')]))).code).to.equal(DataApiErrorCode.UnexpectedAnswer);
      answer = { jsonrpc: '2.0', id: 1, result: { data: [{ id: 1 }] } };
      expect((await failure(other.uploadChats([chat('c-1'), chat('c-2')]))).code).to.equal(
        DataApiErrorCode.UnexpectedAnswer,
      );
      answer = { jsonrpc: '2.0', id: 1, result: { data: [{ app_id: 1 }] } };
      expect((await failure(other.getAccount())).code).to.equal(DataApiErrorCode.UnexpectedAnswer);
      answer = {
        jsonrpc: '2.0',
        id: 1,
        error: { code: -32603, message: 'Internal error', data: { mnemonic: 'internal_error' } },
      };
      expect((await failure(other.getAccount())).code).to.equal(DataApiErrorCode.Unavailable);
    });
  });
});
