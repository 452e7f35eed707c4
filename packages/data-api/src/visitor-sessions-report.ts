// get.visitor_sessions_report: https://comagic.github.io/data_api/report/get_visitor_sessions_report/

/** One row of the session report, with the fields attribution needs. */
export interface CabinetVisitorSession {
  id: number;
  visitorId: number;
  startedAt: Date;
  siteId: number | null;
  campaignId: number | null;
  sourceId: number | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmTerm: string | null;
  utmContent: string | null;
  referrer: string | null;
  entrancePage: string | null;
}

export interface VisitorSessionsQuery {
  visitorId: number;
  from: Date;
  till: Date;
  /** The account's zone (get.account): the report's dates are its wall clock. */
  timeZone: string;
}

/** Which methods answer for this token, for «Проверить токен». */
export interface DataApiComponents {
  /** get.account answered. */
  dataApi: boolean;
  /** upload.chats is not refused for a missing component. */
  uploadChats: boolean;
  /** get.visitor_sessions_report answered. */
  sessionsReport: boolean;
  /** Every catalog method (get.sites, get.campaigns, get.sources, get.employees, get.tags) answered. */
  catalog: boolean;
  /** Per method: "ok" or why it did not answer. */
  details: Record<string, string>;
}
