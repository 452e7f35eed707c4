import { expect } from 'chai';
import { parseCqArguments } from './cq-arguments';

const id = '0b5e1c3a-1f2d-4c1e-9a7b-2d4f6e8a0c1b';

describe('pnpm cq arguments', () => {
  it('prints the usage, not a stack trace, for --help and -h (exit 0)', () => {
    for (const argv of [['--help'], ['-h'], ['status', '--help'], ['help']]) {
      const result = parseCqArguments(argv);
      expect(result).to.deep.include({ ok: false, exitCode: 0 });
      expect((result as { text: string }).text).to.match(/^usage: pnpm cq <command>/);
    }
  });

  it('refuses an integration id that is not a UUID before anything connects (exit 2)', () => {
    const result = parseCqArguments(['status', '--integration', '42']);
    expect(result).to.deep.include({ ok: false, exitCode: 2 });
    expect((result as { text: string }).text).to.match(
      /^cq: --integration must be an integration id, a UUID .*got "42"/,
    );
  });

  it('names an unknown option or command', () => {
    expect((parseCqArguments(['status', '--integratoin', id]) as { text: string }).text).to.match(
      /^cq: Unknown option '--integratoin'/,
    );
    expect((parseCqArguments(['stats', '--integration', id]) as { text: string }).text).to.match(
      /^cq: unknown command "stats"/,
    );
  });

  it('needs --conversation (digits) for reimport', () => {
    expect((parseCqArguments(['reimport', '--integration', id]) as { text: string }).text).to.match(
      /reimport needs --conversation/,
    );
    expect(
      (parseCqArguments(['reimport', '--integration', id, '--conversation', 'abc']) as { text: string }).text,
    ).to.match(/--conversation must be/);
    expect(parseCqArguments(['reimport', '--integration', id, '--conversation', '123'])).to.deep.equal({
      ok: true,
      args: { command: 'reimport', integration: id, conversation: '123', bodies: false },
    });
  });
});
