import type { DataApiClient } from '@carrot-bridge/data-api';
import { recordExportTimeZone, type Database } from '@carrot-bridge/db';
import { DATA_API_FALLBACK_TIME_ZONE, isKnownTimeZone } from '@carrot-bridge/domain';
import { hashSecret } from '@carrot-bridge/secrets';
import { mayAssumeTimeZoneAfter } from './decide-export-failure';

export interface CachedExportTimeZone {
  id: string;
  exportTimeZone: string | null;
  exportTimeZoneTokenHash: string | null;
}

/**
 * The account's time zone for upload dates: read with get.account
 * (https://comagic.github.io/data_api/account/get_account/, `timezone`, IANA) once per token and kept
 * on the integration; another token (or a save of the settings, which forgets it) reads it again.
 * Only a refusal of get.account itself (mayAssumeTimeZoneAfter) makes us assume Moscow, and the
 * integration says so; any other failure is the job's.
 */
export async function resolveExportTimeZone(
  db: Database,
  integration: CachedExportTimeZone,
  accessToken: string,
  client: Pick<DataApiClient, 'getAccount'>,
): Promise<string> {
  const tokenHash = hashSecret(accessToken);
  if (integration.exportTimeZone && integration.exportTimeZoneTokenHash === tokenHash)
    return integration.exportTimeZone;
  let timeZone: string;
  let error: string | null = null;
  try {
    timeZone = (await client.getAccount()).timeZone;
    if (!isKnownTimeZone(timeZone)) {
      error = `CoMagic назвал часовой пояс аккаунта «${timeZone.slice(0, 60)}», которого мы не знаем: время чатов передаётся по Москве`;
      timeZone = DATA_API_FALLBACK_TIME_ZONE;
    }
  } catch (failure) {
    if (!mayAssumeTimeZoneAfter(failure)) throw failure;
    error = `CoMagic не дал прочитать часовой пояс аккаунта (${failure instanceof Error ? failure.message : String(failure)}): время чатов передаётся по Москве`;
    timeZone = DATA_API_FALLBACK_TIME_ZONE;
  }
  await recordExportTimeZone(db, integration.id, { timeZone, tokenHash, error });
  return timeZone;
}
