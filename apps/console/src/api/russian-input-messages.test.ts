import { expect } from 'chai';
import { z } from 'zod';
import { CHAT_CHANNELS, ROLES } from '@carrot-bridge/domain';
import { russianInputMessages } from './russian-input-messages';

/** The messages of `value` parsed with `schema`, by field, as parseInput gives them to the page. */
function messages(schema: z.ZodType, value: unknown): Record<string, string> {
  const result = schema.safeParse(value, { error: russianInputMessages });
  if (result.success) throw new Error('expected a refusal');
  return Object.fromEntries(result.error.issues.map((issue) => [issue.path.join('.') || '(body)', issue.message]));
}

describe('russianInputMessages: zod refusals in plain Russian', () => {
  it('a closed list says what to choose, with the page names of the domain (issue #26: no `"widget"|"telegram"|…`)', () => {
    const schema = z.object({ messenger: z.enum(CHAT_CHANNELS), role: z.enum(ROLES), kind: z.enum(['a', 'b']) });
    expect(messages(schema, { messenger: '', role: 'god', kind: 'c' })).to.deep.equal({
      messenger: 'Выберите канал',
      role: 'Неизвестная роль "god": допустимы "viewer" («Просмотр»), "editor" («Редактор»), "owner" («Владелец»)',
      kind: 'Недопустимое значение "c": допустимы "a", "b"',
    });
    // A value spelled as its label is not said twice ("telegram", not "telegram" («Telegram»)).
    expect(messages(schema, { messenger: 'fax', role: 'owner', kind: 'a' }).messenger).to.equal(
      'Неизвестный канал "fax": допустимы "widget" («Виджет на сайте»), "email", "telegram", "whatsapp", "viber", ' +
        '"vk" («ВКонтакте»), "facebook", "instagram", "avito" («Авито»), "other" («Другой мессенджер»)',
    );
    expect(messages(schema, { messenger: { x: 1 }, role: 'owner', kind: 'a' }).messenger).to.match(
      /^Ожидается одно значение из списка, а не объект: допустимы "widget"/,
    );
  });

  it('types, by the names people use: missing, another kind, a fraction, a word where a number goes', () => {
    const schema = z.object({
      name: z.string(),
      count: z.int(),
      flags: z.array(z.string()),
      on: z.boolean(),
      limit: z.coerce.number(),
    });
    expect(messages(schema, { count: 1.5, flags: 'a', on: 'yes', limit: 'many' })).to.deep.equal({
      name: 'Обязательное поле',
      count: 'Ожидается целое число, а не дробное число',
      flags: 'Ожидается список, а не строка',
      on: 'Ожидается логическое значение ("true" или "false"), а не строка',
      limit: 'Ожидается число',
    });
    expect(messages(schema, undefined)).to.deep.equal({ '(body)': 'Нужно тело запроса: JSON-объект' });
    expect(messages(schema, [])).to.deep.equal({ '(body)': 'Ожидается объект, а не список' });
  });

  it('sizes with Russian plurals, and formats', () => {
    const schema = z.object({
      required: z.string().min(1),
      short: z.string().max(1),
      long: z.string().min(21),
      code: z.string().length(3),
      list: z.array(z.string()).max(2),
      some: z.array(z.string()).min(1),
      positive: z.number().positive(),
      small: z.number().max(10),
      id: z.uuid(),
      email: z.email(),
      at: z.iso.datetime(),
    });
    expect(
      messages(schema, {
        required: '',
        short: 'ab',
        long: 'a',
        code: 'ab',
        list: ['a', 'b', 'c'],
        some: [],
        positive: 0,
        small: 11,
        id: 'x',
        email: 'x',
        at: 'x',
      }),
    ).to.deep.equal({
      required: 'Обязательное поле',
      short: 'Не длиннее 1 символа',
      long: 'Не короче 21 символа',
      code: 'Ровно 3 символа',
      list: 'Не больше 2 элементов',
      some: 'Нужен хотя бы один элемент',
      positive: 'Должно быть больше 0',
      small: 'Не больше 10',
      id: 'Некорректный идентификатор',
      email: 'Некорректный адрес электронной почты',
      at: 'Дата и время в формате ISO 8601, например "2026-03-01T10:00:00Z"',
    });
  });

  it('unknown fields and unions; what the caller sent is said back short, its quotes made single', () => {
    expect(messages(z.object({}).strict(), { a: 1, b: 2 })).to.deep.equal({ '(body)': 'Неизвестные поля: "a", "b"' });
    expect(messages(z.object({ v: z.union([z.string(), z.number()]) }), { v: true })).to.deep.equal({
      v: 'Ожидается строка или число',
    });
    const long = `"${'я'.repeat(100)}`;
    expect(messages(z.object({ kind: z.enum(['a', 'b']) }), { kind: long }).kind).to.equal(
      `Недопустимое значение "'${'я'.repeat(39)}…": допустимы "a", "b"`,
    );
  });

  it("a schema's own message still wins", () => {
    expect(messages(z.object({ id: z.uuid({ message: 'Некорректный id интеграции' }) }), { id: 'x' })).to.deep.equal({
      id: 'Некорректный id интеграции',
    });
  });
});
