import { IntegrationCarrotQuestAccess, type CarrotQuestCallInfo, type CarrotQuestClient, type CarrotQuestClientOptions, type IntegrationKeyRow } from '@carrot-bridge/carrotquest';
import type { SecretBox } from '@carrot-bridge/secrets';

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

/**
 * The worker's settings for IntegrationCarrotQuestAccess (the one place a sealed key becomes a client);
 * a key that cannot be opened throws StoredApiKeyUnreadableError, which decideFailure gives up on.
 */
export class CarrotQuestClients {
  private readonly access: IntegrationCarrotQuestAccess;

  constructor(deps: CarrotQuestClientsDeps) {
    this.access = new IntegrationCarrotQuestAccess({
      secretBox: deps.secretBox,
      defaultBaseUrl: deps.carrotQuestBaseUrl,
      timeoutMs: deps.carrotQuestTimeoutMs,
      allowApiBaseUrlOverride: deps.allowApiBaseUrlOverride ?? false,
      ...(deps.carrotQuestAgents ? { agents: deps.carrotQuestAgents } : {}),
      ...(deps.onCarrotQuestCall ? { onCall: deps.onCarrotQuestCall } : {}),
    });
  }

  forIntegration(integration: IntegrationKeyRow): CarrotQuestClient {
    return this.access.clientFor(integration);
  }
}
