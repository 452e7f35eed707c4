import express, { type Request, type Response } from 'express';
import { listenOnLoopback } from '@carrot-bridge/test-support';
import { RpcError, type FieldStyle } from './rpc-error';
import { checkChat } from './upload-chats-rules';
import { GET_METHODS, GET_PARAMS } from './get-method-specs';
import { answerGetQuery, checkGetQuery } from './get-query';
import { catalogRows, sessionRows } from './cabinet-rows';
import {
  CabinetStore,
  type CatalogKind,
  type FakeAccount,
  type FakeCabinetSession,
  type FakeCampaign,
  type FakeEmployee,
  type FakeSession,
  type FakeSite,
  type FakeSource,
  type FakeTag,
} from './cabinet-store';

type Json = Record<string, any>;

export interface StoredChat {
  /** The id upload.chats answered (a number in the API; text here, as the client keeps it). */
  id: string;
  chat: Json;
  uploads: number;
  tags: number[];
  /** The instants the fake read from the dates, in the account's zone. */
  startedAt: number;
  messageTimes: number[];
}

export interface FakeTokenOptions {
  /** get.account's `timezone` (IANA). Default Asia/Yekaterinburg: not Moscow, so a Moscow assumption shows. */
  timeZone?: string;
  /** get.account's `app_id`: tokens of one cabinet share it. Default 4821. */
  appId?: number;
  /** get.account's `name`. */
  name?: string;
  /** Methods answering -32008 method_component_disabled. */
  disabledMethods?: string[];
  /** upload.chats and set.tag_communications answer -32008 method_component_disabled. */
  componentMissing?: boolean;
  /** get.account answers -32003 forbidden (e.g. a user without the right; "Кому доступен: Клиент"). */
  getAccountForbidden?: boolean;
}

export const FAKE_DEFAULT_TIME_ZONE = 'Asia/Yekaterinburg';
export const FAKE_DEFAULT_APP_ID = 4_821;

/** upload.chats: "Максимальное количество заявок в одном запросе: 50 шт" (https://comagic.github.io/data_api/communication/upload_chats/). */
const MAX_CHATS = 50;
/** The params each method takes (its page's "Параметры запроса"); anything else is "unexpected_parameters" (https://comagic.github.io/data_api/). */
const METHOD_PARAMS: Record<string, Set<string>> = {
  'upload.chats': new Set(['access_token', 'user_id', 'chats']),
  'set.tag_communications': new Set([
    'access_token',
    'user_id',
    'communication_id',
    'communication_ext_id',
    'communication_type',
    'tag_id',
  ]),
  'get.account': new Set(['access_token']),
  ...Object.fromEntries(
    Object.entries(GET_METHODS).map(([method, spec]) => [
      method,
      new Set([...GET_PARAMS, ...(spec.dated ? ['date_from', 'date_till'] : [])]),
    ]),
  ),
};
/** set.tag_communications communication_type: "chat, call, goal, offline_message" (https://comagic.github.io/data_api/tag/set_tag_communications/). */
const COMMUNICATION_TYPES = ['chat', 'call', 'goal', 'offline_message'];

/**
 * The CoMagic / UIS Data API as far as the export needs it (upload.chats, set.tag_communications,
 * get.account), JSON-RPC 2.0 over real HTTP, refusing what the docs say the real one refuses
 * (upload-chats-rules.ts, each rule with its page). A refused call stores nothing: the first wrong chat
 * fails the whole call with `data.field` naming it (`fieldStyle`: chats.3.phone by default).
 */
export class FakeDataApi {
  readonly chats = new Map<string, StoredChat>();
  readonly calls: Array<{ method: string; chats?: number; error?: string; field?: string }> = [];
  /** The account's catalog and visitor sessions (one store: upload.chats and the report read the same sessions). */
  readonly cabinet = new CabinetStore();
  /** Tracker sessions the account knows, by id. */
  readonly sessions: Map<number, FakeSession> = this.cabinet.sessions;
  /** How `data.field` names a chat (the docs show dots for nested objects only). */
  fieldStyle: FieldStyle = 'dotted';
  private readonly tokens = new Map<string, Required<FakeTokenOptions>>();
  private isDown = false;
  private limitErrors = 0;
  private limitResetSeconds = 1;
  private nextId = 900_001;
  private stopServer: (() => Promise<void>) | undefined;
  url = '';

  addToken(token: string, options: FakeTokenOptions = {}): void {
    this.tokens.set(token, {
      timeZone: FAKE_DEFAULT_TIME_ZONE,
      appId: FAKE_DEFAULT_APP_ID,
      name: 'Фейковый аккаунт',
      disabledMethods: [],
      componentMissing: false,
      getAccountForbidden: false,
      ...options,
    });
  }

  revokeToken(token: string): void {
    this.tokens.delete(token);
  }

  addSession(id: number, startedAt: Date, over: Omit<FakeSession, 'startedAt'> = {}): void {
    this.sessions.set(id, { startedAt: startedAt.getTime(), ...over });
  }

  addSite(site: FakeSite): void {
    this.cabinet.sites.set(site.id, { ...site });
  }

