/** What `pnpm cq integrations` says of one integration. */
export interface IntegrationListed {
  id: string;
  name: string;
  active: boolean;
  keyStatus: 'unchecked' | 'valid' | 'invalid';
  createdAt: Date;
}

const KEY = { unchecked: 'key not checked', valid: 'key valid', invalid: 'key INVALID' } as const;

/** One line per integration, the id first (what `pnpm cq <command> --integration` takes). */
export function integrationsCqLines(accountId: string, integrations: readonly IntegrationListed[]): string[] {
  if (integrations.length === 0)
    return [`no integrations in account ${accountId}: create one on the page (Новая интеграция)`];
  return integrations.map(
    (i) =>
      `${i.id}  ${i.name}  ${i.active ? 'active' : 'OFF'}  ${KEY[i.keyStatus]}` +
      `  created ${i.createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z')}`,
  );
}
