// The console's route table as Express holds it, read for its access policies: what the route-table test
// checks (every route declares a policy) and what docs/access.md's table is checked against.
import type { Express } from 'express';
import type { AccessPolicy } from '@carrot-bridge/domain';
import { declaredPolicyOf, isPreAccess, scopePolicyOf } from './route-access';

/** One answerable thing: a route (method + path) or a mounted whole (`accessScope`: method `*`). */
export interface RouteEntry {
  method: string;
  path: string;
  /** null: nothing declared; the table is wrong. */
  policy: AccessPolicy | null;
}

/** A middleware that is neither a route, a router, an `accessScope` nor marked `preAccess`. */
export interface UndeclaredMiddleware {
  path: string;
  name: string;
}

// The parts of router@2's Layer and Route this walk reads (Express 5 keeps no public API for it).
interface RouteLayer {
  method?: string;
  handle: unknown;
}
interface Layer {
  name: string;
  rawPath?: unknown;
  handle: { length?: number; stack?: Layer[] } & Record<string, unknown>;
  route?: { path: unknown; stack: RouteLayer[] };
}

function pathText(path: unknown): string {
  if (path === undefined || path === '/') return '';
  if (Array.isArray(path)) return `{${path.map(pathText).join(',')}}`;
  return String(path);
}

function walk(stack: Layer[], prefix: string, routes: RouteEntry[], undeclared: UndeclaredMiddleware[]): void {
  for (const layer of stack) {
    const here = prefix + pathText(layer.rawPath);
    if (layer.route) {
      const path = prefix + pathText(layer.route.path);
      // Each method's first handler must be its policy (router.get(path, requireAccess(...), handler)).
      const firstOfMethod = new Map<string, unknown>();
      for (const routeLayer of layer.route.stack) {
        const method = (routeLayer.method ?? '_all').toUpperCase();
        if (!firstOfMethod.has(method)) firstOfMethod.set(method, routeLayer.handle);
      }
      for (const [method, first] of firstOfMethod)
        routes.push({ method: method === '_ALL' ? '*' : method, path, policy: declaredPolicyOf(first) ?? null });
      continue;
    }
    const scope = scopePolicyOf(layer.handle);
    if (scope) {
      routes.push({ method: '*', path: `${here}/*`, policy: scope });
      continue;
    }
    if (Array.isArray(layer.handle.stack)) {
      walk(layer.handle.stack, here, routes, undeclared);
      continue;
    }
    // An error handler only runs after something failed, past access.
    if (isPreAccess(layer.handle) || layer.handle.length === 4) continue;
    undeclared.push({ path: here || '/', name: layer.name });
  }
}

/** Every route of the app with its declared policy, and every middleware that answers without one. */
export function readRouteTable(app: Express): { routes: RouteEntry[]; undeclared: UndeclaredMiddleware[] } {
  const root =
    (app as unknown as { router?: { stack: Layer[] }; _router?: { stack: Layer[] } }).router ??
    (app as unknown as { _router: { stack: Layer[] } })._router;
  const routes: RouteEntry[] = [];
  const undeclared: UndeclaredMiddleware[] = [];
  walk(root.stack, '', routes, undeclared);
  return { routes, undeclared };
}
