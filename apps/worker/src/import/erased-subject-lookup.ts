import { findLatestErasure, type SqlRunner } from '@carrot-bridge/db';
import { personalDataDigest } from '@carrot-bridge/secrets';

/** Whether a person was erased on request in an account, and when last (docs/personal-data.md). */
export interface ErasedSubjects {
  /**
   * The newest erasure of any of `digestInputs` (criterionDigestInput: `kind:value`) in the account, or
   * null when none of them was erased.
   */
  latestErasure(accountId: string, digestInputs: readonly string[]): Promise<Date | null>;
}

/**
 * ErasedSubjects over PostgreSQL: an erasure remembers each identifier of the person only as a keyed
 * digest (personalDataDigest under SECRETS_KEY), so the import digests what it reads with the same key
 * and asks for those digests.
 */
export class ErasedSubjectLookup implements ErasedSubjects {
  constructor(
    private readonly sql: SqlRunner,
    private readonly secretsKeyBase64: string,
  ) {}

  async latestErasure(accountId: string, digestInputs: readonly string[]): Promise<Date | null> {
    if (digestInputs.length === 0) return null;
    const digests = digestInputs.map((input) => personalDataDigest(this.secretsKeyBase64, input));
    return findLatestErasure(this.sql, accountId, digests);
  }
}
