import { lastFour } from './mask';
import type { SecretBox } from './secret-box';

// The account's CoMagic / UIS connection token (CabinetConnection), sealed the one way: the console writes
// it, the worker's catalog sync opens it, and the test fixtures build rows with it.

/** Bound to the account and the column: a ciphertext copied to another account does not decrypt. */
function cabinetTokenContext(accountId: string): string {
  return `cabinet-connection:${accountId}:token`;
}

/** The Data API token of the account's cabinet connection. */
export function cabinetTokenColumns(box: SecretBox, accountId: string, token: string) {
  return { tokenCiphertext: box.encrypt(token, cabinetTokenContext(accountId)), tokenLast4: lastFour(token) };
}

/** The connection's token back from its ciphertext (a SecretBoxError when it cannot be read). */
export function openCabinetToken(box: SecretBox, row: { accountId: string; tokenCiphertext: string }): string {
  return box.decrypt(row.tokenCiphertext, cabinetTokenContext(row.accountId));
}
