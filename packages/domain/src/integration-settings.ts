import { isMessengerChannel, type MessengerChannel } from './channel';
import type { TrafficType } from './attribution';
import { isTrackerGlobal } from './carrotquest-script';
import { isPhoneRegion } from './contact';

export interface FieldError {
  field: string;
  message: string;
}

export interface MappingInput {
  messenger: string;
  campaignId?: string | null;
  sourceId?: string | null;
  siteId?: string | null;
}

/**
 * Settings as a user submits them (the API key and webhook secrets are validated elsewhere). The
 * console's input schema checks types only; every rule on these values is here.
 */
export interface IntegrationSettingsInput {
  name: string;
  trafficType: TrafficType;
  forcedMode: boolean;
  defaultCampaignId?: string | null | undefined;
  defaultSourceId?: string | null | undefined;
  defaultSiteId?: string | null | undefined;
  defaultEmployeeId?: string | null | undefined;
  taggingEnabled: boolean;
  tagId?: string | null | undefined;
  phoneRegion: string;
  /** The global name of the site's analytics tracker, read by the CarrotQuest script. */
  trackerGlobal: string;
  mappings: readonly MappingInput[];
}

/** The ids of the account's catalogs: anything outside them belongs to someone else or does not exist. */
export interface AccountCatalog {
  campaignIds: ReadonlySet<string>;
  sourceIds: ReadonlySet<string>;
  siteIds: ReadonlySet<string>;
  employeeIds: ReadonlySet<string>;
  tagIds: ReadonlySet<string>;
  /**
   * Entries the cabinet no longer lists (removedInCabinetAt, docs/cabinet.md): their CoMagic id would be
   * refused by the export, so they are not a new choice; a value already saved may stay (it is kept so
   * that what points at it keeps working, and the blocking list says so).
   */
  removedIds?: ReadonlySet<string>;
}

/** The catalog ids the integration's saved settings point at now (defaults, tag, mapping targets); none for a new one. */
export type SavedCatalogChoices = ReadonlySet<string>;

const MESSAGES = {
  required: 'Обязательное поле',
  unknownCampaign: 'Рекламная кампания не найдена в этом аккаунте',
  unknownSource: 'Источник не найден в этом аккаунте',
  unknownSite: 'Сайт не найден в этом аккаунте',
  unknownEmployee: 'Сотрудник не найден в этом аккаунте',
  unknownTag: 'Тег не найден в этом аккаунте',
  noMessenger: 'Выберите мессенджер',
  unknownMessenger: 'Неизвестный мессенджер',
  duplicateMessenger: 'Для этого мессенджера уже есть сопоставление',
  unknownRegion: 'Неизвестный код страны (ожидается ISO 3166, например RU)',
  tooLong: 'Слишком длинное значение',
  trackerGlobal: 'Имя глобального объекта трекера (например, Comagic)',
  removedInCabinet: 'Удалено в CoMagic: выберите другое (этот id CoMagic не примет)',
} as const;

export const INTEGRATION_NAME_MAX_LENGTH = 120;

/** The catalog as a reference check needs it: the account's ids, and which are removed and not already saved. */
interface RefContext {
  removedIds: ReadonlySet<string>;
  saved: SavedCatalogChoices;
}

function checkRef(
  errors: FieldError[],
  field: string,
  value: string | null | undefined,
  known: ReadonlySet<string>,
  unknownMessage: string,
  context: RefContext,
): void {
  if (!value) errors.push({ field, message: MESSAGES.required });
  else if (!known.has(value)) errors.push({ field, message: unknownMessage });
  else if (context.removedIds.has(value) && !context.saved.has(value))
    errors.push({ field, message: MESSAGES.removedInCabinet });
}

/**
 * Form-level rules of an integration. Returns every problem at once (a form shows them all), each
 * with the field path the form uses, e.g. `mappings.2.sourceId`.
 */
