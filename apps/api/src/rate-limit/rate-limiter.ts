import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type Redis from 'ioredis';
import type { Logger } from 'nestjs-pino';
import { PROBLEM_CONTENT_TYPE, localeFrom, titleFor } from '../problem-details/problem-details';

const WINDOW_MS = 60_000;

/**
 * Fixed one-minute windows counted in Redis, so every API instance shares the count
 * (AgID ModI: X-RateLimit-* on every response, Retry-After on 429). A caller is its token
 * (hashed: a client cannot spend someone else's quota by naming their subject) or, without
 * one, its address. When Redis is away the API keeps serving: refusing everyone because the
 * counter is down would turn a cache outage into a full outage.
 */
export function rateLimiter(redis: Redis, limit: number, logger: Logger) {
  let warned = false;
  return async (request: Request, response: Response, next: NextFunction): Promise<void> => {
    const token = request.headers.authorization;
    const client = token ? `t:${createHash('sha256').update(token).digest('base64url').slice(0, 22)}` : `ip:${request.ip}`;
    const now = Date.now();
    const window = Math.floor(now / WINDOW_MS);
    const resetSeconds = Math.ceil(((window + 1) * WINDOW_MS - now) / 1000);
    let count: number;
    try {
      if (redis.status === 'wait') await redis.connect();
      const key = `rate-limit:${client}:${window}`;
      const [[, counted]] = (await redis
        .multi()
        .incr(key)
        .pexpire(key, WINDOW_MS * 2)
        .exec()) as [[Error | null, number]];
      count = counted;
      warned = false;
    } catch (error) {
      if (!warned) logger.warn(`rate limiting suspended, Redis unavailable: ${(error as Error).message}`);
      warned = true;
      return next();
    }
    response.setHeader('X-RateLimit-Limit', String(limit));
    response.setHeader('X-RateLimit-Remaining', String(Math.max(0, limit - count)));
    response.setHeader('X-RateLimit-Reset', String(resetSeconds));
    if (count <= limit) return next();

    const locale = localeFrom(request.headers['accept-language']);
    response.setHeader('Retry-After', String(resetSeconds));
    response
      .status(429)
      .type(PROBLEM_CONTENT_TYPE)
      .send(
        JSON.stringify({
          type: 'about:blank',
          title: titleFor(429, locale),
          status: 429,
          detail: locale === 'en' ? `more than ${limit} requests per minute` : `più di ${limit} richieste al minuto`,
          instance: request.originalUrl,
        }),
      );
  };
}
