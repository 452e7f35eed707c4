import express, { type Request, type Response } from 'express';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import type { DeliveryLog } from '@carrot-bridge/delivery-log';
import type { Queue } from 'bullmq';
import type { PersonalDataScheduler } from '@carrot-bridge/queue';
import { pingDatabase, type Database } from '@carrot-bridge/db';
import type { Logger } from '@carrot-bridge/logging';
import { accountScope } from './api/account-scope';
import { accountListRoutes } from './api/account-list.routes';
import { apiTokenRoutes } from './api/api-tokens.routes';
import { AuditLog } from './audit/audit-log';
import { ApiTokenService } from './tokens/api-token.service';
import { apiErrorHandler } from './api/api-error';
import { ConsoleException } from './console-exception';
import { cabinetRoutes } from './api/cabinet.routes';
import type { CabinetService } from './cabinet/cabinet.service';
import { catalogRoutes } from './api/catalog.routes';
import { chatRoutes } from './api/chats.routes';
import { jobRoutes, type JobRoutesQueues } from './api/jobs.routes';
import { reportRoutes } from './api/report.routes';
import { integrationRoutes } from './api/integrations.routes';
import { operatorRoutes } from './api/operators.routes';
import { OperatorMappingService } from './integrations/operator-mapping.service';
import { deliveryRoutes } from './deliveries/deliveries.routes';
import type { BackfillService } from './backfill/backfill.service';
import { visitorSessionRoutes } from './api/visitor-sessions.routes';
import { auditRoutes } from './api/audit.routes';
import { erasureRoutes, retentionRoutes } from './api/personal-data.routes';
import { ErasureService } from './personal-data/erasure.service';
import { RetentionSettingsService } from './personal-data/retention-settings.service';
import { authenticate } from './auth/authenticate';
import { accountRoutes } from './api/accounts.routes';
import { invitationAcceptRoutes, peopleRoutes } from './api/people.routes';
import { AccountService } from './accounts/account.service';
import { InvitationService } from './people/invitation.service';
import { PeopleService } from './people/people.service';
import { invitePage } from './page/invite-page';
import type { CabinetSsoSettings } from './sso/cabinet-sso-settings';
import { cabinetSignInRoutes } from './sso/sso.routes';
import { sessionRoutes } from './auth/session.routes';
import { signInPage } from './auth/sign-in-page';
import { SignInService } from './auth/sign-in.service';
import { accessScope, preAccess, requireAccess } from './auth/route-access';
import { DEFAULT_SESSION_LIFETIME, type SessionLifetime } from './auth/session-lifetime';
import { crossSiteRequestGuard } from './security/cross-site-request-guard';
import type { FailedLoginLimiter } from './security/failed-login-limiter';
import { jsonOnlyWrites } from './security/json-only-writes';
import { refuseIllFormedText } from './api/well-formed-body';
import { LocalOnlyBullBoardAdapter } from './security/local-only-bull-board';
import {
  BULL_BOARD_CONTENT_SECURITY_POLICY,
  noStore,
  securityHeaders,
  withoutPoweredBy,
} from './security/security-headers';
import type { IntegrationService } from './integrations/integration.service';
import { settingsPage } from './page/settings-page';

export interface ConsoleDeps {
  db: Database;
  queues: Queue[];
  logger: Logger;
  user: string;
  password: string;
  pingRedis: () => Promise<boolean>;
  integrations: IntegrationService;
  backfill?: BackfillService;
  /** The account's CoMagic / UIS cabinet connection and its catalog sync. */
  cabinet?: CabinetService;
  /** The webhook delivery log the ingress writes; the page's «Журнал доставок». */
  deliveries?: Pick<DeliveryLog, 'read'>;
  /** Holds off a client address that keeps sending wrong passwords. */
  loginLimiter?: FailedLoginLimiter;
  /** Holds off sign-ins to one e-mail that keep failing, from wherever they come. */
  emailLoginLimiter?: FailedLoginLimiter;
  /** Express `trust proxy` (hops), so the limiter sees the client's address behind a proxy. */
  trustProxyHops?: number;
  /** SECRETS_KEY: API tokens are stored as a digest keyed from it. Without it no API token is accepted. */
  secretsKey?: string;
  /** Idle and absolute ends of a signed-in person's session; default 12 hours and 7 days. */
  sessionLifetime?: SessionLifetime;
  /** The session cookie's Secure attribute (production). */
  secureCookies?: boolean;
  /** CONSOLE_PUBLIC_URL: invitation and password-reset links point there. */
  consolePublicUrl?: string;
  /** The cabinet's signed sign-in link (GET /sso); absent or null: off (404). */
  cabinetSso?: CabinetSsoSettings | null;
  /** «Задачи» and the transcript's re-import / re-export: the queues they read and write. */
  jobs?: JobRoutesQueues;
  /**
   * Erasure on request (docs/personal-data.md): the delivery log it sweeps and the compaction it asks
   * for; `queues` are swept too. Without it (or SECRETS_KEY) there is no erasure, only the retention.
   */
  personalData?: {
    deliveries: Pick<DeliveryLog, 'eraseMentioning'>;
    compaction: Pick<PersonalDataScheduler, 'requestCompaction'>;
  };
}

export const BULL_BOARD_PATH = '/admin/queues';

