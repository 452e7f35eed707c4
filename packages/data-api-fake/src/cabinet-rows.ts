// The fake cabinet as the rows of each get.* method (every field the fake knows; get-query.ts selects).
import { formatAccountDateTime, parseAccountDateTime, wallClockSpanMs } from './account-clock';
import type { CabinetStore, FakeSource } from './cabinet-store';
import { RpcError } from './rpc-error';

type Json = Record<string, any>;

/**
 * "Максимальный период выгрузки отчёта 90 дней" (https://comagic.github.io/data_api/reports/) while the
 * `get` errors say "Max value of requested date interval is 3 months" (https://comagic.github.io/data_api/,
 * #get): the docs disagree, so the fake refuses past 90 days, the stricter (3 months can be 92 days).
 */
const REPORT_WINDOW_MAX_MS = 90 * 24 * 3_600_000;

/** Group and channel ids for the names the sources carry, in order of first appearance. */
function groupsAndChannels(sources: Iterable<FakeSource>) {
  const channels = new Map<string, number>();
  const groups = new Map<string, { id: number; channel: string }>();
  for (const source of sources) {
    if (!channels.has(source.channel)) channels.set(source.channel, channels.size + 1);
    if (!groups.has(source.group)) groups.set(source.group, { id: groups.size + 1, channel: source.channel });
  }
  return { channels, groups };
}

const mnemonic = (channelId: number) => `channel_${channelId}`;

export function catalogRows(store: CabinetStore, method: string): Json[] {
  const { channels, groups } = groupsAndChannels(store.sources.values());
  switch (method) {
    case 'get.sites':
      return [...store.sites.values()].map((s) => ({
        id: s.id,
        domain_name: s.domain,
        name: s.domain,
        site_key: `key-${s.id}`,
        creation_date: '2024-01-10 10:00:00',
        parent_id: null,
      }));
    case 'get.campaigns':
      return [...store.campaigns.values()].map((c) => ({
        id: c.id,
        name: c.name,
        status: c.status ?? 'active',
        type: 'basic',
        creation_time: '2024-01-10 10:00:00',
        site_id: c.siteId,
        site_domain_name: c.siteId === null ? null : (store.sites.get(c.siteId)?.domain ?? null),
      }));
    case 'get.sources':
      return [...store.sources.values()].map((s, i) => ({
        id: s.id,
        name: s.name,
        description: null,
        group_id: groups.get(s.group)!.id,
        group_name: s.group,
        channel_id: channels.get(s.channel)!,
        channel_name: s.channel,
        channel_mnemonic: mnemonic(channels.get(s.channel)!),
        priority: i + 1,
        is_custom: true,
        state: 'active',
      }));
    case 'get.sources_groups':
      return [...groups].map(([name, g]) => ({
        id: g.id,
        name,
        channel_id: channels.get(g.channel)!,
        channel_name: g.channel,
        channel_mnemonic: mnemonic(channels.get(g.channel)!),
        is_custom: true,
        state: 'active',
      }));
    case 'get.sources_channels':
      return [...channels].map(([name, id]) => ({
        id,
        name,
        mnemonic: mnemonic(id),
        is_custom: true,
        state: 'active',
        default_source_id: [...store.sources.values()].find((s) => s.channel === name)?.id ?? null,
      }));
    case 'get.employees':
      return [...store.employees.values()].map((e) => ({
        id: e.id,
        login: `employee${e.id}`,
        first_name: e.name.split(' ')[1] ?? null,
        last_name: e.name.split(' ')[0] ?? null,
        full_name: e.name,
        email: e.email ?? null,
        status: 'available',
      }));
    case 'get.tags':
      return [...store.tags.values()].map((t) => ({ id: t.id, name: t.name, is_system: false }));
    default:
      throw new Error(`no rows for ${method}`);
  }
}

/**
 * get.visitor_sessions_report: date_from and date_till are required "YYYY-MM-DD hh:mm:ss", read on the
 * account's wall clock (docs/comagic-data-api.md §6.3: the docs name no zone), both ends inclusive (not
 * stated either, §6.4); a session is listed only once its `visibleAfter` has passed (the cabinet lags).
 */
export function sessionRows(store: CabinetStore, params: Json, timeZone: string, now: number): Json[] {
  for (const key of ['date_from', 'date_till'])
    if (params[key] === undefined) throw new RpcError('required_parameter_missed', [key]);
  const from = parseAccountDateTime(params.date_from, timeZone);
  if (from === null) throw new RpcError('invalid_parameter_value', ['date_from'], params.date_from);
  const till = parseAccountDateTime(params.date_till, timeZone);
  if (till === null) throw new RpcError('invalid_parameter_value', ['date_till'], params.date_till);
  // A window ending before it starts: the docs name no error; invalid_parameter_value fits "any bad value".
  if (till < from) throw new RpcError('invalid_parameter_value', ['date_till'], params.date_till);
  if (wallClockSpanMs(params.date_from, params.date_till) > REPORT_WINDOW_MAX_MS)
    throw new RpcError('date_interval_limit_reached', ['date_till'], params.date_till);
  const rows: Json[] = [];
  for (const [id, s] of store.sessions) {
    if (s.startedAt < from || s.startedAt > till || (s.visibleAfter ?? 0) > now) continue;
    const source = s.sourceId === undefined ? undefined : store.sources.get(s.sourceId);
    rows.push({
      id,
      date_time: formatAccountDateTime(s.startedAt, timeZone),
      visitor_id: s.visitorId ?? null,
      site_id: s.siteId ?? null,
      site_domain_name: s.siteId === undefined ? null : (store.sites.get(s.siteId)?.domain ?? null),
      campaign_id: s.campaignId ?? null,
      campaign_name: s.campaignId === undefined ? null : (store.campaigns.get(s.campaignId)?.name ?? null),
      person_id: null,
      source_id: s.sourceId ?? null,
      source_name: source?.name ?? null,
      source_new: source?.group ?? null,
      channel_new: source?.channel ?? null,
      utm_source: s.utmSource ?? null,
      utm_medium: s.utmMedium ?? null,
      utm_term: s.utmTerm ?? null,
      utm_content: s.utmContent ?? null,
      utm_campaign: s.utmCampaign ?? null,
      referrer: s.referrer ?? null,
      entrance_page: s.entrancePage ?? null,
      ext_id: null,
      startedAtMs: s.startedAt,
    });
  }
  // The page names no default order (§6.17); the fake lists by start, then id, so paging is stable.
  return rows.sort((a, b) => a.startedAtMs - b.startedAtMs || a.id - b.id);
}
