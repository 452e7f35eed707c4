import { CarrotQuestClient, type CarrotQuestCallInfo, type CarrotQuestClientOptions } from '@carrot-bridge/carrotquest';
import { apiKeyContext, SecretBox, SecretBoxError } from '@carrot-bridge/secrets';
import { ImportError, ImportErrorCode } from './import-error';

export interface CarrotQuestClientsDeps {
  secretBox: SecretBox;
  carrotQuestBaseUrl: string;
  carrotQuestTimeoutMs: number;
  onCarrotQuestCall?: (info: CarrotQuestCallInfo) => void;
  /** Whether an integration's own API base is used (ALLOW_API_BASE_URL_OVERRIDE); off: never, even if stored. */
  allowApiBaseUrlOverride?: boolean;
  /** Connection agents (the outbound address guard when the override is off). */
  carrotQuestAgents?: CarrotQuestClientOptions['agents'];
}

/** The one place the worker turns an integration's sealed API key into a CarrotQuest client. */
export class CarrotQuestClients {
  constructor(private readonly deps: CarrotQuestClientsDeps) {}

  forIntegration(integration: { id: string; apiKeyCiphertext: string; apiBaseUrl: string | null }): CarrotQuestClient {
    const apiBase = this.deps.allowApiBaseUrlOverride ? integration.apiBaseUrl : null;
    let apiKey: string;
    try {
      // Sealed with the API base it was entered for: readable only for that address (apiKeyContext).
      apiKey = this.deps.secretBox.decrypt(integration.apiKeyCiphertext, apiKeyContext(integration.id, apiBase));
    } catch (error) {
      if (error instanceof SecretBoxError) {
        const reason = integration.apiBaseUrl !== apiBase ? 'it was entered for an own API address this server does not allow; enter the key again' : error.message;
        throw new ImportError(ImportErrorCode.SecretUnreadable, `the stored API key cannot be decrypted: ${reason}`);
      }
      throw error;
    }
    return new CarrotQuestClient({
      baseUrl: apiBase ?? this.deps.carrotQuestBaseUrl,
      apiKey,
      timeoutMs: this.deps.carrotQuestTimeoutMs,
      ...(this.deps.onCarrotQuestCall ? { onCall: this.deps.onCarrotQuestCall } : {}),
      ...(this.deps.carrotQuestAgents ? { agents: this.deps.carrotQuestAgents } : {}),
    });
  }
}
