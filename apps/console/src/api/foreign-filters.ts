import { catalogEntryBelongsToAccount, integrationBelongsToAccount, type Database } from '@carrot-bridge/db';
import { ConsoleException } from '../console-exception';

/**
 * Ids given as filters (the chat list's, the report's) must be the account's own: another account's id,
 * or an unknown one, is 404 like that id in a path — never an empty answer that would still accept it.
 */
export async function refuseForeignFilters(
  db: Database,
  accountId: string,
  filters: { integrationId?: string | undefined; campaignId?: string | undefined; sourceId?: string | undefined },
): Promise<void> {
  if (filters.integrationId && !(await integrationBelongsToAccount(db, accountId, filters.integrationId)))
    throw ConsoleException.notFound('integration');
  if (filters.campaignId && !(await catalogEntryBelongsToAccount(db, accountId, 'campaign', filters.campaignId)))
    throw ConsoleException.notFound('campaign');
  if (filters.sourceId && !(await catalogEntryBelongsToAccount(db, accountId, 'source', filters.sourceId)))
    throw ConsoleException.notFound('source');
}
