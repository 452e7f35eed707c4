/**
 * The visit's marketing fields that chats and visitor sessions share (same column names in both):
 * one selection, so a new UTM-like field is added in one place.
 */
export const VISIT_FIELDS = {
  utmSource: true,
  utmMedium: true,
  utmCampaign: true,
  utmTerm: true,
  utmContent: true,
  referrer: true,
  entrancePage: true,
} as const;
