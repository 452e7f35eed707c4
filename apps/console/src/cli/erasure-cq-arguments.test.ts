import { expect } from 'chai';
import { parseErasureCqArguments } from './erasure-cq-arguments';

const ACCOUNT = '0b5e1c3a-1f2d-4c1e-9a7b-2d4f6e8a0c1b';

describe('pnpm cq erase / erasures arguments', () => {
  it('reads one criterion and who asked (the person by default)', () => {
    expect(parseErasureCqArguments(['erase', '--account', ACCOUNT, '--phone', '8 (916) 123-45-67'])).to.deep.equal({
      ok: true,
      args: { command: 'erase', account: ACCOUNT, request: { phone: '8 (916) 123-45-67', requestedBy: 'subject' } },
    });
    expect(
      parseErasureCqArguments(['erase', '--account', ACCOUNT, '--carrot-user', '42', '--requested-by', 'operator']),
    ).to.deep.equal({
      ok: true,
      args: { command: 'erase', account: ACCOUNT, request: { carrotUserId: '42', requestedBy: 'operator' } },
    });
    expect(parseErasureCqArguments(['erasures', '--account', ACCOUNT])).to.deep.equal({
      ok: true,
      args: { command: 'erasures', account: ACCOUNT, limit: 50 },
    });
  });

  it('refuses no criterion, two, an unknown requester, a bad account or limit, with the usage (exit 2)', () => {
    const problems: Array<[string[], RegExp]> = [
      [['erase', '--account', ACCOUNT], /exactly one of --phone, --email, --carrot-user; got none/],
      [['erase', '--account', ACCOUNT, '--phone', '1', '--email', 'a@b.ru'], /got 2/],
      [['erase', '--account', ACCOUNT, '--email', 'a@b.ru', '--requested-by', 'police'], /subject or operator/],
      [['erase', '--phone', '1'], /--account <uuid> is required/],
      [['erasures', '--account', 'acme'], /--account must be an account id/],
      [['erasures', '--account', ACCOUNT, '--limit', '0'], /--limit/],
      [['erase', '--account', ACCOUNT, '--name', 'x'], /Unknown option '--name'/],
    ];
    for (const [argv, message] of problems) {
      const parsed = parseErasureCqArguments(argv);
      expect(parsed.ok, argv.join(' ')).to.equal(false);
      if (parsed.ok) continue;
      expect(parsed.exitCode, argv.join(' ')).to.equal(2);
      expect(parsed.text, argv.join(' ')).to.match(message).and.to.include('usage: pnpm cq erase');
    }
  });

  it('prints the usage for --help (exit 0)', () => {
    const parsed = parseErasureCqArguments(['erase', '--help']);
    expect(parsed).to.include({ ok: false, exitCode: 0 });
  });
});
