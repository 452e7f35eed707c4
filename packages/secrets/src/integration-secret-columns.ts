import { apiKeyContext } from './api-key-binding';
import { integrationSecretContext } from './integration-secret-context';
import { lastFour } from './mask';
import type { SecretBox } from './secret-box';
import { hashSecret } from './webhook-key';

// The columns an integration's secrets are stored in, sealed the one way: the console writes them, the
// test fixtures build rows with them, so a row made by a test is a row the console could have made.

/** The CarrotQuest API key, sealed for the API base it was entered for (`null`: the server's). */
export function apiKeyColumns(box: SecretBox, integrationId: string, apiBase: string | null, apiKey: string) {
  return {
    apiKeyCiphertext: box.encrypt(apiKey, apiKeyContext(integrationId, apiBase)),
    apiKeyLast4: lastFour(apiKey),
  };
}

/** The secret of the webhook URL: a digest to look it up, a ciphertext to show the URL again. */
export function webhookKeyColumns(box: SecretBox, integrationId: string, webhookKey: string) {
  return {
    webhookKeyHash: hashSecret(webhookKey),
    webhookKeyCiphertext: box.encrypt(webhookKey, integrationSecretContext(integrationId, 'webhook-key')),
  };
}

/** CarrotQuest's webhook `token`. */
export function webhookTokenCiphertext(box: SecretBox, integrationId: string, token: string): string {
  return box.encrypt(token, integrationSecretContext(integrationId, 'webhook-token'));
}

/** The CoMagic / UIS Data API token. */
export function exportTokenColumns(box: SecretBox, integrationId: string, token: string) {
  return {
    exportTokenCiphertext: box.encrypt(token, integrationSecretContext(integrationId, 'export-token')),
    exportTokenLast4: lastFour(token),
  };
}

/** The webhook key back from its ciphertext (to show the URL). */
export function openWebhookKey(box: SecretBox, row: { id: string; webhookKeyCiphertext: string }): string {
  return box.decrypt(row.webhookKeyCiphertext, integrationSecretContext(row.id, 'webhook-key'));
}
