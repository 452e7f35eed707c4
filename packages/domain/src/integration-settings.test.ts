import { expect } from 'chai';
import {
  normaliseIntegrationTargets,
  validateIntegrationSettings,
  type AccountCatalog,
  type IntegrationSettingsInput,
} from './integration-settings';

const catalog: AccountCatalog = {
  campaignIds: new Set(['cmp-1', 'cmp-2']),
  sourceIds: new Set(['src-1', 'src-2']),
  siteIds: new Set(['site-1']),
  employeeIds: new Set(['emp-1']),
  tagIds: new Set(['tag-1']),
};

const sourceMode: IntegrationSettingsInput = {
  name: 'Сайт',
  trafficType: 'source',
  forcedMode: false,
  defaultSourceId: 'src-1',
  defaultSiteId: 'site-1',
  defaultEmployeeId: 'emp-1',
  taggingEnabled: false,
  phoneRegion: 'RU',
  trackerGlobal: 'Comagic',
  mappings: [{ messenger: 'telegram', sourceId: 'src-2', siteId: 'site-1' }],
};
const campaignMode: IntegrationSettingsInput = {
  ...sourceMode,
  trafficType: 'campaign',
  defaultCampaignId: 'cmp-1',
  defaultSourceId: null,
  defaultSiteId: null,
  mappings: [{ messenger: 'whatsapp', campaignId: 'cmp-2' }],
};

const fields = (input: IntegrationSettingsInput) => validateIntegrationSettings(input, catalog).map((e) => e.field);

describe('validateIntegrationSettings', () => {
  it('accepts complete source-mode settings', () => expect(fields(sourceMode)).to.deep.equal([]));
  it('accepts complete campaign-mode settings', () => expect(fields(campaignMode)).to.deep.equal([]));

  const table: Array<[string, IntegrationSettingsInput, string[]]> = [
    ['campaign mode without a default campaign', { ...campaignMode, defaultCampaignId: null }, ['defaultCampaignId']],
    [
      'source mode without default source and site',
      { ...sourceMode, defaultSourceId: null, defaultSiteId: '' },
      ['defaultSourceId', 'defaultSiteId'],
    ],
    ['a campaign of another account', { ...campaignMode, defaultCampaignId: 'cmp-foreign' }, ['defaultCampaignId']],
    ['a site of another account', { ...sourceMode, defaultSiteId: 'site-foreign' }, ['defaultSiteId']],
    [
      'campaign-mode mapping without a campaign',
      { ...campaignMode, mappings: [{ messenger: 'vk', sourceId: 'src-1', siteId: 'site-1' }] },
      ['mappings.0.campaignId'],
    ],
    [
      'source-mode mapping without a site',
      { ...sourceMode, mappings: [{ messenger: 'vk', sourceId: 'src-1' }] },
      ['mappings.0.siteId'],
    ],
    [
      'two mappings for one messenger',
      {
        ...sourceMode,
        mappings: [...sourceMode.mappings, { messenger: 'telegram', sourceId: 'src-1', siteId: 'site-1' }],
      },
      ['mappings.1.messenger'],
    ],
    [
      'a mapping for the widget',
      { ...sourceMode, mappings: [{ messenger: 'widget', sourceId: 'src-1', siteId: 'site-1' }] },
      ['mappings.0.messenger'],
    ],
    ['tagging on without a tag', { ...sourceMode, taggingEnabled: true, tagId: null }, ['tagId']],
    ['tagging on with a foreign tag', { ...sourceMode, taggingEnabled: true, tagId: 'tag-x' }, ['tagId']],
    ['no default employee', { ...sourceMode, defaultEmployeeId: null }, ['defaultEmployeeId']],
    ['an unknown phone region', { ...sourceMode, phoneRegion: 'XX' }, ['phoneRegion']],
    ['a blank name', { ...sourceMode, name: '   ' }, ['name']],
    ['a name of 121 characters', { ...sourceMode, name: 'x'.repeat(121) }, ['name']],
    ['a tracker name that is not an identifier', { ...sourceMode, trackerGlobal: 'x;alert(1)' }, ['trackerGlobal']],
    ['a tracker name of 65 characters', { ...sourceMode, trackerGlobal: 'x'.repeat(65) }, ['trackerGlobal']],
  ];
  for (const [name, input, expected] of table) {
    it(`rejects ${name}`, () => expect(fields(input)).to.deep.equal(expected));
  }

  it('accepts tagging on with a tag of the account', () =>
    expect(fields({ ...sourceMode, taggingEnabled: true, tagId: 'tag-1' })).to.deep.equal([]));
  it('accepts a name of 120 characters after trimming and a tracker name of 64', () =>
    expect(fields({ ...sourceMode, name: ` ${'x'.repeat(120)} `, trackerGlobal: `$${'x'.repeat(63)}` })).to.deep.equal(
      [],
    ));

  it('an empty mapping row and a blank name: every problem at once, the row per column, in Russian', () => {
    const errors = validateIntegrationSettings(
      { ...sourceMode, name: '', mappings: [...sourceMode.mappings, { messenger: '' }] },
      catalog,
    );
    expect(errors).to.deep.equal([
      { field: 'name', message: 'Обязательное поле' },
      { field: 'mappings.1.messenger', message: 'Выберите мессенджер' },
      { field: 'mappings.1.sourceId', message: 'Обязательное поле' },
      { field: 'mappings.1.siteId', message: 'Обязательное поле' },
    ]);
  });

  it('ignores the campaign fields in source mode and vice versa', () => {
    expect(fields({ ...sourceMode, defaultCampaignId: 'cmp-foreign' })).to.deep.equal([]);
    expect(fields({ ...campaignMode, defaultSourceId: 'src-foreign' })).to.deep.equal([]);
  });

  it('reports every problem at once with a message for the form', () => {
    const errors = validateIntegrationSettings(
      { ...sourceMode, name: '', defaultSourceId: null, taggingEnabled: true },
      catalog,
    );
    expect(errors).to.have.length(3);
    expect(errors.every((e) => typeof e.message === 'string' && e.message.length > 0)).to.equal(true);
  });
});

