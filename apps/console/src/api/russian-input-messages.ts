import type { z } from 'zod';
import { inputChoiceOf } from './input-choices';

/**
 * zod's messages for the console's API, in plain Russian: what is expected, said as a person would
 * (zod's own Russian locale leaves words such as "string", "array", "UUID" in English and lists an enum
 * as `"widget"|"telegram"|…`). A schema's own message still wins. Values to send are in "quotes", the
 * page's names for them in «guillemets».
 */
type RawIssue = Parameters<z.core.$ZodErrorMap>[0];

/** The longest piece of the caller's input said back: enough to recognise, never a wall of text. */
const ECHO_MAX = 40;

function plural(count: number, one: string, few: string, many: string): string {
  const tens = Math.abs(count) % 100;
  const units = tens % 10;
  if (tens >= 11 && tens <= 19) return many;
  if (units === 1) return one;
  return units >= 2 && units <= 4 ? few : many;
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'строка',
  number: 'число',
  int: 'целое число',
  bigint: 'целое число',
  boolean: 'логическое значение ("true" или "false")',
  array: 'список',
  object: 'объект',
  date: 'дата',
  null: 'пустое значение ("null")',
  // What JSON can carry that a schema does not want: 1.5 where a whole number is wanted, 1e400.
  fraction: 'дробное число',
  infinity: 'бесконечность',
};

/** What the caller sent, by its JSON kind. */
function kindOf(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  if (input instanceof Date) return 'date';
  if (typeof input === 'number' && !Number.isFinite(input)) return 'infinity';
  if (typeof input === 'number' && !Number.isInteger(input)) return 'fraction';
  return typeof input;
}

function typeName(type: string): string {
  return TYPE_NAMES[type] ?? 'другое значение';
}

