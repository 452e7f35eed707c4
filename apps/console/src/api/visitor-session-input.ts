import { z } from 'zod';
import { capturedText, inputInstant, lineText } from './storable-input';

const optionalText = capturedText().max(2048).nullable().exactOptional();
const sessionSchema = z.object({
  externalId: lineText().trim().min(1).max(64),
  siteId: z.uuid(),
  startedAt: inputInstant(),
  campaignId: z.uuid().nullable().exactOptional(),
  sourceId: z.uuid().nullable().exactOptional(),
  utmSource: optionalText,
  utmMedium: optionalText,
  utmCampaign: optionalText,
  utmTerm: optionalText,
  utmContent: optionalText,
  referrer: optionalText,
  entrancePage: optionalText,
  visitorId: optionalText,
  ymClientId: optionalText,
  gaClientId: optionalText,
});

/** What `POST .../visitor-sessions/bulk` accepts: the tracker's sessions, at most 1,000 a call. */
export const visitorSessionBulkSchema = z.object({ sessions: z.array(sessionSchema).min(1).max(1000) });

/** The tracker's id in `GET .../visitor-sessions/:externalId`: what the bulk accepts, else it cannot exist. */
export const visitorSessionExternalIdSchema = lineText().min(1).max(64);