  addCampaign(campaign: FakeCampaign): void {
    this.cabinet.campaigns.set(campaign.id, { ...campaign });
  }

  addSource(source: FakeSource): void {
    this.cabinet.sources.set(source.id, { ...source });
  }

  addEmployee(employee: FakeEmployee): void {
    this.cabinet.employees.set(employee.id, { ...employee });
  }

  addTag(tag: FakeTag): void {
    this.cabinet.tags.set(tag.id, { ...tag });
  }

  /** The entry disappears from its get.* method (as a deletion in the cabinet would). */
  removeCatalogEntry(kind: CatalogKind, id: number): void {
    this.cabinet.remove(kind, id);
  }

  /** A site's name is its domain. */
  renameCatalogEntry(kind: CatalogKind, id: number, name: string): void {
    this.cabinet.rename(kind, id, name);
  }

  /** A session of the cabinet: upload.chats accepts it at once; the report lists it once `visibleAfter` has passed. */
  addCabinetSession(session: FakeCabinetSession): void {
    this.cabinet.addCabinetSession(session);
  }

  /** get.account's answer for this token (the token must have been added). */
  setAccount(token: string, account: Partial<FakeAccount>): void {
    const options = this.tokens.get(token);
    if (!options) throw new Error('add the token first');
    Object.assign(options, account);
  }

  /** `method` answers -32008 method_component_disabled for this token. */
  disableComponent(token: string, method: string): void {
    const options = this.tokens.get(token);
    if (!options) throw new Error('add the token first');
    options.disabledMethods = [...options.disabledMethods, method];
  }

  /** While down, every call answers HTTP 503 with no JSON-RPC body (an outage, not a documented error). */
  down(on: boolean): void {
    this.isDown = on;
  }

  /** The next `calls` calls answer -32029 limit_exceeded, saying the minute resets in `resetSeconds` (tests may pass a fraction). */
  exhaustLimits(calls: number, resetSeconds = 1): void {
    this.limitErrors = calls;
    this.limitResetSeconds = resetSeconds;
  }

  async start(): Promise<string> {
    const app = express();
    // Parsed here, not by express.json, so that a bad body gets the documented JSON-RPC answer.
    app.use(express.text({ type: () => true, limit: '5mb' }));
    app.post('/v2.0', (req, res) => this.handle(req, res));
    const listening = await listenOnLoopback(app, 'fake Data API');
    this.stopServer = listening.stop;
    this.url = `http://127.0.0.1:${listening.port}/v2.0`;
    return this.url;
  }

  async stop(): Promise<void> {
    const stop = this.stopServer;
    this.stopServer = undefined;
    await stop?.();
  }

  /** "Информация о лимитах возвращается во всех ответах в мета-параметрах" (https://comagic.github.io/data_api/, "Лимиты и ограничения"). */
  private limits(remaining: number) {
    return {
      day_limit: 10_000,
      day_remaining: 9_000,
      day_reset: 3_600,
      minute_limit: 1_000,
      minute_remaining: remaining,
      minute_reset: this.limitResetSeconds,
    };
  }

  private handle(req: Request, res: Response): void {
    if (this.isDown) {
      res.status(503).type('text/plain').send('Service Unavailable');
      return;
    }
    let id: unknown = null;
    let method = '?';
    let chatsInCall: number | undefined;
    try {
      // "Заголовок Content-Type должен быть application/json; charset=UTF-8" (https://comagic.github.io/data_api/, "Соглашения").
      if (!/^application\/json\s*(;\s*charset=utf-8\s*)?$/i.test(String(req.headers['content-type'] ?? '')))
        throw new RpcError('parse_error');
      let body: unknown;
      try {
        body = JSON.parse(typeof req.body === 'string' ? req.body : '');
      } catch {
        throw new RpcError('parse_error');
      }
      // "Групповые операции: Функционал не поддерживается"; id, method, jsonrpc "2.0", params are required ("Общие поля для всех методов").
      if (Array.isArray(body)) throw new RpcError('batch_opreations_not_supported');
      if (typeof body !== 'object' || body === null) throw new RpcError('invalid_request');
      const envelope = body as Json;
      if (envelope.id === undefined || envelope.id === null) throw new RpcError('notifications_not_supported');
      id = envelope.id;
      if (
        envelope.jsonrpc !== '2.0' ||
        typeof envelope.method !== 'string' ||
        typeof envelope.params !== 'object' ||
        envelope.params === null
      )
        throw new RpcError('invalid_request');
      method = envelope.method;
      const params = envelope.params as Json;
      if (Array.isArray(params.chats)) chatsInCall = params.chats.length;
      const allowed = METHOD_PARAMS[method];
      if (!allowed) throw new RpcError('method_not_found');
      const token = this.tokens.get(String(params.access_token ?? ''));
      if (!token) throw new RpcError('access_token_invalid');
      for (const key of Object.keys(params)) if (!allowed.has(key)) throw new RpcError('unexpected_parameters', [key]);
      if (this.limitErrors > 0) {
        this.limitErrors -= 1;
        // The error's data carries the metadata too: "Присутствуют как в ошибочном, так и в успешном ответе" (https://comagic.github.io/data_api/, "Мета-параметры").
        throw new RpcError('limit_exceeded', undefined, undefined, { limits: this.limits(0) });
      }
      // "Необходимые компоненты для работы с методом" (each page; https://comagic.github.io/data_api/components/).
      if (token.disabledMethods.includes(method)) throw new RpcError('method_component_disabled');
      const result = this.answer(method, params, token);
      this.calls.push({ method, ...(chatsInCall !== undefined ? { chats: chatsInCall } : {}) });
      res.json({
        jsonrpc: '2.0',
        id,
        result: { ...result, metadata: { ...(result.metadata as Json | undefined), limits: this.limits(990) } },
      });
    } catch (error) {
      if (!(error instanceof RpcError)) throw error;
      const json = error.toJson(this.fieldStyle);
      this.calls.push({
        method,
        ...(chatsInCall !== undefined ? { chats: chatsInCall } : {}),
        error: error.mnemonic,
        ...(json.data.field !== undefined ? { field: json.data.field } : {}),
      });
      res.json({ jsonrpc: '2.0', id, error: json });
    }
  }

