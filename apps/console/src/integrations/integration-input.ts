import { z } from 'zod';
import { DEFAULT_PHONE_REGION, DEFAULT_TRACKER_GLOBAL, TRAFFIC_TYPES } from '@carrot-bridge/domain';
import { lineText, withoutControlCharacters } from '../api/storable-input';

const id = z.uuid({ message: 'Некорректный идентификатор' }).nullable().exactOptional();

/**
 * The settings form as the API receives it: types and defaults only. Every rule on the settings (name
 * length, phone region, tracker name, targets of the account) is the domain's validateIntegrationSettings.
 */
export const integrationInputSchema = z.object({
  name: lineText().default('CarrotQuest'),
  active: z.boolean().default(false),
  /** Write-only. Required on create; on update, omitted or empty keeps the stored key. */
  apiKey: lineText().trim().max(200).exactOptional(),
  /** CarrotQuest's webhook token; `null` removes it, omitted keeps it. */
  webhookToken: lineText().trim().max(200).nullable().exactOptional(),
  trafficType: z.enum(TRAFFIC_TYPES).default('source'),
  forcedMode: z.boolean().default(false),
  defaultCampaignId: id,
  defaultSourceId: id,
  defaultSiteId: id,
  defaultEmployeeId: id,
  taggingEnabled: z.boolean().default(false),
  tagId: id,
  phoneRegion: lineText().trim().toUpperCase().default(DEFAULT_PHONE_REGION),
  // The messenger is any short text here: an empty or unknown one is the domain's field error, given together
  // with the form's other problems (an enum here would refuse the body alone, one error per save).
  mappings: z
    .array(z.object({ messenger: lineText().max(40), campaignId: id, sourceId: id, siteId: id }))
    .max(20)
    .default([]),
  /** Another CarrotQuest API base (a simulator, a regional cluster); empty uses the configured one. */
  apiBaseUrl: withoutControlCharacters(z.url({ protocol: /^https?$/ }).max(2048))
    .nullable()
    .exactOptional(),
  /** Export to the customer's CoMagic / UIS account; null turns it off. */
  exportBrand: z.enum(['comagic', 'uis']).nullable().default(null),
  /** Write-only Data API access token; required when export is first turned on, omitted keeps it. */
  exportToken: lineText().trim().max(500).exactOptional(),
  trackerGlobal: lineText().trim().default(DEFAULT_TRACKER_GLOBAL),
});
export type IntegrationInput = z.infer<typeof integrationInputSchema>;
