import {
  type CanActivate,
  Controller,
  type ExecutionContext,
  Get,
  type INestApplication,
  Injectable,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  Param,
  ParseIntPipe,
  RequestMethod,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Request } from 'express';
import { Registry } from 'prom-client';
import { UNMATCHED_ROUTE, httpMetrics, methodLabel, routeLabel } from './http-metrics';

@Injectable()
class SignedInGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (!request.headers.authorization) throw new UnauthorizedException();
    // A signed-in user without the role: Nest answers 403.
    return request.headers.authorization === 'Bearer officer';
  }
}

@Controller('cases')
class CasesController {
  @Get(':id/terms/:term')
  term(@Param('id', ParseIntPipe) id: number, @Param('term') term: string) {
    return { id, term };
  }

  @Get(':id')
  @UseGuards(SignedInGuard)
  one(@Param('id') id: string) {
    return { id };
  }

  @Get(':id/boom')
  boom(): never {
    throw new Error('defect');
  }
}

// Like nestjs-pino's in the API (every route but some): Nest mounts it as a catch-all route that sets request.route.
@Module({ controllers: [CasesController] })
class MetricsTestModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply((_request: Request, _response: unknown, next: () => void) => next())
      .exclude('/status')
      .forRoutes({ path: '*', method: RequestMethod.ALL });
  }
}

describe('HTTP metrics', () => {
  let app: INestApplication;
  let registry: Registry;
  let base: string;

  beforeAll(async () => {
    registry = new Registry();
    app = await NestFactory.create(MetricsTestModule, { logger: false });
    app.use(httpMetrics(registry));
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });

  afterAll(() => app?.close());

  const counted = async () =>
    (await registry.getSingleMetric('cmm_http_requests_total')!.get()).values.map(({ labels, value }) => ({ ...labels, value }));

  it('labels every answer with the route template, 401/403/400/404/500 included', async () => {
    const statuses = await Promise.all(
      [
        ['/cases/17', 'Bearer officer'],
        ['/cases/18', 'Bearer officer'],
        ['/cases/19', undefined],
        ['/cases/20', 'Bearer clerk'],
        ['/cases/x/terms/answer', undefined],
        ['/cases/4/terms/answer', undefined],
        ['/cases/4/boom', undefined],
        ['/nowhere/123', undefined],
      ].map(async ([path, authorization]) => (await fetch(`${base}${path}`, { headers: authorization ? { authorization } : {} })).status),
    );
    expect(statuses).toEqual([200, 200, 401, 403, 400, 200, 500, 404]);
    expect(await counted()).toEqual(
      expect.arrayContaining([
        { method: 'GET', route: '/cases/:id', status: '200', value: 2 },
        { method: 'GET', route: '/cases/:id', status: '401', value: 1 },
        { method: 'GET', route: '/cases/:id', status: '403', value: 1 },
        { method: 'GET', route: '/cases/:id/terms/:term', status: '400', value: 1 },
        { method: 'GET', route: '/cases/:id/terms/:term', status: '200', value: 1 },
        { method: 'GET', route: '/cases/:id/boom', status: '500', value: 1 },
        { method: 'GET', route: UNMATCHED_ROUTE, status: '404', value: 1 },
      ]),
    );
    // Never a raw path: the ids the clients sent are in no label.
    expect(JSON.stringify(await counted())).not.toMatch(/\/cases\/(17|18|19|20|4)\b/);
    expect(await registry.metrics()).toMatch(/^cmm_http_request_duration_seconds_count\{method="GET",route="\/cases\/:id"\} 4$/m);
  });

  it('routeLabel: the matched template with its router base, else unmatched', () => {
    expect(routeLabel({ route: { path: '/cases/:id' }, baseUrl: '' } as never)).toBe('/cases/:id');
    expect(routeLabel({ route: { path: '/:id' }, baseUrl: '/cases' } as never)).toBe('/cases/:id');
    expect(routeLabel({ route: undefined, baseUrl: '' } as never)).toBe(UNMATCHED_ROUTE);
    for (const catchAll of ['/{*path}', '*', '/*path', '{*splat}'])
      expect(routeLabel({ route: { path: catchAll }, baseUrl: '' } as never)).toBe(UNMATCHED_ROUTE);
    expect(routeLabel({ route: { path: /regexp/ }, baseUrl: '' } as never)).toBe(UNMATCHED_ROUTE);
  });

  it('methodLabel: a method outside the known ones is OTHER (bounded labels)', () => {
    expect(methodLabel('GET')).toBe('GET');
    expect(methodLabel('PROPFIND')).toBe('OTHER');
    expect(methodLabel(undefined)).toBe('OTHER');
  });
});
