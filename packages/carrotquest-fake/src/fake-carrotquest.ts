import express, { type Request, type Response } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadFixture } from '@carrot-bridge/fixtures';
import { buildScenario, type ChatScenario } from './chat-scenario';
import { newApp, type FakeApp, type Fault, type Json, type RecordedRequest } from './fake-state';

export interface FakeCarrotQuestOptions {
  port?: number;
  host?: string;
  /** Path prefix of the API, like CarrotQuest's `/v1`. */
  basePath?: string;
  /** Parts per page when the client asks for more (exercises paging). */
  maxPartsPerPage?: number;
  /** Latency added to every answer. */
  latencyMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function envelope(res: Response, status: number, data: unknown, meta: Json = {}) {
  res.status(status).json({ meta: { status, ...meta }, data });
}

function apiError(res: Response, status: number, error: string, message: string) {
  res.status(status).json({ meta: { status, error, error_message: message }, data: {} });
}

/**
 * A CarrotQuest REST API double over real HTTP: what the client, the worker, the demo and the
 * benchmarks talk to instead of the internet. Serves the documented envelope and errors (LookupError as
 * HTTP 400, NotAuthenticated 401), pages parts backwards, and injects faults on demand.
 */
export class FakeCarrotQuest {
  readonly apps = new Map<string, FakeApp>();
  readonly requests: RecordedRequest[] = [];
  private readonly faults: Fault[] = [];
  private server: Server | undefined;
  private latencyMs: number;
  private latencyJitterMs = 0;
  baseUrl = '';

  constructor(private readonly options: FakeCarrotQuestOptions = {}) {
    this.latencyMs = options.latencyMs ?? 0;
  }

  /** Registers an app reachable with `apiKey`, with the fixture channels. */
  addApp(apiKey: string): FakeApp {
    const app = newApp(apiKey, loadFixture('api-channels').data);
    this.apps.set(apiKey, app);
    return app;
  }

  /** Adds the conversations of the shared fixtures (a widget chat and a Telegram chat). */
  addFixtureChats(apiKey: string): void {
    const app = this.app(apiKey);
    const conversation = loadFixture('api-conversation').data;
    const telegram = loadFixture('api-conversation-telegram').data;
    const user = loadFixture('api-user').data;
    app.conversations.set(String(conversation.id), conversation);
    app.parts.set(String(conversation.id), loadFixture('api-conversation-parts').data);
    app.users.set(String(user.id), user);
    app.conversations.set(String(telegram.id), telegram);
    app.parts.set(String(telegram.id), [telegram.part_last]);
    app.users.set(String(telegram.user.id), { ...telegram.user, removed: null, props_custom: {} });
  }

  addChat(apiKey: string, scenario: ChatScenario): { conversation: Json; parts: Json[]; user: Json } {
    const built = buildScenario(scenario);
    const app = this.app(apiKey);
    app.conversations.set(scenario.conversationId, built.conversation);
    app.parts.set(scenario.conversationId, built.parts);
    app.users.set(scenario.userId, built.user);
    return built;
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
    app.disable('x-powered-by');
    const router = express.Router();
    router.use((req, res, next) => this.applyFaults(req, res, next));
    router.get('/conversations/:id', (req, res) => this.withApp(req, res, (a) => this.sendFound(res, a.conversations.get(req.params.id as string), 'Conversation')));
    router.get('/conversations/:id/parts', (req, res) => this.withApp(req, res, (a) => this.sendParts(req, res, a)));
    router.get('/users/:id', (req, res) => this.withApp(req, res, (a) => this.sendUser(req, res, a)));
    router.get('/apps/:app/channels', (req, res) => this.withApp(req, res, (a) => envelope(res, 200, a.channels)));
    router.get('/apps/:app/conversations', (req, res) => this.withApp(req, res, (a) => this.sendConversationPage(req, res, a)));
    app.use(this.options.basePath ?? '/v1', router);
    app.use((_req, res) => apiError(res, 404, 'NotFound', 'No such endpoint'));

    this.server = await new Promise<Server>((resolve, reject) => {
      const server = app.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', (error?: Error) => (error ? reject(new Error(`fake CarrotQuest cannot listen: ${error.message}`)) : resolve(server)));
    });
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://${this.options.host ?? '127.0.0.1'}:${port}${this.options.basePath ?? '/v1'}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private app(apiKey: string): FakeApp {
    return this.apps.get(apiKey) ?? this.addApp(apiKey);
  }

