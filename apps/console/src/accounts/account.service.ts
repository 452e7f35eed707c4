// Accounts are the operator's to create (issue #24): the API, the page and `pnpm cq accounts create`, so
// nothing needs SQL. An account may carry the analytics cabinet's own id of it, which its signed
// sign-in tokens name (docs/access.md «Cabinet sign-in»).
import { z } from 'zod';
import { accountExists, createAccount, listAccountsForOperator, type Database } from '@carrot-bridge/db';
import { lineText } from '../api/storable-input';
import { uniqueViolationField } from '../api/unique-violation';
import type { AuditContext, AuditLog } from '../audit/audit-log';
import { ConsoleException, ConsoleExceptionCode } from '../console-exception';

export const accountInputSchema = z.object({
  name: lineText().trim().min(1, 'Укажите название аккаунта').max(120),
  /** The cabinet's id of this account; null (or omitted): no sign-in from the cabinet. */
  cabinetAccountId: lineText().trim().min(1).max(200).nullable().default(null),
});
export type AccountInput = z.infer<typeof accountInputSchema>;

export class AccountService {
  constructor(private readonly deps: { db: Database; audit: Pick<AuditLog, 'record'> }) {}

  async create(input: AccountInput, context: AuditContext) {
    const account = await createAccount(this.deps.db, input).catch((error: unknown) => {
      if (uniqueViolationField(error) === 'cabinetAccountId')
        throw new ConsoleException(ConsoleExceptionCode.Conflict, 'Аккаунт с таким cabinetAccountId уже есть', [
          { field: 'cabinetAccountId', message: 'Уже привязан к другому аккаунту' },
        ]);
      throw error;
    });
    await this.deps.audit.record({
      accountId: account.id,
      actor: context.actor,
      action: 'account.created',
      targetId: account.id,
      details: { name: account.name, cabinetAccountId: account.cabinetAccountId },
      ip: context.ip ?? null,
    });
    return account;
  }

  list() {
    return listAccountsForOperator(this.deps.db);
  }

  exists(accountId: string): Promise<boolean> {
    return accountExists(this.deps.db, accountId);
  }
}
