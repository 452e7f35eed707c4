import { apiKeyColumns, apiKeyContext, SecretBoxError, type SecretBox } from '@carrot-bridge/secrets';
import { CarrotQuestClient, type CarrotQuestCallInfo, type CarrotQuestClientOptions } from './carrotquest-client';

export interface IntegrationCarrotQuestAccessOptions {
  secretBox: SecretBox;
  /** The server's CarrotQuest API (CARROTQUEST_API_BASE_URL). */
  defaultBaseUrl: string;
  timeoutMs: number;
  /** Whether an integration's own API base is used (ALLOW_API_BASE_URL_OVERRIDE); off: never, even if stored. */
  allowApiBaseUrlOverride: boolean;
  /** Connection agents (the outbound address guard when the override is off). */
  agents?: CarrotQuestClientOptions['agents'];
  onCall?: (info: CarrotQuestCallInfo) => void;
}

/** The stored key cannot be opened: sealed for another API address, or damaged. */
export class StoredApiKeyUnreadableError extends Error {
  constructor(readonly reason: 'other-api-base' | 'damaged', detail: string) {
    super(reason === 'other-api-base' ? 'the API key was entered for another API address; enter it again' : `the stored API key cannot be decrypted: ${detail}`);
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
  constructor(private readonly options: IntegrationCarrotQuestAccessOptions) {}

  /** The API base an integration's calls go to: its own only where the server allows that; null is the server's. */
  apiBase(stored: string | null | undefined): string | null {
    return this.options.allowApiBaseUrlOverride ? (stored ?? null) : null;
  }

  openKey(integration: IntegrationKeyRow): string {
    const apiBase = this.apiBase(integration.apiBaseUrl);
    try {
      return this.options.secretBox.decrypt(integration.apiKeyCiphertext, apiKeyContext(integration.id, apiBase));
    } catch (error) {
      if (!(error instanceof SecretBoxError)) throw error;
      throw new StoredApiKeyUnreadableError(integration.apiBaseUrl !== apiBase ? 'other-api-base' : 'damaged', error.message);
    }
  }

  /** The columns of a key entered now for `apiBase` (see apiBase). */
  sealKey(integrationId: string, apiBase: string | null, apiKey: string) {
    return apiKeyColumns(this.options.secretBox, integrationId, apiBase, apiKey);
  }

  /** A client for a key in hand (a key being checked before it is saved). */
  clientWithKey(apiBase: string | null, apiKey: string): CarrotQuestClient {
    return new CarrotQuestClient({
      baseUrl: apiBase ?? this.options.defaultBaseUrl,
      apiKey,
      timeoutMs: this.options.timeoutMs,
      ...(this.options.onCall ? { onCall: this.options.onCall } : {}),
      ...(this.options.agents ? { agents: this.options.agents } : {}),
    });
  }

  /** A client with the integration's stored key; the key never leaves it. */
  clientFor(integration: IntegrationKeyRow): CarrotQuestClient {
    return this.clientWithKey(this.apiBase(integration.apiBaseUrl), this.openKey(integration));
  }
}
