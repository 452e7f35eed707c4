import { listTimeZoneNames, type Database } from '@carrot-bridge/db';

/**
 * The zones a report may be cut in: those PostgreSQL knows, read once and kept (the list changes only
 * with a PostgreSQL upgrade). The report schema has already asked the JavaScript runtime; a zone only
 * one of the two knows would otherwise fail inside the SQL with a 500.
 */
export class TimeZoneNames {
  private names: Promise<Set<string>> | null = null;

  constructor(private readonly db: Database) {}

  async has(zone: string): Promise<boolean> {
    this.names ??= listTimeZoneNames(this.db).then(
      (names) => new Set(names),
      (error: unknown) => {
        // Not kept: the next report asks again once PostgreSQL is back.
        this.names = null;
        throw error;
      },
    );
    return (await this.names).has(zone);
  }
}
