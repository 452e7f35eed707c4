import type { Request } from 'express';
import type { UnderstoodBody } from '@carrot-bridge/delivery-log';
import type { WebhookDeliveryFacts } from '@carrot-bridge/domain';
import type { WebhookDirectoryEntry } from '@carrot-bridge/webhook-directory';

/** What the steps of one webhook delivery learn and hand on (express's `res.locals`). */
export interface WebhookLocals {
  entry: WebhookDirectoryEntry;
  keyHash: string;
  started: number;
  /** What the delivery log says of the delivery beyond its answer, once the body has been read. */
  facts?: WebhookDeliveryFacts;
  /** The body's fields as read (after base64, if any); absent when it could not be read. */
  understood?: UnderstoodBody | undefined;
  /** True once the delivery carried the integration's token (or the integration has none: the URL key is the secret). */
  authenticated?: boolean;
  /** The token the delivery was authenticated with, removed from whatever the delivery log keeps. */
  verifiedToken?: string;
}

/** The body exactly as received, kept by the body parsers for the delivery log. */
export type RequestWithRawBody = Request & { rawBody?: Buffer };
