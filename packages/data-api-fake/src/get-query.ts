// How a get.* call selects its rows, by https://comagic.github.io/data_api/: "Фильтрация" (#_15 – #_17),
// "Сортировка" (#_18, #_19), "Постраничный вывод" (#_20), `fields` (#_21, #_22) and the `get` errors
// (#get). A broken rule throws the documented RpcError; the pages name no `data.field` for filter and sort
// errors, so the fake names the parameter and its position (filter.field, sort.0.field) and puts the
// offending field's name in `data.value`.
import { RpcError, type FieldPath } from './rpc-error';
import type { GetMethodSpec } from './get-method-specs';

type Json = Record<string, any>;

/** limit: default 1000, at most 10 000; offset: default 0, at most 100 000 (#_20, "Допустимое значение"). */
const LIMIT_DEFAULT = 1000;
const LIMIT_MAX = 10_000;
const OFFSET_MAX = 100_000;
/** The operators the fake evaluates; the others are "Доступно не для всех методов" (#_17) and refused here. */
const OPERATORS = new Set(['=', '!=', '<', '>', '<=', '>=', 'in', 'not_in']);

function pagingValue(params: Json, key: 'limit' | 'offset', fallback: number, min: number, max: number): number {
  const value = params[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new RpcError('data_type_error', [key], value);
  if (value < min || value > max) throw new RpcError('invalid_parameter_value', [key], value);
  return value;
}

function checkFields(spec: GetMethodSpec, params: Json): string[] {
  const fields = params.fields;
  if (fields === undefined) return Object.keys(spec.fields).filter((name) => spec.fields[name]!.default);
  if (!Array.isArray(fields)) throw new RpcError('data_type_error', ['fields']);
  fields.forEach((name: unknown, i) => {
    if (typeof name !== 'string') throw new RpcError('data_type_error', ['fields', i], name);
    // unexpected_parameters: "указан параметр для ... выборки, который не существует" (#_11).
    if (!Object.hasOwn(spec.fields, name)) throw new RpcError('unexpected_parameters', ['fields', i], name);
  });
  return fields as string[];
}

type Predicate = (row: Json) => boolean;

function compile(spec: GetMethodSpec, filter: unknown, at: FieldPath, depth: number): Predicate {
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) throw new RpcError('data_type_error', at);
  const node = filter as Json;
  if (node.filters !== undefined) {
    // {filters: [...], condition: "and" | "or"}; the docs show three levels; the fake takes up to eight.
    if (!Array.isArray(node.filters) || node.filters.length === 0 || depth > 8)
      throw new RpcError('invalid_parameter_value', [...at, 'filters']);
    if (node.condition !== 'and' && node.condition !== 'or')
      throw new RpcError('invalid_parameter_value', [...at, 'condition'], node.condition);
    const parts = node.filters.map((f: unknown, i) => compile(spec, f, [...at, 'filters', i], depth + 1));
    return node.condition === 'and' ? (row) => parts.every((p) => p(row)) : (row) => parts.some((p) => p(row));
  }
  const field: unknown = node.field;
  if (typeof field !== 'string') throw new RpcError('required_parameter_missed', [...at, 'field']);
  // "field: список заранее определён для метода": an unknown one is unexpected_parameters, a known one
  // the page does not mark filterable is filter_prohibited (#_16).
  if (!Object.hasOwn(spec.fields, field)) throw new RpcError('unexpected_parameters', [...at, 'field'], field);
  if (!spec.fields[field]!.filter) throw new RpcError('filter_prohibited', [...at, 'field'], field);
  const operator: unknown = node.operator;
  if (typeof operator !== 'string' || !OPERATORS.has(operator))
    throw new RpcError('invalid_parameter_value', [...at, 'operator'], operator);
  // "value ... если оно отсутствует, то считается пустота" (#_15).
  const value: unknown = node.value ?? null;
  if ((operator === 'in' || operator === 'not_in') && !Array.isArray(value))
    throw new RpcError('invalid_parameter_value', [...at, 'value'], value);
  return (row) => {
    const cell: any = row[field] ?? null;
    switch (operator) {
      case '=':
        return cell === value;
      case '!=':
        return cell !== value;
      case '<':
        return cell !== null && cell < (value as any);
      case '>':
        return cell !== null && cell > (value as any);
      case '<=':
        return cell !== null && cell <= (value as any);
      case '>=':
        return cell !== null && cell >= (value as any);
      case 'in':
        return (value as unknown[]).includes(cell);
      default:
        return !(value as unknown[]).includes(cell);
    }
  };
}

type Comparator = (a: Json, b: Json) => number;

function checkSort(spec: GetMethodSpec, sort: unknown): Comparator | null {
  if (sort === undefined) return null;
  if (!Array.isArray(sort)) throw new RpcError('data_type_error', ['sort']);
  const keys = sort.map((item: unknown, i) => {
    const at: FieldPath = ['sort', i];
    if (typeof item !== 'object' || item === null) throw new RpcError('data_type_error', at);
    const { field, order = 'asc' } = item as Json;
    if (typeof field !== 'string' || !Object.hasOwn(spec.fields, field))
      throw new RpcError('unexpected_parameters', [...at, 'field'], field);
    if (!spec.fields[field]!.sort) throw new RpcError('sort_prohibited', [...at, 'field'], field);
    if (order !== 'asc' && order !== 'desc') throw new RpcError('invalid_parameter_value', [...at, 'order'], order);
    return { field, sign: order === 'asc' ? 1 : -1 };
  });
  return (a, b) => {
    for (const { field, sign } of keys) {
      const x = a[field] ?? null;
      const y = b[field] ?? null;
      if (x !== y) return (x === null ? -1 : y === null ? 1 : x < y ? -1 : 1) * sign;
    }
    return 0;
  };
}

export interface GetQuery {
  fields: string[];
  matches: Predicate;
  compare: Comparator | null;
  limit: number;
  offset: number;
}

/** Every check of the call's selection, before any row is read. */
export function checkGetQuery(spec: GetMethodSpec, params: Json): GetQuery {
  const limit = pagingValue(params, 'limit', LIMIT_DEFAULT, 1, LIMIT_MAX);
  const offset = pagingValue(params, 'offset', 0, 0, OFFSET_MAX);
  const fields = checkFields(spec, params);
  const matches = params.filter === undefined ? () => true : compile(spec, params.filter, ['filter'], 0);
  return { fields, matches, compare: checkSort(spec, params.sort), limit, offset };
}

/** The page of rows, with only the asked fields, and metadata.total_items ("общее количество записей", #_14). */
export function answerGetQuery(query: GetQuery, rows: Json[]): Json {
  const selected = rows.filter(query.matches);
  if (query.compare) selected.sort(query.compare);
  const page = selected.slice(query.offset, query.offset + query.limit);
  return {
    data: page.map((row) => Object.fromEntries(query.fields.map((name) => [name, row[name] ?? null]))),
    metadata: { total_items: selected.length },
  };
}
