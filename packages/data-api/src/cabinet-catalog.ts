// What the client reads of the cabinet's catalog (sites, campaigns, sources, employees, tags): the
// shapes the catalog sync stores, matched on the CoMagic id.

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
