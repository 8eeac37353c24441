import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type Redis from 'ioredis';
import type { Logger } from 'nestjs-pino';
import { PROBLEM_CONTENT_TYPE, localeFrom, titleFor } from '../problem-details/problem-details';

const WINDOW_MS = 60_000;

/**
 * Count and expiry in one atomic command: MULTI/INCR/PEXPIRE/EXEC were four socket writes per
 * request, the API's costliest Redis work under load. The key outlives its window, then goes.
 * ioredis sends it as EVALSHA and loads the script again if Redis forgot it (NOSCRIPT).
 */
const COUNT_IN_WINDOW = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

type CountingRedis = Redis & { countInWindow(key: string, ttlMs: number): Promise<number> };

function withWindowCounter(redis: Redis): CountingRedis {
  const counting = redis as CountingRedis;
  if (typeof counting.countInWindow !== 'function') redis.defineCommand('countInWindow', { numberOfKeys: 1, lua: COUNT_IN_WINDOW });
  return counting;
}

/**
 * Fixed one-minute windows counted in Redis, so every API instance shares the count
 * (AgID ModI: X-RateLimit-* on every response, Retry-After on 429). A caller is its token
 * (hashed: a client cannot spend someone else's quota by naming their subject) or, without
 * one, its address. When Redis is away the API keeps serving: refusing everyone because the
 * counter is down would turn a cache outage into a full outage.
 */
export function rateLimiter(redis: Redis, limit: number, logger: Logger) {
  let warned = false;
  const counting = withWindowCounter(redis);
  return async (request: Request, response: Response, next: NextFunction): Promise<void> => {
    const token = request.headers.authorization;
    const client = token ? `t:${createHash('sha256').update(token).digest('base64url').slice(0, 22)}` : `ip:${request.ip}`;
    const now = Date.now();
    const window = Math.floor(now / WINDOW_MS);
    const resetSeconds = Math.ceil(((window + 1) * WINDOW_MS - now) / 1000);
    let count: number;
    try {
      if (redis.status === 'wait') await redis.connect();
      count = await counting.countInWindow(`rate-limit:${client}:${window}`, WINDOW_MS * 2);
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
