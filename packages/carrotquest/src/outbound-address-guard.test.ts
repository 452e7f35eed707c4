import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import { get as httpsGet } from 'node:https';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { CarrotQuestClient } from './carrotquest-client';
import { CarrotQuestError } from './carrotquest-error';
import { guardedCarrotQuestAgents, isPublicAddress } from './outbound-address-guard';

describe('outbound address guard', () => {
  it('refuses loopback, private, link-local, CGNAT, unspecified and IPv4-mapped addresses', () => {
    for (const address of [
      '127.0.0.1',
      '127.1.2.3',
      '10.0.0.5',
      '172.16.3.4',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:a9fe:a9fe',
      '64:ff9b::7f00:1',
      '224.0.0.1',
      '255.255.255.255',
      'not-an-ip',
    ]) {
      expect(isPublicAddress(address), address).to.equal(false);
    }
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8']) {
      expect(isPublicAddress(address), address).to.equal(true);
    }
  });

  it('the https agent refuses a loopback address, literal or resolved, before it connects', async () => {
    let connections = 0;
    const listener = createTcpServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const { port } = listener.address() as AddressInfo;
    try {
      const { https } = guardedCarrotQuestAgents({ keepAlive: false });
      for (const host of ['127.0.0.1', 'localhost']) {
        const error = await new Promise<unknown>((resolve) => {
          httpsGet({ host, port, path: '/', agent: https }, () => resolve(null)).on('error', resolve);
        });
        expect(error, host).to.have.property('code', 'EFORBIDDENADDRESS');
      }
      expect(connections).to.equal(0);
    } finally {
      await new Promise((resolve) => listener.close(resolve));
    }
  });

  describe('a CarrotQuest client with the guarded agents', () => {
    let server: Server;
    let port = 0;
    let hits = 0;
    before(async () => {
      server = createServer((_req, res) => {
        hits += 1;
        res.end('{}');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    after(() => new Promise((resolve) => server.close(resolve)));

    it('never reaches a loopback listener, however the address is spelled or resolved', async () => {
      // 0x7f000001 and 2130706433 are 127.0.0.1 to the URL parser; localhost resolves to it.
      for (const host of ['127.0.0.1', 'localhost', '0x7f000001', '2130706433', '[::1]', '[::ffff:127.0.0.1]']) {
        const client = new CarrotQuestClient({
          baseUrl: `http://${host}:${port}/v1`,
          apiKey: 'stolen-if-sent',
          timeoutMs: 2_000,
          agents: guardedCarrotQuestAgents(),
        });
        const error = await client.getChannels().then(
          () => null,
          (e: unknown) => e,
        );
        expect(error, host).to.be.instanceOf(CarrotQuestError);
      }
      expect(hits).to.equal(0);
    });

    it('the same client without the guard does reach it (the test listener works)', async () => {
      const client = new CarrotQuestClient({ baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: 'k', timeoutMs: 2_000 });
      await client.getChannels().catch(() => undefined);
      expect(hits).to.equal(1);
    });
  });
});