export function createConsoleApp(deps: ConsoleDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxyHops ?? 0);
  app.use(...preAccess(withoutPoweredBy(), securityHeaders()));

  app.get('/healthz', requireAccess({ kind: 'public' }), (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', requireAccess({ kind: 'public' }), async (_req: Request, res: Response) => {
    const [redis, database] = await Promise.all([
      deps.pingRedis(),
      pingDatabase(deps.db).then(
        () => true,
        () => false,
      ),
    ]);
    res.status(redis && database ? 200 : 503).json({
      status: redis && database ? 'ready' : 'not_ready',
      redis: redis ? 'up' : 'down',
      database: database ? 'up' : 'down',
    });
  });

  // Who is calling (res.locals.principal): the operator's basic auth, a session cookie, an API token.
  app.use(
    ...preAccess(
      authenticate({
        db: deps.db,
        operator: { user: deps.user, password: deps.password },
        secretsKey: deps.secretsKey,
        sessionLifetime: deps.sessionLifetime ?? DEFAULT_SESSION_LIFETIME,
        secureCookies: deps.secureCookies ?? false,
        limiter: deps.loginLimiter,
        logger: deps.logger,
      }),
    ),
  );
  // Browsers send the stored credentials with any site's form: every write must come from our own page.
  app.use(...preAccess(crossSiteRequestGuard(deps.logger)));
  app.use(signInPage(), invitePage());
  // Each route below declares who may use it (auth/route-access.ts; test/route-table.test.ts checks).

  const serverAdapter = new LocalOnlyBullBoardAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: deps.queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'carrot-bridge' } },
  });
  app.use(
    BULL_BOARD_PATH,
    accessScope(
      { kind: 'operator' },
      securityHeaders(BULL_BOARD_CONTENT_SECURITY_POLICY),
      noStore(),
      serverAdapter.getRouter(),
    ),
  );

  const api = express.Router();
  api.use(...preAccess(noStore(), jsonOnlyWrites(), express.json({ limit: '1mb' }), refuseIllFormedText()));
  api.use(accountListRoutes(deps.db));
  // The routes that change state (or read a transcript) write the audit log; services get theirs from main.
  const audit = new AuditLog(deps.db, deps.logger);
  const sessionLifetime = deps.sessionLifetime ?? DEFAULT_SESSION_LIFETIME;
  api.use(
    sessionRoutes({
      db: deps.db,
      signIn: new SignInService({
        db: deps.db,
        lifetime: sessionLifetime,
        addressLimiter: deps.loginLimiter,
        emailLimiter: deps.emailLoginLimiter,
        audit,
        logger: deps.logger,
      }),
      lifetime: sessionLifetime,
      secureCookies: deps.secureCookies ?? false,
      audit,
    }),
  );
  const invitations = new InvitationService({
    db: deps.db,
    audit,
    consolePublicUrl: deps.consolePublicUrl ?? 'http://localhost:3000',
  });
  api.use(accountRoutes(new AccountService({ db: deps.db, audit })), invitationAcceptRoutes(invitations));
  const account = express.Router({ mergeParams: true });
  account.use(
    ...preAccess(accountScope(deps.db)),
    peopleRoutes(new PeopleService({ db: deps.db, audit }), invitations),
    catalogRoutes(deps.db, audit),
    visitorSessionRoutes(deps.db, audit),
    integrationRoutes(deps.integrations, deps.backfill),
    operatorRoutes(
      new OperatorMappingService({ db: deps.db, integrations: deps.integrations, audit, logger: deps.logger }),
    ),
    chatRoutes(deps.db, audit),
    auditRoutes(deps.db),
    reportRoutes(deps.db),
  );
  if (deps.deliveries) account.use(deliveryRoutes(deps.integrations, deps.deliveries));
  if (deps.cabinet) account.use(cabinetRoutes(deps.cabinet));
  if (deps.jobs) account.use(jobRoutes({ db: deps.db, audit, ...deps.jobs }));
  account.use(retentionRoutes(new RetentionSettingsService({ db: deps.db, audit })));
  if (deps.secretsKey && deps.personalData) {
    const erasures = new ErasureService({
      db: deps.db,
      audit,
      secretsKey: deps.secretsKey,
      queues: deps.queues,
      ...deps.personalData,
      logger: deps.logger,
    });
    account.use(erasureRoutes(deps.db, erasures));
  }
  // «Доступ по API»: a token is stored as a digest keyed from SECRETS_KEY; without it there are no tokens.
  if (deps.secretsKey)
    account.use(apiTokenRoutes(new ApiTokenService({ db: deps.db, secretsKey: deps.secretsKey, audit })));
  api.use('/accounts/:accountId', account);
  // An unknown endpoint is a 404 to someone signed in: a stranger learns nothing of the API's shape.
  api.use(
    accessScope({ kind: 'signed-in' }, () => {
      throw ConsoleException.notFound('endpoint');
    }),
  );
  api.use(apiErrorHandler(deps.logger));
  app.use('/api', api);
  app.use(
    cabinetSignInRoutes({
      db: deps.db,
      audit,
      settings: deps.cabinetSso ?? null,
      sessionLifetime,
      secureCookies: deps.secureCookies ?? false,
      logger: deps.logger,
    }),
  );

  app.use('/', accessScope({ kind: 'signed-in' }, settingsPage()));
  return app;
}
