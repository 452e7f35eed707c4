import express, { type Request, type Response } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

type Json = Record<string, any>;

export interface StoredChat {
  id: string;
  chat: Json;
  uploads: number;
  tags: number[];
}

class RpcError extends Error {
  constructor(
    readonly code: number,
    readonly mnemonic: string,
    readonly field?: string,
  ) {
    super(mnemonic);
  }
}

const MAX_CHATS = 50;
const SESSION_MAX_AGE_MS = 180 * 24 * 60 * 60 * 1000;
/** The fake's accounts live in Moscow time, like the client assumes. */
const OFFSET_MS = 3 * 60 * 60 * 1000;
const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const E164 = /^\+\d{10,15}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function parseDateTime(value: unknown, field: string): number {
  if (typeof value !== 'string' || !DATE_TIME.test(value)) throw new RpcError(-32602, `invalid_${field.split('.').pop()}`, field);
  return Date.parse(`${value.replace(' ', 'T')}Z`) - OFFSET_MS;
}

/**
 * The CoMagic / UIS Data API as far as the export needs it, over real HTTP, enforcing the documented
 * rules of upload.chats: at most 50 chats, phone (E.164) or email, one consistent attribution key, no
 * future dates, messages not before the start, operator messages with an employee, tracker sessions at
 * most 180 days old. The first wrong chat fails the call with `data.field = chats[i].<field>`.
 */
export class FakeDataApi {
  readonly chats = new Map<string, StoredChat>();
  readonly calls: Array<{ method: string; chats?: number; error?: string }> = [];
  /** Tracker sessions the account knows: id -> start (ms). */
  readonly sessions = new Map<number, number>();
  private readonly tokens = new Map<string, { componentMissing: boolean }>();
  private limitErrors = 0;
  private nextId = 900_001;
  private server: Server | undefined;
  url = '';

  addToken(token: string, options: { componentMissing?: boolean } = {}): void {
    this.tokens.set(token, { componentMissing: options.componentMissing ?? false });
  }

  revokeToken(token: string): void {
    this.tokens.delete(token);
  }

  /** The next `calls` calls answer -32029 (limits exceeded). */
  exhaustLimits(calls: number): void {
    this.limitErrors = calls;
  }

  async start(): Promise<string> {
    const app = express();
    app.use(express.json({ limit: '5mb' }));
    app.post('/v2.0', (req, res) => this.handle(req, res));
    this.server = await new Promise<Server>((resolve) => {
      const server = app.listen(0, '127.0.0.1', () => resolve(server));
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v2.0`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private handle(req: Request, res: Response): void {
    const { id, method, params } = (req.body ?? {}) as { id?: unknown; method?: string; params?: Json };
    try {
      const token = this.tokens.get(String(params?.access_token ?? ''));
      if (!token) throw new RpcError(-32001, 'invalid_access_token');
      if (this.limitErrors > 0) {
        this.limitErrors -= 1;
        throw new RpcError(-32029, 'limit_exceeded');
      }
      if (token.componentMissing) throw new RpcError(-32008, 'component_is_disabled');
      let result: Json;
      if (method === 'upload.chats') result = this.uploadChats(params!.chats);
      else if (method === 'set.tag_communications') result = this.tag(params!);
      else throw new RpcError(-32601, 'method_not_found');
      this.calls.push({ method: method!, ...(Array.isArray(params?.chats) ? { chats: params.chats.length } : {}) });
      res.json({ jsonrpc: '2.0', id, result: { ...result, metadata: { limits: { minute_limit: 1000, minute_remaining: 990 } } } });
    } catch (error) {
      if (!(error instanceof RpcError)) throw error;
      this.calls.push({ method: String(method), error: error.mnemonic });
      res.json({ jsonrpc: '2.0', id, error: { code: error.code, message: error.mnemonic, data: { mnemonic: error.mnemonic, ...(error.field ? { field: error.field } : {}) } } });
    }
  }

  private uploadChats(chats: unknown): Json {
    if (!Array.isArray(chats) || chats.length === 0 || chats.length > MAX_CHATS) throw new RpcError(-32602, 'invalid_chats_count', 'chats');
    chats.forEach((chat: Json, i) => this.validate(chat, `chats[${i}]`));
    const data = chats.map((chat: Json) => {
      const existing = this.chats.get(chat.ext_id);
      const stored = existing ?? { id: String(this.nextId++), chat, uploads: 0, tags: [] };
      stored.chat = chat;
      stored.uploads += 1;
      this.chats.set(chat.ext_id, stored);
      return { ext_id: chat.ext_id, id: Number(stored.id) };
    });
    return { data };
  }

  private validate(chat: Json, at: string): void {
    const now = Date.now();
    if (typeof chat.ext_id !== 'string' || !chat.ext_id) throw new RpcError(-32602, 'invalid_ext_id', `${at}.ext_id`);
    if (!['lost', 'succeed', 'refused'].includes(chat.status)) throw new RpcError(-32602, 'invalid_status', `${at}.status`);
    if (chat.phone === undefined && chat.email === undefined) throw new RpcError(-32602, 'invalid_contact', `${at}.phone`);
    if (chat.phone !== undefined && !E164.test(chat.phone)) throw new RpcError(-32602, 'invalid_phone', `${at}.phone`);
    if (chat.email !== undefined && !EMAIL.test(chat.email)) throw new RpcError(-32602, 'invalid_email', `${at}.email`);
    const start = parseDateTime(chat.start_date_time, `${at}.start_date_time`);
    if (start > now + 1000) throw new RpcError(-32602, 'invalid_start_date_time', `${at}.start_date_time`);

    const keys = ['visitor_session_id', 'campaign_id', 'site_id'].filter((k) => chat[k] !== undefined);
    if (keys.length === 0) throw new RpcError(-32602, 'invalid_attribution', `${at}.visitor_session_id`);
    if (chat.visitor_session_id !== undefined && keys.length > 1) throw new RpcError(-32602, 'invalid_attribution', `${at}.${keys[1]}`);
    if (chat.source_id !== undefined && chat.site_id === undefined) throw new RpcError(-32602, 'invalid_site_id', `${at}.site_id`);
    if (chat.visitor_session_id !== undefined) {
      const sessionStart = this.sessions.get(chat.visitor_session_id);
      if (sessionStart === undefined || now - sessionStart > SESSION_MAX_AGE_MS || start < sessionStart - 1000) {
        throw new RpcError(-32602, 'invalid_visitor_session_id', `${at}.visitor_session_id`);
      }
    }
    (Array.isArray(chat.messages) ? chat.messages : []).forEach((m: Json, j: number) => {
      const when = parseDateTime(m.date_time, `${at}.messages[${j}].date_time`);
      if (when < start || when > now + 1000) throw new RpcError(-32602, 'invalid_date_time', `${at}.messages[${j}].date_time`);
      if (!['operator', 'visitor', 'system'].includes(m.source)) throw new RpcError(-32602, 'invalid_source', `${at}.messages[${j}].source`);
      if (m.source === 'operator' && typeof m.employee_id !== 'number') throw new RpcError(-32602, 'invalid_employee_id', `${at}.messages[${j}].employee_id`);
    });
  }

  private tag(params: Json): Json {
    const stored = this.chats.get(String(params.communication_ext_id));
    if (!stored) throw new RpcError(-32602, 'invalid_communication_ext_id', 'communication_ext_id');
    if (params.communication_type !== 'chat') throw new RpcError(-32602, 'invalid_communication_type', 'communication_type');
    if (!stored.tags.includes(params.tag_id)) stored.tags.push(params.tag_id);
    return { data: { success: true } };
  }
}
