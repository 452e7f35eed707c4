// The fake's data: one CarrotQuest "app" per API key, holding conversations, their parts and users.

export type Json = Record<string, any>;

export interface FakeApp {
  apiKey: string;
  conversations: Map<string, Json>;
  parts: Map<string, Json[]>;
  users: Map<string, Json>;
  channels: Json[];
}

export interface Fault {
  /** Which requests it applies to: a substring or a pattern of the path (without the base path). */
  path?: string | RegExp;
  /** Only requests made with this API key (one app's faults, the others unaffected); every key unless set. */
  apiKey?: string;
  /** HTTP status to answer with; 429 adds Retry-After, 400 answers a LookupError. */
  status?: number;
  retryAfterSeconds?: number;
  /** Drop the connection without answering. */
  reset?: boolean;
  latencyMs?: number;
  /** How many matching requests it affects; Infinity for all. */
  times: number;
  /** Probability (0-1) that a matching request is affected; 1 unless set. */
  probability?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  at: number;
}

export function newApp(apiKey: string, channels: Json[] = []): FakeApp {
  return { apiKey, conversations: new Map(), parts: new Map(), users: new Map(), channels };
}
