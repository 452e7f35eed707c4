import { expect } from 'chai';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { ConsoleException } from '../console-exception';
import { integrationInputSchema } from '../integrations/integration-input';
import { reportQuerySchema } from '../report/chat-report';
import { parseInput } from './api-error';
import { catalogInputSchemas, comagicIdInputSchema } from './catalog-input';
import { encodeChatCursor } from '@carrot-bridge/db';
import { chatListQuerySchema } from './chat-list-query';
import { FIRST_INPUT_DAY, LAST_INPUT_DAY } from './storable-input';
import { visitorSessionBulkSchema } from './visitor-session-input';

type Schema = Parameters<typeof parseInput>[0];
const SITE = randomUUID();
const session = {
  externalId: 's-1',
  siteId: SITE,
  startedAt: '2026-03-01T10:00:00+03:00',
  utmSource: 'yandex',
  referrer: 'https://ya.ru/',
  entrancePage: '/',
};

/** Each schema with an input it accepts: the base each field is broken in. */
const SCHEMAS: Array<{ name: string; schema: Schema; valid: Record<string, unknown>; textFields: string[] }> = [
  {
    name: 'sites',
    schema: catalogInputSchemas.sites,
    valid: { domain: 'shop.ru', siteKey: 'key-1' },
    textFields: ['domain', 'siteKey'],
  },
  {
    name: 'campaigns',
    schema: catalogInputSchemas.campaigns,
    valid: { siteId: SITE, name: 'Весна' },
    textFields: ['name'],
  },
  {
    name: 'sources',
    schema: catalogInputSchemas.sources,
    valid: { name: 'Директ', group: 'Реклама', channel: 'cpc' },
    textFields: ['name', 'group', 'channel'],
  },
  {
    name: 'employees',
    schema: catalogInputSchemas.employees,
    valid: { name: 'Алексей', email: 'a@shop.ru' },
    textFields: ['name', 'email'],
  },
  { name: 'tags', schema: catalogInputSchemas.tags, valid: { name: 'Лид' }, textFields: ['name'] },
  { name: 'comagic id', schema: comagicIdInputSchema, valid: { comagicId: 5 }, textFields: [] },
  {
    name: 'integration',
    schema: integrationInputSchema,
    valid: {
      name: 'Сайт',
      apiKey: 'app.1.key',
      webhookToken: 'tok',
      phoneRegion: 'RU',
      exportToken: 'exp',
      trackerGlobal: 'Comagic',
      apiBaseUrl: 'https://api.carrotquest.io',
    },
    textFields: ['name', 'apiKey', 'webhookToken', 'phoneRegion', 'exportToken', 'trackerGlobal', 'apiBaseUrl'],
  },
  { name: 'visitor sessions', schema: visitorSessionBulkSchema, valid: { sessions: [session] }, textFields: [] },
  {
    name: 'report query',
    schema: reportQuerySchema,
    valid: { from: '2026-03-01', to: '2026-03-02', timeZone: 'Europe/Moscow' },
    textFields: ['timeZone'],
  },
  {
    name: 'chat list query',
    schema: chatListQuerySchema,
    valid: {
      from: '2026-03-01T00:00:00Z',
      to: '2026-03-02T00:00:00Z',
      limit: '20',
      cursor: encodeChatCursor({ startedAt: new Date('2026-03-01T10:00:00Z'), id: randomUUID() }),
    },
    textFields: [],
  },
];

/** Either the parsed input or the field errors of the 422; anything else thrown escapes and fails the test. */
function outcome(schema: Schema, value: unknown): { ok: true; data: unknown } | { ok: false; fields: string[] } {
  try {
    return { ok: true, data: parseInput(schema, value) };
  } catch (error) {
    if (!(error instanceof ConsoleException)) throw error;
    return { ok: false, fields: error.fieldErrors.map((e) => e.field) };
  }
}

/** The fields a 422 names, each once (two rules of one field may both fail). */
function fieldsOf(schema: Schema, value: unknown): string[] {
  const result = outcome(schema, value);
  return result.ok ? [] : [...new Set(result.fields)];
}

/** What PostgreSQL refuses or the console must not store: a NUL anywhere, a date outside the range. */
function unstorable(value: unknown, key = ''): string[] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return [`${key}: NUL`];
    if (
      ['from', 'to', 'startedAt'].includes(key) &&
      (value.slice(0, 10) < FIRST_INPUT_DAY || value.slice(0, 10) > LAST_INPUT_DAY)
    )
      return [`${key}: ${value}`];
    return [];
  }
  if (Array.isArray(value)) return value.flatMap((v) => unstorable(v, key));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => unstorable(v, k));
  return [];
}

