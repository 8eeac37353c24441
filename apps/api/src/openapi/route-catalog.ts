import { type INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { ACCESS_RULE, type AccessRule } from '../auth/access.decorators';

export interface RouteEntry {
  method: string;
  /** Express style, e.g. /cases/:caseId */
  path: string;
  /** OpenAPI style, e.g. /cases/{caseId} */
  openApiPath: string;
  handler: string;
  rule: AccessRule | undefined;
  /** The handler's @Query, @Param and @Body arguments: their declared class and pipes. */
  args: RouteArgument[];
}

export interface RouteArgument {
  kind: 'query' | 'param' | 'body';
  /** The parameter name for @Param('name') / @Query('name'); undefined for a whole DTO. */
  name: string | undefined;
  type: unknown;
  pipes: unknown[];
}

const ARG_KINDS: Partial<Record<number, RouteArgument['kind']>> = {
  [RouteParamtypes.QUERY]: 'query',
  [RouteParamtypes.PARAM]: 'param',
  [RouteParamtypes.BODY]: 'body',
};

function routeArguments(controller: new (...args: never[]) => object, name: string): RouteArgument[] {
  const declared = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
    string,
    { index: number; data?: unknown; pipes?: unknown[] }
  >;
  const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, name) ?? []) as unknown[];
  const args: RouteArgument[] = [];
  for (const [key, arg] of Object.entries(declared)) {
    const kind = ARG_KINDS[Number(key.split(':')[0])];
    if (!kind) continue;
    args.push({ kind, name: typeof arg.data === 'string' ? arg.data : undefined, type: types[arg.index], pipes: arg.pipes ?? [] });
  }
  return args;
}

const join = (...parts: string[]): string =>
  `/${parts
    .flatMap((part) => part.split('/'))
    .filter(Boolean)
    .join('/')}`;

/**
 * Every HTTP route of the application with its declared access rule, read from the same
 * metadata Nest routes by: what the access-control tests and the OpenAPI conventions walk.
 */
export function routeCatalog(app: INestApplication): RouteEntry[] {
  const routes: RouteEntry[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      const base: string = Reflect.getMetadata(PATH_METADATA, controller) ?? '';
      const classRule: AccessRule | undefined = Reflect.getMetadata(ACCESS_RULE, controller);
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method: RequestMethod | undefined = Reflect.getMetadata(METHOD_METADATA, handler);
        const path: string | undefined = Reflect.getMetadata(PATH_METADATA, handler);
        if (method === undefined || path === undefined) continue;
        const full = join(base, path);
        routes.push({
          method: RequestMethod[method],
          path: full,
          openApiPath: full.replace(/:([A-Za-z0-9_]+)/g, '{$1}'),
          handler: `${controller.name}.${name}`,
          rule: Reflect.getMetadata(ACCESS_RULE, handler) ?? classRule,
          args: routeArguments(controller, name),
        });
      }
    }
  }
  return routes;
}
