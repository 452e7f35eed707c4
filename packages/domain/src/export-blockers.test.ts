import { expect } from 'chai';
import { exportBlockers, type ExportBlockersCatalog, type ExportBlockersSettings } from './export-blockers';

const catalog: ExportBlockersCatalog = {
  campaigns: [
    { id: 'cmp-ok', name: 'Весна', comagicId: 11 },
    { id: 'cmp-none', name: 'Без id', comagicId: null },
    { id: 'cmp-gone', name: 'Удалённая', comagicId: 12, removedInCabinet: true },
  ],
  sources: [
    { id: 'src-ok', name: 'Яндекс', group: 'Контекст', comagicId: 21 },
    { id: 'src-none', name: 'Телеграм', group: 'Мессенджеры', comagicId: null },
  ],
  sites: [
    { id: 'site-ok', domain: 'shop.example', comagicId: 31 },
    { id: 'site-none', domain: 'new.example', comagicId: null },
  ],
  employees: [
    { id: 'emp-ok', name: 'Анна', comagicId: 41 },
    { id: 'emp-none', name: 'Борис', comagicId: null },
  ],
  tags: [
    { id: 'tag-ok', name: 'Чат', comagicId: 51 },
    { id: 'tag-none', name: 'Новый', comagicId: null },
  ],
};

const complete: ExportBlockersSettings = {
  trafficType: 'source',
  defaultCampaignId: null,
  defaultSourceId: 'src-ok',
  defaultSiteId: 'site-ok',
  defaultEmployeeId: 'emp-ok',
  taggingEnabled: true,
  tagId: 'tag-ok',
  mappings: [{ messenger: 'telegram', sourceId: 'src-ok', siteId: 'site-ok' }],
};

const kinds = (settings: ExportBlockersSettings, cabinet?: Parameters<typeof exportBlockers>[2]) =>
  exportBlockers(settings, catalog, cabinet).map((b) => `${b.kind}:${b.severity}`);

describe('exportBlockers', () => {
  it('says nothing when every entry the export sends has a CoMagic id and the cabinet refused nothing', () => {
    expect(exportBlockers(complete, catalog)).to.deep.equal([]);
    expect(
      exportBlockers({ ...complete, trafficType: 'campaign', defaultCampaignId: 'cmp-ok', mappings: [] }, catalog),
    ).to.deep.equal([]);
  });

  it('names the default source and site without a CoMagic id, in Russian, as blocking', () => {
    const blockers = exportBlockers({ ...complete, defaultSourceId: 'src-none', defaultSiteId: 'site-none' }, catalog);
    expect(blockers.map((b) => b.kind)).to.deep.equal(['default_source', 'default_site']);
    expect(blockers[0]!.message).to.equal(
      'Источник «Телеграм» (Мессенджеры): нет id в CoMagic — чаты без своей сессии (отнесённые к источнику по умолчанию) не выгрузятся',
    );
    expect(blockers[1]!.message).to.contain('Сайт «new.example»: нет id в CoMagic');
  });

  it('names the default campaign without an id, or removed in the cabinet, in campaign mode only', () => {
    const campaignMode = { ...complete, trafficType: 'campaign' as const, mappings: [] };
    expect(kinds({ ...campaignMode, defaultCampaignId: 'cmp-none' })).to.deep.equal(['default_campaign:blocks']);
    const removed = exportBlockers({ ...campaignMode, defaultCampaignId: 'cmp-gone' }, catalog);
    expect(removed[0]!.message).to.contain('удалён(а) в CoMagic');
    // The source mode sends no campaign: a campaign without an id there blocks nothing.
    expect(kinds({ ...complete, defaultCampaignId: 'cmp-none' })).to.deep.equal([]);
  });

  it('names mapped entries with the messenger whose chats they hold back', () => {
    const blockers = exportBlockers(
      { ...complete, mappings: [{ messenger: 'whatsapp', sourceId: 'src-none', siteId: 'site-ok' }] },
      catalog,
    );
    expect(blockers).to.have.length(1);
    expect(blockers[0]).to.deep.include({ kind: 'mapped_source', severity: 'blocks' });
    expect(blockers[0]!.message).to.contain('whatsapp');
  });

  it('blocks operator-answered chats without a default employee or its CoMagic id', () => {
    expect(kinds({ ...complete, defaultEmployeeId: 'emp-none' })).to.deep.equal(['default_employee:blocks']);
    expect(kinds({ ...complete, defaultEmployeeId: null })).to.deep.equal(['default_employee:blocks']);
  });

  it('says a tag without an id degrades the export (untagged chats), only when tagging is on', () => {
    expect(kinds({ ...complete, tagId: 'tag-none' })).to.deep.equal(['tag:degrades']);
    expect(kinds({ ...complete, tagId: 'tag-none', taggingEnabled: false })).to.deep.equal([]);
  });

  it('puts a refused token and missing components first', () => {
    expect(
      kinds(
        { ...complete, defaultSiteId: 'site-none' },
        {
          refusal: 'CoMagic не узнал токен Data API (access_token_invalid)',
          components: { dataApi: true, uploadChats: false },
        },
      ),
    ).to.deep.equal(['token:blocks', 'component:blocks', 'default_site:blocks']);
  });
});