  private record(req: Request, res: Response): void {
    res.on('finish', () => this.requests.push({ method: req.method, path: req.path, status: res.statusCode, at: Date.now() }));
  }

  private async applyFaults(req: Request, res: Response, next: () => void): Promise<void> {
    this.record(req, res);
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    if (this.latencyJitterMs > 0) await sleep(Math.random() * this.latencyJitterMs);
    // Each matching fault rolls its own dice, in the order injected: independent chaos sources add up.
    const fault = this.faults.find(
      (f) => f.times > 0 && (!f.path || (typeof f.path === 'string' ? req.path.includes(f.path) : f.path.test(req.path))) && (f.probability === undefined || Math.random() < f.probability),
    );
    if (!fault) return next();
    fault.times -= 1;
    if (fault.latencyMs) await sleep(fault.latencyMs);
    if (fault.reset) {
      this.requests.push({ method: req.method, path: req.path, status: 0, at: Date.now() });
      req.socket.destroy();
      return;
    }
    if (!fault.status) return next();
    if (fault.status === 429) {
      res.setHeader('Retry-After', String(fault.retryAfterSeconds ?? 1));
      return apiError(res, 429, 'TooManyRequests', 'Rate limit exceeded');
    }
    if (fault.status === 401) return apiError(res, 401, 'NotAuthenticated', 'Incorrect authentication credentials.');
    if (fault.status === 403) return apiError(res, 403, 'PermissionDeniedError', 'You do not have permission to perform this action.');
    if (fault.status === 400) return apiError(res, 400, 'LookupError', 'Conversation matching query does not exist.');
    return apiError(res, fault.status, 'InternalServerError', 'Internal server error');
  }

  private withApp(req: Request, res: Response, handle: (app: FakeApp) => void): void {
    const header = req.header('authorization') ?? '';
    const key = header.replace(/^(Token|Bearer)\s+/i, '') || String(req.query.auth_token ?? '');
    const app = this.apps.get(key);
    if (!app) return apiError(res, 401, 'NotAuthenticated', 'Incorrect authentication credentials.');
    handle(app);
  }

  private sendFound(res: Response, value: Json | undefined, what: string): void {
    if (!value) return apiError(res, 400, 'LookupError', `${what} matching query does not exist.`);
    envelope(res, 200, value);
  }

  private sendUser(req: Request, res: Response, app: FakeApp): void {
    const user = app.users.get(req.params.id as string);
    if (!user) return apiError(res, 400, 'LookupError', 'User matching query does not exist.');
    // Like CarrotQuest, custom props only come when asked for.
    const { props_custom: propsCustom, ...rest } = user;
    envelope(res, 200, req.query.props_custom === 'true' ? { ...rest, props_custom: propsCustom ?? {} } : rest);
  }

  /** Conversations by ascending id, `count` per page (at most 50) after the id `after`; `next_after` continues. */
  private sendConversationPage(req: Request, res: Response, app: FakeApp): void {
    const count = Math.max(1, Math.min(Number(req.query.count ?? 20) || 20, 50));
    const after = req.query.after !== undefined ? BigInt(String(req.query.after)) : -1n;
    const all = [...app.conversations.values()].filter((c) => BigInt(c.id) > after).sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    const page = all.slice(0, count);
    envelope(res, 200, page, { next_after: all.length > count ? String(page.at(-1)!.id) : null });
  }

  /** Newest parts first in pages; `next_before_position` points at the page before. */
  private sendParts(req: Request, res: Response, app: FakeApp): void {
    const id = req.params.id as string;
    if (!app.conversations.has(id)) return apiError(res, 400, 'LookupError', 'Conversation matching query does not exist.');
    const all = app.parts.get(id) ?? [];
    const asked = Math.max(1, Math.min(Number(req.query.count ?? 20) || 20, 50));
    const count = Math.min(asked, this.options.maxPartsPerPage ?? asked);
    const end = req.query.before !== undefined ? Math.max(0, Math.min(Number(req.query.before), all.length)) : all.length;
    const start = Math.max(0, end - count);
    envelope(res, 200, all.slice(start, end), { next_before_position: start > 0 ? start : null });
  }
}