export function validateIntegrationSettings(
  input: IntegrationSettingsInput,
  catalog: AccountCatalog,
  saved: SavedCatalogChoices = new Set(),
): FieldError[] {
  const errors: FieldError[] = [];
  const context: RefContext = { removedIds: catalog.removedIds ?? new Set(), saved };
  const name = input.name.trim();
  if (!name) errors.push({ field: 'name', message: MESSAGES.required });
  else if (name.length > INTEGRATION_NAME_MAX_LENGTH) errors.push({ field: 'name', message: MESSAGES.tooLong });

  if (!isPhoneRegion(input.phoneRegion)) errors.push({ field: 'phoneRegion', message: MESSAGES.unknownRegion });
  checkRef(
    errors,
    'defaultEmployeeId',
    input.defaultEmployeeId,
    catalog.employeeIds,
    MESSAGES.unknownEmployee,
    context,
  );

  if (input.trafficType === 'campaign') {
    checkRef(
      errors,
      'defaultCampaignId',
      input.defaultCampaignId,
      catalog.campaignIds,
      MESSAGES.unknownCampaign,
      context,
    );
  } else {
    checkRef(errors, 'defaultSourceId', input.defaultSourceId, catalog.sourceIds, MESSAGES.unknownSource, context);
    checkRef(errors, 'defaultSiteId', input.defaultSiteId, catalog.siteIds, MESSAGES.unknownSite, context);
  }

  if (input.taggingEnabled) checkRef(errors, 'tagId', input.tagId, catalog.tagIds, MESSAGES.unknownTag, context);

  const seen = new Set<MessengerChannel>();
  input.mappings.forEach((mapping, index) => {
    const prefix = `mappings.${index}`;
    if (!mapping.messenger.trim()) {
      errors.push({ field: `${prefix}.messenger`, message: MESSAGES.noMessenger });
    } else if (!isMessengerChannel(mapping.messenger)) {
      errors.push({ field: `${prefix}.messenger`, message: MESSAGES.unknownMessenger });
    } else if (seen.has(mapping.messenger)) {
      errors.push({ field: `${prefix}.messenger`, message: MESSAGES.duplicateMessenger });
    } else {
      seen.add(mapping.messenger);
    }
    if (input.trafficType === 'campaign') {
      checkRef(
        errors,
        `${prefix}.campaignId`,
        mapping.campaignId,
        catalog.campaignIds,
        MESSAGES.unknownCampaign,
        context,
      );
    } else {
      checkRef(errors, `${prefix}.sourceId`, mapping.sourceId, catalog.sourceIds, MESSAGES.unknownSource, context);
      checkRef(errors, `${prefix}.siteId`, mapping.siteId, catalog.siteIds, MESSAGES.unknownSite, context);
    }
  });

  if (!isTrackerGlobal(input.trackerGlobal)) errors.push({ field: 'trackerGlobal', message: MESSAGES.trackerGlobal });
  return errors;
}

export interface NormalisedTargets<Messenger extends string = string> {
  defaultCampaignId: string | null;
  defaultSourceId: string | null;
  defaultSiteId: string | null;
  mappings: Array<{ messenger: Messenger; campaignId: string | null; sourceId: string | null; siteId: string | null }>;
  tagId: string | null;
}

/**
 * Keeps only what the chosen traffic type uses (campaigns, or sources + sites) and the tag only when
 * tagging is on: switching the type or the toggle leaves no stale target behind to be applied later.
 */
export function normaliseIntegrationTargets<Messenger extends string>(
  input: Pick<
    IntegrationSettingsInput,
    'trafficType' | 'defaultCampaignId' | 'defaultSourceId' | 'defaultSiteId' | 'taggingEnabled' | 'tagId'
  > & {
    mappings: ReadonlyArray<MappingInput & { messenger: Messenger }>;
  },
): NormalisedTargets<Messenger> {
  const campaign = input.trafficType === 'campaign';
  return {
    defaultCampaignId: campaign ? (input.defaultCampaignId ?? null) : null,
    defaultSourceId: campaign ? null : (input.defaultSourceId ?? null),
    defaultSiteId: campaign ? null : (input.defaultSiteId ?? null),
    mappings: input.mappings.map((m) => ({
      messenger: m.messenger,
      campaignId: campaign ? (m.campaignId ?? null) : null,
      sourceId: campaign ? null : (m.sourceId ?? null),
      siteId: campaign ? null : (m.siteId ?? null),
    })),
    tagId: input.taggingEnabled ? (input.tagId ?? null) : null,
  };
}
