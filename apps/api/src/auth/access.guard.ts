import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InvalidTokenError, TokenVerifier } from '@cmm/auth';
import type { Request, Response } from 'express';
import { ProblemException } from '../problem-details/problem.exception';
import { ACCESS_RULE, type AccessRule } from './access.decorators';
import type { AuthenticatedRequest } from './current-principal.decorator';
import { UserDirectory } from './user-directory.service';

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly users: UserDirectory,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
    if (!rule) throw new ProblemException(500, `route ${context.getClass().name}.${context.getHandler().name} declares no access rule`);
    if (rule.public) return true;

    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match) return this.unauthenticated(context, 'missing Bearer token');
    try {
      request.principal = await this.verifier.verify(match[1]);
    } catch (error) {
      if (error instanceof InvalidTokenError) return this.unauthenticated(context, error.message);
      throw error;
    }
    if (!rule.roles.includes(request.principal.role)) {
      throw new ProblemException(403, `role ${request.principal.role} may not ${request.method} ${request.route?.path ?? request.path}`);
    }
    await this.users.provision(request.principal);
    return true;
  }

  private unauthenticated(context: ExecutionContext, reason: string): never {
    context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="cmm-procedures"');
    throw new ProblemException(401, reason);
  }
}
