import { integrationSecretContext } from './integration-secret-context';

/**
 * The associated data a CarrotQuest API key is sealed with: the integration, the column, AND the API
 * base the key was entered for (`null`: the server's own CarrotQuest API). A key can then only be
 * decrypted for the address it was given for: pointing an integration at another address without
 * entering the key again leaves nothing to send there.
 * `null` keeps the context keys were sealed with before this binding, so they stay readable for the
 * server's CarrotQuest API, the only address production ever allowed.
 */
export function apiKeyContext(integrationId: string, apiBaseUrl: string | null): string {
  const context = integrationSecretContext(integrationId, 'api-key');
  return apiBaseUrl === null ? context : `${context}@${apiBaseUrl}`;
}
