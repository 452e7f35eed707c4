export type IntegrationSecret = 'api-key' | 'webhook-token' | 'webhook-key' | 'export-token';

/**
 * The associated data an integration's secret is sealed with: the row AND the column, so a ciphertext
 * copied to another integration, or from one column to another of the same row, does not decrypt.
 */
export function integrationSecretContext(integrationId: string, secret: IntegrationSecret): string {
  return `carrotquest-integration:${integrationId}:${secret}`;
}
