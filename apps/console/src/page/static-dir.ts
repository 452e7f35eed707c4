import { fileURLToPath } from 'node:url';

/**
 * The page's files (HTML, CSS, browser modules): beside this file under tsx (src/page/static/), and
 * beside the bundle once compiled, where `pnpm build` copies them (dist/static/, scripts/build). The
 * one place that says where they are, so both layouts resolve the same way.
 */
export const STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url));
