import express, { type Request, type Response } from 'express';
import { loadFixture } from '@carrot-bridge/fixtures';
import { listenOnLoopback } from '@carrot-bridge/test-support';
import { buildScenario, type ChatScenario } from './chat-scenario';
import { addQuestionTo, appendMessages, removePartOf, type NewQuestion } from './conversation-changes';
import { channelsAnswer, channelWithOperators } from './fake-channels';
import { renderJson, withStringIds } from './fake-json';
import { compareIds, FakeValidationError, positionId, readPageRequest, type PageKey } from './fake-paging';
import { newApp, type FakeApp, type Fault, type Json, type RecordedRequest } from './fake-state';
import { InFlightByKey } from './in-flight-by-key';
import { RateLimitByKey } from './rate-limit-by-key';
import type { ScenarioOperator } from './question-parts';

export interface FakeCarrotQuestOptions {
  port?: number;
  host?: string;
  /**
   * Path prefix. The current Web API has none (https://developers.carrotquest.io/webapi/versioning:
   * without a version the current one, 2, answers); `/v1` is the deprecated generation, not served here.
   */
  basePath?: string;
  /** Parts per page when the client asks for more (exercises paging). */
  maxPartsPerPage?: number;
  /** Conversations per page of the app's list when the client asks for more. */
  maxConversationsPerPage?: number;
  /** Latency added to every answer. */
  latencyMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The API key of a request as documented (https://developers.carrotquest.io/webapi/auth): header
 * `Authorization: Token <key>` or `Bearer <key>`, or the `auth_token` parameter.
 */
function keyOf(req: Request): string {
  const header = req.header('authorization') ?? '';
  return header.replace(/^(Token|Bearer)\s+/i, '') || String(req.query.auth_token ?? '');
}

/** `id_as_string=true` makes every id a string (https://developers.dashly.io/webapi/types/); otherwise numbers. */
function idsAsStrings(req: Request): boolean {
  return req.query.id_as_string === 'true' || req.query.id_as_string === '1';
}

/** The documented envelope `{meta: {status, ...}, data}` (https://developers.carrotquest.io/webapi/exceptions). */
function envelope(req: Request, res: Response, status: number, data: unknown, meta: Json = {}) {
  res
    .status(status)
    .type('application/json')
    .send(renderJson({ meta: { status, ...meta }, data }, idsAsStrings(req)));
}

/** Errors as documented: `{"meta":{"status", "error", "error_message"}, "data":{}}` (https://developers.carrotquest.io/webapi/exceptions). */
function apiError(res: Response, status: number, error: string, message: string, extra: Json = {}) {
  res.status(status).json({ meta: { status, error, error_message: message, ...extra }, data: {} });
}

/**
 * CarrotQuest's current Web API as documented, over real HTTP: what the client, the worker, the demo and
 * the benchmarks talk to instead of the internet. It follows the docs, not our client: the documented
 * envelope and errors (LookupError as HTTP 400, NotAuthenticated 401, Error404 for an unknown path), v2
 * paging (and a ValidationError for the old `/v1` paging parameters), ids as numbers unless
 * `id_as_string=true`, custom props only on request, and it injects faults on demand.
 */
export class FakeCarrotQuest {
  readonly apps = new Map<string, FakeApp>();
  readonly requests: RecordedRequest[] = [];
  /** Requests in flight per API key, and the most at once (a client's concurrency towards one app). */
  readonly inFlight = new InFlightByKey();
  private readonly faults: Fault[] = [];
  private rateLimit: RateLimitByKey | undefined;
  private stopServer: (() => Promise<void>) | undefined;
  private latencyMs: number;
  private latencyJitterMs = 0;
  baseUrl = '';

  constructor(private readonly options: FakeCarrotQuestOptions = {}) {
    this.latencyMs = options.latencyMs ?? 0;
  }

  /** Registers an app reachable with `apiKey`, with the fixture channels (their operators as Admin objects). */
  addApp(apiKey: string): FakeApp {
    const channels = withStringIds(loadFixture('api-channels').data as Json[]).map((c) =>
      c.operators ? channelWithOperators(c, c.operators) : c,
    );
    const app = newApp(apiKey, channels);
    this.apps.set(apiKey, app);
    return app;
  }

  /** The app's operators: on the channel with `channelId`, or on every channel of the app. */
  setOperators(apiKey: string, operators: readonly ScenarioOperator[], channelId?: string): void {
    const app = this.app(apiKey);
    if (channelId !== undefined && !app.channels.some((c) => c.id === channelId))
      throw new Error(`fake: no channel ${channelId}`);
    app.channels = app.channels.map((c) =>
      channelId === undefined || c.id === channelId ? channelWithOperators(c, operators) : c,
    );
  }

  /** Adds the conversations of the shared fixtures (a widget chat and a Telegram chat). */
  addFixtureChats(apiKey: string): void {
    const app = this.app(apiKey);
    const conversation = withStringIds(loadFixture('api-conversation').data);
    const telegram = withStringIds(loadFixture('api-conversation-telegram').data);
    const user = withStringIds(loadFixture('api-user').data);
    app.conversations.set(conversation.id, conversation);
    app.parts.set(conversation.id, withStringIds(loadFixture('api-conversation-parts').data));
    app.users.set(user.id, user);
    app.conversations.set(telegram.id, telegram);
    app.parts.set(telegram.id, [telegram.part_last]);
    app.users.set(telegram.user.id, { ...telegram.user, removed: null, props_custom: {} });
  }

  addChat(apiKey: string, scenario: ChatScenario): { conversation: Json; parts: Json[]; user: Json } {
    const built = buildScenario(scenario);
    const app = this.app(apiKey);
    app.conversations.set(scenario.conversationId, built.conversation);
    app.parts.set(scenario.conversationId, built.parts);
    app.users.set(scenario.userId, built.user);
    return built;
  }

  /**
   * The conversation changes after it was read: new messages in its latest question, a later
   * `last_update` (which moves it to the top of the app's list, as CarrotQuest orders it).
   */
  updateConversation(
    apiKey: string,
    conversationId: string,
    change: { lastUpdate: number; newTexts?: string[]; closed?: boolean },
  ): void {
    appendMessages(this.app(apiKey), conversationId, change);
  }

  /**
   * A returning visitor asks again in the same conversation: a new question (part group) after every
   * existing part; `last_update` moves, `closed` follows the question, the visitor's custom props may
   * name a new session. Returns the question's parts.
   */
  addQuestion(apiKey: string, conversationId: string, question: NewQuestion): Json[] {
    return addQuestionTo(this.app(apiKey), conversationId, question);
  }

  /**
   * CarrotQuest deletes a part (a GDPR deletion there): it is answered with `removed` = `atSeconds` (now
   * unless given), its body kept and `last_update` unmoved (the docs are silent: see removePartOf).
   */
  removePart(apiKey: string, conversationId: string, partId: string, atSeconds = Math.floor(Date.now() / 1000)): Json {
    return removePartOf(this.app(apiKey), conversationId, partId, atSeconds);
  }

  removeConversation(apiKey: string, conversationId: string): void {
    this.app(apiKey).conversations.delete(conversationId);
  }

  /** Makes the next `times` matching requests fail (or slow down) as described. */
  injectFault(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Each API key's app lets `requestsPerSecond` through per second, the rest 429 (rate-limit-by-key.ts); null: none. */
  setRateLimit(requestsPerSecond: number | null): void {
    this.rateLimit = requestsPerSecond === null ? undefined : new RateLimitByKey(requestsPerSecond);
  }

  /** Every answer waits `ms`, plus a uniformly random extra of up to `jitterMs`. */
  setLatency(ms: number, jitterMs = 0): void {
    this.latencyMs = ms;
    this.latencyJitterMs = jitterMs;
  }

  /** The app's API key stops working (a customer revoked it): every call with it answers 401. */
  revokeKey(apiKey: string): void {
    this.apps.delete(apiKey);
  }

  requestsTo(pathPart: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.includes(pathPart));
  }

  async start(): Promise<string> {
    const app = express();
    // Our client never revalidates; an ETag is a hash of every answer, CPU the benchmark's fake would spend.
    app.set('etag', false);
    app.disable('x-powered-by');
    const router = express.Router();
    router.use((req, res, next) => this.applyFaults(req, res, next));
    router.get('/conversations/:id', (req, res) =>
      this.withApp(req, res, (a) =>
        this.sendFound(req, res, a.conversations.get(req.params.id as string), 'Conversation'),
      ),
    );
    router.get('/conversations/:id/parts', (req, res) => this.withApp(req, res, (a) => this.sendParts(req, res, a)));
    router.get('/users/:id', (req, res) => this.withApp(req, res, (a) => this.sendUser(req, res, a)));
    router.get('/apps/:app/channels', (req, res) =>
      this.withApp(req, res, (a) => envelope(req, res, 200, channelsAnswer(a.channels, req.query))),
    );
    router.get('/apps/:app/conversations', (req, res) =>
      this.withApp(req, res, (a) => this.sendConversationPage(req, res, a)),
    );
    app.use(this.options.basePath ?? '', router);
    // "Error404 | 404 | Requested API method (URL path) does not exist" (https://developers.carrotquest.io/webapi/exceptions).
    app.use((_req, res) => apiError(res, 404, 'Error404', 'Requested API method (URL path) does not exist'));

    const listening = await listenOnLoopback(
      app,
      'fake CarrotQuest',
      this.options.port ?? 0,
      this.options.host ?? '127.0.0.1',
    );
    this.stopServer = listening.stop;
    this.baseUrl = `http://${this.options.host ?? '127.0.0.1'}:${listening.port}${this.options.basePath ?? ''}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    const stop = this.stopServer;
    this.stopServer = undefined;
    await stop?.();
  }

  private app(apiKey: string): FakeApp {
    return this.apps.get(apiKey) ?? this.addApp(apiKey);
  }

  private record(req: Request, res: Response): void {
    res.on('finish', () =>
      this.requests.push({
        method: req.method,
        path: req.path,
        query: { ...(req.query as Record<string, string>) },
        status: res.statusCode,
        at: Date.now(),
      }),
    );
  }

  private async applyFaults(req: Request, res: Response, next: () => void): Promise<void> {
    this.record(req, res);
    const apiKey = keyOf(req);
    const done = this.inFlight.begin(apiKey);
    res.on('close', done);
    // Counted as it arrives, refused before the app sees it: what a limit in front of the API does.
    const retryAfterSeconds = this.rateLimit?.take(apiKey);
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    if (this.latencyJitterMs > 0) await sleep(Math.random() * this.latencyJitterMs);
    if (retryAfterSeconds !== undefined) {
      res.setHeader('Retry-After', String(retryAfterSeconds));
      return apiError(res, 429, 'TooManyRequests', 'Rate limit exceeded');
    }
    // Each matching fault rolls its own dice, in the order injected: independent chaos sources add up.
    const fault = this.faults.find(
      (f) =>
        f.times > 0 &&
        (!f.apiKey || f.apiKey === apiKey) &&
        (!f.path || (typeof f.path === 'string' ? req.path.includes(f.path) : f.path.test(req.path))) &&
        (f.probability === undefined || Math.random() < f.probability),
    );
    if (!fault) return next();
    fault.times -= 1;
    if (fault.latencyMs) await sleep(fault.latencyMs);
    if (fault.reset) {
      this.requests.push({
        method: req.method,
        path: req.path,
        query: { ...(req.query as Record<string, string>) },
        status: 0,
        at: Date.now(),
      });
      req.socket.destroy();
      return;
    }
    if (!fault.status) return next();
    if (fault.status === 429) {
      res.setHeader('Retry-After', String(fault.retryAfterSeconds ?? 1));
      return apiError(res, 429, 'TooManyRequests', 'Rate limit exceeded');
    }
    if (fault.status === 401) return apiError(res, 401, 'NotAuthenticated', 'Incorrect authentication credentials.');
    if (fault.status === 403)
      return apiError(res, 403, 'PermissionDeniedError', 'You do not have permission to perform this action.');
    if (fault.status === 400) return apiError(res, 400, 'LookupError', 'Conversation matching query does not exist.');
    return apiError(res, fault.status, 'InternalServerError', 'Internal server error');
  }

  /**
   * Auth as documented (https://developers.carrotquest.io/webapi/auth): header `Authorization: Token <key>`
   * or `Bearer <key>`, or the `auth_token` parameter.
   */
  private withApp(req: Request, res: Response, handle: (app: FakeApp) => void): void {
    const app = this.apps.get(keyOf(req));
    if (!app) return apiError(res, 401, 'NotAuthenticated', 'Incorrect authentication credentials.');
    try {
      handle(app);
    } catch (error) {
      if (!(error instanceof FakeValidationError)) throw error;
      // "ValidationError | 400 | details in meta.error_fields and meta.error_message" (https://developers.carrotquest.io/webapi/exceptions).
      apiError(res, 400, 'ValidationError', error.message, { error_fields: {} });
    }
  }

  private sendFound(req: Request, res: Response, value: Json | undefined, what: string): void {
    if (!value) return apiError(res, 400, 'LookupError', `${what} matching query does not exist.`);
    envelope(req, res, 200, value);
  }

  /** Custom props only with `props_custom=true`: "Show custom properties. Default: false" (https://developers.dashly.io/webapi/endpoints/users/user). */
  private sendUser(req: Request, res: Response, app: FakeApp): void {
    const user = app.users.get(req.params.id as string);
    if (!user) return apiError(res, 400, 'LookupError', 'User matching query does not exist.');
    const { props_custom: propsCustom, ...rest } = user;
    envelope(req, res, 200, req.query.props_custom === 'true' ? { ...rest, props_custom: propsCustom ?? {} } : rest);
  }

  /**
   * The app's conversations, "Pagination is performed by last conversation update time (field
   * last_update) in descending order" (https://developers.dashly.io/webapi/endpoints/apps/conversations),
   * with a `[last_update, id]` position (https://developers.carrotquest.io/webapi/pagination). Like the
   * docs' list, it leaves out the conversation's `channel` (only part_last, important_part_last,
   * reply_last and user are included by default).
   */
  private sendConversationPage(req: Request, res: Response, app: FakeApp): void {
    const { position, count: asked } = readPageRequest(req.query);
    const count = Math.min(asked, this.options.maxConversationsPerPage ?? asked);
    const key = (c: Json): [number, string] => [Number(c.last_update ?? c.created), String(c.id)];
    const compare = (a: [number, string], b: [number, string]) =>
      a[0] !== b[0] ? a[0] - b[0] : compareIds(a[1], b[1]);
    let all = [...app.conversations.values()].sort((a, b) => compare(key(b), key(a)));
    if (position) {
      if (position.length !== 2 || !Number.isFinite(Number(position[0])))
        throw new FakeValidationError('paginate_position must be [last_update, id]');
      const cursor: [number, string] = [Number(position[0]), positionId(position[1], 'paginate_position[1]')];
      all = all.filter((c) => compare(key(c), cursor) < 0);
    }
    const page = all.slice(0, count).map(({ channel: _channel, ...listed }) => listed);
    const last = page.at(-1);
    envelope(req, res, 200, page, {
      next_before_position:
        all.length > count && last ? [Number(last.last_update ?? last.created), String(last.id)] : null,
    });
  }

  /**
   * A conversation's parts, "Pagination by primary key of ConversationPart object"
   * (https://developers.dashly.io/webapi/endpoints/conversations/parts/): newest first (`before` and page
   * order `desc` are the defaults, https://developers.dashly.io/webapi/pagination), `[part_id]` positions,
   * and `next_before_position: null` when "there are no more pages to fetch".
   */
  private sendParts(req: Request, res: Response, app: FakeApp): void {
    const id = req.params.id as string;
    if (!app.conversations.has(id))
      return apiError(res, 400, 'LookupError', 'Conversation matching query does not exist.');
    const { position, count: asked } = readPageRequest(req.query);
    const count = Math.min(asked, this.options.maxPartsPerPage ?? asked);
    let all = [...(app.parts.get(id) ?? [])].sort((a, b) => compareIds(String(b.id), String(a.id)));
    if (position) {
      if (position.length !== 1) throw new FakeValidationError('paginate_position must be [part_id]');
      const before = positionId(position[0] as PageKey[number], 'paginate_position[0]');
      all = all.filter((p) => compareIds(String(p.id), before) < 0);
    }
    const page = all.slice(0, count);
    envelope(req, res, 200, page, { next_before_position: all.length > count ? [String(page.at(-1)!.id)] : null });
  }
}
