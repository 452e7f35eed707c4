import { expect } from 'chai';
import { redact, REDACTED } from './redact';

// Issue #21: one list of secret-like key names for the logs and the delivery log, read as words.
const SECRET_NAMES = [
  'token',
  'webhook_token',
  'accessToken',
  'secret',
  'password',
  'passwd',
  'pass',
  'db_pass',
  'pwd',
  'cookie',
  'set-cookie',
  'credential',
  'credentials',
  'auth',
  'authToken',
  'authorization',
  'Authorization',
  'api_key',
  'apiKey',
  'APIKey',
  'apikey',
  'x-api-key',
  'webhookKey',
  'private_key',
  'key',
  'signature',
];
const PLAIN_NAMES = ['author', 'authorId', 'author_name', 'passenger', 'message', 'keyboard', 'monkey', 'pathway'];

describe('secret-like key names (shared by the logs and the delivery log)', () => {
  it('redacts a field under every secret-like name and none under a plain one', () => {
    const line = Object.fromEntries([...SECRET_NAMES, ...PLAIN_NAMES].map((name) => [name, 'value']));
    const redacted = redact(line) as Record<string, unknown>;
    const secret = Object.keys(redacted).filter((name) => redacted[name] === REDACTED);
    expect(secret).to.deep.equal(SECRET_NAMES);
  });
});
