/** What a user may see of an API key again: its last 4 characters. */
export function lastFour(secret: string): string {
  return secret.slice(-4);
}

export function maskSecret(last4: string): string {
  return `••••${last4}`;
}
