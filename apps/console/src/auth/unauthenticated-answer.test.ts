import { expect } from 'chai';
import type { Request, Response } from 'express';
import { answerUnauthenticated } from './unauthenticated-answer';

function request(method: string, originalUrl: string, headers: Record<string, string> = {}) {
  return { method, originalUrl, get: (name: string) => headers[name.toLowerCase()] } as unknown as Request;
}

/** What the answer was: a redirect, or a status with its WWW-Authenticate header. */
function answer(req: Request) {
  const seen: { status?: number; location?: string; challenge?: string } = {};
  const res = {
    redirect(status: number, location: string) {
      Object.assign(seen, { status, location });
    },
    setHeader(name: string, value: string) {
      if (name === 'WWW-Authenticate') seen.challenge = value;
    },
    status(status: number) {
      seen.status = status;
      return { json: () => undefined };
    },
  } as unknown as Response;
  answerUnauthenticated(req, res);
  return seen;
}

describe('answerUnauthenticated', () => {
  it('sends a browser opening a page to the sign-in page', () => {
    for (const url of ['/', '/?account=1', '/index.html', '/report.html?account=1&from=2025-01-01'])
      expect(answer(request('GET', url)), url).to.deep.equal({ status: 302, location: '/sign-in' });
    expect(answer(request('HEAD', '/'))).to.deep.equal({ status: 302, location: '/sign-in' });
  });

  it('answers 401 with the basic-auth challenge to the API, Bull Board, scripts and files', () => {
    for (const [method, url] of [
      ['GET', '/api/'],
      ['GET', '/api/accounts'],
      ['GET', '/admin/queues'],
      ['GET', '/admin/queues/'],
      ['GET', '/admin/queues/index.html'],
      ['GET', '/app.js'],
      ['POST', '/'],
    ] as const) {
      const seen = answer(request(method, url));
      expect(seen.status, url).to.equal(401);
      expect(seen.challenge, url).to.match(/^Basic realm="carrot-bridge"/);
    }
  });

  it("answers the page's own fetches 401 without the challenge (no browser login box over the page)", () => {
    const seen = answer(request('GET', '/api/me', { 'sec-fetch-site': 'same-origin', 'sec-fetch-dest': 'empty' }));
    expect(seen).to.deep.equal({ status: 401 });
    const navigation = answer(request('GET', '/api/me', { 'sec-fetch-site': 'none', 'sec-fetch-dest': 'document' }));
    expect(navigation.challenge).to.match(/^Basic/);
  });
});
