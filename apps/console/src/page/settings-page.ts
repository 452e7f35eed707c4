import express, { Router } from 'express';
import { fileURLToPath } from 'node:url';

/**
 * The integration page: static HTML + one vanilla script, no build step. The page is one form and two
 * live panels; a framework and a bundler would add more weight than the page has, and nothing to
 * download at install time. Every value from the API is put in with textContent / value (escaped).
 */
export function settingsPage(): Router {
  const router = Router();
  router.use(express.static(fileURLToPath(new URL('./static/', import.meta.url)), { index: 'index.html', maxAge: 0 }));
  return router;
}