  private answer(method: string, params: Json, token: Required<FakeTokenOptions>): Json {
    if (method === 'get.account') return this.getAccount(token);
    const spec = GET_METHODS[method];
    if (spec) {
      const query = checkGetQuery(spec, params);
      const rows = spec.dated
        ? sessionRows(this.cabinet, params, token.timeZone, Date.now())
        : catalogRows(this.cabinet, method);
      return answerGetQuery(query, rows);
    }
    // upload.chats: "Необходимые компоненты для работы с методом: Data API, Загрузка офлайн-заявок из внешней системы".
    if (token.componentMissing) throw new RpcError('method_component_disabled');
    return method === 'upload.chats' ? this.uploadChats(params.chats, token.timeZone) : this.tag(params);
  }

  /** https://comagic.github.io/data_api/account/get_account/: result.data = [{app_id, name, timezone}]. */
  private getAccount(token: Required<FakeTokenOptions>): Json {
    if (token.getAccountForbidden) throw new RpcError('forbidden');
    return { data: [{ app_id: token.appId, name: token.name, timezone: token.timeZone }] };
  }

  /** https://comagic.github.io/data_api/communication/upload_chats/: result.data = [{id}], in the order of `chats`. */
  private uploadChats(chats: unknown, timeZone: string): Json {
    if (chats === undefined) throw new RpcError('required_parameter_missed', ['chats']);
    if (!Array.isArray(chats)) throw new RpcError('data_type_error', ['chats']);
    if (chats.length === 0 || chats.length > MAX_CHATS) throw new RpcError('invalid_parameter_value', ['chats']);
    const now = Date.now();
    const checked = chats.map((chat, index) => checkChat(chat, { index, timeZone, now, sessions: this.sessions }));
    const data = chats.map((chat: Json, i) => {
      // "upload: ... при первой загрузке создает сущность, при последующих запросах обновляет ее" (https://comagic.github.io/data_api/,
      // "Глаголы"); that ext_id is what identifies the chat again is our reading (docs/export.md, "Not confirmed against a live account").
      const key = typeof chat.ext_id === 'string' ? chat.ext_id : `no-ext-id-${this.nextId}`;
      const stored = this.chats.get(key) ?? {
        id: String(this.nextId++),
        chat,
        uploads: 0,
        tags: [],
        startedAt: 0,
        messageTimes: [],
      };
      Object.assign(stored, { chat, uploads: stored.uploads + 1, ...checked[i]! });
      this.chats.set(key, stored);
      return { id: Number(stored.id) };
    });
    return { data };
  }

  /** https://comagic.github.io/data_api/tag/set_tag_communications/: answers an empty result. */
  private tag(params: Json): Json {
    if (params.communication_type === undefined)
      throw new RpcError('required_parameter_missed', ['communication_type']);
    if (!COMMUNICATION_TYPES.includes(params.communication_type))
      throw new RpcError('invalid_parameter_value', ['communication_type'], params.communication_type);
    if (params.tag_id === undefined) throw new RpcError('required_parameter_missed', ['tag_id']);
    if (!Number.isInteger(params.tag_id)) throw new RpcError('data_type_error', ['tag_id'], params.tag_id);
    // communication_id, or communication_ext_id ("Обязательный если не указан communication_id").
    let stored: StoredChat | undefined;
    if (params.communication_id !== undefined)
      stored = [...this.chats.values()].find((c) => c.id === String(params.communication_id));
    else if (params.communication_ext_id !== undefined) stored = this.chats.get(String(params.communication_ext_id));
    else throw new RpcError('required_parameter_missed', ['communication_ext_id']);
    if (!stored || params.communication_type !== 'chat')
      throw new RpcError('entity_not_found', [
        params.communication_id !== undefined ? 'communication_id' : 'communication_ext_id',
      ]);
    if (!stored.tags.includes(params.tag_id)) stored.tags.push(params.tag_id);
    return {};
  }
}
