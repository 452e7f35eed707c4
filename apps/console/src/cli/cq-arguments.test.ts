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

  it('reads the backfill period from ISO dates and names the argument that is not one', () => {
    const now = new Date('2026-12-03T17:00:00Z');
    expect(
      parseCqArguments(['backfill', '--integration', id, '--from', '2026-11-03', '--to', '2026-12-03'], now),
    ).to.deep.equal({
      ok: true,
      args: {
        command: 'backfill',
        integration: id,
        bodies: false,
        period: { from: new Date('2026-11-03T00:00:00Z'), to: new Date('2026-12-03T23:59:59Z') },
      },
    });
    const refused = parseCqArguments(['backfill', '--integration', id, '--from', '01.12.2025'], now);
    expect(refused).to.deep.include({ ok: false, exitCode: 2 });
    expect((refused as { text: string }).text).to.match(/^cq: --from must be YYYY-MM-DD .*got "01\.12\.2025"\n/);
    expect(
      (parseCqArguments(['status', '--integration', id, '--from', '2026-11-03'], now) as { text: string }).text,
    ).to.match(/^cq: --from and --to are for backfill only/);
  });
});
