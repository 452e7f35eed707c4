import { expect } from 'chai';
import { isTokensCqCommand, parseTokensCqArguments } from './tokens-cq-arguments';

const account = '0b5e1c3a-1f2d-4c1e-9a7b-2d4f6e8a0c1b';

describe('pnpm cq tokens arguments', () => {
  it('is the tokens group only', () => {
    expect(isTokensCqCommand(['tokens', 'list'])).to.equal(true);
    expect(isTokensCqCommand(['status', '--integration', account])).to.equal(false);
  });

  it('reads create with repeated --scope', () => {
    const parsed = parseTokensCqArguments([
      'tokens',
      'create',
      '--account',
      account,
      '--name',
      'Трекер',
      '--scope',
      'sessions:write',
      '--scope',
      'report:read',
    ]);
    expect(parsed).to.deep.equal({
      ok: true,
      args: { command: 'tokens create', account, name: 'Трекер', scopes: ['sessions:write', 'report:read'] },
    });
  });

  it('refuses, before anything connects (exit 2): no scope, an unknown scope, no name, a bad account or token id', () => {
    const cases: [string[], RegExp][] = [
      [['tokens', 'create', '--account', account, '--name', 'x'], /at least one --scope/],
      [['tokens', 'create', '--account', account, '--name', 'x', '--scope', 'admin'], /unknown scope "admin"/],
      [['tokens', 'create', '--account', account, '--scope', 'chats:read'], /needs --name/],
      [['tokens', 'list', '--account', '42'], /--account must be an account id/],
      [['tokens', 'list'], /--account <uuid> is required/],
      [['tokens', 'revoke', '--account', account, '--token', 'cbt_abc'], /needs --token <token id>/],
      [['tokens', 'rotate', '--account', account], /unknown command "tokens rotate"/],
      [['tokens'], /tokens needs one of: create, list, revoke/],
    ];
    for (const [argv, message] of cases) {
      const parsed = parseTokensCqArguments(argv);
      expect(parsed, argv.join(' ')).to.deep.include({ ok: false, exitCode: 2 });
      expect((parsed as { text: string }).text, argv.join(' ')).to.match(message);
    }
  });

  it('reads list and revoke; --help is the usage (exit 0)', () => {
    expect(parseTokensCqArguments(['tokens', 'list', '--account', account])).to.deep.equal({
      ok: true,
      args: { command: 'tokens list', account },
    });
    expect(parseTokensCqArguments(['tokens', 'revoke', '--account', account, '--token', account])).to.deep.equal({
      ok: true,
      args: { command: 'tokens revoke', account, token: account },
    });
    expect(parseTokensCqArguments(['tokens', '--help'])).to.deep.include({ ok: false, exitCode: 0 });
  });
});
