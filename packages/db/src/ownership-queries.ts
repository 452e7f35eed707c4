import type { Database } from './create-prisma-client';

/**
 * Whether an id given as a filter (a report's or chat list's integrationId) is one of the account's own,
 * deleted integrations included (their chats are still reported): another account's id is answered 404
 * like an unknown one, never with an empty result that would still accept it.
 */
export async function integrationBelongsToAccount(db: Database, accountId: string, id: string): Promise<boolean> {
  return (await db.carrotQuestIntegration.count({ where: { id, accountId } })) > 0;
}

/** The same for a campaign or a source given as a filter (the chat list's campaignId, sourceId). */
export async function catalogEntryBelongsToAccount(
  db: Database,
  accountId: string,
  kind: 'campaign' | 'source',
  id: string,
): Promise<boolean> {
  const where = { id, accountId };
  return (kind === 'campaign' ? await db.campaign.count({ where }) : await db.source.count({ where })) > 0;
}
