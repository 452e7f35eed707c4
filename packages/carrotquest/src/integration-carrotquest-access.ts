import { apiKeyColumns, apiKeyContext, SecretBoxError, type SecretBox } from '@carrot-bridge/secrets';
import { CarrotQuestClient, type CarrotQuestCallInfo, type CarrotQuestClientOptions } from './carrotquest-client';

/** How a process reaches CarrotQuest, as its configuration says; console and worker deps extend it. */
export interface CarrotQuestAccessSettings {
  secretBox: SecretBox;
  /** The server's CarrotQuest API (CARROTQUEST_API_BASE_URL). */
  carrotQuestBaseUrl: string;
  carrotQuestTimeoutMs: number;
  /** Whether an integration's own API base is used (ALLOW_API_BASE_URL_OVERRIDE); off: never, even if stored. */
  allowApiBaseUrlOverride?: boolean;
  /** Connection agents (the outbound address guard when the override is off). */
  carrotQuestAgents?: CarrotQuestClientOptions['agents'];
  onCarrotQuestCall?: (info: CarrotQuestCallInfo) => void;
}

/** The stored key cannot be opened: sealed for another API address, or damaged. */
export class StoredApiKeyUnreadableError extends Error {
  constructor(
    readonly reason: 'other-api-base' | 'damaged',
    detail: string,
  ) {
    super(
      reason === 'other-api-base'
        ? 'the API key was entered for another API address; enter it again'
        : `the stored API key cannot be decrypted: ${detail}`,
    );
    this.name = 'StoredApiKeyUnreadableError';
  }
}

export interface IntegrationKeyRow {
  id: string;
  apiKeyCiphertext: string;
  apiBaseUrl: string | null;
}

/**
 * How the console and the worker reach CarrotQuest for an integration, written once: which API base it
 * may use (its own only where the server allows it), opening its sealed key — readable only for the base
 * it was entered for (apiKeyContext) —, and the client with the server's timeout and connection agents.
 */
export class IntegrationCarrotQuestAccess {
  /** Clients by integration, valid while its sealed key and API base are the ones they were built from. */
  private readonly clients = new Map<string, { sealedWith: string; client: CarrotQuestClient }>();

  constructor(
    private readonly options: CarrotQuestAccessSettings,
    private readonly maxClients = 10_000,
  ) {}

  /** The API base an integration's calls go to: its own only where the server allows that; null is the server's. */
  apiBase(stored: string | null | undefined): string | null {
    return this.options.allowApiBaseUrlOverride === true ? (stored ?? null) : null;
  }

  openKey(integration: IntegrationKeyRow): string {
    const apiBase = this.apiBase(integration.apiBaseUrl);
    try {
      return this.options.secretBox.decrypt(integration.apiKeyCiphertext, apiKeyContext(integration.id, apiBase));
    } catch (error) {
      if (!(error instanceof SecretBoxError)) throw error;
      throw new StoredApiKeyUnreadableError(
        integration.apiBaseUrl !== apiBase ? 'other-api-base' : 'damaged',
        error.message,
      );
    }
  }

  /** The columns of a key entered now for `apiBase` (see apiBase). */
  sealKey(integrationId: string, apiBase: string | null, apiKey: string) {
    return apiKeyColumns(this.options.secretBox, integrationId, apiBase, apiKey);
  }

  /** A client for a key in hand (a key being checked before it is saved). */
  clientWithKey(apiBase: string | null, apiKey: string): CarrotQuestClient {
    return new CarrotQuestClient({
      baseUrl: apiBase ?? this.options.carrotQuestBaseUrl,
      apiKey,
      timeoutMs: this.options.carrotQuestTimeoutMs,
      ...(this.options.onCarrotQuestCall ? { onCall: this.options.onCarrotQuestCall } : {}),
      ...(this.options.carrotQuestAgents ? { agents: this.options.carrotQuestAgents } : {}),
    });
  }

  /**
   * A client with the integration's stored key; the key never leaves it. Built once per integration and
   * kept while the stored key and base stay the same (a saved key is a new ciphertext): the worker's
   * profile showed a key decryption and an axios instance per job.
   */
  clientFor(integration: IntegrationKeyRow): CarrotQuestClient {
    const sealedWith = `${integration.apiKeyCiphertext}\u0000${integration.apiBaseUrl ?? ''}`;
    const cached = this.clients.get(integration.id);
    if (cached?.sealedWith === sealedWith) return cached.client;
    const client = this.clientWithKey(this.apiBase(integration.apiBaseUrl), this.openKey(integration));
    this.clients.delete(integration.id);
    this.clients.set(integration.id, { sealedWith, client });
    if (this.clients.size > this.maxClients) this.clients.delete(this.clients.keys().next().value as string);
    return client;
  }
}
