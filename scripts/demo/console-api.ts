// How `pnpm demo` talks to the running stack: the console's admin API (Basic auth) and the ingress's
// webhook URL, with failures that say what to check.
import { localStack } from '@carrot-bridge/config';
import { fetchOrExplain } from '../fetch-failure';

const WEBHOOK_HINT =
  "The webhook URL is the console's PUBLIC_BASE_URL (default: http://localhost:INGRESS_PORT); is the ingress listening there?";

/** The answer's JSON, or an error naming the request when something else answered (another service on that port). */
async function jsonOf(response: Response, request: string, hint: string): Promise<any> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(
      `${request}: HTTP ${response.status} with a body that is not JSON (${JSON.stringify(text.slice(0, 80))}). ${hint}`,
    );
  }
}

export interface ConsoleApi {
  /** The console's base URL, as `pnpm start` prints it unless CONSOLE_URL says otherwise. */
  consoleUrl: string;
  /** A console admin API call (`/api` + path); a non-2xx answer throws with its body. */
  api(method: string, path: string, body?: unknown): Promise<any>;
  /** POSTs a form-encoded webhook body to the integration's URL; the ingress's `status` answer. */
  postWebhook(webhookUrl: string, body: string): Promise<string>;
}

/** Settings from `env` (read once, after .env is loaded): CONSOLE_URL or CONSOLE_PORT, CONSOLE_USER / CONSOLE_PASSWORD. */
export function consoleApi(env: NodeJS.ProcessEnv): ConsoleApi {
  const consoleFrom = env.CONSOLE_URL?.trim()
    ? 'CONSOLE_URL'
    : `CONSOLE_PORT ${env.CONSOLE_PORT?.trim() || '3000, the default'}, as pnpm start prints it`;
  const consoleUrl = (env.CONSOLE_URL?.trim() || localStack(env).consoleUrl).replace(/(?<!\/)\/+$/, '');
  const consoleHint = `Is \`pnpm start\` running? The console is looked for at ${consoleUrl} (from ${consoleFrom})`;
  const auth = `Basic ${Buffer.from(`${env.CONSOLE_USER ?? 'admin'}:${env.CONSOLE_PASSWORD ?? 'carrot-bridge-dev'}`).toString('base64')}`;

  async function api(method: string, path: string, body?: unknown): Promise<any> {
    const response = await fetchOrExplain(
      `${consoleUrl}/api${path}`,
      {
        method,
        headers: { authorization: auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      },
      consoleHint,
    );
    const data =
      response.status === 204
        ? null
        : await jsonOf(response, `${method} ${consoleUrl}/api${path}`, `${consoleHint}, and is it the console?`);
    if (!response.ok)
      throw new Error(`${method} ${consoleUrl}/api${path}: HTTP ${response.status} ${JSON.stringify(data)}`);
    return data;
  }

  async function postWebhook(webhookUrl: string, body: string): Promise<string> {
    const response = await fetchOrExplain(
      webhookUrl,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body },
      WEBHOOK_HINT,
    );
    return ((await jsonOf(response, `POST ${webhookUrl}`, WEBHOOK_HINT)) as { status: string }).status;
  }

  return { consoleUrl, api, postWebhook };
}
