import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'express';
import { STATIC_DIR } from './static-dir';

// Every page's <head> is the same but for its title and its own stylesheet, so it is written once
// (static/page-head.html); a page's file opens with one line naming those two, which the console
// replaces with the head when it starts. The pages are read once then, and served from memory.

const HEAD_LINE = /^<!-- head title="([^"]+)"(?: css="([\w-]+\.css)")? -->$/m;

/** A page's HTML with its head line replaced by the shared head; throws on a page without one. */
export function withSharedHead(page: string, head: string, file: string): string {
  const match = HEAD_LINE.exec(page);
  if (!match) throw new Error(`${file} does not open with a <!-- head title="..." --> line`);
  const [line, title, stylesheet] = match as unknown as [string, string, string | undefined];
  const filled = head
    .trimEnd()
    .replace('{{title}}', () => title)
    .replace('{{stylesheet}}', () => (stylesheet ? `\n  <link rel="stylesheet" href="${stylesheet}">` : ''));
  return page.replace(line, () => filled);
}

/**
 * Every page of static/: their routes serve each as pageFromStatic makes it. express.static still serves
 * the raw file to another spelling of its path (without the shared head: an unstyled page, behind
 * sign-in, under the same CSP header as every response).
 */
export const PAGE_FILES = ['index.html', 'report.html', 'sign-in.html', 'invite.html'] as const;
export type PageFile = (typeof PAGE_FILES)[number];

const composed = new Map<PageFile, string>();

/**
 * The page `file` of static/, read when the router is made, once per process (a missing or malformed
 * page stops the start-up), and a handler that sends it: `no-cache` with an ETag, as express.static serves the other files, so a browser
 * revalidates on every load and gets a 304 while it has the current page.
 */
export function pageFromStatic(file: PageFile): (res: Response) => void {
  let html = composed.get(file);
  if (html === undefined) {
    const head = readFileSync(join(STATIC_DIR, 'page-head.html'), 'utf8');
    html = withSharedHead(readFileSync(join(STATIC_DIR, file), 'utf8'), head, file);
    composed.set(file, html);
  }
  const page = html;
  return (res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(page);
  };
}
