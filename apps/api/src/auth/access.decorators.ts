import { SetMetadata } from '@nestjs/common';
import type { Role } from '@cmm/auth';

export const ACCESS_RULE = 'cmm:access-rule';

export type AccessRule = { public: true } | { public: false; roles: readonly Role[] };

/**
 * Every route declares who may call it; a route without a rule is refused at run time
 * and fails the route-rules test, so forgetting one cannot open a hole.
 */
export const Allow = (...roles: Role[]) => SetMetadata(ACCESS_RULE, { public: false, roles } satisfies AccessRule);

/** Readable without authentication (status, OpenAPI, published acts). */
export const Public = () => SetMetadata(ACCESS_RULE, { public: true } satisfies AccessRule);
