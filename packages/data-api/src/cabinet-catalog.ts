// What the client reads of the cabinet's catalog (sites, campaigns, sources, employees, tags): the
// shapes the catalog sync stores, matched on the CoMagic id.
import { DataApiError, DataApiErrorCode } from './data-api-error';
import type { RowReader } from './answer-rows';

/** get.sites: https://comagic.github.io/data_api/site/get_sites/ */
export interface CabinetSite {
  id: number;
  /** `domain_name`: "Без указания протокола". */
  domain: string;
}

/** get.campaigns: https://comagic.github.io/data_api/campaign/get_campaigns/ */
export interface CabinetCampaign {
  id: number;
  name: string;
  /** A campaign belongs to one site (group "Сайт"); null when the cabinet names none. */
  siteId: number | null;
  /** `status`: active | inactive. */
  status?: string | null;
}

/** get.sources: https://comagic.github.io/data_api/source/source/get_sources/ */
export interface CabinetSource {
  id: number;
  name: string;
  /** The source group's name (get.sources_groups). */
  group: string;
  /** The channel's name (get.sources_channels). */
  channel: string;
}

/** get.employees: https://comagic.github.io/data_api/employee/get_employees/ */
export interface CabinetEmployee {
  id: number;
  /** `full_name` ("Фамилия Имя Отчество"). */
  name: string;
  email: string | null;
}

/** get.tags: https://comagic.github.io/data_api/tag/get_tags/ */
export interface CabinetTag {
  id: number;
  name: string;
}

/**
 * Each method is asked for the `fields` it needs ("Если примитив "fields" не используется, то в выводе
 * показываются все поля по умолчанию", https://comagic.github.io/data_api/, #_22): get.sources' group_id
 * and channel_id are not default fields.
 */
export const CATALOG_FIELDS = {
  'get.sites': ['id', 'domain_name'],
  'get.campaigns': ['id', 'name', 'site_id', 'status'],
  'get.sources': ['id', 'name', 'group_id', 'channel_id'],
  // https://comagic.github.io/data_api/source/group/get_sources_groups/
  'get.sources_groups': ['id', 'name'],
  // https://comagic.github.io/data_api/source/channel/get_sources_channels/
  'get.sources_channels': ['id', 'name'],
  'get.employees': ['id', 'full_name', 'email'],
  // id and name are on both get.tags pages (https://comagic.github.io/data_api/tag/get_tags/ and
  // https://comagic.github.io/data_api/tag_new/get_tags/); docs/comagic-data-api.md §2.6.
  'get.tags': ['id', 'name'],
} as const;

export type CatalogMethod = keyof typeof CATALOG_FIELDS;

export const readSite = (row: RowReader): CabinetSite => ({
  id: row.id('id'),
  domain: row.requiredText('domain_name'),
});

export const readCampaign = (row: RowReader): CabinetCampaign => ({
  id: row.id('id'),
  name: row.requiredText('name'),
  siteId: row.optionalId('site_id'),
  status: row.text('status'),
});

export const readEmployee = (row: RowReader): CabinetEmployee => ({
  id: row.id('id'),
  name: row.requiredText('full_name'),
  email: row.text('email'),
});

export const readTag = (row: RowReader): CabinetTag => ({ id: row.id('id'), name: row.requiredText('name') });

/** id -> name of get.sources_groups or get.sources_channels. */
export function namesById(rows: readonly RowReader[]): Map<number, string> {
  return new Map(rows.map((row) => [row.id('id'), row.requiredText('name')]));
}

/**
 * A source with its group's and channel's names, by `group_id` / `channel_id` from get.sources_groups /
 * get.sources_channels (their `state` includes `removed`, so a removed group is still listed there).
 */
export function readSource(row: RowReader, groups: Map<number, string>, channels: Map<number, string>): CabinetSource {
  const id = row.id('id');
  const group = groups.get(row.id('group_id'));
  const channel = channels.get(row.id('channel_id'));
  if (group === undefined || channel === undefined)
    throw new DataApiError(
      DataApiErrorCode.UnexpectedAnswer,
      `get.sources: source ${id} names a group or channel that get.sources_groups / get.sources_channels do not list`,
    );
  return { id, name: row.requiredText('name'), group, channel };
}
