// The pages' browser modules as the console serves them: a module script the browser cannot load (wrong
// MIME type under nosniff, a 404 import, a CSP that refuses it) leaves a blank page and no server error.
import { expect } from 'chai';
import express from 'express';
import { readdirSync, readFileSync } from 'node:fs';
import { get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { CHANNEL_LABELS, MESSENGER_CHANNELS } from '@carrot-bridge/domain';
import { settingsPage } from '../src/page/settings-page';
import { PAGE_CONTENT_SECURITY_POLICY, securityHeaders } from '../src/security/security-headers';

const STATIC = fileURLToPath(new URL('../src/page/static/', import.meta.url));
const files = readdirSync(STATIC);
const source = (name: string) => readFileSync(`${STATIC}${name}`, 'utf8');

// Our own files, not a stranger's bytes: `import … from './x.js'` (one line or several) and `<script type="module" src="x.js">`.
const importsOf = (code: string) => [...code.matchAll(/^import [^'"]*['"]\.\/([\w-]+\.js)['"];?$/gm)].map((m) => m[1]!);
const entriesOf = (html: string) =>
  [...html.matchAll(/<script type="module" src="([\w-]+\.js)"><\/script>/g)].map((m) => m[1]!);

// node:http, not fetch: fetch adds `cache-control: no-cache` to a conditional request, which forbids a 304.
const statusRevalidating = (url: string, etag: string) =>
  new Promise<number | undefined>((resolve, reject) => {
    get(url, { headers: { 'if-none-match': etag } }, (res) => {
      res.resume();
      resolve(res.statusCode);
    }).on('error', reject);
  });

describe('the pages as browser modules', () => {
  let server: Server;
  let base = '';

  before(async () => {
    const app = express().use(securityHeaders(), settingsPage());
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('each page loads its script as a module, and every module it imports, transitively, is served as JavaScript', async () => {
    const reached = new Set<string>();
    for (const page of ['index.html', 'report.html', 'sign-in.html', 'invite.html']) {
      const html = await fetch(`${base}/${page}`);
      expect(html.status, page).to.equal(200);
      expect(html.headers.get('content-security-policy'), page)
        .to.equal(PAGE_CONTENT_SECURITY_POLICY)
        .and.to.contain("script-src 'self'");
      const entries = entriesOf(await html.text());
      expect(entries, page).to.have.length(1);
      const queue = [...entries];
      while (queue.length > 0) {
        const name = queue.shift()!;
        if (reached.has(name)) continue;
        reached.add(name);
        const response = await fetch(`${base}/${name}`);
        expect(response.status, name).to.equal(200);
        expect(response.headers.get('content-type'), name).to.equal('text/javascript; charset=utf-8');
        expect(response.headers.get('x-content-type-options'), name).to.equal('nosniff');
        queue.push(...importsOf(await response.text()));
      }
    }
    // Every module in static/ is reached from a page: none is dead, none missed by this walk; and the
    // one the console makes from the domain's channel list.
    expect([...reached].sort()).to.deep.equal([...files.filter((f) => f.endsWith('.js')), 'channel-labels.js'].sort());
  });

  it("serves the channels' names from the domain's one list, for the page's labels", async () => {
    const response = await fetch(`${base}/channel-labels.js`);
    expect(response.headers.get('content-type')).to.equal('text/javascript; charset=utf-8');
    const module = await response.text();
    const labels = JSON.parse(/CHANNEL_LABELS = (\{.*\});/.exec(module)![1]!) as Record<string, string>;
    expect(labels).to.deep.equal(CHANNEL_LABELS);
    expect(module).to.contain(`MESSENGER_CHANNELS = ${JSON.stringify(MESSENGER_CHANNELS)};`);
  });

  it('a module is revalidated on every load (no-cache, ETag) and never stored by a shared cache', async () => {
    const first = await fetch(`${base}/api.js`);
    await first.arrayBuffer();
    expect(first.headers.get('cache-control')).to.equal('no-cache');
    const etag = first.headers.get('etag');
    expect(etag).to.be.a('string');
    const again = await statusRevalidating(`${base}/api.js`, etag!);
    expect(again).to.equal(304);
    const page = await fetch(`${base}/`);
    await page.arrayBuffer();
    expect(page.headers.get('cache-control')).to.equal('no-cache');
  });

  it('each page is served with the shared head: charset first, its own title and stylesheet; revalidated to a 304', async () => {
    const pages = { 'report.html': 'report.css', 'sign-in.html': 'sign-in.css', 'invite.html': 'sign-in.css' };
    for (const [page, stylesheet] of Object.entries(pages)) {
      const response = await fetch(`${base}/${page}`);
      const html = await response.text();
      expect(html, page).to.match(/^<!doctype html>\n<html lang="ru">\n<head>\n {2}<meta charset="utf-8">\n/);
      expect(html, page).to.contain(
        `<link rel="stylesheet" href="style.css">\n  <link rel="stylesheet" href="${stylesheet}">\n</head>\n<body>`,
      );
      expect(html, page).to.contain(`<title>${/<!-- head title="([^"]+)"/.exec(source(page))![1]}</title>`);
      expect(html, page).not.to.contain('<!-- head');
    }
    const home = await fetch(`${base}/`);
    expect(await home.text()).to.match(/<link rel="stylesheet" href="style.css">\n<\/head>/);
    const etag = home.headers.get('etag');
    expect(etag).to.be.a('string');
    const again = await statusRevalidating(`${base}/report.html`, etag!);
    expect(again, 'another page, not the one revalidated').to.equal(200);
    const same = await statusRevalidating(`${base}/`, etag!);
    expect(same).to.equal(304);
  });

  it('no file of the pages is over 200 lines, and no module writes markup from a string', () => {
    const sizes = files.map((f) => [f, source(f).split('\n').length - 1] as const);
    expect(sizes.filter(([, lines]) => lines > 200)).to.deep.equal([]);
    const modules = files.filter((f) => f.endsWith('.js'));
    expect(modules.length).to.be.greaterThan(1);
    const markup = modules.filter((f) =>
      /\.(?:innerHTML|outerHTML|insertAdjacentHTML|createContextualFragment)\b|document\.write/.test(source(f)),
    );
    expect(markup).to.deep.equal([]);
  });
});
