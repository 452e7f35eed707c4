import type { VisitFields } from '@carrot-bridge/domain';

/**
 * The visit's marketing fields that chats and visitor sessions share (same column names in both), as a
 * selection: the compiler holds it to the domain's VisitFields, so a new field cannot be left out.
 */
export const VISIT_FIELDS = {
  utmSource: true,
  utmMedium: true,
  utmCampaign: true,
  utmTerm: true,
  utmContent: true,
  referrer: true,
  entrancePage: true,
} as const satisfies Record<keyof VisitFields, true>;
