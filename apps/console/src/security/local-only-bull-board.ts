import { ExpressAdapter } from '@bull-board/express';

type EntryRoute = Parameters<ExpressAdapter['setEntryRoute']>[0];

/**
 * A tag of Bull Board's page that loads something from another origin. Its bundled index.ejs links
 * IBM Plex from fonts.googleapis.com (node_modules/@bull-board/ui/dist/index.ejs); its stylesheet
 * names system-ui / ui-monospace after IBM Plex, so without the link the board uses the system's fonts.
 */
const OTHER_ORIGIN_TAG = /<(?:link|script)\b[^>]*\b(?:href|src)\s*=\s*["']?(?:https?:)?\/\/[^>]*>(?:\s*<\/script>)?/gi;

/** Bull Board's HTML without the tags that fetch from another origin (the operator's browser asks no one else). */
export function withoutOtherOrigins(html: string): string {
  return html.replace(OTHER_ORIGIN_TAG, '');
}

/**
 * Bull Board's Express adapter whose page loads only from the console itself: the entry page is rendered
 * as the package renders it, then the other origins' tags are taken out. Its scripts, styles and logo are
 * served by the board below its own path, so the CSP can say 'self' and nothing else.
 */
export class LocalOnlyBullBoardAdapter extends ExpressAdapter {
  override setEntryRoute(routeDef: EntryRoute): ExpressAdapter {
    this.app[routeDef.method](routeDef.route, (_req, res, next) => {
      const { name, params } = routeDef.handler({ basePath: this.basePath, uiConfig: this.uiConfig });
      res.render(name, params, (error: Error | null, html: string) => {
        if (error) return next(error);
        res.type('html').send(withoutOtherOrigins(html));
      });
    });
    return this;
  }
}
