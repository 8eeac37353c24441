import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import type { Principal } from '@cmm/auth';
import { type ActionAvailability, availableActionsQuery, vasScreeningWorkflowId } from '@cmm/contracts';
import type { ProcedureType } from '@cmm/domain';
import type { CaseEntity } from '@cmm/persistence';
import { Client } from '@temporalio/client';
import { CasesService } from '../cases/cases.service';
import { toActor } from '../procedures/procedure-workflows';
import { ACTION_ROUTES } from './action-catalog';
import type { CaseActionDto, CaseActionListDto } from './case-action.dto';

interface ResolvedRoute {
  method: 'POST' | 'PUT' | 'DELETE';
  requestSchema: string | null;
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'ALL', 'OPTIONS', 'HEAD'] as const;

@Injectable()
export class CaseActionsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(CaseActionsService.name);
  /** Path (express style) → the method and body schema of the controller route that serves it. */
  private routes = new Map<string, ResolvedRoute>();

  constructor(
    private readonly temporal: Client,
    private readonly cases: CasesService,
    private readonly modules: ModulesContainer,
  ) {}

  /** Reads method and @Body DTO of every route from the controllers' own metadata: never a second list to keep in step. */
  onApplicationBootstrap(): void {
    const routes = new Map<string, ResolvedRoute>();
    for (const module of this.modules.values()) {
      for (const wrapper of module.controllers.values()) {
        const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
        if (!controller) continue;
        const base: string = Reflect.getMetadata('path', controller) ?? '';
        for (const name of Object.getOwnPropertyNames(controller.prototype)) {
          const handler = (controller.prototype as Record<string, unknown>)[name];
          if (name === 'constructor' || typeof handler !== 'function') continue;
          const method: number | undefined = Reflect.getMetadata('method', handler);
          const path: string | undefined = Reflect.getMetadata('path', handler);
          if (method === undefined || path === undefined || !['POST', 'PUT', 'DELETE'].includes(METHODS[method])) continue;
          const args: Record<string, { index: number }> = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {};
          const types: unknown[] = Reflect.getMetadata('design:paramtypes', controller.prototype, name) ?? [];
          const body = Object.entries(args).find(([key]) => Number(key.split(':')[0]) === RouteParamtypes.BODY);
          const bodyType = body ? (types[body[1].index] as { name?: string } | undefined) : undefined;
          const full = `/${[base, path].join('/').split('/').filter(Boolean).join('/')}`;
          routes.set(full, {
            method: METHODS[method] as ResolvedRoute['method'],
            requestSchema: bodyType?.name && bodyType.name !== 'Object' ? bodyType.name : null,
          });
        }
      }
    }
    this.routes = routes;
  }

  /** The catalogue's paths that no controller serves (checked by the e2e test). */
  unroutedCatalogPaths(): string[] {
    return Object.values(ACTION_ROUTES)
      .flatMap((byUpdate) => Object.values(byUpdate ?? {}).map((route) => route.path))
      .filter((path) => !this.routes.has(path));
  }

  async actionsFor(principal: Principal, caseId: string): Promise<CaseActionListDto> {
    const found = await this.cases.visibleCase(principal, caseId);
    const procedure = found.type as ProcedureType;
    const base = { caseId, procedure, state: found.state, next: null };
    if (found.closedAt) return { ...base, items: [] };
    const actor = toActor(principal);
    const availability = await this.availability(found, actor);
    const routeCase = procedure === 'vas-screening' ? found.parentCaseId : caseId;
    const catalog = ACTION_ROUTES[procedure === 'vas-screening' ? 'sttm-approval' : procedure] ?? {};
    const items = availability.flatMap((available): CaseActionDto[] => {
      const route = catalog[available.update];
      if (available.refusal || !route || !routeCase) return [];
      const resolved = this.routes.get(route.path);
      if (!resolved) return [];
      const params: Record<string, string> = { caseId: routeCase, ...available.target };
      const concrete = route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? `:${name}`));
      return [
        {
          name: available.update,
          labelIt: route.labelIt,
          labelEn: route.labelEn,
          method: resolved.method,
          path: concrete,
          operationPath: route.path.replace(/:([A-Za-z]+)/g, '{$1}'),
          requestSchema: resolved.requestSchema,
          ...(available.target ? { target: available.target } : {}),
          ...(available.dateWindow ? { dateWindow: available.dateWindow } : {}),
        },
      ];
    });
    return { ...base, items };
  }

  private async availability(found: CaseEntity, actor: ReturnType<typeof toActor>): Promise<ActionAvailability[]> {
    const ask = async (workflowId: string): Promise<ActionAvailability[]> => {
      try {
        return await this.temporal.workflow.getHandle(workflowId).query(availableActionsQuery, actor);
      } catch (error) {
        // A workflow that has not registered yet, or one recorded before the query existed and
        // already closed, offers nothing to do: an empty list, not an error page.
        this.logger.warn(`availableActions on ${workflowId}: ${(error as Error).message}`);
        return [];
      }
    };
    const own = await ask(found.workflowId);
    if (found.type !== 'sttm-approval') return own;
    return [...own, ...(await ask(vasScreeningWorkflowId(found.workflowId)))];
  }
}
