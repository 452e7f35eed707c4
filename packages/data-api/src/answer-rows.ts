// Reading the rows of a get.* answer: ids kept exact (a number past 2^53 arrives as text from the exact
// JSON parser and is refused, never rounded); "Пустые поля всегда возвращаются в ответе со значением
// null" (https://comagic.github.io/data_api/, "Соглашения").
import { DataApiError, DataApiErrorCode } from './data-api-error';

export type AnswerRow = Record<string, unknown>;

export class RowReader {
  constructor(
    private readonly method: string,
    private readonly row: AnswerRow,
  ) {}

  static rows(method: string, data: unknown): RowReader[] {
    if (!Array.isArray(data))
      throw new DataApiError(DataApiErrorCode.UnexpectedAnswer, `${method}: result.data is not a list`);
    return data.map((row: unknown) => {
      if (typeof row !== 'object' || row === null || Array.isArray(row))
        throw new DataApiError(DataApiErrorCode.UnexpectedAnswer, `${method}: a row is not an object`);
      return new RowReader(method, row as AnswerRow);
    });
  }

  id(key: string): number {
    const value = this.row[key];
    if (!Number.isSafeInteger(value))
      throw new DataApiError(DataApiErrorCode.UnexpectedAnswer, `${this.method}: ${key} is not an exact integer`);
    return value as number;
  }

  optionalId(key: string): number | null {
    return this.row[key] === null || this.row[key] === undefined ? null : this.id(key);
  }

  text(key: string): string | null {
    const value = this.row[key];
    if (value === null || value === undefined) return null;
    if (typeof value !== 'string')
      throw new DataApiError(DataApiErrorCode.UnexpectedAnswer, `${this.method}: ${key} is not text`);
    return value;
  }

  requiredText(key: string): string {
    const value = this.text(key);
    if (value === null) throw new DataApiError(DataApiErrorCode.UnexpectedAnswer, `${this.method}: ${key} is missing`);
    return value;
  }

  raw(key: string): unknown {
    return this.row[key];
  }
}
