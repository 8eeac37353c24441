import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InvalidTokenError, type Principal, TokenVerifier, isMunicipal } from '@cmm/auth';
import { CaseRepository } from '@cmm/persistence';
import type { Request, Response } from 'express';
import type { LocalizedText } from '../problem-details/problem-details';
import { ProblemException } from '../problem-details/problem.exception';
import { ACCESS_RULE, type AccessRule } from './access.decorators';
import type { AuthenticatedRequest } from './current-principal.decorator';
import { UserDirectory } from './user-directory.service';

// The scheme name is case-insensitive (RFC 9110 §11.1): `bearer` and `BEARER` are Bearer.
const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Routes open to a reader of a case that is not its own: the documents (filtered by
 * CaseRepository.documentReadScope) and the annual call's own view (a municipality sees only its
 * own proposals there).
 */
const READER_ROUTES = [/\/cases\/:caseId\/documents(\/|$)/, /\/annual-calls\/:caseId$/];

@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly users: UserDirectory,
    private readonly cases: CaseRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
    if (!rule) throw new ProblemException(500, `route ${context.getClass().name}.${context.getHandler().name} declares no access rule`);
    if (rule.public) return true;

    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match) return this.unauthenticated(context, { it: 'manca il token Bearer', en: 'missing Bearer token' });
    try {
      request.principal = await this.verifier.verify(match[1]);
    } catch (error) {
      if (error instanceof InvalidTokenError) return this.unauthenticated(context, { it: error.italian, en: error.message });
      throw error;
    }
    if (!rule.roles.includes(request.principal.role)) {
      throw new ProblemException(403, {
        it: `il ruolo «${request.principal.role}» non può eseguire ${request.method} ${request.route?.path ?? request.path}`,
        en: `role ${request.principal.role} may not ${request.method} ${request.route?.path ?? request.path}`,
      });
    }
    await this.users.provision(request.principal);
    const caseId = request.params?.caseId;
    await this.requireVisibleCase(request.principal, typeof caseId === 'string' ? caseId : undefined, request);
    return true;
  }

  /**
   * Any route under a case answers 404 to a municipality that is not the case's own, before
   * its body is even validated: whatever it sent, it learns nothing about the case.
   */
  private async requireVisibleCase(principal: Principal, caseId: string | undefined, request: Request): Promise<void> {
    if (!caseId || !isMunicipal(principal) || !UUID.test(caseId)) return;
    if (await this.cases.findVisible(principal.istatCode, caseId)) return;
    // A case that is not the municipality's but concerns it (a conference it is convened to
    // discusses the plan; a call it was notified of): read-only, on the routes whose services
    // narrow what they show to what concerns it.
    const route = typeof request.route?.path === 'string' ? request.route.path : '';
    if (
      request.method === 'GET' &&
      READER_ROUTES.some((r) => r.test(route)) &&
      (await this.cases.documentReadScope(caseId, principal.istatCode))
    )
      return;
    throw new ProblemException(404, { it: `pratica ${caseId} non trovata`, en: `case ${caseId} not found` });
  }

  private unauthenticated(context: ExecutionContext, reason: LocalizedText): never {
    context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="cmm-procedures"');
    throw new ProblemException(401, reason);
  }
}
