import {
  applySessionLookupToChat,
  findChatsAwaitingSession,
  findIntegrationForImport,
  type Database,
  type IntegrationForImport,
} from '@carrot-bridge/db';
import {
  resolveAttribution,
  SESSION_FOUND_AFTER_EXPORT_NOTE,
  type KnownVisitorSession,
  type SessionCapture,
} from '@carrot-bridge/domain';

/**
 * A session found in the cabinet: every chat of the account waiting on it, or settled without it
 * ("unknown"), is attributed again with the domain's rules (resolveAttribution: forced mode first, the
 * session only if it started before the chat and within 180 days of it). A chat's mapping or default
 * was provisional while it waited, so the session replaces it. A chat already exported keeps what
 * the cabinet has (no re-upload: docs/cabinet.md) and says so in its export note.
 * Returns the integrations with a found chat still to export (their export stops waiting now).
 */
export async function reattributeChatsOfSession(
  db: Database,
  accountId: string,
  externalId: string,
  session: KnownVisitorSession,
): Promise<{ integrations: Set<string>; reattributed: number }> {
  const chats = await findChatsAwaitingSession(db, accountId, externalId);
  const settings = new Map<string, IntegrationForImport | null>();
  const integrations = new Set<string>();
  let reattributed = 0;
  for (const chat of chats) {
    if (!settings.has(chat.integrationId))
      settings.set(chat.integrationId, await findIntegrationForImport(db, chat.integrationId));
    const integration = settings.get(chat.integrationId);
    // The visit the script captured is what the chat kept while it waited.
    const capture: SessionCapture = {
      sessionId: externalId,
      visitorId: null,
      siteKey: null,
      sessionStartedAt: null,
      utmSource: chat.utmSource,
      utmMedium: chat.utmMedium,
      utmCampaign: chat.utmCampaign,
      utmTerm: chat.utmTerm,
      utmContent: chat.utmContent,
      referrer: chat.referrer,
      entrancePage: chat.entrancePage,
    };
    const attribution = integration
      ? resolveAttribution({
          settings: integration,
          channel: chat.channel,
          chatStartedAt: chat.startedAt,
          capture,
          session,
        })
      : null;
    if (attribution?.kind !== 'session') {
      await applySessionLookupToChat(db, chat.id, { sessionLookup: 'found' });
    } else {
      const { kind, ...target } = attribution;
      await applySessionLookupToChat(db, chat.id, {
        sessionLookup: 'found',
        attribution: { attributionKind: kind, ...target },
        ...(chat.exportStatus === 'exported' ? { exportNote: withNote(chat.exportError) } : {}),
      });
      reattributed += 1;
    }
    if (chat.exportStatus === 'pending') integrations.add(chat.integrationId);
  }
  return { integrations, reattributed };
}

/** The export's earlier note (a tag refused, say) stays beside ours. */
function withNote(previous: string | null): string {
  if (!previous) return SESSION_FOUND_AFTER_EXPORT_NOTE;
  return previous.includes(SESSION_FOUND_AFTER_EXPORT_NOTE)
    ? previous
    : `${previous}; ${SESSION_FOUND_AFTER_EXPORT_NOTE}`;
}
