import type { NextFunction, Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, localeFrom, titleFor } from '../problem-details/problem-details';
import type { RouteEntry } from './route-catalog';

interface KnownPath {
  pattern: RegExp;
  methods: Set<string>;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Express path (/cases/:caseId) to a matcher of one segment per parameter. */
const matcherOf = (path: string): RegExp =>
  new RegExp(
    `^${path
      .split('/')
      .map((segment) => (segment.startsWith(':') ? '[^/]+' : escape(segment)))
      .join('/')}/?$`,
  );

/**
 * A method the API does not declare on a path it knows is 405 with `Allow` (RFC 9110
 * §15.5.6), not the 404 of an unknown path: the client learns the resource exists and what it
 * accepts. Built from the route catalog, so it follows the controllers. HEAD goes with GET.
 */
export function methodNotAllowed(routes: readonly RouteEntry[]) {
  const known = new Map<string, KnownPath>();
  for (const route of routes) {
    const entry = known.get(route.path) ?? { pattern: matcherOf(route.path), methods: new Set<string>() };
    entry.methods.add(route.method);
    if (route.method === 'GET') entry.methods.add('HEAD');
    known.set(route.path, entry);
  }
  const paths = [...known.values()];
  return (request: Request, response: Response, next: NextFunction): void => {
    const path = request.path;
    const matching = paths.filter((entry) => entry.pattern.test(path));
    if (matching.length === 0 || matching.some((entry) => entry.methods.has(request.method))) return next();
    const allowed = [...new Set(matching.flatMap((entry) => [...entry.methods]))].sort();
    const locale = localeFrom(request.headers['accept-language']);
    response
      .status(405)
      .setHeader('Allow', allowed.join(', '))
      .type(PROBLEM_CONTENT_TYPE)
      .send(
        JSON.stringify({
          type: 'about:blank',
          title: titleFor(405, locale),
          status: 405,
          detail: `${request.method} is not allowed here; allowed: ${allowed.join(', ')}`,
        }),
      );
  };
}
