import { expect } from 'chai';
import { isAccountsCqCommand, parseAccountsCqArguments } from './accounts-cq-arguments';

const id = '0b5e1c3a-1f2d-4c1e-9a7b-2d4f6e8a0c1b';
const textOf = (argv: string[]) => (parseAccountsCqArguments(argv) as { text: string }).text;

describe('pnpm cq accounts / users arguments', () => {
  it('are the commands whose first word is accounts or users', () => {
    expect(isAccountsCqCommand(['accounts', 'list'])).to.equal(true);
    expect(isAccountsCqCommand(['users'])).to.equal(true);
    expect(isAccountsCqCommand(['status', '--integration', id])).to.equal(false);
  });

  it('read create, list and invite with their options', () => {
    expect(parseAccountsCqArguments(['accounts', 'create', '--name', 'Агентство'])).to.deep.equal({
      ok: true,
      args: { command: 'accounts create', name: 'Агентство', cabinetAccountId: null },
    });
    expect(
      parseAccountsCqArguments(['accounts', 'create', '--name', 'A', '--cabinet-account-id', '42']),
    ).to.deep.include({ ok: true, args: { command: 'accounts create', name: 'A', cabinetAccountId: '42' } });
    expect(
      parseAccountsCqArguments(['users', 'invite', '--account', id, '--email', 'a@example.com', '--role', 'owner']),
    ).to.deep.equal({
      ok: true,
      args: { command: 'users invite', account: id, email: 'a@example.com', role: 'owner' },
    });
    expect(parseAccountsCqArguments(['users', 'list', '--account', id])).to.deep.equal({
      ok: true,
      args: { command: 'users list', account: id },
    });
  });

  it('say what is missing or wrong before anything connects (exit 2); --help exits 0', () => {
    expect(parseAccountsCqArguments(['accounts', '--help'])).to.deep.include({ ok: false, exitCode: 0 });
    expect(textOf(['accounts'])).to.match(/^cq: accounts needs one of: create, list/);
    expect(textOf(['accounts', 'create'])).to.match(/^cq: accounts create needs --name/);
    expect(textOf(['accounts', 'delete'])).to.match(/^cq: unknown command "accounts delete"/);
    expect(textOf(['users', 'list'])).to.match(/^cq: --account <uuid> is required/);
    expect(textOf(['users', 'list', '--account', '42'])).to.match(/^cq: --account must be an account id/);
    expect(textOf(['users', 'invite', '--account', id, '--email', 'a@b.c', '--role', 'admin'])).to.match(
      /needs --role viewer\|editor\|owner; got "admin"/,
    );
    expect(parseAccountsCqArguments(['users', 'list', '--acount', id])).to.deep.include({ ok: false, exitCode: 2 });
  });
});
