import { AsyncLocalStorage } from 'node:async_hooks';
import { nameBasedUuid } from '@cmm/persistence';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { InvalidParamsException } from '../problem-details/problem.exception';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

// Visible ASCII: long enough not to meet another by accident, plain enough for a Temporal Update id.
const ACCEPTABLE_KEY = /^[\x21-\x7e]{8,200}$/;

const storage = new AsyncLocalStorage<string>();

/**
 * A client that did not get the answer to an action (a cut connection, a 502 from the balancer)
 * sends it again with the same `Idempotency-Key`: the key becomes the workflow Update's id, so
 * Temporal applies the action once and answers the repeat with the first outcome. Without the
 * header every request is a new action. A malformed key is refused before anything runs,
 * whatever the route (starting a conference or an agreement uses the key too).
 */
export function idempotencyKeys(request: Request, _response: Response, next: NextFunction): void {
  const key = request.headers[IDEMPOTENCY_KEY_HEADER];
  if (key === undefined) return next();
  if (typeof key !== 'string' || !ACCEPTABLE_KEY.test(key))
    return next(
      new InvalidParamsException([
        {
          name: 'Idempotency-Key',
          rule: 'idempotencyKey',
          reason: { it: 'usare da 8 a 200 caratteri ASCII visibili', en: 'use 8 to 200 visible ASCII characters' },
        },
      ]),
    );
  storage.run(key, next);
}

/**
 * The Update id of an action: the request's key within `scope` (the action and who sends it: two
 * users' keys, or one key sent with two different actions, never meet), or a new id without one.
 */
export function actionUpdateId(scope: string): string {
  const key = storage.getStore();
  return key === undefined ? randomUUID() : `idempotency/${scope}/${key}`;
}

/**
 * The id of a case a request opens that has no business key of its own (a conference or an
 * agreement convened by an officer): derived from the client's key and its sender, so a request
 * repeated with the key meets the case the first one opened; a new id without a key.
 */
export function idempotentCaseId(namespace: string, sender: string): string {
  const key = storage.getStore();
  return key === undefined ? randomUUID() : nameBasedUuid(namespace, `${sender}|${key}`);
}
