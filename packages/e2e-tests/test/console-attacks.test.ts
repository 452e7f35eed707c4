import { expect } from 'chai';
import { createServer } from 'node:http';
import type { Browser } from 'playwright-core';
import { launchHeadlessChromium } from './headless-chromium';
import { FakeCarrotQuest } from '@carrot-bridge/carrotquest-fake';
import { listenOnLoopback, waitFor } from '@carrot-bridge/test-support';
import {
  api,
  AUTH,
  createAttackedIntegration,
  CONSOLE_PASSWORD,
  rawRequest,
  startConsole,
  type ConsoleUnderAttack,
} from './attack-helpers';

const KEY = 'app.4821.attack-suite-key';

// Issue #12, items 1, 3 and 4, against a real console process on loopback.
describe('attacks on the console (real process)', function () {
  const fake = new FakeCarrotQuest();
  let accountId = '';
  let target: ConsoleUnderAttack;
  let integrationId = '';
  let webhookUrl = '';

  before(async () => {
    await fake.start();
    fake.addApp(KEY);
    target = await startConsole('console_attacks', {
      CARROTQUEST_API_BASE_URL: fake.baseUrl,
      CONSOLE_LOGIN_MAX_FAILURES: '10',
      CONSOLE_LOGIN_BLOCK_SECONDS: '60',
    });
    ({ accountId, integrationId, webhookUrl } = await createAttackedIntegration(target, KEY));
  });
  after(async () => {
    await target?.stop();
    await fake.stop();
  });

  const integrationPath = () => `/api/accounts/${accountId}/integrations/${integrationId}`;
  const current = async () =>
    (await api(target.url, 'GET', `/accounts/${accountId}/integrations/${integrationId}`)).body;

  describe('cross-site request forgery (item 1)', () => {
    it('refuses state-changing requests that name another origin, whatever the endpoint', async () => {
      for (const action of ['rotate-webhook-key', 'deactivate', 'activate', 'check-key']) {
        const answer = await rawRequest(`${target.url}${integrationPath()}/${action}`, {
          method: 'POST',
          headers: {
            authorization: AUTH,
            origin: 'https://evil.example',
            'content-type': 'text/plain',
            'content-length': '1',
          },
          body: 'x',
        });
        expect(answer.status, action).to.equal(403);
      }
      const board = await rawRequest(`${target.url}/admin/queues/api/queues/chat-import/add`, {
        method: 'POST',
        headers: { authorization: AUTH, origin: 'https://evil.example', 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'x', data: {} }),
      });
      expect(board.status).to.equal(403);
      const fetchMetadata = await rawRequest(`${target.url}${integrationPath()}/deactivate`, {
        method: 'POST',
        headers: { authorization: AUTH, 'sec-fetch-site': 'cross-site' },
      });
      expect(fetchMetadata.status).to.equal(403);
      const sameSite = await rawRequest(`${target.url}${integrationPath()}/deactivate`, {
        method: 'POST',
        headers: { authorization: AUTH, 'sec-fetch-site': 'same-site' },
      });
      expect(sameSite.status).to.equal(403);
      const nullOrigin = await rawRequest(`${target.url}${integrationPath()}/deactivate`, {
        method: 'POST',
        headers: { authorization: AUTH, origin: 'null' },
      });
      expect(nullOrigin.status).to.equal(403);
      const after = await current();
      expect(after.webhookUrl).to.equal(webhookUrl);
      expect(after.active).to.equal(true);
    });

    it('refuses non-JSON bodies on the JSON API even from the same origin', async () => {
      for (const contentType of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
      ]) {
        const answer = await rawRequest(`${target.url}${integrationPath()}/rotate-webhook-key`, {
          method: 'POST',
          headers: { authorization: AUTH, 'sec-fetch-site': 'same-origin', 'content-type': contentType },
          body: '',
        });
        expect(answer.status, contentType).to.equal(415);
      }
      expect((await current()).webhookUrl).to.equal(webhookUrl);
    });

    it('lets the console’s own page (same origin) and non-browser clients through', async () => {
      const own = await rawRequest(`${target.url}${integrationPath()}/deactivate`, {
        method: 'POST',
        headers: { authorization: AUTH, 'sec-fetch-site': 'same-origin', origin: target.url },
      });
      expect(own.status).to.equal(200);
      const cli = await api(target.url, 'POST', `/accounts/${accountId}/integrations/${integrationId}/activate`);
      expect(cli.status).to.equal(200);
      expect((await current()).active).to.equal(true);
    });

    it('an auto-submitting form on another site changes nothing in real Chromium', async function () {
      // One top-level auto-submitting form per page (Chromium keeps auth challenges out of cross-site frames).
      const forms: Record<string, string> = {
        '/rotate': `<form method="POST" enctype="text/plain" action="${target.url}${integrationPath()}/rotate-webhook-key"><input name="x" value="y"></form>`,
        '/off': `<form method="POST" action="${target.url}${integrationPath()}/deactivate"></form>`,
      };
      const evil = createServer((req, res) => {
        res.setHeader('content-type', 'text/html');
        res.end(`<!doctype html><body>${forms[req.url ?? ''] ?? ''}<script>document.forms[0].submit()</script></body>`);
      });
      const listening = await listenOnLoopback(evil, 'the foreign site');
      // "localhost" and "127.0.0.1" are different sites to the browser: a genuinely foreign origin.
      const evilBase = `http://localhost:${listening.port}`;
      let browser: Browser | undefined;
      try {
        browser = await launchHeadlessChromium();
        // The victim is logged in to the console: the browser answers its basic-auth challenge.
        const context = await browser.newContext({
          httpCredentials: { username: 'admin', password: CONSOLE_PASSWORD },
        });
        const refusedBefore = (target.app.log().match(/cross-site request refused/g) ?? []).length;
        for (const path of Object.keys(forms)) {
          const page = await context.newPage();
          const answer = page.waitForResponse(
            (response) => response.url().startsWith(target.url) && response.status() !== 401,
            { timeout: 15_000 },
          );
          await page.goto(`${evilBase}${path}`);
          expect((await answer).status(), path).to.equal(403);
          await page.close();
        }
        // Both forms reached the console with the victim's credentials and were refused there.
        await waitFor(
          'both forged requests to be refused',
          async () => (target.app.log().match(/cross-site request refused/g) ?? []).length >= refusedBefore + 2,
          10_000,
          100,
        );
      } finally {
        await browser?.close();
        await listening.stop();
      }
      const after = await current();
      expect(after.webhookUrl).to.equal(webhookUrl);
      expect(after.active).to.equal(true);
    });
  });

  describe('headers (item 4)', () => {
    it('the page: CSP that forbids framing, nosniff, no X-Powered-By', async () => {
      const page = await rawRequest(`${target.url}/`, { headers: { authorization: AUTH } });
      expect(page.status).to.equal(200);
      expect(page.headers['content-security-policy'])
        .to.contain("frame-ancestors 'none'")
        .and.contain("script-src 'self'");
      expect(page.headers['x-content-type-options']).to.equal('nosniff');
      expect(page.headers['x-frame-options']).to.equal('DENY');
      expect(page.headers['x-powered-by']).to.equal(undefined);
      const board = await rawRequest(`${target.url}/admin/queues`, { headers: { authorization: AUTH } });
      expect(board.headers['content-security-policy']).to.contain("frame-ancestors 'none'");
      const unauthenticated = await rawRequest(`${target.url}/`);
      expect(unauthenticated.status, 'the page without credentials: to the sign-in page').to.equal(302);
      expect(unauthenticated.headers.location).to.equal('/sign-in');
      expect(unauthenticated.headers['x-content-type-options']).to.equal('nosniff');
    });

    it('API answers holding webhook URLs are never cached', async () => {
      const answer = await rawRequest(`${target.url}${integrationPath()}`, { headers: { authorization: AUTH } });
      expect(answer.status).to.equal(200);
      expect(answer.body).to.contain('/webhooks/carrotquest/');
      expect(answer.headers['cache-control']).to.equal('no-store');
    });
  });

  describe('basic-auth brute force (item 3)', () => {
    it('throttles a burst of wrong passwords from one address, logs it, and still lets the right password in from elsewhere', async () => {
      const wrong = `Basic ${Buffer.from('admin:guess').toString('base64')}`;
      const statuses: number[] = [];
      // Bounded: 300 guesses, as fast as one loopback client sends them, from 127.0.0.3.
      for (let i = 0; i < 300; i += 1) {
        statuses.push(
          (
            await rawRequest(`${target.url}/api/accounts`, {
              headers: { authorization: wrong },
              localAddress: '127.0.0.3',
            })
          ).status,
        );
      }
      expect(statuses.slice(0, 10)).to.deep.equal(Array(10).fill(401));
      expect(statuses.filter((s) => s === 401)).to.have.length.at.most(11);
      expect(statuses.filter((s) => s === 429).length).to.be.at.least(289);
      const throttled = await rawRequest(`${target.url}/api/accounts`, {
        headers: { authorization: AUTH },
        localAddress: '127.0.0.3',
      });
      expect(throttled.status, 'the right password from the guessing address is held off too').to.equal(429);
      expect(Number(throttled.headers['retry-after'])).to.be.within(1, 60);
      const elsewhere = await rawRequest(`${target.url}/api/accounts`, {
        headers: { authorization: AUTH },
        localAddress: '127.0.0.4',
      });
      expect(elsewhere.status).to.equal(200);
      const log = target.app.log();
      expect(log).to.contain('too many failed logins');
      expect(log).to.contain('127.0.0.3');
      // At most one line per failure before the block, and one for the block: the flood is not in the log.
      expect((log.match(/failed login/g) ?? []).length).to.be.at.most(12);
    });
  });
});