describe('console input schemas: hostile values are field errors, never throws or stored', () => {
  it('every base input is accepted (so each refusal below is the broken field’s)', () => {
    for (const { name, schema, valid } of SCHEMAS) expect(outcome(schema, valid), name).to.include({ ok: true });
  });

  for (const { name, schema, valid, textFields } of SCHEMAS) {
    for (const field of textFields) {
      it(`${name}: a NUL or another control character in ${field} is a 422 on ${field}`, () => {
        for (const bad of ['a\u0000b', '\u0000', 'a\u0001', 'x\u001b[31m', 'a\u007f'])
          expect(fieldsOf(schema, { ...valid, [field]: bad }), JSON.stringify(bad)).to.deep.equal([field]);
      });
    }
  }

  it('visitor sessions: NUL in the id or any captured field, year 0, year 2101 are errors on that field', () => {
    for (const field of ['externalId', 'utmSource', 'utmTerm', 'referrer', 'entrancePage', 'visitorId', 'gaClientId']) {
      expect(
        fieldsOf(visitorSessionBulkSchema, { sessions: [{ ...session, [field]: 'a\u0000b' }] }),
        field,
      ).to.deep.equal([`sessions.0.${field}`]);
    }
    // What a browser may capture in a UTM tag: tabs and line breaks are kept.
    expect(outcome(visitorSessionBulkSchema, { sessions: [{ ...session, utmTerm: 'купить\tслона\r\n' }] })).to.include({
      ok: true,
    });
    for (const startedAt of ['0000-01-01T00:00:00Z', '1999-12-31T23:59:59Z', '2101-01-01T00:00:00Z']) {
      expect(fieldsOf(visitorSessionBulkSchema, { sessions: [{ ...session, startedAt }] }), startedAt).to.deep.equal([
        'sessions.0.startedAt',
      ]);
    }
  });

  it(`dates: ${FIRST_INPUT_DAY}..${LAST_INPUT_DAY} accepted, year 0 and 9999 refused on the field`, () => {
    expect(outcome(reportQuerySchema, { from: FIRST_INPUT_DAY, to: '2000-01-02' })).to.include({ ok: true });
    expect(outcome(reportQuerySchema, { from: '2100-12-30', to: LAST_INPUT_DAY })).to.include({ ok: true });
    expect(fieldsOf(reportQuerySchema, { from: '0000-01-01', to: '0000-01-02' })).to.include.members(['from', 'to']);
    expect(fieldsOf(reportQuerySchema, { from: '9999-12-30', to: '9999-12-31' })).to.include.members(['from', 'to']);
    expect(fieldsOf(chatListQuerySchema, { from: '0000-01-01T00:00:00Z' })).to.deep.equal(['from']);
    expect(fieldsOf(chatListQuerySchema, { to: '9999-12-31T23:59:59Z' })).to.deep.equal(['to']);
  });

  it('chat list: a cursor that is not a chat id, a huge or fractional limit, arrays for strings are field errors', () => {
    expect(fieldsOf(chatListQuerySchema, { cursor: 'abc' })).to.deep.equal(['cursor']);
    expect(fieldsOf(chatListQuerySchema, { limit: '1e400' })).to.deep.equal(['limit']);
    expect(fieldsOf(chatListQuerySchema, { limit: '2.5' })).to.deep.equal(['limit']);
    expect(fieldsOf(chatListQuerySchema, { from: ['2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'] })).to.deep.equal([
      'from',
    ]);
  });

  /** Values a stranger sends: control characters, long and astral text, wrong types, deep nesting. */
  const hostileValue = fc.oneof(
    fc.string({
      unit: fc.constantFrom(
        '\u0000',
        '\u0001',
        '\t',
        '\n',
        '\r',
        '\u007f',
        '\u2028',
        'a',
        'Я',
        '😀',
        '\ud800',
        '=',
        '"',
        '%00',
      ),
    }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(
      '0000-01-01',
      '0000-01-01T00:00:00Z',
      '9999-12-31T23:59:59Z',
      '2026-02-30',
      'US/Pacific-New',
      'Europe/Moscow',
      randomUUID(),
      'x'.repeat(100_000),
      '',
      ' ',
    ),
    fc.integer(),
    fc.constantFrom(Number.NaN, Infinity, -Infinity, 2 ** 53, -0, 1e308),
    fc.boolean(),
    fc.constant(null),
    fc.anything({ maxDepth: 4 }),
  );

  for (const { name, schema, valid } of SCHEMAS) {
    it(`${name}: random hostile values in its fields and around them never throw, and what passes is storable`, () => {
      const keys = [...Object.keys(valid), '__proto__', 'constructor', 'extra'];
      const body = fc.oneof(
        fc.record(Object.fromEntries(keys.map((key) => [key, hostileValue])), { requiredKeys: [] }),
        fc
          .tuple(fc.constantFrom(...Object.keys(valid)), hostileValue)
          .map(([key, value]) => ({ ...valid, [key]: value })),
        fc
          .tuple(fc.constantFrom(...Object.keys(session)), hostileValue)
          .map(([key, value]) => ({ ...valid, sessions: [{ ...session, [key]: value }] })),
        hostileValue,
      );
      let refused = 0;
      fc.assert(
        fc.property(body, (value) => {
          const result = outcome(schema, value);
          if (result.ok) {
            expect(unstorable(result.data)).to.deep.equal([]);
          } else {
            refused += 1;
            expect(result.fields.length).to.be.greaterThan(0);
            for (const field of result.fields) expect(field).to.be.a('string').and.not.equal('');
          }
        }),
        { numRuns: 150 },
      );
      // Hostile input was in fact refused (the property saw both branches' worth of cases).
      expect(refused).to.be.greaterThan(10);
    });
  }
});
