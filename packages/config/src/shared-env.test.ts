import { expect } from 'chai';
import { ConfigError, loadConfig } from './load-config';
import { allowApiBaseUrlOverrideFrom, backOfficeEnv, dataApiUrlsFrom, listenHostFrom } from './shared-env';

const required = {
  REDIS_URL: 'redis://127.0.0.1:6379',
  DATABASE_URL: 'postgresql://x@127.0.0.1/x',
  SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
};

describe('the variables the console and the worker share (backOfficeEnv)', () => {
  it('gives both the same defaults: queue prefix, retry policy, CarrotQuest and Data API', () => {
    const config = loadConfig(backOfficeEnv, required);
    expect(config).to.deep.include({
      QUEUE_PREFIX: 'cb',
      RETRY_ATTEMPTS: 25,
      CARROTQUEST_API_BASE_URL: 'https://api.carrotquest.io',
      CARROTQUEST_TIMEOUT_MS: 10_000,
      DATA_API_TIMEOUT_MS: 15_000,
    });
    expect(dataApiUrlsFrom(config)).to.deep.equal({
      comagic: 'https://dataapi.comagic.ru/v2.0',
      uis: 'https://dataapi.uiscom.ru/v2.0',
    });
  });

  it('refuses a queue prefix Redis keys should not carry, and a Data API URL that is not one', () => {
    expect(() => loadConfig(backOfficeEnv, { ...required, QUEUE_PREFIX: 'cb:prod' })).to.throw(
      ConfigError,
      /QUEUE_PREFIX/,
    );
    expect(() => loadConfig(backOfficeEnv, { ...required, DATA_API_UIS_URL: 'ftp://x' })).to.throw(
      ConfigError,
      /DATA_API_UIS_URL/,
    );
  });

  it("uses an integration's own API base outside production only, unless told", () => {
    expect(allowApiBaseUrlOverrideFrom({ NODE_ENV: 'development' })).to.equal(true);
    expect(allowApiBaseUrlOverrideFrom({ NODE_ENV: 'production' })).to.equal(false);
    expect(allowApiBaseUrlOverrideFrom({ NODE_ENV: 'production', ALLOW_API_BASE_URL_OVERRIDE: true })).to.equal(true);
    expect(allowApiBaseUrlOverrideFrom({ NODE_ENV: 'test', ALLOW_API_BASE_URL_OVERRIDE: false })).to.equal(false);
  });

  it('listens on every interface in production and on loopback elsewhere, unless told', () => {
    expect(listenHostFrom(undefined, 'production')).to.equal('0.0.0.0');
    expect(listenHostFrom(undefined, 'development')).to.equal('127.0.0.1');
    expect(listenHostFrom('10.0.0.5', 'production')).to.equal('10.0.0.5');
  });
});
