import { findCabinetConnection, type CabinetConnection, type Database } from '@carrot-bridge/db';
import { accountOf } from './cq-commands';

const ENTITIES = ['sites', 'campaigns', 'sources', 'employees', 'tags'] as const;

/** `pnpm cq status`'s lines about the account's cabinet connection and its last catalog sync (docs/cabinet.md). */
export function cabinetLines(row: CabinetConnection | null): string[] {
  if (!row) return ['cabinet: not connected (the catalog is entered by hand)'];
  const lines = [
    `cabinet: ${row.brand} "${row.cabinetName}" (app_id ${row.cabinetAppId}, ${row.timeZone}), token ••••${row.tokenLast4}`,
  ];
  if (!row.catalogSyncedAt) return [...lines, 'catalog sync: not run yet'];
  const counts = (row.catalogSyncCounts ?? {}) as Record<string, Record<string, number> | undefined>;
  const summary = ENTITIES.flatMap((entity) => {
    const c = counts[entity];
    return c ? [`${entity} +${c.created ?? 0} ~${c.updated ?? 0} -${c.removed ?? 0} skipped ${c.skipped ?? 0}`] : [];
  }).join(', ');
  lines.push(`catalog sync: ${row.catalogSyncedAt.toISOString()}${summary ? ` — ${summary}` : ''}`);
  if (row.catalogSyncError) lines.push(`catalog sync error: ${row.catalogSyncError}`);
  return lines;
}

/** The lines for the account an integration belongs to. */
export async function cabinetLinesOfIntegration(db: Database, integrationId: string): Promise<string[]> {
  return cabinetLines(await findCabinetConnection(db, await accountOf(db, integrationId)));
}
