import { expect } from 'chai';
import { createServer } from 'node:http';
import { FakeCarrotQuest } from '@carrot-bridge/carrotquest-fake';
import { listenOnLoopback } from '@carrot-bridge/test-support';
import { api, seedAttackedAccount, startConsole, type ConsoleUnderAttack } from './attack-helpers';

const KEY = 'app.4821.the-stored-secret-key';

// Issue #12, item 2: the stored CarrotQuest key never reaches a host other than the one it was
// entered for, and the key check is no port scanner. Real console processes, loopback only.
describe('attacks on the stored CarrotQuest key (real console processes)', function () {
  const fake = new FakeCarrotQuest();
  const received: string[] = [];
  let stopListener: (() => Promise<void>) | undefined;
  let stealUrl = '';

  before(async () => {
    await fake.start();
    fake.addApp(KEY);
    const listener = createServer((req, res) => {
      received.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      res.statusCode = 404;
      res.end('listener text that must not be echoed');
    });
    const listening = await listenOnLoopback(listener, 'the listener');
    stopListener = listening.stop;
    stealUrl = `http://127.0.0.1:${listening.port}/steal`;
  });
  after(async () => {
    await stopListener?.();
    await fake.stop();
  });

  describe('with own API bases allowed (development, the demo)', () => {
    let target: ConsoleUnderAttack;
    before(async () => {
      target = await startConsole('key_exfil_dev', {
        CARROTQUEST_API_BASE_URL: fake.baseUrl,
        ALLOW_API_BASE_URL_OVERRIDE: 'true',
      });
    });
    after(() => target?.stop());

    it('refuses to point an integration elsewhere without the key being entered again, and check-key still asks only CarrotQuest', async () => {
      const { ids, settings } = await seedAttackedAccount(target);
      const created = await api(target.url, 'POST', `/accounts/${ids.account}/integrations`, {
        ...settings,
        apiKey: KEY,
      });
      expect(created.status).to.equal(201);
      const id = created.body.id;
      for (const apiBaseUrl of [
        stealUrl,
        'http://169.254.169.254/latest',
        'http://0x7f000001:1/v1',
        'http://[::1]:1/v1',
      ]) {
        const moved = await api(target.url, 'PUT', `/accounts/${ids.account}/integrations/${id}`, {
          ...settings,
          apiBaseUrl,
        });
        expect(moved.status, apiBaseUrl).to.equal(422);
        expect(moved.body.errors.map((e: { field: string }) => e.field)).to.deep.equal(['apiKey']);
      }
      const check = await api(target.url, 'POST', `/accounts/${ids.account}/integrations/${id}/check-key`, {});
      expect(check.body.status).to.equal('valid');
      expect(received).to.deep.equal([]);
    });

    it('a key entered together with the new address goes there (the demo’s simulator), and only that key', async () => {
      const { ids, settings } = await seedAttackedAccount(target);
      const created = await api(target.url, 'POST', `/accounts/${ids.account}/integrations`, {
        ...settings,
        apiKey: KEY,
      });
      const moved = await api(target.url, 'PUT', `/accounts/${ids.account}/integrations/${created.body.id}`, {
        ...settings,
        apiBaseUrl: stealUrl,
        apiKey: 'a-key-for-that-address',
      });
      expect(moved.status).to.equal(200);
      // What answered is not echoed, nor which kind of port it was: a generic message.
      expect(moved.body.keyCheck).to.deep.include({ status: 'unchecked', error: 'CarrotQuest не ответил' });
      expect(JSON.stringify(moved.body)).not.to.contain('listener text');
      // The check did go there (else the next line would hold over nothing), with that key only.
      expect(received, 'the key check reached the new address').not.to.deep.equal([]);
      expect(received.filter((line) => !line.endsWith('Token a-key-for-that-address'))).to.deep.equal([]);
      expect(received.join('\n')).not.to.contain(KEY);
      received.length = 0;
    });
  });

  describe('with own API bases off (production)', () => {
    let target: ConsoleUnderAttack;
    before(async () => {
      // CarrotQuest "is" on loopback here: exactly what the outbound guard must refuse in production.
      target = await startConsole('key_exfil_prod', { NODE_ENV: 'production', CARROTQUEST_API_BASE_URL: fake.baseUrl });
    });
    after(() => target?.stop());

    it('ignores an override already stored in the row, and never connects to loopback', async () => {
      const { ids, settings } = await seedAttackedAccount(target);
      const fakeRequestsBefore = fake.requests.length;
      const refused = await api(target.url, 'POST', `/accounts/${ids.account}/integrations`, {
        ...settings,
        apiKey: KEY,
        apiBaseUrl: stealUrl,
      });
      expect(refused.status).to.equal(422);
      const created = await api(target.url, 'POST', `/accounts/${ids.account}/integrations`, {
        ...settings,
        apiKey: KEY,
      });
      expect(created.status).to.equal(201);
      expect(created.body.apiKey).to.deep.include({ status: 'unchecked', error: 'CarrotQuest не ответил' });
      // A value written before overrides were turned off (or straight into the table).
      await target.t.db.carrotQuestIntegration.update({
        where: { id: created.body.id },
        data: { apiBaseUrl: stealUrl },
      });
      const check = await api(
        target.url,
        'POST',
        `/accounts/${ids.account}/integrations/${created.body.id}/check-key`,
        {},
      );
      expect(check.body).to.deep.include({ status: 'unchecked', error: 'CarrotQuest не ответил' });
      // The check answered after its one attempt was refused: nothing can still be on its way (the
      // backfill scan runs in the worker, whose client carries the same guard: outbound-address-guard.test.ts).
      expect(received).to.deep.equal([]);
      expect(fake.requests.length, 'the guard refused the loopback "CarrotQuest" too').to.equal(fakeRequestsBefore);
      expect(target.app.log()).to.contain('CarrotQuest key check failed');
    });
  });
});
