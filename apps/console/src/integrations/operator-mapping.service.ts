import { CarrotQuestError, type CarrotQuestChannel, type CarrotQuestClient } from '@carrot-bridge/carrotquest';
import {
  listOperators,
  recordSeenOperators,
  setOperatorEmployee,
  type Database,
  type OperatorRow,
  type SeenOperator,
} from '@carrot-bridge/db';
import { suggestEmployee, type EmployeeCandidate } from '@carrot-bridge/domain';
import type { Logger } from '@carrot-bridge/logging';
import type { AuditContext, AuditRecorder } from '../audit/audit-log';
import { ConsoleException, ConsoleExceptionCode } from '../console-exception';

export interface OperatorMappingDeps {
  db: Database;
  /** The account's integration (ConsoleException not-found otherwise) and a CarrotQuest client with its stored key. */
  integrations: {
    get(accountId: string, id: string): Promise<unknown>;
    keys: { carrotQuestClient(accountId: string, id: string): Promise<CarrotQuestClient> };
  };
  audit: AuditRecorder;
  logger?: Logger;
}

/** How long the page is asked to wait when CarrotQuest did not answer the refresh. */
const CARROTQUEST_RETRY_AFTER_SECONDS = 30;

/**
 * «Сотрудники» of an integration: the CarrotQuest operators it has seen, the employee each is exported as
 * (null: the integration's default employee), and a suggestion for the unmapped ones.
 */
export class OperatorMappingService {
  constructor(private readonly deps: OperatorMappingDeps) {}

  async list(accountId: string, integrationId: string) {
    await this.deps.integrations.get(accountId, integrationId);
    const [operators, employees] = await Promise.all([
      listOperators(this.deps.db, accountId, integrationId),
      this.choosableEmployees(accountId),
    ]);
    return { operators: operators.map((operator) => presentOperator(operator, employees)) };
  }

  async setEmployee(
    accountId: string,
    integrationId: string,
    operatorId: string,
    employeeId: string | null,
    by: AuditContext,
  ) {
    await this.deps.integrations.get(accountId, integrationId);
    const result = await setOperatorEmployee(this.deps.db, accountId, integrationId, operatorId, employeeId);
    if (result.status === 'operator-not-found') throw ConsoleException.notFound('operator');
    if (result.status === 'employee-refused')
      throw ConsoleException.invalid([{ field: 'employeeId', message: result.message }]);
    const details = { integrationId, employeeId };
    await this.deps.audit.recordFor(by, { accountId, action: 'operator.mapped', targetId: operatorId, details });
    return presentOperator(result.operator, []);
  }

  /**
   * «Обновить из CarrotQuest»: the operators of the app's channels. CarrotQuest documents no list of an
   * app's admins; a channel's `operators` are "operators, who can read conversations from this channel"
   * (https://developers.dashly.io/objects/channel). Admins on no channel appear once they answer a chat.
   */
  async refresh(accountId: string, integrationId: string, by: AuditContext) {
    await this.deps.integrations.get(accountId, integrationId);
    const client = await this.deps.integrations.keys.carrotQuestClient(accountId, integrationId);
    let channels: CarrotQuestChannel[];
    try {
      channels = await client.getChannels({ includeOperators: true });
    } catch (error) {
      if (!(error instanceof CarrotQuestError)) throw error;
      throw this.refusal(error, integrationId);
    }
    const operators = channelOperators(channels);
    await recordSeenOperators(this.deps.db, { accountId, integrationId, operators });
    const details = { found: operators.length };
    await this.deps.audit.recordFor(by, {
      accountId,
      action: 'operator.list_refreshed',
      targetId: integrationId,
      details,
    });
    return { found: operators.length, ...(await this.list(accountId, integrationId)) };
  }

  /** Suggestions offer only what may be chosen: an employee the cabinet no longer lists is not one. */
  private async choosableEmployees(accountId: string): Promise<EmployeeCandidate[]> {
    return this.deps.db.employee.findMany({
      where: { accountId, removedInCabinetAt: null },
      select: { id: true, name: true, email: true },
    });
  }

  /** Users see a generic verdict, the log the details (as the key check does: key-check.ts). */
  private refusal(error: CarrotQuestError, integrationId: string): ConsoleException {
    this.deps.logger?.warn('CarrotQuest operators refresh failed', {
      integrationId,
      code: error.code,
      error: error.message,
    });
    if (error.refusesKey)
      return new ConsoleException(
        ConsoleExceptionCode.Conflict,
        'CarrotQuest отклонил API-ключ интеграции: проверьте ключ и повторите',
      );
    return new ConsoleException(ConsoleExceptionCode.Unavailable, 'CarrotQuest не ответил, повторите позже', [], {
      retryAfterSeconds: CARROTQUEST_RETRY_AFTER_SECONDS,
    });
  }
}

/** Every Admin object on the channels, once each; one without an id cannot be mapped and is left out. */
function channelOperators(channels: readonly CarrotQuestChannel[]): SeenOperator[] {
  const found = new Map<string, SeenOperator>();
  for (const admin of channels.flatMap((channel) => channel.operators ?? [])) {
    if (!admin.id) continue;
    found.set(admin.id, { carrotAdminId: admin.id, name: admin.name ?? null, type: admin.type ?? null });
  }
  return [...found.values()];
}

function presentOperator(operator: OperatorRow, employees: readonly EmployeeCandidate[]) {
  const suggestion = operator.employee ? null : suggestEmployee(operator, employees);
  const suggested = suggestion ? employees.find((e) => e.id === suggestion.employeeId) : undefined;
  return {
    id: operator.id,
    carrotAdminId: operator.carrotAdminId,
    name: operator.name,
    type: operator.type,
    lastSeenAt: operator.lastSeenAt,
    employee: operator.employee
      ? {
          id: operator.employee.id,
          name: operator.employee.name,
          comagicId: operator.employee.comagicId,
          removedInCabinet: operator.employee.removedInCabinetAt !== null,
        }
      : null,
    suggestion:
      suggestion && suggested
        ? { employeeId: suggestion.employeeId, employeeName: suggested.name, matchedBy: suggestion.matchedBy }
        : null,
  };
}