/** A value as it is sent ("widget", 5, true), cut to ECHO_MAX; its own double quotes become single ones. */
function quoted(value: unknown): string {
  const text = (typeof value === 'string' ? value : String(JSON.stringify(value))).replace(/"/g, "'");
  return `"${text.length > ECHO_MAX ? `${text.slice(0, ECHO_MAX)}…` : text}"`;
}

function isEmpty(input: unknown): boolean {
  return input === undefined || input === null || input === '';
}

/** A closed list of values: with the page's names where the domain has them. */
function choiceMessage(values: readonly unknown[], input: unknown): string {
  if (values.length === 1) return `Ожидается ${quoted(values[0])}`;
  const choice = inputChoiceOf(values);
  const list = values
    .map((value) => {
      const label = choice?.labels[value as string];
      return label && label.toLowerCase() !== String(value).toLowerCase()
        ? `${quoted(value)} («${label}»)`
        : quoted(value);
    })
    .join(', ');
  if (isEmpty(input)) return choice ? choice.choose : `Выберите одно из: ${list}`;
  if (typeof input === 'object')
    return `Ожидается одно значение из списка, а не ${typeName(kindOf(input))}: допустимы ${list}`;
  return `${choice ? choice.unknown : 'Недопустимое значение'} ${quoted(input)}: допустимы ${list}`;
}

const CHARACTERS = ['символ', 'символа', 'символов'] as const;
const ELEMENTS = ['элемент', 'элемента', 'элементов'] as const;

/** Sizes of text, lists and numbers: «не короче 3 символов», «не больше 20 элементов», «не меньше 1». */
function sizeMessage(
  issue: { origin: string; inclusive?: boolean; exact?: boolean },
  limit: number,
  small: boolean,
): string {
  const units =
    issue.origin === 'string' ? CHARACTERS : issue.origin === 'array' || issue.origin === 'set' ? ELEMENTS : null;
  if (units) {
    // «ровно 3 символа», but «не короче 1 символа / 5 символов» (after a comparative: the genitive).
    if (issue.exact) return `Ровно ${limit} ${plural(limit, units[0], units[1], units[2])}`;
    if (small && limit === 1) return units === CHARACTERS ? 'Обязательное поле' : 'Нужен хотя бы один элемент';
    const genitive = `${limit} ${plural(limit, units[1], units[2], units[2])}`;
    if (units === CHARACTERS) return small ? `Не короче ${genitive}` : `Не длиннее ${genitive}`;
    return small ? `Не меньше ${genitive}` : `Не больше ${genitive}`;
  }
  if (issue.origin === 'date') {
    const day = new Date(limit).toISOString().slice(0, 10);
    return small ? `Не раньше ${day}` : `Не позже ${day}`;
  }
  if (issue.inclusive === false) return small ? `Должно быть больше ${limit}` : `Должно быть меньше ${limit}`;
  return small ? `Не меньше ${limit}` : `Не больше ${limit}`;
}

const FORMAT_MESSAGES: Readonly<Record<string, string>> = {
  uuid: 'Некорректный идентификатор',
  guid: 'Некорректный идентификатор',
  email: 'Некорректный адрес электронной почты',
  url: 'Некорректный адрес: нужен полный, с "https://"',
  datetime: 'Дата и время в формате ISO 8601, например "2026-03-01T10:00:00Z"',
  date: 'Дата в формате ГГГГ-ММ-ДД',
  time: 'Время в формате ЧЧ:ММ',
};

function formatMessage(issue: { format: string; prefix?: string; suffix?: string; includes?: string }): string {
  if (issue.format === 'starts_with') return `Должно начинаться с ${quoted(issue.prefix)}`;
  if (issue.format === 'ends_with') return `Должно заканчиваться на ${quoted(issue.suffix)}`;
  if (issue.format === 'includes') return `Должно содержать ${quoted(issue.includes)}`;
  return FORMAT_MESSAGES[issue.format] ?? 'Значение в недопустимом формате';
}

/** A union every branch of which wanted another type: «ожидается строка или число». */
function unionMessage(issue: {
  errors?: readonly (readonly { code: string; path: readonly unknown[]; expected?: unknown }[])[];
}): string {
  const expected = (issue.errors ?? []).map((branch) =>
    branch.length === 1 && branch[0]!.code === 'invalid_type' && branch[0]!.path.length === 0
      ? branch[0]!.expected
      : null,
  );
  if (expected.length && expected.every((type) => typeof type === 'string'))
    return `Ожидается ${[...new Set(expected.map((type) => typeName(type as string)))].join(' или ')}`;
  return 'Значение не подходит ни под один из допустимых видов';
}

export const russianInputMessages: z.core.$ZodErrorMap = (issue: RawIssue) => {
  switch (issue.code) {
    case 'invalid_type':
      // No body at all (a write without one): the whole of it is missing, not a field.
      if (issue.input === undefined && !issue.path?.length && issue.expected === 'object')
        return 'Нужно тело запроса: JSON-объект';
      if (issue.input === undefined) return 'Обязательное поле';
      // What z.coerce.number() makes of a word: the word was not a number, whatever it was.
      if (Number.isNaN(issue.input)) return `Ожидается ${typeName(issue.expected)}`;
      return `Ожидается ${typeName(issue.expected)}, а не ${typeName(kindOf(issue.input))}`;
    case 'invalid_value':
      return choiceMessage(issue.values, issue.input);
    case 'too_small':
      return sizeMessage(issue, Number(issue.minimum), true);
    case 'too_big':
      return sizeMessage(issue, Number(issue.maximum), false);
    case 'invalid_format':
      return formatMessage(issue);
    case 'not_multiple_of':
      return `Должно быть кратно ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return issue.keys.length === 1
        ? `Неизвестное поле ${quoted(issue.keys[0])}`
        : `Неизвестные поля: ${issue.keys.map(quoted).join(', ')}`;
    case 'invalid_union':
      return unionMessage(issue as Parameters<typeof unionMessage>[0]);
    case 'invalid_key':
      return 'Недопустимый ключ';
    case 'invalid_element':
      return 'Недопустимый элемент';
    default:
      return 'Недопустимое значение';
  }
};
