import { expect } from 'chai';
import { isIntegrationsCqCommand, parseIntegrationsCqArguments } from './integrations-cq-arguments';
import { integrationsCqLines } from './integrations-cq-lines';

const account = '0b5e1c3a-1f2d-4c1e-9a7b-2d4f6e8a0c1b';

describe('pnpm cq integrations', () => {
  it('is the integrations command only', () => {
    expect(isIntegrationsCqCommand(['integrations', '--account', account])).to.equal(true);
    expect(isIntegrationsCqCommand(['status', '--integration', account])).to.equal(false);
  });

  it('reads --account; --help is the usage (exit 0)', () => {
    expect(parseIntegrationsCqArguments(['integrations', '--account', account])).to.deep.equal({
      ok: true,
      args: { account },
    });
    const help = parseIntegrationsCqArguments(['integrations', '--help']);
    expect(help).to.deep.include({ ok: false, exitCode: 0 });
    expect((help as { text: string }).text).to.match(/^usage: pnpm cq integrations --account <uuid>/);
  });

  it('refuses before anything connects (exit 2), naming the argument', () => {
    const cases: [string[], string][] = [
      [['integrations'], 'cq: --account <uuid> is required'],
      [
        ['integrations', '--account', '42'],
        'cq: --account must be an account id (a UUID, see pnpm cq accounts list); got "42"',
      ],
      [['integrations', 'list', '--account', account], 'cq: unexpected argument "list"'],
      [['integrations', '--integration', account], "cq: Unknown option '--integration'"],
    ];
    for (const [argv, message] of cases) {
      const parsed = parseIntegrationsCqArguments(argv);
      expect(parsed, argv.join(' ')).to.deep.include({ ok: false, exitCode: 2 });
      expect((parsed as { text: string }).text.split('\n')[0], argv.join(' ')).to.contain(message);
    }
  });

  it('prints one line per integration, id first, its state, key status and creation', () => {
    const lines = integrationsCqLines(account, [
      {
        id: '11111111-1111-4111-8111-111111111111',
        name: 'Сайт',
        active: true,
        keyStatus: 'valid',
        createdAt: new Date('2026-11-03T08:07:53.123Z'),
      },
      {
        id: '22222222-2222-4222-8222-222222222222',
        name: 'Блог',
        active: false,
        keyStatus: 'invalid',
        createdAt: new Date('2026-12-01T00:00:00.000Z'),
      },
    ]);
    expect(lines).to.deep.equal([
      '11111111-1111-4111-8111-111111111111  Сайт  active  key valid  created 2026-11-03T08:07:53Z',
      '22222222-2222-4222-8222-222222222222  Блог  OFF  key INVALID  created 2026-12-01T00:00:00Z',
    ]);
  });

  it('says how to make one when the account has none', () => {
    expect(integrationsCqLines(account, [])).to.deep.equal([
      `no integrations in account ${account}: create one on the page (Новая интеграция)`,
    ]);
  });
});