describe('validateIntegrationSettings: entries removed in the cabinet', () => {
  const removed: AccountCatalog = { ...catalog, removedIds: new Set(['src-2', 'site-1', 'emp-1', 'tag-1', 'cmp-1']) };
  const problems = (input: IntegrationSettingsInput, saved: ReadonlySet<string> = new Set()) =>
    validateIntegrationSettings(input, removed, saved).map((e) => `${e.field}: ${e.message}`);

  it('refuses each removed default, mapping target and tag as a new choice, on its field, in Russian', () => {
    const tagged = { ...sourceMode, taggingEnabled: true, tagId: 'tag-1' };
    const fieldsOf = (input: IntegrationSettingsInput) => problems(input).map((line) => line.split(':')[0]);
    expect(fieldsOf(tagged)).to.deep.equal([
      'defaultEmployeeId',
      'defaultSiteId',
      'tagId',
      'mappings.0.sourceId',
      'mappings.0.siteId',
    ]);
    expect(fieldsOf(campaignMode)).to.deep.equal(['defaultEmployeeId', 'defaultCampaignId']);
    expect(problems(tagged)[0]).to.match(/Удалено в CoMagic/);
  });

  it('keeps a removed entry that is already the saved value', () =>
    expect(problems(sourceMode, new Set(['src-2', 'site-1', 'emp-1']))).to.deep.equal([]));
});

describe('normaliseIntegrationTargets', () => {
  it('drops source targets in campaign mode, campaign targets in source mode, and the tag when tagging is off', () => {
    expect(
      normaliseIntegrationTargets({
        ...campaignMode,
        defaultSourceId: 'src-1',
        defaultSiteId: 'site-1',
        tagId: 'tag-1',
        mappings: [{ messenger: 'vk', campaignId: 'cmp-2', sourceId: 'src-1', siteId: 'site-1' }],
      }),
    ).to.deep.equal({
      defaultCampaignId: 'cmp-1',
      defaultSourceId: null,
      defaultSiteId: null,
      mappings: [{ messenger: 'vk', campaignId: 'cmp-2', sourceId: null, siteId: null }],
      tagId: null,
    });
    expect(
      normaliseIntegrationTargets({ ...sourceMode, defaultCampaignId: 'cmp-1', taggingEnabled: true, tagId: 'tag-1' }),
    ).to.deep.include({ defaultCampaignId: null, defaultSourceId: 'src-1', defaultSiteId: 'site-1', tagId: 'tag-1' });
  });
});
