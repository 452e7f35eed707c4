// Signing in from the cabinet (issue #24, F): GET /sso?token=<JWT> against a real console over real
// PostgreSQL, with a key pair made here as the cabinet would hold it (its private key signs, the console
// knows the public one).
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { cabinetSsoSettingsFrom } from '../src/sso/cabinet-sso-settings';
import { ConsoleHarness } from './console-harness';

const ISSUER = 'https://cabinet.example.com';
const AUDIENCE = 'carrot-bridge';

interface Claims {
  account?: unknown;
  email?: unknown;
  role?: unknown;
}

describe('cabinet sign-in: GET /sso (real PostgreSQL)', function () {
  this.timeout(60_000);
  const h = new ConsoleHarness();
  const off = new ConsoleHarness();
  let cabinetKey: CryptoKey;
  let foreignKey: CryptoKey;
  let accountId: string;
  let cabinetPublicPem: string;

  /** A token as the cabinet signs it; `over` changes what a test needs changed. */
  async function token(
    claims: Claims = {},
    over: { key?: CryptoKey; issuedAt?: number; jti?: string | null; audience?: string } = {},
  ) {
    const jwt = new SignJWT({ account: 'cab-42', email: 'Anna@Example.com', role: 'editor', ...claims })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(ISSUER)
      .setAudience(over.audience ?? AUDIENCE)
      .setIssuedAt(over.issuedAt ?? Math.floor(Date.now() / 1000))
      .setExpirationTime((over.issuedAt ?? Math.floor(Date.now() / 1000)) + 300);
    if (over.jti !== null) jwt.setJti(over.jti ?? randomUUID());
    return jwt.sign(over.key ?? cabinetKey);
  }

  const open = (base: string, jwt: string, cookie?: string) =>
    fetch(`${base}/sso?token=${encodeURIComponent(jwt)}`, {
      redirect: 'manual',
      headers: cookie ? { cookie } : {},
    });

  const refusalsLogged = () =>
    h.log.lines.filter((l) => l.message === 'cabinet sign-in refused').map((l) => l.reason as string);

  before(async () => {
    const pair = await generateKeyPair('ES256');
    cabinetKey = pair.privateKey;
    foreignKey = (await generateKeyPair('ES256')).privateKey;
    cabinetPublicPem = await exportSPKI(pair.publicKey);
    const cabinetSso = cabinetSsoSettingsFrom({
      CABINET_SSO_PUBLIC_KEY: cabinetPublicPem,
      CABINET_SSO_ISSUER: ISSUER,
      CABINET_SSO_AUDIENCE: AUDIENCE,
      CABINET_SSO_MAX_AGE_SECONDS: 60,
    });
    await h.start('sso', { cabinetSso });
    await off.start('sso-off');
    accountId = (await h.api('POST', '/accounts', { name: 'Из кабинета', cabinetAccountId: 'cab-42' })).body.id;
  });
  after(async () => {
    await h.stop();
    await off.stop();
  });

  it('a valid token signs in once: cookie set, 303 to the account without the token, person made with the role', async () => {
    const jwt = await token();
    const response = await open(h.base, jwt);
    expect(response.status).to.equal(303);
    expect(response.headers.get('location')).to.equal(`/?account=${accountId}`);
    expect(response.headers.get('cache-control')).to.equal('no-store');
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie)
      .to.match(/^cb_session=[A-Za-z0-9_-]{43};/)
      .and.to.match(/HttpOnly/i)
      .and.to.match(/SameSite=Lax/i);

    const me = await fetch(`${h.base}/api/me`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(me.status).to.equal(200);
    expect(await me.json()).to.deep.include({
      kind: 'person',
      email: 'anna@example.com',
      accounts: [{ id: accountId, name: 'Из кабинета', role: 'editor' }],
    });
    const session = await h.t.db.consoleSession.findFirstOrThrow({ where: { person: { email: 'anna@example.com' } } });
    expect(session.method).to.equal('sso');
    const event = await h.t.db.auditEvent.findFirstOrThrow({ where: { accountId, action: 'session.signed_in' } });
    expect(event).to.deep.include({ actorLabel: 'anna@example.com', actorKind: 'person' });
    expect(event.details).to.deep.include({ method: 'sso', role: 'editor', personCreated: true });

    // The same token again: a replay.
    const again = await open(h.base, jwt);
    expect(again.status).to.equal(401);
    expect(again.headers.get('set-cookie')).to.equal(null);
    expect(await again.text()).to.contain('Эта ссылка для входа уже использована');
    expect(refusalsLogged()).to.deep.equal(['replayed']);
    // The log names the reason, never the token.
    expect(JSON.stringify(h.log.lines)).to.not.contain(jwt.split('.')[2]);
  });

  it('the role follows the claim on each sign-in', async () => {
    const response = await open(h.base, await token({ role: 'viewer' }));
    expect(response.status).to.equal(303);
    const membership = await h.t.db.membership.findFirstOrThrow({
      where: { accountId, person: { email: 'anna@example.com' } },
    });
    expect(membership.role).to.equal('viewer');
  });

  it('refuses an expired token, one signed by another key, an unknown cabinet account and one without a usable jti', async () => {
    const cases: [string, string, RegExp][] = [
      ['expired', await token({}, { issuedAt: Math.floor(Date.now() / 1000) - 120 }), /устарела/],
      ['bad_signature', await token({}, { key: foreignKey }), /недействительна/],
      ['unknown_account', await token({ account: 'cab-999' }), /не подключён/],
      ['claims_invalid', await token({}, { jti: null }), /недействительна/],
      // A lone surrogate: Prisma would refuse the query that records the jti (a 500, not a refusal).
      ['claims_invalid', await token({}, { jti: 'jti-\ud800' }), /недействительна/],
      ['claims_invalid', await token({}, { audience: 'someone-else' }), /недействительна/],
      ['claims_invalid', await token({ role: 'admin' }), /недействительна/],
      ['malformed', 'not-a-jwt', /недействительна/],
    ];
    const before = refusalsLogged().length;
    for (const [reason, jwt, message] of cases) {
      const response = await open(h.base, jwt);
      expect(response.status, reason).to.equal(401);
      expect(response.headers.get('set-cookie'), reason).to.equal(null);
      expect(response.headers.get('content-type'), reason).to.match(/^text\/html/);
      expect(await response.text(), reason).to.match(message);
    }
    expect(refusalsLogged().slice(before)).to.deep.equal(cases.map(([reason]) => reason));
    expect(await h.t.db.person.count({ where: { email: { not: 'anna@example.com' } } })).to.equal(0);
  });

  it('refuses a token whose header names another algorithm (HS256 with the public key as secret)', async () => {
    const pem = new TextEncoder().encode(cabinetPublicPem);
    const forged = await new SignJWT({ account: 'cab-42', email: 'mallory@example.com', role: 'owner' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setJti(randomUUID())
      .sign(pem);
    const response = await open(h.base, forged);
    expect(response.status).to.equal(401);
    expect(refusalsLogged().at(-1)).to.equal('algorithm_not_allowed');
  });

  it('is off (404) without a configured key', async () => {
    const response = await open(off.base, await token());
    expect(response.status).to.equal(404);
    expect(response.headers.get('set-cookie')).to.equal(null);
  });
});
