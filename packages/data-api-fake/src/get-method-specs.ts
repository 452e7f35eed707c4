// The get.* methods the fake answers, each field as its page marks it: F filterable, S sortable, D "Ответ
// по умолчанию" (in the answer without `fields`). A page without that column (the older pages) answers
// every field by default. Only the fields the fake can fill are listed; a field the page has and the
// fake does not is answered as unknown (unexpected_parameters), which tests would notice.

export interface FieldSpec {
  filter?: true;
  sort?: true;
  /** In the answer when `fields` is absent. */
  default?: true;
}

export interface GetMethodSpec {
  fields: Record<string, FieldSpec>;
  /** date_from / date_till required ("Дата начала выборки" / "Дата окончания выборки"). */
  dated?: true;
}

const F = { filter: true } as const;
const FS = { filter: true, sort: true } as const;
const FD = { filter: true, default: true } as const;
const FSD = { filter: true, sort: true, default: true } as const;
const D = { default: true } as const;
const NONE = {} as const;

export const GET_METHODS: Record<string, GetMethodSpec> = {
  // https://comagic.github.io/data_api/site/get_sites/ (no "Ответ по умолчанию" column)
  'get.sites': {
    fields: { id: FD, domain_name: FD, name: FD, site_key: D, creation_date: FD, parent_id: FSD },
  },
  // https://comagic.github.io/data_api/campaign/get_campaigns/ (no "Ответ по умолчанию" column)
  'get.campaigns': {
    fields: {
      id: FD,
      name: FSD,
      status: FD,
      type: FSD,
      creation_time: FSD,
      site_id: FSD,
      site_domain_name: FD,
    },
  },
  // https://comagic.github.io/data_api/source/source/get_sources/: group_id, group_name, channel_id and
  // description are not default fields.
  'get.sources': {
    fields: {
      id: FSD,
      name: FSD,
      description: F,
      group_id: F,
      group_name: F,
      channel_id: F,
      channel_name: FSD,
      channel_mnemonic: FSD,
      priority: FSD,
      is_custom: FSD,
      state: FSD,
    },
  },
  // https://comagic.github.io/data_api/source/group/get_sources_groups/
  'get.sources_groups': {
    fields: {
      id: FSD,
      name: FSD,
      channel_id: FSD,
      channel_name: FSD,
      channel_mnemonic: FSD,
      is_custom: FSD,
      state: FSD,
    },
  },
  // https://comagic.github.io/data_api/source/channel/get_sources_channels/
  'get.sources_channels': {
    fields: { id: FSD, name: FSD, mnemonic: FSD, is_custom: FSD, state: FSD, default_source_id: FSD },
  },
  // https://comagic.github.io/data_api/employee/get_employees/ (no "Ответ по умолчанию" column)
  'get.employees': {
    fields: {
      id: FD,
      login: FSD,
      first_name: FSD,
      last_name: FSD,
      full_name: FSD,
      email: FD,
      status: FD,
    },
  },
  // https://comagic.github.io/data_api/tag/get_tags/ (the older page; the fields both pages list)
  'get.tags': { fields: { id: FD, name: FSD, is_system: FSD } },
  // https://comagic.github.io/data_api/report/get_visitor_sessions_report/: `id` and `date_time` are
  // neither filterable, sortable nor default; `visitor_id` is all three.
  'get.visitor_sessions_report': {
    dated: true,
    fields: {
      id: NONE,
      date_time: NONE,
      visitor_id: FSD,
      site_id: FSD,
      site_domain_name: FS,
      campaign_id: FSD,
      campaign_name: FS,
      person_id: FD,
      source_id: FS,
      source_name: FS,
      source_new: FS,
      channel_new: FS,
      utm_source: F,
      utm_medium: F,
      utm_term: F,
      utm_content: F,
      utm_campaign: F,
      referrer: NONE,
      entrance_page: NONE,
      ext_id: FD,
    },
  },
};

/** "Параметры запроса" of every get.* page above (the report adds date_from and date_till). */
export const GET_PARAMS = ['access_token', 'user_id', 'limit', 'offset', 'filter', 'fields', 'sort'];
