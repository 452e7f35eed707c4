import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { ConfigError } from '@carrot-bridge/config';
import { cabinetSsoSettingsFrom, type CabinetSsoEnv } from './cabinet-sso-settings';

const pem = (type: 'ec' | 'rsa', option: Record<string, unknown>) => {
  const { publicKey, privateKey } = generateKeyPairSync(type as 'ec', option as { namedCurve: string });
  return {
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
};
const p256 = pem('ec', { namedCurve: 'prime256v1' });
const env = (over: Partial<CabinetSsoEnv>): CabinetSsoEnv => ({
  CABINET_SSO_ISSUER: 'https://cabinet.example.com',
  CABINET_SSO_AUDIENCE: 'carrot-bridge',
  CABINET_SSO_MAX_AGE_SECONDS: 60,
  ...over,
});
const problemsOf = (e: CabinetSsoEnv) => {
  try {
    cabinetSsoSettingsFrom(e);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('the cabinet sign-in settings', () => {
  it('are off without a key, whatever else is set', () => {
    expect(cabinetSsoSettingsFrom(env({}))).to.equal(null);
  });

  it('take the algorithm from the key: P-256 is ES256, RSA is RS256 (a one-line \\n-spelled PEM too)', () => {
    expect(cabinetSsoSettingsFrom(env({ CABINET_SSO_PUBLIC_KEY: p256.publicPem }))!.algorithm).to.equal('ES256');
    const rsa = pem('rsa', { modulusLength: 2048 });
    const oneLine = rsa.publicPem.replaceAll('\n', '\\n');
    const settings = cabinetSsoSettingsFrom(env({ CABINET_SSO_PUBLIC_KEY: oneLine }))!;
    expect(settings).to.deep.include({ algorithm: 'RS256', issuer: 'https://cabinet.example.com', maxAgeSeconds: 60 });
  });

  it('refuse a private key, another curve, a short RSA key, no issuer or audience, and two sources', () => {
    expect(problemsOf(env({ CABINET_SSO_PUBLIC_KEY: p256.privatePem }))).to.deep.equal([
      'CABINET_SSO_PUBLIC_KEY: must be a public key in PEM (SPKI, "-----BEGIN PUBLIC KEY-----")',
    ]);
    const p384 = pem('ec', { namedCurve: 'secp384r1' }).publicPem;
    expect(problemsOf(env({ CABINET_SSO_PUBLIC_KEY: p384 }))[0]).to.match(/EC P-256 \(ES256\) or RSA/);
    const rsa1024 = pem('rsa', { modulusLength: 1024 }).publicPem;
    expect(problemsOf(env({ CABINET_SSO_PUBLIC_KEY: rsa1024 }))[0]).to.match(/RSA ≥ 2048-bit/);
    expect(problemsOf({ CABINET_SSO_PUBLIC_KEY: p256.publicPem, CABINET_SSO_MAX_AGE_SECONDS: 60 })).to.deep.equal([
      'CABINET_SSO_ISSUER is required with a cabinet public key',
      'CABINET_SSO_AUDIENCE is required with a cabinet public key',
    ]);
    expect(
      problemsOf(env({ CABINET_SSO_PUBLIC_KEY: p256.publicPem, CABINET_SSO_PUBLIC_KEY_FILE: '/etc/cabinet.pem' })),
    ).to.deep.equal(['CABINET_SSO_PUBLIC_KEY and CABINET_SSO_PUBLIC_KEY_FILE: set one of them, not both']);
    expect(problemsOf(env({ CABINET_SSO_PUBLIC_KEY_FILE: '/nonexistent/cabinet.pem' }))).to.deep.equal([
      'CABINET_SSO_PUBLIC_KEY_FILE: cannot read it (ENOENT)',
    ]);
  });
});
