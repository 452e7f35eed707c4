import { expect } from 'chai';
import { z } from 'zod';
import { ConfigError, loadConfig } from './load-config';
import { envBoolean, envCarrotQuestBaseUrl, envPort, envSecretsKey } from './env-types';
import { commonEnv } from './shared-env';

const schema = commonEnv.extend({
  PORT: envPort.default(3000),
  SECRETS_KEY: envSecretsKey,
  FLAG: envBoolean.default(false),
});
const key = Buffer.alloc(32, 7).toString('base64');

describe('loadConfig', () => {
  it('parses, coerces and applies defaults', () => {
    const config = loadConfig(schema, { REDIS_URL: 'redis://127.0.0.1:6379', SECRETS_KEY: key, FLAG: 'YES' });
    expect(config).to.deep.include({ PORT: 3000, FLAG: true, NODE_ENV: 'development', LOG_LEVEL: 'info' });
  });

  it('names every missing variable in one error', () => {
    try {
      loadConfig(schema, {});
      expect.fail('should throw');
    } catch (error) {
      expect(error).to.be.instanceOf(ConfigError);
      expect((error as ConfigError).problems).to.deep.equal([
        'REDIS_URL is required but not set',
        'SECRETS_KEY is required but not set',
      ]);
    }
  });

  it('treats a blank variable as unset', () => {
    expect(() => loadConfig(schema, { REDIS_URL: '  ', SECRETS_KEY: key })).to.throw(
      ConfigError,
      'REDIS_URL is required but not set',
    );
  });

  it('names a malformed variable and says what is expected', () => {
    expect(() => loadConfig(schema, { REDIS_URL: 'http://x', SECRETS_KEY: 'short', PORT: '70000' }))
      .to.throw(ConfigError)
      .with.property('message')
      .that.matches(/REDIS_URL: must be a URL starting with redis:\/\//)
      .and.matches(/SECRETS_KEY: must be 32 random bytes/)
      .and.matches(/PORT: /);
  });

  it('rejects a boolean it cannot read', () => {
    expect(() => loadConfig(z.object({ FLAG: envBoolean }), { FLAG: 'maybe' })).to.throw(ConfigError, 'FLAG');
  });
});

describe('envCarrotQuestBaseUrl', () => {
  const cq = z.object({ CARROTQUEST_API_BASE_URL: envCarrotQuestBaseUrl });

  it('defaults to the current, unversioned Web API', () => {
    expect(cq.parse({}).CARROTQUEST_API_BASE_URL).to.equal('https://api.carrotquest.io');
  });

  it('refuses the deprecated /v1 base, whose paging the client does not speak', () => {
    expect(cq.safeParse({ CARROTQUEST_API_BASE_URL: 'https://api.carrotquest.io/v1' }).success).to.equal(false);
    expect(cq.safeParse({ CARROTQUEST_API_BASE_URL: 'https://api.carrotquest.io/v1/' }).success).to.equal(false);
    expect(cq.safeParse({ CARROTQUEST_API_BASE_URL: 'http://127.0.0.1:4000' }).success).to.equal(true);
  });
});
