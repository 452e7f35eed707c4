// What blocks or degrades an integration's export to the CoMagic / UIS Data API, said in Russian for the
// settings page, from its settings and the account's catalog. The rules mirror buildDataApiChat
// (data-api-chat.ts): what it refuses for want of a CoMagic id blocks every chat taking that path; a
// mapped entry without one blocks the chats of that messenger only; a tag without one leaves chats untagged.
//   upload.chats: https://comagic.github.io/data_api/communication/upload_chats/
//   set.tag_communications: https://comagic.github.io/data_api/tag/set_tag_communications/

interface CatalogEntry {
  id: string;
  comagicId: number | null;
  /** The catalog sync found CoMagic no longer lists the entry (its removedInCabinetAt): its id would be refused. */
  removedInCabinet?: boolean;
}

export interface ExportBlockersCatalog {
  campaigns: ReadonlyArray<CatalogEntry & { name: string }>;
  sources: ReadonlyArray<CatalogEntry & { name: string; group?: string }>;
  sites: ReadonlyArray<CatalogEntry & { domain: string }>;
  employees: ReadonlyArray<CatalogEntry & { name: string }>;
  tags: ReadonlyArray<CatalogEntry & { name: string }>;
}

export interface ExportBlockersSettings {
  trafficType: 'campaign' | 'source';
  defaultCampaignId: string | null;
  defaultSourceId: string | null;
  defaultSiteId: string | null;
  defaultEmployeeId: string | null;
  taggingEnabled: boolean;
  tagId: string | null;
  mappings: ReadonlyArray<{
    messenger: string;
    campaignId?: string | null;
    sourceId?: string | null;
    siteId?: string | null;
  }>;
}

/** What the cabinet said last (get.account, the components probe); null where not asked yet. */
export interface ExportBlockersCabinet {
  /** Why the Data API refused the token or the integration's export (the stored refusal, in Russian). */
  refusal: string | null;
  /** The components probe of the connection's last check, if stored. */
  components?: { dataApi: boolean; uploadChats: boolean } | null;
}

export type ExportBlockerKind =
  | 'default_campaign'
  | 'default_source'
  | 'default_site'
  | 'mapped_campaign'
  | 'mapped_source'
  | 'mapped_site'
  | 'default_employee'
  | 'tag'
  | 'component'
  | 'token';

export interface ExportBlocker {
  kind: ExportBlockerKind;
  /** `blocks`: chats taking this path are not exported at all; `degrades`: exported without it. */
  severity: 'blocks' | 'degrades';
  /** The sentence for the page, in Russian. */
  message: string;
}

type Named = CatalogEntry & { label: string };

/** Why an entry's CoMagic id is unusable, or null when it is fine. */
function idProblem(entry: CatalogEntry): string | null {
  if (entry.comagicId === null) return 'нет id в CoMagic';
  if (entry.removedInCabinet) return 'удалён(а) в CoMagic';
  return null;
}

function byId<T extends CatalogEntry>(entries: ReadonlyArray<T>, label: (e: T) => string): Map<string, Named> {
  return new Map(entries.map((e) => [e.id, { ...e, label: label(e) }]));
}

/**
 * The list of what blocks or degrades the export, most serious first; empty when nothing does. Only
 * meaningful for an integration whose export is configured (isExportConfigured).
 */
export function exportBlockers(
  settings: ExportBlockersSettings,
  catalog: ExportBlockersCatalog,
  cabinet: ExportBlockersCabinet = { refusal: null },
): ExportBlocker[] {
  const found: ExportBlocker[] = [];
  const add = (kind: ExportBlockerKind, severity: ExportBlocker['severity'], message: string) =>
    found.push({ kind, severity, message });

  if (cabinet.refusal) add('token', 'blocks', `CoMagic отказал в выгрузке: ${cabinet.refusal}`);
  if (cabinet.components) {
    if (!cabinet.components.dataApi)
      add('component', 'blocks', 'в аккаунте CoMagic не подключён компонент «Data API»: ни один чат не выгрузится');
    if (!cabinet.components.uploadChats)
      add(
        'component',
        'blocks',
        'в аккаунте CoMagic не подключён компонент «Загрузка офлайн-заявок из внешней системы»: ни один чат не выгрузится',
      );
  }

  const campaigns = byId(catalog.campaigns, (c) => `рекламная кампания «${c.name}»`);
  const sources = byId(catalog.sources, (s) => `источник «${s.name}»${s.group ? ` (${s.group})` : ''}`);
  const sites = byId(catalog.sites, (s) => `сайт «${s.domain}»`);
  const employees = byId(catalog.employees, (e) => `сотрудник «${e.name}»`);
  const tags = byId(catalog.tags, (t) => `тег «${t.name}»`);

  /** A chosen entry whose id is unusable: what it is, what is wrong, what it does to the chats. */
  const check = (
    kind: ExportBlockerKind,
    severity: ExportBlocker['severity'],
    entries: Map<string, Named>,
    id: string | null | undefined,
    consequence: string,
  ) => {
    const entry = id ? entries.get(id) : undefined;
    const problem = entry ? idProblem(entry) : null;
    if (entry && problem) add(kind, severity, `${capitalise(entry.label)}: ${problem} — ${consequence}`);
  };

  if (settings.trafficType === 'campaign') {
    check(
      'default_campaign',
      'blocks',
      campaigns,
      settings.defaultCampaignId,
      'чаты без своей сессии (отнесённые к кампании по умолчанию) не выгрузятся',
    );
    for (const m of settings.mappings)
      check('mapped_campaign', 'blocks', campaigns, m.campaignId, `чаты из ${m.messenger} без сессии не выгрузятся`);
  } else {
    const consequence = 'чаты без своей сессии (отнесённые к источнику по умолчанию) не выгрузятся';
    check('default_source', 'blocks', sources, settings.defaultSourceId, consequence);
    check('default_site', 'blocks', sites, settings.defaultSiteId, consequence);
    for (const m of settings.mappings) {
      check('mapped_source', 'blocks', sources, m.sourceId, `чаты из ${m.messenger} без сессии не выгрузятся`);
      check('mapped_site', 'blocks', sites, m.siteId, `чаты из ${m.messenger} без сессии не выгрузятся`);
    }
  }

  // employee_id is "обязательный параметр если source = operator" (upload.chats): a chat an operator answered needs it.
  if (!settings.defaultEmployeeId)
    add('default_employee', 'blocks', 'не выбран сотрудник по умолчанию — чаты с ответом оператора не выгрузятся');
  else
    check(
      'default_employee',
      'blocks',
      employees,
      settings.defaultEmployeeId,
      'чаты с ответом оператора не выгрузятся',
    );

  if (settings.taggingEnabled) check('tag', 'degrades', tags, settings.tagId, 'чаты выгрузятся без тега');

  return dedupe(found);
}

/** One line per message: a site mapped for several messengers is said once per messenger, not twice for one. */
function dedupe(found: ExportBlocker[]): ExportBlocker[] {
  const seen = new Set<string>();
  return found.filter((b) => (seen.has(b.message) ? false : (seen.add(b.message), true)));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
