import express, { Router } from 'express';
import { CHANNEL_LABELS, MESSENGER_CHANNELS } from '@carrot-bridge/domain';
import { PAGE_FILES, pageFromStatic } from './page-html';
import { STATIC_DIR } from './static-dir';

/**
 * The channels' names as a browser module, made from the domain's one list (packages/domain channel.ts):
 * the page cannot import TypeScript, and a copy in static/ would drift from the report's and the API's.
 */
export const CHANNEL_LABELS_MODULE = `// Made by the console from packages/domain/src/channel.ts.
export const CHANNEL_LABELS = ${JSON.stringify(CHANNEL_LABELS)};
export const MESSENGER_CHANNELS = ${JSON.stringify(MESSENGER_CHANNELS)};
`;

/**
 * The integration page and the report: static HTML, CSS and browser ES modules (`static/`), no build
 * step. Two pages of forms and panels do not need a framework or a bundler, nor anything downloaded at
 * install time. Every value from the API is put in with textContent / value (escaped): see static/dom.js.
 *
 * `.js` is served as `text/javascript` (express.static's MIME table): a browser refuses a module script
 * of any other type, and the page's CSP (`script-src 'self'`) admits its modules and their imports.
 * Caching is `no-cache` with an ETag: the file names carry no version, so a browser asks on every load
 * whether its copy is current (a 304 without a body when it is) and never runs a new app.js with an old
 * module after an upgrade. Not `public`: these answers need credentials; a shared cache must not keep them.
 */
export function settingsPage(): Router {
  const router = Router();
  router.get('/channel-labels.js', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('text/javascript').send(CHANNEL_LABELS_MODULE);
  });
  // The pages are served composed with the shared head (page-html.ts), the other files as they are.
  for (const file of PAGE_FILES) {
    const page = pageFromStatic(file);
    router.get(file === 'index.html' ? ['/', '/index.html'] : `/${file}`, (_req, res) => page(res));
  }
  router.use(
    express.static(STATIC_DIR, {
      index: false,
      cacheControl: false,
      setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
    }),
  );
  return router;
}
