import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Paths the API serves outside its controllers (Swagger UI and its JSON). */
const NON_CONTROLLER_API_PREFIXES = ['/docs'];

/** Express-style route (`/cases/:caseId`) → a regular expression matching its concrete paths. */
const routePattern = (path: string): RegExp =>
  new RegExp(
    `^${path
      .split('/')
      .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/')}/?$`,
  );

export interface SpaOptions {
  /** The built application (index.html and hashed assets/). */
  distDir: string;
  /** Every controller route of the API, any method: the app never answers on those paths. */
  apiRoutePaths: readonly string[];
}

/**
 * Serves the built single-page application next to the API, without shadowing it:
 * - a path that is an API route (any method), or under /docs, is left to the API;
 * - an existing file is sent: hashed files under /assets/ are immutable for a year,
 *   other files revalidate (they keep their name across builds);
 * - any other GET/HEAD that asks for HTML gets index.html (history fallback), never cached,
 *   so a new build is picked up at the next navigation.
 * A JSON client asking for an unknown path still gets the API's 404 problem.
 */
export function spaHandler(options: SpaOptions): RequestHandler | null {
  const index = join(options.distDir, 'index.html');
  if (!existsSync(index)) return null;
  const patterns = options.apiRoutePaths.map(routePattern);
  const isApiPath = (path: string): boolean =>
    NON_CONTROLLER_API_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}-`)) ||
    patterns.some((pattern) => pattern.test(path));
  const files = express.static(options.distDir, {
    index: false,
    redirect: false,
    fallthrough: true,
    setHeaders: (response, file) => {
      const immutable = file.startsWith(join(options.distDir, 'assets'));
      response.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      response.setHeader('X-Content-Type-Options', 'nosniff');
    },
  });
  return (request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || isApiPath(request.path)) return next();
    files(request, response, () => {
      // Only a navigation (a browser asks for text/html) falls back; scripts, fetches and
      // API clients asking for a missing path get the API's 404 problem.
      if (!(request.headers.accept ?? '').includes('text/html')) return next();
      response.setHeader('Cache-Control', 'no-cache');
      response.setHeader('X-Content-Type-Options', 'nosniff');
      response.sendFile(index);
    });
  };
}
