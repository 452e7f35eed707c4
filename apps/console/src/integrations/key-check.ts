import { CarrotQuestError, type IntegrationCarrotQuestAccess } from '@carrot-bridge/carrotquest';
import type { Logger } from '@carrot-bridge/logging';

export interface KeyCheck {
  /** `unchecked`: CarrotQuest could not be asked (down, slow, rate limit); the key may well be good. */
  status: 'valid' | 'invalid' | 'unchecked';
  error: string | null;
  channels: Array<{ id: string; name: string | null; type: string }>;
}

/**
 * Asks CarrotQuest whether a key works (the app's channels are the cheapest call that needs it). Users
 * see a generic verdict; the details — which may echo whatever answered at that address — go to the log
 * only, so the page cannot be used to tell closed, open and HTTP ports apart.
 */
export async function checkCarrotQuestKey(
  access: IntegrationCarrotQuestAccess,
  apiKey: string,
  apiBase: string | null,
  logger?: Logger,
): Promise<KeyCheck> {
  try {
    const channels = await access.clientWithKey(apiBase, apiKey).getChannels();
    return {
      status: 'valid',
      error: null,
      channels: channels.map((c) => ({ id: c.id, name: c.name ?? null, type: c.type })),
    };
  } catch (error) {
    if (!(error instanceof CarrotQuestError)) throw error;
    logger?.warn('CarrotQuest key check failed', {
      code: error.code,
      error: error.message,
      ownApiBase: apiBase !== null,
    });
    // Only CarrotQuest saying no condemns a key; an unreachable API must not stop chats being imported.
    if (error.refusesKey) return { status: 'invalid', error: 'CarrotQuest отклонил ключ', channels: [] };
    return { status: 'unchecked', error: 'CarrotQuest не ответил', channels: [] };
  }
}
