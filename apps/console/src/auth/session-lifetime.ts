/** How long a console session lasts (CONSOLE_SESSION_IDLE_MINUTES / CONSOLE_SESSION_ABSOLUTE_HOURS). */
export interface SessionLifetime {
  /** Without a request for this long, the session ends. */
  idleMs: number;
  /** The session ends this long after sign-in, however active. */
  absoluteMs: number;
}

/** The design's defaults (issue #24): 12 hours idle, 7 days absolute. */
export const DEFAULT_SESSION_LIFETIME: SessionLifetime = { idleMs: 12 * 60 * 60_000, absoluteMs: 7 * 24 * 60 * 60_000 };

/** lastSeenAt is written at most this often: a page polling every few seconds costs no write per poll. */
export const LAST_SEEN_RESOLUTION_MS = 60_000;
