// «Проверить токен»: which of the methods we use answer for this token. get.account reports no
// components (https://comagic.github.io/data_api/account/get_account/) and getobj.account needs a
// component of its own, so each method is called once, as cheaply as it allows, and a refusal read:
// -32008 method_component_disabled ("You need at least on of the following components ...") or
// -32003 forbidden (https://comagic.github.io/data_api/, #_11; which component each method needs:
// https://comagic.github.io/data_api/components/).
import { DataApiError, DataApiErrorCode } from './data-api-error';

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

/** A call made by the probe; its answer does not matter, only whether it was refused. */
export type ProbeCall = () => Promise<unknown>;

/**
 * Runs every probe. An outage or a spent limit says nothing about components, so it is thrown; any other
 * refusal is recorded against its method.
 */
export async function probeDataApiComponents(probes: Record<string, ProbeCall>): Promise<Record<string, string>> {
  const details: Record<string, string> = {};
  for (const [method, probe] of Object.entries(probes)) {
    try {
      await probe();
      details[method] = 'ok';
    } catch (error) {
      if (!(error instanceof DataApiError)) throw error;
      if (error.code === DataApiErrorCode.Unavailable || error.code === DataApiErrorCode.LimitExceeded) throw error;
      details[method] = error.message;
    }
  }
  return details;
}
