import { CarrotQuestClient, type CarrotQuestCallInfo } from '@carrot-bridge/carrotquest';
import { SecretBox, SecretBoxError, integrationSecretContext } from '@carrot-bridge/secrets';
import { ImportError, ImportErrorCode } from './import-error';

export interface CarrotQuestClientsDeps {
  secretBox: SecretBox;
  carrotQuestBaseUrl: string;
  carrotQuestTimeoutMs: number;
  onCarrotQuestCall?: (info: CarrotQuestCallInfo) => void;
}

/** The one place the worker turns an integration's sealed API key into a CarrotQuest client. */
export class CarrotQuestClients {
  constructor(private readonly deps: CarrotQuestClientsDeps) {}

  forIntegration(integration: { id: string; apiKeyCiphertext: string; apiBaseUrl: string | null }): CarrotQuestClient {
    let apiKey: string;
    try {
      apiKey = this.deps.secretBox.decrypt(integration.apiKeyCiphertext, integrationSecretContext(integration.id, 'api-key'));
    } catch (error) {
      if (error instanceof SecretBoxError) throw new ImportError(ImportErrorCode.SecretUnreadable, `the stored API key cannot be decrypted: ${error.message}`);
      throw error;
    }
    return new CarrotQuestClient({
      baseUrl: integration.apiBaseUrl ?? this.deps.carrotQuestBaseUrl,
      apiKey,
      timeoutMs: this.deps.carrotQuestTimeoutMs,
      ...(this.deps.onCarrotQuestCall ? { onCall: this.deps.onCarrotQuestCall } : {}),
    });
  }
}
