// The operators an integration has seen in CarrotQuest and the employee each stands for («Сотрудники»,
// issue #23). CarrotQuest documents no list of an app's admins: the import records the authors and
// assignees it meets, the console the channels' `operators` (https://developers.dashly.io/objects/channel).
import { operatorEmployeeChoiceError } from '@carrot-bridge/domain';
import type { Database } from './create-prisma-client';
import { prismaSqlRunner, type SqlRunner } from './sql-runner';

/** An Admin object as met (https://developers.carrotquest.io/objects/admin): its id as decimal text. */
export interface SeenOperator {
  carrotAdminId: string;
  name: string | null;
  type: string | null;
}

/** The worker's import runs on node-postgres (SqlRunner); the console holds Prisma: both are taken. */
export type OperatorStore = Database | SqlRunner;

const runnerOf = (store: OperatorStore): SqlRunner =>
  typeof (store as Partial<SqlRunner>).rows === 'function' ? (store as SqlRunner) : prismaSqlRunner(store as Database);

/**
 * Adds the operators not known yet and refreshes the name, type and lastSeenAt of the others, in one
 * statement. The mapping (employeeId) is never touched; a name or type not given keeps the stored one.
 */
export async function recordSeenOperators(
  store: OperatorStore,
  input: { accountId: string; integrationId: string; operators: readonly SeenOperator[] },
): Promise<void> {
  // One row per admin: ON CONFLICT cannot update the same row twice in a statement. A later sighting
  // wins, but never blanks what an earlier one of the same call knew.
  const byId = new Map<string, SeenOperator>();
  for (const op of input.operators) {
    const before = byId.get(op.carrotAdminId);
    byId.set(op.carrotAdminId, {
      carrotAdminId: op.carrotAdminId,
      name: op.name ?? before?.name ?? null,
      type: op.type ?? before?.type ?? null,
    });
  }
  if (byId.size === 0) return;
  const operators = [...byId.values()];
  await runnerOf(store).rows(
    `INSERT INTO "CarrotQuestOperator"
       ("id", "accountId", "integrationId", "carrotAdminId", "name", "type", "lastSeenAt", "updatedAt")
     SELECT gen_random_uuid(), $1::uuid, $2::uuid, seen."carrotAdminId", seen."name", seen."type", now(), now()
       FROM unnest($3::text[], $4::text[], $5::text[]) AS seen("carrotAdminId", "name", "type")
     ON CONFLICT ("integrationId", "carrotAdminId") DO UPDATE SET
       "name" = COALESCE(EXCLUDED."name", "CarrotQuestOperator"."name"),
       "type" = COALESCE(EXCLUDED."type", "CarrotQuestOperator"."type"),
       "lastSeenAt" = EXCLUDED."lastSeenAt",
       "updatedAt" = EXCLUDED."updatedAt"`,
    [
      input.accountId,
      input.integrationId,
      operators.map((o) => o.carrotAdminId),
      operators.map((o) => o.name),
      operators.map((o) => o.type),
    ],
  );
}

const OPERATOR_SELECT = {
  id: true,
  carrotAdminId: true,
  name: true,
  type: true,
  lastSeenAt: true,
  employee: { select: { id: true, name: true, comagicId: true, removedInCabinetAt: true } },
} as const;

/** The integration's operators, by name, each with the employee it is mapped to (null: the default). */
export async function listOperators(db: Database, accountId: string, integrationId: string) {
  return db.carrotQuestOperator.findMany({
    where: { accountId, integrationId },
    orderBy: [{ name: { sort: 'asc', nulls: 'last' } }, { carrotAdminId: 'asc' }],
    select: OPERATOR_SELECT,
  });
}
export type OperatorRow = Awaited<ReturnType<typeof listOperators>>[number];

export type SetOperatorEmployeeResult =
  | { status: 'saved'; operator: OperatorRow }
  | { status: 'operator-not-found' }
  /** `message` in Russian, for the page. */
  | { status: 'employee-refused'; message: string };

/**
 * Maps one operator (our row id) of the account's integration to an employee of the account, or back to
 * the default (null). operatorEmployeeChoiceError decides which employee may be chosen.
 */
export async function setOperatorEmployee(
  db: Database,
  accountId: string,
  integrationId: string,
  operatorId: string,
  employeeId: string | null,
): Promise<SetOperatorEmployeeResult> {
  const current = await db.carrotQuestOperator.findFirst({
    where: { id: operatorId, accountId, integrationId },
    select: { employeeId: true },
  });
  if (!current) return { status: 'operator-not-found' };
  if (employeeId !== null) {
    const employee = await db.employee.findFirst({
      where: { id: employeeId, accountId },
      select: { removedInCabinetAt: true },
    });
    const refusal = operatorEmployeeChoiceError({
      known: employee !== null,
      removedInCabinet: Boolean(employee?.removedInCabinetAt),
      alreadyMapped: current.employeeId === employeeId,
    });
    if (refusal !== null) return { status: 'employee-refused', message: refusal };
  }
  // accountId in the key: the composite foreign key also refuses another account's employee.
  const operator = await db.carrotQuestOperator.update({
    where: { id: operatorId, accountId },
    data: { employeeId },
    select: OPERATOR_SELECT,
  });
  return { status: 'saved', operator };
}

/** carrotAdminId -> employeeId of the integration's mapped operators: what the import attributes by. */
export async function operatorEmployeeMap(store: OperatorStore, integrationId: string): Promise<Map<string, string>> {
  const rows = await runnerOf(store).rows<{ carrotAdminId: string; employeeId: string }>(
    `SELECT "carrotAdminId", "employeeId"::text AS "employeeId" FROM "CarrotQuestOperator"
      WHERE "integrationId" = $1::uuid AND "employeeId" IS NOT NULL`,
    [integrationId],
  );
  return new Map(rows.map((r) => [r.carrotAdminId, r.employeeId]));
}
